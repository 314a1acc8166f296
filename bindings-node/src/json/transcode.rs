//! The fast path from a response body to the JSON text `JSON.parse` reads: one pass over the
//! body that checks it against the result model's [`Shape`] and writes it out with camelCase
//! keys, without building the model. Decoding a page of 100 users into the model and writing
//! the model out again was most of the native CPU of `list`.
//!
//! The text written is the one [`super::to_camel_json`] writes for the parsed body, up to number
//! spelling (numbers are copied as sent, so `JSON.parse` rounds them once, correctly). Whenever
//! that cannot be promised the pass gives up and the caller takes that path: a value of an
//! unexpected type (the model would take its lenient decode), a repeated known key, keys with
//! escapes, keys with capitals or a leading `$` where keys are renamed (a key could then take
//! the name of another, see [`super::COLLISIONS`]), lone surrogates, `-0`, numbers out of range
//! or near it, numbers kept as sent that `JSON.parse` would not read exactly (integers beyond
//! ±(2^53 − 1); the other path gives them as `BigInt`s), deep nesting, and anything that is not
//! JSON (whose error the model's decode reports).

use clerk_backend::models::shape::{Field, Presence, Shape};

use super::{PART_CAPACITY, Writer};

/// The body does not fit its shape, or is not JSON: the model's path must decide.
#[derive(Debug)]
pub struct Mismatch;

type Step = Result<(), Mismatch>;

/// serde_json refuses to nest deeper than 128; stay well inside so the two never disagree.
const MAX_DEPTH: u32 = 100;

/// `body` as ASCII JSON text with camelCase keys (see the module), in the parts
/// [`super::to_camel_json`] cuts; `None` when the model's path must decide.
pub fn transcode(body: &[u8], shape: &'static Shape) -> Option<Vec<Vec<u8>>> {
    let shape = shape.of_value(body.iter().copied().find(|b| !b.is_ascii_whitespace()));
    let cut = matches!(shape, Shape::List(_));
    let estimate = body.len() + body.len() / 8 + 16;
    let mut pass = Pass {
        input: body,
        at: 0,
        depth: 0,
        writer: Writer::new(if cut {
            estimate.min(PART_CAPACITY)
        } else {
            estimate
        }),
        cut,
        models: Vec::new(),
        key_texts: Vec::new(),
    };
    pass.whitespace();
    pass.value(shape, true).ok()?;
    pass.whitespace();
    if pass.at != body.len() {
        return None;
    }
    Some(pass.writer.finish())
}

struct Pass<'a> {
    input: &'a [u8],
    at: usize,
    depth: u32,
    writer: Writer,
    /// Whether the outermost value is an array, written in parts (see [`Writer::next_item`]).
    cut: bool,
    /// What was learnt of each model met so far.
    models: Vec<ModelMemo>,
    /// The renamed keys of [`ModelMemo::keys`], one after the other.
    key_texts: Vec<u8>,
}

struct ModelMemo {
    /// The model's fields: their address and number.
    model: (usize, usize),
    /// The fields written when null or missing (all but `Optional` ones), as bits.
    written_when_absent: u64,
    /// The index of the known field at each key position of the last object of this model
    /// (`UNKNOWN` for other keys). Objects of one kind come with their keys in the same order,
    /// so a key is usually found at its first try.
    order: Vec<u8>,
    /// Each field's key as written where keys are renamed, `"name":` (its place in
    /// `key_texts`), and whether the keys below it are renamed; filled on first use.
    keys: Vec<Option<(u32, u32, bool)>>,
}

const UNKNOWN: u8 = u8::MAX;

impl<'a> Pass<'a> {
    fn peek(&self) -> Option<u8> {
        self.input.get(self.at).copied()
    }

    fn whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    /// Skips whitespace, then expects `byte`.
    fn expect(&mut self, byte: u8) -> Step {
        self.whitespace();
        if self.peek() != Some(byte) {
            return Err(Mismatch);
        }
        self.at += 1;
        Ok(())
    }

    /// Skips whitespace; true (and past it) when `byte` comes next.
    fn next_is(&mut self, byte: u8) -> bool {
        self.whitespace();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn literal(&mut self, word: &[u8]) -> Step {
        if !self.input[self.at..].starts_with(word) {
            return Err(Mismatch);
        }
        self.at += word.len();
        self.writer.out.extend_from_slice(word);
        Ok(())
    }

    /// After whitespace, a `null` (consumed) comes next.
    fn null_next(&mut self) -> bool {
        self.whitespace();
        let found = self.input[self.at..].starts_with(b"null");
        if found {
            self.at += 4;
        }
        found
    }

    fn nest(&mut self) -> Step {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(Mismatch)
        } else {
            Ok(())
        }
    }

    /// A value of `shape`; `camel` tells whether the keys of objects in it are renamed.
    fn value(&mut self, shape: &'static Shape, camel: bool) -> Step {
        self.whitespace();
        match shape {
            Shape::String => {
                if self.peek() != Some(b'"') {
                    return Err(Mismatch);
                }
                self.string()
            }
            Shape::Integer => self.number(NumberKind::Integer),
            Shape::Float => self.number(NumberKind::Float),
            Shape::Bool => match self.peek() {
                Some(b't') => self.literal(b"true"),
                Some(b'f') => self.literal(b"false"),
                _ => Err(Mismatch),
            },
            Shape::Any => self.any(camel),
            Shape::Object => {
                if self.peek() != Some(b'{') {
                    return Err(Mismatch);
                }
                self.any(camel)
            }
            Shape::Nullable(inner) => {
                if self.null_next() {
                    self.writer.out.extend_from_slice(b"null");
                    Ok(())
                } else {
                    self.value(inner, camel)
                }
            }
            Shape::List(item) => self.list(item, camel),
            Shape::Model(model) => self.model(model.fields, camel),
            Shape::Either { .. } => match self.peek() {
                Some(first @ (b'[' | b'{')) => self.value(shape.of_value(Some(first)), camel),
                _ => Err(Mismatch),
            },
        }
    }

    fn list(&mut self, item: &'static Shape, camel: bool) -> Step {
        self.expect(b'[')?;
        self.nest()?;
        let cut = self.cut && self.depth == 1;
        self.writer.out.push(b'[');
        if !self.next_is(b']') {
            loop {
                self.value(item, camel)?;
                if self.next_is(b']') {
                    break;
                }
                self.expect(b',')?;
                if cut {
                    self.writer.next_item();
                } else {
                    self.writer.out.push(b',');
                }
            }
        }
        self.writer.out.push(b']');
        self.depth -= 1;
        Ok(())
    }

