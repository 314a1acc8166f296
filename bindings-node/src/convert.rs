//! Marshalling between JavaScript values and `serde_json::Value`, and between the camelCase keys
//! of JavaScript and the snake_case keys of the wire.
//!
//! The contents of metadata (`public_metadata`, `private_metadata`, `unsafe_metadata`) and of an
//! error's `meta` are user data: their keys are never renamed, in either direction.

use clerk_backend::limits::{self, Exceeded};
use napi::bindgen_prelude::*;
use napi::{JsValue, ValueType};
use serde_json::{Map, Number, Value};

/// Whether the value under `snake_key` is user data whose keys are never renamed (the core's
/// list: `clerk_backend::models::USER_DATA_KEYS`).
pub fn is_opaque(snake_key: &str) -> bool {
    clerk_backend::models::is_user_data(snake_key)
}

/// `email_address` -> `emailAddress`, `web3_wallet` -> `web3Wallet`. Only `_` followed by a
/// lowercase letter is folded, so that `to_snake(to_camel(k)) == k` for every snake_case key
/// (`foo_1` stays `foo_1`).
pub fn to_camel(snake: &str) -> String {
    let mut out = String::with_capacity(snake.len());
    let mut chars = snake.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_'
            && !out.is_empty()
            && let Some(&next) = chars.peek()
            && next.is_ascii_lowercase()
        {
            out.push(next.to_ascii_uppercase());
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// `emailAddress` -> `email_address`; a snake_case key is returned unchanged.
pub fn to_snake(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A JavaScript value that cannot be sent, with where it was found.
#[derive(Debug)]
pub struct BadValue {
    /// `limit`, `publicMetadata.tags[2]`, ...
    pub path: String,
    pub message: String,
}

impl BadValue {
    fn new(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            message: message.into(),
        }
    }
}

pub type Converted<T> = std::result::Result<T, BadValue>;

/// A failed read; when JavaScript threw (a getter, a Proxy trap), its exception is taken (so
/// that the TypeError is what reaches the caller) and described.
pub fn napi_failure(env: sys::napi_env, path: &str, error: Error) -> BadValue {
    match take_exception(env) {
        Some(thrown) => BadValue::new(path, format!("could not be read: it threw {thrown}")),
        None => BadValue::new(path, format!("could not be read: {}", error.reason)),
    }
}

/// Clears a pending JavaScript exception and returns its text (at most 200 bytes).
fn take_exception(env: sys::napi_env) -> Option<String> {
    let mut pending = false;
    // SAFETY: a live env and valid out-pointers throughout; every handle stays in this scope.
    unsafe {
        if sys::napi_is_exception_pending(env, &mut pending) != sys::Status::napi_ok || !pending {
            return None;
        }
        let mut thrown = std::ptr::null_mut();
        sys::napi_get_and_clear_last_exception(env, &mut thrown);
        let mut text = std::ptr::null_mut();
        if sys::napi_coerce_to_string(env, thrown, &mut text) != sys::Status::napi_ok {
            // Its `toString` threw in turn.
            let mut again = std::ptr::null_mut();
            sys::napi_get_and_clear_last_exception(env, &mut again);
            return Some("an exception".to_owned());
        }
        let mut buffer = [0_u8; 201];
        let mut written = 0;
        sys::napi_get_value_string_utf8(env, text, buffer.as_mut_ptr().cast(), buffer.len(), &mut written);
        Some(format!("\"{}\"", String::from_utf8_lossy(&buffer[..written])))
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// How keys are renamed while reading a JavaScript value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Kept as written.
    AsIs,
    /// camelCase to snake_case, except inside metadata.
    ToSnake,
}

/// The state of one conversion: the core's limits (the objects being read, how many levels the
/// value sits below the request body, the count of values read) and `Array.isArray`, looked up
/// when first needed.
struct Walk {
    env: sys::napi_env,
    limits: limits::Walk<sys::napi_value>,
    is_array: Option<sys::napi_value>,
}

impl From<(Exceeded, &str)> for BadValue {
    fn from((exceeded, path): (Exceeded, &str)) -> Self {
        let hint = match exceeded {
            Exceeded::Values => " (a sparse array, or a structure that shares its parts?)",
            Exceeded::Cycle | Exceeded::Depth => "",
        };
        BadValue::new(path, format!("{exceeded}{hint}"))
    }
}

impl Walk {
    /// Whether `n` more values fit in the budget.
    fn room_for(&self, path: &str, n: usize) -> Converted<()> {
        self.limits.room_for(n).map_err(|e| (e, path).into())
    }

    fn count(&mut self, path: &str) -> Converted<()> {
        self.limits.count().map_err(|e| (e, path).into())
    }

    fn enter(&mut self, object: &Object<'_>, path: &str) -> Converted<()> {
        let env = self.env;
        let same = |open: &sys::napi_value, raw: &sys::napi_value| {
            let mut same = false;
            // SAFETY: both handles are live in this call's scope; `same` is a valid out-pointer.
            let status = unsafe { sys::napi_strict_equals(env, *open, *raw, &mut same) };
            status == sys::Status::napi_ok && same
        };
        self.limits
            .enter(object.raw(), same)
            .map_err(|e| (e, path).into())
    }

    fn leave(&mut self) {
        self.limits.leave();
    }
}

/// Reads a JSON-like JavaScript value. `undefined` object members are left out (not given);
/// numbers become integers when integral; a BigInt is an integer, sent exactly whatever its
/// size (up to [`crate::json::MAX_DIGITS`] digits; a parameter that cannot hold it refuses it);
/// a `Date` becomes its ISO 8601 string; functions, symbols, non-finite numbers and binary data
/// are refused with the path where they were found, and so are cycles, nesting beyond
/// serde_json's limit and more than `MAX_VALUES` values (see `Walk`).
pub fn from_js(value: Unknown<'_>, path: &str, keys: Keys) -> Converted<Value> {
    read(value, path, keys, 0)
}

/// Reads the value of one parameter: it sits one level below the request body.
pub fn parameter_from_js(value: Unknown<'_>, path: &str, keys: Keys) -> Converted<Value> {
    read(value, path, keys, 1)
}

/// Reads `value` without recursion: the objects and arrays being read are kept on an explicit
/// stack, so that the depth of an argument costs nothing on the calling thread's stack (a
/// Worker's may be small).
fn read(value: Unknown<'_>, path: &str, keys: Keys, outer: usize) -> Converted<Value> {
    let mut walk = Walk {
        env: value.value().env,
        limits: limits::Walk::new(outer),
        is_array: None,
    };
    let mut open: Vec<Open<'_>> = Vec::new();
    let mut next = (value, path.to_owned(), keys);
    loop {
        let (value, path, keys) = next;
        let mut done = match value_from_js(value, path, keys, &mut walk)? {
            Read::Leaf(value) => Some(value),
            Read::Container(container) => {
                open.push(container);
                None
            }
        };
        // Files the value read into its container, then finds the next value to read, closing
        // the containers that are done.
        loop {
            let Some(top) = open.last_mut() else {
                return Ok(done.unwrap_or(Value::Null));
            };
            if let Some(value) = done.take() {
                top.file(value);
            }
            if let Some(item) = top.next_item(&mut walk)? {
                next = item;
                break;
            }
            let closed = open.pop().expect("a container is open");
            walk.leave();
            done = Some(closed.finish());
        }
    }
}

/// What reading one value gave.
enum Read<'env> {
    Leaf(Value),
    /// An object or array, whose items are read next.
    Container(Open<'env>),
}

/// An object or array being read, at `path`, its keys renamed as `keys` says.
struct Open<'env> {
    object: Object<'env>,
    path: String,
    keys: Keys,
    items: Items<'env>,
}

enum Items<'env> {
    /// An object's own enumerable properties, by their `names` (read as values: a key with a
    /// lone surrogate would otherwise come back as another string, whose lookup finds nothing).
    Object {
        names: Object<'env>,
        count: u32,
        next: u32,
        /// The key (as sent) of the value being read.
        key: String,
        out: Map<String, Value>,
    },
    /// The items of an array (or of a Proxy of one) of `len` items.
    Array { len: u32, out: Vec<Value> },
}

impl<'env> Open<'env> {
    fn file(&mut self, value: Value) {
        match &mut self.items {
            Items::Object { key, out, .. } => {
                out.insert(std::mem::take(key), value);
            }
            Items::Array { out, .. } => out.push(value),
        }
    }

    fn finish(self) -> Value {
        match self.items {
            Items::Object { out, .. } => Value::Object(out),
            Items::Array { out, .. } => Value::Array(out),
        }
    }

    /// The next value to read (its path, and how the keys inside it are renamed), if any.
    fn next_item(&mut self, walk: &mut Walk) -> Converted<Option<(Unknown<'env>, String, Keys)>> {
        let env = walk.env;
        let path = &self.path;
        match &mut self.items {
            Items::Array { len, out } => {
                let i = out.len() as u32;
                if i >= *len {
                    return Ok(None);
                }
                let at = format!("{path}[{i}]");
                let item: Unknown<'env> = self
                    .object
                    .get_element(i)
                    .map_err(|e| napi_failure(env, &at, e))?;
                Ok(Some((item, at, self.keys)))
            }
            Items::Object {
                names,
                count,
                next,
                key,
                ..
            } => {
                let failed = |e| napi_failure(env, path, e);
                while *next < *count {
                    let name: Unknown<'env> = names.get_element(*next).map_err(failed)?;
                    *next += 1;
                    let text = string_from_js(&name, path)?;
                    let at = child(path, &text);
                    let mut raw = std::ptr::null_mut();
                    // SAFETY: live handles in this call's scope and a valid out-pointer.
                    let status =
                        unsafe { sys::napi_get_property(env, self.object.raw(), name.raw(), &mut raw) };
                    if status != sys::Status::napi_ok {
                        let error =
                            Error::new(Status::from(status), "the property could not be read".to_owned());
                        return Err(napi_failure(env, &at, error));
                    }
                    // SAFETY: `raw` is the live value napi_get_property returned.
                    let item = unsafe { Unknown::from_raw_unchecked(env, raw) };
                    if item.get_type().map_err(failed)? == ValueType::Undefined {
                        continue;
                    }
                    let renamed = match self.keys {
                        Keys::AsIs => text,
                        Keys::ToSnake => to_snake(&text),
                    };
                    let inner = if self.keys == Keys::ToSnake && is_opaque(&renamed) {
                        Keys::AsIs
                    } else {
                        self.keys
                    };
                    *key = renamed;
                    return Ok(Some((item, at, inner)));
                }
                Ok(None)
            }
        }
    }
}

/// Whether `object` is an array, a Proxy of one included (`Array.isArray`; Node-API's own test
/// sees through no Proxy).
pub fn is_array(object: &Object<'_>) -> Converted<bool> {
    let mut is_array = None;
    array_test(object, "", &mut is_array)
}

fn array_test(object: &Object<'_>, path: &str, is_array: &mut Option<sys::napi_value>) -> Converted<bool> {
    let env = object.value().env;
    if object.is_array().map_err(|e| napi_failure(env, path, e))? {
        return Ok(true);
    }
    let function = match *is_array {
        Some(function) => function,
        None => {
            let (mut global, mut array, mut function) =
                (std::ptr::null_mut(), std::ptr::null_mut(), std::ptr::null_mut());
            // SAFETY: a live env, NUL-terminated names and valid out-pointers.
            let found = unsafe {
                sys::napi_get_global(env, &mut global) == sys::Status::napi_ok
                    && sys::napi_get_named_property(env, global, c"Array".as_ptr(), &mut array)
                        == sys::Status::napi_ok
                    && sys::napi_get_named_property(env, array, c"isArray".as_ptr(), &mut function)
                        == sys::Status::napi_ok
            };
            if !found {
                let error = Error::new(Status::GenericFailure, "Array.isArray was not found".to_owned());
                return Err(napi_failure(env, path, error));
            }
            *is_array.insert(function)
        }
    };
    let mut result = std::ptr::null_mut();
    let argument = object.raw();
    // SAFETY: live handles in this call's scope and a valid out-pointer.
    let status = unsafe { sys::napi_call_function(env, object.raw(), function, 1, &argument, &mut result) };
    if status != sys::Status::napi_ok {
        let error = Error::new(Status::from(status), "Array.isArray failed".to_owned());
        return Err(napi_failure(env, path, error));
    }
    let mut answer = false;
    // SAFETY: `result` is the live value the call returned.
    let status = unsafe { sys::napi_get_value_bool(env, result, &mut answer) };
    Ok(status == sys::Status::napi_ok && answer)
}

/// Reads one value: a leaf, or an object or array whose items are read next.
fn value_from_js<'env>(
    value: Unknown<'env>,
    path: String,
    keys: Keys,
    walk: &mut Walk,
) -> Converted<Read<'env>> {
    walk.count(&path)?;
    let env = walk.env;
    let failed = |e| napi_failure(env, &path, e);
    let kind = value.get_type().map_err(failed)?;
    match kind {
        ValueType::Null | ValueType::Undefined => Ok(Read::Leaf(Value::Null)),
        ValueType::Boolean => {
            let b: bool = unsafe { value.cast() }.map_err(failed)?;
            Ok(Read::Leaf(Value::Bool(b)))
        }
        ValueType::Number => {
            let n: f64 = unsafe { value.cast() }.map_err(failed)?;
            number(n)
                .map(Read::Leaf)
                .ok_or_else(|| BadValue::new(&path, format!("must be a finite number, got {n}")))
        }
        ValueType::String => string_from_js(&value, &path).map(|s| Read::Leaf(Value::String(s))),
        ValueType::Object => {
            let object: Object<'env> = unsafe { value.cast() }.map_err(failed)?;
            walk.enter(&object, &path)?;
            // Left again when the container is closed, or at once when it is not one.
            let read = object_from_js(object, path, keys, walk);
            if !matches!(read, Ok(Read::Container(_))) {
                walk.leave();
            }
            read
        }
        ValueType::BigInt => bigint(&value)
            .map(|n| Read::Leaf(Value::Number(n)))
            .ok_or_else(|| {
                BadValue::new(
                    &path,
                    format!(
                        "is a BigInt too large to send (more than {} digits)",
                        crate::json::MAX_DIGITS
                    ),
                )
            }),
        ValueType::Function => Err(BadValue::new(&path, "must not be a function")),
        ValueType::Symbol => Err(BadValue::new(&path, "must not be a symbol")),
        _ => Err(BadValue::new(&path, "is not a JSON-like value")),
    }
}

