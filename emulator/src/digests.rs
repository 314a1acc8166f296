//! Imported password digests: the `password_digest` + `password_hasher` pairs of `create` and
//! `update`, in the formats Clerk documents for each hasher (the `createUser()` reference of
//! Clerk's docs, "passwordHasher"), checked when given and verified by `verify_password`.
//!
//! Every hasher is one row of [`HASHERS`]: its name, the format Clerk documents, and how a
//! digest is checked, costed and verified. `awscognito`, the one hasher Clerk lists that the
//! emulator cannot verify (its digest names a Cognito user pool, and only AWS can check a
//! password against it), is refused with 422, so that a test never stores a password it could
//! not sign in with.

use aes::Aes256;
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use ctr::cipher::{KeyIvInit, StreamCipher};
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};
use subtle::ConstantTimeEq;

/// Hashers Clerk lists that the emulator cannot verify.
pub const UNSUPPORTED: &[&str] = &["awscognito"];

// Caps on every hasher's cost. A digest is verified on every `verify_password`, on a thread of
// its own: one above these would pin a core for minutes (and hold memory), so it is refused
// when given (422 `form_password_digest_invalid_code`). Real digests stay well below them.

/// PBKDF2 iterations (Django's default is about 10^6).
const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;
/// PBKDF2 output, in bytes (a key length, or the stored hash's length).
const MAX_PBKDF2_OUTPUT: usize = 128;
/// PBKDF2 work: iterations times blocks of the PRF's output.
const MAX_PBKDF2_WORK: u64 = 20_000_000;

/// Why a digest was refused: the expected format, for the error's long message.
pub type FormatError = String;

fn eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn b64(s: &str) -> Option<Vec<u8>> {
    STANDARD
        .decode(s)
        .or_else(|_| STANDARD_NO_PAD.decode(s))
        .ok()
        .filter(|bytes| !bytes.is_empty())
}

/// bcrypt cost (log2 of the rounds): 16 takes seconds; 31, days.
pub const MAX_BCRYPT_COST: u32 = 16;
/// Argon2 memory (KiB, 256 MiB): each verification allocates it.
const MAX_ARGON2_MEMORY_KIB: u32 = 256 * 1024;
/// Argon2 passes over that memory.
const MAX_ARGON2_ITERATIONS: u32 = 16;
/// Argon2 lanes.
const MAX_ARGON2_PARALLELISM: u32 = 16;

fn is_bcrypt(digest: &str) -> bool {
    digest
        .parse::<bcrypt::HashParts>()
        .is_ok_and(|parts| parts.get_cost() <= MAX_BCRYPT_COST)
}

/// The cost of a bcrypt digest, when it is one.
pub fn bcrypt_cost(digest: &str) -> Option<u32> {
    digest
        .parse::<bcrypt::HashParts>()
        .ok()
        .map(|parts| parts.get_cost())
}

/// `bcrypt_peppered`: `$<version>$<cost>$<salt & hash>$<pepper>` (a bcrypt hash is 60 characters).
fn split_pepper(digest: &str) -> Option<(&str, &str)> {
    let hash = digest.get(..60)?;
    let pepper = digest.get(60..)?.strip_prefix('$')?;
    is_bcrypt(hash).then_some((hash, pepper))
}

/// `<prefix>$<iterations>$<salt>$<hash>[$<key length>]`.
struct Pbkdf2Parts<'a> {
    iterations: u32,
    salt: &'a str,
    hash: &'a str,
    key_length: Option<usize>,
}

fn pbkdf2_parts<'a>(digest: &'a str, prefix: &str, allow_key_length: bool) -> Option<Pbkdf2Parts<'a>> {
    let mut parts = digest.split('$');
    if parts.next()? != prefix {
        return None;
    }
    let iterations: u32 = parts.next()?.parse().ok()?;
    let salt = parts.next()?;
    let hash = parts.next()?;
    let key_length = match parts.next() {
        Some(len) if allow_key_length => {
            Some(len.parse().ok().filter(|l| (1..=MAX_PBKDF2_OUTPUT).contains(l))?)
        }
        Some(_) => return None,
        None => None,
    };
    if parts.next().is_some()
        || iterations == 0
        || iterations > MAX_PBKDF2_ITERATIONS
        || salt.is_empty()
        || hash.is_empty()
    {
        return None;
    }
    Some(Pbkdf2Parts {
        iterations,
        salt,
        hash,
        key_length,
    })
}

/// Hash bytes, base64 (or hex, for the `_hex` variants) encoded.
fn decode_hash(hash: &str, hex_encoded: bool) -> Option<Vec<u8>> {
    if hex_encoded {
        hex::decode(hash).ok().filter(|h| !h.is_empty())
    } else {
        b64(hash)
    }
}

#[derive(Clone, Copy)]
enum Prf {
    Sha1,
    Sha256,
    Sha512,
}

fn derive(prf: Prf, password: &[u8], salt: &[u8], iterations: u32, len: usize) -> Vec<u8> {
    let mut out = vec![0u8; len];
    match prf {
        Prf::Sha1 => pbkdf2::pbkdf2_hmac::<Sha1>(password, salt, iterations, &mut out),
        Prf::Sha256 => pbkdf2::pbkdf2_hmac::<Sha256>(password, salt, iterations, &mut out),
        Prf::Sha512 => pbkdf2::pbkdf2_hmac::<Sha512>(password, salt, iterations, &mut out),
    }
    out
}

/// How a PBKDF2 hasher's digest is laid out.
struct Pbkdf2Format {
    prefix: &'static str,
    prf: Prf,
    /// The hash is hex (else base64).
    hex_hash: bool,
    /// Salts to try, in order: hex-decoded, base64-decoded, the salt's own bytes.
    salt_hex: bool,
    salt_b64: bool,
    allow_key_length: bool,
}

const fn pbkdf2(
    prefix: &'static str,
    prf: Prf,
    hex_hash: bool,
    salt_hex: bool,
    salt_b64: bool,
    allow_key_length: bool,
) -> Pbkdf2Format {
    Pbkdf2Format {
        prefix,
        prf,
        hex_hash,
        salt_hex,
        salt_b64,
        allow_key_length,
    }
}

