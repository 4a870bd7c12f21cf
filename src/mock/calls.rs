//! The mock's calls: `POST /calls` makes a [`SimulatedCall`], and its media actions, `GET`s and
//! `DELETE` run on it. Pure: the server passes the time (a monotonic clock in milliseconds) and
//! delivers the notifications this returns; nothing here does I/O or reads a clock.
//!
//! A call id the registry has not seen still gets the stateless cancelMediaProcessing of
//! [`super::handle`], so snippets and the Compose view that name any call id keep working. The
//! fault switches ([`super::FAULT_HEADER`] and the reserved call ids) and the token check come
//! first on every endpoint, as they do there.

use super::{fault_delay_ms, refuse, request_faults, spoil_success, MockRequest, MockResponse};
use super::{Fault, Stamp};
use crate::decode::json::{self, Node, ParseOptions};
use crate::diagnostic::Diagnostic;
use crate::graph::http::Header;
use crate::graph::ids::{normalize_id, seeded_guid};
use crate::graph::model::CallState;
use crate::graph::ApiVersion;
use crate::simulate::action::{
    at, is_posted_action, quote, read_action, read_caller_event, Action, CallerEvent, ReadMode,
    CALLER_EVENT_NAMES,
};
use crate::simulate::call::{Answer, CallConfig, Notification, SimulatedCall};
use serde_json::{Map, Value};

/// How long a new call stays `establishing` before the mock reports it `established`.
pub const ESTABLISH_MS: u64 = 500;

/// The most calls the mock keeps; making one more forgets the oldest ended call (or, when none
/// has ended, the oldest call), without notifications.
pub const MAX_CALLS: usize = 100;

/// The most operations one call takes; each ends with one notification, so this also bounds
/// how many notifications a call sends (plus its few call-state ones).
pub const MAX_OPERATIONS_PER_CALL: usize = 200;

/// The longest `callbackUri` the mock accepts, in bytes.
pub const MAX_CALLBACK_URI_BYTES: usize = 2048;

/// The `call` members the mock accepts on `POST /calls` and echoes back, with the JSON kind each
/// must be.
const ECHOED_MEMBERS: [(&str, &str); 5] = [
    ("targets", "array"),
    ("source", "object"),
    ("requestedModalities", "array"),
    ("mediaConfig", "object"),
    ("tenantId", "string"),
];

/// One `commsNotifications` POST the server owes a bot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The call it is about.
    pub call_id: String,
    /// Where to POST it: the call's `callbackUri`.
    pub callback_uri: String,
    /// The body, exactly as POSTed (compact JSON).
    pub body: String,
    /// One line saying what it reports.
    pub summary: String,
    /// When it became due, on the server's clock (milliseconds).
    pub due_ms: u64,
}

/// What the registry answers to one request: the HTTP answer and the notifications it caused
/// (or that fell due before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallsAnswer {
    /// The HTTP answer.
    pub response: MockResponse,
    /// The notifications to deliver, in order.
    pub deliveries: Vec<Delivery>,
}

struct Entry {
    call: SimulatedCall,
    /// When the call was made, on the server's clock; the call's own clock starts there.
    created_ms: u64,
    callback_uri: String,
    /// The call as `POST /calls` answered it, for `GET` to show with the current state.
    created_body: Map<String, Value>,
    operations: usize,
}

impl Entry {
    fn call_ms(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.created_ms)
    }

    fn deliveries(&self, notifications: Vec<Notification>) -> Vec<Delivery> {
        notifications
            .into_iter()
            .map(|n| Delivery {
                call_id: self.call.call_id().to_string(),
                callback_uri: self.callback_uri.clone(),
                body: n.body.to_string(),
                summary: n.summary,
                due_ms: self.created_ms.saturating_add(n.at_ms),
            })
            .collect()
    }
}

/// Every call the mock has made and not yet forgotten, oldest first.
#[derive(Default)]
pub struct MockCalls {
    calls: Vec<Entry>,
}

/// Where a request goes.
enum Route<'p> {
    /// `/calls`.
    Calls,
    /// `/calls/{id}`.
    Call(&'p str),
    /// `/calls/{id}/operations/{opId}`.
    Operation(&'p str, &'p str),
    /// `/calls/{id}/{action}`, an action [`is_posted_action`] names.
    Action(&'p str, &'p str),
    /// `/_mediaops/calls/{id}/caller`: the simulator's own endpoint for the caller's side.
    Caller(&'p str),
    /// Anything else.
    Unknown,
}

fn route(path: &str) -> (Option<ApiVersion>, Route<'_>) {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let ["_mediaops", "calls", id, "caller"] = segments.as_slice() {
        return (None, Route::Caller(id));
    }
    let version = match segments.first() {
        Some(&"v1.0") => ApiVersion::V1,
        Some(&"beta") => ApiVersion::Beta,
        _ => return (None, Route::Unknown),
    };
    let route = match segments.get(1..).unwrap_or(&[]) {
        ["communications" | "app", "calls"] => Route::Calls,
        ["communications" | "app", "calls", id] => Route::Call(id),
        ["communications" | "app", "calls", id, "operations", op] => Route::Operation(id, op),
        ["communications" | "app", "calls", id, action] if is_posted_action(action) => {
            Route::Action(id, action)
        }
        _ => Route::Unknown,
    };
    (Some(version), route)
}

impl MockCalls {
    /// An empty registry.
    pub fn new() -> MockCalls {
        MockCalls::default()
    }

    /// How many calls the registry holds.
    pub fn len(&self) -> usize {
        self.calls.len()
    }

    /// True when it holds none.
    pub fn is_empty(&self) -> bool {
        self.calls.is_empty()
    }

    /// When the next notification of any call falls due, on the server's clock.
    pub fn next_event_ms(&self) -> Option<u64> {
        self.calls
            .iter()
            .filter_map(|e| {
                e.call
                    .next_event_ms()
                    .map(|at| e.created_ms.saturating_add(at))
            })
            .min()
    }

