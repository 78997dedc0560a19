//! Courses for the render tests: the founding case from its gold list (when
//! ../shared is present) and hand-built courses that stress the layout.

use std::path::{Path, PathBuf};

use casecourse_model::{
    Course, Dosage, DoseAction, Flag, FlatFact, Kind, Origin, OxygenSupport, ReferenceRange,
    Relation, Span, Time, Value, Warning, course_from_rows,
};

/// `../shared` beside the repository, when it exists.
pub fn shared_dir() -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    p.is_dir().then(|| p.to_path_buf())
}

/// The founding case: its gold list as a course over the real text.
///
/// Gold rows carry no spans; for the report's links this helper gives each
/// fact the first place in the text where its name or one of its `aka`
/// spellings occurs (case-insensitive). Rows the gold list marks as coming
/// from a figure caption get `origin = caption`, as an extractor would set.
pub fn founding_course() -> Option<Course> {
    let dir = shared_dir()?.join("cases");
    let text = std::fs::read_to_string(dir.join("mda5-cadm-rpild-mmf.txt")).ok()?;
    let gold: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("mda5-cadm-rpild-mmf.gold.json")).ok()?,
    )
    .ok()?;
    let raw = gold.get("facts")?.as_array()?;
    let rows: Vec<FlatFact> = raw
        .iter()
        .filter_map(|r| serde_json::from_value(r.clone()).ok())
        .collect();
    let mut course = course_from_rows(&text, &rows);
    course.source.name = Some("mda5-cadm-rpild-mmf".into());
    course.index.description = "admission".into();
    let lower = text.to_lowercase();
    for (fact, row) in course.facts.iter_mut().zip(raw) {
        let caption = row
            .get("note")
            .and_then(|n| n.as_str())
            .is_some_and(|n| n.contains("caption"));
        if caption {
            fact.origin = Origin::Caption;
        }
        let mut names = vec![fact.name.clone()];
        if let Some(aka) = row.get("aka").and_then(|a| a.as_array()) {
            names.extend(aka.iter().filter_map(|a| a.as_str().map(str::to_string)));
        }
        // `to_lowercase` keeps byte offsets for this text (no case pairs of
        // different UTF-8 length), checked by `is_char_boundary` below.
        if let Some((start, len)) = names
            .iter()
            .filter_map(|n| find_word(&lower, &n.to_lowercase()).map(|s| (s, n.len())))
            .min()
            && text.is_char_boundary(start)
            && text.is_char_boundary(start + len)
        {
            fact.spans = vec![Span::new(start, start + len)];
        }
    }
    course.warnings.push(Warning {
        code: "acid-base-inconsistent".into(),
        message: "The text reads respiratory alkalosis, but a PaCO2 of 41.7 mmHg is within the normal range.".into(),
        fact_ids: vec!["dx-resp-alkalosis".into(), "lab-paco2".into()],
        spans: Vec::new(),
    });
    Some(course)
}

/// The first occurrence of `needle` in `hay` that is a whole word (not
/// `age` inside `management`).
fn find_word(hay: &str, needle: &str) -> Option<usize> {
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    hay.match_indices(needle).map(|(i, _)| i).find(|&i| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        !is_word(before) && !is_word(after)
    })
}

fn lab(id: &str, name: &str, value: f64, unit: &str, day: f64) -> casecourse_model::Fact {
    let mut f = casecourse_model::Fact::new(id, Kind::Lab, name);
    f.value = Some(Value::Number(value));
    f.unit = Some(unit.into());
    f.time = Time::at(day);
    f
}

fn med(
    id: &str,
    name: &str,
    dose: Option<f64>,
    freq: &str,
    day: f64,
    action: DoseAction,
) -> casecourse_model::Fact {
    let mut f = casecourse_model::Fact::new(id, Kind::Medication, name);
    f.dosage = Some(Dosage {
        dose,
        unit: dose.map(|_| "mg".into()),
        frequency: Some(freq.into()),
        action: Some(action),
        ..Dosage::default()
    });
    f.time = Time::at(day);
    f
}

fn event(id: &str, name: &str, day: f64) -> casecourse_model::Fact {
    let mut f = casecourse_model::Fact::new(id, Kind::Event, name);
    f.time = Time::at(day);
    f
}

/// Places each fact's span on the first occurrence of `needle` in the text.
fn span(course: &mut Course, id: &str, needle: &str) {
    if let Some(start) = course.source.text.find(needle)
        && let Some(f) = course.facts.iter_mut().find(|f| f.id == id)
    {
        f.spans.push(Span::new(start, start + needle.len()));
    }
}