// Clerk: "Accepts the salt as a hex-encoded string. If the salt is not a valid hex string, the
// raw bytes will be used instead. Accepts the hash as a hex-encoded string."
const PBKDF2_SHA1: Pbkdf2Format = pbkdf2("pbkdf2_sha1", Prf::Sha1, true, true, false, true);
// Clerk: "Both the salt and the hash are expected to be base64-encoded." Django's own digests
// (un-encoded salt) are accepted too, as the salt's own bytes.
const PBKDF2_SHA256: Pbkdf2Format = pbkdf2("pbkdf2_sha256", Prf::Sha256, false, false, true, false);
// Clerk: "The salt is expected to be un-encoded, the hash is expected base64-encoded."
const PBKDF2_SHA256_DJANGO: Pbkdf2Format = pbkdf2("pbkdf2_sha256", Prf::Sha256, false, false, false, false);
// Clerk (@clerk/backend's createUser docs): "The salt is expected to be an unencoded string
// literal, and the hash should be hex-encoded."
const PBKDF2_SHA512: Pbkdf2Format = pbkdf2("pbkdf2_sha512", Prf::Sha512, true, false, false, false);
// Clerk: `pbkdf2_sha512_hex$<iterations>$<salt>$<hash>`, "Both the salt and the hash are
// expected to be hex-encoded."
const PBKDF2_SHA512_HEX: Pbkdf2Format = pbkdf2("pbkdf2_sha512_hex", Prf::Sha512, true, true, false, false);

fn pbkdf2_check(format: &Pbkdf2Format, digest: &str) -> bool {
    pbkdf2_parts(digest, format.prefix, format.allow_key_length).is_some_and(|parts| {
        decode_hash(parts.hash, format.hex_hash)
            .is_some_and(|hash| pbkdf2_work(format.prf, parts.iterations, hash.len()).is_some())
    })
}

/// Iterations times PRF blocks for `len` bytes of output, when within the caps.
fn pbkdf2_work(prf: Prf, iterations: u32, len: usize) -> Option<u64> {
    let block = match prf {
        Prf::Sha1 => 20,
        Prf::Sha256 => 32,
        Prf::Sha512 => 64,
    };
    let work = u64::from(iterations).checked_mul(len.div_ceil(block) as u64)?;
    (len <= MAX_PBKDF2_OUTPUT && work <= MAX_PBKDF2_WORK).then_some(work)
}

fn pbkdf2_verify(format: &Pbkdf2Format, digest: &str, password: &str) -> bool {
    let Some(parts) = pbkdf2_parts(digest, format.prefix, format.allow_key_length) else {
        return false;
    };
    let Some(expected) = decode_hash(parts.hash, format.hex_hash) else {
        return false;
    };
    let len = parts.key_length.unwrap_or(expected.len());
    if len != expected.len() || pbkdf2_work(format.prf, parts.iterations, len).is_none() {
        return false;
    }
    let mut salts: Vec<Vec<u8>> = Vec::new();
    if format.salt_hex
        && let Ok(salt) = hex::decode(parts.salt)
    {
        salts.push(salt);
    }
    if format.salt_b64
        && let Some(salt) = b64(parts.salt)
    {
        salts.push(salt);
    }
    salts.push(parts.salt.as_bytes().to_vec());
    salts.iter().any(|salt| {
        eq(
            &derive(format.prf, password.as_bytes(), salt, parts.iterations, len),
            &expected,
        )
    })
}

fn argon2_check(hasher: &str, digest: &str) -> bool {
    PasswordHash::new(digest).is_ok_and(|hash| {
        hash.algorithm.as_str() == hasher
            && hash.hash.is_some()
            && hash.salt.is_some()
            && argon2::Params::try_from(&hash).is_ok_and(|p| argon2_within_caps(&p))
    })
}

fn argon2_within_caps(params: &argon2::Params) -> bool {
    params.m_cost() <= MAX_ARGON2_MEMORY_KIB
        && params.t_cost() <= MAX_ARGON2_ITERATIONS
        && params.p_cost() <= MAX_ARGON2_PARALLELISM
}

fn argon2_verify(digest: &str, password: &str) -> bool {
    PasswordHash::new(digest).is_ok_and(|hash| {
        argon2::Params::try_from(&hash).is_ok_and(|p| argon2_within_caps(&p))
            && argon2::Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
    })
}

/// `{SSHA}` + base64(SHA-1(password + salt) + salt).
fn ldap_ssha_parts(digest: &str) -> Option<(Vec<u8>, Vec<u8>)> {
    let rest = digest
        .strip_prefix("{SSHA}")
        .or_else(|| digest.strip_prefix("{ssha}"))?;
    let bytes = b64(rest)?;
    if bytes.len() <= 20 {
        return None;
    }
    let (hash, salt) = bytes.split_at(20);
    Some((hash.to_vec(), salt.to_vec()))
}

const ITOA64: &[u8] = b"./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// phpass's portable hashes: `$P$` (or `$H$`), one character for log2(rounds), 8 of salt,
/// 22 of MD5 checksum in phpass's own base64.
fn phpass_rounds(digest: &str) -> Option<u32> {
    let bytes = digest.as_bytes();
    if bytes.len() != 34 || !(digest.starts_with("$P$") || digest.starts_with("$H$")) {
        return None;
    }
    let log2 = ITOA64.iter().position(|c| *c == bytes[3])? as u32;
    if !(7..=24).contains(&log2) || !digest[4..].bytes().all(|b| ITOA64.contains(&b)) {
        return None;
    }
    Some(1 << log2)
}

fn phpass_encode(input: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < input.len() {
        let mut value = u32::from(input[i]);
        i += 1;
        out.push(ITOA64[(value & 0x3f) as usize] as char);
        if i < input.len() {
            value |= u32::from(input[i]) << 8;
        }
        out.push(ITOA64[((value >> 6) & 0x3f) as usize] as char);
        if i >= input.len() {
            break;
        }
        i += 1;
        if i < input.len() {
            value |= u32::from(input[i]) << 16;
        }
        out.push(ITOA64[((value >> 12) & 0x3f) as usize] as char);
        if i >= input.len() {
            break;
        }
        i += 1;
        out.push(ITOA64[((value >> 18) & 0x3f) as usize] as char);
    }
    out
}

