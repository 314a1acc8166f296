//! Turns a request struct into what goes on the wire, reading the operation's description:
//! path parameters as single percent-encoded segments, query parameters in the described order
//! (arrays as repeated keys, booleans as `true`/`false`), and the JSON body of the given fields.

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value};

use crate::error::Error;
use crate::ops::{BodyKind, OperationSpec};
use crate::requests::{File, Operation};

/// Everything but RFC 3986 unreserved characters is encoded, so a path parameter such as
/// `a/b` or `a?x=1` stays one segment and can never reach another endpoint or add a query.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The body of a prepared request.
#[derive(Debug, Clone)]
pub enum WireBody {
    Json(Bytes),
    Multipart(Option<File>),
}

/// A request ready to send: path with query (relative to the server URL) and body.
#[derive(Debug, Clone)]
pub struct WireRequest {
    pub spec: &'static OperationSpec,
    /// For example `/users/user_1?limit=10`.
    pub path_and_query: String,
    pub body: Option<WireBody>,
}

/// Validates the request and encodes it; fails before any I/O.
pub fn encode<O: Operation>(op: &O) -> Result<WireRequest, Error> {
    op.validate()?;
    let spec = O::SPEC;
    let fields = match serde_json::to_value(op) {
        Ok(Value::Object(fields)) => fields,
        Ok(_) => unreachable!("request structs serialise to objects"),
        Err(e) => return Err(Error::invalid(spec.python_name, e.to_string())),
    };
    let mut path_and_query = render_path(spec, &fields)?;
    let query = render_query(spec, &fields);
    if !query.is_empty() {
        path_and_query.push('?');
        path_and_query.push_str(&query);
    }
    let body = match spec.body {
        BodyKind::None => None,
        BodyKind::Json => Some(WireBody::Json(render_json_body(spec, fields))),
        BodyKind::Multipart => Some(WireBody::Multipart(op.file().cloned())),
    };
    Ok(WireRequest {
        spec,
        path_and_query,
        body,
    })
}

fn render_path(spec: &OperationSpec, fields: &Map<String, Value>) -> Result<String, Error> {
    let mut out = String::with_capacity(spec.path.len() + 32);
    let mut rest = spec.path;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}').expect("path templates are well formed");
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let value = match fields.get(name) {
            Some(Value::String(value)) => value,
            _ => return Err(Error::invalid(name, "is required")),
        };
        if value.is_empty() {
            return Err(Error::invalid(name, "must not be empty"));
        }
        // URL parsers resolve `.` and `..` segments (even as `%2e%2e`), which would reach another endpoint.
        if value == "." || value == ".." {
            return Err(Error::invalid(name, format!("{value:?} is not a valid ID")));
        }
        out.extend(utf8_percent_encode(value, PATH_SEGMENT));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn render_query(spec: &OperationSpec, fields: &Map<String, Value>) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for &name in spec.query_params {
        match fields.get(name) {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for item in items {
                    if let Some(text) = scalar_text(item) {
                        query.append_pair(name, &text);
                    }
                }
            }
            Some(value) => {
                if let Some(text) = scalar_text(value) {
                    query.append_pair(name, &text);
                }
            }
        }
    }
    query.finish()
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(if *b { "true" } else { "false" }.to_owned()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn render_json_body(spec: &OperationSpec, mut fields: Map<String, Value>) -> Bytes {
    let mut body = Map::new();
    for &name in spec.body_fields {
        if let Some(value) = fields.remove(name) {
            body.insert(name.to_owned(), value);
        }
    }
    Bytes::from(serde_json::to_vec(&body).expect("JSON values always serialise"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nullable::Nullable;
    use crate::requests::*;

    fn path(op: &impl Operation) -> String {
        encode(op).unwrap().path_and_query
    }

    #[test]
    fn path_parameters_are_one_segment() {
        assert_eq!(path(&GetUserRequest::new("a/b")), "/users/a%2Fb");
        assert_eq!(path(&GetUserRequest::new("a?x=1")), "/users/a%3Fx%3D1");
        assert_eq!(path(&GetUserRequest::new("a#b")), "/users/a%23b");
        assert_eq!(path(&GetUserRequest::new("...")), "/users/...");
        assert_eq!(path(&GetUserRequest::new("é 1")), "/users/%C3%A9%201");
        assert_eq!(path(&GetUserRequest::new("user_2x-Y.z~")), "/users/user_2x-Y.z~");
    }

    #[test]
    fn dot_segments_are_rejected() {
        for id in [".", ".."] {
            let err = encode(&GetUserRequest::new(id)).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "user_id"),
                "{err}"
            );
        }
    }

    #[test]
    fn empty_path_parameter_is_rejected() {
        let err = encode(&GetUserRequest::new("")).unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "user_id"),
            "{err}"
        );
        let err = encode(&DeletePasskeyRequest {
            user_id: "u".into(),
            passkey_identification_id: String::new(),
        })
        .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidArgument { parameter, .. } if parameter == "passkey_identification_id")
        );
    }

    #[test]
    fn list_defaults_and_repeated_keys() {
        assert_eq!(
            path(&ListUsersRequest::default()),
            "/users?limit=10&offset=0&order_by=-created_at"
        );
        let req = ListUsersRequest {
            email_address: vec!["a@x.com".into(), "b@x.com".into()],
            banned: Some(false),
            query: Some("John Doe".into()),
            limit: Some(20),
            order_by: None,
            ..Default::default()
        };
        assert_eq!(
            path(&req),
            "/users?email_address=a%40x.com&email_address=b%40x.com&query=John+Doe&banned=false&limit=20&offset=0"
        );
    }

    #[test]
    fn json_body_leaves_out_what_was_not_given_and_keeps_null() {
        let req = UpdateUserRequest {
            first_name: Nullable::Null,
            last_name: "Doe".into(),
            ..UpdateUserRequest::new("user_1")
        };
        let wire = encode(&req).unwrap();
        match wire.body {
            Some(WireBody::Json(body)) => assert_eq!(&body[..], br#"{"first_name":null,"last_name":"Doe"}"#),
            other => panic!("{other:?}"),
        }
        assert_eq!(wire.path_and_query, "/users/user_1");
    }

    #[test]
    fn range_checks_run_before_io() {
        let err = encode(&BulkBanRequest { user_ids: vec![] }).unwrap_err();
        assert!(err.to_string().contains("user_ids"), "{err}");
        let req = ListUsersRequest {
            limit: Some(501),
            ..Default::default()
        };
        assert!(encode(&req).unwrap_err().to_string().contains("limit"));
    }
}
