//! After reading: merge restatements, report contradictions, close open
//! time intervals, and tell each drug's story as an episode.

use casecourse_knowledge::Lexicon;
use casecourse_model::{
    Certainty, DoseAction, DoseStep, Fact, Kind, MedicationEpisode, Origin, Relation, Value,
    Warning,
};

use crate::build::imaging::CONTINUATION;
use crate::build::oxygen::{GENERAL as GENERIC_OXYGEN, SUPPORT_STOPPED};
use crate::chains::Chains;
use crate::doc::Doc;
use crate::fasthash::{FxHashMap, FxHashSet};

/// Days within which two restatements of a fact count as the same moment.
const SAME_MOMENT_DAYS: f64 = 3.5;

/// Cleans the raw facts of `doc` (spans still folded).
pub fn reconcile(doc: &Doc, facts: &mut Vec<Fact>, warnings: &mut Vec<Warning>) {
    // Captions restate the text; only their values and doses can add to it
    // (or contradict it, which is reported).
    facts.retain(|f| {
        f.origin != Origin::Caption
            || matches!(
                f.kind,
                Kind::Medication | Kind::Lab | Kind::Vital | Kind::Pft | Kind::Antibody
            )
    });
    merge_imaging_continuations(facts);
    merge_oxygen_restatements(facts);
    close_oxygen_steps(facts);
    close_open_intervals(facts);
    close_at_discharge(facts);
    keep_patient_statements(doc, facts);
    merge_restatements(doc, facts, warnings);
    comorbidities_are_history(facts);
    first_demographics_only(facts);
    dated_complaints_are_onsets(doc, facts);
    one_route_per_drug(doc.lex, facts);
}

/// A drug the text gives by one route only ("IV methylprednisolone 500 mg
/// daily", later "methylprednisolone 500 mg daily for 3 days") is given
/// by that route where a mention leaves it out. A drug given by two routes
/// (intravenous, then oral) is left alone; a negated mention ("no IV
/// iron") gives no route, nor does a procedural one (intrathecal
/// methotrexate: the weekly doses are oral or subcutaneous).
fn one_route_per_drug(lex: &Lexicon, facts: &mut [Fact]) {
    // Drug name -> its one route, or None once a second is seen.
    let mut routes: FxHashMap<&str, Option<&str>> = FxHashMap::default();
    for f in facts
        .iter()
        .filter(|f| f.kind == Kind::Medication && !f.negated)
    {
        let Some(route) = f.dosage.as_ref().and_then(|d| d.route.as_deref()) else {
            continue;
        };
        let procedural = lex.routes.iter().any(|r| r.procedural && r.name == route);
        routes
            .entry(f.name.as_str())
            .and_modify(|r| {
                if *r != Some(route) {
                    *r = None;
                }
            })
            .or_insert((!procedural).then_some(route));
    }
    let routes: FxHashMap<String, String> = routes
        .into_iter()
        .filter_map(|(name, r)| Some((name.to_string(), r?.to_string())))
        .collect();
    for f in facts.iter_mut().filter(|f| f.kind == Kind::Medication) {
        if let (Some(route), Some(d)) = (routes.get(&f.name), f.dosage.as_mut())
            && d.route.is_none()
        {
            d.route = Some(route.clone());
        }
    }
}

/// A complaint dated before day 0 by a sentence that says it began ("in
/// October 2020 she began to notice breathlessness", "two weeks before
/// admission she developed a rash") dates its onset: the complaint went
/// on from then. Without such a verb it is what the patient had then
/// ("8 months ago she presented with cough").
fn dated_complaints_are_onsets(doc: &Doc, facts: &mut [Fact]) {
    for f in facts.iter_mut() {
        let Some(at) = f.spans.first().map(|s| s.start) else {
            continue;
        };
        let t = &mut f.time;
        // The sentence's cues are looked at only for a complaint dated
        // before day 0 (most facts are not).
        let dated_complaint = f.kind == Kind::Symptom
            && !f.negated
            && t.relation == Relation::At
            && t.end_day.is_none()
            && t.day.is_some_and(|d| d < 0.0);
        if !dated_complaint {
            continue;
        }
        let i = doc.sentences.partition_point(|s| s.end <= at);
        let began = doc
            .sentences
            .get(i)
            .is_some_and(|s| doc.has_cue_in("onset", s.start, s.end));
        if began {
            t.relation = Relation::Onset;
        }
    }
}

