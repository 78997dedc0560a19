//! Comparing one gold fact with one extracted row, field by field.

use casecourse_model::{Comparator, FlatFact, Value};

use super::load::GoldFact;
use crate::normalize_name;

/// Relative tolerance of numbers (value, dose, flow, FiO2).
const NUMBER_TOLERANCE: f64 = 1e-6;
/// Smallest time tolerance, in weeks.
const MIN_WEEK_TOLERANCE: f64 = 0.5;
/// Time tolerance as a fraction of the gold time.
const RELATIVE_WEEK_TOLERANCE: f64 = 0.1;

/// One field that differs: which, and both sides as text.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldDiff {
    /// Field name (gold-list column).
    pub field: String,
    /// The gold side.
    pub gold: String,
    /// The extracted side (empty when absent).
    pub extracted: String,
}

/// The outcome of comparing a gold fact with a row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Comparison {
    /// Required fields that disagree: any makes the pair a non-match.
    pub failures: Vec<FieldDiff>,
    /// Soft fields that disagree: reported, not required.
    pub soft: Vec<FieldDiff>,
    /// Sum of the time differences, in weeks (ranks candidates).
    pub time_distance: f64,
}

impl Comparison {
    pub fn matches(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Numbers agree within `1e-6 * max(1, |gold|)`.
pub(crate) fn numbers_agree(extracted: f64, gold: f64) -> bool {
    (extracted - gold).abs() <= NUMBER_TOLERANCE * gold.abs().max(1.0)
}

/// A gold list may split a name over `name` and `qualifier` ("troponin",
/// qualified "high-sensitivity troponin T"): an extracted name that starts
/// with the gold name and is written whole in its qualifier names the
/// same thing ("troponin T").
fn qualified_name(g: &FlatFact, row_name: &str) -> bool {
    let Some(q) = g.qualifier.as_deref() else {
        return false;
    };
    let (name, q) = (normalize_name(&g.name), format!(" {} ", normalize_name(q)));
    row_name.len() > name.len()
        && row_name.starts_with(&format!("{name} "))
        && q.contains(&format!(" {row_name} "))
}

/// A test result in its normal form: the words by which a test reports
/// finding nothing ("not detected", "no growth", "undetectable",
/// "non-reactive", "absent") all read as "negative", the interpretation
/// code they share (HL7 v3 ObservationInterpretation NEG). Other results
/// are compared as written.
fn normalize_result(r: &str) -> String {
    let n = normalize_name(r);
    match n.as_str() {
        "not detected" | "no growth" | "undetectable" | "non reactive" | "nonreactive"
        | "absent" | "neg" => "negative".into(),
        _ => n,
    }
}

/// Whether a gold fact of kind `gold` and a row of kind `row` are one
/// test reported under either kind: a serology or PCR for an infection
/// ("hepatitis B surface antigen negative", "CMV PCR not detected") is a
/// laboratory test and a microbiological one, and gold lists written by
/// different hands file it under either. The kind difference is then soft,
/// and a qualitative `value` stands for a `result` and back.
fn one_test_family(gold: &str, row: &str) -> bool {
    let test = |k: &str| k == "lab" || k == "microbiology";
    gold != row && test(gold) && test(row)
}

/// Whether a qualitative `result` says what a gold or extracted `value`
/// says ("not detected" and "negative" are one result).
fn results_agree(result: Option<&str>, value: &Value) -> bool {
    let Value::Text(v) = value else { return false };
    result.is_some_and(|r| normalize_result(r) == normalize_result(v))
}

/// Whether two UCUM codes name the same unit as written. UCUM defines the
/// international unit twice, as `[iU]` and `[IU]` (UCUM specification,
/// table of arbitrary units), so "[IU]/mL" and "[iU]/mL" are one unit.
/// For a drug's dose (`dose`), a text's "units" is also read as `U` by
/// some gold lists and as `[iU]` by others: insulin and heparin doses in
/// "units" are international units (WHO international standards), so the
/// two spellings are one unit there. A result in "U/mL" (an assay's own
/// units) stays apart from one in "[iU]/mL" (calibrated to a WHO
/// standard). Every other code is compared exactly, case included ("mg"
/// is not "Mg").
fn same_unit(a: &str, b: &str, dose: bool) -> bool {
    let iu = |u: &str| u.replace("[IU]", "[iU]");
    let units = |u: &str| iu(u).replace("[iU]", "U");
    a == b || iu(a) == iu(b) || dose && units(a) == units(b)
}

/// Time tolerance for a gold time of `gold` weeks: `max(0.5, 10% of |gold|)`.
pub(crate) fn week_tolerance(gold: f64) -> f64 {
    MIN_WEEK_TOLERANCE.max(RELATIVE_WEEK_TOLERANCE * gold.abs())
}

fn weeks_agree(extracted: f64, gold: f64) -> bool {
    (extracted - gold).abs() <= week_tolerance(gold) + 1e-9
}

fn show<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn show_value(v: &Option<Value>) -> String {
    match v {
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Text(t)) => t.clone(),
        None => String::new(),
    }
}

fn values_agree(extracted: &Value, gold: &Value) -> bool {
    match (extracted, gold) {
        (Value::Number(a), Value::Number(b)) => numbers_agree(*a, *b),
        (Value::Text(a), Value::Text(b)) => normalize_name(a) == normalize_name(b),
        (Value::Text(t), Value::Number(n)) | (Value::Number(n), Value::Text(t)) => {
            t.trim().parse::<f64>().is_ok_and(|x| numbers_agree(x, *n))
        }
    }
}

/// A bound written as text ("<1") as its number; other values unchanged.
fn plain(v: &Value) -> Value {
    match v {
        Value::Text(t) => Comparator::split(t).map_or_else(|| v.clone(), |(_, n)| Value::Number(n)),
        Value::Number(_) => v.clone(),
    }
}

/// Both sides state the same comparator ("<1" against `<` 1), or neither.
fn bounds_agree(row: &FlatFact, rv: &Value, gold: &FlatFact, gv: &Value) -> bool {
    let of = |r: &FlatFact, v: &Value| {
        r.comparator
            .as_deref()
            .and_then(Comparator::parse)
            .or(match v {
                Value::Text(t) => Comparator::split(t).map(|(c, _)| c),
                Value::Number(_) => None,
            })
    };
    of(row, rv) == of(gold, gv)
}

struct Diffs<'a> {
    gold: &'a FlatFact,
    row: &'a FlatFact,
    out: Comparison,
}

