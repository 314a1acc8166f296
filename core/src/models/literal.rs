//! Free-form JSON (metadata, unknown fields) read as written.
//!
//! With serde_json's `arbitrary_precision` and `raw_value` features, a number travels through
//! serde as a one-entry map whose key is `$serde_json::private::Number`, and serde_json's own
//! `Value` reads any object whose first key is that token (or `$serde_json::private::RawValue`)
//! as a number (or raw JSON text). So metadata such as `{"a": {"$serde_json::private::Number":
//! "1"}}` would silently become `{"a": 1}`, and with any other key beside it fail to decode.
//! Here an object always stays an object: only serde_json's own number transport (its
//! `NumberDeserializer`, recognised by its type) is read as a number.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, de};
use serde_json::{Map, Number, Value};

use super::Metadata;

/// Parses JSON text into a [`Value`] in which every object of the text is an object.
pub fn from_slice(bytes: &[u8]) -> serde_json::Result<Value> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = value(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// Reads any JSON value, objects as objects (for `#[serde(deserialize_with)]` and seeds).
pub fn value<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    deserializer.deserialize_any(ValueVisitor)
}

/// Reads a JSON object, its values as [`value`] reads them; a number is refused as a number.
pub fn object<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Metadata, D::Error> {
    deserializer.deserialize_map(ObjectVisitor)
}

/// Whether `A` is serde_json's number transport (see the module). Wrappers such as
/// serde_path_to_error's name the type they wrap in theirs.
fn is_number<A>() -> bool {
    std::any::type_name::<A>().contains("serde_json::number::NumberDeserializer")
}

/// The number `map` transports.
fn number<'de, A: MapAccess<'de>>(map: A) -> Result<Value, A::Error> {
    Value::deserialize(MapAccessDeserializer::new(map))
}

fn entries<'de, A: MapAccess<'de>>(mut map: A) -> Result<Metadata, A::Error> {
    let mut out = Map::new();
    while let Some(key) = map.next_key::<String>()? {
        let item = map.next_value_seed(ValueSeed)?;
        out.insert(key, item);
    }
    Ok(out)
}

/// Reads one value, as directly as serde_json's `Value` does: nested values recurse through
/// here, so each level costs as little stack as theirs (threads may have small stacks).
struct ValueSeed;

impl<'de> DeserializeSeed<'de> for ValueSeed {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Number::from_i128(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        Number::from_u128(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // As serde_json's `Value`: JSON has no NaN or infinities.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        value(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(item) = seq.next_element_seed(ValueSeed)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        if is_number::<A>() {
            return number(map);
        }
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let item = map.next_value_seed(ValueSeed)?;
            out.insert(key, item);
        }
        Ok(Value::Object(out))
    }
}

struct ObjectVisitor;

impl<'de> Visitor<'de> for ObjectVisitor {
    type Value = Metadata;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Metadata, A::Error> {
        if is_number::<A>() {
            let found = number(map)?;
            return Err(A::Error::invalid_type(
                de::Unexpected::Other(&format!("number {found}")),
                &self,
            ));
        }
        entries(map)
    }
}

/// How the typed decode of a model reads a field: as its `Deserialize` says, except that the
/// JSON values inside (metadata) are read as [`value`] reads them.
#[doc(hidden)]
pub trait Decode: Sized {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// A [`DeserializeSeed`] reading a `T` with [`Decode`].
#[doc(hidden)]
pub struct Seed<T>(pub PhantomData<T>);

impl<T> Seed<T> {
    pub fn new() -> Self {
        Seed(PhantomData)
    }
}

impl<T> Default for Seed<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de, T: Decode> DeserializeSeed<'de> for Seed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::decode(deserializer)
    }
}

/// `Decode` by the type's own `Deserialize` (types that hold no free-form JSON).
macro_rules! decode_via_serde {
    ($($ty:ty),* $(,)?) => {
        $(
            impl Decode for $ty {
                fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <$ty as ::serde::Deserialize>::deserialize(deserializer)
                }
            }
        )*
    };
}
decode_via_serde!(String, bool, i64, f64);

