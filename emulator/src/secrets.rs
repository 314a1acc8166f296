//! Passwords, TOTP and backup codes.

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::digests;
use crate::error::{ApiError, ApiResult};

/// Low on purpose: the emulator stores test passwords, and every `create` pays this cost.
const BCRYPT_COST: u32 = 4;
/// bcrypt looks at 72 bytes at most; Clerk refuses longer passwords.
const MAX_PASSWORD_BYTES: usize = 72;
const MIN_PASSWORD_CHARS: usize = 8;

/// A stored password: the hasher's name and its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordDigest {
    pub hasher: String,
    pub digest: String,
}

/// 422 `form_password_digest_invalid_code`: a digest (or a hashed backup code) whose cost the
/// emulator refuses to pay.
fn too_costly(param: &str, why: String) -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "form_password_digest_invalid_code",
        "is invalid",
        format!("{param} is refused: {why} (the emulator caps each hasher's cost)."),
    )
    .param(param)
}

/// Refuses hashed backup codes above the bcrypt cost cap: each `verify_totp` tries them all.
pub fn check_backup_codes(codes: &[String]) -> ApiResult<()> {
    for code in codes {
        if let Some(cost) = digests::bcrypt_cost(code)
            && cost > digests::MAX_BCRYPT_COST
        {
            let why = format!("bcrypt cost {cost} is above {}", digests::MAX_BCRYPT_COST);
            return Err(too_costly("backup_codes", why));
        }
    }
    Ok(())
}

/// Checks and hashes a plain password given to `create` / `update`.
pub fn hash_password(password: &str, skip_checks: bool) -> ApiResult<PasswordDigest> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_length_too_long",
            "Passwords must be 72 characters or fewer.",
            "Passwords must be 72 characters or fewer.",
        )
        .param("password"));
    }
    if !skip_checks && password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "form_password_length_too_short",
            "Passwords must be 8 characters or more.",
            "Passwords must be 8 characters or more.",
        )
        .param("password"));
    }
    let digest = bcrypt::hash(password, BCRYPT_COST).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_clerk_error",
            "Oops, an unexpected error occurred",
            format!("hashing failed: {e}"),
        )
    })?;
    Ok(PasswordDigest {
        hasher: "bcrypt".into(),
        digest,
    })
}

/// Checks a `password_digest` + `password_hasher` pair given to `create` / `update`: 422
/// `form_param_value_invalid` for a hasher the emulator cannot verify (Clerk's unknown names
/// included), 422 `form_param_format_invalid` for a digest not in the hasher's format.
pub fn imported_digest(digest: &str, hasher: Option<&str>) -> ApiResult<PasswordDigest> {
    let Some(hasher) = hasher else {
        return Err(ApiError::missing("password_hasher"));
    };
    if !digests::VERIFIABLE.contains(&hasher) {
        let why = if digests::UNSUPPORTED.contains(&hasher) {
            format!("The emulator cannot verify {hasher} digests")
        } else {
            format!("{hasher:?} is not a supported password hasher")
        };
        return Err(ApiError::invalid(
            "password_hasher",
            format!("{why}; supported: {}.", digests::VERIFIABLE.join(", ")),
        ));
    }
    if let Some(why) = digests::too_costly(hasher, digest) {
        return Err(too_costly("password_digest", why));
    }
    digests::check(hasher, digest).map_err(|why| ApiError::format_invalid("password_digest", why))?;
    Ok(PasswordDigest {
        hasher: hasher.to_owned(),
        digest: digest.to_owned(),
    })
}

/// Whether `password` matches the stored digest. Slow on purpose (bcrypt, argon2, PBKDF2): call
/// it off the runtime.
pub fn verify_password(stored: &PasswordDigest, password: &str) -> bool {
    digests::verify(&stored.hasher, &stored.digest, password)
}

fn totp(secret: &str) -> Option<TOTP> {
    let cleaned: String = secret
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .collect::<String>()
        .to_uppercase();
    let bytes = Secret::Encoded(cleaned).to_bytes().ok()?;
    if bytes.is_empty() {
        return None;
    }
    // Unchecked: Clerk accepts secrets shorter than the 128 bits `TOTP::new` insists on.
    Some(TOTP::new_unchecked(Algorithm::SHA1, 6, 1, 30, bytes))
}

/// Checks a `totp_secret` given to `create` / `update` (base32).
pub fn check_totp_secret(secret: &str) -> ApiResult<()> {
    match totp(secret) {
        Some(_) => Ok(()),
        None => Err(ApiError::format_invalid(
            "totp_secret",
            "totp_secret must be a base32-encoded secret.",
        )),
    }
}

/// The 30-second step at which `code` is valid (RFC 6238, SHA1, 6 digits, ±1 step), if any.
pub fn totp_step(secret: &str, code: &str, now_secs: u64) -> Option<u64> {
    let totp = totp(secret)?;
    let current = now_secs / 30;
    [current, current.saturating_sub(1), current + 1]
        .into_iter()
        .find(|step| totp.generate(step * 30) == code)
}

/// Whether a stored backup code (plain or bcrypt digest) matches `code`.
pub fn backup_code_matches(stored: &str, code: &str) -> bool {
    if let Some(cost) = digests::bcrypt_cost(stored) {
        cost <= digests::MAX_BCRYPT_COST && bcrypt::verify(code, stored).unwrap_or(false)
    } else {
        stored == code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords() {
        let stored = hash_password("correct horse", false).unwrap();
        assert!(verify_password(&stored, "correct horse"));
        assert!(!verify_password(&stored, "wrong horse"));
        assert_eq!(
            hash_password("short", false).unwrap_err().code,
            "form_password_length_too_short"
        );
        assert!(hash_password("short", true).is_ok());
        assert!(imported_digest(&stored.digest, Some("bcrypt")).is_ok());
        assert_eq!(
            imported_digest("x", Some("bcrypt")).unwrap_err().code,
            "form_param_format_invalid"
        );
        assert_eq!(imported_digest("x", None).unwrap_err().code, "form_param_missing");
    }

    #[test]
    fn totp_codes() {
        // RFC 6238 test secret "12345678901234567890", SHA1, at T = 59 s: 94287082 (8 digits) -> 287082.
        let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
        assert_eq!(totp_step(secret, "287082", 59), Some(1));
        assert_eq!(totp_step(secret, "287082", 89), Some(1));
        assert_eq!(totp_step(secret, "000000", 59), None);
        assert!(check_totp_secret("not base32 !").is_err());
    }
}
