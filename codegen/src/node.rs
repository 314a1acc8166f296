//! The TypeScript declarations of the Node package's results, parameters and `Users` class
//! (`bindings-node/types.d.ts`; `index.d.ts` re-exports them beside the options and errors).

use std::collections::BTreeMap;
use std::fmt::Write;

use clerk_backend::models::shape::{self, ModelShape, Presence as FieldPresence, Shape};
use clerk_backend::params::{EnumShape, Param, ParamKind};

use crate::operations::{self, Operation};

/// Fields whose object is the app's own, typed by the global interfaces an app can augment (as
/// `@clerk/backend` users do).
const USER_METADATA: &[(&str, &str)] = &[
    ("public_metadata", "UserPublicMetadata"),
    ("private_metadata", "UserPrivateMetadata"),
    ("unsafe_metadata", "UserUnsafeMetadata"),
];

/// `snake_case` as the Node binding renames keys (`web3_wallets` → `web3Wallets`).
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        if c == '_' && !out.is_empty() {
            upper = true;
        } else if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn doc_comment(out: &mut String, indent: &str, doc: &str) {
    if !doc.is_empty() {
        let _ = writeln!(out, "{indent}/** {} */", doc.replace("*/", "* /"));
    }
}

fn quoted(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{v}'"))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn result_type(shape: &Shape, values: Option<&EnumShape>) -> String {
    match shape {
        Shape::String => values.map_or("string".into(), |e| e.name.to_owned()),
        Shape::Integer | Shape::Float => "number".into(),
        Shape::Bool => "boolean".into(),
        Shape::Any => "unknown".into(),
        Shape::Object => "Metadata".into(),
        Shape::Nullable(inner) => format!("{} | null", result_type(inner, values)),
        Shape::List(item) => match result_type(item, values) {
            simple if simple.chars().all(|c| c.is_alphanumeric()) => format!("{simple}[]"),
            complex => format!("({complex})[]"),
        },
        Shape::Model(model) => model.name.into(),
        Shape::Either { array, object } => {
            format!("{} | {}", result_type(array, None), result_type(object, None))
        }
    }
}

fn param_type(param: &Param, closed: &BTreeMap<&str, bool>) -> String {
    match param.kind {
        ParamKind::String => "string".into(),
        ParamKind::DateTime => "DateTimeInput".into(),
        ParamKind::Suggested(shape) => shape.name.into(),
        ParamKind::Integer => "number".into(),
        ParamKind::Bool => "boolean".into(),
        ParamKind::Strings => "string[]".into(),
        ParamKind::Metadata => USER_METADATA
            .iter()
            .find(|(name, _)| *name == param.name)
            .map_or("Metadata".into(), |(_, ty)| (*ty).into()),
        ParamKind::File => "ProfileImageFile".into(),
        // A parameter takes only the known values (the core refuses others).
        ParamKind::Enum(shape) if closed[shape.name] => shape.name.into(),
        ParamKind::Enum(shape) => quoted(shape.values),
    }
}

fn params_name(op: &Operation) -> String {
    let request = op.request.rsplit("::").next().unwrap_or(op.request);
    format!("{}Params", request.trim_end_matches("Request"))
}

fn interface(out: &mut String, model: &ModelShape, kept_apart: bool) {
    doc_comment(out, "", model.doc);
    let extends = if kept_apart { " extends KeptApart" } else { "" };
    let _ = writeln!(out, "export interface {}{extends} {{", model.name);
    for field in model.fields {
        doc_comment(out, "  ", field.doc);
        let mut ty = result_type(field.shape, field.values);
        let user_data = USER_METADATA.iter().find(|(name, _)| *name == field.name);
        if let Some((_, global)) = user_data.filter(|_| model.name == "User") {
            ty = ty.replace("Metadata", global);
        }
        let key = camel(field.name);
        let nullable = if ty.ends_with("| null") {
            ty.clone()
        } else {
            format!("{ty} | null")
        };
        match field.presence {
            FieldPresence::Required => {
                let _ = writeln!(out, "  {key}: {ty};");
            }
            FieldPresence::Nullable => {
                let _ = writeln!(out, "  {key}: {nullable};");
            }
            // Left out by the server, or sent as null (kept as sent).
            FieldPresence::Optional => {
                let _ = writeln!(out, "  {key}?: {nullable};");
            }
        }
    }
    out.push_str("}\n\n");
}

fn users_class(out: &mut String, operations: &[Operation]) {
    out.push_str("/** The users operations of Clerk's Backend API; reached as `clerk.users`. */\n");
    out.push_str("export declare class Users {\n  private constructor();\n");
    for op in operations {
        let params = params_name(op);
        let optional = op
            .params
            .iter()
            .all(|p| p.presence != clerk_backend::params::Presence::Required);
        let arg = if optional { "params?" } else { "params" };
        doc_comment(out, "  ", op.spec.doc);
        let name = op.spec.js_name;
        if let Shape::Either { array, object } = op.output {
            let by = camel(operations::paginated_by(op.spec));
            let _ = writeln!(
                out,
                "  {name}(params: {params} & {{ {by}: true }}, options?: RequestOptions): Promise<{}>;",
                result_type(object, None)
            );
            let _ = writeln!(
                out,
                "  {name}(params: {params} & {{ {by}?: false | null }}, options?: RequestOptions): Promise<{}>;",
                result_type(array, None)
            );
        }
        let _ = writeln!(
            out,
            "  {name}({arg}: {params}, options?: RequestOptions): Promise<{}>;",
            result_type(op.output, None)
        );
    }
    // Beside the operations: the walk over every user by cursor, in `index.js`.
    let _ = write!(
        out,
        "  /**\n   * Every user matching the filters, newest first (`orderBy: '+created_at'`: oldest first),\n   \
         * `pageSize` (default {default}, at most {max}) a page, fetched by cursor as the iteration goes.\n   \
         * Deleting users as they come is safe: a page whose cursor is refused (any\n   \
         * 4XX but 401, 403 and 429) is asked for once more by creation time, without\n   \
         * yielding again the users of the page before.\n   */\n  \
         listAll(params?: Omit<ListUsersParams, 'limit' | 'offset'> & {{ pageSize?: number }}, options?: RequestOptions): AsyncIterable<User>;\n",
        default = clerk_backend::paging::DEFAULT_PAGE_SIZE,
        max = clerk_backend::paging::MAX_PAGE_SIZE,
    );
    out.push_str("}\n");
}

