//! The users operations of `/v1`.

use axum::Json;
use axum::body::Bytes;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, RawQuery, State};
use clerk_backend::Nullable;
use clerk_backend::models::{
    CreditBalance, CreditLedgerEntry, DeletedObject, Metadata, Money, OAuthAccessTokenPage,
    OAuthAccessTokens, OrganizationInvitations, OrganizationMembership, OrganizationMemberships, TotalCount,
    TotpCodeType, User, UserIdResponse, VerifyPasswordResponse, VerifyTotpResponse,
};
use clerk_backend::requests::{
    Action, AdjustBillingCreditBalanceRequest, BulkBanRequest, CreateUserRequest,
    SetPasswordCompromisedRequest, UpdateMetadataRequest, UpdateUserRequest, VerifyPasswordRequest,
    VerifyTotpRequest,
};
use serde_json::Value;

use crate::Shared;
use crate::error::{ApiError, ApiResult, parse_body};
use crate::ids::new_id;
use crate::listing::{Filter, ListOptions, Page, query_pairs};
use crate::secrets::{self, PasswordDigest};
use crate::settings::{InstanceSettings, Requirement};
use crate::store::{self, Image, LedgerEntry, Store, UserRecord};
use crate::time::{format_rfc3339, now_ms, parse_rfc3339};

type St = State<std::sync::Arc<Shared>>;
type JsonResult<T> = ApiResult<Json<T>>;

fn rfc3339_param(name: &str, value: &str) -> ApiResult<i64> {
    parse_rfc3339(value).ok_or_else(|| ApiError::invalid_time(name))
}

fn check_email(address: &str) -> ApiResult<()> {
    let valid = address
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.') && !address.contains(' '));
    if valid {
        Ok(())
    } else {
        Err(ApiError::format_invalid(
            "email_address",
            "email_address must be a valid email address.",
        ))
    }
}

fn check_phone(number: &str) -> ApiResult<()> {
    let digits = number.strip_prefix('+').unwrap_or("");
    if (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(ApiError::format_invalid(
            "phone_number",
            "phone_number must be a valid phone number according to E.164 international standard.",
        ))
    }
}

/// An Ethereum address (`0x` and 40 hex digits) or a Solana one (32 to 44 base58 characters),
/// the wallets Clerk takes.
fn check_web3_wallet(wallet: &str) -> ApiResult<()> {
    const BASE58: &str = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let ethereum = wallet
        .strip_prefix("0x")
        .is_some_and(|hex| hex.len() == 40 && hex.bytes().all(|b| b.is_ascii_hexdigit()));
    let solana = (32..=44).contains(&wallet.len()) && wallet.chars().all(|c| BASE58.contains(c));
    if ethereum || solana {
        Ok(())
    } else {
        Err(ApiError::format_invalid(
            "web3_wallet",
            "web3_wallet must be a valid web3 wallet address.",
        ))
    }
}

/// The password `create` or `update` sets: a plain one, checked against the instance's rules
/// and hashed, or an imported digest, checked against its hasher's format. Hashing is slow on
/// purpose: call this before taking the store's lock.
fn new_password(
    settings: &InstanceSettings,
    plain: Option<&str>,
    digest: Option<&str>,
    hasher: Option<&str>,
    skip_checks: bool,
) -> ApiResult<Option<PasswordDigest>> {
    match (plain, digest) {
        (Some(_), Some(_)) => Err(ApiError::invalid(
            "password_digest",
            "password and password_digest cannot both be given.",
        )),
        (Some(plain), None) => {
            settings.check_password(plain, skip_checks)?;
            secrets::hash_password(plain).map(Some)
        }
        (None, Some(digest)) => secrets::imported_digest(digest, hasher).map(Some),
        (None, None) => Ok(None),
    }
}

/// Identifiers that must be unique across users.
#[derive(Default)]
struct Identifiers<'a> {
    emails: Vec<&'a str>,
    phones: Vec<&'a str>,
    wallets: Vec<&'a str>,
    username: Option<&'a str>,
    external_id: Option<&'a str>,
}

impl Identifiers<'_> {
    /// 422 `form_identifier_exists` when another user (or this request twice) has one of them.
    fn check(&self, store: &Store, except: Option<&str>) -> ApiResult<()> {
        let lower = |s: &str| s.to_lowercase();
        let dup = |items: &[&str], lowercase: bool| {
            let norm: Vec<String> = items
                .iter()
                .map(|s| if lowercase { lower(s) } else { s.to_string() })
                .collect();
            norm.iter().enumerate().any(|(i, v)| norm[..i].contains(v))
        };
        if dup(&self.emails, true) {
            return Err(ApiError::identifier_exists("email_address"));
        }
        if dup(&self.phones, false) {
            return Err(ApiError::identifier_exists("phone_number"));
        }
        if dup(&self.wallets, true) {
            return Err(ApiError::identifier_exists("web3_wallet"));
        }
        for record in store.users.values() {
            let u = &record.user;
            if Some(u.id.as_str()) == except {
                continue;
            }
            if u.email_addresses.iter().any(|e| {
                self.emails
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(&e.email_address))
            }) {
                return Err(ApiError::identifier_exists("email_address"));
            }
            if u.phone_numbers
                .iter()
                .any(|p| self.phones.contains(&p.phone_number.as_str()))
            {
                return Err(ApiError::identifier_exists("phone_number"));
            }
            if u.web3_wallets.iter().any(|w| {
                self.wallets
                    .iter()
                    .any(|m| m.eq_ignore_ascii_case(&w.web3_wallet))
            }) {
                return Err(ApiError::identifier_exists("web3_wallet"));
            }
            if let (Some(name), Some(theirs)) = (self.username, &u.username)
                && name.eq_ignore_ascii_case(theirs)
            {
                return Err(ApiError::identifier_exists("username"));
            }
            if self.external_id.is_some() && self.external_id == u.external_id.as_deref() {
                return Err(ApiError::identifier_exists("external_id"));
            }
        }
        Ok(())
    }
}

