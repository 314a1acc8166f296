//! A call's parameters object into the operation's request struct: keys checked against the
//! operation's description and renamed to their wire names, values read within the core's
//! limits (`convert`), then deserialised by serde, every error a `TypeError` naming the
//! parameter, before any I/O.

use clerk_backend::ops::{BodyKind, OperationSpec};
use clerk_backend::requests::*;
use clerk_backend::{CallOptions, Clerk};
use futures_util::future::BoxFuture;
use napi::ValueType;
use napi::bindgen_prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::convert::{self, Keys, parameter_from_js, to_camel};
use crate::errors::{bad_value, serde_error, type_error, type_name, unknown_key, wrong_type};
use crate::results::{Outcome, start};

/// Parses the parameters of `spec` into its request struct and returns the future of the call.
pub(crate) fn prepare(
    env: &Env,
    clerk: &Clerk,
    spec: &'static OperationSpec,
    params: Option<Unknown<'_>>,
    options: Option<CallOptions>,
) -> Result<BoxFuture<'static, Outcome>> {
    let context = format!("users.{}()", spec.js_name);
    let (fields, file) = params_from_js(env, spec, &context, params)?;
    macro_rules! dispatch {
        ($($name:ident: $request:ty,)*) => {
            match spec.python_name {
                $( stringify!($name) => {
                    let mut request: $request = deserialize(env, &context, fields)?;
                    // The file of `set_profile_image`, read apart from the other parameters.
                    request.set_file(file);
                    Ok(start(clerk.clone(), options, request))
                } )*
                other => Err(Error::new(Status::InvalidArg, format!("unknown operation {other:?}"))),
            }
        };
    }
    clerk_backend::for_each_operation!(dispatch)
}

/// Parses the parameters of `spec` into `T` (its request struct) without starting a call.
pub(crate) fn parse_params<T: DeserializeOwned>(
    env: &Env,
    spec: &OperationSpec,
    context: &str,
    params: Option<Unknown<'_>>,
) -> Result<T> {
    let (fields, _) = params_from_js(env, spec, context, params)?;
    deserialize(env, context, fields)
}

fn deserialize<T: DeserializeOwned>(env: &Env, context: &str, value: Value) -> Result<T> {
    serde_path_to_error::deserialize(&value).map_err(|e| serde_error(env, context, &value, e))
}

/// The parameters object of a call: its keys checked against the operation's description and
/// renamed to their wire names. `file` (multipart) is taken out, read as binary.
fn params_from_js(
    env: &Env,
    spec: &OperationSpec,
    context: &str,
    params: Option<Unknown<'_>>,
) -> Result<(Value, Option<File>)> {
    let mut fields = Map::new();
    let mut file = None;
    let Some(params) = params else {
        return Ok((Value::Object(fields), None));
    };
    let what = "the parameters";
    match params.get_type()? {
        ValueType::Undefined | ValueType::Null => return Ok((Value::Object(fields), None)),
        ValueType::Object => {}
        other => return Err(wrong_type(env, context, what, "an object", type_name(other))),
    }
    let object: Object<'_> = unsafe { params.cast() }?;
    if convert::is_array(&object).map_err(|bad| bad_value(env, context, bad))? {
        return Err(wrong_type(env, context, what, "an object", "an array"));
    }
    for key in Object::keys(&object).map_err(|e| unreadable(env, context, what, e))? {
        let value: Unknown<'_> = object
            .get_named_property(&key)
            .map_err(|e| unreadable(env, context, &format!("parameter `{key}`"), e))?;
        if value.get_type()? == ValueType::Undefined {
            continue;
        }
        let Some(name) = spec.params().find(|p| to_camel(p) == key) else {
            return Err(unknown_key(env, context, "parameter", &key, spec.params()));
        };
        if name == "file" && spec.body == BodyKind::Multipart {
            file = file_from_js(env, context, value)?;
            continue;
        }
        // Parameters are flat: what is below them (metadata) is user data, never renamed.
        let converted =
            parameter_from_js(value, &key, Keys::AsIs).map_err(|bad| bad_value(env, context, bad))?;
        fields.insert(name.to_owned(), converted);
    }
    Ok((Value::Object(fields), file))
}

/// `what` (the parameters, or one of them) could not be read: a getter or a Proxy trap threw.
/// A `TypeError` naming it, as for any other argument that cannot be read.
fn unreadable(env: &Env, context: &str, what: &str, error: Error) -> Error {
    let bad = convert::napi_failure(env.raw(), "", error);
    type_error(
        env,
        "ERR_INVALID_ARG_TYPE",
        format!("{context}: {what} {}", bad.message),
    )
}

/// `{ fileName, content, contentType? }`: content is a Buffer, Uint8Array, ArrayBuffer or string.
fn file_from_js(env: &Env, context: &str, value: Unknown<'_>) -> Result<Option<File>> {
    let what = "parameter `file`";
    let expected = "an object { fileName, content, contentType? }";
    match value.get_type()? {
        ValueType::Null => return Ok(None),
        ValueType::Object => {}
        other => return Err(wrong_type(env, context, what, expected, type_name(other))),
    }
    let object: Object<'_> = unsafe { value.cast() }?;
    let bad = |bad| bad_value(env, context, bad);
    if convert::is_array(&object).map_err(bad)? {
        return Err(wrong_type(env, context, what, expected, "an array"));
    }
    let mut file = File::default();
    let mut has_name = false;
    let mut has_content = false;
    for key in Object::keys(&object).map_err(|e| unreadable(env, context, what, e))? {
        let item: Unknown<'_> = object
            .get_named_property(&key)
            .map_err(|e| unreadable(env, context, &format!("parameter `file.{key}`"), e))?;
        let kind = item.get_type()?;
        if kind == ValueType::Undefined {
            continue;
        }
        let path = format!("file.{key}");
        let not_string = || {
            wrong_type(
                env,
                context,
                &format!("parameter `{path}`"),
                "a string",
                type_name(kind),
            )
        };
        match key.as_str() {
            "fileName" => {
                if kind != ValueType::String {
                    return Err(not_string());
                }
                file.file_name = convert::string_from_js(&item, &path).map_err(bad)?;
                has_name = true;
            }
            "contentType" => match kind {
                ValueType::Null => file.content_type = None,
                ValueType::String => {
                    file.content_type = Some(convert::string_from_js(&item, &path).map_err(bad)?)
                }
                _ => return Err(not_string()),
            },
            "content" => {
                file.content = convert::bytes_from_js(item, &path).map_err(bad)?;
                has_content = true;
            }
            _ => {
                let known = ["file_name", "content", "content_type"].into_iter();
                return Err(unknown_key(env, context, "key of `file`", &key, known));
            }
        }
    }
    if !has_name || !has_content {
        let missing = if has_name { "file.content" } else { "file.fileName" };
        let message = format!("{context}: missing required parameter `{missing}`");
        return Err(type_error(env, "ERR_INVALID_ARG_TYPE", message));
    }
    Ok(Some(file))
}