pub fn types() -> String {
    let operations = operations::all();
    let mut out = String::from(
        "// The results, parameters and operations of clerk-backend, for TypeScript.\n\
         // Generated by `cargo run -p clerk-codegen` from the core's descriptions; do not edit.\n\
         // Results are plain objects with camelCase keys; decoding is tolerant: fields this version\n\
         // does not know are kept on the objects, unknown enum values are kept as strings.\n\n\
         import type { KeptApart, Metadata, DateTimeInput, ProfileImageFile, RequestOptions } from './index';\n\n\
         declare global {\n\
         \x20 /**\n\
         \x20  * The app's shape of `user.publicMetadata`, `privateMetadata` and `unsafeMetadata`: declare\n\
         \x20  * your own keys with `declare global { interface UserPublicMetadata { plan?: string } }`.\n\
         \x20  */\n\
         \x20 interface UserPublicMetadata {\n    [key: string]: unknown;\n  }\n\
         \x20 interface UserPrivateMetadata {\n    [key: string]: unknown;\n  }\n\
         \x20 interface UserUnsafeMetadata {\n    [key: string]: unknown;\n  }\n\
         }\n\n",
    );

    // Enums: open unions where results hold them; a parameter-only enum is closed.
    let models = shape::models();
    let mut enums: BTreeMap<&str, (&EnumShape, bool)> = BTreeMap::new();
    for model in &models {
        for field in model.fields {
            if let Some(values) = field.values {
                enums.insert(values.name, (values, false));
            }
        }
    }
    for op in &operations {
        for param in &op.params {
            if let ParamKind::Enum(shape) | ParamKind::Suggested(shape) = param.kind {
                enums
                    .entry(shape.name)
                    .or_insert((shape, matches!(param.kind, ParamKind::Enum(_))));
            }
        }
    }
    let closed: BTreeMap<&str, bool> = enums.iter().map(|(name, (_, closed))| (*name, *closed)).collect();
    for (shape, closed) in enums.values() {
        doc_comment(&mut out, "", shape.doc);
        let open = if *closed { "" } else { " | (string & {})" };
        let _ = writeln!(
            out,
            "export type {} = {}{open};\n",
            shape.name,
            quoted(shape.values)
        );
    }

    // Result models: every model a result reaches keeps colliding keys apart; the error body's
    // models are built apart from results.
    let errors = match <clerk_backend::models::ClerkErrorsBody as shape::Shaped>::SHAPE {
        Shape::Model(model) => model,
        _ => unreachable!("the error body is a model"),
    };
    let mut error_models = vec![errors.name];
    for field in errors.fields {
        if let Shape::List(Shape::Model(model)) = field.shape {
            error_models.push(model.name);
        }
    }
    for model in &models {
        interface(&mut out, model, !error_models.contains(&model.name));
    }

    // Parameters; `list`'s interface extends `count`'s, as the core declares them.
    const EXTENDS: &[(&str, &str)] = &[("list", "count")];
    for op in &operations {
        let name = params_name(op);
        let base = EXTENDS
            .iter()
            .find(|(child, _)| *child == op.spec.python_name)
            .map(|(_, parent)| {
                let parent = operations
                    .iter()
                    .find(|o| o.spec.python_name == *parent)
                    .expect(parent);
                (
                    params_name(parent),
                    parent.params.iter().map(|p| p.name).collect::<Vec<_>>(),
                )
            });
        let inherited: Vec<&str> = base.as_ref().map_or(Vec::new(), |(_, fields)| fields.clone());
        let extends = base
            .as_ref()
            .map_or(String::new(), |(parent, _)| format!(" extends {parent}"));
        doc_comment(&mut out, "", &format!("`{}`: {}", op.spec.js_name, op.spec.doc));
        let own: Vec<&Param> = op
            .params
            .iter()
            .filter(|p| !inherited.contains(&p.name))
            .collect();
        if own.is_empty() {
            let _ = writeln!(out, "export interface {name}{extends} {{}}\n");
        } else {
            let _ = writeln!(out, "export interface {name}{extends} {{");
            for param in own {
                let mut doc = param.doc.to_owned();
                if let Some(default) = &param.default {
                    doc = format!("{doc} Default {default}.").trim().to_owned();
                }
                doc_comment(&mut out, "  ", &doc);
                let ty = param_type(param, &closed);
                let key = camel(param.name);
                match param.presence {
                    clerk_backend::params::Presence::Required => {
                        let _ = writeln!(out, "  {key}: {ty};");
                    }
                    _ => {
                        let _ = writeln!(out, "  {key}?: {ty} | null;");
                    }
                }
            }
            out.push_str("}\n\n");
        }
    }
    users_class(&mut out, &operations);
    out
}
