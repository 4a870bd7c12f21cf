//! A scenario replayed against `mediaops serve`: the HTTP requests a bot makes for each step, in
//! order, with the waits between them. The Teach view runs this plan with `fetch` when the page
//! is served by `mediaops serve`, so the same scenario that runs on the virtual clock also runs on
//! the mock's real clock, and its notifications reach a real callback. Pure: it only plans.

use super::calls::{check_callback_uri, MockCalls, ESTABLISH_MS};
use super::MockRequest;
use crate::diagnostic::Diagnostic;
use crate::graph::http::Header;
use crate::graph::ApiVersion;
use crate::simulate::action::{describe_caller_event, request_line};
use crate::simulate::format_ms;
use crate::simulate::scenario::{read_scenario, StepKind};
use serde::Serialize;

/// Stands for the call's id in a planned path until `POST /calls` has answered with it.
pub const CALL_ID: &str = "{callId}";

/// The placeholder a replay's media requests carry: the mock takes any non-empty bearer token,
/// and a replay must never send a real one.
pub const REPLAY_BEARER: &str = "Bearer mediaops-replay";

/// The callee of a replayed call: a fictitious phone number (555-01xx is reserved for fiction).
const REPLAY_TARGET_PHONE: &str = "+15555550100";

/// One HTTP request of a replay; its path is below the mock's root (`/graph` under serve).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ReplayRequest {
    /// `POST` or `DELETE`.
    pub method: &'static str,
    /// The path below the mock's root, with [`CALL_ID`] where the call's id goes.
    pub path: String,
    /// The JSON body, when the request has one.
    pub body: Option<String>,
    /// True when Graph wants a bearer token (every Graph endpoint; not the caller endpoint).
    pub needs_token: bool,
    /// Who does it: `bot` (a Graph request) or `caller` (the mock's caller endpoint).
    pub by: &'static str,
}

/// What one step of a replay does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ReplayAction {
    /// Send this request and wait for its answer.
    Request(ReplayRequest),
    /// Wait this many milliseconds of real time.
    Wait {
        /// How long.
        ms: u64,
    },
}

/// One step of a replay and the scenario step it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ReplayStep {
    /// The step's index in the scenario.
    pub index: usize,
    /// The step's JSON pointer (`/3`).
    pub pointer: String,
    /// What the step does, in words.
    pub summary: String,
    /// The request or the wait.
    pub action: ReplayAction,
}

/// A whole replay: make the call, wait for it to be established, then run the steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Replay {
    /// `POST /{version}/communications/calls` with a `call` naming the callback.
    pub create: ReplayRequest,
    /// The scenario's steps as requests and waits.
    pub steps: Vec<ReplayStep>,
    /// `DELETE` the call: how a replay stopped early hangs up.
    pub hang_up: ReplayRequest,
    /// The scenario's warnings (a replay with errors is not planned).
    pub diagnostics: Vec<Diagnostic>,
    /// The Authorization header of every request with `needs_token`: [`REPLAY_BEARER`].
    pub authorization: &'static str,
    /// What the replay's notifications say, in order, when each step lands exactly on time:
    /// the plan run against an in-process mock on a virtual clock ([`predict`]).
    pub predicted: Vec<String>,
}

