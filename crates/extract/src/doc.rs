//! One document read once: folded text, sentences, every mention, cue,
//! trigger, number and time expression, and the narrative's timeline.

use casecourse_knowledge::{Cue, Lexicon};
use casecourse_model::{
    Duration, Fact, IndexEvent, IndexKind, Origin, Relation, Span, Time, Warning,
};

use crate::context::Hit;
use crate::matcher::{Cat, Mention};
use crate::normalize::Folded;
use crate::quantity::Quantity;
use crate::segment::{Part, Sentence};
use crate::timex::{TimeExpr, TimeRef, days_between, iso};
use crate::{Extractor, Options};

/// A cue hit.
#[derive(Debug, Clone, Copy)]
pub struct CueHit<'a> {
    /// Folded start.
    pub start: usize,
    /// Folded end.
    pub end: usize,
    /// The cue.
    pub cue: &'a Cue,
}

/// Everything known about one sentence.
pub struct SentenceView<'a> {
    /// Position in `Doc::sentences`.
    pub idx: usize,
    /// The sentence.
    pub s: &'a Sentence,
    /// Entity mentions inside it.
    pub mentions: &'a [Mention],
    /// Cue hits inside it.
    pub cues: Vec<CueHit<'a>>,
    /// Assertion triggers inside it.
    pub hits: Vec<Hit<'a>>,
    /// Numbers inside it (not part of time expressions).
    pub quantities: &'a [Quantity],
    /// Time expressions inside it.
    pub times: &'a [TimeExpr],
}

impl SentenceView<'_> {
    /// Cue hits with this role.
    pub fn cues_with(&self, role: &str) -> impl Iterator<Item = &CueHit<'_>> {
        self.cues.iter().filter(move |c| c.cue.role == role)
    }

    /// The document part.
    pub fn origin(&self) -> Option<Origin> {
        match self.s.part {
            Part::Origin(o) => Some(o),
            _ => None,
        }
    }
}

/// Where in time a sentence starts, and its resolved expressions.
#[derive(Debug, Clone)]
struct SentenceTime {
    /// Time of anything not placed by an expression in the sentence.
    default: Time,
    /// The resolved point expressions, by folded start.
    points: Vec<(usize, Time)>,
    /// Where the index event is named in this sentence: earlier mentions
    /// are before it.
    index_at: Option<usize>,
}

/// A document read once.
pub struct Doc<'a> {
    /// The extractor's lexicon.
    pub lex: &'a Lexicon,
    /// Number and unit reader.
    pub quantities_parser: &'a crate::quantity::QuantityParser,
    /// Time expression reader.
    pub times_parser: &'a crate::timex::TimeParser,
    /// The builders' patterns.
    pub shapes: &'a crate::build::shapes::Shapes,
    /// The original text.
    pub source: &'a str,
    /// Folded text.
    pub folded: Folded,
    /// The folded text ASCII-lowercased (same offsets).
    pub lower: String,
    /// Starts of every occurrence of each of `build::people::SIDE_WORDS`
    /// (in `lower`, inside words too), in order; found with the time
    /// anchors.
    pub words_at: Vec<Vec<usize>>,
    /// Sentences.
    pub sentences: Vec<Sentence>,
    /// Entity mentions, sorted by start.
    pub mentions: Vec<Mention>,
    cue_hits: Vec<(usize, usize, usize)>,
    trigger_hits: Vec<(usize, usize, usize)>,
    quantities: Vec<Vec<Quantity>>,
    times: Vec<Vec<TimeExpr>>,
    timeline: Vec<SentenceTime>,
    index: IndexEvent,
    /// Whether the text numbers its days from a day 0.
    counts_from_zero: bool,
    /// Whether the text tells a story before day 0 (an admission reached
    /// by the narrative, not a visit or "on admission").
    story_before: bool,
    /// Warnings found while reading.
    pub warnings: Vec<Warning>,
}

/// Whether unitless `q` counts multiples of the upper limit of normal: a
/// high-flag cue of multiples ("times ...", "fold ...", "x ULN") follows it
/// at once ("3 times the upper limit of normal", "5-fold the ULN").
fn multiplies_the_upper_limit(
    lex: &Lexicon,
    cue_hits: &[(usize, usize, usize)],
    lower: &str,
    q: &crate::quantity::Quantity,
) -> bool {
    // The hits are by start: only those starting right after the number.
    let from = cue_hits.partition_point(|h| h.0 < q.end);
    q.unit.is_none()
        && cue_hits[from..]
            .iter()
            .take_while(|h| h.0 <= q.end + 2)
            .any(|&(s, _, c)| {
                let cue = &lex.cues[c];
                cue.role == "flag-high"
                    && ["times", "fold", "x "]
                        .iter()
                        .any(|w| cue.phrase.starts_with(w))
                    && lower[q.end..s].bytes().all(|b| b == b' ' || b == b'-')
            })
}

/// "In October 2019 she was diagnosed at a local hospital", "two months
/// before admission she was treated at another hospital": the place says
/// only that it was before the index, an earlier time of the sentence says
/// when, so the place's time is dropped.
fn place_yields_to_a_time(tx: &mut Vec<TimeExpr>, lower: &str) {
    let said_when = |e: &TimeExpr| {
        matches!(e.what, TimeRef::Date(..) | TimeRef::Anchored(_))
            || matches!(e.what, TimeRef::Index(d) if d < 0.0)
    };
    let first_when = tx.iter().filter(|e| said_when(e)).map(|e| e.start).min();
    if let Some(when) = first_when {
        tx.retain(|e| {
            !(e.what == TimeRef::BeforeIndex
                && e.start > when
                && lower[e.start..].starts_with("at "))
        });
    }
}

