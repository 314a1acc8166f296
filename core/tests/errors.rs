//! Error classification: `ClerkErrors` exactly for the statuses of each operation's table
//! (when the body is a JSON Clerk error body), `Sdk` for every other 4XX/5XX, `ResponseValidation`
//! for undecodable success bodies, and `InvalidArgument` before any I/O.

mod common;

use std::time::Duration;

use clerk_backend::ops::OPERATIONS;
use clerk_backend::{CallOptions, Error};
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const STATUSES: [u16; 10] = [400, 401, 402, 403, 404, 409, 422, 429, 500, 503];

/// The statuses that raise `ClerkErrors` for `op`, as the operation table gives them (the
/// Python suite checks the table against the reference docs).
fn docs_statuses(op: &str) -> &'static [u16] {
    clerk_backend::ops::find(op).expect(op).clerk_error_statuses
}

/// The Clerk error body the mock answers for `op` and `status`.
fn clerk_body(op: &str, status: u16) -> Value {
    json!({
        "errors": [{
            "message": format!("message {status}"),
            "long_message": format!("long message of {op} for {status}"),
            "code": format!("code_{status}"),
            "meta": {"param_name": "user_id", "status": status},
        }],
        "meta": {"request_op": op},
        "clerk_trace_id": format!("trace-{op}-{status}"),
    })
}

/// Answers with the status in `x-want-status` and the Clerk error body for the operation in
/// `x-op`; adds `Retry-After: 7` when `x-want-retry-after` is present.
fn clerk_error_responder(request: &Request) -> ResponseTemplate {
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let status: u16 = header("x-want-status").unwrap().parse().unwrap();
    let op = header("x-op").unwrap();
    let body = serde_json::to_vec(&clerk_body(&op, status)).unwrap();
    let mut template = ResponseTemplate::new(status)
        .set_body_raw(body, "application/json")
        .insert_header("x-test-marker", "yes");
    if header("x-want-retry-after").is_some() {
        template = template.insert_header("retry-after", "7");
    }
    template
}

fn with_headers(clerk: &clerk_backend::Clerk, headers: &[(&str, String)]) -> clerk_backend::Users {
    clerk.users().with_options(CallOptions {
        headers: headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect(),
        ..CallOptions::default()
    })
}

fn meta(value: Value) -> Option<clerk_backend::models::Metadata> {
    match value {
        Value::Object(map) => Some(map),
        other => panic!("not an object: {other}"),
    }
}

