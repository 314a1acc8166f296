//! The in-memory state: users with their secrets, and the data only loaded from outside
//! (organization memberships and invitations, OAuth tokens, subscriptions).

use std::collections::HashMap;

use base64::Engine;
use clerk_backend::models::{
    BillingSubscription, CreditLedgerEntry, EmailAddress, Lenient, Metadata, OAuthAccessToken,
    OrganizationInvitation, OrganizationMembership, PhoneNumber, User, Verification, VerificationObject,
    VerificationStatus, Web3Wallet,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{ApiError, ApiResult};
use crate::ids::new_id;
use crate::secrets::{self, PasswordDigest};
use crate::settings::InstanceSettings;
use crate::time::now_ms;

/// How long `lock` locks a user (Clerk's default lockout).
pub const LOCKOUT_MS: i64 = 60 * 60 * 1000;
/// `verification_attempts_remaining` of a user who is not locked.
pub const VERIFICATION_ATTEMPTS: i64 = 100;

/// An uploaded profile image.
#[derive(Debug, Clone)]
pub struct Image {
    pub bytes: bytes::Bytes,
    /// Sniffed from the bytes (see [`image_type`]), never taken from the upload.
    pub content_type: &'static str,
    pub version: u64,
}

/// The largest profile image Clerk takes: "10MB", unit unstated, read as 10 MiB (413
/// `image_too_large` beyond; see the README's errors section).
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// The type of an image Clerk takes (JPEG, PNG, GIF or WEBP), read from its bytes; `None` for
/// anything else, whatever type the upload claimed.
pub fn image_type(bytes: &[u8]) -> Option<&'static str> {
    match infer::get(bytes)?.mime_type() {
        mime @ ("image/jpeg" | "image/png" | "image/gif" | "image/webp") => Some(mime),
        // An animated PNG is a PNG.
        "image/apng" => Some("image/png"),
        _ => None,
    }
}

/// 400 `request_body_invalid` for bytes that are not a JPEG, PNG, GIF or WEBP image, naming the
/// type found in them as Clerk does.
pub fn not_an_image(bytes: &[u8]) -> ApiError {
    let detected = match infer::get(bytes) {
        Some(kind) => kind.mime_type(),
        None if std::str::from_utf8(bytes).is_ok() => "text/plain; charset=utf-8",
        None => "application/octet-stream",
    };
    ApiError::image_type_not_supported(detected)
}

/// A user as the API shows it, plus what the API never shows.
#[derive(Debug, Clone)]
pub struct UserRecord {
    pub user: User,
    /// Creation order, to break ties between equal timestamps.
    pub seq: u64,
    pub password: Option<PasswordDigest>,
    pub password_compromised: bool,
    pub totp_secret: Option<String>,
    /// The last TOTP step accepted, so that a code is not accepted twice.
    pub totp_last_step: Option<u64>,
    /// Plain codes or bcrypt digests.
    pub backup_codes: Vec<String>,
    pub image: Option<Image>,
    pub locked_until: Option<i64>,
}

impl UserRecord {
    pub fn new(user: User) -> Self {
        Self {
            user,
            seq: 0,
            password: None,
            password_compromised: false,
            totp_secret: None,
            totp_last_step: None,
            backup_codes: Vec::new(),
            image: None,
            locked_until: None,
        }
    }

    /// The user as returned by the API at time `now` (a lock expires on its own).
    pub fn view(&self, now: i64) -> User {
        let mut user = self.user.clone();
        match self.locked_until {
            Some(until) if until > now => {
                user.locked = true;
                user.lockout_expires_in_seconds = Some((until - now + 999) / 1000);
                user.verification_attempts_remaining = Some(0);
            }
            _ => {
                user.locked = false;
                user.lockout_expires_in_seconds = None;
            }
        }
        user
    }

    pub fn set_locked(&mut self, locked: bool, now: i64) {
        self.locked_until = locked.then_some(now + LOCKOUT_MS);
        self.user.locked = locked;
        self.user.verification_attempts_remaining = Some(if locked { 0 } else { VERIFICATION_ATTEMPTS });
    }

