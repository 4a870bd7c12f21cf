//! Simulate: a call's media queue on a virtual clock. A scenario (a JSON array of steps) runs
//! against one [`call::SimulatedCall`] and yields every answer and every `commsNotifications`
//! body the service would POST to the bot, deterministically: ids come from a seed, times from
//! the clock. The page's Teach view, `mediaops simulate` and the mock server share it.

pub mod action;
pub mod call;
pub mod notes;
pub mod presets;
pub mod scenario;

use serde::Serialize;

use self::call::{Answer, CallConfig, Notification, OperationLane, SimulatedCall};
use self::scenario::{read_scenario, Step, StepKind};
use crate::diagnostic::Diagnostic;
use crate::graph::http::{Header, REDACTED_BEARER};
use crate::graph::ids::seeded_guid;
use crate::graph::ApiVersion;

/// The Graph root a scenario's `Location` headers name: the global service.
pub const SCENARIO_GRAPH_ROOT: &str = "https://graph.microsoft.com";

/// The seed scenarios use unless told otherwise.
pub const DEFAULT_SEED: u64 = 1;

/// How a scenario runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunOptions {
    /// Seeds the call id (when `call_id` is `None`), operation ids and etags.
    pub seed: u64,
    /// The API version of the requests and notifications.
    pub version: ApiVersion,
    /// The call id; a seeded GUID when `None`.
    pub call_id: Option<String>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            seed: DEFAULT_SEED,
            version: ApiVersion::V1,
            call_id: None,
        }
    }
}

/// What happened at one moment of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "ScenarioEvent")
)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// When, in milliseconds since the call was established.
    pub at_ms: u64,
    /// `request` (the bot's action and the answer), `notification` (a callback POST),
    /// `caller` (a caller event) or `clock` (time ran on).
    pub kind: &'static str,
    /// The scenario step that caused it; `None` for what a timer caused.
    pub step: Option<usize>,
    /// One line saying what happened.
    pub summary: String,
    /// The operation it is about.
    pub operation_id: Option<String>,
    /// For `request`: the HTTP exchange, as the Compose view shows one.
    pub exchange: Option<Exchange>,
    /// For `notification`: the `commsNotifications` body exactly as POSTed (pretty JSON).
    pub notification: Option<String>,
}

/// One request and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "ScenarioExchange")
)]
#[serde(rename_all = "camelCase")]
pub struct Exchange {
    /// `POST` or `DELETE`.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// Request headers, with a redacted token.
    pub request_headers: Vec<Header>,
    /// The JSON body as the bot sends it.
    pub request_body: Option<String>,
    /// HTTP status of the answer.
    pub status: u16,
    /// Answer headers.
    pub response_headers: Vec<Header>,
    /// The answer's body (pretty JSON), when it has one.
    pub response_body: Option<String>,
}

/// A whole run of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "ScenarioRun"))]
#[serde(rename_all = "camelCase")]
pub struct Run {
    /// The simulated call's id.
    pub call_id: String,
    /// The API version used.
    pub version: ApiVersion,
    /// The clock when the last step was done.
    pub end_ms: u64,
    /// Everything that happened, in order.
    pub events: Vec<Event>,
    /// One lane per operation, for timelines and the queue.
    pub operations: Vec<OperationLane>,
    /// Problems with the scenario; with an error the scenario did not run.
    pub diagnostics: Vec<Diagnostic>,
}

impl Run {
    /// The `commsNotifications` bodies in order, as POSTed.
    pub fn notifications(&self) -> impl Iterator<Item = &str> {
        self.events
            .iter()
            .filter_map(|event| event.notification.as_deref())
    }

