//! Decoders: from whatever a bot developer pastes (a notification batch, a response with its
//! headers, a Graph error, ...) to typed, checked and explained resources.

pub mod decoded_json;
pub mod http;
pub mod json;
pub mod overview;
pub mod redact;
mod resource;
pub mod stream;

use self::json::{NodeRef, ParseOptions, Tape};
use crate::diagnostic::{pointer_push, Diagnostic};
use crate::graph::http::{find_header, Header};
use crate::graph::ids::{parse_resource_url, same_id, ResourceIds};
use crate::graph::model::{OperationStatus, RecordingStatus};
use serde::Serialize;

pub use resource::{Detail, Resource, ResultInfo, Word};

/// What kind of input was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    /// A `commsNotifications` batch.
    Notifications,
    /// A single `commsNotification`.
    Notification,
    /// A bare operation (or other resource) body.
    Operation,
    /// A whole HTTP response.
    HttpResponse,
    /// A whole HTTP request.
    HttpRequest,
    /// A Graph error envelope.
    GraphError,
    /// Nothing could be decoded.
    Invalid,
}

/// The HTTP envelope around a decoded body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct HttpInfo {
    /// Response status code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Request method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Request URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The ids a request URL names (its call id).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<ResourceIds>,
    /// Headers in order.
    pub headers: Vec<Header>,
    /// The ids named by the `Location` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<ResourceIds>,
}

/// A Graph error envelope (`{"error": {...}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct GraphError {
    /// Error code, e.g. `InvalidAuthenticationToken`.
    pub code: String,
    /// Human-readable message.
    pub message: String,
    /// `innerError.request-id`, for support tickets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `innerError.date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// `innerError.client-request-id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_request_id: Option<String>,
}

/// One step in the life of an operation, as a notification or response reported it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct TimelineEntry {
    /// Index into `resources`.
    pub resource: usize,
    /// The notification's change type, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_type: Option<Word>,
    /// The status reported then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<Word>,
}

/// Everything the input says about one operation, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Timeline {
    /// The operation id, normalised.
    pub operation_id: String,
    /// The steps, in input order.
    pub entries: Vec<TimelineEntry>,
}

/// Everything decoded from one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Decoded {
    /// What the input was.
    pub kind: InputKind,
    /// The HTTP envelope, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpInfo>,
    /// The Graph error, when the body was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<GraphError>,
    /// Decoded resources in input order.
    pub resources: Vec<Resource>,
    /// Operations that more than one resource talks about.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub timelines: Vec<Timeline>,
    /// Everything worth saying about the input, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// The JSON body re-indented (comments dropped), for the pretty view.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pretty: Option<String>,
}

impl Decoded {
    fn new(kind: InputKind) -> Self {
        Decoded {
            kind,
            http: None,
            error: None,
            resources: Vec::new(),
            timelines: Vec::new(),
            diagnostics: Vec::new(),
            pretty: None,
        }
    }

    /// What precedes the resources (`kind`, `http`, `error`), the rest empty: what a
    /// [`stream::ResourceSink`] keeps of the head `begin` hands it.
    pub fn head(&self) -> Decoded {
        Decoded {
            http: self.http.clone(),
            error: self.error.clone(),
            ..Decoded::new(self.kind)
        }
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// How to decode.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DecodeOptions {
    /// Comments and trailing commas are errors instead of warnings.
    pub strict: bool,
    /// Also produce `pretty`, the body re-indented (only the page's pretty view needs it).
    pub pretty: bool,
}

/// Decodes anything pasted: notifications, a notification, an operation, an HTTP response or
/// request with its body, or a Graph error. Never fails: problems are diagnostics.
pub fn decode_text(text: &str, options: DecodeOptions) -> Decoded {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        let mut decoded = Decoded::new(InputKind::Invalid);
        decoded.diagnostics.push(Diagnostic::error(
            "empty input: paste a notification batch, an operation, or an HTTP response or request",
        ));
        return decoded;
    }
    match http::split(text) {
        Some(Ok(message)) => decode_http_text(text, message, options),
        Some(Err(error)) => {
            let mut decoded = Decoded::new(InputKind::Invalid);
            decoded.diagnostics.push(error);
            decoded
        }
        None => {
            let mut decoded = Decoded::new(InputKind::Invalid);
            decode_body(text, options, &mut decoded, true);
            finish(decoded)
        }
    }
}

