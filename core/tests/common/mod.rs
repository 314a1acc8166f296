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
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
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

/// Calls the operation named `operation` (its Python name) with `args` given as JSON, through
/// the public `Users` method, and returns the result as JSON.
/// Panics when `args` do not fit the request struct (a broken test, not a client error).
pub async fn call(
    users: &clerk_backend::Users,
    operation: &str,
    args: serde_json::Value,
) -> Result<serde_json::Value, clerk_backend::Error> {
    macro_rules! dispatch {
        ($($name:ident: $request:ty),* $(,)?) => {
            match operation {
                $(
                    stringify!($name) => {
                        let request: $request = serde_json::from_value(args.clone())
                            .unwrap_or_else(|e| panic!("args of {operation} {args}: {e}"));
                        let result = users.$name(request).await?;
                        Ok(serde_json::to_value(result).expect("results serialise"))
                    }
                )*
                other => panic!("unknown operation {other}"),
            }
        };
    }
    clerk_backend::for_each_operation!(dispatch)
}

/// Minimal valid arguments for every operation (path parameters filled), for tests that only
/// care about the response side.
pub fn minimal_args(operation: &str) -> serde_json::Value {
    // The arguments of the operation's first wire vector: its docs sample.
    let path = repo_root()
        .join("tests/vectors")
        .join(format!("{operation}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let vector: serde_json::Value = serde_json::from_str(&text).expect("a wire vector is JSON");
    vector["cases"][0]["args"].clone()
}
