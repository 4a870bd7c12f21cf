//! Splits pasted HTTP text (status or request line, headers, blank line, body) into its parts,
//! keeping line numbers so body diagnostics point into the whole paste.

use crate::diagnostic::Diagnostic;
use crate::graph::http::Header;

/// The start line of pasted HTTP text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartLine {
    /// `HTTP/1.1 200 OK`.
    Response {
        /// Status code.
        status: u16,
    },
    /// `POST https://... [HTTP/1.1]`.
    Request {
        /// Method.
        method: String,
        /// Target URL as written.
        url: String,
    },
}

/// Pasted HTTP text taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpText {
    /// The start line.
    pub start: StartLine,
    /// Headers in order.
    pub headers: Vec<Header>,
    /// The 1-based line of each header, in the same order.
    pub header_lines: Vec<u32>,
    /// The body, with the lines before it blanked so positions match the paste.
    pub body_for_parsing: String,
    /// The body exactly as pasted.
    pub body: String,
    /// 1-based line on which the body starts.
    pub body_line: u32,
}

impl HttpText {
    /// The line of the first header named `name` (case-insensitive).
    pub fn header_line(&self, name: &str) -> Option<u32> {
        let index = self
            .headers
            .iter()
            .position(|h| h.name.eq_ignore_ascii_case(name))?;
        self.header_lines.get(index).copied()
    }
}

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Recognises the start line of an HTTP message; `None` when `line` is not one.
pub fn start_line(line: &str) -> Option<StartLine> {
    let line = line.trim();
    let mut words = line.split_whitespace();
    let first = words.next()?;
    if first
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("HTTP/"))
    {
        let status = words.next()?.parse().ok()?;
        return Some(StartLine::Response { status });
    }
    let method = METHODS.iter().find(|m| m.eq_ignore_ascii_case(first))?;
    let url = words.next()?;
    Some(StartLine::Request {
        method: method.to_string(),
        url: url.to_string(),
    })
}

/// Splits `text` whose first non-blank line is an HTTP start line. `Err` names the bad line.
pub fn split(text: &str) -> Option<Result<HttpText, Diagnostic>> {
    // `#` lines before the start line are comments, as in REST Client .http files and in
    // `mediaops build` output.
    let is_first = |l: &&str| {
        let line = l.trim();
        !line.is_empty() && !line.starts_with('#')
    };
    // Most text is not HTTP, and a start line begins with a letter (a method or `HTTP/`) where
    // JSON begins with `{` or `[`: told by the first byte after the blanks and comments, so a
    // one-line batch is not searched for its end of line.
    let mut content = text.trim_start();
    while content.starts_with('#') {
        content = content.split_once('\n')?.1.trim_start();
    }
    if !content
        .as_bytes()
        .first()
        .is_some_and(u8::is_ascii_alphabetic)
    {
        return None;
    }
    // Then from that first line, before splitting all of it.
    start_line(content.split('\n').next()?)?;
    let lines: Vec<&str> = text.split('\n').collect();
    let first_index = lines.iter().position(is_first)?;
    let start = start_line(lines[first_index])?;
    let mut headers = Vec::new();
    let mut header_lines = Vec::new();
    let mut index = first_index + 1;
    while index < lines.len() {
        let line = lines[index].trim_end_matches('\r');
        if line.trim().is_empty() {
            index += 1;
            break;
        }
        match line.split_once(':') {
            Some((name, value))
                if !name.trim().is_empty() && !name.contains(char::is_whitespace) =>
            {
                headers.push(Header {
                    name: name.to_string(),
                    value: value.trim().to_string(),
                });
                header_lines.push((index + 1) as u32);
            }
            _ => {
                // A JSON body directly under the headers, with no blank line between.
                if line.trim_start().starts_with(['{', '[']) {
                    break;
                }
                let line_number = (index + 1) as u32;
                return Some(Err(Diagnostic::error(format!(
                    "line {line_number} is neither a header ('Name: value') nor the blank line that ends the headers"
                ))
                .at_position(text, line_number, 1)));
            }
        }
        index += 1;
    }
    let body_lines = lines.get(index..).unwrap_or(&[]);
    let body = body_lines.join("\n");
    let mut body_for_parsing = "\n".repeat(index);
    body_for_parsing.push_str(&body);
    Some(Ok(HttpText {
        start,
        headers,
        header_lines,
        body_for_parsing,
        body,
        body_line: (index + 1) as u32,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_start_lines() {
        let cases = [
            ("HTTP/1.1 200 OK", Some(StartLine::Response { status: 200 })),
            ("http/2 404", Some(StartLine::Response { status: 404 })),
            (
                "POST https://x/y HTTP/1.1",
                Some(StartLine::Request {
                    method: "POST".into(),
                    url: "https://x/y".into(),
                }),
            ),
            (
                "post /a",
                Some(StartLine::Request {
                    method: "POST".into(),
                    url: "/a".into(),
                }),
            ),
            (
                " \tget /x ",
                Some(StartLine::Request {
                    method: "GET".into(),
                    url: "/x".into(),
                }),
            ),
            ("{\"a\": 1}", None),
            ("[1, 2] GET /x", None),
            ("1 GET /x", None),
            ("HTTP/1.1 OK", None),
            ("POSTAL x", None),
        ];
        for (line, expected) in cases {
            assert_eq!(start_line(line), expected, "{line}");
        }
    }

    #[test]
    fn text_is_http_only_when_its_first_line_after_blanks_and_comments_is_a_start_line() {
        let cases = [
            ("{\"value\": []}", false),
            ("\n  \n[1, 2]", false),
            ("# a comment\n\n  # another\n{}", false),
            ("# only a comment", false),
            ("#\n", false),
            ("", false),
            ("\n# note\n  GET /x\n", true),
            ("HTTP/1.1 200 OK\n\n{}", true),
            ("\u{2003}POST /x\n", true),
            ("GETX /x\n", false),
        ];
        for (text, is_http) in cases {
            assert_eq!(split(text).is_some(), is_http, "{text:?}");
        }
    }

    #[test]
    fn splits_head_and_body_keeping_lines() {
        let text =
            "\r\nHTTP/1.1 200 OK\r\nLocation: https://h/x\r\nContent-Length: 2\r\n\r\n{}\r\n";
        let http = split(text).unwrap().unwrap();
        assert_eq!(http.start, StartLine::Response { status: 200 });
        assert_eq!(http.headers.len(), 2);
        assert_eq!(http.headers[0].value, "https://h/x");
        assert_eq!(http.header_line("content-length"), Some(4));
        assert_eq!(http.body_line, 6);
        assert_eq!(http.body.trim(), "{}");
        assert_eq!(
            http.body_for_parsing.lines().nth(5).map(str::trim),
            Some("{}")
        );
    }

    #[test]
    fn a_bad_header_line_is_located() {
        let error = split("HTTP/1.1 200 OK\nthis is not a header\n\n{}")
            .unwrap()
            .unwrap_err();
        assert_eq!(error.line, Some(2));
        assert!(split("{}").is_none());
    }
}
