//! Authentication, the `/emulator/v1` endpoints, fault injection and the binary.

mod common;

use std::time::{Duration, Instant};

use clerk_backend::requests::*;
use clerk_backend::{Clerk, RetryConfig};
use clerk_emulator::{Config, Emulator, Fault};
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
    for auth in [
        None,
        Some("Bearer sk_live_123"),
        Some("Bearer "),
        Some("Basic sk_test_1"),
    ] {
        let mut request = http.get(format!("{}/users", emu.api_url()));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), 401, "{auth:?}");
        let body: Value = serde_json::from_str(&response.text().await.unwrap()).unwrap();
        assert_eq!(body["errors"][0]["code"], "authentication_invalid");
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
    assert_eq!(status_and_code(&wrong), (401, "authentication_invalid".into()));
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
        delay_ms: None,
        malformed_json: false,
        count: 1,
        method: None,
        path: None,
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
        retry_after: None,
        delay_ms: None,
        malformed_json: false,
        count: 10,
        method: None,
        path: None,
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
        ("{not json", 400, "malformed_request"),
        (r#"{"first_name": 5}"#, 422, "form_param_format_invalid"),
        (r#"{"frist_name": "typo"}"#, 422, "form_param_unknown"),
        ("[1, 2]", 400, "malformed_request"),
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
