//! What happened when a request was sent: every outcome explained for a person (the failure, the
//! `Location` header the browser may hide, `Retry-After`, the ids a support ticket needs), and
//! the exchange exported as HAR 1.2 with the token redacted.

use crate::diagnostic::Diagnostic;
use crate::graph::http::{find_header, Header, HttpRequest, REDACTED_BEARER};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A response as the page's fetch delivered it: only the headers CORS let it read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", default)]
pub struct ObservedResponse {
    /// HTTP status.
    pub status: u16,
    /// The reason phrase, often empty over HTTP/2.
    pub status_text: String,
    /// The headers the page could read.
    pub headers: Vec<Header>,
    /// The body as text.
    pub body: String,
}

impl ObservedResponse {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

/// Why a request got no HTTP answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum FailureKind {
    /// The browser reported a network error (unreachable, TLS, CORS, CSP, mixed content).
    Network,
    /// The page's timeout aborted it.
    Timeout,
    /// The user pressed Abort.
    Aborted,
}

/// What the page can say about the `Location` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum LocationVerdict {
    /// The page read it.
    Present,
    /// Same-origin request: the page sees every header, so the server sent none.
    Absent,
    /// Cross-origin request: none was sent, or it was sent but not listed in
    /// `Access-Control-Expose-Headers`; the page cannot tell which.
    AbsentOrHidden,
    /// Not a success, or no answer at all: no `Location` is expected.
    NotExpected,
}

/// Everything the page says about one send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    /// True for a 2xx answer.
    pub ok: bool,
    /// One or two sentences: what happened and what to do.
    pub summary: String,
    /// What can be said about `Location`.
    pub location: LocationVerdict,
    /// The sentence explaining `location` when it is not simply present.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location_note: Option<String>,
    /// `Retry-After` in seconds, when it was readable as a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// `request-id`, from the header or the error's `innerError`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `client-request-id`, from the header or `innerError`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_request_id: Option<String>,
    /// `Date`, from the header or `innerError.date`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The Graph error code, when the body was a Graph error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// Text to paste into a support ticket (server errors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub support_ticket: Option<String>,
    /// Further findings: a body that is not JSON, hidden headers, ...
    pub diagnostics: Vec<Diagnostic>,
}

/// The origin (`scheme://host[:port]`, lowercase, default port left out) of an absolute URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority.rsplit('@').next()?.to_ascii_lowercase();
    // RFC 3986: a scheme is a letter then letters, digits, `+`, `-`, `.`; a host has no spaces.
    let scheme_ok = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || host_port.is_empty() || host_port.contains(char::is_whitespace) {
        return None;
    }
    let default_port = match scheme.as_str() {
        "http" => ":80",
        "https" => ":443",
        _ => "",
    };
    let host_port = match host_port.strip_suffix(default_port) {
        Some(host) if !default_port.is_empty() => host.to_string(),
        _ => host_port,
    };
    Some(format!("{scheme}://{host_port}"))
}

fn same_origin(request_url: &str, page_origin: &str) -> bool {
    match (origin_of(request_url), origin_of(page_origin)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// The Graph error envelope's fields, read loosely.
struct GraphErrorFields {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    client_request_id: Option<String>,
    date: Option<String>,
}

/// The error envelope as the decoder reads it, with empty strings as absent.
fn graph_error_fields(body: &str) -> Option<GraphErrorFields> {
    let error = crate::decode::graph_error_in(body)?;
    let text = |value: String| Some(value).filter(|s| !s.is_empty());
    Some(GraphErrorFields {
        code: text(error.code),
        message: text(error.message),
        request_id: error.request_id.and_then(text),
        client_request_id: error.client_request_id.and_then(text),
        date: error.date.and_then(text),
    })
}

/// What the page could make of the token it sent, for explaining a 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum TokenState {
    /// Not said: the explanation makes no claim about the token panel.
    #[default]
    Unknown,
    /// No token was sent (no Authorization header).
    None,
    /// The token decoded as a JWT: the token panel shows its claims.
    Decoded,
    /// A token was sent but it is not a JWT the page can read.
    Unreadable,
}

impl TokenState {
    /// Parses `none`, `decoded`, `unreadable`; anything else is `Unknown`.
    pub fn parse(text: &str) -> Self {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" | "empty" => TokenState::None,
            "decoded" => TokenState::Decoded,
            "unreadable" => TokenState::Unreadable,
            _ => TokenState::Unknown,
        }
    }
}