/// A short admission with calendar dates (index 2023-03-14), a reference
/// interval printed with the value, and text that needs escaping.
pub fn dated_course() -> Course {
    let text = "Admitted on 14 March 2023 with community-acquired pneumonia <CURB-65 2> & sepsis. \
CRP 180 mg/L (ref < 5) on admission, 95 mg/L on 17 March and 12 mg/L on 24 March. \
Procalcitonin 4.2 ug/L. Amoxicillin-clavulanate 1.2 g TID IV was started, switched to oral 625 mg TID on 17 March and stopped on 24 March. \
Discharged on 24 March 2023.";
    let mut c = Course::new(text);
    c.source.name = Some("pneumonia \"dated\" <fixture>".into());
    c.index.description = "admission".into();
    c.index.date = Some("2023-03-14".into());
    let mut crp0 = lab("crp-0", "C-reactive protein", 180.0, "mg/L", 0.0);
    crp0.reference_range = Some(ReferenceRange {
        low: None,
        high: Some(5.0),
        unit: "mg/L".into(),
        source: "text".into(),
    });
    crp0.flag = Some(Flag::High);
    crp0.time.date = Some("2023-03-14".into());
    let mut crp3 = lab("crp-3", "C-reactive protein", 95.0, "mg/L", 3.0);
    crp3.flag = Some(Flag::High);
    crp3.time.date = Some("2023-03-17".into());
    let mut crp10 = lab("crp-10", "C-reactive protein", 12.0, "mg/L", 10.0);
    crp10.flag = Some(Flag::High);
    crp10.time.date = Some("2023-03-24".into());
    let mut pct = lab("pct-0", "procalcitonin", 4.2, "ug/L", 0.0);
    pct.flag = Some(Flag::High);
    let mut amox = med(
        "amc-0",
        "amoxicillin-clavulanate",
        Some(1200.0),
        "TID",
        0.0,
        DoseAction::Start,
    );
    if let Some(d) = amox.dosage.as_mut() {
        d.route = Some("intravenous".into());
    }
    let amox3 = med(
        "amc-3",
        "amoxicillin-clavulanate",
        Some(625.0),
        "TID",
        3.0,
        DoseAction::Change,
    );
    let mut amox10 =
        casecourse_model::Fact::new("amc-10", Kind::Medication, "amoxicillin-clavulanate");
    amox10.dosage = Some(Dosage {
        action: Some(DoseAction::Stop),
        ..Dosage::default()
    });
    amox10.time = Time::at(10.0);
    let mut dx =
        casecourse_model::Fact::new("dx-cap", Kind::Diagnosis, "community-acquired pneumonia");
    dx.time = Time::at(0.0);
    c.facts = vec![
        event("ev-admit", "admission", 0.0),
        dx,
        crp0,
        crp3,
        crp10,
        pct,
        amox,
        amox3,
        amox10,
        event("ev-discharge", "discharge", 10.0),
    ];
    span(&mut c, "ev-admit", "Admitted");
    span(&mut c, "dx-cap", "community-acquired pneumonia");
    span(&mut c, "crp-0", "CRP 180 mg/L");
    span(&mut c, "crp-3", "95 mg/L");
    span(&mut c, "crp-10", "12 mg/L");
    span(&mut c, "pct-0", "Procalcitonin 4.2 ug/L");
    span(&mut c, "amc-0", "Amoxicillin-clavulanate 1.2 g TID IV");
    span(&mut c, "amc-3", "oral 625 mg TID");
    span(&mut c, "amc-10", "stopped");
    span(&mut c, "ev-discharge", "Discharged");
    c
}

/// Everything at one time point: a clinic note.
pub fn single_point_course() -> Course {
    let text = "Clinic visit: HbA1c 8.1 %, creatinine 88 umol/L, potassium 4.1 mmol/L, BP 150/95 mmHg. Metformin 1000 mg BID continued.";
    let mut c = Course::new(text);
    c.source.name = Some("single time point".into());
    c.index.description = "the clinic visit".into();
    let mut hba1c = lab("hba1c", "hemoglobin A1c", 8.1, "%", 0.0);
    hba1c.flag = Some(Flag::High);
    let mut bp = casecourse_model::Fact::new("sbp", Kind::Vital, "systolic blood pressure");
    bp.value = Some(Value::Number(150.0));
    bp.unit = Some("mm[Hg]".into());
    bp.time = Time::at(0.0);
    c.facts = vec![
        hba1c,
        lab("creat", "creatinine", 88.0, "umol/L", 0.0),
        lab("k", "potassium", 4.1, "mmol/L", 0.0),
        bp,
        med(
            "metformin",
            "metformin",
            Some(1000.0),
            "BID",
            0.0,
            DoseAction::Continue,
        ),
    ];
    span(&mut c, "hba1c", "HbA1c 8.1 %");
    span(&mut c, "creat", "creatinine 88 umol/L");
    span(&mut c, "metformin", "Metformin 1000 mg BID");
    c
}

