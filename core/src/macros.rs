//! Declarative macros for tolerant response models and open enums.
//!
//! Clerk adds fields and enum values over time; a strict decoder breaks in production when it
//! does. `model!` generates a struct whose decoder keeps unknown fields in `extra` (and writes them
//! back when serialised), treats `null` or a missing required field as the type's default, and
//! never buffers the input (unlike `#[serde(flatten)]`), so decoding stays as fast as a derive.
//!
//! Field kinds:
//! - `req`: present in every response; `null` or missing decodes as `Default::default()`.
//! - `nul`: present in every response but may be `null`: `Option<T>`, serialised as `null` when `None`.
//! - `opt`: may be left out: `Option<T>`, left out when `None`.

/// The JSON name of a field: the Rust name, or an explicit literal for keywords such as `type`.
macro_rules! wire_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident, $wire:literal) => {
        $wire
    };
}

/// The kinds of a model, told apart by a field's value (see `ModelShape::kinds`).
macro_rules! kinds {
    () => {
        None
    };
    ($discriminator:literal, [$(($value:literal, $name:literal)),*]) => {
        Some($crate::models::shape::Kinds {
            field: $discriminator,
            kinds: &[$(($value, $name)),*],
        })
    };
}

/// A doc comment's lines joined (each starts with its space), without the first space.
macro_rules! doc_text {
    ($($line:literal)*) => {
        $crate::macros::trim_doc(concat!($($line),*))
    };
}

/// Reads a field's value with `models::literal::Decode`, so that metadata stays as sent.
macro_rules! decode_field {
    (req, $ty:ty, $map:ident) => {
        $map.next_value_seed($crate::models::literal::Seed::<Option<$ty>>::new())?
            .unwrap_or_default()
    };
    (nul, $ty:ty, $map:ident) => {
        $map.next_value_seed($crate::models::literal::Seed::<$ty>::new())?
    };
    (opt, $ty:ty, $map:ident) => {
        $map.next_value_seed($crate::models::literal::Seed::<$ty>::new())?
    };
}

macro_rules! encode_field {
    (req, $map:ident, $name:expr, $value:expr) => {
        $map.serialize_entry($name, $value)?
    };
    (nul, $map:ident, $name:expr, $value:expr) => {
        $map.serialize_entry($name, $value)?
    };
    (opt, $map:ident, $name:expr, $value:expr) => {
        if let Some(value) = $value {
            $map.serialize_entry($name, value)?
        }
    };
}

macro_rules! presence {
    (req) => {
        $crate::models::shape::Presence::Required
    };
    (nul) => {
        $crate::models::shape::Presence::Nullable
    };
    (opt) => {
        $crate::models::shape::Presence::Optional
    };
}

macro_rules! lenient_field {
    (req, $ty:ty, $value:expr) => {
        if $value.is_null() {
            Some(<$ty>::default())
        } else {
            <$ty as $crate::models::Lenient>::lenient($value)
        }
    };
    (nul, $ty:ty, $value:expr) => {
        <$ty as $crate::models::Lenient>::lenient($value)
    };
    (opt, $ty:ty, $value:expr) => {
        <$ty as $crate::models::Lenient>::lenient($value)
    };
}