    /// Recomputes the MFA flags after a change of TOTP or backup codes.
    pub fn refresh_mfa(&mut self, now: i64) {
        let user = &mut self.user;
        let was = user.two_factor_enabled;
        user.totp_enabled = self.totp_secret.is_some();
        user.backup_code_enabled = !self.backup_codes.is_empty();
        user.two_factor_enabled = user.totp_enabled
            || user.backup_code_enabled
            || user
                .phone_numbers
                .iter()
                .any(|p| p.reserved_for_second_factor == Some(true));
        if user.two_factor_enabled && !was {
            user.mfa_enabled_at = Some(now);
        } else if !user.two_factor_enabled && was {
            user.mfa_disabled_at = Some(now);
        }
    }

    pub fn set_password(&mut self, password: Option<PasswordDigest>, now: i64) {
        self.user.password_enabled = password.is_some();
        self.user.password_last_updated_at = password.as_ref().map(|_| now);
        self.password = password;
        self.password_compromised = false;
    }
}

fn admin_verification() -> Verification {
    let mut verification = Verification::default();
    verification.object = Some(VerificationObject::Admin);
    verification.status = VerificationStatus::Verified;
    verification.strategy = "admin".into();
    verification
}

pub fn email_address(address: &str, reserved: bool, now: i64) -> EmailAddress {
    let mut email = EmailAddress::default();
    email.id = Some(new_id("idn_"));
    email.object = "email_address".into();
    email.email_address = address.to_owned();
    email.reserved = reserved;
    email.verification = Some(admin_verification());
    email.created_at = now;
    email.updated_at = now;
    email
}

pub fn phone_number(number: &str, reserved: bool, now: i64) -> PhoneNumber {
    let mut phone = PhoneNumber::default();
    phone.id = Some(new_id("idn_"));
    phone.object = "phone_number".into();
    phone.phone_number = number.to_owned();
    phone.reserved = reserved;
    phone.reserved_for_second_factor = Some(false);
    phone.default_second_factor = Some(false);
    phone.verification = Some(admin_verification());
    phone.created_at = now;
    phone.updated_at = now;
    phone
}

pub fn web3_wallet(address: &str, now: i64) -> Web3Wallet {
    let mut wallet = Web3Wallet::default();
    wallet.id = Some(new_id("idn_"));
    wallet.object = "web3_wallet".into();
    wallet.web3_wallet = address.to_owned();
    wallet.verification = Some(admin_verification());
    wallet.created_at = now;
    wallet.updated_at = now;
    wallet
}

/// A new user with every field at its default for a user created through the API.
pub fn new_user(now: i64, default_image_url: &str) -> User {
    let mut user = User::default();
    user.id = new_id("user_");
    user.object = "user".into();
    user.image_url = Some(default_image_url.to_owned());
    user.profile_image_url = Some(default_image_url.to_owned());
    user.private_metadata = Some(Metadata::new());
    user.unsafe_metadata = Some(Metadata::new());
    user.delete_self_enabled = true;
    user.create_organization_enabled = true;
    user.verification_attempts_remaining = Some(VERIFICATION_ATTEMPTS);
    user.bypass_client_trust = Some(false);
    user.deprovisioned = Some(false);
    user.created_at = now;
    user.updated_at = now;
    user
}

/// A credit ledger entry with the idempotency key it was made with.
#[derive(Debug, Clone)]
pub struct LedgerEntry {
    pub idempotency_key: String,
    pub entry: CreditLedgerEntry,
}

#[derive(Debug, Default)]
pub struct Store {
    pub users: HashMap<String, UserRecord>,
    next_seq: u64,
    pub memberships: Vec<OrganizationMembership>,
    pub invitations: Vec<OrganizationInvitation>,
    /// (user ID, token).
    pub oauth_tokens: Vec<(String, OAuthAccessToken)>,
    /// By user ID.
    pub subscriptions: HashMap<String, BillingSubscription>,
    /// By user ID, oldest first.
    pub credits: HashMap<String, Vec<LedgerEntry>>,
}

impl Store {
    pub fn insert(&mut self, mut record: UserRecord) {
        self.next_seq += 1;
        record.seq = self.next_seq;
        self.users.insert(record.user.id.clone(), record);
    }

