//! Prints the founding-case assessment (run with --ignored --nocapture).
mod common;

#[test]
#[ignore]
fn dump() {
    let Some(course) = common::founding_course() else {
        return;
    };
    let a = casecourse_assess::assess(&course);
    for i in &a.items {
        println!(
            "{:?} {} d={:?} v={:?} {:?} | {} | in={:?} miss={:?} as={:?} lim={:?}",
            i.category,
            i.code,
            i.day,
            i.value,
            i.bounds,
            i.interpretation,
            i.inputs,
            i.missing,
            i.assumptions.len(),
            i.limitations.len()
        );
    }
    for l in &a.lines {
        println!("{l:?}");
    }
    for s in &a.steroid_series {
        println!("{s:?}");
    }
}