    /// Writes an object key as the model's path does; returns whether keys below it are renamed.
    fn key(&mut self, key: &str, camel: bool) -> bool {
        self.writer.camel = camel;
        let below = self.writer.key(key);
        self.writer.out.push(b':');
        below
    }

    fn model(&mut self, fields: &'static [Field], camel: bool) -> Step {
        self.expect(b'{')?;
        self.nest()?;
        self.writer.out.push(b'{');
        let model = (fields.as_ptr() as usize, fields.len());
        let memo = match self.models.iter().position(|memo| memo.model == model) {
            Some(memo) => memo,
            None => {
                let written_when_absent = fields
                    .iter()
                    .enumerate()
                    .filter(|(_, field)| field.presence != Presence::Optional)
                    .fold(0u64, |mask, (index, _)| mask | 1 << index);
                self.models.push(ModelMemo {
                    model,
                    written_when_absent,
                    order: Vec::new(),
                    keys: vec![None; fields.len()],
                });
                self.models.len() - 1
            }
        };
        let mut seen = 0u64;
        let mut first = true;
        let mut position = 0;
        if !self.next_is(b'}') {
            loop {
                self.whitespace();
                let (index, key) = match self.expected_key(memo, position, fields) {
                    Some(index) => (index, &b""[..]),
                    None => {
                        let key = self.plain_key()?;
                        (self.field_index(memo, position, fields, key), key)
                    }
                };
                self.expect(b':')?;
                position += 1;
                if index == UNKNOWN {
                    // A capital could make its camelCase name that of a known field.
                    if may_collide(key) {
                        return Err(Mismatch);
                    }
                    let key = Self::text(key)?;
                    if !first {
                        self.writer.out.push(b',');
                    }
                    first = false;
                    let below = self.key(key, camel);
                    self.any(below)?;
                } else {
                    let bit = 1u64 << index;
                    if seen & bit != 0 {
                        return Err(Mismatch);
                    }
                    seen |= bit;
                    let field = &fields[usize::from(index)];
                    if self.null_next() {
                        if !first {
                            self.writer.out.push(b',');
                        }
                        first = false;
                        self.absent(memo, usize::from(index), field, camel);
                    } else {
                        if !first {
                            self.writer.out.push(b',');
                        }
                        first = false;
                        let below = self.known_key(memo, usize::from(index), field, camel);
                        // `null` is taken: what is left is the value inside.
                        let shape = match field.shape {
                            Shape::Nullable(inner) => inner,
                            shape => shape,
                        };
                        match shape {
                            Shape::String if self.peek() == Some(b'"') => self.string()?,
                            Shape::Integer => self.number(NumberKind::Integer)?,
                            shape => self.value(shape, below)?,
                        }
                    }
                }
                if self.next_is(b'}') {
                    break;
                }
                self.expect(b',')?;
            }
        }
        let mut missing = self.models[memo].written_when_absent & !seen;
        while missing != 0 {
            let index = missing.trailing_zeros() as usize;
            missing &= missing - 1;
            if !first {
                self.writer.out.push(b',');
            }
            first = false;
            self.absent(memo, index, &fields[index], camel);
        }
        self.writer.out.push(b'}');
        self.depth -= 1;
        Ok(())
    }

    /// A field sent as `null`, or missing and not `Optional`: its default when its type has no
    /// null, else `null`.
    fn absent(&mut self, memo: usize, index: usize, field: &'static Field, camel: bool) {
        let below = self.known_key(memo, index, field, camel);
        if field.presence == Presence::Required {
            self.writer.camel = below;
            self.writer.value(&(field.default)());
        } else {
            self.writer.out.extend_from_slice(b"null");
        }
    }

    /// Writes the key of a known field, `"name":`, as [`Self::key`] does; returns whether the
    /// keys below it are renamed.
    fn known_key(&mut self, memo: usize, index: usize, field: &Field, camel: bool) -> bool {
        if !camel {
            return self.key(field.name, false);
        }
        if let Some((at, len, below)) = self.models[memo].keys[index] {
            let (at, len) = (at as usize, len as usize);
            self.writer.out.extend_from_slice(&self.key_texts[at..at + len]);
            return below;
        }
        let start = self.writer.out.len();
        let below = self.key(field.name, true);
        let at = self.key_texts.len();
        self.key_texts.extend_from_slice(&self.writer.out[start..]);
        self.models[memo].keys[index] = Some((at as u32, (self.key_texts.len() - at) as u32, below));
        below
    }

    /// The known field whose key comes next (then past its closing quote), when it is the one
    /// met at this position in the last object of the same model: checked without scanning.
    #[inline]
    fn expected_key(&mut self, memo: usize, position: usize, fields: &[Field]) -> Option<u8> {
        let guess = *self.models[memo].order.get(position)?;
        let name = fields.get(usize::from(guess))?.name.as_bytes();
        let rest = self.input.get(self.at..self.at + name.len() + 2)?;
        if rest[0] == b'"' && rest[name.len() + 1] == b'"' && same(&rest[1..=name.len()], name) {
            self.at += name.len() + 2;
            Some(guess)
        } else {
            None
        }
    }

    /// Which of `fields` is `key` (or `UNKNOWN`), trying first the field met at this position
    /// in the last object of the same model.
    fn field_index(&mut self, memo: usize, position: usize, fields: &[Field], key: &[u8]) -> u8 {
        let remembered = &mut self.models[memo].order;
        if let Some(&guess) = remembered.get(position) {
            let hit = match fields.get(usize::from(guess)) {
                Some(field) => same(field.name.as_bytes(), key),
                None => fields.iter().all(|field| !same(field.name.as_bytes(), key)),
            };
            if hit {
                return guess;
            }
        }
        let index = fields
            .iter()
            .position(|field| same(field.name.as_bytes(), key))
            .map_or(UNKNOWN, |i| i as u8);
        if position < remembered.len() {
            remembered[position] = index;
        } else if position == remembered.len() {
            remembered.push(index);
        }
        index
    }

