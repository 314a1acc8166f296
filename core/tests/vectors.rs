//! Replays the shared wire vectors of `tests/vectors/*.json` (format in `tests/vectors/README.md`)
//! against the Rust client: each case's request must go on the wire exactly as written, and its
//! canned response must decode to exactly the case's `result`.

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

use clerk_backend::ops::{self, OPERATIONS, OperationSpec};
use serde_json::Value;
use wiremock::matchers::any;
use wiremock::{Mock, Request, ResponseTemplate};

fn vectors_dir() -> PathBuf {
    common::repo_root().join("tests/vectors")
}

/// Every vector file: (file name, parsed JSON), sorted by name.
fn load_vectors() -> Vec<(String, Value)> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(vectors_dir()).expect("tests/vectors exists") {
        let path = entry.expect("readable directory entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        files.push((name, json));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn cases(file: &str, json: &Value) -> Vec<Value> {
    json["cases"]
        .as_array()
        .unwrap_or_else(|| panic!("{file}: `cases` must be an array"))
        .clone()
}

fn str_field<'a>(value: &'a Value, key: &str, at: &str) -> &'a str {
    value[key]
        .as_str()
        .unwrap_or_else(|| panic!("{at}: `{key}` must be a string"))
}

/// Whether `path` (as received, under `/v1`) fits the operation's template, each `{param}`
/// standing for exactly one non-empty segment.
fn path_fits_template(spec: &OperationSpec, path: &str) -> bool {
    let Some(rest) = path.strip_prefix("/v1") else {
        return false;
    };
    let got: Vec<&str> = rest.split('/').collect();
    let want: Vec<&str> = spec.path.split('/').collect();
    got.len() == want.len()
        && got
            .iter()
            .zip(&want)
            .all(|(g, w)| if w.starts_with('{') { !g.is_empty() } else { g == w })
}

#[test]
fn vector_files_cover_every_operation() {
    let files = load_vectors();
    let on_disk: BTreeSet<String> = files
        .iter()
        .map(|(name, _)| name.trim_end_matches(".json").to_owned())
        .collect();
    let expected: BTreeSet<String> = OPERATIONS.iter().map(|op| op.python_name.to_owned()).collect();
    assert_eq!(
        on_disk, expected,
        "tests/vectors/*.json must be exactly the operations of the table"
    );

    for (file, json) in &files {
        let operation = str_field(json, "operation", file);
        assert_eq!(
            format!("{operation}.json"),
            *file,
            "{file}: `operation` must match the file name"
        );
        let spec = ops::find(operation).unwrap();
        let cases = cases(file, json);
        assert!(!cases.is_empty(), "{file}: no cases");
        let mut names = BTreeSet::new();
        for case in &cases {
            let name = str_field(case, "name", file);
            let at = format!("{file} / {name}");
            assert!(names.insert(name.to_owned()), "{at}: duplicate case name");
            let request = &case["request"];
            assert_eq!(
                str_field(request, "method", &at),
                spec.method.as_str(),
                "{at}: request.method is not the operation's method"
            );
            let path = str_field(request, "path", &at);
            assert!(
                path_fits_template(spec, path),
                "{at}: request.path {path:?} does not fit /v1{}",
                spec.path
            );
            let args = case["args"]
                .as_object()
                .unwrap_or_else(|| panic!("{at}: `args` must be an object"));
            let known: BTreeSet<&str> = spec.params().collect();
            for key in args.keys() {
                assert!(
                    known.contains(key.as_str()),
                    "{at}: `{key}` is not a parameter of {operation}"
                );
            }
            let content_type = request["content_type"].as_str();
            let want = match spec.body {
                ops::BodyKind::None => None,
                ops::BodyKind::Json => Some("application/json"),
                ops::BodyKind::Multipart => Some("multipart/form-data"),
            };
            assert_eq!(content_type, want, "{at}: request.content_type");
            assert!(
                request["query"].is_string(),
                "{at}: request.query must be a string (\"\" when none)"
            );
        }
    }
}