    /// Runs every call's clock to `now_ms` and returns what fell due, in time order.
    pub fn advance(&mut self, now_ms: u64) -> Vec<Delivery> {
        let mut out = Vec::new();
        for entry in &mut self.calls {
            let fired = entry.call.advance_to(entry.call_ms(now_ms));
            out.extend(entry.deliveries(fired));
        }
        out.sort_by_key(|d| d.due_ms);
        out
    }

    /// Answers one request to the mock Graph root at `now_ms` (the server's monotonic clock);
    /// `seed` makes the new ids, as in [`super::handle`].
    pub fn handle(&mut self, request: &MockRequest<'_>, seed: u64, now_ms: u64) -> CallsAnswer {
        let (version, route) = route(request.path);
        if let Route::Caller(id) = route {
            return self.caller(request, id, seed, now_ms);
        }
        let known = match &route {
            Route::Call(id) | Route::Operation(id, _) | Route::Action(id, _) => {
                self.position(id).is_some()
            }
            Route::Calls | Route::Unknown | Route::Caller(_) => false,
        };
        match (version, route) {
            (Some(version), Route::Calls) => self.create(request, version, seed, now_ms),
            (Some(_), _) if known => self.on_call(request, seed, now_ms),
            // An unseen call's cancelMediaProcessing, and any path the mock does not serve.
            (_, Route::Action(_, "cancelMediaProcessing") | Route::Unknown) | (None, _) => {
                CallsAnswer {
                    response: super::handle(request, seed),
                    deliveries: self.advance(now_ms),
                }
            }
            (Some(_), _) => CallsAnswer {
                response: unknown_call(request, seed),
                deliveries: self.advance(now_ms),
            },
        }
    }

    /// `POST /_mediaops/calls/{id}/caller`: what the caller does on a simulated call, so a test
    /// bot can hear tones and silence timeouts over the wire. Not a Graph endpoint (Graph learns
    /// these from the media), so it takes no token and no faults. The body is one caller step of
    /// the scenario format: `{"pressTone": "#"}`, `{"speechStarted": {}}`, `{"speechStopped": {}}`
    /// or `{"callerHangsUp": {}}`. Answers 200 with what the notifications it caused say; they go
    /// to the callback as every other.
    fn caller(
        &mut self,
        request: &MockRequest<'_>,
        id: &str,
        seed: u64,
        now_ms: u64,
    ) -> CallsAnswer {
        let mut deliveries = self.advance(now_ms);
        let stamp = Stamp::new(request, seed);
        let refused = |status: u16, code: &str, message: &str| {
            stamp.finish(stamp.error(status, code, message))
        };
        if !request.method.eq_ignore_ascii_case("POST") {
            let message = format!(
                "The caller endpoint takes POST, not {}.",
                quote(request.method)
            );
            return answered(refused(405, "MethodNotAllowed", &message), deliveries);
        }
        let Some(index) = self.position(id) else {
            let message = format!(
                "Call {} was not found: make one with POST /{{v1.0|beta}}/communications/calls first.",
                quote(&normalize_id(id))
            );
            return answered(refused(404, "itemNotFound", &message), deliveries);
        };
        let event = match read_caller_body(request.body) {
            Ok(event) => event,
            Err(diagnostic) => {
                return answered(
                    refused(400, "BadRequest", &located(&diagnostic)),
                    deliveries,
                )
            }
        };
        let entry = &mut self.calls[index];
        let caused = entry.call.caller(event);
        let summaries: Vec<Value> = caused.iter().map(|n| n.summary.clone().into()).collect();
        deliveries.extend(entry.deliveries(caused));
        let body =
            serde_json::json!({ "state": entry.call.state().as_str(), "notifications": summaries });
        answered(stamp.finish(json_response(200, body, None)), deliveries)
    }

    fn position(&self, id: &str) -> Option<usize> {
        let id = normalize_id(id);
        self.calls.iter().position(|e| e.call.call_id() == id)
    }

    /// `POST /calls`: a new call, `establishing`, that reports `established` after
    /// [`ESTABLISH_MS`].
    fn create(
        &mut self,
        request: &MockRequest<'_>,
        version: ApiVersion,
        seed: u64,
        now_ms: u64,
    ) -> CallsAnswer {
        let mut deliveries = self.advance(now_ms);
        let stamp = Stamp::new(request, seed);
        let faults = match gate(request, &target(&Route::Calls, "POST"), None, &stamp) {
            Ok(faults) => faults,
            Err(response) => return answered(response, deliveries),
        };
        let members = match read_call_body(request.body) {
            Ok(members) => members,
            Err(diagnostic) => {
                let response = stamp.error(400, "BadRequest", &located(&diagnostic));
                return answered(response, deliveries);
            }
        };
        let call_id = seeded_guid(seed ^ 0xCA11_0000_0000_0000);
        let config = CallConfig {
            call_id: call_id.clone(),
            version,
            graph_root: request.root.to_string(),
            seed,
            establish_after_ms: Some(ESTABLISH_MS),
        };
        let (call, created) = SimulatedCall::new(config);
        let mut body = Map::new();
        body.insert("@odata.type".into(), "#microsoft.graph.call".into());
        body.insert("id".into(), call_id.clone().into());
        body.insert("state".into(), call.state().as_str().into());
        body.insert("direction".into(), "outgoing".into());
        body.insert("callbackUri".into(), members.callback_uri.clone().into());
        for (name, value) in members.echoed {
            body.insert(name, value);
        }
        if self.calls.len() >= MAX_CALLS {
            let oldest_ended = self
                .calls
                .iter()
                .position(|e| e.call.state() == CallState::Terminated);
            self.calls.remove(oldest_ended.unwrap_or(0));
        }
        let entry = Entry {
            call,
            created_ms: now_ms,
            callback_uri: members.callback_uri,
            created_body: body.clone(),
            operations: 0,
        };
        deliveries.extend(entry.deliveries(created));
        self.calls.push(entry);
        let location = format!(
            "{}/{}/communications/calls/{call_id}",
            request.root.trim_end_matches('/'),
            version.as_str()
        );
        let mut response = MockResponse {
            status: 201,
            headers: vec![
                Header::new("Location", &location),
                Header::new("Content-Type", "application/json"),
            ],
            body: Value::Object(body).to_string(),
            delay_ms: 0,
            unexposed_headers: Vec::new(),
        };
        spoil_success(&mut response, &faults, &format!("call {call_id} created"));
        answered(with_delay(response, &faults, &stamp), deliveries)
    }

