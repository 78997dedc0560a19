//! 2017 EULAR/ACR classification criteria for adult and juvenile idiopathic
//! inflammatory myopathies: Lundberg IE, Tjärnlund A, Bottai M, et al. Ann
//! Rheum Dis 2017;76(12):1955-1964 (weights from the RMD Open 2017
//! methodology report). Probability P = 1 / (1 + exp(c − score)), c = 5.33
//! without and 6.49 with muscle biopsy; probable IIM at P ≥ 0.55, definite
//! at P ≥ 0.90.

use casecourse_model::Value;

use super::{Stated, enzymes, stated};
use crate::knowledge::{EularAcr, Knowledge};
use crate::physiology::round;
use crate::{Category, CourseView, Item, Status};

/// The probability of IIM for a score.
pub fn probability(score: f64, biopsy: bool, c: &EularAcr) -> f64 {
    let k = if biopsy {
        c.intercept_with_biopsy
    } else {
        c.intercept_without_biopsy
    };
    1.0 / (1.0 + (k - score).exp())
}

/// The category of a probability.
pub fn category(p: f64, c: &EularAcr) -> &'static str {
    if p >= c.definite_min_probability {
        "definite IIM"
    } else if p >= c.probable_min_probability {
        "probable IIM"
    } else if p >= c.possible_min_probability {
        "possible IIM"
    } else {
        "does not meet 2017 EULAR/ACR IIM classification"
    }
}

/// Subclassification for a classified IIM (the criteria's tree): adult with
/// a DM rash and weakness → DM; without weakness → amyopathic DM; juvenile
/// with rash → JDM; no rash → PM/IBM (finger-flexor weakness or rimmed
/// vacuoles → IBM).
pub fn subclass(age: f64, rash: bool, weakness: bool, ibm_features: bool) -> &'static str {
    match (age < 18.0, rash) {
        (true, true) => "juvenile dermatomyositis",
        (true, false) => "juvenile myositis other than JDM",
        (false, true) if weakness => "dermatomyositis",
        (false, true) => "amyopathic dermatomyositis",
        (false, false) if ibm_features => "inclusion body myositis",
        (false, false) => "polymyositis (including immune-mediated necrotising myopathy)",
    }
}

/// Scores the course.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Item {
    let c = &kb.criteria.eular_acr_2017;
    let mut it = Item::new(
        "eular-acr-2017",
        Category::Criteria,
        "2017 EULAR/ACR classification criteria for IIM",
        &c.source,
    );
    let biopsy_keys = [
        "biopsy_endomysial",
        "biopsy_perimysial",
        "biopsy_perifascicular",
        "biopsy_rimmed_vacuoles",
    ];
    let biopsy = c
        .item
        .iter()
        .filter(|i| biopsy_keys.contains(&i.key.as_str()))
        .any(|i| !matches!(stated(view, &i.names), Stated::NotStated));
    let weight = |key: &str| {
        c.item
            .iter()
            .find(|i| i.key == key)
            .map(|i| {
                if biopsy {
                    i.with_biopsy
                } else {
                    i.without_biopsy
                }
            })
            .unwrap_or(0.0)
    };
    // Scores in integer tenths to avoid float drift at the cut-offs.
    let mut tenths: i64 = 0;
    let mut met: Vec<String> = Vec::new();
    let Some((age_f, age)) = view.age() else {
        return it.not_computable(&["age at onset"]);
    };
    it.inputs.push(age_f.id.clone());
    it.assumptions.push(
        "age at onset of the first symptom taken as the stated age (onset within the year before)"
            .into(),
    );
    let age_key = if age >= 40.0 {
        Some("age_40")
    } else if age >= 18.0 {
        Some("age_18_40")
    } else {
        None
    };
    if let Some(k) = age_key {
        tenths += (weight(k) * 10.0).round() as i64;
        met.push(format!("age {age} (+{})", weight(k)));
    }
    let generic_weakness = stated(view, &kb.criteria.cadm.weakness);
    let mut rash = false;
    let mut weakness = false;
    for i in c.item.iter().filter(|i| !i.names.is_empty()) {
        if i.key == "enzymes" {
            let e = enzymes(view, kb, &i.names);
            it.inputs.extend(e.inputs);
            it.assumptions.extend(e.assumptions);
            match e.raised {
                Some(true) => {
                    tenths += (weight("enzymes") * 10.0).round() as i64;
                    met.push(format!("raised muscle enzymes (+{})", weight("enzymes")));
                }
                Some(false) => {}
                None => it.missing.push(i.label.clone()),
            }
            continue;
        }
        if biopsy_keys.contains(&i.key.as_str()) && !biopsy {
            continue;
        }
        let is_weakness =
            i.key.starts_with("weakness") || i.key == "neck_flexor" || i.key == "legs_proximal";
        match stated(view, &i.names) {
            Stated::Present(f) => {
                tenths += (weight(&i.key) * 10.0).round() as i64;
                met.push(format!("{} (+{})", i.label, weight(&i.key)));
                it.inputs.push(f.id.clone());
                rash |= matches!(
                    i.key.as_str(),
                    "heliotrope" | "gottron_papules" | "gottron_sign"
                );
                weakness |= is_weakness;
            }
            Stated::Absent(f) => it.inputs.push(f.id.clone()),
            Stated::NotStated => match (is_weakness, generic_weakness) {
                (true, Stated::Absent(f)) => it.inputs.push(f.id.clone()),
                _ => it.missing.push(i.label.clone()),
            },
        }
    }
    it.inputs.sort();
    it.inputs.dedup();
    let score = tenths as f64 / 10.0;
    let p = probability(score, biopsy, c);
    let mut verdict = category(p, c).to_string();
    if p >= c.probable_min_probability && !rash && !biopsy {
        verdict = "cannot classify as IIM: no DM rash and no muscle biopsy".into();
    }
    it.value = Some(Value::Text(verdict.clone()));
    it.unit = None;
    it.interpretation = format!(
        "score {score:.1} ({}), probability {:.1}% {} biopsy: {verdict}",
        if met.is_empty() {
            "no items".to_string()
        } else {
            met.join(", ")
        },
        round(p * 100.0, 1),
        if biopsy { "with" } else { "without" }
    );
    if p >= c.probable_min_probability && (rash || biopsy) {
        let ibm = matches!(
            stated(
                view,
                &c.item
                    .iter()
                    .find(|i| i.key == "biopsy_rimmed_vacuoles")
                    .map(|i| i.names.clone())
                    .unwrap_or_default()
            ),
            Stated::Present(_)
        );
        it.interpretation.push_str(&format!(
            "; subclass: {}",
            subclass(age, rash, weakness, ibm)
        ));
    }
    if !it.missing.is_empty() {
        it.interpretation.push_str(&format!(
            "; not stated and scored absent: {}",
            it.missing.join(", ")
        ));
        it.status = Status::Partial;
    }
    if p < c.probable_min_probability {
        let cadm = view.present("cadm");
        let mut lim = c.limitation.clone();
        if let Some(f) = cadm {
            it.inputs.push(f.id.clone());
            lim.push_str(&format!(
                " The text diagnoses {} ({}): this result does not contradict that diagnosis; see the CADM definition.",
                f.name, f.id
            ));
        }
        it.limitations.push(lim);
    }
    it.limitations
        .push(format!("probability intercepts: {}", c.intercept_status));
    it.limitations
        .push("classification criteria, for research cohorts; not diagnostic criteria".into());
    it.day = Some(0.0);
    it
}
