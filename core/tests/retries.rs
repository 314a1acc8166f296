//! Retries, `Retry-After`, the retry budget, connection errors, timeouts, per-call overrides and
//! cancellation.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use clerk_backend::requests::{CreateUserRequest, VerifyTotpRequest};
use clerk_backend::{CallOptions, Clerk, ConnectionErrorKind, Error, RetryConfig};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const USER_JSON: &str = r#"{"id":"user_1","object":"user","first_name":"Ada"}"#;

fn ok_user() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_raw(USER_JSON, "application/json")
}

fn status(code: u16) -> ResponseTemplate {
    ResponseTemplate::new(code).set_body_json(json!({
        "errors": [{"message": "m", "long_message": "lm", "code": "c"}],
        "clerk_trace_id": "trace",
    }))
}

/// A responder that records when each request arrived and answers the `n`-th one (from 0)
/// with `script(n)`, so a response can be computed at the time of the request.
#[derive(Clone)]
struct Script {
    times: Arc<Mutex<Vec<Instant>>>,
    script: Arc<dyn Fn(usize) -> ResponseTemplate + Send + Sync>,
}

impl Script {
    fn new(script: impl Fn(usize) -> ResponseTemplate + Send + Sync + 'static) -> Self {
        Self {
            times: Arc::default(),
            script: Arc::new(script),
        }
    }

    /// `templates[n]`, the last one repeated.
    fn sequence(templates: Vec<ResponseTemplate>) -> Self {
        Self::new(move |n| templates[n.min(templates.len() - 1)].clone())
    }

    fn count(&self) -> usize {
        self.times.lock().unwrap().len()
    }

    fn times(&self) -> Vec<Instant> {
        self.times.lock().unwrap().clone()
    }
}

impl Respond for Script {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let n = {
            let mut times = self.times.lock().unwrap();
            times.push(Instant::now());
            times.len() - 1
        };
        (self.script)(n)
    }
}

/// A mock server answering everything with `script`, and a client for it with `retry`.
async fn scripted(script: &Script, retry: RetryConfig) -> (MockServer, Clerk) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(script.clone())
        .mount(&server)
        .await;
    let clerk = common::client_for(&server.uri(), retry);
    (server, clerk)
}

fn with_timeout(clerk: &Clerk, timeout: Duration) -> clerk_backend::Users {
    clerk.users().with_options(CallOptions {
        timeout: Some(timeout),
        ..CallOptions::default()
    })
}

// ---------------------------------------------------------------------------------------------
// Statuses