impl Decode for Value {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        value(deserializer)
    }
}

impl Decode for Metadata {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OptionVisitor<T>(PhantomData<T>);
        impl<'de, T: Decode> Visitor<'de> for OptionVisitor<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an optional value")
            }
            fn visit_none<E>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
                T::decode(deserializer).map(Some)
            }
        }
        deserializer.deserialize_option(OptionVisitor(PhantomData))
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct VecVisitor<T>(PhantomData<T>);
        impl<'de, T: Decode> Visitor<'de> for VecVisitor<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element_seed(Seed::<T>::new())? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(VecVisitor(PhantomData))
    }
}

/// `Option<Metadata>` for `#[serde(deserialize_with)]` in request structs.
pub fn optional_object<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Metadata>, D::Error> {
    Option::<Metadata>::decode(deserializer)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const NUMBER: &str = "$serde_json::private::Number";
    const RAW: &str = "$serde_json::private::RawValue";

    #[test]
    fn objects_with_serde_json_tokens_stay_objects() {
        for text in [
            format!(r#"{{"a":{{"{NUMBER}":"1"}}}}"#),
            format!(r#"{{"a":{{"{NUMBER}":"x","b":2}}}}"#),
            format!(r#"{{"a":{{"{RAW}":"[1,2]"}}}}"#),
            format!(r#"{{"a":[{{"{NUMBER}":"1"}}]}}"#),
            r#"{"\u0024serde_json::private::Number":"1"}"#.to_owned(),
        ] {
            let got = from_slice(text.as_bytes()).unwrap();
            let inner = got.get("a").unwrap_or(&got);
            let inner = inner.get(0).unwrap_or(inner);
            assert!(inner.is_object(), "{text} gave {got}");
            // serde_json's `Value` does not: what this module is for.
            let theirs: Result<Value, _> = serde_json::from_str(&text);
            assert_ne!(theirs.ok(), Some(got), "{text}");
        }
        let got = from_slice(format!(r#"{{"{NUMBER}":"1"}}"#).as_bytes()).unwrap();
        assert_eq!(got, json!({ NUMBER: "1" }));
    }

    #[test]
    fn numbers_stay_numbers_exactly() {
        let text = r#"[1,-2,1.5,1e400,123456789012345678901234567890,-0,0.1,1E2]"#;
        let got = from_slice(text.as_bytes()).unwrap();
        assert_eq!(got, serde_json::from_str::<Value>(text).unwrap());
        assert!(got[3].is_number() && got[4].is_number());
        // Through a `Value` (as the bindings' arguments go), and inside serde_path_to_error.
        // (serde_json hands `-0` out of a `Value` as the integer 0.)
        let text = r#"[1,-2,1.5,1e400,123456789012345678901234567890,0.1,1E2]"#;
        let got = from_slice(text.as_bytes()).unwrap();
        let again: Value = value(got.clone()).unwrap();
        assert_eq!(again, got);
        let mut deserializer = serde_json::Deserializer::from_str(text);
        let mut track = serde_path_to_error::Track::new();
        let wrapped = value(serde_path_to_error::Deserializer::new(
            &mut deserializer,
            &mut track,
        ))
        .unwrap();
        assert_eq!(wrapped, got);
        let mut track = serde_path_to_error::Track::new();
        let wrapped = value(serde_path_to_error::Deserializer::new(got.clone(), &mut track)).unwrap();
        assert_eq!(wrapped, got);
    }

    #[test]
    fn an_object_is_not_a_number() {
        assert!(object(json!(1e300)).is_err());
        let big = from_slice(b"1e400").unwrap();
        assert!(object(big).is_err());
        let mut deserializer = serde_json::Deserializer::from_str("1e400");
        assert!(object(&mut deserializer).is_err());
        let kept = object(json!({ NUMBER: "1" })).unwrap();
        assert_eq!(Value::Object(kept), json!({ NUMBER: "1" }));
    }
}
