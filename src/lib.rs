//! mediaops: build, send, decode, simulate and explain Microsoft Graph `call: cancelMediaProcessing`
//! requests and the media operations and notifications around them.
//!
//! The modules here are the pure core: no I/O, no `JsValue`, no panics on input. By capability:
//! `graph` (the vocabulary: versions, clouds, model, ids, HTTP types), `compose` (request,
//! snippets, token, exchange), `decode` (JSON with positions, HTTP text, resources), `simulate`
//! (a call's media queue on a virtual clock) and `mock` (the simulator's HTTP face).
//! `wasm` is the only browser-facing layer; `typescript` (feature `typescript`, host only) writes
//! the TypeScript of the values that cross it.

pub mod compose;
pub mod decode;
pub mod diagnostic;
pub mod graph;
pub mod mock;
pub mod simulate;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

/// The values only the boundary sends or reads; compiled on the host too for
/// `--features typescript`, so their TypeScript is generated with the core's.
#[cfg(any(target_arch = "wasm32", feature = "typescript"))]
#[path = "wasm/shapes.rs"]
pub mod shapes;

#[cfg(feature = "typescript")]
pub mod typescript;