/// A JavaScript string as UTF-8. One with a lone surrogate is refused: UTF-8 cannot hold it,
/// and Node-API would send U+FFFD in its place (only a string holding U+FFFD is checked again).
pub fn string_from_js(value: &Unknown<'_>, path: &str) -> Converted<String> {
    let env = value.value().env;
    let failed = |e| napi_failure(env, path, e);
    let text: String = unsafe { value.cast() }.map_err(failed)?;
    if text.contains('\u{FFFD}') {
        let units: Utf16String = unsafe { value.cast() }.map_err(failed)?;
        if char::decode_utf16(units.iter().copied()).any(|c| c.is_err()) {
            return Err(BadValue::new(
                path,
                "is not well-formed Unicode (it has a lone surrogate)",
            ));
        }
    }
    Ok(text)
}

/// A BigInt as a JSON number: within i64 or u64 read without copying its words, else its
/// decimal digits (serde_json's `arbitrary_precision` carries them exactly); `None` beyond
/// [`crate::json::MAX_DIGITS`] digits.
fn bigint(value: &Unknown<'_>) -> Option<Number> {
    let (env, raw) = (value.value().env, value.raw());
    let mut lossless = false;
    let mut signed = 0_i64;
    // SAFETY: a live BigInt handle and valid out-pointers.
    let status = unsafe { sys::napi_get_value_bigint_int64(env, raw, &mut signed, &mut lossless) };
    if status == sys::Status::napi_ok && lossless {
        return Some(signed.into());
    }
    let mut unsigned = 0_u64;
    // SAFETY: as above.
    let status = unsafe { sys::napi_get_value_bigint_uint64(env, raw, &mut unsigned, &mut lossless) };
    if status == sys::Status::napi_ok && lossless {
        return Some(unsigned.into());
    }
    // Its size first (no words copied), so that a huge one is refused before it is written out.
    let mut words = 0_usize;
    // SAFETY: as above; null sign and words pointers ask for the count only.
    let status = unsafe {
        sys::napi_get_value_bigint_words(env, raw, std::ptr::null_mut(), &mut words, std::ptr::null_mut())
    };
    // A word holds more than 19 decimal digits.
    if status != sys::Status::napi_ok || words > crate::json::MAX_DIGITS / 19 + 1 {
        return None;
    }
    let mut text = std::ptr::null_mut();
    // SAFETY: as above; `text` is a live string handle afterwards.
    if unsafe { sys::napi_coerce_to_string(env, raw, &mut text) } != sys::Status::napi_ok {
        return None;
    }
    // SAFETY: `text` is the string just made in this env.
    let digits: String = unsafe { Unknown::from_raw_unchecked(env, text).cast() }.ok()?;
    if digits.trim_start_matches('-').len() > crate::json::MAX_DIGITS {
        return None;
    }
    digits.parse().ok()
}
/// An integral number within ±2^53 as an integer, any other finite number as a float.
fn number(n: f64) -> Option<Value> {
    const MAX_SAFE: f64 = 9_007_199_254_740_991.0;
    if !n.is_finite() {
        return None;
    }
    if n.fract() == 0.0 && n.abs() <= MAX_SAFE {
        return Some(Value::Number((n as i64).into()));
    }
    Number::from_f64(n).map(Value::Number)
}

