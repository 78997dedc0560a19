//! Named clinical terms with their assertion: symptoms, examination
//! findings, diagnoses, history, procedures, events and disease status.

use casecourse_knowledge::Term;
use casecourse_model::{Certainty, Fact, Kind, PartRole, Relation, Span, Time, Value};

use super::{Ctx, untimed};
use crate::matcher::{Cat, Mention};

/// Whether a time counts a non-zero span from what it names.
pub(super) fn counts_a_span(what: &crate::timex::TimeRef) -> bool {
    use crate::timex::TimeRef;
    matches!(what, TimeRef::Index(d) | TimeRef::Anchored(d) | TimeRef::Cursor(d) if *d != 0.0)
}

/// Whether `m` is a visit placed by the time expression it ends ("at the
/// 12-month review": a time after the index, not an offset from the visit).
fn visit_at_its_time(ctx: &Ctx, m: &Mention, what: &crate::timex::TimeRef) -> bool {
    m.cat == Cat::Event
        && ctx.doc.lex.events[m.idx].group.as_deref() == Some("visit")
        && matches!(what, crate::timex::TimeRef::Index(_))
}

/// Admissions, discharges, deaths; remission, relapse.
pub fn events_and_status(ctx: &mut Ctx) {
    let ms: Vec<Mention> = ctx.free_of(&[Cat::Event, Cat::Status]);
    for m in ms {
        // "worsening dyspnea" describes the symptom; "did not respond" the
        // drug: neither is a disease status.
        let describes_next = ctx.v.mentions.iter().any(|x| {
            matches!(x.cat, Cat::Symptom | Cat::Condition | Cat::Finding)
                && x.start > m.end
                && x.start <= m.end + 1
        });
        let is_response = ctx
            .v
            .cues
            .iter()
            .any(|c| c.cue.role.starts_with("response-") && c.start < m.end && c.end > m.start);
        // The time expression an event word is part of ("at admission",
        // "4 weeks before admission").
        let in_time = (m.cat == Cat::Event)
            .then(|| {
                ctx.v
                    .times
                    .iter()
                    .find(|t| t.start <= m.start && m.end <= t.end)
            })
            .flatten();
        // "At the 12-month review": a visit named by its time happened at
        // that time (the time expression reads the noun with its number).
        let visit_named_by_time = in_time.is_some_and(|t| visit_at_its_time(ctx, &m, &t.what));
        let in_time = in_time.filter(|_| !visit_named_by_time);
        // "4 weeks before admission", "2 weeks after discharge", "on day 7
        // of hospitalization": the event is where a count of time starts
        // (inside the time's words, or right after a day read apart, "on
        // day 7" + "of hospitalization"); it did not happen at that time.
        let counts = |t: &crate::timex::TimeExpr| {
            counts_a_span(&t.what)
                || matches!(
                    t.what,
                    crate::timex::TimeRef::DayNumber(_)
                        | crate::timex::TimeRef::AdmissionDay(_)
                        | crate::timex::TimeRef::TreatmentDay(_)
                )
        };
        let origin_of_a_count = in_time.is_some_and(|t| t.start < m.start && counts(t))
            || (m.cat == Cat::Event
                && ctx.v.times.iter().any(|t| {
                    t.end <= m.start
                        && counts(t)
                        && matches!(
                            ctx.doc.lower_text(t.end, m.start),
                            " of "
                                | " after "
                                | " of the "
                                | " after the "
                                | " of his "
                                | " of her "
                        )
                }));
        if origin_of_a_count {
            continue;
        }
        if m.cat == Cat::Status && (describes_next || is_response) {
            continue;
        }
        // "DISCHARGE SUMMARY", "Admission medications:": the event word
        // names a document or a list, not an event.
        if m.cat == Cat::Event && names_a_document(ctx.text(m.end, (m.end + 16).min(ctx.v.s.end))) {
            continue;
        }
        // "Red eyes without discharge", "pus discharge", "no nasal
        // discharge": a secretion, not a hospital discharge.
        if m.cat == Cat::Event
            && ctx.doc.lex.events[m.idx].name == "discharge"
            && SECRETION_WORDS.iter().any(|w| {
                // The whole word: "near discharge" is no "ear".
                let before = ctx.lower_before(m.start, 14);
                before.ends_with(w)
                    && !before[..before.len() - w.len()]
                        .ends_with(|c: char| c.is_ascii_alphabetic())
            })
        {
            continue;
        }
        // "Given the high risk of death", "to prevent early death": a death
        // named as a risk or what treatment averts happened to no one.
        if m.cat == Cat::Event
            && ctx.doc.lex.events[m.idx].group.as_deref() == Some("death")
            && death_at_risk(ctx, &m)
        {
            ctx.claimed.insert(m.start);
            continue;
        }
        let (kind, t) = match m.cat {
            Cat::Event => (Kind::Event, &ctx.doc.lex.events[m.idx]),
            _ => (Kind::Status, &ctx.doc.lex.status[m.idx]),
        };
        // "Admitted to hospital for the third time": a readmission.
        let t = match ctx.doc.lex.events.iter().find(|e| e.name == "readmission") {
            Some(again)
                if kind == Kind::Event
                    && t.group.as_deref() == Some("admission")
                    && admitted_again(ctx.lower_after(m.end, 48)) =>
            {
                again
            }
            _ => t,
        };
        let better = matches!(t.group.as_deref(), Some("improved" | "resolved"));
        let subject = (kind == Kind::Status)
            .then(|| {
                status_subject(ctx, &m).or_else(|| better.then(|| noun_subject(ctx, &m)).flatten())
            })
            .flatten();
        // Remission, relapse, a response or its failure, and words that
        // name the disease ("disease progression", "stable disease") are
        // the disease's state.
        let of_the_disease = matches!(
            t.group.as_deref(),
            Some("remission" | "relapse" | "no-response" | "response" | "patient-state")
        ) || ctx
            .text(m.start, m.end)
            .to_ascii_lowercase()
            .contains("disease");
        // "Her condition deteriorated", "Symptoms resolved": the illness
        // as a whole is what changed, or the patient judged at the bedside
        // ("She improved clinically"); unless the sentence tells the
        // disease's state in its own words ("the condition was well
        // controlled, with no recurrence").
        let generic = kind == Kind::Status
            && subject.is_none()
            && !of_the_disease
            && !super::status_subjects::disease_state_told(ctx, &m);
        let illness = generic
            .then(|| super::status_subjects::illness_subject(ctx, &m, links_status))
            .flatten();
        let subject = subject.or(illness);
        let clinical = (generic && illness.is_none())
            .then(|| super::status_subjects::clinically(ctx, &m))
            .flatten();
        // "Complete resolution of her abdominal pain and rash": what
        // changed is told after the noun of change.
        let object = (kind == Kind::Status && better && subject.is_none())
            .then(|| status_object(ctx, &m))
            .flatten();
        // "She improved", "remained stable": a change without what changed
        // says nothing a course can keep. Remission, relapse, their
        // absence, a failed treatment and words that name the disease are
        // the disease's state; "became afebrile" the patient's.
        let names_the_disease = (of_the_disease && t.group.as_deref() != Some("response"))
            || illness.is_some()
            || clinical.is_some();
        if kind == Kind::Status && subject.is_none() && object.is_none() && !names_the_disease {
            continue;
        }
        // A patient-state status needs its words of change: bare
        // "afebrile" (its name, not among its aliases) is a temperature (a
        // vital sign); "symptom-free" lists itself and is a state.
        let surface = ctx.text(m.start, m.end);
        if t.group.as_deref() == Some("patient-state")
            && surface.eq_ignore_ascii_case(&t.name)
            && !t.aliases.iter().any(|a| a.eq_ignore_ascii_case(surface))
        {
            continue;
        }
        // "a symptom-free interval", "symptom-free until two days before
        // admission": a word of span after the state makes it no state of
        // the patient at that time.
        if t.group.as_deref() == Some("patient-state") {
            let next = ctx.next_word(m.end);
            if [
                "interval",
                "intervals",
                "survival",
                "period",
                "periods",
                "until",
            ]
            .contains(&next)
            {
                continue;
            }
        }
        let name = if let Some((what, _, _)) = &object {
            let change = if t.group.as_deref() == Some("improved") {
                "improved"
            } else {
                "resolved"
            };
            format!("{what} {change}")
        } else if let Some((said, _)) = &clinical {
            said.clone()
        } else if let Some(from) = subject {
            // "the fever resolved", "joint pain and rash settled": what
            // changed is part of the status, without the auxiliaries
            // ("the DKA had resolved": "DKA resolved").
            let said = ctx
                .text(from, m.end)
                .split(' ')
                .filter(|w| !STATUS_LINKS.contains(&w.to_ascii_lowercase().as_str()))
                .collect::<Vec<_>>()
                .join(" ");
            // A common noun of the illness opening the sentence
            // ("Symptoms resolved") is no proper name.
            if illness.is_some() {
                said.to_ascii_lowercase()
            } else {
                said
            }
        } else {
            t.name.clone()
        };
        let end = clinical.as_ref().map_or(m.end, |&(_, end)| end);
        let mut f = ctx.fact(kind, &name, subject.unwrap_or(m.start), end);
        // "tests were not feasible at admission": an event named as a time
        // is not what the clause affirms or denies.
        let mut a = if in_time.is_some() {
            crate::context::Assertion::default()
        } else {
            ctx.assert(&mut f, m.start, m.end)
        };
        // "No recurrence at the 1-year follow-up": a visit named as a time
        // took place when the denial has its own object before it ("did not
        // attend the 6-month review" has none).
        if visit_named_by_time
            && let Some((_, neg_end)) = a.negation.filter(|_| a.negated)
            && ctx.v.mentions.iter().any(|x| {
                x.end > neg_end
                    && x.end <= m.start
                    && matches!(
                        x.cat,
                        Cat::Status | Cat::Condition | Cat::Symptom | Cat::Finding
                    )
            })
        {
            a.negated = false;
            f.negated = false;
            f.parts.retain(|p| p.role != PartRole::Negation);
        }
        // "Her mother passed away", "his father was admitted": a
        // relative's event or state is no event of the patient's course.
        // The relative must come before it, in its clause: "discharged home
        // to the care of her daughter" is the patient's discharge.
        let clause = ctx.clause_start(m.start);
        let relative_first = ctx
            .v
            .hits
            .iter()
            .any(|h| h.trigger.category == "family" && h.start >= clause && h.end <= m.start);
        if a.family && relative_first {
            continue;
        }
        // "No recurrence of ILD", "no flare of myositis": the denial is the
        // recurrence's, and the disease it names is not excluded.
        let denied_course = (a.negated || t.name.starts_with("no "))
            && matches!(t.group.as_deref(), Some("relapse" | "remission"));
        if kind == Kind::Status && denied_course {
            for x in denied_course_of(ctx, &m) {
                ctx.claimed.insert(x);
            }
        }
        if kind == Kind::Status && a.negated {
            // "no recurrence of the disease" is a status of its own; a state
            // of the patient denied is "not" it ("not returned to work").
            f.name = if t.name.starts_with("no ") {
                t.name.clone()
            } else if t.group.as_deref() == Some("patient-state") {
                format!("not {}", t.name)
            } else {
                format!("no {}", t.name)
            };
            f.negated = false;
        }
        ctx.claimed.insert(m.start);
        // A sign that resolved is gone; one "improving" is still there.
        let gone = t.group.as_deref() == Some("resolved");
        let got_better = |x: &Mention| x.cat == Cat::Symptom || (gone && x.cat == Cat::Finding);
        // "Chest tightness and dyspnoea gradually improved", "the Gottron's
        // papules resolved": the complaints and signs are what got better,
        // not ones present at that time (one
        // that worsened is still present, and a diagnosis keeps its fact).
        if let Some((_, from, to)) = object.filter(|_| !a.negated) {
            f.spans.push(Span::new(from, to));
            let inside: Vec<usize> = ctx
                .v
                .mentions
                .iter()
                .filter(|x| x.start >= from && x.end <= to && got_better(x))
                .map(|x| x.start)
                .collect();
            ctx.claimed.extend(inside);
        }
        if let Some(from) = subject.filter(|_| better && !a.negated) {
            let inside: Vec<usize> = ctx
                .v
                .mentions
                .iter()
                .filter(|x| x.start >= from && x.end <= m.start && got_better(x))
                .map(|x| x.start)
                .collect();
            ctx.claimed.extend(inside);
        }
        ctx.out.push(f);
    }
}