/// Text from the bytes of a file or a pipe: UTF-8, or UTF-16 when it starts with a UTF-16 byte
/// order mark (what Windows PowerShell's `>` writes). Invalid sequences become U+FFFD, and the
/// first one is returned as an error naming its byte offset (from 0, as hex dumps count), line
/// and column, to be reported with what the text decodes to.
pub fn text_from_bytes(bytes: &[u8]) -> (String, Option<Diagnostic>) {
    text_from_vec(bytes.to_vec())
}

/// [`text_from_bytes`] taking the bytes: valid UTF-8 becomes the text without a copy (a large
/// file is held once, not twice).
pub fn text_from_vec(bytes: Vec<u8>) -> (String, Option<Diagnostic>) {
    match bytes.get(..2) {
        Some([0xFF, 0xFE]) => {
            text_from_utf16(bytes.get(2..).unwrap_or_default(), u16::from_le_bytes)
        }
        Some([0xFE, 0xFF]) => {
            text_from_utf16(bytes.get(2..).unwrap_or_default(), u16::from_be_bytes)
        }
        _ => match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let bytes = error.as_bytes();
                let error = error.utf8_error();
                let at = error.valid_up_to();
                let before = std::str::from_utf8(bytes.get(..at).unwrap_or_default()).unwrap_or("");
                let text = String::from_utf8_lossy(bytes).into_owned();
                let message = format!(
                    "invalid UTF-8 at byte offset {at} (0x{:02X}): the input must be UTF-8, or UTF-16 with a byte order mark; the bad bytes read as U+FFFD",
                    bytes.get(at).copied().unwrap_or_default()
                );
                let problem = encoding_error(message, before, &text);
                (text, Some(problem))
            }
        },
    }
}

/// UTF-16 code units after the byte order mark; the first unpaired surrogate (or a last odd
/// byte) is reported with its byte offset counting the mark.
fn text_from_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> (String, Option<Diagnostic>) {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    let mut problem: Option<(usize, String)> = None;
    let mut offset = 2;
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => {
                text.push(c);
                offset += 2 * c.len_utf16();
            }
            Err(error) => {
                if problem.is_none() {
                    problem = Some((text.len(), format!(
                        "invalid UTF-16 at byte offset {offset} (an unpaired surrogate, 0x{:04X}): it reads as U+FFFD",
                        error.unpaired_surrogate()
                    )));
                }
                text.push(char::REPLACEMENT_CHARACTER);
                offset += 2;
            }
        }
    }
    if bytes.len() % 2 == 1 && problem.is_none() {
        problem = Some((text.len(), format!(
            "invalid UTF-16 at byte offset {offset}: an odd number of bytes, so the last one is half a character; it reads as U+FFFD"
        )));
        text.push(char::REPLACEMENT_CHARACTER);
    }
    let problem = problem.map(|(at, message)| {
        let before = text.get(..at).unwrap_or("");
        encoding_error(message, before, &text)
    });
    (text, problem)
}

