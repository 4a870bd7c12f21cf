//! "Redact and share": bearer tokens, recording URLs, tenant ids and GUIDs in pasted text are
//! replaced by placeholders, so the result can go into a public issue. It works on the raw text
//! (not on parsed JSON), so formatting, comments and HTTP headers stay as they were, and broken
//! input is redacted too. The same value always gets the same placeholder; a GUID written dashed,
//! undashed or in upper case is one id (`normalize_id`) and keeps the form it was written in.

use crate::graph::ids::normalize_id;
use serde::Serialize;
use std::collections::HashMap;

/// What a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Secret {
    /// A JWT-shaped string, a `recordingAccessToken` value or an `Authorization` credential.
    Token,
    /// A `recordingLocation` (or `recordResourceLocation`) URL.
    RecordingUrl,
    /// A `tenantId` or `tid` value that is not a GUID (GUIDs are redacted as GUIDs).
    TenantId,
    /// A GUID: call, operation, participant, tenant, application or any other id.
    Guid,
}

/// One distinct value that was replaced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    /// What it was.
    pub kind: Secret,
    /// What it became (for a GUID, its dashed form).
    pub placeholder: String,
    /// How many times it occurred.
    pub occurrences: usize,
}

/// The redacted text and what was replaced in it (never the replaced values themselves).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Redacted {
    /// The input with every secret replaced.
    pub text: String,
    /// One entry per distinct value replaced, in order of first occurrence.
    pub replacements: Vec<Replacement>,
    /// One sentence saying what was replaced, e.g. "Replaced 2 GUIDs (5 times), 1 token.".
    pub summary: String,
}

/// JSON properties whose string values are secrets whatever they look like.
const SECRET_PROPERTIES: [(&str, Secret); 6] = [
    ("recordingAccessToken", Secret::Token),
    ("recordResourceAccessToken", Secret::Token),
    ("recordingLocation", Secret::RecordingUrl),
    ("recordResourceLocation", Secret::RecordingUrl),
    ("tenantId", Secret::TenantId),
    ("tid", Secret::TenantId),
];

/// Placeholders start like this, so redacting twice changes nothing.
const TOKEN_PLACEHOLDER: &str = "redacted-token-";
const TENANT_PLACEHOLDER: &str = "redacted-tenant-";
const URL_PLACEHOLDER: &str = "https://redacted.invalid/recording-";
/// A GUID whose first 20 hex digits are zero is a placeholder already (ours, or the docs').
const GUID_PLACEHOLDER_PREFIX: &str = "00000000-0000-0000-0000-";

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    kind: Secret,
}

/// Replaces tokens, recording URLs, tenant ids and GUIDs in `text` by placeholders.
pub fn redact(text: &str) -> Redacted {
    let mut spans = property_values(text);
    spans.extend(authorization_credentials(text));
    spans.extend(jwts(text));
    let mut spans = non_overlapping(spans);
    let guids: Vec<Span> = guids(text)
        .into_iter()
        .filter(|g| !spans.iter().any(|s| s.start < g.end && g.start < s.end))
        .collect();
    spans.extend(guids);
    spans.sort_by_key(|s| s.start);

    // GUID placeholders already in the text keep their number to themselves.
    let taken: Vec<u64> = spans
        .iter()
        .filter(|s| s.kind == Secret::Guid)
        .filter_map(|s| placeholder_number(&normalize_id(&text[s.start..s.end])))
        .collect();
    let mut namer = Namer {
        taken,
        ..Namer::default()
    };
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in &spans {
        out.push_str(&text[at..span.start]);
        out.push_str(&namer.placeholder(span.kind, &text[span.start..span.end]));
        at = span.end;
    }
    out.push_str(&text[at..]);
    let replacements = namer.replacements;
    Redacted {
        text: out,
        summary: summary(&replacements),
        replacements,
    }
}