impl Diffs<'_> {
    fn push(&mut self, soft: bool, field: &str, gold: String, extracted: String) {
        let d = FieldDiff {
            field: field.to_string(),
            gold,
            extracted,
        };
        if soft {
            self.out.soft.push(d);
        } else {
            self.out.failures.push(d);
        }
    }

    fn number(&mut self, soft: bool, field: &str, get: fn(&FlatFact) -> Option<f64>) {
        if let Some(g) = get(self.gold) {
            let e = get(self.row);
            if !e.is_some_and(|e| numbers_agree(e, g)) {
                self.push(soft, field, g.to_string(), show(&e));
            }
        }
    }

    fn text(&mut self, soft: bool, field: &str, get: fn(&FlatFact) -> &Option<String>) {
        if let Some(g) = get(self.gold) {
            let e = get(self.row);
            if e.as_deref()
                .is_none_or(|e| normalize_name(e) != normalize_name(g))
            {
                self.push(soft, field, g.clone(), show(e));
            }
        }
    }

    /// A point in time; a start (end) reading of the same week is accepted
    /// and reported as a soft difference.
    fn week(&mut self, field: &str, get: fn(&FlatFact) -> Option<f64>, alts: &[(&str, AltGet)]) {
        let Some(g) = get(self.gold) else { return };
        if let Some(e) = get(self.row)
            && weeks_agree(e, g)
        {
            self.out.time_distance += (e - g).abs();
            return;
        }
        for (alt_field, alt) in alts {
            if let Some(e) = alt(self.row).filter(|e| weeks_agree(*e, g)) {
                self.out.time_distance += (e - g).abs();
                self.push(
                    true,
                    "time reading",
                    format!("{field} {g}"),
                    format!("{alt_field} {e}"),
                );
                return;
            }
        }
        let e = get(self.row);
        self.push(false, field, g.to_string(), show(&e));
    }
}

type AltGet = fn(&FlatFact) -> Option<f64>;