/// An encoding error located after `before` (the text decoded ahead of it) in `text`, with
/// line and column as the decoder counts them (a leading byte order mark is not a column).
fn encoding_error(message: String, before: &str, text: &str) -> Diagnostic {
    let bom = before.starts_with('\u{feff}');
    let before = before.strip_prefix('\u{feff}').unwrap_or(before);
    let text = if bom {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Diagnostic::error(message).at_position(text, to_u32(line), to_u32(column))
}

/// Decodes a response as `fetch` delivered it (status, headers, body).
pub fn decode_http_response(status: u16, headers: &[Header], body: &str) -> Decoded {
    let mut decoded = Decoded::new(InputKind::HttpResponse);
    decoded.http = Some(response_info(status, headers));
    check_response_headers(status, headers, body, &mut decoded.diagnostics);
    if !body.trim().is_empty() {
        decode_body(body, DecodeOptions::default(), &mut decoded, false);
    } else if (200..300).contains(&status) && status != 204 && status != 202 {
        decoded.diagnostics.push(Diagnostic::warning(format!(
            "HTTP {status} with an empty body: cancelMediaProcessing answers with the operation"
        )));
    }
    // What a missing Location means for a fetch (absent, or hidden by CORS) is judged by
    // `exchange`, which knows the page's origin.
    correlate_location(&mut decoded, false);
    finish(decoded)
}

fn response_info(status: u16, headers: &[Header]) -> HttpInfo {
    HttpInfo {
        status: Some(status),
        headers: headers.to_vec(),
        location: find_header(headers, "location").map(parse_resource_url),
        ..HttpInfo::default()
    }
}

fn decode_http_text(text: &str, message: http::HttpText, options: DecodeOptions) -> Decoded {
    let mut decoded;
    match &message.start {
        http::StartLine::Response { status } => {
            decoded = Decoded::new(InputKind::HttpResponse);
            decoded.http = Some(response_info(*status, &message.headers));
            check_response_headers(
                *status,
                &message.headers,
                &message.body,
                &mut decoded.diagnostics,
            );
        }
        http::StartLine::Request { method, url } => {
            decoded = Decoded::new(InputKind::HttpRequest);
            decoded.http = Some(HttpInfo {
                method: Some(method.clone()),
                url: Some(url.clone()),
                target: Some(parse_resource_url(url)).filter(|ids| ids.call_id.is_some()),
                headers: message.headers.clone(),
                ..HttpInfo::default()
            });
            if url.contains("{id}") {
                decoded.diagnostics.push(
                    Diagnostic::info(
                        "the URL still has the docs' {id} placeholder where the call id goes",
                    )
                    .at_position(text, first_content_line(text), 1),
                );
            }
        }
    }
    check_content_length(text, &message, &mut decoded.diagnostics);
    if !message.body.trim().is_empty() {
        decode_body(&message.body_for_parsing, options, &mut decoded, false);
    }
    correlate_location(&mut decoded, true);
    finish(decoded)
}

fn first_content_line(text: &str) -> u32 {
    text.lines().position(|l| !l.trim().is_empty()).unwrap_or(0) as u32 + 1
}

fn check_response_headers(
    status: u16,
    headers: &[Header],
    body: &str,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if status == 429 {
        match find_header(headers, "retry-after") {
            Some(seconds) => diagnostics.push(Diagnostic::info(format!(
                "throttled: wait {seconds} s (Retry-After) before sending again"
            ))),
            None => diagnostics.push(Diagnostic::warning(
                "throttled without a readable Retry-After: back off exponentially (cross-origin pages only see it when the server exposes it)",
            )),
        }
    }
    if (200..300).contains(&status) && !body.trim().is_empty() {
        if let Some(kind) = find_header(headers, "content-type") {
            if !kind.to_ascii_lowercase().contains("json") {
                diagnostics.push(Diagnostic::warning(format!(
                    "Content-Type is '{kind}', not application/json"
                )));
            }
        }
    }
}

/// The docs show Content-Length values that do not match their bodies (259 for 203 bytes).
fn check_content_length(text: &str, message: &http::HttpText, diagnostics: &mut Vec<Diagnostic>) {
    let Some(declared) = find_header(&message.headers, "content-length") else {
        return;
    };
    let actual = message.body.trim_end_matches(['\r', '\n', ' ']).len();
    let warning = match declared.trim().parse::<usize>() {
        Ok(length) if length == actual => return,
        Ok(length) => Diagnostic::warning(format!(
            "Content-Length says {length} but the body is {actual} bytes without its final line break (docs examples often carry a wrong length; a real message would be cut or stall)"
        )),
        Err(_) => Diagnostic::warning(format!("Content-Length '{declared}' is not a number")),
    };
    diagnostics.push(match message.header_line("content-length") {
        Some(line) => {
            // Point at the value: after the colon and the spaces the header line really has.
            let source = text.split('\n').nth(line as usize - 1).unwrap_or("");
            let after_colon = source.find(':').map_or(source.len(), |colon| colon + 1);
            let value_start = source[after_colon..]
                .find(|c| !matches!(c, ' ' | '\t'))
                .map_or(source.len(), |at| after_colon + at);
            let column = source[..value_start].chars().count() as u32 + 1;
            warning.at_position(text, line, column)
        }
        None => warning,
    });
}

/// Parses a JSON body and decodes what it holds into `decoded`. When `sets_kind`, the body's
/// shape decides `decoded.kind`; inside an HTTP message the kind stays HTTP.
fn decode_body(source: &str, options: DecodeOptions, decoded: &mut Decoded, sets_kind: bool) {
    let parse_options = ParseOptions {
        strict: options.strict,
    };
    let mut tape = match json::parse_tape(source, &parse_options) {
        Ok(tape) => tape,
        Err(error) => {
            // Logs often hold one batch per line: decode them all, as items of one array.
            match json::parse_tape_sequence(source, &parse_options) {
                Ok(sequence) if error.message.starts_with("trailing characters") => {
                    decode_sequence(sequence, options, decoded, sets_kind)
                }
                _ => decoded.diagnostics.push(error),
            }
            return;
        }
    };
    decoded.diagnostics.append(&mut tape.diagnostics);
    let Some(root) = tape.roots().next() else {
        return;
    };
    if options.pretty {
        decoded.pretty = serde_json::to_string_pretty(&root.to_serde()).ok();
    }
    let kind = decode_root(root, decoded);
    if sets_kind {
        decoded.kind = kind;
    }
}

/// Decodes JSON documents that followed one another (NDJSON, concatenated log lines).
fn decode_sequence(
    mut sequence: Tape,
    options: DecodeOptions,
    decoded: &mut Decoded,
    sets_kind: bool,
) {
    decoded.diagnostics.append(&mut sequence.diagnostics);
    decoded.diagnostics.push(Diagnostic::info(format!(
        "{} JSON documents one after another (as in a log): each is decoded, with pointers /0, /1, … as if they were items of one array",
        sequence.root_count()
    )));
    if options.pretty {
        let items: Vec<serde_json::Value> = sequence.roots().map(|root| root.to_serde()).collect();
        decoded.pretty = serde_json::to_string_pretty(&items).ok();
    }
    let kinds: Vec<InputKind> = sequence
        .roots()
        .map(|root| decode_root(root, decoded))
        .collect();
    if sets_kind {
        let notifications =
            |k: &InputKind| matches!(k, InputKind::Notifications | InputKind::Notification);
        decoded.kind = if kinds.iter().all(notifications) {
            InputKind::Notifications
        } else {
            kinds.first().copied().unwrap_or(InputKind::Invalid)
        };
    }
}

/// Decodes a parsed root by its shape and returns what kind of document it is.
fn decode_root(root: NodeRef, decoded: &mut Decoded) -> InputKind {
    if let Some(error) = root.get("error").filter(|e| e.as_object().is_some()) {
        let graph_error = graph_error(error);
        if graph_error.code.is_empty() {
            decoded.diagnostics.push(
                Diagnostic::warning("the Graph error has no code: the service always sends one")
                    .at_pointer(error.pointer()),
            );
        }
        decoded.error = Some(graph_error);
        return InputKind::GraphError;
    }
    if is_bare_error(root) {
        decoded.diagnostics.push(
            Diagnostic::info(
                "this is the inside of a Graph error: the service wraps it as {\"error\": {...}}",
            )
            .at_pointer(""),
        );
        decoded.error = Some(graph_error(root));
        return InputKind::GraphError;
    }
    if root.as_array().is_some_and(|items| items.is_empty()) {
        decoded.diagnostics.push(
            Diagnostic::warning("an empty array: there is nothing to decode")
                .at_pointer(root.pointer()),
        );
        return InputKind::Operation;
    }
    if let Some(items) = root.as_array() {
        if items.iter().all(is_notification) && !items.is_empty() {
            for item in items {
                resource::decode_notification(item, Detail::Whole, decoded);
            }
            return InputKind::Notifications;
        }
        for item in items {
            resource::decode_resource(item, None, decoded);
        }
        return InputKind::Operation;
    }
    if root.as_object().is_none() {
        decoded.diagnostics.push(
            Diagnostic::error(format!(
                "the document is a {}, not an object: nothing here is a Graph payload",
                root.kind_name()
            ))
            .at_pointer(""),
        );
        return InputKind::Invalid;
    }
    let odata = root
        .get("@odata.type")
        .and_then(NodeRef::as_str)
        .unwrap_or("");
    if let Some(value) = root.get("value") {
        return match value.as_array() {
            Some(items)
                if odata_is(odata, "commsNotifications") || items.iter().all(is_notification) =>
            {
                if items.is_empty() {
                    decoded.diagnostics.push(
                        Diagnostic::warning("the batch is empty: 'value' holds no notification")
                            .at_pointer(value.pointer()),
                    );
                }
                for item in items {
                    resource::decode_notification(item, Detail::Whole, decoded);
                }
                InputKind::Notifications
            }
            // An OData collection, e.g. a list of participants.
            Some(items) => {
                for item in items {
                    resource::decode_resource(item, None, decoded);
                }
                InputKind::Operation
            }
            None if value.is_null() => {
                decoded.diagnostics.push(
                    Diagnostic::warning("'value' is null: the batch holds no notification")
                        .at_pointer(value.pointer()),
                );
                InputKind::Notifications
            }
            None => {
                decoded.diagnostics.push(
                    Diagnostic::error(format!(
                        "'value' is a {}, not an array of notifications",
                        value.kind_name()
                    ))
                    .at_pointer(value.pointer()),
                );
                InputKind::Invalid
            }
        };
    }
    if odata_is(odata, "commsNotifications") {
        decoded.diagnostics.push(
            Diagnostic::warning(
                "a commsNotifications batch without 'value': it carries no notification",
            )
            .at_pointer(""),
        );
        return InputKind::Notifications;
    }
    if is_notification(root) {
        resource::decode_notification(root, Detail::Whole, decoded);
        return InputKind::Notification;
    }
    // A request carries the action's parameters unless its body names a type or an id (a new
    // call, say): updateRecordingStatus's `status` does not make it an operation.
    let in_request = decoded.kind == InputKind::HttpRequest
        && ["@odata.type", "id"]
            .iter()
            .all(|key| root.get(key).is_none());
    if in_request || is_action_parameters(root) {
        describe_action_parameters(root, decoded);
        return InputKind::Operation;
    }
    resource::decode_resource(root, None, decoded);
    InputKind::Operation
}

/// A request body such as `{"clientContext": "..."}`: action parameters, not a resource. It has
/// none of what every resource carries (`@odata.type`, `id`, `status`, `state`, `resultInfo`),
/// or its `status` is a recordingStatus no operation has (updateRecordingStatus's parameters).
fn is_action_parameters(node: NodeRef) -> bool {
    let recording_only = node
        .get("status")
        .and_then(NodeRef::as_str)
        .is_some_and(|s| {
            RecordingStatus::parse(s).is_some() && OperationStatus::parse(s).is_none()
        });
    ["@odata.type", "id", "state", "resultInfo"]
        .iter()
        .all(|key| node.get(key).is_none())
        && (node.get("status").is_none() || recording_only)
}

/// Says what a request body holds and checks `clientContext` as the service would.
fn describe_action_parameters(node: NodeRef, decoded: &mut Decoded) {
    let keys: Vec<&str> = node
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|m| m.key())
        .collect();
    let listed = if keys.is_empty() {
        "no parameters".to_string()
    } else {
        keys.join(", ")
    };
    decoded.diagnostics.push(
        Diagnostic::info(format!(
            "a request body (action parameters: {listed}), not an operation: the operation comes back in the response"
        ))
        .at_pointer(node.pointer()),
    );
    // Only updateRecordingStatus takes a status, and it is a recordingStatus.
    if let Some(status) = node.get("status").filter(|s| !s.is_null()) {
        if status.as_str().and_then(RecordingStatus::parse).is_none() {
            let names: Vec<&str> = RecordingStatus::all().iter().map(|r| r.as_str()).collect();
            let what = match status.as_str() {
                Some(text) => format!("status '{text}' is not"),
                None => format!("status is a {}, not", status.kind_name()),
            };
            decoded.diagnostics.push(
                Diagnostic::warning(format!(
                    "{what} a recordingStatus ({}): updateRecordingStatus, the action that takes a status, refuses it",
                    names.join(", ")
                ))
                .at_pointer(status.pointer()),
            );
        }
    }
    if let Some(context) = node.get("clientContext") {
        match context.as_str() {
            Some(text) => {
                if let Err(message) = crate::graph::check_client_context(text) {
                    decoded
                        .diagnostics
                        .push(Diagnostic::error(message).at_pointer(context.pointer()));
                }
            }
            None if context.is_null() => {}
            None => decoded.diagnostics.push(
                Diagnostic::error(format!(
                    "clientContext must be a string, not a {}",
                    context.kind_name()
                ))
                .at_pointer(context.pointer()),
            ),
        }
    }
}

