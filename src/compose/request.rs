//! The request builder: from what the user typed to the exact bytes of
//! `POST /communications/calls/{id}/cancelMediaProcessing`.

use crate::diagnostic::{is_hidden_or_control, visible_lines, Diagnostic};
use crate::graph::http::{
    encode_path_segment, is_unreserved, Header, HttpRequest, REDACTED_BEARER,
};
pub use crate::graph::ids::is_guid;
use crate::graph::{check_client_context, ApiVersion, Cloud, CLIENT_CONTEXT_MAX_CHARS};
use serde::{Deserialize, Serialize};

/// Which documented path prefix the request uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum PathStyle {
    /// `/communications/calls/{id}/...`: the current path.
    #[default]
    Communications,
    /// `/app/calls/{id}/...`: deprecated, still documented.
    App,
}

/// What the user asks for: every input of the cancelMediaProcessing request.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct CancelMediaProcessingRequest {
    /// The id of the call whose media queue is cleared.
    pub call_id: String,
    /// The client context echoed on the operation and its notifications; empty means omitted.
    pub client_context: Option<String>,
    /// API version.
    pub version: ApiVersion,
    /// National cloud (ignored when `base_url` is set).
    pub cloud: Cloud,
    /// Path prefix.
    pub path_style: PathStyle,
    /// A custom Graph root such as the mock's `http://127.0.0.1:8080/graph`; replaces the cloud's.
    pub base_url: Option<String>,
}

impl HttpRequest {
    /// The request as a VS Code REST Client / JetBrains HTTP Client `.http` file. The token is a
    /// `{{token}}` variable the user sets in their environment; `Content-Length` is left to the
    /// client so editing the body cannot make it wrong; `{{` inside JSON strings is written as
    /// `\u007b{` so the client does not take it for a variable (the JSON value is unchanged).
    pub fn to_rest_client(&self) -> String {
        let mut text = String::from(
            "# cancelMediaProcessing, built by mediaops.\n\
             # The token is not in this file: define `token` in a REST Client environment\n\
             # (settings.json, rest-client.environmentVariables), never in a file you commit.\n",
        );
        text.push_str(&format!(
            "# Content-Length ({} bytes) is left to the client, so editing the body cannot make it wrong.\n\n",
            self.body.len()
        ));
        text.push_str(&format!("{} {} HTTP/1.1\n", self.method, self.url));
        for header in &self.headers {
            if header.name.eq_ignore_ascii_case("content-length") {
                continue;
            }
            let value = if header.name.eq_ignore_ascii_case("authorization") {
                "Bearer {{token}}"
            } else {
                header.value.as_str()
            };
            text.push_str(&format!("{}: {}\n", header.name, value));
        }
        text.push('\n');
        text.push_str(&escape_template_braces(&self.body));
        text.push('\n');
        text
    }
}

/// Writes `{` inside JSON strings as `\u007b` wherever `{{` would otherwise appear.
fn escape_template_braces(json: &str) -> String {
    if !json.contains("{{") {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string && !escaped && c == '{' {
            out.push_str("\\u007b");
            continue;
        }
        out.push(c);
        if escaped {
            escaped = false;
        } else if in_string && c == '\\' {
            escaped = true;
        } else if c == '"' {
            in_string = !in_string;
        }
    }
    out
}