#[tokio::test]
async fn every_operation_and_status_is_classified_per_its_docs_table() {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(clerk_error_responder)
        .mount(&server)
        .await;

    let mut calls = 0;
    let mut clerk_errors_seen = 0;
    for spec in OPERATIONS {
        let docs = docs_statuses(spec.python_name);
        for (i, &status) in STATUSES.iter().enumerate() {
            let with_retry_after = i % 2 == 0;
            let mut headers = vec![
                ("x-want-status", status.to_string()),
                ("x-op", spec.python_name.to_owned()),
            ];
            if with_retry_after {
                headers.push(("x-want-retry-after", "1".to_owned()));
            }
            let users = with_headers(&clerk, &headers);
            let err = common::call(&users, spec.python_name, common::minimal_args(spec.python_name))
                .await
                .expect_err("an error status is an error");
            calls += 1;
            let ctx = format!("{} {status}: {err:?}", spec.python_name);
            let expected_body = clerk_body(spec.python_name, status);

            // Common to both kinds: the response is kept whole.
            assert_eq!(err.status_code(), Some(status), "{ctx}");
            let response = err.response().unwrap_or_else(|| panic!("no response: {ctx}"));
            assert_eq!(response.status, status, "{ctx}");
            assert_eq!(response.headers.get("x-test-marker").unwrap(), "yes", "{ctx}");
            assert_eq!(response.content_type(), "application/json", "{ctx}");
            let body: Value = serde_json::from_str(&response.body).unwrap();
            assert_eq!(body, expected_body, "{ctx}");
            let retry_after = if with_retry_after {
                Some(Duration::from_secs(7))
            } else {
                None
            };
            assert_eq!(err.retry_after(), retry_after, "{ctx}");
            assert_eq!(response.retry_after, retry_after, "{ctx}");

            let display = err.to_string();
            assert!(display.contains(&status.to_string()), "{ctx}: {display}");

            if docs.contains(&status) {
                clerk_errors_seen += 1;
                let Error::ClerkErrors { data, .. } = &err else {
                    panic!("expected ClerkErrors: {ctx}");
                };
                let errors = err.clerk_errors().expect("clerk_errors()");
                assert_eq!(errors.errors.len(), 1, "{ctx}");
                let first = &errors.errors[0];
                assert_eq!(first.message, format!("message {status}"), "{ctx}");
                assert_eq!(
                    first.long_message,
                    format!("long message of {} for {status}", spec.python_name),
                    "{ctx}"
                );
                assert_eq!(first.code, format!("code_{status}"), "{ctx}");
                assert_eq!(
                    first.meta,
                    meta(json!({"param_name": "user_id", "status": status})),
                    "{ctx}"
                );
                assert_eq!(data.meta, meta(json!({"request_op": spec.python_name})), "{ctx}");
                assert_eq!(errors.meta, data.meta);
                let trace = format!("trace-{}-{status}", spec.python_name);
                assert_eq!(err.clerk_trace_id(), Some(trace.as_str()), "{ctx}");
                assert_eq!(errors.clerk_trace_id.as_deref(), Some(trace.as_str()), "{ctx}");
                // Display: status, the Clerk message and the trace ID.
                assert!(display.contains(&first.long_message), "{ctx}: {display}");
                assert!(display.contains(&first.code), "{ctx}: {display}");
                assert!(display.contains(&trace), "{ctx}: {display}");
            } else {
                assert!(matches!(err, Error::Sdk(_)), "expected Sdk: {ctx}");
                assert!(err.clerk_errors().is_none(), "{ctx}");
                assert_eq!(err.clerk_trace_id(), None, "{ctx}");
                // Display of an SDKError shows the body, hence the message and trace ID.
                assert!(display.contains(&format!("message {status}")), "{ctx}: {display}");
                assert!(
                    display.contains(&format!("trace-{}-{status}", spec.python_name)),
                    "{ctx}: {display}"
                );
            }
        }
    }
    let expected_calls = OPERATIONS.len() * STATUSES.len();
    assert_eq!(calls, expected_calls);
    let documented: usize = OPERATIONS
        .iter()
        .map(|op| {
            op.clerk_error_statuses
                .iter()
                .filter(|s| STATUSES.contains(s))
                .count()
        })
        .sum();
    assert_eq!(clerk_errors_seen, documented);
    assert_eq!(server.received_requests().await.unwrap().len(), expected_calls);
}

#[tokio::test]
async fn other_4xx_and_5xx_statuses_are_sdk_errors() {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(clerk_error_responder)
        .mount(&server)
        .await;
    for status in [405, 410, 413, 418, 451, 501, 502, 504, 599] {
        let users = with_headers(
            &clerk,
            &[("x-want-status", status.to_string()), ("x-op", "get".to_owned())],
        );
        let err = users.get("user_1").await.unwrap_err();
        assert!(matches!(err, Error::Sdk(_)), "{status}: {err:?}");
        assert_eq!(err.status_code(), Some(status));
    }
}

