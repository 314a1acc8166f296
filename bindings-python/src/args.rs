//! Python arguments into the core's request structs, strictly and within limits, so that no
//! argument can crash the process, pin it, or be sent other than as written.
//!
//! Two steps. The Python values are read first, without recursion (an explicit stack of the
//! containers open), into an [`Arg`] tree; serde then builds the request struct from that tree,
//! in Rust only, on a stack grown when the calling thread's is short ([`with_room`]). So the
//! depth of an argument costs nothing on the caller's stack, which may be small (musl gives a
//! thread 128 KiB).
//!
//! - Only JSON-shaped values: `dict` (string keys), `list`, `tuple`, `set`, `frozenset`, `str`,
//!   `int`, `float`, `decimal.Decimal`, `bool`, `None`, and `bytes` where the request takes
//!   bytes. Anything else (`range`, generators, custom sequences or mappings) is a `TypeError`:
//!   nothing is read by a length the object claims, and no Python code runs while reading.
//! - Nesting stops where serde_json stops reading (128 levels, counting the request body) and
//!   a container that contains itself is refused at once: `TypeError`.
//! - At most `clerk_backend::limits::MAX_VALUES` values in one call, so that a structure sharing
//!   its parts cannot expand without bound: `ValueError`.
//! - NaN and ±inf (JSON has no such numbers; they would be sent as `null`, which deletes a
//!   metadata key): `ValueError`. An `int` beyond 64 bits or a `Decimal` is sent exactly, as
//!   written, where any JSON value goes (metadata); a parameter that cannot hold it refuses it
//!   (`ValueError`), never wrapped or rounded.
//!
//! Every error names the parameter and the path inside it (`public_metadata.a[2]`).

use std::fmt;
use std::str::FromStr;

use clerk_backend::limits;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyIterator, PyList, PySet, PyString, PyTuple,
    PyType,
};
use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::Number;

/// Runs `f` with room on the stack for Rust code recursing over a value as deep as serde_json
/// reads (a debug build takes a few KiB a level): on a new stack of 4 MiB when less than 1 MiB
/// of this thread's is left. Only for Rust code: Python 3.14 checks the stack pointer against
/// the thread's own stack, and would take a grown one for an overflow.
pub fn with_room<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(1024 * 1024, 4 * 1024 * 1024, f)
}

/// Which Python exception an argument error becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    /// The wrong kind of value.
    Type,
    /// The right kind of value, but not one that can be sent.
    Value,
}

#[derive(Debug)]
pub struct ArgError {
    class: Class,
    message: String,
}

impl ArgError {
    fn type_error(message: impl Into<String>) -> Self {
        Self {
            class: Class::Type,
            message: message.into(),
        }
    }

    fn value_error(message: impl Into<String>) -> Self {
        Self {
            class: Class::Value,
            message: message.into(),
        }
    }

    /// A Python exception raised while reading a value (a `str` with lone surrogates, ...).
    fn python(error: PyErr, py: Python<'_>) -> Self {
        Self::value_error(error.value(py).to_string())
    }
}

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArgError {}

impl de::Error for ArgError {
    /// serde's own errors (wrong type, unknown or missing field, value out of the field's range)
    /// are `TypeError`s, as they always were.
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self::type_error(msg.to_string())
    }
}

type Result<T> = std::result::Result<T, ArgError>;

/// Deserialises `value` (the keyword arguments of `op`) into `T`; errors are `TypeError` or
/// `ValueError` naming the parameter, raised before any I/O.
pub fn parse<T: DeserializeOwned>(op: &str, value: &Bound<'_, PyAny>) -> PyResult<T> {
    let (path, error) = match read(value) {
        Ok(arg) => match with_room(|| serde_path_to_error::deserialize(arg)) {
            Ok(parsed) => return Ok(parsed),
            Err(e) => {
                let path = e.path().to_string();
                // A bad key ends the path in `?` (serde_path_to_error's unknown segment): its
                // map is named.
                let path = path.strip_suffix(".?").map(str::to_owned).unwrap_or(path);
                (path, e.into_inner())
            }
        },
        Err(failure) => failure,
    };
    let path = shorten(path);
    let text = if path.is_empty() || path == "." {
        format!("{op}(): {}", error.message)
    } else {
        format!("{op}(): parameter `{path}`: {}", error.message)
    };
    Err(match error.class {
        Class::Type => PyTypeError::new_err(text),
        Class::Value => PyValueError::new_err(text),
    })
}

