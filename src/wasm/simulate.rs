//! The simulator across the boundary: the Compose view's in-page target (Graph's answer to a
//! cancelMediaProcessing, computed by the same `mock::handle` that `mediaops serve` runs) and,
//! for the Teach view, whole scenario runs, the presets and the teaching notes.

use super::{from_js, into_js_error, to_js};
use crate::compose::request::{self, CancelMediaProcessingRequest};
use crate::decode;
use crate::diagnostic::Diagnostic;
use crate::graph::http::{self, Header};
use crate::graph::ApiVersion;
use crate::mock::{self, replay, MockRequest};
use crate::shapes::{ScenarioOptions, SimulatedResponse};
use crate::simulate::{self, notes, presets, RunOptions};
use std::cell::Cell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// Counts simulated sends, so each one gets its own operation and request ids.
    static SENDS: Cell<u64> = const { Cell::new(0) };
}

/// Splits an absolute URL into the mock's root (everything before the `/v1.0` or `/beta`
/// segment) and the path below it; without a version segment the whole path is below the
/// origin, which the mock answers 404.
fn split_root(url: &str) -> (String, String) {
    let without_query = url.split(['?', '#']).next().unwrap_or("");
    let after_scheme = without_query.find("://").map_or(0, |i| i + 3);
    let path_start = without_query[after_scheme..]
        .find('/')
        .map_or(without_query.len(), |i| after_scheme + i);
    let (origin, path) = without_query.split_at(path_start);
    for version in ["/v1.0/", "/beta/"] {
        if let Some(at) = path.find(version) {
            return (format!("{origin}{}", &path[..at]), path[at..].to_string());
        }
    }
    (origin.to_string(), path.to_string())
}

fn next_seed(now: i64) -> u64 {
    let count = SENDS.with(|sends| {
        let next = sends.get().wrapping_add(1);
        sends.set(next);
        next
    });
    // Mixed with the clock so ids differ between page loads, as Graph's would.
    count ^ (now as u64).rotate_left(20)
}

fn seconds(now_seconds: f64) -> i64 {
    if now_seconds.is_finite() {
        now_seconds.floor() as i64
    } else {
        0
    }
}

/// Graph's answer to one request, as a page on another origin sees it: the headers CORS would
/// hide are left out, as fetch leaves them out.
fn answer(method: &str, url: &str, headers: &[Header], body: &str, now: i64) -> SimulatedResponse {
    let (root, path) = split_root(url);
    let request = MockRequest {
        method,
        path: &path,
        headers,
        body,
        root: &root,
        now,
    };
    let answer = if body.len() > mock::MAX_BODY_BYTES {
        mock::too_large(&request, next_seed(now))
    } else {
        mock::handle(&request, next_seed(now))
    };
    let visible: Vec<Header> = answer
        .headers
        .into_iter()
        .filter(|h| {
            !answer
                .unexposed_headers
                .iter()
                .any(|hidden| hidden.eq_ignore_ascii_case(&h.name))
        })
        .collect();
    let decoded = decode::decode_http_response(answer.status, &visible, &answer.body);
    SimulatedResponse {
        status: answer.status,
        status_text: String::new(),
        headers: visible,
        body: answer.body,
        decoded,
        delay_ms: answer.delay_ms,
    }
}

/// Answers a request as Graph would, in the page: `method`, absolute `url`, `[{name, value}]`
/// headers, `body`, at `nowSeconds`. Faults (`x-mediaops-fault`, reserved call ids) are the
/// mock's. Resolves nothing over the network; the page waits `delayMs` before showing it.
#[wasm_bindgen(js_name = simulateSend, unchecked_return_type = "SimulatedResponse")]
pub fn simulate_send(
    method: &str,
    url: &str,
    #[wasm_bindgen(unchecked_param_type = "Header[]")] headers: JsValue,
    body: &str,
    #[wasm_bindgen(js_name = nowSeconds)] now_seconds: f64,
) -> Result<JsValue, JsValue> {
    let headers: Vec<Header> = from_js(headers, "request headers")?;
    to_js(&answer(method, url, &headers, body, seconds(now_seconds)))
}