    /// A request on a call the registry knows.
    fn on_call(&mut self, request: &MockRequest<'_>, seed: u64, now_ms: u64) -> CallsAnswer {
        let mut deliveries = self.advance(now_ms);
        let stamp = Stamp::new(request, seed);
        let (_, route) = route(request.path);
        let target = target(&route, request.method);
        let (id, method) = (target.id, target.method);
        let Some(index) = self.position(id) else {
            return answered(unknown_call(request, seed), deliveries);
        };
        let faults = match gate(request, &target, Some(id), &stamp) {
            Ok(faults) => faults,
            Err(response) => return answered(response, deliveries),
        };
        let entry = &mut self.calls[index];
        let call_id = entry.call.call_id().to_string();
        let response = match route {
            Route::Call(_) if method == "GET" => {
                if entry.call.state() == CallState::Terminated {
                    ended_call(&call_id, &stamp)
                } else {
                    let mut body = entry.created_body.clone();
                    if let Value::Object(now) = entry.call.resource() {
                        body.extend(now);
                    }
                    let mut response = json_response(200, Value::Object(body), None);
                    spoil_success(&mut response, &faults, &format!("call {call_id}"));
                    response
                }
            }
            Route::Operation(_, op) => match entry.call.operation(&normalize_id(op)) {
                Some(body) => {
                    let mut response = json_response(200, body, None);
                    spoil_success(&mut response, &faults, &format!("operation {op}"));
                    response
                }
                None => stamp.error(
                    404,
                    "itemNotFound",
                    &format!("Call {call_id} has no operation {}.", quote(op)),
                ),
            },
            Route::Call(_) => {
                let answer = entry.call.act(Action::HangUp);
                deliveries.extend(entry.deliveries(answer.notifications.clone()));
                simulator_answer(answer, &faults, &stamp)
            }
            Route::Action(_, name) => {
                let action = match read_request_action(name, request.body) {
                    Ok(action) => action,
                    Err(diagnostic) => {
                        let response = stamp.error(400, "BadRequest", &located(&diagnostic));
                        return answered(with_delay(response, &faults, &stamp), deliveries);
                    }
                };
                if entry.operations >= MAX_OPERATIONS_PER_CALL
                    && entry.call.state() == CallState::Established
                {
                    stamp.error(
                        400,
                        "BadRequest",
                        &format!("Call {call_id} has taken {MAX_OPERATIONS_PER_CALL} operations, the most one simulated call takes: hang up and make another."),
                    )
                } else {
                    let answer = entry.call.act(action);
                    if answer.operation_id.is_some() {
                        entry.operations += 1;
                    }
                    deliveries.extend(entry.deliveries(answer.notifications.clone()));
                    simulator_answer(answer, &faults, &stamp)
                }
            }
            Route::Calls | Route::Unknown | Route::Caller(_) => unknown_call(request, seed),
        };
        answered(with_delay(response, &faults, &stamp), deliveries)
    }
}

/// What a route expects: the call id it names, the method this request must have, and every
/// method it takes (`DELETE` on a call hangs up).
struct Target<'p> {
    id: &'p str,
    method: &'static str,
    allowed: &'static str,
}

fn target<'p>(route: &Route<'p>, method: &str) -> Target<'p> {
    let (id, method, allowed) = match *route {
        Route::Call(id) if method.eq_ignore_ascii_case("DELETE") => (id, "DELETE", "GET or DELETE"),
        Route::Call(id) => (id, "GET", "GET or DELETE"),
        Route::Operation(id, _) => (id, "GET", "GET"),
        Route::Action(id, _) | Route::Caller(id) => (id, "POST", "POST"),
        Route::Calls | Route::Unknown => ("", "POST", "POST"),
    };
    Target {
        id,
        method,
        allowed,
    }
}

/// The method check, then the fault switches and the token, as [`super::handle`] orders them.
fn gate(
    request: &MockRequest<'_>,
    target: &Target<'_>,
    call_id: Option<&str>,
    stamp: &Stamp,
) -> Result<Vec<Fault>, MockResponse> {
    if !request.method.eq_ignore_ascii_case(target.method) {
        let allowed = target.allowed;
        let what = request
            .path
            .rsplit('/')
            .find(|s| !s.is_empty())
            .unwrap_or("");
        return Err(stamp.finish(stamp.error(
            405,
            "MethodNotAllowed",
            &format!(
                "{} takes {allowed}, not {}.",
                quote(what),
                quote(request.method)
            ),
        )));
    }
    let call_id = call_id.map(normalize_id);
    let faults = request_faults(request, call_id.as_deref())
        .map_err(|message| stamp.finish(stamp.error(400, "BadRequest", &message)))?;
    match refuse(request, call_id.as_deref().unwrap_or(""), &faults, stamp) {
        Some(refused) => Err(with_delay(refused, &faults, stamp)),
        None => Ok(faults),
    }
}

fn with_delay(mut response: MockResponse, faults: &[Fault], stamp: &Stamp) -> MockResponse {
    response.delay_ms = fault_delay_ms(faults);
    stamp.finish(response)
}

fn answered(response: MockResponse, deliveries: Vec<Delivery>) -> CallsAnswer {
    CallsAnswer {
        response,
        deliveries,
    }
}

