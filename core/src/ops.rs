//! The users operations, each described once.
//!
//! The request builder (`wire`), the error classifier (`error`), the retry policy (`retry`),
//! the emulator's router tests and the bindings' tables all read these descriptions.

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    Get,
    Post,
    Patch,
    Delete,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Delete => "DELETE",
        }
    }
}

/// What an operation sends as its request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body and no `Content-Type`.
    None,
    /// `application/json`, the request's body fields, leaving out those not given.
    Json,
    /// `multipart/form-data` with one part named `file`.
    Multipart,
}

/// Whether an attempt whose outcome is unknown (the body was sent, no response came back) may be
/// repeated without risk of applying the write twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replay {
    /// Repeating the request gives the same result (reads, PUT-like writes, idempotency keys).
    Safe,
    /// Repeating may apply the write twice (`create` makes a second user, `verify_totp`
    /// consumes a backup code): retried only when the request surely never reached the server.
    OnlyIfNotSent,
}

/// The description of one operation.
#[derive(Debug)]
pub struct OperationSpec {
    /// Python method name, as in the reference docs (`get_o_auth_access_token`); also the
    /// operation's name in logs, wire vectors and tables.
    pub python_name: &'static str,
    /// Node method name (`getOAuthAccessToken`).
    pub js_name: &'static str,
    /// One line on what the operation does, for every binding's docs.
    pub doc: &'static str,
    /// `operationId` in Clerk's OpenAPI specification.
    pub operation_id: &'static str,
    pub method: HttpMethod,
    /// Path template under the server URL, with `{name}` for each path parameter.
    pub path: &'static str,
    pub path_params: &'static [&'static str],
    /// Query parameters, in the order they are sent.
    pub query_params: &'static [&'static str],
    pub body: BodyKind,
    /// Body fields, in the order they are sent.
    pub body_fields: &'static [&'static str],
    /// Name of the success model (`User`, `Vec<User>`; `A | B` when the body's shape tells
    /// which); a test checks it against the request's `Output`.
    pub response: &'static str,
    /// Statuses that raise `ClerkErrors` (when the body is JSON); every other 4XX/5XX is `SDKError`.
    pub clerk_error_statuses: &'static [u16],
    pub replay: Replay,
}

impl OperationSpec {
    /// Every parameter the operation accepts: path, then query, then body.
    pub fn params(&self) -> impl Iterator<Item = &'static str> + use<> {
        let (path, query, body) = (self.path_params, self.query_params, self.body_fields);
        path.iter().chain(query).chain(body).copied()
    }

    /// Whether a response with this status is classified as `ClerkErrors`.
    pub fn raises_clerk_errors(&self, status: u16) -> bool {
        self.clerk_error_statuses.contains(&status)
    }
}

const USER_FILTERS: [&str; 22] = [
    "email_address",
    "phone_number",
    "external_id",
    "username",
    "web3_wallet",
    "user_id",
    "organization_id",
    "query",
    "email_address_query",
    "phone_number_query",
    "username_query",
    "name_query",
    "banned",
    "last_active_at_before",
    "last_active_at_after",
    "last_active_at_since",
    "created_at_before",
    "created_at_after",
    "last_sign_in_at_before",
    "last_sign_in_at_after",
    "provider",
    "provider_user_id",
];

const fn list_params() -> [&'static str; 26] {
    let mut out = [""; 26];
    let mut i = 0;
    while i < USER_FILTERS.len() {
        out[i] = USER_FILTERS[i];
        i += 1;
    }
    out[22] = "limit";
    out[23] = "offset";
    out[24] = "starting_after";
    out[25] = "order_by";
    out
}

const LIST_PARAMS: [&str; 26] = list_params();
const USER_ID: &[&str] = &["user_id"];

macro_rules! operations {
    ($( $konst:ident = {
        $name:literal, $js:literal, $op_id:literal, $method:ident $path:literal,
        doc: $doc:literal, path: $path_params:expr, query: $query:expr, body: $body:ident $body_fields:expr,
        response: $resp:literal, clerk_errors: [$($status:literal),*], replay: $replay:ident $(,)?
    } )*) => {
        $(
            pub static $konst: OperationSpec = OperationSpec {
                python_name: $name,
                js_name: $js,
                doc: $doc,
                operation_id: $op_id,
                method: HttpMethod::$method,
                path: $path,
                path_params: $path_params,
                query_params: $query,
                body: BodyKind::$body,
                body_fields: $body_fields,
                response: $resp,
                clerk_error_statuses: &[$($status),*],
                replay: Replay::$replay,
            };
        )*

        /// Every operation, in the order of the reference docs.
        pub static OPERATIONS: &[&OperationSpec] = &[$(&$konst),*];
    };
}

