//! `clerk-backend`: a fast, correct async client for the users API of Clerk's Backend API.
//!
//! ```no_run
//! # async fn demo() -> clerk_backend::Result<()> {
//! use clerk_backend::{Clerk, requests::ListUsersRequest};
//!
//! let clerk = Clerk::new("sk_test_...")?;
//! let users = clerk
//!     .users()
//!     .list(ListUsersRequest { email_address: vec!["ada@example.com".into()], ..Default::default() })
//!     .await?;
//! for user in &users {
//!     println!("{} {:?}", user.id, user.first_name);
//! }
//! let user = clerk.users().get("user_123").await?;
//! # let _ = user;
//! # Ok(())
//! # }
//! ```
//!
//! Every operation is described once in [`ops`]; [`requests`] holds one request struct per
//! operation, [`models`] the tolerant response models, [`Error`] the classified errors.

#[macro_use]
#[doc(hidden)]
pub mod macros;

mod client;
mod error;
#[doc(hidden)]
pub mod limits;
pub mod models;
mod nullable;
pub mod ops;
mod pacing;
pub mod paging;
#[doc(hidden)]
pub mod params;
pub mod requests;
mod retry;
mod users;
#[doc(hidden)]
pub mod wire;

pub use client::{
    AttemptEvent, AttemptHook, CallOptions, Clerk, ClerkBuilder, DEFAULT_API_VERSION, DEFAULT_SERVER_URL,
    DEFAULT_TIMEOUT, VERSION,
};
pub use error::{ConnectionErrorKind, Error, HttpResponse, Result};
/// The HTTP client underneath: [`ClerkBuilder::http_client`] takes a `reqwest::Client` of this
/// version, which makes reqwest a public dependency of this crate.
pub use reqwest;

// What the Python and Node bindings are built from; not part of the Rust API.
#[doc(hidden)]
pub use client::{RawItems, RawResponse};
#[doc(hidden)]
pub use error::{char_prefix, panic_message};
pub use nullable::Nullable;
pub use pacing::RateLimit;
pub use requests::{Action, File, Operation};
pub use retry::{BackoffStrategy, RetryConfig, RetryStrategy, UnknownStrategy};
pub use users::Users;

/// The README's examples, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
