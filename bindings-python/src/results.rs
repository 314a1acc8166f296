//! Result objects: typed views over the response body, decoded field by field as Python reads them.
//!
//! Each model class of `clerk_backend.models` (generated from the core's `models::shape`) derives
//! from [`Model`] and carries one [`FieldGetter`] descriptor per declared field. An instance holds
//! the response body (shared by every object of a response) and its own byte range; the offsets of
//! its keys are found by one scan (off the GIL for the top-level results), and a field is decoded
//! the first time it is read, then kept, so a second read costs a descriptor call and a load.
//! What a field accepts and its default come from the core's shape: a value of another type reads
//! as the default (as the core's lenient decode does) and stays as sent in `to_dict()`.

use std::collections::HashMap;
use std::sync::OnceLock;

use bytes::Bytes;
use clerk_backend::models::shape::{Field, ModelShape, Presence, Shape};
use jiter::{Jiter, JiterError, NumberInt, Peek, cached_py_string};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyString, PyTuple, PyType};

type Span = (usize, usize);

/// Where the keys of one JSON object are, by the model's field number.
#[derive(Debug, Default)]
pub struct Index {
    fields: Box<[Option<Span>]>,
    /// Keys the model does not declare, in the order sent.
    extra: Vec<(String, Span)>,
}

/// One registered model class.
struct ClassInfo {
    shape: &'static ModelShape,
    class: Py<PyType>,
    /// Per field: the class of the model it holds (directly, in a list, or nullable).
    children: Box<[Option<usize>]>,
    /// The field whose value tells the model's kind, and the class of each kind (subclasses).
    kind_field: Option<usize>,
    kinds: Vec<(&'static str, Py<PyType>)>,
    /// The fields' names, interned: the keys of the values kept in an instance's `__dict__`.
    names: Vec<Py<PyString>>,
}

impl ClassInfo {
    /// The class for an object of this model: its kind's, when the object says which.
    fn class_for<'py>(&self, py: Python<'py>, body: &[u8], index: &Index) -> Bound<'py, PyType> {
        let kind = self
            .kind_field
            .and_then(|number| index.fields[number])
            .and_then(|(start, end)| Jiter::new(&body[start..end]).next_str().ok().map(str::to_owned))
            .and_then(|value| self.kinds.iter().find(|(kind, _)| *kind == value));
        match kind {
            Some((_, class)) => class.bind(py).clone(),
            None => self.class.bind(py).clone(),
        }
    }
}

struct Registry {
    classes: Vec<ClassInfo>,
    by_name: HashMap<&'static str, usize>,
    /// Type object address to class number, for instances made by the caller.
    by_type: HashMap<usize, usize>,
}

static REGISTRY: PyOnceLock<Registry> = PyOnceLock::new();

fn registry(py: Python<'_>) -> PyResult<&Registry> {
    REGISTRY
        .get(py)
        .ok_or_else(|| PyTypeError::new_err("clerk_backend.models has not registered its classes"))
}

/// Per operation: (Python name, the class of a list's items, the class of an object result), by
/// the reference names of the result's shape; a result that is a list or a page has both.
pub fn result_models() -> Vec<(&'static str, Option<&'static str>, Option<&'static str>)> {
    fn parts(shape: &'static Shape) -> (Option<&'static str>, Option<&'static str>) {
        match shape {
            Shape::Model(model) => (None, Some(model.reference)),
            Shape::List(Shape::Model(model)) => (Some(model.reference), None),
            Shape::Either { array, object } => (parts(array).0, parts(object).1),
            _ => (None, None),
        }
    }
    let mut out = Vec::new();
    macro_rules! results {
        ($($name:ident: $request:ty,)*) => {
            $(
                let (items, object) = parts(<<$request as clerk_backend::requests::Operation>::Output
                    as clerk_backend::models::shape::Shaped>::SHAPE);
                out.push((stringify!($name), items, object));
            )*
        };
    }
    clerk_backend::for_each_operation!(results);
    out
}

