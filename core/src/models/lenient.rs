//! The slow, forgiving decode taken only when the fast one fails, so that one odd field never
//! fails a whole response: a field whose value has an unexpected type keeps its type's default,
//! and its value is kept as sent in the model's `extra` (which is what serialising writes back).

use serde_json::Value;

/// Decoding from a JSON value that tolerates wrongly typed fields.
pub trait Lenient: Sized {
    /// `None` when the value cannot become `Self` at all (an object where a list belongs).
    fn lenient(value: Value) -> Option<Self>;
}

macro_rules! lenient_via_serde {
    ($($ty:ty),*) => {
        $(
            impl Lenient for $ty {
                fn lenient(value: Value) -> Option<Self> {
                    serde_json::from_value(value).ok()
                }
            }
        )*
    };
}

lenient_via_serde!(String, bool, i64, f64);

/// Free-form JSON is taken as it is: through serde_json's `Value` again, an object holding one
/// of its private tokens would become a number (see `literal`).
impl Lenient for Value {
    fn lenient(value: Value) -> Option<Self> {
        Some(value)
    }
}

impl Lenient for super::Metadata {
    fn lenient(value: Value) -> Option<Self> {
        match value {
            Value::Object(fields) => Some(fields),
            _ => None,
        }
    }
}

impl<T: Lenient> Lenient for Option<T> {
    fn lenient(value: Value) -> Option<Self> {
        match value {
            Value::Null => Some(None),
            value => T::lenient(value).map(Some),
        }
    }
}

impl<T: Lenient> Lenient for Vec<T> {
    fn lenient(value: Value) -> Option<Self> {
        match value {
            Value::Array(items) => items.into_iter().map(T::lenient).collect(),
            _ => None,
        }
    }
}

/// Decodes `body`: the fast typed decode, else the lenient one.
pub(crate) fn decode<T: serde::de::DeserializeOwned + Lenient>(body: &[u8]) -> Result<T, serde_json::Error> {
    match serde_json::from_slice(body) {
        Ok(value) => Ok(value),
        Err(strict) => {
            let value = super::literal::from_slice(body)?;
            T::lenient(value).ok_or(strict)
        }
    }
}
