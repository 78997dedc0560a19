use std::path::Path;

use casecourse_model::{Dosage, Fact, Kind, PartRole, Span};

use super::*;
use crate::brat::{BratDocument, parse_ann};

const MAPPING: &str = r#"
[meta]
corpus = "test"
sources = ["hand-written"]
licence = "MIT"

[types.Medication]
kinds = ["medication"]
part = "name"

[types.Dosage]
kinds = ["medication"]
part = "dose"

[types.Age]
kinds = ["demographic"]
names = ["age"]
part = "mention"

[types.Biological_structure]
note = "not produced"
"#;

const TEXT: &str = "A 71-year-old man took prednisone 40 mg and aspirin.";
//                  0123456789012345678901234567890123456789012345678901
// "71-year-old" 2..13, "man" 14..17, "prednisone" 23..33, "40 mg" 34..39,
// "aspirin" 44..51.

fn doc() -> BratDocument {
    let ann = "T1\tAge 2 13\t71-year-old\nT2\tMedication 23 33\tprednisone\n\
T3\tDosage 34 39\t40 mg\nT4\tMedication 44 51\taspirin\nT5\tBiological_structure 14 17\tman\n";
    BratDocument {
        id: "d1".into(),
        text: TEXT.into(),
        annotations: parse_ann(ann, TEXT).expect("valid"),
    }
}

fn mapping() -> Mapping {
    Mapping::parse(MAPPING, Path::new("test.toml")).expect("valid")
}

fn course() -> Course {
    let mut c = Course::new(TEXT);
    let mut age = Fact::new("f1", Kind::Demographic, "age");
    age.spans = vec![Span::new(2, 13)];
    // Prednisone 40 mg: the dose words are a span of the fact labelled as
    // its dose, so they are not a name mention.
    let mut pred = Fact::new("f2", Kind::Medication, "prednisone");
    pred.dosage = Some(Dosage {
        dose: Some(40.0),
        unit: Some("mg".into()),
        ..Dosage::default()
    });
    pred.spans = vec![Span::new(23, 33), Span::new(34, 39)];
    pred.set_part(PartRole::Dose, Span::new(34, 39));
    // "aspirin and" — overlaps aspirin (lenient only).
    let mut asa = Fact::new("f3", Kind::Medication, "aspirin");
    asa.spans = vec![Span::new(40, 51)];
    // A false positive: "took".
    let mut fp = Fact::new("f4", Kind::Medication, "took");
    fp.spans = vec![Span::new(18, 22)];
    c.facts = vec![age, pred, asa, fp];
    c
}

#[test]
fn strict_and_lenient_counts_by_hand() {
    let mut s = BratScore::default();
    s.add_document(&doc(), &course(), &mapping(), true);
    let med = s.per_type["Medication"];
    // Gold 2, predicted 3 (prednisone, "and aspirin", "took").
    assert_eq!(
        (med.gold, med.predicted, med.strict, med.lenient),
        (2, 3, 1, 2)
    );
    // Strict P = 1/3, R = 1/2, F1 = 2·(1/3)(1/2)/(5/6) = 0.4.
    let st = med.strict();
    assert!((st.precision - 1.0 / 3.0).abs() < 1e-12);
    assert!((st.recall - 0.5).abs() < 1e-12);
    assert!((st.f1 - 0.4).abs() < 1e-12);
    // Lenient P = 2/3, R = 1, F1 = 2·(2/3)/(5/3) = 0.8.
    assert!((med.lenient().f1 - 0.8).abs() < 1e-12);
    assert_eq!(s.per_type["Dosage"].strict, 1);
    assert_eq!(s.per_type["Age"].strict, 1);
    // Not produced: counted, with no predictions.
    let bio = s.per_type["Biological_structure"];
    assert_eq!((bio.gold, bio.predicted), (1, 0));
    // Errors listed with context: the one false positive of Medication.
    let fps: Vec<_> = s
        .span_errors
        .iter()
        .filter(|e| e.what == "false positive")
        .collect();
    assert_eq!(fps.len(), 1);
    assert_eq!(fps[0].words, "took");
    assert!(fps[0].context.contains("[[took]]"), "{}", fps[0].context);
}

#[test]
fn micro_and_macro_over_produced_types() {
    let mut s = BratScore::default();
    s.add_document(&doc(), &course(), &mapping(), false);
    let m = mapping();
    // Produced: Medication (2 gold, 3 pred, 1 strict), Dosage (1,1,1),
    // Age (1,1,1): strict micro P = 3/5, R = 3/4.
    let (st, _) = s.micro(&m);
    assert!((st.precision - 0.6).abs() < 1e-12);
    assert!((st.recall - 0.75).abs() < 1e-12);
    // All types adds Biological_structure's one miss: R = 3/5.
    let (all, _) = s.micro_all();
    assert!((all.recall - 0.6).abs() < 1e-12);
    // Macro strict F1 = (0.4 + 1 + 1) / 3.
    let (mac, _) = s.macro_avg(&m);
    assert!((mac.f1 - 2.4 / 3.0).abs() < 1e-12);
    let table = brat_table(&s, &m);
    assert!(
        table.contains("Not produced (annotated count): Biological_structure (1)"),
        "{table}"
    );
}

