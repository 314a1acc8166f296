//! Results as JSON text with JavaScript's keys, for the facade to `JSON.parse`.
//!
//! Building a JavaScript object through Node-API costs a call across the boundary, a key string
//! and a property lookup for every field; for a page of 100 users that was most of a call's
//! CPU. V8's `JSON.parse` builds the same objects several times faster, so results are handed
//! over as JSON text whose keys are renamed as [`crate::convert::to_js`] renames them
//! (snake_case to camelCase, except below the keys of user data: metadata and error `meta`).
//! The text is ASCII only (other characters are written as `\uXXXX` escapes), so that it
//! becomes a one-byte JavaScript string with a plain copy.
//!
//! What the objects hold, whichever way the text is written:
//! - every key the server sent, its value as sent (`null` included), except that a declared
//!   field whose type has no `null` (`banned`, `emailAddresses`) holds its default when it was
//!   sent as `null` or not sent at all, so that the TypeScript types hold;
//! - declared fields under their camelCase names, and so are other keys (and the keys inside
//!   them), unless that name is taken: by a declared field (`phoneNumber` sent to a
//!   `PhoneNumber`, which declares `phone_number`), by an earlier key of the same object (`aB`
//!   after `a_b`), or by [`COLLISIONS`] itself. Such a key is kept under its exact spelling in
//!   the object's [`COLLISIONS`] object, and never fills the field whose name it would take.
//!
//! - numbers as `JSON.parse` reads them, except the ones it would not read exactly where they
//!   are kept as sent (metadata, keys the model does not know, a value of another type than its
//!   field's): an integer beyond ±(2^53 − 1), or a number beyond a double's range (`1e400`),
//!   becomes a `BigInt` of its value (see [`Json::exact`]); one that is no integer, or has
//!   more than [`MAX_DIGITS`] digits, becomes the string of its text.
//!
//! The text usually comes from [`transcode`], one pass over the response body; when that pass
//! cannot vouch for a body (the core's model took its tolerant decode, or a key collides),
//! [`to_camel_json`] writes the parsed body guided by the same shape, as the model's tolerant
//! decode reads it: a value of an unexpected type is kept as sent. (One difference from setting
//! properties through Node-API, deliberate: a `__proto__` key becomes an own property, as with
//! any `JSON.parse`.)

use clerk_backend::models::shape::{Field, Presence, Shape};
use serde_json::{Map, Value};

use crate::convert::{is_opaque, to_camel};

mod transcode;
pub use transcode::transcode;

/// The key under which a result object keeps the keys whose camelCase name is taken (see the
/// module), each under its exact spelling.
pub const COLLISIONS: &str = "$collisions";

/// The most digits of a number given as a `BigInt`, as Python's `int` reads by default; a
/// longer one is given as its text (a number written `1e99999999` must not cost a call
/// seconds of arithmetic).
pub const MAX_DIGITS: usize = 4300;

/// The largest integer every double holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE: u64 = (1 << 53) - 1;

/// A result as JSON text for `JSON.parse`, and the numbers to set as `BigInt`s once it is parsed.
#[derive(Debug, Default)]
pub struct Json {
    /// One text, or the texts of the parts of a long array (see [`to_camel_json`]).
    pub parts: Vec<Vec<u8>>,
    /// Where the text holds, as strings of their digits, integers `JSON.parse` would not read
    /// exactly: each the path to it (keys as written, array indexes over the whole result) and
    /// its digits.
    pub exact: Vec<Exact>,
}

impl From<Vec<Vec<u8>>> for Json {
    fn from(parts: Vec<Vec<u8>>) -> Self {
        Json {
            parts,
            exact: Vec::new(),
        }
    }
}

/// An integer to set as a `BigInt` (see [`Json::exact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exact {
    pub path: Vec<Step>,
    pub digits: String,
}

/// A step of a path: an object's key, an array's index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl Json {
    /// [`Json::exact`] as JSON text, `[[[step, ...], digits], ...]`.
    pub fn exact_text(&self) -> String {
        let items: Vec<Value> = self
            .exact
            .iter()
            .map(|exact| {
                let path: Vec<Value> = exact
                    .path
                    .iter()
                    .map(|step| match step {
                        Step::Key(key) => Value::String(key.clone()),
                        Step::Index(index) => Value::from(*index),
                    })
                    .collect();
                Value::Array(vec![Value::Array(path), Value::String(exact.digits.clone())])
            })
            .collect();
        Value::Array(items).to_string()
    }
}

/// How `JSON.parse` would read a JSON number (its text) exactly, if it would.
#[derive(Debug, PartialEq, Eq)]
enum Form {
    /// As a number: within ±(2^53 − 1) if an integer, else any finite double (rounded as every
    /// decimal fraction is).
    Double,
    /// Not: as a `BigInt` of these digits.
    BigInt(String),
    /// Not: as a string of its text (not an integer, or too many digits).
    Text,
}

