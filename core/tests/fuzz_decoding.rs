//! Property tests of decoding: arbitrary JSON bodies never panic the decoder of any operation's
//! result, and a user whose fields are edited to arbitrary values (numbers beyond f64 and i64
//! included) still decodes, keeping the fields that were not touched. The case count is bounded
//! (`PROPTEST_CASES` raises it); a failure prints the smallest body that reproduces it.

mod common;

use bytes::Bytes;
use clerk_backend::RawResponse;
use clerk_backend::models::User;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(256),
        // Nothing written into the repository: the failure message carries the input.
        failure_persistence: None,
        ..Config::default()
    }
}

/// JSON numbers, the odd ones weighted in: beyond i64, u64 and f64, tiny, negative zero.
fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<u64>().prop_map(|n| n.to_string()),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| format!("{f:?}")),
        Just("1e400".to_owned()),
        Just("-1e400".to_owned()),
        Just("1e-400".to_owned()),
        Just("-0".to_owned()),
        Just("123456789012345678901234567890".to_owned()),
        Just("9223372036854775808".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("0.1000000000000000000000000001".to_owned()),
        (1u32..400, any::<bool>()).prop_map(|(e, neg)| format!("{}1e{e}", if neg { "-" } else { "" })),
    ]
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_]{0,12}".prop_map(|s| s),
        any::<String>(),
        Just("user".to_owned()),
        Just("\u{0}\u{ffff}\u{10ffff}".to_owned()),
    ]
    .prop_map(|s| serde_json::to_string(&s).unwrap())
}

/// Arbitrary JSON text (a few levels deep).
fn json_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("null".to_owned()),
        Just("true".to_owned()),
        Just("false".to_owned()),
        number(),
        string(),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(|items| format!("[{}]", items.join(","))),
            prop::collection::vec((string(), inner), 0..6).prop_map(|fields| {
                let fields: Vec<String> = fields.into_iter().map(|(k, v)| format!("{k}:{v}")).collect();
                format!("{{{}}}", fields.join(","))
            }),
        ]
    })
}

fn raw(body: impl Into<Bytes>) -> RawResponse {
    RawResponse {
        status: 200,
        headers: Default::default(),
        body: body.into(),
    }
}

/// Decodes `body` as the result of every operation; a panic fails the property.
fn decode_as_every_result(body: &str) {
    macro_rules! decode_all {
        ($($name:ident: $request:ty,)*) => {
            $(
                let _ = raw(body.to_owned()).decode::<<$request as clerk_backend::Operation>::Output>();
            )*
        };
    }
    clerk_backend::for_each_operation!(decode_all);
    // And as bindings split list bodies.
    if let Ok(items) = raw(body.to_owned()).into_items() {
        for i in 0..items.len() {
            let _ = items.decode::<User>(i);
        }
    }
}

/// Every user object of the wire vectors' responses, as JSON values (read once).
fn vector_users() -> &'static [Value] {
    static USERS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    USERS.get_or_init(read_vector_users)
}

fn read_vector_users() -> Vec<Value> {
    let mut users = Vec::new();
    let dir = common::repo_root().join("tests/vectors");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let vector: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in vector["cases"].as_array().into_iter().flatten() {
            let body = &case["response"]["body"];
            let candidates: Vec<&Value> = match body {
                Value::Array(items) => items.iter().collect(),
                other => vec![other],
            };
            users.extend(candidates.into_iter().filter(|v| v["object"] == "user").cloned());
        }
    }
    assert!(!users.is_empty(), "the vectors have users");
    users
}

/// The paths of every value inside `value` (object keys and array indexes), root excluded.
fn paths(value: &Value, at: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    match value {
        Value::Object(fields) => {
            for (key, item) in fields {
                at.push(Step::Key(key.clone()));
                out.push(at.clone());
                paths(item, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Step::Index(i));
                out.push(at.clone());
                paths(item, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn at_path<'a>(value: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Key(key) => &mut v[key.as_str()],
        Step::Index(i) => &mut v[*i],
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_bodies_never_panic_a_decoder(body in json_text()) {
        decode_as_every_result(&body);
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_decoder(body in prop::collection::vec(any::<u8>(), 0..64)) {
        decode_as_every_result(&String::from_utf8_lossy(&body));
    }

    #[test]
    fn an_odd_field_never_fails_a_user(
        user_index in any::<prop::sample::Index>(),
        path_index in any::<prop::sample::Index>(),
        replacement in json_text(),
    ) {
        let users = vector_users();
        let mut user = user_index.get(users).clone();
        let mut all = Vec::new();
        paths(&user, &mut Vec::new(), &mut all);
        let path = path_index.get(&all).clone();
        let id_touched = matches!(path.first(), Some(Step::Key(key)) if key == "id");
        // Spliced in as text, so that numbers serde_json would not write (1e400) are sent as is.
        let marker = "\u{1}MARKER\u{1}";
        *at_path(&mut user, &path) = Value::String(marker.to_owned());
        let body = serde_json::to_string(&user)
            .unwrap()
            .replace(&serde_json::to_string(marker).unwrap(), &replacement);
        let decoded = raw(body.clone()).decode::<User>();
        prop_assert!(decoded.is_ok(), "path {:?}: {:?}\nbody: {}", path, decoded.err(), body);
        let decoded = decoded.unwrap();
        if !id_touched {
            prop_assert_eq!(decoded.id.as_str(), user["id"].as_str().unwrap());
        }
        // And in a page of users, the others are untouched.
        let page = format!("[{},{}]", body, serde_json::to_string(user_index.get(users)).unwrap());
        let list = raw(page.clone()).decode::<Vec<User>>();
        prop_assert!(list.as_ref().is_ok_and(|l| l.len() == 2), "page: {:?}\nbody: {}", list.err(), page);
    }
}