/// Words whose object is a death that may come, not one that came: "the
/// risk of death", "to prevent death".
const RISK_OF: &[&str] = &[
    "risk of",
    "risk for",
    "risks of",
    "danger of",
    "likelihood of",
    "probability of",
    "chance of",
    "odds of",
    "prevent",
    "preventing",
    "prevention of",
    "reduce",
    "reducing",
    "reduction of",
    "reduction in",
    "avoid",
    "avoiding",
];

/// Whether death mention `m` is the object of a word of risk or
/// prevention (at most two words between, "risk of early death"), or
/// heads one ("death rate", "death risk").
fn death_at_risk(ctx: &Ctx, m: &Mention) -> bool {
    let before = ctx.lower_before(m.start, 40);
    let before = before.rsplit([',', ';', '(']).next().unwrap_or(before);
    let risked = RISK_OF.iter().any(|w| {
        before.rfind(w).is_some_and(|at| {
            let between = &before[at + w.len()..];
            let whole = at == 0 || !before.as_bytes()[at - 1].is_ascii_alphabetic();
            whole
                && between.starts_with(' ')
                && between.split_whitespace().count() <= 2
                && !between.contains(|c: char| c.is_ascii_digit())
        })
    });
    risked || matches!(ctx.next_word(m.end), "rate" | "rates" | "risk")
}

/// Words right before "discharge" that make it a secretion.
const SECRETION_WORDS: &[&str] = &[
    "without ",
    "no ",
    "pus ",
    "purulent ",
    "blood ",
    "bloody ",
    "nasal ",
    "vaginal ",
    "nipple ",
    "ear ",
    "eye ",
    "ocular ",
    "urethral ",
    "serous ",
    "mucoid ",
    "mucopurulent ",
    "watery ",
    "wound ",
    "penile ",
    "rectal ",
];