#[tokio::test]
async fn html_body_on_a_clerk_errors_status_is_an_sdk_error() {
    let (server, clerk) = common::mock_and_client().await;
    let html = "<html><body><h1>404 Not Found</h1>nginx</body></html>";
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_raw(html, "text/html")
                .insert_header("retry-after", "7"),
        )
        .mount(&server)
        .await;
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert!(matches!(err, Error::Sdk(_)), "{err:?}");
    assert_eq!(err.status_code(), Some(404));
    assert_eq!(err.response().unwrap().body, html);
    assert_eq!(err.response().unwrap().content_type(), "text/html");
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
    let display = err.to_string();
    assert!(display.contains("404"), "{display}");
    assert!(display.contains("text/html"), "{display}");
    assert!(display.contains("nginx"), "{display}");

    // Every operation, on every status its table lists.
    for spec in OPERATIONS {
        for &status in docs_statuses(spec.python_name) {
            server.reset().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(status).set_body_raw(html, "text/html"))
                .mount(&server)
                .await;
            let err = common::call(
                &clerk.users(),
                spec.python_name,
                common::minimal_args(spec.python_name),
            )
            .await
            .unwrap_err();
            assert!(
                matches!(err, Error::Sdk(_)),
                "{} {status}: {err:?}",
                spec.python_name
            );
            assert_eq!(err.status_code(), Some(status));
        }
    }
}

#[tokio::test]
async fn json_body_without_an_errors_array_is_an_sdk_error() {
    let (server, clerk) = common::mock_and_client().await;
    let bodies = [
        json!({"message": "not found", "clerk_trace_id": "t1"}),
        json!({"errors": "not an array"}),
        json!({"errors": null}),
        json!([{"message": "a list, not an object"}]),
        json!("just a string"),
    ];
    for spec in OPERATIONS {
        let status = spec.clerk_error_statuses[0];
        for body in &bodies {
            server.reset().await;
            Mock::given(any())
                .respond_with(ResponseTemplate::new(status).set_body_json(body))
                .mount(&server)
                .await;
            let err = common::call(
                &clerk.users(),
                spec.python_name,
                common::minimal_args(spec.python_name),
            )
            .await
            .unwrap_err();
            let ctx = format!("{} {status} {body}: {err:?}", spec.python_name);
            assert!(matches!(err, Error::Sdk(_)), "{ctx}");
            assert_eq!(err.status_code(), Some(status), "{ctx}");
            let got: Value = serde_json::from_str(&err.response().unwrap().body).unwrap();
            assert_eq!(&got, body, "{ctx}");
        }
    }
    // A body that is not JSON at all but claims to be.
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_raw("oops {", "application/json"))
        .mount(&server)
        .await;
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert!(matches!(err, Error::Sdk(_)), "{err:?}");
    assert_eq!(err.response().unwrap().body, "oops {");
}

#[tokio::test]
async fn an_empty_errors_array_is_still_clerk_errors() {
    // The shape is right (an object with an `errors` array): the classification follows the table.
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"errors": [], "clerk_trace_id": "tr_9"})),
        )
        .mount(&server)
        .await;
    let err = clerk.users().get("user_1").await.unwrap_err();
    assert!(matches!(err, Error::ClerkErrors { .. }), "{err:?}");
    assert!(err.clerk_errors().unwrap().errors.is_empty());
    assert_eq!(err.clerk_trace_id(), Some("tr_9"));
    let display = err.to_string();
    assert!(display.contains("404") && display.contains("tr_9"), "{display}");
}

#[tokio::test]
async fn success_status_with_invalid_json_is_response_validation() {
    let (server, clerk) = common::mock_and_client().await;
    let body = "this is { not json";
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_raw(body, "application/json")
                .insert_header("x-test-marker", "yes"),
        )
        .mount(&server)
        .await;
    for spec in OPERATIONS {
        let err = common::call(
            &clerk.users(),
            spec.python_name,
            common::minimal_args(spec.python_name),
        )
        .await
        .unwrap_err();
        let ctx = format!("{}: {err:?}", spec.python_name);
        let Error::ResponseValidation { response, .. } = &err else {
            panic!("expected ResponseValidation: {ctx}");
        };
        assert_eq!(response.status, 200, "{ctx}");
        assert_eq!(response.body, body, "{ctx}");
        assert_eq!(err.status_code(), Some(200), "{ctx}");
        assert_eq!(
            err.response().unwrap().headers.get("x-test-marker").unwrap(),
            "yes"
        );
        assert!(err.clerk_errors().is_none());
        let display = err.to_string();
        assert!(display.contains("200"), "{ctx}: {display}");
        assert!(display.contains(body), "{ctx}: {display}");
        assert!(std::error::Error::source(&err).is_some(), "{ctx}");
    }
}

