//! The Python methods of `clerk.users` (sync and `*_async`), the request TypedDicts of `list`
//! and `count`, and the parameter enums, from the operation table and the request structs.

use std::collections::BTreeMap;
use std::fmt::Write;

use clerk_backend::models::shape::Shape;
use clerk_backend::ops::OperationSpec;
use clerk_backend::params::{EnumShape, Param, ParamKind, Presence};
use serde_json::Value;

use crate::operations::{self, Operation};
use crate::python::{annotation, wrap};

/// Operations that take their parameters as one `request=` dict, as in the reference SDK, with
/// the name of its TypedDict.
const REQUEST_DICTS: &[(&str, &str)] = &[("count", "GetUsersCountRequest"), ("list", "GetUserListRequest")];

/// The reference SDK's names of the enums that parameters take.
const ENUM_NAMES: &[(&str, &str)] = &[
    ("Action", "Action"),
    (
        "OrganizationInvitationStatus",
        "UsersGetOrganizationInvitationsQueryParamStatus",
    ),
];

const OPTIONS: &[&str] = &[
    "retries: OptionalNullable[RetryConfig] = UNSET",
    "server_url: Optional[str] = None",
    "timeout_ms: Optional[int] = None",
    "http_headers: Optional[Mapping[str, str]] = None",
    "max_response_bytes: Optional[int] = None",
];

fn enum_name(shape: &EnumShape) -> &'static str {
    ENUM_NAMES
        .iter()
        .find(|(rust, _)| *rust == shape.name)
        .map(|(_, python)| *python)
        .unwrap_or_else(|| panic!("name the Python enum of {} in ENUM_NAMES", shape.name))
}

/// The TypedDict of an operation that takes its parameters as one `request=` dict.
pub fn request_dict(op: &OperationSpec) -> Option<&'static str> {
    REQUEST_DICTS
        .iter()
        .find(|(name, _)| *name == op.python_name)
        .map(|(_, dict)| *dict)
}

fn kind_annotation(kind: ParamKind) -> String {
    match kind {
        ParamKind::String | ParamKind::DateTime | ParamKind::Suggested(_) => "str".into(),
        ParamKind::Integer => "int".into(),
        ParamKind::Bool => "bool".into(),
        ParamKind::Strings => "List[str]".into(),
        ParamKind::Metadata => "Dict[str, Any]".into(),
        ParamKind::File => "models.FileTypedDict".into(),
        ParamKind::Enum(shape) => format!("models.{}", enum_name(shape)),
    }
}

