//! A hostile or broken server on 127.0.0.1, and hostile configuration: odd `Retry-After` values,
//! redirects, oversized bodies, numbers beyond what the models hold, plain http to other hosts.
//! None of it may panic, follow the server elsewhere, buffer without bound or lose data.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clerk_backend::requests::CreateUserRequest;
use clerk_backend::{BackoffStrategy, CallOptions, Clerk, Error, RetryConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const USER_JSON: &str = r#"{"id":"user_1","object":"user","first_name":"Ada"}"#;

fn error_with_retry_after(status: u16, retry_after: &str) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("retry-after", retry_after)
        .set_body_string("no")
}

// ---------------------------------------------------------------------------------------------
// Retry-After

#[tokio::test]
async fn any_retry_after_value_parses_without_a_panic() {
    for value in [
        "1e20",
        "1e400",
        "18446744073709551615",
        "18446744073709551616",
        "99999999999999999999999999",
        "1.5",
        "0.25",
        "-1",
        "-0.5",
        "NaN",
        "inf",
        "-inf",
        "Fri, 31 Dec 9999 23:59:59 GMT",
        "Thu, 01 Jan 1970 00:00:00 GMT",
        "",
        "½",
        "soon",
    ] {
        for status in [404, 429, 503] {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(error_with_retry_after(status, value))
                .mount(&server)
                .await;
            // A 1 s budget: a huge Retry-After is beyond it, so the call ends at once with the
            // server's error; a small one is waited for within it.
            let retry = RetryConfig::backoff(BackoffStrategy::new(10, 50, 1.5, 1_000), true);
            let clerk = common::client_for(&server.uri(), retry);
            let started = Instant::now();
            let result = tokio::spawn(async move { clerk.users().get("user_1").await }).await;
            let err = match result {
                Ok(Err(err)) => err,
                Ok(Ok(user)) => panic!("Retry-After {value:?}: a user {user:?}"),
                Err(join) => panic!("Retry-After {value:?} on {status}: the call panicked: {join}"),
            };
            assert_eq!(err.status_code(), Some(status), "Retry-After {value:?}: {err:?}");
            assert!(
                started.elapsed() < Duration::from_secs(4),
                "Retry-After {value:?} on {status} waited {:?}",
                started.elapsed()
            );
        }
    }
}

#[tokio::test]
async fn retry_after_values_are_reported_as_sent() {
    for (value, expected) in [
        ("3", Some(Duration::from_secs(3))),
        ("1.5", Some(Duration::from_millis(1_500))),
        ("0", Some(Duration::ZERO)),
        // Beyond what a Duration holds: saturated, never a panic.
        ("1e20", Some(Duration::MAX)),
        ("18446744073709551616", Some(Duration::MAX)),
        ("18446744073709551615", Some(Duration::from_secs(u64::MAX))),
        ("1e400", Some(Duration::MAX)),
        ("-1", None),
        ("NaN", None),
        ("inf", None),
    ] {
        let (server, clerk) = common::mock_and_client().await;
        Mock::given(any())
            .respond_with(error_with_retry_after(404, value))
            .mount(&server)
            .await;
        let err = clerk.users().get("user_1").await.unwrap_err();
        assert_eq!(err.retry_after(), expected, "Retry-After {value:?}");
    }
}

/// Answers 503 with `Retry-After: 1`, then 503 with `Retry-After: u64::MAX` one second into the
/// call, where adding it to the elapsed time overflowed.
struct SlowThenHuge(AtomicUsize);

impl Respond for SlowThenHuge {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        match self.0.fetch_add(1, Ordering::SeqCst) {
            0 => error_with_retry_after(503, "1"),
            _ => error_with_retry_after(503, "18446744073709551615"),
        }
    }
}

