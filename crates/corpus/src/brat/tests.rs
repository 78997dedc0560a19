use super::*;

// "β" and the thin space (U+2009) are 2 and 3 bytes: code-point offsets
// and byte offsets differ after them.
const TEXT: &str = "A 71-year-old β-thal woman took 40\u{2009}mg prednisone daily.";

#[test]
fn code_point_offsets_become_byte_spans() {
    // Code points: "A 71-year-old " = 14, "β-thal" 14..20, " woman" 20..26,
    // " took " → "40" at 32..34, thin space 34, "mg" 35..37, "prednisone" 38..48.
    let ann = "T1\tAge 2 13\t71-year-old\nT2\tDisease_disorder 14 20\tβ-thal\nT3\tDosage 32 37\t40\u{2009}mg\nT4\tMedication 38 48\tprednisone\n";
    let a = parse_ann(ann, TEXT).expect("valid");
    let words: Vec<&str> = a
        .entities
        .iter()
        .map(|e| &TEXT[e.spans[0].start..e.spans[0].end])
        .collect();
    assert_eq!(
        words,
        ["71-year-old", "β-thal", "40\u{2009}mg", "prednisone"]
    );
    // β is 2 bytes, the thin space 3: prednisone starts at byte 38 + 1 + 2.
    assert_eq!(a.entities[3].spans[0], Span::new(41, 51));
}

#[test]
fn discontinuous_spans_keep_each_fragment() {
    let ann = "T1\tMedication 2 4;38 48\t71 prednisone\n";
    let a = parse_ann(ann, TEXT).expect("valid");
    let e = &a.entities[0];
    assert_eq!(e.spans.len(), 2);
    assert_eq!(e.extent(), Span::new(2, 51));
}

#[test]
fn events_relations_attributes_notes_and_unknown_lines() {
    let ann = "T1\tMedication 38 48\tprednisone\nT2\tDosage 32 37\t40\u{2009}mg\n\
E1\tMedication:T1 Dose:T2\nE2\tAdverse_event:T1 \nR1\tMODIFY Arg1:T2 Arg2:E1\t\n\
*\tEquiv T1 T2\nA1\tNegated E1\nA2\tSeverity E1 High\n#1\tAnnotatorNotes T1\tsteroid\n\
X9\tsomething odd\n";
    let a = parse_ann(ann, TEXT).expect("valid");
    assert_eq!(a.entities.len(), 2);
    assert_eq!(a.events[0].trigger, "T1");
    assert_eq!(a.events[0].args, vec![("Dose".into(), "T2".into())]);
    assert!(a.events[1].args.is_empty());
    assert_eq!(a.relations[0].kind, "MODIFY");
    assert_eq!(a.relations[1].kind, "Equiv");
    assert_eq!(a.attributes[1].value.as_deref(), Some("High"));
    assert_eq!(a.notes[0].text, "steroid");
    assert_eq!(a.unknown, vec![(10, "X9\tsomething odd".to_string())]);
}

#[test]
fn offsets_that_miss_their_words_are_an_error_naming_the_line() {
    let ann = "T1\tAge 2 13\t71-year-old\nT2\tMedication 37 47\tprednisone\n";
    let e = parse_ann(ann, TEXT).expect_err("shifted by one");
    assert!(matches!(e, BratError::TextMismatch { line: 2, .. }), "{e}");
    let e = parse_ann("T1\tAge 50 99\tx\n", TEXT).expect_err("outside");
    assert!(matches!(e, BratError::OutOfRange { .. }), "{e}");
    assert!(e.to_string().contains("outside"));
    let e = parse_ann("T1\tAge two 13\tx\n", TEXT).expect_err("not a number");
    assert!(matches!(e, BratError::Syntax { line: 1, .. }), "{e}");
}