/// Social and past history ("no smoking history", "denied illicit drug use").
pub fn history(ctx: &mut Ctx) {
    let ms: Vec<Mention> = ctx.free_of(&[Cat::History]);
    for m in ms {
        let t = &ctx.doc.lex.history[m.idx];
        let group = t.group.as_deref().unwrap_or("history");
        // "travelled to the emergency department": no journey abroad.
        if t.name == "recent travel" && super::social::travel_to_care(ctx, &m) {
            continue;
        }
        let kind = if group.starts_with("social") {
            Kind::Social
        } else {
            Kind::History
        };
        let mut f = ctx.fact(kind, &t.name, m.start, m.end);
        untimed(&mut f);
        ctx.assert(&mut f, m.start, m.end);
        if group == "history-family" {
            match family_of(ctx, m) {
                // Named by the condition's own fact ("family history of
                // rheumatoid arthritis").
                Some(None) => {
                    ctx.claimed.insert(m.start);
                    continue;
                }
                Some(Some((what, end))) => {
                    f.name = format!("{} of {what}", t.name);
                    f.spans = vec![Span::new(m.start, end)];
                }
                None => {}
            }
        }
        if group == "social-habit" {
            habit_value(ctx, &mut f, m);
        }
        let nothing = label_none(ctx, m);
        let allergies = if group == "history-allergy" && nothing.is_none() {
            super::allergy::allergens_after(ctx, m)
        } else {
            Vec::new()
        };
        if let Some(last) = allergies.last() {
            let end = last.end;
            // The allergens are no drugs given ("allergic to
            // co-trimoxazole"), read by the medication builder before this
            // one, and the reactions no complaints of their own.
            ctx.out.retain(|g| {
                g.kind != Kind::Medication
                    || !g.spans.iter().all(|s| s.start >= m.end && s.end <= end)
            });
            ctx.claim_within(m.end, end);
            ctx.claimed.insert(m.start);
            for a in allergies {
                let mut g = f.clone();
                g.name = format!("{} allergy", a.allergen);
                g.spans = vec![Span::new(m.start, a.end)];
                if let Some((reaction, span)) = a.reaction {
                    g.value = Some(Value::Text(reaction));
                    g.set_part(PartRole::Value, span);
                }
                ctx.out.push(g);
            }
            continue;
        }
        // "Allergies: NKDA", "Allergies: none": a label answered with
        // nothing.
        if let Some(c) = nothing {
            f.negated = true;
            f.set_part(PartRole::Negation, Span::new(c.0, c.1));
        }
        ctx.claimed.insert(m.start);
        // "Past medical history:", "Family history:" as headings.
        if t.negated_only && !f.negated && f.name == t.name {
            continue;
        }
        ctx.out.push(f);
    }
}

/// A cue saying "none" right after a history label and its colon
/// ("Allergies: NKDA"), or over the whole mention, which then says "none"
/// itself ("NKDA").
fn label_none(ctx: &Ctx, m: Mention) -> Option<(usize, usize)> {
    let rest = ctx.text_after(m.end, 8);
    let answer = rest
        .trim_start_matches(' ')
        .strip_prefix(':')
        .map(|colon| m.end + (rest.len() - colon.len()) + (colon.len() - colon.trim_start().len()));
    ctx.v
        .cues_with("label-none")
        .find(|c| Some(c.start) == answer || c.start <= m.start && c.end >= m.end)
        .map(|c| (c.start, c.end))
}

/// The family-history fact of the sentence that a condition continues:
/// only list words and commas stand between them ("... coronary artery
/// disease or sudden cardiac death"), and no verb follows the condition
/// ("... of CAD, and hypertension was treated" is the patient's).
fn family_list_head<'f>(ctx: &'f Ctx, m: &Mention) -> Option<&'f Fact> {
    let head = ctx
        .out
        .iter()
        .filter(|f| f.experiencer == casecourse_model::Experiencer::Family)
        .filter_map(|f| Some((f.spans.iter().map(|s| s.end).max()?, f)))
        .filter(|&(end, _)| end <= m.start)
        .max_by_key(|&(end, _)| end)?;
    let gap = ctx.doc.lower_text(head.0, m.start);
    let listed = gap
        .split([' ', ','])
        .all(|w| ["", "or", "and", "nor", "early", "premature"].contains(&w));
    let next = ctx.next_word(m.end);
    let verb = [
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "developed",
        "required",
    ]
    .contains(&next);
    (listed && !verb).then_some(head.1)
}

/// What a family history is of: "no family history of kidney disease".
/// `Some(None)` when a condition the lexicon knows is named there (its
/// fact says it); `None` when no "of" follows.
fn family_of(ctx: &Ctx, m: Mention) -> Option<Option<(String, usize)>> {
    let rest = ctx.text_after(m.end, 80);
    let phrase = rest.strip_prefix(" of ")?;
    let from = m.end + 4;
    let len = super::phrase_end(
        phrase,
        &[
            ",", ";", ".", " or ", " and ", "(", " in ", " which", " that",
        ],
    );
    let what = phrase[..len].trim_end();
    if what.is_empty() || len == phrase.len() && rest.len() == 80 {
        return None;
    }
    let shared = shared_head(what, &phrase[len..]);
    let names_condition = ctx
        .v
        .mentions
        .iter()
        .any(|x| x.cat == Cat::Condition && x.start >= from && x.end <= from + what.len());
    let name = match shared {
        Some(head) => format!("{} {head}", what.to_ascii_lowercase()),
        None => what.to_ascii_lowercase(),
    };
    Some((!names_condition).then(|| (name, from + what.len())))
}

/// The head noun a list shares with its first member, written only after
/// the last ("autoimmune or neuromuscular disease": "disease" is the
/// autoimmune one's too), when the first member is a lone modifier.
fn shared_head(first: &str, after: &str) -> Option<&'static str> {
    const HEADS: &[(&str, &str)] = &[
        ("disease", "disease"),
        ("diseases", "disease"),
        ("disorder", "disorder"),
        ("disorders", "disorder"),
        ("illness", "illness"),
        ("illnesses", "illness"),
    ];
    // A modifier: an adjective ("cardiac", "autoimmune") or an organ used
    // as one ("lung", "kidney"); not a disease of its own ("cancer").
    const ORGANS: &[&str] = &[
        "autoimmune",
        "lung",
        "kidney",
        "liver",
        "heart",
        "thyroid",
        "skin",
        "joint",
        "muscle",
        "bone",
        "blood",
        "eye",
        "bowel",
        "brain",
        "nerve",
    ];
    const ADJECTIVE_ENDS: &[&str] = &["al", "ic", "ary", "ous", "ar", "ive"];
    let joined = after
        .strip_prefix(" or ")
        .or_else(|| after.strip_prefix(" and "))?;
    let lower = first.to_ascii_lowercase();
    let modifier =
        ORGANS.contains(&lower.as_str()) || ADJECTIVE_ENDS.iter().any(|e| lower.ends_with(e));
    if first.contains(' ') || !modifier {
        return None;
    }
    let end = super::phrase_end(
        joined,
        &[
            ",", ";", ".", "(", " in ", " which", " that", " was ", " were ", " is ",
        ],
    );
    let last = joined[..end]
        .split_whitespace()
        .last()?
        .to_ascii_lowercase();
    HEADS
        .iter()
        .find(|(w, _)| *w == last)
        .map(|(_, head)| *head)
}

