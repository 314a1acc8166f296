//! Writes the files the bindings generate from the core's descriptions, so that what the core
//! knows is never copied by hand:
//!
//! - `bindings-python/python/clerk_backend/models/_results.py`: a typed class per response model;
//! - `bindings-python/python/clerk_backend/_users.py`: the methods of `clerk.users`;
//! - `bindings-python/python/clerk_backend/models/_requests.py` and `_enums.py`: the request
//!   TypedDicts of `list` and `count`, and the enums parameters take;
//! - `bindings-node/types.d.ts`: the Node package's result, parameter and enum types and its
//!   `Users` class;
//! - `tests/vectors/tables/errors.json`: the error table the Python and Node suites read;
//! - the operations list of `README.md`, between its `operations` markers.
//!
//! `cargo run -p clerk-codegen` rewrites them; `cargo run -p clerk-codegen -- --check` (and this
//! crate's tests) fail when a committed file differs from what the core describes now.

mod node;
mod operations;
mod python;
mod python_users;
mod vectors;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A generated file: its path from the repository root and its content.
pub struct Generated {
    pub path: &'static str,
    pub content: String,
}

pub fn generate() -> Vec<Generated> {
    vec![
        Generated {
            path: "bindings-python/python/clerk_backend/models/_results.py",
            content: python::models(),
        },
        Generated {
            path: "bindings-python/python/clerk_backend/_users.py",
            content: python_users::users(),
        },
        Generated {
            path: "bindings-python/python/clerk_backend/models/_requests.py",
            content: python_users::requests(),
        },
        Generated {
            path: "bindings-python/python/clerk_backend/models/_enums.py",
            content: python_users::enums(),
        },
        Generated {
            path: "bindings-node/types.d.ts",
            content: node::types(),
        },
        Generated {
            path: "tests/vectors/tables/errors.json",
            content: vectors::errors(),
        },
        Generated {
            path: "README.md",
            content: vectors::readme(&std::fs::read_to_string(root().join("README.md")).unwrap_or_default()),
        },
    ]
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The generated files that differ from the committed ones.
fn stale() -> Vec<&'static str> {
    generate()
        .into_iter()
        .filter(|file| std::fs::read_to_string(root().join(file.path)).ok().as_deref() != Some(&file.content))
        .map(|file| file.path)
        .collect()
}

fn main() -> ExitCode {
    let check = std::env::args().any(|arg| arg == "--check");
    if check {
        let stale = stale();
        if stale.is_empty() {
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "out of date (run `cargo run -p clerk-codegen`): {}",
            stale.join(", ")
        );
        return ExitCode::FAILURE;
    }
    for file in generate() {
        let path = root().join(file.path);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(error) = std::fs::write(&path, &file.content) {
            eprintln!("cannot write {}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", file.path);
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    #[test]
    fn committed_files_are_what_the_core_describes() {
        let stale = super::stale();
        assert!(
            stale.is_empty(),
            "out of date (run `cargo run -p clerk-codegen`): {stale:?}"
        );
    }
}
