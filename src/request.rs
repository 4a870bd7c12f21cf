//! The request builder: from what the user typed to the exact bytes of
//! `POST /communications/calls/{id}/cancelMediaProcessing`.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

/// The documented maximum length of `clientContext`, in characters.
pub const CLIENT_CONTEXT_MAX_CHARS: usize = 256;

/// What the Authorization header shows in previews and snippets: the real token never appears.
pub const REDACTED_BEARER: &str = "Bearer {token}";

/// Which Microsoft Graph API version the request targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ApiVersion {
    /// The stable `v1.0` endpoint.
    #[default]
    #[serde(rename = "v1.0")]
    V1,
    /// The preview `beta` endpoint.
    #[serde(rename = "beta")]
    Beta,
}

impl ApiVersion {
    /// The URL segment: `v1.0` or `beta`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }

    /// Parses `v1.0` (or `v1`) and `beta`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "v1.0" | "v1" | "1.0" => Some(ApiVersion::V1),
            "beta" => Some(ApiVersion::Beta),
            _ => None,
        }
    }
}

/// The national cloud deployments where this API is available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// The global service, `graph.microsoft.com`.
    #[default]
    Global,
    /// US Government L4, `graph.microsoft.us`.
    UsGov,
    /// US Government L5 (DoD), `dod-graph.microsoft.us`.
    Dod,
    /// China operated by 21Vianet, `microsoftgraph.chinacloudapi.cn`.
    China,
}

impl Cloud {
    /// Every cloud, in the order the page lists them.
    pub const ALL: [Cloud; 4] = [Cloud::Global, Cloud::UsGov, Cloud::Dod, Cloud::China];

    /// The Graph root URL of this cloud, without a trailing slash.
    pub fn graph_root(self) -> &'static str {
        match self {
            Cloud::Global => "https://graph.microsoft.com",
            Cloud::UsGov => "https://graph.microsoft.us",
            Cloud::Dod => "https://dod-graph.microsoft.us",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn",
        }
    }

    /// The short name used on the command line and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGov => "usgov",
            Cloud::Dod => "dod",
            Cloud::China => "china",
        }
    }

    /// Parses a short name (`global`, `usgov`, `dod`, `china`).
    pub fn parse(text: &str) -> Option<Self> {
        Cloud::ALL
            .into_iter()
            .find(|cloud| cloud.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// Which documented path prefix the request uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
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

/// One HTTP header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    /// Header name as sent.
    pub name: String,
    /// Header value as sent.
    pub value: String,
}

/// An HTTP request as exact text: what is previewed, what snippets render and what is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The absolute URL.
    pub url: String,
    /// Headers in sending order; `Authorization` carries [`REDACTED_BEARER`].
    pub headers: Vec<Header>,
    /// The body, UTF-8.
    pub body: String,
}

impl HttpRequest {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// The request as raw HTTP/1.1 text, as the docs show it.
    pub fn to_http_text(&self) -> String {
        let mut text = format!("{} {}\n", self.method, self.url);
        for header in &self.headers {
            text.push_str(&format!("{}: {}\n", header.name, header.value));
        }
        text.push('\n');
        text.push_str(&self.body);
        text
    }
}

/// A built request with what the user should know about it (warnings, notes).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
        if chars > CLIENT_CONTEXT_MAX_CHARS {
            errors.push(
                Diagnostic::error(format!(
                    "clientContext is {chars} characters; Graph allows at most {CLIENT_CONTEXT_MAX_CHARS}"
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
        None => input.cloud.graph_root().to_string(),
    };

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
        "{root}/{}/{prefix}/calls/{call_id}/cancelMediaProcessing",
        input.version.as_str()
    );
    let body = request_body(client_context.as_deref());
    let headers = vec![
        header("Authorization", REDACTED_BEARER),
        header("Content-Type", "application/json"),
        header("Content-Length", &body.len().to_string()),
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

/// The JSON body, indented as the docs show it; serde_json does the escaping.
fn request_body(client_context: Option<&str>) -> String {
    let mut body = serde_json::Map::new();
    if let Some(context) = client_context {
        body.insert("clientContext".into(), context.into());
    }
    // A map of strings always serializes.
    serde_json::to_string_pretty(&body).unwrap_or_else(|_| "{}".to_string())
}

fn header(name: &str, value: &str) -> Header {
    Header {
        name: name.to_string(),
        value: value.to_string(),
    }
}

/// An example call id, shown wherever a user needs to see what one looks like.
pub const EXAMPLE_CALL_ID: &str = "57dab8b1-894c-409a-b240-bd8beae78896";

fn check_call_id(call_id: &str, errors: &mut Vec<Diagnostic>, notes: &mut Vec<Diagnostic>) {
    let at = |d: Diagnostic| d.at_pointer("/callId");
    if call_id.is_empty() {
        errors.push(at(Diagnostic::error(format!(
            "the call id is empty: it is the id Graph gave the call, e.g. {EXAMPLE_CALL_ID}"
        ))));
    } else if call_id.starts_with('{') && call_id.ends_with('}') && !is_guid(call_id) {
        errors.push(at(Diagnostic::error(format!(
            "{call_id} is the docs' placeholder: put the real call id there, e.g. {EXAMPLE_CALL_ID}"
        ))));
    } else if let Some(bad) = call_id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')))
    {
        errors.push(at(Diagnostic::error(format!(
            "the call id contains {bad:?}, which cannot stand in a URL path segment; a call id looks like {EXAMPLE_CALL_ID}"
        ))));
    } else if !is_guid(call_id) {
        notes.push(at(Diagnostic::warning(format!(
            "'{call_id}' is not a GUID; Graph call ids look like {EXAMPLE_CALL_ID}"
        ))));
    }
}

/// True for a GUID with or without dashes and braces, any case.
pub fn is_guid(text: &str) -> bool {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let bytes = inner.as_bytes();
    let hex = |range: &[u8]| range.iter().all(u8::is_ascii_hexdigit);
    match bytes.len() {
        32 => hex(bytes),
        36 => {
            [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-')
                && [0..8, 9..13, 14..18, 19..23, 24..36]
                    .into_iter()
                    .all(|r| hex(&bytes[r]))
        }
        _ => false,
    }
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
    let host = rest.split('/').next().unwrap_or("");
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
    Ok(base.trim_end_matches('/').to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(call_id: &str, context: Option<&str>) -> CancelMediaProcessingRequest {
        CancelMediaProcessingRequest {
            call_id: call_id.into(),
            client_context: context.map(Into::into),
            ..Default::default()
        }
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
}