/// Symptoms, examination findings, other findings and diagnoses.
pub fn clinical_terms(ctx: &mut Ctx) {
    let ms: Vec<Mention> = ctx.free_of(&[Cat::Symptom, Cat::Finding, Cat::Condition]);
    // "tender" in "tender cervical lymphadenopathy" is part of a name, not a
    // finding of its own.
    let named: Vec<Span> = ms
        .iter()
        .filter_map(|m| {
            let name = match m.cat {
                Cat::Symptom => &ctx.doc.lex.symptoms[m.idx].name,
                Cat::Finding => &ctx.doc.lex.findings[m.idx].name,
                _ => return None,
            };
            name_words(ctx, m, name).span
        })
        .collect();
    let mut done: Vec<(usize, usize)> = Vec::new();
    for m in &ms {
        if done.contains(&(m.start, m.end))
            || named.iter().any(|s| s.start <= m.start && m.end <= s.end)
        {
            continue;
        }
        // One span may name a symptom and a condition: the symptom reading
        // wins, then an examination finding, then the diagnosis.
        let same: Vec<&Mention> = ms
            .iter()
            .filter(|x| x.start == m.start && x.end == m.end)
            .collect();
        let pick = same
            .iter()
            .find(|x| x.cat == Cat::Symptom)
            .or_else(|| same.iter().find(|x| x.cat == Cat::Finding))
            .unwrap_or(&same[0]);
        done.push((m.start, m.end));
        if pick.cat == Cat::Symptom && sampled(ctx, pick) {
            continue;
        }
        match pick.cat {
            Cat::Symptom => symptom(ctx, pick),
            Cat::Finding => finding(ctx, pick),
            _ => diagnosis(ctx, pick),
        }
    }
}

/// How far from a specimen a word of testing may stand: "cultures of
/// sputum", "sputum MC&S sent", "three induced sputum samples".
const SAMPLED_REACH: usize = 24;

/// Whether a complaint named by a specimen ("sputum") is the specimen of a
/// test here: a word of testing (cue role `specimen-test`) stands close by
/// in its clause ("Sputum culture grew...", "Xpert MTB/RIF on sputum").
fn sampled(ctx: &Ctx, m: &Mention) -> bool {
    let specimen = ctx
        .v
        .cues_with("specimen")
        .any(|c| c.start == m.start && c.end == m.end);
    if !specimen {
        return false;
    }
    // Nothing that starts another item may stand between them: "purulent
    // sputum, and blood cultures were sent" keeps its complaint.
    let joined = |a: usize, b: usize| {
        b - a <= SAMPLED_REACH && !ctx.doc.lower_text(a, b).contains([',', ';', '.'])
    };
    ctx.v.cues_with("specimen-test").any(|c| {
        c.end <= m.start && joined(c.end, m.start) || c.start >= m.end && joined(m.end, c.start)
    })
}

/// The words written right before a complaint or finding that belong in its
/// name: qualifiers of character or place ("fine bibasal crackles",
/// "pleuritic chest pain"; cue role `name-qualifier`, up to three), and a
/// body part right before a one-word term ("calf tenderness", "ankle
/// swelling": a bare "tenderness" says nothing), which is also its site.
#[derive(Default)]
pub(super) struct NameWords {
    /// Lowercased words, in text order, without the term itself.
    words: String,
    /// Their span.
    span: Option<Span>,
    /// The body part among them, if any.
    site: Option<(String, Span)>,
}

pub(super) fn name_words(ctx: &Ctx, m: &Mention, name: &str) -> NameWords {
    let mut out = NameWords::default();
    let mut pos = m.start;
    for step in 0..3 {
        // The body part may only sit right before a one-word term.
        let part_ok = step == 0 && !name.contains(' ');
        let before = ctx
            .v
            .cues
            .iter()
            .filter(|c| {
                c.end < pos
                    && ctx.text(c.end, pos) == " "
                    && (c.cue.role == "name-qualifier" || (part_ok && c.cue.role == "anatomy"))
            })
            .min_by_key(|c| c.start);
        let Some(c) = before else { break };
        let word = ctx.text(c.start, c.end).to_lowercase();
        if c.cue.role == "anatomy" {
            out.site = Some((word.clone(), Span::new(c.start, c.end)));
        }
        out.words = if out.words.is_empty() {
            word
        } else {
            format!("{word} {}", out.words)
        };
        out.span = Some(Span::new(c.start, out.span.map_or(c.end, |s| s.end)));
        pos = c.start;
    }
    out
}

/// Names a fact after the words before it, and sets its site.
pub(super) fn with_name_words(f: &mut casecourse_model::Fact, w: NameWords) {
    let Some(span) = w.span else { return };
    f.name = format!("{} {}", w.words, f.name);
    if let Some((site, at)) = w.site {
        f.site = Some(site);
        f.set_part(PartRole::Site, at);
    }
    // The words run straight into the term: one span from the first word.
    match f.spans.iter_mut().find(|s| s.start == span.end + 1) {
        Some(term) => term.start = span.start,
        None => {
            f.spans.push(span);
            f.spans.sort();
        }
    }
}

pub(super) fn symptom(ctx: &mut Ctx, m: &Mention) {
    let doc = ctx.doc;
    complaint(ctx, m, &doc.lex.symptoms[m.idx]);
}

/// A complaint named by lexicon term `t` (a symptom, or an examination
/// sign the patient tells of: "complained of muscle weakness for 3
/// weeks"), with its onset and duration.
fn complaint(ctx: &mut Ctx, m: &Mention, t: &Term) {
    let mut f = ctx.fact(Kind::Symptom, &t.name, m.start, m.end);
    with_name_words(&mut f, name_words(ctx, m, &t.name));
    code(&mut f, t);
    ctx.assert(&mut f, m.start, m.end);
    let weight_change = super::weight_change::amount_of(ctx, m);
    if let Some(q) = &weight_change {
        super::weight_change::set_amount(&mut f, q);
    }
    let before_or_at_index = matches!(f.time.relation, Relation::Before | Relation::Unknown)
        || f.time.day.is_some_and(|d| d <= 0.0);
    // "cough lasting for 1 month", "two months of dry cough" date the onset
    // of every complaint in the sentence; a plain "for 2 weeks" only the
    // complaint it follows ("jaw pain after chewing for a minute" leaves
    // the sentence's "over the preceding three weeks" to the others).
    // One told across ", and" dates the complaints of its own clause ("for
    // four days he had been short of breath, and for a week his calf had
    // been swollen").
    // Only the words between them are read, and a span farther than a
    // long clause away counts as across (a long line stays linear).
    let across = |a: usize, b: usize| {
        let (from, to) = if b <= m.start {
            (b, m.start)
        } else {
            (m.end, a)
        };
        let between = ctx.text(from, to.max(from));
        between.len() > 300 || between.contains(", and ") || between.contains("; ")
    };
    let near = ctx
        .doc
        .durations(ctx.v.idx)
        .filter(|(_, onset, a, _)| *onset || (*a >= m.end && *a <= m.end + 25))
        .min_by_key(|d| (across(d.2, d.3), d.2.abs_diff(m.end)));
    if let Some((d, onset, a, b)) = near {
        f.set_part(PartRole::Duration, Span::new(a, b));
        if onset || before_or_at_index {
            let anchor = if f.time.relation == Relation::At {
                f.time.day.unwrap_or(0.0)
            } else {
                0.0
            };
            f.time = Time {
                relation: Relation::Onset,
                day: Some(anchor - d.days),
                duration: Some(d),
                ..Time::default()
            };
        } else {
            f.time.duration = Some(d);
        }
    } else if f.kind == Kind::Symptom
        && !f.negated
        // Day 0, dated or not: the complaint came before it (and keeps no
        // date, which is the index day's).
        && (Time {
            date: None,
            ..f.time.clone()
        }) == Time::at(0.0)
        && ctx.doc.presenting(ctx.v.idx, m.start)
    {
        f.time = Time::before(0.0);
    }
    if weight_change.is_some() {
        super::weight_change::over_its_span(&mut f);
    }
    ctx.out.push(f);
}

