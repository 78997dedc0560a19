//! Random tokens and passwords, and the token digests stored in place of
//! the tokens themselves.

use sha2::{Digest, Sha256};

use crate::StoreError;

fn random_bytes<const N: usize>() -> Result<[u8; N], StoreError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|e| StoreError::Hash(format!("no randomness: {e}")))?;
    Ok(buf)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A fresh 256-bit session or CSRF token, hex encoded.
pub fn new_token() -> Result<String, StoreError> {
    Ok(hex(&random_bytes::<32>()?))
}

/// A fresh one-time password: 24 hex digits (96 bits).
pub fn new_password() -> Result<String, StoreError> {
    Ok(hex(&random_bytes::<12>()?))
}

/// SHA-256 of a token, hex encoded: what the sessions table keeps.
pub(crate) fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}