fn merge_imaging_continuations(facts: &mut Vec<Fact>) {
    // Most texts have none: then the list stays as it is, unmoved.
    if !facts
        .iter()
        .any(|f| f.kind == Kind::Imaging && f.name == CONTINUATION)
    {
        return;
    }
    // Each continuation gives its words to the study before it, in place;
    // then one pass drops the continuations (removing each at once would
    // move every later fact, quadratic on long inputs, and a new list
    // moved every fact).
    let continuation = |f: &Fact| f.kind == Kind::Imaging && f.name == CONTINUATION;
    let mut last_imaging: Option<usize> = None;
    for i in 0..facts.len() {
        if !continuation(&facts[i]) {
            if facts[i].kind == Kind::Imaging {
                last_imaging = Some(i);
            }
            continue;
        }
        let Some(prev) = last_imaging else {
            continue;
        };
        let (before, rest) = facts.split_at_mut(i);
        let (prev, f) = (&mut before[prev], &mut rest[0]);
        let add = f.impression.take().unwrap_or_default();
        prev.impression = Some(match prev.impression.take() {
            Some(p) if !p.is_empty() => format!("{p}; {add}"),
            _ => add,
        });
        prev.spans.append(&mut f.spans);
        prev.parts.append(&mut f.parts);
    }
    facts.retain(|f| !continuation(f));
}

/// "Discharged on supplemental oxygen at 3 L/min. He continued home oxygen
/// for 2 months": one oxygen episode told twice. Oxygen facts at the same
/// moment whose settings do not conflict merge; the more specific device
/// name wins over the generic "supplemental oxygen".
fn merge_oxygen_restatements(facts: &mut Vec<Fact>) {
    const GENERIC: &str = "supplemental oxygen";
    // A merge needs two oxygen facts; without them the list stays unmoved.
    if facts
        .iter()
        .filter(|f| f.kind == Kind::Oxygen)
        .nth(1)
        .is_none()
    {
        return;
    }
    // Merged in place, the merged facts dropped at the end in one pass (a
    // new list moved every fact).
    let mut keep = vec![true; facts.len()];
    // Kept oxygen facts, so each new one is compared with those only.
    let mut oxygen: Vec<usize> = Vec::new();
    for (i, keep_i) in keep.iter_mut().enumerate() {
        let (kept, rest) = facts.split_at_mut(i);
        let b = &mut rest[0];
        let j = (b.kind == Kind::Oxygen)
            .then(|| {
                oxygen.iter().rev().copied().find(|&j| {
                    let a = &kept[j];
                    a.negated == b.negated
                        && a.time.relation == b.time.relation
                        && a.time.day == b.time.day
                        && compatible(a, b)
                })
            })
            .flatten();
        let Some(j) = j else {
            if b.kind == Kind::Oxygen {
                oxygen.push(i);
            }
            continue;
        };
        *keep_i = false;
        let a = &mut kept[j];
        if a.name == GENERIC && b.name != GENERIC {
            a.name = b.name.clone();
        }
        let (oa, ob) = (
            a.oxygen.get_or_insert_with(Default::default),
            b.oxygen.take().unwrap_or_default(),
        );
        oa.flow = oa.flow.or(ob.flow);
        oa.flow_unit = oa.flow_unit.take().or(ob.flow_unit);
        oa.fio2 = oa.fio2.or(ob.fio2);
        oa.device = oa.device.take().or(ob.device);
        if a.time.duration.is_none() {
            a.time.duration = b.time.duration.take();
        }
        a.spans.append(&mut b.spans);
        a.parts.append(&mut b.parts);
    }
    let mut it = keep.into_iter();
    facts.retain(|_| it.next().unwrap_or(true));
}

/// Oxygen support is a sequence of steps: "high-flow nasal oxygen 50
/// L/min ... on day 9 nasal cannula 2 L/min ... room air on day 13". A
/// step told at one time ends when the narrative next names another
/// support at a later time, or earlier where the text stops it ("HFNC was
/// discontinued on day 15"; "supplemental oxygen was discontinued" stops
/// every support). Room air is where a sequence ends, so it has no end of
/// its own.
fn close_oxygen_steps(facts: &mut [Fact]) {
    let step = |f: &Fact| {
        f.kind == Kind::Oxygen
            && !f.negated
            && f.origin == Origin::Body
            && f.time.relation == Relation::At
            && f.time.day.is_some()
    };
    let stops: Vec<(&str, Option<&str>, f64)> = facts
        .iter()
        .filter(|f| f.kind == Kind::Oxygen && f.note.as_deref() == Some(SUPPORT_STOPPED))
        .filter(|f| f.time.relation == Relation::At)
        .filter_map(|f| Some((f.name.as_str(), device_of(f), f.time.day?)))
        .collect();
    // The first stop after `start` of the support `f` names; a stop of
    // all oxygen only when none names it ("taken off mechanical
    // ventilation on day 40" ends the ventilation, not an earlier "oxygen
    // therapy was stopped").
    let stop_of = |f: &Fact, start: f64| {
        let first = |own: bool| {
            stops
                .iter()
                .filter(|&&(name, device, day)| {
                    let names_it =
                        name == f.name || device.is_some_and(|d| Some(d) == device_of(f));
                    day > start && (names_it == own) && (own || name == GENERIC_OXYGEN)
                })
                .map(|s| s.2)
                .min_by(f64::total_cmp)
        };
        first(true).or_else(|| first(false))
    };
    let stopped_at: Vec<Option<f64>> = facts
        .iter()
        .map(|f| f.time.day.filter(|_| step(f)).and_then(|d| stop_of(f, d)))
        .collect();
    let steps: Vec<usize> = (0..facts.len()).filter(|&i| step(&facts[i])).collect();
    for (k, &i) in steps.iter().enumerate() {
        let f = &facts[i];
        let room_air = f.oxygen.as_ref().and_then(|o| o.device.as_deref()) == Some("room-air");
        if room_air || f.time.end_day.is_some() {
            continue;
        }
        let start = f.time.day.unwrap_or(0.0);
        let next = steps[k + 1..]
            .iter()
            .map(|&j| &facts[j])
            .filter(|g| !compatible(f, g) || g.name != f.name)
            .filter_map(|g| g.time.day)
            .find(|&d| d > start);
        facts[i].time.end_day = match (next, stopped_at[i]) {
            (Some(n), Some(s)) => Some(n.min(s)),
            (n, s) => n.or(s),
        };
    }
}