fn identification_status(statuses: &[String], i: usize, param: &str) -> ApiResult<bool> {
    match statuses.get(i).map(String::as_str) {
        None | Some("verified") => Ok(false),
        Some("reserved") => Ok(true),
        Some(other) => Err(ApiError::value_not_allowed(
            param,
            other,
            &["verified", "reserved"],
        )),
    }
}

fn nullable_string(value: Nullable<String>) -> Option<Option<String>> {
    match value {
        Nullable::Unset => None,
        Nullable::Null => Some(None),
        Nullable::Value(v) => Some(Some(v)),
    }
}

/// A username as stored: lowercase, `""` meaning none.
fn normalize_username(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(|v| v.to_lowercase())
}

/// Deep merge for `update_metadata`: objects merge at every depth, `null` deletes a key.
pub fn deep_merge(target: &mut Metadata, patch: Metadata) {
    for (key, value) in patch {
        match value {
            Value::Null => {
                target.remove(&key);
            }
            Value::Object(inner) => match target.get_mut(&key) {
                Some(Value::Object(existing)) => deep_merge(existing, inner),
                _ => {
                    let mut fresh = Metadata::new();
                    deep_merge(&mut fresh, inner);
                    target.insert(key, Value::Object(fresh));
                }
            },
            value => {
                target.insert(key, value);
            }
        }
    }
}

// ---------------------------------------------------------------- list, count, create

pub async fn list(State(s): St, RawQuery(q): RawQuery) -> JsonResult<Vec<User>> {
    let pairs = query_pairs(q.as_deref());
    let filter = Filter::parse(&pairs)?;
    let options = ListOptions::parse(&pairs)?;
    let now = now_ms();
    let store = s.read();
    let page = options.apply(&store, filter.select(&store))?;
    Ok(Json(page.into_iter().map(|r| r.view(now)).collect()))
}

pub async fn count(State(s): St, RawQuery(q): RawQuery) -> JsonResult<TotalCount> {
    let filter = Filter::parse(&query_pairs(q.as_deref()))?;
    let total = filter.select(&s.read()).len();
    let mut out = TotalCount::default();
    out.object = "total_count".into();
    out.total_count = total as i64;
    Ok(Json(out))
}

/// The instance's identifier settings against what a `create` gives: 422 `form_param_unknown`
/// for one that is off, then `form_data_missing` naming every one required but missing (and
/// `password`, when the instance requires one).
fn check_required_data(
    settings: &InstanceSettings,
    req: &CreateUserRequest,
    has_password: bool,
) -> ApiResult<()> {
    let given = |name: &str| match name {
        "email_address" => !req.email_address.is_empty(),
        "phone_number" => !req.phone_number.is_empty(),
        "username" => req.username.as_value().is_some_and(|u| !u.is_empty()),
        _ => !req.web3_wallet.is_empty(),
    };
    let identifiers = settings.identifiers.named();
    if let Some((name, _)) = identifiers
        .iter()
        .find(|(name, requirement)| *requirement == Requirement::Off && given(name))
    {
        return Err(ApiError::unknown(name));
    }
    let mut missing: Vec<&str> = identifiers
        .iter()
        .filter(|(name, requirement)| *requirement == Requirement::Required && !given(name))
        .map(|(name, _)| *name)
        .collect();
    let skip_requirement = req.skip_password_requirement.as_value() == Some(&true);
    if settings.password.required && !has_password && !skip_requirement {
        missing.push("password");
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ApiError::data_missing(&missing))
    }
}