#[tokio::test]
async fn a_huge_retry_after_late_in_a_call_ends_the_retries() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(SlowThenHuge(AtomicUsize::new(0)))
        .mount(&server)
        .await;
    let retry = RetryConfig::backoff(BackoffStrategy::new(10, 50, 1.5, 10_000), true);
    let clerk = common::client_for(&server.uri(), retry);
    let started = Instant::now();
    let result = tokio::spawn(async move { clerk.users().get("user_1").await }).await;
    let err = result.expect("the call must not panic").unwrap_err();
    assert_eq!(err.status_code(), Some(503), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_retry_after_within_the_budget_is_waited_for() {
    let server = MockServer::start().await;
    let calls = Arc::new(AtomicUsize::new(0));
    struct OnceThenOk(Arc<AtomicUsize>);
    impl Respond for OnceThenOk {
        fn respond(&self, _: &Request) -> ResponseTemplate {
            match self.0.fetch_add(1, Ordering::SeqCst) {
                0 => error_with_retry_after(429, "0.3"),
                _ => ResponseTemplate::new(200).set_body_raw(USER_JSON, "application/json"),
            }
        }
    }
    Mock::given(any())
        .respond_with(OnceThenOk(calls.clone()))
        .mount(&server)
        .await;
    let retry = RetryConfig::backoff(BackoffStrategy::new(10, 50, 1.5, 5_000), true);
    let clerk = common::client_for(&server.uri(), retry);
    let started = Instant::now();
    let user = clerk.users().get("user_1").await.unwrap();
    assert_eq!(user.id, "user_1");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

// ---------------------------------------------------------------------------------------------
// Redirects

#[tokio::test]
async fn redirects_are_not_followed() {
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(USER_JSON, "application/json"))
        .mount(&elsewhere)
        .await;
    let location = format!("{}/v1/users", elsewhere.uri());
    for status in [301, 302, 303, 307, 308] {
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status).insert_header("location", location.as_str()))
            .mount(&server)
            .await;
        let clerk = common::client_for(&server.uri(), RetryConfig::default());
        let err = clerk
            .users()
            .create(CreateUserRequest {
                email_address: vec!["ada@example.com".into()],
                password: "correct horse battery".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        let Error::Sdk(response) = &err else {
            panic!("{status}: expected an SDK error, got {err:?}");
        };
        assert_eq!(response.status, status);
        assert_eq!(response.headers.get("location").unwrap(), location.as_str());
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            1,
            "{status}: not retried"
        );
    }
    assert!(
        elsewhere.received_requests().await.unwrap().is_empty(),
        "the redirect's target got a request"
    );
}

// ---------------------------------------------------------------------------------------------
// Response size

const MIB: usize = 1024 * 1024;

#[tokio::test]
async fn a_body_over_the_default_cap_is_refused_by_its_content_length() {
    let (server, clerk) = common::mock_and_client().await;
    // Valid JSON: a user with a 65 MiB name.
    let body = format!(r#"{{"id":"user_1","first_name":"{}"}}"#, "a".repeat(65 * MIB));
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert_too_large(&err, 64 * MIB as u64, 200);
}

fn assert_too_large(err: &Error, limit: u64, status: u16) {
    match err {
        Error::ResponseTooLarge { response, limit: l } => {
            assert_eq!(*l, limit);
            assert_eq!(response.status, status);
            assert!(response.body.is_empty(), "nothing of the body is kept");
        }
        other => panic!("expected ResponseTooLarge, got {other:?}"),
    }
    assert_eq!(err.kind_name(), "ResponseValidationError");
    let text = err.to_string();
    assert!(
        text.contains("max_response_bytes") && text.contains(&limit.to_string()),
        "{text}"
    );
}

/// A server that answers with a chunked body (no Content-Length) of `chunks` chunks of 64 KiB,
/// and reports how many bytes it managed to write before the client hung up.
async fn chunked_server(status: u16, chunks: usize) -> (String, tokio::task::JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut request = [0u8; 4096];
        let _ = socket.read(&mut request).await;
        let head = format!(
            "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
        );
        socket.write_all(head.as_bytes()).await.unwrap();
        let chunk = vec![b' '; 64 * 1024];
        let mut written = 0;
        for _ in 0..chunks {
            let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
            if socket.write_all(&frame).await.is_err() {
                break;
            }
            written += chunk.len();
        }
        let _ = socket.write_all(b"0\r\n\r\n").await;
        written
    });
    (url, handle)
}