/// The kind of device of an oxygen fact (`high-flow`, `invasive`,
/// `ecmo`...), which names its support whatever the words.
fn device_of(f: &Fact) -> Option<&str> {
    f.oxygen.as_ref().and_then(|o| o.device.as_deref())
}

/// Two oxygen statements that cannot be the same support: different flows,
/// FiO2 or kinds of device.
fn compatible(a: &Fact, b: &Fact) -> bool {
    let (oa, ob) = (
        a.oxygen.clone().unwrap_or_default(),
        b.oxygen.clone().unwrap_or_default(),
    );
    let same = |x: Option<f64>, y: Option<f64>| x.zip(y).is_none_or(|(x, y)| (x - y).abs() < 1e-9);
    // Two named devices ("24% Venturi, then nasal prongs") are two steps;
    // a generic "oxygen" restates whichever device is named.
    const GENERIC: &str = "supplemental oxygen";
    let one_device = a.name == b.name || a.name == GENERIC || b.name == GENERIC;
    one_device
        && same(oa.flow, ob.flow)
        && same(oa.fio2, ob.fio2)
        && oa.device.zip(ob.device).is_none_or(|(x, y)| x == y)
}

/// A dose given "until discharge" ends on the first discharge at or after
/// its start; with no dated discharge its end stays unknown.
fn close_at_discharge(facts: &mut [Fact]) {
    let discharges: Vec<f64> = facts
        .iter()
        .filter(|f| f.kind == Kind::Event && f.name == "discharge" && !f.negated)
        .filter_map(|f| f.time.day)
        .collect();
    for f in facts.iter_mut() {
        let open = f.time.relation == Relation::At && f.time.end_day.is_none();
        if !open || f.note.as_deref() != Some(crate::build::medication_until_discharge()) {
            continue;
        }
        let start = f.time.day.unwrap_or(0.0);
        f.time.end_day = discharges
            .iter()
            .copied()
            .filter(|&d| d >= start)
            .min_by(f64::total_cmp);
    }
}

/// A taper "until the next time point" ends where the narrative next
/// names a later time.
fn close_open_intervals(facts: &mut [Fact]) {
    for i in 0..facts.len() {
        if facts[i].note.as_deref() != Some(crate::build::medication_open_end()) {
            continue;
        }
        let start = facts[i].time.start_day.unwrap_or(0.0);
        let next = facts[i + 1..]
            .iter()
            .filter(|f| f.origin == Origin::Body && f.time.relation == Relation::At)
            .filter_map(|f| f.time.day)
            .find(|&d| d > start);
        facts[i].time.end_day = next;
        if next.is_some() {
            facts[i].note =
                Some("end of a taper: between the start and the next stated time point".into());
        }
    }
}

