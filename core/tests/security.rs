//! The secret key never shows in `Debug`, `Display`, errors or logs, and response bodies are
//! never logged; yet the key is sent on the wire.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clerk_backend::{CallOptions, Clerk, Error, RetryConfig};
use common::SECRET;
use serde_json::json;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Parts of the key that must not show either (a key cut in two is still a leak).
const SECRET_PARTS: [&str; 2] = ["0123456789abcdefSECRET", "sk_test_0123456789"];

/// The tests that make requests run one at a time: tracing caches, per call site, whether anyone
/// listens, and a call site first reached on another thread while the log test's scoped
/// subscriber is being set up can be cached as unheard, losing that test's events.
static CALL_SITES: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn assert_no_secret(text: &str, what: &str) {
    assert!(!text.contains(SECRET), "{what} shows the secret key: {text}");
    for part in SECRET_PARTS {
        assert!(
            !text.contains(part),
            "{what} shows part of the secret key: {text}"
        );
    }
}

/// Display, Debug, alternate Debug and the source chain of an error.
fn assert_error_hides_secret(err: &Error, what: &str) {
    assert_no_secret(&err.to_string(), &format!("Display of {what}"));
    assert_no_secret(&format!("{err:?}"), &format!("Debug of {what}"));
    assert_no_secret(&format!("{err:#?}"), &format!("alternate Debug of {what}"));
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        assert_no_secret(&cause.to_string(), &format!("source of {what}"));
        assert_no_secret(&format!("{cause:?}"), &format!("Debug of a source of {what}"));
        source = cause.source();
    }
}

fn assert_bearer(server_requests: &[wiremock::Request]) {
    assert!(!server_requests.is_empty());
    for request in server_requests {
        assert_eq!(
            request.headers.get("authorization").unwrap().to_str().unwrap(),
            format!("Bearer {SECRET}"),
            "the key is sent on the wire"
        );
    }
}

#[test]
fn debug_of_the_client_and_builder_hides_the_secret() {
    let builder = Clerk::builder(SECRET).server_url("http://127.0.0.1:9/v1");
    assert_no_secret(&format!("{builder:?}"), "Debug of ClerkBuilder");
    assert_no_secret(&format!("{builder:#?}"), "alternate Debug of ClerkBuilder");
    let clerk = builder.build().unwrap();
    assert_no_secret(&format!("{clerk:?}"), "Debug of Clerk");
    assert_no_secret(&format!("{clerk:#?}"), "alternate Debug of Clerk");
    let users = clerk.users();
    assert_no_secret(&format!("{users:?}"), "Debug of Users");
    let users = clerk.users().with_options(CallOptions {
        retries: Some(RetryConfig::none()),
        timeout: Some(Duration::from_secs(1)),
        ..CallOptions::default()
    });
    assert_no_secret(&format!("{users:#?}"), "Debug of Users with options");
    // The Debug output is still useful.
    assert!(format!("{clerk:?}").contains("127.0.0.1:9"));

    let clerk = Clerk::new(SECRET).unwrap();
    assert_no_secret(&format!("{clerk:?}"), "Debug of Clerk::new");
}

#[test]
fn per_call_authorization_header_is_hidden_in_debug() {
    // A per-call `Authorization` (another instance's key) is as secret as the client's.
    let clerk = Clerk::builder("sk_test_other").build().unwrap();
    let options = CallOptions {
        headers: vec![("Authorization".into(), format!("Bearer {SECRET}"))],
        ..CallOptions::default()
    };
    assert_no_secret(&format!("{options:?}"), "Debug of CallOptions");
    let users = clerk.users().with_options(options);
    assert_no_secret(
        &format!("{users:?}"),
        "Debug of Users with an Authorization header",
    );
}

#[test]
fn an_invalid_secret_key_is_not_echoed() {
    let bad = format!("{SECRET}\n");
    let err = Clerk::builder(bad.as_str()).build().unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    assert_error_hides_secret(&err, "an invalid-key error");
    let err = Clerk::builder("").build().unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
}

