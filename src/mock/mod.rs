//! The mock Graph endpoint: what `mediaops serve` answers to cancelMediaProcessing.
//! Pure request-in, response-out, so the server and the in-page simulator share one behaviour.

use crate::graph::http::{describe_invalid_utf8, encode_path_segment, find_header, Header};
use crate::graph::ids::normalize_id;
use crate::graph::CLIENT_CONTEXT_MAX_CHARS;
use serde_json::json;

pub mod calls;
pub mod replay;

/// A request as the mock sees it.
#[derive(Debug, Clone)]
pub struct MockRequest<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path below the mock's root, e.g. `/v1.0/communications/calls/{id}/cancelMediaProcessing`.
    pub path: &'a str,
    /// Request headers.
    pub headers: &'a [Header],
    /// Request body.
    pub body: &'a str,
    /// The mock's absolute root, e.g. `http://127.0.0.1:8080/graph`, for the `Location` header.
    pub root: &'a str,
    /// The time, in seconds since 1970, for `innerError.date`.
    pub now: i64,
}

/// What the mock answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (CORS headers are the server's business).
    pub headers: Vec<Header>,
    /// The body (JSON, except for the non-JSON faults).
    pub body: String,
    /// How long the server waits before answering, in milliseconds.
    pub delay_ms: u64,
    /// Headers the server must leave out of `Access-Control-Expose-Headers`, so a page on another
    /// origin cannot read them.
    pub unexposed_headers: Vec<String>,
}

/// The request header that switches on faults, e.g. `x-mediaops-fault: 429` or `slow, 500`.
pub const FAULT_HEADER: &str = "x-mediaops-fault";

/// How long the `slow` fault waits: longer than any sensible client timeout.
pub const SLOW_DELAY_MS: u64 = 60_000;

/// The longest `delay=MS` the mock accepts.
pub const MAX_DELAY_MS: u64 = 120_000;

/// The `Retry-After` the throttling faults send, in seconds.
pub const RETRY_AFTER_SECONDS: u32 = 7;

/// One way the mock can misbehave on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Answer with this error status and a Graph error (400, 401, 403, 404, 429, 500, 503).
    Status(u16),
    /// `502` with an HTML body, as a gateway in front of Graph would send.
    BadGateway,
    /// `200` whose body is not JSON.
    NonJson,
    /// `200` without a `Location` header.
    NoLocation,
    /// `200` with a `Location` header that CORS does not expose.
    HideLocation,
    /// Wait this long before answering.
    Delay(u64),
}

/// A reserved call id and the fault it switches on, for pages that cannot set headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// The reserved call id.
    pub call_id: &'static str,
    /// The header value with the same effect.
    pub fault: &'static str,
    /// What it does, in a few words.
    pub label: &'static str,
}

/// The reserved call ids: `…0NNN` answers with status NNN; the others are named below.
pub const SCENARIOS: [Scenario; 11] = [
    scenario(
        "00000000-0000-0000-0000-000000000400",
        "400",
        "400 BadRequest",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000401",
        "401",
        "401 expired token",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000403",
        "403",
        "403 Forbidden",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000404",
        "404",
        "404 call not found",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000429",
        "429",
        "429 throttled, Retry-After",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000500",
        "500",
        "500 with request-id",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000502",
        "502",
        "502 HTML from a gateway",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000503",
        "503",
        "503 with Retry-After",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000060",
        "slow",
        "200 after 60 s (timeout, Abort)",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000001",
        "no-location",
        "200 without Location",
    ),
    scenario(
        "00000000-0000-0000-0000-000000000002",
        "hide-location",
        "200, Location not exposed by CORS",
    ),
];

const fn scenario(call_id: &'static str, fault: &'static str, label: &'static str) -> Scenario {
    Scenario {
        call_id,
        fault,
        label,
    }
}