/// A built request with what the user should know about it (warnings, notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BuiltRequest {
    /// The inputs it was built from, normalised (trimmed call id, empty context as `None`).
    pub input: CancelMediaProcessingRequest,
    /// The exact request.
    pub request: HttpRequest,
    /// Warnings and notes; never errors (those make `build` fail).
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the exact request, or returns every error found, each with a pointer to its input field
/// (`/callId`, `/clientContext`, `/baseUrl`).
pub fn build(input: &CancelMediaProcessingRequest) -> Result<BuiltRequest, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut notes = Vec::new();

    let call_id = input.call_id.trim().to_string();
    check_call_id(&call_id, &mut errors, &mut notes);

    let client_context = input.client_context.clone().filter(|c| !c.is_empty());
    if let Some(context) = &client_context {
        let chars = context.chars().count();
        let utf16 = context.encode_utf16().count();
        if let Err(message) = check_client_context(context) {
            errors.push(Diagnostic::error(message).at_pointer("/clientContext"));
        } else if utf16 > CLIENT_CONTEXT_MAX_CHARS {
            notes.push(
                Diagnostic::warning(format!(
                    "clientContext is {chars} characters but {utf16} UTF-16 code units (emoji and other characters outside the BMP count twice); if Graph counts code units, as .NET strings do, it is over the {CLIENT_CONTEXT_MAX_CHARS} limit"
                ))
                .at_pointer("/clientContext"),
            );
        }
        if let Some(c) = context.chars().find(|&c| is_hidden_or_control(c)) {
            notes.push(
                Diagnostic::info(format!(
                    "clientContext contains the control or invisible character U+{:04X}; the body escapes it and Graph echoes it back, but logs and terminals may show it oddly",
                    u32::from(c)
                ))
                .at_pointer("/clientContext"),
            );
        }
    } else {
        notes.push(
            Diagnostic::info(
                "clientContext is empty, so it is left out of the body: the operation and its notifications will carry none",
            )
            .at_pointer("/clientContext"),
        );
    }

    let root = match input
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(base) => match check_base_url(base) {
            Ok(root) => root,
            Err(error) => {
                errors.push(error);
                String::new()
            }
        },
        None => {
            check_availability(input.cloud, input.version, &mut notes);
            input.cloud.graph_root().to_string()
        }
    };
    if let Some(segment) = ["/v1.0", "/beta"].iter().find(|v| {
        root.to_ascii_lowercase().ends_with(*v)
            || root.to_ascii_lowercase().contains(&format!("{v}/"))
    }) {
        notes.push(
            Diagnostic::warning(format!(
                "the base URL already contains {segment}: give the Graph root (e.g. http://127.0.0.1:8080/graph); the version is added from the version field"
            ))
            .at_pointer("/baseUrl"),
        );
    }

    if input.path_style == PathStyle::App {
        notes.push(
            Diagnostic::warning("the /app path is deprecated: use /communications")
                .at_pointer("/pathStyle"),
        );
    }

    if !errors.is_empty() {
        return Err(errors);
    }

    let prefix = match input.path_style {
        PathStyle::Communications => "communications",
        PathStyle::App => "app",
    };
    let url = format!(
        "{root}/{}/{prefix}/calls/{}/cancelMediaProcessing",
        input.version.as_str(),
        encode_path_segment(&call_id)
    );
    let body = request_body(client_context.as_deref());
    let headers = vec![
        Header::new("Authorization", REDACTED_BEARER),
        Header::new("Content-Type", "application/json"),
        Header::new("Content-Length", &body.len().to_string()),
    ];
    Ok(BuiltRequest {
        input: CancelMediaProcessingRequest {
            call_id,
            client_context,
            base_url: input.base_url.clone().filter(|u| !u.trim().is_empty()),
            ..input.clone()
        },
        request: HttpRequest {
            method: "POST".to_string(),
            url,
            headers,
            body,
        },
        diagnostics: notes,
    })
}

/// The JSON body, indented as the docs show it. serde_json escapes quotes, backslashes and C0
/// controls; DEL, C1 controls, bidi overrides and the other characters
/// [`crate::diagnostic::is_hidden_or_control`] names are escaped here too (`\u202e`), so the body shows the same
/// on a terminal, in a preview and in every snippet, and still decodes to exactly that text.
fn request_body(client_context: Option<&str>) -> String {
    let mut body = serde_json::Map::new();
    if let Some(context) = client_context {
        body.insert("clientContext".into(), context.into());
    }
    // A map of strings always serializes.
    let json = serde_json::to_string_pretty(&body).unwrap_or_else(|_| "{}".to_string());
    // serde_json's raw line breaks are its indentation, never string content.
    visible_lines(&json).into_owned()
}

/// One thing the docs get wrong or leave unsaid about this request, for the page's notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct TeachingNote {
    /// A few words.
    pub title: String,
    /// One paragraph.
    pub text: String,
}

/// The body of the docs' request example (`clientContext-value`), as they print it.
pub const DOCS_REQUEST_BODY: &str = "{\n  \"clientContext\": \"clientContext-value\"\n}";

/// The body of the docs' response example, as they print it.
pub const DOCS_RESPONSE_BODY: &str = "{\n  \"@odata.type\": \"#microsoft.graph.cancelMediaProcessingOperation\",\n  \"status\": \"completed\",\n  \"clientContext\": \"d45324c1-fcb5-430a-902c-f20af696537c\",\n  \"id\": \"0fe0623f-d628-42ed-b4bd-8ac290072cc5\"\n}";

