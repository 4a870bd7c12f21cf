//! mediaops: build, send, decode and explain Microsoft Graph `call: cancelMediaProcessing`
//! requests and the media operations and notifications around them.
//!
//! The modules here are the pure core: no I/O, no `JsValue`, no panics on input.
//! `wasm` is the only browser-facing layer.

pub mod decode;
pub mod diagnostic;
pub mod exchange;
pub mod ids;
pub mod json;
pub mod mock;
pub mod model;
pub mod request;
pub mod snippets;
pub mod token;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
