//! The instance's settings, as a Clerk dashboard sets them: which identifiers a user must, may
//! or cannot have, the password rules and the username's length. `create` and `update` enforce
//! them with Clerk's codes.

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};

/// Whether an identifier is required, optional or switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Requirement {
    Required,
    Optional,
    Off,
}

/// `identifiers`: one [`Requirement`] per identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Identifiers {
    pub email_address: Requirement,
    pub phone_number: Requirement,
    pub username: Requirement,
    pub web3_wallet: Requirement,
}

impl Identifiers {
    /// The identifiers with their names, in Clerk's order.
    pub fn named(&self) -> [(&'static str, Requirement); 4] {
        [
            ("email_address", self.email_address),
            ("phone_number", self.phone_number),
            ("username", self.username),
            ("web3_wallet", self.web3_wallet),
        ]
    }
}

/// `password`: whether a new user needs one, its minimum length, and whether passwords found in
/// data breaches are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordRules {
    pub required: bool,
    pub min_length: usize,
    pub reject_breached: bool,
}

/// `username`: its length limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsernameRules {
    pub min_length: usize,
    pub max_length: usize,
}

/// The instance's settings (`"instance"` in data documents, `/emulator/v1/instance`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InstanceSettings {
    pub identifiers: Identifiers,
    pub password: PasswordRules,
    pub username: UsernameRules,
}

/// bcrypt reads 72 bytes at most: Clerk refuses longer passwords, whatever the settings.
pub const MAX_PASSWORD_BYTES: usize = 72;

impl Default for InstanceSettings {
    /// Permissive: every identifier optional, no password required (what the emulator always
    /// did), with Clerk's default password and username rules.
    fn default() -> Self {
        Self {
            identifiers: Identifiers {
                email_address: Requirement::Optional,
                phone_number: Requirement::Optional,
                username: Requirement::Optional,
                web3_wallet: Requirement::Optional,
            },
            password: PasswordRules {
                required: false,
                min_length: 8,
                reject_breached: true,
            },
            username: UsernameRules {
                min_length: 4,
                max_length: 64,
            },
        }
    }
}

/// The presets `{"preset": ...}` starts from.
pub const PRESETS: [&str; 2] = ["permissive", "new_application"];

impl InstanceSettings {
    /// A new Clerk application's defaults: sign-up with an email address and a password; phone
    /// numbers, usernames and web3 wallets off until switched on in the dashboard.
    pub fn new_application() -> Self {
        Self {
            identifiers: Identifiers {
                email_address: Requirement::Required,
                phone_number: Requirement::Off,
                username: Requirement::Off,
                web3_wallet: Requirement::Off,
            },
            password: PasswordRules {
                required: true,
                ..Self::default().password
            },
            ..Self::default()
        }
    }

    /// A preset by name.
    pub fn preset(name: &str) -> ApiResult<Self> {
        match name {
            "permissive" => Ok(Self::default()),
            "new_application" => Ok(Self::new_application()),
            other => Err(ApiError::value_not_allowed("preset", other, &PRESETS)),
        }
    }

    /// Reads a settings document: keys left out keep the values of `preset` (`permissive`
    /// unless given), unknown keys and values are refused (422, naming them).
    pub fn from_document(document: &Value) -> ApiResult<Self> {
        let Value::Object(fields) = document else {
            return Err(ApiError::request_body_invalid());
        };
        let base = match fields.get("preset") {
            None => Self::default(),
            Some(Value::String(name)) => Self::preset(name)?,
            Some(_) => return Err(ApiError::type_invalid("preset", "string")),
        };
        let mut merged = serde_json::to_value(base).unwrap_or_default();
        for (key, value) in fields {
            if key == "preset" {
                continue;
            }
            let Some(Value::Object(section)) = merged.get_mut(key) else {
                return Err(ApiError::unknown(key));
            };
            let Value::Object(given) = value else {
                return Err(ApiError::type_invalid(key, "object"));
            };
            for (name, v) in given {
                if !section.contains_key(name) {
                    return Err(ApiError::unknown(&format!("{key}.{name}")));
                }
                section.insert(name.clone(), v.clone());
            }
        }
        let settings: Sections = serde_path_to_error::deserialize(merged).map_err(|e| {
            let path = e.path().to_string();
            ApiError::invalid(&path, format!("{path}: {}", e.into_inner()))
        })?;
        let settings = Self {
            identifiers: settings.identifiers,
            password: settings.password,
            username: settings.username,
        };
        settings.validate()?;
        Ok(settings)
    }

