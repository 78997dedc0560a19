//! `export | import` is the identity on generated courses: every field of
//! every fact, in any combination, survives the trip through FHIR.

mod common;

use casecourse_fhir::{export, import};
use casecourse_model::*;
use proptest::prelude::*;

fn opt<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Option<T>> {
    proptest::option::of(s)
}

fn words() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-z0-9 ./-]{0,14}",
        "\\PC{1,10}",
        Just("not done".to_string()),
        Just("planned".to_string()),
    ]
}

fn num() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1.0e6..1.0e6f64,
        (-100i32..100).prop_map(f64::from),
        Just(0.1 + 0.2)
    ]
}

fn day() -> impl Strategy<Value = f64> {
    prop_oneof![
        -400.0..400.0f64,
        (-60i32..60).prop_map(|w| f64::from(w) * 7.0)
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    proptest::sample::select(Kind::ALL.to_vec())
}

fn time() -> impl Strategy<Value = Time> {
    (
        proptest::sample::select(vec![
            Relation::At,
            Relation::Before,
            Relation::After,
            Relation::Between,
            Relation::Onset,
            Relation::Unknown,
        ]),
        opt(day()),
        opt(day()),
        opt(day()),
        opt((
            1u8..30,
            proptest::sample::select(vec!["day", "week", "month"]),
        )),
        opt(prop_oneof![
            Just("2023".to_string()),
            Just("2023-03".to_string()),
            Just("2023-03-14".to_string())
        ]),
    )
        .prop_map(|(relation, day, start_day, end_day, dur, date)| Time {
            relation,
            day,
            start_day,
            end_day,
            duration: dur.and_then(|(v, u)| Duration::parse(&format!("{v} {u}"))),
            date,
        })
}

fn dosage() -> impl Strategy<Value = Dosage> {
    (
        opt(num()),
        opt(
            proptest::sample::select(vec!["mg", "g", "ug", "mg/kg", "[iU]"]).prop_map(String::from),
        ),
        opt(words()),
        opt(words()),
        opt(
            proptest::sample::select(vec!["QD", "BID", "TID", "QW", "Q8H", "PRN", "weekly"])
                .prop_map(String::from),
        ),
        opt(1.0..60.0f64),
        opt(words()),
        opt(words()),
        opt(proptest::sample::select(vec![
            DoseAction::Start,
            DoseAction::Continue,
            DoseAction::Change,
            DoseAction::Increase,
            DoseAction::Decrease,
            DoseAction::Taper,
            DoseAction::Stop,
            DoseAction::Prior,
        ])),
    )
        .prop_map(
            |(
                dose,
                unit,
                dose_text,
                route,
                frequency,
                duration_days,
                indication,
                response,
                action,
            )| Dosage {
                dose,
                unit,
                dose_text,
                route,
                frequency,
                duration_days,
                indication,
                response,
                action,
            },
        )
}

fn measured() -> impl Strategy<
    Value = (
        Option<Value>,
        Option<String>,
        Option<ReferenceRange>,
        Option<Flag>,
    ),
> {
    (
        opt(prop_oneof![
            num().prop_map(Value::Number),
            words().prop_map(Value::Text)
        ]),
        opt(
            proptest::sample::select(vec!["mg/L", "10*9/L", "mm[Hg]", "%", ""])
                .prop_map(String::from),
        ),
        opt((
            opt(num()),
            opt(num()),
            proptest::sample::select(vec!["mg/L", "%", ""]),
            words(),
        )
            .prop_map(|(low, high, unit, source)| ReferenceRange {
                low,
                high,
                unit: unit.into(),
                source,
            })),
        opt(proptest::sample::select(vec![
            Flag::Low,
            Flag::Normal,
            Flag::High,
            Flag::Abnormal,
        ])),
    )
}

fn texts() -> impl Strategy<Value = [Option<String>; 8]> {
    (
        opt(words()),
        opt(words()),
        opt(words()),
        opt(words()),
        opt(words()),
        opt(words()),
        opt(words()),
        opt(words()),
    )
        .prop_map(|(a, b, c, d, e, f, g, h)| [a, b, c, d, e, f, g, h])
}

fn fact(text_len: usize) -> impl Strategy<Value = Fact> {
    (
        (
            kind(),
            words(),
            opt((
                proptest::sample::select(vec![
                    "LOINC", "SNOMED", "ICD-10", "ATC", "RxNorm", "local",
                ]),
                "[0-9A-Z.-]{1,8}",
            )),
        ),
        measured(),
        texts(),
        proptest::collection::vec(words(), 0..3),
        (
            opt(dosage()),
            opt((
                opt(words()),
                opt(num()),
                opt(Just("L/min".to_string())),
                opt(0.21..1.0f64),
            )),
        ),
        time(),
        (any::<bool>(), 0u8..3, any::<bool>(), 0u8..5),
        (
            proptest::collection::vec((0..=text_len, 0..=text_len), 0..3),
            proptest::collection::vec(
                (
                    proptest::sample::select(PartRole::ALL.to_vec()),
                    0..=text_len,
                    0..=text_len,
                ),
                0..3,
            ),
        ),
    )
        .prop_map(
            move |(
                (kind, name, code),
                (value, unit, reference_range, flag),
                t,
                findings,
                (dosage, oxygen),
                time,
                (negated, certainty, family, origin),
                (spans, parts),
            )| {
                let mut f = Fact::new("", kind, name);
                f.code = code.map(|(s, c)| Code {
                    system: s.into(),
                    code: c,
                });
                f.value = value;
                f.unit = unit;
                f.reference_range = reference_range;
                f.flag = flag;
                let [
                    result,
                    strength,
                    titre,
                    site,
                    impression,
                    status,
                    qualifier,
                    note,
                ] = t;
                f.result = result;
                f.strength = strength;
                f.titre = titre;
                f.site = site;
                f.impression = impression;
                f.status = status;
                f.qualifier = qualifier;
                f.note = note;
                f.findings = findings;
                f.dosage = dosage;
                f.oxygen = oxygen.map(|(device, flow, flow_unit, fio2)| OxygenSupport {
                    device,
                    flow,
                    flow_unit,
                    fio2,
                });
                f.time = time;
                f.negated = negated;
                f.certainty = [
                    Certainty::Affirmed,
                    Certainty::Possible,
                    Certainty::Hypothetical,
                ][certainty as usize];
                f.experiencer = if family {
                    Experiencer::Family
                } else {
                    Experiencer::Patient
                };
                f.origin = [
                    Origin::Body,
                    Origin::Abstract,
                    Origin::Caption,
                    Origin::Discussion,
                    Origin::Table,
                ][origin as usize];
                f.spans = spans
                    .into_iter()
                    .map(|(a, b)| Span::new(a.min(b), a.max(b)))
                    .collect();
                f.parts = parts
                    .into_iter()
                    .map(|(role, a, b)| Part {
                        role,
                        span: Span::new(a.min(b), a.max(b)),
                    })
                    .collect();
                f
            },
        )
}

fn course() -> impl Strategy<Value = Course> {
    "[a-z .,0-9]{0,80}".prop_flat_map(|text| {
        let n = text.len();
        (
            Just(text),
            proptest::collection::vec(fact(n), 0..10),
            opt(Just("2022-11-30".to_string())),
            proptest::collection::vec((words(), words()), 0..2),
            proptest::collection::vec((words(), opt(day()), any::<bool>()), 0..2),
        )
            .prop_map(|(text, facts, date, warnings, episodes)| {
                let mut c = Course::new(text);
                c.index = IndexEvent {
                    kind: IndexKind::TreatmentStart,
                    description: "start of treatment".into(),
                    date,
                    span: None,
                };
                c.facts = facts
                    .into_iter()
                    .enumerate()
                    .map(|(i, mut f)| {
                        f.id = format!("f{}", i + 1);
                        f
                    })
                    .collect();
                c.warnings = warnings
                    .into_iter()
                    .map(|(code, message)| Warning {
                        code,
                        message,
                        fact_ids: vec!["f1".into()],
                        spans: vec![],
                    })
                    .collect();
                c.episodes = episodes
                    .into_iter()
                    .enumerate()
                    .map(|(i, (drug, start_day, prior))| MedicationEpisode {
                        id: format!("e{}", i + 1),
                        drug,
                        class: None,
                        start_day,
                        end_day: None,
                        prior,
                        steps: vec![DoseStep {
                            day: start_day,
                            relation: Relation::At,
                            dose: Some(1.5),
                            unit: Some("g".into()),
                            dose_text: None,
                            frequency: Some("BID".into()),
                            route: None,
                            fact_id: "f1".into(),
                        }],
                        indication: None,
                        response: None,
                        replaced_by: None,
                        fact_ids: vec!["f1".into()],
                    })
                    .collect();
                c
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn export_then_import_is_the_identity(c in course()) {
        let bundle = export(&c, &common::opts(Some("2024-02-29"))).expect("export");
        let back = import(&bundle.to_string()).expect("import");
        for (a, b) in c.facts.iter().zip(&back.course.facts) {
            prop_assert_eq!(a, b);
        }
        prop_assert_eq!(back.course, c);
    }
}
