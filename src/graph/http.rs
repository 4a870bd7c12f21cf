//! HTTP as every face of mediaops sees it: headers, an exact request, the rules a browser applies
//! to header values, and how a bearer token goes into `Authorization`.

use crate::diagnostic::Diagnostic;
use serde::{Deserialize, Serialize};

/// What the Authorization header shows in previews and snippets: the real token never appears.
pub const REDACTED_BEARER: &str = "Bearer {token}";

/// One HTTP header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Header {
    /// Header name as sent.
    pub name: String,
    /// Header value as sent.
    pub value: String,
}

/// An HTTP request as exact text: what is previewed, what snippets render and what is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
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

impl Header {
    /// A header from its name and value.
    pub fn new(name: &str, value: &str) -> Self {
        Header {
            name: name.to_string(),
            value: value.to_string(),
        }
    }
}

/// The value of the first header named `name` (case-insensitive) in `headers`.
pub fn find_header<'h>(headers: &'h [Header], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

impl HttpRequest {
    /// The value of the first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
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

/// Headers a browser sets itself and refuses from script: left out of what is sent.
pub const BROWSER_OWNED_HEADERS: [&str; 2] = ["content-length", "host"];

/// True when a browser refuses `c` in a header value: anything outside Latin-1 (fetch headers
/// are byte strings) and control characters other than tab (CR, LF and NUL are refused outright;
/// the rest are not valid HTTP either).
pub fn is_unsendable_in_header(c: char) -> bool {
    u32::from(c) > 0xFF || (c.is_control() && c != '\t')
}

/// The first character of `value` a header cannot carry, with its 1-based position in characters.
pub fn first_unsendable(value: &str) -> Option<(usize, char)> {
    value
        .chars()
        .enumerate()
        .find(|(_, c)| is_unsendable_in_header(*c))
        .map(|(index, c)| (index + 1, c))
}

/// Where `bytes` stop being UTF-8, for a message: `invalid UTF-8 at byte offset 20 (0xFF)`, the
/// offset (from 0, as hex dumps count) being where the first invalid sequence starts; `None` when
/// `bytes` are UTF-8.
pub fn describe_invalid_utf8(bytes: &[u8]) -> Option<String> {
    let at = std::str::from_utf8(bytes).err()?.valid_up_to();
    Some(format!(
        "invalid UTF-8 at byte offset {at} (0x{:02X})",
        bytes.get(at).copied().unwrap_or_default()
    ))
}

/// `U+200B (zero-width space)`: a character named so a person can find it, never the text around it.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\u{0}' => Some("NUL"),
        '\t' => Some("tab"),
        '\n' => Some("line feed"),
        '\r' => Some("carriage return"),
        '\u{a0}' => Some("no-break space"),
        '\u{ad}' => Some("soft hyphen"),
        '\u{200b}' => Some("zero-width space"),
        '\u{200c}' => Some("zero-width non-joiner"),
        '\u{200d}' => Some("zero-width joiner"),
        '\u{200e}' => Some("left-to-right mark"),
        '\u{200f}' => Some("right-to-left mark"),
        '\u{2010}'..='\u{2015}' => Some("dash"),
        '\u{2018}' | '\u{2019}' | '\u{201c}' | '\u{201d}' => Some("curly quote"),
        '\u{2026}' => Some("ellipsis"),
        '\u{2028}' => Some("line separator"),
        '\u{2029}' => Some("paragraph separator"),
        '\u{2060}' => Some("word joiner"),
        '\u{feff}' => Some("byte order mark"),
        c if c.is_control() => Some("control character"),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{:04X} ({name})", u32::from(c)),
        None => format!("U+{:04X}", u32::from(c)),
    }
}