/// The Compose view's Send to the simulator: builds the request from `input`, puts `token` in
/// its Authorization header with the same checks as `sendRequest` (so a token a browser could
/// not send is refused the same way) and answers it as [`simulate_send`] does.
#[wasm_bindgen(js_name = simulateRequest, unchecked_return_type = "SimulatedResponse")]
pub fn simulate_request(
    #[wasm_bindgen(unchecked_param_type = "Partial<CancelMediaProcessingRequest>")] input: JsValue,
    token: &str,
    #[wasm_bindgen(js_name = nowSeconds)] now_seconds: f64,
) -> Result<JsValue, JsValue> {
    let input: CancelMediaProcessingRequest = from_js(input, "request inputs")?;
    let built = request::build(&input).map_err(|errors| into_js_error(&errors))?;
    let headers = http::headers_to_send(&built.request, token)
        .map_err(|diagnostic| into_js_error(&[diagnostic]))?;
    let sent = &built.request;
    to_js(&answer(
        &sent.method,
        &sent.url,
        &headers,
        &sent.body,
        seconds(now_seconds),
    ))
}

/// Runs a scenario (the JSON array of steps) with `{seed, version, callId}` (each optional) and
/// returns the whole run: `{callId, version, endMs, events, operations, diagnostics}`. Never
/// throws for a bad scenario: its problems come back as diagnostics with line, column and pointer.
#[wasm_bindgen(js_name = simulateScenario, unchecked_return_type = "ScenarioRun")]
pub fn simulate_scenario(
    text: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "ScenarioOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let options: ScenarioOptions = if options.is_undefined() || options.is_null() {
        ScenarioOptions::default()
    } else {
        from_js(options, "simulation options")?
    };
    let mut run_options = RunOptions::default();
    if let Some(seed) = options.seed {
        if !(seed.is_finite() && seed >= 0.0 && seed.fract() == 0.0) {
            return Err(into_js_error(&[Diagnostic::error(format!(
                "simulation options: seed must be a whole number from 0, not {seed}"
            ))
            .at_pointer("/seed")]));
        }
        run_options.seed = seed as u64;
    }
    if let Some(version) = options.version.as_deref() {
        run_options.version = parse_version(version)?;
    }
    run_options.call_id = options.call_id.filter(|id| !id.trim().is_empty());
    to_js(&simulate::simulate(text, &run_options))
}

/// `v1.0` or `beta`, else an error at `/version` of the options.
fn parse_version(version: &str) -> Result<ApiVersion, JsValue> {
    ApiVersion::parse(version).ok_or_else(|| {
        into_js_error(&[Diagnostic::error(format!(
            "simulation options: unknown version '{version}' (v1.0 or beta)"
        ))
        .at_pointer("/version")])
    })
}

/// Plans the replay of a scenario against `mediaops serve` in `version`, its notifications
/// POSTed to `callbackUri`: `{create, steps: [{index, pointer, summary, action}], diagnostics}`,
/// each action `{kind: "request", method, path, body, needsToken}` (the path below the mock root,
/// `{callId}` standing for the call's id) or `{kind: "wait", ms}`. Throws the diagnostics of a
/// scenario with errors or of a callback the mock would refuse.
#[wasm_bindgen(js_name = replayPlan, unchecked_return_type = "Replay")]
pub fn replay_plan(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "ApiVersion")] version: &str,
    #[wasm_bindgen(js_name = callbackUri)] callback_uri: &str,
) -> Result<JsValue, JsValue> {
    let version = parse_version(version)?;
    let replay = replay::plan_replay(text, version, callback_uri)
        .map_err(|errors| into_js_error(&errors))?;
    to_js(&replay)
}

/// The ready-made scenarios, in teaching order: `[{id, title, description, scenario}]`.
#[wasm_bindgen(js_name = simulatorPresets, unchecked_return_type = "SimulatorPreset[]")]
pub fn simulator_presets() -> Result<JsValue, JsValue> {
    to_js(&presets::PRESETS)
}

/// What the simulator does and why: `[{title, text, documented, source}]`; `documented: false`
/// marks our decision where the docs are silent.
#[wasm_bindgen(js_name = simulatorNotes, unchecked_return_type = "SimulatorNote[]")]
pub fn simulator_notes() -> Result<JsValue, JsValue> {
    to_js(&notes::NOTES)
}