/// A path 128 levels deep is long: its start (the parameter) and its end say enough.
fn shorten(path: String) -> String {
    const KEEP: usize = 60;
    if path.len() <= 2 * KEEP + 10 {
        return path;
    }
    let head = path
        .char_indices()
        .map(|(i, _)| i)
        .take_while(|&i| i <= KEEP)
        .last()
        .unwrap_or(0);
    let tail = path
        .char_indices()
        .map(|(i, _)| i)
        .find(|&i| i >= path.len() - KEEP)
        .unwrap_or(path.len());
    format!("{}…{}", &path[..head], &path[tail..])
}

/// A Python argument as read: what serde builds the request from.
#[derive(Debug)]
enum Arg {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    /// An `int` beyond 64 bits or a `Decimal`: its text, carried exactly (serde_json's
    /// `arbitrary_precision`).
    Exact(Number, Exact),
    Str(String),
    Bytes(Vec<u8>),
    List(Vec<Arg>),
    Dict(Vec<(String, Arg)>),
}

/// Where an [`Arg::Exact`] number came from.
#[derive(Debug, Clone, Copy)]
enum Exact {
    Int,
    Decimal,
}

fn exceeded(limit: limits::Exceeded) -> ArgError {
    match limit {
        limits::Exceeded::Values => {
            ArgError::value_error(format!("{limit} in all (a structure that shares its parts?)"))
        }
        limits::Exceeded::Cycle | limits::Exceeded::Depth => ArgError::type_error(limit.to_string()),
    }
}

/// A container being read.
enum Open<'py> {
    /// A `dict` (or a subclass: its own entries, not what an override of `items` says), at
    /// `position` of `PyDict_Next`; `key` is the key whose value is being read.
    Dict {
        dict: Bound<'py, PyDict>,
        position: ffi::Py_ssize_t,
        key: Option<String>,
        entries: Vec<(String, Arg)>,
    },
    /// A `list` or `tuple` (or a subclass): its items as stored.
    Sequence {
        sequence: Bound<'py, PyAny>,
        items: Vec<Arg>,
    },
    /// A `set` or `frozenset`, in its iteration order.
    Set {
        iter: Bound<'py, PyIterator>,
        items: Vec<Arg>,
    },
}

/// What reading one value gave.
enum Read<'py> {
    Leaf(Arg),
    /// A container, whose items are read next.
    Container(Open<'py>),
}

/// The state of reading one argument: the containers open (outermost first) and the core's
/// limits over them.
struct Reader<'py> {
    open: Vec<Open<'py>>,
    walk: limits::Walk<*mut ffi::PyObject>,
}

/// Reads `value` into an [`Arg`]; an error comes with the path where it was found.
fn read(value: &Bound<'_, PyAny>) -> std::result::Result<Arg, (String, ArgError)> {
    let mut reader = Reader {
        open: Vec::new(),
        walk: limits::Walk::new(0),
    };
    let outcome = reader.run(value.clone());
    match outcome {
        Ok(arg) => Ok(arg),
        Err(error) => {
            let path = reader.path();
            // What was read so far nests as deep as the argument: dropped with room.
            let open = std::mem::take(&mut reader.open);
            with_room(move || drop(open));
            Err((path, error))
        }
    }
}

