//! Rust client scenarios: clerk-backend against the floor (raw reqwest + serde_json), in one
//! process, against the canned server. Prints one JSON line per (client, scenario, round).
//!
//! rust_client --url http://127.0.0.1:PORT --calls 200 --rounds 5

use std::time::Instant;

use clerk_backend::Clerk;
use clerk_backend::models::{
    EmailAddress, EnterpriseAccount, ExternalAccount, IdentificationLink, Metadata, OrganizationMembership,
    Passkey, PhoneNumber, SamlAccount, User, Verification, Web3Wallet,
};
use clerk_backend::requests::{CreateUserRequest, ListUsersRequest};
use futures_util::stream::{self, StreamExt};
use serde_json::{Value, json};

const KEY: &str = "sk_test_bench";
const IN_FLIGHT: usize = 32;

struct Raw {
    http: reqwest::Client,
    base: String,
}

impl Raw {
    async fn get(&self, path: &str) -> Value {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {KEY}"))
            .header("accept", "application/json")
            .header("clerk-api-version", "2025-11-10")
            .send()
            .await
            .unwrap();
        let bytes = response.bytes().await.unwrap();
        serde_json::from_slice(&bytes).unwrap()
    }

    async fn post(&self, path: &str, body: &Value) -> Value {
        let response = self
            .http
            .post(format!("{}{path}", self.base))
            .header("authorization", format!("Bearer {KEY}"))
            .header("accept", "application/json")
            .header("clerk-api-version", "2025-11-10")
            .header("content-type", "application/json")
            .body(serde_json::to_vec(body).unwrap())
            .send()
            .await
            .unwrap();
        serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
    }
}

fn create_body() -> Value {
    json!({
        "external_id": "ext-id-001", "first_name": "John", "last_name": "Doe", "locale": "en",
        "email_address": ["john.doe@example.com"], "phone_number": ["+12345678901"],
        "username": "johndoe123", "password": "Secure*Pass4", "skip_password_checks": false,
        "public_metadata": {"role": "user"}, "private_metadata": {"internal_id": "789"},
        "unsafe_metadata": {"preferences": {"theme": "dark"}}, "delete_self_enabled": true,
        "created_at": "2023-03-15T07:15:20.902Z",
    })
}

/// What an application listing users reads of each: `id`, `first_name`, the first email address
/// and `public_metadata` (a typed model has them decoded already; the reads keep it honest).
fn read_four(users: &[clerk_backend::models::User]) {
    for user in users {
        std::hint::black_box((
            &user.id,
            &user.first_name,
            user.email_addresses.first().map(|e| &e.email_address),
            user.public_metadata.len(),
        ));
    }
}

fn read_four_values(users: &Value) {
    for user in users.as_array().into_iter().flatten() {
        std::hint::black_box((
            &user["id"],
            &user["first_name"],
            &user["email_addresses"][0]["email_address"],
            user["public_metadata"].as_object().map(|m| m.len()),
        ));
    }
}

/// Reads its arguments as an application does: each one is loaded, whatever its type.
macro_rules! read {
    ($($field:expr),* $(,)?) => {{
        $(std::hint::black_box(&$field);)*
    }};
}

/// Reads every field of a user, nested ones and metadata included, as code that uses all of it
/// would (the `get` scenario; `read_value` does the same to the floor's `serde_json::Value`).
fn read_user(user: &User) {
    read!(
        user.id,
        user.object,
        user.external_id,
        user.primary_email_address_id,
        user.primary_phone_number_id,
        user.primary_web3_wallet_id,
        user.username,
        user.first_name,
        user.last_name,
        user.locale,
        user.profile_image_url,
        user.image_url,
        user.has_image,
        user.password_enabled,
        user.two_factor_enabled,
        user.totp_enabled,
        user.backup_code_enabled,
        user.mfa_enabled_at,
        user.mfa_disabled_at,
        user.password_last_updated_at,
        user.last_sign_in_at,
        user.banned,
        user.locked,
        user.deprovisioned,
        user.lockout_expires_in_seconds,
        user.verification_attempts_remaining,
        user.updated_at,
        user.created_at,
        user.delete_self_enabled,
        user.create_organization_enabled,
        user.create_organizations_limit,
        user.last_active_at,
        user.legal_accepted_at,
        user.bypass_client_trust,
    );
    read_metadata(&user.public_metadata);
    user.private_metadata.iter().for_each(read_metadata);
    user.unsafe_metadata.iter().for_each(read_metadata);
    user.email_addresses.iter().for_each(read_email_address);
    user.phone_numbers.iter().for_each(read_phone_number);
    user.web3_wallets.iter().for_each(read_web3_wallet);
    user.passkeys.iter().for_each(read_passkey);
    user.external_accounts.iter().for_each(read_external_account);
    user.saml_accounts.iter().for_each(read_saml_account);
    user.enterprise_accounts.iter().for_each(read_enterprise_account);
    user.organization_memberships
        .iter()
        .flatten()
        .for_each(read_organization_membership);
    if let Some(scim) = &user.scim {
        read!(scim.directory_id, scim.directory_enabled, scim.external_id);
        read_metadata(&scim.extra);
    }
    read_metadata(&user.extra);
}