/// A call id the registry does not know, on an endpoint that needs a known call. The method
/// check, faults and token come first, as everywhere.
fn unknown_call(request: &MockRequest<'_>, seed: u64) -> MockResponse {
    let stamp = Stamp::new(request, seed);
    let (_, route) = route(request.path);
    let target = target(&route, request.method);
    let faults = match gate(request, &target, Some(target.id), &stamp) {
        Ok(faults) => faults,
        Err(response) => return response,
    };
    let response = stamp.error(
        404,
        "itemNotFound",
        &format!(
            "Call {} was not found: make one with POST /{{v1.0|beta}}/communications/calls first (the mock forgets a call after {MAX_CALLS} newer ones).",
            quote(&normalize_id(target.id))
        ),
    );
    with_delay(response, &faults, &stamp)
}

fn ended_call(call_id: &str, stamp: &Stamp) -> MockResponse {
    stamp.error(
        404,
        "itemNotFound",
        &format!("Call {call_id} has ended (terminated), so Graph no longer finds it."),
    )
}

fn json_response(status: u16, body: Value, location: Option<&str>) -> MockResponse {
    let mut headers = Vec::new();
    if let Some(location) = location {
        headers.push(Header::new("Location", location));
    }
    headers.push(Header::new("Content-Type", "application/json"));
    MockResponse {
        status,
        headers,
        body: body.to_string(),
        delay_ms: 0,
        unexposed_headers: Vec::new(),
    }
}

/// The simulator's answer as HTTP: 200 with `Location` and the operation, 204, or a refusal as a
/// Graph error.
fn simulator_answer(answer: Answer, faults: &[Fault], stamp: &Stamp) -> MockResponse {
    if let Some(refusal) = answer.error {
        return stamp.error(answer.status, &refusal.code, &refusal.message);
    }
    match answer.body {
        Some(body) => {
            let mut response = json_response(answer.status, body, answer.location.as_deref());
            let what = format!(
                "operation {} {}",
                answer.operation_id.as_deref().unwrap_or(""),
                answer.summary
            );
            spoil_success(&mut response, faults, &what);
            response
        }
        None => MockResponse {
            status: answer.status,
            headers: Vec::new(),
            body: String::new(),
            delay_ms: 0,
            unexposed_headers: Vec::new(),
        },
    }
}

/// Reads a caller step (`{"pressTone": "#"}`, ...) as the scenario format writes it.
fn read_caller_body(body: &str) -> Result<CallerEvent, Diagnostic> {
    let root = parse_json(body)?.ok_or_else(|| {
        Diagnostic::error(format!(
            "The request body is empty: send one caller step such as {{\"pressTone\": \"#\"}} ({}).",
            CALLER_EVENT_NAMES.join(", ")
        ))
    })?;
    let member = match root.as_object() {
        Some([member]) if CALLER_EVENT_NAMES.contains(&member.key.as_str()) => member,
        _ => {
            return Err(at(
                Diagnostic::error(format!(
                    "The body must be an object with exactly one of {}, such as {{\"pressTone\": \"#\"}}.",
                    CALLER_EVENT_NAMES.join(", ")
                )),
                &root,
            ))
        }
    };
    let mut diagnostics = Vec::new();
    read_caller_event(&member.key, &member.value, &mut diagnostics)
        .filter(|_| !diagnostics.iter().any(Diagnostic::is_error))
        .ok_or_else(|| {
            diagnostics
                .into_iter()
                .find(Diagnostic::is_error)
                .unwrap_or_else(|| Diagnostic::error("The caller step could not be read."))
        })
}

/// What `POST /calls` reads from its body.
struct CallMembers {
    callback_uri: String,
    echoed: Vec<(String, Value)>,
}

/// Parses a request body; an empty one is `None`.
fn parse_json(body: &str) -> Result<Option<Node>, Diagnostic> {
    if body.trim().is_empty() {
        return Ok(None);
    }
    json::parse(body, &ParseOptions { strict: true })
        .map(|parsed| Some(parsed.root))
        .map_err(|d| {
            let message = format!("The request body is not valid JSON: {}", d.message);
            Diagnostic { message, ..d }
        })
}

/// Reads a `call` as Graph reads `POST /calls`: `callbackUri` required (http or https), the
/// members of [`ECHOED_MEMBERS`] checked for their kind and echoed, other members ignored.
fn read_call_body(body: &str) -> Result<CallMembers, Diagnostic> {
    let root = parse_json(body)?.ok_or_else(|| {
        Diagnostic::error("The request body is empty: send a call with at least a callbackUri.")
    })?;
    if root.as_object().is_none() {
        return Err(at(
            Diagnostic::error(format!(
                "The request body must be a JSON object (a call), not {}.",
                root.kind_name()
            )),
            &root,
        ));
    }
    let callback = root.get("callbackUri").ok_or_else(|| {
        at(
            Diagnostic::error(
                "callbackUri is required: the URL the service POSTs the call's notifications to.",
            ),
            &root,
        )
    })?;
    let uri = callback.as_str().ok_or_else(|| {
        at(
            Diagnostic::error(format!(
                "callbackUri must be a string, not {}.",
                a_kind(callback.kind_name())
            )),
            callback,
        )
    })?;
    check_callback_uri(uri).map_err(|message| at(Diagnostic::error(message), callback))?;
    let mut echoed = Vec::new();
    for (name, kind) in ECHOED_MEMBERS {
        let Some(node) = root.get(name) else { continue };
        if node.kind_name() != kind && !node.is_null() {
            return Err(at(
                Diagnostic::error(format!(
                    "{name} must be {}, not {}.",
                    a_kind(kind),
                    a_kind(node.kind_name())
                )),
                node,
            ));
        }
        echoed.push((name.to_string(), node.to_serde()));
    }
    Ok(CallMembers {
        callback_uri: uri.to_string(),
        echoed,
    })
}

