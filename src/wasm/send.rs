//! A send and what came back: `sendRequest`, `decodeResponse`, `explainResponse`, `exportHar`.
//! Not in the Compose first-paint module (`compose-module`): a page loads these with the whole
//! module when its first Send starts.

use super::{fetch, from_js, into_js_error, to_js};
use crate::compose::exchange::{self, Exchange, ObservedResponse, TokenState};
use crate::compose::request::{self, CancelMediaProcessingRequest};
use crate::decode;
use crate::diagnostic::Diagnostic;
use crate::graph::http::{self, Header};
use crate::shapes::SentResponse;
use wasm_bindgen::prelude::*;

/// Decodes a response as fetch delivered it: status, `[{name, value}]` headers, body text.
#[wasm_bindgen(js_name = decodeResponse, unchecked_return_type = "Decoded")]
pub fn decode_response(
    status: u16,
    #[wasm_bindgen(unchecked_param_type = "Header[]")] headers: JsValue,
    body: &str,
) -> Result<JsValue, JsValue> {
    let headers: Vec<Header> = from_js(headers, "response headers")?;
    to_js(&decode::decode_http_response(status, &headers, body))
}

/// Sends the request built from `input` with gloo-net fetch and resolves to
/// `{status, statusText, headers, body, decoded, elapsedMs}`. `token` stays in memory: it is
/// put in the Authorization header and nowhere else. `signal` aborts it.
#[wasm_bindgen(js_name = sendRequest, unchecked_return_type = "SentResponse")]
pub async fn send_request(
    #[wasm_bindgen(unchecked_param_type = "Partial<CancelMediaProcessingRequest>")] input: JsValue,
    token: String,
    signal: Option<web_sys::AbortSignal>,
) -> Result<JsValue, JsValue> {
    let input: CancelMediaProcessingRequest = from_js(input, "request inputs")?;
    let built = request::build(&input).map_err(|errors| into_js_error(&errors))?;
    // Every header is checked before the fetch is built: a value the browser refuses (a token
    // with a copied zero-width space, say) is an error with the pointer `/token`, not a hang.
    let headers = http::headers_to_send(&built.request, &token)
        .map_err(|diagnostic| into_js_error(&[diagnostic]))?;
    let response = fetch::send(&built.request, &headers, signal.as_ref())
        .await
        .map_err(|message| into_js_error(&[Diagnostic::error(message)]))?;
    let decoded = decode::decode_http_response(response.status, &response.headers, &response.body);
    to_js(&SentResponse {
        status: response.status,
        status_text: response.status_text,
        headers: response.headers,
        body: response.body,
        decoded,
    })
}

/// Explains an answer: `{ok, summary, location, locationNote, retryAfterSeconds, requestId,
/// clientRequestId, date, errorCode, supportTicket, diagnostics}`. `tokenState` (optional) is
/// `none`, `decoded` or `unreadable`: what the token panel could make of the token sent.
#[wasm_bindgen(js_name = explainResponse, unchecked_return_type = "Outcome")]
pub fn explain_response(
    #[wasm_bindgen(js_name = requestUrl)] request_url: &str,
    #[wasm_bindgen(js_name = pageOrigin)] page_origin: &str,
    #[wasm_bindgen(unchecked_param_type = "Partial<ObservedResponse>")] response: JsValue,
    #[wasm_bindgen(js_name = tokenState, unchecked_optional_param_type = "TokenState")]
    token_state: Option<String>,
) -> Result<JsValue, JsValue> {
    let response: ObservedResponse = from_js(response, "response")?;
    let token = token_state
        .as_deref()
        .map_or(TokenState::Unknown, TokenState::parse);
    to_js(&exchange::explain_response_for_token(
        request_url,
        page_origin,
        &response,
        token,
    ))
}

/// The last exchange `{request, response?, error?, startedDateTime, elapsedMs}` as HAR 1.2.
#[wasm_bindgen(js_name = exportHar)]
pub fn export_har(
    #[wasm_bindgen(unchecked_param_type = "Partial<HarExchange>")] exchange: JsValue,
) -> Result<String, JsValue> {
    let exchange: Exchange = from_js(exchange, "exchange")?;
    exchange::to_har(&exchange).map_err(|e| into_js_error(&[e]))
}