/// `{"code": ..., "message": ..., "innerError"/"details": ...}` without the `error` wrapper.
fn is_bare_error(node: NodeRef) -> bool {
    let has_text = |key: &str| node.get(key).and_then(NodeRef::as_str).is_some();
    has_text("code")
        && has_text("message")
        && node.get("@odata.type").is_none()
        && node.get("status").is_none()
        && node.as_object().into_iter().flatten().all(|m| {
            let key = m.key().unwrap_or_default();
            ["code", "message", "target", "details"].contains(&key)
                || key.eq_ignore_ascii_case("innererror")
        })
}

fn odata_is(odata: &str, name: &str) -> bool {
    odata
        .trim_start_matches('#')
        .trim_start_matches("microsoft.graph.")
        .eq_ignore_ascii_case(name)
}

fn is_notification(node: NodeRef) -> bool {
    let odata = node
        .get("@odata.type")
        .and_then(NodeRef::as_str)
        .unwrap_or("");
    odata_is(odata, "commsNotification")
        || node.get("resourceData").is_some()
        || (node.get("changeType").is_some()
            && (node.get("resourceUrl").is_some() || node.get("resource").is_some()))
}

/// The Graph error envelope a response body holds (`{"error": {...}}`), if it holds one.
pub fn graph_error_in(body: &str) -> Option<GraphError> {
    let tape = json::parse_tape(body, &ParseOptions::default()).ok()?;
    let error = tape
        .roots()
        .next()?
        .get("error")
        .filter(|e| e.as_object().is_some())?;
    Some(graph_error(error))
}