fn phpass_verify(digest: &str, password: &str) -> bool {
    let Some(rounds) = phpass_rounds(digest) else {
        return false;
    };
    let salt = &digest.as_bytes()[4..12];
    let mut hash = Md5::new().chain_update(salt).chain_update(password).finalize();
    for _ in 0..rounds {
        hash = Md5::new().chain_update(hash).chain_update(password).finalize();
    }
    let computed = format!("{}{}", &digest[..12], phpass_encode(&hash));
    eq(computed.as_bytes(), digest.as_bytes())
}

/// scrypt work above this is refused: 128 · N · r · p bytes (256 MiB; Werkzeug's default is
/// 32 MiB). One verification allocates 128 · N · r of it and runs for time in proportion to all
/// of it.
const MAX_SCRYPT_BYTES: u64 = 256 << 20;

/// scrypt's `N`, `r` and `p`, when they are valid and within [`MAX_SCRYPT_BYTES`].
fn scrypt_params(n: u64, r: u32, p: u32) -> Option<scrypt::Params> {
    let bytes = 128u64
        .checked_mul(n)?
        .checked_mul(r.into())?
        .checked_mul(p.into())?;
    if n < 2 || !n.is_power_of_two() || bytes > MAX_SCRYPT_BYTES {
        return None;
    }
    // The length is only the crate's default for its own hash strings: unused here.
    scrypt::Params::new(n.trailing_zeros() as u8, r, p, 64).ok()
}

/// `scrypt_firebase`: `<hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost>`, the
/// first four base64 (Firebase's export and its project's password hash parameters).
struct FirebaseParts {
    hash: Vec<u8>,
    salt: Vec<u8>,
    signer_key: Vec<u8>,
    salt_separator: Vec<u8>,
    params: scrypt::Params,
}

fn firebase_parts(digest: &str) -> Option<FirebaseParts> {
    let parts: Vec<&str> = digest.split('$').collect();
    let [hash, salt, signer_key, salt_separator, rounds, memory_cost] = parts[..] else {
        return None;
    };
    // Firebase's ranges (its Admin SDKs refuse others): rounds is scrypt's r, memory cost is
    // log2 of scrypt's N, so one verification allocates at most 128 · 2^14 · 8 bytes (16 MiB).
    let rounds: u32 = rounds.parse().ok().filter(|r| (1..=8).contains(r))?;
    let memory_cost: u8 = memory_cost.parse().ok().filter(|m| (1..=14).contains(m))?;
    let hash = b64(hash)?;
    let signer_key = b64(signer_key)?;
    // The hash is the signer key encrypted with AES-CTR: as long as it.
    if hash.len() != signer_key.len() {
        return None;
    }
    // The Admin SDKs default the separator to no bytes at all.
    let salt_separator = if salt_separator.is_empty() {
        Vec::new()
    } else {
        b64(salt_separator)?
    };
    Some(FirebaseParts {
        hash,
        salt: b64(salt)?,
        signer_key,
        salt_separator,
        params: scrypt::Params::new(memory_cost, rounds, 1, 64).ok()?,
    })
}

/// Firebase's modified scrypt (github.com/firebase/scrypt): the key is scrypt(password, salt +
/// salt separator, N = 2^memory cost, r = rounds, p = 1); the hash is the signer key encrypted
/// with AES-256-CTR (the key's first 32 bytes, a zero IV).
fn firebase_verify(digest: &str, password: &str) -> bool {
    let Some(parts) = firebase_parts(digest) else {
        return false;
    };
    let salt = [parts.salt.as_slice(), parts.salt_separator.as_slice()].concat();
    let mut key = [0u8; 64];
    if scrypt::scrypt(password.as_bytes(), &salt, &parts.params, &mut key).is_err() {
        return false;
    }
    let Ok(mut cipher) = ctr::Ctr128BE::<Aes256>::new_from_slices(&key[..32], &[0u8; 16]) else {
        return false;
    };
    let mut hash = parts.signer_key;
    cipher.apply_keystream(&mut hash);
    eq(&hash, &parts.hash)
}

/// `scrypt_werkzeug`: `scrypt:<N>:<r>:<p>$<salt>$<hash>`, as Werkzeug's `generate_password_hash`
/// writes it: the salt is used as its own bytes, the hash is the hex of scrypt's 64 bytes. Clerk's
/// docs print the digest with a `$` ahead (`$<algorithm args>$<salt>$<hash>`): accepted too.
fn werkzeug_parts(digest: &str) -> Option<(scrypt::Params, &str, Vec<u8>)> {
    let digest = digest.strip_prefix('$').unwrap_or(digest);
    let mut parts = digest.split('$');
    let (method, salt, hash) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || salt.is_empty() {
        return None;
    }
    let mut args = method.strip_prefix("scrypt:")?.split(':');
    let n: u64 = args.next()?.parse().ok()?;
    let r: u32 = args.next()?.parse().ok()?;
    let p: u32 = args.next()?.parse().ok()?;
    if args.next().is_some() {
        return None;
    }
    let hash = hex::decode(hash).ok().filter(|h| h.len() == 64)?;
    Some((scrypt_params(n, r, p)?, salt, hash))
}

fn werkzeug_verify(digest: &str, password: &str) -> bool {
    let Some((params, salt, expected)) = werkzeug_parts(digest) else {
        return false;
    };
    let mut hash = [0u8; 64];
    scrypt::scrypt(password.as_bytes(), salt.as_bytes(), &params, &mut hash).is_ok() && eq(&hash, &expected)
}

/// `sha512_symfony` iteration counts above this are refused, like PBKDF2's.
const MAX_SYMFONY_ITERATIONS: u32 = MAX_PBKDF2_ITERATIONS;

