//! What each operation's parameters are, as data: the generator of the bindings' signatures and
//! types (`codegen/`) reads it, so that a parameter is declared once, in its request struct.
//!
//! The kind of a parameter comes from its Rust type ([`ParamType`]); its docs from the field's
//! doc comment. Whether it is required, whether `null` is sent or means "not given", and the
//! value sent when it is not given are read from the request's own serde behaviour
//! ([`params_of`]), so they cannot drift from what the client does.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use crate::models::Metadata;
use crate::nullable::Nullable;
use crate::requests::{File, Operation};

/// An open enum's known values (unknown ones are still accepted and kept).
#[derive(Debug)]
pub struct EnumShape {
    /// The Rust type's name (`OrganizationInvitationStatus`).
    pub name: &'static str,
    pub doc: &'static str,
    pub values: &'static [&'static str],
}

/// What a parameter holds.
#[derive(Debug, Clone, Copy)]
pub enum ParamKind {
    String,
    /// A string in RFC 3339 (bindings may also take their host's date type).
    DateTime,
    /// A string with these well-known values; others are sent as given.
    Suggested(&'static EnumShape),
    Integer,
    Bool,
    /// A list of strings (sent as repeated query keys or a JSON array).
    Strings,
    /// A JSON object of the caller's own data.
    Metadata,
    /// The file of a multipart upload.
    File,
    /// One of an enum's values.
    Enum(&'static EnumShape),
}

/// The kind of a request field's type, and whether the type itself can be absent.
pub trait ParamType {
    const KIND: ParamKind;
}

macro_rules! param_types {
    ($($ty:ty => $kind:expr),* $(,)?) => {
        $(impl ParamType for $ty {
            const KIND: ParamKind = $kind;
        })*
    };
}

param_types!(
    String => ParamKind::String,
    i64 => ParamKind::Integer,
    u32 => ParamKind::Integer,
    bool => ParamKind::Bool,
    Vec<String> => ParamKind::Strings,
    Metadata => ParamKind::Metadata,
    File => ParamKind::File,
);

impl<T: ParamType> ParamType for Option<T> {
    const KIND: ParamKind = T::KIND;
}

impl<T: ParamType> ParamType for Nullable<T> {
    const KIND: ParamKind = T::KIND;
}

/// A request field as its struct declares it (written by `request!`).
#[derive(Debug)]
pub struct FieldDecl {
    pub name: &'static str,
    pub doc: &'static str,
    pub kind: ParamKind,
}

/// A request struct whose fields are described (every request, through `request!`).
pub trait Described {
    const FIELDS: &'static [FieldDecl];
}

/// How a parameter treats being left out and `null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Must be given.
    Required,
    /// May be left out; `null` means the same (nothing, or the default, is sent).
    Optional,
    /// May be left out; `null` is sent as `null` (it clears the field).
    Nullable,
}

/// One parameter of an operation, as the bindings present it.
#[derive(Debug, Clone)]
pub struct Param {
    /// The wire name (`email_address`).
    pub name: &'static str,
    pub doc: &'static str,
    pub kind: ParamKind,
    pub presence: Presence,
    /// What is sent when the parameter is not given (`limit`: 10), if anything.
    pub default: Option<Value>,
}

/// A value of `kind` that the request accepts.
fn sample(kind: ParamKind) -> Value {
    match kind {
        ParamKind::String | ParamKind::Suggested(_) => json!("x"),
        ParamKind::DateTime => json!("2024-01-01T00:00:00Z"),
        ParamKind::Integer => json!(1),
        ParamKind::Bool => json!(true),
        ParamKind::Strings => json!(["x"]),
        ParamKind::Metadata => json!({}),
        ParamKind::File => json!({"file_name": "a.png", "content": [1]}),
        ParamKind::Enum(shape) => json!(shape.values.first().copied().unwrap_or("x")),
    }
}

fn missing_field(error: &serde_json::Error, name: &str) -> bool {
    error.to_string().contains(&format!("missing field `{name}`"))
}

/// The parameters of `R`'s operation, in the order of its description, each with its presence
/// and default as `R`'s serde implementation gives them.
pub fn params_of<R: Operation + Described + DeserializeOwned + Serialize>() -> Vec<Param> {
    let full: Map<String, Value> = R::FIELDS
        .iter()
        .map(|field| (field.name.to_owned(), sample(field.kind)))
        .collect();
    let encode = |object: Map<String, Value>| -> Result<Value, serde_json::Error> {
        let request: R = serde_json::from_value(Value::Object(object))?;
        serde_json::to_value(&request)
    };
    R::FIELDS
        .iter()
        .map(|field| {
            let mut without = full.clone();
            without.remove(field.name);
            let (presence, default) = match encode(without.clone()) {
                Err(error) if missing_field(&error, field.name) => (Presence::Required, None),
                Err(error) => panic!("{}: {error}", field.name),
                Ok(sent) => {
                    let default = sent.get(field.name).cloned();
                    let mut with_null = without;
                    with_null.insert(field.name.to_owned(), Value::Null);
                    let sent = encode(with_null).unwrap_or_else(|e| panic!("{}: {e}", field.name));
                    match sent.get(field.name) {
                        Some(Value::Null) => (Presence::Nullable, default),
                        _ => (Presence::Optional, default),
                    }
                }
            };
            Param {
                name: field.name,
                doc: field.doc,
                kind: field.kind,
                presence,
                default,
            }
        })
        .collect()
}

/// Every operation's parameters, in the order of [`crate::ops::OPERATIONS`].
pub fn all() -> Vec<(&'static crate::ops::OperationSpec, Vec<Param>)> {
    macro_rules! described {
        ($($name:ident: $request:ty,)*) => {
            vec![$( (<$request as Operation>::SPEC, params_of::<$request>()) ),*]
        };
    }
    crate::for_each_operation!(described)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(op: &str, name: &str) -> Param {
        let (_, params) = all()
            .into_iter()
            .find(|(spec, _)| spec.python_name == op)
            .expect(op);
        params.into_iter().find(|p| p.name == name).expect(name)
    }

    #[test]
    fn every_operation_lists_the_parameters_of_its_description() {
        for (spec, params) in all() {
            let names: Vec<&str> = params.iter().map(|p| p.name).collect();
            assert_eq!(names, spec.params().collect::<Vec<_>>(), "{}", spec.python_name);
        }
    }

    #[test]
    fn presence_and_defaults_are_read_from_the_requests() {
        assert_eq!(param("get", "user_id").presence, Presence::Required);
        assert_eq!(param("bulk_ban", "user_ids").presence, Presence::Required);
        assert_eq!(param("list", "email_address").presence, Presence::Optional);
        assert_eq!(param("update", "first_name").presence, Presence::Nullable);
        // `Option<String>` in the core: `null` is not sent.
        assert_eq!(param("update", "password_digest").presence, Presence::Optional);
        let limit = param("list", "limit");
        assert_eq!(
            (limit.presence, limit.default),
            (Presence::Optional, Some(json!(10)))
        );
        assert_eq!(param("list", "order_by").default, Some(json!("-created_at")));
        assert_eq!(param("count", "banned").default, None);
        assert!(matches!(param("create", "created_at").kind, ParamKind::DateTime));
        assert!(
            matches!(param("adjust_billing_credit_balance", "action").kind, ParamKind::Enum(e) if e.values == ["increase", "decrease"])
        );
        assert!(matches!(param("set_profile_image", "file").kind, ParamKind::File));
        assert_eq!(
            param("list", "query").doc,
            "Partial match over identifiers, user IDs and names."
        );
    }
}