#[tokio::test]
async fn success_status_with_empty_body_is_response_validation() {
    let (server, clerk) = common::mock_and_client().await;
    for status in [200, 201] {
        server.reset().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(status))
            .mount(&server)
            .await;
        for spec in OPERATIONS {
            let err = common::call(
                &clerk.users(),
                spec.python_name,
                common::minimal_args(spec.python_name),
            )
            .await
            .unwrap_err();
            let ctx = format!("{} {status}: {err:?}", spec.python_name);
            assert!(matches!(err, Error::ResponseValidation { .. }), "{ctx}");
            assert_eq!(err.status_code(), Some(status), "{ctx}");
            assert_eq!(err.response().unwrap().body, "", "{ctx}");
            assert!(err.to_string().contains(&status.to_string()), "{ctx}");
        }
    }
}

#[tokio::test]
async fn success_body_of_the_wrong_shape_is_response_validation() {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .mount(&server)
        .await;
    let err = clerk
        .users()
        .list(clerk_backend::requests::ListUsersRequest::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ResponseValidation { .. }), "{err:?}");
    assert_eq!(err.response().unwrap().body, r#"{"data":[]}"#);
}

// ---------------------------------------------------------------------------------------------
// Invalid arguments: reported before any I/O.

/// A mock that accepts anything; every test below asserts it received nothing.
async fn counting_server() -> (MockServer, clerk_backend::Clerk) {
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .mount(&server)
        .await;
    (server, clerk)
}

fn assert_invalid(result: Result<Value, Error>, parameter: &str, ctx: &str) {
    match result {
        Err(Error::InvalidArgument {
            parameter: got,
            message,
        }) => {
            assert_eq!(got, parameter, "{ctx}: {message}");
            assert!(!message.is_empty(), "{ctx}");
        }
        other => panic!("{ctx}: expected InvalidArgument({parameter}), got {other:?}"),
    }
}