/// `sha512_symfony$<iterations>$<salt>$<hash>`: Symfony's legacy `MessageDigestPasswordHasher`
/// with SHA-512, the hash base64 (64 bytes). Symfony refuses salts with `{` or `}`.
fn symfony_parts(digest: &str) -> Option<(u32, &str, Vec<u8>)> {
    let mut parts = digest.split('$');
    if parts.next()? != "sha512_symfony" {
        return None;
    }
    let iterations: u32 = parts
        .next()?
        .parse()
        .ok()
        .filter(|i| (1..=MAX_SYMFONY_ITERATIONS).contains(i))?;
    let salt = parts.next()?;
    let hash = b64(parts.next()?).filter(|h| h.len() == 64)?;
    if parts.next().is_some() || salt.contains(['{', '}']) {
        return None;
    }
    Some((iterations, salt, hash))
}

/// Symfony's: `salted` is `password{salt}` (the password alone for a salt PHP takes as false:
/// empty or "0"); the hash is SHA-512(salted), then `iterations - 1` times SHA-512(hash + salted).
fn symfony_verify(digest: &str, password: &str) -> bool {
    let Some((iterations, salt, expected)) = symfony_parts(digest) else {
        return false;
    };
    let salted = if salt.is_empty() || salt == "0" {
        password.to_owned()
    } else {
        format!("{password}{{{salt}}}")
    };
    let mut hash = Sha512::digest(salted.as_bytes());
    for _ in 1..iterations {
        hash = Sha512::new().chain_update(hash).chain_update(&salted).finalize();
    }
    eq(&hash, &expected)
}

fn hex_digest<D: Digest>(password: &str) -> String {
    hex::encode(D::digest(password.as_bytes()))
}

fn bcrypt_too_costly(digest: &str) -> Option<String> {
    let hash = digest.strip_prefix("bcrypt_sha256$").unwrap_or(digest);
    let cost = bcrypt_cost(hash.get(..60).unwrap_or(hash))?;
    (cost > MAX_BCRYPT_COST).then(|| format!("bcrypt cost {cost} is above {MAX_BCRYPT_COST}"))
}

fn argon2_too_costly(digest: &str) -> Option<String> {
    let hash = PasswordHash::new(digest).ok()?;
    let value = |name: &str| hash.params.get_decimal(name).map(u64::from);
    let (m, t, p) = (value("m")?, value("t")?, value("p")?);
    (m > u64::from(MAX_ARGON2_MEMORY_KIB)
        || t > u64::from(MAX_ARGON2_ITERATIONS)
        || p > u64::from(MAX_ARGON2_PARALLELISM))
    .then(|| {
        format!(
            "argon2 m={m}, t={t}, p={p} is above m={MAX_ARGON2_MEMORY_KIB}, \
             t={MAX_ARGON2_ITERATIONS}, p={MAX_ARGON2_PARALLELISM}"
        )
    })
}

fn number(text: &str) -> Option<u64> {
    text.parse().ok()
}

fn werkzeug_too_costly(digest: &str) -> Option<String> {
    let method = digest.strip_prefix('$').unwrap_or(digest).split('$').next()?;
    let mut args = method.strip_prefix("scrypt:")?.split(':');
    let (n, r, p) = (
        number(args.next()?)?,
        number(args.next()?)?,
        number(args.next()?)?,
    );
    let bytes = 128u128 * u128::from(n) * u128::from(r) * u128::from(p);
    (bytes > u128::from(MAX_SCRYPT_BYTES))
        .then(|| format!("scrypt N={n}, r={r}, p={p} needs more than {MAX_SCRYPT_BYTES} bytes"))
}

fn symfony_too_costly(digest: &str) -> Option<String> {
    let iterations = number(digest.split('$').nth(1)?)?;
    (iterations > u64::from(MAX_SYMFONY_ITERATIONS))
        .then(|| format!("{iterations} iterations is above {MAX_SYMFONY_ITERATIONS}"))
}

fn pbkdf2_too_costly(format: &Pbkdf2Format, digest: &str) -> Option<String> {
    let parts: Vec<&str> = digest.split('$').collect();
    let iterations = number(parts.get(1)?)?;
    if iterations > u64::from(MAX_PBKDF2_ITERATIONS) {
        return Some(format!(
            "{iterations} iterations is above {MAX_PBKDF2_ITERATIONS}"
        ));
    }
    let hash_len = decode_hash(parts.get(3)?, format.hex_hash).map_or(0, |h| h.len());
    let key_len = parts.get(4).and_then(|l| number(l)).unwrap_or(0);
    let len = usize::try_from(key_len.max(hash_len as u64)).unwrap_or(usize::MAX);
    let iterations = u32::try_from(iterations).ok()?;
    pbkdf2_work(format.prf, iterations, len).is_none().then(|| {
        format!(
            "{iterations} iterations for {len} bytes is above the caps ({MAX_PBKDF2_OUTPUT} \
             bytes, {MAX_PBKDF2_WORK} blocks in all)"
        )
    })
}

fn never_too_costly(_: &str) -> Option<String> {
    None
}

fn md5_verify(digest: &str, password: &str) -> bool {
    eq(
        hex_digest::<Md5>(password).as_bytes(),
        digest.to_ascii_lowercase().as_bytes(),
    )
}

fn sha256_verify(digest: &str, password: &str) -> bool {
    eq(
        hex_digest::<Sha256>(password).as_bytes(),
        digest.to_ascii_lowercase().as_bytes(),
    )
}

fn ldap_ssha_verify(digest: &str, password: &str) -> bool {
    ldap_ssha_parts(digest).is_some_and(|(hash, salt)| {
        eq(
            &Sha1::new().chain_update(password).chain_update(&salt).finalize(),
            &hash,
        )
    })
}

fn bcrypt_peppered_verify(digest: &str, password: &str) -> bool {
    split_pepper(digest)
        .is_some_and(|(hash, pepper)| bcrypt::verify(format!("{password}{pepper}"), hash).unwrap_or(false))
}

fn bcrypt_sha256_django_verify(digest: &str, password: &str) -> bool {
    digest
        .strip_prefix("bcrypt_sha256$")
        .is_some_and(|hash| bcrypt::verify(hex_digest::<Sha256>(password), hash).unwrap_or(false))
}