impl<'a> Doc<'a> {
    /// Reads `text`.
    pub fn read(x: &'a Extractor, text: &'a str, options: &Options) -> Doc<'a> {
        let folded = Folded::new(text).with_tab_cells(text);
        let folded = crate::stacked::joined(folded).with_lines_joined(crate::rewrap::join);
        let folded = x.spoken.read_as_digits(folded, &x.quantities);
        let t = folded.text.as_str();
        let mut sentences = crate::segment::sentences(t);
        // The automata for names, cues and triggers read a lowercased copy
        // (same offsets), made once here.
        let lower = t.to_ascii_lowercase();
        crate::segment::mark_literature(&lower, &mut sentences);
        let mentions = x.matcher.mentions_in(t, &lower);
        let mut mentions = crate::build::ellipsis::expand(&x.matcher, t, mentions);
        let cue_hits = without_gram_results(x.lex, x.matcher.cues(t, &lower));
        crate::build::visits::add(x.lex, t, &cue_hits, &mut mentions);
        crate::build::visits::add_timed(x.lex, &lower, &cue_hits, &mut mentions);
        crate::build::short_forms::resolve(t, &mut mentions);
        crate::build::short_forms::local_definitions(t, &mut mentions);
        crate::build::short_forms::defined_uses(t, &mut mentions);
        crate::build::senses::resolve(x.lex, t, &lower, &mut mentions);
        crate::build::given_as::read(x.lex, &lower, &x.shapes.dose_after, &mut mentions);
        crate::build::sign_values::add(x.lex, &x.shapes, &lower, &mut mentions);
        crate::build::walk_test::add(x.lex, &sentences, &lower, &mut mentions);
        crate::build::oxygen::ventilated_after_intubation(x.lex, &lower, &mut mentions);
        // "Flu-like symptoms", "a lupus-like rash": a likeness names no
        // diagnosis of its own.
        mentions.retain(|m| !lower[m.end..].starts_with("-like"));
        // The words of a room-air cue ("82% RA") name nothing else, and
        // those of a pulse no condition ("methylprednisolone shock
        // therapy" is no shock).
        let covering: Vec<(usize, usize, bool)> = cue_hits
            .iter()
            .filter_map(|h| match x.lex.cues[h.2].role.as_str() {
                "room-air" => Some((h.0, h.1, true)),
                "dose-pulse" => Some((h.0, h.1, false)),
                _ => None,
            })
            .collect();
        if !covering.is_empty() {
            mentions.retain(|m| {
                !covering.iter().any(|&(s, e, room_air)| {
                    s <= m.start
                        && m.end <= e
                        && if room_air {
                            m.cat != Cat::Oxygen
                        } else {
                            m.cat == Cat::Condition
                        }
                })
            });
        }
        let mut times = Vec::with_capacity(sentences.len());
        let mut quantities = Vec::with_capacity(sentences.len());
        // Each pattern runs once over the whole text; results are then
        // handed to the sentences they start in.
        let mut all_quantities = x.quantities.find(t, 0, t.len());
        // "3 times the upper limit of normal": a multiple, no value.
        all_quantities.retain(|q| !multiplies_the_upper_limit(x.lex, &cue_hits, &lower, q));
        // "500 MG tablet": a unit written in capitals, as record systems
        // print a strength, is no abbreviation of a disease (MG is also
        // myasthenia gravis).
        mentions.retain(|m| {
            !matches!(
                m.cat,
                Cat::Condition | Cat::Symptom | Cat::Finding | Cat::History
            ) || !(quantity_unit_covers(&all_quantities, m.start, m.end)
                || capital_unit_after_number(x, t, m.start, m.end))
        });
        // Temperatures in °F or weights in pounds: a US text, whose dates
        // put the month first.
        let us_text = all_quantities
            .iter()
            .any(|q| matches!(q.unit.as_deref(), Some("[degF]" | "[lb_av]")));
        // The assertion triggers are found in the time anchors' pass (two
        // automata over the same bytes, one loop; see
        // `Dense::overlapping_with_leftmost`): as `Matcher::triggers` finds
        // them.
        let mut trigger_hits = Vec::with_capacity(t.len() / 128);
        let (all_times, words_at) = match x.matcher.trigger_set() {
            Some(set) => {
                let mut hit = |s, e, p| x.matcher.trigger_hit(t, s, e, p, &mut trigger_hits);
                let also: crate::timex::Also<'_> = (set, lower.as_bytes(), &mut hit);
                x.times
                    .find_dated_and_words(t, 0, t.len(), us_text, Some(also))
            }
            None => x.times.find_dated_and_words(t, 0, t.len(), us_text, None),
        };
        trigger_hits.sort_unstable();
        // "DOB 02/06/1960", "born on 14.05.1944": a birth date is no time
        // of the course (nor the index date), and its numbers are no
        // quantities.
        let mut all_times = all_times;
        let mut birth_dates = Vec::new();
        let birth_labels = cue_hits
            .iter()
            .filter(|h| x.lex.cues[h.2].role == "birth-date");
        for &(label_start, label_end, c) in birth_labels {
            let i = all_times.partition_point(|e| e.start < label_end);
            let Some(e) = all_times.get(i) else { continue };
            // Aligned form fields: "DOB:      02/06/1960".
            let labels_it = matches!(e.what, TimeRef::Date(..))
                && e.start - label_end <= 12
                && t[label_end..e.start].bytes().all(|b| b" :.,".contains(&b));
            // "born" dates a birth told as an event ("was born on
            // 12.03.2021 by caesarean section"); only in apposition
            // ("Mr K., born 14.05.1944, ...") is it the patient's date of
            // birth beside the story.
            let apposition = || {
                let after = t[e.end..].trim_start_matches(' ');
                // "Mrs A, born 02.03.1950." ends a clause set off by a comma.
                let set_off = t[..label_start].trim_end().ends_with([',', '(']);
                after.is_empty()
                    || after.starts_with([',', ')', ';', '\n'])
                    || (set_off && after.starts_with('.'))
            };
            if labels_it
                && (x.lex.cues[c].value.as_deref() != Some("in-apposition") || apposition())
            {
                birth_dates.push(all_times.remove(i));
            }
        }
        // "HD 3" is hospital day 3, not haemodialysis: an abbreviation
        // inside a time expression is part of the time.
        mentions.retain(|m| {
            let abbreviation = t
                .get(m.start..m.end)
                .is_some_and(|w| w.bytes().all(|b| b.is_ascii_uppercase()));
            let i = all_times.partition_point(|e| e.end <= m.start);
            !abbreviation
                || all_times
                    .get(i)
                    .is_none_or(|e| !(e.start <= m.start && m.end <= e.end))
        });
        name_what_times_follow(&mut all_times, &mentions, &lower);
        for s in &sentences {
            let t0 = all_times.partition_point(|e| e.start < s.start);
            let t1 = all_times.partition_point(|e| e.start < s.end);
            let mut tx: Vec<TimeExpr> = all_times[t0..t1]
                .iter()
                .filter(|e| e.end <= s.end)
                .cloned()
                .collect();
            place_yields_to_a_time(&mut tx, &lower);
            let incubations: Vec<TimeExpr> = tx
                .extract_if(.., |e| incubation(&lower, s.start, e))
                .collect();
            let q0 = all_quantities.partition_point(|q| q.start < s.start);
            let q1 = all_quantities.partition_point(|q| q.start < s.end);
            let qs = all_quantities[q0..q1]
                .iter()
                .filter(|q| {
                    let inside = |e: &TimeExpr| q.start < e.end && q.end > e.start;
                    q.end <= s.end
                        && !tx.iter().any(inside)
                        && !incubations.iter().any(inside)
                        && !birth_dates.iter().any(inside)
                })
                .cloned()
                .collect();
            times.push(tx);
            quantities.push(qs);
        }
        let counts_from_zero = names_day_zero(&lower);
        let mut doc = Doc {
            lex: x.lex,
            quantities_parser: &x.quantities,
            times_parser: &x.times,
            shapes: &x.shapes,
            source: text,
            folded,
            lower,
            words_at,
            sentences,
            mentions,
            cue_hits,
            trigger_hits,
            quantities,
            times,
            timeline: Vec::new(),
            index: IndexEvent::default(),
            story_before: false,
            counts_from_zero,
            warnings: Vec::new(),
        };
        doc.build_timeline(options);
        doc
    }

    /// Every cue hit of the document whose role starts with `prefix`, as
    /// (folded start, end, cue), with the part of the sentence it is in.
    pub fn cues_by_role<'s>(
        &'s self,
        prefix: &'s str,
    ) -> impl Iterator<Item = (usize, usize, &'s Cue, Part)> + 's {
        self.cue_hits.iter().filter_map(move |&(s, e, i)| {
            let cue = &self.lex.cues[i];
            if !cue.role.starts_with(prefix) {
                return None;
            }
            let at = self.sentences.partition_point(|x| x.end <= s);
            let part = self.sentences.get(at).filter(|x| x.start <= s)?.part;
            Some((s, e, cue, part))
        })
    }

    /// Whether a cue of `role` lies within folded `[start, end)`.
    pub fn has_cue_in(&self, role: &str, start: usize, end: usize) -> bool {
        self.cues_in(start, end).any(|r| r == role)
    }

    /// Whether a cue of `role` lies wholly inside sentence `i`, as in its
    /// [`Doc::view`], without building the view.
    pub fn sentence_has_cue(&self, i: usize, role: &str) -> bool {
        let s = &self.sentences[i];
        let from = self.cue_hits.partition_point(|h| h.0 < s.start);
        self.cue_hits[from..]
            .iter()
            .take_while(|h| h.0 < s.end)
            .any(|h| h.1 <= s.end && self.lex.cues[h.2].role == role)
    }

    /// The entity mentions of sentence `i` (a slice, no allocation).
    pub fn mentions_of(&self, i: usize) -> &[Mention] {
        let s = &self.sentences[i];
        let lo = self.mentions.partition_point(|m| m.start < s.start);
        let hi = self.mentions.partition_point(|m| m.start < s.end);
        &self.mentions[lo..hi]
    }

    /// The view of sentence `i`.
    pub fn view(&self, i: usize) -> SentenceView<'_> {
        self.view_reusing(i, Vec::new(), Vec::new())
    }

    /// [`Self::view`], filling `cues` and `hits` (emptied first) instead of
    /// new lists: a caller viewing every sentence hands the lists of one
    /// view to the next, and allocates them only a few times per document.
    pub fn view_reusing<'s>(
        &'s self,
        i: usize,
        cues: Vec<CueHit<'s>>,
        hits: Vec<Hit<'s>>,
    ) -> SentenceView<'s> {
        let s = &self.sentences[i];
        let lo = self.mentions.partition_point(|m| m.start < s.start);
        let hi = self.mentions.partition_point(|m| m.start < s.end);
        // Hits are sorted by start: take the sentence's slice, not a scan.
        let slice = |v: &'_ [(usize, usize, usize)]| {
            let a = v.partition_point(|h| h.0 < s.start);
            let b = v.partition_point(|h| h.0 < s.end);
            (a, b)
        };
        let (c0, c1) = slice(&self.cue_hits);
        let (t0, t1) = slice(&self.trigger_hits);
        // The hits that end inside the sentence, made into `T`s in `out`.
        fn fill<T>(
            mut out: Vec<T>,
            hits: &[(usize, usize, usize)],
            end: usize,
            make: impl Fn(usize, usize, usize) -> T,
        ) -> Vec<T> {
            out.clear();
            out.extend(
                hits.iter()
                    .filter(|h| h.1 <= end)
                    .map(|&(a, b, c)| make(a, b, c)),
            );
            out
        }
        SentenceView {
            idx: i,
            s,
            mentions: &self.mentions[lo..hi],
            cues: fill(cues, &self.cue_hits[c0..c1], s.end, |start, end, c| {
                CueHit {
                    start,
                    end,
                    cue: &self.lex.cues[c],
                }
            }),
            hits: fill(hits, &self.trigger_hits[t0..t1], s.end, |start, end, t| {
                Hit {
                    start,
                    end,
                    trigger: &self.lex.triggers[t],
                }
            }),
            quantities: &self.quantities[i],
            times: &self.times[i],
        }
    }

    /// Folded text of a range.
    pub fn text(&self, start: usize, end: usize) -> &str {
        self.folded.text.get(start..end).unwrap_or("")
    }

    /// Folded text of a range, ASCII-lowercased: the same as
    /// `text(start, end).to_ascii_lowercase()`, without a copy.
    pub fn lower_text(&self, start: usize, end: usize) -> &str {
        self.lower.get(start..end).unwrap_or("")
    }

    /// The index event.
    pub fn index_event(&self) -> IndexEvent {
        self.index.clone()
    }

    /// Finds day 0 and walks the narrative, giving each sentence the time it
    /// starts at.
    fn build_timeline(&mut self, options: &Options) {
        let want = options.index.unwrap_or(IndexKind::Admission);
        let index_at = self.find_index(want).or_else(|| {
            if want == IndexKind::Admission {
                self.find_index(IndexKind::TreatmentStart)
            } else {
                None
            }
        });
        // A visit named before the admission (an emergency department
        // presentation, a clinic letter) is day 0.
        let index_at = match (
            index_at,
            (want == IndexKind::Admission)
                .then(|| self.find_index(IndexKind::FirstVisit))
                .flatten(),
        ) {
            (Some(a), Some(v)) if v.1.start < a.1.start && a.2 != IndexKind::Admission => Some(v),
            (Some(a), Some(v)) if v.1.start < a.1.start && v.0 == a.0 => Some(a),
            (Some(a), Some(v)) if v.1.start < a.1.start => Some(v),
            (None, v) => v,
            (a, _) => a,
        };
        let (kind, description) = match (index_at, want) {
            (Some((_, _, k)), _) => (
                k,
                match k {
                    IndexKind::Admission => "admission to the treating hospital",
                    IndexKind::FirstVisit => "the first visit the text describes",
                    IndexKind::Diagnosis => "diagnosis",
                    _ => "start of treatment",
                }
                .to_string(),
            ),
            (None, _) => (IndexKind::FirstVisit, "the first clinical statement of the text (no admission or treatment start was found)".to_string()),
        };
        let index_sentence = index_at.map(|(s, _, _)| s);
        // The index date: given, else a date in the index sentence, else the
        // first date of the clinical text.
        let given = options.index_date.as_deref().and_then(parse_iso);
        // A year alone ("bypass surgery in 2005") is too coarse to count
        // days from.
        let date_in = |i: usize| {
            self.times[i].iter().find_map(|t| {
                if let TimeRef::Date(y, m, d) = t.what
                    && y != 0
                    && m != 0
                {
                    Some((y, m, d))
                } else {
                    None
                }
            })
        };
        // "Referred to our clinic ... She was first seen on 11 January":
        // the event named again with a date, a few sentences on.
        let named_again = |at: (usize, Mention, IndexKind)| {
            let (i, m, _) = at;
            let group = (m.cat == Cat::Event)
                .then(|| self.lex.events[m.idx].group.as_deref())
                .flatten()?;
            (i + 1..self.sentences.len().min(i + 6)).find_map(|j| {
                self.mentions_of(j)
                    .iter()
                    .any(|n| {
                        n.cat == Cat::Event
                            && self.lex.events[n.idx].group.as_deref() == Some(group)
                    })
                    .then(|| date_in(j))?
            })
        };
        // The date the index sentence writes in full (or the one given)
        // dates that sentence's day-0 facts; a date found elsewhere only
        // anchors the others.
        let stated = given.or_else(|| index_sentence.and_then(date_in));
        let full = |(_, m, d): (i16, i8, i8)| m > 0 && d > 0;
        let index_day_date = stated.filter(|&d| full(d)).map(iso);
        let first_dated = || {
            (0..self.sentences.len())
                .filter(|&i| self.sentences[i].part == Part::Origin(Origin::Body))
                .find_map(|i| date_in(i).map(|d| (i, d)))
        };
        // "In 2009, at the age of 44, she was diagnosed ...": the year of
        // the index sentence (or of the sentences just before it, "In 2012
        // she presented with ... She was started on ..."), when no date to
        // the month is told before it, dates the index to its year; a
        // month named later in the story ("In March 2018 methotrexate was
        // stopped") is years on.
        let year_of_index = || {
            index_sentence.and_then(|k| {
                (k.saturating_sub(Self::YEAR_TOLD_WITHIN)..=k)
                    .rev()
                    .find_map(|i| self.scene_year(i, i == k))
            })
        };
        let told_by_then = |(i, _): &(usize, (i16, i8, i8))| index_sentence.is_none_or(|k| *i <= k);
        let index_date = stated
            .or_else(|| index_at.and_then(named_again))
            .or_else(|| {
                let first = first_dated().filter(told_by_then)?;
                Some(self.moved_on_from(first, index_sentence))
            })
            .or_else(year_of_index)
            .or_else(|| Some(self.moved_on_from(first_dated()?, index_sentence)));
        self.index = IndexEvent {
            kind,
            description,
            date: index_date.map(iso),
            span: index_at.map(|(_, m, _)| {
                Span::new(
                    self.folded.original(m.start),
                    self.folded.original_end(m.end, self.source),
                )
            }),
        };
        if index_at.is_none() {
            self.warnings.push(Warning {
                code: "no-index-event".into(),
                message: "no admission or start of treatment was found: day 0 is the first clinical statement; pass --index-date or --index to anchor times".into(),
                fact_ids: vec![],
                spans: vec![],
            });
        }
        // An admission has a story before it; a visit note speaks of the
        // visit from its first line.
        // "On admission ..." names day 0 as a time, not as an event the
        // narrative reaches: the text before it is already about day 0.
        let named_as_time = index_at.is_some_and(|(s, m, _)| {
            self.times[s]
                .iter()
                .any(|t| t.start <= m.start && t.end >= m.end)
        });
        let story_before =
            index_at.is_some_and(|(_, _, k)| k != IndexKind::FirstVisit) && !named_as_time;
        self.story_before = story_before;
        let mut cursor = if story_before {
            Time::before(0.0)
        } else {
            Time::at(0.0)
        };
        // Whether the narrative stands at a visit: its time was set by a
        // letter's date line or a sentence naming a visit.
        let mut at_visit = false;
        // Where the story was (and whether at a visit) before a restating
        // part moved it.
        let mut saved: Option<(Time, bool)> = None;
        // Where the story was before a result line's label moved it.
        let mut label_saved: Option<(Time, bool)> = None;
        let initial = cursor.clone();
        let mut reference = cursor.clone();
        let mut previous_last: Option<Time> = None;
        // The patient's age at the index, found when an age dates a time.
        let mut age_now: Option<Option<f64>> = None;
        for i in 0..self.sentences.len() {
            let part = self.sentences[i].part;
            let restating = matches!(
                part,
                Part::Origin(Origin::Caption | Origin::Discussion | Origin::Abstract)
                    | Part::Background
            );
            if restating && saved.is_none() {
                saved = Some((cursor.clone(), at_visit));
            }
            if !restating && let Some((c, v)) = saved.take() {
                (cursor, at_visit) = (c, v);
            }
            if restating && part != Part::Origin(Origin::Caption) {
                cursor = Time::default();
                at_visit = false;
            }
            // A new section starts where the story starts, not at a date of
            // the past history the section before it ended on ("a valve
            // replacement in 2011" under Background, then "Presentation").
            let new_section = i > 0
                && self.sentences[i].heading.as_ref().map(|h| h.as_ptr())
                    != self.sentences[i - 1].heading.as_ref().map(|h| h.as_ptr());
            if new_section
                && !restating
                && let Some((c, v)) = label_saved.take()
            {
                (cursor, at_visit) = (c, v);
            }
            if new_section && !restating && cursor.anchor_day().is_some_and(|d| d < 0.0) {
                cursor = initial.clone();
                at_visit = false;
            }
            let here_index = (index_sentence == Some(i))
                .then(|| index_at.map(|(_, m, _)| m.start))
                .flatten();
            // "Two months later" counts from the last time named, even a
            // look back ("started five months ago ... increased two months
            // later").
            let mut points: Vec<(usize, Time)> = Vec::new();
            for t in &self.times[i] {
                let reference = points.last().map_or(&reference, |p| &p.1).clone();
                let mut first_date: Option<String> = None;
                // A span of days after the index: "days 4 to 6", "weeks 0 to 3".
                let span = match t.what {
                    TimeRef::DayRange(n, m)
                    | TimeRef::DayList {
                        first: n, last: m, ..
                    } => Some((self.day_number(n), self.day_number(m))),
                    TimeRef::IndexRange(a, b) => Some((a, b)),
                    TimeRef::AnchoredRange(a, b) => match self.anchor_day(i, t, index_at) {
                        Some(base) => Some((base + a, base + b)),
                        None => continue,
                    },
                    // Dated at both ends only against an index date; else
                    // kept as its first date below.
                    TimeRef::DateRange(a, b) => {
                        let near = reference.day;
                        let first = date_time(a, index_date, near);
                        let last = date_time(b, index_date, first.as_ref().and_then(|t| t.day));
                        match (first.as_ref().and_then(|t| t.day), last) {
                            (Some(a), Some(Time { day: Some(b), .. })) => {
                                first_date = first.and_then(|t| t.date);
                                Some((a, b))
                            }
                            _ => None,
                        }
                    }
                    _ => None,
                };
                let what = match t.what {
                    TimeRef::Anchored(days) => match self.anchor_day(i, t, index_at) {
                        Some(base) => TimeRef::Index(base + days),
                        // "Two weeks before the referral", a referral the
                        // story never places: before the index, as told
                        // (an event still to come, "one week before
                        // death", gives no time).
                        None if days < 0.0 && names_arrival(&self.lower[t.start..t.end]) => {
                            TimeRef::Index(days)
                        }
                        None => continue,
                    },
                    TimeRef::DayNumber(n) => TimeRef::Index(self.day_number(n)),
                    TimeRef::AdmissionDay(n) => TimeRef::Index(match self.readmission_before(i) {
                        Some(day) => day + (n - 1.0).max(0.0),
                        None => self.day_number(n),
                    }),
                    TimeRef::LastUnit(days) => {
                        let here = match cursor.relation {
                            Relation::At => cursor.day.unwrap_or(0.0),
                            _ => 0.0,
                        };
                        TimeRef::Index(here - days)
                    }
                    TimeRef::AfterCycles(n) => match self.cycles_started_before(i) {
                        Some((start, every)) => TimeRef::Index(start + (n - 1.0) * every),
                        None => continue,
                    },
                    TimeRef::TreatmentDay(n) => {
                        let started_here = points.last().and_then(|p| p.1.day).filter(|_| {
                            self.treatment_started_in(i, self.sentences[i].start, t.start)
                        });
                        TimeRef::Index(
                            match started_here.or_else(|| self.treatment_start_before(i)) {
                                Some(day) => day + (n - 1.0).max(0.0),
                                None => self.day_number(n),
                            },
                        )
                    }
                    // "Today" brings a letter back from a look at the past
                    // to the day it is written on; at or after that day (a
                    // later visit of a series) it is where the narrative is.
                    TimeRef::Today => match self.document_day(i) {
                        Some(day)
                            if cursor.relation == Relation::Before
                                || cursor.day.is_some_and(|c| c < day) =>
                        {
                            TimeRef::Index(day)
                        }
                        _ => continue,
                    },
                    TimeRef::PostOpDay(n) => TimeRef::Index(self.operation_day(i) + n),
                    // "In 2012, at the age of 41, ...": with the index
                    // dated, the year places the sentence and the age only
                    // restates it (the patient's stated age may be today's).
                    TimeRef::AtAge(_)
                        if index_date.is_some()
                            && self.times[i]
                                .iter()
                                .any(|u| matches!(u.what, TimeRef::Date(y, ..) if y != 0)) =>
                    {
                        continue;
                    }
                    // An age below the patient's age at the index is that
                    // long before it ("at 42 years of age" in a 58-year-old:
                    // 16 years before); the age the patient is now ("at her
                    // last visit, at 19 years of age" in a 19-year-old) is
                    // the present, and brings the story back from its past;
                    // without a stated age, it is before the index.
                    TimeRef::AtAge(then) => {
                        match *age_now.get_or_insert_with(|| self.patient_age()) {
                            Some(now) if then < now => TimeRef::Index(then - now),
                            Some(now) if then == now => TimeRef::Index(0.0),
                            Some(_) => continue,
                            None => TimeRef::BeforeIndex,
                        }
                    }
                    TimeRef::Index(d) if let Some(start) = self.stopped_after(i, t) => {
                        TimeRef::Index(start + d)
                    }
                    // A visit's letter tells the past from the visit: "BCR-ABL
                    // was 2.1 % at twelve months" is a milestone of the
                    // treatment started before the visit, not a time after
                    // it (which only a plan could be).
                    TimeRef::Index(d) if let Some(start) = self.milestone_origin(kind, i, t, d) => {
                        TimeRef::Index(start + d)
                    }
                    // "After 3 months of tacrolimus treatment": from the
                    // start of the drug it names.
                    TimeRef::Index(d) if let Some(drug) = self.drug_within(i, t) => {
                        TimeRef::Index(self.drug_start_before(i, drug) + d)
                    }
                    // "... was readmitted. She was discharged after two
                    // days": a bare "after" that would put the narrative
                    // back before where it is counts from where it is. So
                    // does "after two weeks of treatment" then, unless the
                    // sentence names the drug treated with ("voriconazole
                    // was stopped on 11 April, after 12 weeks of
                    // treatment"): that counts from the drug's start.
                    TimeRef::Index(d)
                        if d > 0.0
                            // "Subsequently, ...": after a time, from it.
                            && matches!(reference.relation, Relation::At | Relation::After)
                            && reference.day.is_some_and(|r| r > d)
                            && self.in_story(i)
                            && self.after_from_here(t, reference.date.is_some()) =>
                    {
                        match self.drug_named_before(i, t.start) {
                            Some(drug) if self.text(t.start, t.end).contains(" of ") => {
                                TimeRef::Index(self.drug_start_before(i, drug) + d)
                            }
                            _ => TimeRef::Cursor(d),
                        }
                    }
                    _ if let Some((a, b)) = span => {
                        points.push((
                            t.start,
                            Time {
                                start_day: Some(a),
                                end_day: Some(b),
                                date: first_date.take(),
                                ..Time::at(a)
                            },
                        ));
                        continue;
                    }
                    ref what => what.clone(),
                };
                if let Some(time) = resolve(&what, &reference, index_date) {
                    points.push((t.start, time));
                }
            }
            // "At that time his CK was 1,240 U/L": the sentence is at the
            // last time the one before it named, even a look back.
            let s = &self.sentences[i];
            if points.is_empty()
                && let Some(prev) = &previous_last
                && self.has_cue_in("time-anaphor", s.start, (s.start + 24).min(s.end))
            {
                points.push((s.start, prev.clone()));
            }
            previous_last = points.last().map(|p| p.1.clone());
            // The next sentence's "three hours later" counts from the last
            // time outside an aside ("BNP 1,860 pg/mL (420 pg/mL six
            // months ago). Troponin T 34 ng/L, and 36 ng/L three hours
            // later").
            if let Some((_, last)) = points
                .iter()
                .rev()
                .find(|p| !self.in_aside(i, p.0) && !self.ends_a_series(i, p.0))
                && last.day.is_some()
                && !year_alone(last)
            {
                reference = last.clone();
            }
            // The title names the course ("Septic shock due to
            // melioidosis ..."): what it names without a time is the
            // course's at day 0, not a story before it.
            let default = if i == 0 && self.is_title(0) {
                Time::at(0.0)
            } else if let Some(at) = self
                .discharge_list(i)
                .then(|| self.discharge_time(i))
                .flatten()
                .filter(|t| t.day.zip(cursor.day).is_none_or(|(d, c)| c <= d))
            {
                // "Medications on discharge": the list is the day of
                // discharge's, unless the narrative has gone past it (an
                // addendum under the same heading).
                at
            } else {
                cursor.clone()
            };
            // "Three days before admission she developed a fever", the
            // only admission told: the index is named as the origin of
            // that time, which dates the sentence.
            let counts_from_index = here_index.is_some_and(|at| {
                self.times[i]
                    .iter()
                    .any(|t| t.start < at && at < t.end && !matches!(t.what, TimeRef::Index(0.0)))
            });
            if let Some(at) = here_index.filter(|_| !counts_from_index) {
                // Naming the index event puts the narrative at day 0, whatever
                // "subsequently" said before it.
                points.retain(|p| p.0 > at);
                // Its date, when written in full, is the index date.
                let dated = Time {
                    date: index_day_date.clone(),
                    ..Time::at(0.0)
                };
                points.insert(0, (at, dated));
            }
            // A look back ("one week before the visit") dates its own
            // sentence; the narrative then returns to where it was. So does
            // a date behind a visit the narrative stands at ("I saw her on
            // 18/03. She had reduced prednisone on 04/03 as planned. Her
            // ESR is 72"; a letter dated 16 June that opens "the biopsy on
            // 11 June showed"): letters tell the past from the visit.
            // Behind any other time, a date is a retelling (a course told
            // problem by problem, each from the admission), and so is a
            // relative time ("on day 3" after day 10): those move it.
            // A past visit told with its time ("First visit (18/12 ago):",
            // "when I saw her in clinic 6 months ago") is where the story
            // goes: what follows it is that visit's, until a later time.
            // Only in a visit's letter: a case report's "seen in clinic
            // two months before admission" dates its sentence alone.
            let retells_visit = kind == IndexKind::FirstVisit && self.names_a_visit(i);
            let looks_back = |t: &Time| {
                let past = t.relation == Relation::Before
                    || (t.relation == Relation::At
                        && t.day.is_some_and(|d| d < 0.0)
                        && !retells_visit);
                let behind = at_visit
                    && t.relation == Relation::At
                    && t.date.is_some()
                    && cursor.relation == Relation::At
                    && t.day.zip(cursor.day).is_some_and(|(d, c)| d < c - 0.5);
                behind
                    || (past
                        && cursor.relation != Relation::Before
                        && cursor.day.is_some_and(|c| c >= 0.0))
            };
            // Dates in a letter's header ("Adm 14/02/2024. D/C 21/02/2024.")
            // date their own line, not the narrative that follows.
            if let Some((at, last)) = points.iter().rev().find(|(at, t)| {
                !looks_back(t)
                    && !self.in_aside(i, *at)
                    && !self.ends_a_series(i, *at)
                    && !self.deadline(i, *at)
            }) && !self.sentences[i].header
                && !self.is_discharge_field(i)
            {
                // A result line's label ("Repeat bloods (12/01):") moves
                // the story within its section only.
                if self.ends_label(i, *at) {
                    label_saved.get_or_insert_with(|| (cursor.clone(), at_visit));
                } else {
                    label_saved = None;
                }
                // A span ("weeks 0 to 3") dates its own words; the next
                // sentence without a time of its own is at its start.
                cursor = match (last.start_day, last.end_day) {
                    (Some(a), Some(_)) => Time::at(a),
                    _ => last.clone(),
                };
                at_visit = self.names_a_visit(i);
            }
            // The sentence that names day 0 leaves the narrative at day 0:
            // dates further along it are header fields ("Date of discharge").
            if here_index.is_some() {
                cursor = Time::at(0.0);
                at_visit = false;
            }
            self.timeline.push(SentenceTime {
                default,
                points,
                index_at: here_index,
            });
        }
    }

    /// The day a document is written on, for its "today": the first date
    /// of its header lines ("Date: 06/11/2024", "Clinic date: 14/05/2024")
    /// before sentence `i`; day 0 when day 0 is the visit the letter tells
    /// of; none in a narrative (a case report's "today" is the time of
    /// writing, which it does not date).
    fn document_day(&self, i: usize) -> Option<f64> {
        let dated = (0..i)
            .take_while(|&k| self.sentences[k].header || k < HEAD_FIELDS)
            .filter(|&k| {
                self.sentences[k].header
                    || is_label_line(self.text(self.sentences[k].start, self.sentences[k].end))
            })
            .find_map(|k| {
                let t = self.timeline.get(k)?;
                t.points
                    .iter()
                    .find(|p| p.1.date.is_some())
                    .and_then(|p| p.1.day)
            });
        dated.or_else(|| (self.index.kind == IndexKind::FirstVisit).then_some(0.0))
    }

    /// Whether sentence `i` sits under a heading of the medicines a patient
    /// leaves hospital with: "Medications on discharge", "Discharge
    /// medications", "TTO" (to take out).
    fn discharge_list(&self, i: usize) -> bool {
        self.sentences[i].heading.as_deref().is_some_and(|h| {
            let h = h.trim();
            (h.contains("discharge")
                && ["medic", "drug", "meds", "prescription"]
                    .iter()
                    .any(|w| h.contains(w)))
                || matches!(h, "tto" | "ttos" | "tta" | "ttas")
        })
    }

    /// The time of the discharge the last sentence before `i` that names
    /// and dates one gives ("Date of discharge: 14/01/2024", "discharged
    /// home on day 6").
    fn discharge_time(&self, i: usize) -> Option<Time> {
        (0..i).rev().find_map(|k| {
            let m = self.mentions_of(k).iter().find(|m| {
                m.cat == Cat::Event && self.lex.events[m.idx].group.as_deref() == Some("discharge")
            })?;
            let points = &self.timeline.get(k)?.points;
            points
                .iter()
                .find(|p| p.0 >= m.end)
                .or_else(|| points.last())
                .map(|p| p.1.clone())
                .filter(|t| t.day.is_some())
        })
    }

    /// Whether sentence `i` is a discharge summary's head field that dates the
    /// discharge ("Discharge date: 03/05/2024", "Date of discharge:
    /// 5 March 2024"): a label naming the discharge, a colon, and only
    /// dates after it. It dates the discharge, not the story that follows
    /// (the history of the admission).
    fn is_discharge_field(&self, i: usize) -> bool {
        let s = &self.sentences[i];
        let Some(colon) = self.text(s.start, s.end).find(':').map(|c| s.start + c) else {
            return false;
        };
        // A field of the document's head: only label lines ("Ward: 7B",
        // "NHS no.: ...") come before it.
        let head = i < HEAD_FIELDS
            && (0..i).all(|k| {
                let s = &self.sentences[k];
                s.header || is_label_line(self.text(s.start, s.end))
            });
        if !head {
            return false;
        }
        let names_discharge = self.mentions_of(i).iter().any(|m| {
            m.end <= colon
                && m.cat == Cat::Event
                && self.lex.events[m.idx].group.as_deref() == Some("discharge")
        });
        let times = &self.times[i];
        if !names_discharge || times.is_empty() {
            return false;
        }
        let mut pos = colon + 1;
        for t in times {
            if t.start < pos || !matches!(t.what, TimeRef::Date(..)) {
                return false;
            }
            if self.text(pos, t.start).chars().any(char::is_alphanumeric) {
                return false;
            }
            pos = t.end;
        }
        !self.text(pos, s.end).chars().any(char::is_alphanumeric)
    }

    /// Whether sentence `i` names a visit ("I saw her today", "clinic
    /// review") or is a calendar date and nothing else, a letter's date
    /// line ("June 16, 2025").
    fn names_a_visit(&self, i: usize) -> bool {
        let s = &self.sentences[i];
        let visit = self.mentions_of(i).iter().any(|m| {
            m.cat == Cat::Event && self.lex.events[m.idx].group.as_deref() == Some("visit")
        });
        if visit {
            return true;
        }
        let times = &self.times[i];
        // A full calendar date: a bare year ("2019") dates no letter.
        let dated = |t: &TimeExpr| matches!(t.what, TimeRef::Date(_, m, d) if m > 0 && d > 0);
        if times.is_empty() || !times.iter().all(dated) {
            return false;
        }
        let letters = |a: usize, b: usize| self.text(a, b).chars().any(char::is_alphabetic);
        let mut pos = s.start;
        for t in times {
            if letters(pos, t.start.max(pos)) {
                return false;
            }
            pos = pos.max(t.end);
        }
        !letters(pos, s.end)
    }

    /// Whether the time at folded `at` in sentence `i` sits in an aside:
    /// brackets that hold other words besides it ("Diarrhoea on MMF 1.5 g
    /// bd (increased at wk 8 by Dr K)"). Such a time dates its own words,
    /// not the narrative after it; a bracket that holds only a time ("(day
    /// 5)", "(wk 12)") is a time stamp and does move it.
    fn in_aside(&self, i: usize, at: usize) -> bool {
        let Some((open, close)) = self.enclosing_bracket(i, at) else {
            return false;
        };
        let Some(t) = self.times[i].iter().find(|t| t.start == at) else {
            return false;
        };
        let words = |a: usize, b: usize| {
            self.text(a, b)
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .count()
        };
        words(open + 1, at) + words(t.end.min(close), close) >= 2
    }

    /// Whether the time at folded `at` in sentence `i` is a deadline inside
    /// it, after a change of dose ("was increased step by step to 150 mg by
    /// 19 February", "to 1.5 g twice daily, reached at week 8": cue role
    /// `titration-end`): it says when the change was complete, and what the
    /// next sentence adds ("She also received co-trimoxazole") belongs to
    /// where the narrative was. "By 26 June the UPCR was 96 mg/mmol" opens
    /// a sentence at that date, and "the rash had resolved by day 14"
    /// changes no dose: the narrative moves on.
    fn deadline(&self, i: usize, at: usize) -> bool {
        const DOSE_CHANGES: [&str; 4] = [
            "dose-increase",
            "dose-decrease",
            "dose-taper",
            "dose-change",
        ];
        let s = &self.sentences[i];
        let from = at.saturating_sub(4).max(s.start);
        let by = from > s.start && self.lower_text(from, at).ends_with(" by ");
        (by || self.cue_right_before(i, at, 16, "titration-end", &["", "at", "on", "by", "in"]))
            && self
                .cues_in(s.start, at)
                .any(|role| DOSE_CHANGES.contains(&role))
    }

    /// Whether the time at folded `at` in sentence `i` dates the last of a
    /// series told ahead ("six pulses in all, the last on 14 January", cue
    /// role `series-end`): it closes the series, and the narrative stays
    /// where it was.
    fn ends_a_series(&self, i: usize, at: usize) -> bool {
        self.cue_right_before(i, at, 20, "series-end", &["", "on"])
    }

    /// Whether a cue of `role` ends within `reach` bytes before `at` in
    /// sentence `i`, with only one of `gaps` (trimmed) between it and `at`.
    fn cue_right_before(
        &self,
        i: usize,
        at: usize,
        reach: usize,
        role: &str,
        gaps: &[&str],
    ) -> bool {
        let from = at.saturating_sub(reach).max(self.sentences[i].start);
        let lo = self.cue_hits.partition_point(|h| h.0 < from);
        self.cue_hits[lo..]
            .iter()
            .take_while(|h| h.0 < at)
            .filter(|h| h.1 <= at && self.lex.cues[h.2].role == role)
            .any(|h| gaps.contains(&self.lower_text(h.1, at).trim()))
    }

    /// The roles of the cues that start in `[start, end)`.
    fn cues_in(&self, start: usize, end: usize) -> impl Iterator<Item = &str> {
        let lo = self.cue_hits.partition_point(|h| h.0 < start);
        self.cue_hits[lo..]
            .iter()
            .take_while(move |h| h.0 < end)
            .map(|h| self.lex.cues[h.2].role.as_str())
    }

    /// Whether the time at folded `at` in sentence `i` is in the brackets
    /// that end a label: "Repeat bloods (12/01): WBC 10.2".
    fn ends_label(&self, i: usize, at: usize) -> bool {
        self.enclosing_bracket(i, at).is_some_and(|(_, close)| {
            self.text(close + 1, self.sentences[i].end)
                .trim_start()
                .starts_with(':')
        })
    }

    /// The folded positions of the "(" and ")" around `at` in sentence
    /// `i`, when a bracket opened before `at` closes after it.
    fn enclosing_bracket(&self, i: usize, at: usize) -> Option<(usize, usize)> {
        let s = &self.sentences[i];
        let before = self.text(s.start, at);
        let open = before.rfind('(')?;
        if before[open..].contains(')') {
            return None;
        }
        let close = self.text(at, s.end).find(')')?;
        Some((s.start + open, at + close))
    }

    /// The patient's age at the index, in days: the first age the story
    /// states ("A 58-year-old woman", "a 7-month-old girl"), not one of an
    /// introduction ("affects women aged 20 to 50").
    fn patient_age(&self) -> Option<f64> {
        let c = self
            .sentences
            .iter()
            .filter(|s| s.part == Part::Origin(Origin::Body))
            .find_map(|s| self.shapes.age.captures(&self.folded.text[s.start..s.end]))?;
        let (n, unit) = crate::build::people::age_of(&c)?;
        let unit = match unit {
            "mo" => "month",
            "wk" => "week",
            "d" => "day",
            _ => "year",
        };
        Some(n * self.times_parser.days_in(unit)?)
    }

    /// Days after the index of ordinal day `n`: day 1 is the index day,
    /// unless the text names a day 0 ("day 0 = transfer"), when day `n` is
    /// `n` days in.
    pub fn day_number(&self, n: f64) -> f64 {
        if self.counts_from_zero {
            n
        } else {
            (n - 1.0).max(0.0)
        }
    }

    /// The day a milestone counts from in a visit's letter: "at twelve
    /// months" or "after 6 months" (positive, from the index) in the story,
    /// not under a plan's heading, where a treatment started before the
    /// visit and the milestone, counted from that start, is still before
    /// the visit. None elsewhere: a case report counts from its index.
    fn milestone_origin(&self, kind: IndexKind, i: usize, t: &TimeExpr, d: f64) -> Option<f64> {
        if kind != IndexKind::FirstVisit || d <= 0.0 || !self.in_story(i) {
            return None;
        }
        let words = &self.lower[t.start..t.end];
        if !(words.starts_with("at ") || words.starts_with("after ")) {
            return None;
        }
        let planned = self.sentences[i]
            .heading
            .as_deref()
            .is_some_and(|h| h.contains("plan") || h.contains("recommend"));
        if planned {
            return None;
        }
        self.treatment_start_before(i)
            .filter(|&start| start < 0.0 && start + d <= 0.0)
    }

    /// Whether sentence `j` tells the story itself (its body or a table),
    /// not a retelling.
    pub fn in_story(&self, j: usize) -> bool {
        matches!(
            self.sentences[j].part,
            Part::Origin(Origin::Body | Origin::Table)
        )
    }

    /// The latest start of drug `drug` before sentence `i`; none found:
    /// the index (the default index is the start of treatment).
    fn drug_start_before(&self, i: usize, drug: Mention) -> f64 {
        (0..i)
            .rev()
            .filter(|&j| self.in_story(j))
            .find_map(|j| {
                let s = &self.sentences[j];
                let m = self
                    .mentions_of(j)
                    .iter()
                    .find(|m| m.cat == drug.cat && m.idx == drug.idx)
                    .copied()?;
                self.has_cue_in("dose-start", s.start, s.end)
                    .then(|| self.time_at(j, m.start).day)?
            })
            .unwrap_or(0.0)
    }

    /// The day and the spacing of the cycles of the regimen started in
    /// one of the few story sentences before sentence `i` ("started on
    /// monthly cyclophosphamide"): a drug, a start word and a frequency
    /// of a week or longer (a cycle is not given daily).
    fn cycles_started_before(&self, i: usize) -> Option<(f64, f64)> {
        (i.saturating_sub(3)..i)
            .rev()
            .filter(|&j| self.in_story(j))
            .find_map(|j| {
                let s = &self.sentences[j];
                let ms = self.mentions_of(j);
                let drug = ms.iter().find(|m| m.cat == Cat::Drug)?;
                let every = ms
                    .iter()
                    .filter(|m| m.cat == Cat::Frequency)
                    .filter_map(|m| self.lex.frequencies[m.idx].per_day)
                    .find(|&p| p > 0.0 && p <= 1.0 / 7.0 + 1e-9)
                    .map(|p| 1.0 / p)?;
                if !self.has_cue_in("dose-start", s.start, s.end) {
                    return None;
                }
                Some((self.time_at(j, drug.start).day?, every))
            })
    }

    /// The day of drug `drug`'s mention in the story sentence just before
    /// sentence `i`, when it names the drug.
    fn drug_told_just_before(&self, i: usize, drug: Mention) -> Option<f64> {
        let j = i.checked_sub(1).filter(|&j| self.in_story(j))?;
        let m = self
            .mentions_of(j)
            .iter()
            .rev()
            .find(|m| m.cat == drug.cat && m.idx == drug.idx)?;
        self.time_at(j, m.start).day
    }

    /// The day of the latest readmission told before sentence `i` in the
    /// story ("she was readmitted on 15 June"), from which the days of a
    /// stay count ("day 10 of readmission", "hospital day 7"); none in a
    /// story of one admission, whose days count from the index, nor in one
    /// whose readmissions were before the index (past history). A
    /// readmission named inside a time ("on day 3 of readmission") is the
    /// count's origin, not one more readmission.
    fn readmission_before(&self, i: usize) -> Option<f64> {
        (0..i).rev().filter(|&j| self.in_story(j)).find_map(|j| {
            let m = self
                .mentions_of(j)
                .iter()
                .rev()
                .find(|m| {
                    m.cat == Cat::Event
                        && self.lex.events[m.idx].group.as_deref() == Some("readmission")
                        && !self.times[j]
                            .iter()
                            .any(|t| t.start <= m.start && m.end <= t.end)
                })
                .copied()?;
            self.time_at(j, m.start).day.filter(|&day| day > 0.0)
        })
    }

    /// Whether sentence `i` starts a drug in `[from, to)`: a drug named and
    /// a start word ("methylprednisolone pulse therapy was started on day 3
    /// (treatment day 1)").
    fn treatment_started_in(&self, i: usize, from: usize, to: usize) -> bool {
        self.mentions_of(i)
            .iter()
            .any(|m| m.cat == Cat::Drug && m.start >= from && m.end <= to)
            && self.has_cue_in("dose-start", from, to)
    }

    /// The day of the latest drug start told before sentence `i` in the
    /// story, from which the days of a treatment count ("on treatment day
    /// 14", "day 8 of treatment").
    fn treatment_start_before(&self, i: usize) -> Option<f64> {
        (0..i).rev().filter(|&j| self.in_story(j)).find_map(|j| {
            let s = &self.sentences[j];
            if !self.treatment_started_in(j, s.start, s.end) {
                return None;
            }
            let m = self
                .mentions_of(j)
                .iter()
                .find(|m| m.cat == Cat::Drug)
                .copied()?;
            self.time_at(j, m.start).day
        })
    }

    /// The day of the latest operation told before sentence `i` (an
    /// operative procedure of the story: its name says so, see
    /// [`OPERATIVE`]); day 0 when none is.
    fn operation_day(&self, i: usize) -> f64 {
        self.latest_day_of(i, |m| m.cat == Cat::Procedure && self.is_operative(m.idx))
            .unwrap_or(0.0)
    }

    /// Whether procedures entry `idx` is an operation. Lowercase word
    /// parts; a capital only opens a proper name ("Whipple procedure").
    pub fn is_operative(&self, idx: usize) -> bool {
        let name = &self.lex.procedures[idx].name;
        OPERATIVE.iter().any(|w| name.contains(w))
    }

    /// Whether the operation `earlier` is the one `anchor` names: the same
    /// entry, an entry or words holding the anchor's last word ("right
    /// upper lobectomy" for "lobectomy"), or any operation for a word as
    /// general as "surgery".
    pub fn same_operation(&self, anchor: &Mention, earlier: &Mention) -> bool {
        if earlier.cat != Cat::Procedure || !self.is_operative(earlier.idx) {
            return false;
        }
        let surface = &self.lower[anchor.start..anchor.end];
        let head = surface.rsplit([' ', '-']).next().unwrap_or(surface);
        earlier.idx == anchor.idx
            || GENERAL_OPERATIONS.contains(&head)
            || self.lower[earlier.start..earlier.end].contains(head)
            || self.lex.procedures[earlier.idx].name.contains(head)
    }

    /// The day of the latest operation told before sentence `i` that
    /// `anchor` names (see [`Doc::same_operation`]).
    fn operation_named_day(&self, i: usize, anchor: &Mention) -> Option<f64> {
        self.latest_day_of(i, |m| self.same_operation(anchor, m))
    }

    /// The day of the latest mention before sentence `i`, in the story,
    /// that `wanted` picks.
    fn latest_day_of(&self, i: usize, wanted: impl Fn(&Mention) -> bool) -> Option<f64> {
        (0..i).rev().filter(|&j| self.in_story(j)).find_map(|j| {
            let m = self
                .mentions_of(j)
                .iter()
                .rev()
                .find(|m| wanted(m))
                .copied()?;
            self.time_at(j, m.start).day
        })
    }

    /// The drug named inside a time of treatment ("during the first 7
    /// days of liposomal amphotericin B treatment"), in the story itself:
    /// a discussion's retelling may count from the first of several
    /// starts, not from the latest.
    fn drug_within(&self, i: usize, t: &TimeExpr) -> Option<Mention> {
        if !self.in_story(i) || !self.text(t.start, t.end).contains(" of ") {
            return None;
        }
        self.mentions_of(i)
            .iter()
            .find(|m| m.cat == Cat::Drug && m.start > t.start && m.end <= t.end)
            .copied()
    }

    /// The last drug sentence `i` names before `at`.
    fn drug_named_before(&self, i: usize, at: usize) -> Option<Mention> {
        self.mentions_of(i)
            .iter()
            .rev()
            .find(|m| m.cat == Cat::Drug && m.end <= at)
            .copied()
    }

    /// Whether time `t` is a bare "after" an amount of time that may count
    /// from where the narrative is ("was discharged after two days",
    /// "After 1 month there was worsening dyspnea"). Written with a capital,
    /// the words open their sentence: one that opens on a time of treatment
    /// ("After 4 weeks of treatment, ...") is read from the index (the start
    /// of treatment by default), and so is one told where the narrative
    /// stands on a calendar date (`from_a_date`), where a plain count from
    /// the index was found the safer reading.
    fn after_from_here(&self, t: &TimeExpr, from_a_date: bool) -> bool {
        let words = &self.lower[t.start..t.end];
        words.starts_with("after ")
            && (self.text(t.start, t.end).starts_with("after ")
                || (!from_a_date && !words.contains(" of ")))
    }

    /// "Oseltamivir was stopped after 10 days": a bare "after" an amount
    /// of time, told of a drug stopped, counts from that drug's start.
    fn stopped_after(&self, i: usize, t: &TimeExpr) -> Option<f64> {
        let words = &self.lower[t.start..t.end];
        if !words.starts_with("after ") || words.contains(" of ") {
            return None;
        }
        let drug = self.drug_named_before(i, t.start)?;
        (self.has_cue_in("dose-stop", drug.end, t.start) && self.text(drug.end, t.start).len() < 40)
            .then(|| self.drug_start_before(i, drug))
    }

    /// The day an anchored expression in sentence `i` counts from: the
    /// start of the drug it names ("after starting prednisolone": the last
    /// earlier sentence that starts it), or the event it names (day 0 for
    /// the index event, else the latest earlier visit or the event's first
    /// earlier mention). `None` when a named event was never placed; day 0
    /// when nothing is named ("3 months after diagnosis").
    fn anchor_day(
        &self,
        i: usize,
        t: &TimeExpr,
        index_at: Option<(usize, Mention, IndexKind)>,
    ) -> Option<f64> {
        let named = self
            .mentions_of(i)
            .iter()
            .find(|m| {
                m.start > t.start
                    && m.start <= t.end + 4
                    && matches!(
                        m.cat,
                        Cat::Drug | Cat::Event | Cat::Procedure | Cat::Imaging
                    )
            })
            .copied();
        let says_first = |end: usize| {
            let words = self.text(t.start, end).to_ascii_lowercase();
            words.contains("first") || words.contains("initial")
        };
        // Nothing named: "3 months after diagnosis" or "after her first
        // visit" counts from the index; another occasion the lexicon does
        // not place ("after the operation") gives no time, not a wrong one.
        // "Three weeks postdischarge": the event glued to "post".
        let named = named.or_else(|| self.event_glued_to_post(t));
        let Some(named) = named else {
            let words = self.text(t.start, t.end).to_ascii_lowercase();
            let occasion = OCCASIONS.iter().any(|w| words.ends_with(w));
            return (!occasion || says_first(t.end)).then_some(0.0);
        };
        let same = |m: &Mention| m.cat == named.cat && m.idx == named.idx;
        let same_group = |m: &Mention| {
            same(m)
                || (m.cat == Cat::Event
                    && named.cat == Cat::Event
                    && self.lex.events[m.idx].group.is_some()
                    && self.lex.events[m.idx].group == self.lex.events[named.idx].group)
        };
        // The index event happens once, except a visit: "2 weeks after the
        // review" counts from the latest visit unless it says the first.
        let is_index = index_at.is_some_and(|(_, m, kind)| {
            same_group(&m) && (kind != IndexKind::FirstVisit || says_first(named.end))
        });
        if is_index {
            return Some(0.0);
        }
        let body = |j: usize| {
            matches!(
                self.sentences[j].part,
                Part::Origin(Origin::Body | Origin::Table)
            )
        };
        let day_of = |j: usize, m: &Mention| self.time_at(j, m.start).day;
        if named.cat == Cat::Drug {
            // "Eight weeks after rituximab": the drug's name alone, inside
            // the time's words, counts from where the sentence before told
            // of it ("Rituximab was given on day 5"); told farther back, it
            // may be another course of it, and the time places nothing
            // ("at 3 months after rituximab" is then at 3 months).
            if named.end <= t.end {
                let words = self.text(t.start, t.end).to_ascii_lowercase();
                let at = ["at ", "by ", "in "].iter().any(|w| words.starts_with(w));
                return self.drug_told_just_before(i, named).or(at.then_some(0.0));
            }
            return Some(self.drug_start_before(i, named));
        }
        // A visit recurs, so the latest earlier one counts; other events
        // (an admission, a discharge) from their first mention. A
        // procedure ("3 months after the renal biopsy") counts from the
        // latest one done before.
        let recurs = matches!(named.cat, Cat::Procedure | Cat::Imaging)
            || self.lex.events[named.idx].group.as_deref() == Some("visit");
        let placed = |j: usize| {
            let m = self
                .mentions_of(j)
                .iter()
                .find(|m| same_group(m))
                .copied()?;
            day_of(j, &m)
        };
        let mut earlier = (0..i).filter(|&j| body(j));
        // "After the initial colonoscopy": the first one told.
        if recurs && !says_first(named.end) {
            // "Five months after lobectomy" after "a right upper lobectomy"
            // (two lexicon entries): a time after an operation counts from
            // the latest one told that it names.
            let after =
                matches!(t.what, TimeRef::Anchored(d) | TimeRef::AnchoredRange(d, _) if d >= 0.0);
            let operative = after && named.cat == Cat::Procedure && self.is_operative(named.idx);
            earlier.rev().find_map(placed).or_else(|| {
                operative
                    .then(|| self.operation_named_day(i, &named))
                    .flatten()
            })
        } else {
            earlier.find_map(placed)
        }
    }

    /// The event a time expression ends on when written glued to "post"
    /// ("postdischarge", "post-admission"), which the name matcher does not
    /// see as a word of its own: as a mention of that event at its words.
    fn event_glued_to_post(&self, t: &TimeExpr) -> Option<Mention> {
        let lower = &self.lower[t.start..t.end];
        let at = lower.rfind("post")? + 4;
        let word = lower[at..].trim_start_matches('-');
        let idx = self.lex.events.iter().position(|e| {
            e.name.eq_ignore_ascii_case(word)
                || e.aliases.iter().any(|a| a.eq_ignore_ascii_case(word))
        })?;
        Some(Mention {
            start: t.end - word.len(),
            end: t.end,
            cat: Cat::Event,
            idx,
        })
    }

    /// First mention of the wanted index event in the clinical text.
    fn find_index(&self, want: IndexKind) -> Option<(usize, Mention, IndexKind)> {
        // An admission named only as the origin of a count of time ("three
        // months before admission, she noticed a rash"): the admission the
        // story later tells serves first.
        let mut counted_from = None;
        for (i, s) in self.sentences.iter().enumerate() {
            if !matches!(s.part, Part::Origin(Origin::Body | Origin::Table)) {
                continue;
            }
            // A planned admission is not the one the course starts from.
            if s.heading
                .as_deref()
                .is_some_and(|h| h.contains("plan") || h.contains("recommend"))
            {
                continue;
            }
            // The sentence's view (its cue and trigger lists) only for a
            // mention of the wanted kind: most sentences have none.
            for m in self.mentions_of(i) {
                let hit = match want {
                    IndexKind::Admission => {
                        m.cat == Cat::Event
                            && self.lex.events.get(m.idx).is_some_and(|e| {
                                e.group.as_deref() == Some("admission") || e.name == "admission"
                            })
                    }
                    IndexKind::TreatmentStart => {
                        m.cat == Cat::Drug
                            && self.sentence_has_cue(i, "dose-start")
                            && !self.started_long_ago(i, m)
                    }
                    IndexKind::Diagnosis => {
                        m.cat == Cat::Condition
                            && self
                                .text(s.start, s.end)
                                .to_ascii_lowercase()
                                .contains("diagnos")
                    }
                    IndexKind::FirstVisit => {
                        m.cat == Cat::Event
                            && self
                                .lex
                                .events
                                .get(m.idx)
                                .is_some_and(|e| e.group.as_deref() == Some("visit"))
                    }
                    IndexKind::Date => true,
                };
                // The kind first: it is cheap, and rules out most mentions.
                if !hit {
                    continue;
                }
                let hits = self.view(i).hits;
                let a = crate::context::assert_mention(&self.folded.text, m.start, m.end, &hits);
                if !(a.hypothetical || a.negated) {
                    if want == IndexKind::Admission && self.origin_of_a_count(i, m) {
                        counted_from.get_or_insert((i, *m, want));
                        continue;
                    }
                    if counted_from.is_some_and(|(k, ..)| i > k + Self::ADMISSION_TOLD_WITHIN) {
                        return counted_from;
                    }
                    return Some((
                        i,
                        *m,
                        if want == IndexKind::Date {
                            IndexKind::FirstVisit
                        } else {
                            want
                        },
                    ));
                }
            }
        }
        counted_from
    }

    /// The index date from a date told before the index sentence: that
    /// date, moved on by the amounts of time the story counts on from it
    /// up to the index ("In January 2020 she noticed a rash. Two months
    /// later she was admitted": March 2020). A date known only to its
    /// month stays a month.
    fn moved_on_from(
        &self,
        (at, date): (usize, (i16, i8, i8)),
        index_sentence: Option<usize>,
    ) -> (i16, i8, i8) {
        let Some(k) = index_sentence.filter(|&k| k > at) else {
            return date;
        };
        // Only "N later" counts here: "after N" may count from an event.
        let later: f64 = (at + 1..=k)
            .filter_map(|i| {
                self.times[i].iter().find_map(|t| match t.what {
                    TimeRef::Cursor(d) if d > 0.0 => Some(d),
                    _ => None,
                })
            })
            .sum();
        let (y, m, d) = date;
        let moved = jiff::civil::Date::new(y, m, d.max(1))
            .ok()
            .and_then(|from| {
                from.checked_add(jiff::Span::new().days(later.round() as i64))
                    .ok()
            });
        match moved {
            Some(to) if later > 0.0 => (to.year(), to.month(), if d == 0 { 0 } else { to.day() }),
            _ => date,
        }
    }

    /// The one year sentence `i` is told in: its only calendar date, a year
    /// alone, which opens the sentence unless it is the index sentence
    /// itself ("In 2012 she presented with ..."); a history listing
    /// several years ("resection in 2010, wedge resection in 2012") tells
    /// no one time.
    fn scene_year(&self, i: usize, is_index: bool) -> Option<(i16, i8, i8)> {
        let mut dates = self.times[i]
            .iter()
            .filter(|t| matches!(t.what, TimeRef::Date(..)));
        let only = dates.next()?;
        if dates.next().is_some() {
            return None;
        }
        let opens = only.start <= self.sentences[i].start + 3;
        match only.what {
            TimeRef::Date(y, 0, _) if y != 0 && (is_index || opens) => Some((y, 0, 0)),
            _ => None,
        }
    }

    /// How many sentences before the index sentence a year told alone may
    /// date the index ("In 2012 she presented with ... She was started
    /// on ...").
    const YEAR_TOLD_WITHIN: usize = 2;

    /// How many sentences after a history counted back from the admission
    /// ("two weeks before admission, ...") the story tells the admission
    /// itself; a mention further on is some other part of the stay.
    const ADMISSION_TOLD_WITHIN: usize = 3;

    /// Whether event mention `m` of sentence `i` is the origin of an amount
    /// of time that sentence counts from it ("two weeks prior to
    /// admission", "3 days after admission"), not the event told then.
    fn origin_of_a_count(&self, i: usize, m: &Mention) -> bool {
        self.times[i].iter().any(|t| {
            let counts = match t.what {
                TimeRef::Index(d) | TimeRef::Anchored(d) | TimeRef::AfterNamed(d) => d != 0.0,
                TimeRef::AnchoredRange(..) | TimeRef::BeforeIndex => true,
                _ => false,
            };
            counts && t.start <= m.start && m.start <= t.end + 1
        })
    }

    /// Whether the drug mention `m` of sentence `i` is started a month or
    /// more before the story ("started on methotrexate 3 years ago", "at
    /// the age of 20"): history, not the treatment a course follows. The
    /// time must be in the drug's own clause; one just before arrival (the
    /// ambulance's adrenaline) may still start the course.
    fn started_long_ago(&self, i: usize, m: &Mention) -> bool {
        self.times[i].iter().any(|t| {
            let past = matches!(t.what, TimeRef::AtAge(_))
                || matches!(t.what, TimeRef::Index(d) if d <= -HISTORY_DAYS);
            let (a, b) = if t.start >= m.end {
                (m.end, t.start)
            } else {
                (t.end, m.start)
            };
            let between = self.lower_text(a, b.max(a));
            // "Three years ago, she was started on methotrexate": a time
            // that opens the sentence dates all of it.
            let fronted = t.end <= m.start
                && self
                    .lower_text(self.sentences[i].start, t.start)
                    .trim()
                    .is_empty()
                && !between.contains([';', '('])
                && !between.contains(" and ");
            past && (fronted
                || (!between.contains([',', ';', '(', ')']) && !between.contains(" and ")))
        })
    }

    /// When something mentioned at folded `pos` in sentence `i` happened.
    pub fn time_at(&self, i: usize, pos: usize) -> Time {
        let st = &self.timeline[i];
        if let (Some(at), true) = (st.index_at, self.story_before)
            && pos < at
        {
            return Time::before(0.0);
        }
        match self.point_for(i, pos) {
            Some(p) => self.past_span(i, p, pos).unwrap_or_else(|| p.1.clone()),
            None => st.default.clone(),
        }
    }

    /// The time a point expression inside folded `start..end` of sentence
    /// `i` names, with the expression's span ("Day 5" in a table's cell).
    pub fn time_within(
        &self,
        i: usize,
        start: usize,
        end: usize,
    ) -> Option<(Time, (usize, usize))> {
        let (at, time) = self.timeline[i]
            .points
            .iter()
            .find(|p| (start..end).contains(&p.0))?;
        let span = self.times[i]
            .iter()
            .find(|t| t.start <= *at && *at < t.end && t.end <= end)
            .map_or((*at, end), |t| (t.start, t.end));
        Some((time.clone(), span))
    }

    /// When something at folded `pos` in sentence `i` happened, from the
    /// times at or before it only: a value whose later times are those of
    /// later values ("34 ng/L, and 36 ng/L three hours later").
    pub fn time_up_to(&self, i: usize, pos: usize) -> Time {
        let st = &self.timeline[i];
        st.points
            .iter()
            .rev()
            .find(|p| p.0 <= pos)
            .map_or_else(|| st.default.clone(), |p| p.1.clone())
    }

    /// Whether sentence `i` is a title line: a line of its own, not ended
    /// by a full stop, under no heading, in the narrative.
    fn is_title(&self, i: usize) -> bool {
        let s = &self.sentences[i];
        let line = self.text(s.start, s.end).trim_end();
        let own_line = self.folded.text[s.end..]
            .trim_start_matches([' ', '\t'])
            .starts_with(['\n', '\r']);
        s.heading.is_none()
            && s.part == Part::Origin(Origin::Body)
            && !line.ends_with(['.', ':'])
            && own_line
    }

    /// Whether folded `pos` in sentence `i` is in the presenting story of
    /// an admission: after a verb of presentation in its sentence
    /// ("presented with fever and a rash"), or in the next sentences under
    /// the same heading while they name no time ("He also reported
    /// fatigue"). What the patient presented with was there before day 0.
    /// Not in a visit's own sentence ("I saw her today in clinic. She has
    /// a dry cough"), where the complaints are the visit's, nor after "On
    /// examination" (a finding of the day).
    pub fn presenting(&self, i: usize, pos: usize) -> bool {
        if !matches!(
            self.index.kind,
            IndexKind::Admission | IndexKind::FirstVisit
        ) || self.has_cue_in("exam-scene", self.sentences[i].start, pos)
        {
            return false;
        }
        let heading = |k: usize| self.sentences[k].heading.as_ref().map(|h| h.as_ptr());
        let untimed = |k: usize| {
            let t = &self.timeline[k];
            t.points.iter().all(|p| t.index_at == Some(p.0))
        };
        // "She was seen today in clinic": a visit, whose complaints are
        // the visit's.
        let visit = |k: usize| {
            self.mentions_of(k).iter().any(|m| {
                m.cat == Cat::Event && self.lex.events[m.idx].group.as_deref() == Some("visit")
            })
        };
        // "Presented to the gastroenterology service with jaundice": what a
        // patient presents with, even at a visit, was there before it.
        let presented_with = |k: usize, to: usize| {
            let words = self.lower_text(self.sentences[k].start, to);
            (words.contains("presented") || words.contains("presents")) && words.contains(" with ")
        };
        let presents = |k: usize, to: usize| {
            self.has_cue_in("presentation", self.sentences[k].start, to)
                && (!visit(k) || presented_with(k, to))
        };
        if presents(i, pos) {
            return true;
        }
        // Back through the untimed sentences under the same heading to
        // the one that presents.
        for k in (i.saturating_sub(3)..i).rev() {
            if heading(k) != heading(i) {
                return false;
            }
            if presents(k, self.sentences[k].end) {
                return true;
            }
            if !untimed(k) {
                return false;
            }
        }
        false
    }

    /// What a span dates beyond "followed by" or "then" after it: the day
    /// after a span of days ("methylprednisolone from 8 to 10 March,
    /// followed by prednisolone": 11 March), the end of a longer one.
    fn past_span(&self, i: usize, p: &(usize, Time), pos: usize) -> Option<Time> {
        let (Some(_), Some(end)) = (p.1.start_day, p.1.end_day) else {
            return None;
        };
        if p.0 >= pos || !self.moves_on(p.0, pos) {
            return None;
        }
        let of_days = self.times[i].iter().any(|t| {
            t.start == p.0
                && matches!(
                    t.what,
                    TimeRef::DayRange(..) | TimeRef::DayList { .. } | TimeRef::DateRange(..)
                )
        });
        Some(Time::at(end + if of_days { 1.0 } else { 0.0 }))
    }

    /// The time point of sentence `i` that places `pos`: the last one
    /// before it, unless a clause break separates them and a point closes
    /// `pos`'s own clause ("24% Venturi on D3, then nasal prongs on D4");
    /// with none before, the first.
    fn point_for(&self, i: usize, pos: usize) -> Option<&(usize, Time)> {
        let points = &self.timeline[i].points;
        let after = points.iter().find(|p| p.0 > pos);
        // A time inside brackets closed before `pos` dates only the bracket:
        // "creatinine 286 umol/L (normal 14 months earlier), urea 18.2";
        // unless the bracket ends a label, which dates what the label heads
        // ("Bloods (GP, 2/52 ago): Hb 148").
        let closed = |from: usize| {
            let between = self.text(from, pos).as_bytes();
            let opens = between.iter().filter(|&&b| b == b'(').count();
            let closes = between.iter().filter(|&&b| b == b')').count() > opens;
            closes && !self.ends_label(i, from)
        };
        let before = points.iter().rev().find(|p| p.0 <= pos && !closed(p.0));
        // A time in brackets opened after `pos` and after a number, its
        // value, when the bracket opens with a value of its own: the
        // bracket compares with another time ("BNP 1,860 pg/mL (420 pg/mL
        // six months ago)", "286 umol/L (normal 14 months earlier)"; not
        // "50 mg od (dose increased 3 weeks ago)").
        let compared = |at: usize| {
            let between = self.text(pos, at);
            between.rfind('(').is_some_and(|open| {
                let inside = between[open + 1..].trim_start();
                !inside.contains(')')
                    && between[..open].contains(|c: char| c.is_ascii_digit())
                    && (inside.starts_with(|c: char| c.is_ascii_digit())
                        || ["normal ", "baseline "]
                            .iter()
                            .any(|w| inside.starts_with(w)))
            })
        };
        let after = after.filter(|p| !compared(p.0));
        let breaks = |a: usize, b: usize| breaks_clause(self.text(a, b));
        // "extubated on day 9 and discharged from the ICU on day 12",
        // "extubated on day 10 but died on day 25": a clause joined by
        // "and" or "but" after the earlier time has its own.
        let joined = |b: usize| {
            let b_end = self.times[i]
                .iter()
                .find(|t| t.start == b)
                .map_or(b, |t| t.end.min(pos));
            joins_clauses(self.text(b_end, pos))
        };
        match (before, after) {
            (Some(b), Some(a))
                if (breaks(b.0, pos) || joined(b.0))
                    && !breaks(pos, a.0)
                    && !joins_clauses(self.text(pos, a.0))
                    && a.0 - pos < 48 =>
            {
                Some(a)
            }
            (Some(b), _) => Some(b),
            // A time after `pos` beyond "followed by", "then" or a new dose
            // dates what follows, not `pos` (see `moves_on`).
            // A time that dates a later stop dates nothing before it, nor
            // does any time after that stop.
            (None, _) => points
                .iter()
                .take_while(|p| p.0 <= pos || !self.dates_a_later_stop(i, pos, p.0))
                .find(|p| {
                    if p.0 > pos {
                        !self.moves_on(pos, p.0) && !compared(p.0)
                    } else {
                        !closed(p.0)
                    }
                }),
        }
    }

    /// Whether the text moves on to something else between `pos` and
    /// `to`: a sequence word ("followed by", "then") or a new dose
    /// ("reduced to") after `pos`'s own details ("X 500 mg for 3 days,
    /// followed by Y", "Y 60 mg daily, reduced to 20 mg at week 6"), not
    /// an adverb or the verb of `pos` itself ("X was then tapered", "X was
    /// increased to 150 mg by 19 February").
    fn moves_on(&self, pos: usize, to: usize) -> bool {
        let from = self.cue_hits.partition_point(|h| h.0 < pos);
        self.cue_hits[from..]
            .iter()
            .take_while(|h| h.0 < to)
            .filter(|h| {
                let role = self.lex.cues[h.2].role.as_str();
                role == "sequence" || opens_new_dose(role, self.text(h.0, h.1), self.text(h.1, to))
            })
            .any(|h| {
                self.text(pos, h.0)
                    .contains(|c: char| c.is_ascii_digit() || c == ',')
            })
    }

    /// "Tacrolimus was started and discontinued 3 weeks later", "X was
    /// initiated but discontinued after 2 weeks": a time after a stop that
    /// follows a start in sentence `i` dates the stop, not the start nor
    /// what `pos`, before the stop, names.
    /// The start may also come before `pos` in its clause ("she was
    /// started on tacrolimus and it was stopped 3 weeks later"), not in
    /// a clause before ("she received cefepime; ... cefepime was stopped
    /// on HD 9": the time dates that stop).
    /// Likewise a restart after a stop ("Tacrolimus was withheld and
    /// restarted a week later"): the time dates the restart.
    fn dates_a_later_stop(&self, i: usize, pos: usize, to: usize) -> bool {
        let role = |h: &(usize, usize, usize)| self.lex.cues[h.2].role.as_str();
        let from = self
            .cue_hits
            .partition_point(|h| h.0 < self.sentences[i].start);
        let hits = &self.cue_hits[from..];
        let opposite = |later: &str| match later {
            "dose-stop" => "dose-start",
            _ => "dose-stop",
        };
        let opens = |h: &(usize, usize, usize), later: &str| {
            role(h) == opposite(later)
                && (h.0 >= pos || !breaks_clause(self.text(h.1.min(pos), pos)))
        };
        let counts_on = self.times[i]
            .iter()
            .find(|t| t.start == to)
            .is_some_and(|t| self.counts_on(t).is_some());
        counts_on
            && hits
                .iter()
                .take_while(|h| h.0 < to)
                .filter(|h| h.0 >= pos && matches!(role(h), "dose-stop" | "dose-start"))
                .any(|later| {
                    hits.iter()
                        .take_while(|h| h.0 < later.0)
                        .any(|h| opens(h, role(later)))
                })
    }

    /// The days time `t` counts on from the time told before it: "3
    /// weeks later", "after 2 weeks" (not "4 months ago" nor "on day 9").
    pub fn counts_on(&self, t: &crate::timex::TimeExpr) -> Option<f64> {
        match t.what {
            TimeRef::Cursor(days) if days > 0.0 => Some(days),
            TimeRef::Index(days)
                if days > 0.0 && self.lower_text(t.start, t.end).starts_with("after ") =>
            {
                Some(days)
            }
            _ => None,
        }
    }

    /// The folded span of the time expression by which [`Doc::time_at`]
    /// places `pos` in sentence `i`, when one of the sentence's does.
    #[cfg(test)]
    pub fn time_span_at(&self, i: usize, pos: usize) -> Option<(usize, usize)> {
        let st = &self.timeline[i];
        if st.index_at.is_some_and(|at| self.story_before && pos < at) {
            return None;
        }
        let start = self.point_for(i, pos)?.0;
        // The index event named as a time ("on admission") is a point
        // inside its expression.
        self.times[i]
            .iter()
            .find(|t| t.start <= start && start < t.end)
            .map(|t| (t.start, t.end))
    }

    /// [`Doc::time_at`] and [`Doc::time_span_at`] together, finding the
    /// sentence's point for `pos` once (every new fact asks both).
    pub fn time_with_span_at(&self, i: usize, pos: usize) -> (Time, Option<(usize, usize)>) {
        let st = &self.timeline[i];
        if let (Some(at), true) = (st.index_at, self.story_before)
            && pos < at
        {
            return (Time::before(0.0), None);
        }
        match self.point_for(i, pos) {
            Some(p @ (start, t)) => {
                // The index event named as a time ("on admission") is a
                // point inside its expression.
                let span = self.times[i]
                    .iter()
                    .find(|t| t.start <= *start && *start < t.end)
                    .map(|t| (t.start, t.end));
                (self.past_span(i, p, pos).unwrap_or_else(|| t.clone()), span)
            }
            None => (st.default.clone(), None),
        }
    }

    /// The duration stated in sentence `i` nearest to `pos`, if any.
    pub fn duration_near(
        &self,
        i: usize,
        pos: usize,
        onset_only: bool,
    ) -> Option<(Duration, bool, usize, usize)> {
        self.durations(i)
            .filter(|d| !onset_only || d.1)
            .min_by_key(|d| d.2.abs_diff(pos))
    }

    /// The durations stated in sentence `i`: each with whether it dates an
    /// onset ("for the past 3 weeks") and its folded span.
    pub fn durations(&self, i: usize) -> impl Iterator<Item = (Duration, bool, usize, usize)> + '_ {
        self.times[i].iter().filter_map(|t| match &t.what {
            TimeRef::Duration {
                value,
                unit,
                days,
                onset,
            } => Some((
                Duration {
                    value: *value,
                    unit: unit.clone(),
                    days: *days,
                },
                *onset,
                t.start,
                t.end,
            )),
            _ => None,
        })
    }

    /// The author's own words of folded `[from, to)` ("about four units",
    /// where the folded copy reads "about 4 units").
    pub fn as_written(&self, from: usize, to: usize) -> &'a str {
        let start = self.folded.original(from);
        let end = self.folded.original_end(to, self.source).max(start);
        &self.source[start..end]
    }

    /// Maps every folded span in `facts` and `warnings` back to the source.
    pub fn to_original_spans(&self, facts: &mut [Fact], warnings: &mut [Warning]) {
        let map = |s: &mut Span| {
            let (a, b) = (
                self.folded.original(s.start),
                self.folded.original_end(s.end, self.source),
            );
            *s = Span::new(a, b.max(a));
        };
        for f in facts {
            f.spans.iter_mut().for_each(map);
            f.parts.iter_mut().for_each(|p| map(&mut p.span));
        }
        for w in warnings {
            w.spans.iter_mut().for_each(map);
        }
    }
}

