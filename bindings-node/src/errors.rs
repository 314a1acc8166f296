//! The `TypeError`s of bad arguments, each naming the parameter (by its JavaScript name) and,
//! inside it, the path, with a Node-style `code`; thrown before any I/O.

use clerk_backend::Error as CoreError;
use napi::ValueType;
use napi::bindgen_prelude::*;
use serde_json::Value;

use crate::convert::{BadValue, to_camel, to_snake};

/// A JavaScript `TypeError` with a Node-style `code`, thrown (or rejected) as is.
pub(crate) fn type_error(env: &Env, code: &str, message: String) -> Error {
    let error = JsTypeError::from(Error::new(code, message));
    Error::from(error.into_unknown(*env))
}

/// A value that could not be read or sent.
pub(crate) fn bad_value(env: &Env, context: &str, bad: BadValue) -> Error {
    let message = if bad.path.is_empty() {
        format!("{context}: {}", bad.message)
    } else {
        format!("{context}: `{}` {}", bad.path, bad.message)
    };
    type_error(env, "ERR_INVALID_ARG_TYPE", message)
}

/// A serde error of `given` (a value converted from JavaScript), as a `TypeError` naming the
/// parameter by its JavaScript name.
pub(crate) fn serde_error(
    env: &Env,
    context: &str,
    given: &Value,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> Error {
    let found = at_path(given, error.path());
    let path = error.path().to_string();
    let inner = error.into_inner().to_string();
    // serde_json (with `arbitrary_precision`) says only "invalid number" for a number its target
    // cannot hold: say what is wrong with it.
    let inner = match found.and_then(number_problem) {
        Some(problem) if inner.starts_with("invalid number") => problem,
        _ => inner,
    };
    let message = match inner.strip_prefix("missing field `") {
        Some(rest) => {
            let name = rest.split('`').next().unwrap_or(rest);
            let at = if path.is_empty() || path == "." {
                String::new()
            } else {
                format!("{}.", camel_path(&path))
            };
            format!("{context}: missing required parameter `{at}{}`", to_camel(name))
        }
        None if path.is_empty() || path == "." => format!("{context}: {inner}"),
        None => format!("{context}: parameter `{}`: {inner}", camel_path(&path)),
    };
    type_error(env, "ERR_INVALID_ARG_TYPE", message)
}

/// The value at `path` inside `value`.
fn at_path<'v>(value: &'v Value, path: &serde_path_to_error::Path) -> Option<&'v Value> {
    use serde_path_to_error::Segment;
    path.iter().try_fold(value, |value, segment| match segment {
        Segment::Seq { index } => value.get(index),
        Segment::Map { key } => value.get(key),
        Segment::Enum { .. } | Segment::Unknown => None,
    })
}

/// Why a number is not an integer a parameter can take, when it is not. Integral numbers within
/// ±2^53 arrive as integers and BigInts within 64 bits as integers; other numbers as floats.
fn number_problem(value: &Value) -> Option<String> {
    const SAFE: f64 = 9_007_199_254_740_992.0;
    const I64_BOUND: f64 = 9_223_372_036_854_775_808.0;
    let Value::Number(number) = value else {
        return None;
    };
    let range = format!("from {} to {}", i64::MIN, i64::MAX);
    if number.is_i64() {
        return Some(format!("the integer {number} is out of this parameter's range"));
    }
    if number.is_u64() {
        return Some(format!(
            "the integer {number} is out of the 64-bit range ({range})"
        ));
    }
    let text = number.as_str();
    if !text.contains(['.', 'e', 'E']) {
        // An integer beyond 64 bits (a BigInt), exactly as given.
        return Some(format!("the integer {text} is out of the 64-bit range ({range})"));
    }
    let float = number.as_f64()?;
    Some(if float.fract() != 0.0 {
        format!("must be an integer, got {number}")
    } else if float.abs() >= I64_BOUND {
        format!("the integer {float:.0} is out of the 64-bit range ({range})")
    } else if float.abs() > SAFE {
        format!(
            "{float:.0} is beyond ±2^53, where a JavaScript number is not an exact integer: pass a BigInt"
        )
    } else {
        format!("the integer {float:.0} is out of this parameter's range")
    })
}

/// `public_metadata.x` -> `publicMetadata.x`: only the first segment is a parameter name.
fn camel_path(path: &str) -> String {
    match path.split_once('.') {
        Some((first, rest)) => format!("{}.{rest}", to_camel(first)),
        None => match path.split_once('[') {
            Some((first, rest)) => format!("{}[{rest}", to_camel(first)),
            None => to_camel(path),
        },
    }
}