    pub fn user(&self, id: &str) -> ApiResult<&UserRecord> {
        self.users.get(id).ok_or_else(|| ApiError::user_not_found(id))
    }

    pub fn user_mut(&mut self, id: &str) -> ApiResult<&mut UserRecord> {
        self.users.get_mut(id).ok_or_else(|| ApiError::user_not_found(id))
    }

    /// Removes a user and what hangs off them.
    pub fn remove(&mut self, id: &str) -> Option<UserRecord> {
        let record = self.users.remove(id)?;
        self.memberships
            .retain(|m| m.public_user_data.as_ref().is_none_or(|data| data.user_id != id));
        self.oauth_tokens.retain(|(user_id, _)| user_id != id);
        self.subscriptions.remove(id);
        self.credits.remove(id);
        Some(record)
    }

    /// Adds the objects of `data`; a user with the ID of an existing one replaces it. `base_url`
    /// is the emulator's own (`http://127.0.0.1:PORT`), for image URLs.
    pub fn import(&mut self, data: Data, base_url: &str) -> ApiResult<Vec<User>> {
        let now = now_ms();
        let mut users = Vec::with_capacity(data.users.len());
        for value in data.users {
            let record = import_user(value, now, base_url)?;
            users.push(record.view(now));
            self.insert(record);
        }
        self.memberships.extend(data.organization_memberships);
        self.invitations.extend(data.organization_invitations);
        for value in data.oauth_access_tokens {
            let (user_id, token) = split_user_id::<OAuthAccessToken>(value, "oauth_access_tokens")?;
            self.oauth_tokens.push((user_id, token));
        }
        for value in data.billing_subscriptions {
            let (user_id, subscription) =
                split_user_id::<BillingSubscription>(value, "billing_subscriptions")?;
            self.subscriptions.insert(user_id, subscription);
        }
        for value in data.billing_credits {
            let Value::Object(mut fields) = value else {
                return Err(ApiError::format_invalid(
                    "billing_credits",
                    "each entry must be an object",
                ));
            };
            let key = match fields.remove("idempotency_key") {
                Some(Value::String(key)) => key,
                _ => new_id("idem_"),
            };
            let (user_id, entry) =
                split_user_id::<CreditLedgerEntry>(Value::Object(fields), "billing_credits")?;
            self.credits.entry(user_id).or_default().push(LedgerEntry {
                idempotency_key: key,
                entry,
            });
        }
        Ok(users)
    }

    /// Everything, in the format [`Store::import`] reads (secrets and image bytes included).
    pub fn export(&self) -> Data {
        let mut records: Vec<&UserRecord> = self.users.values().collect();
        records.sort_by_key(|r| r.seq);
        let users = records.into_iter().map(export_user).collect();
        let with_user_id = |user_id: &str, value: Value| -> Value {
            let mut value = value;
            if let Value::Object(fields) = &mut value {
                fields.insert("user_id".into(), Value::String(user_id.to_owned()));
            }
            value
        };
        let mut credits = Vec::new();
        for (user_id, entries) in &self.credits {
            for e in entries {
                let mut value = with_user_id(user_id, to_value(&e.entry));
                if let Value::Object(fields) = &mut value {
                    fields.insert("idempotency_key".into(), Value::String(e.idempotency_key.clone()));
                }
                credits.push(value);
            }
        }
        Data {
            users,
            organization_memberships: self.memberships.clone(),
            organization_invitations: self.invitations.clone(),
            oauth_access_tokens: self
                .oauth_tokens
                .iter()
                .map(|(user_id, token)| with_user_id(user_id, to_value(token)))
                .collect(),
            billing_subscriptions: self
                .subscriptions
                .iter()
                .map(|(user_id, s)| with_user_id(user_id, to_value(s)))
                .collect(),
            billing_credits: credits,
            instance: None,
        }
    }
}

fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The emulator's data file and the body of `/emulator/v1/import` and `/emulator/v1/export`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Data {
    /// `User` objects as the API returns them; `id`, timestamps and identification IDs are
    /// filled in when missing. Extra keys: `password` (plain), `password_digest` +
    /// `password_hasher`, `totp_secret`, `backup_codes`, `password_compromised`,
    /// `profile_image` (`{"content_type", "data": base64}`).
    pub users: Vec<Value>,
    /// Linked to users by `public_user_data.user_id`.
    pub organization_memberships: Vec<OrganizationMembership>,
    /// Linked to users by `email_address`.
    pub organization_invitations: Vec<OrganizationInvitation>,
    /// `OAuthAccessToken` objects with a `user_id` key.
    pub oauth_access_tokens: Vec<Value>,
    /// `CommerceSubscription` objects with a `user_id` key.
    pub billing_subscriptions: Vec<Value>,
    /// `CommerceCreditLedger` entries with `user_id` and `idempotency_key` keys.
    pub billing_credits: Vec<Value>,
    /// The instance's settings; keys left out keep their defaults. Replaces the settings in
    /// force when loaded; an export always has them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<InstanceSettings>,
}

fn split_user_id<T: Lenient>(value: Value, what: &str) -> ApiResult<(String, T)> {
    let Value::Object(mut fields) = value else {
        return Err(ApiError::format_invalid(
            what,
            format!("each entry of {what} must be an object"),
        ));
    };
    let Some(Value::String(user_id)) = fields.remove("user_id") else {
        return Err(ApiError::missing("user_id"));
    };
    let item = T::lenient(Value::Object(fields))
        .ok_or_else(|| ApiError::format_invalid(what, format!("an entry of {what} has the wrong shape")))?;
    Ok((user_id, item))
}

fn take_string(fields: &mut Metadata, key: &str) -> Option<String> {
    match fields.remove(key) {
        Some(Value::String(s)) => Some(s),
        _ => None,
    }
}

/// The URL at which the emulator serves version `version` of a user's uploaded image.
pub fn image_url(base_url: &str, user_id: &str, version: u64) -> String {
    format!("{base_url}/emulator/v1/images/{user_id}/{version}")
}

/// The URL of the image of users without one.
pub fn default_image_url(base_url: &str) -> String {
    format!("{base_url}/emulator/v1/images/default")
}

/// The `profile_image` key of an exported user: `{"content_type", "data": base64}`.
fn take_image(fields: &mut Metadata) -> ApiResult<Option<(bytes::Bytes, &'static str)>> {
    let Some(value) = fields.remove("profile_image") else {
        return Ok(None);
    };
    let bad = || {
        ApiError::format_invalid(
            "profile_image",
            "profile_image must be {\"content_type\": \"image/png\", \"data\": \"<base64>\"}.",
        )
    };
    let Value::Object(image) = value else {
        return Err(bad());
    };
    let data = image.get("data").and_then(Value::as_str).ok_or_else(bad)?;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|_| bad())?;
    if bytes.is_empty() {
        return Err(bad());
    }
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(ApiError::image_too_large().param("profile_image"));
    }
    // As an upload: the type comes from the bytes, and only images are kept.
    let content_type = image_type(&bytes).ok_or_else(|| not_an_image(&bytes).param("profile_image"))?;
    Ok(Some((bytes.into(), content_type)))
}