/// "Blood cultures showed no growth after 5 days", "mycobacterial culture
/// remained negative at 6 weeks": an amount of time right after a
/// culture's negative result is how long it was incubated, no time of the
/// course. An ordinal day or a date ("no growth on day 5") stays a time.
fn incubation(lower: &str, sentence_start: usize, e: &TimeExpr) -> bool {
    if !matches!(e.what, TimeRef::Index(_) | TimeRef::Cursor(_)) {
        return false;
    }
    let words = &lower[e.start..e.end];
    if !["after ", "at ", "by ", "within "]
        .iter()
        .any(|w| words.starts_with(w))
    {
        return false;
    }
    let before = lower[sentence_start..e.start].trim_end();
    let negative = [
        "no growth",
        "negative",
        "sterile",
        "no significant growth",
        "no organisms",
        "nothing",
    ]
    .iter()
    .any(|w| before.ends_with(w));
    negative && (before.contains("cultur") || before.contains("growth"))
}

/// "Three years after the initial colonoscopy": a time after a thing its
/// words stop before is a time after the procedure, study or event
/// named right there, and ends with its name; with no such name it is no
/// time (its words name something the story does not place). A drug
/// named alone ("eight weeks after rituximab") is placed by
/// `Doc::anchor_day`.
fn name_what_times_follow(times: &mut Vec<TimeExpr>, mentions: &[Mention], lower: &str) {
    times.retain_mut(|t| {
        let TimeRef::AfterNamed(days) = t.what else {
            return true;
        };
        let i = mentions.partition_point(|m| m.start < t.end);
        let named = mentions[i..]
            .iter()
            .take_while(|m| m.start == t.end)
            .find(|m| {
                matches!(
                    m.cat,
                    Cat::Procedure | Cat::Imaging | Cat::Event | Cat::Drug
                )
            });
        let Some(named) = named else {
            // "At 3 months after the tumour board": at that time after
            // the index, as "at 3 months" alone reads.
            let words = &lower[t.start..t.end];
            let at = ["at ", "by ", "in "].iter().any(|w| words.starts_with(w));
            if at {
                let amount_end = words.find(" after").or_else(|| words.find(" following"));
                t.end = t.start + amount_end.unwrap_or(words.len());
                t.what = TimeRef::Index(days);
            }
            return at;
        };
        t.end = named.end;
        t.what = TimeRef::Anchored(days);
        true
    });
}