fn graph_error(error: NodeRef) -> GraphError {
    let text = |node: Option<NodeRef>| node.and_then(NodeRef::as_str).map(str::to_string);
    let inner = error
        .get("innerError")
        .or_else(|| error.get_ignore_case("innererror"));
    let inner_text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| text(inner.and_then(|i| i.get_ignore_case(k))))
    };
    GraphError {
        code: text(error.get("code")).unwrap_or_default(),
        message: text(error.get("message")).unwrap_or_default(),
        request_id: inner_text(&["request-id", "requestId"]),
        date: inner_text(&["date"]),
        client_request_id: inner_text(&["client-request-id"]),
    }
}

/// A response's Location names an operation; when the body's id differs (as in the docs), say so.
fn correlate_location(decoded: &mut Decoded, warn_if_missing: bool) {
    let Some(location) = decoded.http.as_ref().and_then(|h| h.location.clone()) else {
        let is_success = decoded
            .http
            .as_ref()
            .and_then(|h| h.status)
            .is_some_and(|s| (200..300).contains(&s));
        if warn_if_missing && is_success && !decoded.resources.is_empty() {
            decoded.diagnostics.push(Diagnostic::warning(
                "no Location header: Graph sends one with the operation's URL (a cross-origin page sees it only when the server lists it in Access-Control-Expose-Headers)",
            ));
        }
        return;
    };
    if let Some(resource) = decoded.resources.first_mut() {
        if resource.call_id.is_none() {
            resource.call_id = location.call_id.clone();
        }
        if let (Some(location_id), Some(body_id)) = (&location.operation_id, &resource.id) {
            if !same_id(location_id, body_id) {
                decoded.diagnostics.push(
                    Diagnostic::warning(format!(
                        "the Location header names operation {location_id} but the body's id is {body_id}; the docs' example has the same mismatch, so correlate later notifications by both"
                    ))
                    .at_pointer(pointer_push(resource.pointer.as_deref().unwrap_or(""), "id"))
                    .at_line(resource.line, resource.column),
                );
            }
        }
    }
}