fn read_metadata(metadata: &Metadata) {
    for (key, value) in metadata {
        read!(key);
        read_value(value);
    }
}

fn read_verification(verification: &Option<Verification>) {
    if let Some(v) = verification {
        read!(
            v.object,
            v.status,
            v.strategy,
            v.attempts,
            v.expire_at,
            v.channel,
            v.verified_at_client,
            v.external_verification_redirect_url,
            v.nonce,
            v.message,
        );
        if let Some(error) = &v.error {
            read!(error.message, error.long_message, error.code);
            error.meta.iter().for_each(read_metadata);
            read_metadata(&error.extra);
        }
        read_metadata(&v.extra);
    }
}

fn read_links(links: &[IdentificationLink]) {
    for link in links {
        read!(link.link_type, link.id);
        read_metadata(&link.extra);
    }
}

fn read_email_address(e: &EmailAddress) {
    read!(
        e.id,
        e.object,
        e.email_address,
        e.reserved,
        e.matches_sso_connection,
        e.created_at,
        e.updated_at
    );
    read_verification(&e.verification);
    read_links(&e.linked_to);
    read_metadata(&e.extra);
}

fn read_phone_number(p: &PhoneNumber) {
    read!(
        p.id,
        p.object,
        p.phone_number,
        p.reserved_for_second_factor,
        p.default_second_factor,
        p.reserved,
        p.created_at,
        p.updated_at,
    );
    p.backup_codes.iter().flatten().for_each(|code| read!(code));
    read_verification(&p.verification);
    read_links(&p.linked_to);
    read_metadata(&p.extra);
}

fn read_web3_wallet(w: &Web3Wallet) {
    read!(w.id, w.object, w.web3_wallet, w.created_at, w.updated_at);
    read_verification(&w.verification);
    read_metadata(&w.extra);
}

fn read_passkey(p: &Passkey) {
    read!(p.id, p.object, p.name, p.last_used_at);
    read_verification(&p.verification);
    read_metadata(&p.extra);
}

fn read_external_account(a: &ExternalAccount) {
    read!(
        a.object,
        a.id,
        a.provider,
        a.identification_id,
        a.provider_user_id,
        a.approved_scopes,
        a.email_address,
        a.email_address_verified,
        a.first_name,
        a.last_name,
        a.avatar_url,
        a.image_url,
        a.username,
        a.phone_number,
        a.label,
        a.created_at,
        a.updated_at,
    );
    read_metadata(&a.public_metadata);
    read_verification(&a.verification);
    read_metadata(&a.extra);
}

fn read_saml_account(a: &SamlAccount) {
    read!(
        a.id,
        a.object,
        a.provider,
        a.active,
        a.email_address,
        a.first_name,
        a.last_name,
        a.provider_user_id,
        a.last_authenticated_at,
    );
    a.public_metadata.iter().for_each(read_metadata);
    read_verification(&a.verification);
    if let Some(c) = &a.saml_connection {
        read!(
            c.id,
            c.name,
            c.domain,
            c.active,
            c.provider,
            c.sync_user_attributes,
            c.allow_subdomains,
            c.allow_idp_initiated,
            c.disable_additional_identifications,
            c.created_at,
            c.updated_at,
        );
        c.domains.iter().flatten().for_each(|domain| read!(domain));
        read_metadata(&c.extra);
    }
    read_metadata(&a.extra);
}

fn read_enterprise_account(a: &EnterpriseAccount) {
    read!(
        a.id,
        a.object,
        a.protocol,
        a.provider,
        a.active,
        a.email_address,
        a.first_name,
        a.last_name,
        a.provider_user_id,
        a.enterprise_connection_id,
        a.last_authenticated_at,
    );
    a.public_metadata.iter().for_each(read_metadata);
    read_verification(&a.verification);
    if let Some(c) = &a.enterprise_connection {
        read!(
            c.id,
            c.protocol,
            c.provider,
            c.name,
            c.logo_public_url,
            c.domain,
            c.active,
            c.sync_user_attributes,
            c.allow_subdomains,
            c.allow_idp_initiated,
            c.disable_additional_identifications,
            c.created_at,
            c.updated_at,
        );
        c.domains.iter().flatten().for_each(|domain| read!(domain));
        read_metadata(&c.extra);
    }
    read_metadata(&a.extra);
}

