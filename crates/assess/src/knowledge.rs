//! The clinical knowledge the calculators use, read from `data/assess/*.toml`.

/// All assessment knowledge.
#[derive(Debug, Default)]
pub struct Knowledge {}

/// The knowledge compiled into the binary.
pub fn get() -> Result<&'static Knowledge, String> {
    static K: Knowledge = Knowledge {};
    Ok(&K)
}
