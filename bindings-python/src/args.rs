//! Python arguments into the core's request structs: a serde `Deserializer` that reads Python
//! objects directly, strictly and within limits, so that no argument can crash the process,
//! pin it, or be sent other than as written.
//!
//! - Only JSON-shaped values: `dict` (string keys), `list`, `tuple`, `set`, `frozenset`, `str`,
//!   `int`, `float`, `bool`, `None`, and `bytes` where the request takes bytes. Anything else
//!   (`range`, generators, custom sequences or mappings) is a `TypeError`: nothing is read by a
//!   length the object claims, and no Python code runs while converting.
//! - Nesting stops where serde_json stops reading (128 levels, counting the request body) and
//!   a container that contains itself is refused at once: `ValueError`.
//! - At most `clerk_backend::limits::MAX_VALUES` values in one call, so that a structure sharing its parts cannot
//!   expand without bound: `ValueError`.
//! - NaN and ±inf (JSON has no such numbers; they would be sent as `null`, which deletes a
//!   metadata key) and integers beyond 64 bits: `ValueError`.
//!
//! Every error names the parameter and the path inside it (`public_metadata.a[2]`).

use std::fmt;

use clerk_backend::limits;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyFloat, PyFrozenSet, PyInt, PyIterator, PyList, PySet, PyString, PyTuple,
};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};

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
    let mut walk = Walk::default();
    let reader = Reader {
        obj: value.clone(),
        walk: &mut walk,
    };
    serde_path_to_error::deserialize(reader).map_err(|e| {
        let path = e.path().to_string();
        // A bad key ends the path in `?` (serde_path_to_error's unknown segment): its map is named.
        let path = shorten(path.strip_suffix(".?").map(str::to_owned).unwrap_or(path));
        let error = e.into_inner();
        let text = if path.is_empty() || path == "." {
            format!("{op}(): {}", error.message)
        } else {
            format!("{op}(): parameter `{path}`: {}", error.message)
        };
        match error.class {
            Class::Type => PyTypeError::new_err(text),
            Class::Value => PyValueError::new_err(text),
        }
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

/// The state of one conversion: the core's limits over the containers being read (outermost
/// first) and the count of values read so far.
struct Walk(limits::Walk<*mut ffi::PyObject>);

impl Default for Walk {
    fn default() -> Self {
        Self(limits::Walk::new(0))
    }
}

fn exceeded(limit: limits::Exceeded) -> ArgError {
    let hint = match limit {
        limits::Exceeded::Values => " in all (a structure that shares its parts?)",
        limits::Exceeded::Cycle | limits::Exceeded::Depth => "",
    };
    ArgError::value_error(format!("{limit}{hint}"))
}

impl Walk {
    fn count(&mut self) -> Result<()> {
        self.0.count().map_err(exceeded)
    }

    fn enter(&mut self, container: &Bound<'_, PyAny>) -> Result<()> {
        self.0.enter(container.as_ptr(), |a, b| a == b).map_err(exceeded)
    }

    fn leave(&mut self) {
        self.0.leave();
    }
}

/// Reads one Python value.
struct Reader<'w, 'py> {
    obj: Bound<'py, PyAny>,
    walk: &'w mut Walk,
}

impl<'w, 'py> Reader<'w, 'py> {
    fn python(&self, error: PyErr) -> ArgError {
        ArgError::python(error, self.obj.py())
    }

    /// `int` as `i64`, else `u64`; a wider one is refused, never wrapped or rounded.
    fn integer<'de, V: Visitor<'de>>(&self, int: &Bound<'py, PyInt>, visitor: V) -> Result<V::Value> {
        if let Ok(n) = int.extract::<i64>() {
            return visitor.visit_i64(n);
        }
        if let Ok(n) = int.extract::<u64>() {
            return visitor.visit_u64(n);
        }
        Err(ArgError::value_error(
            "is an integer out of range (it must be within -2**63 .. 2**64-1)",
        ))
    }

    fn float<'de, V: Visitor<'de>>(&self, float: &Bound<'py, PyFloat>, visitor: V) -> Result<V::Value> {
        let n = float.value();
        if !n.is_finite() {
            return Err(ArgError::value_error(format!(
                "must be a finite number, got {n} (JSON has no NaN or infinity; it would be sent as null)"
            )));
        }
        visitor.visit_f64(n)
    }

    fn string(&self) -> Result<String> {
        let s = self
            .obj
            .cast::<PyString>()
            .map_err(|e| ArgError::type_error(e.to_string()))?;
        s.to_cow().map(|s| s.into_owned()).map_err(|e| self.python(e))
    }
}

impl<'de> de::Deserializer<'de> for Reader<'_, '_> {
    type Error = ArgError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.walk.count()?;
        let obj = &self.obj;
        // The common types first, by their exact type (a pointer comparison), then subclasses.
        if obj.is_none() {
            visitor.visit_unit()
        } else if let Ok(b) = obj.cast_exact::<PyBool>() {
            visitor.visit_bool(b.is_true())
        } else if let Ok(s) = obj.cast::<PyString>() {
            let text = s.to_cow().map_err(|e| self.python(e))?;
            visitor.visit_str(&text)
        } else if let Ok(int) = obj.cast::<PyInt>() {
            self.integer(int, visitor)
        } else if let Ok(float) = obj.cast::<PyFloat>() {
            self.float(float, visitor)
        } else if let Ok(dict) = obj.cast::<PyDict>() {
            let dict = dict.clone();
            self.walk.enter(obj)?;
            let value = visitor.visit_map(DictReader {
                dict,
                position: 0,
                value: None,
                walk: &mut *self.walk,
            });
            self.walk.leave();
            value
        } else if obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
            self.walk.enter(obj)?;
            let value = visitor.visit_seq(SequenceReader {
                seq: obj.clone(),
                index: 0,
                walk: &mut *self.walk,
            });
            self.walk.leave();
            value
        } else if obj.cast::<PyBytes>().is_ok() {
            // Only where bytes are asked for (`deserialize_bytes`): serde would take UTF-8 bytes
            // for a string.
            Err(de::Error::invalid_type(de::Unexpected::Other("bytes"), &visitor))
        } else if obj.cast::<PySet>().is_ok() || obj.cast::<PyFrozenSet>().is_ok() {
            let iter = PyIterator::from_object(obj).map_err(|e| self.python(e))?;
            self.walk.enter(obj)?;
            let value = visitor.visit_seq(SetReader {
                iter,
                walk: &mut *self.walk,
            });
            self.walk.leave();
            value
        } else {
            Err(ArgError::type_error(format!(
                "unsupported type `{}` (expected dict, list, tuple, str, int, float, bool or None)",
                type_name(&self.obj)
            )))
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.obj.is_none() {
            self.walk.count()?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if let Ok(bytes) = self.obj.cast::<PyBytes>() {
            self.walk.count()?;
            return visitor.visit_bytes(bytes.as_bytes());
        }
        self.deserialize_any(visitor)
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
        if self.obj.cast::<PyString>().is_ok() {
            self.walk.count()?;
            let variant = self.string()?;
            return visitor.visit_enum(variant.into_deserializer());
        }
        self.deserialize_any(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// A `dict` (or a subclass: its own entries, not what an override of `items` says).
struct DictReader<'w, 'py> {
    dict: Bound<'py, PyDict>,
    position: ffi::Py_ssize_t,
    value: Option<Bound<'py, PyAny>>,
    walk: &'w mut Walk,
}

impl<'w, 'py> DictReader<'w, 'py> {
    /// The next entry, as owned references: nothing here runs Python code, but the references
    /// must outlive anything that could.
    fn next_entry(&mut self) -> Option<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
        let py = self.dict.py();
        let mut key = std::ptr::null_mut();
        let mut value = std::ptr::null_mut();
        // SAFETY: a valid dict, position and out-pointers; the GIL is held. The entries are
        // borrowed references, turned into owned ones at once.
        let found = unsafe { ffi::PyDict_Next(self.dict.as_ptr(), &mut self.position, &mut key, &mut value) };
        if found == 0 {
            return None;
        }
        // SAFETY: PyDict_Next returned valid borrowed references.
        unsafe {
            Some((
                Bound::from_borrowed_ptr(py, key),
                Bound::from_borrowed_ptr(py, value),
            ))
        }
    }
}

impl<'de> de::MapAccess<'de> for DictReader<'_, '_> {
    type Error = ArgError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, value)) = self.next_entry() else {
            return Ok(None);
        };
        let Ok(key) = key.cast::<PyString>() else {
            let kind = type_name(&key);
            return Err(ArgError::type_error(format!(
                "has a key of type `{kind}`: keys must be str"
            )));
        };
        let key = key.to_cow().map_err(|e| ArgError::python(e, key.py()))?;
        self.walk.count()?;
        self.value = Some(value);
        seed.deserialize(de::value::StrDeserializer::<ArgError>::new(&key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let obj = self
            .value
            .take()
            .ok_or_else(|| ArgError::type_error("a value was read before its key"))?;
        seed.deserialize(Reader {
            obj,
            walk: &mut *self.walk,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.dict.len())
    }
}

/// A `list` or `tuple` (or a subclass): its items as stored, its length read at each step.
struct SequenceReader<'w, 'py> {
    seq: Bound<'py, PyAny>,
    index: usize,
    walk: &'w mut Walk,
}

impl<'py> SequenceReader<'_, 'py> {
    fn item(&self) -> Option<Bound<'py, PyAny>> {
        if let Ok(list) = self.seq.cast::<PyList>() {
            return (self.index < list.len())
                .then(|| list.get_item(self.index).ok())
                .flatten();
        }
        let tuple = self.seq.cast::<PyTuple>().ok()?;
        (self.index < tuple.len())
            .then(|| tuple.get_item(self.index).ok())
            .flatten()
    }

    fn len(&self) -> usize {
        match self.seq.cast::<PyList>() {
            Ok(list) => list.len(),
            Err(_) => self.seq.cast::<PyTuple>().map_or(0, |t| t.len()),
        }
    }
}

impl<'de> de::SeqAccess<'de> for SequenceReader<'_, '_> {
    type Error = ArgError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let Some(obj) = self.item() else {
            return Ok(None);
        };
        self.index += 1;
        seed.deserialize(Reader {
            obj,
            walk: &mut *self.walk,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.len().saturating_sub(self.index))
    }
}

/// A `set` or `frozenset`, in its iteration order.
struct SetReader<'w, 'py> {
    iter: Bound<'py, PyIterator>,
    walk: &'w mut Walk,
}

impl<'de> de::SeqAccess<'de> for SetReader<'_, '_> {
    type Error = ArgError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        let py = self.iter.py();
        match self.iter.next() {
            None => Ok(None),
            Some(Err(error)) => Err(ArgError::python(error, py)),
            Some(Ok(obj)) => seed
                .deserialize(Reader {
                    obj,
                    walk: &mut *self.walk,
                })
                .map(Some),
        }
    }
}

/// The name of `obj`'s type, for messages.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .qualname()
        .map_or_else(|_| "?".to_owned(), |name| name.to_string())
}