impl<'py> Reader<'py> {
    fn run(&mut self, root: Bound<'py, PyAny>) -> Result<Arg> {
        let mut next = root;
        loop {
            let mut done = match self.value(&next)? {
                Read::Leaf(arg) => Some(arg),
                Read::Container(open) => {
                    self.walk.enter(next.as_ptr(), |a, b| a == b).map_err(exceeded)?;
                    self.open.push(open);
                    None
                }
            };
            // Files the value read into its container, then finds the next value to read,
            // closing the containers that are done.
            loop {
                let Some(top) = self.open.last_mut() else {
                    return Ok(done.unwrap_or(Arg::Null));
                };
                if let Some(arg) = done.take() {
                    match top {
                        Open::Dict { key, entries, .. } => {
                            entries.push((key.take().unwrap_or_default(), arg))
                        }
                        Open::Sequence { items, .. } | Open::Set { items, .. } => items.push(arg),
                    }
                }
                if let Some(item) = Self::next_item(top, &mut self.walk)? {
                    next = item;
                    break;
                }
                let closed = self.open.pop().expect("a container is open");
                self.walk.leave();
                done = Some(match closed {
                    Open::Dict { entries, .. } => Arg::Dict(entries),
                    Open::Sequence { items, .. } | Open::Set { items, .. } => Arg::List(items),
                });
            }
        }
    }

    /// The next item of `open` to read (for a dict, its key is read and checked here).
    fn next_item(
        open: &mut Open<'py>,
        walk: &mut limits::Walk<*mut ffi::PyObject>,
    ) -> Result<Option<Bound<'py, PyAny>>> {
        match open {
            Open::Dict {
                dict, position, key, ..
            } => {
                let py = dict.py();
                let (mut raw_key, mut raw_value) = (std::ptr::null_mut(), std::ptr::null_mut());
                // SAFETY: a valid dict, position and out-pointers; the GIL is held. The entries
                // are borrowed references, turned into owned ones at once.
                let found =
                    unsafe { ffi::PyDict_Next(dict.as_ptr(), position, &mut raw_key, &mut raw_value) };
                if found == 0 {
                    return Ok(None);
                }
                // SAFETY: PyDict_Next returned valid borrowed references.
                let (found_key, value) = unsafe {
                    (
                        Bound::from_borrowed_ptr(py, raw_key),
                        Bound::from_borrowed_ptr(py, raw_value),
                    )
                };
                let Ok(text) = found_key.cast::<PyString>() else {
                    let kind = type_name(&found_key);
                    return Err(ArgError::type_error(format!(
                        "has a key of type `{kind}`: keys must be str"
                    )));
                };
                *key = Some(text.to_cow().map_err(|e| ArgError::python(e, py))?.into_owned());
                walk.count().map_err(exceeded)?;
                Ok(Some(value))
            }
            Open::Sequence { sequence, items } => {
                let index = items.len();
                if let Ok(list) = sequence.cast::<PyList>() {
                    return Ok((index < list.len()).then(|| list.get_item(index).ok()).flatten());
                }
                let tuple = sequence
                    .cast::<PyTuple>()
                    .map_err(|e| ArgError::type_error(e.to_string()))?;
                Ok((index < tuple.len())
                    .then(|| tuple.get_item(index).ok())
                    .flatten())
            }
            Open::Set { iter, .. } => {
                let py = iter.py();
                iter.next().transpose().map_err(|e| ArgError::python(e, py))
            }
        }
    }

    /// Reads one value: a leaf, or a container to read the items of.
    fn value(&mut self, obj: &Bound<'py, PyAny>) -> Result<Read<'py>> {
        self.walk.count().map_err(exceeded)?;
        let py = obj.py();
        // The common types first, by their exact type (a pointer comparison), then subclasses.
        let leaf = if obj.is_none() {
            Arg::Null
        } else if let Ok(b) = obj.cast_exact::<PyBool>() {
            Arg::Bool(b.is_true())
        } else if let Ok(s) = obj.cast::<PyString>() {
            Arg::Str(s.to_cow().map_err(|e| ArgError::python(e, py))?.into_owned())
        } else if let Ok(int) = obj.cast::<PyInt>() {
            integer(int)?
        } else if let Ok(float) = obj.cast::<PyFloat>() {
            let n = float.value();
            if !n.is_finite() {
                return Err(not_finite(&n.to_string()));
            }
            Arg::Float(n)
        } else if let Ok(dict) = obj.cast::<PyDict>() {
            return Ok(Read::Container(Open::Dict {
                dict: dict.clone(),
                position: 0,
                key: None,
                entries: Vec::new(),
            }));
        } else if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
            return Ok(Read::Container(Open::Sequence {
                sequence: obj.clone(),
                items: Vec::new(),
            }));
        } else if let Ok(bytes) = obj.cast::<PyBytes>() {
            // Taken only where bytes are asked for (a file's content); refused anywhere else.
            Arg::Bytes(bytes.as_bytes().to_vec())
        } else if obj.cast::<PySet>().is_ok() || obj.cast::<PyFrozenSet>().is_ok() {
            let iter = PyIterator::from_object(obj).map_err(|e| ArgError::python(e, py))?;
            return Ok(Read::Container(Open::Set {
                iter,
                items: Vec::new(),
            }));
        } else if let Some(decimal) = decimal_type(py).filter(|decimal| is_instance(obj, decimal)) {
            exact_decimal(obj, decimal)?
        } else {
            return Err(ArgError::type_error(format!(
                "unsupported type `{}` (expected dict, list, tuple, str, int, float, bool or None)",
                type_name(obj)
            )));
        };
        Ok(Read::Leaf(leaf))
    }

    /// Where the value being read is: the key or index of each open container.
    fn path(&self) -> String {
        let mut path = String::new();
        for open in &self.open {
            match open {
                // A key being checked names its dict.
                Open::Dict { key: None, .. } => {}
                Open::Dict { key: Some(key), .. } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Open::Sequence { items, .. } | Open::Set { items, .. } => {
                    path.push_str(&format!("[{}]", items.len()));
                }
            }
        }
        path
    }
}