/// One hasher Clerk takes in `password_hasher`.
pub struct Hasher {
    pub name: &'static str,
    /// The digest's format, as Clerk documents it, for the error of a digest not in it.
    pub format: &'static str,
    /// Whether a digest is in the format (within the caps).
    check: fn(&str) -> bool,
    /// Why a well-formed digest asks for more work than the caps allow.
    too_costly: fn(&str) -> Option<String>,
    /// Whether the password matches a digest that passed `check`. Slow on purpose for most.
    verify: fn(&str, &str) -> bool,
}

/// Every hasher the emulator checks and verifies, by name.
pub static HASHERS: &[Hasher] = &[
    Hasher {
        name: "argon2i",
        format: "$argon2i$v=19$m=<memory>,t=<iterations>,p=<parallelism>$<salt>$<hash>",
        check: |d| argon2_check("argon2i", d),
        too_costly: argon2_too_costly,
        verify: argon2_verify,
    },
    Hasher {
        name: "argon2id",
        format: "$argon2id$v=19$m=<memory>,t=<iterations>,p=<parallelism>$<salt>$<hash>",
        check: |d| argon2_check("argon2id", d),
        too_costly: argon2_too_costly,
        verify: argon2_verify,
    },
    Hasher {
        name: "bcrypt",
        format: "$<algorithm version>$<cost>$<salt & hash>",
        check: is_bcrypt,
        too_costly: bcrypt_too_costly,
        verify: |d, p| bcrypt::verify(p, d).unwrap_or(false),
    },
    Hasher {
        name: "bcrypt_peppered",
        format: "$<algorithm version>$<cost>$<salt & hash>$<pepper>",
        check: |d| split_pepper(d).is_some(),
        too_costly: bcrypt_too_costly,
        verify: bcrypt_peppered_verify,
    },
    Hasher {
        name: "bcrypt_sha256_django",
        format: "bcrypt_sha256$$<algorithm version>$<cost>$<salt & hash>",
        check: |d| d.strip_prefix("bcrypt_sha256$").is_some_and(is_bcrypt),
        too_costly: bcrypt_too_costly,
        verify: bcrypt_sha256_django_verify,
    },
    Hasher {
        name: "ldap_ssha",
        format: "{SSHA}<base64 of SHA-1 hash + salt>",
        check: |d| ldap_ssha_parts(d).is_some(),
        too_costly: never_too_costly,
        verify: ldap_ssha_verify,
    },
    Hasher {
        name: "md5",
        format: "a 32-character hex string",
        check: |d| is_hex(d, 32),
        too_costly: never_too_costly,
        verify: md5_verify,
    },
    // Clerk names it but documents no format: phpass's portable digests (MD5-based) are taken.
    Hasher {
        name: "md5_phpass",
        format: "$P$<rounds><salt><encoded-checksum>",
        check: |d| phpass_rounds(d).is_some(),
        too_costly: never_too_costly,
        verify: phpass_verify,
    },
    Hasher {
        name: "pbkdf2_sha1",
        format: "pbkdf2_sha1$<iterations>$<salt>$<hash-as-hex-string>[$<key-length>]",
        check: |d| pbkdf2_check(&PBKDF2_SHA1, d),
        too_costly: |d| pbkdf2_too_costly(&PBKDF2_SHA1, d),
        verify: |d, p| pbkdf2_verify(&PBKDF2_SHA1, d, p),
    },
    Hasher {
        name: "pbkdf2_sha256",
        format: "pbkdf2_sha256$<iterations>$<base64 salt>$<base64 hash>",
        check: |d| pbkdf2_check(&PBKDF2_SHA256, d),
        too_costly: |d| pbkdf2_too_costly(&PBKDF2_SHA256, d),
        verify: |d, p| pbkdf2_verify(&PBKDF2_SHA256, d, p),
    },
    Hasher {
        name: "pbkdf2_sha256_django",
        format: "pbkdf2_sha256$<iterations>$<salt>$<base64 hash>",
        check: |d| pbkdf2_check(&PBKDF2_SHA256_DJANGO, d),
        too_costly: |d| pbkdf2_too_costly(&PBKDF2_SHA256_DJANGO, d),
        verify: |d, p| pbkdf2_verify(&PBKDF2_SHA256_DJANGO, d, p),
    },
    Hasher {
        name: "pbkdf2_sha512",
        format: "pbkdf2_sha512$<iterations>$<salt>$<hex hash>",
        check: |d| pbkdf2_check(&PBKDF2_SHA512, d),
        too_costly: |d| pbkdf2_too_costly(&PBKDF2_SHA512, d),
        verify: |d, p| pbkdf2_verify(&PBKDF2_SHA512, d, p),
    },
    Hasher {
        name: "pbkdf2_sha512_hex",
        format: "pbkdf2_sha512_hex$<iterations>$<hex salt>$<hex hash>",
        check: |d| pbkdf2_check(&PBKDF2_SHA512_HEX, d),
        too_costly: |d| pbkdf2_too_costly(&PBKDF2_SHA512_HEX, d),
        verify: |d, p| pbkdf2_verify(&PBKDF2_SHA512_HEX, d, p),
    },
    Hasher {
        name: "phpass",
        format: "$P$<rounds><salt><encoded-checksum>",
        check: |d| phpass_rounds(d).is_some(),
        too_costly: never_too_costly,
        verify: phpass_verify,
    },
    Hasher {
        name: "scrypt_firebase",
        format: "<hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost> (hash, salt, \
                 signer key and salt separator base64, the hash as long as the signer key; rounds \
                 from 1 to 8 and memory cost from 1 to 14, Firebase's ranges)",
        check: |d| firebase_parts(d).is_some(),
        too_costly: never_too_costly,
        verify: firebase_verify,
    },
    Hasher {
        name: "scrypt_werkzeug",
        format: "scrypt:<N>:<r>:<p>$<salt>$<hash> as Werkzeug writes it (N a power of 2 above 1, \
                 r and p at least 1, 128 * N * r * p at most 256 MiB; the hash 128 hex characters)",
        check: |d| werkzeug_parts(d).is_some(),
        too_costly: werkzeug_too_costly,
        verify: werkzeug_verify,
    },
    Hasher {
        name: "sha256",
        format: "a 64-character hex string",
        check: |d| is_hex(d, 64),
        too_costly: never_too_costly,
        verify: sha256_verify,
    },
    Hasher {
        name: "sha512_symfony",
        format: "sha512_symfony$<iterations>$<salt>$<hash> (iterations from 1 to 10000000, a salt \
                 without { or }, the base64 SHA-512 hash)",
        check: |d| symfony_parts(d).is_some(),
        too_costly: symfony_too_costly,
        verify: symfony_verify,
    },
];

