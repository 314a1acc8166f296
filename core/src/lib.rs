#[macro_use]
#[doc(hidden)]
pub mod macros;
pub mod models;