/// Hands out placeholders: one per distinct value, numbered per kind in order of appearance.
#[derive(Default)]
struct Namer {
    /// (kind, normalised value) → index into `replacements`.
    seen: HashMap<(Secret, String), usize>,
    counts: HashMap<Secret, u64>,
    replacements: Vec<Replacement>,
    /// GUID placeholder numbers the input already uses.
    taken: Vec<u64>,
}

impl Namer {
    fn placeholder(&mut self, kind: Secret, raw: &str) -> String {
        if is_placeholder(kind, raw) {
            return raw.to_string();
        }
        let key = match kind {
            Secret::Guid => normalize_id(raw),
            _ => raw.to_string(),
        };
        let index = match self.seen.get(&(kind, key.clone())) {
            Some(&index) => index,
            None => {
                let placeholder = self.next(kind);
                self.replacements.push(Replacement {
                    kind,
                    placeholder,
                    occurrences: 0,
                });
                self.seen.insert((kind, key), self.replacements.len() - 1);
                self.replacements.len() - 1
            }
        };
        let replacement = &mut self.replacements[index];
        replacement.occurrences += 1;
        match kind {
            // Keep the form it was written in: undashed stays undashed (digits have no case).
            Secret::Guid if !raw.contains('-') => replacement.placeholder.replace('-', ""),
            _ => replacement.placeholder.clone(),
        }
    }

    fn next(&mut self, kind: Secret) -> String {
        let count = self.counts.entry(kind).or_insert(0);
        *count += 1;
        if kind == Secret::Guid {
            while self.taken.contains(count) {
                *count += 1;
            }
        }
        let n = *count;
        match kind {
            Secret::Token => format!("{TOKEN_PLACEHOLDER}{n}"),
            Secret::TenantId => format!("{TENANT_PLACEHOLDER}{n}"),
            Secret::RecordingUrl => format!("{URL_PLACEHOLDER}{n}"),
            Secret::Guid => format!("{GUID_PLACEHOLDER_PREFIX}{n:012}"),
        }
    }
}

fn is_placeholder(kind: Secret, raw: &str) -> bool {
    match kind {
        Secret::Token => raw.starts_with(TOKEN_PLACEHOLDER),
        Secret::TenantId => raw.starts_with(TENANT_PLACEHOLDER),
        Secret::RecordingUrl => raw.starts_with(URL_PLACEHOLDER),
        Secret::Guid => placeholder_number(&normalize_id(raw)).is_some(),
    }
}

/// The number of a GUID placeholder (`00000000-0000-0000-0000-000000000007` → 7).
fn placeholder_number(normalized: &str) -> Option<u64> {
    normalized
        .strip_prefix(GUID_PLACEHOLDER_PREFIX)
        .and_then(|n| n.parse().ok())
}

fn summary(replacements: &[Replacement]) -> String {
    if replacements.is_empty() {
        return "Nothing to redact: no token, recording URL, tenant id or GUID found.".into();
    }
    let parts: Vec<String> = [
        (Secret::Token, "token", "tokens"),
        (Secret::RecordingUrl, "recording URL", "recording URLs"),
        (Secret::TenantId, "tenant id", "tenant ids"),
        (Secret::Guid, "GUID", "GUIDs"),
    ]
    .iter()
    .filter_map(|&(kind, one, many)| {
        let of_kind: Vec<&Replacement> = replacements.iter().filter(|r| r.kind == kind).collect();
        let distinct = of_kind.len();
        let times: usize = of_kind.iter().map(|r| r.occurrences).sum();
        match distinct {
            0 => None,
            _ if times == distinct => Some(format!("{distinct} {}", plural(distinct, one, many))),
            _ => Some(format!(
                "{distinct} {} ({times} times)",
                plural(distinct, one, many)
            )),
        }
    })
    .collect();
    format!("Replaced {}.", parts.join(", "))
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// Keeps the earliest of overlapping spans (the longer one when they start together).
fn non_overlapping(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if kept.last().is_none_or(|last| span.start >= last.end) {
            kept.push(span);
        }
    }
    kept
}