pub async fn create(State(s): St, body: Bytes) -> JsonResult<User> {
    let req: CreateUserRequest = parse_body(&body, &[])?;
    let now = now_ms();
    let settings = s.settings();
    let has_password = req.password.as_value().is_some() || req.password_digest.as_value().is_some();
    check_required_data(&settings, &req, has_password)?;

    for email in &req.email_address {
        check_email(email)?;
    }
    for phone in &req.phone_number {
        check_phone(phone)?;
    }
    for wallet in &req.web3_wallet {
        check_web3_wallet(wallet)?;
    }
    if let Some(username) = req.username.as_value().filter(|u| !u.is_empty()) {
        settings.check_username(username)?;
    }
    let created_at = match req.created_at.as_value() {
        Some(value) => rfc3339_param("created_at", value)?,
        None => now,
    };
    let legal_accepted_at = match req.legal_accepted_at.as_value() {
        Some(value) => Some(rfc3339_param("legal_accepted_at", value)?),
        None => None,
    };
    if let Some(secret) = req.totp_secret.as_value() {
        secrets::check_totp_secret(secret)?;
    }
    secrets::check_backup_codes(&req.backup_codes)?;
    let password = new_password(
        &settings,
        req.password.as_value().map(String::as_str),
        req.password_digest.as_value().map(String::as_str),
        req.password_hasher.as_deref(),
        req.skip_password_checks.as_value() == Some(&true),
    )?;

    let mut user = store::new_user(now, &s.default_image_url());
    user.created_at = created_at;
    for (i, address) in req.email_address.iter().enumerate() {
        let reserved = identification_status(
            &req.email_address_identification_status,
            i,
            "email_address_identification_status",
        )?;
        user.email_addresses
            .push(store::email_address(address, reserved, now));
    }
    for (i, number) in req.phone_number.iter().enumerate() {
        let reserved = identification_status(
            &req.phone_number_identification_status,
            i,
            "phone_number_identification_status",
        )?;
        user.phone_numbers
            .push(store::phone_number(number, reserved, now));
    }
    for wallet in &req.web3_wallet {
        user.web3_wallets.push(store::web3_wallet(wallet, now));
    }
    user.primary_email_address_id = user.email_addresses.first().and_then(|e| e.id.clone());
    user.primary_phone_number_id = user.phone_numbers.first().and_then(|p| p.id.clone());
    user.primary_web3_wallet_id = user.web3_wallets.first().and_then(|w| w.id.clone());
    user.username = normalize_username(req.username.as_value().cloned());
    user.external_id = req.external_id.as_value().cloned();
    user.first_name = req.first_name.as_value().cloned();
    user.last_name = req.last_name.as_value().cloned();
    user.locale = req.locale.as_value().cloned();
    user.public_metadata = req.public_metadata.unwrap_or_default();
    user.private_metadata = Some(req.private_metadata.unwrap_or_default());
    user.unsafe_metadata = Some(req.unsafe_metadata.unwrap_or_default());
    if let Some(v) = req.delete_self_enabled.as_value() {
        user.delete_self_enabled = *v;
    }
    if let Some(v) = req.create_organization_enabled.as_value() {
        user.create_organization_enabled = *v;
    }
    user.create_organizations_limit = req.create_organizations_limit.as_value().copied();
    user.legal_accepted_at = legal_accepted_at;
    if let Some(v) = req.bypass_client_trust.as_value() {
        user.bypass_client_trust = Some(*v);
    }
    user.banned = req.banned.as_value() == Some(&true);

    let mut record = UserRecord::new(user);
    record.set_password(password, now);
    record.totp_secret = req.totp_secret.as_value().cloned();
    record.backup_codes = req.backup_codes.clone();
    record.refresh_mfa(now);
    if req.locked.as_value() == Some(&true) {
        record.set_locked(true, now);
    }

    let mut store = s.write();
    let ids = Identifiers {
        emails: req.email_address.iter().map(String::as_str).collect(),
        phones: req.phone_number.iter().map(String::as_str).collect(),
        wallets: req.web3_wallet.iter().map(String::as_str).collect(),
        username: record.user.username.as_deref(),
        external_id: record.user.external_id.as_deref(),
    };
    ids.check(&store, None)?;
    let view = record.view(now);
    store.insert(record);
    Ok(Json(view))
}

// ---------------------------------------------------------------- one user

pub async fn get(State(s): St, Path(user_id): Path<String>) -> JsonResult<User> {
    Ok(Json(s.read().user(&user_id)?.view(now_ms())))
}

pub async fn delete(State(s): St, Path(user_id): Path<String>) -> JsonResult<DeletedObject> {
    s.write()
        .remove(&user_id)
        .ok_or_else(|| ApiError::user_not_found(&user_id))?;
    Ok(Json(deleted("user", user_id)))
}

fn deleted(object: &str, id: String) -> DeletedObject {
    let mut out = DeletedObject::default();
    out.object = object.into();
    out.id = Some(id);
    out.deleted = true;
    out
}