    /// An object key without escapes (a key with escapes is left to the model's path).
    fn plain_key(&mut self) -> Result<&'a [u8], Mismatch> {
        let input: &'a [u8] = self.input;
        if input.get(self.at) != Some(&b'"') {
            return Err(Mismatch);
        }
        let start = self.at + 1;
        let mut end = start;
        loop {
            while let Some(word) = input.get(end..end + 8) {
                if super::has_special(u64::from_le_bytes(word.try_into().unwrap_or_default())) {
                    break;
                }
                end += 8;
            }
            match input.get(end) {
                Some(b'"') => break,
                // Escapes and control characters; other bytes (non-ASCII) go on.
                Some(b'\\' | 0..0x20) | None => return Err(Mismatch),
                Some(_) => end += 1,
            }
        }
        self.at = end + 1;
        Ok(&input[start..end])
    }

    /// A key that is not a known field, as text.
    fn text(key: &[u8]) -> Result<&str, Mismatch> {
        std::str::from_utf8(key).map_err(|_| Mismatch)
    }

    /// A string value (at its opening quote): copied, escapes checked, non-ASCII characters
    /// written as `\uXXXX` escapes as [`Writer::string`] does.
    fn string(&mut self) -> Step {
        let input: &'a [u8] = self.input;
        self.at += 1;
        self.writer.out.push(b'"');
        let mut start = self.at;
        let mut i = self.at;
        loop {
            while let Some(word) = input.get(i..i + 8) {
                if super::has_special(u64::from_le_bytes(word.try_into().unwrap_or_default())) {
                    break;
                }
                i += 8;
            }
            let Some(&byte) = input.get(i) else {
                return Err(Mismatch);
            };
            match byte {
                b'"' => break,
                b'\\' => {
                    i += self.escape_len(i)?;
                }
                0x80.. => {
                    self.writer.out.extend_from_slice(&input[start..i]);
                    let run = input[i..]
                        .iter()
                        .position(|&b| b < 0x80)
                        .unwrap_or(input.len() - i);
                    let text = std::str::from_utf8(&input[i..i + run]).map_err(|_| Mismatch)?;
                    let mut offset = 0;
                    while offset < text.len() {
                        offset += self.writer.escape(&text[offset..]);
                    }
                    i += run;
                    start = i;
                }
                0..0x20 => return Err(Mismatch),
                _ => i += 1,
            }
        }
        self.writer.out.extend_from_slice(&input[start..i]);
        self.writer.out.push(b'"');
        self.at = i + 1;
        Ok(())
    }

    /// The length of the escape at `i` (copied as it is); surrogates, which serde_json and
    /// `JSON.parse` treat differently when unpaired, are left to the model's path.
    fn escape_len(&self, i: usize) -> Result<usize, Mismatch> {
        match self.input.get(i + 1) {
            Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => Ok(2),
            Some(b'u') => {
                let hex = self.input.get(i + 2..i + 6).ok_or(Mismatch)?;
                let hex = std::str::from_utf8(hex).map_err(|_| Mismatch)?;
                let unit = u16::from_str_radix(hex, 16).map_err(|_| Mismatch)?;
                if hex.starts_with('+') || (0xd800..0xe000).contains(&unit) {
                    return Err(Mismatch);
                }
                Ok(6)
            }
            _ => Err(Mismatch),
        }
    }

    /// A number, checked against JSON's grammar and `kind`, copied as sent.
    fn number(&mut self, kind: NumberKind) -> Step {
        let input: &'a [u8] = self.input;
        let start = self.at;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while input.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        let negative = input.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let integer_digits = digits(&mut i);
        if integer_digits == 0 || (integer_digits > 1 && input[i - integer_digits] == b'0') {
            return Err(Mismatch);
        }
        let mut integer = true;
        let mut all_zero = input[i - integer_digits..i].iter().all(|&b| b == b'0');
        if input.get(i) == Some(&b'.') {
            i += 1;
            let from = i;
            if digits(&mut i) == 0 {
                return Err(Mismatch);
            }
            integer = false;
            all_zero &= input[from..i].iter().all(|&b| b == b'0');
        }
        if let Some(b'e' | b'E') = input.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = input.get(i) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(Mismatch);
            }
            integer = false;
        }
        // `-0` is -0 to JSON.parse and 0 to the model.
        if negative && all_zero {
            return Err(Mismatch);
        }
        let bytes = &input[start..i];
        // Only digits, signs, `.` and `e`: ASCII.
        let text = || std::str::from_utf8(bytes).map_err(|_| Mismatch);
        let fits = match kind {
            NumberKind::Integer => integer && (integer_digits <= 18 || text()?.parse::<i64>().is_ok()),
            // serde_json refuses numbers beyond f64's range, and (without `float_roundtrip`)
            // some spellings of numbers that round to f64::MAX: leave those near it to it.
            NumberKind::Float => {
                (integer && integer_digits <= 18) || text()?.parse::<f64>().is_ok_and(|n| n.abs() < 1e308)
            }
            NumberKind::Free if integer => {
                integer_digits <= 15 || text()?.parse::<i64>().is_ok_and(|n| n.unsigned_abs() <= MAX_SAFE)
            }
            NumberKind::Free => text()?.parse::<f64>().is_ok_and(|n| n.abs() < 1e308),
        };
        if !fits {
            return Err(Mismatch);
        }
        self.writer.out.extend_from_slice(bytes);
        self.at = i;
        Ok(())
    }

    /// Any JSON value (unknown fields, metadata), its object keys renamed when `camel`.
    fn any(&mut self, camel: bool) -> Step {
        self.whitespace();
        match self.peek().ok_or(Mismatch)? {
            b'{' => {
                self.at += 1;
                self.nest()?;
                self.writer.out.push(b'{');
                if !self.next_is(b'}') {
                    loop {
                        self.whitespace();
                        let key = Self::text(self.plain_key()?)?;
                        // Where keys are renamed, `a_b` and `aB` both become `aB`: the second
                        // goes apart, which the other path does.
                        if camel && may_collide(key.as_bytes()) {
                            return Err(Mismatch);
                        }
                        self.expect(b':')?;
                        let below = self.key(key, camel);
                        self.any(below)?;
                        if self.next_is(b'}') {
                            break;
                        }
                        self.expect(b',')?;
                        self.writer.out.push(b',');
                    }
                }
                self.writer.out.push(b'}');
                self.depth -= 1;
                Ok(())
            }
            b'[' => self.list(&Shape::Any, camel),
            b'"' => self.string(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number(NumberKind::Free),
        }
    }
}