#[tokio::test]
async fn a_streamed_body_is_counted_and_cut_at_the_cap() {
    // 4 GiB announced by nothing: the client must hang up soon after 64 MiB.
    let (url, server) = chunked_server(200, 64 * 1024).await;
    let clerk = common::client_for(&url, RetryConfig::none());
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert_too_large(&err, 64 * MIB as u64, 200);
    drop(clerk);
    let written = tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .expect("the server stops once the client hangs up")
        .unwrap();
    // Socket buffers hold a few MiB at most.
    assert!(written < 96 * MIB, "the server wrote {written} bytes");
}

// ---------------------------------------------------------------------------------------------
// Numbers the models cannot hold

#[tokio::test]
async fn numbers_beyond_the_models_keep_the_default_and_are_kept_in_extra() {
    let (server, clerk) = common::mock_and_client().await;
    let body = r#"{"id":"user_1","object":"user","first_name":"Ada",
        "created_at":1e400,"updated_at":9223372036854775808,"last_sign_in_at":-1e999,
        "public_metadata":{"big":1e400,"huge":123456789012345678901234567890,"tiny":1e-400,
            "precise":0.1000000000000000000000000001,"plain":1,"float":1.5,"neg":-7},
        "private_metadata":{"nested":[1e400,{"n":-123456789012345678901234567890}]},
        "future_field":1e400}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let user = clerk
        .users()
        .get("user_1")
        .await
        .expect("one odd field never fails a user");
    assert_eq!(user.id, "user_1");
    assert_eq!(user.first_name.as_deref(), Some("Ada"));
    assert_eq!(user.created_at, 0);
    assert_eq!(user.updated_at, 0);
    assert_eq!(user.last_sign_in_at, None);
    let text = |v: &serde_json::Value| serde_json::to_string(v).unwrap();
    // Exactly the number sent (serde_json writes exponents with their sign).
    assert_eq!(text(&user.extra["created_at"]), "1e+400");
    assert_eq!(text(&user.extra["updated_at"]), "9223372036854775808");
    assert_eq!(text(&user.extra["last_sign_in_at"]), "-1e+999");
    assert_eq!(text(&user.extra["future_field"]), "1e+400");
    // Metadata is the user's own data: every number kept exactly as sent.
    let public = &user.public_metadata;
    assert_eq!(text(&public["big"]), "1e+400");
    assert_eq!(text(&public["huge"]), "123456789012345678901234567890");
    assert_eq!(text(&public["tiny"]), "1e-400");
    assert_eq!(text(&public["precise"]), "0.1000000000000000000000000001");
    assert_eq!(public["plain"].as_i64(), Some(1));
    assert_eq!(public["float"].as_f64(), Some(1.5));
    assert_eq!(public["neg"].as_i64(), Some(-7));
    assert_eq!(
        text(&serde_json::Value::Object(user.private_metadata.clone().unwrap())),
        r#"{"nested":[1e+400,{"n":-123456789012345678901234567890}]}"#
    );
    // Written back as it came.
    let back = serde_json::to_value(&user).unwrap();
    assert_eq!(text(&back["created_at"]), "1e+400");
    assert_eq!(
        text(&back["public_metadata"]["huge"]),
        "123456789012345678901234567890"
    );
}