pub async fn update(State(s): St, Path(user_id): Path<String>, body: Bytes) -> JsonResult<User> {
    let req: UpdateUserRequest = parse_body(&body, &[("user_id", &user_id)])?;
    let now = now_ms();
    let settings = s.settings();
    match req.username.as_value().filter(|u| !u.is_empty()) {
        Some(_) if settings.identifiers.username == Requirement::Off => {
            return Err(ApiError::unknown("username"));
        }
        Some(username) => settings.check_username(username)?,
        None if !req.username.is_unset() && settings.identifiers.username == Requirement::Required => {
            return Err(ApiError::data_missing(&["username"]));
        }
        None => {}
    }
    let created_at = match req.created_at.as_value() {
        Some(value) => Some(rfc3339_param("created_at", value)?),
        None => None,
    };
    let legal_accepted_at = match &req.legal_accepted_at {
        Nullable::Value(value) => Some(Some(rfc3339_param("legal_accepted_at", value)?)),
        Nullable::Null => Some(None),
        Nullable::Unset => None,
    };
    if let Some(secret) = req.totp_secret.as_value() {
        secrets::check_totp_secret(secret)?;
    }
    secrets::check_backup_codes(&req.backup_codes)?;
    let password = new_password(
        &settings,
        req.password.as_value().map(String::as_str),
        req.password_digest.as_deref(),
        req.password_hasher.as_deref(),
        req.skip_password_checks.as_value() == Some(&true),
    )?;
    // Refuse unknown users before anything else is checked against the store.
    let mut store = s.write();
    store.user(&user_id)?;

    let username = nullable_string(req.username.clone()).map(normalize_username);
    let external_id = nullable_string(req.external_id.clone());
    let ids = Identifiers {
        username: username.as_ref().and_then(|u| u.as_deref()),
        external_id: external_id.as_ref().and_then(|e| e.as_deref()),
        ..Identifiers::default()
    };
    ids.check(&store, Some(&user_id))?;

    let record = store.user_mut(&user_id)?;
    // Check every primary ID before changing anything, so that a refused request changes nothing.
    let user = &record.user;
    let primary_email = req.primary_email_address_id.as_value();
    let primary_phone = req.primary_phone_number_id.as_value();
    let primary_wallet = req.primary_web3_wallet_id.as_value();
    check_owned(
        "primary_email_address_id",
        "an email address",
        primary_email,
        user.email_addresses.iter().map(|e| e.id.as_deref()),
    )?;
    check_owned(
        "primary_phone_number_id",
        "a phone number",
        primary_phone,
        user.phone_numbers.iter().map(|p| p.id.as_deref()),
    )?;
    check_owned(
        "primary_web3_wallet_id",
        "a web3 wallet",
        primary_wallet,
        user.web3_wallets.iter().map(|w| w.id.as_deref()),
    )?;

    let user = &mut record.user;
    if let Some(id) = primary_email {
        user.primary_email_address_id = Some(id.clone());
    }
    if let Some(id) = primary_phone {
        user.primary_phone_number_id = Some(id.clone());
    }
    if let Some(id) = primary_wallet {
        user.primary_web3_wallet_id = Some(id.clone());
    }
    if let Some(v) = username {
        user.username = v;
    }
    if let Some(v) = external_id {
        user.external_id = v;
    }
    if let Some(v) = nullable_string(req.first_name) {
        user.first_name = v;
    }
    if let Some(v) = nullable_string(req.last_name) {
        user.last_name = v;
    }
    if let Some(v) = nullable_string(req.locale) {
        user.locale = v;
    }
    if let Some(v) = req.public_metadata {
        user.public_metadata = v;
    }
    if let Some(v) = req.private_metadata {
        user.private_metadata = Some(v);
    }
    if let Some(v) = req.unsafe_metadata {
        user.unsafe_metadata = Some(v);
    }
    if let Some(v) = req.delete_self_enabled.as_value() {
        user.delete_self_enabled = *v;
    }
    if let Some(v) = req.create_organization_enabled.as_value() {
        user.create_organization_enabled = *v;
    }
    match req.create_organizations_limit {
        Nullable::Value(v) => user.create_organizations_limit = Some(v),
        Nullable::Null => user.create_organizations_limit = None,
        Nullable::Unset => {}
    }
    if let Some(v) = req.bypass_client_trust.as_value() {
        user.bypass_client_trust = Some(*v);
    }
    if let Some(v) = legal_accepted_at {
        user.legal_accepted_at = v;
    }
    if let Some(v) = created_at {
        user.created_at = v;
    }
    user.updated_at = now;
    if password.is_some() {
        record.set_password(password, now);
    }
    match req.totp_secret {
        Nullable::Value(secret) => {
            record.totp_secret = Some(secret);
            record.totp_last_step = None;
        }
        Nullable::Null => record.totp_secret = None,
        Nullable::Unset => {}
    }
    if !req.backup_codes.is_empty() {
        record.backup_codes = req.backup_codes;
    }
    record.refresh_mfa(now);
    Ok(Json(record.view(now)))
}

pub async fn update_metadata(State(s): St, Path(user_id): Path<String>, body: Bytes) -> JsonResult<User> {
    let req: UpdateMetadataRequest = parse_body(&body, &[("user_id", &user_id)])?;
    let now = now_ms();
    let mut store = s.write();
    let record = store.user_mut(&user_id)?;
    let user = &mut record.user;
    if let Some(patch) = req.public_metadata {
        deep_merge(&mut user.public_metadata, patch);
    }
    if let Some(patch) = req.private_metadata {
        deep_merge(user.private_metadata.get_or_insert_with(Metadata::new), patch);
    }
    if let Some(patch) = req.unsafe_metadata {
        deep_merge(user.unsafe_metadata.get_or_insert_with(Metadata::new), patch);
    }
    user.updated_at = now;
    Ok(Json(record.view(now)))
}

/// Applies `change` to one user and returns the user.
fn modify(s: &Shared, user_id: &str, change: impl FnOnce(&mut UserRecord, i64)) -> JsonResult<User> {
    let now = now_ms();
    let mut store = s.write();
    let record = store.user_mut(user_id)?;
    change(record, now);
    record.user.updated_at = now;
    Ok(Json(record.view(now)))
}