/// An object: an array (or a Proxy of one) or a plain object to read the items of, or a `Date`
/// (its ISO 8601 string); binary data is refused.
fn object_from_js<'env>(
    object: Object<'env>,
    path: String,
    keys: Keys,
    walk: &mut Walk,
) -> Converted<Read<'env>> {
    let env = walk.env;
    let failed = |e| napi_failure(env, &path, e);
    if object.is_array().map_err(failed)? {
        let len = object.get_array_length().map_err(failed)?;
        return array_from_js(object, len, path, keys, walk);
    }
    if array_test(&object, &path, &mut walk.is_array)? {
        // A Proxy of an array: its `length` read through the proxy, as `JSON.stringify` does.
        let length: Unknown<'_> = object.get_named_property("length").map_err(failed)?;
        let len = match length.get_type().map_err(failed)? {
            ValueType::Number => unsafe { length.cast::<f64>() }.map_err(failed)?,
            _ => f64::NAN,
        };
        if !(len.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&len)) {
            return Err(BadValue::new(
                &path,
                format!("is an array whose length is not valid ({len})"),
            ));
        }
        return array_from_js(object, len as u32, path, keys, walk);
    }

    if object.is_date().map_err(failed)? {
        let iso: Function<'_, (), String> = object.get_named_property("toISOString").map_err(failed)?;
        let text = iso
            .apply(object.to_unknown(), ())
            .map_err(|_| BadValue::new(&path, "is an invalid Date"))?;
        return Ok(Read::Leaf(Value::String(text)));
    }
    if object.is_buffer().map_err(failed)?
        || object.is_typedarray().map_err(failed)?
        || object.is_arraybuffer().map_err(failed)?
    {
        return Err(BadValue::new(&path, "must not be binary data"));
    }
    let names = object.get_property_names().map_err(failed)?;
    let count = names.get_array_length().map_err(failed)?;
    walk.room_for(&path, count as usize)?;
    Ok(Read::Container(Open {
        object,
        path,
        keys,
        items: Items::Object {
            names,
            count,
            next: 0,
            key: String::new(),
            out: Map::new(),
        },
    }))
}

