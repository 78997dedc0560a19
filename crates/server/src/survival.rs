//! The Kaplan–Meier product-limit estimator: Kaplan EL, Meier P.
//! Nonparametric estimation from incomplete observations. J Am Stat Assoc
//! 1958;53(282):457–481.
//!
//! S(t) = ∏ over event times t_j ≤ t of (1 − d_j / n_j), where d_j is the
//! number of events at t_j and n_j the number still at risk just before
//! t_j. An observation censored at t_j counts as at risk at t_j (events are
//! taken to precede censoring at a tie, as Kaplan and Meier do).
//!
//! Its standard error is Greenwood's (Greenwood M. The natural duration of
//! cancer. Reports on Public Health and Medical Subjects 33. London: HMSO,
//! 1926): Var S(t) = S(t)² · v(t), v(t) = Σ_{t_j ≤ t} d_j / (n_j (n_j − d_j)).
//! The 95% interval is computed on the log(−log S) scale and transformed
//! back (Kalbfleisch JD, Prentice RL. The Statistical Analysis of Failure
//! Time Data. New York: Wiley, 1980), which keeps it inside (0, 1) where the
//! plain S ± 1.96·SE interval spills over for small groups:
//! SE(log(−log S)) = √v / |log S|, and the bounds are
//! S^exp(+z·SE) (lower) and S^exp(−z·SE) (upper), z = 1.959964.
//! Where S = 0 (the last at risk died) neither is defined: none is given.

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
    /// Greenwood's standard error of S(t); none where S(t) = 0.
    pub std_err: Option<f64>,
    /// Lower bound of the 95% confidence interval (log-log); none where S(t) = 0.
    pub lower: Option<f64>,
    /// Upper bound of the 95% confidence interval (log-log); none where S(t) = 0.
    pub upper: Option<f64>,
}

/// The standard normal quantile of 0.975.
const Z95: f64 = 1.959_963_984_540_054;

/// Greenwood's standard error and the log-log 95% bounds of `survival`,
/// given Greenwood's sum `v`; none when S is 0 or 1 (no spread on that scale).
fn interval(survival: f64, v: f64) -> Option<(f64, f64, f64)> {
    if !(survival > 0.0 && survival < 1.0 && v.is_finite()) {
        return None;
    }
    let se_loglog = v.sqrt() / survival.ln().abs();
    Some((
        survival * v.sqrt(),
        survival.powf((Z95 * se_loglog).exp()),
        survival.powf((-Z95 * se_loglog).exp()),
    ))
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
    // Greenwood's running sum of d / (n (n − d)); infinite once n = d.
    let mut greenwood = 0.0;
    let mut steps = Vec::new();
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].time;
        let same = obs[i..].iter().take_while(|o| o.time == t).count();
        let events = obs[i..i + same].iter().filter(|o| o.event).count();
        if events > 0 {
            let (n, d) = (at_risk as f64, events as f64);
            survival *= 1.0 - d / n;
            greenwood += if events < at_risk {
                d / (n * (n - d))
            } else {
                f64::INFINITY
            };
            let ci = interval(survival, greenwood);
            steps.push(Step {
                time: t,
                at_risk,
                events,
                censored: same - events,
                survival,
                std_err: ci.map(|c| c.0),
                lower: ci.map(|c| c.1),
                upper: ci.map(|c| c.2),
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

    /// Greenwood's standard error and the log-log 95% interval for the same
    /// data, as R's `survfit(..., conf.type = "log-log")` prints them (SE to
    /// 4 decimals, bounds to 3), recomputed by hand:
    /// By hand at t=6: v = 3/(21·18) = 0.0079365, √v = 0.089087,
    ///   SE = 0.857143 · 0.089087 = 0.07636;
    ///   log S = −0.154151, SE(log(−log S)) = 0.089087 / 0.154151 = 0.57792,
    ///   1.959964 · 0.57792 = 1.13270, e^1.13270 = 3.10412, e^−1.13270 = 0.32215,
    ///   lower = 0.857143^3.10412 = e^(−0.47850) = 0.6197,
    ///   upper = 0.857143^0.32215 = e^(−0.04966) = 0.9516.
    /// At t=7: v = 0.0079365 + 1/(17·16) = 0.0116130, SE = 0.806723 · 0.107764
    ///   = 0.08694; at t=23: v = 0.090184, SE = 0.448179 · 0.300306 = 0.13459.
    #[test]
    fn greenwood_errors_and_log_log_intervals_match_the_worked_example() {
        let events = [6, 6, 6, 7, 10, 13, 16, 22, 23];
        let censored = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
        let obs: Vec<Observation> = censored
            .iter()
            .map(|&t| (t, false))
            .chain(events.iter().map(|&t| (t, true)))
            .map(|(t, event)| Observation {
                time: f64::from(t),
                event,
            })
            .collect();
        let steps = kaplan_meier(&obs);
        // (SE, lower, upper) at 6, 7, 10, 13, 16, 22, 23.
        let expected = [
            (0.0764, 0.620, 0.952),
            (0.0869, 0.563, 0.923),
            (0.0963, 0.503, 0.889),
            (0.1068, 0.432, 0.849),
            (0.1141, 0.368, 0.805),
            (0.1282, 0.268, 0.747),
            (0.1346, 0.188, 0.680),
        ];
        assert_eq!(steps.len(), expected.len());
        for (s, (se, lo, hi)) in steps.iter().zip(expected) {
            let got = (s.std_err.unwrap(), s.lower.unwrap(), s.upper.unwrap());
            assert!((got.0 - se).abs() < 0.00005, "{s:?} vs SE {se}");
            assert!((got.1 - lo).abs() < 0.0005, "{s:?} vs lower {lo}");
            assert!((got.2 - hi).abs() < 0.0005, "{s:?} vs upper {hi}");
            assert!(got.1 < s.survival && s.survival < got.2);
        }
    }

    #[test]
    fn no_interval_where_the_estimate_reaches_zero() {
        // 3 at risk: a death at 1 (S = 2/3), then both remaining at 2 (S = 0).
        let obs = [1.0, 2.0, 2.0].map(|time| Observation { time, event: true });
        let steps = kaplan_meier(&obs);
        assert!(steps[0].std_err.is_some() && steps[0].lower.is_some());
        assert_eq!(steps[1].survival, 0.0);
        assert_eq!(
            (steps[1].std_err, steps[1].lower, steps[1].upper),
            (None, None, None)
        );
        // And the JSON says so with nulls, not NaN.
        let json = serde_json::to_string(&steps[1]).unwrap();
        assert!(json.contains("\"lower\":null"), "{json}");
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