fn model_of(shape: &'static Shape) -> Option<&'static ModelShape> {
    match shape {
        Shape::Nullable(inner) | Shape::List(inner) => model_of(inner),
        Shape::Model(model) => Some(model),
        _ => None,
    }
}

/// Installs the field descriptors on the generated classes (keyed by the core's model names) and
/// keeps them for decoding. Called once, by `clerk_backend.models` when it is imported.
#[pyfunction]
pub fn register_models(py: Python<'_>, classes: &Bound<'_, PyDict>) -> PyResult<()> {
    if REGISTRY.get(py).is_some() {
        return Ok(());
    }
    let shapes = clerk_backend::models::shape::models();
    let by_name: HashMap<&'static str, usize> = shapes.iter().enumerate().map(|(i, s)| (s.name, i)).collect();
    let mut infos = Vec::with_capacity(shapes.len());
    let mut by_type = HashMap::new();
    for (number, shape) in shapes.iter().enumerate() {
        let class = classes
            .get_item(shape.name)?
            .ok_or_else(|| PyTypeError::new_err(format!("no class registered for model {}", shape.name)))?
            .cast_into::<PyType>()?;
        let children = shape
            .fields
            .iter()
            .map(|field| model_of(field.shape).map(|model| by_name[model.name]))
            .collect();
        for (index, field) in shape.fields.iter().enumerate() {
            let getter = FieldGetter {
                class: number,
                field: index,
            };
            class.setattr(field.name, Py::new(py, getter)?)?;
        }
        let names: Vec<&str> = shape.fields.iter().map(|f| f.name).collect();
        class.setattr("_clerk_fields", PyTuple::new(py, names)?)?;
        by_type.insert(class.as_ptr() as usize, number);
        let mut kinds = Vec::new();
        let mut kind_field = None;
        if let Some(spec) = &shape.kinds {
            kind_field = shape.fields.iter().position(|f| f.name == spec.field);
            for (value, _) in spec.kinds {
                let key = format!("{}/{value}", shape.name);
                let kind = classes
                    .get_item(&key)?
                    .ok_or_else(|| PyTypeError::new_err(format!("no class registered for {key}")))?
                    .cast_into::<PyType>()?;
                by_type.insert(kind.as_ptr() as usize, number);
                kinds.push((*value, kind.unbind()));
            }
        }
        infos.push(ClassInfo {
            names: shape
                .fields
                .iter()
                .map(|f| PyString::intern(py, f.name).unbind())
                .collect(),
            kind_field,
            kinds,
            shape,
            class: class.unbind(),
            children,
        });
    }
    let _ = REGISTRY.set(
        py,
        Registry {
            classes: infos,
            by_name,
            by_type,
        },
    );
    Ok(())
}

fn json_error(error: JiterError) -> String {
    error.to_string()
}

/// The field numbered `guess` if its name is `key`, else the one named `key`.
fn find_field(fields: &[Field], key: &[u8], guess: usize) -> Option<usize> {
    if fields.get(guess).is_some_and(|f| f.name.as_bytes() == key) {
        return Some(guess);
    }
    fields.iter().position(|f| f.name.as_bytes() == key)
}

/// What a key of an object is: a declared field, or a key the model does not know (its text).
enum Key {
    Field(usize),
    Unknown(String),
}

/// `raw`: a key as it is in the body, between its quotes. Compared without copying; a key with
/// escapes is decoded first, as the core's decoder reads it.
fn classify(raw: &[u8], fields: &[Field], guess: usize) -> Key {
    if !raw.contains(&b'\\') {
        return match find_field(fields, raw, guess) {
            Some(number) => Key::Field(number),
            // The body was checked to be UTF-8.
            None => Key::Unknown(String::from_utf8_lossy(raw).into_owned()),
        };
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    let text = match Jiter::new(&quoted).next_str() {
        Ok(text) => text.to_owned(),
        Err(_) => String::from_utf8_lossy(raw).into_owned(),
    };
    match find_field(fields, text.as_bytes(), guess) {
        Some(number) => Key::Field(number),
        None => Key::Unknown(text),
    }
}

/// Reads the object at the parser's position (`base` is the parser's offset in the body).
fn scan_object(jiter: &mut Jiter<'_>, base: usize, fields: &[Field]) -> Result<Index, JiterError> {
    let mut index = Index {
        fields: vec![None; fields.len()].into_boxed_slice(),
        extra: Vec::new(),
    };
    let mut guess = 0;
    let mut key = jiter.next_object_bytes()?.map(|raw| classify(raw, fields, guess));
    while let Some(found) = key {
        let peek = jiter.peek()?;
        let start = jiter.current_index();
        jiter.known_skip(peek)?;
        let span = (base + start, base + jiter.current_index());
        match found {
            // A repeated key: the last one wins, as in the core's decode.
            Key::Field(number) => {
                index.fields[number] = Some(span);
                guess = number + 1;
            }
            Key::Unknown(name) => index.extra.push((name, span)),
        }
        key = jiter.next_key_bytes()?.map(|raw| classify(raw, fields, guess));
    }
    Ok(index)
}

/// The index of a standalone object (`span` of `body`), checking it is one JSON object.
fn index_object(body: &[u8], span: Span, fields: &[Field]) -> Result<Index, String> {
    let mut jiter = Jiter::new(&body[span.0..span.1]);
    match jiter.peek().map_err(json_error)? {
        Peek::Object => {}
        _ => return Err("expected a JSON object".to_owned()),
    }
    let index = scan_object(&mut jiter, span.0, fields).map_err(json_error)?;
    jiter.finish().map_err(json_error)?;
    Ok(index)
}

/// A response body checked and indexed off the GIL, ready to become Python objects.
pub struct Prepared {
    body: Bytes,
    shape: &'static ModelShape,
    many: bool,
    items: Vec<(Span, Index)>,
}

impl Prepared {
    /// Checks that `body` is `shape` (an object, or with `many` an array of objects) and indexes
    /// the top-level objects. The error says what is wrong, for `ResponseValidationError`.
    pub fn new(body: Bytes, shape: &'static Shape) -> Result<Self, String> {
        // Values are skipped, not decoded, while indexing: check the text once here.
        std::str::from_utf8(&body).map_err(|e| format!("the body is not UTF-8: {e}"))?;
        // A list or a page: which one the body is.
        let shape = shape.of_value(body.iter().copied().find(|b| !b.is_ascii_whitespace()));
        let (many, model) = match shape {
            Shape::Model(model) => (false, *model),
            Shape::List(Shape::Model(model)) => (true, *model),
            other => return Err(format!("no Python result for the shape {other:?}")),
        };
        let mut jiter = Jiter::new(&body);
        let mut items = Vec::new();
        if many {
            let mut next = jiter.next_array().map_err(json_error)?;
            while let Some(peek) = next {
                if peek != Peek::Object {
                    return Err(format!("item {} of the list is not an object", items.len()));
                }
                let start = jiter.current_index();
                let index = scan_object(&mut jiter, 0, model.fields).map_err(json_error)?;
                items.push(((start, jiter.current_index()), index));
                next = jiter.array_step().map_err(json_error)?;
            }
        } else {
            if jiter.peek().map_err(json_error)? != Peek::Object {
                return Err(format!("expected a {} object", model.reference));
            }
            let start = jiter.current_index();
            let index = scan_object(&mut jiter, 0, model.fields).map_err(json_error)?;
            items.push(((start, jiter.current_index()), index));
        }
        jiter.finish().map_err(json_error)?;
        Ok(Self {
            body,
            shape: model,
            many,
            items,
        })
    }

    /// The result object, or a list of them.
    pub fn into_python(self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let registry = registry(py)?;
        let class = *registry.by_name.get(self.shape.name).ok_or_else(|| {
            PyTypeError::new_err(format!("no class registered for model {}", self.shape.name))
        })?;
        if self.many {
            let objects = self
                .items
                .into_iter()
                .map(|(span, index)| instantiate(py, registry, class, self.body.clone(), span, Some(index)))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(PyList::new(py, objects)?.into_any().unbind())
        } else {
            let (span, index) = self.items.into_iter().next().unwrap_or_default();
            Ok(instantiate(py, registry, class, self.body, span, Some(index))?.unbind())
        }
    }
}

struct State {
    class: usize,
    body: Bytes,
    span: Span,
    index: OnceLock<Index>,
    extra: OnceLock<Py<PyDict>>,
}

impl State {
    fn new(class: usize, body: Bytes, span: Span, index: Option<Index>) -> Self {
        Self {
            class,
            body,
            span,
            index: index.map(OnceLock::from).unwrap_or_default(),
            extra: OnceLock::new(),
        }
    }

    fn raw(&self) -> &[u8] {
        &self.body[self.span.0..self.span.1]
    }

    fn index(&self, registry: &Registry) -> PyResult<&Index> {
        if let Some(index) = self.index.get() {
            return Ok(index);
        }
        let fields = registry.classes[self.class].shape.fields;
        let index = index_object(&self.body, self.span, fields).map_err(PyValueError::new_err)?;
        let _ = self.index.set(index);
        Ok(self.index.get().expect("set above"))
    }
}

/// The base of every result class: the body and the values read so far.
#[pyclass(subclass, frozen, module = "clerk_backend._native")]
pub struct Model {
    state: OnceLock<State>,
}

const EMPTY_OBJECT: &[u8] = b"{}";

fn instantiate<'py>(
    py: Python<'py>,
    registry: &Registry,
    class: usize,
    body: Bytes,
    span: Span,
    index: Option<Index>,
) -> PyResult<Bound<'py, PyAny>> {
    let info = &registry.classes[class];
    // Indexed now: a model's kind, and its unknown keys, are needed before any field is read.
    let index = match index {
        Some(index) => index,
        None => index_object(&body, span, info.shape.fields).map_err(PyValueError::new_err)?,
    };
    let object = new_instance(&info.class_for(py, &body, &index))?;
    let state = State::new(class, body, span, Some(index));
    keep_unknown_keys(&object, &state)?;
    let _ = object.cast::<Model>()?.get().state.set(state);
    Ok(object)
}

