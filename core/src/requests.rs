//! Request structs: one per operation, with every parameter of the reference docs.
//!
//! They derive `Deserialize` with `deny_unknown_fields`, so the bindings (and the wire vectors)
//! turn a dict or object into a request with a clear error for a misspelt or mistyped key.
//! Field names are the wire names; the order of the operation's description is the order sent.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::models::{
    BillingSubscription, CreditBalance, CreditLedgerEntry, DeletedObject, Lenient, Metadata,
    OAuthAccessTokens, OrganizationInvitationStatus, OrganizationInvitations, OrganizationMemberships,
    TotalCount, User, UserIdResponse, VerifyPasswordResponse, VerifyTotpResponse,
};
use crate::nullable::Nullable;
use crate::ops::{self, OperationSpec};
use crate::params::{EnumShape, ParamKind};

/// A request for one of the operations: its description, its result type, and the checks
/// that run before any I/O.
pub trait Operation: Serialize + Send + Sync {
    type Output: DeserializeOwned + Lenient + crate::models::shape::Shaped + Send + 'static;
    const SPEC: &'static OperationSpec;

    /// Checks that need more than the types (ranges, sizes). Path parameters are checked for
    /// emptiness by the request builder.
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }

    /// The file of a multipart operation.
    fn file(&self) -> Option<&File> {
        None
    }

    /// Gives a multipart operation its file, for bindings that read the file apart from the
    /// other parameters; other operations have none and drop it.
    fn set_file(&mut self, _file: Option<File>) {}
}

/// Calls `$callback!` with every operation as `python_name: RequestType`, so that code that
/// dispatches on an operation's name (the bindings, the tests) does not list them again.
#[doc(hidden)]
#[macro_export]
macro_rules! for_each_operation {
    ($callback:ident) => {
        $callback! {
            list: $crate::requests::ListUsersRequest,
            create: $crate::requests::CreateUserRequest,
            count: $crate::requests::CountUsersRequest,
            get: $crate::requests::GetUserRequest,
            update: $crate::requests::UpdateUserRequest,
            delete: $crate::requests::DeleteUserRequest,
            ban: $crate::requests::BanUserRequest,
            unban: $crate::requests::UnbanUserRequest,
            bulk_ban: $crate::requests::BulkBanRequest,
            bulk_unban: $crate::requests::BulkUnbanRequest,
            lock: $crate::requests::LockUserRequest,
            unlock: $crate::requests::UnlockUserRequest,
            set_profile_image: $crate::requests::SetProfileImageRequest,
            delete_profile_image: $crate::requests::DeleteProfileImageRequest,
            update_metadata: $crate::requests::UpdateMetadataRequest,
            get_billing_subscription: $crate::requests::GetBillingSubscriptionRequest,
            get_billing_credit_balance: $crate::requests::GetBillingCreditBalanceRequest,
            adjust_billing_credit_balance: $crate::requests::AdjustBillingCreditBalanceRequest,
            get_o_auth_access_token: $crate::requests::GetOAuthAccessTokenRequest,
            get_organization_memberships: $crate::requests::GetOrganizationMembershipsRequest,
            get_organization_invitations: $crate::requests::GetOrganizationInvitationsRequest,
            verify_password: $crate::requests::VerifyPasswordRequest,
            verify_totp: $crate::requests::VerifyTotpRequest,
            disable_mfa: $crate::requests::DisableMfaRequest,
            delete_backup_codes: $crate::requests::DeleteBackupCodesRequest,
            delete_passkey: $crate::requests::DeletePasskeyRequest,
            delete_web3_wallet: $crate::requests::DeleteWeb3WalletRequest,
            delete_totp: $crate::requests::DeleteTotpRequest,
            delete_external_account: $crate::requests::DeleteExternalAccountRequest,
            set_password_compromised: $crate::requests::SetPasswordCompromisedRequest,
            unset_password_compromised: $crate::requests::UnsetPasswordCompromisedRequest,
            get_instance_organization_memberships: $crate::requests::GetInstanceOrganizationMembershipsRequest,
        }
    };
}

/// A file to upload (`set_profile_image`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct File {
    pub file_name: String,
    #[serde(with = "serde_bytes")]
    pub content: Vec<u8>,
    /// Guessed from `file_name` when not given, else `application/octet-stream`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

impl File {
    pub fn new(file_name: impl Into<String>, content: impl Into<Vec<u8>>) -> Self {
        Self {
            file_name: file_name.into(),
            content: content.into(),
            content_type: None,
        }
    }