/// Checks that a browser can send `value` in the header `name`. The message names the header,
/// the character (as U+XXXX) and its position, never the value itself (it may be a secret).
/// Fails with the pointer `/headers/{name}`.
pub fn check_header_value(name: &str, value: &str) -> Result<(), Diagnostic> {
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c));
    if !valid_name {
        return Err(Diagnostic::error(format!(
            "'{}' is not a valid HTTP header name: use letters, digits and - only",
            name.escape_debug()
        ))
        .at_pointer(format!("/headers/{name}")));
    }
    match first_unsendable(value) {
        None => Ok(()),
        Some((position, c)) => Err(Diagnostic::error(format!(
            "the {name} header cannot carry {} (character {position} of its value): browsers refuse characters outside Latin-1 and control characters in headers; such characters usually come from copying (chat apps, e-mail, PDFs and word processors add them): delete it or copy the value again",
            describe_char(c)
        ))
        .at_pointer(format!("/headers/{name}"))),
    }
}

/// The bearer token as it goes into `Authorization: Bearer …`: the token as pasted, without
/// surrounding space, quotes, or a leading `Bearer ` people often copy along; `None` when empty
/// (then no Authorization header is sent). Fails (pointer `/token`) when a browser could not send
/// it, naming the character and its position in the token but never the token.
pub fn authorization_value(token: &str) -> Result<Option<String>, Diagnostic> {
    let token = crate::graph::http::strip_bearer(token);
    if token.is_empty() {
        return Ok(None);
    }
    if let Some((position, c)) = first_unsendable(token) {
        return Err(Diagnostic::error(unsendable_token_message(position, c)).at_pointer("/token"));
    }
    Ok(Some(format!("Bearer {token}")))
}

/// Why a token with `c` at `position` cannot be sent (shared by the sender and the token panel).
pub(crate) fn unsendable_token_message(position: usize, c: char) -> String {
    format!(
        "the token has {} at character {position}, which cannot be sent in an HTTP header: such characters usually come from copying (chat apps, e-mail, PDFs and word processors add invisible ones); delete it or copy the token again from its source",
        describe_char(c)
    )
}

/// The headers a browser fetch sets for `request`, with `token` in place of the redacted
/// Authorization value: browser-owned headers are left out and every value is checked, so the
/// fetch is never asked to set a header it would refuse. The first problem is the error.
pub fn headers_to_send(request: &HttpRequest, token: &str) -> Result<Vec<Header>, Diagnostic> {
    let mut headers = Vec::new();
    for h in &request.headers {
        let lower = h.name.to_ascii_lowercase();
        if BROWSER_OWNED_HEADERS.contains(&lower.as_str()) {
            continue;
        }
        if lower == "authorization" {
            if let Some(value) = authorization_value(token)? {
                headers.push(Header::new("Authorization", &value));
            }
            continue;
        }
        check_header_value(&h.name, &h.value)?;
        headers.push(h.clone());
    }
    Ok(headers)
}

/// The token without surrounding space or quotes, and without a leading `Bearer ` people often
/// copy along.
pub fn strip_bearer(token: &str) -> &str {
    let token = token.trim();
    let rest = match token.split_once(char::is_whitespace) {
        Some((word, rest)) if word.eq_ignore_ascii_case("bearer") => rest.trim(),
        None if token.eq_ignore_ascii_case("bearer") => "",
        _ => token,
    };
    rest.trim_matches('"')
}

/// RFC 3986 unreserved: what a path segment carries without percent-encoding.
pub fn is_unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~')
}

/// One URL path segment: every byte outside the unreserved set percent-encoded, so no text can
/// add a segment, a query or a fragment. (The checks refuse such call ids already; this keeps
/// the URL right should they ever let one through.)
pub fn encode_path_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unreserved(c) {
            out.push(c);
        } else {
            let mut bytes = [0; 4];
            for byte in c.encode_utf8(&mut bytes).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::describe_invalid_utf8;

    #[test]
    fn invalid_utf8_is_described_where_the_first_bad_sequence_starts() {
        let cases: [(&[u8], Option<&str>); 4] = [
            (b"plain", None),
            ("caf\u{e9}".as_bytes(), None),
            (b"ab\xffcd", Some("invalid UTF-8 at byte offset 2 (0xFF)")),
            // A sequence cut short at the end is reported where it starts.
            (
                b"abc\xe2\x82",
                Some("invalid UTF-8 at byte offset 3 (0xE2)"),
            ),
        ];
        for (bytes, expected) in cases {
            assert_eq!(
                describe_invalid_utf8(bytes).as_deref(),
                expected,
                "{bytes:?}"
            );
        }
    }
}