/// An array (or a Proxy of one) of `len` items.
fn array_from_js<'env>(
    object: Object<'env>,
    len: u32,
    path: String,
    keys: Keys,
    walk: &mut Walk,
) -> Converted<Read<'env>> {
    // `length` is what the array claims (`a.length = 2 ** 32 - 1`): checked against the budget
    // before reading, and never used to allocate.
    walk.room_for(&path, len as usize)?;
    Ok(Read::Container(Open {
        object,
        path,
        keys,
        items: Items::Array { len, out: Vec::new() },
    }))
}

/// Reads binary content: a Buffer, any TypedArray (its bytes), an ArrayBuffer, or a
/// string (its UTF-8 bytes).
pub fn bytes_from_js(value: Unknown<'_>, path: &str) -> Converted<Vec<u8>> {
    let env = value.value().env;
    let failed = |e| napi_failure(env, path, e);
    let expected = || BadValue::new(path, "must be a Buffer, Uint8Array, ArrayBuffer or string");
    match value.get_type().map_err(failed)? {
        ValueType::String => string_from_js(&value, path).map(String::into_bytes),
        ValueType::Object => {
            let object: Object<'_> = unsafe { value.cast() }.map_err(failed)?;
            if object.is_buffer().map_err(failed)? {
                let buffer: BufferSlice<'_> = unsafe { value.cast() }.map_err(failed)?;
                return Ok(buffer.to_vec());
            }
            if object.is_typedarray().map_err(failed)? {
                // Any view: its bytes (byteOffset and byteLength applied).
                let view: TypedArray<'_> = unsafe { value.cast() }.map_err(failed)?;
                return Ok(view.arraybuffer.to_vec());
            }
            if object.is_arraybuffer().map_err(failed)? {
                let buffer: ArrayBuffer<'_> = unsafe { value.cast() }.map_err(failed)?;
                return Ok(buffer.to_vec());
            }
            Err(expected())
        }
        _ => Err(expected()),
    }
}

