//! The Python result classes.

use std::collections::BTreeSet;
use std::fmt::Write;

use clerk_backend::models::shape::{self, ModelShape, Presence, Shape};

/// Other names the reference SDK gives a model (it names one per operation).
const MORE_REFERENCE_NAMES: &[(&str, &[&str])] = &[(
    "UserIdResponse",
    &["DisableMFAResponseBody", "DeleteTOTPResponseBody"],
)];

/// More names of the reference SDK (clerk-backend-api 5.0.6), by the Python class they alias
/// (a kind's class included). That SDK declares a class per place a model appears, such as `Otp`
/// and `VerificationAdminVerificationAdmin` for the verifications of an email address and of a
/// web3 wallet, or `Amount` and `Balance` for money; here each place has the one class.
/// Not aliased: its `...Meta` classes (an error's `meta`, a plain dict here) and its unions of
/// verification kinds (`EmailAddressVerification`, ...), which this package types as `Verification`.
const REFERENCE_ALIASES: &[(&str, &[&str])] = &[
    ("VerificationOTP", &["Otp"]),
    (
        "VerificationAdmin",
        &["Admin", "VerificationAdminVerificationAdmin"],
    ),
    ("VerificationFromOauth", &["FromOAuth"]),
    (
        "VerificationTicket",
        &["Ticket", "VerificationTicketVerificationTicket"],
    ),
    ("VerificationSAML", &["Saml", "VerificationSAMLVerificationSAML"]),
    ("VerificationEmailLink", &["EmailLink"]),
    ("VerificationWeb3", &["Web3Signature"]),
    ("VerificationOauth", &["Oauth"]),
    ("VerificationGoogleOneTap", &["GoogleOneTap"]),
    (
        "ClerkError",
        &[
            "ErrorClerkError",
            "VerificationGoogleOneTapErrorClerkError",
            "VerificationOauthErrorClerkError",
            "VerificationOauthErrorEnterpriseAccountClerkError",
            "VerificationSAMLErrorSAMLAccountClerkError",
            "VerificationSamlErrorClerkError",
            "VerificationSamlErrorEnterpriseAccountClerkError",
        ],
    ),
    (
        "CommerceMoneyResponse",
        &[
            "Amount",
            "Balance",
            "CommerceSubscriptionItemAmount",
            "CommerceSubscriptionItemAnnualFee",
            "CommerceSubscriptionItemAnnualMonthlyFee",
        ],
    ),
    ("Credits", &["CommerceSubscriptionItemCredits"]),
    (
        "PayerCredit",
        &[
            "CommerceSubscriptionItemPayer",
            "CommerceSubscriptionItemTotalsPayer",
        ],
    ),
    (
        "ProrationCreditDetail",
        &["Proration", "CommerceSubscriptionItemProration"],
    ),
];

/// The Python type of a value of `shape`; model classes are named with `prefix` (`models.`).
pub fn annotation(shape: &Shape, prefix: &str) -> String {
    match shape {
        Shape::String => "str".into(),
        Shape::Integer => "int".into(),
        Shape::Float => "float".into(),
        Shape::Bool => "bool".into(),
        Shape::Any => "Any".into(),
        Shape::Object => "Dict[str, Any]".into(),
        Shape::Nullable(inner) => format!("Optional[{}]", annotation(inner, prefix)),
        Shape::List(item) => format!("List[{}]", annotation(item, prefix)),
        Shape::Model(model) => format!("{prefix}{}", model.reference),
        Shape::Either { array, object } => {
            format!(
                "Union[{}, {}]",
                annotation(array, prefix),
                annotation(object, prefix)
            )
        }
    }
}

fn field_annotation(field: &shape::Field) -> String {
    let inner = annotation(field.shape, "");
    match (field.presence, field.shape) {
        (Presence::Required, _) | (_, Shape::Nullable(_)) => inner,
        _ => format!("Optional[{inner}]"),
    }
}

fn is_identifier(name: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    ];
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