fn form(text: &str) -> Form {
    if !text.contains(['.', 'e', 'E']) {
        let digits = text.trim_start_matches('-');
        if digits.len() < 16 || text.parse::<i64>().is_ok_and(|n| n.unsigned_abs() <= MAX_SAFE) {
            return Form::Double;
        }
        return if digits.len() <= MAX_DIGITS {
            Form::BigInt(text.to_owned())
        } else {
            Form::Text
        };
    }
    if text.parse::<f64>().is_ok_and(f64::is_finite) {
        return Form::Double;
    }
    integral_digits(text).map_or(Form::Text, Form::BigInt)
}

/// The digits of a JSON number beyond a double's range, written with a fraction or an exponent,
/// when it is an integer of at most [`MAX_DIGITS`] digits (`1.5e400`: 15 and 399 zeros).
fn integral_digits(text: &str) -> Option<String> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(at) => (&rest[..at], rest[at + 1..].parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    let digits = digits.trim_start_matches('0');
    // The value is `digits` × 10^shift.
    let shift = exponent.checked_sub(i64::try_from(fraction.len()).ok()?)?;
    let mut out = String::from(if negative { "-" } else { "" });
    if shift >= 0 {
        let zeros = usize::try_from(shift).ok()?;
        if digits.len().checked_add(zeros)? > MAX_DIGITS {
            return None;
        }
        out.push_str(digits);
        out.extend(std::iter::repeat_n('0', zeros));
    } else {
        let cut = digits
            .len()
            .checked_sub(usize::try_from(shift.unsigned_abs()).ok()?)?;
        let (kept, dropped) = digits.split_at(cut);
        if !dropped.bytes().all(|b| b == b'0') || kept.len() > MAX_DIGITS {
            return None;
        }
        out.push_str(kept);
    }
    Some(out)
}

/// `value` (a parsed response body whose result has `shape`) as ASCII JSON text with camelCase
/// keys (user data untouched): one text, or, for an array longer than [`PART`] bytes, the texts
/// of arrays whose items, one after the other, are its items.
pub fn to_camel_json(value: &Value, shape: &'static Shape, capacity: usize) -> Json {
    let shape = either(value, shape);
    let mut writer = Writer::new(capacity);
    match (value, shape) {
        (Value::Array(items), _) => {
            let item = match shape {
                Shape::List(item) if fits(value, shape) => Some(*item),
                _ => None,
            };
            writer.out.push(b'[');
            for (i, value) in items.iter().enumerate() {
                if i > 0 {
                    writer.next_item();
                }
                let before = writer.exact.len();
                match item {
                    Some(item) => writer.shaped(value, item),
                    None => writer.value(value),
                }
                writer.inside(before, || Step::Index(i));
            }
            writer.out.push(b']');
        }
        (other, shape) => writer.shaped(other, shape),
    }
    let mut exact = std::mem::take(&mut writer.exact);
    for exact in &mut exact {
        exact.path.reverse();
    }
    Json {
        parts: writer.finish(),
        exact,
    }
}

/// For a result that is a list or a page, the shape of the one `value` is.
fn either(value: &Value, shape: &'static Shape) -> &'static Shape {
    shape.of_value(Some(if value.is_array() { b'[' } else { b'{' }))
}

/// Whether the core's tolerant decode takes `value` as a `shape` (else it keeps the value as
/// sent in the model's `extra`): the leaves' types, and every item of a list.
fn fits(value: &Value, shape: &'static Shape) -> bool {
    match shape {
        Shape::Either { .. } => fits(value, either(value, shape)),
        Shape::String => value.is_string(),
        Shape::Integer => value.as_i64().is_some(),
        Shape::Float => value.as_f64().is_some(),
        Shape::Bool => value.is_boolean(),
        Shape::Any => true,
        Shape::Object | Shape::Model(_) => value.is_object(),
        Shape::Nullable(inner) => value.is_null() || fits(value, inner),
        Shape::List(item) => value
            .as_array()
            .is_some_and(|items| items.iter().all(|v| fits(v, item))),
    }
}

/// The longest text of a part of an array, as far as its items allow. V8 puts a string of more
/// than 128 KiB in its large-object space: a fresh mapping for each, whose page faults and
/// unmapping cost a tenth of a call that returns 100 users; smaller ones are bump-allocated.
pub const PART: usize = 64 * 1024;

/// Room for a part: [`PART`] and the item that goes past it, usually.
const PART_CAPACITY: usize = PART + PART / 2;

/// Compact JSON into `out`.
struct Writer {
    out: Vec<u8>,
    /// Whether the keys of the objects being written are renamed (false below user data).
    camel: bool,
    /// When the whole text is an array: the parts of it closed so far (see [`Writer::next_item`]).
    parts: Vec<Vec<u8>>,
    /// The numbers written as strings of their digits (see [`Json::exact`]), their paths
    /// innermost step first while they are being written.
    exact: Vec<Exact>,
}

/// Bytes that cannot be copied into a JSON string as they are: control characters, `"`, `\`
/// and every byte of a non-ASCII character.
const fn special() -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = i < 0x20 || i == b'"' as usize || i == b'\\' as usize || i >= 0x80;
        i += 1;
    }
    table
}