/// What the page teaches next to the preview; the byte counts are computed, not copied.
pub fn teaching_notes() -> Vec<TeachingNote> {
    let compact = |body: &str| {
        serde_json::from_str::<serde_json::Value>(body)
            .map(|v| v.to_string().len())
            .unwrap_or(0)
    };
    let note = |title: &str, text: String| TeachingNote {
        title: title.to_string(),
        text,
    };
    vec![
        note(
            "Content-Length in the docs is wrong",
            format!(
                "The docs' request example says Content-Length: 62, but the body it shows is {} bytes of UTF-8 ({} without the indentation). Its response example says 259 for a body of {} bytes ({} compact). A wrong Content-Length makes a server wait for bytes that never come or cut the body short: let your HTTP library compute it. The preview here always shows the real byte count of the body it shows.",
                DOCS_REQUEST_BODY.len(),
                compact(DOCS_REQUEST_BODY),
                DOCS_RESPONSE_BODY.len(),
                compact(DOCS_RESPONSE_BODY)
            ),
        ),
        note(
            "Application permissions only",
            "Delegated tokens are not supported. The app needs Calls.Initiate.All (or Calls.AccessMedia.All for app-hosted media); the docs say permissions are checked when the call is created, not on this request.".to_string(),
        ),
        note(
            "clientContext",
            format!(
                "Optional, at most {CLIENT_CONTEXT_MAX_CHARS} characters. Graph echoes it on the operation and on the notifications of the operations this cancels, so make it unique per request to correlate them. Quotes, backslashes, control and invisible characters (bidi overrides among them) are escaped in the JSON; the body decodes back to exactly what you typed."
            ),
        ),
        note(
            "The /app path",
            "POST /app/calls/{id}/cancelMediaProcessing is still documented but deprecated: use /communications.".to_string(),
        ),
        note(
            "National clouds",
            "The v1.0 docs list the global service, US Government L4 (graph.microsoft.us) and L5 DoD (dod-graph.microsoft.us), but not China operated by 21Vianet; the beta docs list the global service only. A token is valid only for the Graph host it was issued for.".to_string(),
        ),
    ]
}

/// An example call id, shown wherever a user needs to see what one looks like.
pub const EXAMPLE_CALL_ID: &str = "57dab8b1-894c-409a-b240-bd8beae78896";

fn check_call_id(call_id: &str, errors: &mut Vec<Diagnostic>, notes: &mut Vec<Diagnostic>) {
    let at = |d: Diagnostic| d.at_pointer("/callId");
    if call_id.is_empty() {
        errors.push(at(Diagnostic::error(format!(
            "the call id is empty: it is the id Graph gave the call, e.g. {EXAMPLE_CALL_ID}"
        ))));
    } else if call_id.starts_with('{') && call_id.ends_with('}') && is_guid(call_id) {
        errors.push(at(Diagnostic::error(format!(
            "write the call id without braces: {}",
            &call_id[1..call_id.len() - 1]
        ))));
    } else if let Some(found) = call_id_in_url(call_id) {
        errors.push(at(Diagnostic::error(format!(
            "that is a URL, not a call id; the call id in it is {found}"
        ))));
    } else if call_id.starts_with('{') && call_id.ends_with('}') {
        errors.push(at(Diagnostic::error(format!(
            "{call_id} is the docs' placeholder: put the real call id there, e.g. {EXAMPLE_CALL_ID}"
        ))));
    } else if is_dot_segment(call_id) {
        errors.push(at(Diagnostic::error(format!(
            "'{call_id}' is a dot segment: in a URL it moves the path up instead of naming a call (calls/{call_id}/cancelMediaProcessing); a call id looks like {EXAMPLE_CALL_ID}"
        ))));
    } else if let Some(bad) = call_id.chars().find(|&c| !is_unreserved(c)) {
        errors.push(at(Diagnostic::error(format!(
            "the call id contains {bad:?}, which cannot stand in a URL path segment; a call id looks like {EXAMPLE_CALL_ID}"
        ))));
    } else if !is_guid(call_id) {
        notes.push(at(Diagnostic::warning(format!(
            "'{call_id}' is not a GUID; Graph call ids look like {EXAMPLE_CALL_ID}"
        ))));
    }
}

/// The call id inside a pasted URL or path such as a `Location` header, if there is one.
fn call_id_in_url(text: &str) -> Option<String> {
    if !text.contains('/') {
        return None;
    }
    crate::graph::ids::parse_resource_url(text)
        .call_id
        .filter(|id| !id.is_empty())
}

/// Notes where the docs' availability table says the API is missing.
fn check_availability(cloud: Cloud, version: ApiVersion, notes: &mut Vec<Diagnostic>) {
    let at = |d: Diagnostic| d.at_pointer("/cloud");
    if cloud == Cloud::China {
        notes.push(at(Diagnostic::warning(
            "the docs list cancelMediaProcessing as not available in China operated by 21Vianet: expect Graph to refuse it there",
        )));
    } else if cloud != Cloud::Global && version == ApiVersion::Beta {
        notes.push(at(Diagnostic::warning(format!(
            "the beta docs list cancelMediaProcessing for the global service only, not {}: use v1.0 there",
            cloud.graph_root()
        ))));
    }
}