/// The string values of `SECRET_PROPERTIES` (`"recordingAccessToken": "…"`), without their quotes.
/// A tenant id that is a GUID is left to the GUID scan, so it matches its other occurrences.
fn property_values(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(offset) = text[i..].find('"') {
        let open = i + offset;
        let Some(close) = string_end(bytes, open + 1) else {
            break;
        };
        i = close + 1;
        let name = &text[open + 1..close];
        let Some(&(_, kind)) = SECRET_PROPERTIES.iter().find(|(p, _)| *p == name) else {
            continue;
        };
        let mut j = skip_space(bytes, close + 1);
        if bytes.get(j) != Some(&b':') {
            continue;
        }
        j = skip_space(bytes, j + 1);
        if bytes.get(j) != Some(&b'"') {
            continue;
        }
        let Some(value_end) = string_end(bytes, j + 1) else {
            break;
        };
        i = value_end + 1;
        let value = &text[j + 1..value_end];
        let guid_tenant = kind == Secret::TenantId && is_guid(value);
        if !value.trim().is_empty() && !guid_tenant {
            spans.push(Span {
                start: j + 1,
                end: value_end,
                kind,
            });
        }
    }
    spans
}

fn is_guid(value: &str) -> bool {
    let inner = value.trim().trim_matches(['{', '}']);
    guid_at(inner.as_bytes()) == Some(inner.len())
}

/// The index of the quote closing a JSON string whose content starts at `from`; none at a line
/// end or the end of the text (an unterminated string redacts nothing).
fn string_end(bytes: &[u8], from: usize) -> Option<usize> {
    let mut k = from;
    while let Some(&b) = bytes.get(k) {
        match b {
            b'"' => return Some(k),
            b'\\' => k += 2,
            b'\n' => return None,
            _ => k += 1,
        }
    }
    None
}

fn skip_space(bytes: &[u8], mut k: usize) -> usize {
    while bytes.get(k).is_some_and(|b| b.is_ascii_whitespace()) {
        k += 1;
    }
    k
}

/// The credential of every `Authorization:` header line (after `Bearer `, to the line end).
fn authorization_credentials(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let start = line_start;
        line_start += line.len();
        let Some(head) = line.get(..14) else { continue };
        if !head.eq_ignore_ascii_case("authorization:") {
            continue;
        }
        let bytes = line.as_bytes();
        let mut k = skip_blank(bytes, 14);
        if line
            .get(k..k + 7)
            .is_some_and(|w| w.eq_ignore_ascii_case("bearer "))
        {
            k = skip_blank(bytes, k + 7);
        }
        let end = line.trim_end_matches(['\r', '\n', ' ', '\t']).len();
        if end > k {
            spans.push(Span {
                start: start + k,
                end: start + end,
                kind: Secret::Token,
            });
        }
    }
    spans
}

fn skip_blank(bytes: &[u8], mut k: usize) -> usize {
    while matches!(bytes.get(k), Some(b' ' | b'\t')) {
        k += 1;
    }
    k
}

fn is_base64url(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_'
}

/// JWT-shaped strings anywhere: `eyJ…` header, a dot, a payload, a dot, an optional signature.
fn jwts(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while let Some(offset) = text[i..].find("eyJ") {
        let start = i + offset;
        i = start + 3;
        if start > 0 && is_base64url(bytes[start - 1]) {
            continue;
        }
        let run = |from: usize| {
            let mut k = from;
            while bytes.get(k).copied().is_some_and(is_base64url) {
                k += 1;
            }
            k
        };
        let header_end = run(start);
        if bytes.get(header_end) != Some(&b'.') {
            continue;
        }
        let payload_end = run(header_end + 1);
        if payload_end == header_end + 1 || bytes.get(payload_end) != Some(&b'.') {
            continue;
        }
        let end = run(payload_end + 1);
        spans.push(Span {
            start,
            end,
            kind: Secret::Token,
        });
        i = end;
    }
    spans
}

