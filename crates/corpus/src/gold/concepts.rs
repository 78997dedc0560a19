//! Names of one concept: a gold list written from the text says
//! "breathlessness" where the extractor names the concept "dyspnea". Two
//! names agree when the built-in lexicon lists both for one entry (a name,
//! alias or abbreviation of the same drug, analyte or term).

use std::collections::HashMap;
use std::sync::OnceLock;

use casecourse_knowledge::Lexicon;

use crate::normalize_name;

/// Words a visit is called by after its time ("the 12-month review").
const VISIT_HEADS: [&str; 10] = [
    "review",
    "visit",
    "follow up",
    "followup",
    "follow up visit",
    "follow up review",
    "check up",
    "checkup",
    "appointment",
    "follow up appointment",
];
/// Counts written as words in visit names ("one-year review").
const NUMBER_WORDS: [&str; 12] = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve",
];

/// Normalised names of the lexicon's concepts and of its routes.
pub(crate) struct Concepts {
    /// Normalised surface → the lexicon entries it names.
    entries: HashMap<String, Vec<u32>>,
    /// Normalised route name or surface (routes.toml) → its route.
    routes: HashMap<String, usize>,
    /// Frequency code, uppercased → administrations per day, for the
    /// codes of at most one a day (frequency.toml).
    intervals: HashMap<String, f64>,
    /// The concept of a clinic visit (the events entry of group "visit").
    visit: Vec<u32>,
}