/// Compares `gold` with the extracted `row`; `names` are the gold name and
/// its aka, normalised.
pub(crate) fn compare(gold: &GoldFact, names: &[String], row: &FlatFact) -> Comparison {
    let g = &gold.row;
    let mut d = Diffs {
        gold: g,
        row,
        out: Comparison::default(),
    };
    let test_kinds = one_test_family(&g.kind, &row.kind);
    if g.kind != row.kind {
        d.push(test_kinds, "kind", g.kind.clone(), row.kind.clone());
    }
    let row_name = normalize_name(&row.name);
    let concepts = super::concepts::Concepts::builtin();
    if !names.contains(&row_name)
        && !names.iter().any(|n| concepts.same(n, &row_name))
        && !qualified_name(g, &row_name)
    {
        d.push(false, "name", g.name.clone(), row.name.clone());
    }
    if g.negated != row.negated {
        d.push(
            false,
            "negated",
            g.negated.to_string(),
            row.negated.to_string(),
        );
    }
    if let Some(gv) = &g.value
        && !row
            .value
            .as_ref()
            .is_some_and(|e| bounds_agree(row, e, g, gv) && values_agree(&plain(e), &plain(gv)))
        && !(test_kinds && results_agree(row.result.as_deref(), gv))
    {
        let shown = |r: &FlatFact| {
            format!(
                "{}{}",
                r.comparator.as_deref().unwrap_or(""),
                show_value(&r.value)
            )
        };
        d.push(false, "value", shown(g), shown(row));
    }
    if let Some(u) = &g.unit
        && !row
            .unit
            .as_deref()
            .is_some_and(|e| same_unit(e, u, g.kind == "medication"))
    {
        d.push(false, "unit", u.clone(), show(&row.unit));
    }
    if let Some(g_result) = &g.result
        && row
            .result
            .as_deref()
            .is_none_or(|e| normalize_result(e) != normalize_result(g_result))
        && !(test_kinds
            && row
                .value
                .as_ref()
                .is_some_and(|v| results_agree(Some(g_result), v)))
    {
        d.push(false, "result", g_result.clone(), show(&row.result));
    }
    d.number(false, "dose", |r| r.dose);
    if let Some(words) = &gold.dose_words {
        let ok = row
            .dose_text
            .as_deref()
            .is_some_and(|e| normalize_name(e) == normalize_name(words));
        if !ok {
            d.push(false, "dose", words.clone(), show(&row.dose_text));
        }
    }
    if let Some(f) = &g.frequency
        && !row
            .frequency
            .as_deref()
            .is_some_and(|e| concepts.same_frequency(e, f))
    {
        d.push(false, "frequency", f.clone(), show(&row.frequency));
    }
    // "nebulised" and "nebulized", "IV" and "intravenous": one route.
    if let Some(g_route) = &g.route
        && !row.route.as_deref().is_some_and(|e| {
            let (e, gr) = (normalize_name(e), normalize_name(g_route));
            e == gr || concepts.same_route(&e, &gr)
        })
    {
        d.push(false, "route", g_route.clone(), show(&row.route));
    }
    d.number(false, "flow", |r| r.flow);
    d.number(false, "fio2", |r| r.fio2);
    d.week(
        "week",
        |r| r.week,
        &[
            ("start_week", |r| r.start_week),
            ("end_week", |r| r.end_week),
        ],
    );
    d.week("start_week", |r| r.start_week, &[("week", |r| r.week)]);
    d.week("end_week", |r| r.end_week, &[("week", |r| r.week)]);
    d.week("week_before", |r| r.week_before, &[]);
    d.week("week_after", |r| r.week_after, &[]);
    d.week("onset_week", |r| r.onset_week, &[]);
    if let Some([a, b]) = g.week_between {
        match row.week_between {
            Some([x, y]) if weeks_agree(x, a) && weeks_agree(y, b) => {
                d.out.time_distance += (x - a).abs() + (y - b).abs();
            }
            None if row.week.is_some_and(|w| {
                w >= a - week_tolerance(a) - 1e-9 && w <= b + week_tolerance(b) + 1e-9
            }) =>
            {
                let w = row.week.unwrap_or(a);
                d.out.time_distance += (w - a).abs();
                d.push(
                    true,
                    "time reading",
                    format!("week_between {a}..{b}"),
                    format!("week {w}"),
                );
            }
            other => d.push(
                false,
                "week_between",
                format!("{a}..{b}"),
                other.map(|[x, y]| format!("{x}..{y}")).unwrap_or_default(),
            ),
        }
    }
    soft_fields(&mut d);
    d.out
}

