//! What each response model accepts and writes, as data, for bindings that turn a body into
//! their host's objects without building the model (the Node binding rewrites the JSON text
//! while checking it against this). A value that matches its shape decodes with the fast typed
//! decoder and serialises back to the same JSON value, except where [`Field::presence`] says
//! otherwise; a value that does not match is left to the model's own decode.

use serde_json::Value;

/// The JSON a type's decoder accepts without falling back to the lenient decode.
#[derive(Debug)]
pub enum Shape {
    /// A string (plain strings and open enums).
    String,
    /// An integer without fraction or exponent that fits an `i64`.
    Integer,
    /// Any finite number.
    Float,
    Bool,
    /// Any JSON value, kept as it is.
    Any,
    /// A JSON object of any content (metadata).
    Object,
    /// `null` or the inner shape.
    Nullable(&'static Shape),
    List(&'static Shape),
    /// An object with these known fields; other keys are kept as sent.
    Model(&'static ModelShape),
    /// `array` for a JSON array, `object` for a JSON object (a result that is a list or a page).
    Either {
        array: &'static Shape,
        object: &'static Shape,
    },
}

impl Shape {
    /// The shape a JSON value is read as: for [`Shape::Either`], the array's or the object's
    /// (`first_byte`: the value's first non-blank byte); any other shape as it is.
    pub fn of_value(&'static self, first_byte: Option<u8>) -> &'static Shape {
        match self {
            Shape::Either { array, object } => match first_byte {
                Some(b'[') => array,
                _ => object,
            },
            shape => shape,
        }
    }
}

/// A response model: its names and its known fields, in declaration order.
#[derive(Debug)]
pub struct ModelShape {
    /// The Rust type's name (`ExternalAccount`).
    pub name: &'static str,
    /// The name Clerk's reference SDK gives the model (`ExternalAccountWithVerification`), which
    /// the bindings use; the Rust name when they agree.
    pub reference: &'static str,
    /// The type's documentation, its lines joined.
    pub doc: &'static str,
    /// Kinds of the model told apart by a field's value, which bindings may give types of their
    /// own (the reference SDK has a class per kind of verification).
    pub kinds: Option<Kinds>,
    pub fields: &'static [Field],
}

/// The kinds of a model: `field`'s value, and the reference SDK's name of the kind.
#[derive(Debug)]
pub struct Kinds {
    pub field: &'static str,
    pub kinds: &'static [(&'static str, &'static str)],
}

/// How a model field treats `null` and absence (`req`, `nul` and `opt` in `model!`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `null` or missing decodes as the type's default, which is what serialising writes.
    Required,
    /// `null` or missing decodes as `None`, written as `null`.
    Nullable,
    /// `null` or missing decodes as `None`, which serialising leaves out.
    Optional,
}

/// One known field of a model.
#[derive(Debug)]
pub struct Field {
    /// The key on the wire.
    pub name: &'static str,
    /// The field's documentation, its lines joined.
    pub doc: &'static str,
    pub presence: Presence,
    /// The shape of a non-null value.
    pub shape: &'static Shape,
    /// The known values of an open enum field (of the list's items, for a list).
    pub values: Option<&'static crate::params::EnumShape>,
    /// What serialising writes for a `Required` field that was null or missing.
    pub default: fn() -> Value,
}

/// A type whose accepted JSON is described by a [`Shape`].
pub trait Shaped {
    const SHAPE: &'static Shape;
    /// An open enum's known values (a string to the decoders).
    const ENUM: Option<&'static crate::params::EnumShape> = None;
}

/// The serialised default of `T`, for [`Field::default`].
pub fn default_json<T: Default + serde::Serialize>() -> Value {
    serde_json::to_value(T::default()).unwrap_or(Value::Null)
}

macro_rules! shaped {
    ($($ty:ty => $shape:expr),* $(,)?) => {
        $(impl Shaped for $ty {
            const SHAPE: &'static Shape = &$shape;
        })*
    };
}

shaped!(
    String => Shape::String,
    i64 => Shape::Integer,
    f64 => Shape::Float,
    bool => Shape::Bool,
    Value => Shape::Any,
    super::Metadata => Shape::Object,
);

impl<T: Shaped> Shaped for Option<T> {
    const SHAPE: &'static Shape = &Shape::Nullable(T::SHAPE);
    const ENUM: Option<&'static crate::params::EnumShape> = T::ENUM;
}

impl<T: Shaped> Shaped for Vec<T> {
    const SHAPE: &'static Shape = &Shape::List(T::SHAPE);
    const ENUM: Option<&'static crate::params::EnumShape> = T::ENUM;
}

/// Every model reachable from the operations' results, then the error body's, each once, in the
/// order first met: what the bindings generate their result types from.
pub fn models() -> Vec<&'static ModelShape> {
    fn walk(shape: &'static Shape, out: &mut Vec<&'static ModelShape>) {
        match shape {
            Shape::Nullable(inner) | Shape::List(inner) => walk(inner, out),
            Shape::Either { array, object } => {
                walk(array, out);
                walk(object, out);
            }
            Shape::Model(model) => {
                if out.iter().any(|seen| seen.name == model.name) {
                    return;
                }
                out.push(model);
                for field in model.fields {
                    walk(field.shape, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    macro_rules! results {
        ($($name:ident: $request:ty,)*) => {
            $( walk(<<$request as crate::requests::Operation>::Output as Shaped>::SHAPE, &mut out); )*
        };
    }
    crate::for_each_operation!(results);
    walk(<super::ClerkErrorsBody as Shaped>::SHAPE, &mut out);
    out
}