/// Explains an HTTP answer to `request_url`, sent from a page on `page_origin`, without knowing
/// what the token was ([`explain_response_for_token`] with [`TokenState::Unknown`]).
pub fn explain_response(
    request_url: &str,
    page_origin: &str,
    response: &ObservedResponse,
) -> Outcome {
    explain_response_for_token(request_url, page_origin, response, TokenState::Unknown)
}

/// Explains an HTTP answer to `request_url`, sent from a page on `page_origin`; `token` says
/// what the page could make of the token, so a 401 points at the token panel only when it
/// shows claims.
pub fn explain_response_for_token(
    request_url: &str,
    page_origin: &str,
    response: &ObservedResponse,
    token: TokenState,
) -> Outcome {
    let status = response.status;
    let ok = (200..300).contains(&status);
    let same = same_origin(request_url, page_origin);
    let error = graph_error_fields(&response.body);
    let from_error = |pick: fn(&GraphErrorFields) -> &Option<String>| {
        error.as_ref().and_then(|e| pick(e).clone())
    };
    let request_id = response
        .header("request-id")
        .map(str::to_string)
        .or_else(|| from_error(|e| &e.request_id));
    let client_request_id = response
        .header("client-request-id")
        .map(str::to_string)
        .or_else(|| from_error(|e| &e.client_request_id));
    let date = response
        .header("date")
        .map(str::to_string)
        .or_else(|| from_error(|e| &e.date));
    let error_code = from_error(|e| &e.code);
    let graph_says = match &error {
        Some(e) => format!(
            " Graph says {}: {}",
            e.code.as_deref().unwrap_or("(no code)"),
            e.message.as_deref().unwrap_or("(no message)")
        ),
        None => String::new(),
    };
    let retry_after_raw = response.header("retry-after").map(str::trim);
    let retry_after_seconds = retry_after_raw.and_then(|v| v.parse::<u64>().ok());
    let mut diagnostics = Vec::new();

    let hidden_hint = |what: &str| {
        if same {
            format!("the server sent no {what}")
        } else {
            format!("no {what} is visible: the server sent none, or did not list it in Access-Control-Expose-Headers, and a page on another origin cannot tell which")
        }
    };
    let summary = match status {
        200..=299 => "Accepted: the queued and running playPrompt and recordResponse operations of this call are cancelled; each ends as failed with resultInfo 400/8508 (operationCanceled), reported to the bot's callback URL.".to_string(),
        400 => format!("HTTP 400: the request was rejected as invalid.{graph_says}"),
        401 => {
            let refused = "HTTP 401: the token was refused: expired, issued for another audience or cloud, for another tenant, or malformed";
            match token {
                TokenState::Decoded => format!(
                    "{refused}; the token panel shows which claims are suspect.{graph_says}"
                ),
                TokenState::Unreadable => format!(
                    "{refused}; it is not a JWT this page can decode, so the page cannot tell which (Graph's access tokens from Microsoft Entra are JWTs).{graph_says}"
                ),
                TokenState::None => format!(
                    "HTTP 401: no token was sent: paste an access token for Graph into the token field.{graph_says}"
                ),
                TokenState::Unknown => format!("{refused}.{graph_says}"),
            }
        }
        403 => format!(
            "HTTP 403: the token is valid but not allowed to do this: cancelMediaProcessing needs an application token (not delegated) whose app has Calls.Initiate.All or Calls.AccessMedia.All, for a call that app is in.{graph_says}"
        ),
        404 => format!(
            "HTTP 404: no such call: the id is wrong, the call has already ended, or it belongs to another app or cloud; a call id is only valid while the call is up.{graph_says}"
        ),
        429 => {
            let wait = match (retry_after_seconds, retry_after_raw) {
                (Some(seconds), _) => format!("wait {seconds} s (Retry-After: {seconds}) before sending again"),
                (None, Some(raw)) => format!("wait until {raw} (Retry-After) before sending again"),
                (None, None) => format!("{}; back off exponentially before sending again", hidden_hint("Retry-After")),
            };
            format!("HTTP 429: throttled: {wait}.{graph_says}")
        }
        500..=599 => {
            let retry = match retry_after_seconds {
                Some(seconds) => format!(" Retry after {seconds} s (Retry-After)."),
                None => " Retrying later may work.".to_string(),
            };
            format!(
                "HTTP {status}: the service failed, not your request.{retry} If it keeps failing, open a support ticket with the request-id, client-request-id and date below.{graph_says}"
            )
        }
        _ => format!("HTTP {status}: the request was not accepted.{graph_says}"),
    };

    let body = response.body.trim();
    if !body.is_empty() && serde_json::from_str::<serde_json::Value>(body).is_err() {
        let content_type = response.header("content-type").unwrap_or("none");
        let first_line = clip(body.lines().next().unwrap_or(""), 120);
        diagnostics.push(Diagnostic::warning(format!(
            "the body is not JSON (Content-Type: {content_type}), so it did not come from Graph as is: a proxy, gateway, firewall or captive portal may have answered instead. It starts: {first_line}"
        )));
    }
    if status >= 500 && request_id.is_none() {
        diagnostics.push(Diagnostic::warning(hidden_hint("request-id header")));
    }

    let has_location = response.header("location").is_some();
    let (location, location_note) = if !ok {
        (LocationVerdict::NotExpected, None)
    } else if has_location {
        (LocationVerdict::Present, None)
    } else if same {
        (
            LocationVerdict::Absent,
            Some("No Location header: this request was same-origin, so the page sees every header the server sent, and it sent none. Graph documents a Location with the new operation's URL on 200.".to_string()),
        )
    } else {
        (
            LocationVerdict::AbsentOrHidden,
            Some("No Location header visible: the server sent none, or sent one without listing it in Access-Control-Expose-Headers; a page on another origin cannot tell which. curl or your bot's HTTP client sees every header.".to_string()),
        )
    };

    let support_ticket = (status >= 500).then(|| {
        let mut lines = vec![
            format!(
                "cancelMediaProcessing failed with HTTP {status} {}",
                response.status_text
            )
            .trim_end()
            .to_string(),
            format!("request: POST {request_url}"),
        ];
        for (name, value) in [
            ("request-id", &request_id),
            ("client-request-id", &client_request_id),
            ("date", &date),
            ("error code", &error_code),
        ] {
            lines.push(format!(
                "{name}: {}",
                value.as_deref().unwrap_or("(not available)")
            ));
        }
        lines.join("\n")
    });

    Outcome {
        ok,
        summary,
        location,
        location_note,
        retry_after_seconds,
        request_id,
        client_request_id,
        date,
        error_code,
        support_ticket,
        diagnostics,
    }
}

