//! Any text: extraction must return, and every span must lie on character
//! boundaries of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let course = casecourse_extract::extract(&text, &casecourse_extract::Options::default());
    for f in &course.facts {
        for s in &f.spans {
            assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
});