#[tokio::test]
async fn empty_path_parameters_are_rejected_before_io() {
    let (server, clerk) = counting_server().await;
    let mut checked = 0;
    for spec in OPERATIONS {
        for &param in spec.path_params {
            let mut args = common::minimal_args(spec.python_name);
            args[param] = json!("");
            let result = common::call(&clerk.users(), spec.python_name, args).await;
            assert_invalid(result, param, spec.python_name);
            checked += 1;
        }
    }
    // 26 operations take a user ID, 4 of them a second path parameter.
    assert_eq!(checked, 26 + 4);
    let err = clerk.users().get("").await.unwrap_err();
    let display = err.to_string();
    assert!(display.contains("user_id"), "{display}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn bulk_operations_take_1_to_50_ids() {
    let (server, clerk) = counting_server().await;
    let ids = |n: usize| (0..n).map(|i| format!("user_{i}")).collect::<Vec<_>>();
    for op in ["bulk_ban", "bulk_unban"] {
        for n in [0, 51, 200] {
            let result = common::call(&clerk.users(), op, json!({"user_ids": ids(n)})).await;
            assert_invalid(result, "user_ids", &format!("{op} with {n} IDs"));
        }
        let result = common::call(&clerk.users(), op, json!({"user_ids": ["user_1", ""]})).await;
        assert_invalid(result, "user_ids", &format!("{op} with an empty ID"));
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    // The bounds themselves are accepted (these do reach the server).
    for n in [1, 50] {
        let result = common::call(&clerk.users(), "bulk_ban", json!({"user_ids": ids(n)})).await;
        assert!(
            !matches!(result, Err(Error::InvalidArgument { .. })),
            "{n}: {result:?}"
        );
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn limit_outside_1_to_500_is_rejected_before_io() {
    let (server, clerk) = counting_server().await;
    let paged = [
        "list",
        "get_o_auth_access_token",
        "get_organization_memberships",
        "get_organization_invitations",
        "get_instance_organization_memberships",
    ];
    for op in paged {
        for limit in [0, 501, 10_000] {
            let mut args = common::minimal_args(op);
            args["limit"] = json!(limit);
            let result = common::call(&clerk.users(), op, args).await;
            assert_invalid(result, "limit", &format!("{op} limit={limit}"));
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    for op in paged {
        for limit in [1, 500] {
            let mut args = common::minimal_args(op);
            args["limit"] = json!(limit);
            let result = common::call(&clerk.users(), op, args).await;
            assert!(
                !matches!(result, Err(Error::InvalidArgument { .. })),
                "{op} {limit}: {result:?}"
            );
        }
    }
    assert_eq!(server.received_requests().await.unwrap().len(), paged.len() * 2);
}

#[tokio::test]
async fn adjust_amount_must_be_positive() {
    let (server, clerk) = counting_server().await;
    for amount in [0, -1, -100] {
        let mut args = common::minimal_args("adjust_billing_credit_balance");
        args["amount"] = json!(amount);
        let result = common::call(&clerk.users(), "adjust_billing_credit_balance", args).await;
        assert_invalid(result, "amount", &format!("amount={amount}"));
    }
    let mut args = common::minimal_args("adjust_billing_credit_balance");
    args["idempotency_key"] = json!("");
    let result = common::call(&clerk.users(), "adjust_billing_credit_balance", args).await;
    assert_invalid(result, "idempotency_key", "empty idempotency key");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn bad_server_url_override_is_rejected_before_io() {
    let (server, clerk) = counting_server().await;
    for url in [
        "",
        "not a url",
        "ftp://example.com/v1",
        "http://",
        "/v1",
        "http://127.0.0.1:1/v1?x=1",
        "http://127.0.0.1:1/v1#frag",
    ] {
        let users = clerk.users().with_options(CallOptions {
            server_url: Some(url.to_owned()),
            ..CallOptions::default()
        });
        let result = users.get("user_1").await.map(|_| Value::Null);
        assert_invalid(result, "server_url", &format!("server_url={url:?}"));
    }
    // The same on the builder.
    let err = clerk_backend::Clerk::builder(common::SECRET)
        .server_url("nope")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "server_url"),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn invalid_extra_headers_are_rejected_before_io() {
    let (server, clerk) = counting_server().await;
    let cases = [
        ("bad header", "v"),
        ("", "v"),
        ("x-colon:", "v"),
        ("x-ok", "line\nbreak"),
        ("x-ok", "nul\0byte"),
    ];
    for (name, value) in cases {
        let users = clerk.users().with_options(CallOptions {
            headers: vec![(name.to_owned(), value.to_owned())],
            ..CallOptions::default()
        });
        let result = users.get("user_1").await.map(|_| Value::Null);
        assert_invalid(result, "http_headers", &format!("header {name:?}: {value:?}"));
    }
    let err = clerk_backend::Clerk::builder(common::SECRET)
        .header("bad header", "v")
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "http_headers"),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn invalid_per_call_timeout_and_retries_are_rejected_before_io() {
    let (server, clerk) = counting_server().await;
    let users = clerk.users().with_options(CallOptions {
        timeout: Some(Duration::ZERO),
        ..CallOptions::default()
    });
    let result = users.get("user_1").await.map(|_| Value::Null);
    assert_invalid(result, "timeout", "zero timeout");
    let users = clerk.users().with_options(CallOptions {
        retries: Some(clerk_backend::RetryConfig::backoff(
            clerk_backend::BackoffStrategy::new(10, 50, 0.5, 1_000),
            true,
        )),
        ..CallOptions::default()
    });
    let result = users.get("user_1").await.map(|_| Value::Null);
    assert_invalid(result, "retries.backoff.exponent", "exponent < 1");
    assert!(server.received_requests().await.unwrap().is_empty());
}
