//! Diagnostics: what is wrong (or worth knowing) about an input, and exactly where.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Decoded, but the input is not what the service sends (or breaks a documented rule).
    Warning,
    /// The input could not be decoded (or the request cannot be built).
    Error,
}

/// One finding about an input, located by line, column and JSON pointer where those are known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// One sentence that says what is wrong and, where it helps, what to do.
    pub message: String,
    /// 1-based line in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column (in characters) in the input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// RFC 6901 JSON pointer to the nearest value, e.g. `/value/0/resourceData`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
    /// The offending input line followed by a caret line under the column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no location yet.
    pub fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            line: None,
            column: None,
            pointer: None,
            excerpt: None,
        }
    }

    /// An error with no location yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A warning with no location yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// An informational note with no location yet.
    pub fn info(message: impl Into<String>) -> Self {
        Self::new(Severity::Info, message)
    }

    /// Sets the JSON pointer.
    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Sets line and column, and the excerpt with a caret taken from `source`.
    pub fn at_position(mut self, source: &str, line: u32, column: u32) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self.excerpt = excerpt(source, line, column);
        self
    }

    /// Sets line and column when known, without an excerpt (for callers without the source).
    pub fn at_line(mut self, line: Option<u32>, column: Option<u32>) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text a terminal shows: every payload part through [`visible_controls`], and the caret of
/// the excerpt moved under the same character once escapes have widened its line.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{severity}")?;
        if let (Some(line), Some(column)) = (self.line, self.column) {
            write!(f, " at line {line}, column {column}")?;
        }
        if let Some(pointer) = &self.pointer {
            let pointer = if pointer.is_empty() { "/" } else { pointer };
            write!(f, " ({})", visible_controls(pointer))?;
        }
        write!(f, ": {}", visible_controls(&self.message))?;
        if let Some(excerpt) = &self.excerpt {
            let (shown, caret) = excerpt.split_once('\n').unwrap_or((excerpt, ""));
            write!(f, "\n    {}", visible_controls(shown))?;
            if let Some(caret_at) = caret.strip_suffix('^').map(str::len) {
                let before: String = shown.chars().take(caret_at).collect();
                let width = visible_controls(&before).chars().count();
                write!(f, "\n    {}^", " ".repeat(width))?;
            }
        }
        Ok(())
    }
}

/// True for the characters a terminal obeys or a reader cannot see: C0 controls (line breaks
/// included), DEL, C1 controls, the line and paragraph separators, the bidi embeddings,
/// overrides, isolates and marks, zero-width spaces and joiners that hide text, the word joiner
/// and invisible operators, the byte order mark and the interlinear annotation characters.
/// ZWJ and ZWNJ are left out: emoji sequences and Persian text need them.
pub fn is_hidden_or_control(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{61c}'
            | '\u{200b}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
    )
}

/// True for a byte [`visible_lines`] passes through as it is without looking further: printable
/// ASCII and the line break (the fast path for the ASCII that almost every payload is).
pub fn is_plain_line_byte(byte: u8) -> bool {
    (b' '..=b'~').contains(&byte) || byte == b'\n'
}

/// `text` safe for a terminal: each [`is_hidden_or_control`] character (`\n` too, so a value
/// cannot forge a line) written as a `\u001b`-style escape; borrowed when there is none. Apply
/// it to values, not to whole reports, so the report's own line breaks stay.
pub fn visible_controls(text: &str) -> Cow<'_, str> {
    if text.bytes().all(|b| b != b'\n' && is_plain_line_byte(b))
        || !text.chars().any(is_hidden_or_control)
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_hidden_or_control(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible_controls`] line by line: `\n` stays a line break, everything else is escaped. For
/// text whose line breaks are its own structure (a JSON document, a multi-line message).
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    if text.bytes().all(is_plain_line_byte)
        || !text.chars().any(|c| c != '\n' && is_hidden_or_control(c))
    {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<'_, str>> = text.split('\n').map(visible_controls).collect();
    Cow::Owned(lines.join("\n"))
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 says.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}

/// The source line `line` (1-based) and a caret under `column` (1-based, in characters).
/// Long lines are cut to a window around the column so the caret stays readable.
pub fn excerpt(source: &str, line: u32, column: u32) -> Option<String> {
    const WIDTH: usize = 100;
    let text = source.lines().nth(line.checked_sub(1)? as usize)?;
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let col = (column.max(1) as usize - 1).min(chars.len());
    let start = col.saturating_sub(WIDTH / 2);
    let end = (start + WIDTH).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret_at = col - start;
    if start > 0 {
        shown.insert(0, '…');
        caret_at += 1;
    }
    if end < chars.len() {
        shown.push('…');
    }
    Some(format!("{}\n{}^", shown.trim_end(), " ".repeat(caret_at)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_puts_caret_under_column() {
        assert_eq!(excerpt("ab\n  xyz", 2, 3).unwrap(), "  xyz\n  ^");
        assert_eq!(excerpt("ab", 5, 1), None);
    }

    #[test]
    fn pointer_escapes_tokens() {
        assert_eq!(pointer_push("/a", "b/c~d"), "/a/b~1c~0d");
    }

    #[test]
    fn visible_controls_escapes_what_a_terminal_obeys_and_borrows_otherwise() {
        let cases = [
            (
                "plain → text, emoji 👨\u{200d}👩",
                "plain → text, emoji 👨\u{200d}👩",
            ),
            (
                "\u{1b}[2J\u{7}\r\n\t\u{0}",
                "\\u001b[2J\\u0007\\u000d\\u000a\\u0009\\u0000",
            ),
            (
                "\u{7f}\u{80}\u{9b}\u{9f}\u{a0}",
                "\\u007f\\u0080\\u009b\\u009f\u{a0}",
            ),
            (
                "\u{202a}\u{202e}\u{2066}\u{2069}\u{200e}\u{200f}\u{61c}",
                "\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c",
            ),
            (
                "\u{2028}\u{2029}\u{feff}\u{200b}",
                "\\u2028\\u2029\\ufeff\\u200b",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(visible_controls(input), expected, "{input:?}");
        }
        assert!(matches!(visible_controls("ok"), Cow::Borrowed("ok")));
        assert_eq!(visible_lines("a\u{1b}\n\rb\n"), "a\\u001b\n\\u000db\n");
        assert!(matches!(visible_lines("a\nb"), Cow::Borrowed("a\nb")));
    }

    #[test]
    fn display_keeps_the_caret_under_its_character_after_escapes() {
        let source = "{\"a\": \"\u{1b}\u{202e}\" x}";
        let d = Diagnostic::error("bad \u{1b}[2J")
            .at_pointer("/a\u{7}")
            .at_position(source, 1, 12);
        assert_eq!(
            d.to_string(),
            "error at line 1, column 12 (/a\\u0007): bad \\u001b[2J\n    {\"a\": \"\\u001b\\u202e\" x}\n                         ^"
        );
    }

    #[test]
    fn display_names_place() {
        let d = Diagnostic::error("bad")
            .at_pointer("/x")
            .at_position("{", 1, 1);
        assert_eq!(
            d.to_string(),
            "error at line 1, column 1 (/x): bad\n    {\n    ^"
        );
    }
}