pub async fn ban(State(s): St, Path(user_id): Path<String>) -> JsonResult<User> {
    modify(&s, &user_id, |r, _| r.user.banned = true)
}

pub async fn unban(State(s): St, Path(user_id): Path<String>) -> JsonResult<User> {
    modify(&s, &user_id, |r, _| r.user.banned = false)
}

pub async fn lock(State(s): St, Path(user_id): Path<String>) -> JsonResult<User> {
    modify(&s, &user_id, |r, now| r.set_locked(true, now))
}

pub async fn unlock(State(s): St, Path(user_id): Path<String>) -> JsonResult<User> {
    modify(&s, &user_id, |r, now| r.set_locked(false, now))
}

/// The most user IDs one `bulk_ban` / `bulk_unban` takes.
const MAX_BULK: usize = 50;

async fn bulk(s: &Shared, body: &[u8], banned: bool) -> JsonResult<Vec<User>> {
    let req: BulkBanRequest = parse_body(body, &[])?;
    if req.user_ids.len() > MAX_BULK {
        return Err(ApiError::bulk_size_exceeded(MAX_BULK));
    }
    if req.user_ids.is_empty() {
        return Err(
            ApiError::bad_request("form_param_value_invalid", "user_ids must not be empty.")
                .param("user_ids"),
        );
    }
    let now = now_ms();
    let mut store = s.write();
    // Unknown IDs are skipped: the result lists the users that were changed.
    let mut out = Vec::with_capacity(req.user_ids.len());
    for id in &req.user_ids {
        if let Some(record) = store.users.get_mut(id) {
            record.user.banned = banned;
            record.user.updated_at = now;
            out.push(record.view(now));
        }
    }
    Ok(Json(out))
}

pub async fn bulk_ban(State(s): St, body: Bytes) -> JsonResult<Vec<User>> {
    bulk(&s, &body, true).await
}

pub async fn bulk_unban(State(s): St, body: Bytes) -> JsonResult<Vec<User>> {
    bulk(&s, &body, false).await
}

// ---------------------------------------------------------------- profile image

pub async fn set_profile_image(
    State(s): St,
    Path(user_id): Path<String>,
    form: Result<Multipart, MultipartRejection>,
) -> JsonResult<User> {
    // The body is read before the user is looked up: a client still sending its upload when an
    // answer comes would see a reset connection instead of the 404.
    let mut form = form.map_err(|_| ApiError::request_body_invalid())?;
    let mut file = None;
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|_| ApiError::request_body_invalid())?
    {
        if field.name() == Some("file") {
            // Counted as it arrives: nothing past the limit is kept.
            let mut bytes = bytes::BytesMut::new();
            while let Some(chunk) = field
                .chunk()
                .await
                .map_err(|_| ApiError::request_body_invalid())?
            {
                if bytes.len() + chunk.len() > store::MAX_IMAGE_BYTES {
                    return Err(ApiError::image_too_large());
                }
                bytes.extend_from_slice(&chunk);
            }
            file = Some(bytes.freeze());
        }
    }
    s.read().user(&user_id)?;
    let Some(bytes) = file else {
        return Err(ApiError::image_missing());
    };
    // The part's own content type is the uploader's claim: the bytes decide.
    let content_type = store::image_type(&bytes).ok_or_else(|| store::not_an_image(&bytes))?;
    let base = s.base_url.clone();
    modify(&s, &user_id, move |r, _| {
        let version = r.image.as_ref().map_or(1, |i| i.version + 1);
        let url = store::image_url(&base, &r.user.id, version);
        r.image = Some(Image {
            bytes,
            content_type,
            version,
        });
        r.user.has_image = true;
        r.user.image_url = Some(url.clone());
        r.user.profile_image_url = Some(url);
    })
}

pub async fn delete_profile_image(State(s): St, Path(user_id): Path<String>) -> JsonResult<User> {
    let default = s.default_image_url();
    modify(&s, &user_id, move |r, _| {
        r.image = None;
        r.user.has_image = false;
        r.user.image_url = Some(default.clone());
        r.user.profile_image_url = Some(default);
    })
}

// ---------------------------------------------------------------- passwords and MFA

pub async fn verify_password(
    State(s): St,
    Path(user_id): Path<String>,
    body: Bytes,
) -> JsonResult<VerifyPasswordResponse> {
    let req: VerifyPasswordRequest = parse_body(&body, &[("user_id", &user_id)])?;
    let stored = s.read().user(&user_id)?.password.clone();
    let Some(stored) = stored else {
        return Err(ApiError::no_password_set());
    };
    let verified = tokio::task::spawn_blocking(move || secrets::verify_password(&stored, &req.password))
        .await
        .unwrap_or(false);
    if !verified {
        return Err(ApiError::incorrect_password());
    }
    let mut out = VerifyPasswordResponse::default();
    out.verified = true;
    Ok(Json(out))
}