/// An instance of a result class from its `tp_new` (the native one), without running the
/// class's `__init__`: nothing to initialise, and a call saved per object.
fn new_instance<'py>(class: &Bound<'py, PyType>) -> PyResult<Bound<'py, PyAny>> {
    let py = class.py();
    // SAFETY: `class` is a live type object; `tp_new` is a `newfunc` when set.
    unsafe {
        let slot = ffi::PyType_GetSlot(class.as_ptr().cast(), ffi::Py_tp_new);
        if slot.is_null() {
            return class.call0();
        }
        let tp_new: ffi::newfunc = std::mem::transmute(slot);
        let args = PyTuple::empty(py);
        let object = tp_new(class.as_ptr().cast(), args.as_ptr(), std::ptr::null_mut());
        Bound::from_owned_ptr_or_err(py, object)
    }
}

/// The keys the model does not declare, as attributes: kept in the instance's `__dict__`, so
/// that no `__getattr__` hook slows every attribute read. A key that would hide an attribute of
/// the class (`to_dict`, `__class__`, ...) stays only in `model_extra`.
fn keep_unknown_keys(object: &Bound<'_, PyAny>, state: &State) -> PyResult<()> {
    let Some(index) = state.index.get() else {
        return Ok(());
    };
    if index.extra.is_empty() {
        return Ok(());
    }
    let py = object.py();
    let class = object.get_type();
    // SAFETY: `object` is a live object; the result is a new reference or NULL with an error set.
    let dict = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyObject_GenericGetDict(object.as_ptr(), std::ptr::null_mut()),
        )
    }?;
    let dict = dict.cast_into::<PyDict>()?;
    for (key, span) in &index.extra {
        if key.starts_with("__") || class.hasattr(key.as_str())? {
            continue;
        }
        dict.set_item(key, json_to_python(py, &state.body[span.0..span.1])?)?;
    }
    Ok(())
}