    /// The content type sent with the part.
    pub fn mime_type(&self) -> String {
        match &self.content_type {
            Some(given) => given.clone(),
            None => mime_guess::from_path(&self.file_name)
                .first_raw()
                .unwrap_or("application/octet-stream")
                .to_owned(),
        }
    }
}

fn check_page(limit: Option<u32>) -> Result<(), Error> {
    match limit {
        Some(limit) if !(1..=500).contains(&limit) => Err(Error::invalid(
            "limit",
            format!("must be between 1 and 500, got {limit}"),
        )),
        _ => Ok(()),
    }
}

fn check_user_ids(user_ids: &[String]) -> Result<(), Error> {
    if user_ids.is_empty() || user_ids.len() > 50 {
        return Err(Error::invalid(
            "user_ids",
            format!("must hold 1 to 50 user IDs, got {}", user_ids.len()),
        ));
    }
    if user_ids.iter().any(|id| id.is_empty()) {
        return Err(Error::invalid("user_ids", "must not contain an empty user ID"));
    }
    Ok(())
}

/// `null` for an optional list means "not given", as in the reference SDK (`Optional[List[str]]`).
fn null_as_empty<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<String>>::deserialize(deserializer)?.unwrap_or_default())
}

/// How `list` can be ordered: a field with `+` (ascending) or `-` (descending); others are sent
/// as given.
const USER_ORDER_BY: &EnumShape = &EnumShape {
    name: "UserOrderBy",
    doc: "How `list` can be ordered: a field with `+` (ascending) or `-` (descending).",
    values: &[
        "+created_at",
        "-created_at",
        "+updated_at",
        "-updated_at",
        "+email_address",
        "-email_address",
        "+web3wallet",
        "-web3wallet",
        "+first_name",
        "-first_name",
        "+last_name",
        "-last_name",
        "+phone_number",
        "-phone_number",
        "+username",
        "-username",
        "+last_active_at",
        "-last_active_at",
        "+last_sign_in_at",
        "-last_sign_in_at",
    ],
};

/// How `get_instance_organization_memberships` can be ordered.
const MEMBERSHIP_ORDER_BY: &EnumShape = &EnumShape {
    name: "MembershipOrderBy",
    doc: "How `get_instance_organization_memberships` can be ordered.",
    values: &[
        "+phone_number",
        "-phone_number",
        "+email_address",
        "-email_address",
        "+created_at",
        "-created_at",
        "+first_name",
        "-first_name",
        "+last_name",
        "-last_name",
        "+username",
        "-username",
    ],
};

fn default_limit() -> Option<u32> {
    Some(10)
}

fn default_offset() -> Option<u32> {
    Some(0)
}

fn default_order_by() -> Option<String> {
    Some("-created_at".to_owned())
}

/// Declares the filters shared by `list` and `count`, so both stay in step.
macro_rules! user_filter_request {
    (
        $(#[$meta:meta])*
        pub struct $name:ident { $($extra:tt)* }
    ) => {
        request! {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub email_address: Vec<String>,
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub phone_number: Vec<String>,
            /// Prefix with `+` or `-` to include or exclude.
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub external_id: Vec<String>,
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub username: Vec<String>,
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub web3_wallet: Vec<String>,
            /// Prefix with `+` or `-` to include or exclude.
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub user_id: Vec<String>,
            /// Prefix with `+` or `-` to include or exclude.
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub organization_id: Vec<String>,
            /// Partial match over identifiers, user IDs and names.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub query: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub email_address_query: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub phone_number_query: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub username_query: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name_query: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub banned: Option<bool>,
            /// Unix milliseconds.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub last_active_at_before: Option<i64>,
            /// Unix milliseconds.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub last_active_at_after: Option<i64>,
            /// Deprecated by Clerk: use `last_active_at_after`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub last_active_at_since: Option<i64>,
            /// Unix milliseconds.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub created_at_before: Option<i64>,
            /// Unix milliseconds.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub created_at_after: Option<i64>,
            /// Unix milliseconds.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub last_sign_in_at_before: Option<i64>,
            /// Unix milliseconds.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub last_sign_in_at_after: Option<i64>,
            /// Must be given together with `provider_user_id`.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub provider: Option<String>,
            #[serde(default, deserialize_with = "null_as_empty", skip_serializing_if = "Vec::is_empty")]
            pub provider_user_id: Vec<String>,
            $($extra)*
        }
        }
    };
}