pub async fn verify_totp(
    State(s): St,
    Path(user_id): Path<String>,
    body: Bytes,
) -> JsonResult<VerifyTotpResponse> {
    let req: VerifyTotpRequest = parse_body(&body, &[("user_id", &user_id)])?;
    let code = req.code.trim().to_owned();
    let (secret, last_step, codes) = {
        let store = s.read();
        let r = store.user(&user_id)?;
        (r.totp_secret.clone(), r.totp_last_step, r.backup_codes.clone())
    };
    if secret.is_none() && codes.is_empty() {
        return Err(ApiError::totp_disabled());
    }
    let now_secs = (now_ms() / 1000) as u64;
    let step = secret
        .as_deref()
        .and_then(|secret| secrets::totp_step(secret, &code, now_secs))
        .filter(|step| last_step.is_none_or(|last| *step > last));
    // Backup codes may be bcrypt digests: match them off the runtime.
    let backup = if step.is_none() {
        let candidate = code.clone();
        tokio::task::spawn_blocking(move || {
            codes
                .into_iter()
                .find(|c| secrets::backup_code_matches(c, &candidate))
        })
        .await
        .unwrap_or(None)
    } else {
        None
    };
    let code_type = {
        let mut store = s.write();
        let record = store.user_mut(&user_id)?;
        match (step, backup) {
            (Some(step), _) if record.totp_last_step.is_none_or(|last| step > last) => {
                record.totp_last_step = Some(step);
                TotpCodeType::Totp
            }
            (_, Some(used)) if record.backup_codes.contains(&used) => {
                record.backup_codes.retain(|c| c != &used);
                record.refresh_mfa(now_ms());
                TotpCodeType::BackupCode
            }
            // A code that is no backup code must be a TOTP code: 6 characters.
            _ if code.chars().count() != 6 => return Err(ApiError::totp_invalid_length()),
            _ => return Err(ApiError::totp_incorrect()),
        }
    };
    let mut out = VerifyTotpResponse::default();
    out.verified = true;
    out.code_type = Some(code_type);
    Ok(Json(out))
}

fn user_id_response(
    s: &Shared,
    user_id: &str,
    change: impl FnOnce(&mut UserRecord),
) -> JsonResult<UserIdResponse> {
    let now = now_ms();
    let mut store = s.write();
    let record = store.user_mut(user_id)?;
    change(record);
    record.refresh_mfa(now);
    record.user.updated_at = now;
    let mut out = UserIdResponse::default();
    out.user_id = user_id.to_owned();
    Ok(Json(out))
}

pub async fn delete_totp(State(s): St, Path(user_id): Path<String>) -> JsonResult<UserIdResponse> {
    user_id_response(&s, &user_id, |r| {
        r.totp_secret = None;
        r.totp_last_step = None;
    })
}

pub async fn delete_backup_codes(State(s): St, Path(user_id): Path<String>) -> JsonResult<UserIdResponse> {
    user_id_response(&s, &user_id, |r| r.backup_codes.clear())
}

pub async fn disable_mfa(State(s): St, Path(user_id): Path<String>) -> JsonResult<UserIdResponse> {
    user_id_response(&s, &user_id, |r| {
        r.totp_secret = None;
        r.totp_last_step = None;
        r.backup_codes.clear();
        for phone in &mut r.user.phone_numbers {
            phone.reserved_for_second_factor = Some(false);
            phone.default_second_factor = Some(false);
        }
    })
}

pub async fn set_password_compromised(
    State(s): St,
    Path(user_id): Path<String>,
    body: Bytes,
) -> JsonResult<User> {
    let _: SetPasswordCompromisedRequest = parse_body(&body, &[("user_id", &user_id)])?;
    if s.read().user(&user_id)?.password.is_none() {
        return Err(ApiError::no_password_set());
    }
    modify(&s, &user_id, |r, _| r.password_compromised = true)
}

pub async fn unset_password_compromised(State(s): St, Path(user_id): Path<String>) -> JsonResult<User> {
    modify(&s, &user_id, |r, _| r.password_compromised = false)
}

// ---------------------------------------------------------------- identifications

pub async fn delete_passkey(
    State(s): St,
    Path((user_id, id)): Path<(String, String)>,
) -> JsonResult<DeletedObject> {
    let mut store = s.write();
    let record = store.user_mut(&user_id)?;
    let before = record.user.passkeys.len();
    record
        .user
        .passkeys
        .retain(|p| p.id.as_deref() != Some(id.as_str()));
    if record.user.passkeys.len() == before {
        return Err(ApiError::resource_not_found());
    }
    record.user.updated_at = now_ms();
    Ok(Json(deleted("passkey", id)))
}

pub async fn delete_web3_wallet(
    State(s): St,
    Path((user_id, id)): Path<(String, String)>,
) -> JsonResult<DeletedObject> {
    let mut store = s.write();
    let record = store.user_mut(&user_id)?;
    let user = &mut record.user;
    let before = user.web3_wallets.len();
    user.web3_wallets.retain(|w| w.id.as_deref() != Some(id.as_str()));
    if user.web3_wallets.len() == before {
        return Err(ApiError::resource_not_found());
    }
    if user.primary_web3_wallet_id.as_deref() == Some(id.as_str()) {
        user.primary_web3_wallet_id = user.web3_wallets.first().and_then(|w| w.id.clone());
    }
    user.updated_at = now_ms();
    Ok(Json(deleted("web3_wallet", id)))
}