impl Model {
    /// This object's state; an instance made by `cls()` reads as an empty object.
    fn state<'a>(slf: &'a Bound<'_, Self>) -> PyResult<&'a State> {
        let model = slf.get();
        if let Some(state) = model.state.get() {
            return Ok(state);
        }
        let py = slf.py();
        let registry = registry(py)?;
        let class = class_of(registry, &slf.get_type())?;
        let body = Bytes::from_static(EMPTY_OBJECT);
        let _ = model
            .state
            .set(State::new(class, body, (0, EMPTY_OBJECT.len()), None));
        Ok(model.state.get().expect("set above"))
    }
}

fn state_from_json(cls: &Bound<'_, PyType>, bytes: Bytes) -> PyResult<State> {
    let registry = registry(cls.py())?;
    let class = class_of(registry, cls)?;
    std::str::from_utf8(&bytes).map_err(|e| PyValueError::new_err(format!("not UTF-8: {e}")))?;
    let span = (0, bytes.len());
    let fields = registry.classes[class].shape.fields;
    let index = index_object(&bytes, span, fields).map_err(PyValueError::new_err)?;
    Ok(State::new(class, bytes, span, Some(index)))
}

fn class_of(registry: &Registry, class: &Bound<'_, PyType>) -> PyResult<usize> {
    // A subclass of a generated class decodes as its generated base.
    for base in class.mro().iter() {
        if let Some(&number) = registry.by_type.get(&(base.as_ptr() as usize)) {
            return Ok(number);
        }
    }
    Err(PyTypeError::new_err(format!(
        "{} is not a model class of clerk_backend.models",
        class.name()?
    )))
}

