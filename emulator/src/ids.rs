//! Clerk-style identifiers: a prefix (`user_`, `idn_`, ...) and 27 base-62 characters.

const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

pub fn new_id(prefix: &str) -> String {
    let mut id = String::with_capacity(prefix.len() + 27);
    id.push_str(prefix);
    id.extend((0..27).map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char));
    id
}

/// A value for `clerk_trace_id`.
pub fn trace_id() -> String {
    (0..32)
        .map(|_| char::from_digit(fastrand::u32(..16), 16).unwrap_or('0'))
        .collect()
}