/// The hasher named `name`, when the emulator verifies its digests.
pub fn hasher(name: &str) -> Option<&'static Hasher> {
    HASHERS.iter().find(|h| h.name == name)
}

/// The names of [`HASHERS`].
pub fn names() -> impl Iterator<Item = &'static str> {
    HASHERS.iter().map(|h| h.name)
}

/// When `digest`'s parameters ask for more work than the emulator's caps allow, why. Checked
/// before the format, so that a costly but well-formed digest gets its own answer.
pub fn too_costly(hasher_name: &str, digest: &str) -> Option<String> {
    (hasher(hasher_name)?.too_costly)(digest)
}

/// Whether `digest` has the format Clerk documents for the hasher; when not, what it should be.
pub fn check(hasher_name: &str, digest: &str) -> Result<(), FormatError> {
    let (ok, expected) = match hasher(hasher_name) {
        Some(h) => ((h.check)(digest), h.format),
        None => (false, "a digest of a supported hasher"),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "password_digest is not a valid {hasher_name} digest; expected {expected}."
        ))
    }
}

/// Whether `password` matches a digest that passed [`check`]. Slow on purpose for most hashers:
/// call it off the async runtime.
pub fn verify(hasher_name: &str, digest: &str, password: &str) -> bool {
    hasher(hasher_name).is_some_and(|h| (h.verify)(digest, password))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (hasher, digest, password): digests made by other implementations (Python's hashlib,
    /// argon2-cffi, passlib's algorithms, Django's and Devise's formats, Werkzeug 3.1's
    /// `generate_password_hash`, Symfony 5.4's `MessageDigestPasswordHasher`, Firebase's scrypt in
    /// Python's hashlib and `cryptography`), never by this crate.
    const VECTORS: &[(&str, &str, &str)] = &[
        (
            "argon2i",
            r"$argon2i$v=19$m=64,t=2,p=1$FtZBS0M2+TcFvG+znVNPTQ$3zqmrFj29hqF+cWRYDX0Oz8Gw3YwnUJVdUKPcY+absQ",
            "correct horse",
        ),
        (
            "argon2id",
            r"$argon2id$v=19$m=64,t=2,p=2$RRkeJsq4bb9idkt3L47Vvw$JOlARJC66wRk7LrnQTDPz5yftIdQrlLtOjj1CrRSXzE",
            "correct horse",
        ),
        (
            "bcrypt",
            r"$2b$04$FWHaf5Q/S8s8DLvpmqSxNOmGsSdf/4W9aFrgdoRSs.QDPZwX5xauS",
            "correct horse",
        ),
        (
            "bcrypt_peppered",
            r"$2b$04$hKlKi/Q8gIeS.siJqSSjnubqHDgRaXG9uAvFspBhwbXsIEzuve.B2$pepper123",
            "correct horse",
        ),
        (
            "bcrypt_sha256_django",
            r"bcrypt_sha256$$2b$04$cmdt.rI3Ygx30gA6uME4eOw7/oHiwwaX2/QT2c4.86KNr7qd85BB2",
            "correct horse",
        ),
        (
            "ldap_ssha",
            r"{SSHA}QvQIV/Hkpt5BV02m/b76Iz7vRyQV4tzb",
            "correct horse",
        ),
        ("md5", r"3cb4e732631f47e6eb961f34554b7cde", "correct horse"),
        // Hex salt, hex hash, key length; then a salt that is not hex (its own bytes).
        (
            "pbkdf2_sha1",
            r"pbkdf2_sha1$1000$a1b2c3d4e5f60718$9302914381482e27ca881e1a81bd39ef602de1629275f0ee182a508fad0b5d0d$32",
            "correct horse",
        ),
        (
            "pbkdf2_sha1",
            r"pbkdf2_sha1$1000$oAsZ1aMw3Dr0$8f360daac44af91bd9811aaeb718f9caed0644e2",
            "correct horse",
        ),
        // Base64 salt and hash, as Clerk documents; then Django's un-encoded salt.
        (
            "pbkdf2_sha256",
            r"pbkdf2_sha256$1200$MDEyMzQ1Njc4OWFiY2RlZg==$aCG4tQGUV+nhBFCGnfDHLhxUG3YEIh8hLILMSPQCWow=",
            "correct horse",
        ),
        (
            "pbkdf2_sha256",
            r"pbkdf2_sha256$1200$oAsZ1aMw3Dr0$rpfdrhP3M0FVW3tI4W56OfdqfYXZlSdvHwVmbFXqcZY=",
            "correct horse",
        ),
        (
            "pbkdf2_sha256_django",
            r"pbkdf2_sha256$1200$oAsZ1aMw3Dr0$rpfdrhP3M0FVW3tI4W56OfdqfYXZlSdvHwVmbFXqcZY=",
            "correct horse",
        ),
        (
            "pbkdf2_sha512",
            r"pbkdf2_sha512$1000$0123456789abcdef$38cd0502822a0952b5b16b710e27df56505e8ed2dafa4b384cfef526279cc2e499086f222db9e52043ce328557fa2d81db0912c6343c091191f4e90d1ae20f31",
            "correct horse",
        ),
        (
            "pbkdf2_sha512_hex",
            r"pbkdf2_sha512_hex$1000$30313233343536373839616263646566$38cd0502822a0952b5b16b710e27df56505e8ed2dafa4b384cfef526279cc2e499086f222db9e52043ce328557fa2d81db0912c6343c091191f4e90d1ae20f31",
            "correct horse",
        ),
        ("phpass", r"$P$6btyZUHup3/WrJxthzWpShMm0Mk68S.", "correct horse"),
        (
            "md5_phpass",
            r"$P$6btyZUHup3/WrJxthzWpShMm0Mk68S.",
            "correct horse",
        ),
        // The signer key and salt separator of Firebase's example (below) with cheaper costs (its
        // memory cost of 14 takes seconds in a debug build); then no salt separator (the Admin
        // SDKs' default).
        (
            "scrypt_firebase",
            r"Jt/VZAbMZTVTbrwk2vFw5IiVnTA7PHSovBjhZQc7uusxn06w2VxZsGm5PYUZv7+u5oR7kLx3W4LlYZo0lMEGgA==$JB0XOIOrh7bELw==$jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==$Bw==$8$10",
            "correct horse",
        ),
        (
            "scrypt_firebase",
            r"inXmlm5an/TKGSC8FLPsnbJE8Td0xiv1bohU0AQb5J7vkCDZE1hzcFYBMFdqh243HOM1UHHRqEPt8Nw/EycLeg==$K3l4eLyz2zgjZA==$jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==$$4$10",
            "correct horse",
        ),
        // Cheaper than Werkzeug's default (see below), and with Clerk's printed `$` ahead.
        (
            "scrypt_werkzeug",
            r"scrypt:1024:8:1$PPcxYHFUr7FMIdHz$1caf4702d0014fe683560250453b77e2651a372293410587f420a122890ac1f198fa6f5043887c1cfd8a7bea342007c6745f7fb90bc59ddd52dc2488d4c761a9",
            "correct horse",
        ),
        (
            "scrypt_werkzeug",
            r"$scrypt:2048:4:2$qJoHxnxFEBKMSwyN$f17474b24b5936c174bdc7fab8a5993b3027d1a9156330d187f927251f77fcff778e3eaf40a7027dca5aef6180f2578ab841622efe8278208e5627cc121f2050",
            "correct horse",
        ),
        (
            "sha256",
            r"4104d36f8da2c254349f85836793ebe029e0c957063a34c91c2e9203187b5631",
            "correct horse",
        ),
        // Symfony's default 5000 iterations, a single one, and the salt "0", which PHP takes as
        // no salt.
        (
            "sha512_symfony",
            r"sha512_symfony$5000$Xq3kP0zVb7$U/ScVmEBC9blnGEqrxwB4UmlSKrIpgTVbsQAqBQau2mGem6/439pYoE5F5VWUsu92+RgavjFt1GBH1GSTHtbWw==",
            "correct horse",
        ),
        (
            "sha512_symfony",
            r"sha512_symfony$1$Xq3kP0zVb7$tWNLTlzo8oBoYlv1FEmZK/bvBUUOJvSSx3UN6eS6ntSugZ4zP2tVAdyoPe/y+tTkdQmCdV438q/XWJoMn4xXwQ==",
            "correct horse",
        ),
        (
            "sha512_symfony",
            r"sha512_symfony$5000$0$3EUoYUcEHt4+j+xEwkHN9+h0Dn7QTmS3MkQNlBs/kQTEC8S9+E4iq11+69pb6XUxJRJZDRmg9wPM5RrvhLtuRg==",
            "correct horse",
        ),
    ];

    /// Werkzeug's default, `scrypt:32768:8:1` (32 MiB, seconds in a debug build).
    #[test]
    fn werkzeugs_default_verifies() {
        let digest = "scrypt:32768:8:1$HYlQYxYdIAzklRBT\
                      $1b3676a052f5d648d992205f5b856db311214e7ebddf3eb0e258e2aab5b0cd4e\
                      a75d89a32b7b06a89b6cae16d44ff8120e1b79b010dfdbc41aa455b0f2342f2c";
        assert!(check("scrypt_werkzeug", digest).is_ok());
        assert!(verify("scrypt_werkzeug", digest, "correct horse"));
    }

    /// The example of Firebase's scrypt (github.com/firebase/scrypt's README, and the
    /// `firebase-scrypt` crate's docs): its project's parameters, a user's salt and hash.
    #[test]
    fn firebases_example_verifies() {
        let digest = "lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==\
                      $42xEC+ixf3L2lw==\
                      $jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==\
                      $Bw==$8$14";
        assert!(check("scrypt_firebase", digest).is_ok());
        // One verification: the wrong password is tried on the cheaper vectors above.
        assert!(verify("scrypt_firebase", digest, "user1password"));
    }

    #[test]
    fn every_vector_verifies_and_only_with_its_password() {
        for (hasher, digest, password) in VECTORS {
            assert!(check(hasher, digest).is_ok(), "{hasher}: {digest} refused");
            assert!(
                verify(hasher, digest, password),
                "{hasher}: {password} not verified"
            );
            assert!(
                !verify(hasher, digest, "not the password"),
                "{hasher}: wrong password verified"
            );
        }
        let covered: Vec<&str> = VECTORS.iter().map(|v| v.0).collect();
        for hasher in names() {
            assert!(covered.contains(&hasher), "no vector for {hasher}");
        }
    }

    #[test]
    fn malformed_digests_are_refused() {
        for hasher in names() {
            assert!(check(hasher, "nope").is_err(), "{hasher} took \"nope\"");
        }
        for (hasher, digest) in [
            ("sha256", "g".repeat(64)),
            ("pbkdf2_sha256", "pbkdf2_sha256$0$c2FsdA==$aGFzaA==".into()),
            (
                "argon2id",
                "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNo".into(),
            ),
            // Too costly to verify.
            (
                "argon2id",
                "$argon2id$v=19$m=4194304,t=1,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNo".into(),
            ),
            (
                "bcrypt",
                "$2b$25$FWHaf5Q/S8s8DLvpmqSxNOmGsSdf/4W9aFrgdoRSs.QDPZwX5xauS".into(),
            ),
            ("pbkdf2_sha256", "pbkdf2_sha256$99999999$c2FsdA==$aGFzaA==".into()),
        ] {
            assert!(check(hasher, &digest).is_err(), "{hasher}: {digest}");
        }
    }

    /// A valid digest of each new hasher with one part replaced, refused with its format.
    #[test]
    fn malformed_scrypt_and_symfony_digests_name_the_format() {
        let key = "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==";
        let hash = "yXRqv2w+DS/db3JvmOVGM3CkL9hcxBHUdNmpf1DU4oG7HSLh8SmNmidx2REmonpKpDJ4MnlbzKcNppqRvm5H+g==";
        let firebase = |hash: &str, salt: &str, key: &str, rounds: &str, cost: &str| {
            format!("{hash}${salt}${key}$Bw==${rounds}${cost}")
        };
        let werkzeug_hash = "1caf4702d0014fe683560250453b77e2651a372293410587f420a122890ac1f198fa6f5043887c1cfd8a7bea342007c6745f7fb90bc59ddd52dc2488d4c761a9";
        let symfony_hash =
            "U/ScVmEBC9blnGEqrxwB4UmlSKrIpgTVbsQAqBQau2mGem6/439pYoE5F5VWUsu92+RgavjFt1GBH1GSTHtbWw==";
        let cases: &[(&str, String)] = &[
            // Five segments; a hash that is not base64; a hash shorter than the signer key.
            ("scrypt_firebase", format!("{hash}$VSI66w6cAiUcYg==${key}$8$14")),
            (
                "scrypt_firebase",
                firebase("not*base64", "VSI66w6cAiUcYg==", key, "8", "14"),
            ),
            (
                "scrypt_firebase",
                firebase("aGFzaA==", "VSI66w6cAiUcYg==", key, "8", "14"),
            ),
            ("scrypt_firebase", firebase(hash, "", key, "8", "14")),
            // Outside Firebase's ranges: too costly, or not scrypt's.
            (
                "scrypt_firebase",
                firebase(hash, "VSI66w6cAiUcYg==", key, "9", "14"),
            ),
            (
                "scrypt_firebase",
                firebase(hash, "VSI66w6cAiUcYg==", key, "8", "15"),
            ),
            (
                "scrypt_firebase",
                firebase(hash, "VSI66w6cAiUcYg==", key, "0", "14"),
            ),
            (
                "scrypt_firebase",
                firebase(hash, "VSI66w6cAiUcYg==", key, "8", "0"),
            ),
            (
                "scrypt_firebase",
                firebase(hash, "VSI66w6cAiUcYg==", key, "eight", "14"),
            ),
            // Not Werkzeug's method, no salt, a hash that is not 64 bytes of hex, extra parts.
            (
                "scrypt_werkzeug",
                format!("pbkdf2:sha256:600000$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:1024:8$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            ("scrypt_werkzeug", format!("scrypt:1024:8:1$${werkzeug_hash}")),
            ("scrypt_werkzeug", "scrypt:1024:8:1$PPcxYHFUr7FMIdHz$abcd".into()),
            (
                "scrypt_werkzeug",
                format!("scrypt:1024:8:1$PPcxYHFUr7FMIdHz${}", "g".repeat(128)),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:1024:8:1$PPcxYHFUr7FMIdHz${werkzeug_hash}$x"),
            ),
            // N not a power of 2 or too small, r or p of 0, and more than 256 MiB of work.
            (
                "scrypt_werkzeug",
                format!("scrypt:1000:8:1$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:1:8:1$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:1024:0:1$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:1024:8:0$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:2097152:8:1$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:32768:8:64$PPcxYHFUr7FMIdHz${werkzeug_hash}"),
            ),
            (
                "scrypt_werkzeug",
                format!("scrypt:{}:8:1$PPcxYHFUr7FMIdHz${werkzeug_hash}", 1u64 << 62),
            ),
            // Another prefix, iterations of 0 or too many, braces in the salt, a short hash.
            ("sha512_symfony", format!("sha512$5000$Xq3kP0zVb7${symfony_hash}")),
            (
                "sha512_symfony",
                format!("sha512_symfony$0$Xq3kP0zVb7${symfony_hash}"),
            ),
            (
                "sha512_symfony",
                format!("sha512_symfony$10000001$Xq3kP0zVb7${symfony_hash}"),
            ),
            (
                "sha512_symfony",
                format!("sha512_symfony$5000$Xq{{3kP0zVb7${symfony_hash}"),
            ),
            ("sha512_symfony", "sha512_symfony$5000$Xq3kP0zVb7$aGFzaA==".into()),
            (
                "sha512_symfony",
                format!("sha512_symfony$5000$Xq3kP0zVb7${symfony_hash}$x"),
            ),
        ];
        for (hasher, digest) in cases {
            let why = check(hasher, digest).expect_err(digest);
            assert!(
                why.starts_with(&format!(
                    "password_digest is not a valid {hasher} digest; expected "
                )),
                "{why}"
            );
            assert!(!verify(hasher, digest, "correct horse"), "{hasher}: {digest}");
        }
        let why = check("scrypt_firebase", "nope").unwrap_err();
        assert!(why.contains("<hash>$<salt>$<signer key>$<salt separator>$<rounds>$<memory cost>"));
        assert!(why.contains("rounds from 1 to 8 and memory cost from 1 to 14"));
        let why = check("scrypt_werkzeug", "nope").unwrap_err();
        assert!(why.contains("scrypt:<N>:<r>:<p>$<salt>$<hash>") && why.contains("at most 256 MiB"));
        let why = check("sha512_symfony", "nope").unwrap_err();
        assert!(why.contains("sha512_symfony$<iterations>$<salt>$<hash>"));
        assert!(why.contains("iterations from 1 to 10000000"));
    }

    #[test]
    fn the_examples_of_clerks_docs_are_accepted() {
        for (hasher, digest) in [
            (
                "argon2i",
                "$argon2i$v=19$m=4096,t=3,p=1$4t6CL3P7YiHBtwESXawI8Hm20zJj4cs7/4/G3c187e0$m7RQFczcKr5bIR0IIxbpO2P0tyrLjf3eUW3M3QSwnLc",
            ),
            (
                "argon2id",
                "$argon2id$v=19$m=64,t=4,p=8$Z2liZXJyaXNo$iGXEpMBTDYQ8G/71tF0qGjxRHEmR3gpGULcE93zUJVU",
            ),
            (
                "sha256",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            ),
            ("md5", "5f4dcc3b5aa765d61d8327deb882cf99"),
        ] {
            assert!(check(hasher, digest).is_ok(), "{hasher}: {digest}");
        }
        assert!(verify(
            "sha256",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "test"
        ));
        assert!(verify("md5", "5f4dcc3b5aa765d61d8327deb882cf99", "password"));
    }
}