/// Discussion and abstract sentences restate the case; a fact from them
/// stays only when it adds a value the case text does not have and the
/// sentence speaks of this patient.
fn keep_patient_statements(doc: &Doc, facts: &mut Vec<Fact>) {
    // Only discussion and abstract facts can go; most texts have none.
    if !facts
        .iter()
        .any(|f| matches!(f.origin, Origin::Discussion | Origin::Abstract))
    {
        return;
    }
    let mut body: FxHashMap<(Kind, &str), Vec<usize>> = FxHashMap::default();
    for (i, f) in facts.iter().enumerate() {
        if matches!(f.origin, Origin::Body | Origin::Table) {
            body.entry((f.kind, f.name.as_str())).or_default().push(i);
        }
    }
    let keep: Vec<bool> = facts
        .iter()
        .map(|f| {
            if !matches!(f.origin, Origin::Discussion | Origin::Abstract) {
                return true;
            }
            let informative = f.value.is_some()
                || f.result.is_some()
                || f.dosage.as_ref().is_some_and(|d| d.dose.is_some());
            let placed = f.time.relation != Relation::Unknown;
            let about_patient = f
                .spans
                .first()
                .is_some_and(|s| speaks_of_patient(doc, s.start));
            let known = body
                .get(&(f.kind, f.name.as_str()))
                .is_some_and(|ix| ix.iter().any(|&b| same_fact(&facts[b], f)));
            informative && placed && about_patient && !known
        })
        .collect();
    let mut it = keep.into_iter();
    facts.retain(|_| it.next().unwrap_or(true));
}

fn speaks_of_patient(doc: &Doc, pos: usize) -> bool {
    let i = doc.sentences.partition_point(|s| s.end <= pos);
    if doc.sentences.get(i).is_none_or(|s| s.start > pos) {
        return false;
    }
    doc.sentence_has_cue(i, "patient-reference")
}

/// Same kind, name and moment, no disagreement in value, and not at two
/// different sites.
fn same_fact(a: &Fact, b: &Fact) -> bool {
    a.kind == b.kind
        && a.name == b.name
        && a.negated == b.negated
        && same_moment(a, b)
        && !disagree(a, b)
        && !other_sites(a, b)
}

fn same_moment(a: &Fact, b: &Fact) -> bool {
    match (a.time.anchor_day(), b.time.anchor_day()) {
        (Some(x), Some(y)) => (x - y).abs() <= SAME_MOMENT_DAYS,
        (None, None) => true,
        _ => false,
    }
}

/// For a caption's medication: the latest statement of the main text among
/// `ix` at or before it, when that statement sets the same dose and
/// frequency (and is not a stop).
fn regimen_in_effect(kept: &[Fact], ix: impl Iterator<Item = usize>, f: &Fact) -> Option<usize> {
    if f.origin != Origin::Caption || f.kind != Kind::Medication {
        return None;
    }
    let day = f.time.anchor_day()?;
    let j = ix
        .filter(|&j| kept[j].origin != Origin::Caption)
        .filter(|&j| kept[j].time.anchor_day().is_some_and(|d| d <= day))
        .max_by(|&a, &b| {
            let d = |j: usize| kept[j].time.anchor_day().unwrap_or(f64::MIN);
            d(a).total_cmp(&d(b))
        })?;
    let (a, b) = (kept[j].dosage.as_ref()?, f.dosage.as_ref()?);
    let same = a.dose.is_some()
        && a.dose == b.dose
        && a.frequency == b.frequency
        && a.action != Some(casecourse_model::DoseAction::Stop);
    same.then_some(j)
}

/// Both name a site and the sites differ ("6/60 in the right eye and 6/6
/// in the left eye"): two findings, neither restating the other.
fn other_sites(a: &Fact, b: &Fact) -> bool {
    matches!((&a.site, &b.site), (Some(x), Some(y)) if x != y)
}

/// Both state a value (or dose, or result) and they differ.
fn disagree(a: &Fact, b: &Fact) -> bool {
    let num = |f: &Fact| f.value.as_ref().and_then(Value::as_number);
    if let (Some(x), Some(y)) = (num(a), num(b)) {
        return (x - y).abs() > 1e-9 * x.abs().max(1.0);
    }
    if let (Some(x), Some(y)) = (&a.result, &b.result)
        && x != y
    {
        return true;
    }
    // "ANA 1:160", later the same day "ANA 1:1280": two readings.
    if let (Some(x), Some(y)) = (&a.titre, &b.titre) {
        return x != y;
    }
    if a.result.is_some() && b.result.is_some() {
        return false;
    }
    let dose = |f: &Fact| f.dosage.as_ref().and_then(|d| d.dose);
    if let (Some(x), Some(y)) = (dose(a), dose(b)) {
        return (x - y).abs() > 1e-9 * x.abs().max(1.0);
    }
    false
}