#[tokio::test]
async fn one_user_with_odd_numbers_never_fails_a_page() {
    let (server, clerk) = common::mock_and_client().await;
    let body = r#"[{"id":"user_1","created_at":1},{"id":"user_2","created_at":1e400,"public_metadata":{"x":1e400}},{"id":"user_3","created_at":3}]"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let users = clerk
        .users()
        .list(clerk_backend::requests::ListUsersRequest::default())
        .await
        .unwrap();
    let ids: Vec<_> = users.iter().map(|u| (u.id.as_str(), u.created_at)).collect();
    assert_eq!(ids, [("user_1", 1), ("user_2", 0), ("user_3", 3)]);
}

#[tokio::test]
async fn a_count_beyond_i64_keeps_the_default() {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"object":"total_count","total_count":1e400}"#,
            "application/json",
        ))
        .mount(&server)
        .await;
    let count = clerk
        .users()
        .count(clerk_backend::requests::CountUsersRequest::default())
        .await
        .unwrap();
    assert_eq!(count.total_count, 0);
    assert_eq!(count.extra["total_count"].to_string(), "1e+400");
}

// ---------------------------------------------------------------------------------------------
// Plain http

#[test]
fn plain_http_is_refused_for_hosts_other_than_loopback() {
    for url in [
        "http://api.clerk.com/v1",
        "http://example.com/v1",
        "http://10.0.0.1/v1",
        "http://192.168.1.10:8080/v1",
        "http://[2001:db8::1]/v1",
        "http://localhost.example.com/v1",
        "http://127.0.0.1.nip.io/v1",
    ] {
        let err = Clerk::builder(common::SECRET)
            .server_url(url)
            .build()
            .unwrap_err();
        let Error::InvalidArgument { parameter, message } = &err else {
            panic!("{url}: {err:?}");
        };
        assert_eq!(parameter, "server_url", "{url}");
        let host = reqwest::Url::parse(url).unwrap().host_str().unwrap().to_owned();
        assert!(message.contains(&host), "{url}: {message}");
        assert!(message.contains("allow_insecure_http"), "{url}: {message}");
    }
}

#[test]
fn plain_http_to_loopback_and_https_anywhere_are_accepted() {
    for url in [
        "http://127.0.0.1:8080/v1",
        "http://127.1.2.3/v1",
        "http://[::1]:8080/v1",
        "http://localhost:8080/v1",
        "http://LOCALHOST/v1",
        "https://api.clerk.com/v1",
        "https://10.0.0.1/v1",
    ] {
        Clerk::builder(common::SECRET)
            .server_url(url)
            .build()
            .unwrap_or_else(|e| panic!("{url}: {e}"));
    }
}

#[tokio::test]
async fn a_per_call_server_url_follows_the_same_rule_before_any_io() {
    let (server, clerk) = common::mock_and_client().await;
    let err = clerk
        .users()
        .with_options(CallOptions {
            server_url: Some("http://example.com/v1".into()),
            ..Default::default()
        })
        .get("user_1")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { parameter, message } if parameter == "server_url" && message.contains("example.com")),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_cap_is_set_per_client_and_per_call() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(USER_JSON, "application/json"))
        .mount(&server)
        .await;
    let size = USER_JSON.len() as u64;
    let small = Clerk::builder(common::SECRET)
        .server_url(format!("{}/v1", server.uri()))
        .retry_config(RetryConfig::none())
        .max_response_bytes(size - 1)
        .build()
        .unwrap();
    assert_eq!(small.max_response_bytes(), size - 1);
    assert_too_large(&small.users().get("user_1").await.unwrap_err(), size - 1, 200);
    // Exactly the cap is fine; a call may raise or lower it.
    let exact = small.users().with_options(CallOptions {
        max_response_bytes: Some(size),
        ..Default::default()
    });
    assert_eq!(exact.get("user_1").await.unwrap().id, "user_1");
    let clerk = common::client_for(&server.uri(), RetryConfig::none());
    let lower = clerk.users().with_options(CallOptions {
        max_response_bytes: Some(10),
        ..Default::default()
    });
    assert_too_large(&lower.get("user_1").await.unwrap_err(), 10, 200);
    // Error bodies are capped too.
    let errors = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_string("x".repeat(100)))
        .mount(&errors)
        .await;
    let clerk = common::client_for(&errors.uri(), RetryConfig::default());
    let err = clerk
        .users()
        .with_options(CallOptions {
            max_response_bytes: Some(99),
            ..Default::default()
        })
        .get("user_1")
        .await
        .unwrap_err();
    assert_too_large(&err, 99, 500);
    assert_eq!(errors.received_requests().await.unwrap().len(), 1, "not retried");
    // Zero is refused before any I/O.
    let err = Clerk::builder(common::SECRET)
        .max_response_bytes(0)
        .build()
        .unwrap_err();
    assert!(matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "max_response_bytes"));
}