/// Parses a fault list such as `slow, 500` or `delay=1500`; an unknown entry is an error
/// message naming it.
pub fn parse_faults(text: &str) -> Result<Vec<Fault>, String> {
    let mut faults = Vec::new();
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let lower = entry.to_ascii_lowercase();
        let fault = match lower.as_str() {
            "400" | "401" | "403" | "404" | "429" | "500" | "503" => {
                Fault::Status(lower.parse().unwrap_or(500))
            }
            "502" => Fault::BadGateway,
            "non-json" => Fault::NonJson,
            "no-location" => Fault::NoLocation,
            "hide-location" => Fault::HideLocation,
            "slow" => Fault::Delay(SLOW_DELAY_MS),
            _ => match lower.strip_prefix("delay=").map(str::parse::<u64>) {
                Some(Ok(ms)) if ms <= MAX_DELAY_MS => Fault::Delay(ms),
                _ => {
                    return Err(format!(
                        "unknown {FAULT_HEADER} entry '{entry}': use 400, 401, 403, 404, 429, 500, 502, 503, non-json, no-location, hide-location, slow or delay=MS (MS at most {MAX_DELAY_MS})"
                    ))
                }
            },
        };
        faults.push(fault);
    }
    Ok(faults)
}

/// A fresh operation id from a seed (the mock passes a counter), shaped as Graph's GUIDs.
pub use crate::graph::ids::seeded_guid as operation_id;

/// The ids and time every answer carries, as Graph's do (`request-id`, `client-request-id`,
/// and `innerError` in error bodies).
pub(crate) struct Stamp {
    request_id: String,
    client_request_id: String,
    date: String,
}

/// The largest request body the mock reads, in bytes (1 MiB); a larger one is answered 413.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Answers one request to the mock Graph root. `seed` makes the operation and request ids.
pub fn handle(request: &MockRequest<'_>, seed: u64) -> MockResponse {
    let stamp = Stamp::new(request, seed);
    let response = answer(request, seed, &stamp);
    stamp.finish(response)
}

/// The answer to a request whose body is over [`MAX_BODY_BYTES`] (the server stops reading it,
/// so `request.body` is not looked at): `413` with a Graph error `RequestEntityTooLarge`.
pub fn too_large(request: &MockRequest<'_>, seed: u64) -> MockResponse {
    let stamp = Stamp::new(request, seed);
    let response = stamp.error(
        413,
        "RequestEntityTooLarge",
        &format!(
            "The request body is larger than {MAX_BODY_BYTES} bytes (1 MiB), the most the mock reads; a cancelMediaProcessing body is a clientContext of at most {CLIENT_CONTEXT_MAX_CHARS} characters."
        ),
    );
    stamp.finish(response)
}

/// The answer to a request whose body could not be read (the connection failed or went quiet
/// mid-body; `reason` says which): `400` with a Graph error `BadRequest`.
pub fn unreadable_body(request: &MockRequest<'_>, seed: u64, reason: &str) -> MockResponse {
    let stamp = Stamp::new(request, seed);
    let response = stamp.error(
        400,
        "BadRequest",
        &format!("The request body could not be read: {reason}."),
    );
    stamp.finish(response)
}

/// The answer to a request whose body `bytes` is not UTF-8 (the server asks before [`handle`],
/// so `request.body` is not looked at): `400` with a Graph error `BadRequest` naming the first
/// invalid byte and its offset; `None` when `bytes` are UTF-8.
pub fn not_utf8(request: &MockRequest<'_>, seed: u64, bytes: &[u8]) -> Option<MockResponse> {
    let invalid = describe_invalid_utf8(bytes)?;
    let stamp = Stamp::new(request, seed);
    let response = stamp.error(
        400,
        "BadRequest",
        &format!("The request body is not UTF-8: {invalid}; Graph reads JSON bodies as UTF-8."),
    );
    Some(stamp.finish(response))
}

/// True for a `Host` header value that can stand in a URL as `host[:port]`: a name or IPv4
/// address (letters, digits, `.` and `-`) or a bracketed IPv6 address, then an optional port of
/// digits. Anything else (`/`, `@`, spaces, quotes, ...) could rewrite the `Location` built from it.
pub fn is_plausible_host(host: &str) -> bool {
    if host.is_empty() || host.len() > 261 {
        return false;
    }
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let Some((inside, after)) = rest.split_once(']') else {
            return false;
        };
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
        {
            return false;
        }
        match after {
            "" => (inside, None),
            _ => match after.strip_prefix(':') {
                Some(port) => (inside, Some(port)),
                None => return false,
            },
        }
    } else {
        let (name, port) = match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        };
        let label_ok = |label: &str| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        };
        if name.len() > 253 || !name.trim_end_matches('.').split('.').all(label_ok) {
            return false;
        }
        (name, port)
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u16>().is_ok()
    });
    !name.is_empty() && port_ok
}