/// How deep JSON nests in the values made of it: as deep as jiter reads anywhere else.
const MAX_NESTING: usize = 200;

/// JSON text to Python values. Nesting is the server's (or the caller's), so containers are
/// kept on an explicit stack, never by recursion on the calling thread's, which may be small.
/// Keys are cached (they repeat from object to object), values are not. Numbers are exact: an
/// integer is an `int` of any size, a number with a fraction or an exponent a `float`, or,
/// beyond a float's range (`1e400`), a `decimal.Decimal` of its text.
pub fn json_to_python<'py>(py: Python<'py>, raw: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    enum Open<'py> {
        List(Vec<Bound<'py, PyAny>>),
        /// An object and the key whose value is being read.
        Dict(Bound<'py, PyDict>, Bound<'py, PyString>),
    }
    let mut jiter = Jiter::new(raw);
    macro_rules! json {
        ($step:expr) => {
            match $step {
                Ok(value) => value,
                Err(error) => {
                    let error: JiterError = error;
                    return Err(PyValueError::new_err(format!(
                        "invalid JSON: {}",
                        error.description(&jiter)
                    )));
                }
            }
        };
    }
    let mut open: Vec<Open<'py>> = Vec::new();
    let mut peek = json!(jiter.peek());
    loop {
        if open.len() > MAX_NESTING {
            return Err(PyValueError::new_err(format!(
                "invalid JSON: nested deeper than {MAX_NESTING} levels"
            )));
        }
        let mut value = match peek {
            Peek::Array => match json!(jiter.known_array()) {
                Some(first) => {
                    open.push(Open::List(Vec::new()));
                    peek = first;
                    continue;
                }
                None => PyList::empty(py).into_any(),
            },
            Peek::Object => match json!(jiter.known_object()) {
                Some(key) => {
                    let key = cached_py_string(py, key);
                    open.push(Open::Dict(PyDict::new(py), key));
                    peek = json!(jiter.peek());
                    continue;
                }
                None => PyDict::new(py).into_any(),
            },
            Peek::Null => {
                json!(jiter.known_null());
                py.None().into_bound(py)
            }
            Peek::True | Peek::False => PyBool::new(py, json!(jiter.known_bool(peek)))
                .to_owned()
                .into_any(),
            Peek::String => PyString::new(py, json!(jiter.known_str())).into_any(),
            _ => {
                let text = json!(jiter.known_number_bytes(peek));
                exact_number(py, text)?
            }
        };
        // Files the value into its container, then finds the next value, closing the
        // containers that are done.
        loop {
            match open.last_mut() {
                None => {
                    json!(jiter.finish());
                    return Ok(value);
                }
                Some(Open::List(items)) => {
                    items.push(value);
                    if let Some(next) = json!(jiter.array_step()) {
                        peek = next;
                        break;
                    }
                    let Some(Open::List(items)) = open.pop() else {
                        unreachable!("a list is open")
                    };
                    value = PyList::new(py, items)?.into_any();
                }
                Some(Open::Dict(dict, key)) => {
                    dict.set_item(&*key, value)?;
                    if let Some(next) = json!(jiter.next_key()) {
                        *key = cached_py_string(py, next);
                        peek = json!(jiter.peek());
                        break;
                    }
                    let Some(Open::Dict(dict, _)) = open.pop() else {
                        unreachable!("a dict is open")
                    };
                    value = dict.into_any();
                }
            }
        }
    }
}