user_filter_request! {
    /// `list`: filters, page and order. Sends `limit=10`, `offset=0` and
    /// `order_by=-created_at` unless given (set `None` to leave one out).
    pub struct ListUsersRequest {
        #[serde(default = "default_limit", skip_serializing_if = "Option::is_none")]
        pub limit: Option<u32>,
        #[serde(default = "default_offset", skip_serializing_if = "Option::is_none")]
        pub offset: Option<u32>,
        /// Cursor: the `id` of the last user of the previous page (only with `created_at` ordering).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub starting_after: Option<String>,
        /// `created_at`, `updated_at`, `email_address`, `web3wallet`, `first_name`, `last_name`,
        /// `phone_number`, `username`, `last_active_at`, `last_sign_in_at`, with `+` or `-`.
        #[serde(default = "default_order_by", skip_serializing_if = "Option::is_none")]
        pub order_by: Option<String> as ParamKind::Suggested(USER_ORDER_BY),
    }
}

impl Default for ListUsersRequest {
    fn default() -> Self {
        serde_json::from_str("{}").expect("every field of ListUsersRequest has a default")
    }
}

impl Operation for ListUsersRequest {
    type Output = Vec<User>;
    const SPEC: &'static OperationSpec = &ops::LIST;
    fn validate(&self) -> Result<(), Error> {
        check_page(self.limit)
    }
}

user_filter_request! {
    /// `count`: the same filters as `list`.
    #[derive(Default)]
    pub struct CountUsersRequest {}
}

impl Operation for CountUsersRequest {
    type Output = TotalCount;
    const SPEC: &'static OperationSpec = &ops::COUNT;
}

request! {
    /// `create`. Every field is optional; what is not given is left out of the body.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct CreateUserRequest {
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub external_id: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub first_name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub last_name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub locale: Nullable<String>,
        /// The first one becomes the primary email address.
        #[serde(
            default,
            deserialize_with = "null_as_empty",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub email_address: Vec<String>,
        /// `verified` (the default) or `reserved`, one per email address.
        #[serde(
            default,
            deserialize_with = "null_as_empty",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub email_address_identification_status: Vec<String>,
        /// The first one becomes the primary phone number.
        #[serde(
            default,
            deserialize_with = "null_as_empty",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub phone_number: Vec<String>,
        /// `verified` (the default) or `reserved`, one per phone number.
        #[serde(
            default,
            deserialize_with = "null_as_empty",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub phone_number_identification_status: Vec<String>,
        #[serde(
            default,
            deserialize_with = "null_as_empty",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub web3_wallet: Vec<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub username: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub password: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub password_digest: Nullable<String>,
        /// `bcrypt`, `argon2id`, `pbkdf2_sha256`, ... (see Clerk's docs).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub password_hasher: Option<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub skip_password_checks: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub skip_password_requirement: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub totp_secret: Nullable<String>,
        #[serde(
            default,
            deserialize_with = "null_as_empty",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub backup_codes: Vec<String>,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub public_metadata: Option<Metadata>,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub private_metadata: Option<Metadata>,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub unsafe_metadata: Option<Metadata>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub delete_self_enabled: Nullable<bool>,
        /// RFC 3339.
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub legal_accepted_at: Nullable<String> as ParamKind::DateTime,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub skip_legal_checks: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub skip_user_requirement: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub create_organization_enabled: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub create_organizations_limit: Nullable<i64>,
        /// RFC 3339.
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub created_at: Nullable<String> as ParamKind::DateTime,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub bypass_client_trust: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub banned: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub locked: Nullable<bool>,
    }
}

impl Operation for CreateUserRequest {
    type Output = User;
    const SPEC: &'static OperationSpec = &ops::CREATE;
}

