//! The one file that uses gloo-net: turns our `HttpRequest` into a browser fetch.

use crate::request::{Header, HttpRequest};

/// A response as the page needs it.
pub struct FetchedResponse {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<Header>,
    pub body: String,
}

/// Headers the browser sets itself and refuses from script.
const BROWSER_OWNED: [&str; 2] = ["content-length", "host"];

/// Sends `request` with `token` in place of the redacted Authorization value.
pub async fn send(
    request: &HttpRequest,
    token: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<FetchedResponse, String> {
    let mut builder = gloo_net::http::RequestBuilder::new(&request.url)
        .method(
            request
                .method
                .parse()
                .map_err(|_| format!("unsupported method {}", request.method))?,
        )
        .abort_signal(signal);
    for header in &request.headers {
        let name = header.name.to_ascii_lowercase();
        if BROWSER_OWNED.contains(&name.as_str()) {
            continue;
        }
        if name == "authorization" {
            let token = without_bearer(token);
            if !token.is_empty() {
                builder = builder.header("Authorization", &format!("Bearer {token}"));
            }
        } else {
            builder = builder.header(&header.name, &header.value);
        }
    }
    let response = builder
        .body(request.body.as_str())
        .map_err(|e| format!("cannot build the request: {e}"))?
        .send()
        .await
        .map_err(describe_fetch_error)?;
    let headers = response
        .headers()
        .entries()
        .map(|(name, value)| Header { name, value })
        .collect();
    let body = response
        .text()
        .await
        .map_err(|e| format!("the response body could not be read: {e}"))?;
    Ok(FetchedResponse {
        status: response.status(),
        status_text: response.status_text(),
        headers,
        body,
    })
}

/// The token as pasted, without surrounding space or a leading `Bearer ` people often copy along.
fn without_bearer(token: &str) -> &str {
    let token = token.trim();
    match token.split_once(char::is_whitespace) {
        Some((word, rest)) if word.eq_ignore_ascii_case("bearer") => rest.trim(),
        _ => token,
    }
}

/// A fetch that fails before any response: aborted, or a network failure, whose reason the
/// browser withholds on purpose. The page explains both (`exchange::explain_failure`); this only
/// passes on what the browser said.
fn describe_fetch_error(error: gloo_net::Error) -> String {
    let text = error.to_string();
    if text.contains("AbortError") || text.to_ascii_lowercase().contains("abort") {
        format!("aborted: {text}")
    } else {
        format!("network error: {text}")
    }
}