/// Anchor words of "N weeks after <occasion>" that name an occasion of
/// their own, not the index (see the time shapes in `timex`).
/// Words for an operation of any kind ("5 months after this surgery").
const GENERAL_OPERATIONS: &[&str] = &["surgery", "operation", "procedure", "surgical"];

const OCCASIONS: &[&str] = &[
    "visit",
    "review",
    "referral",
    "consultation",
    "discharge",
    "surgery",
    "operation",
    "transplant",
    "transplantation",
    "biopsy",
    "resection",
    "radiation",
    "ectomy",
    "ostomy",
    "otomy",
    "plasty",
];

/// Whether a cue of `role` with words `cue` opens a new dose of a drug:
/// a change cue followed by a number or ending in "to" ("reduced to 20
/// mg", "tapered 10 mg"), not "dose increased from 25 mg".
pub fn opens_new_dose(role: &str, cue: &str, after: &str) -> bool {
    matches!(
        role,
        "dose-taper" | "dose-decrease" | "dose-increase" | "dose-change"
    ) && (cue.ends_with(" to") || after.trim_start().starts_with(|c: char| c.is_ascii_digit()))
}

/// Whether lowercased text names a "day 0" (also "d0", "hd0", "day zero").
fn names_day_zero(lower: &str) -> bool {
    let b = lower.as_bytes();
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    // Each word ends in "0": the words are tested only where one ends at a
    // "0", which memchr finds (a test at every byte cost ≈5 instructions
    // a byte, six searches of the whole text more).
    lower.contains("day zero")
        || memchr::memchr_iter(b'0', b).any(|z| {
            ["day 0", "day0", "d0", "hd0", "hd 0", "d 0"]
                .iter()
                .any(|w| {
                    (z + 1).checked_sub(w.len()).is_some_and(|i| {
                        (i == 0 || !alnum(i - 1))
                            && b[i..].starts_with(w.as_bytes())
                            && !alnum(i + w.len())
                    })
                })
        })
}

