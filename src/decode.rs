//! Decoders: from what Graph sent (a response, later notifications) to typed, explained resources.

use crate::diagnostic::Diagnostic;
use crate::ids::{normalize_id, parse_resource_url, same_id, ResourceIds};
use crate::request::Header;
use serde::Serialize;

/// What kind of input was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
}

/// The HTTP envelope around a decoded body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
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
    /// Headers in order.
    pub headers: Vec<Header>,
    /// The ids named by the `Location` header.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<ResourceIds>,
}

/// A Graph error envelope (`{"error": {...}}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
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
}

/// `resultInfo`: the outcome code of a finished operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultInfo {
    /// HTTP-like class code (200, 400, 500, ...).
    pub code: i64,
    /// Detail subcode (8508 = cancelled, ...).
    pub subcode: i64,
    /// The service's message.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// One decoded resource: an operation, a call or a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Resource {
    /// `@odata.type` without `#microsoft.graph.`, e.g. `recordOperation`.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The notification's `changeType`, when it came in one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_type: Option<String>,
    /// The resource id, normalised.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The call it belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub call_id: Option<String>,
    /// Operation status in documented camelCase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Call state, for calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// The bot's client context.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_context: Option<String>,
    /// Completion reason in documented camelCase.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_reason: Option<String>,
    /// Outcome code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_info: Option<ResultInfo>,
    /// One plain paragraph on what this means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// JSON pointer of the resource in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

/// Everything decoded from one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// Everything worth saying about the input.
    pub diagnostics: Vec<Diagnostic>,
}

impl Decoded {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Decodes a response to cancelMediaProcessing as `fetch` delivered it.
pub fn decode_http_response(status: u16, headers: &[Header], body: &str) -> Decoded {
    let mut diagnostics = Vec::new();
    let location = headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case("location"))
        .map(|h| parse_resource_url(&h.value));
    let mut decoded = Decoded {
        kind: InputKind::HttpResponse,
        http: Some(HttpInfo {
            status: Some(status),
            headers: headers.to_vec(),
            location: location.clone(),
            ..HttpInfo::default()
        }),
        error: None,
        resources: Vec::new(),
        diagnostics: Vec::new(),
    };
    if body.trim().is_empty() {
        if (200..300).contains(&status) {
            diagnostics.push(Diagnostic::warning(format!(
                "HTTP {status} with an empty body: cancelMediaProcessing answers with the operation"
            )));
        }
        decoded.diagnostics = diagnostics;
        return decoded;
    }
    let value: serde_json::Value = match serde_json::from_str(body) {
        Ok(value) => value,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(format!("the body is not JSON: {e}")).at_position(
                    body,
                    e.line() as u32,
                    e.column() as u32,
                ),
            );
            decoded.diagnostics = diagnostics;
            return decoded;
        }
    };
    if let Some(error) = value.get("error").filter(|e| e.is_object()) {
        let text = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_string);
        let inner = error.get("innerError").or_else(|| error.get("innererror"));
        decoded.error = Some(GraphError {
            code: text(error.get("code")).unwrap_or_default(),
            message: text(error.get("message")).unwrap_or_default(),
            request_id: text(inner.and_then(|i| i.get("request-id"))),
            date: text(inner.and_then(|i| i.get("date"))),
        });
        decoded.diagnostics = diagnostics;
        return decoded;
    }
    let mut resource = operation_from_value(&value);
    resource.pointer = Some(String::new());
    if let Some(location) = &location {
        resource.call_id = location.call_id.clone();
        if let (Some(location_id), Some(body_id)) = (&location.operation_id, &resource.id) {
            if !same_id(location_id, body_id) {
                diagnostics.push(
                    Diagnostic::warning(format!(
                        "the Location header names operation {location_id} but the body's id is {body_id}; the docs' example has the same mismatch, so correlate notifications by both"
                    ))
                    .at_pointer("/id"),
                );
            }
        }
    } else if (200..300).contains(&status) {
        diagnostics.push(Diagnostic::warning(
            "no Location header: Graph sends one; if it was sent, the browser hid it because the server does not list it in Access-Control-Expose-Headers",
        ));
    }
    decoded.resources.push(resource);
    decoded.diagnostics = diagnostics;
    decoded
}

fn operation_from_value(value: &serde_json::Value) -> Resource {
    let text = |key: &str| value.get(key).and_then(|v| v.as_str()).map(str::to_string);
    let type_name = text("@odata.type")
        .map(|t| {
            t.trim_start_matches('#')
                .trim_start_matches("microsoft.graph.")
                .to_string()
        })
        .unwrap_or_else(|| "commsOperation".to_string());
    Resource {
        type_name,
        id: text("id").map(|id| normalize_id(&id)),
        status: text("status"),
        client_context: text("clientContext"),
        ..Resource::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: &str, value: &str) -> Header {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }

    #[test]
    fn decodes_the_documented_response_and_notes_the_id_mismatch() {
        let body = r##"{"@odata.type": "#microsoft.graph.cancelMediaProcessingOperation","status": "completed","clientContext": "d45324c1-fcb5-430a-902c-f20af696537c","id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5"}"##;
        let headers = [header("Location", "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/17e3b46c-f61d-4f4d-9635-c626ef18e6ad")];
        let d = decode_http_response(200, &headers, body);
        let op = &d.resources[0];
        assert_eq!(op.type_name, "cancelMediaProcessingOperation");
        assert_eq!(op.status.as_deref(), Some("completed"));
        assert_eq!(
            op.call_id.as_deref(),
            Some("57dab8b1-894c-409a-b240-bd8beae78896")
        );
        let location = d.http.unwrap().location.unwrap();
        assert_eq!(
            location.operation_id.as_deref(),
            Some("17e3b46c-f61d-4f4d-9635-c626ef18e6ad")
        );
        assert_eq!(d.diagnostics.len(), 1);
        assert!(d.diagnostics[0]
            .message
            .contains("Location header names operation 17e3b46c"));
    }

    #[test]
    fn decodes_a_graph_error_and_broken_bodies() {
        let d = decode_http_response(
            401,
            &[],
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"m","innerError":{"request-id":"r1","date":"d1"}}}"#,
        );
        let e = d.error.unwrap();
        assert_eq!(
            (e.code.as_str(), e.request_id.as_deref(), e.date.as_deref()),
            ("InvalidAuthenticationToken", Some("r1"), Some("d1"))
        );
        let d = decode_http_response(200, &[], "{\n  \"a\": }");
        assert!(d.has_errors());
        assert_eq!(
            (d.diagnostics[0].line, d.diagnostics[0].column),
            (Some(2), Some(8))
        );
    }
}