#[tokio::test]
async fn a_streamed_body_over_a_small_cap_fails_early() {
    let (url, server) = chunked_server(200, 1024).await;
    let clerk = Clerk::builder(common::SECRET)
        .server_url(format!("{url}/v1"))
        .retry_config(RetryConfig::none())
        .max_response_bytes(100 * 1024)
        .build()
        .unwrap();
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert_too_large(&err, 100 * 1024, 200);
    drop(clerk);
    let written = tokio::time::timeout(Duration::from_secs(30), server)
        .await
        .unwrap()
        .unwrap();
    assert!(written < 1024 * 64 * 1024, "the server wrote all {written} bytes");
}

#[tokio::test]
async fn plain_http_elsewhere_is_allowed_when_the_client_opts_in() {
    let clerk = Clerk::builder(common::SECRET)
        .server_url("http://example.invalid/v1")
        .allow_insecure_http(true)
        .build()
        .unwrap();
    assert_eq!(clerk.server_url(), "http://example.invalid/v1");
    // And per call too: refused for its host only by the opt-in's absence.
    let (server, strict) = common::mock_and_client().await;
    let _ = server;
    let per_call = CallOptions {
        server_url: Some("http://10.255.255.1:1/v1".into()),
        timeout: Some(Duration::from_millis(50)),
        retries: Some(RetryConfig::none()),
        ..Default::default()
    };
    let err = strict
        .users()
        .with_options(per_call.clone())
        .get("u")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidArgument { .. }), "{err:?}");
    let err = clerk.users().with_options(per_call).get("u").await.unwrap_err();
    assert!(!matches!(err, Error::InvalidArgument { .. }), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// Objects keyed like serde_json's private number transport (`arbitrary_precision`)

const NUMBER_TOKEN: &str = "$serde_json::private::Number";

#[tokio::test]
async fn metadata_keyed_like_serde_json_internals_stays_an_object_in_results() {
    let (server, clerk) = common::mock_and_client().await;
    let body = r#"{"id":"user_1","object":"user",
        "public_metadata":{"a":{"$serde_json::private::Number":"1"},
            "b":{"$serde_json::private::Number":"x","c":1},
            "r":[{"$serde_json::private::RawValue":"[1]"}]},
        "private_metadata":1e400,
        "odd":{"$serde_json::private::Number":"2"}}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let user = clerk.users().get("user_1").await.expect("decoded");
    let public = serde_json::Value::Object(user.public_metadata.clone());
    assert_eq!(
        public,
        serde_json::json!({
            "a": { NUMBER_TOKEN: "1" },
            "b": { NUMBER_TOKEN: "x", "c": 1 },
            "r": [{ "$serde_json::private::RawValue": "[1]" }],
        })
    );
    assert_eq!(user.extra["odd"], serde_json::json!({ NUMBER_TOKEN: "2" }));
    // A number where metadata belongs is not read as an object holding the token.
    assert_eq!(user.private_metadata, None);
    assert_eq!(
        serde_json::to_string(&user.extra["private_metadata"]).unwrap(),
        "1e+400"
    );
}