/// Plans the replay of scenario `text` in API `version`, with notifications POSTed to
/// `callback_uri`. A scenario with errors, or a callback the mock would refuse, gives the
/// diagnostics instead.
pub fn plan_replay(
    text: &str,
    version: ApiVersion,
    callback_uri: &str,
) -> Result<Replay, Vec<Diagnostic>> {
    let (steps, diagnostics) = read_scenario(text);
    let mut errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if let Err(message) = check_callback_uri(callback_uri) {
        errors.push(Diagnostic::error(message));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let call_request = |name: &str, body: Option<String>| {
        let (method, path) = request_line(name, version, CALL_ID);
        ReplayRequest {
            method,
            path,
            body,
            needs_token: true,
            by: "bot",
        }
    };
    let planned: Vec<ReplayStep> = steps
        .iter()
        .enumerate()
        .map(|(index, step)| {
            let (summary, action) = match &step.kind {
                StepKind::Advance(ms) => (
                    format!("time runs on {}", format_ms(*ms)),
                    ReplayAction::Wait { ms: *ms },
                ),
                StepKind::Caller(event) => (
                    describe_caller_event(event),
                    ReplayAction::Request(ReplayRequest {
                        method: "POST",
                        path: format!("/_mediaops/calls/{CALL_ID}/caller"),
                        body: Some(event.step_json()),
                        needs_token: false,
                        by: "caller",
                    }),
                ),
                StepKind::Action(action) => {
                    let name = action.name();
                    let summary = match action.client_context() {
                        Some(context) => format!("the bot sends {name} ({context})"),
                        None => format!("the bot sends {name}"),
                    };
                    let request = call_request(name, step.hinted_body.clone());
                    (summary, ReplayAction::Request(request))
                }
            };
            ReplayStep {
                index,
                pointer: step.pointer.clone(),
                summary,
                action,
            }
        })
        .collect();
    let create = ReplayRequest {
        method: "POST",
        path: format!("/{}/communications/calls", version.as_str()),
        body: Some(create_call_body(callback_uri)),
        needs_token: true,
        by: "bot",
    };
    let predicted = predict(&create, &planned);
    Ok(Replay {
        create,
        hang_up: call_request("hangUp", None),
        steps: planned,
        diagnostics,
        authorization: REPLAY_BEARER,
        predicted,
    })
}

/// The summaries of the notifications a replay causes when every request lands on time: the
/// same requests sent to an in-process [`MockCalls`], the waits taken on its virtual clock, the
/// steps starting once the call is established (as a replay waits for that).
pub fn predict(create: &ReplayRequest, steps: &[ReplayStep]) -> Vec<String> {
    let mut calls = MockCalls::new();
    let headers = [
        Header::new("Authorization", REPLAY_BEARER),
        Header::new("Content-Type", "application/json"),
    ];
    let mut seed = 0;
    let mut send = |calls: &mut MockCalls, request: &ReplayRequest, call_id: &str, now_ms| {
        seed += 1;
        let path = request.path.replace(CALL_ID, call_id);
        let mock_request = MockRequest {
            method: request.method,
            path: &path,
            headers: &headers,
            body: request.body.as_deref().unwrap_or(""),
            root: "http://127.0.0.1/graph",
            now: 0,
        };
        calls.handle(&mock_request, seed, now_ms)
    };
    let made = send(&mut calls, create, "", 0);
    let mut summaries: Vec<String> = made.deliveries.into_iter().map(|d| d.summary).collect();
    let call_id = serde_json::from_str::<serde_json::Value>(&made.response.body)
        .ok()
        .and_then(|call| call["id"].as_str().map(str::to_string))
        .unwrap_or_default();
    let mut now_ms = ESTABLISH_MS;
    summaries.extend(calls.advance(now_ms).into_iter().map(|d| d.summary));
    for step in steps {
        let deliveries = match &step.action {
            ReplayAction::Wait { ms } => {
                now_ms = now_ms.saturating_add(*ms);
                calls.advance(now_ms)
            }
            ReplayAction::Request(request) => {
                send(&mut calls, request, &call_id, now_ms).deliveries
            }
        };
        summaries.extend(deliveries.into_iter().map(|d| d.summary));
    }
    summaries
}

/// The `call` a replay makes: an outgoing call to a phone with service-hosted media, the shape
/// of the docs' "create call" example for an IVR bot.
fn create_call_body(callback_uri: &str) -> String {
    serde_json::json!({
        "@odata.type": "#microsoft.graph.call",
        "callbackUri": callback_uri,
        "targets": [{
            "@odata.type": "#microsoft.graph.invitationParticipantInfo",
            "identity": {
                "@odata.type": "#microsoft.graph.identitySet",
                "phone": { "@odata.type": "#microsoft.graph.identity", "id": REPLAY_TARGET_PHONE }
            }
        }],
        "requestedModalities": ["audio"],
        "mediaConfig": { "@odata.type": "#microsoft.graph.serviceHostedMediaConfig" }
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::json::{self, ParseOptions};

    const CALLBACK: &str = "http://127.0.0.1:8080/graph/_mediaops/callback";

    fn planned(text: &str) -> Replay {
        match plan_replay(text, ApiVersion::V1, CALLBACK) {
            Ok(replay) => replay,
            Err(errors) => panic!("unexpected errors: {errors:?}"),
        }
    }

    fn request(step: &ReplayStep) -> &ReplayRequest {
        match &step.action {
            ReplayAction::Request(request) => request,
            ReplayAction::Wait { ms } => panic!("a wait of {ms} ms, not a request"),
        }
    }

    #[test]
    fn every_kind_of_step_becomes_the_request_a_bot_makes_or_a_wait() {
        let replay = planned(
            r##"[{"subscribeToTone": {"clientContext": "t1"}},
                {"playPrompt": {"clientContext": "p1", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://x/a.wav"}, "durationMs": 4000}]}},
                {"advanceMs": 1500}, {"pressTone": "#"}, {"speechStarted": {}},
                {"cancelMediaProcessing": {"clientContext": "c1"}}, {"hangUp": {}}]"##,
        );
        assert_eq!(replay.steps.len(), 7);
        let lines: Vec<String> = replay
            .steps
            .iter()
            .map(|step| match &step.action {
                ReplayAction::Request(r) => format!("{} {}", r.method, r.path),
                ReplayAction::Wait { ms } => format!("wait {ms}"),
            })
            .collect();
        assert_eq!(
            lines,
            [
                "POST /v1.0/communications/calls/{callId}/subscribeToTone",
                "POST /v1.0/communications/calls/{callId}/playPrompt",
                "wait 1500",
                "POST /_mediaops/calls/{callId}/caller",
                "POST /_mediaops/calls/{callId}/caller",
                "POST /v1.0/communications/calls/{callId}/cancelMediaProcessing",
                "DELETE /v1.0/communications/calls/{callId}",
            ]
        );
        // The hint travels, so the mock plays the prompt as long as the simulator does.
        let prompt = request(&replay.steps[1]).body.clone().unwrap_or_default();
        assert!(prompt.contains(r#""durationMs":4000"#), "{prompt}");
        assert_eq!(
            request(&replay.steps[3]).body.as_deref(),
            Some(r#"{"pressTone":"pound"}"#)
        );
        assert_eq!(
            request(&replay.steps[4]).body.as_deref(),
            Some(r#"{"speechStarted":{}}"#)
        );
        assert!(!request(&replay.steps[3]).needs_token);
        assert_eq!(request(&replay.steps[3]).by, "caller");
        assert_eq!(request(&replay.steps[1]).by, "bot");
        assert!(request(&replay.steps[5]).needs_token);
        assert_eq!(request(&replay.steps[6]).body, None);
        assert_eq!(replay.steps[3].summary, "the caller presses # (pound)");
        assert_eq!(
            replay.steps[5].summary,
            "the bot sends cancelMediaProcessing (c1)"
        );
        assert_eq!(replay.steps[2].summary, "time runs on 1.500 s");
        assert_eq!(replay.steps[6].pointer, "/6");
    }

    #[test]
    fn the_call_it_makes_names_the_callback_and_is_read_by_the_mock() {
        let replay = planned("[]");
        assert_eq!(replay.create.method, "POST");
        assert_eq!(
            (replay.hang_up.method, replay.hang_up.path.as_str()),
            ("DELETE", "/v1.0/communications/calls/{callId}")
        );
        assert_eq!(replay.create.path, "/v1.0/communications/calls");
        let body = replay.create.body.unwrap_or_default();
        let parsed = json::parse(&body, &ParseOptions::default()).map(|p| p.root.to_serde());
        let Ok(call) = parsed else {
            panic!("not JSON: {body}")
        };
        assert_eq!(call["callbackUri"], CALLBACK);
        assert_eq!(call["requestedModalities"][0], "audio");
        let beta = plan_replay("[]", ApiVersion::Beta, CALLBACK).map(|r| r.create.path);
        assert_eq!(beta, Ok("/beta/communications/calls".to_string()));
    }

    #[test]
    fn the_prediction_is_the_mock_on_a_virtual_clock_so_it_matches_the_simulator_after_establishing(
    ) {
        for preset in crate::simulate::presets::PRESETS {
            let replay = planned(preset.scenario);
            let run = crate::simulate::simulate(preset.scenario, &Default::default());
            let simulated: Vec<&str> = run
                .events
                .iter()
                .filter(|e| e.kind == "notification")
                .map(|e| e.summary.as_str())
                .collect();
            // A call made over HTTP reports `establishing` first; the simulator's starts established.
            assert_eq!(replay.predicted[0], "call establishing", "{}", preset.id);
            assert_eq!(replay.predicted[1..], simulated, "{}", preset.id);
        }
    }

    #[test]
    fn a_bad_scenario_or_callback_is_refused_with_located_errors() {
        let Err(errors) = plan_replay("[{\"playPromt\": {}}]", ApiVersion::V1, CALLBACK) else {
            panic!("planned a bad scenario")
        };
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("did you mean playPrompt?"));
        assert_eq!(errors[0].line, Some(1));
        let Err(errors) = plan_replay("[]", ApiVersion::V1, "ftp://bot/cb") else {
            panic!("planned an ftp callback")
        };
        assert!(errors[0]
            .message
            .starts_with("callbackUri must start with http://"));
        // Warnings do not stop a replay; they come along.
        let replay = planned(r#"[{"speechStarted": 5}]"#);
        assert_eq!(replay.diagnostics.len(), 1);
        assert!(!replay.diagnostics[0].is_error());
    }
}