fn finding(ctx: &mut Ctx, m: &Mention) {
    let doc = ctx.doc;
    let t = &doc.lex.findings[m.idx];
    let group = t.group.as_deref().unwrap_or("");
    // Read with its imaging study, or as a vital sign; a specific imaging
    // finding is a fact of its own when neither its sentence nor the one
    // before names a study ("A pericardial effusion was detected"; not the
    // "No pneumothorax." that ends a chest X-ray's report).
    let study = |ms: &[Mention]| ms.iter().any(|x| x.cat == Cat::Imaging);
    let alone = group == "imaging"
        && t.standalone
        && !study(ctx.v.mentions)
        && !(ctx.v.idx > 0 && study(ctx.doc.mentions_of(ctx.v.idx - 1)));
    if (group == "imaging" && !alone) || group == "vital" {
        return;
    }
    if group == "exam" && told_as_complaint(ctx, m) {
        complaint(ctx, m, t);
        return;
    }
    let kind = if group == "exam" || (alone && at_examination(ctx)) {
        Kind::Exam
    } else {
        Kind::Finding
    };
    let mut f = ctx.fact(kind, &t.name, m.start, m.end);
    code(&mut f, t);
    ctx.assert(&mut f, m.start, m.end);
    let words = name_words(ctx, m, &t.name);
    let placed = words.site.is_some();
    with_name_words(&mut f, words);
    if (kind == Kind::Exam || alone)
        && !placed
        && let Some((site, span)) = site(ctx, m)
    {
        f.site = Some(site);
        f.set_part(PartRole::Site, span);
    }
    ctx.out.push(f);
}

/// Whether the patient tells of sign `m` in its clause ("complained of
/// muscle weakness", "had noticed swelling of her fingers", "a 3-week
/// history of weakness"): a complaint, not a sign found on examination.
fn told_as_complaint(ctx: &Ctx, m: &Mention) -> bool {
    const TOLD: &[&str] = &[
        "complained of",
        "complaining of",
        "complains of",
        "noticed",
        "suffered from",
        "suffering from",
        "history of",
        "reported",
        "reports",
    ];
    let before = ctx.doc.lower_text(ctx.clause_start(m.start), m.start);
    TOLD.iter().any(|w| before.contains(w))
}

/// Whether the sentence reports an examination: under its heading, naming
/// it, or with a sign found by examining ("no pericardial rub or pleural
/// effusion").
fn at_examination(ctx: &Ctx) -> bool {
    let lex = ctx.doc.lex;
    ctx.v
        .s
        .heading
        .as_deref()
        .is_some_and(|h| h.contains("exam"))
        || ctx
            .doc
            .lower_text(ctx.v.s.start, ctx.v.s.end)
            .contains("examination")
        || ctx
            .v
            .mentions
            .iter()
            .any(|x| x.cat == Cat::Finding && lex.findings[x.idx].group.as_deref() == Some("exam"))
}

fn diagnosis(ctx: &mut Ctx, m: &Mention) {
    let t = &ctx.doc.lex.conditions[m.idx];
    let mut f = ctx.fact(Kind::Diagnosis, &t.name, m.start, m.end);
    code(&mut f, t);
    let mut a = ctx.assert(&mut f, m.start, m.end);
    // "Infection was excluded" says something; "an infection" alone does
    // not name a diagnosis.
    if t.negated_only && !f.negated {
        return;
    }
    // "no family history of early coronary artery disease or sudden
    // cardiac death": the list after a relative's condition is theirs too,
    // beyond the reach of the family trigger.
    if !a.family
        && let Some(head) = family_list_head(ctx, m)
    {
        // "no family history of A or B": B is denied with A.
        let denied = head.negated;
        a.family = true;
        f.experiencer = casecourse_model::Experiencer::Family;
        f.negated |= denied;
    }
    // Under "Past medical history", or "a history of": the patient's
    // history, not a diagnosis of this course.
    let pmh = ctx.under_history_heading();
    let listed = ctx.in_history_list(m.start);
    if pmh
        || listed
        || comorbidity(ctx, m)
        || kept_on_a_drug(ctx, m, &f)
        || (a.historical && (f.time.relation != Relation::At || !states_its_time(&f)))
    {
        f.kind = Kind::History;
        untimed(&mut f);
    }
    // "Her father had rheumatoid arthritis": family history, with the
    // relative as its value.
    if a.family {
        f.kind = Kind::History;
        untimed(&mut f);
        // "No personal or family history of VTE": the patient's history
        // too, told first.
        if a.relative.is_some_and(|(s, _)| personal_and_family(ctx, s)) {
            let mut own = f.clone();
            own.experiencer = casecourse_model::Experiencer::Patient;
            ctx.out.push(own);
        }
        f.name = format!("family history of {}", t.name);
        if let Some((s, e)) = a.relative {
            let who = ctx.text(s, e).to_ascii_lowercase();
            if !who.contains("family") {
                f.value = Some(Value::Text(who));
            }
        }
    }
    // A history only: a diagnosis of the course keeps the time it is made.
    if !f.negated && !a.family && f.kind == Kind::History {
        lasted_since(ctx, m, &mut f);
    }
    if f.negated && f.kind == Kind::Diagnosis {
        // "IPF unlikely" argues against it (its trigger names the status);
        // "TB was excluded" rules it out.
        let status = a.negation.and_then(|(s, e)| {
            ctx.v
                .hits
                .iter()
                .find(|h| (h.start, h.end) == (s, e))
                .and_then(|h| h.trigger.status.clone())
        });
        f.status = Some(status.unwrap_or_else(|| "excluded".into()));
    } else if f.certainty == Certainty::Possible {
        f.status = Some("suspected".into());
    }
    f.qualifier = qualifier(ctx, m.start);
    ctx.out.push(f);
}

/// "A 20-year history of hypertension", "a 3-year history of rheumatoid
/// arthritis": how long a condition has lasted, told right before its
/// name, dates its onset that long before the sentence's time (the
/// index for a history), as it does a complaint's.
fn lasted_since(ctx: &Ctx, m: &Mention, f: &mut Fact) {
    let Some((d, _, a, b)) = ctx.doc.durations(ctx.v.idx).find(|(_, onset, _, b)| {
        *onset && *b <= m.start && ctx.text(*b, m.start).trim().is_empty()
    }) else {
        return;
    };
    if !ctx.text(a, b).to_ascii_lowercase().ends_with(" of") {
        return;
    }
    let anchor = match f.time.relation {
        Relation::At => f.time.day.unwrap_or(0.0),
        _ => 0.0,
    };
    f.set_part(PartRole::Duration, Span::new(a, b));
    f.time = Time {
        relation: Relation::Onset,
        day: Some(anchor - d.days),
        duration: Some(d),
        ..Time::default()
    };
}