/// The mock's root (`http://host[:port]/graph`) for its `Location` headers: from the request's
/// `Host` header when that is a plausible `host[:port]`, else from `bound`, the address the
/// server listens on.
pub fn mock_root(host_header: Option<&str>, bound: &str) -> String {
    let host = host_header
        .map(str::trim)
        .filter(|h| is_plausible_host(h))
        .unwrap_or(bound);
    format!("http://{host}/graph")
}

fn answer(request: &MockRequest<'_>, seed: u64, stamp: &Stamp) -> MockResponse {
    let segments: Vec<&str> = request.path.split('/').filter(|s| !s.is_empty()).collect();
    let (version, call_id) = match segments.as_slice() {
        [version @ ("v1.0" | "beta"), "communications" | "app", "calls", call_id, "cancelMediaProcessing"] => {
            (*version, *call_id)
        }
        _ => {
            return stamp.error(
                404,
                "UnknownResource",
                &format!(
                    "The mock serves, under /{{v1.0|beta}}/communications (or /app): POST /calls, GET or DELETE /calls/{{id}}, GET /calls/{{id}}/operations/{{opId}}, POST /calls/{{id}}/{{playPrompt|recordResponse|subscribeToTone|sendDtmfTones|updateRecordingStatus|cancelMediaProcessing}}; {} {} is none of those.",
                    request.method, request.path
                ),
            )
        }
    };
    if !request.method.eq_ignore_ascii_case("POST") {
        return stamp.error(
            405,
            "MethodNotAllowed",
            &format!("cancelMediaProcessing takes POST, not {}.", request.method),
        );
    }
    let call_id = normalize_id(call_id);
    let faults = match request_faults(request, Some(&call_id)) {
        Ok(faults) => faults,
        Err(message) => return stamp.error(400, "BadRequest", &message),
    };
    let mut response = respond(request, &call_id, version, &faults, seed, stamp);
    response.delay_ms = fault_delay_ms(&faults);
    response
}

/// The faults a request switches on: its [`FAULT_HEADER`], plus the reserved `call_id`'s
/// (already normalised); an unknown header entry is the error message naming it.
pub(crate) fn request_faults(
    request: &MockRequest<'_>,
    call_id: Option<&str>,
) -> Result<Vec<Fault>, String> {
    let mut faults = parse_faults(find_header(request.headers, FAULT_HEADER).unwrap_or(""))?;
    if let Some(reserved) = call_id.and_then(|id| SCENARIOS.iter().find(|s| s.call_id == id)) {
        faults.extend(parse_faults(reserved.fault).unwrap_or_default());
    }
    Ok(faults)
}

/// How long the faults make the server wait before answering.
pub(crate) fn fault_delay_ms(faults: &[Fault]) -> u64 {
    faults
        .iter()
        .map(|f| match f {
            Fault::Delay(ms) => *ms,
            _ => 0,
        })
        .max()
        .unwrap_or(0)
}

/// Graph's first checks, in its order: the token (401 before any fault), then the error faults.
/// `None` when the request goes on to be answered.
pub(crate) fn refuse(
    request: &MockRequest<'_>,
    call_id: &str,
    faults: &[Fault],
    stamp: &Stamp,
) -> Option<MockResponse> {
    let authorization = find_header(request.headers, "authorization").unwrap_or("");
    let token = authorization
        .strip_prefix("Bearer ")
        .or_else(|| authorization.strip_prefix("bearer "))
        .map(str::trim)
        .unwrap_or("");
    if token.is_empty() {
        return Some(stamp.error(
            401,
            "InvalidAuthenticationToken",
            "Access token is empty: send Authorization: Bearer <token> (the mock accepts any non-empty token).",
        ));
    }
    // Graph checks the token before anything else, so the faults come after that check.
    for fault in faults {
        match fault {
            Fault::Status(status) => return Some(status_fault(*status, call_id, stamp)),
            Fault::BadGateway => {
                return Some(MockResponse {
                    status: 502,
                    headers: vec![Header::new("Content-Type", "text/html; charset=utf-8")],
                    body: "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server did not answer (mock fault).</p></body></html>\n".to_string(),
                    delay_ms: 0,
                    unexposed_headers: Vec::new(),
                })
            }
            _ => {}
        }
    }
    None
}