#[tokio::test]
async fn metadata_keyed_like_serde_json_internals_is_sent_as_an_object() {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(USER_JSON, "application/json"))
        .mount(&server)
        .await;
    // As the bindings build a request: from a JSON value.
    let args = serde_json::json!({
        "user_id": "user_1",
        "public_metadata": { "a": { NUMBER_TOKEN: "1" }, "b": [{ NUMBER_TOKEN: "not a number" }] },
        "private_metadata": { NUMBER_TOKEN: "3" },
    });
    let request: clerk_backend::requests::UpdateMetadataRequest = serde_json::from_value(args).unwrap();
    clerk.users().update_metadata(request).await.expect("sent");
    let received = server.received_requests().await.unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap_or_default();
    let text = String::from_utf8_lossy(&received[0].body).into_owned();
    assert!(
        text.contains(r#""public_metadata":{"a":{"$serde_json::private::Number":"1"},"b":[{"$serde_json::private::Number":"not a number"}]}"#),
        "{text} ({sent})"
    );
    assert!(
        text.contains(r#""private_metadata":{"$serde_json::private::Number":"3"}"#),
        "{text}"
    );
}

#[tokio::test]
async fn an_error_body_keyed_like_serde_json_internals_is_still_clerk_errors() {
    let (server, clerk) = common::mock_and_client().await;
    let body = r#"{"errors":[{"message":"m","long_message":"l","code":"c",
        "meta":{"n":{"$serde_json::private::Number":"x","k":1}}}],"clerk_trace_id":"t"}"#;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(422).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let error = clerk
        .users()
        .create(CreateUserRequest::default())
        .await
        .unwrap_err();
    let Error::ClerkErrors { data, .. } = error else {
        panic!("expected ClerkErrors, got {error:?}");
    };
    let meta = data.errors[0].meta.clone().unwrap();
    assert_eq!(
        serde_json::Value::Object(meta),
        serde_json::json!({ "n": { NUMBER_TOKEN: "x", "k": 1 } })
    );
}

// ---------------------------------------------------------------------------------------------
// Many headers, a pause of years

#[tokio::test]
async fn too_many_headers_are_an_invalid_argument_not_a_panic() {
    let mut builder = Clerk::builder(common::SECRET).server_url("http://127.0.0.1:9/v1");
    for i in 0..40_000 {
        builder = builder.header(format!("x-h{i}"), "v");
    }
    let err = builder.build().unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { parameter, message } if parameter == "http_headers" && message.contains("at most 1000")),
        "{err:?}"
    );

    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_string(USER_JSON))
        .mount(&server)
        .await;
    let clerk = common::client_for(&server.uri(), RetryConfig::none());
    let options = CallOptions {
        headers: (0..40_000).map(|i| (format!("x-h{i}"), "v".to_owned())).collect(),
        ..Default::default()
    };
    let err = clerk
        .users()
        .with_options(options)
        .get("user_1")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "http_headers"),
        "{err:?}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing was sent"
    );
}

#[tokio::test]
async fn a_paced_client_pauses_at_most_a_minute_whatever_retry_after_says() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(error_with_retry_after(429, "100000000"))
        .mount(&server)
        .await;
    let paused = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = paused.clone();
    let clerk = Clerk::builder(common::SECRET)
        .server_url(format!("{}/v1", server.uri()))
        .retry_config(RetryConfig::none())
        .rate_limit(clerk_backend::RateLimit::new(100, Duration::from_secs(10)))
        .on_attempt(Arc::new(move |event| seen.lock().unwrap().push(event.paused_for)))
        .build()
        .unwrap();
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert_eq!(err.status_code(), Some(429));
    assert_eq!(
        err.retry_after(),
        Some(Duration::from_secs(100_000_000)),
        "reported as sent"
    );
    assert_eq!(
        *paused.lock().unwrap(),
        vec![Some(clerk_backend::limits::MAX_PAUSE)],
        "the client pauses for at most MAX_PAUSE"
    );
}