/// GUIDs, dashed (8-4-4-4-12) or as 32 hex digits, in any case, not inside a longer word.
fn guids(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts_word && bytes[i].is_ascii_hexdigit() {
            if let Some(len) = guid_at(&bytes[i..]) {
                let after = bytes.get(i + len);
                if !after.is_some_and(|b| b.is_ascii_alphanumeric()) {
                    spans.push(Span {
                        start: i,
                        end: i + len,
                        kind: Secret::Guid,
                    });
                    i += len;
                    continue;
                }
            }
        }
        i += 1;
    }
    spans
}

/// The length of the GUID starting `bytes`, dashed (36) or undashed (32).
fn guid_at(bytes: &[u8]) -> Option<usize> {
    let hex = |range: std::ops::Range<usize>| {
        bytes
            .get(range)
            .is_some_and(|s| s.iter().all(u8::is_ascii_hexdigit))
    };
    let dashed = [8, 13, 18, 23].iter().all(|&k| bytes.get(k) == Some(&b'-'))
        && hex(0..8)
        && hex(9..13)
        && hex(14..18)
        && hex(19..23)
        && hex(24..36);
    if dashed {
        Some(36)
    } else if hex(0..32) {
        Some(32)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str =
        include_str!("../../tests/fixtures/vectors/v1.0_call-record_notification-completed.json");

    fn placeholders(redacted: &Redacted, kind: Secret) -> Vec<&str> {
        redacted
            .replacements
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.placeholder.as_str())
            .collect()
    }

    #[test]
    fn one_id_in_every_form_becomes_one_placeholder_in_that_form() {
        let text = "/calls/57DAB8B1894C409AB240BD8BEAE78896/x\n\"57dab8b1-894c-409a-b240-bd8beae78896\" {57DAB8B1-894C-409A-B240-BD8BEAE78896}";
        let redacted = redact(text);
        assert_eq!(
            redacted.text,
            "/calls/00000000000000000000000000000001/x\n\"00000000-0000-0000-0000-000000000001\" {00000000-0000-0000-0000-000000000001}"
        );
        assert_eq!(
            redacted.replacements,
            vec![Replacement {
                kind: Secret::Guid,
                placeholder: "00000000-0000-0000-0000-000000000001".into(),
                occurrences: 3
            }]
        );
        assert_eq!(redacted.summary, "Replaced 1 GUID (3 times).");
    }

    #[test]
    fn a_docs_notification_keeps_its_formatting_and_loses_its_secrets() {
        let redacted = redact(RECORD);
        let text = &redacted.text;
        for secret in [
            "57DAB8B1894C409AB240BD8BEAE78896",
            "0FE0623FD62842EDB4BD8AC290072CC5",
            "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
            "d45324c1-fcb5-430a-902c-f20af696537c",
            "https://file.location/",
            "<access-token>",
        ] {
            assert!(!text.contains(secret), "{secret} is still in {text}");
        }
        // The call id and the operation id (undashed in URLs, dashed in `id`) keep one number each.
        assert!(text.contains("\"resourceUrl\": \"/communications/calls/00000000000000000000000000000001/operations/00000000000000000000000000000002\""), "{text}");
        assert!(
            text.contains("\"id\": \"00000000-0000-0000-0000-000000000002\","),
            "{text}"
        );
        assert!(text.contains(
            "\"recordingLocation\": \"https://redacted.invalid/recording-1\",\n        \"recordingAccessToken\": \"redacted-token-1\"\n"
        ), "{text}");
        // Only the secrets changed: same lines, same indentation, everything else byte for byte.
        assert_eq!(text.lines().count(), RECORD.lines().count());
        for (before, after) in RECORD.lines().zip(text.lines()) {
            let indent = |l: &str| l.len() - l.trim_start().len();
            assert_eq!(indent(before), indent(after));
            if !before.contains("calls")
                && !before.contains("\"id\"")
                && !before.contains("clientContext")
                && !before.contains("recording")
            {
                assert_eq!(before, after);
            }
        }
        assert_eq!(
            redacted.summary,
            "Replaced 1 token, 1 recording URL, 3 GUIDs (6 times)."
        );
        // It still decodes to the same resources.
        let options = crate::decode::DecodeOptions::default();
        let (a, b) = (
            crate::decode::decode_text(RECORD, options),
            crate::decode::decode_text(text, options),
        );
        assert_eq!(a.resources.len(), b.resources.len());
        assert_eq!(a.diagnostics.len(), b.diagnostics.len());
    }

    #[test]
    fn tokens_are_found_wherever_they_are_and_stay_distinct() {
        let jwt = "eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ4In0.c2ln";
        let other = "eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.";
        let text = format!(
            "POST /x HTTP/1.1\r\nAuthorization: Bearer mock-token\r\nX: {jwt}\r\n\r\n{{\"a\":\"{jwt}\",\"b\":\"{other}\",\"recordingAccessToken\" : \"{jwt}\"}}"
        );
        let redacted = redact(&text);
        assert_eq!(
            redacted.text,
            "POST /x HTTP/1.1\r\nAuthorization: Bearer redacted-token-1\r\nX: redacted-token-2\r\n\r\n{\"a\":\"redacted-token-2\",\"b\":\"redacted-token-3\",\"recordingAccessToken\" : \"redacted-token-2\"}"
        );
        assert_eq!(
            placeholders(&redacted, Secret::Token),
            ["redacted-token-1", "redacted-token-2", "redacted-token-3"]
        );
        assert_eq!(redacted.summary, "Replaced 3 tokens (5 times).");
    }

    #[test]
    fn tenant_ids_that_are_guids_match_their_other_occurrences() {
        let text = r#"{"tenantId":"72F988BF-86F1-41AF-91AB-2D7CD011DB47","tid":"contoso","x":"72f988bf86f141af91ab2d7cd011db47","tenantId":"contoso"}"#;
        let redacted = redact(text);
        assert_eq!(
            redacted.text,
            r#"{"tenantId":"00000000-0000-0000-0000-000000000001","tid":"redacted-tenant-1","x":"00000000000000000000000000000001","tenantId":"redacted-tenant-1"}"#
        );
    }

    #[test]
    fn redacting_twice_changes_nothing_and_existing_placeholders_keep_their_number() {
        let first = redact(RECORD);
        let second = redact(&first.text);
        assert_eq!(second.text, first.text);
        assert!(second.replacements.is_empty(), "{:?}", second.replacements);
        assert_eq!(
            second.summary,
            "Nothing to redact: no token, recording URL, tenant id or GUID found."
        );
        let mixed =
            redact("00000000-0000-0000-0000-000000000001 d45324c1-fcb5-430a-902c-f20af696537c");
        assert_eq!(
            mixed.text,
            "00000000-0000-0000-0000-000000000001 00000000-0000-0000-0000-000000000002"
        );
    }

    #[test]
    fn near_misses_are_left_alone() {
        for text in [
            "x57dab8b1-894c-409a-b240-bd8beae78896",
            "57dab8b1-894c-409a-b240-bd8beae78896a",
            "57dab8b1894c409ab240bd8beae7889",
            "eyJhbGciOiJ9",
            "eyJhbGciOiJ9.",
            "xeyJa.eyJb.c",
            "\"recordingAccessToken\": 12",
            "\"recordingAccessToken\": \"unterminated",
            "Authorization:",
            "",
        ] {
            let redacted = redact(text);
            assert_eq!(redacted.text, text);
            assert!(redacted.replacements.is_empty(), "{text}");
        }
    }

    #[test]
    fn any_text_redacts_without_panicking() {
        let long = "a".repeat(100_000);
        for text in [
            "\"tid\":\"\\",
            "\"tid\":\"é\\\"",
            "Authorization: Bearer é\u{202e}",
            "é57dab8b1-894c-409a-b240-bd8beae78896é",
            "eyJé.eyJ.",
            "\u{0}\"recordingLocation\"\u{0}:\"x\"",
            long.as_str(),
        ] {
            let _ = redact(text);
        }
        assert_eq!(
            redact("é57dab8b1-894c-409a-b240-bd8beae78896é").text,
            "é00000000-0000-0000-0000-000000000001é"
        );
    }
}
