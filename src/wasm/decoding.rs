//! The paste decoder across the boundary.

use super::{internal, to_js};
use crate::decode::decoded_json::decoded_json;
use crate::decode::{self, overview, DecodeOptions};
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
#[wasm_bindgen(js_name = decodePayload, unchecked_return_type = "Decoded")]
pub fn decode_text(text: &str, strict: bool, pretty: bool) -> Result<JsValue, JsValue> {
    parse_js(&decode_text_json(text, strict, pretty)?).map_err(|e| internal(&format!("{e:?}")))
}

/// [`decode_text`]'s result as its JSON text, not parsed: what the decode worker hands the page
/// (a string crosses `postMessage` as one copy; objects are cloned one by one).
///
/// The decoding crosses as JSON written while it is decoded (`decode::decoded_json`: each
/// resource serialized as it comes and dropped), in three parts joined as JS strings: a large
/// batch is never held in wasm memory, which never shrinks, as resources and JSON at once.
#[wasm_bindgen(js_name = decodePayloadJson)]
pub fn decode_text_json(
    text: &str,
    strict: bool,
    pretty: bool,
) -> Result<js_sys::JsString, JsValue> {
    let parts = decoded_json(text, DecodeOptions { strict, pretty }).map_err(|e| internal(&e))?;
    let head = js_sys::JsString::from(parts.head.as_str());
    let resources = js_sys::JsString::from(parts.resources.as_str());
    drop(parts.resources);
    let tail = js_sys::JsString::from(parts.tail.as_str());
    Ok(head.concat(&resources).concat(&tail))
}

/// What the Decode view draws of a paste (`decode::overview`): the first `shown` resources,
/// timelines and diagnostics with the counts of each, never the thousands of cards it would not
/// draw. `onFirst`, when given, is called once with an early overview (`complete: false`) as soon
/// as `shown` resources are decoded, before the rest of a large batch.
#[wasm_bindgen(js_name = decodeOverview, unchecked_return_type = "DecodedOverview")]
pub fn decode_overview(
    text: &str,
    strict: bool,
    pretty: bool,
    shown: u32,
    #[wasm_bindgen(js_name = onFirst, unchecked_param_type = "((first: DecodedOverview) => void) | undefined")]
    on_first: Option<js_sys::Function>,
) -> Result<JsValue, JsValue> {
    // What the callback threw, kept so the caller hears of it once the decoding is done.
    let mut thrown = None;
    let overview = overview::decode_overview(
        text,
        DecodeOptions { strict, pretty },
        shown as usize,
        &mut |early| {
            let Some(callback) = &on_first else { return };
            if thrown.is_some() {
                return;
            }
            if let Err(error) =
                to_js(early).and_then(|value| callback.call1(&JsValue::NULL, &value))
            {
                thrown = Some(error);
            }
        },
    );
    match thrown {
        Some(error) => Err(error),
        None => to_js(&overview),
    }
}

/// Redacts a pasted payload for sharing: `{text, replacements: [{kind, placeholder,
/// occurrences}], summary}`. Tokens, recording URLs, tenant ids and GUIDs become placeholders,
/// the same value the same placeholder; the rest of the text is kept byte for byte.
#[wasm_bindgen(js_name = redactPayload, unchecked_return_type = "Redacted")]
pub fn redact_text(text: &str) -> Result<JsValue, JsValue> {
    to_js(&decode::redact::redact(text))
}