/// A `callbackUri` the mock can POST to: `http://` or `https://` with a host, at most
/// [`MAX_CALLBACK_URI_BYTES`], no spaces or control characters.
pub fn check_callback_uri(uri: &str) -> Result<(), String> {
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"))
        .ok_or_else(|| {
            format!(
                "callbackUri must start with http:// or https://, not '{}'.",
                quote(uri)
            )
        })?;
    if uri.len() > MAX_CALLBACK_URI_BYTES {
        return Err(format!(
            "callbackUri is {} bytes; the mock takes at most {MAX_CALLBACK_URI_BYTES}.",
            uri.len()
        ));
    }
    if uri.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "callbackUri must not contain spaces or control characters: '{}'.",
            quote(uri)
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') {
        return Err(format!(
            "callbackUri must name a host (and no user:password@), not '{}'.",
            quote(uri)
        ));
    }
    Ok(())
}

/// Reads a media action's body as Graph does ([`ReadMode::Graph`]).
fn read_request_action(name: &str, body: &str) -> Result<Action, Diagnostic> {
    let root = parse_json(body)?;
    let mut diagnostics = Vec::new();
    let action = read_action(name, root.as_ref(), ReadMode::Graph, &mut diagnostics);
    if let Some(error) = diagnostics.into_iter().find(Diagnostic::is_error) {
        return Err(error);
    }
    action.ok_or_else(|| Diagnostic::error(format!("The {name} body could not be read.")))
}

/// A diagnostic as one Graph error message: what, then where (`at /prompts/0 (line 1, column 12)`).
fn located(diagnostic: &Diagnostic) -> String {
    let mut message = diagnostic.message.clone();
    let pointer = diagnostic
        .pointer
        .as_deref()
        .map(|p| if p.is_empty() { "/" } else { p });
    match (pointer, diagnostic.line, diagnostic.column) {
        (Some(pointer), Some(line), Some(column)) => {
            message.push_str(&format!(" (at {pointer}, line {line}, column {column})"))
        }
        (Some(pointer), _, _) => message.push_str(&format!(" (at {pointer})")),
        (None, Some(line), Some(column)) => {
            message.push_str(&format!(" (line {line}, column {column})"))
        }
        _ => {}
    }
    message
}