#[tokio::test]
async fn vectors_replay() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, json) in load_vectors() {
        let operation = str_field(&json, "operation", &file).to_owned();
        for case in cases(&file, &json) {
            count += 1;
            let name = str_field(&case, "name", &file).to_owned();
            // In its own task, so that a panic (arguments the request struct refuses) is
            // reported as this case's failure instead of ending the whole test.
            let task = tokio::spawn({
                let (operation, case) = (operation.clone(), case.clone());
                async move { replay(&operation, &case).await }
            });
            let problems = task
                .await
                .unwrap_or_else(|e| vec![format!("panicked: {}", panic_text(e))]);
            if !problems.is_empty() {
                let mut text = format!("{file} / {name}:");
                for problem in problems {
                    let _ = write!(text, "\n    - {problem}");
                }
                failures.push(text);
            }
        }
    }
    assert!(
        count >= OPERATIONS.len(),
        "only {count} cases for {} operations",
        OPERATIONS.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {count} vector cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

fn panic_text(error: tokio::task::JoinError) -> String {
    match error.try_into_panic() {
        Ok(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "(no message)".to_owned()),
        Err(error) => error.to_string(),
    }
}

/// Runs one case; returns what differs from the vector.
async fn replay(operation: &str, case: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let (server, clerk) = common::mock_and_client().await;
    Mock::given(any())
        .respond_with(canned_response(&case["response"]))
        .mount(&server)
        .await;

    let outcome = common::call(&clerk.users(), operation, case["args"].clone()).await;
    let requests = server.received_requests().await.expect("request recording is on");
    match requests.as_slice() {
        [request] => check_request(request, &case["request"], &mut problems),
        other => problems.push(format!(
            "expected exactly 1 request, the server got {}",
            other.len()
        )),
    }
    match outcome {
        Ok(result) => {
            if let Some(diff) = json_diff("result", &case["result"], &result) {
                problems.push(diff);
            }
        }
        Err(error) => problems.push(format!("the call failed: {error}")),
    }
    problems
}

fn canned_response(response: &Value) -> ResponseTemplate {
    let status = response["status"].as_u64().expect("response.status") as u16;
    let body = serde_json::to_vec(&response["body"]).unwrap();
    let mut content_type = "application/json".to_owned();
    let mut template = ResponseTemplate::new(status);
    if let Some(headers) = response["headers"].as_object() {
        for (name, value) in headers {
            let value = value.as_str().expect("header values are strings");
            if name.eq_ignore_ascii_case("content-type") {
                content_type = value.to_owned();
            } else {
                template = template.insert_header(name.as_str(), value);
            }
        }
    }
    template.set_body_raw(body, &content_type)
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().unwrap_or("<not ASCII>"))
}

fn check_request(got: &Request, want: &Value, problems: &mut Vec<String>) {
    let mut expect_eq = |what: &str, expected: &str, actual: &str| {
        if expected != actual {
            problems.push(format!("{what}: expected {expected:?}, sent {actual:?}"));
        }
    };
    expect_eq(
        "method",
        want["method"].as_str().unwrap_or(""),
        got.method.as_str(),
    );
    expect_eq("path", want["path"].as_str().unwrap_or(""), got.url.path());
    expect_eq(
        "query",
        want["query"].as_str().unwrap_or(""),
        got.url.query().unwrap_or(""),
    );

    let authorization = format!("Bearer {}", common::SECRET);
    for (name, expected) in [
        ("authorization", authorization.as_str()),
        ("accept", "application/json"),
        ("clerk-api-version", "2025-11-10"),
    ] {
        let actual = header(got, name);
        if actual != Some(expected) {
            problems.push(format!("header {name}: expected {expected:?}, sent {actual:?}"));
        }
    }
    match header(got, "user-agent") {
        Some(agent) if agent.starts_with("clerk-backend/") => {}
        other => problems.push(format!(
            "header user-agent: expected clerk-backend/..., sent {other:?}"
        )),
    }

    let content_type = header(got, "content-type");
    match want["content_type"].as_str() {
        None => {
            if content_type.is_some() {
                problems.push(format!("content-type: expected none, sent {content_type:?}"));
            }
            if !got.body.is_empty() {
                problems.push(format!(
                    "body: expected none, sent {:?}",
                    String::from_utf8_lossy(&got.body)
                ));
            }
        }
        Some("application/json") => {
            if content_type != Some("application/json") {
                problems.push(format!(
                    "content-type: expected \"application/json\", sent {content_type:?}"
                ));
            }
            check_json_body(&got.body, &want["body"], problems);
        }
        Some("multipart/form-data") => match content_type
            .and_then(|ct| ct.strip_prefix("multipart/form-data; boundary="))
            .filter(|boundary| !boundary.is_empty())
        {
            Some(boundary) => check_multipart(&got.body, boundary, &want["multipart"], problems),
            None => problems.push(format!(
                "content-type: expected \"multipart/form-data; boundary=...\", sent {content_type:?}"
            )),
        },
        Some(other) => problems.push(format!("vector: unknown request.content_type {other:?}")),
    }
}

fn check_json_body(raw: &[u8], want: &Value, problems: &mut Vec<String>) {
    let text = String::from_utf8_lossy(raw);
    let sent: Value = match serde_json::from_slice(raw) {
        Ok(value) => value,
        Err(e) => {
            problems.push(format!("body: not JSON ({e}): {text:?}"));
            return;
        }
    };
    if let Some(diff) = json_diff("body", want, &sent) {
        problems.push(format!("{diff}\n      sent body: {text}"));
        return;
    }
    // Equal as JSON; now the key order of every object, as sent (serde_json keeps it).
    let mut want_order = Vec::new();
    let mut sent_order = Vec::new();
    key_order("body", want, &mut want_order);
    key_order("body", &sent, &mut sent_order);
    if let Some(i) = (0..want_order.len()).find(|&i| want_order[i] != sent_order[i]) {
        problems.push(format!(
            "body key order: key {i} should be {}, sent {}\n      sent body: {text}",
            want_order[i], sent_order[i]
        ));
    }
}