fn parse_iso(s: &str) -> Option<(i16, i8, i8)> {
    let mut it = s.split('-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.parse().ok()?;
    jiff::civil::Date::new(y, m, d).ok()?;
    Some((y, m, d))
}

/// At most this many label lines open a discharge summary ("Name:", "NHS
/// no.:", "Ward:", "Consultant:", "Admission date:", "Discharge date:").
const HEAD_FIELDS: usize = 30;

/// Whether the words of a time name the patient's arrival ("before the
/// referral", "prior to admission").
fn names_arrival(words: &str) -> bool {
    ["admission", "presentation", "referral", "hospitali"]
        .iter()
        .any(|w| words.contains(w))
}

/// Word parts that name an operation ("colectomy", "laparotomy",
/// "valve replacement", "kidney transplantation"): what a postoperative
/// day counts from, unlike physiotherapy or a transfusion.
const OPERATIVE: &[&str] = &[
    "ectomy",
    "otomy",
    "ostomy",
    "plasty",
    "pexy",
    "surgery",
    "surgical",
    "operation",
    "resection",
    "transplant",
    "repair",
    "replacement",
    "bypass",
    "amputation",
    "excision",
    "fixation",
    "laparoscop",
    "thoracoscop",
    "arthroscop",
    "grafting",
    "implantation",
];

/// A line that opens with a label and a colon: "Ward: 7B", "Date of
/// discharge: 05/03/2024"; not "At 14:30 ..." or "ANA 1:320".
fn is_label_line(text: &str) -> bool {
    text.split_once(':').is_some_and(|(label, _)| {
        !label.is_empty()
            && label.len() <= 40
            && label.starts_with(|c: char| c.is_alphabetic())
            && label
                .chars()
                .all(|c| c.is_alphanumeric() || " ./()-&'".contains(c))
            && !label.ends_with(|c: char| c.is_ascii_digit())
    })
}

/// Whether a time is a calendar year and no more ("in 2023"): too coarse
/// for a later "two days later" or a date without its year to count from.
fn year_alone(t: &Time) -> bool {
    t.date.as_ref().is_some_and(|d| d.len() == 4)
}

fn resolve(what: &TimeRef, cursor: &Time, index_date: Option<(i16, i8, i8)>) -> Option<Time> {
    let cursor_day = match cursor.relation {
        Relation::Before | Relation::Unknown => 0.0,
        _ => cursor.day.or(cursor.start_day).unwrap_or(0.0),
    };
    Some(match what {
        TimeRef::Index(d)
        | TimeRef::Anchored(d)
        | TimeRef::IndexRange(d, _)
        | TimeRef::AnchoredRange(d, _)
        | TimeRef::AfterNamed(d) => Time::at(*d),
        TimeRef::DayNumber(n)
        | TimeRef::AdmissionDay(n)
        | TimeRef::TreatmentDay(n)
        | TimeRef::DayRange(n, _)
        | TimeRef::DayList { first: n, .. } => Time::at((n - 1.0).max(0.0)),
        TimeRef::PostOpDay(n) => Time::at(*n),
        TimeRef::Cursor(d) => Time::at(cursor_day + d),
        TimeRef::AfterCursor => Time {
            relation: Relation::After,
            day: Some(cursor_day),
            ..Time::default()
        },
        TimeRef::BeforeIndex | TimeRef::AtAge(_) => Time::before(0.0),
        TimeRef::Date(y, m, d) | TimeRef::DateRange((y, m, d), _) => {
            let near = match cursor.relation {
                Relation::At => cursor.day.or(cursor.start_day),
                _ => None,
            };
            return date_time((*y, *m, *d), index_date, near);
        }
        // Read against the document's date before this (see
        // `Doc::document_day`); alone, it says nothing.
        TimeRef::Duration { .. }
        | TimeRef::Today
        | TimeRef::AfterCycles(_)
        | TimeRef::LastUnit(_) => return None,
    })
}

/// The time of a calendar date against the index date. A date written
/// without its year ("on 03/10", "on 15 March") is in the year that puts
/// it nearest the narrative's last time, `near` days after the index, or
/// the index date itself (a stay across New Year; a course told month by
/// month into the next year), as temporal taggers resolve an
/// underspecified date against the reference time of the text
/// (Strötgen and Gertz, HeidelTime, Lang Resour Eval 2013).
fn date_time(
    date: (i16, i8, i8),
    index_date: Option<(i16, i8, i8)>,
    near: Option<f64>,
) -> Option<Time> {
    let (y, m, d) = date;
    if y == 0 {
        let (iy, _, _) = index_date?;
        let near = near.unwrap_or(0.0);
        let (y, day) = [iy - 1, iy, iy + 1, iy + 2]
            .into_iter()
            .filter_map(|y| Some((y, days_between_partial(index_date?, (y, m, d))?)))
            .min_by(|a, b| (a.1 - near).abs().total_cmp(&(b.1 - near).abs()))?;
        return Some(Time {
            relation: Relation::At,
            day: Some(day),
            date: Some(iso((y, m, d))),
            ..Time::default()
        });
    }
    // A year alone in a text without an index date places nothing.
    if m == 0 && index_date.is_none() {
        return None;
    }
    let iso_date = iso(date);
    Some(match index_date {
        Some(ix) => Time {
            relation: Relation::At,
            day: days_between_partial(ix, date),
            date: Some(iso_date),
            ..Time::default()
        },
        None => Time {
            relation: Relation::Unknown,
            date: Some(iso_date),
            ..Time::default()
        },
    })
}

/// Days from the index date to `date`. An index known only to its year
/// ("In 2009 she was diagnosed") stands at the middle of that year, and a
/// partial date counted from it at the middle of its own span (a month at
/// its 15th, a year at 1 July), so that two years count whole years apart
/// and a month of a later year is at most half a year off. Any other
/// index counts from the first day of a partial date, as the dates of a
/// course were always counted.
fn days_between_partial(index: (i16, i8, i8), date: (i16, i8, i8)) -> Option<f64> {
    let middle_of = |(y, m, d): (i16, i8, i8)| match (m, d) {
        (0, _) => (y, 7, 1),
        (m, 0) => (y, m, 15),
        _ => (y, m, d),
    };
    if index.1 == 0 {
        days_between(middle_of(index), middle_of(date))
    } else {
        days_between(index, date)
    }
}

/// Whether `t` holds a word that joins two clauses, each with its own
/// time: "and", "but".
fn joins_clauses(t: &str) -> bool {
    t.contains(" and ") || t.contains(" but ")
}

/// Whether `t` holds a clause break: a comma or semicolon ends a clause,
/// and a tab or a run of three spaces a column of a header line ("Date of
/// admission: 09/01/2024      Date of discharge: 14/01/2024"). One pass,
/// where a search for the three characters and one for the spaces each
/// set up a searcher.
fn breaks_clause(t: &str) -> bool {
    let mut spaces = 0;
    for &b in t.as_bytes() {
        match b {
            b',' | b';' | b'\t' => return true,
            b' ' => {
                spaces += 1;
                if spaces == 3 {
                    return true;
                }
            }
            _ => spaces = 0,
        }
    }
    false
}

/// How far back a drug start is history rather than the treatment a course
/// counts from: a month.
const HISTORY_DAYS: f64 = 30.0;

/// The cue hits less the results inside an organism's Gram reaction: the
/// "neg" of "Gram neg rods" is no result of the culture that grew them.
fn without_gram_results(
    lex: &Lexicon,
    hits: Vec<(usize, usize, usize)>,
) -> Vec<(usize, usize, usize)> {
    let gram: Vec<(usize, usize)> = hits
        .iter()
        .filter(|h| lex.cues[h.2].role == "gram-reaction")
        .map(|h| (h.0, h.1))
        .collect();
    if gram.is_empty() {
        return hits;
    }
    hits.into_iter()
        .filter(|h| {
            !lex.cues[h.2].role.starts_with("result-")
                || !gram.iter().any(|&(s, e)| s <= h.0 && e >= h.1)
        })
        .collect()
}

/// Whether `start..end` lies in the unit of a quantity of `all` (sorted by
/// start): after its number, inside its span.
fn quantity_unit_covers(all: &[Quantity], start: usize, end: usize) -> bool {
    let i = all.partition_point(|q| q.start < start);
    i > 0 && {
        let q = &all[i - 1];
        q.unit.is_some() && q.end >= end && q.start < start
    }
}

/// "800-160 MG per tablet": a name in capitals right after a number that
/// the unit reader reads as a unit, whole.
fn capital_unit_after_number(x: &Extractor, t: &str, start: usize, end: usize) -> bool {
    let word = &t[start..end];
    word.len() <= 4
        && word.bytes().all(|c| c.is_ascii_uppercase())
        && t[..start]
            .strip_suffix(' ')
            .is_some_and(|b| b.ends_with(|c: char| c.is_ascii_digit()))
        && x.quantities
            .unit_at(t, start, end)
            .is_some_and(|(e, _)| e == end)
}

#[cfg(test)]
mod tests {
    #[test]
    fn breaks_clause_is_the_two_searches() {
        let searched = |t: &str| t.contains([',', ';', '\t']) || t.contains("   ");
        let mut texts = crate::test_corpus::narrative_lines();
        let pieces = [" ", "  ", "   ", ",", ";", "\t", "x", "é", "ab "];
        texts.extend(crate::test_corpus::random_texts(
            &pieces,
            20_000,
            7,
            0x0bad_cafe_dead_beef_u64,
        ));
        for t in &texts {
            assert_eq!(super::breaks_clause(t), searched(t), "{t:?}");
        }
    }

    /// The triggers found in the time anchors' pass are those of
    /// `Matcher::triggers`, and the pass finds the same time expressions
    /// and words with them as without, on every fixture and corpus text.
    #[test]
    fn triggers_in_the_anchor_pass_are_the_matchers() {
        let x = crate::Extractor::builtin().expect("built-in extractor");
        let set = x.matcher.trigger_set().expect("trigger automaton");
        let mut hits = 0;
        for (_, raw) in crate::test_corpus::narratives() {
            let doc = super::Doc::read(x, &raw, &crate::Options::default());
            let (t, lower) = (doc.folded.text.as_str(), doc.lower.as_str());
            let mut want = x.matcher.triggers(t, lower);
            want.sort_unstable();
            assert_eq!(doc.trigger_hits, want);
            hits += want.len();
            for us in [false, true] {
                let mut got = Vec::new();
                let mut hit = |s, e, p| x.matcher.trigger_hit(t, s, e, p, &mut got);
                let also: crate::timex::Also<'_> = (set, lower.as_bytes(), &mut hit);
                let with = x.times.find_dated_and_words(t, 0, t.len(), us, Some(also));
                let without = x.times.find_dated_and_words(t, 0, t.len(), us, None);
                assert_eq!(with, without);
                got.sort_unstable();
                assert_eq!(got, want);
            }
        }
        assert!(hits > 1000, "only {hits} trigger hits");
    }

    #[test]
    fn time_with_span_is_time_and_span() {
        let x = crate::Extractor::builtin().expect("built-in extractor");
        for (_, t) in crate::test_corpus::narratives() {
            let doc = super::Doc::read(x, &t, &crate::Options::default());
            for (i, s) in doc.sentences.iter().enumerate() {
                for pos in (s.start..s.end).step_by(3) {
                    assert_eq!(
                        doc.time_with_span_at(i, pos),
                        (doc.time_at(i, pos), doc.time_span_at(i, pos))
                    );
                }
            }
        }
    }

    /// The test at every byte that `names_day_zero` replaced.
    fn names_day_zero_bytewise(lower: &str) -> bool {
        let b = lower.as_bytes();
        let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
        lower.contains("day zero")
            || (0..b.len()).any(|i| {
                (i == 0 || !alnum(i - 1))
                    && ["day 0", "day0", "d0", "hd0", "hd 0", "d 0"]
                        .iter()
                        .any(|w| b[i..].starts_with(w.as_bytes()) && !alnum(i + w.len()))
            })
    }

    #[test]
    fn day_zero_found_from_the_zeros_as_at_every_byte() {
        let mut texts: Vec<String> = crate::test_corpus::narratives()
            .into_iter()
            .map(|(_, t)| t.to_ascii_lowercase())
            .collect();
        for w in ["day 0", "day0", "d0", "hd0", "hd 0", "d 0", "day zero"] {
            for (pre, post) in [
                ("", ""),
                ("x", ""),
                ("", "x"),
                (" ", "."),
                ("1", " "),
                ("(", "0"),
            ] {
                texts.push(format!("{pre}{w}{post}"));
                texts.push(format!("on {pre}{w}{post} she"));
            }
        }
        texts.extend(["0", "d", "dd0", "hhd0", "day 00", "d00"].map(String::from));
        for t in &texts {
            assert_eq!(
                super::names_day_zero(t),
                names_day_zero_bytewise(t),
                "{t:?}"
            );
        }
    }
}