/// Captions and repeated sentences restate: a restatement merges into the
/// first statement; a caption that contradicts the text is kept, marked as
/// a caption, and reported.
fn merge_restatements(doc: &Doc, facts: &mut Vec<Fact>, warnings: &mut Vec<Warning>) {
    // Each fact's name as a number (the same name, the same number), so the
    // keys below need no copy of the name.
    let name_ids: Vec<usize> = {
        let mut ids: FxHashMap<&str, usize> = FxHashMap::default();
        facts
            .iter()
            .map(|f| {
                let n = ids.len();
                *ids.entry(f.name.as_str()).or_insert(n)
            })
            .collect()
    };
    // Facts stay where they are: a restatement gives its words to an
    // earlier fact and is dropped at the end (moving every fact into a new
    // list copied each large struct twice).
    let mut keep = vec![true; facts.len()];
    // Kept facts by kind, name and negation: restatements are looked up,
    // not scanned for, so a long text stays linear.
    let mut by_key: Chains<(Kind, usize, bool)> = Chains::new(facts.len());
    for (i, &name_id) in name_ids.iter().enumerate() {
        // Earlier facts (`kept`, those of them still kept) and this one.
        let (kept, rest) = facts.split_at_mut(i);
        let f = &mut rest[0];
        let key = (f.kind, name_id, f.negated);
        let fresh = told_as_another(doc, f);
        let earlier = by_key.get(&key).find(|&j| {
            !fresh
                && same_moment(&kept[j], f)
                && kept[j].origin != Origin::Caption
                && !other_sites(&kept[j], f)
        });
        let restates = f.origin == Origin::Caption
            || matches!(
                f.kind,
                Kind::Imaging
                    | Kind::Exam
                    | Kind::Antibody
                    | Kind::Diagnosis
                    | Kind::Event
                    | Kind::Status
            );
        match earlier {
            Some(j) if disagree(&kept[j], f) => {
                if f.origin == Origin::Caption {
                    warnings.push(Warning {
                        code: "caption-contradicts-text".into(),
                        message: format!(
                            "a caption gives {} at this time point differently from the main text ({} vs {}); the main text is used",
                            f.name,
                            describe(f),
                            describe(&kept[j])
                        ),
                        fact_ids: vec![],
                        spans: [kept[j].spans.first(), f.spans.first()].into_iter().flatten().copied().collect(),
                    });
                    f.note =
                        Some("stated only in a caption, which the main text contradicts".into());
                }
                by_key.push(key, i);
            }
            Some(j) if restates || identical(&kept[j], f) => {
                let target = &mut kept[j];
                target.spans.append(&mut f.spans);
                target.parts.append(&mut f.parts);
                if target.findings.is_empty() {
                    target.findings = std::mem::take(&mut f.findings);
                }
                if target.impression.is_none() {
                    target.impression = f.impression.take();
                }
                if target.site.is_none() {
                    target.site = f.site.take();
                }
                // "Suggestive of sarcoidosis ... a final diagnosis of
                // sarcoidosis was made": the surer telling is the verdict.
                if target.certainty == Certainty::Possible && f.certainty == Certainty::Affirmed {
                    target.certainty = Certainty::Affirmed;
                    target.status = f.status.take();
                }
                keep[i] = false;
            }
            _ => {
                // A caption dose that the regimen of the text already gives
                // at that time ("iguratimod 25 mg twice daily" in a figure
                // at week 20, started at week 4) restates it.
                if let Some(j) = regimen_in_effect(kept, by_key.get(&key), f) {
                    kept[j].spans.append(&mut f.spans);
                    keep[i] = false;
                    continue;
                }
                by_key.push(key, i);
            }
        }
    }
    let mut it = keep.into_iter();
    facts.retain(|_| it.next().unwrap_or(true));
}

/// Words that tell a study, an event or a finding as another one than
/// any told before ("a repeat TTE", "postoperative TEE", "developed again
/// cardiac arrest"): it is no restatement, even on the same day.
const ANOTHER: &[&str] = &[
    "repeat",
    "repeated",
    "second",
    "another",
    "again",
    "subsequent",
];

/// Words that tell a study (only) as another one: "postoperative TEE",
/// "follow-up CT"; of a diagnosis they describe it ("postoperative atrial
/// fibrillation").
const ANOTHER_STUDY: &[&str] = &["follow-up", "postoperative", "post-operative", "control"];

/// Whether the words just before fact `f` (in its sentence, up to a
/// comma), or "again" just after it, tell it as another occurrence.
fn told_as_another(doc: &Doc, f: &Fact) -> bool {
    if !matches!(f.kind, Kind::Imaging | Kind::Event | Kind::Diagnosis) || f.origin != Origin::Body
    {
        return false;
    }
    let Some(span) = f.spans.first() else {
        return false;
    };
    let i = doc.sentences.partition_point(|s| s.end <= span.start);
    let Some(s) = doc.sentences.get(i).filter(|s| s.start <= span.start) else {
        return false;
    };
    let text = &doc.folded.text;
    let from = text
        .floor_char_boundary(span.start.saturating_sub(40))
        .max(s.start);
    let to = text.ceil_char_boundary((span.end + 12).min(s.end));
    let before = doc.lower_text(from, span.start);
    let before = before.rsplit([',', ';', '(']).next().unwrap_or(before);
    let after = doc.lower_text(span.end, to);
    let words: Vec<&str> = before
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    // "The repeat CT showed ...": told with "the", it points back to one.
    let marked = words.iter().enumerate().any(|(i, w)| {
        let marker = ANOTHER.contains(w) || (f.kind == Kind::Imaging && ANOTHER_STUDY.contains(w));
        marker && !(i > 0 && matches!(words[i - 1], "the" | "this" | "that"))
    });
    marked || after.split_whitespace().take(2).any(|w| w == "again")
}

