//! A read-only view of a course for the calculators: lookups by role,
//! plausibility filtering, and which values are concurrent.

use casecourse_model::{Certainty, Course, Experiencer, Fact, Kind, Relation};

use crate::knowledge::{Knowledge, contains};

/// A course with the lookups the calculators share.
pub struct CourseView<'a> {
    /// The course.
    pub course: &'a Course,
    kb: &'a Knowledge,
    /// Document position of each fact, by address (ids may repeat in bad input).
    positions: std::collections::HashMap<*const Fact, usize>,
}

/// The oxygen a patient breathed when a value was measured.
#[derive(Debug, Clone, Copy)]
pub enum OxygenState<'a> {
    /// The text says no supplemental oxygen at that moment.
    RoomAirStated(&'a Fact),
    /// Oxygen support stated at that moment.
    Support(&'a Fact),
    /// Nothing stated for that moment.
    NotStated,
}

/// An FiO2 and how it is known.
#[derive(Debug, Clone)]
pub struct Fio2 {
    /// Fraction 0.21–1.0.
    pub value: f64,
    /// Facts it came from.
    pub inputs: Vec<String>,
    /// How it was obtained, for `assumptions` (empty when stated).
    pub assumptions: Vec<String>,
    /// True when the patient was on high-flow nasal oxygen.
    pub high_flow: bool,
}

impl<'a> CourseView<'a> {
    /// A view over `course` using the names and limits in `kb`.
    pub fn new(course: &'a Course, kb: &'a Knowledge) -> Self {
        let positions = course
            .facts
            .iter()
            .enumerate()
            .map(|(i, f)| (f as *const Fact, i))
            .collect();
        CourseView {
            course,
            kb,
            positions,
        }
    }

    /// The knowledge in use.
    pub fn kb(&self) -> &'a Knowledge {
        self.kb
    }

    /// Position of a fact in document order.
    pub fn position(&self, fact: &Fact) -> usize {
        self.positions
            .get(&(fact as *const Fact))
            .copied()
            .unwrap_or(usize::MAX)
    }

    /// The patient's own, non-hypothetical facts whose name is one of the
    /// names accepted for `role` (negated facts included).
    pub fn find(&self, role: &str) -> Vec<&'a Fact> {
        let names = self.kb.names.of(role);
        self.course
            .facts
            .iter()
            .filter(|f| {
                f.experiencer == Experiencer::Patient
                    && f.certainty != Certainty::Hypothetical
                    && contains(names, &f.name)
            })
            .collect()
    }

    /// Whether `v` lies inside the plausible limits for `role`.
    pub fn plausible(&self, role: &str, v: f64) -> bool {
        v.is_finite()
            && match self.kb.names.plausible(role) {
                Some([lo, hi]) => v >= lo && v <= hi,
                None => true,
            }
    }

    /// Affirmed numeric values for `role`, plausible ones only, in time
    /// order (then document order).
    pub fn numbers(&self, role: &str) -> Vec<(&'a Fact, f64)> {
        let mut v: Vec<(&Fact, f64)> = self
            .find(role)
            .into_iter()
            .filter(|f| !f.negated)
            .filter_map(|f| f.number().map(|n| (f, n)))
            .filter(|(_, n)| self.plausible(role, *n))
            .collect();
        v.sort_by(|a, b| day_of(a.0).total_cmp(&day_of(b.0)));
        v
    }

    /// The earliest value for `role` (the admission value when there is one).
    pub fn first_number(&self, role: &str) -> Option<(&'a Fact, f64)> {
        self.numbers(role).into_iter().next()
    }

    /// The value for `role` measured at the same moment as `at`.
    pub fn concurrent_number(&self, role: &str, at: &Fact) -> Option<(&'a Fact, f64)> {
        self.numbers(role)
            .into_iter()
            .find(|(f, _)| same_moment(f, at))
    }

    /// The patient's age in years.
    pub fn age(&self) -> Option<(&'a Fact, f64)> {
        self.first_number("age")
    }

    /// Whether a role's fact is stated as present (not negated), and which.
    pub fn present(&self, role: &str) -> Option<&'a Fact> {
        self.find(role).into_iter().find(|f| !f.negated)
    }

    /// Facts of `kind` named one of `names` (case-insensitive).
    pub fn named(&self, kind: Kind, names: &[String]) -> Vec<&'a Fact> {
        self.course
            .facts
            .iter()
            .filter(|f| {
                f.kind == kind
                    && f.experiencer == Experiencer::Patient
                    && f.certainty != Certainty::Hypothetical
                    && contains(names, &f.name)
            })
            .collect()
    }

    /// The oxygen state at the moment of `m`: the last oxygen fact of the
    /// same moment stated before `m` in the document. Oxygen facts stated
    /// after it on the same day (oxygen started after the admission
    /// findings) do not apply.
    pub fn oxygen_state(&self, m: &Fact) -> OxygenState<'a> {
        let pos = self.position(m);
        // "SpO2 93% on room air": the reading says so itself.
        if m.qualifier.as_deref() == Some(casecourse_model::ON_ROOM_AIR)
            && let Some(own) = self.course.facts.get(pos)
        {
            return OxygenState::RoomAirStated(own);
        }
        let mut state = OxygenState::NotStated;
        for (i, f) in self.course.facts.iter().enumerate() {
            if i >= pos {
                break;
            }
            if f.kind == Kind::Oxygen && same_moment(f, m) {
                let room_air =
                    f.oxygen.as_ref().and_then(|o| o.device.as_deref()) == Some("room-air");
                // "No supplemental oxygen", or room air itself (but not
                // "not on room air").
                state = if f.negated != room_air {
                    OxygenState::RoomAirStated(f)
                } else {
                    OxygenState::Support(f)
                };
            }
        }
        state
    }

    /// Whether an oxygen fact is stated later on the same day as `m`.
    pub fn oxygen_started_after(&self, m: &Fact) -> Option<&'a Fact> {
        let pos = self.position(m);
        self.course
            .facts
            .iter()
            .enumerate()
            .find(|(i, f)| *i > pos && f.kind == Kind::Oxygen && !f.negated && same_moment(f, m))
            .map(|(_, f)| f)
    }

    /// The FiO2 at the moment of `m`: stated, estimated from low flow, or
    /// room air (stated or assumed), with what was assumed.
    pub fn fio2_at(&self, m: &Fact) -> Option<Fio2> {
        let ph = &self.kb.physiology;
        let room_air = ph.alveolar_gas.room_air_fio2;
        match self.oxygen_state(m) {
            OxygenState::RoomAirStated(f) => Some(Fio2 {
                value: room_air,
                // The reading itself says "on room air": no other input.
                inputs: if std::ptr::eq(f, m) {
                    vec![]
                } else {
                    vec![f.id.clone()]
                },
                assumptions: vec![],
                high_flow: false,
            }),
            OxygenState::NotStated => {
                let mut why = format!(
                    "room air assumed (FiO2 {room_air}): no oxygen support stated at the time of the measurement"
                );
                if let Some(o) = self.oxygen_started_after(m) {
                    why.push_str(&format!(
                        "; the oxygen in {} is stated after it and is taken as started afterwards",
                        o.id
                    ));
                }
                Some(Fio2 {
                    value: room_air,
                    inputs: vec![],
                    assumptions: vec![why],
                    high_flow: false,
                })
            }
            OxygenState::Support(f) => {
                let o2 = f.oxygen.as_ref();
                let high_flow = is_high_flow(f);
                if let Some(v) = o2
                    .and_then(|o| o.fio2)
                    .filter(|v| self.plausible("fio2", *v))
                {
                    return Some(Fio2 {
                        value: v,
                        inputs: vec![f.id.clone()],
                        assumptions: vec![],
                        high_flow,
                    });
                }
                let flow = o2.and_then(|o| o.flow)?;
                estimate_low_flow(self.kb, f, flow).map(|(value, assumptions)| Fio2 {
                    value,
                    inputs: vec![f.id.clone()],
                    assumptions,
                    high_flow,
                })
            }
        }
    }
}