/// A key no parameter (or key of `file`) has, with the closest name when there is one.
pub(crate) fn unknown_key<'a>(
    env: &Env,
    context: &str,
    what: &str,
    key: &str,
    known: impl Iterator<Item = &'a str>,
) -> Error {
    let known: Vec<String> = known.map(to_camel).collect();
    let hint = known
        .iter()
        .find(|k| to_snake(k) == key || k.eq_ignore_ascii_case(key))
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    let message = if known.is_empty() {
        format!("{context}: unknown {what} `{key}`: this operation takes no parameters")
    } else {
        format!(
            "{context}: unknown {what} `{key}`{hint}; expected one of {}",
            known.join(", ")
        )
    };
    type_error(env, "ERR_INVALID_ARG_VALUE", message)
}

/// `{what} must be {expected}, got {the kind of value given}`.
pub(crate) fn wrong_type(env: &Env, context: &str, what: &str, expected: &str, got: &str) -> Error {
    let message = format!("{context}: {what} must be {expected}, got {got}");
    type_error(env, "ERR_INVALID_ARG_TYPE", message)
}

pub(crate) fn type_name(kind: ValueType) -> &'static str {
    match kind {
        ValueType::Undefined => "undefined",
        ValueType::Null => "null",
        ValueType::Boolean => "a boolean",
        ValueType::Number => "a number",
        ValueType::String => "a string",
        ValueType::Symbol => "a symbol",
        ValueType::Object => "an object",
        ValueType::Function => "a function",
        ValueType::BigInt => "a bigint",
        _ => "an unsupported value",
    }
}

/// A serde error of an options object (keys as written).
pub(crate) fn option_error(
    env: &Env,
    context: &str,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> Error {
    let path = error.path().to_string();
    let inner = error.into_inner().to_string();
    // "unknown field `x`, expected one of ..." with the path ending in `x`.
    if let Some(rest) = inner.strip_prefix("unknown field `") {
        let expected = rest.split_once('`').map_or("", |(_, tail)| tail);
        let message = format!("{context}: unknown option `{path}`{expected}");
        return type_error(env, "ERR_INVALID_ARG_VALUE", message);
    }
    let message = if path.is_empty() || path == "." {
        format!("{context}: {inner}")
    } else {
        format!("{context}: option `{path}`: {inner}")
    };
    type_error(env, "ERR_INVALID_ARG_TYPE", message)
}

/// The JavaScript name of a parameter the core refused (`user_ids` -> `userIds`,
/// `timeout` -> `timeoutMs`, `secret_key` -> `bearerAuth`).
pub(crate) fn js_parameter(parameter: &str) -> String {
    match parameter {
        "timeout" => "timeoutMs".to_owned(),
        "secret_key" => "bearerAuth".to_owned(),
        other => other.split('.').map(to_camel).collect::<Vec<_>>().join("."),
    }
}

/// The message of an argument the core refused.
pub(crate) fn invalid_message(parameter: &str, message: &str) -> String {
    // The core names the client's options as Rust and Python spell them.
    let message = message.replace("allow_insecure_http", "allowInsecureHttp");
    format!("invalid argument `{}`: {message}", js_parameter(parameter))
}

/// A `TypeError` for an argument the core refused while building a client.
pub(crate) fn invalid_argument_error(env: &Env, context: &str, error: CoreError) -> Error {
    match error {
        CoreError::InvalidArgument { parameter, message } => {
            let parameter = parameter.replacen("retries", "retryConfig", 1);
            let text = format!("{context}: {}", invalid_message(&parameter, &message));
            type_error(env, "ERR_INVALID_ARG_VALUE", text)
        }
        other => Error::new(Status::GenericFailure, other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn parameters_get_their_javascript_names() {
        assert_eq!(js_parameter("user_ids"), "userIds");
        assert_eq!(js_parameter("limit"), "limit");
        assert_eq!(js_parameter("timeout"), "timeoutMs");
        assert_eq!(js_parameter("secret_key"), "bearerAuth");
        assert_eq!(
            js_parameter("retries.backoff.initial_interval"),
            "retries.backoff.initialInterval"
        );
        assert_eq!(js_parameter("file.content_type"), "file.contentType");
    }

    #[test]
    fn numbers_an_integer_parameter_cannot_take_are_described() {
        let number = |text: &str| serde_json::from_str::<Value>(text).unwrap();
        assert_eq!(
            number_problem(&number("4294967296")).unwrap(),
            "the integer 4294967296 is out of this parameter's range"
        );
        assert_eq!(
            number_problem(&number("9223372036854775808")).unwrap(),
            "the integer 9223372036854775808 is out of the 64-bit range \
             (from -9223372036854775808 to 9223372036854775807)"
        );
        assert!(
            number_problem(&json!(2f64.powi(70)))
                .unwrap()
                .starts_with("the integer 1180591620717411303424 is out of the 64-bit range")
        );
        assert!(
            number_problem(&json!(2f64.powi(53) + 2.0))
                .unwrap()
                .contains("pass a BigInt")
        );
        assert_eq!(
            number_problem(&json!(1.5)).unwrap(),
            "must be an integer, got 1.5"
        );
        assert_eq!(number_problem(&json!("x")), None);
    }
}
