//! Authentication, the `/emulator/v1` endpoints, fault injection and the binary.

mod common;

use std::time::{Duration, Instant};

use clerk_backend::requests::*;
use clerk_backend::{Clerk, RetryConfig};
use clerk_emulator::{Config, Emulator, Fault, RateLimit};
use common::*;
use serde_json::{Value, json};
use tokio::io::AsyncBufReadExt;

async fn post_json(url: String, body: Value) -> (u16, Value) {
    let response = http()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_str(&response.text().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn requests_need_a_test_secret_key() {
    let emu = start();
    let http = http();
    // No key at all: Clerk's header error; a key that is not accepted: Clerk's key error.
    for (auth, code) in [
        (None, "authorization_header_format_invalid"),
        (Some("Bearer "), "authorization_header_format_invalid"),
        (Some("Basic sk_test_1"), "authorization_header_format_invalid"),
        (Some("Bearer sk_live_123"), "clerk_key_invalid"),
        (Some("Bearer sk_test_"), "clerk_key_invalid"),
    ] {
        let mut request = http.get(format!("{}/users", emu.api_url()));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{auth:?}");
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_eq!(body["errors"][0]["code"], code, "{auth:?}");
    }

    let strict = Emulator::start(Config {
        secret_key: Some("sk_test_only_this".into()),
        ..Config::default()
    })
    .unwrap();
    let wrong = client(&strict)
        .users()
        .list(ListUsersRequest::default())
        .await
        .unwrap_err();
    assert_eq!(status_and_code(&wrong), (401, "clerk_key_invalid".into()));
    let right = Clerk::builder("sk_test_only_this")
        .server_url(strict.api_url())
        .build()
        .unwrap();
    assert!(
        right
            .users()
            .list(ListUsersRequest::default())
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn control_endpoints_load_reset_and_export() {
    let emu = start();
    let base = format!("{}/emulator/v1", emu.url());
    let (status, users) = post_json(
        format!("{base}/users"),
        json!([{"first_name": "One", "email_addresses": [{"email_address": "one@example.com"}]}, {"first_name": "Two"}]),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(users.as_array().unwrap().len(), 2);
    assert!(users[0]["id"].as_str().unwrap().starts_with("user_"));
    assert!(
        users[0]["email_addresses"][0]["id"]
            .as_str()
            .unwrap()
            .starts_with("idn_")
    );

    let count = client(&emu)
        .users()
        .count(CountUsersRequest::default())
        .await
        .unwrap();
    assert_eq!(count.total_count, 2);
    let exported: Value = serde_json::from_str(
        &http()
            .get(format!("{base}/export"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    )
    .unwrap();
    assert_eq!(exported["users"].as_array().unwrap().len(), 2);

    let (status, _) = post_json(format!("{base}/reset"), json!({})).await;
    assert_eq!(status, 200);
    let count = client(&emu)
        .users()
        .count(CountUsersRequest::default())
        .await
        .unwrap();
    assert_eq!(count.total_count, 0);

    let (status, _) = post_json(format!("{base}/import"), exported).await;
    assert_eq!(status, 200);
    let count = client(&emu)
        .users()
        .count(CountUsersRequest::default())
        .await
        .unwrap();
    assert_eq!(count.total_count, 2);

    let (status, body) = post_json(format!("{base}/faults"), json!({"statuz": 503})).await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn injected_503s_are_retried_by_the_client() {
    let emu = start();
    let users = client(&emu).users();
    let (status, _) = post_json(
        format!("{}/emulator/v1/faults", emu.url()),
        json!({"status": 503, "count": 2, "method": "POST", "path": "/v1/users"}),
    )
    .await;
    assert_eq!(status, 200);
    // A GET does not match the fault.
    assert_eq!(
        users
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        0
    );
    // The create meets two 503s, then succeeds: the retries recover it.
    let user = users
        .create(CreateUserRequest {
            first_name: "Retried".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(user.first_name.as_deref(), Some("Retried"));
    assert_eq!(
        users
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        1,
        "created once"
    );

    // Without retries the fault is what the caller sees, with its Retry-After.
    emu.state().add_fault(Fault {
        status: Some(503),
        retry_after: Some(1),
        ..Fault::default()
    });
    let err = users
        .with_options(clerk_backend::CallOptions {
            retries: Some(RetryConfig::none()),
            ..Default::default()
        })
        .get(user.id.as_str())
        .await
        .unwrap_err();
    assert_eq!(err.status_code(), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(1)));

    // Retry-After is honoured by the retrying client.
    let (status, _) = post_json(
        format!("{}/emulator/v1/faults", emu.url()),
        json!({"status": 429, "retry_after": 1}),
    )
    .await;
    assert_eq!(status, 200);
    let started = Instant::now();
    users.get(user.id.as_str()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900));
}

#[tokio::test]
async fn delays_and_malformed_json() {
    let emu = start();
    let users = client(&emu).users();
    let (status, _) = post_json(
        format!("{}/emulator/v1/faults", emu.url()),
        json!({"delay_ms": 300}),
    )
    .await;
    assert_eq!(status, 200);
    let started = Instant::now();
    users.count(CountUsersRequest::default()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300));

    let (status, _) = post_json(
        format!("{}/emulator/v1/faults", emu.url()),
        json!({"malformed_json": true}),
    )
    .await;
    assert_eq!(status, 200);
    let err = users.count(CountUsersRequest::default()).await.unwrap_err();
    assert_eq!(err.kind_name(), "ResponseValidationError");

    // DELETE clears pending faults.
    emu.state().add_fault(Fault {
        status: Some(500),
        count: 10,
        ..Fault::default()
    });
    let response = http()
        .delete(format!("{}/emulator/v1/faults", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        users
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        0
    );
}

#[tokio::test]
async fn malformed_bodies_get_clerk_errors() {
    let emu = start();
    let http = http();
    let cases = [
        ("{not json", 400, "request_body_invalid"),
        (r#"{"first_name": 5}"#, 422, "form_param_type_invalid"),
        (r#"{"frist_name": "typo"}"#, 422, "form_param_unknown"),
        ("[1, 2]", 400, "request_body_invalid"),
    ];
    for (body, status, code) in cases {
        let response = http
            .post(format!("{}/users", emu.api_url()))
            .bearer_auth(KEY)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status, "{body}");
        let json: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_eq!(json["errors"][0]["code"], code, "{body}");
    }
}

#[tokio::test]
async fn stop_frees_the_port() {
    let emu = start();
    let url = emu.api_url();
    emu.stop();
    let clerk = Clerk::builder(KEY)
        .server_url(url)
        .retry_config(RetryConfig::none())
        .build()
        .unwrap();
    let err = clerk
        .users()
        .count(CountUsersRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.kind_name(), "ConnectionError");
}

#[tokio::test]
async fn the_binary_prints_its_url_first() {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_clerk-emulator"))
        .args(["--host", "127.0.0.1", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("first line in time")
        .unwrap()
        .unwrap();
    let url = first
        .strip_prefix("listening on ")
        .expect("listening on ...")
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"));
    let clerk = Clerk::builder(KEY)
        .server_url(format!("{url}/v1"))
        .build()
        .unwrap();
    assert_eq!(
        clerk
            .users()
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        0
    );
    child.kill().await.unwrap();
}

#[tokio::test]
async fn dropped_connections_get_no_response() {
    let emu = start();
    let (status, fault) = post_json(
        format!("{}/emulator/v1/faults", emu.url()),
        json!({"drop_connection": true, "path": "/v1/users/count"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(fault["drop_connection"], true);
    let count = |http: reqwest::Client| {
        let url = format!("{}/users/count", emu.api_url());
        async move {
            http.get(url)
                .header("authorization", format!("Bearer {KEY}"))
                .send()
                .await
        }
    };
    // Not even a status line: the client sees the connection closed.
    let err = count(http()).await.expect_err("no response");
    assert!(!err.is_status() && err.status().is_none(), "{err:?}");
    // The fault is used up.
    assert_eq!(count(http()).await.unwrap().status(), 200);

    // The core client sees a connection error, and a retrying one gets through.
    emu.state().add_fault(Fault {
        drop_connection: true,
        ..Fault::default()
    });
    let users = client(&emu).users();
    let none = users.with_options(clerk_backend::CallOptions {
        retries: Some(RetryConfig::none()),
        ..Default::default()
    });
    let err = none.count(CountUsersRequest::default()).await.unwrap_err();
    assert_eq!(err.kind_name(), "ConnectionError");
    emu.state().add_fault(Fault {
        drop_connection: true,
        ..Fault::default()
    });
    assert_eq!(
        users
            .count(CountUsersRequest::default())
            .await
            .unwrap()
            .total_count,
        0
    );

    // A fault that does nothing is refused, by the endpoint and by `Fault::validate`.
    let (status, body) = post_json(format!("{}/emulator/v1/faults", emu.url()), json!({"count": 2})).await;
    assert_eq!(
        (status, body["errors"][0]["code"].as_str()),
        (422, Some("form_param_missing"))
    );
    assert!(Fault::default().validate().is_err());
    assert!(
        Fault {
            drop_connection: true,
            ..Fault::default()
        }
        .validate()
        .is_ok()
    );
}

async fn get_with_key(url: &str, key: &str) -> reqwest::Response {
    http()
        .get(url)
        .header("authorization", format!("Bearer {key}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn rate_limits_answer_429_with_retry_after() {
    let emu = start();
    let control = format!("{}/emulator/v1/rate_limit", emu.url());
    let count = format!("{}/users/count", emu.api_url());
    assert_eq!(
        http().get(&control).send().await.unwrap().text().await.unwrap(),
        "null"
    );

    let response = http()
        .put(&control)
        .header("content-type", "application/json")
        .body(json!({"requests": 3, "per_seconds": 2}).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        emu.state().rate_limit(),
        Some(RateLimit {
            requests: 3,
            per_seconds: 2
        })
    );

    for _ in 0..3 {
        assert_eq!(get_with_key(&count, KEY).await.status(), 200);
    }
    let limited = get_with_key(&count, KEY).await;
    assert_eq!(limited.status(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "Retry-After {retry_after}");
    let body: Value = serde_json::from_str(&limited.text().await.unwrap()).unwrap();
    assert_eq!(body["errors"][0]["code"], "too_many_requests");
    assert!(body["clerk_trace_id"].is_string());

    // Per key: another key has its own window; the control endpoints are never limited.
    assert_eq!(get_with_key(&count, "sk_test_other").await.status(), 200);
    assert_eq!(http().get(&control).send().await.unwrap().status(), 200);

    // The core client honours Retry-After and gets through once the window ends.
    let started = Instant::now();
    let total = client(&emu)
        .users()
        .count(CountUsersRequest::default())
        .await
        .unwrap()
        .total_count;
    assert_eq!(total, 0);
    assert!(started.elapsed() >= Duration::from_millis(500));

    // reset forgets the counts and keeps the limit; DELETE lifts it.
    for _ in 0..3 {
        get_with_key(&count, KEY).await;
    }
    emu.reset();
    assert_eq!(get_with_key(&count, KEY).await.status(), 200);
    assert!(emu.state().rate_limit().is_some());
    let response = http().delete(&control).send().await.unwrap();
    assert_eq!(response.status(), 200);
    for _ in 0..5 {
        assert_eq!(get_with_key(&count, KEY).await.status(), 200);
    }

    // From Rust, and refused when it would let nothing through.
    emu.state().set_rate_limit(Some(RateLimit::per_ten_seconds(1)));
    assert_eq!(get_with_key(&count, KEY).await.status(), 200);
    assert_eq!(get_with_key(&count, KEY).await.status(), 429);
    let (status, _) = post_json(control.clone(), json!({"requests": 0})).await;
    assert_eq!(status, 422);
    let (status, _) = post_json(control, json!({"requests": 2, "window": 1})).await;
    assert_eq!(status, 400);
    assert_eq!(
        "100/10s".parse::<RateLimit>(),
        Ok(RateLimit::per_ten_seconds(100))
    );
    assert_eq!(
        "5/1".parse::<RateLimit>(),
        Ok(RateLimit {
            requests: 5,
            per_seconds: 1
        })
    );
    assert!("0".parse::<RateLimit>().is_err() && "x/1s".parse::<RateLimit>().is_err());
}

#[tokio::test]
async fn the_binary_takes_a_rate_limit() {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_clerk-emulator"))
        .args(["--port", "0", "--rate-limit", "2/10s"])
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("first line in time")
        .unwrap()
        .unwrap();
    let url = first.strip_prefix("listening on ").unwrap().to_owned();
    let count = format!("{url}/v1/users/count");
    assert_eq!(get_with_key(&count, KEY).await.status(), 200);
    assert_eq!(get_with_key(&count, KEY).await.status(), 200);
    let limited = get_with_key(&count, KEY).await;
    assert_eq!(limited.status(), 429);
    assert!(limited.headers().contains_key("retry-after"));
    child.kill().await.unwrap();
}

#[tokio::test]
async fn faults_match_method_and_path_prefix() {
    let emu = start();
    let users = client(&emu).users();
    let none = users.with_options(clerk_backend::CallOptions {
        retries: Some(RetryConfig::none()),
        ..Default::default()
    });
    // `/v1/users/count` and `/users/count` name the same requests; other methods and paths pass.
    for path in ["/v1/users/count", "/users/count"] {
        let (status, _) = post_json(
            format!("{}/emulator/v1/faults", emu.url()),
            json!({"status": 502, "method": "get", "path": path}),
        )
        .await;
        assert_eq!(status, 200);
        none.list(ListUsersRequest::default()).await.unwrap();
        none.create(CreateUserRequest::default()).await.unwrap();
        let err = none.count(CountUsersRequest::default()).await.unwrap_err();
        assert_eq!(status_and_code(&err), (502, "emulator_fault".into()), "{path}");
        none.count(CountUsersRequest::default()).await.unwrap();
    }
}

#[tokio::test]
async fn profile_images_travel_in_exports() {
    let emu = start();
    let users = client(&emu).users();
    let user = users
        .create(CreateUserRequest {
            email_address: vec!["pic@example.com".into()],
            ..Default::default()
        })
        .await
        .unwrap();
    let png = b"\x89PNG\r\n\x1a\nexported-bytes".to_vec();
    users
        .set_profile_image(SetProfileImageRequest {
            user_id: user.id.clone(),
            file: Some(clerk_backend::File::new("pic.png", png.clone())),
        })
        .await
        .unwrap();
    let exported = serde_json::to_value(emu.state().export()).unwrap();
    let image = &exported["users"][0]["profile_image"];
    assert_eq!(image["content_type"], "image/png");
    assert!(image["data"].is_string());

    // Another emulator serves the same bytes at its own URL.
    let other = start();
    let imported = other.state().import(data(exported)).unwrap();
    let url = imported[0].image_url.clone().unwrap();
    assert!(imported[0].has_image);
    assert!(url.starts_with(other.url()), "{url}");
    let served = http().get(&url).send().await.unwrap();
    assert_eq!(served.headers()["content-type"], "image/png");
    assert_eq!(served.bytes().await.unwrap().as_ref(), png.as_slice());

    let bad = other
        .state()
        .import(data(
            json!({"users": [{"profile_image": {"data": "not base64!"}}]}),
        ))
        .unwrap_err();
    assert_eq!(bad.code, "form_param_format_invalid");
}

/// The README's example data file (which the official-SDK oracle also loads).
#[tokio::test]
async fn the_example_data_file_loads() {
    let emu = start();
    let document: Value = serde_json::from_str(include_str!("../examples/data.json")).unwrap();
    let loaded = emu.state().import(data(document)).unwrap();
    assert_eq!(loaded.len(), 2);
    let ada = &loaded[0];
    assert!(ada.totp_enabled && ada.backup_code_enabled && ada.two_factor_enabled);
    assert_eq!(
        (
            ada.passkeys.len(),
            ada.web3_wallets.len(),
            ada.external_accounts.len()
        ),
        (1, 2, 2)
    );
    let users = client(&emu).users();
    for (user_id, password) in [
        ("user_example_ada", "correct horse battery"),
        ("user_example_grace", "correct horse"),
    ] {
        let verified = users
            .verify_password(VerifyPasswordRequest {
                user_id: user_id.into(),
                password: password.into(),
            })
            .await
            .unwrap();
        assert!(verified.verified, "{user_id}");
    }
    let memberships = users
        .get_organization_memberships("user_example_ada")
        .await
        .unwrap();
    assert_eq!(memberships.total_count, 2);
    let tokens = users
        .get_o_auth_access_token(GetOAuthAccessTokenRequest::new(
            "user_example_ada",
            "oauth_google",
        ))
        .await
        .unwrap();
    assert_eq!(tokens.tokens().len(), 1);
    let subscription = users.get_billing_subscription("user_example_ada").await.unwrap();
    assert_eq!(subscription.subscription_items.len(), 1);
    let balance = users
        .get_billing_credit_balance("user_example_ada")
        .await
        .unwrap();
    assert_eq!(balance.balance.unwrap().amount, 500);
    // Exported and loaded into another emulator, the users are the same but for the URLs.
    let again = start();
    let exported = serde_json::to_value(emu.state().export()).unwrap();
    let reloaded = again.state().import(data(exported)).unwrap();
    let without_urls = |users: Vec<clerk_backend::models::User>| {
        users
            .into_iter()
            .map(|mut u| {
                (u.image_url, u.profile_image_url) = (None, None);
                u
            })
            .collect::<Vec<_>>()
    };
    let mut before = Vec::new();
    for id in ["user_example_ada", "user_example_grace"] {
        before.push(users.get(id).await.unwrap());
    }
    assert_eq!(without_urls(reloaded), without_urls(before));
}

/// A response's body as JSON.
trait JsonValue {
    async fn json_value(self) -> reqwest::Result<Value>;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> reqwest::Result<Value> {
        let text = self.text().await?;
        Ok(serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }
}

async fn spawn_binary(args: &[&str]) -> (tokio::process::Child, String) {
    let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_clerk-emulator"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut lines = tokio::io::BufReader::new(stdout).lines();
    let first = tokio::time::timeout(Duration::from_secs(10), lines.next_line())
        .await
        .expect("first line in time")
        .unwrap()
        .unwrap();
    let url = first.strip_prefix("listening on ").unwrap().to_owned();
    (child, url)
}

async fn put_json(url: String, body: Value) -> (u16, Value) {
    let response = http()
        .put(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        serde_json::from_str(&response.text().await.unwrap()).unwrap(),
    )
}

#[tokio::test]
async fn instance_settings_are_set_read_loaded_and_exported() {
    let emu = start();
    let control = format!("{}/emulator/v1/instance", emu.url());
    let permissive = json!({
        "identifiers": {"email_address": "optional", "phone_number": "optional", "username": "optional", "web3_wallet": "optional"},
        "password": {"required": false, "min_length": 8, "reject_breached": true},
        "username": {"min_length": 4, "max_length": 64},
    });
    let read = || async {
        http()
            .get(&control)
            .send()
            .await
            .unwrap()
            .json_value()
            .await
            .unwrap()
    };
    assert_eq!(read().await, permissive);

    // The issue's example: keys left out keep their defaults.
    let example = json!({
        "identifiers": {"email_address": "required", "phone_number": "off", "username": "optional", "web3_wallet": "off"},
        "password": {"required": true, "min_length": 8, "reject_breached": true},
        "username": {"min_length": 4, "max_length": 64},
    });
    let (status, set) = put_json(control.clone(), example.clone()).await;
    assert_eq!((status, &set), (200, &example));
    assert_eq!(read().await, example);
    let (status, set) = put_json(control.clone(), json!({"password": {"min_length": 10}})).await;
    assert_eq!(status, 200);
    assert_eq!(
        set["identifiers"], permissive["identifiers"],
        "from the permissive preset"
    );
    assert_eq!(set["password"]["min_length"], 10);
    assert_eq!(emu.state().instance().password.min_length, 10);

    // Refused: unknown keys or values, named; the settings stay as they were.
    for (bad, param) in [
        (json!({"identifiers": {"phone": "off"}}), "identifiers.phone"),
        (
            json!({"identifiers": {"username": "maybe"}}),
            "identifiers.username",
        ),
        (json!({"extra": {}}), "extra"),
        (json!({"preset": "locked_down"}), "preset"),
        (
            json!({"username": {"min_length": 9, "max_length": 3}}),
            "username.min_length",
        ),
    ] {
        let (status, body) = put_json(control.clone(), bad.clone()).await;
        assert_eq!(status, 422, "{bad}");
        assert_eq!(body["errors"][0]["meta"]["param_name"], param, "{bad}");
    }
    assert_eq!(read().await["password"]["min_length"], 10);

    // reset keeps them (as it keeps the rate limit); a data document sets and carries them.
    emu.reset();
    assert_eq!(read().await["password"]["min_length"], 10);
    emu.state()
        .import(data(
            json!({"instance": {"preset": "new_application"}, "users": [{"id": "user_1"}]}),
        ))
        .unwrap();
    assert_eq!(
        emu.state().instance(),
        clerk_emulator::InstanceSettings::new_application()
    );
    let exported = serde_json::to_value(emu.state().export()).unwrap();
    assert_eq!(exported["instance"]["identifiers"]["email_address"], "required");
    let other = start();
    other.state().import(emu.state().export()).unwrap();
    assert_eq!(other.state().instance(), emu.state().instance());

    // From Rust and in a Config.
    let strict = Emulator::start(Config {
        instance: Some(clerk_emulator::InstanceSettings::new_application()),
        ..Config::default()
    })
    .unwrap();
    let (status, body) = post_json(
        format!("{}/users", strict.api_url()).replace("/v1/users", "/emulator/v1/instance"),
        json!({"preset": "permissive"}),
    )
    .await;
    assert_eq!((status, body), (200, permissive));
}

#[tokio::test]
async fn stats_count_requests_and_rate_limited_answers() {
    let emu = start();
    let stats_url = format!("{}/emulator/v1/stats", emu.url());
    let stats = || async {
        http()
            .get(&stats_url)
            .send()
            .await
            .unwrap()
            .json_value()
            .await
            .unwrap()
    };
    assert_eq!(
        stats().await,
        json!({"requests": 0, "rate_limited": 0, "faulted": 0})
    );

    // As tight as a bulk job's test wants it: 20 requests a second.
    let (status, _) = put_json(format!("{}/emulator/v1/rate_limit", emu.url()), json!("20/1s")).await;
    assert_eq!(status, 200);
    assert_eq!(
        emu.state().rate_limit(),
        Some(RateLimit {
            requests: 20,
            per_seconds: 1
        })
    );
    // Counted over a window no slow machine outlasts.
    let (status, _) = put_json(format!("{}/emulator/v1/rate_limit", emu.url()), json!("20/60s")).await;
    assert_eq!(status, 200);
    let count = format!("{}/users/count", emu.api_url());
    let mut limited = 0;
    for _ in 0..25 {
        if get_with_key(&count, KEY).await.status() == 429 {
            limited += 1;
        }
    }
    assert_eq!(limited, 5);
    let seen = stats().await;
    assert_eq!(seen["requests"], 25);
    assert_eq!(seen["rate_limited"], limited);
    assert_eq!(emu.state().stats().rate_limited, limited);

    // Faults are counted apart; a fault's 429 is not the rate limit's.
    emu.state().set_rate_limit(None);
    emu.state().add_fault(Fault {
        status: Some(429),
        ..Fault::default()
    });
    assert_eq!(get_with_key(&count, KEY).await.status(), 429);
    let seen = stats().await;
    assert_eq!(
        (seen["requests"].as_u64(), seen["faulted"].as_u64()),
        (Some(26), Some(1))
    );
    assert_eq!(seen["rate_limited"], limited);

    // DELETE, and reset, count from zero again.
    let cleared = http()
        .delete(&stats_url)
        .send()
        .await
        .unwrap()
        .json_value()
        .await
        .unwrap();
    assert_eq!(cleared, json!({"requests": 0, "rate_limited": 0, "faulted": 0}));
    get_with_key(&count, KEY).await;
    emu.reset();
    assert_eq!(emu.state().stats(), clerk_emulator::Stats::default());
}

#[tokio::test]
async fn the_binary_takes_an_instance_preset_or_file() {
    let (mut child, url) = spawn_binary(&["--port", "0", "--instance", "new_application"]).await;
    let instance: Value = http()
        .get(format!("{url}/emulator/v1/instance"))
        .send()
        .await
        .unwrap()
        .json_value()
        .await
        .unwrap();
    assert_eq!(instance["identifiers"]["phone_number"], "off");
    child.kill().await.unwrap();

    let file = std::env::temp_dir().join(format!("clerk-emulator-instance-{}.json", std::process::id()));
    std::fs::write(&file, r#"{"password": {"reject_breached": false}}"#).unwrap();
    let (mut child, url) = spawn_binary(&["--port", "0", "--instance", file.to_str().unwrap()]).await;
    let instance: Value = http()
        .get(format!("{url}/emulator/v1/instance"))
        .send()
        .await
        .unwrap()
        .json_value()
        .await
        .unwrap();
    assert_eq!(instance["password"]["reject_breached"], false);
    child.kill().await.unwrap();
    let _ = std::fs::remove_file(&file);

    let refused = tokio::process::Command::new(env!("CARGO_BIN_EXE_clerk-emulator"))
        .args(["--instance", "no_such_preset_or_file"])
        .output()
        .await
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--instance"));
}

/// SIGTERM with a request still open (a fault delays it for a minute): the binary stops within
/// its grace period and still writes the data file.
#[cfg(unix)]
#[tokio::test]
async fn the_binarys_shutdown_is_bounded() {
    let file = std::env::temp_dir().join(format!("clerk-emulator-shutdown-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let (mut child, url) = spawn_binary(&["--port", "0", "--data", file.to_str().unwrap()]).await;
    let (status, _) = post_json(format!("{url}/emulator/v1/users"), json!([{"id": "user_saved"}])).await;
    assert_eq!(status, 200);
    let (status, _) = post_json(format!("{url}/emulator/v1/faults"), json!({"delay_ms": 60_000})).await;
    assert_eq!(status, 200);
    let users_url = format!("{url}/v1/users");
    let hanging = tokio::spawn(async move {
        let _ = http().get(users_url).bearer_auth(KEY).send().await;
    });
    tokio::time::sleep(Duration::from_millis(300)).await;

    let started = Instant::now();
    let pid = child.id().unwrap().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let exit = tokio::time::timeout(Duration::from_secs(15), child.wait())
        .await
        .expect("the emulator exits within its grace period")
        .unwrap();
    assert!(exit.success(), "{exit:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    let saved: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(saved["users"][0]["id"], "user_saved");
    hanging.abort();
    let _ = std::fs::remove_file(&file);
}
