//! Medication episodes built from medication facts (when the course has
//! none) and lines of therapy over time.

use std::collections::BTreeMap;

use casecourse_model::{DoseAction, DoseStep, Fact, Kind, MedicationEpisode, Relation};

use crate::facts::day_of;
use crate::knowledge::Drugs;
use crate::{CourseView, TherapyLine};

/// Whether a medication fact was given before the index event, elsewhere.
pub fn is_prior(f: &Fact) -> bool {
    let action = f.dosage.as_ref().and_then(|d| d.action);
    action == Some(DoseAction::Prior)
        || (f.time.relation == Relation::Before && f.time.anchor_day().is_some_and(|d| d <= 0.0))
}

fn action(f: &Fact) -> Option<DoseAction> {
    f.dosage.as_ref().and_then(|d| d.action)
}

/// Episodes from the medication facts: grouped by drug name, ordered by
/// time then document order; a `Stop` ends an episode, a later mention
/// after a stop opens a new one.
pub fn build(view: &CourseView) -> Vec<MedicationEpisode> {
    let mut by_drug: BTreeMap<String, Vec<(usize, &Fact)>> = BTreeMap::new();
    for (i, f) in view.course.facts.iter().enumerate() {
        if f.kind == Kind::Medication && !f.negated {
            by_drug
                .entry(f.name.to_lowercase())
                .or_default()
                .push((i, f));
        }
    }
    let mut episodes = Vec::new();
    for facts in by_drug.values_mut() {
        facts.sort_by(|a, b| day_of(a.1).total_cmp(&day_of(b.1)).then(a.0.cmp(&b.0)));
        let mut cur: Option<MedicationEpisode> = None;
        for (_, f) in facts.iter() {
            if cur.as_ref().is_some_and(|e| e.end_day.is_some()) {
                episodes.extend(cur.take());
            }
            let e = cur.get_or_insert_with(|| MedicationEpisode {
                id: String::new(),
                drug: f.name.clone(),
                class: None,
                start_day: f.time.anchor_day(),
                end_day: None,
                prior: is_prior(f),
                steps: Vec::new(),
                indication: None,
                response: None,
                replaced_by: None,
                fact_ids: Vec::new(),
            });
            e.fact_ids.push(f.id.clone());
            if let Some(d) = &f.dosage {
                if e.indication.is_none() {
                    e.indication = d.indication.clone();
                }
                if d.response.is_some() {
                    e.response = d.response.clone();
                }
                if d.dose.is_some() || d.dose_text.is_some() {
                    e.steps.push(DoseStep {
                        day: f.time.anchor_day(),
                        relation: f.time.relation,
                        dose: d.dose,
                        unit: d.unit.clone(),
                        dose_text: d.dose_text.clone(),
                        frequency: d.frequency.clone(),
                        route: d.route.clone(),
                        fact_id: f.id.clone(),
                    });
                }
                if let (Some(s), Some(n)) = (f.time.anchor_day(), d.duration_days) {
                    // A fixed course ("for 5 days") ends by itself.
                    if action(f) != Some(DoseAction::Stop) {
                        e.end_day = Some(s + n);
                    }
                }
            }
            if action(f) == Some(DoseAction::Stop) {
                e.end_day = f.time.end_day.or(f.time.anchor_day());
            }
        }
        episodes.extend(cur);
    }
    episodes.sort_by(|a, b| {
        a.start_day
            .unwrap_or(f64::INFINITY)
            .total_cmp(&b.start_day.unwrap_or(f64::INFINITY))
    });
    link_replacements(&mut episodes, view);
    for (i, e) in episodes.iter_mut().enumerate() {
        e.id = format!("e{}", i + 1);
    }
    episodes
}

