//! Passwords, TOTP and backup codes.

use serde::{Deserialize, Serialize};
use totp_rs::{Algorithm, Secret, TOTP};

use crate::digests;
use crate::error::{ApiError, ApiResult};

/// Low on purpose: the emulator stores test passwords, and every `create` pays this cost.
const BCRYPT_COST: u32 = 4;

/// A stored password: the hasher's name and its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasswordDigest {
    pub hasher: String,
    pub digest: String,
}

/// 422 `form_password_digest_invalid_code`: a digest (or a hashed backup code) whose cost the
/// emulator refuses to pay.
fn too_costly(param: &str, hasher: &str, why: String) -> ApiError {
    ApiError::digest_invalid(
        param,
        hasher,
        &format!("It is refused: {why} (the emulator caps each hasher's cost)."),
    )
}

/// Refuses hashed backup codes above the bcrypt cost cap: each `verify_totp` tries them all.
pub fn check_backup_codes(codes: &[String]) -> ApiResult<()> {
    for code in codes {
        if let Some(cost) = digests::bcrypt_cost(code)
            && cost > digests::MAX_BCRYPT_COST
        {
            let why = format!("bcrypt cost {cost} is above {}", digests::MAX_BCRYPT_COST);
            return Err(too_costly("backup_codes", "bcrypt", why));
        }
    }
    Ok(())
}

/// Hashes a plain password (checked by the caller against the instance's rules).
pub fn hash_password(password: &str) -> ApiResult<PasswordDigest> {
    let digest = bcrypt::hash(password, BCRYPT_COST).map_err(|_| ApiError::unexpected())?;
    Ok(PasswordDigest {
        hasher: "bcrypt".into(),
        digest,
    })
}

/// Checks a `password_digest` + `password_hasher` pair given to `create` / `update`: 422
/// `form_param_value_invalid` for a hasher the emulator cannot verify (Clerk's unknown names
/// included), 422 `form_password_digest_invalid_code` for a digest not in the hasher's format
/// or above the emulator's cost caps.
pub fn imported_digest(digest: &str, hasher: Option<&str>) -> ApiResult<PasswordDigest> {
    let Some(hasher) = hasher else {
        return Err(ApiError::missing("password_hasher"));
    };
    if digests::hasher(hasher).is_none() {
        let supported: Vec<&str> = digests::names().collect();
        let mut error = ApiError::value_not_allowed("password_hasher", hasher, &supported);
        if digests::UNSUPPORTED.contains(&hasher) {
            error.long_message = format!(
                "Clerk takes {hasher} digests, but the emulator cannot verify them. Allowed values: {}",
                supported.join(", ")
            );
        }
        return Err(error);
    }
    if let Some(why) = digests::too_costly(hasher, digest) {
        return Err(too_costly("password_digest", hasher, why));
    }
    digests::check(hasher, digest)
        .map_err(|why| ApiError::digest_invalid("password_digest", hasher, &why))?;
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
        None => Err(ApiError::invalid_totp_secret()),
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
        let stored = hash_password("correct horse").unwrap();
        assert!(verify_password(&stored, "correct horse"));
        assert!(!verify_password(&stored, "wrong horse"));
        assert!(imported_digest(&stored.digest, Some("bcrypt")).is_ok());
        assert_eq!(
            imported_digest("x", Some("bcrypt")).unwrap_err().code,
            "form_password_digest_invalid_code"
        );
        assert_eq!(imported_digest("x", None).unwrap_err().code, "form_param_missing");
        assert_eq!(
            imported_digest("x", Some("awscognito")).unwrap_err().code,
            "form_param_value_invalid"
        );
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
