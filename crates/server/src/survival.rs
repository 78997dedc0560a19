//! The Kaplan–Meier product-limit estimator: Kaplan EL, Meier P.
//! Nonparametric estimation from incomplete observations. J Am Stat Assoc
//! 1958;53(282):457–481.
//!
//! S(t) = ∏ over event times t_j ≤ t of (1 − d_j / n_j), where d_j is the
//! number of events at t_j and n_j the number still at risk just before
//! t_j. An observation censored at t_j counts as at risk at t_j (events are
//! taken to precede censoring at a tie, as Kaplan and Meier do).

use serde::Serialize;

/// One subject: follow-up time and whether it ended in the event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// Time from the origin (days).
    pub time: f64,
    /// true: the event happened at `time`; false: censored at `time`.
    pub event: bool,
}

/// The estimate just after one event time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Step {
    /// The event time.
    pub time: f64,
    /// At risk just before it.
    pub at_risk: usize,
    /// Events at it.
    pub events: usize,
    /// Censored at it (still counted at risk at this time).
    pub censored: usize,
    /// S(t) from this time until the next step.
    pub survival: f64,
}

/// The product-limit estimate: one step per distinct event time, in time
/// order. Observations with a non-finite time are ignored by the caller's
/// contract (they are filtered out here too).
pub fn kaplan_meier(observations: &[Observation]) -> Vec<Step> {
    let mut obs: Vec<Observation> = observations
        .iter()
        .copied()
        .filter(|o| o.time.is_finite())
        .collect();
    obs.sort_by(|a, b| a.time.total_cmp(&b.time));
    let mut at_risk = obs.len();
    let mut survival = 1.0;
    let mut steps = Vec::new();
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].time;
        let same = obs[i..].iter().take_while(|o| o.time == t).count();
        let events = obs[i..i + same].iter().filter(|o| o.event).count();
        if events > 0 {
            survival *= 1.0 - events as f64 / at_risk as f64;
            steps.push(Step {
                time: t,
                at_risk,
                events,
                censored: same - events,
                survival,
            });
        }
        at_risk -= same;
        i += same;
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The 6-mercaptopurine arm of the Freireich et al. (Blood 1963)
    /// remission trial, the worked example of Kleinbaum & Klein, Survival
    /// Analysis: A Self-Learning Text (3rd ed. 2012), ch. 2: weeks in
    /// remission, `+` censored:
    /// 6 6 6 6+ 7 9+ 10 10+ 11+ 13 16 17+ 19+ 20+ 22 23 25+ 32+ 32+ 34+ 35+.
    ///
    /// By hand (n at risk just before t, d events):
    ///   t=6:  n=21 d=3  S = 18/21              = 0.857143
    ///   t=7:  n=17 d=1  S = 0.857143 × 16/17   = 0.806723
    ///   t=10: n=15 d=1  S = 0.806723 × 14/15   = 0.752941  (10+ at risk at 10)
    ///   t=13: n=12 d=1  S = 0.752941 × 11/12   = 0.690196
    ///   t=16: n=11 d=1  S = 0.690196 × 10/11   = 0.627451
    ///   t=22: n=7  d=1  S = 0.627451 × 6/7     = 0.537815
    ///   t=23: n=6  d=1  S = 0.537815 × 5/6     = 0.448179
    /// The book's table prints 0.8571, 0.8067, 0.7529, 0.6902, 0.6275,
    /// 0.5378, 0.4482.
    #[test]
    fn the_6mp_arm_of_freireich_gives_the_textbook_estimates() {
        let events = [6, 6, 6, 7, 10, 13, 16, 22, 23];
        let censored = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
        let mut obs: Vec<Observation> = censored
            .iter()
            .map(|&t| Observation {
                time: t as f64,
                event: false,
            })
            .collect();
        obs.extend(events.iter().map(|&t| Observation {
            time: t as f64,
            event: true,
        }));
        let steps = kaplan_meier(&obs);
        let expected = [
            (6.0, 21, 3, 0.8571),
            (7.0, 17, 1, 0.8067),
            (10.0, 15, 1, 0.7529),
            (13.0, 12, 1, 0.6902),
            (16.0, 11, 1, 0.6275),
            (22.0, 7, 1, 0.5378),
            (23.0, 6, 1, 0.4482),
        ];
        assert_eq!(steps.len(), expected.len());
        for (s, (t, n, d, surv)) in steps.iter().zip(expected) {
            assert_eq!((s.time, s.at_risk, s.events), (t, n, d), "{s:?}");
            assert!((s.survival - surv).abs() < 0.00005, "{s:?} vs {surv}");
        }
        assert_eq!(steps[0].censored, 1, "6+ is at risk at 6");
        assert_eq!(steps[2].censored, 1, "10+ is at risk at 10");
    }

    #[test]
    fn no_events_no_steps_and_all_events_reach_zero() {
        let censored = [Observation {
            time: 5.0,
            event: false,
        }];
        assert!(kaplan_meier(&censored).is_empty());
        assert!(kaplan_meier(&[]).is_empty());
        let all = [1.0, 2.0].map(|time| Observation { time, event: true });
        let steps = kaplan_meier(&all);
        assert_eq!(steps.last().map(|s| s.survival), Some(0.0));
        let nan = [Observation {
            time: f64::NAN,
            event: true,
        }];
        assert!(kaplan_meier(&nan).is_empty());
    }
}