/// Explains a send that got no HTTP answer. `detail` is what the browser said, if anything.
pub fn explain_failure(
    kind: FailureKind,
    request_url: &str,
    page_origin: &str,
    timeout_ms: u64,
    detail: &str,
) -> Outcome {
    let origin = origin_of(request_url).unwrap_or_else(|| request_url.to_string());
    let summary = match kind {
        FailureKind::Timeout => format!(
            "Timed out: no answer from {origin} within {}; the page gave up. Graph normally answers in well under a second, so check the network or raise the timeout. The server may still have received and acted on the request.",
            seconds_text(timeout_ms)
        ),
        FailureKind::Aborted => "Aborted: you cancelled the request before an answer came. It may still have reached the server and taken effect.".to_string(),
        FailureKind::Network => network_failure(request_url, page_origin, &origin, detail),
    };
    Outcome {
        ok: false,
        summary,
        location: LocationVerdict::NotExpected,
        location_note: None,
        retry_after_seconds: None,
        request_id: None,
        client_request_id: None,
        date: None,
        error_code: None,
        support_ticket: None,
        diagnostics: Vec::new(),
    }
}

fn network_failure(request_url: &str, page_origin: &str, origin: &str, detail: &str) -> String {
    let detail = if detail.trim().is_empty() {
        String::new()
    } else {
        format!(" (the browser said: {})", detail.trim())
    };
    let page_https = page_origin
        .trim()
        .to_ascii_lowercase()
        .starts_with("https:");
    let url_lower = request_url.trim().to_ascii_lowercase();
    let host = origin.split_once("://").map_or(origin, |(_, h)| h);
    let host = match host.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host,
    };
    let local = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    let cause = if page_https && url_lower.starts_with("http:") && !local {
        format!(
            "this page is https and {origin} is plain http: the browser blocks such mixed content."
        )
    } else if url_lower.starts_with("http:") && !local {
        format!("this page's Content-Security-Policy lets it reach https URLs and http://127.0.0.1 or localhost only, so the browser refused http to {origin}; use https or a local proxy.")
    } else if same_origin(request_url, page_origin) {
        "the request was same-origin, so CORS is not the cause: the server is down, restarting, or the connection was cut.".to_string()
    } else {
        "the host may be unreachable or its name may not resolve, its certificate may be refused, the connection may have been reset, or its CORS answer did not allow this page's origin with the Authorization and Content-Type headers (a preflight OPTIONS must allow them). The browser's developer console shows the real reason.".to_string()
    };
    format!(
        "Network error: no HTTP answer from {origin}{detail}. The browser hides the reason from the page on purpose. Likely: {cause}"
    )
}

