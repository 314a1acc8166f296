//! A call's future and its result: JSON text with JavaScript's keys, which the facade
//! `JSON.parse`s (see `json.rs` for why, and for what the objects hold).

use clerk_backend::models::literal;
use clerk_backend::models::shape::Shaped;
use clerk_backend::requests::Operation;
use clerk_backend::{CallOptions, Clerk};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use serde_json::Value;

use crate::json;

/// What a finished call hands back to JavaScript: the result as JSON text with JavaScript's
/// keys, in parts when it is a long array, with the integers to make `BigInt`s (see `json.rs`),
/// or the error.
pub(crate) type Outcome = std::result::Result<json::Json, clerk_backend::Error>;

/// The future of one call: runs the operation and writes its result as JSON text with camelCase
/// keys, all off the JS thread; the facade `JSON.parse`s it, which builds the objects far faster
/// than setting their properties through Node-API. The text comes from one pass over the body
/// checked against the result model's shape, or, when that pass cannot vouch for the body, from
/// the parsed body guided by the same shape, once the model's own decode accepts it (its error
/// when it does not).
pub(crate) fn start<O>(clerk: Clerk, options: Option<CallOptions>, request: O) -> BoxFuture<'static, Outcome>
where
    O: Operation + 'static,
    O::Output: serde::Serialize,
{
    async move {
        let response = clerk.execute_raw(&request, options.as_ref()).await?;
        if let Some(parts) = json::transcode(&response.body, <O::Output as Shaped>::SHAPE) {
            return Ok(parts.into());
        }
        let body = response.body.clone();
        // The model's verdict on the body (and its error); the text is written from the body
        // itself, so that keys sent as null stay.
        let _: O::Output = response.decode()?;
        Ok(shaped_text(&body, <O::Output as Shaped>::SHAPE))
    }
    .boxed()
}

/// `body` (JSON the model accepted) as text with JavaScript's keys, guided by `shape`. Objects
/// stay objects, whatever their keys (see `literal`).
pub(crate) fn shaped_text(body: &[u8], shape: &'static clerk_backend::models::shape::Shape) -> json::Json {
    // Keys get shorter, a few characters may become escapes: about the body's size.
    let capacity = body.len() + body.len() / 8 + 16;
    let value = literal::from_slice(body).unwrap_or(Value::Null);
    json::to_camel_json(&value, shape, capacity)
}
