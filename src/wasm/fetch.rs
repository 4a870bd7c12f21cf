//! The one file that uses gloo-net: turns our `HttpRequest` into a browser fetch.

use crate::graph::http::{Header, HttpRequest};

/// A response as the page needs it.
pub struct FetchedResponse {
    pub status: u16,
    pub status_text: String,
    pub headers: Vec<Header>,
    pub body: String,
}

/// Sends `request` with `headers`, which the core's `request::headers_to_send` built and checked
/// (the token in Authorization, browser-owned headers left out): gloo-net throws from inside the
/// future on a header value the browser refuses, and the promise would never settle.
pub async fn send(
    request: &HttpRequest,
    headers: &[Header],
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
    for header in headers {
        builder = builder.header(&header.name, &header.value);
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