fn read_organization_membership(m: &OrganizationMembership) {
    read!(m.id, m.object, m.role, m.role_name, m.created_at, m.updated_at);
    m.permissions.iter().for_each(|permission| read!(permission));
    read_metadata(&m.public_metadata);
    m.private_metadata.iter().for_each(read_metadata);
    let o = &m.organization;
    read!(
        o.object,
        o.id,
        o.name,
        o.slug,
        o.image_url,
        o.has_image,
        o.members_count,
        o.missing_member_with_elevated_permissions,
        o.pending_invitations_count,
        o.max_allowed_memberships,
        o.admin_delete_enabled,
        o.created_by,
        o.created_at,
        o.updated_at,
        o.last_active_at,
        o.role_set_key,
    );
    read_metadata(&o.public_metadata);
    o.private_metadata.iter().for_each(read_metadata);
    read_metadata(&o.extra);
    if let Some(u) = &m.public_user_data {
        read!(
            u.user_id,
            u.first_name,
            u.last_name,
            u.profile_image_url,
            u.image_url,
            u.has_image,
            u.identifier,
            u.username,
            u.banned,
            u.deprovisioned,
        );
        read_metadata(&u.extra);
    }
    read_metadata(&m.extra);
}

/// Reads every value of a decoded JSON document, keys included.
fn read_value(value: &Value) {
    match value {
        Value::Object(map) => read_metadata(map),
        Value::Array(items) => items.iter().for_each(read_value),
        leaf => read!(leaf),
    }
}

fn list100() -> ListUsersRequest {
    ListUsersRequest {
        limit: Some(100),
        ..Default::default()
    }
}

/// Runs `calls` calls with `in_flight` of them at a time; returns (CPU ms per call, calls per second).
async fn measure<F, Fut>(calls: usize, in_flight: usize, call: F) -> (f64, f64)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (cpu, wall) = (clerk_bench::cpu_time(), Instant::now());
    stream::iter(0..calls)
        .for_each_concurrent(in_flight, |_| call())
        .await;
    let cpu_ms = (clerk_bench::cpu_time() - cpu).as_secs_f64() * 1e3 / calls as f64;
    (cpu_ms, calls as f64 / wall.elapsed().as_secs_f64())
}

fn report(client: &str, scenario: &str, round: usize, calls: usize, (cpu_ms, per_sec): (f64, f64)) {
    let line = json!({
        "language": "rust", "client": client, "scenario": scenario, "round": round, "calls": calls,
        "cpu_ms_per_call": cpu_ms, "calls_per_sec": per_sec, "peak_rss_kib": clerk_bench::peak_rss_kib(),
    });
    println!("{line}");
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (mut url, mut calls, mut rounds) = (String::new(), 200usize, 5usize);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--url" => url = args.next().expect("--url URL"),
            "--calls" => calls = args.next().expect("--calls N").parse().expect("number"),
            "--rounds" => rounds = args.next().expect("--rounds N").parse().expect("number"),
            other => panic!("unknown argument {other}"),
        }
    }
    // The floor's reqwest client needs a TLS crypto provider, as clerk-backend's own does.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let clerk = Clerk::builder(KEY)
        .server_url(format!("{url}/v1"))
        .build()
        .unwrap();
    let users = clerk.users();
    let raw = Raw {
        http: reqwest::Client::new(),
        base: format!("{url}/v1"),
    };
    let create = create_body();
    let create_request: CreateUserRequest = serde_json::from_value(create.clone()).unwrap();

    // Warm the connection pools once.
    users.list(list100()).await.unwrap();
    raw.get("/users?limit=100").await;

    for round in 0..rounds {
        let m = measure(calls, 1, || async {
            read_four(&users.list(list100()).await.unwrap())
        })
        .await;
        report("clerk-backend", "list100", round, calls, m);
        let m = measure(calls, 1, || async {
            read_four_values(&raw.get("/users?limit=100&offset=0").await)
        })
        .await;
        report("reqwest+serde_json", "list100", round, calls, m);

        let m = measure(calls * 5, 1, || async {
            read_user(&users.get("user_1").await.unwrap())
        })
        .await;
        report("clerk-backend", "get", round, calls * 5, m);
        let m = measure(calls * 5, 1, || async {
            read_value(&raw.get("/users/user_1").await)
        })
        .await;
        report("reqwest+serde_json", "get", round, calls * 5, m);

        let m = measure(calls, IN_FLIGHT, || async {
            read_four(&users.list(list100()).await.unwrap())
        })
        .await;
        report("clerk-backend", "list100_32_in_flight", round, calls, m);
        let m = measure(calls, IN_FLIGHT, || async {
            read_four_values(&raw.get("/users?limit=100&offset=0").await)
        })
        .await;
        report("reqwest+serde_json", "list100_32_in_flight", round, calls, m);

        let m = measure(calls * 5, 1, || async {
            drop(users.create(create_request.clone()).await.unwrap())
        })
        .await;
        report("clerk-backend", "create", round, calls * 5, m);
        let m = measure(calls * 5, 1, || async { drop(raw.post("/users", &create).await) }).await;
        report("reqwest+serde_json", "create", round, calls * 5, m);
    }
}