/// `text` cut to at most `max_chars` characters plus `…`: at the last space when one is near the
/// end, else at a character boundary, never inside a UTF-8 sequence.
pub fn clip(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let ends_a_word = text.chars().nth(max_chars).is_some_and(char::is_whitespace);
    let at_word = if ends_a_word {
        cut.len()
    } else {
        cut.char_indices()
            .rev()
            .take_while(|(_, c)| !c.is_whitespace())
            .last()
            .map_or(cut.len(), |(index, _)| index)
    };
    // Back up to a word boundary only when that keeps most of the text.
    let kept = if at_word > 0 && cut[..at_word].chars().count() >= max_chars / 3 * 2 {
        &cut[..at_word]
    } else {
        cut.as_str()
    };
    format!("{}…", kept.trim_end())
}

fn seconds_text(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// One send, as the page remembers it for the HAR export.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(rename = "HarExchange"))]
#[serde(rename_all = "camelCase", default)]
pub struct Exchange {
    /// The request as built (its Authorization is redacted again on export anyway).
    pub request: Option<HttpRequest>,
    /// The answer, when there was one.
    pub response: Option<ObservedResponse>,
    /// Why there was no answer, when there was none.
    pub error: Option<String>,
    /// When it started, ISO 8601 (the page's clock).
    pub started_date_time: String,
    /// How long it took, in milliseconds.
    pub elapsed_ms: f64,
}

/// The exchange as a HAR 1.2 log (pretty JSON). The `Authorization` value is always written as
/// `Bearer {token}`; the response headers are those the browser let the page read.
pub fn to_har(exchange: &Exchange) -> Result<String, Diagnostic> {
    let request = exchange
        .request
        .as_ref()
        .ok_or_else(|| Diagnostic::error("nothing to export yet: send a request first"))?;
    let name_values = |headers: &[Header], redact: bool| -> Vec<serde_json::Value> {
        headers
            .iter()
            .map(|h| {
                let value = if redact && h.name.eq_ignore_ascii_case("authorization") {
                    REDACTED_BEARER
                } else {
                    h.value.as_str()
                };
                json!({ "name": h.name, "value": value })
            })
            .collect()
    };
    let content_type = request
        .header("content-type")
        .unwrap_or("application/json")
        .to_string();
    let har_request = json!({
        "method": request.method,
        "url": request.url,
        "httpVersion": "HTTP/1.1",
        "cookies": [],
        "headers": name_values(&request.headers, true),
        "queryString": [],
        "postData": { "mimeType": content_type, "text": request.body },
        "headersSize": -1,
        "bodySize": request.body.len(),
    });
    let elapsed = if exchange.elapsed_ms.is_finite() && exchange.elapsed_ms >= 0.0 {
        (exchange.elapsed_ms * 1000.0).round() / 1000.0
    } else {
        0.0
    };
    let har_response = match &exchange.response {
        Some(response) => json!({
            "status": response.status,
            "statusText": response.status_text,
            "httpVersion": "unknown",
            "cookies": [],
            "headers": name_values(&response.headers, true),
            "content": {
                "size": response.body.len(),
                "mimeType": response.header("content-type").unwrap_or(""),
                "text": response.body,
            },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": response.body.len(),
            "comment": "Only the headers the browser let the page read (CORS) are listed.",
        }),
        None => json!({
            "status": 0,
            "statusText": "",
            "httpVersion": "unknown",
            "cookies": [],
            "headers": [],
            "content": { "size": 0, "mimeType": "x-unknown" },
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": -1,
            "_error": exchange.error.as_deref().unwrap_or("no answer"),
        }),
    };
    let started = if exchange.started_date_time.trim().is_empty() {
        "1970-01-01T00:00:00.000Z"
    } else {
        exchange.started_date_time.trim()
    };
    let har = json!({
        "log": {
            "version": "1.2",
            "creator": { "name": "mediaops", "version": env!("CARGO_PKG_VERSION") },
            "comment": "cancelMediaProcessing sent from the mediaops playground; the bearer token is redacted as Bearer {token}.",
            "entries": [{
                "startedDateTime": started,
                "time": elapsed,
                "request": har_request,
                "response": har_response,
                "cache": {},
                "timings": { "send": 0, "wait": elapsed, "receive": 0 },
            }],
        }
    });
    serde_json::to_string_pretty(&har)
        .map_err(|e| Diagnostic::error(format!("internal: cannot write the HAR: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "http://127.0.0.1:8080";
    const MOCK_URL: &str =
        "http://127.0.0.1:8080/graph/v1.0/communications/calls/c/cancelMediaProcessing";
    const GRAPH_URL: &str =
        "https://graph.microsoft.com/v1.0/communications/calls/c/cancelMediaProcessing";

    fn h(name: &str, value: &str) -> Header {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> ObservedResponse {
        ObservedResponse {
            status,
            status_text: String::new(),
            headers: headers.iter().map(|(n, v)| h(n, v)).collect(),
            body: body.into(),
        }
    }

    fn graph_error(code: &str) -> String {
        format!(
            r#"{{"error":{{"code":"{code}","message":"msg","innerError":{{"date":"2026-01-01T00:00:00","request-id":"body-rid","client-request-id":"body-crid"}}}}}}"#
        )
    }

    #[test]
    fn origins_are_normalised() {
        let cases = [
            (
                "https://Graph.Microsoft.com:443/v1.0/x",
                Some("https://graph.microsoft.com"),
            ),
            ("http://127.0.0.1:8080/graph", Some("http://127.0.0.1:8080")),
            ("http://localhost:80", Some("http://localhost")),
            ("HTTP://user:pw@h:81?q", Some("http://h:81")),
            ("no-scheme/x", None),
            ("https:///x", None),
        ];
        for (url, origin) in cases {
            assert_eq!(origin_of(url).as_deref(), origin, "{url}");
        }
    }

    #[test]
    fn every_status_gets_its_explanation() {
        // (status, headers, body, part of the summary)
        let cases = [
            (
                200,
                vec![("location", "x")],
                "{}",
                "Accepted: the queued and running playPrompt",
            ),
            (
                400,
                vec![],
                &graph_error("BadRequest") as &str,
                "HTTP 400: the request was rejected as invalid. Graph says BadRequest: msg",
            ),
            (
                401,
                vec![],
                &graph_error("InvalidAuthenticationToken"),
                "HTTP 401: the token was refused",
            ),
            (
                403,
                vec![],
                &graph_error("Forbidden"),
                "needs an application token (not delegated)",
            ),
            (
                404,
                vec![],
                &graph_error("itemNotFound"),
                "the call has already ended",
            ),
            (
                429,
                vec![("Retry-After", "7")],
                &graph_error("TooManyRequests"),
                "throttled: wait 7 s (Retry-After: 7)",
            ),
            (
                429,
                vec![("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT")],
                "",
                "wait until Wed, 21 Oct 2026 07:28:00 GMT (Retry-After)",
            ),
            (
                500,
                vec![],
                &graph_error("InternalServerError"),
                "HTTP 500: the service failed, not your request. Retrying later may work.",
            ),
            (
                503,
                vec![("Retry-After", "30")],
                &graph_error("ServiceUnavailable"),
                "Retry after 30 s (Retry-After)",
            ),
            (418, vec![], "", "HTTP 418: the request was not accepted."),
        ];
        for (status, headers, body, summary) in cases {
            let outcome = explain_response(MOCK_URL, PAGE, &response(status, &headers, body));
            assert!(
                outcome.summary.contains(summary),
                "{status}: {}",
                outcome.summary
            );
            assert_eq!(outcome.ok, status == 200);
        }
    }

    #[test]
    fn a_401_mentions_the_token_panel_only_when_it_decoded_the_token() {
        let refused = |state| {
            explain_response_for_token(
                MOCK_URL,
                PAGE,
                &response(401, &[], &graph_error("InvalidAuthenticationToken")),
                state,
            )
            .summary
        };
        assert_eq!(
            refused(TokenState::Decoded),
            "HTTP 401: the token was refused: expired, issued for another audience or cloud, for another tenant, or malformed; the token panel shows which claims are suspect. Graph says InvalidAuthenticationToken: msg"
        );
        assert_eq!(
            refused(TokenState::Unreadable),
            "HTTP 401: the token was refused: expired, issued for another audience or cloud, for another tenant, or malformed; it is not a JWT this page can decode, so the page cannot tell which (Graph's access tokens from Microsoft Entra are JWTs). Graph says InvalidAuthenticationToken: msg"
        );
        assert_eq!(
            refused(TokenState::None),
            "HTTP 401: no token was sent: paste an access token for Graph into the token field. Graph says InvalidAuthenticationToken: msg"
        );
        for state in [
            TokenState::None,
            TokenState::Unreadable,
            TokenState::Unknown,
        ] {
            assert!(!refused(state).contains("token panel"), "{state:?}");
        }
        assert_eq!(
            explain_response(MOCK_URL, PAGE, &response(401, &[], "")).summary,
            "HTTP 401: the token was refused: expired, issued for another audience or cloud, for another tenant, or malformed."
        );
        let parsed: Vec<TokenState> = ["decoded", " NONE ", "unreadable", "", "other"]
            .into_iter()
            .map(TokenState::parse)
            .collect();
        assert_eq!(
            parsed,
            [
                TokenState::Decoded,
                TokenState::None,
                TokenState::Unreadable,
                TokenState::Unknown,
                TokenState::Unknown
            ]
        );
    }

    #[test]
    fn a_long_non_json_body_is_cut_at_a_word_with_an_ellipsis() {
        // The mock's 502 page used to be cut at 120 characters: "... did not answer (mo".
        let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server did not answer (mock fault).</p></body></html>\n";
        let outcome = explain_response(
            MOCK_URL,
            PAGE,
            &response(502, &[("Content-Type", "text/html; charset=utf-8")], html),
        );
        assert_eq!(
            outcome.diagnostics[0].message,
            "the body is not JSON (Content-Type: text/html; charset=utf-8), so it did not come from Graph as is: a proxy, gateway, firewall or captive portal may have answered instead. It starts: <html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><p>The upstream server did not answer…"
        );
        // (text, limit, clipped)
        let cases = [
            ("short", 10, "short"),
            ("exactly ten", 11, "exactly ten"),
            ("one two three four", 10, "one two…"),
            ("one two three four", 7, "one two…"),
            ("one two three four", 8, "one two…"),
            ("abcdefghijklmnop", 5, "abcde…"),
            ("a bcdefghijklmnop", 6, "a bcde…"),
            ("ééééééé", 3, "ééé…"),
            ("😀😀😀 😀", 2, "😀😀…"),
            ("", 0, ""),
            ("x", 0, "…"),
        ];
        for (text, limit, clipped) in cases {
            assert_eq!(clip(text, limit), clipped, "{text:?} at {limit}");
        }
    }

    #[test]
    fn throttling_without_a_visible_retry_after_depends_on_the_origin() {
        let same = explain_response(MOCK_URL, PAGE, &response(429, &[], ""));
        assert!(
            same.summary
                .contains("the server sent no Retry-After; back off"),
            "{}",
            same.summary
        );
        let cross = explain_response(GRAPH_URL, PAGE, &response(429, &[], ""));
        assert!(cross.summary.contains("no Retry-After is visible: the server sent none, or did not list it in Access-Control-Expose-Headers"), "{}", cross.summary);
        assert_eq!(cross.retry_after_seconds, None);
    }

    #[test]
    fn server_errors_carry_support_ticket_details() {
        let with_headers = explain_response(
            GRAPH_URL,
            PAGE,
            &ObservedResponse {
                status_text: "Internal Server Error".into(),
                ..response(
                    500,
                    &[
                        ("request-id", "hdr-rid"),
                        ("client-request-id", "hdr-crid"),
                        ("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
                    ],
                    &graph_error("InternalServerError"),
                )
            },
        );
        assert_eq!(with_headers.request_id.as_deref(), Some("hdr-rid"));
        assert_eq!(with_headers.client_request_id.as_deref(), Some("hdr-crid"));
        assert_eq!(
            with_headers.date.as_deref(),
            Some("Thu, 01 Jan 2026 00:00:00 GMT")
        );
        assert_eq!(
            with_headers.error_code.as_deref(),
            Some("InternalServerError")
        );
        assert_eq!(
            with_headers.support_ticket.as_deref(),
            Some("cancelMediaProcessing failed with HTTP 500 Internal Server Error\nrequest: POST https://graph.microsoft.com/v1.0/communications/calls/c/cancelMediaProcessing\nrequest-id: hdr-rid\nclient-request-id: hdr-crid\ndate: Thu, 01 Jan 2026 00:00:00 GMT\nerror code: InternalServerError")
        );
        assert!(with_headers.diagnostics.is_empty());
        // Headers hidden: innerError fills in, and the hidden header is noted.
        let from_body = explain_response(
            GRAPH_URL,
            PAGE,
            &response(503, &[], &graph_error("ServiceUnavailable")),
        );
        assert_eq!(from_body.request_id.as_deref(), Some("body-rid"));
        assert_eq!(from_body.client_request_id.as_deref(), Some("body-crid"));
        assert_eq!(from_body.date.as_deref(), Some("2026-01-01T00:00:00"));
        assert!(from_body
            .support_ticket
            .unwrap()
            .contains("request-id: body-rid"));
        // Nothing at all: said so.
        let nothing = explain_response(
            GRAPH_URL,
            PAGE,
            &response(502, &[], "<html>bad gateway</html>"),
        );
        assert!(nothing
            .support_ticket
            .unwrap()
            .contains("request-id: (not available)"));
        let messages: Vec<&str> = nothing
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            messages[0].starts_with("the body is not JSON (Content-Type: none)"),
            "{messages:?}"
        );
        assert!(
            messages[0].ends_with("It starts: <html>bad gateway</html>"),
            "{messages:?}"
        );
        assert!(
            messages[1].contains("no request-id header is visible"),
            "{messages:?}"
        );
        // Client errors get no ticket.
        assert_eq!(
            explain_response(GRAPH_URL, PAGE, &response(404, &[], "")).support_ticket,
            None
        );
    }

    #[test]
    fn location_absent_or_hidden_depends_on_the_origin() {
        let ok = |url: &str, headers: &[(&str, &str)]| {
            explain_response(url, PAGE, &response(200, headers, "{}"))
        };
        assert_eq!(
            ok(MOCK_URL, &[("Location", "x")]).location,
            LocationVerdict::Present
        );
        let same = ok(MOCK_URL, &[]);
        assert_eq!(same.location, LocationVerdict::Absent);
        assert!(same.location_note.unwrap().contains(
            "same-origin, so the page sees every header the server sent, and it sent none"
        ));
        let cross = ok(
            "http://localhost:8080/graph/v1.0/communications/calls/c/cancelMediaProcessing",
            &[],
        );
        assert_eq!(cross.location, LocationVerdict::AbsentOrHidden);
        assert!(cross
            .location_note
            .unwrap()
            .contains("without listing it in Access-Control-Expose-Headers"));
        let error = explain_response(MOCK_URL, PAGE, &response(404, &[], ""));
        assert_eq!(
            (error.location, error.location_note),
            (LocationVerdict::NotExpected, None)
        );
    }

    #[test]
    fn failures_without_an_answer_are_explained() {
        let timeout = explain_failure(FailureKind::Timeout, GRAPH_URL, PAGE, 1000, "");
        assert!(
            timeout
                .summary
                .starts_with("Timed out: no answer from https://graph.microsoft.com within 1 s"),
            "{}",
            timeout.summary
        );
        assert!(
            explain_failure(FailureKind::Timeout, GRAPH_URL, PAGE, 2500, "")
                .summary
                .contains("within 2.5 s")
        );
        let aborted = explain_failure(FailureKind::Aborted, GRAPH_URL, PAGE, 30_000, "");
        assert!(aborted
            .summary
            .starts_with("Aborted: you cancelled the request"));
        // (request URL, page origin, part of the explanation)
        let cases = [
            (
                GRAPH_URL,
                PAGE,
                "its CORS answer did not allow this page's origin",
            ),
            (MOCK_URL, PAGE, "same-origin, so CORS is not the cause"),
            (
                "http://proxy.example/graph/v1.0/x",
                PAGE,
                "Content-Security-Policy lets it reach https URLs",
            ),
            (
                "http://proxy.example/graph/v1.0/x",
                "https://docs.example",
                "mixed content",
            ),
            (
                "http://localhost:9000/graph/v1.0/x",
                PAGE,
                "its CORS answer did not allow",
            ),
        ];
        for (url, page, cause) in cases {
            let outcome = explain_failure(
                FailureKind::Network,
                url,
                page,
                30_000,
                "TypeError: Failed to fetch",
            );
            assert!(
                outcome
                    .summary
                    .starts_with("Network error: no HTTP answer from "),
                "{}",
                outcome.summary
            );
            assert!(outcome
                .summary
                .contains("(the browser said: TypeError: Failed to fetch)"));
            assert!(outcome
                .summary
                .contains("hides the reason from the page on purpose"));
            assert!(
                outcome.summary.contains(cause),
                "{url}: {}",
                outcome.summary
            );
            assert!(!outcome.ok);
        }
    }

    #[test]
    fn har_is_1_2_with_the_token_redacted() {
        let request = HttpRequest {
            method: "POST".into(),
            url: MOCK_URL.into(),
            headers: vec![
                h("Authorization", "Bearer real-secret-token"),
                h("Content-Type", "application/json"),
                h("Content-Length", "2"),
            ],
            body: "{}".into(),
        };
        let exchange = Exchange {
            request: Some(request.clone()),
            response: Some(ObservedResponse {
                status: 200,
                status_text: "OK".into(),
                headers: vec![h("content-type", "application/json"), h("location", "L")],
                body: "{\"id\":\"é\"}".into(),
            }),
            error: None,
            started_date_time: "2026-01-01T00:00:00.000Z".into(),
            elapsed_ms: 12.3456,
        };
        let text = to_har(&exchange).unwrap();
        assert!(!text.contains("real-secret-token"));
        let har: serde_json::Value = serde_json::from_str(&text).unwrap();
        let log = &har["log"];
        assert_eq!(log["version"], "1.2");
        assert_eq!(log["creator"]["name"], "mediaops");
        let entry = &log["entries"][0];
        assert_eq!(entry["startedDateTime"], "2026-01-01T00:00:00.000Z");
        assert_eq!(entry["time"], 12.346);
        assert_eq!(entry["request"]["method"], "POST");
        assert_eq!(entry["request"]["url"], MOCK_URL);
        assert_eq!(entry["request"]["headers"][0]["value"], "Bearer {token}");
        assert_eq!(entry["request"]["postData"]["text"], "{}");
        assert_eq!(entry["request"]["bodySize"], 2);
        assert_eq!(entry["response"]["status"], 200);
        assert_eq!(entry["response"]["content"]["mimeType"], "application/json");
        assert_eq!(entry["response"]["content"]["size"], 11);
        assert_eq!(entry["response"]["headers"][1]["value"], "L");
        assert_eq!(entry["timings"]["wait"], 12.346);

        let failed = to_har(&Exchange {
            request: Some(request),
            error: Some("Timed out".into()),
            ..Exchange::default()
        })
        .unwrap();
        let har: serde_json::Value = serde_json::from_str(&failed).unwrap();
        let entry = &har["log"]["entries"][0];
        assert_eq!(entry["response"]["status"], 0);
        assert_eq!(entry["response"]["_error"], "Timed out");
        assert_eq!(entry["startedDateTime"], "1970-01-01T00:00:00.000Z");
        assert!(to_har(&Exchange::default())
            .unwrap_err()
            .message
            .contains("send a request first"));
    }
}