/// How keys are renamed while building a JavaScript value.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Out {
    AsIs,
    /// snake_case to camelCase, except inside metadata (the emulator's documents).
    #[cfg_attr(not(feature = "emulator"), allow(dead_code))]
    ToCamel,
}

/// Builds a plain JavaScript value (objects, arrays, strings, numbers, booleans, null).
pub fn to_js(env: &Env, value: &Value, keys: Out) -> Result<sys::napi_value> {
    let raw = env.raw();
    unsafe {
        match value {
            Value::Null => ToNapiValue::to_napi_value(raw, Null),
            Value::Bool(b) => ToNapiValue::to_napi_value(raw, *b),
            // Every JSON number is the JavaScript number `JSON.parse` makes of it: the nearest
            // double, ±Infinity beyond a double's range (Rust's parse rounds as V8's does).
            Value::Number(n) => ToNapiValue::to_napi_value(raw, js_number(n)),
            Value::String(s) => ToNapiValue::to_napi_value(raw, s.as_str()),
            Value::Array(items) => {
                let mut array = env.create_array(items.len() as u32)?;
                for (i, item) in items.iter().enumerate() {
                    let js = to_js(env, item, keys)?;
                    array.set(i as u32, Unknown::from_raw_unchecked(raw, js))?;
                }
                ToNapiValue::to_napi_value(raw, array)
            }
            Value::Object(fields) => {
                let mut object = Object::new(env)?;
                for (key, item) in fields {
                    let (name, inner) = match keys {
                        Out::AsIs => (key.clone(), Out::AsIs),
                        Out::ToCamel if is_opaque(key) => (to_camel(key), Out::AsIs),
                        Out::ToCamel => (to_camel(key), Out::ToCamel),
                    };
                    let js = to_js(env, item, inner)?;
                    object.set(name, Unknown::from_raw_unchecked(raw, js))?;
                }
                ToNapiValue::to_napi_value(raw, object)
            }
        }
    }
}