    fn validate(&self) -> ApiResult<()> {
        let username = self.username;
        if username.min_length == 0 || username.min_length > username.max_length {
            return Err(ApiError::invalid(
                "username.min_length",
                "username.min_length must be at least 1 and at most username.max_length.",
            ));
        }
        if !(1..=MAX_PASSWORD_BYTES).contains(&self.password.min_length) {
            return Err(ApiError::invalid(
                "password.min_length",
                format!("password.min_length must be between 1 and {MAX_PASSWORD_BYTES}."),
            ));
        }
        Ok(())
    }

    /// Checks a username given to `create` or `update`: Clerk's length, then characters.
    pub fn check_username(&self, username: &str) -> ApiResult<()> {
        let UsernameRules {
            min_length,
            max_length,
        } = self.username;
        if !(min_length..=max_length).contains(&username.chars().count()) {
            return Err(ApiError::username_length(min_length, max_length));
        }
        if !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(ApiError::username_characters());
        }
        Ok(())
    }

    /// Checks a plain password given to `create` or `update`; `skip_checks` is the request's
    /// `skip_password_checks` (the length in bytes is checked all the same).
    pub fn check_password(&self, password: &str, skip_checks: bool) -> ApiResult<()> {
        let chars = password.chars().count();
        if chars > MAX_PASSWORD_BYTES {
            return Err(ApiError::password_too_long(MAX_PASSWORD_BYTES));
        }
        if password.len() > MAX_PASSWORD_BYTES {
            return Err(ApiError::password_bytes_exceeded());
        }
        if skip_checks {
            return Ok(());
        }
        if chars < self.password.min_length {
            return Err(ApiError::password_too_short(self.password.min_length));
        }
        if self.password.reject_breached && is_breached(password) {
            return Err(ApiError::password_pwned());
        }
        Ok(())
    }
}

/// The document's sections, all present once merged over a preset.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sections {
    identifiers: Identifiers,
    password: PasswordRules,
    username: UsernameRules,
}

impl<'de> Deserialize<'de> for InstanceSettings {
    /// As [`InstanceSettings::from_document`] reads it (keys left out keep their defaults).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let document = Value::deserialize(deserializer)?;
        Self::from_document(&document).map_err(|e| serde::de::Error::custom(e.long_message.clone()))
    }
}

/// The 30,000 most common passwords of zxcvbn's frequency lists (the `passwords` list of the
/// `zxcvbn` crate 3.1.1, from Dropbox's zxcvbn: passwords leaked in data breaches, by
/// frequency), all lowercase. See `data/README.md`.
static COMMON_PASSWORDS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| include_str!("../data/common-passwords.txt").lines().collect());

/// Whether `password` (in any case) is one of the 30,000 common passwords of zxcvbn's list
/// (`data/common-passwords.txt`), which the emulator refuses as breached.
pub fn is_breached(password: &str) -> bool {
    COMMON_PASSWORDS.contains(password.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_breached_list_is_zxcvbns() {
        assert_eq!(COMMON_PASSWORDS.len(), 30_000);
        for common in ["password123", "Password123", "123456", "iloveyou", "qwerty123"] {
            assert!(is_breached(common), "{common}");
        }
        for fresh in ["Secure*Pass4", "correct-horse-battery", "pw-for-ada-123"] {
            assert!(!is_breached(fresh), "{fresh}");
        }
    }

    #[test]
    fn documents_merge_over_a_preset() {
        let settings = InstanceSettings::from_document(&json!({
            "identifiers": {"phone_number": "required"},
            "password": {"reject_breached": false},
        }))
        .unwrap();
        assert_eq!(settings.identifiers.phone_number, Requirement::Required);
        assert_eq!(settings.identifiers.email_address, Requirement::Optional);
        assert!(!settings.password.reject_breached);
        assert_eq!(settings.password.min_length, 8);

        let new_app = InstanceSettings::from_document(&json!({"preset": "new_application"})).unwrap();
        assert_eq!(new_app, InstanceSettings::new_application());
        let round_trip = InstanceSettings::from_document(&serde_json::to_value(new_app).unwrap()).unwrap();
        assert_eq!(round_trip, new_app);

        for (bad, param) in [
            (json!({"identifiers": {"email": "required"}}), "identifiers.email"),
            (
                json!({"identifiers": {"username": "sometimes"}}),
                "identifiers.username",
            ),
            (json!({"passwords": {}}), "passwords"),
            (
                json!({"username": {"min_length": 10, "max_length": 5}}),
                "username.min_length",
            ),
            (json!({"password": {"min_length": 0}}), "password.min_length"),
            (json!({"preset": "strict"}), "preset"),
        ] {
            let err = InstanceSettings::from_document(&bad).unwrap_err();
            assert_eq!(err.status.as_u16(), 422, "{bad}");
            assert_eq!(err.meta.as_ref().unwrap()["param_name"], param, "{bad}");
        }
    }
}
