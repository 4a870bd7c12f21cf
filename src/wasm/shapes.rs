//! The values only the boundary hands to JS or reads from it (the core's own types cross as
//! they are). Plain serde types with no wasm-bindgen in them, so the host can compile them too
//! (`--features typescript`) and their TypeScript is generated with the core's.

use crate::compose::snippets::SnippetFormat;
use crate::decode::Decoded;
use crate::graph::http::Header;
use crate::mock::Scenario;
use serde::{Deserialize, Serialize};

/// What `sendRequest` resolves to.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SentResponse {
    /// The HTTP status.
    pub status: u16,
    /// The reason phrase as fetch reports it (empty over HTTP/2).
    pub status_text: String,
    /// The headers fetch lets the page read, in order.
    pub headers: Vec<Header>,
    /// The body text.
    pub body: String,
    /// The answer decoded as the Decode view decodes a paste.
    pub decoded: Decoded,
}

/// The simulator's answer, shaped like `sendRequest`'s plus the delay the page applies.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SimulatedResponse {
    /// The HTTP status Graph would answer.
    pub status: u16,
    /// Empty, as a browser reports Graph's HTTP/2 answers (HTTP/2 has no reason phrase).
    pub status_text: String,
    /// The headers a page on another origin could read.
    pub headers: Vec<Header>,
    /// The body text.
    pub body: String,
    /// The answer decoded as the Decode view decodes a paste.
    pub decoded: Decoded,
    /// How long to wait before the answer arrives (the `slow` and `delay=MS` faults); the page's
    /// timer, which Abort and the timeout cut short, applies it.
    pub delay_ms: u64,
}

/// A snippet format as the page's picker lists it.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct FormatOption {
    /// The id `renderSnippet` takes, e.g. `curl`.
    pub id: &'static str,
    /// The name a person reads, e.g. `curl (bash)`.
    pub label: &'static str,
}

impl From<SnippetFormat> for FormatOption {
    fn from(format: SnippetFormat) -> Self {
        FormatOption {
            id: format.as_str(),
            label: format.label(),
        }
    }
}

/// A reserved call id of the mock, as the page's scenario picker lists it.
#[derive(Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ScenarioOption {
    /// The reserved call id.
    pub call_id: &'static str,
    /// The fault it triggers, as `x-mediaops-fault` names it.
    pub fault: &'static str,
    /// What it does, for the picker.
    pub label: &'static str,
}

impl From<&Scenario> for ScenarioOption {
    fn from(scenario: &Scenario) -> Self {
        ScenarioOption {
            call_id: scenario.call_id,
            fault: scenario.fault,
            label: scenario.label,
        }
    }
}

/// How the Teach view runs a scenario: every field optional.
#[derive(Deserialize, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ScenarioOptions {
    /// The seed of the generated ids (a whole number from 0).
    pub seed: Option<f64>,
    /// `v1.0` (the default) or `beta`; read here so an unknown one is a located error.
    #[cfg_attr(feature = "typescript", ts(as = "Option<crate::graph::ApiVersion>"))]
    pub version: Option<String>,
    /// The call id to simulate (a generated one when absent or blank).
    pub call_id: Option<String>,
}