/// A JSON number (`text`, checked by jiter) as Python holds it exactly; see [`json_to_python`].
fn exact_number<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    // Digits, signs, `.` and exponents only.
    let text = std::str::from_utf8(text).map_err(|e| PyValueError::new_err(e.to_string()))?;
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(n) = text.parse::<i64>() {
            return Ok(n.into_pyobject(py)?.into_any());
        }
        let digits = std::ffi::CString::new(text).map_err(|e| PyValueError::new_err(e.to_string()))?;
        // SAFETY: a NUL-terminated string; the result is a new reference or NULL with an error
        // set (beyond Python's limit on the digits of an int, 4,300 by default).
        let int = unsafe { ffi::PyLong_FromString(digits.as_ptr(), std::ptr::null_mut(), 10) };
        // SAFETY: as above.
        match unsafe { Bound::from_owned_ptr_or_err(py, int) } {
            Ok(int) => return Ok(int),
            // Too many digits for an `int`: a `Decimal` holds them.
            Err(_) => return decimal(py)?.call1((text,)),
        }
    }
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => Ok(n.into_pyobject(py)?.into_any()),
        _ => decimal(py)?.call1((text,)),
    }
}

fn decimal(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    DECIMAL.import(py, "decimal", "Decimal")
}

/// Any serialisable value (a Clerk error body, the emulator's data) as Python values, as
/// [`json_to_python`] makes them: as deep as it nests, numbers exact.
pub fn to_python<'py, T: serde::Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let text = crate::args::with_room(|| serde_json::to_vec(value))
        .map_err(|e| PyValueError::new_err(e.to_string()))?;
    json_to_python(py, &text)
}

/// What a field reads as when it is missing, null, or of another type.
fn default_value(
    py: Python<'_>,
    registry: &Registry,
    field: &Field,
    child: Option<usize>,
) -> PyResult<Py<PyAny>> {
    if field.presence != Presence::Required {
        return Ok(py.None());
    }
    Ok(match field.shape {
        Shape::String => PyString::new(py, "").into_any().unbind(),
        Shape::Integer => 0i64.into_pyobject(py)?.into_any().unbind(),
        Shape::Float => 0f64.into_pyobject(py)?.into_any().unbind(),
        Shape::Bool => false.into_pyobject(py)?.to_owned().into_any().unbind(),
        Shape::Object => PyDict::new(py).into_any().unbind(),
        Shape::List(_) => PyList::empty(py).into_any().unbind(),
        Shape::Model(_) => match child {
            Some(class) => {
                let body = Bytes::from_static(EMPTY_OBJECT);
                instantiate(py, registry, class, body, (0, EMPTY_OBJECT.len()), None)?.unbind()
            }
            None => py.None(),
        },
        Shape::Any | Shape::Nullable(_) | Shape::Either { .. } => py.None(),
    })
}