/// FiO2 estimated from a low-flow nasal cannula: 0.21 + 0.04 × L/min for
/// 1–6 L/min (clinical teaching tables; physiology.toml). `None` for high
/// flow or flows above the low-flow range.
pub fn estimate_low_flow(kb: &Knowledge, f: &Fact, flow: f64) -> Option<(f64, Vec<String>)> {
    let nc = &kb.physiology.nasal_cannula;
    if is_high_flow(f) || !(flow > 0.0 && flow <= nc.max_flow) {
        return None;
    }
    let v = nc.base + nc.per_litre * flow;
    let mut why = vec![format!(
        "FiO2 estimated from {flow} L/min low-flow oxygen ({} + {} x L/min): an estimate, true FiO2 varies with breathing",
        nc.base, nc.per_litre
    )];
    let label = format!(
        "{} {}",
        f.name,
        f.oxygen
            .as_ref()
            .and_then(|o| o.device.clone())
            .unwrap_or_default()
    )
    .to_lowercase();
    if !label.contains("cannula") && !label.contains("nasal") {
        why.push("device not stated: low-flow nasal cannula assumed".into());
    }
    Some((v, why))
}

/// Whether an oxygen fact is high-flow nasal oxygen.
pub fn is_high_flow(f: &Fact) -> bool {
    let label = format!(
        "{} {}",
        f.name,
        f.oxygen
            .as_ref()
            .and_then(|o| o.device.clone())
            .unwrap_or_default()
    )
    .to_lowercase();
    label.contains("high-flow") || label.contains("high flow") || label.contains("hfnc")
}

/// The day used to order a fact (unknown times sort last).
pub fn day_of(f: &Fact) -> f64 {
    f.time.anchor_day().unwrap_or(f64::INFINITY)
}

/// Two facts are from the same moment when they sit at the same day with the
/// same relation (both "at day 0", or both "after day 84").
pub fn same_moment(a: &Fact, b: &Fact) -> bool {
    match (a.time.anchor_day(), b.time.anchor_day()) {
        (Some(x), Some(y)) => {
            a.time.relation == b.time.relation
                && a.time.relation != Relation::Unknown
                && (x - y).abs() < 0.5
        }
        _ => false,
    }
}