/// The faults that spoil a success: no `Location`, a `Location` CORS hides, a body that is not
/// JSON (`what` names the answer in that body, e.g. `operation {id} completed`).
pub(crate) fn spoil_success(response: &mut MockResponse, faults: &[Fault], what: &str) {
    if faults.contains(&Fault::NoLocation) {
        response
            .headers
            .retain(|h| !h.name.eq_ignore_ascii_case("location"));
    }
    if faults.contains(&Fault::HideLocation) {
        response.unexposed_headers.push("Location".to_string());
    }
    if faults.contains(&Fault::NonJson) {
        response
            .headers
            .retain(|h| !h.name.eq_ignore_ascii_case("content-type"));
        response
            .headers
            .push(Header::new("Content-Type", "text/plain; charset=utf-8"));
        response.body = format!("{what} (mock fault: not JSON)\n");
    }
}

fn respond(
    request: &MockRequest<'_>,
    call_id: &str,
    version: &str,
    faults: &[Fault],
    seed: u64,
    stamp: &Stamp,
) -> MockResponse {
    if let Some(refused) = refuse(request, call_id, faults, stamp) {
        return refused;
    }
    let client_context = match parse_body(request.body) {
        Ok(context) => context,
        Err(message) => return stamp.error(400, "BadRequest", &message),
    };
    let id = operation_id(seed);
    // The id comes from the request path: encoded, so it cannot split or redirect the header.
    let location = format!(
        "{}/{version}/communications/calls/{}/operations/{id}",
        request.root.trim_end_matches('/'),
        encode_path_segment(call_id),
    );
    let mut body = serde_json::Map::new();
    body.insert(
        "@odata.type".into(),
        "#microsoft.graph.cancelMediaProcessingOperation".into(),
    );
    body.insert("status".into(), "completed".into());
    body.insert(
        "clientContext".into(),
        client_context.map_or(serde_json::Value::Null, Into::into),
    );
    body.insert("id".into(), id.clone().into());
    let mut response = MockResponse {
        status: 200,
        headers: vec![
            Header::new("Location", &location),
            Header::new("Content-Type", "application/json"),
        ],
        body: serde_json::Value::Object(body).to_string(),
        delay_ms: 0,
        unexposed_headers: Vec::new(),
    };
    spoil_success(&mut response, faults, &format!("operation {id} completed"));
    response
}