fn python_literal(value: &Value) -> String {
    match value {
        Value::Null => "None".into(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        other => panic!("no Python literal for the default {other}"),
    }
}

/// `name: Type = default` of a keyword parameter.
fn parameter(param: &Param, annotation: Option<String>) -> String {
    let ty = annotation.unwrap_or_else(|| kind_annotation(param.kind));
    match param.presence {
        Presence::Required => format!("{}: {ty}", param.name),
        Presence::Nullable => format!("{}: OptionalNullable[{ty}] = UNSET", param.name),
        Presence::Optional => {
            let default = param.default.as_ref().map_or("None".into(), python_literal);
            format!("{}: Optional[{ty}] = {default}", param.name)
        }
    }
}

fn result_annotation(shape: &Shape) -> String {
    annotation(shape, "models.")
}

/// One `def` (or `async def`), with `returns` and the parameter whose annotation it narrows.
fn method(out: &mut String, op: &Operation, is_async: bool, overload: Option<(&str, String, String)>) {
    let spec = op.spec;
    let (def, name, call) = if is_async {
        (
            "async def",
            format!("{}_async", spec.python_name),
            "await self._call_async",
        )
    } else {
        ("def", spec.python_name.to_owned(), "self._call")
    };
    if overload.is_some() {
        out.push_str("    @overload\n");
    }
    let _ = writeln!(out, "    {def} {name}(\n        self,");
    if let Some(dict) = request_dict(spec) {
        let _ = writeln!(out, "        request: Optional[models.{dict}TypedDict] = None,");
        out.push_str("        *,\n");
    } else {
        out.push_str("        *,\n");
        for param in &op.params {
            let narrowed = overload
                .as_ref()
                .filter(|(by, _, _)| *by == param.name)
                .map(|(_, ty, _)| ty.clone());
            let line = match (&narrowed, param.presence) {
                // `paginated=True` must be given to get the page.
                (Some(ty), _) if ty == "Literal[True]" => format!("{}: {ty}", param.name),
                _ => parameter(param, narrowed),
            };
            let _ = writeln!(out, "        {line},");
        }
    }
    for option in OPTIONS {
        let _ = writeln!(out, "        {option},");
    }
    let returns = overload
        .as_ref()
        .map_or_else(|| result_annotation(op.output), |(_, _, returns)| returns.clone());
    if overload.is_some() {
        let _ = writeln!(out, "    ) -> {returns}: ...\n");
        return;
    }
    let _ = writeln!(out, "    ) -> {returns}:");
    let _ = writeln!(
        out,
        "        \"\"\"{}\"\"\"",
        wrap(&spec.doc.replace('"', "'"), "        ", 100)
    );
    let _ = writeln!(
        out,
        "        return {call}(\"{}\", locals())  # type: ignore[no-any-return]\n",
        spec.python_name
    );
}

pub fn users() -> String {
    let mut out = String::from(
        "\"\"\"`clerk.users`: the operations of the reference docs, sync and `*_async`.\n\n\
         Generated by `cargo run -p clerk-codegen` from the core's operation table and request\n\
         structs; do not edit. Each method only gathers its arguments and hands them to the native\n\
         core, which validates, encodes, sends, retries and decodes (see `_call.UsersBase`).\n\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from typing import Any, ClassVar, Dict, FrozenSet, List, Literal, Mapping, Optional, Union, overload\n\n\
         from . import models\n\
         from ._call import UsersBase\n\
         from .utils import UNSET, OptionalNullable, RetryConfig\n\n\n\
         class Users(UsersBase):\n    \"\"\"The users operations; reached as `clerk.users`.\"\"\"\n\n    __slots__ = ()\n\n",
    );
    let operations = operations::all();
    out.push_str(
        "    # Per operation, its list parameters: a bare string there is a mistake, not a list of\n    \
         # characters.\n    _ARRAYS: ClassVar[Dict[str, FrozenSet[str]]] = {\n",
    );
    for op in &operations {
        let arrays: Vec<String> = op
            .params
            .iter()
            .filter(|p| matches!(p.kind, ParamKind::Strings))
            .map(|p| format!("\"{}\"", p.name))
            .collect();
        if !arrays.is_empty() {
            let _ = writeln!(
                out,
                "        \"{}\": frozenset({{{}}}),",
                op.spec.python_name,
                arrays.join(", ")
            );
        }
    }
    out.push_str("    }\n\n");
    for op in &operations {
        for is_async in [false, true] {
            if let Shape::Either { array, object } = op.output {
                let by = operations::paginated_by(op.spec);
                let both = result_annotation(op.output);
                method(
                    &mut out,
                    op,
                    is_async,
                    Some((by, "Literal[True]".into(), result_annotation(object))),
                );
                method(
                    &mut out,
                    op,
                    is_async,
                    Some((by, "Literal[False]".into(), result_annotation(array))),
                );
                method(&mut out, op, is_async, Some((by, "bool".into(), both)));
            }
            method(&mut out, op, is_async, None);
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn typed_dict_fields(out: &mut String, params: &[&Param]) {
    for param in params {
        if !param.doc.is_empty() {
            let _ = writeln!(out, "    # {}", wrap(param.doc, "    # ", 100));
        }
        let ty = kind_annotation(param.kind);
        let ty = if param.presence == Presence::Nullable {
            format!("Optional[{ty}]")
        } else {
            ty
        };
        let _ = writeln!(out, "    {}: {ty}", param.name);
    }
}

pub fn requests() -> String {
    let mut out = String::from(
        "\"\"\"Request shapes, as TypedDicts (plain dicts at run time).\n\n\
         Generated by `cargo run -p clerk-codegen` from the core's request structs; do not edit.\n\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from typing import IO, {typing}TypedDict, Union\n\n",
    );
    let operations = operations::all();
    let mut declared: Vec<(&str, Vec<&str>)> = Vec::new();
    // Each dict in the order of REQUEST_DICTS; a dict whose fields extend an earlier one's
    // subclasses it.
    for (op_name, dict) in REQUEST_DICTS {
        let op = operations
            .iter()
            .find(|op| op.spec.python_name == *op_name)
            .expect(op_name);
        let names: Vec<&str> = op.params.iter().map(|p| p.name).collect();
        let base = declared
            .iter()
            .filter(|(_, fields)| fields.iter().all(|f| names.contains(f)))
            .max_by_key(|(_, fields)| fields.len());
        let inherited: &[&str] = base.map_or(&[], |(_, fields)| fields);
        let parent = base.map_or("TypedDict".to_owned(), |(name, _)| format!("{name}TypedDict"));
        let _ = writeln!(out, "\nclass {dict}TypedDict({parent}, total=False):");
        let _ = writeln!(
            out,
            "    \"\"\"`{op_name}`: {}\"\"\"\n",
            wrap(&op.spec.doc.replace('"', "'"), "    ", 100)
        );
        let own: Vec<&Param> = op
            .params
            .iter()
            .filter(|p| !inherited.contains(&p.name))
            .collect();
        typed_dict_fields(&mut out, &own);
        declared.push((dict, names));
        out.push('\n');
    }
    out.push_str(
        "\nclass _FileRequired(TypedDict):\n    file_name: str\n    content: Union[bytes, IO[bytes], str]\n\n\n\
         # No `NotRequired` before Python 3.11: optional keys come from a `total=False` subclass.\n\
         class FileTypedDict(_FileRequired, total=False):\n    \
         \"\"\"`set_profile_image`'s `file`: `content` is bytes, a binary file object, or text (UTF-8);\n    \
         `content_type` is guessed from the file name when not given.\"\"\"\n\n    content_type: str\n\n\n\
         # The official SDK's names for the same shapes.\n",
    );
    for (_, dict) in REQUEST_DICTS {
        let _ = writeln!(out, "{dict} = {dict}TypedDict");
    }
    out.push_str("File = FileTypedDict\n");
    let typing: String = ["Any", "Dict", "List", "Optional"]
        .iter()
        .filter(|name| out.contains(&format!("{name}[")))
        .map(|name| format!("{name}, "))
        .collect();
    out.replacen("{typing}", &typing, 1)
}

pub fn enums() -> String {
    let mut shapes: BTreeMap<&str, &EnumShape> = BTreeMap::new();
    for op in operations::all() {
        for param in &op.params {
            if let ParamKind::Enum(shape) = param.kind {
                shapes.insert(enum_name(shape), shape);
            }
        }
    }
    let mut out = String::from(
        "\"\"\"The enums that parameters take. They are `str` subclasses: a plain string works too.\n\n\
         Generated by `cargo run -p clerk-codegen` from the core's enums; do not edit.\n\"\"\"\n\n\
         from enum import Enum\n",
    );
    for (name, shape) in shapes {
        let _ = write!(
            out,
            "\n\nclass {name}(str, Enum):\n    \"\"\"{}\"\"\"\n\n",
            wrap(&shape.doc.replace('"', "'"), "    ", 100)
        );
        for value in shape.values {
            let member: String = value
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            let _ = writeln!(out, "    {member} = \"{value}\"");
        }
    }
    out
}
