//! Any bytes as a course JSON: an error or a course, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = casecourse_model::Course::from_json(text);
    }
});