/// Whether the camelCase name of a key that is not a known field could be taken (by a known
/// field, another key or [`super::COLLISIONS`]): camelCasing is one-to-one on keys without
/// capitals, and no such key but `$collisions` itself becomes `$collisions`.
fn may_collide(key: &[u8]) -> bool {
    key.first() == Some(&b'$') || key.iter().any(u8::is_ascii_uppercase)
}

/// `a == b`, for the short keys of JSON objects, without a call to `memcmp`.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut a_words = a.chunks_exact(8);
    let mut b_words = b.chunks_exact(8);
    for (x, y) in (&mut a_words).zip(&mut b_words) {
        if x != y {
            return false;
        }
    }
    a_words
        .remainder()
        .iter()
        .zip(b_words.remainder())
        .all(|(x, y)| x == y)
}

#[derive(Clone, Copy)]
enum NumberKind {
    Integer,
    /// A float field's: any number, as `JSON.parse` reads it.
    Float,
    /// A number kept as sent (free-form JSON): one `JSON.parse` reads exactly (see
    /// [`super::Json::exact`] for the others).
    Free,
}

/// `Number.MAX_SAFE_INTEGER`.
const MAX_SAFE: u64 = (1 << 53) - 1;

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use clerk_backend::models::shape::Shaped;
    use clerk_backend::models::*;
    use serde::Serialize;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    use super::*;
    use crate::json::{Json, PART, Step, to_camel_json};

    fn root() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap()
            .to_path_buf()
    }

    /// The parts of a text, read back as `JSON.parse` would (the last of repeated keys wins),
    /// with every number as a double: the integers given as `BigInt`s too (each checked to be
    /// the string of its digits at its path).
    fn read(json: impl Into<Json>) -> Value {
        let json = json.into();
        let mut values: Vec<Value> = json
            .parts
            .iter()
            .map(|part| {
                assert!(part.is_ascii());
                literal::from_slice(part).unwrap()
            })
            .collect();
        let mut value = if values.len() == 1 {
            values.pop().unwrap()
        } else {
            Value::Array(
                values
                    .into_iter()
                    .flat_map(|part| match part {
                        Value::Array(items) => items,
                        other => panic!("a part that is not an array: {other}"),
                    })
                    .collect(),
            )
        };
        for exact in &json.exact {
            let mut at = &mut value;
            for step in &exact.path {
                at = match step {
                    Step::Key(key) => at.get_mut(key.as_str()),
                    Step::Index(index) => at.get_mut(*index),
                }
                .unwrap_or_else(|| panic!("no value at {:?}", exact.path));
            }
            assert_eq!(at, &Value::String(exact.digits.clone()), "at {:?}", exact.path);
            *at = Value::Number(exact.digits.parse().unwrap());
        }
        doubles(value)
    }

    fn doubles(value: Value) -> Value {
        match value {
            // Beyond a double's range `JSON.parse` gives ±Infinity, which a `Value` cannot hold.
            Value::Number(n) => match n.as_f64() {
                Some(double) => json!(double),
                None if n.to_string().starts_with('-') => json!("<-Infinity>"),
                None => json!("<Infinity>"),
            },
            Value::Array(items) => Value::Array(items.into_iter().map(doubles).collect()),
            Value::Object(fields) => {
                Value::Object(fields.into_iter().map(|(k, v)| (k, doubles(v))).collect())
            }
            other => other,
        }
    }

    /// What the other path makes of `body`: `None` when the core's decode refuses it. Checked
    /// against the model too: the decoded model written out (the text this binding wrote
    /// before it kept nulls) is what the other path writes, but for the keys sent as `null`
    /// that the model leaves out.
    fn by_model<T: DeserializeOwned + Lenient + Serialize + Shaped>(body: &[u8]) -> Option<Value> {
        let decoded: T = match serde_json::from_slice(body) {
            Ok(decoded) => decoded,
            Err(_) => T::lenient(literal::from_slice(body).ok()?)?,
        };
        // As the other path parses it (see `crate::results`).
        let parsed = literal::from_slice(body).unwrap();
        let got = read(to_camel_json(&parsed, T::SHAPE, 0));
        let model = read(to_camel_json(
            &serde_json::to_value(&decoded).unwrap(),
            &Shape::Any,
            0,
        ));
        covers(&got, &model, "");
        Some(got)
    }

    /// `got` holds `model`, and besides only `null`s; where keys collide (which the model's
    /// text, knowing only the fields it holds, settles otherwise) only that the key is there.
    fn covers(got: &Value, model: &Value, at: &str) {
        match (got, model) {
            (Value::Object(got), Value::Object(model)) => {
                let apart = got.get(crate::json::COLLISIONS).and_then(Value::as_object);
                let contested =
                    |key: &str| apart.is_some_and(|a| a.keys().any(|k| crate::convert::to_camel(k) == key));
                for (key, value) in model {
                    if key == crate::json::COLLISIONS || contested(key) {
                        continue;
                    }
                    let Some(mine) = got.get(key) else {
                        panic!("{at}.{key} is missing");
                    };
                    covers(mine, value, &format!("{at}.{key}"));
                }
                for (key, value) in got {
                    assert!(
                        model.contains_key(key) || value.is_null() || key == crate::json::COLLISIONS,
                        "{at}.{key} = {value} is not in the model's text"
                    );
                }
            }
            (Value::Array(got), Value::Array(model)) => {
                assert_eq!(got.len(), model.len(), "{at}");
                for (i, (a, b)) in got.iter().zip(model).enumerate() {
                    covers(a, b, &format!("{at}[{i}]"));
                }
            }
            (got, model) => assert_eq!(got, model, "{at}"),
        }
    }

    /// Both paths agree on `body` wherever the fast one answers; returns whether it did.
    fn agree<T: DeserializeOwned + Lenient + Serialize + Shaped>(body: &[u8]) -> bool {
        let Some(fast) = transcode(body, T::SHAPE) else {
            return false;
        };
        // The fast path writes no `BigInt`s: the other path must have none for it to answer.
        if let Ok(parsed) = literal::from_slice(body) {
            let other = to_camel_json(&parsed, T::SHAPE, 0);
            assert!(
                other.exact.is_empty(),
                "the fast path took a body with integers JSON.parse would round: {}",
                String::from_utf8_lossy(body)
            );
        }
        let fast = read(fast);
        let Some(other) = by_model::<T>(body) else {
            panic!(
                "the fast path took a body the model refuses: {}",
                String::from_utf8_lossy(body)
            );
        };
        assert_eq!(fast, other, "{}", String::from_utf8_lossy(body));
        true
    }

    /// Both paths agree on `body` wherever the fast one answers; where it does not, the other
    /// path's text still holds what the model decodes (see `by_model`). Returns whether the fast
    /// path answered.
    fn agree_or_fall_back<T: DeserializeOwned + Lenient + Serialize + Shaped>(body: &[u8]) -> bool {
        if agree::<T>(body) {
            return true;
        }
        by_model::<T>(body);
        false
    }

    /// A check of a body against a result type.
    trait Check {
        fn check<T: DeserializeOwned + Lenient + Serialize + Shaped>(body: &[u8]) -> bool;
    }

    /// [`agree`].
    struct Agree;
    impl Check for Agree {
        fn check<T: DeserializeOwned + Lenient + Serialize + Shaped>(body: &[u8]) -> bool {
            agree::<T>(body)
        }
    }

    /// [`agree_or_fall_back`].
    struct AgreeOrFallBack;
    impl Check for AgreeOrFallBack {
        fn check<T: DeserializeOwned + Lenient + Serialize + Shaped>(body: &[u8]) -> bool {
            agree_or_fall_back::<T>(body)
        }
    }

    /// `C::check::<T>(body)` with `T` the result type (`Operation::Output`) of operation `op`
    /// (its Python name), as the core's table declares it.
    fn for_result_of<C: Check>(op: &str, body: &[u8]) -> bool {
        macro_rules! by_operation {
            ($($name:ident: $request:ty,)*) => {
                match op {
                    $( stringify!($name) => {
                        C::check::<<$request as clerk_backend::requests::Operation>::Output>(body)
                    } )*
                    other => panic!("{other} is not an operation of the table"),
                }
            };
        }
        clerk_backend::for_each_operation!(by_operation)
    }

    /// `agree` for the result type of operation `op` (its Python name).
    fn agree_for(op: &str, body: &[u8]) -> bool {
        for_result_of::<Agree>(op, body)
    }

    fn fake_users(n: usize) -> Vec<u8> {
        let out = std::process::Command::new("python3")
            .arg(root().join("tests/fake_users.py"))
            .arg(n.to_string())
            .output()
            .expect("python3 runs tests/fake_users.py");
        assert!(out.status.success());
        out.stdout
    }

    #[test]
    fn every_successful_body_of_the_wire_vectors_takes_the_fast_path_and_agrees() {
        let mut checked = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(root().join("tests/vectors")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let file: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let op = file["operation"].as_str().unwrap();
            for case in file["cases"].as_array().unwrap() {
                let response = &case["response"];
                let status = response["status"].as_u64().unwrap_or(0);
                if !(200..300).contains(&status) || response["body"].is_null() {
                    continue;
                }
                let body = serde_json::to_vec(&response["body"]).unwrap();
                assert!(agree_for(op, &body), "{op}: {}", case["name"]);
                checked.insert(op.to_owned());
            }
        }
        let unchecked: Vec<&str> = clerk_backend::ops::OPERATIONS
            .iter()
            .map(|spec| spec.python_name)
            .filter(|name| !checked.contains(*name))
            .collect();
        assert!(
            unchecked.is_empty(),
            "operations without a successful body: {unchecked:?}"
        );
    }

    #[test]
    fn the_corpus_of_real_shapes_takes_the_fast_path_and_agrees() {
        let dir = root().join("tests/corpus");
        let index: Value = serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
        let bodies = index["bodies"].as_array().unwrap();
        assert!(bodies.len() >= 25);
        let mut apart = Vec::new();
        for entry in bodies {
            let file = entry["file"].as_str().unwrap();
            let body = std::fs::read(dir.join(file)).unwrap();
            if !agree_for(entry["operation"].as_str().unwrap(), &body) {
                apart.push(file);
            }
        }
        // The bodies the fast path leaves: older fixtures of Clerk's own SDK whose verifications
        // carry `expireAt`, which the other path keeps apart (`expire_at` is a field).
        assert_eq!(
            apart,
            ["user_js_fixture_6888594.json", "user_js_fixture_d08ec6d.json"]
        );
        let body = std::fs::read(dir.join(apart[0])).unwrap();
        let user = by_model::<User>(&body).unwrap();
        let verification = &user["samlAccounts"][0]["verification"];
        assert_eq!(verification["expireAt"], Value::Null);
        assert_eq!(verification["$collisions"], json!({ "expireAt": 1613831855.0 }));
    }

    #[test]
    fn fake_users_take_the_fast_path_and_agree() {
        let body = fake_users(60);
        assert!(agree::<Vec<User>>(&body));
        let pretty = serde_json::to_vec_pretty(&serde_json::from_slice::<Value>(&body).unwrap()).unwrap();
        assert!(agree::<Vec<User>>(&pretty));
        let users: Vec<Value> = serde_json::from_slice(&body).unwrap();
        assert!(agree::<User>(&serde_json::to_vec(&users[0]).unwrap()));
        // A long page comes in parts, as the model's path cuts it.
        let fast = transcode(&body, <Vec<User>>::SHAPE).unwrap();
        assert!(fast.len() > 1);
        // Cut between items once past PART: each part stays well below V8's large-object size.
        for part in &fast {
            assert!(part.len() < PART + PART / 4, "{} bytes", part.len());
        }
    }

    #[test]
    fn null_missing_and_unknown_fields_are_written_as_the_model_writes_them() {
        let body = br#"{"id":"user_1","first_name":null,"public_metadata":null,"banned":null,
            "email_addresses":[{"id":"idn_1","verification":null,"linked_to":null}],
            "last_sign_in_at":null,"new_thing":{"snake_key":[{"deeper_key":1}],"unsafe_metadata":{"k_k":1}},
            "unsafe_metadata":{"x_y":{"a_b":1}}}"#;
        assert!(agree::<User>(body));
        let fast = read(transcode(body, User::SHAPE).unwrap());
        assert_eq!(fast["firstName"], Value::Null);
        assert_eq!(fast["publicMetadata"], json!({}));
        assert_eq!(fast["banned"], json!(false));
        assert_eq!(
            fast["newThing"],
            json!({"snakeKey": [{"deeperKey": 1.0}], "unsafeMetadata": {"k_k": 1.0}})
        );
        assert_eq!(fast["unsafeMetadata"], json!({"x_y": {"a_b": 1.0}}));
        assert_eq!(fast["passwordEnabled"], json!(false), "a missing required field");
    }

    #[test]
    fn keys_sent_as_null_stay_on_both_paths() {
        // `locale`, `private_metadata` and `password_last_updated_at` are fields the model may
        // leave out; `verified_at_client` one of a nested model.
        let body = br#"{"id":"user_1","locale":null,"private_metadata":null,"password_last_updated_at":null,
            "email_addresses":[{"id":"idn_1","verification":{"status":"verified","strategy":"admin","verified_at_client":null}}],
            "banned":null,"new_thing":null}"#;
        assert!(agree::<User>(body));
        for text in [
            Json::from(transcode(body, User::SHAPE).unwrap()),
            by_model_text::<User>(body),
        ] {
            let user = read(text);
            for key in [
                "locale",
                "privateMetadata",
                "passwordLastUpdatedAt",
                "newThing",
                "lastName",
            ] {
                assert_eq!(user.get(key), Some(&Value::Null), "{key}");
            }
            assert_eq!(
                user["emailAddresses"][0]["verification"]["verifiedAtClient"],
                Value::Null
            );
            assert_eq!(user["banned"], json!(false), "a field whose type has no null");
            assert_eq!(user.get("profileImageUrl"), None, "an optional field not sent");
        }
    }

    /// The other path's text for `body`, read back.
    fn by_model_text<T: DeserializeOwned + Lenient + Serialize + Shaped>(body: &[u8]) -> Json {
        assert!(by_model::<T>(body).is_some());
        to_camel_json(&literal::from_slice(body).unwrap(), T::SHAPE, 0)
    }

    #[test]
    fn a_key_whose_camel_case_name_is_taken_is_kept_apart() {
        // `phoneNumber` is the name of the declared `phone_number`: it never fills it.
        let body = br#"{"id":"idn_1","phoneNumber":"+15550100","reserved":true}"#;
        assert!(transcode(body, PhoneNumber::SHAPE).is_none());
        let phone = by_model::<PhoneNumber>(body).unwrap();
        assert_eq!(phone["phoneNumber"], json!(""));
        assert_eq!(phone["$collisions"], json!({ "phoneNumber": "+15550100" }));
        assert_eq!(phone["reserved"], json!(true));
        // Both sent: the declared one has its name.
        let body = br#"{"phoneNumber":{"a_b":1},"phone_number":"+1","id":"idn_1"}"#;
        let phone = by_model::<PhoneNumber>(body).unwrap();
        assert_eq!(phone["phoneNumber"], json!("+1"));
        assert_eq!(phone["$collisions"], json!({ "phoneNumber": { "aB": 1.0 } }));
        // An optional field not sent keeps its name too.
        let body = br#"{"id":"u","firstName":"x","imageUrl":"y","new_key":1}"#;
        let user = by_model::<User>(body).unwrap();
        assert_eq!(user.get("firstName"), Some(&Value::Null));
        assert_eq!(user.get("imageUrl"), None);
        assert_eq!(user["newKey"], json!(1.0));
        assert_eq!(user["$collisions"], json!({ "firstName": "x", "imageUrl": "y" }));
        // Unknown keys: the first to take a name has it; `$collisions` itself goes apart, and
        // so does a key of free-form JSON.
        let body = br#"{"id":"u","x_y":1,"xY":2,"$collisions":3,"odd":{"a_b":1,"aB":2,"meta":{"c_d":1}}}"#;
        assert!(transcode(body, User::SHAPE).is_none());
        let user = by_model::<User>(body).unwrap();
        assert_eq!(user["xY"], json!(1.0));
        assert_eq!(user["$collisions"], json!({ "xY": 2.0, "$collisions": 3.0 }));
        assert_eq!(
            user["odd"],
            json!({ "aB": 1.0, "meta": { "c_d": 1.0 }, "$collisions": { "aB": 2.0 } })
        );
        // User data is never renamed, so nothing there collides.
        let body = br#"{"id":"u","public_metadata":{"a_b":1,"aB":2,"$collisions":3}}"#;
        assert!(agree::<User>(body));
        let user = read(transcode(body, User::SHAPE).unwrap());
        assert_eq!(
            user["publicMetadata"],
            json!({ "a_b": 1.0, "aB": 2.0, "$collisions": 3.0 })
        );
    }

    #[test]
    fn bodies_the_fast_path_leaves_to_the_model() {
        let cases: [&[u8]; 22] = [
            // serde_json overflows on this spelling of f64::MAX.
            br#"{"public_metadata":{"n":1.7976931348623158e308}}"#,
            // `a_b` and `aB` both become `aB`; the model keeps repeats its own way.
            br#"{"id":"u","extra":{"a_b":1,"aB":2,"a_b":3}}"#,
            br#"{"extra":[{"publicMetadata":{"c_d":1},"public_metadata":{"a_b":1}}]}"#,
            br#"{"id":5}"#,
            br#"{"id":"u","id":"v"}"#,
            br#"{"id":"u","firstName":"x"}"#,
            br#"{"first\u005fname":"x"}"#,
            br#"{"first_name":"\ud800"}"#,
            br#"{"created_at":-0}"#,
            br#"{"created_at":1.5}"#,
            br#"{"created_at":1e3}"#,
            br#"{"created_at":9223372036854775808}"#,
            br#"{"public_metadata":{"x":1e400}}"#,
            // Integers `JSON.parse` would round: the model's path gives them as `BigInt`s.
            br#"{"public_metadata":{"n":[9007199254740992]}}"#,
            br#"{"unknown":-12345678901234567890}"#,
            br#"{"public_metadata":[]}"#,
            br#"{"email_addresses":{}}"#,
            br#"{"first_name":"a"} x"#,
            br#"{"first_name":"a""#,
            b"{\"first_name\":\"a\x01\"}",
            b"{\"first_name\":\"\xff\"}",
            br#"{"created_at":01}"#,
        ];
        for body in cases {
            assert!(
                transcode(body, User::SHAPE).is_none(),
                "{}",
                String::from_utf8_lossy(body)
            );
            agree::<User>(body);
        }
        let deep = format!("{{\"public_metadata\":{}1{}}}", "[".repeat(120), "]".repeat(120));
        assert!(transcode(deep.as_bytes(), User::SHAPE).is_none());
        // What it does take, it takes as the model does.
        for body in [
            &br#"{"first_name":"\u00e9\"\\\/\b\f\n\r\t"}"#[..],
            b"{\"first_name\":\"na\xc3\xafve \xf0\x9f\x98\x80\"}",
            br#"{"created_at":-12,"public_metadata":{"n":[-0.5,1E2,9007199254740991,-123456789012345]}}"#,
            br#"{"created_at":9007199254740993,"last_sign_in_at":12345678901234567}"#,
            br#" { "id" : "u" , "banned" : true } "#,
        ] {
            assert!(agree::<User>(body), "{}", String::from_utf8_lossy(body));
        }
    }

    /// A small deterministic generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 33
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// A random object somewhere in `value`.
    fn some_object<'v>(
        value: &'v mut Value,
        rng: &mut Rng,
    ) -> Option<&'v mut serde_json::Map<String, Value>> {
        let descend = rng.below(3) != 0;
        match value {
            Value::Object(fields) => {
                if descend && !fields.is_empty() {
                    let key = fields.keys().nth(rng.below(fields.len())).unwrap().clone();
                    if fields[&key].is_object() || fields[&key].is_array() {
                        // Borrow rules: check first, then descend.
                        return some_object(fields.get_mut(&key).unwrap(), rng);
                    }
                }
                Some(fields)
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.below(items.len());
                some_object(&mut items[i], rng)
            }
            _ => None,
        }
    }

    fn odd_value(rng: &mut Rng) -> Value {
        match rng.below(10) {
            0 => Value::Null,
            1 => json!(1),
            2 => json!(1.5),
            3 => json!("text é 😀"),
            4 => json!(true),
            5 => json!({}),
            6 => json!([]),
            7 => json!({"nested_key": [1, {"a_b": 2, "public_metadata": {"c_d": 3}}]}),
            8 => json!(u64::MAX),
            _ => json!([{"id": "x", "object": "email_address"}]),
        }
    }

    /// A text edit that JSON values cannot express: repeated keys, escapes, odd numbers,
    /// whitespace, a cut.
    fn edit_text(text: &mut Vec<u8>, rng: &mut Rng) {
        let at = |text: &[u8], byte: u8, rng: &mut Rng| {
            let places: Vec<usize> = text
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == byte)
                .map(|(i, _)| i)
                .collect();
            (!places.is_empty()).then(|| places[rng.below(places.len())])
        };
        match rng.below(6) {
            0 => {
                if let Some(i) = at(text, b'{', rng) {
                    let insert: &[u8] = [
                        &b"\"first_name\":\"dup\","[..],
                        b"\"id\":null,",
                        b"\"banned\":true,",
                    ][rng.below(3)];
                    text.splice(i + 1..i + 1, insert.iter().copied());
                }
            }
            1 => {
                if let Some(i) = at(text, b'"', rng) {
                    let insert: &[u8] = [
                        &br"\u00e9\ud83d\ude00\n\/"[..],
                        br"\ud800",
                        b"\xc3\xa9",
                        br"\u0000",
                    ][rng.below(4)];
                    text.splice(i + 1..i + 1, insert.iter().copied());
                }
            }
            2 => {
                if let Some(i) = at(text, b':', rng) {
                    let number: &[u8] = [
                        &b"-0"[..],
                        b"1E2",
                        b"-0.0",
                        b"12345678901234567890",
                        b"1e400",
                        b"-5",
                        b"0.1",
                    ][rng.below(7)];
                    let end = text[i + 1..]
                        .iter()
                        .position(|b| matches!(b, b',' | b'}' | b']'))
                        .map_or(text.len(), |n| i + 1 + n);
                    if text[i + 1..end].iter().all(|b| b.is_ascii_digit() || *b == b'-') {
                        text.splice(i + 1..end, number.iter().copied());
                    }
                }
            }
            3 => {
                if let Some(i) = at(text, b',', rng) {
                    text.splice(i..i, *b" \n\t");
                }
            }
            4 => {
                let cut = rng.below(text.len());
                text.truncate(cut);
            }
            _ => {}
        }
    }

    #[test]
    fn edited_pages_agree_with_the_model_wherever_the_fast_path_answers() {
        let page: Value = serde_json::from_slice(&fake_users(8)).unwrap();
        let mut rng = Rng(7);
        let mut fast = 0;
        for _ in 0..1500 {
            let mut value = page.clone();
            for _ in 0..=rng.below(3) {
                let Some(object) = some_object(&mut value, &mut rng) else {
                    continue;
                };
                let keys: Vec<String> = object.keys().cloned().collect();
                match rng.below(4) {
                    0 if !keys.is_empty() => {
                        object.insert(keys[rng.below(keys.len())].clone(), Value::Null);
                    }
                    1 if !keys.is_empty() => {
                        object.shift_remove(&keys[rng.below(keys.len())]);
                    }
                    2 if !keys.is_empty() => {
                        let odd = odd_value(&mut rng);
                        object.insert(keys[rng.below(keys.len())].clone(), odd);
                    }
                    _ => {
                        let key =
                            ["new_field", "public_metadata", "naïve_key", "x_y_z", "object"][rng.below(5)];
                        let odd = odd_value(&mut rng);
                        object.insert(key.to_owned(), odd);
                    }
                }
            }
            let mut text = serde_json::to_vec(&value).unwrap();
            if rng.below(2) == 0 {
                edit_text(&mut text, &mut rng);
            }
            if agree::<Vec<User>>(&text) {
                fast += 1;
            }
        }
        // Most edits leave a body the fast path takes.
        assert!(fast > 500, "{fast} of 1500 took the fast path");
    }

    /// Property tests: bodies made from the corpus and from generated users by random edits
    /// (odd types, unknown keys, nulls, escapes, big numbers, text the JSON values cannot
    /// express). A failure prints the operation and the body (as a byte string) it failed on.
    mod property {
        use std::sync::OnceLock;

        use proptest::prelude::*;
        use proptest::test_runner::Config;
        use serde_json::{Map, Value};

        use super::*;

        /// The bodies edits start from, with the operation each answers.
        fn bases() -> &'static [(String, Value)] {
            static BASES: OnceLock<Vec<(String, Value)>> = OnceLock::new();
            BASES.get_or_init(|| {
                let dir = root().join("tests/corpus");
                let index: Value =
                    serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
                let mut bases: Vec<(String, Value)> = index["bodies"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|entry| {
                        let body = std::fs::read(dir.join(entry["file"].as_str().unwrap())).unwrap();
                        let op = entry["operation"].as_str().unwrap().to_owned();
                        (op, serde_json::from_slice(&body).unwrap())
                    })
                    .collect();
                let page: Value = serde_json::from_slice(&fake_users(4)).unwrap();
                bases.push(("get".to_owned(), page[0].clone()));
                bases.push(("list".to_owned(), page));
                bases
            })
        }

        /// Keys: the models' own, snake_case and camelCase ones, `$` keys, any text.
        fn key() -> impl Strategy<Value = String> {
            prop_oneof![
                prop::sample::select(vec![
                    "id",
                    "object",
                    "first_name",
                    "firstName",
                    "public_metadata",
                    "private_metadata",
                    "meta",
                    "email_addresses",
                    "verification",
                    "created_at",
                    "banned",
                    "total_count",
                    "data",
                    "errors",
                    "$collisions",
                    "$serde_json::private::Number",
                    "",
                ])
                .prop_map(str::to_owned),
                "[a-z][a-z0-9_]{0,10}",
                "[a-zA-Z_$][a-zA-Z0-9_]{0,6}",
                "\\PC{0,6}",
            ]
        }

        /// Numbers, big and odd ones included (kept as their text).
        fn number() -> impl Strategy<Value = Value> {
            prop_oneof![
                any::<i64>().prop_map(Value::from),
                any::<u64>().prop_map(Value::from),
                any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
                prop::sample::select(vec![
                    "1e400",
                    "-1e400",
                    "1e-400",
                    "123456789012345678901234567890",
                    "-9223372036854775809",
                    "18446744073709551616",
                    "1.7976931348623157e308",
                    "1.7976931348623158e308",
                    "5e-324",
                    "-0",
                    "-0.0",
                    "0.1",
                    "1E2",
                    "9007199254740993",
                ])
                .prop_map(|text| serde_json::from_str::<Value>(text).unwrap()),
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                "\\PC{0,12}",
                "[\\x00-\\x1f\"\\\\/]{0,4}",
                prop::sample::select(vec!["é", "😀", "\u{2028}", "\u{fffd}", "\u{0}", "a\"b\\c"])
                    .prop_map(str::to_owned),
            ]
        }

        /// Any JSON value, a few levels deep.
        fn json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::Bool),
                number(),
                text().prop_map(Value::String),
            ];
            leaf.prop_recursive(4, 24, 4, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::vec((key(), inner), 0..4)
                        .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
                ]
            })
        }

        #[derive(Debug, Clone)]
        enum Edit {
            /// An existing key of an object takes a value (of any type, `null` included).
            Set {
                object: usize,
                key: usize,
                value: Value,
            },
            Remove {
                object: usize,
                key: usize,
            },
            /// A new (or existing) key.
            Insert {
                object: usize,
                key: String,
                value: Value,
            },
        }

        fn edit() -> impl Strategy<Value = Edit> {
            prop_oneof![
                (any::<usize>(), any::<usize>(), json()).prop_map(|(object, key, value)| Edit::Set {
                    object,
                    key,
                    value
                }),
                (any::<usize>(), any::<usize>(), Just(Value::Null))
                    .prop_map(|(object, key, value)| Edit::Set { object, key, value }),
                (any::<usize>(), any::<usize>()).prop_map(|(object, key)| Edit::Remove { object, key }),
                (any::<usize>(), key(), json()).prop_map(|(object, key, value)| Edit::Insert {
                    object,
                    key,
                    value
                }),
            ]
        }

        /// The JSON pointers of every object in `value`.
        fn objects(value: &Value, at: String, out: &mut Vec<String>) {
            let escape = |key: &str| key.replace('~', "~0").replace('/', "~1");
            match value {
                Value::Object(fields) => {
                    for (key, item) in fields {
                        objects(item, format!("{at}/{}", escape(key)), out);
                    }
                    out.push(at);
                }
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        objects(item, format!("{at}/{i}"), out);
                    }
                }
                _ => {}
            }
        }

        fn apply(value: &mut Value, edit: Edit) {
            let mut places = Vec::new();
            objects(value, String::new(), &mut places);
            if places.is_empty() {
                return;
            }
            let pick = |n: usize| places[n % places.len()].clone();
            let object = match &edit {
                Edit::Set { object, .. } | Edit::Remove { object, .. } | Edit::Insert { object, .. } => {
                    pick(*object)
                }
            };
            let Some(Value::Object(fields)) = value.pointer_mut(&object) else {
                return;
            };
            match edit {
                Edit::Set { key, value, .. } if !fields.is_empty() => {
                    let key = fields.keys().nth(key % fields.len()).unwrap().clone();
                    fields.insert(key, value);
                }
                Edit::Remove { key, .. } if !fields.is_empty() => {
                    let key = fields.keys().nth(key % fields.len()).unwrap().clone();
                    fields.shift_remove(&key);
                }
                Edit::Insert { key, value, .. } => {
                    fields.insert(key, value);
                }
                _ => {}
            }
        }

        /// One generated body and the operation whose result it is.
        #[derive(Clone)]
        struct Case {
            op: String,
            body: Vec<u8>,
        }

        impl std::fmt::Debug for Case {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{} b\"{}\"", self.op, self.body.escape_ascii())
            }
        }

        fn case() -> impl Strategy<Value = Case> {
            (
                any::<prop::sample::Index>(),
                prop::collection::vec(edit(), 0..5),
                prop::option::weighted(0.3, any::<u64>()),
            )
                .prop_map(|(base, edits, text_edit)| {
                    let (op, base) = base.get(bases());
                    let mut value = base.clone();
                    for edit in edits {
                        apply(&mut value, edit);
                    }
                    let mut body = serde_json::to_vec(&value).unwrap();
                    if let Some(seed) = text_edit {
                        // Repeated keys, escapes, number spellings, whitespace, a cut.
                        edit_text(&mut body, &mut Rng(seed));
                    }
                    Case { op: op.clone(), body }
                })
        }

        fn cases() -> u32 {
            std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|n| n.parse().ok())
                .unwrap_or(1000)
        }

        proptest! {
            #![proptest_config(Config { cases: cases(), failure_persistence: None, ..Config::default() })]

            /// Wherever the one-pass transcoder answers, `JSON.parse` of its text gives what the
            /// model path gives; wherever it does not, the model path's text holds the model.
            #[test]
            fn the_transcoder_agrees_with_the_model_path(case in case()) {
                for_result_of::<AgreeOrFallBack>(case.op.as_str(), &case.body);
            }
        }
    }
}