/// A JSON kind with its article, as a message says it: `an array`, `a string`, `null`.
fn a_kind(kind: &str) -> String {
    match kind {
        "null" => "null".to_string(),
        "array" | "object" => format!("an {kind}"),
        _ => format!("a {kind}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::http::find_header;

    const ROOT: &str = "http://127.0.0.1:8080/graph";
    const CALLBACK: &str = "http://127.0.0.1:9/callback";
    const PLAY: &str = r##"{"clientContext": "p1", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/hello.wav"}, "durationMs": 60000}]}"##;
    const RECORD: &str = r#"{"clientContext": "r1", "maxRecordDurationInSeconds": 10}"#;

    fn send(
        calls: &mut MockCalls,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
        now_ms: u64,
    ) -> CallsAnswer {
        let headers: Vec<Header> = headers.iter().map(|(n, v)| Header::new(n, v)).collect();
        let request = MockRequest {
            method,
            path,
            headers: &headers,
            body,
            root: ROOT,
            now: 0,
        };
        calls.handle(&request, now_ms.wrapping_add(17), now_ms)
    }

    fn authorized(
        calls: &mut MockCalls,
        method: &str,
        path: &str,
        body: &str,
        now_ms: u64,
    ) -> CallsAnswer {
        send(
            calls,
            method,
            path,
            &[("Authorization", "Bearer t")],
            body,
            now_ms,
        )
    }

    fn json(response: &MockResponse) -> Value {
        serde_json::from_str(&response.body).unwrap_or(Value::Null)
    }

    fn error_message(response: &MockResponse) -> String {
        json(response)["error"]["message"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// The notifications' one-line summaries.
    fn summaries(deliveries: &[Delivery]) -> Vec<String> {
        deliveries.iter().map(|d| d.summary.clone()).collect()
    }

    /// A call made at 0 and established at ESTABLISH_MS; its id.
    fn established(calls: &mut MockCalls) -> String {
        let body = format!(r#"{{"callbackUri": "{CALLBACK}"}}"#);
        let made = authorized(calls, "POST", "/v1.0/communications/calls", &body, 0);
        assert_eq!(made.response.status, 201, "{}", made.response.body);
        let fired = calls.advance(ESTABLISH_MS);
        assert_eq!(summaries(&fired), ["call established"]);
        json(&made.response)["id"]
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    #[test]
    fn post_calls_answers_201_with_the_call_and_its_location_then_reports_established() {
        let mut calls = MockCalls::new();
        let body = format!(
            r##"{{"@odata.type": "#microsoft.graph.call", "callbackUri": "{CALLBACK}", "tenantId": "t-1", "requestedModalities": ["audio"], "mediaConfig": {{"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}, "other": 1}}"##
        );
        let made = authorized(
            &mut calls,
            "POST",
            "/beta/communications/calls",
            &body,
            1000,
        );
        assert_eq!(made.response.status, 201, "{}", made.response.body);
        let call = json(&made.response);
        let id = call["id"].as_str().unwrap_or("");
        assert!(crate::graph::ids::is_guid(id), "{id}");
        assert_eq!(call["state"], "establishing");
        assert_eq!(call["direction"], "outgoing");
        assert_eq!(call["callbackUri"], CALLBACK);
        assert_eq!(call["tenantId"], "t-1");
        assert_eq!(call["requestedModalities"], serde_json::json!(["audio"]));
        assert_eq!(call["@odata.type"], "#microsoft.graph.call");
        assert!(call.get("other").is_none());
        assert_eq!(
            find_header(&made.response.headers, "location"),
            Some(format!("{ROOT}/beta/communications/calls/{id}").as_str())
        );
        assert!(find_header(&made.response.headers, "request-id").is_some());
        assert_eq!(summaries(&made.deliveries), ["call establishing"]);
        assert_eq!(made.deliveries[0].callback_uri, CALLBACK);
        assert_eq!(calls.next_event_ms(), Some(1000 + ESTABLISH_MS));
        assert!(calls.advance(1000 + ESTABLISH_MS - 1).is_empty());
        let fired = calls.advance(1000 + ESTABLISH_MS);
        assert_eq!(summaries(&fired), ["call established"]);
        assert_eq!(fired[0].due_ms, 1000 + ESTABLISH_MS);
        let body: Value = serde_json::from_str(&fired[0].body).unwrap_or(Value::Null);
        assert_eq!(body["value"][0]["resourceData"]["state"], "established");
        assert_eq!(
            body["value"][0]["resourceUrl"],
            format!("/communications/calls/{id}")
        );
        let got = authorized(
            &mut calls,
            "GET",
            &format!("/beta/communications/calls/{id}"),
            "",
            2000,
        );
        assert_eq!(got.response.status, 200);
        assert_eq!(json(&got.response)["state"], "established");
        assert_eq!(json(&got.response)["callbackUri"], CALLBACK);
    }

    #[test]
    fn media_actions_run_on_the_simulator_and_a_cancel_ends_the_queue() {
        let mut calls = MockCalls::new();
        let id = established(&mut calls);
        let base = format!("/v1.0/communications/calls/{id}");
        let play = authorized(&mut calls, "POST", &format!("{base}/playPrompt"), PLAY, 600);
        assert_eq!(play.response.status, 200, "{}", play.response.body);
        let play_id = json(&play.response)["id"]
            .as_str()
            .unwrap_or("")
            .to_string();
        assert_eq!(
            find_header(&play.response.headers, "location"),
            Some(format!("{ROOT}{base}/operations/{play_id}").as_str())
        );
        let record = authorized(
            &mut calls,
            "POST",
            &format!("{base}/recordResponse"),
            RECORD,
            700,
        );
        assert_eq!(record.response.status, 200, "{}", record.response.body);
        assert_eq!(json(&record.response)["status"], "notStarted");
        let op = authorized(
            &mut calls,
            "GET",
            &format!("{base}/operations/{play_id}"),
            "",
            800,
        );
        assert_eq!(op.response.status, 200);
        assert_eq!(json(&op.response)["status"], "running");
        let missing = authorized(
            &mut calls,
            "GET",
            &format!("{base}/operations/nope"),
            "",
            800,
        );
        assert_eq!(missing.response.status, 404);
        let cancel = authorized(
            &mut calls,
            "POST",
            &format!("{base}/cancelMediaProcessing"),
            r#"{"clientContext": "c1"}"#,
            900,
        );
        assert_eq!(cancel.response.status, 200, "{}", cancel.response.body);
        assert_eq!(json(&cancel.response)["status"], "completed");
        assert_eq!(
            summaries(&cancel.deliveries),
            [
                "playPromptOperation p1 failed 400/8508",
                "recordOperation r1 failed 400/8508 operationCanceled"
            ]
        );
        let op = authorized(
            &mut calls,
            "GET",
            &format!("{base}/operations/{play_id}"),
            "",
            950,
        );
        assert_eq!(json(&op.response)["status"], "failed");
    }

    #[test]
    fn delete_hangs_up_204_then_the_call_is_gone_404() {
        let mut calls = MockCalls::new();
        let id = established(&mut calls);
        let base = format!("/v1.0/app/calls/{id}");
        let hung = authorized(&mut calls, "DELETE", &base, "", 1000);
        assert_eq!(hung.response.status, 204);
        assert_eq!(hung.response.body, "");
        assert_eq!(summaries(&hung.deliveries), ["call terminating"]);
        let fired = calls.advance(1000 + crate::simulate::call::TERMINATE_MS);
        assert_eq!(summaries(&fired), ["call terminated 200/7000"]);
        assert_eq!(calls.next_event_ms(), None);
        let got = authorized(&mut calls, "GET", &base, "", 2000);
        assert_eq!(got.response.status, 404);
        assert_eq!(json(&got.response)["error"]["code"], "itemNotFound");
        let play = authorized(
            &mut calls,
            "POST",
            &format!("{base}/playPrompt"),
            PLAY,
            2000,
        );
        assert_eq!(play.response.status, 404, "{}", play.response.body);
        assert_eq!(json(&play.response)["error"]["code"], "itemNotFound");
        assert!(json(&play.response)["error"]["innerError"]["request-id"].is_string());
        let again = authorized(&mut calls, "DELETE", &base, "", 2000);
        assert_eq!(again.response.status, 404);
    }

    #[test]
    fn an_action_while_establishing_is_refused_400() {
        let mut calls = MockCalls::new();
        let body = format!(r#"{{"callbackUri": "{CALLBACK}"}}"#);
        let made = authorized(&mut calls, "POST", "/v1.0/communications/calls", &body, 0);
        let id = json(&made.response)["id"]
            .as_str()
            .unwrap_or("")
            .to_string();
        let play = authorized(
            &mut calls,
            "POST",
            &format!("/v1.0/communications/calls/{id}/playPrompt"),
            PLAY,
            10,
        );
        assert_eq!(play.response.status, 400);
        assert!(error_message(&play.response).contains("still establishing"));
    }

    #[test]
    fn an_unseen_call_id_is_404_except_for_the_stateless_cancel() {
        let mut calls = MockCalls::new();
        let id = "57dab8b1-894c-409a-b240-bd8beae78896";
        for (method, path) in [
            ("GET", format!("/v1.0/communications/calls/{id}")),
            ("DELETE", format!("/v1.0/communications/calls/{id}")),
            (
                "GET",
                format!("/v1.0/communications/calls/{id}/operations/x"),
            ),
            (
                "POST",
                format!("/v1.0/communications/calls/{id}/playPrompt"),
            ),
        ] {
            let answer = authorized(&mut calls, method, &path, PLAY, 0);
            assert_eq!(answer.response.status, 404, "{method} {path}");
            assert_eq!(json(&answer.response)["error"]["code"], "itemNotFound");
            assert!(error_message(&answer.response).contains(id));
        }
        let cancel = authorized(
            &mut calls,
            "POST",
            &format!("/v1.0/communications/calls/{id}/cancelMediaProcessing"),
            r#"{"clientContext": "c"}"#,
            0,
        );
        assert_eq!(cancel.response.status, 200);
        assert_eq!(json(&cancel.response)["status"], "completed");
        assert!(cancel.deliveries.is_empty());
        let unknown = authorized(&mut calls, "GET", "/v1.0/me", "", 0);
        assert_eq!(unknown.response.status, 404);
        assert_eq!(json(&unknown.response)["error"]["code"], "UnknownResource");
        assert!(
            error_message(&unknown.response).contains("{id}/operations/{opId}"),
            "{}",
            unknown.response.body
        );
        let put = authorized(&mut calls, "PUT", "/v1.0/communications/calls", "", 0);
        assert_eq!(put.response.status, 405);
        assert!(error_message(&put.response).contains("takes POST"));
    }

    #[test]
    fn bad_bodies_are_400_naming_the_pointer_line_and_column() {
        let mut calls = MockCalls::new();
        let create = |calls: &mut MockCalls, body: &str| {
            let answer = authorized(calls, "POST", "/v1.0/communications/calls", body, 0);
            assert_eq!(answer.response.status, 400, "{body}");
            assert_eq!(json(&answer.response)["error"]["code"], "BadRequest");
            assert!(answer.deliveries.is_empty());
            error_message(&answer.response)
        };
        assert_eq!(
            create(&mut calls, r#"{"targets": []}"#),
            "callbackUri is required: the URL the service POSTs the call's notifications to. (at /, line 1, column 1)"
        );
        assert_eq!(
            create(&mut calls, "{\n  \"callbackUri\": \"ftp://bot.example/cb\"}"),
            "callbackUri must start with http:// or https://, not 'ftp://bot.example/cb'. (at /callbackUri, line 2, column 18)"
        );
        assert!(create(&mut calls, r#"{"callbackUri": 7}"#).contains("not a number"));
        assert!(create(&mut calls, r#"{"callbackUri": "http://"}"#).contains("name a host"));
        assert!(create(&mut calls, r#"{"callbackUri": "http://a b/"}"#).contains("spaces"));
        let targets = create(
            &mut calls,
            r#"{"callbackUri": "https://bot.example/cb", "targets": "alice"}"#,
        );
        assert!(
            targets.starts_with("targets must be an array, not a string"),
            "{targets}"
        );
        assert!(
            targets.contains("(at /targets, line 1, column 54)"),
            "{targets}"
        );
        let broken = create(&mut calls, "{\"callbackUri\": ");
        assert!(
            broken.starts_with("The request body is not valid JSON"),
            "{broken}"
        );
        assert!(broken.contains("line 1"), "{broken}");
        assert!(create(&mut calls, "[]").contains("must be a JSON object"));
        assert!(create(&mut calls, "").contains("empty"));
        assert!(calls.is_empty());

        let id = established(&mut calls);
        let play = authorized(
            &mut calls,
            "POST",
            &format!("/v1.0/communications/calls/{id}/playPrompt"),
            r#"{"prompts": [{"mediaInfo": {"uri": 5}}]}"#,
            600,
        );
        assert_eq!(play.response.status, 400, "{}", play.response.body);
        let message = error_message(&play.response);
        assert!(message.contains("/prompts/0/mediaInfo/uri"), "{message}");
        assert!(message.contains("line 1, column "), "{message}");
        let none = authorized(
            &mut calls,
            "POST",
            &format!("/v1.0/communications/calls/{id}/playPrompt"),
            "",
            600,
        );
        assert_eq!(none.response.status, 400, "{}", none.response.body);
        assert!(error_message(&none.response).contains("prompts"));
    }

    #[test]
    fn faults_and_the_token_check_work_on_every_call_endpoint() {
        let mut calls = MockCalls::new();
        let id = established(&mut calls);
        let base = format!("/v1.0/communications/calls/{id}");
        let create_body = format!(r#"{{"callbackUri": "{CALLBACK}"}}"#);
        let bearer = ("Authorization", "Bearer t");
        let cases: [(&str, String, &str); 5] = [
            (
                "POST",
                "/v1.0/communications/calls".to_string(),
                create_body.as_str(),
            ),
            ("GET", base.clone(), ""),
            ("DELETE", base.clone(), ""),
            ("POST", format!("{base}/playPrompt"), PLAY),
            ("GET", format!("{base}/operations/x"), ""),
        ];
        for (method, path, body) in &cases {
            let answer = send(
                &mut calls,
                method,
                path,
                &[bearer, ("x-mediaops-fault", "503")],
                body,
                700,
            );
            assert_eq!(answer.response.status, 503, "{method} {path}");
            assert_eq!(
                find_header(&answer.response.headers, "retry-after"),
                Some("7")
            );
            assert!(find_header(&answer.response.headers, "request-id").is_some());
            let no_token = send(
                &mut calls,
                method,
                path,
                &[("x-mediaops-fault", "503")],
                body,
                700,
            );
            assert_eq!(no_token.response.status, 401, "{method} {path}");
            let unknown = send(
                &mut calls,
                method,
                path,
                &[bearer, ("x-mediaops-fault", "teapot")],
                body,
                700,
            );
            assert_eq!(unknown.response.status, 400, "{method} {path}");
            assert!(error_message(&unknown.response).contains("teapot"));
        }
        // The faults refused everything, so the call is still there and established.
        let got = authorized(&mut calls, "GET", &base, "", 800);
        assert_eq!(json(&got.response)["state"], "established");
        assert_eq!(calls.len(), 1);
        // Reserved call ids work on the new endpoints too.
        let reserved = authorized(
            &mut calls,
            "GET",
            "/v1.0/communications/calls/00000000-0000-0000-0000-000000000429",
            "",
            800,
        );
        assert_eq!(reserved.response.status, 429);
        let slow = send(
            &mut calls,
            "GET",
            &base,
            &[bearer, ("x-mediaops-fault", "delay=250")],
            "",
            800,
        );
        assert_eq!((slow.response.status, slow.response.delay_ms), (200, 250));
        let hidden = send(
            &mut calls,
            "POST",
            &format!("{base}/playPrompt"),
            &[bearer, ("x-mediaops-fault", "no-location")],
            PLAY,
            800,
        );
        assert_eq!(hidden.response.status, 200);
        assert_eq!(find_header(&hidden.response.headers, "location"), None);
        let text = send(
            &mut calls,
            "POST",
            "/v1.0/communications/calls",
            &[bearer, ("x-mediaops-fault", "non-json")],
            &create_body,
            800,
        );
        assert_eq!(text.response.status, 201);
        assert!(
            text.response.body.ends_with("(mock fault: not JSON)\n"),
            "{}",
            text.response.body
        );
    }

    #[test]
    fn the_registry_keeps_at_most_max_calls_forgetting_ended_ones_first() {
        let mut calls = MockCalls::new();
        let body = format!(r#"{{"callbackUri": "{CALLBACK}"}}"#);
        let mut ids = Vec::new();
        for i in 0..MAX_CALLS as u64 {
            let made = authorized(&mut calls, "POST", "/v1.0/communications/calls", &body, i);
            ids.push(
                json(&made.response)["id"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            );
        }
        assert_eq!(calls.len(), MAX_CALLS);
        // End the fifth call; the next one made forgets it, not the oldest.
        let fifth = format!("/v1.0/communications/calls/{}", ids[4]);
        assert_eq!(
            authorized(&mut calls, "DELETE", &fifth, "", 1000)
                .response
                .status,
            204
        );
        calls.advance(2000);
        authorized(
            &mut calls,
            "POST",
            "/v1.0/communications/calls",
            &body,
            2000,
        );
        assert_eq!(calls.len(), MAX_CALLS);
        assert_eq!(
            authorized(&mut calls, "DELETE", &fifth, "", 2001)
                .response
                .status,
            404
        );
        let first = format!("/v1.0/communications/calls/{}", ids[0]);
        assert_eq!(
            authorized(&mut calls, "GET", &first, "", 2001)
                .response
                .status,
            200
        );
        // None ended: the oldest goes.
        authorized(
            &mut calls,
            "POST",
            "/v1.0/communications/calls",
            &body,
            2002,
        );
        assert_eq!(
            authorized(&mut calls, "GET", &first, "", 2003)
                .response
                .status,
            404
        );
    }

    #[test]
    fn the_caller_endpoint_presses_tones_stops_recordings_and_hangs_up() {
        let mut calls = MockCalls::new();
        let id = established(&mut calls);
        let base = format!("/v1.0/communications/calls/{id}");
        let t = ESTABLISH_MS;
        let tones = authorized(
            &mut calls,
            "POST",
            &format!("{base}/subscribeToTone"),
            "{}",
            t,
        );
        assert_eq!(tones.response.status, 200);
        let record = r##"{"clientContext": "r1", "stopTones": ["#"], "playBeep": false}"##;
        let made = authorized(
            &mut calls,
            "POST",
            &format!("{base}/recordResponse"),
            record,
            t,
        );
        assert_eq!(made.response.status, 200, "{}", made.response.body);
        let caller = format!("/_mediaops/calls/{id}/caller");
        // No token needed: it is the simulator's endpoint, not Graph's.
        let pressed = send(
            &mut calls,
            "POST",
            &caller,
            &[],
            r##"{"pressTone": "#"}"##,
            t + 100,
        );
        assert_eq!(pressed.response.status, 200, "{}", pressed.response.body);
        assert_eq!(
            summaries(&pressed.deliveries),
            [
                "tone pound (sequenceId 1)",
                "recordOperation r1 completed 200/0 stopToneDetected"
            ]
        );
        assert_eq!(
            json(&pressed.response)["notifications"][1],
            "recordOperation r1 completed 200/0 stopToneDetected"
        );
        let gone = send(
            &mut calls,
            "POST",
            &caller,
            &[],
            r#"{"callerHangsUp": {}}"#,
            t + 200,
        );
        assert_eq!(summaries(&gone.deliveries), ["call terminated 200/4097"]);
        assert_eq!(json(&gone.response)["state"], "terminated");
    }

    #[test]
    fn the_caller_endpoint_explains_bad_bodies_unknown_calls_and_methods() {
        let mut calls = MockCalls::new();
        let id = established(&mut calls);
        let caller = format!("/_mediaops/calls/{id}/caller");
        let t = ESTABLISH_MS;
        let bad_tone = send(&mut calls, "POST", &caller, &[], r#"{"pressTone": "x"}"#, t);
        assert_eq!(bad_tone.response.status, 400);
        assert!(
            error_message(&bad_tone.response).contains("not 'x'"),
            "{}",
            bad_tone.response.body
        );
        assert!(
            error_message(&bad_tone.response).contains("/pressTone"),
            "{}",
            bad_tone.response.body
        );
        let two = send(
            &mut calls,
            "POST",
            &caller,
            &[],
            r#"{"speechStarted": {}, "x": 1}"#,
            t,
        );
        assert_eq!(two.response.status, 400);
        assert!(error_message(&two.response).contains("exactly one of"));
        let empty = send(&mut calls, "POST", &caller, &[], "", t);
        assert_eq!(empty.response.status, 400);
        let unknown = send(
            &mut calls,
            "POST",
            "/_mediaops/calls/nope/caller",
            &[],
            r#"{"speechStarted": {}}"#,
            t,
        );
        assert_eq!(unknown.response.status, 404);
        let get = send(&mut calls, "GET", &caller, &[], "", t);
        assert_eq!(get.response.status, 405);
    }
}