static SPECIAL: [bool; 256] = special();

const PLAIN: u8 = 0;
const UNDERSCORE: u8 = 1;
const ESCAPED: u8 = 2;

/// The bytes of a key: copied, `_` (maybe folded), or special (see [`SPECIAL`]).
static KEY_BYTE: [u8; 256] = {
    let mut table = [PLAIN; 256];
    let mut i = 0;
    while i < 256 {
        if SPECIAL[i] {
            table[i] = ESCAPED;
        }
        i += 1;
    }
    table[b'_' as usize] = UNDERSCORE;
    table
};

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Whether any of the eight bytes of `word` is special (see [`SPECIAL`]), with the usual bit
/// tricks: a byte below 0x20, equal to `"` or `\\`, or with its high bit set.
#[inline]
fn has_special(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below_space = word.wrapping_sub(ONES * 0x20) & !word;
    let quote = word ^ (ONES * u64::from(b'"'));
    let quote = quote.wrapping_sub(ONES) & !quote;
    let backslash = word ^ (ONES * u64::from(b'\\'));
    let backslash = backslash.wrapping_sub(ONES) & !backslash;
    (below_space | quote | backslash | word) & HIGH != 0
}

impl Writer {
    fn new(capacity: usize) -> Self {
        Writer {
            out: Vec::with_capacity(capacity),
            camel: true,
            parts: Vec::new(),
            exact: Vec::new(),
        }
    }

    /// The numbers written since `before` are inside `step` (taken only when there are some).
    fn inside(&mut self, before: usize, step: impl FnOnce() -> Step) {
        if self.exact.len() > before {
            let step = step();
            for exact in &mut self.exact[before..] {
                exact.path.push(step.clone());
            }
        }
    }

    /// A key as [`Self::key`] writes it with `camel`, for a path.
    fn written_key(key: &str, camel: bool) -> Step {
        Step::Key(if camel { to_camel(key) } else { key.to_owned() })
    }

    /// A number kept as sent: as `JSON.parse` reads it when that is exact, else see [`Form`].
    fn number(&mut self, n: &serde_json::Number) {
        match form(n.as_str()) {
            Form::Double => self.out.extend_from_slice(n.as_str().as_bytes()),
            Form::BigInt(digits) => {
                self.string(&digits);
                self.exact.push(Exact {
                    path: Vec::new(),
                    digits,
                });
            }
            Form::Text => self.string(n.as_str()),
        }
    }

    /// Between two items of the array that is the whole text: a comma or, once the current
    /// part holds [`PART`] bytes, the end of that part and the start of the next.
    fn next_item(&mut self) {
        if self.out.len() < PART {
            self.out.push(b',');
            return;
        }
        self.out.push(b']');
        let part = std::mem::replace(&mut self.out, Vec::with_capacity(PART_CAPACITY));
        self.parts.push(part);
        self.out.push(b'[');
    }

    /// The text written: one, or the parts of a long array.
    fn finish(mut self) -> Vec<Vec<u8>> {
        debug_assert!(self.out.is_ascii());
        debug_assert!(self.exact.is_empty(), "taken by to_camel_json");
        self.parts.push(self.out);
        self.parts
    }

