//! Response models. Tolerant by design: unknown fields are kept in `extra`, unknown enum values
//! are kept as strings, and a `null` or missing field never fails a decode.

mod billing;
mod lenient;
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