/// `.` or `..`, also percent-encoded (`%2e`, as browsers also read it): a segment that moves
/// the path instead of naming something.
fn is_dot_segment(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase().replace("%2e", ".");
    lower == "." || lower == ".."
}

/// Checks a custom Graph root and returns it without a trailing slash.
fn check_base_url(base: &str) -> Result<String, Diagnostic> {
    let at = |d: Diagnostic| d.at_pointer("/baseUrl");
    let lower = base.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        return Err(at(Diagnostic::error(format!(
            "the base URL '{base}' must start with http:// or https://"
        ))));
    };
    let host = rest.split(['/', '\\']).next().unwrap_or("");
    if host.is_empty() {
        return Err(at(Diagnostic::error(format!(
            "the base URL '{base}' has no host"
        ))));
    }
    if base.contains(['?', '#']) || base.chars().any(char::is_whitespace) {
        return Err(at(Diagnostic::error(format!(
            "the base URL '{base}' must be a plain root (no query, fragment or spaces), e.g. http://127.0.0.1:8080/graph"
        ))));
    }
    if let Some(c) = base.chars().find(|&c| is_hidden_or_control(c)) {
        return Err(at(Diagnostic::error(format!(
            "the base URL contains U+{:04X}, a control or invisible character: type the URL again rather than copying it",
            u32::from(c)
        ))));
    }
    // Browsers read a backslash as a slash in http(s) URLs. (`lower` has `base`'s byte offsets.)
    let path = base
        .get(lower.len() - rest.len() + host.len()..)
        .unwrap_or("");
    if let Some(dots) = path.split(['/', '\\']).find(|s| is_dot_segment(s)) {
        return Err(at(Diagnostic::error(format!(
            "the base URL has a dot segment ('{dots}'), which moves the request elsewhere on the host: give the Graph root itself, e.g. http://127.0.0.1:8080/graph"
        ))));
    }
    Ok(base.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::http::{check_header_value, headers_to_send};

    fn input(call_id: &str, context: Option<&str>) -> CancelMediaProcessingRequest {
        CancelMediaProcessingRequest {
            call_id: call_id.into(),
            client_context: context.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn header_values_a_browser_refuses_are_errors_that_never_echo_the_value() {
        assert_eq!(
            check_header_value("Content-Type", "application/json"),
            Ok(())
        );
        assert_eq!(check_header_value("x-latin-1", "caf\u{e9}\tok"), Ok(()));
        // (value, part of the error)
        let cases = [
            (
                "ab\u{200b}cd",
                "cannot carry U+200B (zero-width space) (character 3 of its value)",
            ),
            (
                "\u{43f}\u{440}\u{438}",
                "cannot carry U+043F (character 1 of its value)",
            ),
            (
                "ok \u{1F600}",
                "cannot carry U+1F600 (character 4 of its value)",
            ),
            (
                "a\r\nInjected: 1",
                "cannot carry U+000D (carriage return) (character 2 of its value)",
            ),
            ("a\nb", "U+000A (line feed)"),
            ("a\u{0}", "U+0000 (NUL)"),
            ("a\u{7f}", "U+007F (control character)"),
        ];
        for (value, message) in cases {
            let error = check_header_value("x-test", value).unwrap_err();
            assert!(error.is_error());
            assert!(
                error.message.starts_with("the x-test header "),
                "{}",
                error.message
            );
            assert!(
                error.message.contains(message),
                "{value:?}: {}",
                error.message
            );
            assert!(
                error.message.contains("usually come from copying"),
                "{}",
                error.message
            );
            assert!(!error.message.contains(value), "{}", error.message);
            assert_eq!(error.pointer.as_deref(), Some("/headers/x-test"));
        }
        let bad_name = check_header_value("bad name", "v").unwrap_err();
        assert!(bad_name.message.contains("not a valid HTTP header name"));
    }

    #[test]
    fn headers_to_send_put_the_checked_token_in_and_leave_browser_headers_out() {
        let built = build(&input(EXAMPLE_CALL_ID, Some("ctx"))).unwrap();
        let sent = headers_to_send(&built.request, "  Bearer \"abc.def.ghi\" ").unwrap();
        assert_eq!(
            sent,
            [
                Header::new("Authorization", "Bearer abc.def.ghi"),
                Header::new("Content-Type", "application/json"),
            ]
        );
        // No token: no Authorization header at all (the server answers 401).
        let anonymous = headers_to_send(&built.request, "   ").unwrap();
        assert_eq!(anonymous, [Header::new("Content-Type", "application/json")]);
        // (token as pasted, part of the error)
        let cases = [
            ("eyJabc\u{200b}.def", "the token has U+200B (zero-width space) at character 7, which cannot be sent in an HTTP header: such characters usually come from copying"),
            ("Bearer eyJ\u{436}", "the token has U+0436 at character 4"),
            ("eyJ\u{1F511}x", "U+1F511 at character 4"),
            ("eyJ\nx", "U+000A (line feed) at character 4"),
            ("eyJ\u{2028}x", "U+2028 (line separator) at character 4"),
        ];
        for (token, message) in cases {
            let error = headers_to_send(&built.request, token).unwrap_err();
            assert!(
                error.message.contains(message),
                "{token:?}: {}",
                error.message
            );
            assert!(
                !error.message.contains("eyJ"),
                "never the token: {}",
                error.message
            );
            assert_eq!(error.pointer.as_deref(), Some("/token"));
        }
        // Any other header is checked too.
        let mut request = built.request.clone();
        request
            .headers
            .push(Header::new("client-request-id", "id\u{200b}"));
        let error = headers_to_send(&request, "t").unwrap_err();
        assert_eq!(error.pointer.as_deref(), Some("/headers/client-request-id"));
        assert!(error
            .message
            .contains("U+200B (zero-width space) (character 3"));
    }

    #[test]
    fn builds_the_documented_request_with_a_true_content_length() {
        let built = build(&input(EXAMPLE_CALL_ID, Some("clientContext-value"))).unwrap();
        let r = &built.request;
        assert_eq!(r.method, "POST");
        assert_eq!(
            r.url,
            "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing"
        );
        assert_eq!(r.body, "{\n  \"clientContext\": \"clientContext-value\"\n}");
        // The docs say 62; the body they show is 44 bytes.
        assert_eq!(r.header("content-length"), Some("44"));
        assert_eq!(r.header("Authorization"), Some("Bearer {token}"));
        assert!(built.diagnostics.is_empty());
    }

    #[test]
    fn content_length_counts_utf8_bytes_and_body_round_trips() {
        let context = "a\"b\\c\n\u{1}😀é";
        let built = build(&input(EXAMPLE_CALL_ID, Some(context))).unwrap();
        let body = &built.request.body;
        assert_eq!(
            built.request.header("Content-Length"),
            Some(body.len().to_string().as_str())
        );
        let parsed: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(parsed["clientContext"], context);
        assert!(body.contains("\\u0001") && body.contains("😀"));
    }

    #[test]
    fn every_cloud_version_and_path_style() {
        let cases = [
            (Cloud::UsGov, ApiVersion::Beta, PathStyle::Communications, "https://graph.microsoft.us/beta/communications/calls/c1/cancelMediaProcessing"),
            (Cloud::Dod, ApiVersion::V1, PathStyle::App, "https://dod-graph.microsoft.us/v1.0/app/calls/c1/cancelMediaProcessing"),
            (Cloud::China, ApiVersion::V1, PathStyle::Communications, "https://microsoftgraph.chinacloudapi.cn/v1.0/communications/calls/c1/cancelMediaProcessing"),
        ];
        for (cloud, version, path_style, url) in cases {
            let built = build(&CancelMediaProcessingRequest {
                cloud,
                version,
                path_style,
                ..input("c1", Some("x"))
            })
            .unwrap();
            assert_eq!(built.request.url, url);
            let deprecated = built
                .diagnostics
                .iter()
                .any(|d| d.message.contains("/app path is deprecated"));
            assert_eq!(deprecated, path_style == PathStyle::App);
        }
    }

    #[test]
    fn custom_base_url_replaces_the_cloud() {
        let built = build(&CancelMediaProcessingRequest {
            base_url: Some("http://127.0.0.1:8080/graph/".into()),
            cloud: Cloud::China,
            ..input(EXAMPLE_CALL_ID, None)
        })
        .unwrap();
        assert_eq!(
            built.request.url,
            format!("http://127.0.0.1:8080/graph/v1.0/communications/calls/{EXAMPLE_CALL_ID}/cancelMediaProcessing")
        );
        assert_eq!(built.request.body, "{}");
        assert_eq!(
            built.diagnostics[0].pointer.as_deref(),
            Some("/clientContext")
        );
    }

    #[test]
    fn errors_name_their_field() {
        // (call id, clientContext, base URL, pointer of the error, part of its message)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str, &'a str);
        let long = "x".repeat(257);
        let cases: [Case; 6] = [
            ("", None, None, "/callId", "the call id is empty"),
            ("{id}", None, None, "/callId", "placeholder"),
            ("a b", None, None, "/callId", "contains ' '"),
            ("c", Some(&long), None, "/clientContext", "257 characters"),
            (
                "c",
                None,
                Some("ftp://x"),
                "/baseUrl",
                "must start with http",
            ),
            ("c", None, Some("http://h/x?y"), "/baseUrl", "plain root"),
        ];
        for (call_id, context, base, pointer, message) in cases {
            let errors = build(&CancelMediaProcessingRequest {
                base_url: base.map(Into::into),
                ..input(call_id, context)
            })
            .unwrap_err();
            assert_eq!(errors[0].pointer.as_deref(), Some(pointer), "{call_id}");
            assert!(errors[0].message.contains(message), "{}", errors[0].message);
        }
        assert!(build(&input("c", Some(&"é".repeat(256)))).is_ok());
    }

    #[test]
    fn non_guid_call_id_warns() {
        let built = build(&input("not-a-guid", None)).unwrap();
        assert!(built
            .diagnostics
            .iter()
            .any(|d| d.message.contains("is not a GUID")));
        assert!(is_guid("57DAB8B1894C409AB240BD8BEAE78896"));
        assert!(is_guid("{57dab8b1-894c-409a-b240-bd8beae78896}"));
        assert!(!is_guid("57dab8b1-894c-409a-b240-bd8beae7889"));
    }

    #[test]
    fn every_version_cloud_and_path_style_builds_its_url() {
        for version in [ApiVersion::V1, ApiVersion::Beta] {
            for cloud in Cloud::ALL {
                for (path_style, prefix) in [
                    (PathStyle::Communications, "communications"),
                    (PathStyle::App, "app"),
                ] {
                    let built = build(&CancelMediaProcessingRequest {
                        version,
                        cloud,
                        path_style,
                        ..input(EXAMPLE_CALL_ID, Some("x"))
                    })
                    .unwrap();
                    assert_eq!(
                        built.request.url,
                        format!(
                            "{}/{}/{prefix}/calls/{EXAMPLE_CALL_ID}/cancelMediaProcessing",
                            cloud.graph_root(),
                            version.as_str()
                        )
                    );
                    assert_eq!(built.input.cloud, cloud);
                    let warned = |pointer: &str| {
                        built
                            .diagnostics
                            .iter()
                            .any(|d| d.pointer.as_deref() == Some(pointer))
                    };
                    assert_eq!(warned("/pathStyle"), path_style == PathStyle::App);
                    assert_eq!(
                        warned("/cloud"),
                        cloud == Cloud::China
                            || (cloud != Cloud::Global && version == ApiVersion::Beta),
                        "{cloud:?} {version:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn option_names_parse_both_ways() {
        for cloud in Cloud::ALL {
            assert_eq!(Cloud::parse(cloud.as_str()), Some(cloud));
            assert_eq!(Cloud::parse(&cloud.as_str().to_uppercase()), Some(cloud));
        }
        assert_eq!(Cloud::parse("mars"), None);
        for (text, version) in [
            ("v1.0", Some(ApiVersion::V1)),
            ("V1", Some(ApiVersion::V1)),
            ("1.0", Some(ApiVersion::V1)),
            (" beta ", Some(ApiVersion::Beta)),
            ("v2", None),
        ] {
            assert_eq!(ApiVersion::parse(text), version, "{text}");
        }
    }

    #[test]
    fn every_escaping_case_round_trips_with_a_true_content_length() {
        // (clientContext, how it must appear in the body)
        let cases = [
            ("plain", r#""plain""#),
            ("say \"hi\"", r#""say \"hi\"""#),
            ("C:\\temp\\", r#""C:\\temp\\""#),
            ("line\nbreak\ttab\rcr", r#""line\nbreak\ttab\rcr""#),
            ("nul\u{0}unit\u{1f}", r#""nul\u0000unit\u001f""#),
            ("bell\u{7}back\u{8}feed\u{c}", r#""bell\u0007back\bfeed\f""#),
            ("emoji 😀 and é", "\"emoji 😀 and é\""),
            ("\u{2028}sep", r#""\u2028sep""#),
            // Read right to left, rung, or cleared on a terminal: escaped, same value.
            ("bidi\u{202e}txt\u{2066}", r#""bidi\u202etxt\u2066""#),
            ("del\u{7f}csi\u{9b}2J", r#""del\u007fcsi\u009b2J""#),
            ("bom\u{feff}zw\u{200b}", r#""bom\ufeffzw\u200b""#),
            ("</script><b>", r#""</script><b>""#),
            ("{{mustache}}", r#""{{mustache}}""#),
            ("  spaces kept  ", r#""  spaces kept  ""#),
        ];
        for (context, quoted) in cases {
            let built = build(&input(EXAMPLE_CALL_ID, Some(context))).unwrap();
            let body = &built.request.body;
            assert_eq!(
                body,
                &format!("{{\n  \"clientContext\": {quoted}\n}}"),
                "{context:?}"
            );
            assert_eq!(
                built.request.header("Content-Length"),
                Some(body.len().to_string().as_str()),
                "{context:?}"
            );
            let parsed: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(parsed["clientContext"], context, "{context:?}");
            assert_eq!(built.input.client_context.as_deref(), Some(context));
        }
        let control = build(&input(EXAMPLE_CALL_ID, Some("a\u{1}b"))).unwrap();
        assert!(control.diagnostics[0].message.contains("U+0001"));
    }

    #[test]
    fn client_context_limits_count_characters_and_warn_on_utf16_units() {
        let exactly = "é".repeat(256);
        assert!(build(&input("c", Some(&exactly)))
            .unwrap()
            .diagnostics
            .iter()
            .all(|d| d.pointer.as_deref() != Some("/clientContext")));
        let emoji = "😀".repeat(200);
        let built = build(&input("c", Some(&emoji))).unwrap();
        let warning = built
            .diagnostics
            .iter()
            .find(|d| d.pointer.as_deref() == Some("/clientContext"))
            .unwrap();
        assert_eq!(warning.severity, crate::diagnostic::Severity::Warning);
        assert!(warning
            .message
            .contains("200 characters but 400 UTF-16 code units"));
        let errors = build(&input("c", Some(&"😀".repeat(257)))).unwrap_err();
        assert!(errors[0].message.contains("257 characters"));
        // Empty means omitted, with a note saying so.
        let empty = build(&input(EXAMPLE_CALL_ID, Some(""))).unwrap();
        assert_eq!(empty.request.body, "{}");
        assert_eq!(empty.request.header("Content-Length"), Some("2"));
        assert_eq!(empty.input.client_context, None);
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(
            encode_path_segment("a b/é?#%.~_-Z9"),
            "a%20b%2F%C3%A9%3F%23%25.~_-Z9"
        );
        assert_eq!(encode_path_segment(EXAMPLE_CALL_ID), EXAMPLE_CALL_ID);
    }

    #[test]
    fn call_ids_are_explained() {
        // (call id, part of the error; None when it builds)
        let cases = [
            ("  57dab8b1-894c-409a-b240-bd8beae78896  ", None),
            ("57DAB8B1894C409AB240BD8BEAE78896", None),
            (
                "{57dab8b1-894c-409a-b240-bd8beae78896}",
                Some("without braces: 57dab8b1-894c-409a-b240-bd8beae78896"),
            ),
            (
                "https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/17e3b46c-f61d-4f4d-9635-c626ef18e6ad",
                Some("that is a URL, not a call id; the call id in it is 57dab8b1-894c-409a-b240-bd8beae78896"),
            ),
            ("   ", Some("the call id is empty")),
            ("{id}", Some("placeholder")),
            ("a/b", Some("contains '/'")),
            ("caf\u{e9}", Some("contains 'é'")),
            ("x?y=1", Some("contains '?'")),
            // Dot segments would move the URL up the path: calls/../cancelMediaProcessing.
            (".", Some("'.' is a dot segment")),
            ("..", Some("'..' is a dot segment")),
            (" .. ", Some("'..' is a dot segment")),
        ];
        for (call_id, error) in cases {
            match (build(&input(call_id, None)), error) {
                (Ok(built), None) => assert!(built
                    .request
                    .url
                    .contains(&format!("/calls/{}/", call_id.trim()))),
                (Err(errors), Some(message)) => {
                    assert!(errors[0].message.contains(message), "{}", errors[0].message);
                    assert!(
                        errors[0].message.contains(EXAMPLE_CALL_ID),
                        "every call id error shows what a call id looks like: {}",
                        errors[0].message
                    );
                    assert!(
                        errors[0].pointer.as_deref() == Some("/callId"),
                        "{}",
                        errors[0].message
                    );
                }
                (other, _) => panic!("{call_id}: {other:?}"),
            }
        }
    }

    #[test]
    fn base_urls_are_checked() {
        // (base URL, Ok(root) or Err(part of the message))
        let cases: [(&str, Result<&str, &str>); 16] = [
            (
                "http://127.0.0.1:8080/graph",
                Ok("http://127.0.0.1:8080/graph"),
            ),
            (
                "HTTPS://proxy.example/graph///",
                Ok("HTTPS://proxy.example/graph"),
            ),
            ("  https://h  ", Ok("https://h")),
            (
                "javascript:alert(1)",
                Err("must start with http:// or https://"),
            ),
            (
                "graph.microsoft.com",
                Err("must start with http:// or https://"),
            ),
            ("https:///x", Err("has no host")),
            ("https://h/a b", Err("plain root")),
            ("https://h/#x", Err("plain root")),
            ("https://h/graph/...", Ok("https://h/graph/...")),
            // Dot segments, also percent-encoded or after a backslash (which browsers read as
            // a slash), would move the request elsewhere on the host.
            (
                "http://h/graph/..",
                Err("the base URL has a dot segment ('..')"),
            ),
            ("http://h/graph/../", Err("dot segment ('..')")),
            ("http://h/./graph", Err("dot segment ('.')")),
            ("http://h/graph/%2E%2e", Err("dot segment ('%2E%2e')")),
            ("http://h/graph\\..", Err("dot segment ('..')")),
            ("http://h\\..", Err("dot segment ('..')")),
            (
                "http://h/gr\u{202e}hparg",
                Err("contains U+202E, a control or invisible character"),
            ),
        ];
        for (base, expected) in cases {
            let result = build(&CancelMediaProcessingRequest {
                base_url: Some(base.into()),
                ..input("c1", None)
            });
            match (result, expected) {
                (Ok(built), Ok(root)) => {
                    assert_eq!(
                        built.request.url,
                        format!("{root}/v1.0/communications/calls/c1/cancelMediaProcessing")
                    );
                    assert_eq!(built.input.base_url.as_deref(), Some(base));
                }
                (Err(errors), Err(message)) => {
                    assert_eq!(errors[0].pointer.as_deref(), Some("/baseUrl"));
                    assert!(errors[0].message.contains(message), "{}", errors[0].message);
                }
                (other, _) => panic!("{base}: {other:?}"),
            }
        }
        let versioned = build(&CancelMediaProcessingRequest {
            base_url: Some("https://graph.microsoft.com/v1.0".into()),
            ..input("c1", None)
        })
        .unwrap();
        assert!(versioned
            .diagnostics
            .iter()
            .any(|d| d.message.contains("already contains /v1.0")));
        // A blank base URL means the cloud's root.
        let blank = build(&CancelMediaProcessingRequest {
            base_url: Some("  ".into()),
            cloud: Cloud::UsGov,
            ..input("c1", None)
        })
        .unwrap();
        assert!(blank.request.url.starts_with("https://graph.microsoft.us/"));
        assert_eq!(blank.input.base_url, None);
    }

    #[test]
    fn rest_client_file_has_a_variable_for_the_token_and_no_content_length() {
        let built = build(&input(EXAMPLE_CALL_ID, Some("clientContext-value"))).unwrap();
        let text = built.request.to_rest_client();
        let request_part = text.split("\n\n").skip(1).collect::<Vec<_>>().join("\n\n");
        assert_eq!(
            request_part,
            format!("POST https://graph.microsoft.com/v1.0/communications/calls/{EXAMPLE_CALL_ID}/cancelMediaProcessing HTTP/1.1\nAuthorization: Bearer {{{{token}}}}\nContent-Type: application/json\n\n{DOCS_REQUEST_BODY}\n")
        );
        assert!(text.contains("# Content-Length (44 bytes) is left to the client"));
        let braces = build(&input("c", Some("{{a}} \\\"{{"))).unwrap();
        let text = braces.request.to_rest_client();
        let body = text.rsplit("\n\n").next().unwrap();
        assert!(!body.contains("{{"), "{body}");
        let parsed: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(parsed["clientContext"], "{{a}} \\\"{{");
    }

    #[test]
    fn teaching_notes_compute_the_docs_byte_counts() {
        let notes = teaching_notes();
        let text = &notes[0].text;
        assert!(
            text.contains("is 44 bytes of UTF-8 (39 without the indentation)"),
            "{text}"
        );
        assert!(
            text.contains("259 for a body of 202 bytes (185 compact)"),
            "{text}"
        );
        // The docs' request body is exactly what the builder makes from the docs' inputs.
        let built = build(&input(EXAMPLE_CALL_ID, Some("clientContext-value"))).unwrap();
        assert_eq!(built.request.body, DOCS_REQUEST_BODY);
        assert!(notes
            .iter()
            .all(|n| !n.title.is_empty() && !n.text.is_empty()));
    }
}
