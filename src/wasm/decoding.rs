//! The paste decoder across the boundary.

use super::to_js;
use crate::decode::{self, DecodeOptions};
use wasm_bindgen::prelude::*;

/// Decodes anything pasted; never throws for bad input (problems come back as diagnostics).
/// `pretty` asks for the body re-indented as well, for the pretty view.
#[wasm_bindgen(js_name = decodePayload, unchecked_return_type = "Decoded")]
pub fn decode_text(text: &str, strict: bool, pretty: bool) -> Result<JsValue, JsValue> {
    to_js(&decode::decode_text(text, DecodeOptions { strict, pretty }))
}

/// Redacts a pasted payload for sharing: `{text, replacements: [{kind, placeholder,
/// occurrences}], summary}`. Tokens, recording URLs, tenant ids and GUIDs become placeholders,
/// the same value the same placeholder; the rest of the text is kept byte for byte.
#[wasm_bindgen(js_name = redactPayload, unchecked_return_type = "Redacted")]
pub fn redact_text(text: &str) -> Result<JsValue, JsValue> {
    to_js(&decode::redact::redact(text))
}