/// Decodes the value at `span` as `shape`; `None` when it is of another type.
fn decode(
    py: Python<'_>,
    registry: &Registry,
    body: &Bytes,
    span: Span,
    shape: &'static Shape,
    child: Option<usize>,
) -> PyResult<Option<Py<PyAny>>> {
    let raw = &body[span.0..span.1];
    let mut jiter = Jiter::new(raw);
    let Ok(peek) = jiter.peek() else {
        return Ok(None);
    };
    let value = match (shape, peek) {
        (Shape::Nullable(_), Peek::Null) => py.None(),
        (Shape::Nullable(inner), _) => return decode(py, registry, body, span, inner, child),
        (Shape::String, Peek::String) => match jiter.known_str() {
            Ok(text) => PyString::new(py, text).into_any().unbind(),
            Err(_) => return Ok(None),
        },
        (Shape::Integer, _) if peek.is_num() => match jiter.known_int(peek) {
            Ok(NumberInt::Int(n)) if jiter.current_index() == raw.len() => {
                n.into_pyobject(py)?.into_any().unbind()
            }
            _ => return Ok(None),
        },
        (Shape::Float, _) if peek.is_num() => match jiter.known_float(peek) {
            Ok(n) if n.is_finite() => n.into_pyobject(py)?.into_any().unbind(),
            _ => return Ok(None),
        },
        (Shape::Bool, Peek::True) => true.into_pyobject(py)?.to_owned().into_any().unbind(),
        (Shape::Bool, Peek::False) => false.into_pyobject(py)?.to_owned().into_any().unbind(),
        (Shape::Any, _) | (Shape::Object, Peek::Object) => match json_to_python(py, raw) {
            Ok(value) => value.unbind(),
            Err(_) => return Ok(None),
        },
        (Shape::List(Shape::Model(model)), Peek::Array) => {
            // A list of objects: each item is indexed in the same pass over the list.
            let Some(class) = child else {
                return Ok(None);
            };
            let mut items = Vec::new();
            let mut next = jiter.known_array().ok().flatten();
            while let Some(peek) = next {
                if peek != Peek::Object {
                    return Ok(None);
                }
                let start = jiter.current_index();
                let Ok(index) = scan_object(&mut jiter, span.0, model.fields) else {
                    return Ok(None);
                };
                items.push(((span.0 + start, span.0 + jiter.current_index()), index));
                next = jiter.array_step().ok().flatten();
            }
            let list = PyList::empty(py);
            for (item_span, index) in items {
                list.append(instantiate(
                    py,
                    registry,
                    class,
                    body.clone(),
                    item_span,
                    Some(index),
                )?)?;
            }
            list.into_any().unbind()
        }
        (Shape::List(item), Peek::Array) => {
            let mut spans = Vec::new();
            let mut next = jiter.known_array().ok().flatten();
            while let Some(peek) = next {
                let start = jiter.current_index();
                if jiter.known_skip(peek).is_err() {
                    return Ok(None);
                }
                spans.push((span.0 + start, span.0 + jiter.current_index()));
                next = jiter.array_step().ok().flatten();
            }
            let list = PyList::empty(py);
            for item_span in spans {
                // One item of another type fails the list, as in the core's decode.
                match decode(py, registry, body, item_span, item, child)? {
                    Some(value) => list.append(value)?,
                    None => return Ok(None),
                }
            }
            list.into_any().unbind()
        }
        (Shape::Model(_), Peek::Object) => match child {
            Some(class) => instantiate(py, registry, class, body.clone(), span, None)?.unbind(),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(Some(value))
}

fn read_field(instance: &Bound<'_, PyAny>, class: usize, number: usize) -> PyResult<Py<PyAny>> {
    let py = instance.py();
    let state = Model::state(instance.cast::<Model>()?)?;
    let registry = registry(py)?;
    if state.class != class {
        return Err(PyTypeError::new_err("field of another model class"));
    }
    let info = &registry.classes[class];
    let field = &info.shape.fields[number];
    let child = info.children[number];
    let decoded = match state.index(registry)?.fields[number] {
        Some(span) => decode(py, registry, &state.body, span, field.shape, child)?,
        None => None,
    };
    let value = match decoded {
        Some(value) => value,
        None => default_value(py, registry, field, child)?,
    };
    // Kept in the instance's `__dict__`, which Python reads before a descriptor without `__set__`:
    // the next read is a plain attribute load. If another thread got there first, its value wins,
    // so that every read sees the same object (nothing between the check and the store runs Python).
    // SAFETY: `instance` is a live object; the result is a new reference or NULL with an error set.
    let dict = unsafe {
        Bound::from_owned_ptr_or_err(
            py,
            ffi::PyObject_GenericGetDict(instance.as_ptr(), std::ptr::null_mut()),
        )
    }?;
    let dict = dict.cast_into::<PyDict>()?;
    let name = info.names[number].bind(py);
    if let Some(existing) = dict.get_item(name)? {
        return Ok(existing.unbind());
    }
    dict.set_item(name, &value)?;
    Ok(value)
}

/// The descriptor of one declared field: decodes the field on its first read and keeps the value in
/// the instance's `__dict__`. It has no `__set__`, so later reads find the value there first.
#[pyclass(frozen, module = "clerk_backend._native")]
pub struct FieldGetter {
    class: usize,
    field: usize,
}

#[pymethods]
impl FieldGetter {
    fn __get__(
        slf: &Bound<'_, Self>,
        instance: Option<&Bound<'_, PyAny>>,
        _owner: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let Some(instance) = instance else {
            return Ok(slf.clone().into_any().unbind());
        };
        let getter = slf.get();
        read_field(instance, getter.class, getter.field)
    }
}

#[pymethods]
impl Model {
    /// `User()` reads as an empty object; `User({...})` wraps a JSON-shaped dict (a copy).
    #[new]
    #[classmethod]
    #[pyo3(signature = (data=None))]
    fn new(cls: &Bound<'_, PyType>, data: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let model = Self {
            state: OnceLock::new(),
        };
        let Some(data) = data else {
            return Ok(model);
        };
        let py = cls.py();
        if !data.is_instance_of::<PyDict>() {
            let kind = data.get_type().name()?;
            return Err(PyTypeError::new_err(format!(
                "{} takes a dict, got {kind}",
                cls.name()?
            )));
        }
        let dumps = py.import("json")?.getattr("dumps")?;
        let kwargs = PyDict::new(py);
        kwargs.set_item("allow_nan", false)?;
        let text = dumps.call((data,), Some(&kwargs))?;
        let _ = model.state.set(state_from_json(
            cls,
            Bytes::copy_from_slice(text.cast::<PyString>()?.to_str()?.as_bytes()),
        )?);
        Ok(model)
    }

    /// A result object of this class from JSON text (`bytes` or `str`).
    #[classmethod]
    fn model_validate_json<'py>(
        cls: &Bound<'py, PyType>,
        data: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let bytes = if let Ok(text) = data.cast::<PyString>() {
            Bytes::copy_from_slice(text.to_str()?.as_bytes())
        } else if let Ok(bytes) = data.cast::<PyBytes>() {
            Bytes::copy_from_slice(bytes.as_bytes())
        } else {
            return Err(PyTypeError::new_err("model_validate_json() takes str or bytes"));
        };
        let state = state_from_json(cls, bytes)?;
        let py = cls.py();
        let info = &registry(py)?.classes[state.class];
        // `Verification.model_validate_json(...)` gives the class of the kind the object names.
        let object = match (info.class.bind(py).is(cls), state.index.get()) {
            (true, Some(index)) => new_instance(&info.class_for(py, &state.body, index))?,
            _ => new_instance(cls)?,
        };
        keep_unknown_keys(&object, &state)?;
        let _ = object.cast::<Model>()?.get().state.set(state);
        Ok(object)
    }

    /// Makes the unknown keys of an object built from a dict readable as attributes (objects
    /// decoded from a response have them from the start).
    fn _keep_unknown_keys(slf: &Bound<'_, Self>) -> PyResult<()> {
        let state = Model::state(slf)?;
        state.index(registry(slf.py())?)?;
        keep_unknown_keys(slf.as_any(), state)
    }

    /// The JSON text of this object, as the server sent it.
    fn _raw_json<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(slf.py(), Model::state(slf)?.raw()))
    }

    /// The JSON-shaped dict of this object as sent: every key, nulls and unknown keys included.
    fn to_dict<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyAny>> {
        json_to_python(slf.py(), Model::state(slf)?.raw())
    }

    /// Keys of the response that the model does not declare, with their values as sent.
    #[getter]
    fn model_extra<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyDict>> {
        let py = slf.py();
        let state = Model::state(slf)?;
        if let Some(extra) = state.extra.get() {
            return Ok(extra.bind(py).clone());
        }
        let registry = registry(py)?;
        let index = state.index(registry)?;
        let info = &registry.classes[state.class];
        let dict = PyDict::new(py);
        // Declared fields sent with a value of another type read as their default: their value
        // as sent is kept here, as the core keeps it in `extra`.
        for (number, field) in info.shape.fields.iter().enumerate() {
            let Some(span) = index.fields[number] else {
                continue;
            };
            let raw = &state.body[span.0..span.1];
            if raw != b"null"
                && decode(
                    py,
                    registry,
                    &state.body,
                    span,
                    field.shape,
                    info.children[number],
                )?
                .is_none()
            {
                dict.set_item(field.name, json_to_python(py, raw)?)?;
            }
        }
        for (key, span) in &index.extra {
            dict.set_item(key, json_to_python(py, &state.body[span.0..span.1])?)?;
        }
        let _ = state.extra.set(dict.unbind());
        Ok(state.extra.get().expect("set above").bind(py).clone())
    }

    /// The keys present in the response, declared or not, in the order sent.
    fn _keys<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyList>> {
        let py = slf.py();
        let state = Model::state(slf)?;
        let registry = registry(py)?;
        let index = state.index(registry)?;
        let fields = registry.classes[state.class].shape.fields;
        let mut keys: Vec<(usize, &str)> = index
            .fields
            .iter()
            .zip(fields)
            .filter_map(|(span, field)| span.map(|span| (span.0, field.name)))
            .chain(index.extra.iter().map(|(key, span)| (span.0, key.as_str())))
            .collect();
        keys.sort_unstable();
        PyList::new(py, keys.into_iter().map(|(_, key)| key))
    }
}