pub fn models() -> String {
    let models: Vec<&ModelShape> = shape::models();
    let mut names = BTreeSet::new();
    for model in &models {
        assert!(
            names.insert(model.reference),
            "two models named {}",
            model.reference
        );
        for field in model.fields {
            assert!(
                is_identifier(field.name),
                "{}.{} is not a Python name",
                model.name,
                field.name
            );
        }
    }
    // The core's names (`aliases`) and the reference SDK's other names (`reference_aliases`).
    let mut aliases: Vec<(String, &str)> = Vec::new();
    let mut reference_aliases: Vec<(&str, &str)> = Vec::new();
    for model in &models {
        if model.name != model.reference && !names.contains(model.name) {
            aliases.push((model.name.to_owned(), model.reference));
        }
        for (name, more) in MORE_REFERENCE_NAMES {
            if *name == model.name {
                reference_aliases.extend(more.iter().map(|alias| (*alias, model.reference)));
            }
        }
    }
    aliases.sort();

    let mut out = String::new();
    out.push_str(
        "\"\"\"The result classes: one per response model of the core (`core/src/models`), named as in\n\
         Clerk's reference SDK.\n\n\
         Generated by `cargo run -p clerk-codegen` from the core's model descriptions; do not edit.\n\
         Fields are declared with their types; each is decoded from the response the first time it is\n\
         read (see `ClerkModel`).\n\"\"\"\n\n\
         from __future__ import annotations\n\n\
         from typing import Any, Dict, List, Optional\n\n\
         from .._native import register_models\n\
         from ._base import ClerkModel\n\n",
    );
    let mut exported: Vec<&str> = models.iter().map(|m| m.reference).collect();
    exported.extend(
        models
            .iter()
            .flat_map(|m| m.kinds.iter().flat_map(|k| k.kinds.iter().map(|(_, name)| *name))),
    );
    let classes: BTreeSet<&str> = exported.iter().copied().collect();
    for (class, more) in REFERENCE_ALIASES {
        assert!(classes.contains(class), "no class {class} to alias");
        reference_aliases.extend(more.iter().map(|alias| (*alias, *class)));
    }
    reference_aliases.sort();
    exported.extend(aliases.iter().map(|(alias, _)| alias.as_str()));
    exported.extend(reference_aliases.iter().map(|(alias, _)| *alias));
    exported.sort_unstable();
    for pair in exported.windows(2) {
        assert!(pair[0] != pair[1], "{} names two classes", pair[0]);
    }
    out.push_str("__all__ = [\n");
    for name in &exported {
        let _ = writeln!(out, "    \"{name}\",");
    }
    out.push_str("]\n");
    for model in &models {
        for (_, kind) in model.kinds.iter().flat_map(|k| k.kinds) {
            assert!(names.insert(kind), "two models named {kind}");
        }
    }
    for model in &models {
        let _ = write!(out, "\n\nclass {}(ClerkModel):\n", model.reference);
        let doc = if model.doc.is_empty() {
            format!("`{}` of the core.", model.name)
        } else {
            model.doc.to_owned()
        };
        let _ = writeln!(
            out,
            "    \"\"\"{}\"\"\"\n",
            wrap(&doc.replace('"', "'"), "    ", 100)
        );
        out.push_str("    __slots__ = ()\n\n");
        for field in model.fields {
            let _ = writeln!(out, "    {}: {}", field.name, field_annotation(field));
        }
        if let Some(kinds) = &model.kinds {
            for (value, kind) in kinds.kinds {
                let _ = write!(
                    out,
                    "\n\nclass {kind}({}):\n    \"\"\"A `{}` whose `{}` is `{value}`.\"\"\"\n\n    __slots__ = ()\n",
                    model.reference, model.reference, kinds.field
                );
            }
        }
    }
    out.push_str("\n\n# The core's names, which earlier versions of this package used.\n");
    for (alias, target) in &aliases {
        let _ = writeln!(out, "{alias} = {target}");
    }
    out.push_str(
        "\n# The reference SDK's other names: it declares a class per place a model appears\n\
         # (`Otp` for an email address's verification, `Amount`, `Balance`, ...).\n",
    );
    for (alias, target) in &reference_aliases {
        let _ = writeln!(out, "{alias} = {target}");
    }
    out.push_str(
        "\n# By the core's name (a kind: the model's name/the value that tells it): the native\n\
         # decoder installs each field's descriptor and picks a kind's class by that value.\n\
         register_models(\n    {\n",
    );
    for model in &models {
        let _ = writeln!(out, "        \"{}\": {},", model.name, model.reference);
        for (value, kind) in model.kinds.iter().flat_map(|k| k.kinds) {
            let _ = writeln!(out, "        \"{}/{value}\": {kind},", model.name);
        }
    }
    out.push_str("    }\n)\n");
    out
}

/// `text` in lines of at most `width` columns, the ones after the first indented by `indent`
/// (a docstring's opening quotes take the first line's room).
pub fn wrap(text: &str, indent: &str, width: usize) -> String {
    let mut out = String::new();
    let mut column = indent.len() + 3;
    for word in text.split_whitespace() {
        if column + 1 + word.len() > width && !out.is_empty() {
            out.push('\n');
            out.push_str(indent);
            column = indent.len();
        } else if !out.is_empty() {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += word.len();
    }
    out
}