request! {
    /// `update`: a partial update; `Nullable::Null` clears a field.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct UpdateUserRequest {
        pub user_id: String,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub external_id: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub first_name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub last_name: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub locale: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub primary_email_address_id: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub notify_primary_email_address_changed: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub primary_phone_number_id: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub primary_web3_wallet_id: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub username: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub profile_image_id: Nullable<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub password: Nullable<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub password_digest: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub password_hasher: Option<String>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub skip_password_checks: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub sign_out_of_other_sessions: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub totp_secret: Nullable<String>,
        #[serde(
            default,
            deserialize_with = "null_as_empty",
            skip_serializing_if = "Vec::is_empty"
        )]
        pub backup_codes: Vec<String>,
        /// Replaces the whole object (use `update_metadata` to merge).
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub public_metadata: Option<Metadata>,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub private_metadata: Option<Metadata>,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub unsafe_metadata: Option<Metadata>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub delete_self_enabled: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub create_organization_enabled: Nullable<bool>,
        /// RFC 3339.
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub legal_accepted_at: Nullable<String> as ParamKind::DateTime,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub skip_legal_checks: Nullable<bool>,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub create_organizations_limit: Nullable<i64>,
        /// RFC 3339.
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub created_at: Nullable<String> as ParamKind::DateTime,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub bypass_client_trust: Nullable<bool>,
    }
}

impl UpdateUserRequest {
    pub fn new(user_id: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            ..Self::default()
        }
    }
}

impl Operation for UpdateUserRequest {
    type Output = User;
    const SPEC: &'static OperationSpec = &ops::UPDATE;
}

/// Operations whose parameters are all required strings.
macro_rules! string_requests {
    ($( $(#[$meta:meta])* $name:ident { $($field:ident),+ } => $spec:ident, $output:ty; )*) => {
        $(
            request! {
                $(#[$meta])*
                #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
                #[serde(deny_unknown_fields)]
                pub struct $name {
                    $( pub $field: String, )+
                }
            }

            impl Operation for $name {
                type Output = $output;
                const SPEC: &'static OperationSpec = &ops::$spec;
            }
        )*
    };
}

/// `new(user_id)` and `From<&str>` for requests whose other parameters are optional.
macro_rules! from_user_id {
    ($($name:ident { $($rest:ident: $value:expr),* }),* $(,)?) => {
        $(
            impl $name {
                pub fn new(user_id: impl Into<String>) -> Self {
                    Self { user_id: user_id.into(), $($rest: $value),* }
                }
            }

            impl From<&str> for $name {
                fn from(user_id: &str) -> Self {
                    Self::new(user_id)
                }
            }

            impl From<String> for $name {
                fn from(user_id: String) -> Self {
                    Self::new(user_id)
                }
            }
        )*
    };
}

string_requests! {
    /// `get`.
    GetUserRequest { user_id } => GET, User;
    /// `delete`.
    DeleteUserRequest { user_id } => DELETE, DeletedObject;
    /// `ban`.
    BanUserRequest { user_id } => BAN, User;
    /// `unban`.
    UnbanUserRequest { user_id } => UNBAN, User;
    /// `lock`.
    LockUserRequest { user_id } => LOCK, User;
    /// `unlock`.
    UnlockUserRequest { user_id } => UNLOCK, User;
    /// `delete_profile_image`.
    DeleteProfileImageRequest { user_id } => DELETE_PROFILE_IMAGE, User;
    /// `get_billing_subscription`.
    GetBillingSubscriptionRequest { user_id } => GET_BILLING_SUBSCRIPTION, BillingSubscription;
    /// `get_billing_credit_balance`.
    GetBillingCreditBalanceRequest { user_id } => GET_BILLING_CREDIT_BALANCE, CreditBalance;
    /// `disable_mfa`.
    DisableMfaRequest { user_id } => DISABLE_MFA, UserIdResponse;
    /// `delete_backup_codes`.
    DeleteBackupCodesRequest { user_id } => DELETE_BACKUP_CODES, UserIdResponse;
    /// `delete_totp`.
    DeleteTotpRequest { user_id } => DELETE_TOTP, UserIdResponse;
    /// `unset_password_compromised`.
    UnsetPasswordCompromisedRequest { user_id } => UNSET_PASSWORD_COMPROMISED, User;
    /// `verify_password`.
    VerifyPasswordRequest { user_id, password } => VERIFY_PASSWORD, VerifyPasswordResponse;
    /// `verify_totp`: a TOTP code or a backup code (which it consumes).
    VerifyTotpRequest { user_id, code } => VERIFY_TOTP, VerifyTotpResponse;
    /// `delete_passkey`.
    DeletePasskeyRequest { user_id, passkey_identification_id } => DELETE_PASSKEY, DeletedObject;
    /// `delete_web3_wallet`.
    DeleteWeb3WalletRequest { user_id, web3_wallet_identification_id } => DELETE_WEB3_WALLET, DeletedObject;
    /// `delete_external_account`.
    DeleteExternalAccountRequest { user_id, external_account_id } => DELETE_EXTERNAL_ACCOUNT, DeletedObject;
}

from_user_id! {
    GetUserRequest {},
    DeleteUserRequest {},
    BanUserRequest {},
    UnbanUserRequest {},
    LockUserRequest {},
    UnlockUserRequest {},
    DeleteProfileImageRequest {},
    GetBillingSubscriptionRequest {},
    GetBillingCreditBalanceRequest {},
    DisableMfaRequest {},
    DeleteBackupCodesRequest {},
    DeleteTotpRequest {},
    UnsetPasswordCompromisedRequest {},
    SetPasswordCompromisedRequest { revoke_all_sessions: Nullable::Unset },
    GetOrganizationMembershipsRequest { limit: default_limit(), offset: default_offset() },
    GetOrganizationInvitationsRequest { limit: default_limit(), offset: default_offset(), status: None },
}

request! {
    /// `bulk_ban`: 1 to 50 user IDs.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct BulkBanRequest {
        pub user_ids: Vec<String>,
    }
}

impl Operation for BulkBanRequest {
    type Output = Vec<User>;
    const SPEC: &'static OperationSpec = &ops::BULK_BAN;
    fn validate(&self) -> Result<(), Error> {
        check_user_ids(&self.user_ids)
    }
}

request! {
    /// `bulk_unban`: 1 to 50 user IDs.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct BulkUnbanRequest {
        pub user_ids: Vec<String>,
    }
}

impl Operation for BulkUnbanRequest {
    type Output = Vec<User>;
    const SPEC: &'static OperationSpec = &ops::BULK_UNBAN;
    fn validate(&self) -> Result<(), Error> {
        check_user_ids(&self.user_ids)
    }
}

request! {
    /// `set_profile_image`: uploads `file` as `multipart/form-data`.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SetProfileImageRequest {
        pub user_id: String,
        #[serde(default, skip_serializing)]
        pub file: Option<File>,
    }
}