fn identical(a: &Fact, b: &Fact) -> bool {
    a.value == b.value
        && a.unit == b.unit
        && a.result == b.result
        && a.dosage == b.dosage
        && a.time == b.time
}

fn describe(f: &Fact) -> String {
    if let Some(d) = &f.dosage {
        return format!(
            "{} {}",
            d.dose.map(|x| x.to_string()).unwrap_or_default(),
            d.unit.clone().unwrap_or_default()
        )
        .trim()
        .to_string();
    }
    match &f.value {
        Some(Value::Number(n)) => format!("{n} {}", f.unit.clone().unwrap_or_default())
            .trim()
            .to_string(),
        Some(Value::Text(t)) => t.clone(),
        None => f.result.clone().unwrap_or_default(),
    }
}

fn first_demographics_only(facts: &mut Vec<Fact>) {
    let mut seen = FxHashSet::default();
    facts.retain(|f| f.kind != Kind::Demographic || seen.insert(f.name.clone()));
}

/// Builds medication episodes and marks each episode's first mention as
/// its start.
pub fn episodes(lex: &Lexicon, facts: &mut [Fact]) -> Vec<MedicationEpisode> {
    let mut order: Vec<usize> = (0..facts.len())
        .filter(|&i| facts[i].kind == Kind::Medication && facts[i].origin != Origin::Caption)
        .collect();
    let key = |f: &Fact| match f.time.relation {
        Relation::Before => -1.0,
        _ => f.time.anchor_day().unwrap_or(f64::MAX),
    };
    order.sort_by(|&a, &b| key(&facts[a]).total_cmp(&key(&facts[b])).then(a.cmp(&b)));
    let mut episodes: Vec<MedicationEpisode> = Vec::new();
    let mut open: FxHashMap<String, usize> = FxHashMap::default();
    for i in order {
        let name = facts[i].name.clone();
        let day = facts[i].time.anchor_day();
        let action = facts[i].dosage.as_ref().and_then(|d| d.action);
        let e = match open.get(&name) {
            Some(&e) => e,
            None => {
                episodes.push(MedicationEpisode {
                    id: crate::numbered('e', episodes.len() + 1),
                    drug: name.clone(),
                    class: lex.drug(&name).and_then(|d| d.class.clone()),
                    // A regimen taken before "for 2 years" started then.
                    start_day: if facts[i].time.relation == Relation::Before {
                        facts[i].time.start_day
                    } else {
                        day
                    },
                    end_day: None,
                    prior: action == Some(DoseAction::Prior)
                        || facts[i].time.relation == Relation::Before,
                    steps: Vec::new(),
                    indication: None,
                    response: None,
                    replaced_by: None,
                    fact_ids: Vec::new(),
                });
                let e = episodes.len() - 1;
                open.insert(name.clone(), e);
                // The first mention opens the course as its start, unless
                // its words say the drug ran before ("tacrolimus was
                // continued"): that reading stays.
                if let Some(d) = facts[i].dosage.as_mut()
                    && matches!(d.action, None | Some(DoseAction::Change))
                    && facts[i].time.relation != Relation::Before
                {
                    d.action = Some(DoseAction::Start);
                }
                e
            }
        };
        let f = &facts[i];
        // A copy of the dosage, whose words move into the episode.
        let d = f.dosage.clone().unwrap_or_default();
        let ep = &mut episodes[e];
        ep.fact_ids.push(f.id.clone());
        ep.indication = ep.indication.take().or(d.indication);
        ep.response = ep.response.take().or(d.response);
        ep.steps.push(DoseStep {
            day,
            relation: f.time.relation,
            dose: d.dose,
            unit: d.unit,
            dose_text: d.dose_text,
            frequency: d.frequency,
            route: d.route,
            fact_id: f.id.clone(),
        });
        if d.action == Some(DoseAction::Stop) {
            ep.end_day = day;
            open.remove(&name);
        } else if let (Some(start), Some(len)) = (day, d.duration_days) {
            // "20 g daily for 5 days": the course ends when its days run out.
            ep.end_day = Some(start + len);
            open.remove(&name);
        }
    }
    close_dose_intervals(&episodes, facts);
    // "conversion from X to Y": X is replaced by the drug started in the
    // same sentence.
    for episode in &mut episodes {
        let Some(last) = episode.fact_ids.last() else {
            continue;
        };
        let Some(stop) = facts.iter().find(|f| &f.id == last) else {
            continue;
        };
        if stop.dosage.as_ref().and_then(|d| d.action) != Some(DoseAction::Stop) {
            continue;
        }
        let near = |f: &Fact| {
            f.spans
                .first()
                .zip(stop.spans.first())
                .is_some_and(|(a, b)| a.start.abs_diff(b.start) < 80)
        };
        let successor = facts.iter().find(|f| {
            f.kind == Kind::Medication
                && f.name != stop.name
                && f.dosage.as_ref().and_then(|d| d.action) == Some(DoseAction::Start)
                && near(f)
        });
        episode.replaced_by = successor.map(|f| f.name.clone());
    }
    episodes
}