pub async fn delete_external_account(
    State(s): St,
    Path((user_id, id)): Path<(String, String)>,
) -> JsonResult<DeletedObject> {
    let mut store = s.write();
    let record = store.user_mut(&user_id)?;
    let before = record.user.external_accounts.len();
    record.user.external_accounts.retain(|a| a.id != id);
    if record.user.external_accounts.len() == before {
        return Err(ApiError::resource_not_found());
    }
    record.user.updated_at = now_ms();
    store
        .oauth_tokens
        .retain(|(owner, t)| !(owner == &user_id && t.external_account_id == id));
    Ok(Json(deleted("external_account", id)))
}

// ---------------------------------------------------------------- organizations, OAuth

fn memberships_page(items: Vec<OrganizationMembership>, page: Page) -> OrganizationMemberships {
    let mut out = OrganizationMemberships::default();
    out.total_count = items.len() as i64;
    out.data = page.apply(items);
    out
}

fn membership_of(m: &OrganizationMembership, user_id: &str) -> bool {
    m.public_user_data.as_ref().is_some_and(|d| d.user_id == user_id)
}

pub async fn organization_memberships(
    State(s): St,
    Path(user_id): Path<String>,
    RawQuery(q): RawQuery,
) -> JsonResult<OrganizationMemberships> {
    let page = Page::parse(&query_pairs(q.as_deref()))?;
    let store = s.read();
    store.user(&user_id)?;
    let mut items: Vec<_> = store
        .memberships
        .iter()
        .filter(|m| membership_of(m, &user_id))
        .cloned()
        .collect();
    items.sort_by_key(|m| std::cmp::Reverse(m.created_at));
    Ok(Json(memberships_page(items, page)))
}

pub async fn instance_organization_memberships(
    State(s): St,
    RawQuery(q): RawQuery,
) -> JsonResult<OrganizationMemberships> {
    let pairs = query_pairs(q.as_deref());
    let page = Page::parse(&pairs)?;
    let order_by = pairs
        .iter()
        .find(|(k, _)| k == "order_by")
        .map(|(_, v)| v.as_str());
    let mut items = s.read().memberships.clone();
    let (descending, field) = match order_by {
        None => (true, "created_at"),
        Some(o) => match o.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, o.strip_prefix('+').unwrap_or(o)),
        },
    };
    let text =
        |m: &OrganizationMembership,
         f: fn(&clerk_backend::models::OrganizationMembershipPublicUserData) -> Option<String>| {
            m.public_user_data.as_ref().and_then(f).map(|v| v.to_lowercase())
        };
    match field {
        "created_at" => items.sort_by_key(|m| m.created_at),
        "first_name" => items.sort_by_key(|m| text(m, |d| d.first_name.clone())),
        "last_name" => items.sort_by_key(|m| text(m, |d| d.last_name.clone())),
        "username" => items.sort_by_key(|m| text(m, |d| d.username.clone())),
        "email_address" | "phone_number" => items.sort_by_key(|m| text(m, |d| d.identifier.clone())),
        other => {
            return Err(ApiError::invalid(
                "order_by",
                format!("order_by {other:?} is not supported."),
            ));
        }
    }
    if descending {
        items.reverse();
    }
    Ok(Json(memberships_page(items, page)))
}

pub async fn organization_invitations(
    State(s): St,
    Path(user_id): Path<String>,
    RawQuery(q): RawQuery,
) -> JsonResult<OrganizationInvitations> {
    let pairs = query_pairs(q.as_deref());
    let page = Page::parse(&pairs)?;
    let status = pairs.iter().find(|(k, _)| k == "status").map(|(_, v)| v.as_str());
    if let Some(status) = status
        && !["pending", "accepted", "revoked", "expired"].contains(&status)
    {
        return Err(ApiError::bad_request(
            "form_param_value_invalid",
            format!("status {status:?} is not one of pending, accepted, revoked, expired."),
        )
        .param("status"));
    }
    let store = s.read();
    let user = &store.user(&user_id)?.user;
    let mut items: Vec<_> = store
        .invitations
        .iter()
        .filter(|i| {
            user.email_addresses
                .iter()
                .any(|e| e.email_address.eq_ignore_ascii_case(&i.email_address))
        })
        .filter(|i| status.is_none_or(|s| i.status.as_ref().is_some_and(|st| st.as_str() == s)))
        .cloned()
        .collect();
    items.sort_by_key(|i| std::cmp::Reverse(i.created_at));
    let mut out = OrganizationInvitations::default();
    out.total_count = items.len() as i64;
    out.data = page.apply(items);
    Ok(Json(out))
}

pub async fn oauth_access_tokens(
    State(s): St,
    Path((user_id, provider)): Path<(String, String)>,
    RawQuery(q): RawQuery,
) -> JsonResult<OAuthAccessTokens> {
    let pairs = query_pairs(q.as_deref());
    let page = Page::parse(&pairs)?;
    let mut paginated = false;
    for (key, value) in &pairs {
        if key == "paginated" {
            paginated = crate::listing::bool_param("paginated", value)?;
        }
    }
    let store = s.read();
    store.user(&user_id)?;
    let items: Vec<_> = store
        .oauth_tokens
        .iter()
        .filter(|(owner, t)| owner == &user_id && t.provider == provider)
        .map(|(_, t)| t.clone())
        .collect();
    // As Clerk does: a page with the total when asked for one, else a bare list.
    if paginated {
        let mut out = OAuthAccessTokenPage::default();
        out.total_count = items.len() as i64;
        out.data = page.apply(items);
        return Ok(Json(OAuthAccessTokens::Page(out)));
    }
    Ok(Json(OAuthAccessTokens::List(page.apply(items))))
}