/// The double `JSON.parse` reads from a JSON number.
fn js_number(n: &Number) -> f64 {
    n.as_f64()
        .unwrap_or_else(|| n.to_string().parse().unwrap_or(f64::NAN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_become_what_json_parse_makes_of_them() {
        let number = |text: &str| match serde_json::from_str::<Value>(text).unwrap() {
            Value::Number(n) => js_number(&n),
            _ => unreachable!(),
        };
        assert_eq!(number("1e400"), f64::INFINITY);
        assert_eq!(number("-1e400"), f64::NEG_INFINITY);
        assert_eq!(number("1e-400"), 0.0);
        assert_eq!(number("123456789012345678901234567890"), 1.2345678901234568e29);
        assert_eq!(number("18446744073709551615"), 18446744073709551615.0);
        assert_eq!(number("1.5"), 1.5);
    }

    #[test]
    fn camel_and_snake_round_trip() {
        for (snake, camel) in [
            ("email_address", "emailAddress"),
            ("web3_wallet", "web3Wallet"),
            ("web3_wallet_identification_id", "web3WalletIdentificationId"),
            ("last4", "last4"),
            ("type", "type"),
            ("foo_1", "foo_1"),
            ("clerk_trace_id", "clerkTraceId"),
            ("get_o_auth_access_token", "getOAuthAccessToken"),
        ] {
            assert_eq!(to_camel(snake), camel);
            assert_eq!(to_snake(camel), snake);
        }
        assert_eq!(to_snake("user_id"), "user_id");
    }

    #[test]
    fn numbers() {
        assert_eq!(number(20.0), Some(Value::from(20)));
        assert_eq!(number(-3.0), Some(Value::from(-3)));
        assert_eq!(number(1.5), Some(Value::from(1.5)));
        assert_eq!(
            number(1_700_000_000_000.0),
            Some(Value::from(1_700_000_000_000_i64))
        );
        assert_eq!(number(f64::NAN), None);
        assert_eq!(number(f64::INFINITY), None);
    }
}
