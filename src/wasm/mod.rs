//! The browser boundary: the only module that knows wasm-bindgen, js-sys, web-sys and gloo.
//! Every value crosses through `to_js` and every failure through `into_js_error`.

// With feature `compose-module` only Compose's first paint is exported (see Cargo.toml): the
// decoder, the simulator, fetch and what explains an answer are left out, and the linker drops them.
pub mod compose;
#[cfg(not(feature = "compose-module"))]
pub mod decoding;
#[cfg(not(feature = "compose-module"))]
mod fetch;
#[cfg(not(feature = "compose-module"))]
pub mod send;
#[cfg(not(feature = "compose-module"))]
pub mod simulate;

use crate::compose::request::{self, CancelMediaProcessingRequest};
use crate::diagnostic::Diagnostic;
use serde::Serialize;
use wasm_bindgen::prelude::*;

// The TypeScript of what every function here throws. The value types the signatures name
// (`Decoded`, `ScenarioRun`, ...) are generated from the Rust types (`mediaops::typescript`) and
// appended to this `.d.ts` by `cargo xtask build`.
#[wasm_bindgen(typescript_custom_section)]
const BOUNDARY_ERROR: &str = r#"
/** What the functions of this module throw: an `Error` whose `message` is the first error, with
 * its location and every diagnostic where the core had them. */
export interface BoundaryError extends Error {
  line?: number;
  column?: number;
  pointer?: string;
  diagnostics?: Diagnostic[];
}
"#;

/// Serializes a core value for JS: plain objects, skipped fields left out. The value crosses as
/// one JSON string that the browser's own `JSON.parse` turns into objects: one call across the
/// boundary instead of one per field, which makes a 10,000-resource decoding several times
/// cheaper to hand over.
pub(crate) fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| internal(&e))?;
    js_sys::JSON::parse(&text).map_err(|e| internal(&format!("{e:?}")))
}

/// The error for a value that could not cross (a bug, never the input's fault).
pub(crate) fn internal(e: &dyn std::fmt::Display) -> JsValue {
    js_sys::Error::new(&format!("internal: cannot serialize for JS: {e}")).into()
}

/// Turns diagnostics into one JS `Error` whose `.message` is the first error and whose
/// `.line`, `.column`, `.pointer` and `.diagnostics` carry the details.
pub(crate) fn into_js_error(diagnostics: &[Diagnostic]) -> JsValue {
    let first = diagnostics
        .iter()
        .find(|d| d.is_error())
        .or(diagnostics.first());
    let error = js_sys::Error::new(first.map_or("unknown error", |d| d.message.as_str()));
    if let Some(first) = first {
        let set = |key: &str, value: JsValue| {
            // Setting a property on a fresh Error object cannot fail.
            let _ = js_sys::Reflect::set(&error, &key.into(), &value);
        };
        if let Some(line) = first.line {
            set("line", line.into());
        }
        if let Some(column) = first.column {
            set("column", column.into());
        }
        if let Some(pointer) = &first.pointer {
            set("pointer", pointer.into());
        }
        if let Ok(all) = to_js(&diagnostics) {
            set("diagnostics", all);
        }
    }
    error.into()
}

pub(crate) fn from_js<T: serde::de::DeserializeOwned>(
    value: JsValue,
    what: &str,
) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| into_js_error(&[Diagnostic::error(format!("{what}: {e}"))]))
}

/// Builds the exact request for the inputs; throws an Error with `.diagnostics` when invalid.
#[wasm_bindgen(js_name = buildRequest, unchecked_return_type = "BuiltRequest")]
pub fn build_request(
    #[wasm_bindgen(unchecked_param_type = "Partial<CancelMediaProcessingRequest>")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let input: CancelMediaProcessingRequest = from_js(input, "request inputs")?;
    let built = request::build(&input).map_err(|errors| into_js_error(&errors))?;
    to_js(&built)
}