impl Operation for SetProfileImageRequest {
    type Output = User;
    const SPEC: &'static OperationSpec = &ops::SET_PROFILE_IMAGE;
    fn file(&self) -> Option<&File> {
        self.file.as_ref()
    }
    fn set_file(&mut self, file: Option<File>) {
        self.file = file;
    }
}

request! {
    /// `update_metadata`: deep-merges each given object into the user's; `null` deletes a key.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct UpdateMetadataRequest {
        pub user_id: String,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub public_metadata: Option<Metadata>,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub private_metadata: Option<Metadata>,
        #[serde(
            default,
            deserialize_with = "crate::models::literal::optional_object",
            skip_serializing_if = "Option::is_none"
        )]
        pub unsafe_metadata: Option<Metadata>,
    }
}

impl Operation for UpdateMetadataRequest {
    type Output = User;
    const SPEC: &'static OperationSpec = &ops::UPDATE_METADATA;
}

open_enum! {
    /// Whether `adjust_billing_credit_balance` adds or removes credit.
    pub enum Action {
        Increase = "increase",
        Decrease = "decrease",
    }
}

request! {
    /// `adjust_billing_credit_balance`. Safe to retry: the idempotency key makes a repeat return
    /// the original ledger entry.
    #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct AdjustBillingCreditBalanceRequest {
        pub user_id: String,
        /// In cents; greater than zero.
        pub amount: i64,
        pub action: Action,
        pub idempotency_key: String,
        /// Defaults to USD on Clerk's side.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub currency: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub note: Option<String>,
    }
}

impl Operation for AdjustBillingCreditBalanceRequest {
    type Output = CreditLedgerEntry;
    const SPEC: &'static OperationSpec = &ops::ADJUST_BILLING_CREDIT_BALANCE;
    fn validate(&self) -> Result<(), Error> {
        if self.amount <= 0 {
            return Err(Error::invalid(
                "amount",
                format!("must be greater than zero, got {}", self.amount),
            ));
        }
        if let Action::Unknown(other) = &self.action {
            return Err(Error::invalid(
                "action",
                format!("must be \"increase\" or \"decrease\", got {other:?}"),
            ));
        }
        if self.idempotency_key.is_empty() {
            return Err(Error::invalid("idempotency_key", "must not be empty"));
        }
        Ok(())
    }
}