fn status_fault(status: u16, call_id: &str, stamp: &Stamp) -> MockResponse {
    let (code, message) = match status {
        400 => (
            "BadRequest",
            "The request is invalid (mock fault).".to_string(),
        ),
        401 => (
            "InvalidAuthenticationToken",
            "Lifetime validation failed, the token is expired (mock fault).".to_string(),
        ),
        403 => (
            "Forbidden",
            "The application is not authorized to act on this call (mock fault).".to_string(),
        ),
        404 => (
            "itemNotFound",
            format!("Call {call_id} was not found: it never existed or has ended (mock fault)."),
        ),
        429 => (
            "TooManyRequests",
            "Too many requests: retry after the number of seconds in Retry-After (mock fault)."
                .to_string(),
        ),
        503 => (
            "ServiceUnavailable",
            "The service is temporarily unavailable (mock fault).".to_string(),
        ),
        _ => (
            "InternalServerError",
            "An internal server error occurred (mock fault).".to_string(),
        ),
    };
    let mut response = stamp.error(status, code, &message);
    if matches!(status, 429 | 503) {
        response
            .headers
            .push(Header::new("Retry-After", &RETRY_AFTER_SECONDS.to_string()));
    }
    response
}
/// Checks the body as Graph would: a JSON object whose `clientContext`, when present, is a string
/// of at most 256 characters; other properties are ignored.
fn parse_body(body: &str) -> Result<Option<String>, String> {
    if body.trim().is_empty() {
        return Ok(None);
    }
    let value: serde_json::Value = serde_json::from_str(body).map_err(|e| {
        format!(
            "The request body is not valid JSON (line {}, column {}): {e}.",
            e.line(),
            e.column()
        )
    })?;
    let object = value
        .as_object()
        .ok_or_else(|| "The request body must be a JSON object.".to_string())?;
    match object.get("clientContext") {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(context)) => crate::graph::check_client_context(context)
            .map(|()| Some(context.clone()))
            .map_err(|message| format!("{message}.")),
        Some(other) => Err(format!(
            "clientContext must be a string, not {}.",
            json_kind(other)
        )),
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

impl Stamp {
    /// The ids for one answer: a fresh `request-id`, the caller's `client-request-id` (or the
    /// request id), and the date.
    pub(crate) fn new(request: &MockRequest<'_>, seed: u64) -> Stamp {
        let request_id = operation_id(seed ^ 0x5EED_0000_0000_0001);
        Stamp {
            client_request_id: find_header(request.headers, "client-request-id")
                .map(str::trim)
                .filter(|id| !id.is_empty() && id.len() <= 100 && !id.contains(char::is_control))
                .map_or_else(|| request_id.clone(), str::to_string),
            request_id,
            date: iso_utc(request.now),
        }
    }

    /// Adds the `request-id` and `client-request-id` headers every answer carries.
    pub(crate) fn finish(&self, mut response: MockResponse) -> MockResponse {
        response
            .headers
            .push(Header::new("request-id", &self.request_id));
        response
            .headers
            .push(Header::new("client-request-id", &self.client_request_id));
        response
    }

    /// A Graph error envelope, shaped as the service sends it.
    pub(crate) fn error(&self, status: u16, code: &str, message: &str) -> MockResponse {
        let body = json!({
            "error": {
                "code": code,
                "message": message,
                "innerError": {
                    "date": self.date,
                    "request-id": self.request_id,
                    "client-request-id": self.client_request_id
                }
            }
        });
        MockResponse {
            status,
            headers: vec![Header::new("Content-Type", "application/json")],
            body: body.to_string(),
            delay_ms: 0,
            unexposed_headers: Vec::new(),
        }
    }
}

/// `2026-01-01T00:00:00`: UTC without an offset, as Graph writes `innerError.date`.
pub fn iso_utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str, auth: Option<&str>, body: &str) -> MockResponse {
        let headers: Vec<Header> = auth
            .map(|a| Header::new("Authorization", a))
            .into_iter()
            .collect();
        send(path, &headers, body)
    }

    fn send(path: &str, headers: &[Header], body: &str) -> MockResponse {
        handle(
            &MockRequest {
                method: "POST",
                path,
                headers,
                body,
                root: "http://127.0.0.1:8080/graph",
                now: 1_700_000_000,
            },
            7,
        )
    }

    fn with_fault(call_id: &str, fault: Option<&str>) -> MockResponse {
        let mut headers = vec![Header::new("Authorization", "Bearer t")];
        if let Some(fault) = fault {
            headers.push(Header::new("X-MediaOps-Fault", fault));
        }
        send(
            &format!("/beta/communications/calls/{call_id}/cancelMediaProcessing"),
            &headers,
            r#"{"clientContext":"c"}"#,
        )
    }

    fn error_code(r: &MockResponse) -> String {
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        body["error"]["code"].as_str().unwrap_or("").to_string()
    }

    const EXAMPLE: &str = "57dab8b1-894c-409a-b240-bd8beae78896";

    const PATH: &str =
        "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing";

    #[test]
    fn answers_200_with_location_and_echoed_context() {
        let r = post(
            PATH,
            Some("Bearer x"),
            r#"{"clientContext":"ctx \"1\"","other":1}"#,
        );
        assert_eq!(r.status, 200);
        let location = find_header(&r.headers, "location").unwrap();
        let op_id = operation_id(7);
        assert_eq!(
            location,
            format!("http://127.0.0.1:8080/graph/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/{op_id}")
        );
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(body["clientContext"], "ctx \"1\"");
        assert_eq!(body["status"], "completed");
        assert_eq!(body["id"], op_id);
        assert_eq!(
            body["@odata.type"],
            "#microsoft.graph.cancelMediaProcessingOperation"
        );
    }

    #[test]
    fn rejects_what_graph_rejects() {
        let cases = [
            (PATH, None, "{}", 401, "InvalidAuthenticationToken"),
            (
                PATH,
                Some("Bearer  "),
                "{}",
                401,
                "InvalidAuthenticationToken",
            ),
            (PATH, Some("Bearer t"), "{", 400, "BadRequest"),
            (PATH, Some("Bearer t"), "[1]", 400, "BadRequest"),
            (
                PATH,
                Some("Bearer t"),
                r#"{"clientContext":5}"#,
                400,
                "BadRequest",
            ),
            (
                "/v1.0/communications/calls/x/playPrompt",
                Some("Bearer t"),
                "{}",
                404,
                "UnknownResource",
            ),
        ];
        for (path, auth, body, status, code) in cases {
            let r = post(path, auth, body);
            assert_eq!(r.status, status, "{body}");
            let parsed: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            assert_eq!(parsed["error"]["code"], code);
        }
        let long = format!(r#"{{"clientContext":"{}"}}"#, "x".repeat(257));
        assert_eq!(post(PATH, Some("Bearer t"), &long).status, 400);
    }

    #[test]
    fn operation_ids_are_distinct_guids() {
        let a = operation_id(1);
        assert_ne!(a, operation_id(2));
        assert!(crate::compose::request::is_guid(&a));
        assert_eq!(&a[14..15], "4");
    }

    #[test]
    fn status_faults_by_header_and_by_reserved_call_id() {
        // (fault, status, Graph error code, Retry-After)
        let cases = [
            ("400", 400, "BadRequest", None),
            ("401", 401, "InvalidAuthenticationToken", None),
            ("403", 403, "Forbidden", None),
            ("404", 404, "itemNotFound", None),
            ("429", 429, "TooManyRequests", Some("7")),
            ("500", 500, "InternalServerError", None),
            ("503", 503, "ServiceUnavailable", Some("7")),
        ];
        for (fault, status, code, retry_after) in cases {
            let reserved = format!("00000000-0000-0000-0000-000000000{fault}");
            for r in [
                with_fault(EXAMPLE, Some(fault)),
                with_fault(&reserved, None),
                with_fault(&reserved.to_uppercase().replace('-', ""), None),
            ] {
                assert_eq!(r.status, status, "{fault}");
                assert_eq!(error_code(&r), code, "{fault}");
                assert_eq!(
                    find_header(&r.headers, "retry-after"),
                    retry_after,
                    "{fault}"
                );
                assert_eq!(r.delay_ms, 0);
                // Support-ticket details: the headers and innerError agree.
                let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
                let inner = &body["error"]["innerError"];
                assert_eq!(
                    inner["request-id"],
                    find_header(&r.headers, "request-id").unwrap()
                );
                assert_eq!(
                    inner["client-request-id"],
                    find_header(&r.headers, "client-request-id").unwrap()
                );
                assert_eq!(inner["date"], "2023-11-14T22:13:20");
            }
        }
        assert!(with_fault("00000000-0000-0000-0000-000000000404", None)
            .body
            .contains("Call 00000000-0000-0000-0000-000000000404 was not found"));
    }

    #[test]
    fn the_token_is_checked_before_any_fault() {
        let r = send(
            "/v1.0/communications/calls/00000000-0000-0000-0000-000000000500/cancelMediaProcessing",
            &[Header::new("x-mediaops-fault", "slow, 429")],
            "{}",
        );
        assert_eq!(
            (r.status, error_code(&r).as_str()),
            (401, "InvalidAuthenticationToken")
        );
        assert!(r.body.contains("Access token is empty"));
        // The delay still applies: a slow call is slow whatever it answers.
        assert_eq!(r.delay_ms, SLOW_DELAY_MS);
    }

    #[test]
    fn delays_and_success_faults() {
        let slow = with_fault("00000000-0000-0000-0000-000000000060", None);
        assert_eq!((slow.status, slow.delay_ms), (200, SLOW_DELAY_MS));
        let delayed = with_fault(EXAMPLE, Some("delay=1500"));
        assert_eq!((delayed.status, delayed.delay_ms), (200, 1500));
        let slow_error = with_fault(EXAMPLE, Some(" Slow , 500 "));
        assert_eq!(
            (slow_error.status, slow_error.delay_ms),
            (500, SLOW_DELAY_MS)
        );

        let gateway = with_fault("00000000-0000-0000-0000-000000000502", None);
        assert_eq!(gateway.status, 502);
        assert!(gateway.body.starts_with("<html>"));
        assert_eq!(
            find_header(&gateway.headers, "content-type"),
            Some("text/html; charset=utf-8")
        );
        assert!(find_header(&gateway.headers, "request-id").is_some());

        let non_json = with_fault(EXAMPLE, Some("non-json"));
        assert_eq!(non_json.status, 200);
        assert!(serde_json::from_str::<serde_json::Value>(&non_json.body).is_err());
        assert!(find_header(&non_json.headers, "location").is_some());

        let no_location = with_fault("00000000-0000-0000-0000-000000000001", None);
        assert_eq!(no_location.status, 200);
        assert_eq!(find_header(&no_location.headers, "location"), None);
        assert!(no_location.unexposed_headers.is_empty());

        let hidden = with_fault("00000000-0000-0000-0000-000000000002", None);
        assert!(find_header(&hidden.headers, "location").is_some());
        assert_eq!(hidden.unexposed_headers, ["Location"]);

        let plain = with_fault(EXAMPLE, None);
        assert_eq!((plain.status, plain.delay_ms), (200, 0));
        assert!(plain.unexposed_headers.is_empty());
    }

    #[test]
    fn unknown_faults_are_a_bad_request_naming_them() {
        for fault in ["teapot", "delay=abc", "delay=120001", "401,,x"] {
            let r = with_fault(EXAMPLE, Some(fault));
            assert_eq!(
                (r.status, error_code(&r).as_str()),
                (400, "BadRequest"),
                "{fault}"
            );
            assert!(r.body.contains("unknown x-mediaops-fault entry"), "{fault}");
        }
        assert_eq!(parse_faults(" , "), Ok(Vec::new()));
        assert_eq!(
            parse_faults("DELAY=0,404"),
            Ok(vec![Fault::Delay(0), Fault::Status(404)])
        );
    }

    #[test]
    fn every_scenario_is_reserved_and_parses() {
        for scenario in SCENARIOS {
            assert!(
                crate::compose::request::is_guid(scenario.call_id),
                "{}",
                scenario.call_id
            );
            assert!(scenario.call_id.starts_with("00000000-0000-0000-0000-"));
            assert_eq!(
                parse_faults(scenario.fault).map(|f| f.len()),
                Ok(1),
                "{}",
                scenario.fault
            );
            assert_ne!(
                with_fault(scenario.call_id, None),
                with_fault(EXAMPLE, None),
                "{}",
                scenario.fault
            );
        }
    }

    #[test]
    fn client_request_id_is_echoed_or_made_up() {
        let r = send(
            PATH,
            &[
                Header::new("authorization", "Bearer t"),
                Header::new("client-request-id", "mine-1"),
            ],
            "{}",
        );
        assert_eq!(find_header(&r.headers, "client-request-id"), Some("mine-1"));
        let request_id = find_header(&r.headers, "request-id").unwrap();
        assert!(crate::compose::request::is_guid(request_id));
        assert_ne!(request_id, operation_id(7));
        let r = post(PATH, Some("Bearer t"), "{}");
        assert_eq!(
            find_header(&r.headers, "client-request-id"),
            find_header(&r.headers, "request-id")
        );
    }

    #[test]
    fn iso_dates_are_utc_calendar_dates() {
        let cases = [
            (0, "1970-01-01T00:00:00"),
            (-1, "1969-12-31T23:59:59"),
            (951_782_400, "2000-02-29T00:00:00"),
            (1_700_000_000, "2023-11-14T22:13:20"),
            (4_102_444_799, "2099-12-31T23:59:59"),
        ];
        for (seconds, text) in cases {
            assert_eq!(iso_utc(seconds), text);
        }
    }

    /// A POST to [`PATH`] whose body the server did not pass on (too large, cut, not UTF-8).
    fn bodyless(headers: &[Header]) -> MockRequest<'_> {
        MockRequest {
            method: "POST",
            path: PATH,
            headers,
            body: "",
            root: "http://127.0.0.1:8080/graph",
            now: 1_700_000_000,
        }
    }

    #[test]
    fn an_oversized_body_gets_413_with_a_graph_error() {
        let headers = [
            Header::new("Authorization", "Bearer t"),
            Header::new("client-request-id", "big-1"),
        ];
        let r = too_large(&bodyless(&headers), 7);
        assert_eq!(r.status, 413);
        assert_eq!(error_code(&r), "RequestEntityTooLarge");
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert!(body["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("The request body is larger than 1048576 bytes (1 MiB)"));
        assert_eq!(body["error"]["innerError"]["client-request-id"], "big-1");
        assert_eq!(body["error"]["innerError"]["date"], "2023-11-14T22:13:20");
        assert_eq!(find_header(&r.headers, "client-request-id"), Some("big-1"));
        assert_eq!(
            find_header(&r.headers, "request-id"),
            body["error"]["innerError"]["request-id"].as_str()
        );
        assert_eq!(
            find_header(&r.headers, "content-type"),
            Some("application/json")
        );
        let cut = unreadable_body(&bodyless(&headers), 7, "the line went quiet");
        assert_eq!(
            (cut.status, error_code(&cut)),
            (400, "BadRequest".to_string())
        );
        assert_eq!(
            find_header(&cut.headers, "client-request-id"),
            Some("big-1")
        );
        assert!(cut
            .body
            .contains("The request body could not be read: the line went quiet."));
    }

    #[test]
    fn a_call_id_with_a_control_character_cannot_split_the_location_header() {
        // Found by the mock_handle fuzz target: the id went into Location unencoded.
        let response = post(
            "/v1.0/communications/calls/ab\r\nSet-Cookie: x/cancelMediaProcessing",
            Some("Bearer t"),
            "{}",
        );
        let location = find_header(&response.headers, "location").unwrap_or_default();
        assert!(
            !location.contains('\r') && !location.contains('\n'),
            "{location:?}"
        );
        assert!(
            location.contains("/calls/ab%0D%0ASet-Cookie%3A%20x/operations/"),
            "{location}"
        );
    }

    #[test]
    fn a_body_that_is_not_utf8_is_400_naming_the_offset_of_the_first_bad_byte() {
        let headers = [Header::new("Authorization", "Bearer t")];
        let request = bodyless(&headers);
        let r = not_utf8(&request, 7, b"{\"clientContext\":\"ab\xffcd\"}").expect("an answer");
        let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!((r.status, error_code(&r).as_str()), (400, "BadRequest"));
        assert_eq!(
            body["error"]["message"],
            "The request body is not UTF-8: invalid UTF-8 at byte offset 20 (0xFF); Graph reads JSON bodies as UTF-8."
        );
        assert_eq!(body["error"]["innerError"]["date"], "2023-11-14T22:13:20");
        assert!(not_utf8(&request, 7, "{\"clientContext\":\"caf\u{e9}\"}".as_bytes()).is_none());
    }

    #[test]
    fn location_roots_come_from_plausible_hosts_only() {
        for host in [
            "127.0.0.1:8080",
            "localhost:41234",
            "localhost",
            "mock.example.",
            "my-host.example:80",
            "[::1]:8080",
            "[::1]",
            "[fe80::1:2]",
        ] {
            assert!(is_plausible_host(host), "{host}");
            assert_eq!(
                mock_root(Some(host), "127.0.0.1:9"),
                format!("http://{host}/graph")
            );
        }
        for host in [
            "",
            "evil.example/phish?",
            "evil.example/",
            "user@evil.example",
            "a b",
            "host:80:80",
            "host:",
            "host:99999",
            "host:8o",
            "-bad.example",
            "bad-.example",
            "a..b",
            "[::1",
            "[::1]x",
            "[g::1]",
            "[]",
            "\"quoted\"",
            "h\u{e9}te",
            "evil.example#",
            "evil.example\\x",
        ] {
            assert!(!is_plausible_host(host), "{host:?}");
            assert_eq!(
                mock_root(Some(host), "127.0.0.1:9"),
                "http://127.0.0.1:9/graph"
            );
        }
        assert_eq!(mock_root(None, "[::1]:8080"), "http://[::1]:8080/graph");
        assert!(!is_plausible_host(&"a".repeat(300)));
    }
}
