//! Diagnostics: what is wrong (or worth knowing) about an input, and exactly where.

use serde::Serialize;
use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
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
            write!(f, " ({})", if pointer.is_empty() { "/" } else { pointer })?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(excerpt) = &self.excerpt {
            for line in excerpt.lines() {
                write!(f, "\n    {line}")?;
            }
        }
        Ok(())
    }
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
