//! Helpers shared by the emulator's integration tests.
#![allow(dead_code)]

use clerk_backend::{BackoffStrategy, Clerk, ClerkBuilder, Error, RetryConfig};
use clerk_emulator::{Config, Data, Emulator};
use serde_json::Value;

pub const KEY: &str = "sk_test_emulator_tests";

pub fn start() -> Emulator {
    Emulator::start(Config::default()).expect("emulator starts")
}

/// A client for the emulator, with quick retries.
pub fn client(emu: &Emulator) -> Clerk {
    builder(emu).build().expect("client")
}

/// The builder of [`client`], for tests that set more.
pub fn builder(emu: &Emulator) -> ClerkBuilder {
    Clerk::builder(KEY)
        .server_url(emu.api_url())
        .retry_config(RetryConfig::backoff(
            BackoffStrategy::new(10, 50, 1.5, 5_000),
            true,
        ))
}

/// A plain HTTP client for the calls the Clerk client does not make.
pub fn http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// Status and Clerk error code of a failed call.
pub fn status_and_code(err: &Error) -> (u16, String) {
    let response = err.response().unwrap_or_else(|| panic!("no response: {err}"));
    let body: Value = serde_json::from_str(&response.body).expect("JSON error body");
    let code = body["errors"][0]["code"]
        .as_str()
        .expect("errors[0].code")
        .to_owned();
    assert!(body["clerk_trace_id"].is_string(), "clerk_trace_id in {body}");
    (response.status, code)
}

pub fn metadata(value: Value) -> Option<clerk_backend::models::Metadata> {
    match value {
        Value::Object(map) => Some(map),
        other => panic!("not an object: {other}"),
    }
}

pub fn data(value: Value) -> Data {
    serde_json::from_value(value).expect("valid data document")
}