/// A dose that sets a regimen (a start, change, increase, decrease or
/// taper) lasts until the next change of dose, frequency or route, or the
/// stop: "started at 60 mg ... reduced to 40 mg at week 4" gives the 60 mg
/// statement the interval [start, week 4). The end is kept on the fact, so
/// a flat row reads as a regimen line (drug, dose, start, end).
fn close_dose_intervals(episodes: &[MedicationEpisode], facts: &mut [Fact]) {
    let index: FxHashMap<&str, usize> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| (f.id.as_str(), i))
        .collect();
    let mut ends: Vec<(usize, f64)> = Vec::new();
    for ep in episodes {
        for (j, step) in ep.steps.iter().enumerate() {
            let (Some(&i), Some(start)) = (index.get(step.fact_id.as_str()), step.day) else {
                continue;
            };
            let f = &facts[i];
            let action = f.dosage.as_ref().and_then(|d| d.action);
            // Every step that sets a regimen runs until the regimen changes.
            // So does a dose told with its length and no verb
            // ("prednisolone 40 mg daily for 4 weeks").
            let stated_length =
                action.is_none() && f.dosage.as_ref().is_some_and(|d| d.duration_days.is_some());
            let sets_regimen = stated_length
                || matches!(
                    action,
                    Some(
                        DoseAction::Start
                            | DoseAction::Change
                            | DoseAction::Increase
                            | DoseAction::Decrease
                            | DoseAction::Taper
                    )
                );
            // A regimen the patient was already on ("her regular medicines
            // are ramipril 5 mg ...") also runs until it is changed or
            // stopped ("withhold ramipril"); one without a dose, until it
            // is stopped.
            let prior = f.time.relation == Relation::Before && action != Some(DoseAction::Stop);
            if f.time.end_day.is_some() {
                continue;
            }
            if !prior && (f.time.relation != Relation::At || !sets_regimen || step.dose.is_none()) {
                continue;
            }
            let differs =
                |a: &Option<String>, b: &Option<String>| a.is_some() && b.is_some() && a != b;
            let next_change = ep.steps[j + 1..].iter().find(|later| {
                let stop = index.get(later.fact_id.as_str()).is_some_and(|&k| {
                    facts[k].dosage.as_ref().and_then(|d| d.action) == Some(DoseAction::Stop)
                });
                let changed = later.dose.is_some() && later.dose != step.dose
                    || differs(&later.frequency, &step.frequency)
                    || differs(&later.route, &step.route);
                // "Tapered by 5 mg every 2 weeks to 10 mg daily ... 10 mg
                // at week 24": a taper runs until the dose is next stated,
                // even at the dose it was heading for.
                let reached = action == Some(DoseAction::Taper)
                    && later.dose.is_some()
                    && later.day.is_some_and(|d| d > start);
                stop || (changed && step.dose.is_some()) || reached
            });
            // "1 g daily for 3 days" from day 4 ends on day 6: short courses
            // are counted in whole days, the first one included.
            let stated = f.dosage.as_ref().and_then(|d| d.duration_days).map(|days| {
                start
                    + if days < 14.0 && days.fract() == 0.0 {
                        days - 1.0
                    } else {
                        days
                    }
            });
            let end = stated.or_else(|| next_change.and_then(|s| s.day).or(ep.end_day));
            // A prior regimen may end on the index day it was "before".
            if let Some(end) = end.filter(|&e| e > start || prior && e >= start) {
                ends.push((i, end));
            }
        }
    }
    for (i, end) in ends {
        let t = &mut facts[i].time;
        if t.relation != Relation::Before {
            t.start_day = t.start_day.or(t.day);
        }
        t.end_day = Some(end);
    }
}