#[tokio::test]
async fn status_503_then_200_succeeds_after_two_requests() {
    let script = Script::sequence(vec![status(503), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let user = clerk.users().get("user_1").await.expect("retried to success");
    assert_eq!(user.id, "user_1");
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn status_500_then_200_succeeds_for_get() {
    let script = Script::sequence(vec![status(500), status(500), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let user = clerk.users().get("user_1").await.expect("retried to success");
    assert_eq!(user.first_name.as_deref(), Some("Ada"));
    assert_eq!(script.count(), 3);
}

#[tokio::test]
async fn status_404_is_not_retried() {
    let script = Script::sequence(vec![status(404), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert!(matches!(err, Error::ClerkErrors { .. }), "{err:?}");
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let script = Script::sequence(vec![status(429).insert_header("retry-after", "1"), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(10_000)).await;
    let started = Instant::now();
    clerk.users().get("user_1").await.expect("retried to success");
    let times = script.times();
    assert_eq!(times.len(), 2);
    let gap = times[1] - times[0];
    assert!(gap >= Duration::from_millis(900), "gap {gap:?}");
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn retry_after_http_date_is_honoured() {
    // The date is computed when the request arrives, two seconds ahead; second granularity
    // makes the actual wait between one and two seconds.
    let script = Script::new(|n| {
        if n == 0 {
            let when = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
            status(503).insert_header("retry-after", when.as_str())
        } else {
            ok_user()
        }
    });
    let (_server, clerk) = scripted(&script, common::fast_retries(10_000)).await;
    clerk.users().get("user_1").await.expect("retried to success");
    let times = script.times();
    assert_eq!(times.len(), 2);
    let gap = times[1] - times[0];
    assert!(gap >= Duration::from_millis(900), "gap {gap:?}");
    assert!(gap < Duration::from_secs(10), "gap {gap:?}");
}

#[tokio::test]
async fn exhausted_budget_returns_the_last_error() {
    let script = Script::sequence(vec![status(503).insert_header("x-attempt", "any")]);
    let (_server, clerk) = scripted(&script, common::fast_retries(300)).await;
    let started = Instant::now();
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert!(matches!(err, Error::Sdk(_)), "{err:?}");
    assert_eq!(err.status_code(), Some(503));
    assert!(script.count() > 1, "attempts: {}", script.count());
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn retry_after_beyond_the_budget_gives_up_at_once() {
    let script = Script::sequence(vec![status(503).insert_header("retry-after", "5"), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(2_000)).await;
    let started = Instant::now();
    let err = clerk.users().get("user_1").await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Sdk(_)), "{err:?}");
    assert_eq!(err.status_code(), Some(503));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(5)));
    assert_eq!(script.count(), 1);
    // Neither waited the 5 s nor slept out the 2 s budget.
    assert!(elapsed < Duration::from_millis(1_500), "{elapsed:?}");
}

// ---------------------------------------------------------------------------------------------
// Connection errors

/// A port on 127.0.0.1 that nothing listens on (bound, noted, released).
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Reads one HTTP/1.1 request (head and `Content-Length` body).
async fn read_request(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = find(&buf, b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map(|v| v.trim().parse().unwrap())
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                return Ok(buf);
            }
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// Answers every request on `listener` with a 200 user, counting them.
async fn serve_ok(listener: TcpListener, count: Arc<AtomicUsize>) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        let count = count.clone();
        tokio::spawn(async move {
            if read_request(&mut stream).await.is_ok() {
                count.fetch_add(1, Ordering::SeqCst);
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{USER_JSON}",
                    USER_JSON.len()
                );
                let _ = stream.write_all(response.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
    }
}

#[tokio::test]
async fn connection_refused_is_a_connect_error() {
    let port = free_port();
    let clerk = common::client_for(&format!("http://127.0.0.1:{port}"), RetryConfig::none());
    let err = clerk.users().get("user_1").await.unwrap_err();
    match &err {
        Error::Connection { kind, message } => {
            assert_eq!(*kind, ConnectionErrorKind::Connect);
            assert!(!message.is_empty());
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
    assert_eq!(err.status_code(), None);
    assert!(err.to_string().contains("connection"), "{err}");
}

#[tokio::test]
async fn connection_refused_is_retried_until_the_server_is_up() {
    let port = free_port();
    let clerk = common::client_for(&format!("http://127.0.0.1:{port}"), common::fast_retries(5_000));
    let count = Arc::new(AtomicUsize::new(0));
    let server_count = count.clone();
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("port still free");
        serve_ok(listener, server_count).await;
    });
    let started = Instant::now();
    let user = clerk
        .users()
        .get("user_1")
        .await
        .expect("retried until the server was up");
    assert_eq!(user.id, "user_1");
    assert!(started.elapsed() >= Duration::from_millis(140));
    assert_eq!(count.load(Ordering::SeqCst), 1);
    server.abort();
}

#[tokio::test]
async fn create_is_retried_after_a_refused_connection() {
    // A refused connection never reached the server: safe even for `create`.
    let port = free_port();
    let clerk = common::client_for(&format!("http://127.0.0.1:{port}"), common::fast_retries(5_000));
    let count = Arc::new(AtomicUsize::new(0));
    let server_count = count.clone();
    let server = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(150)).await;
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("port still free");
        serve_ok(listener, server_count).await;
    });
    clerk
        .users()
        .create(CreateUserRequest::default())
        .await
        .expect("retried until the server was up");
    assert_eq!(count.load(Ordering::SeqCst), 1);
    server.abort();
}

#[tokio::test]
async fn connection_errors_are_not_retried_when_switched_off() {
    let port = free_port();
    let retry = RetryConfig::backoff(clerk_backend::BackoffStrategy::new(10, 50, 1.5, 2_000), false);
    let clerk = common::client_for(&format!("http://127.0.0.1:{port}"), retry);
    let started = Instant::now();
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Connection {
                kind: ConnectionErrorKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(started.elapsed() < Duration::from_millis(1_500));
}

/// Reads each request and closes the connection without answering, the first `drop_first`
/// times; answers 200 afterwards.
async fn serve_dropping(listener: TcpListener, drop_first: usize, count: Arc<AtomicUsize>) {
    loop {
        let Ok((mut stream, _)) = listener.accept().await else {
            return;
        };
        if read_request(&mut stream).await.is_err() {
            continue;
        }
        let n = count.fetch_add(1, Ordering::SeqCst);
        if n < drop_first {
            drop(stream);
            continue;
        }
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{USER_JSON}",
            USER_JSON.len()
        );
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    }
}

#[tokio::test]
async fn connection_closed_after_the_request_was_sent() {
    // `get` is safe to repeat: retried.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let server = tokio::spawn(serve_dropping(listener, 1, count.clone()));
    let clerk = common::client_for(&base, common::fast_retries(5_000));
    clerk
        .users()
        .get("user_1")
        .await
        .expect("retried after the reset");
    assert_eq!(count.load(Ordering::SeqCst), 2);
    server.abort();

    // `create` may have been applied: not repeated.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let server = tokio::spawn(serve_dropping(listener, 1, count.clone()));
    let clerk = common::client_for(&base, common::fast_retries(5_000));
    let err = clerk
        .users()
        .create(CreateUserRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Connection {
                kind: ConnectionErrorKind::Transfer,
                ..
            }
        ),
        "{err:?}"
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(count.load(Ordering::SeqCst), 1, "create must not be sent twice");
    server.abort();
}

// ---------------------------------------------------------------------------------------------
// Timeouts

fn slow(template: ResponseTemplate) -> ResponseTemplate {
    template.set_delay(Duration::from_secs(3))
}

#[tokio::test]
async fn slow_response_is_a_timeout() {
    let script = Script::sequence(vec![slow(ok_user())]);
    let (_server, clerk) = scripted(&script, RetryConfig::none()).await;
    let started = Instant::now();
    let err = with_timeout(&clerk, Duration::from_millis(200))
        .get("user_1")
        .await
        .unwrap_err();
    match &err {
        Error::Timeout { timeout, maybe_sent } => {
            assert_eq!(*timeout, Duration::from_millis(200));
            assert!(*maybe_sent, "the request was sent before the timeout");
        }
        other => panic!("expected Timeout, got {other:?}"),
    }
    assert!(err.to_string().contains("200"), "{err}");
    assert!(started.elapsed() >= Duration::from_millis(190));
    assert!(started.elapsed() < Duration::from_millis(2_500));
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn get_is_retried_after_a_timeout() {
    let script = Script::sequence(vec![slow(ok_user()), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let user = with_timeout(&clerk, Duration::from_millis(200))
        .get("user_1")
        .await
        .expect("retried after the timeout");
    assert_eq!(user.id, "user_1");
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn adjust_billing_credit_balance_is_retried_after_a_timeout() {
    // It carries an idempotency key: repeating it is safe.
    let body = json!({"object": "commerce_credit_ledger", "id": "cl_1"});
    let script = Script::sequence(vec![
        slow(ResponseTemplate::new(200).set_body_json(&body)),
        ResponseTemplate::new(200).set_body_json(&body),
    ]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let users = with_timeout(&clerk, Duration::from_millis(200));
    common::call(
        &users,
        "adjust_billing_credit_balance",
        common::minimal_args("adjust_billing_credit_balance"),
    )
    .await
    .expect("retried after the timeout");
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn create_is_not_retried_after_a_read_timeout() {
    let script = Script::sequence(vec![slow(ok_user()), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let request = CreateUserRequest {
        first_name: "Ada".into(),
        ..Default::default()
    };
    let err = with_timeout(&clerk, Duration::from_millis(200))
        .create(request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { maybe_sent: true, .. }), "{err:?}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(script.count(), 1, "create must not be sent twice");
}

#[tokio::test]
async fn verify_totp_is_not_retried_after_a_read_timeout() {
    let script = Script::sequence(vec![
        slow(ResponseTemplate::new(200).set_body_json(json!({"verified": true}))),
        ResponseTemplate::new(200).set_body_json(json!({"verified": true})),
    ]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let request = VerifyTotpRequest {
        user_id: "user_1".into(),
        code: "123456".into(),
    };
    let err = with_timeout(&clerk, Duration::from_millis(200))
        .verify_totp(request)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { maybe_sent: true, .. }), "{err:?}");
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(script.count(), 1, "a backup code must not be consumed twice");
}

#[tokio::test]
async fn create_is_retried_after_503_and_429() {
    for first in [
        status(503),
        status(429),
        status(429).insert_header("retry-after", "0"),
    ] {
        let script = Script::sequence(vec![first, ok_user()]);
        let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
        clerk
            .users()
            .create(CreateUserRequest::default())
            .await
            .expect("retried to success");
        assert_eq!(script.count(), 2);
    }
}

#[tokio::test]
async fn verify_totp_is_retried_after_503_and_429() {
    for first in [status(503), status(429)] {
        let script = Script::sequence(vec![
            first,
            ResponseTemplate::new(200).set_body_json(json!({"verified": true})),
        ]);
        let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
        let request = VerifyTotpRequest {
            user_id: "user_1".into(),
            code: "123456".into(),
        };
        clerk
            .users()
            .verify_totp(request)
            .await
            .expect("retried to success");
        assert_eq!(script.count(), 2);
    }
}

// ---------------------------------------------------------------------------------------------
// Turning retries off, per-call overrides

#[tokio::test]
async fn retry_none_on_the_client_makes_one_attempt() {
    for first in [status(503), status(429), status(500)] {
        let script = Script::sequence(vec![first, ok_user()]);
        let (_server, clerk) = scripted(&script, RetryConfig::none()).await;
        let err = clerk.users().get("user_1").await.unwrap_err();
        assert!(matches!(err, Error::Sdk(_)), "{err:?}");
        assert_eq!(script.count(), 1);
    }
    // A timeout is not retried either.
    let script = Script::sequence(vec![slow(ok_user()), ok_user()]);
    let (_server, clerk) = scripted(&script, RetryConfig::none()).await;
    let err = with_timeout(&clerk, Duration::from_millis(150))
        .get("user_1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert_eq!(script.count(), 1);
}

#[tokio::test]
async fn retry_none_per_call_makes_one_attempt() {
    let script = Script::sequence(vec![status(503), ok_user()]);
    let (_server, clerk) = scripted(&script, common::fast_retries(5_000)).await;
    let users = clerk.users().with_options(CallOptions {
        retries: Some(RetryConfig::none()),
        ..CallOptions::default()
    });
    let err = users.get("user_1").await.unwrap_err();
    assert_eq!(err.status_code(), Some(503));
    assert_eq!(script.count(), 1);
    // And the reverse: retries given per call on a client without them.
    let script = Script::sequence(vec![status(503), ok_user()]);
    let (_server, clerk) = scripted(&script, RetryConfig::none()).await;
    let users = clerk.users().with_options(CallOptions {
        retries: Some(common::fast_retries(5_000)),
        ..CallOptions::default()
    });
    users.get("user_1").await.expect("retried per call");
    assert_eq!(script.count(), 2);
}

#[tokio::test]
async fn per_call_timeout_overrides_the_client_timeout() {
    // Shorter per call than on the client.
    let script = Script::sequence(vec![slow(ok_user())]);
    let (_server, clerk) = scripted(&script, RetryConfig::none()).await;
    assert_eq!(clerk.timeout(), clerk_backend::DEFAULT_TIMEOUT);
    let err = with_timeout(&clerk, Duration::from_millis(150))
        .get("user_1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(150)),
        "{err:?}"
    );

    // Longer per call than on the client.
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ok_user().set_delay(Duration::from_millis(400)))
        .mount(&server)
        .await;
    let clerk = Clerk::builder(common::SECRET)
        .server_url(format!("{}/v1", server.uri()))
        .retry_config(RetryConfig::none())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(100)),
        "{err:?}"
    );
    with_timeout(&clerk, Duration::from_secs(5))
        .get("user_1")
        .await
        .expect("the per-call timeout is long enough");
}

#[tokio::test]
async fn per_call_server_url_overrides_the_client_url() {
    let (default_server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(ok_user())
        .mount(&default_server)
        .await;
    let other = MockServer::start().await;
    Mock::given(any()).respond_with(ok_user()).mount(&other).await;

    let users = clerk.users().with_options(CallOptions {
        server_url: Some(format!("{}/other/v2/", other.uri())),
        ..CallOptions::default()
    });
    users.get("user_1").await.expect("served by the other server");
    let received = other.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.path(), "/other/v2/users/user_1");
    assert!(default_server.received_requests().await.unwrap().is_empty());

    clerk.users().get("user_1").await.unwrap();
    let received = default_server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].url.path(), "/v1/users/user_1");
}

#[tokio::test]
async fn per_call_headers_are_sent_and_replace_client_headers() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ok_user()).mount(&server).await;
    let clerk = Clerk::builder(common::SECRET)
        .server_url(format!("{}/v1", server.uri()))
        .retry_config(RetryConfig::none())
        .header("x-team", "client")
        .header("x-client-only", "kept")
        .build()
        .unwrap();
    let users = clerk.users().with_options(CallOptions {
        headers: vec![
            ("x-team".into(), "per-call".into()),
            ("x-request-tag".into(), "abc".into()),
        ],
        ..CallOptions::default()
    });
    users.get("user_1").await.unwrap();
    clerk.users().get("user_1").await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    let values = |r: &Request, name: &str| -> Vec<String> {
        r.headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(values(&received[0], "x-team"), ["per-call"]);
    assert_eq!(values(&received[0], "x-request-tag"), ["abc"]);
    assert_eq!(values(&received[0], "x-client-only"), ["kept"]);
    assert_eq!(
        values(&received[0], "authorization"),
        [format!("Bearer {}", common::SECRET)]
    );
    // Without the overrides, the client's headers.
    assert_eq!(values(&received[1], "x-team"), ["client"]);
    assert!(values(&received[1], "x-request-tag").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Cancellation

#[tokio::test]
async fn dropping_the_future_closes_the_connection() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (received_tx, received_rx) = tokio::sync::oneshot::channel::<()>();
    let (closed_tx, closed_rx) = tokio::sync::oneshot::channel::<Instant>();
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        read_request(&mut stream).await.expect("a whole request");
        let _ = received_tx.send(());
        // Never answer; wait for the client to go away.
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
        let _ = closed_tx.send(Instant::now());
    });

    let clerk = common::client_for(&format!("http://127.0.0.1:{port}"), RetryConfig::none());
    // The call runs until the server holds the whole request (however slow a busy machine is),
    // then its future is dropped.
    let users = clerk.users();
    let mut call = Box::pin(users.get("user_1"));
    tokio::select! {
        result = &mut call => panic!("the call cannot finish: {result:?}"),
        received = tokio::time::timeout(Duration::from_secs(30), received_rx) => {
            received.expect("the server got the request").unwrap();
        }
    }
    drop(call);
    let dropped = Instant::now();
    let closed = tokio::time::timeout(Duration::from_secs(3), closed_rx)
        .await
        .expect("the connection is closed soon after the future is dropped")
        .unwrap();
    assert!(closed - dropped < Duration::from_secs(3));
    // The client is still usable afterwards.
    drop(clerk);
    server.await.unwrap();
}
