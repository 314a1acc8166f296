//! Helpers shared by the integration tests: an HTTP mock on 127.0.0.1 and realistic users.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use clerk_backend::{BackoffStrategy, Clerk, RetryConfig};
use wiremock::MockServer;

pub const SECRET: &str = "sk_test_0123456789abcdefSECRET";

/// A mock server and a client pointed at its `/v1`, with retries off.
pub async fn mock_and_client() -> (MockServer, Clerk) {
    let server = MockServer::start().await;
    let clerk = client_for(&server.uri(), RetryConfig::none());
    (server, clerk)
}

/// A client for `base` (no `/v1`) with the given retry configuration.
pub fn client_for(base: &str, retry: RetryConfig) -> Clerk {
    Clerk::builder(SECRET)
        .server_url(format!("{base}/v1"))
        .retry_config(retry)
        .build()
        .expect("client")
}

/// Backoff retries with short delays, so tests stay quick.
pub fn fast_retries(max_elapsed_ms: u64) -> RetryConfig {
    RetryConfig::backoff(BackoffStrategy::new(10, 50, 1.5, max_elapsed_ms), true)
}

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// `n` realistic Clerk users from `tests/fake_users.py` (needs python3).
pub fn fake_users(n: usize) -> serde_json::Value {
    let script = repo_root().join("tests/fake_users.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(n.to_string())
        .output()
        .expect("python3 runs tests/fake_users.py");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("fake users are JSON")
}

pub const SHORT: Duration = Duration::from_millis(300);