operations! {
    LIST = { "list", "list", "GetUserList", Get "/users",
        doc: "List users, newest first unless `order_by` says otherwise.",
        path: &[], query: &LIST_PARAMS, body: None &[],
        response: "Vec<User>", clerk_errors: [400, 401, 422], replay: Safe }
    CREATE = { "create", "create", "CreateUser", Post "/users",
        doc: "Create a user.",
        path: &[], query: &[], body: Json &[
            "external_id", "first_name", "last_name", "locale", "email_address",
            "email_address_identification_status", "phone_number",
            "phone_number_identification_status", "web3_wallet", "username", "password",
            "password_digest", "password_hasher",
            "skip_password_checks", "skip_password_requirement", "totp_secret", "backup_codes",
            "public_metadata", "private_metadata", "unsafe_metadata", "delete_self_enabled",
            "legal_accepted_at", "skip_legal_checks", "skip_user_requirement",
            "create_organization_enabled", "create_organizations_limit", "created_at",
            "bypass_client_trust", "banned", "locked",
        ],
        response: "User", clerk_errors: [400, 401, 403, 422], replay: OnlyIfNotSent }
    COUNT = { "count", "count", "GetUsersCount", Get "/users/count",
        doc: "Count the users matching the same filters as `list`.",
        path: &[], query: &USER_FILTERS, body: None &[],
        response: "TotalCount", clerk_errors: [422], replay: Safe }
    GET = { "get", "get", "GetUser", Get "/users/{user_id}",
        doc: "Retrieve a user.",
        path: USER_ID, query: &[], body: None &[],
        response: "User", clerk_errors: [400, 401, 404], replay: Safe }
    UPDATE = { "update", "update", "UpdateUser", Patch "/users/{user_id}",
        doc: "Update a user's attributes; null clears a field.",
        path: USER_ID, query: &[], body: Json &[
            "external_id", "first_name", "last_name", "locale", "primary_email_address_id",
            "notify_primary_email_address_changed", "primary_phone_number_id",
            "primary_web3_wallet_id", "username", "profile_image_id", "password",
            "password_digest", "password_hasher", "skip_password_checks",
            "sign_out_of_other_sessions", "totp_secret", "backup_codes", "public_metadata",
            "private_metadata", "unsafe_metadata", "delete_self_enabled",
            "create_organization_enabled", "legal_accepted_at", "skip_legal_checks",
            "create_organizations_limit", "created_at", "bypass_client_trust",
        ],
        response: "User", clerk_errors: [400, 401, 404, 409, 422], replay: Safe }
    DELETE = { "delete", "delete", "DeleteUser", Delete "/users/{user_id}",
        doc: "Delete a user.",
        path: USER_ID, query: &[], body: None &[],
        response: "DeletedObject", clerk_errors: [400, 401, 404], replay: Safe }
    BAN = { "ban", "ban", "BanUser", Post "/users/{user_id}/ban",
        doc: "Ban a user: revoke their sessions and block sign-in.",
        path: USER_ID, query: &[], body: None &[],
        response: "User", clerk_errors: [402], replay: Safe }
    UNBAN = { "unban", "unban", "UnbanUser", Post "/users/{user_id}/unban",
        doc: "Remove a user's ban.",
        path: USER_ID, query: &[], body: None &[],
        response: "User", clerk_errors: [402], replay: Safe }
    BULK_BAN = { "bulk_ban", "bulkBan", "UsersBan", Post "/users/ban",
        doc: "Ban up to 50 users.",
        path: &[], query: &[], body: Json &["user_ids"],
        response: "Vec<User>", clerk_errors: [400, 402], replay: Safe }
    BULK_UNBAN = { "bulk_unban", "bulkUnban", "UsersUnban", Post "/users/unban",
        doc: "Unban up to 50 users.",
        path: &[], query: &[], body: Json &["user_ids"],
        response: "Vec<User>", clerk_errors: [400, 402], replay: Safe }
    LOCK = { "lock", "lock", "LockUser", Post "/users/{user_id}/lock",
        doc: "Lock a user until the lock expires.",
        path: USER_ID, query: &[], body: None &[],
        response: "User", clerk_errors: [403], replay: Safe }
    UNLOCK = { "unlock", "unlock", "UnlockUser", Post "/users/{user_id}/unlock",
        doc: "Remove a user's lock.",
        path: USER_ID, query: &[], body: None &[],
        response: "User", clerk_errors: [403], replay: Safe }
    SET_PROFILE_IMAGE = { "set_profile_image", "setProfileImage", "SetUserProfileImage",
        Post "/users/{user_id}/profile_image",
        doc: "Upload a user's profile image.",
        path: USER_ID, query: &[], body: Multipart &["file"],
        response: "User", clerk_errors: [400, 401, 404], replay: Safe }
    DELETE_PROFILE_IMAGE = { "delete_profile_image", "deleteProfileImage", "DeleteUserProfileImage",
        Delete "/users/{user_id}/profile_image",
        doc: "Delete a user's profile image.",
        path: USER_ID, query: &[], body: None &[],
        response: "User", clerk_errors: [404], replay: Safe }
    UPDATE_METADATA = { "update_metadata", "updateMetadata", "UpdateUserMetadata",
        Patch "/users/{user_id}/metadata",
        doc: "Deep-merge metadata into a user's; null deletes a key.",
        path: USER_ID, query: &[], body: Json &["public_metadata", "private_metadata", "unsafe_metadata"],
        response: "User", clerk_errors: [400, 401, 404, 422], replay: Safe }
    GET_BILLING_SUBSCRIPTION = { "get_billing_subscription", "getBillingSubscription",
        "GetUserBillingSubscription", Get "/users/{user_id}/billing/subscription",
        doc: "Retrieve a user's billing subscription.",
        path: USER_ID, query: &[], body: None &[],
        response: "BillingSubscription", clerk_errors: [400, 401, 403, 404, 422, 500], replay: Safe }
    GET_BILLING_CREDIT_BALANCE = { "get_billing_credit_balance", "getBillingCreditBalance",
        "GetUserBillingCreditBalance", Get "/users/{user_id}/billing/credits",
        doc: "Retrieve a user's credit balance.",
        path: USER_ID, query: &[], body: None &[],
        response: "CreditBalance", clerk_errors: [400, 401, 403, 404, 422, 500], replay: Safe }
    ADJUST_BILLING_CREDIT_BALANCE = { "adjust_billing_credit_balance", "adjustBillingCreditBalance",
        "AdjustUserBillingCreditBalance", Post "/users/{user_id}/billing/credits",
        doc: "Increase or decrease a user's credit balance.",
        path: USER_ID, query: &[], body: Json &["amount", "action", "idempotency_key", "currency", "note"],
        response: "CreditLedgerEntry", clerk_errors: [400, 401, 403, 404, 409, 422, 500], replay: Safe }
    GET_O_AUTH_ACCESS_TOKEN = { "get_o_auth_access_token", "getOAuthAccessToken", "GetOAuthAccessToken",
        Get "/users/{user_id}/oauth_access_tokens/{provider}",
        doc: "Retrieve the OAuth access tokens of a user for a provider: a list, or with `paginated` the page Clerk answers then.",
        path: &["user_id", "provider"], query: &["paginated", "limit", "offset"], body: None &[],
        response: "Vec<OAuthAccessToken> | OAuthAccessTokenPage", clerk_errors: [400, 404, 422], replay: Safe }
    GET_ORGANIZATION_MEMBERSHIPS = { "get_organization_memberships", "getOrganizationMemberships",
        "UsersGetOrganizationMemberships", Get "/users/{user_id}/organization_memberships",
        doc: "A page of the user's organization memberships.",
        path: USER_ID, query: &["limit", "offset"], body: None &[],
        response: "OrganizationMemberships", clerk_errors: [403], replay: Safe }
    GET_ORGANIZATION_INVITATIONS = { "get_organization_invitations", "getOrganizationInvitations",
        "UsersGetOrganizationInvitations", Get "/users/{user_id}/organization_invitations",
        doc: "A page of the user's organization invitations.",
        path: USER_ID, query: &["limit", "offset", "status"], body: None &[],
        response: "OrganizationInvitations", clerk_errors: [400, 403, 404], replay: Safe }
    VERIFY_PASSWORD = { "verify_password", "verifyPassword", "VerifyPassword",
        Post "/users/{user_id}/verify_password",
        doc: "Check a user's password (a wrong password is an error).",
        path: USER_ID, query: &[], body: Json &["password"],
        response: "VerifyPasswordResponse", clerk_errors: [500], replay: Safe }
    VERIFY_TOTP = { "verify_totp", "verifyTotp", "VerifyTOTP", Post "/users/{user_id}/verify_totp",
        doc: "Check a TOTP or backup code (a backup code is consumed).",
        path: USER_ID, query: &[], body: Json &["code"],
        response: "VerifyTotpResponse", clerk_errors: [500], replay: OnlyIfNotSent }
    DISABLE_MFA = { "disable_mfa", "disableMfa", "DisableMFA", Delete "/users/{user_id}/mfa",
        doc: "Disable all of a user's MFA methods.",
        path: USER_ID, query: &[], body: None &[],
        response: "UserIdResponse", clerk_errors: [404, 500], replay: Safe }
    DELETE_BACKUP_CODES = { "delete_backup_codes", "deleteBackupCodes", "DeleteBackupCode",
        Delete "/users/{user_id}/backup_code",
        doc: "Disable all of a user's backup codes.",
        path: USER_ID, query: &[], body: None &[],
        response: "UserIdResponse", clerk_errors: [404, 500], replay: Safe }
    DELETE_PASSKEY = { "delete_passkey", "deletePasskey", "UserPasskeyDelete",
        Delete "/users/{user_id}/passkeys/{passkey_identification_id}",
        doc: "Delete a passkey of a user.",
        path: &["user_id", "passkey_identification_id"], query: &[], body: None &[],
        response: "DeletedObject", clerk_errors: [403, 404, 500], replay: Safe }
    DELETE_WEB3_WALLET = { "delete_web3_wallet", "deleteWeb3Wallet", "UserWeb3WalletDelete",
        Delete "/users/{user_id}/web3_wallets/{web3_wallet_identification_id}",
        doc: "Delete a web3 wallet of a user.",
        path: &["user_id", "web3_wallet_identification_id"], query: &[], body: None &[],
        response: "DeletedObject", clerk_errors: [400, 403, 404, 500], replay: Safe }
    DELETE_TOTP = { "delete_totp", "deleteTotp", "DeleteTOTP", Delete "/users/{user_id}/totp",
        doc: "Delete all of a user's TOTPs.",
        path: USER_ID, query: &[], body: None &[],
        response: "UserIdResponse", clerk_errors: [404, 500], replay: Safe }
    DELETE_EXTERNAL_ACCOUNT = { "delete_external_account", "deleteExternalAccount", "DeleteExternalAccount",
        Delete "/users/{user_id}/external_accounts/{external_account_id}",
        doc: "Delete an external account of a user.",
        path: &["user_id", "external_account_id"], query: &[], body: None &[],
        response: "DeletedObject", clerk_errors: [400, 403, 404, 500], replay: Safe }
    SET_PASSWORD_COMPROMISED = { "set_password_compromised", "setPasswordCompromised",
        "SetUserPasswordCompromised", Post "/users/{user_id}/password/set_compromised",
        doc: "Mark a user's password as compromised.",
        path: USER_ID, query: &[], body: Json &["revoke_all_sessions"],
        response: "User", clerk_errors: [400, 401, 403, 404, 422], replay: Safe }
    UNSET_PASSWORD_COMPROMISED = { "unset_password_compromised", "unsetPasswordCompromised",
        "UnsetUserPasswordCompromised", Post "/users/{user_id}/password/unset_compromised",
        doc: "Clear the compromised mark of a user's password.",
        path: USER_ID, query: &[], body: None &[],
        response: "User", clerk_errors: [400, 401, 403, 404, 422], replay: Safe }
    GET_INSTANCE_ORGANIZATION_MEMBERSHIPS = { "get_instance_organization_memberships",
        "getInstanceOrganizationMemberships", "InstanceGetOrganizationMemberships",
        Get "/organization_memberships",
        doc: "Every organization membership of the instance.",
        path: &[], query: &["order_by", "limit", "offset"], body: None &[],
        response: "OrganizationMemberships", clerk_errors: [400, 401, 422, 500], replay: Safe }
}

/// Looks an operation up by its Python name (`bulk_ban`) or Node name (`bulkBan`).
pub fn find(name: &str) -> Option<&'static OperationSpec> {
    OPERATIONS
        .iter()
        .copied()
        .find(|op| op.python_name == name || op.js_name == name)
}
