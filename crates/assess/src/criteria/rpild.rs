//! Rapidly progressive ILD as defined in the anti-MDA5 literature:
//! progressive dyspnoea, hypoxaemia and worsening radiological interstitial
//! change within a window after respiratory-symptom onset (1 month: Gono T,
//! et al. Rheumatology 2010, Sato S, et al. Rheumatology 2018; 3 months in
//! many Chinese cohorts). The definition was not verified from a methods
//! section (status R), so both windows are evaluated and named.

use casecourse_model::{Fact, Kind, Value};

use super::cadm::DAYS_PER_MONTH;
use crate::knowledge::{Knowledge, contains};
use crate::{Category, CourseView, Item, Status};

fn words_in(f: &Fact, words: &[String]) -> bool {
    let text = format!(
        "{} {} {}",
        f.name,
        f.impression.clone().unwrap_or_default(),
        f.findings.join(" ")
    )
    .to_lowercase();
    words.iter().any(|w| text.contains(&w.to_lowercase()))
}

/// One item per window variant.
pub fn assess(view: &CourseView, kb: &Knowledge) -> Vec<Item> {
    let d = &kb.criteria.rpild;
    let onset = view
        .course
        .facts
        .iter()
        .filter(|f| {
            f.kind == Kind::Symptom && !f.negated && contains(&d.respiratory_symptoms, &f.name)
        })
        .filter_map(|f| f.time.anchor_day().map(|x| (f, x)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let hypox: Option<(&Fact, f64)> = view
        .numbers("pao2")
        .into_iter()
        .find(|(_, v)| *v < kb.physiology.hypoxaemia.pao2_below)
        .or_else(|| {
            view.numbers("spo2")
                .into_iter()
                .find(|(_, v)| *v < d.spo2_below)
        });
    let images: Vec<(&Fact, f64)> = view
        .course
        .facts
        .iter()
        .filter(|f| f.kind == Kind::Imaging && words_in(f, &d.ild_words))
        .filter_map(|f| f.time.anchor_day().map(|x| (f, x)))
        .collect();
    let mut out = Vec::new();
    for months in &d.window_months {
        let mut it = Item::new(
            "rpild-definition",
            Category::Criteria,
            &format!("Rapidly progressive ILD ({months}-month window)"),
            &d.source,
        );
        it.limitations.extend(d.caveat());
        let Some((on_f, on)) = onset else {
            out.push(it.not_computable(&["respiratory-symptom onset"]));
            continue;
        };
        let end = on + months * DAYS_PER_MONTH;
        it.day = Some(on);
        it.inputs.push(on_f.id.clone());
        let hyp_in = hypox.filter(|(f, _)| f.time.anchor_day().is_some_and(|x| x <= end));
        let ild_in: Vec<&(&Fact, f64)> = images.iter().filter(|(_, x)| *x <= end).collect();
        let worse = ild_in.iter().find(|(f, _)| {
            let i = format!(
                "{} {}",
                f.impression.clone().unwrap_or_default(),
                f.findings.join(" ")
            );
            d.worsening_words
                .iter()
                .any(|w| i.to_lowercase().contains(&w.to_lowercase()))
        });
        if let Some((f, _)) = hyp_in {
            it.inputs.push(f.id.clone());
        } else {
            it.missing.push("hypoxaemia within the window".into());
        }
        for (f, _) in &ild_in {
            it.inputs.push(f.id.clone());
        }
        let verdict = match (hyp_in.is_some(), ild_in.is_empty(), worse) {
            (true, false, Some(_)) => {
                "met: dyspnoea, hypoxaemia and worsening interstitial change within the window"
                    .to_string()
            }
            (true, false, None) => {
                it.status = Status::Partial;
                it.missing
                    .push("radiological worsening (a second CT within the window)".into());
                "partly met: dyspnoea, hypoxaemia and ILD on imaging within the window; radiological worsening is not shown".into()
            }
            _ => {
                it.status = Status::Partial;
                if ild_in.is_empty() {
                    it.missing
                        .push("interstitial change on imaging within the window".into());
                }
                "not shown from the stated facts".into()
            }
        };
        if let Some(dx) = view.present("rpild") {
            it.inputs.push(dx.id.clone());
            it.limitations
                .push(format!("the text diagnoses RP-ILD ({})", dx.id));
        }
        it.value = Some(Value::Text(verdict.clone()));
        it.interpretation =
            format!("respiratory symptoms from day {on:.0}; window to day {end:.0}: {verdict}");
        out.push(it);
    }
    out
}