// ---------------------------------------------------------------- billing

fn money(amount: i64, currency: &str) -> Money {
    let symbol = match currency {
        "USD" | "CAD" | "AUD" => "$",
        "EUR" => "€",
        "GBP" => "£",
        "JPY" => "¥",
        other => other,
    };
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    let mut out = Money::default();
    out.amount = amount;
    out.amount_formatted = format!("{sign}{}.{:02}", abs / 100, abs % 100);
    out.currency = currency.to_owned();
    out.currency_symbol = symbol.to_owned();
    out
}

fn payer_id(user_id: &str) -> String {
    format!("cpayer_{}", user_id.trim_start_matches("user_"))
}

pub async fn billing_subscription(
    State(s): St,
    Path(user_id): Path<String>,
) -> JsonResult<clerk_backend::models::BillingSubscription> {
    let store = s.read();
    store.user(&user_id)?;
    store
        .subscriptions
        .get(&user_id)
        .cloned()
        .map(Json)
        .ok_or_else(ApiError::resource_not_found)
}

pub async fn billing_credits(State(s): St, Path(user_id): Path<String>) -> JsonResult<CreditBalance> {
    let store = s.read();
    store.user(&user_id)?;
    let mut out = CreditBalance::default();
    out.object = "commerce_credit_balance".into();
    if let Some(entries) = store.credits.get(&user_id).filter(|e| !e.is_empty()) {
        let currency = entries[0].entry.amount.currency.clone();
        out.balance = Some(money(balance(entries, &currency), &currency));
    }
    Ok(Json(out))
}

pub async fn adjust_billing_credits(
    State(s): St,
    Path(user_id): Path<String>,
    body: Bytes,
) -> JsonResult<CreditLedgerEntry> {
    let req: AdjustBillingCreditBalanceRequest = parse_body(&body, &[("user_id", &user_id)])?;
    if req.amount <= 0 {
        return Err(ApiError::invalid("amount", "amount must be greater than zero."));
    }
    let sign = match req.action {
        Action::Increase => 1,
        Action::Decrease => -1,
        Action::Unknown(other) => {
            return Err(ApiError::invalid(
                "action",
                format!("action {other:?} is not one of increase, decrease."),
            ));
        }
    };
    if req.idempotency_key.is_empty() {
        return Err(ApiError::missing("idempotency_key"));
    }
    let currency = req.currency.unwrap_or_else(|| "USD".into()).to_uppercase();
    let mut store = s.write();
    store.user(&user_id)?;
    let entries = store.credits.entry(user_id.clone()).or_default();
    if let Some(existing) = entries.iter().find(|e| e.idempotency_key == req.idempotency_key) {
        return Ok(Json(existing.entry.clone()));
    }
    // The balance must stay within what the API's integers hold: refused, never wrapped.
    let overflow = entries
        .iter()
        .filter(|e| e.entry.amount.currency == currency)
        .try_fold(0i64, |sum, e| sum.checked_add(e.entry.amount.amount))
        .and_then(|sum| sum.checked_add(sign * req.amount))
        .is_none();
    if overflow {
        return Err(ApiError::invalid(
            "amount",
            "amount would take the credit balance beyond the largest amount the API holds.",
        ));
    }
    let mut entry = CreditLedgerEntry::default();
    entry.object = "commerce_credit_ledger".into();
    entry.id = new_id("ccl_");
    entry.payer_id = payer_id(&user_id);
    entry.amount = money(sign * req.amount, &currency);
    entry.source_type = "manual_adjustment".into();
    entry.source_id = entry.id.clone();
    entry.note = req.note;
    entry.created_at = format_rfc3339(now_ms());
    entries.push(LedgerEntry {
        idempotency_key: req.idempotency_key,
        entry: entry.clone(),
    });
    Ok(Json(entry))
}

/// The sum of the entries in `currency`, saturated (an adjustment that would overflow it is
/// refused; imported ledgers may still be extreme).
fn balance(entries: &[store::LedgerEntry], currency: &str) -> i64 {
    entries
        .iter()
        .filter(|e| e.entry.amount.currency == currency)
        .fold(0i64, |sum, e| sum.saturating_add(e.entry.amount.amount))
}

/// A primary ID given in `update` must name one of the user's own identifications.
fn check_owned<'a>(
    param: &str,
    what: &str,
    id: Option<&String>,
    mut owned: impl Iterator<Item = Option<&'a str>>,
) -> Result<(), ApiError> {
    match id {
        Some(id) if !owned.any(|own| own == Some(id.as_str())) => Err(ApiError::invalid(
            param,
            format!("{id:?} is not {what} of this user."),
        )),
        _ => Ok(()),
    }
}
