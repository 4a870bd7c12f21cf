//! The paste decoder across the boundary.

use super::{internal, to_js};
use crate::decode::decoded_json::decoded_json;
use crate::decode::{self, DecodeOptions};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The browser's JSON.parse on a string already on the JS side (js-sys's takes a `&str`,
    /// which would join the parts in wasm memory first).
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn parse_js(text: &js_sys::JsString) -> Result<JsValue, JsValue>;
}

/// Decodes anything pasted; never throws for bad input (problems come back as diagnostics).
/// `pretty` asks for the body re-indented as well, for the pretty view.
///
/// The decoding crosses as JSON written while it is decoded (`decode::decoded_json`: each
/// resource serialized as it comes and dropped), in three parts joined as JS strings: a large
/// batch is never held in wasm memory, which never shrinks, as resources and JSON at once.
#[wasm_bindgen(js_name = decodePayload, unchecked_return_type = "Decoded")]
pub fn decode_text(text: &str, strict: bool, pretty: bool) -> Result<JsValue, JsValue> {
    let parts = decoded_json(text, DecodeOptions { strict, pretty }).map_err(|e| internal(&e))?;
    let head = js_sys::JsString::from(parts.head.as_str());
    let resources = js_sys::JsString::from(parts.resources.as_str());
    drop(parts.resources);
    let tail = js_sys::JsString::from(parts.tail.as_str());
    parse_js(&head.concat(&resources).concat(&tail)).map_err(|e| internal(&format!("{e:?}")))
}

/// Redacts a pasted payload for sharing: `{text, replacements: [{kind, placeholder,
/// occurrences}], summary}`. Tokens, recording URLs, tenant ids and GUIDs become placeholders,
/// the same value the same placeholder; the rest of the text is kept byte for byte.
#[wasm_bindgen(js_name = redactPayload, unchecked_return_type = "Redacted")]
pub fn redact_text(text: &str) -> Result<JsValue, JsValue> {
    to_js(&decode::redact::redact(text))
}