/// Whether the family history that opens at `at` is the patient's too:
/// "no personal or family history of", "a personal and family history
/// of".
fn personal_and_family(ctx: &Ctx, at: usize) -> bool {
    let before = ctx.lower_before(at, 16);
    ["personal or ", "personal and ", "personal nor "]
        .iter()
        .any(|w| before.ends_with(w))
}

/// Whether a fact's own sentence dates it ("in 2015 she had a history of
/// ..."), rather than the story's current time (the admission told just
/// before "She had a history of hypertension").
fn states_its_time(f: &Fact) -> bool {
    f.parts.iter().any(|p| p.role == PartRole::Time)
}

/// Whether the words after an admission make it another one: "(admitted
/// to hospital) for the third time", "for a second time", in its clause.
fn admitted_again(after: &str) -> bool {
    const AGAIN: &[&str] = &[
        "second", "third", "fourth", "fifth", "sixth", "2nd", "3rd", "4th", "5th", "6th",
    ];
    let clause = after.split([',', ';', '.']).next().unwrap_or("");
    clause.split(" for ").skip(1).any(|rest| {
        let rest = rest
            .strip_prefix("the ")
            .or_else(|| rest.strip_prefix("a "))
            .unwrap_or("");
        AGAIN
            .iter()
            .any(|n| rest.strip_prefix(n).is_some_and(|r| r.starts_with(" time")))
    })
}

/// Whether the words after an event word make it a modifier of a
/// document or a list ("discharge summary", "admission medications").
fn names_a_document(after: &str) -> bool {
    const NOUNS: &[&str] = &[
        "summary",
        "letter",
        "note",
        "notes",
        "medication",
        "medications",
        "meds",
        "diagnosis",
        "diagnoses",
        "instructions",
        "planning",
        "criteria",
    ];
    let word = after
        .trim_start_matches(' ')
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    NOUNS.contains(&word.as_str())
}

/// Words of tense, sequence and judgement that may stand between a
/// complaint and the verb of its change, and are left out of the status's
/// name ("the DKA had resolved", "DKA was considered resolved": "DKA
/// resolved").
const STATUS_LINKS: &[&str] = &[
    "had",
    "has",
    "have",
    "was",
    "were",
    "is",
    "are",
    "then",
    "also",
    "subsequently",
    "eventually",
    "now",
    "considered",
    "deemed",
];

/// Words of manner that may also stand there, and stay in the name ("the
/// fever had completely resolved").
const MANNER: &[&str] = &[
    "completely",
    "fully",
    "gradually",
    "quickly",
    "rapidly",
    "all",
    "both",
    "largely",
    "partially",
    "almost",
];

/// Whether `word` may stand between a complaint and the verb of its change.
fn links_status(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    STATUS_LINKS.contains(&w.as_str()) || MANNER.contains(&w.as_str())
}