fn not_finite(value: &str) -> ArgError {
    ArgError::value_error(format!(
        "must be a finite number, got {value} (JSON has no NaN or infinity; it would be sent as null)"
    ))
}

/// `int` as `i64`, else `u64`, else exactly, as its decimal digits (`int`'s own, not what a
/// subclass's `__str__` says).
fn integer(int: &Bound<'_, PyInt>) -> Result<Arg> {
    if let Ok(n) = int.extract::<i64>() {
        return Ok(Arg::Int(n));
    }
    if let Ok(n) = int.extract::<u64>() {
        return Ok(Arg::UInt(n));
    }
    let py = int.py();
    // SAFETY: `int` is a live int; the result is a new reference or NULL with an error set.
    let digits = unsafe { Bound::from_owned_ptr_or_err(py, ffi::PyNumber_ToBase(int.as_ptr(), 10)) }
        .map_err(|e| ArgError::python(e, py))?;
    let digits = digits
        .cast::<PyString>()
        .map_err(|e| ArgError::type_error(e.to_string()))?;
    let digits = digits.to_cow().map_err(|e| ArgError::python(e, py))?;
    let number = Number::from_str(&digits).map_err(|e| ArgError::value_error(e.to_string()))?;
    Ok(Arg::Exact(number, Exact::Int))
}

/// `decimal.Decimal`, when the program has imported `decimal` (a value cannot be one otherwise).
fn decimal_type(py: Python<'_>) -> Option<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    if let Some(decimal) = DECIMAL.get(py) {
        return Some(decimal.bind(py));
    }
    let name = PyString::new(py, "decimal");
    // SAFETY: a live str; the result is a new reference, or NULL (with an error set only on
    // failure) when the module is not imported.
    let module = unsafe { Bound::from_owned_ptr_or_opt(py, ffi::PyImport_GetModule(name.as_ptr())) };
    if module.is_none() {
        drop(PyErr::take(py));
    }
    let class = module?.getattr("Decimal").ok()?.cast_into::<PyType>().ok()?;
    Some(DECIMAL.get_or_init(py, || class.unbind()).bind(py))
}