/// Twenty drugs with staggered starts and dose changes: lanes and labels
/// must stay readable.
pub fn twenty_drugs_course() -> Course {
    let names = [
        "prednisolone",
        "methotrexate",
        "folic acid",
        "omeprazole",
        "calcium carbonate",
        "colecalciferol",
        "alendronic acid",
        "amlodipine",
        "ramipril",
        "atorvastatin",
        "aspirin",
        "metformin",
        "insulin glargine",
        "furosemide",
        "spironolactone",
        "bisoprolol",
        "apixaban",
        "levothyroxine",
        "sertraline",
        "trimethoprim-sulfamethoxazole",
    ];
    let mut c = Course::new("Medication review over one year.");
    c.source.name = Some("twenty drugs".into());
    c.index.description = "the first review".into();
    let mut facts = Vec::new();
    for (i, n) in names.iter().enumerate() {
        let start = (i as f64) * 7.0;
        facts.push(med(
            &format!("rx-{i}-a"),
            n,
            Some(10.0 + i as f64),
            "QD",
            start,
            DoseAction::Start,
        ));
        facts.push(med(
            &format!("rx-{i}-b"),
            n,
            Some(5.0 + i as f64),
            "BID",
            start + 14.0,
            DoseAction::Change,
        ));
        // Every third drug changes again shortly after: crowded labels.
        if i % 3 == 0 {
            facts.push(med(
                &format!("rx-{i}-c"),
                n,
                Some(2.5),
                "QD",
                start + 17.0,
                DoseAction::Decrease,
            ));
        }
        if i % 4 == 0 {
            let mut stop =
                casecourse_model::Fact::new(format!("rx-{i}-stop"), Kind::Medication, *n);
            stop.dosage = Some(Dosage {
                action: Some(DoseAction::Stop),
                ..Dosage::default()
            });
            stop.time = Time::at(start + 120.0);
            facts.push(stop);
        }
    }
    facts.push(event("ev-review", "review", 364.0));
    c.facts = facts;
    c
}

/// No laboratory values at all: events, oxygen, imaging and antibodies only.
pub fn no_labs_course() -> Course {
    let text = "Admitted with hypoxia on 2 L/min nasal oxygen. Chest CT showed ground-glass opacities. Anti-Jo-1 positive. Weaned off oxygen on day 6 and discharged on day 7. Anti-Jo-1 negative at 6 months.";
    let mut c = Course::new(text);
    c.source.name = Some("no labs".into());
    c.index.description = "admission".into();
    let mut o2 = casecourse_model::Fact::new("o2", Kind::Oxygen, "nasal cannula oxygen");
    o2.oxygen = Some(OxygenSupport {
        device: Some("nasal cannula".into()),
        flow: Some(2.0),
        flow_unit: Some("L/min".into()),
        fio2: None,
    });
    o2.time = Time::at(0.0);
    let mut off = casecourse_model::Fact::new("o2-off", Kind::Oxygen, "supplemental oxygen");
    off.negated = true;
    off.time = Time::at(6.0);
    let mut ct = casecourse_model::Fact::new("ct", Kind::Imaging, "chest CT");
    ct.findings = vec!["ground-glass opacities".into()];
    ct.time = Time::at(0.0);
    let mut jo1 = casecourse_model::Fact::new("jo1", Kind::Antibody, "anti-Jo-1");
    jo1.result = Some("positive".into());
    jo1.time = Time::at(0.0);
    let mut jo1n = casecourse_model::Fact::new("jo1-neg", Kind::Antibody, "anti-Jo-1");
    jo1n.result = Some("negative".into());
    jo1n.time = Time {
        relation: Relation::At,
        day: Some(182.6),
        ..Time::default()
    };
    c.facts = vec![
        event("admit", "admission", 0.0),
        o2,
        ct,
        jo1,
        off,
        event("discharge", "discharge", 7.0),
        jo1n,
    ];
    span(&mut c, "admit", "Admitted");
    span(&mut c, "o2", "2 L/min nasal oxygen");
    span(&mut c, "ct", "Chest CT");
    span(&mut c, "jo1", "Anti-Jo-1 positive");
    span(&mut c, "o2-off", "Weaned off oxygen");
    span(&mut c, "discharge", "discharged");
    span(&mut c, "jo1-neg", "Anti-Jo-1 negative");
    c
}
