//! Hostile and unusual input: extraction returns a course, never panics,
//! and every span it reports lies on character boundaries of the text.

use casecourse_extract::{Options, extract};
use casecourse_model::Course;

fn check(text: &str) -> Course {
    let c = extract(text, &Options::default());
    for f in &c.facts {
        for s in f.spans.iter().chain(f.parts.iter().map(|p| &p.span)) {
            assert!(
                s.start <= s.end && s.end <= text.len(),
                "span {s:?} outside {} bytes",
                text.len()
            );
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "span {s:?} splits a character"
            );
        }
    }
    // What is written can be read back.
    assert_eq!(Course::from_json(&c.to_json()).unwrap(), c);
    c
}

#[test]
fn empty_and_blank_input_give_an_empty_course() {
    assert!(check("").facts.is_empty());
    assert!(check("   \n\n\t  ").facts.is_empty());
}

#[test]
fn unicode_spaces_marks_and_scripts_do_not_break_matching() {
    // U+2005, U+00A0, combining marks, CJK, emoji, right-to-left text.
    let t = "Fever\u{2005}and\u{2005}cough. Ferritin\u{00A0}666.3\u{00A0}\u{03BC}g/L. \u{75C5}\u{4EBA} e\u{301} \u{1F600} \u{05E9}\u{05DC}\u{05D5}\u{05DD} and\u{2005}muscle weakness or weakness";
    let c = check(t);
    assert!(
        c.facts.iter().any(|f| f.name == "ferritin"),
        "{:?}",
        c.facts.iter().map(|f| &f.name).collect::<Vec<_>>()
    );
}

#[test]
fn binary_like_and_control_characters_are_text_like_any_other() {
    let t: String = (0u8..=127).map(char::from).cycle().take(4096).collect();
    check(&t);
    check("\u{FFFD}\u{FFFD} CRP 12 mg/L \u{0}\u{1}\u{2}");
}

#[test]
fn pathological_repetition_and_one_long_line_finish() {
    let many_numbers = "1 2 3 4 5 6 7 8 9 10 mg ".repeat(5_000);
    check(&many_numbers);
    let one_line = "no fever, cough, or dyspnea, and ".repeat(10_000);
    check(&one_line);
    let nested = "(".repeat(20_000) + &")".repeat(20_000);
    check(&nested);
    // The same statement repeated is one fact with many spans.
    let lists = "methylprednisolone 1 mg, tacrolimus 2 mg and ".repeat(2_000);
    let c = check(&lists);
    let mp = c
        .facts
        .iter()
        .find(|f| f.name == "methylprednisolone")
        .expect("methylprednisolone");
    assert_eq!(mp.dosage.as_ref().and_then(|d| d.dose), Some(1.0));
    assert!(c.facts.iter().any(|f| f.name == "tacrolimus"));
    assert!(c.facts.len() < 20, "{} facts", c.facts.len());
    // One line of a megabyte.
    let mb = "CRP 12 mg/L, ferritin 300 ug/L, no fever ".repeat(1_048_576 / 40);
    assert!(mb.len() >= 1_000_000);
    check(&mb);
}

#[test]
fn every_shared_corpus_text_extracts() {
    let dir = std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpora/maccrobat2020"
    ));
    if !dir.exists() {
        eprintln!("skipped: {} is not present", dir.display());
        return;
    }
    let mut n = 0;
    for part in ["train", "dev"] {
        for e in std::fs::read_dir(dir.join(part)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "txt") {
                check(&std::fs::read_to_string(&p).unwrap());
                n += 1;
            }
        }
    }
    assert!(n >= 100, "{n} texts");
}

#[test]
fn every_fact_of_the_fixtures_points_at_words() {
    // A value written before its name ("38% lymphocytes", "1+ protein")
    // still gives the fact the words of both.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut texts = 0;
    for set in std::fs::read_dir(&root).expect("fixtures").flatten() {
        for file in std::fs::read_dir(set.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let path = file.path();
            if path.extension().is_none_or(|e| e != "txt") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("narrative");
            texts += 1;
            for f in &check(&text).facts {
                assert!(
                    f.spans.iter().any(|s| s.end > s.start),
                    "{}: {} has no words",
                    path.display(),
                    f.name
                );
            }
        }
    }
    assert!(texts > 100, "only {texts} fixture texts");
}

#[test]
fn lines_a_pdf_wrapped_inside_a_sentence_are_read_as_one_sentence() {
    let text = "She denied\r\nfever. He was given metho-\ntrexate 15 mg weekly for the arthritis of\n\
                both hands.\nTacrolimus was\nnot started.\nPlan\nprednisolone 20 mg daily";
    let c = check(text);
    let named = |n: &str| c.facts.iter().find(|f| f.name == n).unwrap();
    assert!(named("fever").negated);
    let mtx = named("methotrexate");
    // The span points at the author's own bytes, break and hyphen included.
    assert_eq!(
        &text[mtx.spans[0].start..mtx.spans[0].end],
        "metho-\ntrexate"
    );
    assert!(named("tacrolimus").negated);
    // A short line is a line of its own: the plan's drug is no part of it.
    assert!(!named("prednisolone").negated);
}