/// A drug stopped on the day another one starts was replaced by it.
fn link_replacements(episodes: &mut [MedicationEpisode], view: &CourseView) {
    let drugs = &view.kb().drugs;
    let starts: Vec<(String, f64)> = episodes
        .iter()
        .filter(|e| !e.prior && drugs.is_disease_modifying(&e.drug))
        .filter_map(|e| e.start_day.map(|s| (e.drug.clone(), s)))
        .collect();
    for e in episodes.iter_mut() {
        let (Some(end), false) = (e.end_day, e.prior) else {
            continue;
        };
        if !drugs.is_disease_modifying(&e.drug) || e.start_day == Some(end) {
            continue;
        }
        if let Some((d, _)) = starts
            .iter()
            .find(|(d, s)| (s - end).abs() < 0.5 && d != &e.drug)
        {
            e.replaced_by = Some(d.clone());
        }
    }
}

/// Whether an episode is in force on `day`.
pub fn in_force(e: &MedicationEpisode, day: f64) -> bool {
    e.start_day.is_some_and(|s| s <= day) && e.end_day.is_none_or(|end| day < end)
}

/// Lines of therapy: a new line opens when a disease-modifying drug is added
/// or replaced; glucocorticoid dose changes, anti-infectives and stopping a
/// drug alone do not open one.
pub fn lines(episodes: &[MedicationEpisode], drugs: &Drugs) -> Vec<TherapyLine> {
    let current: Vec<&MedicationEpisode> = episodes.iter().filter(|e| !e.prior).collect();
    let mut starts: Vec<f64> = current
        .iter()
        .filter(|e| drugs.is_disease_modifying(&e.drug))
        .filter_map(|e| e.start_day)
        .collect();
    starts.sort_by(f64::total_cmp);
    starts.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let mut out: Vec<TherapyLine> = Vec::new();
    for day in starts {
        let new: Vec<&&MedicationEpisode> = current
            .iter()
            .filter(|e| drugs.is_disease_modifying(&e.drug))
            .filter(|e| e.start_day.is_some_and(|s| (s - day).abs() < 0.5))
            .collect();
        let mut active: Vec<String> = current
            .iter()
            .filter(|e| drugs.is_disease_modifying(&e.drug) && in_force(e, day))
            .map(|e| e.drug.clone())
            .collect();
        // Glucocorticoids succeed one another (methylprednisolone, then
        // prednisolone): the one stated last on or before `day` is in force.
        let latest_gc = current
            .iter()
            .filter(|e| drugs.is_glucocorticoid(&e.drug) && in_force(e, day))
            .filter_map(|e| {
                let last = e
                    .steps
                    .iter()
                    .filter(|s| s.dose.is_some())
                    .filter_map(|s| s.day)
                    .filter(|d| *d <= day + 0.5)
                    .fold(f64::NEG_INFINITY, f64::max);
                last.is_finite().then_some((last, e.drug.clone()))
            })
            .max_by(|a, b| a.0.total_cmp(&b.0));
        active.extend(latest_gc.map(|(_, d)| d));
        let replaced: Vec<&&MedicationEpisode> = current
            .iter()
            .filter(|e| e.end_day.is_some_and(|end| (end - day).abs() < 0.5))
            .filter(|e| e.replaced_by.is_some())
            .collect();
        let names: Vec<String> = new.iter().map(|e| e.drug.clone()).collect();
        let reason = if out.is_empty() {
            format!("first line: {}", active.join(", "))
        } else if !replaced.is_empty() {
            replaced
                .iter()
                .map(|e| {
                    format!(
                        "{} replaced by {}",
                        e.drug,
                        e.replaced_by.clone().unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        } else {
            format!("{} added", names.join(", "))
        };
        let mut inputs: Vec<String> = new
            .iter()
            .filter_map(|e| e.fact_ids.first().cloned())
            .collect();
        inputs.extend(replaced.iter().filter_map(|e| e.fact_ids.last().cloned()));
        if let Some(prev) = out.last_mut() {
            prev.end_day = Some(day);
        }
        out.push(TherapyLine {
            number: out.len() as u32 + 1,
            start_day: Some(day),
            end_day: None,
            drugs: dedup(active),
            reason,
            inputs,
        });
    }
    out
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    v.retain(|d| seen.insert(d.clone()));
    v
}