/// `isinstance(obj, class)` by the type's own bases: no `__instancecheck__`, no `__class__`.
fn is_instance(obj: &Bound<'_, PyAny>, class: &Bound<'_, PyType>) -> bool {
    // SAFETY: two live type objects.
    unsafe { ffi::PyType_IsSubtype(obj.get_type().as_type_ptr(), class.as_type_ptr()) != 0 }
}

/// A finite `Decimal`, exactly as its text (`Decimal.__str__`, not a subclass's).
fn exact_decimal(obj: &Bound<'_, PyAny>, decimal: &Bound<'_, PyType>) -> Result<Arg> {
    let py = obj.py();
    let text = decimal
        .getattr("__str__")
        .and_then(|method| method.call1((obj,)))
        .map_err(|e| ArgError::python(e, py))?;
    let text = text
        .cast::<PyString>()
        .map_err(|e| ArgError::type_error(e.to_string()))?;
    let text = text.to_cow().map_err(|e| ArgError::python(e, py))?;
    if text.contains(['I', 'N', 'n', 'i']) {
        return Err(not_finite(&text));
    }
    let number = Number::from_str(&text)
        .map_err(|_| ArgError::value_error(format!("is a Decimal JSON cannot hold ({text})")))?;
    Ok(Arg::Exact(number, Exact::Decimal))
}

/// The name of `obj`'s type, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
}

/// An exact number as the field takes it: a JSON value keeps it as written (serde_json's number
/// transport); a typed parameter takes it if it holds it (`Number`'s own conversions).
fn exact<'de, V: Visitor<'de>>(number: Number, kind: Exact, visitor: V) -> Result<V::Value> {
    let text = number.as_str().to_owned();
    de::Deserializer::deserialize_any(number, visitor).map_err(|error| match kind {
        Exact::Int => {
            ArgError::value_error("is an integer out of range (it must be within -2**63 .. 2**64-1)")
        }
        Exact::Decimal if error.to_string().starts_with("invalid type: map") => {
            ArgError::value_error(format!("is a number this parameter cannot hold ({text})"))
        }
        Exact::Decimal => ArgError::type_error(error.to_string()),
    })
}

impl<'de> IntoDeserializer<'de, ArgError> for Arg {
    type Deserializer = Arg;

    fn into_deserializer(self) -> Arg {
        self
    }
}

/// serde over what was read: Rust only (see [`with_room`]), a level of nesting at a time.
impl<'de> de::Deserializer<'de> for Arg {
    type Error = ArgError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Arg::Null => visitor.visit_unit(),
            Arg::Bool(b) => visitor.visit_bool(b),
            Arg::Int(n) => visitor.visit_i64(n),
            Arg::UInt(n) => visitor.visit_u64(n),
            Arg::Float(n) => visitor.visit_f64(n),
            Arg::Exact(number, kind) => exact(number, kind, visitor),
            Arg::Str(s) => visitor.visit_string(s),
            // Only where bytes are asked for (`deserialize_bytes`): serde would take UTF-8 bytes
            // for a string.
            Arg::Bytes(_) => Err(de::Error::invalid_type(de::Unexpected::Other("bytes"), &visitor)),
            Arg::List(items) => with_room(move || {
                let mut items = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut items)?;
                items.end()?;
                Ok(value)
            }),
            Arg::Dict(entries) => with_room(move || {
                let mut entries = MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut entries)?;
                entries.end()?;
                Ok(value)
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Arg::Null => visitor.visit_none(),
            other => visitor.visit_some(other),
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self {
            Arg::Bytes(bytes) => visitor.visit_byte_buf(bytes),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_bytes(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self {
            Arg::Str(variant) => visitor.visit_enum(variant.into_deserializer()),
            other => other.deserialize_any(visitor),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // Nested as deep as the argument: dropped with room.
        with_room(move || drop(self));
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}