/// The keys of every object in `value`, in document order, each with its path.
fn key_order(at: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let path = format!("{at}.{key}");
                out.push(path.clone());
                key_order(&path, item, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                key_order(&format!("{at}[{i}]"), item, out);
            }
        }
        _ => {}
    }
}

/// The first difference between `want` and `got` (object key order ignored), as a message.
fn json_diff(at: &str, want: &Value, got: &Value) -> Option<String> {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (key, wv) in w {
                match g.get(key) {
                    Some(gv) => {
                        if let Some(diff) = json_diff(&format!("{at}.{key}"), wv, gv) {
                            return Some(diff);
                        }
                    }
                    None => return Some(format!("{at}.{key}: expected {wv}, missing")),
                }
            }
            g.iter()
                .find(|(key, _)| !w.contains_key(*key))
                .map(|(key, gv)| format!("{at}.{key}: not expected, got {gv}"))
        }
        (Value::Array(w), Value::Array(g)) => {
            if w.len() != g.len() {
                return Some(format!("{at}: expected {} items, got {}", w.len(), g.len()));
            }
            w.iter()
                .zip(g)
                .enumerate()
                .find_map(|(i, (wv, gv))| json_diff(&format!("{at}[{i}]"), wv, gv))
        }
        _ if want == got => None,
        _ => Some(format!("{at}: expected {want}, got {got}")),
    }
}

/// Checks a `multipart/form-data` body: exactly one part, named `file`, with the expected file
/// name, content type and content.
fn check_multipart(body: &[u8], boundary: &str, want: &Value, problems: &mut Vec<String>) {
    let parts = match split_multipart(body, boundary) {
        Ok(parts) => parts,
        Err(e) => {
            problems.push(format!(
                "multipart body: {e}: {:?}",
                String::from_utf8_lossy(body)
            ));
            return;
        }
    };
    let [part] = parts.as_slice() else {
        problems.push(format!(
            "multipart body: expected exactly 1 part, sent {}",
            parts.len()
        ));
        return;
    };
    let disposition = part.header("content-disposition").unwrap_or_default();
    let mut expect_eq = |what: &str, expected: Option<&str>, actual: Option<&str>| {
        if expected != actual {
            problems.push(format!(
                "multipart {what}: expected {expected:?}, sent {actual:?}"
            ));
        }
    };
    expect_eq(
        "content-disposition",
        Some("form-data"),
        disposition.split(';').next().map(str::trim),
    );
    expect_eq(
        "part name",
        want["name"].as_str(),
        disposition_param(disposition, "name").as_deref(),
    );
    expect_eq(
        "file name",
        want["file_name"].as_str(),
        disposition_param(disposition, "filename").as_deref(),
    );
    expect_eq(
        "part content-type",
        want["content_type"].as_str(),
        part.header("content-type"),
    );
    let content = want["content"].as_str().unwrap_or_default();
    if part.body != content.as_bytes() {
        problems.push(format!(
            "multipart content: expected {content:?}, sent {:?}",
            String::from_utf8_lossy(&part.body)
        ));
    }
}

struct Part {
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Part {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Splits a multipart body (RFC 7578) into its parts.
fn split_multipart(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let first = format!("--{boundary}");
    let delimiter = format!("\r\n--{boundary}");
    let start = find(body, first.as_bytes()).ok_or("no opening boundary")?;
    let mut rest = &body[start + first.len()..];
    let mut parts = Vec::new();
    loop {
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        rest = rest.strip_prefix(b"\r\n").ok_or("no CRLF after a boundary")?;
        let end = find(rest, delimiter.as_bytes()).ok_or("no closing boundary")?;
        let raw = &rest[..end];
        rest = &rest[end + delimiter.len()..];
        let split = find(raw, b"\r\n\r\n").ok_or("a part without a blank line after its headers")?;
        let head = std::str::from_utf8(&raw[..split]).map_err(|_| "part headers are not UTF-8")?;
        let headers = head
            .split("\r\n")
            .map(|line| {
                let (name, value) = line.split_once(':').ok_or("a malformed part header")?;
                Ok((name.trim().to_owned(), value.trim().to_owned()))
            })
            .collect::<Result<Vec<_>, &str>>()?;
        parts.push(Part {
            headers,
            body: raw[split + 4..].to_vec(),
        });
    }
}

/// A parameter of a `Content-Disposition` value (`name="file"`), unquoted.
fn disposition_param(disposition: &str, key: &str) -> Option<String> {
    disposition.split(';').skip(1).find_map(|param| {
        let (k, v) = param.trim().split_once('=')?;
        (k.trim() == key).then(|| v.trim().trim_matches('"').to_owned())
    })
}
