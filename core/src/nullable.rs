//! A request field that can be left out, sent as `null`, or sent with a value.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A nullable request parameter (`OptionalNullable` in the reference SDK).
///
/// `Unset` leaves the field out of the request; `Null` sends `null` (with PATCH semantics:
/// `update` with `first_name: Nullable::Null` clears the name); `Value` sends the value.
/// Fields of this type are declared with `#[serde(default, skip_serializing_if = "Nullable::is_unset")]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Nullable<T> {
    #[default]
    Unset,
    Null,
    Value(T),
}

impl<T> Nullable<T> {
    pub fn is_unset(&self) -> bool {
        matches!(self, Nullable::Unset)
    }

    pub fn as_value(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            _ => None,
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl From<&str> for Nullable<String> {
    fn from(value: &str) -> Self {
        Nullable::Value(value.to_owned())
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `None` is an explicit `null`.
    fn from(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Unset | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// A missing field is `Unset` (through `#[serde(default)]`); `null` is `Null`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(deserializer)?.into())
    }
}
