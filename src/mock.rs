//! The mock Graph endpoint: what `mediaops serve` answers to cancelMediaProcessing.
//! Pure request-in, response-out, so the server and the in-page simulator share one behaviour.

use crate::ids::normalize_id;
use crate::request::{Header, CLIENT_CONTEXT_MAX_CHARS};
use serde_json::json;

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
}

/// What the mock answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockResponse {
    /// HTTP status.
    pub status: u16,
    /// Response headers (CORS headers are the server's business).
    pub headers: Vec<Header>,
    /// JSON body.
    pub body: String,
}

/// A fresh operation id: the mock is deterministic per (call id, body, counter) so tests can
/// predict nothing but its shape; the server passes a counter.
pub fn operation_id(seed: u64) -> String {
    // SplitMix64 twice gives 128 well-mixed bits without a RNG dependency.
    let mix = |mut z: u64| {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let hi = mix(seed);
    let lo = mix(hi ^ seed.rotate_left(17));
    // Version 4 / variant 1 bits, so it looks like the GUIDs Graph returns.
    let hi = (hi & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000;
    normalize_id(&format!("{hi:016x}{lo:016x}"))
}

/// Answers one request to the mock Graph root. `seed` makes the operation id.
pub fn handle(request: &MockRequest<'_>, seed: u64) -> MockResponse {
    let segments: Vec<&str> = request.path.split('/').filter(|s| !s.is_empty()).collect();
    let (version, call_id) = match segments.as_slice() {
        [version @ ("v1.0" | "beta"), "communications" | "app", "calls", call_id, "cancelMediaProcessing"] => {
            (*version, *call_id)
        }
        _ => {
            return graph_error(
                404,
                "UnknownResource",
                &format!(
                    "The mock serves POST /{{v1.0|beta}}/communications/calls/{{id}}/cancelMediaProcessing; {} {} is not that.",
                    request.method, request.path
                ),
            )
        }
    };
    if !request.method.eq_ignore_ascii_case("POST") {
        return graph_error(
            405,
            "MethodNotAllowed",
            &format!("cancelMediaProcessing takes POST, not {}.", request.method),
        );
    }
    let authorization = find_header(request.headers, "authorization").unwrap_or("");
    let token = authorization
        .strip_prefix("Bearer ")
        .or_else(|| authorization.strip_prefix("bearer "))
        .map(str::trim)
        .unwrap_or("");
    if token.is_empty() {
        return graph_error(
            401,
            "InvalidAuthenticationToken",
            "Access token is empty: send Authorization: Bearer <token> (the mock accepts any non-empty token).",
        );
    }
    let client_context = match parse_body(request.body) {
        Ok(context) => context,
        Err(message) => return graph_error(400, "BadRequest", &message),
    };
    let id = operation_id(seed);
    let location = format!(
        "{}/{version}/communications/calls/{}/operations/{id}",
        request.root.trim_end_matches('/'),
        call_id
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
    body.insert("id".into(), id.into());
    MockResponse {
        status: 200,
        headers: vec![
            header("Location", &location),
            header("Content-Type", "application/json"),
        ],
        body: serde_json::Value::Object(body).to_string(),
    }
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
        Some(serde_json::Value::String(context)) => {
            let chars = context.chars().count();
            if chars > CLIENT_CONTEXT_MAX_CHARS {
                Err(format!(
                    "clientContext is {chars} characters; the maximum is {CLIENT_CONTEXT_MAX_CHARS}."
                ))
            } else {
                Ok(Some(context.clone()))
            }
        }
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

/// A Graph error envelope, shaped as the service sends it.
pub fn graph_error(status: u16, code: &str, message: &str) -> MockResponse {
    let body = json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": "2026-01-01T00:00:00",
                "request-id": "00000000-0000-4000-8000-000000000000",
                "client-request-id": "00000000-0000-4000-8000-000000000000"
            }
        }
    });
    MockResponse {
        status,
        headers: vec![header("Content-Type", "application/json")],
        body: body.to_string(),
    }
}

fn find_header<'h>(headers: &'h [Header], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn header(name: &str, value: &str) -> Header {
    Header {
        name: name.into(),
        value: value.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str, auth: Option<&str>, body: &str) -> MockResponse {
        let headers: Vec<Header> = auth
            .map(|a| header("Authorization", a))
            .into_iter()
            .collect();
        handle(
            &MockRequest {
                method: "POST",
                path,
                headers: &headers,
                body,
                root: "http://127.0.0.1:8080/graph",
            },
            7,
        )
    }

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
        assert!(crate::request::is_guid(&a));
        assert_eq!(&a[14..15], "4");
    }
}