    /// True when the scenario had an error and did not run.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Reads and runs a scenario.
pub fn simulate(text: &str, options: &RunOptions) -> Run {
    let (steps, diagnostics) = read_scenario(text);
    let call_id = options
        .call_id
        .clone()
        .unwrap_or_else(|| seeded_guid(options.seed ^ 0xCA11_0000_0000_0000));
    let mut run = Run {
        call_id,
        version: options.version,
        end_ms: 0,
        events: Vec::new(),
        operations: Vec::new(),
        diagnostics,
    };
    if run.has_errors() {
        return run;
    }
    run_steps(&steps, options, &mut run);
    run
}

fn run_steps(steps: &[Step], options: &RunOptions, run: &mut Run) {
    let config = CallConfig {
        call_id: run.call_id.clone(),
        version: options.version,
        graph_root: SCENARIO_GRAPH_ROOT.to_string(),
        seed: options.seed,
        establish_after_ms: None,
    };
    let (mut call, created) = SimulatedCall::new(config);
    push_notifications(run, created, None);
    for (index, step) in steps.iter().enumerate() {
        match &step.kind {
            StepKind::Advance(ms) => {
                let target = call.now_ms().saturating_add(*ms);
                let fired = call.advance_to(target);
                push_notifications(run, fired, None);
            }
            StepKind::Caller(event) => {
                run.events.push(Event {
                    at_ms: call.now_ms(),
                    kind: "caller",
                    step: Some(index),
                    summary: action::describe_caller_event(event),
                    operation_id: None,
                    exchange: None,
                    notification: None,
                });
                let caused = call.caller(*event);
                push_notifications(run, caused, Some(index));
            }
            StepKind::Action(action) => {
                let at_ms = call.now_ms();
                let name = action.name();
                let answer = call.act(action.clone());
                let exchange = exchange_of(&call, options.version, name, step, &answer);
                let Answer {
                    summary,
                    operation_id,
                    notifications,
                    ..
                } = answer;
                run.events.push(Event {
                    at_ms,
                    kind: "request",
                    step: Some(index),
                    summary,
                    operation_id,
                    exchange: Some(exchange),
                    notification: None,
                });
                push_notifications(run, notifications, Some(index));
            }
        }
    }
    run.end_ms = call.now_ms();
    run.operations = call.lanes();
}

fn push_notifications(run: &mut Run, notifications: Vec<Notification>, step: Option<usize>) {
    for notification in notifications {
        run.events.push(Event {
            at_ms: notification.at_ms,
            kind: "notification",
            step,
            summary: notification.summary,
            operation_id: notification.operation_id,
            exchange: None,
            notification: Some(
                serde_json::to_string_pretty(&notification.body).unwrap_or_default(),
            ),
        });
    }
}

fn exchange_of(
    call: &SimulatedCall,
    version: ApiVersion,
    name: &str,
    step: &Step,
    answer: &Answer,
) -> Exchange {
    let (method, path) = action::request_line(name, version, call.call_id());
    let url = format!("{SCENARIO_GRAPH_ROOT}{path}");
    let mut request_headers = vec![Header::new("Authorization", REDACTED_BEARER)];
    if step.request_body.is_some() {
        request_headers.push(Header::new("Content-Type", "application/json"));
    }
    let mut response_headers = Vec::new();
    if let Some(location) = &answer.location {
        response_headers.push(Header::new("Location", location));
    }
    let response_body = match (&answer.body, &answer.error) {
        (Some(body), _) => Some(body.clone()),
        (None, Some(refusal)) => Some(serde_json::json!({
            "error": { "code": refusal.code, "message": refusal.message }
        })),
        (None, None) => None,
    };
    if response_body.is_some() {
        response_headers.push(Header::new("Content-Type", "application/json"));
    }
    Exchange {
        method: method.to_string(),
        url,
        request_headers,
        request_body: step.request_body.clone(),
        status: answer.status,
        response_headers,
        response_body: response_body
            .map(|body| serde_json::to_string_pretty(&body).unwrap_or_default()),
    }
}

/// `12.345 s`: a clock reading as the timeline prints it.
pub fn format_ms(ms: u64) -> String {
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}