fn soft_fields(d: &mut Diffs<'_>) {
    d.text(true, "site", |r| &r.site);
    d.text(true, "impression", |r| &r.impression);
    d.text(true, "status", |r| &r.status);
    d.text(true, "strength", |r| &r.strength);
    d.text(true, "flag", |r| &r.flag);
    d.text(true, "indication", |r| &r.indication);
    d.text(true, "response", |r| &r.response);
    d.text(true, "duration", |r| &r.duration);
    d.number(true, "duration_days", |r| r.duration_days);
    d.text(true, "qualifier", |r| &r.qualifier);
    d.text(true, "dose_text", |r| &r.dose_text);
    d.text(true, "titre", |r| &r.titre);
    d.text(true, "device", |r| &r.device);
    d.text(true, "flow_unit", |r| &r.flow_unit);
    d.text(true, "date", |r| &r.date);
    d.text(true, "certainty", |r| &r.certainty);
    d.text(true, "experiencer", |r| &r.experiencer);
    let found: Vec<String> = d.row.findings.iter().map(|f| normalize_name(f)).collect();
    let missing: Vec<&String> = d
        .gold
        .findings
        .iter()
        .filter(|f| !found.contains(&normalize_name(f)))
        .collect();
    if !missing.is_empty() {
        let gold = missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let extracted = d.row.findings.join("; ");
        d.push(true, "findings", gold, extracted);
    }
}

/// How alike two names are: the share of normalised words in common
/// (Jaccard), to pick the closest candidate for a miss.
pub(crate) fn name_similarity(a: &str, b: &str) -> f64 {
    let a = normalize_name(a);
    let b = normalize_name(b);
    let wa: std::collections::BTreeSet<&str> = a.split(' ').filter(|w| !w.is_empty()).collect();
    let wb: std::collections::BTreeSet<&str> = b.split(' ').filter(|w| !w.is_empty()).collect();
    let union = wa.union(&wb).count();
    if union == 0 {
        return 0.0;
    }
    wa.intersection(&wb).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_tolerance_is_relative_above_one() {
        // 1e-6 * max(1, |b|): at b = 1000 the tolerance is 0.001.
        assert!(numbers_agree(1000.0009, 1000.0));
        assert!(!numbers_agree(1000.0011, 1000.0));
        // Below 1 it is absolute 1e-6.
        assert!(numbers_agree(0.5000009, 0.5));
        assert!(!numbers_agree(0.5000011, 0.5));
    }

    #[test]
    fn a_name_split_over_name_and_qualifier_agrees_with_the_whole_name() {
        let gold = FlatFact {
            name: "troponin".into(),
            qualifier: Some("high-sensitivity troponin T".into()),
            ..FlatFact::default()
        };
        assert!(qualified_name(&gold, "troponin t"));
        assert!(!qualified_name(&gold, "troponin i"));
        assert!(!qualified_name(&gold, "troponin"));
    }

    #[test]
    fn results_that_found_nothing_are_negative() {
        assert_eq!(normalize_result("No growth"), "negative");
        assert_eq!(normalize_result("not detected"), "negative");
        assert_eq!(normalize_result("negative"), "negative");
        assert_eq!(normalize_result("Non-reactive"), "negative");
        // Anything more is compared as written.
        assert_ne!(normalize_result("no growth at 48 h"), "negative");
        assert_ne!(normalize_result("positive"), "negative");
    }

    #[test]
    fn the_two_ucum_codes_of_the_international_unit_agree() {
        assert!(same_unit("[IU]/mL", "[iU]/mL", false));
        assert!(same_unit("m[iU]/L", "m[IU]/L", false));
        assert!(same_unit("U/mL", "U/mL", false));
        assert!(!same_unit("U/mL", "[iU]/mL", false));
        assert!(!same_unit("mg", "Mg", false));
        // A dose in "units" is one in international units.
        assert!(same_unit("U", "[iU]", true));
        assert!(same_unit("U/kg", "[IU]/kg", true));
        assert!(!same_unit("mg", "[iU]", true));
    }

    #[test]
    fn week_tolerance_is_half_a_week_or_ten_percent() {
        assert_eq!(week_tolerance(0.0), 0.5);
        assert_eq!(week_tolerance(4.0), 0.5);
        // 10% of 12 = 1.2 weeks.
        assert!((week_tolerance(-12.0) - 1.2).abs() < 1e-12);
        assert!(weeks_agree(13.2, 12.0));
        assert!(!weeks_agree(13.3, 12.0));
        assert!(weeks_agree(4.5, 4.0));
        assert!(!weeks_agree(4.51, 4.0));
    }
}