    /// Writes `value`, renaming the keys of its objects while `camel` says so.
    fn value(&mut self, value: &Value) {
        match value {
            Value::Null => self.out.extend_from_slice(b"null"),
            Value::Bool(true) => self.out.extend_from_slice(b"true"),
            Value::Bool(false) => self.out.extend_from_slice(b"false"),
            Value::Number(n) => self.number(n),
            Value::String(s) => self.string(s),
            Value::Array(items) => {
                self.out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    let before = self.exact.len();
                    self.value(item);
                    self.inside(before, || Step::Index(i));
                }
                self.out.push(b']');
            }
            Value::Object(fields) => self.object(fields, &[]),
        }
    }

    /// An object whose known fields are `fields` (none for free-form JSON): each key as
    /// [`Self::key`] writes it, unless its camelCase name is taken (see the module), then the
    /// keys kept apart under [`COLLISIONS`].
    fn object(&mut self, object: &Map<String, Value>, fields: &'static [Field]) {
        let camel = self.camel;
        self.out.push(b'{');
        let mut first = true;
        let mut seen = 0u64;
        // The camelCase names taken so far, filled at the first key that is not a field.
        let mut taken: Option<Vec<String>> = None;
        let mut apart: Vec<(&str, &Value)> = Vec::new();
        for (key, item) in object {
            let index = fields.iter().position(|field| field.name == key);
            if index.is_none() && camel {
                let taken =
                    taken.get_or_insert_with(|| fields.iter().map(|field| to_camel(field.name)).collect());
                let name = to_camel(key);
                if name == COLLISIONS || taken.contains(&name) {
                    apart.push((key, item));
                    continue;
                }
                taken.push(name);
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            self.camel = camel;
            let below = self.key(key);
            self.out.push(b':');
            self.camel = below;
            let before = self.exact.len();
            match index {
                Some(index) => {
                    seen |= 1 << index;
                    self.field(&fields[index], item);
                }
                None => self.value(item),
            }
            self.inside(before, || Self::written_key(key, camel));
        }
        for (index, field) in fields.iter().enumerate() {
            if seen & (1 << index) != 0 || field.presence == Presence::Optional {
                continue;
            }
            if !first {
                self.out.push(b',');
            }
            first = false;
            self.camel = camel;
            self.camel = self.key(field.name);
            self.out.push(b':');
            self.field(field, &Value::Null);
        }
        if !apart.is_empty() {
            if !first {
                self.out.push(b',');
            }
            self.string(COLLISIONS);
            self.out.extend_from_slice(b":{");
            for (i, (key, item)) in apart.into_iter().enumerate() {
                if i > 0 {
                    self.out.push(b',');
                }
                self.string(key);
                self.out.push(b':');
                self.camel = !is_opaque(key);
                let before = self.exact.len();
                self.value(item);
                self.inside(before, || Step::Key(key.to_owned()));
                self.inside(before, || Step::Key(COLLISIONS.to_owned()));
            }
            self.out.push(b'}');
        }
        self.camel = camel;
        self.out.push(b'}');
    }

    /// The value of a known field (`null` when it was not sent): its default when it was null
    /// and its type has no null, else as sent.
    fn field(&mut self, field: &'static Field, value: &Value) {
        if value.is_null() {
            match field.presence {
                Presence::Required => self.value(&(field.default)()),
                Presence::Nullable | Presence::Optional => self.out.extend_from_slice(b"null"),
            }
        } else {
            self.shaped(value, field.shape);
        }
    }

    /// `value` read as a `shape`: a value that does not fit it is written as sent.
    fn shaped(&mut self, value: &Value, shape: &'static Shape) {
        if !fits(value, shape) {
            return self.value(value);
        }
        match (shape, value) {
            (Shape::Nullable(inner), value) if !value.is_null() => self.shaped(value, inner),
            (Shape::List(item), Value::Array(items)) => {
                let camel = self.camel;
                self.out.push(b'[');
                for (i, value) in items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(b',');
                    }
                    self.camel = camel;
                    let before = self.exact.len();
                    self.shaped(value, item);
                    self.inside(before, || Step::Index(i));
                }
                self.camel = camel;
                self.out.push(b']');
            }
            (Shape::Model(model), Value::Object(object)) => self.object(object, model.fields),
            // The integer the model holds: `-0` is 0 to it, and -0 to `JSON.parse`.
            (Shape::Integer, Value::Number(n)) => match n.as_i64() {
                Some(integer) => self.out.extend_from_slice(integer.to_string().as_bytes()),
                None => self.value(value),
            },
            // The double the model holds, as `JSON.parse` reads it.
            (Shape::Float, Value::Number(n)) => self.out.extend_from_slice(n.as_str().as_bytes()),
            (_, value) => self.value(value),
        }
    }

    /// The escape of the special character that starts `rest`; returns its length in bytes.
    fn escape(&mut self, rest: &str) -> usize {
        let byte = rest.as_bytes()[0];
        let short = match byte {
            b'"' => Some(b'"'),
            b'\\' => Some(b'\\'),
            b'\n' => Some(b'n'),
            b'\r' => Some(b'r'),
            b'\t' => Some(b't'),
            0x08 => Some(b'b'),
            0x0c => Some(b'f'),
            _ => None,
        };
        if let Some(letter) = short {
            self.out.extend_from_slice(&[b'\\', letter]);
            return 1;
        }
        let c = rest.chars().next().unwrap_or('\u{fffd}');
        let mut units = [0u16; 2];
        for &unit in c.encode_utf16(&mut units).iter() {
            self.out.extend_from_slice(&[
                b'\\',
                b'u',
                HEX[usize::from(unit >> 12)],
                HEX[usize::from((unit >> 8) & 0xf)],
                HEX[usize::from((unit >> 4) & 0xf)],
                HEX[usize::from(unit & 0xf)],
            ]);
        }
        c.len_utf8()
    }

    fn string(&mut self, s: &str) {
        let bytes = s.as_bytes();
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            // Eight bytes at a time while there is nothing to escape.
            while let Some(word) = bytes.get(i..i + 8) {
                if has_special(u64::from_le_bytes(word.try_into().unwrap_or_default())) {
                    break;
                }
                i += 8;
            }
            match bytes.get(i) {
                Some(&byte) if SPECIAL[usize::from(byte)] => {
                    self.out.extend_from_slice(&bytes[start..i]);
                    i += self.escape(&s[i..]);
                    start = i;
                }
                Some(_) => i += 1,
                None => break,
            }
        }
        self.out.extend_from_slice(&bytes[start..]);
        self.out.push(b'"');
    }

    /// Writes an object key, camelCased when keys are renamed here (see
    /// [`crate::convert::to_camel`]: `_` then a lowercase ASCII letter, not first, becomes that
    /// letter in uppercase). Returns whether the keys below it are renamed.
    fn key(&mut self, key: &str) -> bool {
        if !self.camel {
            self.string(key);
            return false;
        }
        if !self.short_key(key) {
            self.long_key(key);
        }
        !is_opaque(key)
    }

    /// The usual key (short, nothing to escape), built on the stack and copied once; false,
    /// having written nothing, for any other.
    #[inline]
    fn short_key(&mut self, key: &str) -> bool {
        const MAX: usize = 64;
        let bytes = key.as_bytes();
        if bytes.len() > MAX {
            return false;
        }
        let mut buffer = [0u8; MAX + 2];
        buffer[0] = b'"';
        let mut n = 1;
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            match KEY_BYTE[usize::from(byte)] {
                PLAIN => {
                    buffer[n] = byte;
                    i += 1;
                }
                UNDERSCORE => match bytes.get(i + 1) {
                    Some(next) if i > 0 && next.is_ascii_lowercase() => {
                        buffer[n] = next.to_ascii_uppercase();
                        i += 2;
                    }
                    _ => {
                        buffer[n] = b'_';
                        i += 1;
                    }
                },
                _ => return false,
            }
            n += 1;
        }
        buffer[n] = b'"';
        self.out.extend_from_slice(&buffer[..=n]);
        true
    }

    /// Any key: long, or with characters to escape.
    fn long_key(&mut self, key: &str) {
        let bytes = key.as_bytes();
        self.out.reserve(bytes.len() + 2);
        self.out.push(b'"');
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            if byte == b'_' && i > 0 && i + 1 < bytes.len() && bytes[i + 1].is_ascii_lowercase() {
                self.out.extend_from_slice(&bytes[start..i]);
                self.out.push(bytes[i + 1].to_ascii_uppercase());
                i += 2;
                start = i;
            } else if SPECIAL[usize::from(byte)] {
                self.out.extend_from_slice(&bytes[start..i]);
                i += self.escape(&key[i..]);
                start = i;
            } else {
                i += 1;
            }
        }
        self.out.extend_from_slice(&bytes[start..]);
        self.out.push(b'"');
    }
}

