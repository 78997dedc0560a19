//! Time expressions: where in the course a sentence speaks of.
//!
//! Each expression resolves to a [`TimeRef`]: a point relative to the index
//! event, a point relative to the narrative's current time (the cursor), a
//! duration, or a calendar date. The vocabulary (units, number words) comes
//! from `data/lexicon/time.toml`; the sentence shapes are here.
//!
//! Every shape contains an anchor word: a time unit ("weeks"), a month, a
//! year, one of a few index words ("admission", "thereafter"), a hospital-day
//! code ("HD 5") or a shorthand fraction ("4/7"). One
//! automaton pass finds the anchors, and each shape's regex then runs only
//! in windows around its anchors, not over the whole text: most prose has
//! no time in it, and nineteen full passes cost more than everything else.

use aho_corasick::MatchKind;
use casecourse_knowledge::Lexicon;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::util::iter::Searcher;
use regex_automata::{Anchored, Input, Match};

use crate::dense::Dense;

/// What a time expression says.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeRef {
    /// `days` after (or before, if negative) the index event.
    Index(f64),
    /// `days` after the narrative's current time ("2 weeks later").
    Cursor(f64),
    /// Some time after the current time ("after treatment").
    AfterCursor,
    /// "Day 4", "day 3 of admission": an ordinal day, day 1 being the index
    /// day unless the text counts from a day 0.
    DayNumber(f64),
    /// "Hospital day 7", "day 3 of the second admission", "the fourth day
    /// of his hospitalization": an ordinal day of a stay in hospital,
    /// counted from the latest readmission before it when the story has
    /// one, else as [`TimeRef::DayNumber`].
    AdmissionDay(f64),
    /// "Last week", "last month": that many days before where the
    /// narrative stands (a letter's visit), not before the last time named.
    LastUnit(f64),
    /// "After three cycles": the day the last of that many cycles of the
    /// regimen started before was given.
    AfterCycles(f64),
    /// "Treatment day 14", "day 8 of treatment": an ordinal day of a
    /// treatment, day 1 being the day of the latest treatment start.
    TreatmentDay(f64),
    /// "Postoperative day 3": days after the latest operation (day 0 is
    /// the day of surgery).
    PostOpDay(f64),
    /// "On days 4 to 6", "HD1-HD3": from one ordinal day to another.
    DayRange(f64, f64),
    /// "On days 1 and 15", "on days 3, 17 and 31": single days, each an
    /// administration, from the `first` ordinal day to the `last`; `every`
    /// is the days between them when they are evenly spaced.
    DayList {
        /// The first ordinal day named.
        first: f64,
        /// The last ordinal day named.
        last: f64,
        /// The spacing, when every pair of neighbours has the same one.
        every: Option<f64>,
    },
    /// "Weeks 0 to 3", "months 3-6": from one time after the index event
    /// to another, in days.
    IndexRange(f64, f64),
    /// `days` after the thing the expression ends on: an event ("2 weeks
    /// after discharge", "one week after the clinic visit") or the start of
    /// a drug ("3 months after starting prednisolone"); the index event
    /// when that thing is the index or cannot be found.
    Anchored(f64),
    /// From one amount of time after an event to another ("from 3 to 17
    /// days after admission"), in days, counted like [`TimeRef::Anchored`].
    AnchoredRange(f64, f64),
    /// Before the index event ("prior to admission").
    BeforeIndex,
    /// When the patient was this old, in days ("at the age of 42",
    /// "diagnosed at 42 years of age"): placed against the patient's age
    /// at the index.
    AtAge(f64),
    /// `days` after a thing named right after the expression ("3 years
    /// after the initial colonoscopy"): the document reads it as
    /// [`TimeRef::Anchored`] on the name that follows its words, or drops it
    /// when no name of a procedure, study or event follows.
    AfterNamed(f64),
    /// A length of time; `onset` when it dates the start of a complaint
    /// ("cough for 1 month", "a 2-week history of").
    Duration {
        /// The number.
        value: f64,
        /// Unit name (day, week, month...).
        unit: String,
        /// Length in days.
        days: f64,
        /// True for "lasting", "for the past", "history of".
        onset: bool,
    },
    /// A calendar date: year, month, day (month/day 0 when not given).
    Date(i16, i8, i8),
    /// From one calendar date to another ("from 8 to 10 March 2023",
    /// "28 February-3 March"); year 0 when the text gives none.
    DateRange((i16, i8, i8), (i16, i8, i8)),
    /// "Today", "this morning": the day the document is written on.
    Today,
}

/// One expression in the folded text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeExpr {
    /// Folded byte start.
    pub start: usize,
    /// Folded byte end.
    pub end: usize,
    /// Meaning.
    pub what: TimeRef,
}

/// Compiled time patterns.
pub struct TimeParser {
    /// Each rule's pattern, and the words every match of it holds: groups
    /// of indices into `needed` (see [`Needs`]).
    rules: Vec<(Regex, Rule, Vec<Vec<usize>>)>,
    units: Vec<(String, String, f64)>,
    numbers: Vec<(String, f64)>,
    /// Anchor words and needed words (lowercase), in one automaton.
    anchors: Option<Dense>,
    /// What each word of `anchors` is: an anchor of a class, a needed
    /// word (its index in `needed`), or both.
    word_roles: Vec<(Option<Anchor>, Option<usize>)>,
    /// One-letter anchors ("d", "h"), lowercase, found apart from
    /// `anchors` (see [`lone_letters`]).
    letters: Vec<(u8, Anchor)>,
    /// The words the rules need; [`YEAR`] first.
    needed: Vec<&'static str>,
    /// Where in `needed` each word given to [`TimeParser::with_words`] is.
    side: Vec<usize>,
}

/// Where the rules of each anchor class search, and where each needed
/// word occurs.
struct Windows {
    /// Merged windows, indexed by `Anchor as usize`.
    by_class: [Vec<(usize, usize)>; 10],
    /// Starts of every occurrence of `needed[i]`, in order.
    hits: Vec<Vec<usize>>,
}

/// Another search for the anchors' pass: a set, the haystack of its
/// leftmost matches, and what to call for each (start, end, word).
pub type Also<'a> = (&'a Dense, &'a [u8], &'a mut dyn FnMut(usize, usize, usize));

/// What kind of word anchors a time expression; every match of a rule
/// contains an anchor of the rule's class (a test checks this on every
/// fixture text by comparing with a whole-text search).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    /// A time unit surface: "weeks", "mo", "fortnight". Its windows are
    /// those of the two classes below.
    Unit,
    /// A unit after a number and spaces or dashes ("3 weeks", "two-day"):
    /// every shape with an amount of time has one.
    Amount,
    /// The same units, for the amount shapes that reach only a few words
    /// either side of theirs ("during the first 3 weeks", "2 years ago").
    AmountNear,
    /// A unit before spaces and a digit ("day 4", "week 2").
    Ordinal,
    /// A month name or abbreviation.
    Month,
    /// A four-digit year 1900–2099.
    Year,
    /// A word of the index, before-index and after-cursor shapes.
    Keyword,
    /// A hospital-day code: "HD8", "D2", "POD3".
    DayCode,
    /// British clinical shorthand for a duration: "4/7", "2/52", "3/12".
    Shorthand,
    /// Two numbers about a slash: a date without its year ("on 03/10").
    SlashDate,
}

impl Anchor {
    /// Bytes before and after an anchor that its expressions can reach.
    /// Generous: the longest unit shapes reach ≈80 bytes before their unit
    /// ("presented to the emergency department of a district hospital after
    /// 8 days of") and ≈50 after it ("within approximately 12 weeks of her
    /// intensive immunosuppressive treatment"); index words end their
    /// shapes.
    fn reach(self) -> (usize, usize) {
        match self {
            Anchor::Unit | Anchor::Amount | Anchor::Ordinal => (112, 96),
            // The longest of these shapes reach 36 bytes before their unit
            // ("during approximately one and a half weeks") and 24 after it
            // ("2 years prior to the admission"): the rest is slack for
            // runs of spaces. In the wide windows above, the three of these
            // without a selective word searched ≈40 % of the time
            // patterns' bytes.
            Anchor::AmountNear => (64, 32),
            // "from the 10th until the 12th of January": a span of days
            // reaches 40 bytes before its month.
            Anchor::Month => (40, 24),
            // "during the beginning of 2019": a part of a year reaches 24
            // bytes before its year.
            Anchor::Year => (32, 16),
            Anchor::Keyword => (48, 24),
            Anchor::DayCode => (16, 8),
            // "3/52 ago": the word after it.
            Anchor::Shorthand => (4, 8),
            // "restarted 03/13": the word before it, one byte after.
            Anchor::SlashDate => (16, 4),
        }
    }
}

/// Words that every index, before-index or after-cursor shape contains
/// (the alternatives of those rules below).
const KEYWORDS: &[&str] = &[
    "admission",
    "presentation",
    "arrival",
    "baseline",
    "diagnosis",
    "treatment",
    "acute",
    "emergency",
    "referral",
    "hospitalization",
    "hospitalisation",
    "hospital",
    "clinic",
    "previously",
    "therapy",
    "adjustment",
    "change",
    "changes",
    "regimen",
    "intervention",
    "discharge",
    "thereafter",
    "subsequently",
    "next",
    "following",
    "age",
    "postoperative",
    "operative",
    "illness",
    "today",
    "tonight",
    "this morning",
    "this afternoon",
    "this evening",
    "last week",
    "last month",
    "cycles",
    "courses",
];