/// Groups resources by operation id into timelines, and orders diagnostics errors first.
fn finish(mut decoded: Decoded) -> Decoded {
    let mut timelines = Timelines::default();
    for (index, resource) in decoded.resources.iter().enumerate() {
        timelines.add(index, resource);
    }
    decoded.timelines = timelines.finish();
    sort_diagnostics(&mut decoded.diagnostics);
    decoded
}

/// Errors first, then warnings, then notes; stable, so within a severity input order stays.
fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| std::cmp::Reverse(d.severity));
}

/// Timelines built one resource at a time, in input order (what [`finish`] and the streaming
/// decoder share). Most operations of a batch are mentioned once, so a first mention is kept
/// compact (its id in one shared arena, its change type and status interned) and a map from
/// the id's hash finds it: no allocation per operation, and a small table that stays in cache.
#[derive(Default)]
struct Timelines {
    /// The operations mentioned more than once so far.
    timelines: Vec<Timeline>,
    /// Every operation's first mention, in input order.
    firsts: Vec<FirstMention>,
    /// The ids of `firsts`, as written, one after another.
    ids: String,
    /// Hash of the lowercased id to the first of `firsts` with that hash.
    by_hash: std::collections::HashMap<u64, u32, std::hash::BuildHasherDefault<Prehashed>>,
    /// Operations whose id's hash is already taken by another id (practically never).
    colliding: std::collections::HashMap<String, u32, std::hash::BuildHasherDefault<Fnv1a>>,
    /// The distinct change types and statuses seen, which `FirstMention` refers to.
    values: Vec<Word>,
    value_index: std::collections::HashMap<String, u32, std::hash::BuildHasherDefault<Fnv1a>>,
}