#[tokio::test]
async fn no_error_kind_shows_the_secret() {
    let _serial = CALL_SITES.lock().await;
    let server = MockServer::start().await;
    Mock::given(path("/v1/users/clerk_errors"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "errors": [{"message": "not found", "long_message": "User not found", "code": "resource_not_found"}],
            "clerk_trace_id": "trace_1",
        })))
        .mount(&server)
        .await;
    Mock::given(path("/v1/users/sdk"))
        .respond_with(ResponseTemplate::new(500).set_body_string("internal error"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/users/validation"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("not json", "application/json"))
        .mount(&server)
        .await;
    Mock::given(path("/v1/users/slow"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let clerk = common::client_for(&server.uri(), RetryConfig::none());

    let mut errors = Vec::new();
    let err = clerk.users().get("clerk_errors").await.unwrap_err();
    assert!(matches!(err, Error::ClerkErrors { .. }), "{err:?}");
    errors.push(("ClerkErrors", err));
    let err = clerk.users().get("sdk").await.unwrap_err();
    assert!(matches!(err, Error::Sdk(_)), "{err:?}");
    errors.push(("Sdk", err));
    let err = clerk.users().get("validation").await.unwrap_err();
    assert!(matches!(err, Error::ResponseValidation { .. }), "{err:?}");
    errors.push(("ResponseValidation", err));
    let err = clerk
        .users()
        .with_options(CallOptions {
            timeout: Some(Duration::from_millis(150)),
            ..CallOptions::default()
        })
        .get("slow")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    errors.push(("Timeout", err));
    let err = clerk.users().get("").await.unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    errors.push(("InvalidArgument", err));

    let refused_port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = common::client_for(&format!("http://127.0.0.1:{refused_port}"), RetryConfig::none());
    let err = refused.users().get("user_1").await.unwrap_err();
    assert!(matches!(err, Error::Connection { .. }), "{err:?}");
    errors.push(("Connection", err));

    for (what, err) in &errors {
        assert_error_hides_secret(err, what);
    }
    // The key did go out with every request that reached the server.
    assert_bearer(&server.received_requests().await.unwrap());
}

// ---------------------------------------------------------------------------------------------
// Logs

/// A `MakeWriter` that appends to a shared buffer.
#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Buffer {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Buffer {
    type Writer = Buffer;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

const SUCCESS_MARKER: &str = "MARKER-SUCCESS-BODY-7f3a";
const ERROR_MARKER: &str = "MARKER-ERROR-BODY-91c2";
const RETRY_MARKER: &str = "MARKER-RETRY-BODY-55d1";

/// Runs a success, a `ClerkErrors` error and a retried call under a TRACE subscriber writing
/// into a buffer, on a current-thread runtime so that every event of the client is captured.
fn captured_logs() -> (String, Vec<wiremock::Request>) {
    let buffer = Buffer::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(buffer.clone())
        .finish();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let requests = tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let server = MockServer::start().await;
            let user = json!({"id": "user_ok", "object": "user", "first_name": SUCCESS_MARKER});
            Mock::given(path("/v1/users/user_ok"))
                .respond_with(ResponseTemplate::new(200).set_body_json(&user))
                .mount(&server)
                .await;
            Mock::given(path("/v1/users/user_missing"))
                .respond_with(ResponseTemplate::new(404).set_body_json(json!({
                    "errors": [{
                        "message": ERROR_MARKER,
                        "long_message": ERROR_MARKER,
                        "code": "resource_not_found",
                        "meta": {"secret_hint": ERROR_MARKER},
                    }],
                    "clerk_trace_id": "trace_logs",
                })))
                .mount(&server)
                .await;
            Mock::given(path("/v1/users/user_flaky"))
                .respond_with(
                    ResponseTemplate::new(503)
                        .set_body_string(format!("upstream unavailable {RETRY_MARKER}")),
                )
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(path("/v1/users/user_flaky"))
                .respond_with(ResponseTemplate::new(200).set_body_json(&user))
                .mount(&server)
                .await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(418))
                .mount(&server)
                .await;

            let clerk = common::client_for(&server.uri(), common::fast_retries(5_000));
            let got = clerk.users().get("user_ok").await.expect("success");
            assert_eq!(got.first_name.as_deref(), Some(SUCCESS_MARKER));
            let err = clerk.users().get("user_missing").await.unwrap_err();
            assert!(matches!(err, Error::ClerkErrors { .. }), "{err:?}");
            clerk.users().get("user_flaky").await.expect("retried to success");
            server.received_requests().await.unwrap()
        })
    });
    (buffer.text(), requests)
}

#[test]
fn logs_never_show_the_secret_nor_bodies() {
    let _serial = CALL_SITES.blocking_lock();
    let (logs, requests) = captured_logs();
    // The calls happened, and carried the key.
    assert_eq!(requests.len(), 4, "success, error, 503 and its retry");
    assert_bearer(&requests);

    // The logs are useful: operation, status, attempt.
    assert!(!logs.is_empty(), "nothing was logged");
    assert!(logs.contains("get"), "no operation name in the logs:\n{logs}");
    assert!(
        logs.contains("operation"),
        "no operation field in the logs:\n{logs}"
    );
    for status in ["200", "404", "503"] {
        assert!(
            logs.lines().any(|l| l.contains("status") && l.contains(status)),
            "status {status} is not logged:\n{logs}"
        );
    }
    assert!(
        logs.contains("attempt=1"),
        "no first attempt in the logs:\n{logs}"
    );
    assert!(logs.contains("attempt=2"), "the retry is not logged:\n{logs}");

    // No secret, no bodies.
    assert_no_secret(&logs, "the logs");
    assert!(
        !logs.contains("Bearer"),
        "the Authorization header is logged:\n{logs}"
    );
    for marker in [SUCCESS_MARKER, ERROR_MARKER, RETRY_MARKER] {
        assert!(
            !logs.contains(marker),
            "a response body ({marker}) is in the logs:\n{logs}"
        );
    }
}
