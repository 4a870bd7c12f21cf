//! The composer across the boundary: the token panel, the outcome of a send, snippets, exports,
//! the mock's reserved call ids and the teaching notes. Sending, and what explains an answer, is
//! `send.rs`.

use super::{from_js, into_js_error, to_js};
use crate::compose::exchange::{self, FailureKind};
use crate::compose::request::{self, BuiltRequest, CancelMediaProcessingRequest};
use crate::compose::snippets::{self, SnippetFormat};
use crate::compose::token;
use crate::diagnostic::Diagnostic;
use crate::graph::Cloud;
use crate::mock::SCENARIOS;
use crate::shapes::{FormatOption, ScenarioOption};
use wasm_bindgen::prelude::*;

fn built(input: JsValue) -> Result<BuiltRequest, JsValue> {
    let input: CancelMediaProcessingRequest = from_js(input, "request inputs")?;
    request::build(&input).map_err(|errors| into_js_error(&errors))
}

fn fail(message: String) -> JsValue {
    into_js_error(&[Diagnostic::error(message)])
}

/// Decodes a pasted token at `nowSeconds` (the page's clock); `cloud` names the Graph the request
/// goes to, or is undefined for the mock and custom base URLs. Throws when it is not a JWT.
#[wasm_bindgen(js_name = decodeToken, unchecked_return_type = "TokenInfo")]
pub fn decode_token(
    token: &str,
    #[wasm_bindgen(js_name = nowSeconds)] now_seconds: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "Cloud")] cloud: Option<String>,
) -> Result<JsValue, JsValue> {
    let cloud = match cloud.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        Some(name) => {
            Some(Cloud::parse(name).ok_or_else(|| fail(format!("unknown cloud '{name}'")))?)
        }
        None => None,
    };
    let now = if now_seconds.is_finite() {
        now_seconds.floor() as i64
    } else {
        0
    };
    let info = token::decode_token(token, now, cloud).map_err(|e| into_js_error(&[e]))?;
    to_js(&info)
}

/// Explains a send without an answer; `kind` is `network`, `timeout` or `aborted`.
#[wasm_bindgen(js_name = explainFailure, unchecked_return_type = "Outcome")]
pub fn explain_failure(
    #[wasm_bindgen(unchecked_param_type = "FailureKind")] kind: &str,
    #[wasm_bindgen(js_name = requestUrl)] request_url: &str,
    #[wasm_bindgen(js_name = pageOrigin)] page_origin: &str,
    #[wasm_bindgen(js_name = timeoutMs)] timeout_ms: f64,
    detail: &str,
) -> Result<JsValue, JsValue> {
    let kind = match kind {
        "network" => FailureKind::Network,
        "timeout" => FailureKind::Timeout,
        "aborted" => FailureKind::Aborted,
        other => return Err(fail(format!("unknown failure kind '{other}'"))),
    };
    let timeout_ms = if timeout_ms.is_finite() && timeout_ms > 0.0 {
        timeout_ms.round() as u64
    } else {
        0
    };
    to_js(&exchange::explain_failure(
        kind,
        request_url,
        page_origin,
        timeout_ms,
        detail,
    ))
}

/// Every snippet format: `[{id, label}]`.
#[wasm_bindgen(js_name = snippetFormats, unchecked_return_type = "FormatOption[]")]
pub fn snippet_formats() -> Result<JsValue, JsValue> {
    let options: Vec<FormatOption> = SnippetFormat::ALL.into_iter().map(Into::into).collect();
    to_js(&options)
}

/// The request built from `input` as a snippet in `format` (an id from `snippetFormats`).
#[wasm_bindgen(js_name = renderSnippet)]
pub fn render_snippet(
    #[wasm_bindgen(unchecked_param_type = "Partial<CancelMediaProcessingRequest>")] input: JsValue,
    format: &str,
) -> Result<String, JsValue> {
    let format =
        SnippetFormat::parse(format).ok_or_else(|| fail(format!("unknown format '{format}'")))?;
    Ok(snippets::render(&built(input)?, format))
}

/// The request built from `input` as a REST Client `.http` file.
#[wasm_bindgen(js_name = exportRestClient)]
pub fn export_rest_client(
    #[wasm_bindgen(unchecked_param_type = "Partial<CancelMediaProcessingRequest>")] input: JsValue,
) -> Result<String, JsValue> {
    Ok(built(input)?.request.to_rest_client())
}

/// The mock's reserved call ids: `[{callId, fault, label}]`.
#[wasm_bindgen(js_name = mockScenarios, unchecked_return_type = "ScenarioOption[]")]
pub fn mock_scenarios() -> Result<JsValue, JsValue> {
    let options: Vec<ScenarioOption> = SCENARIOS.iter().map(Into::into).collect();
    to_js(&options)
}

/// What the docs get wrong or leave unsaid: `[{title, text}]`.
#[wasm_bindgen(js_name = teachingNotes, unchecked_return_type = "TeachingNote[]")]
pub fn teaching_notes() -> Result<JsValue, JsValue> {
    to_js(&request::teaching_notes())
}