impl Concepts {
    /// The concepts of the built-in lexicon (empty if it cannot load).
    pub(crate) fn builtin() -> &'static Concepts {
        static CELL: OnceLock<Concepts> = OnceLock::new();
        CELL.get_or_init(|| {
            Lexicon::builtin().map_or(
                Concepts {
                    entries: HashMap::new(),
                    routes: HashMap::new(),
                    intervals: HashMap::new(),
                    visit: Vec::new(),
                },
                Concepts::of,
            )
        })
    }

    fn of(lex: &Lexicon) -> Concepts {
        let mut map: HashMap<String, Vec<u32>> = HashMap::new();
        // One entry's name, aliases and abbreviations, under concept `id`.
        let mut add = |id: u32, name: &String, aliases: &[String], abbreviations: &[String]| {
            for n in std::iter::once(name).chain(aliases).chain(abbreviations) {
                let ids = map.entry(normalize_name(n)).or_default();
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        };
        let mut next = 0u32;
        let mut fresh = || {
            next += 1;
            next - 1
        };
        for d in &lex.drugs {
            add(fresh(), &d.name, &d.aliases, &d.abbreviations);
        }
        // A lung-function value in litres and the same value as a percent
        // of predicted are one concept ("FEV1 2.41 L" and "FEV1 78%"):
        // the lexicon gives the short names to the percent entry, and a
        // gold "FEV1" in litres names the litres entry. Value and unit
        // still tell the two apart.
        // The same for a differential count: "neutrophils 82%" names the
        // neutrophil percentage, "neutrophils 7.9" the count.
        let differential = |a: &casecourse_knowledge::Analyte| -> Option<String> {
            let stem = a.name.strip_suffix(" percentage")?;
            let count = format!("{stem} count");
            lex.analytes
                .iter()
                .any(|x| x.name == count)
                .then_some(count)
        };
        let mut bases: HashMap<String, u32> = HashMap::new();
        for a in &lex.analytes {
            let base = a
                .absolute_name()
                .map(str::to_string)
                .or_else(|| differential(a))
                .unwrap_or_else(|| a.name.clone());
            let id = *bases.entry(base).or_insert_with(&mut fresh);
            add(id, &a.name, &a.aliases, &a.abbreviations);
        }
        let tables = [
            &lex.antibodies,
            &lex.conditions,
            &lex.symptoms,
            &lex.findings,
            &lex.microbiology,
            &lex.imaging,
            &lex.procedures,
            &lex.oxygen,
            &lex.status,
            &lex.history,
        ];
        for t in tables.into_iter().flatten() {
            add(fresh(), &t.name, &t.aliases, &t.abbreviations);
        }
        let mut visit = Vec::new();
        for e in &lex.events {
            let id = fresh();
            if e.group.as_deref() == Some("visit") {
                visit.push(id);
            }
            add(id, &e.name, &e.aliases, &e.abbreviations);
        }
        let mut routes = HashMap::new();
        for (i, r) in lex.routes.iter().enumerate() {
            for n in std::iter::once(&r.name).chain(&r.surfaces) {
                routes.entry(normalize_name(n)).or_insert(i);
            }
        }
        let intervals = lex
            .frequencies
            .iter()
            .filter_map(|f| Some((f.code.to_ascii_uppercase(), f.per_day?)))
            .filter(|&(_, per_day)| per_day <= 1.0)
            .collect();
        Concepts {
            entries: map,
            routes,
            intervals,
            visit,
        }
    }

    /// Whether two frequency codes name one schedule: equal ignoring case,
    /// or one dose every so many days with the same interval ("QOD" and
    /// "Q48H", "QD" and "Q24H"). Twice daily and every 12 hours stay
    /// apart: the one is not bound to the clock.
    pub(crate) fn same_frequency(&self, a: &str, b: &str) -> bool {
        let (a, b) = (a.to_ascii_uppercase(), b.to_ascii_uppercase());
        a == b
            || matches!((self.intervals.get(&a), self.intervals.get(&b)),
                (Some(x), Some(y)) if (x - y).abs() < 1e-9)
    }

    /// Whether two normalised route names name one route.
    pub(crate) fn same_route(&self, a: &str, b: &str) -> bool {
        matches!((self.routes.get(a), self.routes.get(b)), (Some(x), Some(y)) if x == y)
    }

    /// Whether two normalised names are names of one lexicon entry.
    pub(crate) fn same(&self, a: &str, b: &str) -> bool {
        match (self.concepts_of(a), self.concepts_of(b)) {
            (Some(x), Some(y)) => x.iter().any(|i| y.contains(i)),
            _ => false,
        }
    }

    /// The concepts a normalised name names: its lexicon entries, or for a
    /// visit named by its time ("12 month review", "one year visit", "6
    /// month follow up"), the clinic visit. The time is the fact's time,
    /// compared on its own; "review", "visit" and "follow-up" alone name
    /// no lexicon entry, since the extractor cannot take the bare words for
    /// visits.
    fn concepts_of(&self, n: &str) -> Option<&[u32]> {
        if let Some(ids) = self.entries.get(n) {
            return Some(ids);
        }
        let mut words = n.splitn(3, ' ');
        let (count, unit, rest) = (words.next()?, words.next()?, words.next()?);
        let counted = count.bytes().all(|b| b.is_ascii_digit()) || NUMBER_WORDS.contains(&count);
        let unit = unit.strip_suffix('s').unwrap_or(unit);
        let names_visit = VISIT_HEADS.contains(&rest)
            || self
                .entries
                .get(rest)
                .is_some_and(|ids| ids.iter().any(|i| self.visit.contains(i)));
        (counted
            && ["day", "week", "wk", "month", "mo", "year", "yr"].contains(&unit)
            && names_visit)
            .then_some(self.visit.as_slice())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_dose_every_so_many_days_agrees_with_its_interval() {
        let c = Concepts::builtin();
        assert!(c.same_frequency("QOD", "Q48H"));
        assert!(c.same_frequency("qd", "Q24H"));
        assert!(c.same_frequency("BID", "bid"));
        assert!(!c.same_frequency("BID", "Q12H"));
        assert!(!c.same_frequency("QOD", "QD"));
    }

    #[test]
    fn spellings_of_one_route_agree() {
        let c = Concepts::builtin();
        assert!(c.same_route("nebulised", "nebulized"));
        assert!(c.same_route("iv", "intravenous"));
        assert!(!c.same_route("oral", "intravenous"));
    }

    #[test]
    fn a_differential_percentage_is_named_as_its_cells() {
        let c = Concepts::builtin();
        assert!(c.same("neutrophils", "neutrophil percentage"));
        assert!(c.same("lymphocytes", "lymphocyte percentage"));
        assert!(!c.same("neutrophils", "lymphocyte percentage"));
    }

    #[test]
    fn synonyms_of_one_entry_agree_and_others_do_not() {
        let c = Concepts::builtin();
        let n = |s: &str| normalize_name(s);
        assert!(c.same(&n("breathlessness"), &n("dyspnea")));
        assert!(c.same(&n("MMF"), &n("mycophenolate mofetil")));
        assert!(!c.same(&n("fever"), &n("dyspnea")));
        assert!(!c.same(&n("no such thing"), &n("no such thing either")));
        // Litres and percent predicted of one lung-function value.
        assert!(c.same(&n("FEV1"), &n("forced expiratory volume in 1 second")));
        assert!(!c.same(&n("FEV1"), &n("forced vital capacity")));
    }

    #[test]
    fn a_visit_named_by_its_time_is_a_clinic_visit() {
        let c = Concepts::builtin();
        let n = |s: &str| normalize_name(s);
        for name in [
            "12-month review",
            "one-year visit",
            "6-month follow-up",
            "1-year follow-up visit",
        ] {
            assert!(c.same(&n(name), &n("clinic visit")), "{name}");
        }
        assert!(!c.same(&n("6-week postpartum visit"), &n("clinic visit")));
        assert!(!c.same(&n("12-month review"), &n("admission")));
        assert!(!c.same(&n("review"), &n("clinic visit")));
    }
}