request! {
    /// `get_o_auth_access_token`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct GetOAuthAccessTokenRequest {
        pub user_id: String,
        /// `oauth_google`, `oauth_github`, ...
        pub provider: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub paginated: Option<bool>,
        #[serde(default = "default_limit", skip_serializing_if = "Option::is_none")]
        pub limit: Option<u32>,
        #[serde(default = "default_offset", skip_serializing_if = "Option::is_none")]
        pub offset: Option<u32>,
    }
}

impl GetOAuthAccessTokenRequest {
    pub fn new(user_id: impl Into<String>, provider: impl Into<String>) -> Self {
        Self {
            user_id: user_id.into(),
            provider: provider.into(),
            paginated: None,
            limit: default_limit(),
            offset: default_offset(),
        }
    }
}

impl Operation for GetOAuthAccessTokenRequest {
    type Output = OAuthAccessTokens;
    const SPEC: &'static OperationSpec = &ops::GET_O_AUTH_ACCESS_TOKEN;
    fn validate(&self) -> Result<(), Error> {
        check_page(self.limit)
    }
}

request! {
    /// `get_organization_memberships`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct GetOrganizationMembershipsRequest {
        pub user_id: String,
        #[serde(default = "default_limit", skip_serializing_if = "Option::is_none")]
        pub limit: Option<u32>,
        #[serde(default = "default_offset", skip_serializing_if = "Option::is_none")]
        pub offset: Option<u32>,
    }
}

impl Operation for GetOrganizationMembershipsRequest {
    type Output = OrganizationMemberships;
    const SPEC: &'static OperationSpec = &ops::GET_ORGANIZATION_MEMBERSHIPS;
    fn validate(&self) -> Result<(), Error> {
        check_page(self.limit)
    }
}

request! {
    /// `get_organization_invitations`.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct GetOrganizationInvitationsRequest {
        pub user_id: String,
        #[serde(default = "default_limit", skip_serializing_if = "Option::is_none")]
        pub limit: Option<u32>,
        #[serde(default = "default_offset", skip_serializing_if = "Option::is_none")]
        pub offset: Option<u32>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub status: Option<OrganizationInvitationStatus>,
    }
}

impl Operation for GetOrganizationInvitationsRequest {
    type Output = OrganizationInvitations;
    const SPEC: &'static OperationSpec = &ops::GET_ORGANIZATION_INVITATIONS;
    fn validate(&self) -> Result<(), Error> {
        check_page(self.limit)?;
        if let Some(OrganizationInvitationStatus::Unknown(other)) = &self.status {
            return Err(Error::invalid(
                "status",
                format!("must be one of pending, accepted, revoked, expired; got {other:?}"),
            ));
        }
        Ok(())
    }
}

request! {
    /// `set_password_compromised`.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct SetPasswordCompromisedRequest {
        pub user_id: String,
        #[serde(default, skip_serializing_if = "Nullable::is_unset")]
        pub revoke_all_sessions: Nullable<bool>,
    }
}

impl Operation for SetPasswordCompromisedRequest {
    type Output = User;
    const SPEC: &'static OperationSpec = &ops::SET_PASSWORD_COMPROMISED;
}

request! {
    /// `get_instance_organization_memberships`: every membership of the instance.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct GetInstanceOrganizationMembershipsRequest {
        /// `phone_number`, `email_address`, `created_at`, `first_name`, `last_name` or `username`,
        /// with `+` or `-`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub order_by: Option<String> as ParamKind::Suggested(MEMBERSHIP_ORDER_BY),
        #[serde(default = "default_limit", skip_serializing_if = "Option::is_none")]
        pub limit: Option<u32>,
        #[serde(default = "default_offset", skip_serializing_if = "Option::is_none")]
        pub offset: Option<u32>,
    }
}

impl Default for GetInstanceOrganizationMembershipsRequest {
    fn default() -> Self {
        Self {
            order_by: None,
            limit: default_limit(),
            offset: default_offset(),
        }
    }
}