#[cfg(test)]
mod tests {
    use clerk_backend::models::literal;
    use serde::Serialize;
    use serde_json::{Map, Value, json};

    use super::*;

    /// The text of any serialisable value, read as free-form JSON.
    fn any_text(value: &(impl Serialize + ?Sized)) -> Vec<Vec<u8>> {
        let json = to_camel_json(&serde_json::to_value(value).unwrap(), &super::Shape::Any, 0);
        assert!(json.exact.is_empty());
        json.parts
    }

    fn text(value: &(impl Serialize + ?Sized)) -> String {
        let parts = any_text(value);
        assert_eq!(parts.len(), 1);
        String::from_utf8(parts.into_iter().next().unwrap()).unwrap()
    }

    /// The parts of a long array, read back as one array.
    fn joined(value: &(impl Serialize + ?Sized)) -> (usize, Value) {
        let parts = any_text(value);
        let mut items = Vec::new();
        for part in &parts {
            assert!(part.is_ascii());
            match serde_json::from_slice(part).unwrap() {
                Value::Array(some) => items.extend(some),
                other => panic!("a part that is not an array: {other}"),
            }
        }
        (parts.len(), Value::Array(items))
    }

    /// What the object-by-object conversion built, as JSON: `to_value`, then keys renamed.
    fn reference(value: &Value, camel: bool) -> Value {
        match value {
            Value::Array(items) => Value::Array(items.iter().map(|v| reference(v, camel)).collect()),
            Value::Object(fields) if camel => {
                let mut out = Map::new();
                for (key, item) in fields {
                    out.insert(to_camel(key), reference(item, !is_opaque(key)));
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    /// The text (or the parts of a long array) reads back as the reference, with the same keys
    /// in the same order.
    fn check(value: &(impl Serialize + ?Sized)) -> Value {
        let got = match any_text(value).len() {
            1 => {
                let out = text(value);
                assert!(out.is_ascii(), "{out}");
                serde_json::from_str(&out).unwrap()
            }
            _ => joined(value).1,
        };
        let want = reference(&serde_json::to_value(value).unwrap(), true);
        assert_eq!(got, want);
        assert_eq!(
            serde_json::to_string(&got).unwrap(),
            serde_json::to_string(&want).unwrap()
        );
        got
    }

    #[test]
    fn keys_are_renamed_except_below_user_data() {
        let got = check(&json!({
            "first_name": "Ada",
            "email_addresses": [{ "email_address": "a@b.c", "linked_to": [{ "type": "x" }] }],
            "public_metadata": { "snake_key": { "deep_key": 1 } },
            "private_metadata": { "a_b": [{ "c_d": 1 }] },
            "unsafe_metadata": { "e_f": null },
            "errors": [{ "long_message": "m", "meta": { "param_name": "x" } }],
            "unknown_field": { "nested_key": { "public_metadata": { "x_y": 1 } } },
            "foo_1": 1,
            "_leading": 1,
            "__double": 1,
            "double__under": 1,
            "trailing_": 1,
            "x_Y": 1,
            "naïve_key": 1,
            "é_x": 1,
            "quo\"te_key\n": 1,
            "": 1,
        }));
        let keys: Vec<&String> = got.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "firstName",
                "emailAddresses",
                "publicMetadata",
                "privateMetadata",
                "unsafeMetadata",
                "errors",
                "unknownField",
                "foo_1",
                "_leading",
                "_Double",
                "double_Under",
                "trailing_",
                "x_Y",
                "naïveKey",
                "éX",
                "quo\"teKey\n",
                "",
            ]
        );
        assert_eq!(got["publicMetadata"], json!({ "snake_key": { "deep_key": 1 } }));
        assert_eq!(got["errors"][0]["meta"], json!({ "param_name": "x" }));
        assert_eq!(
            got["unknownField"]["nestedKey"]["publicMetadata"],
            json!({ "x_y": 1 })
        );
    }

    #[test]
    fn long_arrays_come_in_parts_cut_between_items() {
        let item = |i: usize| json!({ "some_key": i, "text": "x".repeat(i % 3000) });
        for n in [0, 1, 2, 40, 100, 300] {
            let items: Vec<Value> = (0..n).map(item).collect();
            let (parts, got) = joined(&items);
            assert_eq!(
                got,
                reference(&serde_json::to_value(&items).unwrap(), true),
                "{n} items"
            );
            let len = serde_json::to_vec(&items).unwrap().len();
            if len <= PART {
                assert_eq!(parts, 1);
            } else {
                assert!(parts >= len / PART, "{n} items in {parts} parts");
            }
        }
        // A part is closed by the item that takes it to PART bytes: none is longer than PART
        // and one item (here at most 3,000 bytes of text and its key).
        let items: Vec<Value> = (0..300).map(|i| item(i * 10)).collect();
        let parts = any_text(&items);
        assert!(parts.len() > 5, "{} parts", parts.len());
        for part in &parts {
            assert!(part.len() < PART + 3100, "{} bytes", part.len());
        }
        // An item larger than a part closes its part at once.
        let big = vec![
            json!("y".repeat(PART * 2)),
            json!(1),
            json!("z".repeat(PART + 10)),
        ];
        let (parts, got) = joined(&big);
        assert_eq!(parts, 2);
        assert_eq!(got, json!(big));
        // Only the outermost array is cut; anything else is one text, however long.
        let nested = json!({ "items": (0..100).map(item).collect::<Vec<_>>() });
        assert_eq!(any_text(&nested).len(), 1);
        let nested = vec![(0..100).map(item).collect::<Vec<_>>()];
        assert_eq!(any_text(&nested).len(), 1);
    }

    #[test]
    fn repeated_keys_are_written_alike_every_time() {
        // Struct keys, map keys, keys that are renamed, user data and keys with escapes, many
        // times over.
        let items: Vec<Value> = (0..400)
            .map(|i| {
                json!({
                    "first_name": i,
                    "public_metadata": { "snake_key": i, format!("k_{}", i % 7): 1 },
                    format!("extra_key_{}", i % 13): { "inner_key": [i], "meta": { "m_n": i } },
                    "quo\"te_key": i,
                    "naïve_key": i,
                    "meta": { "kept_key": i },
                })
            })
            .collect();
        check(&items);
        #[derive(Serialize)]
        struct Row {
            some_field: u32,
            public_metadata: Value,
            other: Value,
        }
        let rows: Vec<Row> = (0..300)
            .map(|i| Row {
                some_field: i,
                public_metadata: json!({ "some_field": i }),
                other: json!({ "some_field": i, "public_metadata": { "some_field": i } }),
            })
            .collect();
        let got = check(&rows);
        assert_eq!(
            got[299],
            json!({ "someField": 299, "publicMetadata": { "some_field": 299 },
                    "other": { "someField": 299, "publicMetadata": { "some_field": 299 } } })
        );
    }

    #[test]
    fn strings_are_ascii_escapes_of_the_same_text() {
        let s = "héllo 😀 \u{2028} \u{0} \u{1f} \u{7f} \u{8} \u{c} \n\r\t \"q\" \\ / 中文";
        let out = text(&json!({ "public_metadata": { "naïve_key": s }, "k": s }));
        assert!(out.is_ascii(), "{out}");
        assert!(out.contains(r"\ud83d\ude00"), "{out}");
        let back: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back, json!({ "publicMetadata": { "naïve_key": s }, "k": s }));
    }

    #[test]
    fn words_with_special_bytes_are_found() {
        let by_bytes = |word: u64| word.to_le_bytes().iter().any(|&b| SPECIAL[usize::from(b)]);
        for byte in 0..=255u8 {
            for at in 0..8 {
                let mut bytes = [b'a'; 8];
                bytes[at] = byte;
                let word = u64::from_le_bytes(bytes);
                assert_eq!(has_special(word), SPECIAL[usize::from(byte)], "{byte:#x} at {at}");
            }
        }
        let mut word = 0x1234_5678_9abc_def0_u64;
        for _ in 0..100_000 {
            word = word
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Mostly ASCII, as text is.
            let ascii = word & 0x7f7f_7f7f_7f7f_7f7f;
            assert_eq!(has_special(ascii), by_bytes(ascii), "{ascii:#x}");
            assert_eq!(has_special(word), by_bytes(word), "{word:#x}");
        }
    }

    #[test]
    fn long_strings_are_escaped_wherever_the_special_characters_are() {
        for len in 0..40 {
            for at in 0..len {
                for special in ["\"", "\\", "\n", "\u{1}", "é", "😀"] {
                    let mut s = "x".repeat(len);
                    s.replace_range(at..at + 1, special);
                    let out = text(&s);
                    assert!(out.is_ascii(), "{out}");
                    assert_eq!(serde_json::from_str::<String>(&out).unwrap(), s);
                }
            }
        }
    }

    #[test]
    fn numbers_are_written_as_serde_json_writes_them() {
        let numbers = json!([
            1,
            -0.0,
            1.5,
            0.1,
            1e300,
            5e-324,
            9007199254740991_i64,
            -9007199254740991_i64
        ]);
        assert_eq!(text(&numbers), serde_json::to_string(&numbers).unwrap());
        check(&numbers);
        assert_eq!(text(&0.1f32), text(&serde_json::to_value(0.1f32).unwrap()));
        assert_eq!(text(&f64::NAN), "null");
        assert_eq!(text(&[f64::INFINITY]), "[null]");
    }

    #[test]
    fn numbers_json_parse_would_not_read_exactly_are_given_exactly() {
        let zeros = |n: usize| "0".repeat(n);
        let body = format!(
            r#"{{"a":[1,9007199254740992],"b_c":{{"d_e":18446744073709551615}},"public_metadata":{{"f_g":-9223372036854775808,"h":1e400,"i":-1.5e400,"j":1e5000,"k":1{}.5,"l":1.7976931348623157e308}},"phone_number":1}}"#,
            zeros(309)
        );
        let value = literal::from_slice(body.as_bytes()).unwrap();
        let json = to_camel_json(&value, &super::Shape::Any, 0);
        assert_eq!(json.parts.len(), 1);
        let text = String::from_utf8(json.parts[0].clone()).unwrap();
        let expected = format!(
            r#"{{"a":[1,"9007199254740992"],"bC":{{"dE":"18446744073709551615"}},"publicMetadata":{{"f_g":"-9223372036854775808","h":"1{}","i":"-15{}","j":"1e+5000","k":"1{}.5","l":1.7976931348623157e+308}},"phoneNumber":1}}"#,
            zeros(400),
            zeros(399),
            zeros(309)
        );
        assert_eq!(text, expected);
        let key = |k: &str| Step::Key(k.to_owned());
        let exact = |path: Vec<Step>, digits: String| Exact { path, digits };
        assert_eq!(
            json.exact,
            vec![
                exact(vec![key("a"), Step::Index(1)], "9007199254740992".into()),
                exact(vec![key("bC"), key("dE")], "18446744073709551615".into()),
                exact(
                    vec![key("publicMetadata"), key("f_g")],
                    "-9223372036854775808".into()
                ),
                exact(vec![key("publicMetadata"), key("h")], format!("1{}", zeros(400))),
                exact(
                    vec![key("publicMetadata"), key("i")],
                    format!("-15{}", zeros(399))
                ),
            ]
        );
        assert!(
            json.exact_text()
                .starts_with(r#"[[["a",1],"9007199254740992"],[["bC","dE"],"#)
        );
        // In the parts of a long array, kept apart, and under a key kept apart: indexes over the
        // whole array, `$collisions` in the path.
        let item = |i: usize| json!({ "id": format!("user_{i}"), "text": "x".repeat(3000) });
        let mut items: Vec<Value> = (0..40).map(item).collect();
        items[39]["n"] = literal::from_slice(b"123456789012345678901234567890").unwrap();
        let phone =
            literal::from_slice(br#"{"id":"p","phoneNumber":{"a":12345678901234567},"phone_number":"+1"}"#)
                .unwrap();
        items[38]["phone"] = phone;
        let json = to_camel_json(&Value::Array(items), &super::Shape::List(&super::Shape::Any), 0);
        assert!(json.parts.len() > 1);
        assert_eq!(
            json.exact,
            vec![
                exact(
                    vec![Step::Index(38), key("phone"), key("phoneNumber"), key("a")],
                    "12345678901234567".into()
                ),
                exact(
                    vec![Step::Index(39), key("n")],
                    "123456789012345678901234567890".into()
                ),
            ]
        );
        let phone =
            literal::from_slice(br#"{"id":"p","phoneNumber":{"a":12345678901234567},"phone_number":"+1"}"#)
                .unwrap();
        let json = to_camel_json(
            &phone,
            <clerk_backend::models::PhoneNumber as clerk_backend::models::shape::Shaped>::SHAPE,
            0,
        );
        assert_eq!(
            json.exact,
            vec![exact(
                vec![key(COLLISIONS), key("phoneNumber"), key("a")],
                "12345678901234567".into()
            )]
        );
    }

    #[test]
    fn the_form_of_a_number() {
        assert_eq!(form("9007199254740991"), Form::Double);
        assert_eq!(form("-9007199254740991"), Form::Double);
        assert_eq!(form("123456789012345"), Form::Double);
        assert_eq!(form("9007199254740992"), Form::BigInt("9007199254740992".into()));
        assert_eq!(
            form("-9223372036854775808"),
            Form::BigInt("-9223372036854775808".into())
        );
        assert_eq!(form("1e20"), Form::Double);
        assert_eq!(form("1.7976931348623157e308"), Form::Double);
        assert_eq!(form("1.8e308"), Form::BigInt(format!("18{}", "0".repeat(307))));
        assert_eq!(form("0.001e400"), Form::BigInt(format!("1{}", "0".repeat(397))));
        assert_eq!(
            form("-2.50E+400"),
            Form::BigInt(format!("-25{}", "0".repeat(399)))
        );
        assert_eq!(form("1e4299"), Form::BigInt(format!("1{}", "0".repeat(4299))));
        assert_eq!(form("1e4300"), Form::Text);
        assert_eq!(form("1e99999999999999999999"), Form::Text);
        assert_eq!(form(&format!("1{}.5", "0".repeat(309))), Form::Text);
        assert_eq!(form(&"9".repeat(4300)), Form::BigInt("9".repeat(4300)));
        assert_eq!(form(&"9".repeat(4301)), Form::Text);
    }

    #[test]
    fn keys_are_spelled_as_to_camel_spells_them() {
        let long = "a_b".repeat(40);
        for key in [
            "email_address",
            "web3_wallet",
            "foo_1",
            "_a",
            "__a",
            "a__b",
            "a_",
            "a_B",
            "ÄÖ_ü",
            "é_x",
            "get_o_auth_access_token",
            long.as_str(),
        ] {
            let out = text(&json!({ key: 1 }));
            let got: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(
                got.as_object().unwrap().keys().next().unwrap(),
                &to_camel(key),
                "{key}"
            );
        }
    }

    #[derive(Serialize)]
    enum Shape {
        Unit,
        Newtype {
            inner_key: u8,
        },
        Tuple(u8, Inner),
        Wrapped(Inner),
        #[allow(non_camel_case_types)]
        public_metadata(Inner),
    }

    #[derive(Serialize)]
    struct Inner {
        some_field: u8,
        public_metadata: Value,
        raw_bytes: serde_bytes_like::Bytes,
        nothing: Option<u8>,
        unit: (),
        pair: (u8, char),
    }

    mod serde_bytes_like {
        /// Serialised with `serialize_bytes`.
        pub struct Bytes(pub Vec<u8>);

        impl serde::Serialize for Bytes {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_bytes(&self.0)
            }
        }
    }

    fn inner() -> Inner {
        Inner {
            some_field: 3,
            public_metadata: json!({ "a_b": 1 }),
            raw_bytes: serde_bytes_like::Bytes(vec![1, 2]),
            nothing: None,
            unit: (),
            pair: (1, 'é'),
        }
    }

    #[test]
    fn other_shapes_are_written_as_to_value_makes_them() {
        let values = vec![
            Shape::Unit,
            Shape::Newtype { inner_key: 1 },
            Shape::Tuple(1, inner()),
            Shape::Wrapped(inner()),
            Shape::public_metadata(inner()),
        ];
        let got = check(&values);
        assert_eq!(
            got[3],
            json!({ "Wrapped": {
                "someField": 3, "publicMetadata": { "a_b": 1 }, "rawBytes": [1, 2],
                "nothing": null, "unit": null, "pair": [1, "é"],
            } })
        );
        assert_eq!(got[4]["publicMetadata"]["some_field"], json!(3));
        let mut keyed = std::collections::BTreeMap::new();
        keyed.insert(7_u32, vec![inner()]);
        check(&keyed);
    }
}
