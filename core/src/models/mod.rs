//! Response models. Tolerant by design: unknown fields are kept in `extra`, unknown enum values
//! are kept as strings, and a `null` or missing field never fails a decode.

mod billing;
mod lenient;
pub mod literal;
mod organization;
pub mod shape;
mod user;

pub use billing::*;
pub use lenient::Lenient;
pub(crate) use lenient::decode;
pub use organization::*;
pub use user::*;

/// Free-form JSON object: `public_metadata`, `private_metadata`, `unsafe_metadata`, error `meta`.
pub type Metadata = serde_json::Map<String, serde_json::Value>;

/// The keys whose values are user data ([`Metadata`]): a binding that renames keys (Node's
/// camelCase) never renames those inside them, whichever object they appear in. A test checks
/// the list against the models' fields.
pub const USER_DATA_KEYS: [&str; 4] = ["public_metadata", "private_metadata", "unsafe_metadata", "meta"];

/// Whether the value under `key` (a wire name) is user data, whose keys are never renamed.
pub fn is_user_data(key: &str) -> bool {
    USER_DATA_KEYS.contains(&key)
}

model! {
    /// One entry of the `errors` array of a Clerk error response.
    pub struct ClerkError {
        req message: String,
        req long_message: String,
        /// Machine-readable code such as `resource_not_found` or `form_identifier_exists`.
        req code: String,
        opt meta: Option<Metadata>,
    }
}

model! {
    /// The body of a Clerk error response.
    pub struct ClerkErrorsBody as "ClerkErrorsData" {
        req errors: Vec<ClerkError>,
        opt meta: Option<Metadata>,
        /// The request's trace ID; give it to Clerk's support.
        opt clerk_trace_id: Option<String>,
    }
}

model! {
    /// Returned by `count`.
    pub struct TotalCount {
        req object: String,
        req total_count: i64,
    }
}

model! {
    /// Returned by `delete` and the `delete_*` operations that remove an object.
    pub struct DeletedObject {
        req object: String,
        opt id: Option<String>,
        opt slug: Option<String>,
        req deleted: bool,
        opt external_id: Option<String>,
    }
}

model! {
    /// Returned by `disable_mfa`, `delete_backup_codes` and `delete_totp`.
    pub struct UserIdResponse as "DeleteBackupCodeResponseBody" {
        req user_id: String,
    }
}

model! {
    /// Returned by `verify_password`.
    pub struct VerifyPasswordResponse as "VerifyPasswordResponseBody" {
        req verified: bool,
    }
}

open_enum! {
    /// Which kind of code `verify_totp` accepted.
    pub enum TotpCodeType {
        Totp = "totp",
        BackupCode = "backup_code",
    }
}

model! {
    /// Returned by `verify_totp`.
    pub struct VerifyTotpResponse as "VerifyTOTPResponseBody" {
        req verified: bool,
        opt code_type: Option<TotpCodeType>,
    }
}

model! {
    /// One OAuth access token; `get_o_auth_access_token` returns a list of them.
    pub struct OAuthAccessToken {
        req object: String,
        req external_account_id: String,
        req provider_user_id: String,
        req token: String,
        nul expires_at: Option<i64>,
        req provider: String,
        req public_metadata: Metadata,
        nul label: Option<String>,
        opt scopes: Option<Vec<String>>,
        opt id_token: Option<String>,
        opt token_secret: Option<String>,
    }
}

model! {
    /// `get_o_auth_access_token` with `paginated: true`: a page of tokens.
    pub struct OAuthAccessTokenPage {
        req data: Vec<OAuthAccessToken>,
        req total_count: i64,
    }
}

/// What `get_o_auth_access_token` returns: Clerk answers with a list of tokens, or with a page
/// (`data`, `total_count`) when asked with `paginated: true`. Decoded by the body's shape.
#[derive(Debug, Clone, PartialEq)]
pub enum OAuthAccessTokens {
    List(Vec<OAuthAccessToken>),
    Page(OAuthAccessTokenPage),
}

impl Default for OAuthAccessTokens {
    fn default() -> Self {
        Self::List(Vec::new())
    }
}

impl OAuthAccessTokens {
    /// The tokens, whichever form they came in.
    pub fn tokens(&self) -> &[OAuthAccessToken] {
        match self {
            Self::List(tokens) => tokens,
            Self::Page(page) => &page.data,
        }
    }

    pub fn into_tokens(self) -> Vec<OAuthAccessToken> {
        match self {
            Self::List(tokens) => tokens,
            Self::Page(page) => page.data,
        }
    }
}

impl<'de> serde::Deserialize<'de> for OAuthAccessTokens {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = OAuthAccessTokens;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of OAuth access tokens or a page of them")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                serde::Deserialize::deserialize(SeqAccessDeserializer::new(seq)).map(OAuthAccessTokens::List)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                serde::Deserialize::deserialize(MapAccessDeserializer::new(map)).map(OAuthAccessTokens::Page)
            }
        }
        deserializer.deserialize_any(Either)
    }
}

impl serde::Serialize for OAuthAccessTokens {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::List(tokens) => tokens.serialize(serializer),
            Self::Page(page) => page.serialize(serializer),
        }
    }
}

impl Lenient for OAuthAccessTokens {
    fn lenient(value: serde_json::Value) -> Option<Self> {
        match value {
            serde_json::Value::Array(_) => Lenient::lenient(value).map(Self::List),
            value => Lenient::lenient(value).map(Self::Page),
        }
    }
}

impl shape::Shaped for OAuthAccessTokens {
    const SHAPE: &'static shape::Shape = &shape::Shape::Either {
        array: <Vec<OAuthAccessToken> as shape::Shaped>::SHAPE,
        object: <OAuthAccessTokenPage as shape::Shaped>::SHAPE,
    };
}

#[cfg(test)]
mod tests {
    use super::shape::{Shape, models};

    /// The user-data keys are the fields that hold free-form JSON objects, in any model.
    #[test]
    fn user_data_keys_are_the_free_form_fields() {
        let mut found: Vec<&str> = models()
            .iter()
            .flat_map(|model| model.fields)
            .filter(|field| matches!(field.shape, Shape::Object | Shape::Nullable(Shape::Object)))
            .map(|field| field.name)
            .collect();
        found.sort();
        found.dedup();
        let mut listed = super::USER_DATA_KEYS.to_vec();
        listed.sort();
        assert_eq!(found, listed);
    }
}