fn import_user(value: Value, now: i64, base_url: &str) -> ApiResult<UserRecord> {
    let default_image_url = &default_image_url(base_url);
    let Value::Object(mut fields) = value else {
        return Err(ApiError::format_invalid(
            "users",
            "each user must be a JSON object",
        ));
    };
    let plain = take_string(&mut fields, "password");
    let digest = take_string(&mut fields, "password_digest");
    let hasher = take_string(&mut fields, "password_hasher");
    let totp_secret = take_string(&mut fields, "totp_secret");
    let backup_codes: Vec<String> = match fields.remove("backup_codes") {
        Some(Value::Array(codes)) => codes
            .into_iter()
            .filter_map(|c| c.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    };
    secrets::check_backup_codes(&backup_codes)?;
    let compromised = matches!(fields.remove("password_compromised"), Some(Value::Bool(true)));
    let image = take_image(&mut fields)?;
    let loaded = User::lenient(Value::Object(fields.clone()))
        .ok_or_else(|| ApiError::format_invalid("users", "a user has the wrong shape"))?;

    // Start from a new user's defaults and take every field the loaded object has.
    let mut user = new_user(now, default_image_url);
    let defaults = serde_json::to_value(&user).unwrap_or_default();
    let mut merged = match defaults {
        Value::Object(map) => map,
        _ => Metadata::new(),
    };
    if let Value::Object(given) = serde_json::to_value(&loaded).unwrap_or_default() {
        for (key, value) in given {
            if fields.contains_key(&key) {
                merged.insert(key, value);
            }
        }
    }
    user = User::lenient(Value::Object(merged)).unwrap_or(user);
    if user.id.is_empty() {
        user.id = new_id("user_");
    }
    user.object = "user".into();
    for email in &mut user.email_addresses {
        email.id.get_or_insert_with(|| new_id("idn_"));
        if email.object.is_empty() {
            email.object = "email_address".into();
        }
    }
    for phone in &mut user.phone_numbers {
        phone.id.get_or_insert_with(|| new_id("idn_"));
        if phone.object.is_empty() {
            phone.object = "phone_number".into();
        }
    }
    for wallet in &mut user.web3_wallets {
        wallet.id.get_or_insert_with(|| new_id("idn_"));
        if wallet.object.is_empty() {
            wallet.object = "web3_wallet".into();
        }
    }
    if user.primary_email_address_id.is_none() {
        user.primary_email_address_id = user.email_addresses.first().and_then(|e| e.id.clone());
    }
    if user.primary_phone_number_id.is_none() {
        user.primary_phone_number_id = user.phone_numbers.first().and_then(|p| p.id.clone());
    }
    if user.primary_web3_wallet_id.is_none() {
        user.primary_web3_wallet_id = user.web3_wallets.first().and_then(|w| w.id.clone());
    }

    let mut record = UserRecord::new(user);
    let password = match (plain, digest) {
        (Some(plain), _) => {
            // Loaded data skips the instance's password rules, not bcrypt's length.
            InstanceSettings::default().check_password(&plain, true)?;
            Some(secrets::hash_password(&plain)?)
        }
        (None, Some(digest)) => Some(secrets::imported_digest(&digest, hasher.as_deref())?),
        (None, None) => None,
    };
    if password.is_some() {
        record.password = password;
        record.user.password_enabled = true;
    }
    record.password_compromised = compromised;
    if let Some(secret) = totp_secret {
        secrets::check_totp_secret(&secret)?;
        record.totp_secret = Some(secret);
    }
    record.backup_codes = backup_codes;
    if let Some((bytes, content_type)) = image {
        // Served by this emulator, whatever URL the exported user had.
        let url = image_url(base_url, &record.user.id, 1);
        record.image = Some(Image {
            bytes,
            content_type,
            version: 1,
        });
        record.user.has_image = true;
        record.user.image_url = Some(url.clone());
        record.user.profile_image_url = Some(url);
    }
    let two_factor_before = record.user.two_factor_enabled;
    record.refresh_mfa(now);
    record.user.two_factor_enabled |= two_factor_before;
    if record.user.locked {
        record.set_locked(true, now);
    }
    Ok(record)
}

fn export_user(record: &UserRecord) -> Value {
    let mut value = serde_json::to_value(&record.user).unwrap_or_default();
    if let Value::Object(fields) = &mut value {
        if let Some(password) = &record.password {
            fields.insert("password_digest".into(), Value::String(password.digest.clone()));
            fields.insert("password_hasher".into(), Value::String(password.hasher.clone()));
        }
        if record.password_compromised {
            fields.insert("password_compromised".into(), Value::Bool(true));
        }
        if let Some(secret) = &record.totp_secret {
            fields.insert("totp_secret".into(), Value::String(secret.clone()));
        }
        if !record.backup_codes.is_empty() {
            fields.insert("backup_codes".into(), record.backup_codes.clone().into());
        }
        if let Some(image) = &record.image {
            let data = base64::engine::general_purpose::STANDARD.encode(&image.bytes);
            fields.insert(
                "profile_image".into(),
                serde_json::json!({"content_type": image.content_type, "data": data}),
            );
        }
    }
    value
}