/// A condition the text gives as the patient's history ("Past medical
/// history: hypertension") is that history where a list of the course
/// names it again ("Secondary diagnoses: ... Hypertension", "ASA 3
/// (obesity, diabetes, hypertension)"): a comorbidity, not a diagnosis
/// made in the course.
fn comorbidities_are_history(facts: &mut Vec<Fact>) {
    use casecourse_model::{Certainty, Experiencer};
    let patients = |f: &Fact| {
        !f.negated && f.certainty == Certainty::Affirmed && f.experiencer == Experiencer::Patient
    };
    let history: FxHashSet<String> = facts
        .iter()
        .filter(|f| f.kind == Kind::History && patients(f))
        .map(|f| f.name.clone())
        .collect();
    if history.is_empty() {
        return;
    }
    // A diagnosis at a time of the course after day 0 is an event of the
    // course ("on day 3 she went into atrial fibrillation").
    let at_presentation = |f: &Fact| f.time.anchor_day().is_none_or(|d| d <= 0.0);
    facts.retain(|f| {
        !(f.kind == Kind::Diagnosis
            && patients(f)
            && at_presentation(f)
            && history.contains(&f.name))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The continuation merge before it worked in place: into a new list.
    fn continuations_into_a_new_list(facts: &mut Vec<Fact>) {
        let mut out: Vec<Fact> = Vec::with_capacity(facts.len());
        let mut last_imaging: Option<usize> = None;
        for f in facts.drain(..) {
            if f.kind == Kind::Imaging && f.name == CONTINUATION {
                if let Some(prev) = last_imaging.map(|i| &mut out[i]) {
                    let add = f.impression.unwrap_or_default();
                    prev.impression = Some(match prev.impression.take() {
                        Some(p) if !p.is_empty() => format!("{p}; {add}"),
                        _ => add,
                    });
                    prev.spans.extend(f.spans);
                    prev.parts.extend(f.parts);
                }
                continue;
            }
            if f.kind == Kind::Imaging {
                last_imaging = Some(out.len());
            }
            out.push(f);
        }
        *facts = out;
    }

    /// The oxygen merge before it worked in place: into a new list.
    fn oxygen_into_a_new_list(facts: &mut Vec<Fact>) {
        const GENERIC: &str = "supplemental oxygen";
        let mut out: Vec<Fact> = Vec::with_capacity(facts.len());
        let mut oxygen: Vec<usize> = Vec::new();
        for b in facts.drain(..) {
            let j = (b.kind == Kind::Oxygen)
                .then(|| {
                    oxygen.iter().rev().copied().find(|&j| {
                        let a = &out[j];
                        a.negated == b.negated
                            && a.time.relation == b.time.relation
                            && a.time.day == b.time.day
                            && compatible(a, &b)
                    })
                })
                .flatten();
            let Some(j) = j else {
                if b.kind == Kind::Oxygen {
                    oxygen.push(out.len());
                }
                out.push(b);
                continue;
            };
            let a = &mut out[j];
            if a.name == GENERIC && b.name != GENERIC {
                a.name = b.name.clone();
            }
            let (oa, ob) = (
                a.oxygen.get_or_insert_with(Default::default),
                b.oxygen.clone().unwrap_or_default(),
            );
            oa.flow = oa.flow.or(ob.flow);
            oa.flow_unit = oa.flow_unit.take().or(ob.flow_unit);
            oa.fio2 = oa.fio2.or(ob.fio2);
            oa.device = oa.device.take().or(ob.device);
            if a.time.duration.is_none() {
                a.time.duration = b.time.duration.clone();
            }
            a.spans.extend(b.spans);
            a.parts.extend(b.parts);
        }
        *facts = out;
    }

    /// The merges in place leave the facts the merges into a new list
    /// left, on the raw facts of every fixture and corpus text, and on
    /// those facts with every other imaging fact made a continuation and
    /// every oxygen fact made generic (so that many merge).
    #[test]
    fn merges_in_place_are_the_merges_into_a_new_list() {
        let x = crate::Extractor::builtin().expect("built-in extractor");
        let (mut continued, mut merged) = (0, 0);
        for (_, t) in crate::test_corpus::narratives() {
            let doc = Doc::read(x, &t, &crate::Options::default());
            let raw = crate::build::facts(&doc);
            let mut forced = raw.clone();
            for (k, f) in forced.iter_mut().enumerate() {
                if f.kind == Kind::Imaging && k % 2 == 1 {
                    f.name = CONTINUATION.to_string();
                }
                if f.kind == Kind::Oxygen {
                    f.name = "supplemental oxygen".to_string();
                }
            }
            for facts in [raw, forced] {
                let (mut a, mut b) = (facts.clone(), facts.clone());
                merge_imaging_continuations(&mut a);
                continuations_into_a_new_list(&mut b);
                assert_eq!(a, b);
                continued += facts.len() - a.len();
                let n = facts.len();
                let (mut a, mut b) = (facts.clone(), facts);
                merge_oxygen_restatements(&mut a);
                oxygen_into_a_new_list(&mut b);
                assert_eq!(a, b);
                merged += n - a.len();
            }
        }
        assert!(continued > 20, "only {continued} continuations merged");
        assert!(merged > 5, "only {merged} oxygen facts merged");
    }
}
