//! The regular expressions the builders read sentences with, compiled
//! once with the other patterns in `Extractor::new`: compiled on first
//! use, they made the first extraction in a process cost ≈30 M
//! instructions more than later ones. Each pattern lives with its builder.

use regex::Regex;

/// The builders' compiled patterns.
pub struct Shapes {
    /// Ages (`people`).
    pub age: Regex,
    /// Occupations (`people`).
    pub occupation: Regex,
    /// The opening number of a dose range (`medication`).
    pub dose_range: Regex,
    /// A combination's strengths, "49/51 mg" (`medication`).
    pub combination_strength: Regex,
    /// A drug's indication (`medication`).
    pub indication: Regex,
    /// A length in shorthand, "for 7/7", "x3d" (`schedule`).
    pub shorthand_length: Regex,
    /// A length before a drug's name, "6 weeks of" (`schedule`).
    pub leading_length: Regex,
    /// "not started" in a drug's slot (`drug_negation`).
    pub not_given: Regex,
    /// Joint counts (`exam`).
    pub joint_count: Regex,
    /// A printed reference interval (`measure`).
    pub printed_range: Regex,
    /// A blood pressure pair (`measure`).
    pub blood_pressure: Regex,
    /// A term's qualifier (`terms`).
    pub qualifier: Regex,
    /// A titre (`tests`).
    pub titre: Regex,
    /// An assay's printed cut-off for a positive result (`tests`).
    pub cut_off: Regex,
    /// A test-strip grade after a result's name (`result_entry`).
    pub strip_grade: Regex,
    /// An amount of alcohol drunk, "about 10 units a week" (`terms`).
    pub alcohol_amount: Regex,
    /// A dose right after a test's name that is also a drug's (`given_as`).
    pub dose_after: Regex,
    /// A smoking history's pack-years (`social`).
    pub pack_years: Regex,
    /// A NYHA or WHO functional class (`functional_class`).
    pub functional_class: Regex,
    /// For each imaging entry, the bare studies whose modality it is of
    /// (`imaging::modalities`), worked out the first time a text needs it.
    pub repeat_marks: std::sync::OnceLock<Vec<Vec<usize>>>,
    /// Each route surface ASCII-lowercased, with the first route that has
    /// it (`medication::route_words`), worked out the first time a text
    /// needs it.
    pub route_words: std::sync::OnceLock<crate::fasthash::FxHashMap<String, usize>>,
    /// Each number word lowercased, with its value
    /// (`medication::number_words`), worked out the first time a text
    /// needs it.
    pub number_words: std::sync::OnceLock<crate::fasthash::FxHashMap<String, f64>>,
    /// Each sign entry with the measurement its number reads
    /// (`sign_values::readings`), worked out the first time a text needs
    /// it.
    pub sign_readings: std::sync::OnceLock<Vec<(crate::matcher::Cat, usize, usize)>>,
}

impl Shapes {
    /// Compiles every pattern.
    pub fn new() -> Shapes {
        Shapes {
            age: super::people::age_pattern(),
            occupation: super::people::occupation_pattern(),
            dose_range: super::medication::dose_range_pattern(),
            combination_strength: super::medication::combination_strength_pattern(),
            indication: super::medication::indication_pattern(),
            shorthand_length: super::schedule::shorthand_length_pattern(),
            leading_length: super::schedule::leading_length_pattern(),
            not_given: super::drug_negation::not_given_pattern(),
            joint_count: super::exam::joint_count_pattern(),
            printed_range: super::measure::printed_range_pattern(),
            blood_pressure: super::measure::blood_pressure_pattern(),
            qualifier: super::terms::qualifier_pattern(),
            titre: super::tests::titre_pattern(),
            cut_off: super::tests::cut_off_pattern(),
            strip_grade: super::result_entry::strip_grade_pattern(),
            alcohol_amount: super::terms::alcohol_amount_pattern(),
            dose_after: super::given_as::dose_after_pattern(),
            pack_years: super::social::pack_years_pattern(),
            functional_class: super::functional_class::functional_class_pattern(),
            repeat_marks: std::sync::OnceLock::new(),
            route_words: std::sync::OnceLock::new(),
            number_words: std::sync::OnceLock::new(),
            sign_readings: std::sync::OnceLock::new(),
        }
    }
}