/// An operation's first mention, without its own allocations.
struct FirstMention {
    /// Where its id is in `Timelines::ids`.
    id: (u32, u32),
    resource: usize,
    /// Indices into `Timelines::values`, 0 for none (N for `values[N - 1]`).
    change_type: u32,
    status: u32,
    /// Its place in `Timelines::timelines` once a second mention came.
    timeline: Option<usize>,
}

/// FNV-1a: a map of short ids hashes several times faster than with SipHash. The ids come from
/// the text the user decodes in their own page or terminal, so flooding is no threat here.
#[derive(Default)]
struct Fnv1a(u64);

impl std::hash::Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        for &byte in bytes {
            hash = fnv_step(hash, byte);
        }
        self.0 = hash;
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(hash: u64, byte: u8) -> u64 {
    (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
}

/// FNV-1a of `id` lowercased (ASCII), which is how [`Timelines`] tells operations apart.
fn id_hash(id: &str) -> u64 {
    id.bytes().fold(FNV_OFFSET, |hash, byte| {
        fnv_step(hash, byte.to_ascii_lowercase())
    })
}

/// A hasher for keys that are hashes already: it passes the `u64` through.
#[derive(Default)]
struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `write_u64` is used; anything else still hashes, by FNV-1a.
        for &byte in bytes {
            self.0 = fnv_step(self.0 ^ FNV_OFFSET, byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

impl Timelines {
    /// Notes resource number `index`, if it is an operation.
    fn add(&mut self, index: usize, resource: &Resource) {
        let Some(id) = resource.id.as_deref() else {
            return;
        };
        if resource.category != resource::Category::Operation {
            return;
        }
        let entry = || TimelineEntry {
            resource: index,
            change_type: resource.change_type.clone(),
            status: resource.status.clone(),
        };
        let hash = id_hash(id);
        let known = match self.by_hash.get(&hash) {
            None => None,
            Some(&first) if self.first_id(first).eq_ignore_ascii_case(id) => Some(first),
            Some(_) => self.colliding.get(&id.to_ascii_lowercase()).copied(),
        };
        let Some(first) = known else {
            let at = u32::try_from(self.firsts.len()).unwrap_or(u32::MAX);
            let start = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
            self.ids.push_str(id);
            let change_type = self.intern(resource.change_type.as_ref());
            let status = self.intern(resource.status.as_ref());
            self.firsts.push(FirstMention {
                id: (start, u32::try_from(id.len()).unwrap_or(u32::MAX)),
                resource: index,
                change_type,
                status,
                timeline: None,
            });
            match self.by_hash.entry(hash) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(at);
                }
                std::collections::hash_map::Entry::Occupied(_) => {
                    self.colliding.insert(id.to_ascii_lowercase(), at);
                }
            }
            return;
        };
        let Some(mention) = self.firsts.get(first as usize) else {
            return;
        };
        match mention.timeline {
            Some(at) => {
                if let Some(timeline) = self.timelines.get_mut(at) {
                    timeline.entries.push(entry());
                }
            }
            None => {
                let at = self.timelines.len();
                let value = |n: u32| {
                    n.checked_sub(1)
                        .and_then(|n| self.values.get(n as usize))
                        .cloned()
                };
                let first_entry = TimelineEntry {
                    resource: mention.resource,
                    change_type: value(mention.change_type),
                    status: value(mention.status),
                };
                self.timelines.push(Timeline {
                    // As the first mention wrote it (the same as lowercased, unless it has capitals).
                    operation_id: self.first_id(first).to_string(),
                    entries: vec![first_entry, entry()],
                });
                if let Some(mention) = self.firsts.get_mut(first as usize) {
                    mention.timeline = Some(at);
                }
            }
        }
    }

    /// The id of first mention `first`, as written.
    fn first_id(&self, first: u32) -> &str {
        self.firsts
            .get(first as usize)
            .and_then(|m| self.ids.get(m.id.0 as usize..(m.id.0 + m.id.1) as usize))
            .unwrap_or_default()
    }

    /// `value`'s number in `values` (0 for none), adding it the first time.
    fn intern(&mut self, value: Option<&Word>) -> u32 {
        let Some(value) = value else {
            return 0;
        };
        if let Some(&number) = self.value_index.get(value.as_ref()) {
            return number;
        }
        self.values.push(value.clone());
        let number = u32::try_from(self.values.len()).unwrap_or(0);
        self.value_index.insert(value.to_string(), number);
        number
    }

    /// The operations more than one resource talks about, in order of first mention.
    fn finish(mut self) -> Vec<Timeline> {
        // Made at the second mention; the first entry is the first mention.
        self.timelines
            .sort_by_key(|t| t.entries.first().map(|e| e.resource));
        self.timelines
    }
}

#[cfg(test)]
mod tests;