/// Month surfaces as the month patterns accept them.
const MONTH_WORDS: &[&str] = &[
    "jan",
    "january",
    "feb",
    "february",
    "mar",
    "march",
    "apr",
    "april",
    "may",
    "jun",
    "june",
    "jul",
    "july",
    "aug",
    "august",
    "sep",
    "sept",
    "september",
    "oct",
    "october",
    "nov",
    "november",
    "dec",
    "december",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rule {
    DayRange,
    DayList,
    WeekRange,
    DayCodeRange,
    AfterOfTreatment,
    PresentedAfter,
    UnitsRangeAfterAnchor,
    AtDischarge,
    UnitsAfterAnchor,
    UnitsBeforeAnchor,
    AtFollowUp,
    WeekOrdinal,
    HospitalDay,
    CareDay,
    Later,
    NextDay,
    Ago,
    ByUnits,
    AtAge,
    OnsetDuration,
    HistoryOf,
    ForDuration,
    IndexWords,
    BeforeIndex,
    AfterCursor,
    DateRangeDmy,
    DateRangeMdy,
    DateDmy,
    DateMdy,
    DateIso,
    DateSlash,
    /// "14/12/23": a date with a two-digit year.
    DateSlashShort,
    Today,
    MonthYear,
    /// "By the spring of 2016", "in late 2020", "mid-2019": a part of a
    /// year, read as its middle month.
    PartOfYear,
    YearOnly,
    DayMonthName,
    DayCode,
    Shorthand,
    ShorthandAgo,
    DayMonth,
    UnitsAfterNamed,
    CareDayOrdinal,
    /// "Last week", "last month": that long before the narrative's time.
    LastUnit,
    /// "After three cycles", "after 6 courses".
    AfterCycles,
}

impl Rule {
    /// Whether a match this rule reads as no time still keeps the later
    /// rules off its words ("at 38 weeks of gestation" is no time at all).
    /// A span that is not one ("24 March and 31 March", "day 1 to 88
    /// mg/L") leaves its dates to be read one by one.
    fn blocks_when_rejected(self) -> bool {
        !matches!(
            self,
            Rule::DateRangeDmy | Rule::DateRangeMdy | Rule::DayRange
        )
    }

    /// The anchor every match of this rule contains.
    fn anchor(self) -> Anchor {
        match self {
            Rule::IndexWords
            | Rule::BeforeIndex
            | Rule::AfterCursor
            | Rule::NextDay
            | Rule::AtDischarge
            | Rule::CareDayOrdinal
            | Rule::AtAge
            | Rule::LastUnit
            | Rule::AfterCycles
            | Rule::Today => Anchor::Keyword,
            Rule::DateRangeDmy
            | Rule::DateRangeMdy
            | Rule::DateDmy
            | Rule::DateMdy
            | Rule::MonthYear
            | Rule::DayMonthName => Anchor::Month,
            Rule::DateIso | Rule::DateSlash | Rule::YearOnly | Rule::PartOfYear => Anchor::Year,
            Rule::DateSlashShort => Anchor::SlashDate,
            Rule::DayCode | Rule::DayCodeRange => Anchor::DayCode,
            Rule::Shorthand | Rule::ShorthandAgo => Anchor::Shorthand,
            Rule::DayMonth => Anchor::SlashDate,
            Rule::DayRange
            | Rule::DayList
            | Rule::WeekRange
            | Rule::WeekOrdinal
            | Rule::HospitalDay
            | Rule::CareDay => Anchor::Ordinal,
            // A few words before the amount, at most a few after its unit.
            Rule::ByUnits
            | Rule::HistoryOf
            | Rule::ForDuration
            | Rule::Later
            | Rule::Ago
            | Rule::AtFollowUp => Anchor::AmountNear,
            _ => Anchor::Amount,
        }
    }
}

/// Words a pattern's every match contains, in groups: a window is
/// searched only if, for each group, it holds (ignoring ASCII case) at
/// least one of the group's words, as a substring. Exact (a match inside
/// a window holds its words inside the window); the anchor automaton
/// finds the words in the same pass, and most windows around a unit, a
/// month or an index word hold no time of most rules. Patterns without a
/// selective word (only "in", "at" or "of") have no groups.
type Needs = &'static [&'static [&'static str]];

/// Number words of the lexicon worth one to nine that are no digit of a
/// compound ("twenty a" is no number).
const NOT_DIGITS: &[&str] = &["a", "an", "single", "once", "twice", "thrice", "couple"];

/// Stands for a year (19xx or 20xx, not inside a longer number) among the
/// needed words: four bytes long like one, found by the year scan, never
/// put in the automaton.
const YEAR: &str = "yyyy";

/// The words that end the "after N weeks of treatment" shape.
const TREATMENT_WORDS: &[&str] = &[
    "treatment",
    "therapy",
    "follow-up",
    "admission",
    "hospitali",
    "induction",
];

/// The words between a day and the stay it counts in, each with its
/// space ("day 3 of *the second* admission", "the fourth day of *his*
/// hospitalization").
const STAY_WORD: &str =
    r"(?:(?:the|this|his|her|current|present|index|first|second|third|fourth|last|latest)\s+)";

/// Ordinal words of days ("the third postoperative day"), first to tenth.
const ORDINAL_WORDS: &[&str] = &[
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
];

/// Substrings of the anchor alternatives of "N weeks after <anchor>"
/// ("start" stands for "starting", "the start" and "start of treatment").
const ANCHOR_WORDS: &[&str] = &[
    "treatment",
    "therapy",
    "admission",
    "presentation",
    "initiation",
    "induction",
    "diagnosis",
    "onset",
    "hospitali",
    "start",
    "visit",
    "review",
    "referral",
    "consultation",
    "discharge",
    "surgery",
    "operation",
    "transplant",
    "biopsy",
    // Treatments and operations named by their kind ("4 weeks after the
    // completion of chemotherapy", "5 months after lobectomy").
    "radiation",
    "resection",
    "ectomy",
    "ostomy",
    "otomy",
    "plasty",
    // Only a time before names these ("one month before death").
    "death",
    "delivery",
];

/// Every date with a month name has a year.
const YEAR_STARTS: &[&str] = &[YEAR];

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

impl TimeParser {
    /// Builds the patterns from the lexicon's time vocabulary, without
    /// side words (the tests'; the extractor's are `with_words`).
    #[cfg(test)]
    pub fn new(lex: &Lexicon) -> TimeParser {
        TimeParser::with_words(lex, &[])
    }

    /// Builds the patterns from the lexicon's time vocabulary, also finding `side` (lowercase ASCII words) for other
    /// readers in the pass that finds the anchors: a few more words in
    /// that automaton cost almost nothing, a search per sentence costs
    /// more (see [`Self::find_dated_and_words`]).
    pub fn with_words(lex: &Lexicon, side: &[&'static str]) -> TimeParser {
        TimeParser::build(lex, side, true)
    }

    /// [`Self::with_words`], with the one-letter anchors found by the
    /// automaton if not `apart`: the reference for finding them apart.
    fn build(lex: &Lexicon, side: &[&'static str], apart: bool) -> TimeParser {
        let mut units: Vec<(String, String, f64)> = Vec::new();
        for u in &lex.time_units {
            for s in &u.surfaces {
                // Single letters are only units right after a number; the
                // patterns below always have one first. "h" and "d" are
                // hours and days there ("at 6 h", "for 3 d"); "m" (metres),
                // "w" and "y" stay too ambiguous.
                if s.len() > 1 || s == "h" || s == "d" {
                    units.push((s.to_ascii_lowercase(), u.name.clone(), u.days));
                }
            }
        }
        units.sort_by_key(|u| std::cmp::Reverse(u.0.len()));
        let mut numbers: Vec<(String, f64)> = lex
            .number_words
            .iter()
            .map(|n| (n.word.to_ascii_lowercase(), n.value))
            .collect();
        numbers.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
        let alt = |xs: Vec<&str>| {
            xs.iter()
                .map(|x| regex::escape(x))
                .collect::<Vec<_>>()
                .join("|")
        };
        let unit = format!("(?:{})", alt(units.iter().map(|u| u.0.as_str()).collect()));
        // "Thirty-five", "forty five": a tens word and a digit word of the
        // lexicon make a number the lexicon need not list; "4 and a half",
        // "two and a half": half more. `number` adds them up.
        let words_of = |keep: &dyn Fn(f64) -> bool| {
            alt(numbers
                .iter()
                .filter(|n| keep(n.1) && !n.0.contains(' ') && !NOT_DIGITS.contains(&n.0.as_str()))
                .map(|n| n.0.as_str())
                .collect())
        };
        let tens = words_of(&|v| (20.0..100.0).contains(&v) && v % 10.0 == 0.0);
        let digits = words_of(&|v| (1.0..10.0).contains(&v) && v.fract() == 0.0);
        let num = format!(
            r"(?:(?:{tens})[\s-](?:{digits})\b|(?:\d+|{digits})\s+and\s+a\s+half|\d+(?:\.\d+)?|{})",
            alt(numbers
                .iter()
                .map(|n| n.0.as_str())
                .filter(|w| !w.is_empty())
                .collect())
        );
        let q = format!(r"(?P<n>{num})[\s-]+(?P<u>{unit})");
        // "3 mo after (the initial) TIPS": the words stop where the thing's
        // name starts.
        let after_named = format!(
            r"{q}\s+(?:after|following)\s+(?:(?:the|his|her|this|that|initial|first|previous|index|last)\s+)*"
        );
        let anchor = r"(?:treatment|therapy|admission|presentation|initiation|induction|diagnosis|onset|hospitali[sz]ation|symptom onset|starting|the start|starting treatment|start of treatment|visit|review|referral|consultation|discharge|surgery|operation|reoperation|transplant|transplantation|biopsy|chemotherapy|radiotherapy|chemoradiotherapy|radiation\s+therapy|radiation|resection|\w+(?:ectomy|ostomy|otomy|plasty))";
        let month = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?";
        let month2 = month.replace("?P<mon>", "?P<mon2>");
        let month_word = month.strip_suffix(r"\.?").unwrap_or(month);
        let pats: Vec<(String, Rule, Needs)> = vec![
            // "and" joins the ends of a span only after "between" ("between
            // days 3 and 10"); "on days 1 and 15" is two days (below).
            (r"\b(?:on\s+|from\s+|during\s+|(?P<btw>between\s+))?(?:hospital\s+)?days?\s+(?P<n>\d{1,3})\s*(?P<j>-|to|through|until|and)\s*(?:day\s+)?(?P<m>\d{1,3})\b(?P<v>\.\d|,\d{3}|\s*(?:mg|g/|mmol|ug|mcg|ng|pg|%|x\s?10|iu\b|u/l))?".to_string(), Rule::DayRange, &[]),
            // "On days 1 and 15", "days 3, 17, and 31": a list of single days.
            (r"\b(?:on\s+)?(?:hospital\s+)?days\s+(?P<n>\d{1,3})(?P<rest>(?:\s*,\s*\d{1,3})*\s*,?\s+and\s+\d{1,3})\b(?P<v>\.\d|,\d{3}|\s*(?:mg|g/|mmol|ug|mcg|ng|pg|%|x\s?10|iu\b|u/l))?".to_string(), Rule::DayList, &[&["and"]]),
            (r"(?-i)\b(?:HD ?|POD ?|D)(?P<n>\d{1,3})\s*(?:-|to|until|through)\s*(?:HD ?|POD ?|D)?(?P<m>\d{1,3})\b".to_string(), Rule::DayCodeRange, &[]),
            (format!(r"\b(?:after|following|within|over|at|by|during)\s+(?:the\s+first\s+|about\s+|approximately\s+|nearly\s+)?{q}\s+of\s+(?:\w+[\s-]+){{0,3}}?(?:treatment|therapy|follow-up|admission|hospitali[sz]ation|induction)\b"), Rule::AfterOfTreatment, &[TREATMENT_WORDS]),
            // "presented to the emergency department after 8 days of fever":
            // how long the complaints had lasted, not a time after the index.
            (format!(r"\b(?:presented|presenting|presents|was\s+admitted|attended|was\s+referred|came)\b(?:,?\s+[\w-]+){{0,12}}?,?\s+after\s+(?:about\s+|approximately\s+|nearly\s+)?{q}\s+of\b"), Rule::PresentedAfter, &[&["present", "admitted", "attended", "referred", "came"], &["after"]]),
            // "From 3 to 17 days after admission": a span, before the
            // single amount below can take its second half.
            (format!(r"\b(?:from\s+|between\s+)?(?P<a>\d{{1,3}})\s*(?:-|to|and)\s*(?P<n>\d{{1,3}})[\s-]+(?P<u>{unit})\s+(?:(?:after|following|into|from)\s+(?:the\s+|his\s+|her\s+|this\s+|initial\s+)*(?:\w+[\s-]+){{0,2}}?|post[\s-]?){anchor}\b"), Rule::UnitsRangeAfterAnchor, &[&["after", "following", "post", "into", "from"], ANCHOR_WORDS]),
            (format!(r"\b{q}\s+(?:(?:after|following|into|from)\s+(?:the\s+|his\s+|her\s+|this\s+|initial\s+)*(?:\w+[\s-]+){{0,2}}?|post[\s-]?){anchor}\b"), Rule::UnitsAfterAnchor, &[&["after", "following", "post", "into", "from"], ANCHOR_WORDS]),
            // "One month before death", "2 weeks before surgery": before an
            // event the story places (the index event: before day 0).
            (format!(r"\b{q}\s+(?:before|prior\s+to|preceding)\s+(?:the\s+|his\s+|her\s+|this\s+)*(?:\w+[\s-]+){{0,2}}?(?:death|delivery|{anchor})\b"), Rule::UnitsBeforeAnchor, &[&["before", "prior", "preceding"], ANCHOR_WORDS]),
            // "At the 6-month follow-up", "at her 1-year outpatient visit",
            // and a visit's own label ("3-MONTH FOLLOW-UP", "12-month
            // review") with no preposition.
            (format!(r"\b(?:(?:at|by|on)\s+(?:the\s+|his\s+|her\s+)?)?{q}\s+(?:(?:outpatient|out-patient|clinic|routine|scheduled|planned|office|telephone|rheumatology|respiratory|pulmonary|pulmonology)\s+){{0,2}}(?:follow-up|follow up|review|visit|mark|time point|timepoint|check|appointment)\b"), Rule::AtFollowUp, &[&["follow", "review", "visit", "mark", "time point", "timepoint", "check", "appointment"]]),
            (r"\b(?:(?:at|in|during|from|between|over)\s+|\(\s*)?(?P<u>weeks|months)\s+(?P<n>\d{1,3})\s*(?:-|to|through|until|and)\s*(?:weeks?\s+|months?\s+)?(?P<m>\d{1,3})\b".to_string(), Rule::WeekRange, &[]),
            // "Day 3 of the second admission", "day 10 of readmission",
            // "day 8 of treatment": a stay told apart from the first, or a
            // treatment, that the count is of (before the bare "on day 8"
            // below, with the same words or bracket before it, which say
            // what the time dates). A plain "day 3 of admission" is read
            // after it, as it always was.
            (format!(r"(?:\b(?:at|by|on|in|during|until|through|from)\s+(?:the\s+)?|\(\s*|\b)(?:hospital\s+|admission\s+|illness\s+)?day\s+(?P<n>\d+)\s+(?P<j>of|after)\s+(?:{STAY_WORD}+(?P<k>re-?admission|admission|re-?hospitali[sz]ation|hospitali[sz]ation|hospital\s+stay)|(?P<k2>re-?admission|re-?hospitali[sz]ation|hospital\s+stay|treatment|therapy))\b"), Rule::HospitalDay, &[&["admission", "hospital", "treatment", "therapy"]]),
            (r"(?:\b(?:at|by|on|in|during|until|through|from)\s+(?:the\s+)?|(?P<br>\()\s*)(?P<u>week|month|day|hour|wk)(?:\s+\+?|\s*\+)\s*(?P<n>\d+)\b".to_string(), Rule::WeekOrdinal, &[]),
            // "Day 3: spiked a temperature": a ward-round entry's label at
            // the start of its line; "discharged home day 6", "extubated day
            // 4": the day told right after an event verb, with no "on".
            // "Day 3 (48 h):" also, the hours since the index in brackets.
            (r"(?m)^[ \t*\-]*(?:WR\s+)?(?P<u>day)\s+(?P<n>\d{1,3})(?:\s*\(\s*\d{1,3}\s*(?:h|hrs?|hours)\s*\))?\s*[:\-]".to_string(), Rule::WeekOrdinal, &[]),
            (r"\b(?:discharged|extubated|intubated|died|transferred|stepped\s+down|mobili[sz]ed|decannulated)(?:\s+[a-z]+){0,3}?\s+(?P<u>day)\s+(?P<n>\d{1,3})\b".to_string(), Rule::WeekOrdinal, &[]),
            // A visit labelled by its ordinal: "Week 12 review", "Month 6 visit".
            (r"\b(?P<u>week|month|day|wk)\s+(?P<n>\d+)\s+(?:follow-up|follow up|review|visit|clinic|appointment|assessment)\b".to_string(), Rule::WeekOrdinal, &[&["follow", "review", "visit", "clinic", "appointment", "assessment"]]),
            // "On hospital day 5", "by postoperative day 3", "illness day
            // 6": a day counted from the admission, or from the operation.
            (r"\b(?:on\s+)?(?:hospital\s+|admission\s+|illness\s+)?day\s+(?P<n>\d+)\s+(?P<j>of|after)\s+(?P<k>admission|hospitali[sz]ation|treatment|therapy)\b".to_string(), Rule::HospitalDay, &[&["admission", "hospitali", "treatment", "therapy"]]),
            // "Hospital day 12 of the second admission": the stay named
            // after the day is part of its words, no admission of its own.
            (format!(r"\b(?:(?:on|by|until|from)\s+)?(?:the\s+)?(?P<k>hospitali[sz]ation|hospital|illness|admission|post-?operative|post-?op)\s+(?P<cu>day|week|month)\s+#?\s*(?P<n>\d{{1,3}})\b(?:\s+of\s+{STAY_WORD}*(?:re-?admission|admission|re-?hospitali[sz]ation|hospitali[sz]ation|hospital\s+stay)\b)?"), Rule::CareDay, &[&["hospital", "illness", "admission", "op"]]),
            (r"\b(?:(?:on|by|until|from)\s+)?(?:the\s+)?(?P<k>treatment|therapy)\s+day\s+#?\s*(?P<n>\d{1,3})\b".to_string(), Rule::CareDay, &[&["treatment", "therapy"]]),
            // "On the 7th postoperative day", "on the third hospital day":
            // the same days told by their ordinal.
            (format!(r"\b(?:(?:on|by|until|from)\s+)?(?:the\s+)?(?:(?P<n>\d{{1,3}})(?:st|nd|rd|th)|(?P<w>{ordinals}))\s+(?P<k>hospital|illness|admission|post-?operative|post-?op)\s+day\b", ordinals = ORDINAL_WORDS.join("|")), Rule::CareDayOrdinal, &[&["day"]]),
            // "On the 10th day after admission", "the fifth day of
            // hospitalization": the same day, told after its ordinal.
            (format!(r"\b(?:(?:on|by|until|from)\s+)?the\s+(?:(?P<n>\d{{1,3}})(?:st|nd|rd|th)|(?P<w>{ordinals}))\s+day\s+(?:of|after|following)\s+{STAY_WORD}*(?P<k>re-?admission|admission|re-?hospitali[sz]ation|hospitali[sz]ation|hospital\s+stay)\b", ordinals = ORDINAL_WORDS.join("|")), Rule::CareDayOrdinal, &[&["day"]]),
            (format!(r"\b(?:(?:another|a further|an additional)\s+)?{q}\s+(?:later|thereafter|afterwards|after that|after this|after discharge)\b"), Rule::Later, &[&["later", "after"]]),
            // "The next day", "on the following morning", "the next week".
            (r"\b(?:(?:on|by|in|during)\s+)?(?:the\s+)?(?:next|following|subsequent)\s+(?P<u>day|morning|afternoon|evening|night|week|fortnight|month)\b".to_string(), Rule::NextDay, &[&["next", "following", "subsequent"]]),
            (format!(r"\b{q}\s+(?:ago|earlier|before|prior to|prior|previously)(?:\s+(?:admission|presentation|this admission|the admission))?\b"), Rule::Ago, &[&["ago", "earlier", "before", "prior", "previously"]]),
            // "At 3 mo after TIPS": after a thing the anchor words do not
            // name, read before "at 3 mo" alone can take the amount (see
            // the same shape without "at" at the end).
            (format!(r"\b(?:at|by|in)\s+(?:about\s+|approximately\s+)?{after_named}"), Rule::UnitsAfterNamed, &[&["after", "following"]]),
            // "At the age of 42", "since age 11", "at 42 years of age": a
            // time of the patient's life, before the amount shapes read
            // "at 42 years" as a time after the index.
            (r"\b(?:at|since|from|by|before|until)\s+(?:the\s+)?age\s+(?:of\s+)?(?P<n>\d{1,3})(?:\s*(?P<u>years?|yrs?|months?))?\b|\b(?:at|since|from|by|until)\s+(?P<n2>\d{1,3})\s*(?P<u2>years?|yrs?|months?)\s+of\s+age\b".to_string(), Rule::AtAge, &[&["age"]]),
            // "at 38 weeks of gestation" is an age of a pregnancy, and "at
            // 42 years of age" a person's: neither is a time after the index.
            (format!(r"\b(?:after|by|at|during|in)\s+(?:the\s+)?(?:first\s+)?{q}\b(?P<gest>'?\s*(?:of\s+)?(?:gestation|pregnancy|amenorrho?ea|age)\b|\s+old\b)?"), Rule::ByUnits, &[]),
            // "For 2 weeks he had been choking on solid food", "for a week
            // his left calf had been swollen": a span up to now, told in the
            // past perfect, dates the complaint's onset.
            (format!(r"\bfor\s+(?:about\s+|approximately\s+|nearly\s+|the\s+(?:past|last)\s+)?{q}\s*,?\s+(?:he|she|they|the\s+patient|the\s+child|(?:his|her|their)(?:\s+[\w-]+){{1,3}}?)\s+(?:had|has)\s+(?:been|had|noticed|experienced|suffered)\b"), Rule::OnsetDuration, &[&["had", "has"]]),
            (format!(r"\b(?:lasting(?:\s+for)?|for\s+the\s+(?:past|last|previous|preceding)|over\s+the\s+(?:past|last|previous|preceding)|since)\s+(?:about\s+|approximately\s+|nearly\s+)?{q}\b"), Rule::OnsetDuration, &[&["last", "past", "previous", "preceding", "since"]]),
            (format!(r"\b(?P<n>{num})[\s-]+(?P<u>{unit})(?:'s?)?\s+(?:(?:history|duration)\s+)?of\b"), Rule::HistoryOf, &[]),
            // "Dyspnoea of one month's duration", "cough of 3 weeks'
            // duration": how long a complaint has lasted.
            (format!(r"\bof\s+(?:about\s+|approximately\s+|nearly\s+)?{q}(?:'s|')?\s+duration\b"), Rule::OnsetDuration, &[&["duration"]]),
            (format!(r"\b(?:(?:for|over|during)\s+|over\s+(?:the\s+course|a\s+period)\s+of\s+|x\s*)(?:about\s+|approximately\s+|around\s+|~\s?|a\s+total\s+of\s+|another\s+)?{q}\b"), Rule::ForDuration, &[]),
            (r"\b(?:on|at|upon|at\s+the\s+(?:time|point)\s+of)\s+(?:(?:his|her|the|initial|first)\s+)?(?:admission|presentation|arrival|baseline|diagnosis|referral)\b|\bat\s+baseline\b|\bbefore\s+treatment\b|\bprior\s+to\s+treatment\b|\bduring\s+the\s+acute\s+phase\b|\bin\s+the\s+acute\s+phase\b|\bon\s+arrival\b|\bin\s+(?:the|our)\s+(?:emergency\s+department|emergency\s+room)\b".to_string(), Rule::IndexWords, &[&["admission", "presentation", "arrival", "baseline", "diagnosis", "treatment", "acute", "emergency", "referral"]]),
            // "On discharge", "at the time of discharge": the day the
            // discharge was placed, wherever the narrative stands.
            (r"\b(?:on|at|upon)\s+(?:the\s+(?:day|time)\s+of\s+)?(?:(?:his|her|the)\s+)?discharge\b".to_string(), Rule::AtDischarge, &[&["discharge"]]),
            (r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b".to_string(), Rule::Today, &[]),
            (r"\b(?:prior\s+to|before)\s+(?:this\s+|the\s+|his\s+|her\s+)?(?:admission|presentation|referral|hospitali[sz]ation)\b|\bat\s+(?:a\s+)?(?:community|local|regional|another|an\s+outside|outside)\s+(?:hospital|clinic)\b|\bpreviously\b".to_string(), Rule::BeforeIndex, &[&["admission", "presentation", "referral", "hospital", "clinic", "previously"]]),
            (r"\b(?:after|following)\s+(?:this\s+|the\s+|that\s+|these\s+)?(?:treatment|therapy|adjustment|change|changes|regimen|intervention|discharge)\b|\bfollowing\s+this\s+(?:adjustment|change|treatment)\b|\bafter\s+(?:this|that)\s+(?:adjustment|change|treatment)\b|\bthereafter\b|\bsubsequently\b".to_string(), Rule::AfterCursor, &[&["treatment", "therapy", "adjustment", "change", "regimen", "intervention", "discharge", "thereafter", "subsequently"]]),
            // "From 8 to 10 March 2023", "28 February-3 March", "between
            // 3 and 5 June": a span of days, before the single date below
            // can take its second half.
            (format!(r"\b(?:from\s+|(?P<bw>between)\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?{month2})?\s*(?P<sep>-|to|and|until|till|through)\s*(?P<e>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}(?:\s*,?\s+(?P<y>(?:19|20)\d\d))?\b"), Rule::DateRangeDmy, &[]),
            // "March 8-10, 2023", "from March 28 to April 3".
            (format!(r"\b(?:from\s+|(?P<bw>between)\s+)?{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?P<sep>-|to|and|until|till|through)\s*(?:{month2}\s+)?(?P<e>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s+(?P<y>(?:19|20)\d\d))?\b"), Rule::DateRangeMdy, &[]),
            (format!(r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month}\s*,?\s+(?P<y>(?:19|20)\d\d)\b"), Rule::DateDmy, &[YEAR_STARTS]),
            (format!(r"\b{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s+(?P<y>(?:19|20)\d\d)\b"), Rule::DateMdy, &[YEAR_STARTS]),
            (r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b".to_string(), Rule::DateIso, &[]),
            // "2020/11/03", "2020.11.20": the year first, as reports from
            // East Asia write dates; a four-digit year first leaves one
            // order.
            (r"\b(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})\b".to_string(), Rule::DateIso, &[]),
            (r"\b(?P<y>(?:19|20)\d\d)\.(?P<m>\d{1,2})\.(?P<d>\d{1,2})\b".to_string(), Rule::DateIso, &[]),
            (r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>(?:19|20)\d\d)\b".to_string(), Rule::DateSlash, &[]),
            // "14/12/23" in a letter: a two-digit year, slashes only ("1.2.3"
            // is more often a list number).
            (r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<yy>\d\d)\b".to_string(), Rule::DateSlashShort, &[]),
            (format!(r"\b(?:in\s+|by\s+|during\s+|since\s+)?{month}\s*,?\s+(?P<y>(?:19|20)\d\d)\b"), Rule::MonthYear, &[YEAR_STARTS]),
            // "By the spring of 2016", "in late 2020", "mid-2019", "the end
            // of 2019": a part of a year, before the year alone below.
            (r"\b(?:(?:in|by|during|since|until|till|before|after|from|over)\s+)?(?:the\s+)?(?:(?P<p>early|mid|late|spring|summer|autumn|fall|winter)(?:\s+of)?[\s-]+|(?P<q>beginning|start|middle|end)\s+of\s+)(?P<y>(?:19|20)\d\d)\b".to_string(), Rule::PartOfYear, &[YEAR_STARTS]),
            // "Bypass surgery in 2005", "since early 2010": a year alone,
            // after a word that dates (a bare "2005" may be a count).
            (r"\b(?:in|since|during|until|till|by|before|after)\s+(?:(?:early|late|mid)[\s-]+)?(?P<y>(?:19|20)\d\d)\b(?P<v>\s*(?:m?g\b|mcg|ug|mL|ml\b|l\b|iu\b|units?\b|u\b|kcal|patients|cases|cells|/))?".to_string(), Rule::YearOnly, &[YEAR_STARTS]),
            // "On 15 March", "March 16": a date without its year, in the
            // year nearest the index date (none without an index date).
            (format!(r"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{month_word}(?:\.|\b)"), Rule::DayMonthName, &[]),
            (format!(r"\b{month_word}\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"), Rule::DayMonthName, &[]),
            // "After three cycles, she achieved partial remission": after
            // the last of them, counted on the regimen told before.
            (format!(r"\b(?:after|following)\s+(?:(?:the\s+)?(?:first|initial)\s+)?(?P<n>{num})\s+(?:cycles|courses)\b(?P<of>\s+of\b)?"), Rule::AfterCycles, &[&["cycles", "courses"]]),
            // "Last week his prednisolone was reduced": that long before
            // now; "the last week of", "over the last week" are others.
            (r"(?:\b(?P<pre>the|over|in|during|for|within|of|this)\s+)?\blast\s+(?P<u>week|month)\b".to_string(), Rule::LastUnit, &[&["last"]]),
            // "HD8", "on D2", "POD3", "HD#4", "POD # 2": hospital (or
            // post-operative) day codes, written in capitals; "vitamin D3" is
            // not one.
            (r"(?-i)\b(?P<v>[Vv]itamin\s+|[Vv]it\.?\s+)?(?P<k>HD(?: ?# ?| )?|POD(?: ?# ?| )?|D#?)(?P<n>\d{1,3})\b".to_string(), Rule::DayCode, &[]),
            // "PC: 4/7 SOB", "fevers x2/7", "cough for 3/12": British notes
            // count days in sevenths, weeks in fifty-seconds, months in
            // twelfths. Dates ("4/12/2023") are taken first by DateSlash. A
            // full stop after one is a score's ("CMAS 24/52."), unless an
            // "x" (for) comes before it ("wheeze x5/7.").
            // "HRCT (done 3/52 ago)": a shorthand amount before now;
            // first, as "ago" makes "(18/12 ago)" no date.
            (r"(?:^|[\s(~x])(?P<n>\d{1,2})/(?P<u>7|52|12)\s+ago\b".to_string(), Rule::ShorthandAgo, &[&["ago"]]),
            // "restarted 03/13", "Cr 1.1 (03/10)": a date without its year,
            // after a word that dates or in brackets of its own with two
            // digits each side (not a grade such as "(4/5)"). Read only in
            // a text that also writes numeric dates with their year (see
            // `find_in`), before the shorthand ("03/12" is not 3 months).
            (r"(?:\b(?:on|by|from|until|till|through|since|started|stopped|restarted|added|held|resumed)\s+(?P<a>\d{1,2})/(?P<b>\d{1,2})|\((?P<c>\d{2})/(?P<d>\d{2}))(?:$|(?u:[^\d/]))".to_string(), Rule::DayMonth, &[]),
            // After "x" ("for") it is how long something lasts, as "for 4
            // weeks" is ("prednisolone 30 mg od x 4/52"); alone, how long
            // ago a complaint began ("cough 3/52").
            (r"(?:^|[\s(~]|(?P<x>x)\s?)(?P<n>\d{1,2})/(?P<u>7|52|12)(?:$|(?u:[^\d/.]))".to_string(), Rule::Shorthand, &[]),
            (r"\b(?P<x>x)\s?(?P<n>\d{1,2})/(?P<u>7|52|12)\.(?:\s|$)".to_string(), Rule::Shorthand, &[]),
            // "Three years after the initial colonoscopy", "2 days
            // following the cardiac arrest": after a thing the anchor words
            // do not name; last, so it reads only words no shape above read.
            // The words stop where the thing's name starts.
            (format!(r"\b{after_named}"), Rule::UnitsAfterNamed, &[&["after", "following"]]),
        ];
        let mut needed: Vec<&'static str> = vec![YEAR];
        let mut need = |w: &'static str| match needed.iter().position(|&x| x == w) {
            Some(i) => i,
            None => {
                needed.push(w);
                needed.len() - 1
            }
        };
        let pats: Vec<(String, Rule, Vec<Vec<usize>>)> = pats
            .into_iter()
            .map(|(p, r, needs)| {
                let groups = needs
                    .iter()
                    .map(|g| g.iter().map(|&w| need(w)).collect())
                    .collect();
                (p, r, groups)
            })
            .collect();
        // Distinct: each word's list is handed over once.
        let side_at: Vec<usize> = side.iter().map(|&w| need(w)).collect();
        debug_assert!(
            side_at
                .iter()
                .enumerate()
                .all(|(i, w)| !side_at[..i].contains(w))
        );
        let rules = pats
            .into_iter()
            .filter_map(|(p, r, needs)| {
                // ASCII classes: the text is folded (Unicode spaces and
                // dashes are ASCII by now), and Unicode `\w` and `\s` make
                // each pattern many times larger to compile and search.
                // No literal prefilters: the windows already are the
                // prefilter, and extracting literals from these patterns
                // cost more at start-up than all the searching.
                let built = Regex::builder()
                    .configure(Regex::config().auto_prefilter(false))
                    .build(&format!("(?i-u){p}"));
                // The patterns are ours: one that does not compile is a
                // bug the unit tests must show, not a rule quietly lost.
                if cfg!(test)
                    && let Err(e) = &built
                {
                    panic!("time pattern {p}: {e}");
                }
                built.ok().map(|re| (re, r, needs))
            })
            .collect();
        let mut words: Vec<(String, Option<Anchor>, Option<usize>)> = Vec::new();
        let mut add = |w: &str, a: Anchor| {
            if !words.iter().any(|(x, _, _)| x == w) {
                words.push((w.to_string(), Some(a), None));
            }
        };
        units.iter().for_each(|u| add(&u.0, Anchor::Unit));
        MONTH_WORDS.iter().for_each(|m| add(m, Anchor::Month));
        KEYWORDS.iter().for_each(|k| add(k, Anchor::Keyword));
        for (i, &w) in needed.iter().enumerate().skip(1) {
            match words.iter_mut().find(|x| x.0 == w) {
                Some(x) => x.2 = Some(i),
                None => words.push((w.to_string(), None, Some(i))),
            }
        }
        // One-letter anchors ("d", "h") count only on their own ("for 3
        // d"); in the automaton, every "d" and "h" inside a word was a
        // match to drop (≈44k per MACCROBAT pass). memchr finds them
        // apart far more cheaply.
        let (letters, words): (Vec<_>, Vec<_>) = words.into_iter().partition(|w| {
            apart && w.0.len() == 1 && w.0.as_bytes()[0].is_ascii_alphabetic() && w.2.is_none()
        });
        let letters = letters
            .into_iter()
            .filter_map(|w| Some((w.0.as_bytes()[0].to_ascii_lowercase(), w.1?)))
            .collect();
        // A full DFA's table, case-folding ASCII itself: a hundred words
        // build in well under a millisecond and it reads the text without
        // a lowercased copy, one table lookup per byte.
        let anchors = Dense::new(
            &words.iter().map(|w| w.0.as_str()).collect::<Vec<_>>(),
            MatchKind::Standard,
            true,
        );
        TimeParser {
            rules,
            units,
            numbers,
            anchors,
            word_roles: words.into_iter().map(|w| (w.1, w.2)).collect(),
            letters,
            needed,
            side: side_at,
        }
    }

    fn number(&self, s: &str) -> Option<f64> {
        let s = s.to_ascii_lowercase();
        let word = |w: &str| {
            w.parse()
                .ok()
                .or_else(|| self.numbers.iter().find(|n| n.0 == w).map(|n| n.1))
        };
        if let Some(v) = word(&s) {
            return Some(v);
        }
        // "4 and  a half", "thirty-five", "forty five".
        let parts: Vec<&str> = s
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        match parts.as_slice() {
            [n, "and", "a", "half"] => Some(word(n)? + 0.5),
            [t, d] => Some(word(t)? + word(d)?),
            _ => None,
        }
    }

    /// Whether `word` is a time unit ("Day" of "Day 3").
    pub fn is_unit_word(&self, word: &str) -> bool {
        self.units.iter().any(|u| u.0.eq_ignore_ascii_case(word))
    }

    /// Days in one of a time unit written `word` ("year", "months"), as
    /// the time lexicon defines them.
    pub fn days_in(&self, word: &str) -> Option<f64> {
        self.unit(word).map(|u| u.1)
    }

    fn unit(&self, s: &str) -> Option<(String, f64)> {
        let s = s.to_ascii_lowercase();
        self.units
            .iter()
            .find(|u| u.0 == s)
            .map(|u| (u.1.clone(), u.2))
    }

    /// Every time expression in `text[start..end]`, non-overlapping, earlier
    /// rules winning ties (they are more specific).
    pub fn find(&self, text: &str, start: usize, end: usize) -> Vec<TimeExpr> {
        self.find_dated(text, start, end, false)
    }

    /// [`Self::find`], reading numeric dates that fit either order month
    /// first when `us_text` (the text measures in US customary units) and
    /// no date of the text rules that out.
    pub fn find_dated(&self, text: &str, start: usize, end: usize, us_text: bool) -> Vec<TimeExpr> {
        self.find_dated_and_words(text, start, end, us_text, None).0
    }

    /// [`Self::find_dated`], and the starts of every occurrence (ASCII
    /// case ignored, inside words too) of each word given to
    /// [`Self::with_words`], in order, found in the same pass.
    ///
    /// `also`, if given, is another search of the same pass: a set's
    /// leftmost matches in its own haystack (as long as `text[start..end]`
    /// for the two to share a loop, see [`Dense::overlapping_with_leftmost`]),
    /// handed to its function with offsets in that haystack.
    pub fn find_dated_and_words(
        &self,
        text: &str,
        start: usize,
        end: usize,
        us_text: bool,
        also: Option<Also<'_>>,
    ) -> (Vec<TimeExpr>, Vec<Vec<usize>>) {
        let mut windows = self.windows_and(text, start, end, also);
        let found = self.find_in(
            text,
            |rule| &windows.by_class[rule.anchor() as usize],
            Some(&windows.hits),
            us_text,
        );
        // Without the automaton nothing was searched: no list, so that
        // readers search themselves.
        let side = match self.anchors {
            Some(_) => self
                .side
                .iter()
                .map(|&w| {
                    windows
                        .hits
                        .get_mut(w)
                        .map(std::mem::take)
                        .unwrap_or_default()
                })
                .collect(),
            None => Vec::new(),
        };
        (found, side)
    }

    /// The same search over the whole of `text[start..end]` for every rule:
    /// the reference the windowed search must agree with.
    #[cfg(test)]
    fn find_everywhere(&self, text: &str, start: usize, end: usize) -> Vec<TimeExpr> {
        let all = [(start, end)];
        self.find_in(text, |_| &all[..], None, false)
    }

    fn find_in<'w>(
        &self,
        text: &str,
        windows: impl Fn(Rule) -> &'w [(usize, usize)],
        hits: Option<&[Vec<usize>]>,
        us_text: bool,
    ) -> Vec<TimeExpr> {
        let mut out: Vec<TimeExpr> = Vec::new();
        // Kept expressions by start, to test overlap without a scan.
        let mut kept: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
        // Numeric dates as written (start, first, second number): their
        // order is read from the whole text at the end.
        let mut numeric: Vec<(usize, i8, i8)> = Vec::new();
        // Starts of the dates read without their year.
        let mut yearless: Vec<usize> = Vec::new();
        for (re, rule, needs) in &self.rules {
            // One set of capture slots per rule, reused by all its windows
            // and matches: `captures_iter` allocates a set for every
            // window and copies it for every match.
            let mut slots: Option<Captures> = None;
            for &(ws, we) in windows(*rule) {
                if hits.is_some_and(|h| !self.holds(h, needs, ws, we)) {
                    continue;
                }
                // The iteration `find_iter` does, empty matches included.
                let mut it = Searcher::new(Input::new(text).range(ws..we));
                while let Some(m) = it.advance(|input| Ok(re.search(input))) {
                    let (s, e) = (m.start(), m.end());
                    let before = kept.range(..e).next_back().is_some_and(|(_, &ke)| ke > s);
                    if before {
                        continue;
                    }
                    kept.insert(s, e);
                    // Groups only for the matches kept: a capture search
                    // costs thousands of instructions (the bounded
                    // backtracker), and earlier rules cover many matches.
                    let c = slots.get_or_insert_with(|| re.create_captures());
                    captures_of(re, text, m, c);
                    let group = |name: &str| c.get_group_by_name(name).map(|g| &text[g.range()]);
                    if let Some(what) = self.resolve(*rule, &group) {
                        if matches!(*rule, Rule::DateSlash | Rule::DateSlashShort)
                            && let (Some(a), Some(b)) = (group("a"), group("b"))
                        {
                            numeric.push((s, a.parse().unwrap_or(0), b.parse().unwrap_or(0)));
                        }
                        // A shorthand's pattern reads the character after
                        // it ("x5/7." before a line break); its words end
                        // at its unit.
                        let e = match (*rule, c.get_group_by_name("u")) {
                            (Rule::Shorthand, Some(u)) => u.end,
                            _ => e,
                        };
                        // The same for a date without its year.
                        let e = match c
                            .get_group_by_name("b")
                            .or_else(|| c.get_group_by_name("d"))
                        {
                            Some(g) if *rule == Rule::DayMonth => g.end,
                            _ => e,
                        };
                        // Its words start at its first number, not at
                        // the bracket ("Repeat bloods (12/01):").
                        let s = match c.get_group_by_name("c") {
                            Some(g) if *rule == Rule::DayMonth => g.start,
                            _ => s,
                        };
                        if *rule == Rule::DayMonth {
                            yearless.push(s);
                            let a = group("a").or_else(|| group("c"));
                            let b = group("b").or_else(|| group("d"));
                            if let (Some(a), Some(b)) = (a, b) {
                                numeric.push((s, a.parse().unwrap_or(0), b.parse().unwrap_or(0)));
                            }
                        }
                        out.push(TimeExpr {
                            start: s,
                            end: e,
                            what,
                        });
                    } else if !rule.blocks_when_rejected() {
                        kept.remove(&s);
                    }
                }
            }
        }
        out.sort_by_key(|x| x.start);
        // A text that writes no numeric date with its year has no dates
        // without one either: "(12/14)" is then a fraction or a score.
        let full_numeric = numeric.iter().any(|n| !yearless.contains(&n.0));
        if !full_numeric && !yearless.is_empty() {
            out.retain(|x| !yearless.contains(&x.start));
            numeric.clear();
        }
        // `out` is sorted by start.
        let years: Vec<i16> = numeric
            .iter()
            .map(|n| {
                let found = out.binary_search_by_key(&n.0, |x| x.start).ok();
                match found.map(|i| &out[i].what) {
                    Some(&TimeRef::Date(y, _, _)) => y,
                    _ => 0,
                }
            })
            .collect();
        if month_first(&numeric, &years, us_text) {
            for x in &mut out {
                let written = numeric.iter().find(|n| n.0 == x.start);
                if let (Some(&(_, a, b)), &TimeRef::Date(y, _, _)) = (written, &x.what)
                    && let Some(flipped) = date(&y.to_string(), a, &b.to_string())
                {
                    x.what = flipped;
                }
            }
        }
        out
    }

    /// Whether `text[ws..we]` holds a word of each group of `needs`, given
    /// where the needed words occur.
    fn holds(&self, hits: &[Vec<usize>], needs: &[Vec<usize>], ws: usize, we: usize) -> bool {
        needs.iter().all(|group| {
            group.iter().any(|&w| {
                // The first occurrence from `ws` on is the one that can
                // end soonest (all have the same length).
                let at = &hits[w];
                let i = at.partition_point(|&s| s < ws);
                at.get(i).is_some_and(|&s| s + self.needed[w].len() <= we)
            })
        })
    }

    /// Merged windows around each class of anchor in `text[start..end]`,
    /// and where each needed word occurs there.
    #[cfg(test)]
    fn windows(&self, text: &str, start: usize, end: usize) -> Windows {
        self.windows_and(text, start, end, None)
    }

    /// [`Self::windows`], running `also` in the anchors' pass (see
    /// [`Self::find_dated_and_words`]).
    fn windows_and(&self, text: &str, start: usize, end: usize, also: Option<Also<'_>>) -> Windows {
        let mut out: [Vec<(usize, usize)>; 10] = Default::default();
        let mut hits: Vec<Vec<usize>> = vec![Vec::new(); self.needed.len()];
        let hay = &text[start..end];
        let mut push = |class: Anchor, s: usize, e: usize| {
            let (before, after) = class.reach();
            let ws = floor_char(text, s.saturating_sub(before).max(start));
            let we = ceil_char(text, (e + after).min(end));
            out[class as usize].push((ws, we));
        };
        // The windows of an anchor word at `text[s..e]`.
        let mut anchor = |class: Anchor, s: usize, e: usize| {
            // Loose edges (only ASCII letters and digits join words):
            // an extra window costs little, a missed one loses a time.
            if joins(text, e) || (s > 0 && joins(text, s - 1)) {
                return;
            }
            match class {
                // Thirteen shapes read units: each searches only around
                // the units its shape can hold (most units in prose are
                // neither counted nor numbered).
                Anchor::Unit => {
                    if self.after_amount(text, s) {
                        push(Anchor::Amount, s, e);
                        push(Anchor::AmountNear, s, e);
                    }
                    if before_digit(text, e) {
                        push(Anchor::Ordinal, s, e);
                    }
                }
                class => push(class, s, e),
            }
        };
        if let Some(ac) = &self.anchors {
            let each = |ms: usize, me: usize, p: usize| {
                let (s, e) = (start + ms, start + me);
                let (class, need) = self.word_roles[p];
                // A needed word counts anywhere, even inside a word.
                if let Some(w) = need {
                    hits[w].push(s);
                }
                if let Some(class) = class {
                    anchor(class, s, e);
                }
            };
            match also {
                Some((set, other_hay, each_other)) => {
                    ac.overlapping_with_leftmost(hay.as_bytes(), set, other_hay, each, each_other);
                }
                None => ac.overlapping(hay.as_bytes(), each),
            }
            for &(letter, class) in &self.letters {
                lone_letters(text, start, end, letter, |s| anchor(class, s, s + 1));
            }
        } else if let Some((set, other_hay, each_other)) = also {
            set.leftmost(other_hay, each_other);
        }
        // Each of the shapes below starts with a byte that memchr finds
        // far faster than a loop over every byte.
        // Years: four digits, 19xx or 20xx, not inside a longer number.
        let b = hay.as_bytes();
        for i in memchr::memchr2_iter(b'1', b'2', b) {
            let year = b.get(i..i + 2).is_some_and(|c| c == b"19" || c == b"20")
                && b.get(i + 2..i + 4)
                    .is_some_and(|c| c.iter().all(u8::is_ascii_digit))
                && (i == 0 || !b[i - 1].is_ascii_digit())
                && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit());
            if year {
                push(Anchor::Year, start + i, start + i + 4);
                hits[0].push(start + i);
            }
        }
        // Hospital-day codes: "HD8", "D2", "POD3", "D#2", also "HD 8",
        // "HD#4" and "POD # 3" (capital D, then a digit, a "#" or a space
        // on each side of one; a space only after HD and POD).
        for i in memchr::memchr_iter(b'D', b) {
            let digit_at = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
            let at = |k: usize, c: u8| b.get(k) == Some(&c);
            let mut k = i + 1;
            let space_before = at(k, b' ');
            k += usize::from(space_before);
            let hash = at(k, b'#');
            k += usize::from(hash);
            let space_after = hash && at(k, b' ');
            k += usize::from(space_after);
            if digit_at(k) {
                let spaced = space_before || space_after;
                let word_start = (0..=i)
                    .rev()
                    .find(|&k| k == 0 || !b[k - 1].is_ascii_alphanumeric())
                    .unwrap_or(0);
                let prefix = &b[word_start..i];
                let ok = if spaced {
                    matches!(prefix, b"H" | b"PO")
                } else {
                    matches!(prefix, b"" | b"H" | b"PO")
                };
                if ok {
                    push(Anchor::DayCode, start + word_start, start + k + 1);
                }
            }
        }
        // Shorthand durations: a digit, "/", then 7, 52 or 12.
        for i in memchr::memchr_iter(b'/', b) {
            if i > 0 && b[i - 1].is_ascii_digit() {
                let rest = &b[i + 1..];
                if rest.starts_with(b"7") || rest.starts_with(b"52") || rest.starts_with(b"12") {
                    push(Anchor::Shorthand, start + i - 1, start + i + 3);
                }
                if rest.first().is_some_and(u8::is_ascii_digit) {
                    push(Anchor::SlashDate, start + i - 1, start + i + 3);
                }
            }
        }
        // Sort each class (the automaton reports overlapping matches out
        // of order) and merge windows that touch.
        for list in &mut out {
            list.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(list.len());
            for &(s, e) in list.iter() {
                match merged.last_mut() {
                    Some(last) if last.1 >= s => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            *list = merged;
        }
        Windows {
            by_class: out,
            hits,
        }
    }

    /// Whether a number and then spaces or dashes end at `at`, as the
    /// amount pattern (`{num}[\s-]+`) requires before its unit.
    fn after_amount(&self, text: &str, at: usize) -> bool {
        let b = text.as_bytes();
        let mut k = at;
        while k > 0 && (is_space(b[k - 1]) || b[k - 1] == b'-') {
            k -= 1;
            // The number ends where the separators start, or (for a
            // number word ending in one) further in.
            let ends_number = b[..k].last().is_some_and(u8::is_ascii_digit)
                || self.numbers.iter().any(|(w, _)| {
                    !w.is_empty()
                        && b[..k].get(k.saturating_sub(w.len())..).is_some_and(|t| {
                            t.len() == w.len() && t.eq_ignore_ascii_case(w.as_bytes())
                        })
                });
            if ends_number {
                return true;
            }
        }
        false
    }

    fn resolve<'h>(&self, rule: Rule, c: &dyn Fn(&str) -> Option<&'h str>) -> Option<TimeRef> {
        let amount = || -> Option<(f64, String, f64)> {
            let n = self.number(c("n")?)?;
            let (unit, days) = self.unit(c("u")?)?;
            Some((n, unit, n * days))
        };
        Some(match rule {
            // "6 months of amenorrhoea" is how long it lasted; "38 weeks
            // of amenorrhoea" is the age of a pregnancy.
            Rule::ByUnits
                if c("gest").is_some_and(|g| {
                    !g.to_ascii_lowercase().contains("amenorrh")
                        || amount().is_some_and(|a| a.2 <= 7.0 * 42.0 && a.1 != "month")
                }) =>
            {
                return None;
            }
            Rule::AtAge => {
                let n: f64 = c("n").or_else(|| c("n2"))?.parse().ok()?;
                let months = c("u")
                    .or_else(|| c("u2"))
                    .is_some_and(|u| u.to_ascii_lowercase().starts_with("mo"));
                TimeRef::AtAge(n * self.days_in(if months { "month" } else { "year" })?)
            }
            Rule::AfterOfTreatment | Rule::AtFollowUp | Rule::ByUnits => {
                TimeRef::Index(amount()?.2)
            }
            Rule::UnitsAfterAnchor => TimeRef::Anchored(amount()?.2),
            Rule::UnitsAfterNamed => TimeRef::AfterNamed(amount()?.2),
            Rule::UnitsBeforeAnchor => TimeRef::Anchored(-amount()?.2),
            Rule::AtDischarge => TimeRef::Anchored(0.0),
            Rule::Today => TimeRef::Today,
            Rule::UnitsRangeAfterAnchor => {
                let (_, per) = self.unit(c("u")?)?;
                let (a, b): (f64, f64) = (c("a")?.parse().ok()?, c("n")?.parse().ok()?);
                if a > b {
                    return None;
                }
                TimeRef::AnchoredRange(a * per, b * per)
            }
            Rule::WeekOrdinal => {
                let n: f64 = c("n")?.parse().ok()?;
                // "(week 0)" labels the index event ("weeks are counted from
                // admission (week 0)"); it is not a time of the narrative.
                if n == 0.0 && c("br").is_some() {
                    return None;
                }
                let (_, days) = self.unit(c("u")?)?;
                // "week 4" means 4 weeks in; days are ordinals.
                if days == 1.0 {
                    TimeRef::DayNumber(n)
                } else {
                    TimeRef::Index(n * days)
                }
            }
            Rule::HospitalDay => {
                let n = c("n")?.parse::<f64>().ok()?;
                // "Day 3 after treatment" is a day after it, not its third.
                if c("j").is_some_and(|j| j.eq_ignore_ascii_case("after")) {
                    TimeRef::DayNumber(n)
                } else {
                    counted_day(c("k").or_else(|| c("k2"))?, n)
                }
            }
            Rule::CareDay | Rule::CareDayOrdinal => {
                let n: f64 = match c("w") {
                    Some(w) => {
                        let w = w.to_ascii_lowercase();
                        (ORDINAL_WORDS.iter().position(|o| *o == w)? + 1) as f64
                    }
                    None => c("n")?.parse().ok()?,
                };
                // "Postoperative month 5": weeks and months count only
                // after an operation (a "hospital week" has no day 1).
                let per = match c("cu").map(|u| u.to_ascii_lowercase()) {
                    Some(u) if u != "day" => self.unit(&u)?.1,
                    _ => 1.0,
                };
                if c("k")?.to_ascii_lowercase().starts_with("post") {
                    TimeRef::PostOpDay(n * per)
                } else if per == 1.0 {
                    counted_day(c("k")?, n)
                } else {
                    return None;
                }
            }
            // "After three cycles of cyclophosphamide" names its drug:
            // left to the shapes of a time after a drug's start.
            Rule::AfterCycles => {
                if c("of").is_some() {
                    return None;
                }
                let n = self.number(c("n")?)?;
                if !(2.0..=24.0).contains(&n) {
                    return None;
                }
                TimeRef::AfterCycles(n)
            }
            Rule::LastUnit => {
                if c("pre").is_some() {
                    return None;
                }
                let (_, days) = self.unit(&c("u")?.to_ascii_lowercase())?;
                TimeRef::LastUnit(days)
            }
            Rule::Later => TimeRef::Cursor(amount()?.2),
            Rule::NextDay => {
                let unit = c("u")?.to_ascii_lowercase();
                let (_, days) = self.unit(&unit).unwrap_or_default();
                // A part of a day ("the next morning") is the next day.
                TimeRef::Cursor(if days > 0.0 { days } else { 1.0 })
            }
            Rule::Ago => TimeRef::Index(-amount()?.2),
            Rule::OnsetDuration | Rule::HistoryOf | Rule::ForDuration | Rule::PresentedAfter => {
                let (value, unit, days) = amount()?;
                TimeRef::Duration {
                    value,
                    unit,
                    days,
                    onset: !matches!(rule, Rule::ForDuration),
                }
            }
            Rule::Shorthand | Rule::ShorthandAgo => {
                let n = self.number(c("n")?)?;
                let surface = match c("u")? {
                    "7" if n <= 30.0 => "days",
                    "52" if n <= 104.0 => "weeks",
                    "12" if n <= 36.0 => "months",
                    _ => return None,
                };
                let (unit, days) = self.unit(surface)?;
                if rule == Rule::ShorthandAgo {
                    return Some(TimeRef::Index(-n * days));
                }
                TimeRef::Duration {
                    value: n,
                    unit,
                    days: n * days,
                    onset: c("x").is_none(),
                }
            }
            Rule::IndexWords => TimeRef::Index(0.0),
            Rule::BeforeIndex => TimeRef::BeforeIndex,
            Rule::AfterCursor => TimeRef::AfterCursor,
            Rule::DateRangeDmy | Rule::DateRangeMdy => {
                let year = c("y").unwrap_or("0");
                let mon = c("mon")?;
                if year == "0" && modal_may(mon) {
                    return None;
                }
                // "On 24 March and 31 March" lists two days; "between 3
                // and 5 June" spans them.
                if c("sep").is_some_and(|w| w.eq_ignore_ascii_case("and")) && c("bw").is_none() {
                    return None;
                }
                let m = month_number(mon)?;
                // The first day's month: its own, or (Dmy) the second's
                // after it, (Mdy) the first's.
                let (m1, m2) = match (rule, c("mon2").and_then(month_number)) {
                    (Rule::DateRangeDmy, Some(m1)) => (m1, m),
                    (Rule::DateRangeMdy, Some(m2)) => (m, m2),
                    _ => (m, m),
                };
                let (TimeRef::Date(y1, _, d1), TimeRef::Date(y2, _, d2)) =
                    (date(year, m1, c("d")?)?, date(year, m2, c("e")?)?)
                else {
                    return None;
                };
                // Across New Year ("28 December-3 January 2024").
                let y1 = if y1 > 0 && (m1, d1) > (m2, d2) {
                    y1 - 1
                } else {
                    y1
                };
                let ordered = if y1 > 0 {
                    (y1, m1, d1) < (y2, m2, d2)
                } else {
                    (m1, d1) < (m2, d2)
                };
                if !ordered {
                    return None;
                }
                TimeRef::DateRange((y1, m1, d1), (y2, m2, d2))
            }
            Rule::DateDmy | Rule::DateMdy => date(c("y")?, month_number(c("mon")?)?, c("d")?)?,
            Rule::DateIso => date(c("y")?, c("m")?.parse().ok()?, c("d")?)?,
            Rule::DayMonth => {
                let a: i8 = c("a").or_else(|| c("c"))?.parse().ok()?;
                let b: i8 = c("b").or_else(|| c("d"))?.parse().ok()?;
                // Year 0 stands for "the year of the index date".
                let (d, m) = if b > 12 { (b, a) } else { (a, b) };
                date("0", m, &d.to_string())?
            }
            Rule::DateSlash | Rule::DateSlashShort => {
                let a: i8 = c("a")?.parse().ok()?;
                let b: i8 = c("b")?.parse().ok()?;
                // Day first (the international form) unless that is impossible.
                let (d, m) = if b > 12 { (b, a) } else { (a, b) };
                match c("y") {
                    Some(y) => date(y, m, &d.to_string())?,
                    None => date(&century(c("yy")?)?, m, &d.to_string())?,
                }
            }
            Rule::MonthYear => TimeRef::Date(c("y")?.parse().ok()?, month_number(c("mon")?)?, 0),
            // "After 2000 mL of saline": an amount, not a year.
            Rule::PartOfYear => {
                let month = part_of_year_month(c("p").or(c("q"))?)?;
                TimeRef::Date(c("y")?.parse().ok()?, month, 0)
            }
            Rule::YearOnly if c("v").is_some() => return None,
            Rule::YearOnly => TimeRef::Date(c("y")?.parse().ok()?, 0, 0),
            Rule::DayMonthName => {
                let mon = c("mon")?;
                if modal_may(mon) {
                    return None;
                }
                date("0", month_number(mon)?, c("d")?)?
            }
            Rule::WeekRange => {
                let (n, m): (f64, f64) = (c("n")?.parse().ok()?, c("m")?.parse().ok()?);
                let unit = c("u")?;
                let (_, days) = self.unit(unit.strip_suffix('s').unwrap_or(unit))?;
                if m <= n {
                    return None;
                }
                TimeRef::IndexRange(n * days, m * days)
            }
            Rule::DayRange | Rule::DayCodeRange => {
                let (n, m): (f64, f64) = (c("n")?.parse().ok()?, c("m")?.parse().ok()?);
                // "CRP fell from 214 mg/L on day 1 to 88 mg/L": a value
                // after the day, not a span of days.
                if m <= n || c("v").is_some() {
                    return None;
                }
                if c("j").is_some_and(|j| j.eq_ignore_ascii_case("and")) && c("btw").is_none() {
                    return None;
                }
                TimeRef::DayRange(n, m)
            }
            Rule::DayList => {
                if c("v").is_some() {
                    return None;
                }
                let first: f64 = c("n")?.parse().ok()?;
                let days = day_list(first, c("rest")?)?;
                TimeRef::DayList {
                    first,
                    last: *days.last()?,
                    every: even_spacing(&days),
                }
            }
            Rule::DayCode => {
                if c("v").is_some() {
                    return None;
                }
                let n = c("n")?.parse().ok()?;
                // "POD3": the third day after the operation.
                if c("k").is_some_and(|k| k.starts_with("POD")) {
                    TimeRef::PostOpDay(n)
                } else {
                    TimeRef::DayNumber(n)
                }
            }
        })
    }
}

/// Ordinal day `n` of what `kind` names: a stay in hospital ("hospital",
/// "admission", "readmission", "hospitalization"), a treatment
/// ("treatment", "therapy"), or the illness (counted from the index).
fn counted_day(kind: &str, n: f64) -> TimeRef {
    let kind = kind.to_ascii_lowercase();
    if kind.starts_with("treatment") || kind.starts_with("therapy") {
        TimeRef::TreatmentDay(n)
    } else if kind.starts_with("illness") {
        TimeRef::DayNumber(n)
    } else {
        TimeRef::AdmissionDay(n)
    }
}

/// The days of a list ("3, 17 and 31" after its `first`), in order; none
/// unless each comes after the one before (a list of single days runs
/// forward: "days 15 and 3" is no administration schedule).
fn day_list(first: f64, rest: &str) -> Option<Vec<f64>> {
    let mut days = vec![first];
    for number in rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
    {
        let day: f64 = number.parse().ok()?;
        if day <= *days.last()? {
            return None;
        }
        days.push(day);
    }
    (days.len() > 1).then_some(days)
}

/// The days between neighbours of `days` when it is the same for every
/// pair ("days 1, 8 and 15": 7), which makes a frequency of the list.
fn even_spacing(days: &[f64]) -> Option<f64> {
    let step = days.get(1)? - days.first()?;
    days.windows(2).all(|w| w[1] - w[0] == step).then_some(step)
}

/// `\s` of an ASCII regular expression.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// The groups of `re`'s match `m` in `text`, into `c`: the search the
/// regex itself makes for captures once its DFAs have found the match (the
/// capture engines, anchored on the match's span, with the whole text
/// around it for `\b`), so the groups are those `search_captures` gives.
fn captures_of(re: &Regex, text: &str, m: Match, c: &mut Captures) {
    let span = Input::new(text)
        .range(m.range())
        .anchored(Anchored::Pattern(m.pattern()));
    re.search_captures(&span, c);
    debug_assert_eq!(c.get_match(), Some(m));
}

/// Whether the byte at `i` joins a word: an ASCII letter or digit.
fn joins(text: &str, i: usize) -> bool {
    text.as_bytes()
        .get(i)
        .is_some_and(u8::is_ascii_alphanumeric)
}

/// Calls `each(i)` for every `letter` (lowercase ASCII, either case
/// matched) in `text[start..end]` that no byte joins on either side
/// (see [`joins`]; looked at in the whole text).
fn lone_letters(text: &str, start: usize, end: usize, letter: u8, mut each: impl FnMut(usize)) {
    let b = text.as_bytes();
    let mut at = start;
    while let Some(k) = first_letter(&b[at..end], letter) {
        let i = at + k;
        if !joins(text, i + 1) && (i == 0 || !joins(text, i - 1)) {
            each(i);
        }
        at = i + 1;
    }
}

/// The offset of the first `letter` (lowercase ASCII) of `b`, in either
/// case. Eight bytes are tested at a time: memchr's iterator cost ≈50
/// instructions a hit, and "d" and "h" are one byte in twelve of prose.
fn first_letter(b: &[u8], letter: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Bit 5 set turns the capital into the letter and no other byte into
    // it; then the letter's bytes are the zero bytes of `x`.
    let want = ONES * u64::from(letter);
    let mut at = 0;
    for word in b.chunks_exact(8) {
        let mut eight = [0u8; 8];
        eight.copy_from_slice(word);
        let x = (u64::from_le_bytes(eight) | (ONES * 0x20)) ^ want;
        // The lowest bit of this mask marks the first zero byte exactly
        // (a borrow only sets bits above a zero byte).
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    b[at..]
        .iter()
        .position(|&c| c | 0x20 == letter)
        .map(|i| at + i)
}

/// Whether spaces and then a digit follow `at` (`\s+\d`).
fn before_digit(text: &str, at: usize) -> bool {
    let rest = &text.as_bytes()[at..];
    let spaces = rest.iter().take_while(|&&c| is_space(c)).count();
    // "Day +12" of a transplant counts like "day 12".
    let plus = usize::from(rest.get(spaces) == Some(&b'+'));
    let more = rest[(spaces + plus).min(rest.len())..]
        .iter()
        .take_while(|&&c| is_space(c))
        .count();
    (spaces > 0 || plus > 0)
        && rest
            .get(spaces + plus + more)
            .is_some_and(u8::is_ascii_digit)
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// A month word that is the verb when no year follows: "may" written in
/// lower case ("3 to 5 may respond", "doses may 2"); the month is "May".
fn modal_may(month: &str) -> bool {
    month == "may"
}

fn month_number(s: &str) -> Option<i8> {
    let s = s.to_ascii_lowercase();
    MONTHS
        .iter()
        .position(|m| s.starts_with(m))
        .map(|i| i as i8 + 1)
}

/// Whether a text's numeric dates put the month first (`03/14/2024`, the
/// US form). One text keeps one order: a date that can only be read month
/// first ("04/15/2024") decides the ambiguous ones ("03/04/2024") unless
/// another can only be read day first. When every date fits both orders,
/// three or more dates that one order keeps within a month and the other
/// spreads over at least three times as long decide: "03/01/2024 ...
/// 03/05/2024 ... 03/10/2024" is nine days in March read month first and
/// nine months read day first. Two dates, or dates years apart (a date of
/// birth among them), decide nothing: a text in US customary units (°F,
/// lb) is then read month first, any other day first, the international
/// form. `years` holds each date's year (0: none written).
fn month_first(numeric: &[(usize, i8, i8)], years: &[i16], us_text: bool) -> bool {
    let only_month_first = numeric.iter().any(|&(_, a, b)| a <= 12 && b > 12);
    let only_day_first = numeric.iter().any(|&(_, a, b)| a > 12 && b <= 12);
    if only_month_first || only_day_first {
        return !only_day_first;
    }
    // The days between each dated date and the next, in text order, summed
    // over the text under one reading.
    let travelled = |month_first: bool| {
        let dates = numeric.iter().zip(years).filter(|&(_, &y)| y != 0);
        let days = dates.filter_map(|(&(_, a, b), &y)| {
            let (m, d) = if month_first { (a, b) } else { (b, a) };
            days_between((2000, 1, 1), (y, m, d))
        });
        let mut last: Option<f64> = None;
        days.map(|d| last.replace(d).map_or(0.0, |l| (d - l).abs()))
            .sum::<f64>()
    };
    const WITHIN: f64 = 31.0;
    const SPREAD: f64 = 3.0;
    if years.iter().filter(|&&y| y != 0).count() < 3 {
        return us_text;
    }
    let (month, day) = (travelled(true), travelled(false));
    if month <= WITHIN && day >= SPREAD * month.max(1.0) {
        true
    } else if day <= WITHIN && month >= SPREAD * day.max(1.0) {
        false
    } else {
        us_text
    }
}

/// The full year of a two-digit one: 00-49 are this century's, 50-99 the
/// last's (the pivot of POSIX `strptime` `%y` is 69; a case text's dates of
/// birth and past events reach further back, its course seldom past 2049).
fn century(yy: &str) -> Option<String> {
    let n: u16 = yy.parse().ok()?;
    Some((if n < 50 { 2000 + n } else { 1900 + n }).to_string())
}

fn date(y: &str, m: i8, d: &str) -> Option<TimeRef> {
    let y: i16 = y.parse().ok()?;
    let d: i8 = d.parse().ok()?;
    jiff::civil::Date::new(y, m, d).ok()?;
    Some(TimeRef::Date(y, m, d))
}

/// The month that stands for a part of a year: the middle month of the
/// season or third it names (meteorological seasons of the northern
/// hemisphere: spring March-May, summer June-August, autumn September-
/// November; winter is read as its January), the year's middle for "mid"
/// and "the middle of".
fn part_of_year_month(part: &str) -> Option<i8> {
    Some(match part.to_ascii_lowercase().as_str() {
        "early" | "beginning" | "start" => 2,
        "winter" => 1,
        "spring" => 4,
        "mid" | "middle" | "summer" => 7,
        "autumn" | "fall" => 10,
        "late" | "end" => 11,
        _ => return None,
    })
}

/// Days from `from` to `to` (calendar dates; month/day 0 = first of).
pub fn days_between(from: (i16, i8, i8), to: (i16, i8, i8)) -> Option<f64> {
    let mk = |(y, m, d): (i16, i8, i8)| jiff::civil::Date::new(y, m.max(1), d.max(1)).ok();
    let (a, b) = (mk(from)?, mk(to)?);
    let span = a.until((jiff::Unit::Day, b)).ok()?;
    Some(f64::from(span.get_days()))
}

/// ISO text of a date with the precision it was given.
pub fn iso((y, m, d): (i16, i8, i8)) -> String {
    match (m, d) {
        (0, _) => format!("{y:04}"),
        (m, 0) => format!("{y:04}-{m:02}"),
        (m, d) => format!("{y:04}-{m:02}-{d:02}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hospital_day_code_may_carry_a_number_sign() {
        assert_eq!(
            parse("HD#4: started on a heparin drip"),
            [TimeRef::DayNumber(4.0)]
        );
        assert_eq!(parse("Pt expired on HD # 5"), [TimeRef::DayNumber(5.0)]);
        assert_eq!(parse("POD#2 drain removed"), [TimeRef::PostOpDay(2.0)]);
        assert!(parse("grade D 4 and HD 3 times a week").len() <= 1);
    }

    #[test]
    fn a_part_of_a_year_is_its_middle_month() {
        assert_eq!(
            parse("By the spring of 2016 she was better"),
            [TimeRef::Date(2016, 4, 0)]
        );
        assert_eq!(
            parse("in late 2020 he relapsed"),
            [TimeRef::Date(2020, 11, 0)]
        );
        assert_eq!(parse("since mid-2019"), [TimeRef::Date(2019, 7, 0)]);
        assert_eq!(parse("at the end of 2018"), [TimeRef::Date(2018, 11, 0)]);
        assert_eq!(parse("in autumn 2021"), [TimeRef::Date(2021, 10, 0)]);
        assert_eq!(parse("bypass surgery in 2005"), [TimeRef::Date(2005, 0, 0)]);
    }

    #[test]
    fn half_a_year_and_a_month_with_a_comma_before_its_year() {
        assert!(
            matches!(parse("half a year ago")[..], [TimeRef::Index(d)] if (d + 182.625).abs() < 1e-6),
            "{:?}",
            parse("half a year ago")
        );
        assert_eq!(parse("in late January, 2017").len(), 1);
    }

    #[test]
    fn a_complaint_of_some_duration_dates_its_onset() {
        for s in [
            "dyspnea of one month's duration",
            "a cough of 3 weeks' duration",
            "a 2-month duration of cough",
        ] {
            assert!(
                matches!(parse(s)[..], [TimeRef::Duration { onset: true, .. }]),
                "{s}: {:?}",
                parse(s)
            );
        }
        assert!(matches!(
            parse("a rash over the course of 36 h")[..],
            [TimeRef::Duration { onset: false, days, .. }] if (days - 1.5).abs() < 1e-9
        ));
    }

    fn parse(s: &str) -> Vec<TimeRef> {
        let lex = Lexicon::builtin().unwrap();
        TimeParser::new(lex)
            .find(s, 0, s.len())
            .into_iter()
            .map(|t| t.what)
            .collect()
    }

    #[test]
    fn a_date_without_its_year_needs_a_dating_word_or_brackets_of_its_own() {
        assert_eq!(
            parse("Admitted 08/03/2025; restarted 13/03, Cr 1.1 (10/03)."),
            [
                TimeRef::Date(2025, 3, 8),
                TimeRef::Date(0, 3, 13),
                TimeRef::Date(0, 3, 10)
            ]
        );
        // A grade in brackets, a bare fraction, or a text without dated
        // numbers: no date.
        assert_eq!(
            parse("Admitted 08/03/2025; power (4/5), 12/14 cases."),
            [TimeRef::Date(2025, 3, 8)]
        );
        assert!(parse("restarted on 13/03, Cr 1.1 (10/03).").is_empty());
    }

    #[test]
    fn spans_of_calendar_days() {
        let range = |a, b| TimeRef::DateRange(a, b);
        assert_eq!(
            parse("given from 8 to 10 March 2023, then March 28-April 3, 2023."),
            [
                range((2023, 3, 8), (2023, 3, 10)),
                range((2023, 3, 28), (2023, 4, 3))
            ]
        );
        assert_eq!(
            parse("between 30 December and 2 January 2024; (16-18 January)"),
            [
                range((2023, 12, 30), (2024, 1, 2)),
                range((0, 1, 16), (0, 1, 18))
            ]
        );
        // Two days listed, not spanned; a backwards span; "may" the verb.
        assert_eq!(
            parse("on 24 March and 31 March 2025"),
            [TimeRef::Date(0, 3, 24), TimeRef::Date(2025, 3, 31)]
        );
        assert!(
            parse("10 to 8 June")
                .iter()
                .all(|t| !matches!(t, TimeRef::DateRange(..)))
        );
        assert!(parse("1 to 2 may respond, doses may 3").is_empty());
    }

    #[test]
    fn a_month_named_without_its_year() {
        assert_eq!(
            parse("On 15 March he was intubated; extubated March 22nd."),
            [TimeRef::Date(0, 3, 15), TimeRef::Date(0, 3, 22)]
        );
        // A month inside a word, or a year, is not a day of it.
        assert_eq!(
            parse("3 decreased; March 2020"),
            [TimeRef::Date(2020, 3, 0)]
        );
    }

    #[test]
    fn a_shorthand_duration_may_end_a_sentence() {
        // After "x" ("for") the shorthand is a length, not an onset.
        let five_days = TimeRef::Duration {
            value: 5.0,
            unit: "day".into(),
            days: 5.0,
            onset: false,
        };
        assert_eq!(parse("wheeze x5/7."), std::slice::from_ref(&five_days));
        assert_eq!(parse("wheeze x5/7 and cough"), [five_days]);
        assert_eq!(
            parse("cough 3/52"),
            [TimeRef::Duration {
                value: 3.0,
                unit: "week".into(),
                days: 21.0,
                onset: true,
            }]
        );
        assert!(parse("dose 4/7.5 mg").is_empty());
        // A score out of 52 ends a sentence; only "x" makes it a duration.
        assert!(parse("and the CMAS 24/52.").is_empty());
        // A pregnancy's age is not a time of the course.
        assert!(parse("a caesarean section at 38 weeks of gestation").is_empty());
        assert!(parse("delivered at 38 weeks' gestation").is_empty());
        // Nor a person's age: it is read as one (see the timeline tests).
        assert_eq!(
            parse("Graves disease was diagnosed at 42 years of age"),
            [TimeRef::AtAge(42.0 * 365.25)]
        );
        assert_eq!(parse("since age 11"), [TimeRef::AtAge(11.0 * 365.25)]);
        assert_eq!(
            parse("at the age of 18 months"),
            [TimeRef::AtAge(18.0 * 30.4375)]
        );
        assert!(parse("asthma at 5 years old").is_empty());
        // "x1 day": the "x" of a duration needs no space after it.
        assert_eq!(
            parse("black tarry stools x1 day"),
            [TimeRef::Duration {
                value: 1.0,
                unit: "day".into(),
                days: 1.0,
                onset: false,
            }]
        );
        // "N/52 ago" is a point before now, not a duration.
        assert_eq!(parse("HRCT (done 3/52 ago)"), [TimeRef::Index(-21.0)]);
    }

    #[test]
    fn relative_points() {
        assert_eq!(
            parse("After 4 weeks of treatment, he was discharged"),
            [TimeRef::Index(28.0)]
        );
        assert_eq!(
            parse("At the 68-week follow-up, the dose was reduced"),
            [TimeRef::Index(476.0)]
        );
        assert_eq!(parse("by 20 weeks of treatment"), [TimeRef::Index(140.0)]);
        assert_eq!(
            parse("Two weeks later she was readmitted"),
            [TimeRef::Cursor(14.0)]
        );
        // "On day 3" is read first; "admission" after it is where the
        // count starts (see the terms reader).
        assert_eq!(parse("on day 3 of admission"), [TimeRef::DayNumber(3.0)]);
        assert_eq!(parse("day 3 of admission"), [TimeRef::AdmissionDay(3.0)]);
        assert_eq!(parse("on hospital day 5"), [TimeRef::AdmissionDay(5.0)]);
        assert_eq!(
            parse("On day 10 of readmission, she died"),
            [TimeRef::AdmissionDay(10.0)]
        );
        assert_eq!(
            parse("He died on hospital day 12 of the second admission."),
            [TimeRef::AdmissionDay(12.0)]
        );
        assert_eq!(
            parse("On the fourth day of his second hospitalization"),
            [TimeRef::AdmissionDay(4.0)]
        );
        assert_eq!(
            parse("On treatment day 14, KL-6 fell"),
            [TimeRef::TreatmentDay(14.0)]
        );
        assert_eq!(parse("on day 8 of treatment"), [TimeRef::TreatmentDay(8.0)]);
        assert_eq!(parse("on therapy day 5"), [TimeRef::TreatmentDay(5.0)]);
        assert_eq!(parse("on illness day 6"), [TimeRef::DayNumber(6.0)]);
        assert_eq!(parse("by postoperative day 3"), [TimeRef::PostOpDay(3.0)]);
        assert_eq!(
            parse("Ten years prior, she presented with uveitis"),
            [TimeRef::Index(-10.0 * 365.25)]
        );
        assert_eq!(
            parse("In our emergency department, she had stridor"),
            [TimeRef::Index(0.0)]
        );
        assert_eq!(
            parse("jaundice 1 week before death"),
            [TimeRef::Anchored(-7.0)]
        );
        assert_eq!(parse("post-op day 2"), [TimeRef::PostOpDay(2.0)]);
        // Two doses named by their weeks span from the first to the last.
        assert_eq!(
            parse("given at weeks 20 and 22"),
            [TimeRef::IndexRange(140.0, 154.0)]
        );
        assert_eq!(
            parse("during months 3-6"),
            [TimeRef::IndexRange(3.0 * 30.4375, 6.0 * 30.4375)]
        );
        assert_eq!(
            parse("3 months after diagnosis"),
            [TimeRef::Anchored(3.0 * 30.4375)]
        );
        assert_eq!(
            parse("One week after the clinic visit he underwent bronchoscopy"),
            [TimeRef::Anchored(7.0)]
        );
    }

    #[test]
    fn durations_and_onsets() {
        match &parse("cough lasting for 1 month")[..] {
            [
                TimeRef::Duration {
                    value,
                    unit,
                    onset: true,
                    ..
                },
            ] => assert_eq!((*value, unit.as_str()), (1.0, "month")),
            other => panic!("{other:?}"),
        }
        match &parse("20 g daily for 5 days")[..] {
            [
                TimeRef::Duration {
                    days, onset: false, ..
                },
            ] => assert_eq!(*days, 5.0),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            parse("a 2-week history of fever")[..],
            [TimeRef::Duration { onset: true, .. }]
        ));
        assert!(matches!(
            parse("presented to the emergency department after 8 days of fever")[..],
            [TimeRef::Duration { onset: true, days, .. }] if days == 8.0
        ));
        assert_eq!(
            parse("after 8 days of treatment the fever settled"),
            [TimeRef::Index(8.0)]
        );
    }

    /// The windowed search finds exactly what a whole-text search finds, on
    /// every fixture narrative and, when present, the shared corpora.
    #[test]
    fn windows_lose_nothing() {
        let lex = Lexicon::builtin().unwrap();
        let parser = TimeParser::new(lex);
        let mut texts = 0;
        for (file, raw) in crate::test_corpus::narratives() {
            let text = crate::normalize::Folded::new(&raw).text;
            let windowed = parser.find(&text, 0, text.len());
            let everywhere = parser.find_everywhere(&text, 0, text.len());
            assert_eq!(windowed, everywhere, "{}", file.display());
            texts += 1;
        }
        assert!(texts >= 16, "only {texts} texts");
    }

    /// The groups read after the fact are those of a capture search, for
    /// every match of every rule in every fixture and corpus text.
    #[test]
    fn captures_of_a_match_are_the_search_s() {
        let lex = Lexicon::builtin().unwrap();
        let parser = TimeParser::new(lex);
        let mut matches = 0;
        for (_, raw) in crate::test_corpus::narratives() {
            let text = crate::normalize::Folded::new(&raw).text;
            for (re, _, _) in &parser.rules {
                let mut c = re.create_captures();
                for want in re.captures_iter(&text) {
                    let m = want.get_match().expect("a match");
                    captures_of(re, &text, m, &mut c);
                    let groups = |x: &Captures| {
                        (0..x.group_len())
                            .map(|g| x.get_group(g))
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(groups(&c), groups(&want));
                    matches += 1;
                }
            }
        }
        assert!(matches > 100, "only {matches} matches");
    }

    /// One-letter anchors found apart give the windows and word lists
    /// the automaton gave with them inside, on every fixture and corpus
    /// text and on random texts dense in "d", "h" and their neighbours.
    #[test]
    fn lone_letters_as_in_the_automaton() {
        let lex = Lexicon::builtin().unwrap();
        let side = crate::build::people::SIDE_WORDS;
        let apart = TimeParser::build(lex, side, true);
        let inside = TimeParser::build(lex, side, false);
        assert!(!apart.letters.is_empty() && inside.letters.is_empty());
        let same = |text: &str, start: usize, end: usize| {
            let (a, b) = (
                apart.windows(text, start, end),
                inside.windows(text, start, end),
            );
            assert_eq!(a.by_class, b.by_class, "{text:?} {start}..{end}");
            assert_eq!(a.hits, b.hits, "{text:?} {start}..{end}");
        };
        let mut texts = 0;
        for (_, raw) in crate::test_corpus::narratives() {
            let text = crate::normalize::Folded::new(&raw).text;
            same(&text, 0, text.len());
            texts += 1;
        }
        assert!(texts >= 16, "only {texts} texts");
        let pieces = [
            "d", "D", "h", "H", "dh", " ", "3", "-", ".", "é", "days", "3 d", "for", "\n",
        ];
        let mut x = crate::test_corpus::Xorshift(0x9e37_79b9_7f4a_7c15_u64);
        let mut next = |n: usize| x.below(n as u64);
        for _ in 0..20_000 {
            let len = next(12);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let start = next(text.len() + 1);
            let end = start + next(text.len() - start + 1);
            if text.is_char_boundary(start) && text.is_char_boundary(end) {
                same(&text, start, end);
            }
        }
    }

    #[test]
    fn hospital_day_codes() {
        assert_eq!(
            parse("On HD8 his breathing worsened"),
            [TimeRef::DayNumber(8.0)]
        );
        assert_eq!(parse("D2: ABG on NIV"), [TimeRef::DayNumber(2.0)]);
        assert!(parse("vitamin D3 1000 IU daily").is_empty());
        assert_eq!(parse("NIV D1-D3"), [TimeRef::DayRange(1.0, 3.0)]);
        assert_eq!(
            parse("given once daily on days 4 to 6"),
            [TimeRef::DayRange(4.0, 6.0)]
        );
        assert_eq!(
            parse("measured between days 3 and 10"),
            [TimeRef::DayRange(3.0, 10.0)]
        );
        assert_eq!(
            parse("given on days 1 and 15"),
            [TimeRef::DayList {
                first: 1.0,
                last: 15.0,
                every: Some(14.0)
            }]
        );
        assert_eq!(
            parse("given on days 1, 4, and 10"),
            [TimeRef::DayList {
                first: 1.0,
                last: 10.0,
                every: None
            }]
        );
        assert!(parse("CD4 count 200").is_empty());
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse("On 3 March 2023 she was admitted"),
            [TimeRef::Date(2023, 3, 3)]
        );
        assert_eq!(parse("seen on 14/04/2023"), [TimeRef::Date(2023, 4, 14)]);
        // A year alone, after a word that dates it; not a bare number.
        assert_eq!(
            parse("bypass surgery in 2005 and since early 2010"),
            [TimeRef::Date(2005, 0, 0), TimeRef::Date(2010, 2, 0)]
        );
        assert!(parse("a platelet count of 2005").is_empty());
        // One order per text: a date only readable month first decides.
        assert_eq!(
            parse("seen on 03/04/2024 and 04/15/2024"),
            [TimeRef::Date(2024, 3, 4), TimeRef::Date(2024, 4, 15)]
        );
        assert_eq!(
            parse("seen on 03/04/2024 and 15/04/2024"),
            [TimeRef::Date(2024, 4, 3), TimeRef::Date(2024, 4, 15)]
        );
        // Dates that fit both orders: month first in a US text, unless a
        // date of the text can only be day first.
        let lex = Lexicon::builtin().unwrap();
        let parser = TimeParser::new(lex);
        let us = |s: &str| -> Vec<TimeRef> {
            let found = parser.find_dated(s, 0, s.len(), true);
            found.into_iter().map(|t| t.what).collect()
        };
        assert_eq!(us("seen on 11/03/2025"), [TimeRef::Date(2025, 11, 3)]);
        assert_eq!(
            us("seen on 11/03/2025 and 14/03/2025"),
            [TimeRef::Date(2025, 3, 11), TimeRef::Date(2025, 3, 14)]
        );
        // Three or more dates that fit both orders: the order that keeps
        // them within a month (nine days rather than nine months) decides,
        // either way and whatever the units.
        let nine_days_in_march = [
            TimeRef::Date(2024, 3, 1),
            TimeRef::Date(2024, 3, 5),
            TimeRef::Date(2024, 3, 10),
        ];
        assert_eq!(
            parse("admitted 03/01/2024, seen 03/05/2024 and 03/10/2024"),
            nine_days_in_march
        );
        assert_eq!(
            us("admitted 01/03/2024, seen 05/03/2024 and 10/03/2024"),
            nine_days_in_march
        );
        // Two dates, or a date years away, decide nothing.
        assert_eq!(
            parse("seen 03/05/2024, review 03/08/2024"),
            [TimeRef::Date(2024, 5, 3), TimeRef::Date(2024, 8, 3)]
        );
        assert_eq!(
            parse("DOB 12/01/1950. Admitted 02/03/2024, seen 04/03/2024, discharged 06/03/2024"),
            [
                TimeRef::Date(1950, 1, 12),
                TimeRef::Date(2024, 3, 2),
                TimeRef::Date(2024, 3, 4),
                TimeRef::Date(2024, 3, 6)
            ]
        );
        assert_eq!(parse("on March 3, 2023"), [TimeRef::Date(2023, 3, 3)]);
        assert_eq!(parse("in May 2021"), [TimeRef::Date(2021, 5, 0)]);
        assert_eq!(days_between((2023, 3, 3), (2023, 4, 14)), Some(42.0));
        assert!(parse("on 31/02/2023").is_empty());
    }

    #[test]
    fn a_day_label_may_give_its_hours_in_brackets() {
        assert_eq!(
            parse("Day 3 (48 h): insulin stopped."),
            [TimeRef::DayNumber(3.0)]
        );
        assert_eq!(parse("Day 2: eating."), [TimeRef::DayNumber(2.0)]);
        // Without the colon that ends a label, no label.
        assert!(!parse("Day 2 (30 h) of fever").contains(&TimeRef::DayNumber(2.0)));
    }
}