#[test]
fn parts_are_scored_from_labelled_spans_only() {
    let map = |part: &str| {
        let toml = format!(
            "[meta]\ncorpus = \"t\"\nsources = []\nlicence = \"MIT\"\n\
             [types.X]\nkinds = [\"medication\"]\npart = \"{part}\"\n"
        );
        Mapping::parse(&toml, Path::new("t.toml"))
            .expect("valid")
            .types["X"]
            .clone()
    };
    // "aspirin 40 mg orally daily": name 0..7, dose 8..13, route 14..20,
    // frequency 21..26.
    let mut f = Fact::new("f", Kind::Medication, "aspirin");
    f.spans = vec![Span::new(0, 7), Span::new(8, 13)];
    f.set_part(PartRole::Dose, Span::new(8, 13));
    f.set_part(PartRole::Route, Span::new(14, 20));
    f.set_part(PartRole::Frequency, Span::new(21, 26));
    assert_eq!(fact_spans(&f, &map("name")), [Span::new(0, 7)]);
    assert_eq!(
        fact_spans(&f, &map("mention")),
        [Span::new(0, 7), Span::new(8, 13)]
    );
    assert_eq!(fact_spans(&f, &map("dose")), [Span::new(8, 13)]);
    assert_eq!(fact_spans(&f, &map("route")), [Span::new(14, 20)]);
    assert_eq!(fact_spans(&f, &map("frequency")), [Span::new(21, 26)]);
    // Not labelled: nothing, however close a number or a word may be.
    assert!(fact_spans(&f, &map("duration")).is_empty());
    assert!(fact_spans(&f, &map("time")).is_empty());
    f.dosage = Some(Dosage {
        duration_days: Some(5.0),
        ..Dosage::default()
    });
    assert!(fact_spans(&f, &map("duration")).is_empty());
    // Another kind: nothing.
    f.kind = Kind::Lab;
    assert!(fact_spans(&f, &map("dose")).is_empty());
}

#[test]
fn mapping_errors_name_the_type() {
    let bad = MAPPING.replace("kinds = [\"demographic\"]", "kinds = [\"demographics\"]");
    let e = Mapping::parse(&bad, Path::new("m.toml")).expect_err("unknown kind");
    assert!(e.to_string().contains("types.Age"), "{e}");
    let bad = MAPPING.replace("part = \"dose\"", "part = \"dosage\"");
    let e = Mapping::parse(&bad, Path::new("m.toml")).expect_err("unknown part");
    let e = e.to_string();
    assert!(
        e.contains("unknown part \"dosage\"") && e.contains("frequency"),
        "{e}"
    );
}

#[test]
fn context_stays_on_char_boundaries() {
    let text = "éééé word ééé";
    let c = context(text, Span::new(9, 13), 3);
    assert!(c.contains("[[word]]"), "{c}");
}

#[test]
fn a_brat_folder_with_a_bad_document_is_scored_without_it() {
    let dir = std::env::temp_dir().join(format!("casecourse-brat-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let good = "T1\tMedication 23 33\tprednisone\n";
    std::fs::write(dir.join("a.txt"), TEXT).expect("w");
    std::fs::write(dir.join("a.ann"), good).expect("w");
    // Offsets shifted by one: a per-document error.
    std::fs::write(dir.join("b.txt"), TEXT).expect("w");
    std::fs::write(dir.join("b.ann"), "T1\tMedication 24 34\tprednisone\n").expect("w");
    // Not UTF-8, and a .txt without .ann.
    std::fs::write(dir.join("c.txt"), b"caf\xe9").expect("w");
    std::fs::write(dir.join("c.ann"), "").expect("w");
    std::fs::write(dir.join("d.txt"), TEXT).expect("w");
    let extract = |_: &str, text: &str| {
        let mut c = Course::new(text);
        let mut f = Fact::new("f1", Kind::Medication, "prednisone");
        f.spans = vec![Span::new(23, 33)];
        c.facts.push(f);
        c
    };
    let s = evaluate_brat_dir(&dir, &mapping(), &extract, false).expect("runs");
    assert_eq!(s.documents, 1);
    assert_eq!(s.per_type["Medication"].strict, 1);
    let bad: Vec<&str> = s.errors.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(bad.len(), 3, "{:?}", s.errors);
    assert!(
        s.errors
            .iter()
            .any(|(d, e)| d.ends_with("b.txt") && e.contains("says \"prednisone\"")),
        "{:?}",
        s.errors
    );
    assert!(s.errors.iter().any(|(d, _)| d.ends_with("c.txt")));
    assert!(
        s.errors
            .iter()
            .any(|(d, e)| d.ends_with("d.txt") && e.contains("no .ann"))
    );
}

#[test]
fn the_shipped_mapping_files_parse() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/corpus");
    for name in ["maccrobat.toml", "phee.toml"] {
        let m = Mapping::load(&root.join(name)).unwrap_or_else(|e| panic!("{e}"));
        assert!(!m.meta.sources.is_empty() && !m.meta.licence.is_empty());
        assert!(
            m.types.values().any(|t| t.kinds.is_empty()),
            "{name} lists types it does not produce"
        );
    }
}