/// "Her swallowing improved", "his breathing had improved": the noun
/// right after a possessive or "the" is what got better, when no complaint
/// is named. Up to three words, letters only.
fn noun_subject(ctx: &Ctx, m: &Mention) -> Option<usize> {
    const DETERMINERS: &[&str] = &["her", "his", "their", "the", "its"];
    let clause = ctx.clause_start(m.start);
    let before = ctx.text(clause, m.start);
    let words: Vec<(usize, &str)> = before
        .split(' ')
        .scan(clause, |at, w| {
            let start = *at;
            *at += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    let mut k = words.len();
    while k > 0 && links_status(words[k - 1].1) {
        k -= 1;
    }
    let end = k;
    while k > 0 && end - k < 3 {
        let w = words[k - 1].1;
        if DETERMINERS.contains(&w.to_ascii_lowercase().as_str()) {
            break;
        }
        if !w.bytes().all(|b| b.is_ascii_alphabetic() || b == b'-') {
            return None;
        }
        k -= 1;
    }
    let det = words.get(k.checked_sub(1)?)?.1.to_ascii_lowercase();
    let from = *words.get(k)?;
    // "The patient improved": the patient, not a part of the illness.
    let person = ctx
        .v
        .cues_with("patient-reference")
        .any(|c| c.end > from.0 && c.start < m.start);
    (k < end && DETERMINERS.contains(&det.as_str()) && !person).then_some(from.0)
}

/// The starts of the conditions a denied change of course names right
/// after it ("no recurrence of (the) ILD", "no relapse in her myositis",
/// "no relapse of dermatomyositis or ILD"): every one of a list is the
/// course's, none is excluded.
fn denied_course_of(ctx: &Ctx, m: &Mention) -> Vec<usize> {
    const LEADS: &[&str] = &["of", "in", "the", "her", "his", "their"];
    const JOINS: &[&str] = &["and", "or", "nor", "the", "her", "his", "their"];
    let end = ctx.clause_end(m.end);
    let condition_from = |from: usize| {
        ctx.v
            .mentions
            .iter()
            .find(|x| x.cat == Cat::Condition && x.start >= from && x.end <= end)
    };
    let Some(first) = condition_from(m.end) else {
        return Vec::new();
    };
    let lead = ctx.doc.lower_text(m.end, first.start);
    let mut words = lead.split_whitespace();
    if !(matches!(words.next(), Some("of" | "in")) && words.all(|w| LEADS.contains(&w))) {
        return Vec::new();
    }
    let mut starts = vec![first.start];
    let mut last = first;
    while let Some(next) = condition_from(last.end) {
        let gap = ctx.doc.lower_text(last.end, next.start);
        let joined = gap
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|w| !w.is_empty())
            .all(|w| JOINS.contains(&w));
        if !joined || gap.trim().is_empty() {
            break;
        }
        starts.push(next.start);
        last = next;
    }
    starts
}

/// The complaints a noun of change names after it ("complete resolution of
/// her abdominal pain and rash", "improvement in dyspnoea"): their words
/// as written and their span; the complaints follow "of" or
/// "in" and a possessive, joined by commas, "and" or "or".
fn status_object(ctx: &Ctx, m: &Mention) -> Option<(String, usize, usize)> {
    const LEADS: &[&str] = &["of", "in", "the", "her", "his", "their", "all"];
    let surface = ctx.text(m.start, m.end).to_ascii_lowercase();
    if surface.ends_with("ed") {
        return None;
    }
    // "No improvement in his cough", "without resolution of the fever":
    // the complaint goes on.
    let before = ctx.lower_before(m.start, 12);
    if [
        "no ", "without ", "lack of ", "failed ", "not ", "little ", "minimal ",
    ]
    .iter()
    .any(|w| before.ends_with(w))
    {
        return None;
    }
    let complaint = |x: &&Mention| matches!(x.cat, Cat::Symptom | Cat::Condition | Cat::Finding);
    let end = ctx.clause_end(m.end);
    let first = ctx
        .v
        .mentions
        .iter()
        .filter(complaint)
        .find(|x| x.start >= m.end && x.end <= end)?;
    let lead = ctx.text(m.end, first.start).to_ascii_lowercase();
    let words: Vec<&str> = lead.split_whitespace().collect();
    if words.first() != Some(&"of") && words.first() != Some(&"in") {
        return None;
    }
    if !words.iter().all(|w| LEADS.contains(w)) {
        return None;
    }
    let mut last = *first;
    while let Some(next) = ctx
        .v
        .mentions
        .iter()
        .filter(complaint)
        .find(|x| x.start >= last.end && x.end <= end)
    {
        let gap = ctx.text(last.end, next.start).trim().to_ascii_lowercase();
        if !matches!(gap.as_str(), "and" | "or" | "," | ", and" | ", or") {
            break;
        }
        last = *next;
    }
    let what = ctx.text(first.start, last.end).to_string();
    Some((what, first.start, last.end))
}

/// The start of the complaints a status verb speaks of ("fever resolved",
/// "joint pain and rash settled"), when they come right before it.
fn status_subject(ctx: &Ctx, m: &Mention) -> Option<usize> {
    let only = |from: usize, to: usize, fits: &dyn Fn(&str) -> bool| {
        ctx.text(from, to)
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .all(fits)
    };
    let complaint = |x: &&Mention| matches!(x.cat, Cat::Symptom | Cat::Condition | Cat::Finding);
    let clause = ctx.clause_start(m.start);
    let mut subject = ctx
        .v
        .mentions
        .iter()
        .filter(complaint)
        .rfind(|x| x.start >= clause && x.end <= m.start)
        .filter(|x| only(x.end, m.start, &links_status))?;
    // Lists: "cough and haemoptysis stopped".
    while let Some(prev) = ctx
        .v
        .mentions
        .iter()
        .filter(complaint)
        .rfind(|x| x.start >= clause && x.end <= subject.start)
        .filter(|x| {
            only(x.end, subject.start, &|w| {
                w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or")
            })
        })
    {
        subject = prev;
    }
    Some(subject.start)
}

/// "A 59-year-old man with obesity and treated hypertension presented
/// with...": a condition named in the patient's introduction (the
/// sentence that gives the age), before the verb of presentation, is
/// background history.
fn comorbidity(ctx: &Ctx, m: &Mention) -> bool {
    let introduces = ctx
        .out
        .iter()
        .any(|f| f.kind == Kind::Demographic && f.name == "age");
    introduces && ctx.v.cues_with("presentation").any(|c| c.start >= m.end)
}

/// "Hypertension on ramipril 5 mg OD", "type 2 diabetes for 12 years on
/// metformin", "hypertension (lisinopril 20 mg daily)": a condition the
/// patient came in already kept on a drug for is one they came with. Not
/// one that arises in the course ("on day 6 he developed acute kidney
/// injury on vancomycin"), nor one whose bracket starts a drug ("(co-
/// trimoxazole was started)").
fn kept_on_a_drug(ctx: &Ctx, m: &Mention, f: &Fact) -> bool {
    if f.time.day.is_some_and(|d| d > 0.0) {
        return false;
    }
    // Most conditions are followed by none of the words this reads.
    let next = ctx.lower_after(m.end, 12);
    let next = next.trim_start();
    if !["on ", "(", "for ", "since "]
        .iter()
        .any(|w| next.starts_with(w))
    {
        return false;
    }
    let Some(drug) = ctx
        .v
        .mentions
        .iter()
        .find(|d| d.start >= m.end && d.cat == Cat::Drug)
    else {
        return false;
    };
    let gap = ctx.doc.lower_text(m.end, drug.start).trim_start();
    if gap.len() > 32 || gap.contains([',', ';', '.']) {
        return false;
    }
    // "developed ... on vancomycin": a condition of the course (onset cues).
    let clause = ctx.clause_start(m.start);
    if ctx
        .v
        .cues_with("onset")
        .any(|c| c.start >= clause && c.end <= m.start)
    {
        return false;
    }
    // "for 12 years", "since 2015" may come first.
    let gap = match gap.find(" on ") {
        Some(at) if gap.starts_with("for ") || gap.starts_with("since ") => &gap[at + 1..],
        _ => gap,
    };
    // "(co-trimoxazole was started)": a bracket that starts the drug.
    let bracket = || {
        let close = ctx.text(drug.end, ctx.v.s.end).find(')');
        let close = close.map_or(ctx.v.s.end, |c| drug.end + c);
        !ctx.v
            .cues_with("dose-start")
            .any(|c| c.start >= drug.end && c.end <= close)
    };
    match gap {
        "on " | "(on " => true,
        "(" => bracket(),
        _ => false,
    }
}

/// A qualifier right before a term: "antibody-positive ", "ANCA-associated ".
pub fn qualifier_pattern() -> regex::Regex {
    regex::Regex::new(r"(?i)((?:anti-)?[\w-]+(?:\s+(?:antibody|autoantibody|antibodies))?[\s-]+(?:positive|negative|associated|related))\s+$").expect("qualifier pattern")
}

/// "anti-MDA5 antibody-positive CADM", "ANCA-positive vasculitis".
fn qualifier(ctx: &Ctx, start: usize) -> Option<String> {
    let re = &ctx.doc.shapes.qualifier;
    let before = ctx.text(ctx.v.s.start.max(start.saturating_sub(60)), start);
    re.captures(before).map(|c| c[1].to_string())
}

/// The body site of an examination finding: the phrase after "over", "on",
/// "involving" that ends in an anatomical word, and its words.
fn site(ctx: &Ctx, m: &Mention) -> Option<(String, Span)> {
    let lo = ctx.clause_start(m.start);
    let hi = ctx.clause_end(m.end);
    let anat: Vec<(usize, usize)> = ctx
        .v
        .cues_with("anatomy")
        .filter(|c| c.start >= lo && c.end <= hi)
        .map(|c| (c.start, c.end))
        .collect();
    // Nearest of those in the finding's own list item.
    let own = |a: &&(usize, usize)| {
        let between = if a.0 >= m.end {
            ctx.text(m.end, a.0)
        } else {
            ctx.text(a.1.min(m.start), m.start)
        };
        !between.contains([',', ';'])
    };
    let first = *anat
        .iter()
        .filter(own)
        .min_by_key(|a| a.0.abs_diff(m.start))?;
    let mut end = first.1;
    for a in &anat {
        let gap = ctx.text(end, a.0);
        if a.0 >= end && (gap == " and " || gap == ", " || gap == " and the " || gap == " or ") {
            end = a.1;
        }
    }
    let window_start = first.0.saturating_sub(60).max(lo);
    let window = ctx.text(window_start, first.0);
    let prep = [
        " over ",
        " on ",
        " involving ",
        " affecting ",
        " around ",
        " at ",
        " of ",
    ]
    .iter()
    .filter_map(|p| window.rfind(p).map(|i| (i + p.len(), *p)))
    .max_by_key(|(i, p)| (*p != " of ", *i))?;
    let from = window_start + prep.0;
    // The site is the finding's own: no list item between them ("purpura
    // on both shins, a malar rash and calf tenderness" places only the
    // purpura), and no item inside it.
    let between = if from >= m.end {
        ctx.text(m.end, from)
    } else if end <= m.start {
        ctx.text(end, m.start)
    } else {
        ""
    };
    if between.contains([',', ';']) || ctx.text(from, first.0).contains([',', ';']) {
        return None;
    }
    let raw = ctx.text(from, end);
    let trimmed = raw.trim();
    let phrase = trimmed
        .strip_prefix("the ")
        .or_else(|| trimmed.strip_prefix("both "))
        .unwrap_or(trimmed);
    let start = from + (raw.len() - raw.trim_start().len()) + (trimmed.len() - phrase.len());
    (!phrase.is_empty()).then(|| (phrase.to_string(), Span::new(start, start + phrase.len())))
}

/// Gives `f` the lexicon entry's open code, when it has one.
pub(super) fn code(f: &mut casecourse_model::Fact, t: &Term) {
    if let (Some(code), Some(system)) = (&t.code, &t.code_system) {
        f.code = Some(casecourse_model::Code {
            system: system.clone(),
            code: code.clone(),
        });
    }
}

/// An amount of alcohol as written: "about 10 units a week", "four to six
/// drinks per weekend", "2 pints of beer a night", "14 units weekly".
pub fn alcohol_amount_pattern() -> regex::Regex {
    regex::Regex::new(
        r"(?i-u)(?:\b(?:about|around|approximately|roughly|up\s+to)\s+|~\s*)?\b(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|fifteen|twenty|thirty)(?:\s*(?:-|to)\s*(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|fifteen|twenty|thirty))?\s*(?:alcohol\s+)?(?:units?|standard\s+drinks?|drinks?|beers?|pints?|glass(?:es)?|bottles?|cans?)(?:\s+of\s+(?:alcohol|beer|wine|spirits))?\s*(?:(?:a|per|each|every|on)\s+|/\s*)?(?:weekends?|week|wk|day|night|month|weekly|daily|nightly)\b",
    )
    .expect("alcohol amount pattern")
}

/// "never smoked", "ex-smoker", "about 6 units/week": what a habit amounts to.
fn habit_value(ctx: &Ctx, f: &mut casecourse_model::Fact, m: Mention) {
    let near = |c: &&crate::doc::CueHit| c.end + 12 >= m.start && c.start <= m.end + 12;
    // The nearest habit word: "never smoked, drank alcohol only
    // occasionally" gives alcohol "occasional", not "never".
    let distance = |c: &&crate::doc::CueHit| {
        if c.start >= m.end {
            c.start - m.end
        } else {
            m.start.saturating_sub(c.end)
        }
    };
    // A word of one habit is not another's: "ex-smoker, no alcohol",
    // "non-smoker; does not vape".
    let smoking = f.name == "smoking";
    let fits = |c: &&crate::doc::CueHit| {
        let words = ctx.text(c.start, c.end).to_ascii_lowercase();
        if words.contains("smok") {
            smoking
        } else if words.contains("drink") || words.contains("teetotal") {
            f.name == "alcohol use"
        } else if words.contains("vap") {
            f.name == "nicotine vaping"
        } else {
            true
        }
    };
    let status = ctx
        .v
        .cues
        .iter()
        .filter(near)
        .filter(|c| c.cue.role.starts_with("habit-"))
        .filter(fits)
        // "drinks alcohol occasionally": how often says more than "drinks".
        .min_by_key(|c| (c.cue.role == "habit-current", distance(c)))
        .map(|c| {
            let value = c.cue.value.as_deref();
            let value = value.or(c.cue.role.strip_prefix("habit-")).unwrap_or("");
            (c.cue.role == "habit-never", value)
        });
    // "Smoking: 15 pack-years, current": the label's answer names the
    // status among its items.
    let status = status.or_else(|| {
        smoking
            .then(|| super::social::label_smoking_status(ctx.text(m.end, ctx.v.s.end)))
            .flatten()
            .map(|s| (s == "never", s))
    });
    let pack_years = smoking && super::social::note_pack_years(ctx, f);
    let end = ctx.clause_end(m.end).min(m.end + 40);
    let rest = ctx.text(m.end, end).trim_start_matches([':', ' ', ',']);
    let rest = rest.split([',', ';', '.']).next().unwrap_or("").trim();
    let nil = ["nil", "none"].contains(&rest.to_ascii_lowercase().as_str());
    let never_had = status.map_or(f.negated || nil, |(never, _)| never);
    if never_had && !smoking {
        // Any habit but smoking that the patient never had is a negated
        // fact ("no alcohol", "Etoh nil"); smoking is recorded by status.
        f.negated = true;
    } else if let Some((_, s)) = status {
        f.value = Some(Value::Text(s.to_string()));
        f.negated = false;
    } else if never_had {
        f.value = Some(Value::Text("never".into()));
        f.negated = false;
    } else if rest.chars().any(|c| c.is_ascii_digit())
        && !(pack_years && ctx.doc.shapes.pack_years.is_match(rest))
    {
        // An amount stated right after the habit: "Alcohol about 6 units/week"
        // (pack-years are the smoking fact's note).
        f.value = Some(Value::Text(rest.to_string()));
    }
    // "She drinks about 10 units of alcohol a week": an amount anywhere in
    // the clause says more than "current" or "occasional"; a former
    // drinker keeps "former". A drug named before the amount owns its
    // units ("insulin glargine 20 units nightly").
    let former = status.is_some_and(|(_, s)| s.contains("former") || s.starts_with("ex"));
    if f.name == "alcohol use" && !f.negated && !never_had && !former {
        let (from, to) = (ctx.clause_start(m.start), ctx.clause_end(m.end));
        if let Some(a) = ctx.doc.shapes.alcohol_amount.find(ctx.text(from, to)) {
            let (a0, a1) = (from + a.start(), from + a.end());
            let (lo, hi) = (m.end.min(a0), m.start.max(a0));
            let drug_between = ctx
                .v
                .mentions
                .iter()
                .any(|d| d.cat == Cat::Drug && d.start >= lo && d.end <= hi);
            if !drug_between {
                f.value = Some(Value::Text(ctx.doc.as_written(a0, a1).to_string()));
                f.set_part(PartRole::Value, Span::new(a0, a1));
            }
        }
    }
}

#[cfg(test)]
mod comorbidity_tests {
    use casecourse_model::Kind;

    fn kind_of(text: &str, name: &str) -> Option<Kind> {
        let course = crate::extract(text, &crate::Options::default());
        course.facts.iter().find(|f| f.name == name).map(|f| f.kind)
    }

    #[test]
    fn conditions_before_the_presentation_are_background() {
        let text =
            "A 59-year-old man with obesity and hypertension presented with fever and pneumonia.";
        assert_eq!(kind_of(text, "hypertension"), Some(Kind::History));
        assert_eq!(kind_of(text, "pneumonia"), Some(Kind::Diagnosis));
        let later = "He presented with fever. Hypertension was diagnosed a week later.";
        assert_eq!(kind_of(later, "hypertension"), Some(Kind::Diagnosis));
    }

    #[test]
    fn a_status_names_what_changed() {
        for (text, name) in [
            (
                "She was admitted with fever and rash. Her fever and rash resolved within a week.",
                "fever and rash resolved",
            ),
            (
                "He was admitted with diabetic ketoacidosis. By 18 hours the DKA was considered \
                 resolved.",
                "DKA resolved",
            ),
        ] {
            let course = crate::extract(text, &crate::Options::default());
            assert!(
                course
                    .facts
                    .iter()
                    .any(|f| f.kind == Kind::Status && f.name == name),
                "{:?}",
                course.facts.iter().map(|f| &f.name).collect::<Vec<_>>()
            );
        }
    }
}