macro_rules! model {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident $(as $reference:literal)?
            $(kinds by $discriminator:literal { $($kind_value:literal => $kind_name:literal),* $(,)? })? {
            $(
                $(#[doc = $fdoc:literal])*
                $kind:ident $field:ident $(= $wire:literal)? : $ty:ty
            ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Default, PartialEq)]
        #[non_exhaustive]
        pub struct $name {
            $(
                $(#[doc = $fdoc])*
                pub $field: $ty,
            )*
            /// Fields this version of the library does not know, kept as sent.
            pub extra: $crate::models::Metadata,
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ModelVisitor;
                impl<'de> ::serde::de::Visitor<'de> for ModelVisitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(concat!("a ", stringify!($name), " object"))
                    }
                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut map: A) -> Result<$name, A::Error> {
                        let mut out = $name::default();
                        while let Some(key) = map.next_key::<$crate::macros::Key<'de>>()? {
                            match key.as_str() {
                                $(
                                    wire_name!($field $(, $wire)?) => {
                                        out.$field = decode_field!($kind, $ty, map);
                                    }
                                )*
                                _ => {
                                    let value = map.next_value_seed(
                                        $crate::models::literal::Seed::<::serde_json::Value>::new(),
                                    )?;
                                    out.extra.insert(key.into_string(), value);
                                }
                            }
                        }
                        Ok(out)
                    }
                }
                deserializer.deserialize_map(ModelVisitor)
            }
        }

        impl $crate::models::literal::Decode for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <Self as ::serde::Deserialize>::deserialize(deserializer)
            }
        }

        impl $crate::models::shape::Shaped for $name {
            const SHAPE: &'static $crate::models::shape::Shape =
                &$crate::models::shape::Shape::Model(&$crate::models::shape::ModelShape {
                    name: stringify!($name),
                    reference: wire_name!($name $(, $reference)?),
                    doc: doc_text!($($doc)*),
                    kinds: kinds!($($discriminator, [$(($kind_value, $kind_name)),*])?),
                    fields: &[
                        $(
                            $crate::models::shape::Field {
                                name: wire_name!($field $(, $wire)?),
                                doc: doc_text!($($fdoc)*),
                                presence: presence!($kind),
                                shape: <$ty as $crate::models::shape::Shaped>::SHAPE,
                                values: <$ty as $crate::models::shape::Shaped>::ENUM,
                                default: $crate::models::shape::default_json::<$ty>,
                            },
                        )*
                    ],
                });
        }

        // Bindings track the fields they have seen in a 64-bit mask.
        const _: () = assert!([$(stringify!($field)),*].len() <= 64);

        impl $crate::models::Lenient for $name {
            fn lenient(value: ::serde_json::Value) -> Option<Self> {
                let ::serde_json::Value::Object(fields) = value else {
                    return None;
                };
                let mut out = $name::default();
                for (key, value) in fields {
                    match key.as_str() {
                        $(
                            wire_name!($field $(, $wire)?) => {
                                match lenient_field!($kind, $ty, value.clone()) {
                                    Some(decoded) => out.$field = decoded,
                                    None => {
                                        out.extra.insert(key, value);
                                    }
                                }
                            }
                        )*
                        _ => {
                            out.extra.insert(key, value);
                        }
                    }
                }
                Some(out)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap;
                let mut map = serializer.serialize_map(None)?;
                $(
                    // A field kept in `extra` (it came with an unexpected type) is written from there.
                    let name = wire_name!($field $(, $wire)?);
                    if self.extra.is_empty() || !self.extra.contains_key(name) {
                        encode_field!($kind, map, name, &self.$field);
                    }
                )*
                for (key, value) in &self.extra {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    };
}

/// An enum whose unknown values are kept as their string instead of failing the decode.
macro_rules! open_enum {
    (
        $(#[doc = $doc:literal])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),* $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A value this version of the library does not know, kept as sent.
            Unknown(String),
        }

        impl $name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )*
                    Self::Unknown(other) => other,
                }
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::Unknown(String::new())
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $wire => Self::$variant, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $name {
            /// The known values, as data for the bindings' generated types.
            pub const SHAPE: &'static $crate::params::EnumShape = &$crate::params::EnumShape {
                name: stringify!($name),
                doc: doc_text!($($doc)*),
                values: &[$($wire),*],
            };
        }

        impl $crate::models::shape::Shaped for $name {
            const SHAPE: &'static $crate::models::shape::Shape = &$crate::models::shape::Shape::String;
            const ENUM: Option<&'static $crate::params::EnumShape> = Some(<$name>::SHAPE);
        }

        impl $crate::params::ParamType for $name {
            const KIND: $crate::params::ParamKind = $crate::params::ParamKind::Enum(<$name>::SHAPE);
        }

        impl $crate::models::literal::Decode for $name {
            fn decode<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <Self as ::serde::Deserialize>::deserialize(deserializer)
            }
        }

        impl $crate::models::Lenient for $name {
            fn lenient(value: ::serde_json::Value) -> Option<Self> {
                value.as_str().map(Self::from)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let key = $crate::macros::Key::deserialize(deserializer)?;
                Ok(Self::from(key.as_str()))
            }
        }
    };
}

/// A doc line without its leading space (`/// text` is the attribute `doc = " text"`).
#[doc(hidden)]
pub const fn trim_doc(line: &'static str) -> &'static str {
    match line.as_bytes() {
        [b' ', ..] => match line.split_at_checked(1) {
            Some((_, rest)) => rest,
            None => line,
        },
        _ => line,
    }
}

use serde::de::{Deserialize, Deserializer, Visitor};
use std::borrow::Cow;

/// A map key or string borrowed from the input when possible.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// The doc comment among attributes given as `[...]` groups, its lines joined.
macro_rules! field_doc {
    (@lines [$($line:literal)*]) => {
        $crate::macros::trim_doc(concat!($($line),*))
    };
    (@lines [$($line:literal)*] [doc = $doc:literal] $($rest:tt)*) => {
        field_doc!(@lines [$($line)* $doc] $($rest)*)
    };
    (@lines [$($line:literal)*] [$($other:tt)*] $($rest:tt)*) => {
        field_doc!(@lines [$($line)*] $($rest)*)
    };
}

/// A request struct, and its fields as data ([`crate::params::Described`]) for the generated
/// bindings. `field: Type as ParamKind::DateTime` overrides the kind the type gives.
macro_rules! request {
    (
        $(#[$($meta:tt)*])*
        pub struct $name:ident {
            $(
                $(#[$($fmeta:tt)*])*
                pub $field:ident : $ty:ty $(as $kind:expr)?
            ),* $(,)?
        }
    ) => {
        $(#[$($meta)*])*
        pub struct $name {
            $(
                $(#[$($fmeta)*])*
                pub $field: $ty,
            )*
        }

        impl $crate::params::Described for $name {
            const FIELDS: &'static [$crate::params::FieldDecl] = &[
                $(
                    $crate::params::FieldDecl {
                        name: stringify!($field),
                        doc: field_doc!(@lines [] $([$($fmeta)*])*),
                        kind: request!(@kind $ty $(, $kind)?),
                    },
                )*
            ];
        }
    };
    (@kind $ty:ty) => {
        <$ty as $crate::params::ParamType>::KIND
    };
    (@kind $ty:ty, $kind:expr) => {
        $kind
    };
}