impl Operation for GetInstanceOrganizationMembershipsRequest {
    type Output = OrganizationMemberships;
    const SPEC: &'static OperationSpec = &ops::GET_INSTANCE_ORGANIZATION_MEMBERSHIPS;
    fn validate(&self) -> Result<(), Error> {
        check_page(self.limit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::{self, Deserializer, Visitor};

    /// The result's name in the operation table, as its model's shape spells it.
    fn response_name(shape: &'static crate::models::shape::Shape) -> String {
        use crate::models::shape::Shape;
        match shape {
            Shape::Model(model) => model.name.to_owned(),
            Shape::List(item) => format!("Vec<{}>", response_name(item)),
            Shape::Either { array, object } => {
                format!("{} | {}", response_name(array), response_name(object))
            }
            other => panic!("no result is a {other:?}"),
        }
    }

    #[test]
    fn the_operation_table_names_each_result_as_its_output_type() {
        use crate::models::shape::Shaped;
        macro_rules! check {
            ($($name:ident: $request:ty,)*) => {
                $( assert_eq!(
                    <$request as Operation>::SPEC.response,
                    response_name(<<$request as Operation>::Output as Shaped>::SHAPE),
                    stringify!($name),
                ); )*
            };
        }
        crate::for_each_operation!(check);
    }

    #[test]
    fn for_each_operation_names_every_operation_with_its_request() {
        macro_rules! listed {
            ($($name:ident: $request:ty,)*) => {
                vec![$( (stringify!($name), <$request as Operation>::SPEC.python_name) ),*]
            };
        }
        let listed = crate::for_each_operation!(listed);
        let names: Vec<&str> = ops::OPERATIONS.iter().map(|spec| spec.python_name).collect();
        assert_eq!(listed.iter().map(|(name, _)| *name).collect::<Vec<_>>(), names);
        for (name, spec) in listed {
            assert_eq!(name, spec, "{name} is listed with the request of {spec}");
        }
    }

    /// A deserializer that only records the field names a struct asks for.
    struct FieldNames(Vec<&'static str>);

    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<T: std::fmt::Display>(_: T) -> Self {
            Stop
        }
    }

    impl<'de> Deserializer<'de> for &mut FieldNames {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            self.0.extend_from_slice(fields);
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
            unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
        }
    }

    fn fields<O: Operation + for<'de> Deserialize<'de>>() -> (&'static OperationSpec, Vec<&'static str>) {
        let mut names = FieldNames(Vec::new());
        let _ = O::deserialize(&mut names);
        (O::SPEC, names.0)
    }

    /// Each request struct has exactly the parameters of its operation's description, in order.
    #[test]
    fn request_structs_match_the_operation_table() {
        let all = [
            fields::<ListUsersRequest>(),
            fields::<CreateUserRequest>(),
            fields::<CountUsersRequest>(),
            fields::<GetUserRequest>(),
            fields::<UpdateUserRequest>(),
            fields::<DeleteUserRequest>(),
            fields::<BanUserRequest>(),
            fields::<UnbanUserRequest>(),
            fields::<BulkBanRequest>(),
            fields::<BulkUnbanRequest>(),
            fields::<LockUserRequest>(),
            fields::<UnlockUserRequest>(),
            fields::<SetProfileImageRequest>(),
            fields::<DeleteProfileImageRequest>(),
            fields::<UpdateMetadataRequest>(),
            fields::<GetBillingSubscriptionRequest>(),
            fields::<GetBillingCreditBalanceRequest>(),
            fields::<AdjustBillingCreditBalanceRequest>(),
            fields::<GetOAuthAccessTokenRequest>(),
            fields::<GetOrganizationMembershipsRequest>(),
            fields::<GetOrganizationInvitationsRequest>(),
            fields::<VerifyPasswordRequest>(),
            fields::<VerifyTotpRequest>(),
            fields::<DisableMfaRequest>(),
            fields::<DeleteBackupCodesRequest>(),
            fields::<DeletePasskeyRequest>(),
            fields::<DeleteWeb3WalletRequest>(),
            fields::<DeleteTotpRequest>(),
            fields::<DeleteExternalAccountRequest>(),
            fields::<SetPasswordCompromisedRequest>(),
            fields::<UnsetPasswordCompromisedRequest>(),
            fields::<GetInstanceOrganizationMembershipsRequest>(),
        ];
        assert_eq!(all.len(), ops::OPERATIONS.len());
        for ((spec, names), listed) in all.iter().zip(ops::OPERATIONS) {
            assert!(
                std::ptr::eq(*spec, *listed),
                "{} is out of order",
                spec.python_name
            );
            let described: Vec<&str> = spec.params().collect();
            assert_eq!(names, &described, "{}", spec.python_name);
        }
    }
}
