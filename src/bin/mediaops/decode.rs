//! `mediaops decode [FILE|-] [--strict] [--json] [--max-bytes N]`: what a pasted payload says, from a
//! terminal.

use crate::{parse_options, CliError, Options};
use mediaops::decode::{decode_text, text_from_bytes, DecodeOptions, Decoded, Resource};
use mediaops::diagnostic::{visible_controls, visible_lines, Severity};
use std::io::Read;

/// The most `mediaops decode` reads unless `--max-bytes` says otherwise: 256 MiB, far above
/// any log a person pastes, far below what exhausts a laptop.
pub const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Runs the subcommand; `Ok(true)` when the input decoded without errors.
pub fn run(args: &[String]) -> Result<bool, CliError> {
    let options = parse_options(args, &["max-bytes"], &["strict", "json"])?;
    let strict = options.named.iter().any(|(n, _)| n == "strict");
    let json = options.named.iter().any(|(n, _)| n == "json");
    let (text, encoding_error) = read_input(&options, "decode")?;
    // No `pretty`: that re-indented body is for the page's view; the terminal has the input.
    let mut decoded = decode_text(
        &text,
        DecodeOptions {
            strict,
            pretty: false,
        },
    );
    if let Some(error) = encoding_error {
        decoded.diagnostics.insert(0, error);
    }
    if json {
        write_json(&decoded)?;
    } else {
        print!("{}", summary(&decoded));
    }
    Ok(!decoded.has_errors())
}

/// The one input of `decode` and `simulate`: a file, or standard input for none or `-`, at most
/// `--max-bytes` of it, as text (with the diagnostic for invalid UTF-8, if any).
pub fn read_input(
    options: &Options,
    command: &str,
) -> Result<(String, Option<mediaops::diagnostic::Diagnostic>), CliError> {
    let mut limit = DEFAULT_MAX_BYTES;
    for (name, value) in &options.named {
        if name == "max-bytes" {
            limit = value.trim().parse().map_err(|_| {
                CliError::Usage(format!(
                    "--max-bytes takes a number of bytes, not '{}'",
                    visible_controls(value)
                ))
            })?;
        }
    }
    let bytes = match options.positionals.as_slice() {
        [] => read_limited(std::io::stdin().lock(), limit, "standard input")?,
        [path] if path == "-" => read_limited(std::io::stdin().lock(), limit, "standard input")?,
        [path] => {
            let cannot = |e: std::io::Error| {
                CliError::Failed(format!("cannot read {}: {e}", visible_controls(path)))
            };
            let file = std::fs::File::open(path).map_err(cannot)?;
            read_limited(file, limit, path)?
        }
        [_, extra, ..] => {
            return Err(CliError::Usage(format!(
                "{command} takes one input, not also '{}'",
                visible_controls(extra)
            )))
        }
    };
    Ok(text_from_bytes(&bytes))
}

/// Streams the decoded document to stdout through one buffer, so no copy of the whole document
/// is held in memory and the terminal or pipe sees a few large writes.
fn write_json(decoded: &Decoded) -> Result<(), CliError> {
    use std::io::Write;
    let failed = |e: &dyn std::fmt::Display| CliError::Failed(format!("cannot write JSON: {e}"));
    let stdout = std::io::stdout();
    let visible = VisibleLines {
        out: stdout.lock(),
        pending: Vec::new(),
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, visible);
    serde_json::to_writer_pretty(&mut out, decoded).map_err(|e| failed(&e))?;
    out.write_all(b"\n").map_err(|e| failed(&e))?;
    out.flush().map_err(|e| failed(&e))
}

/// [`visible_lines`] as a writer. serde_json escapes C0 controls but writes DEL, C1 controls and
/// bidi overrides raw; raw line breaks are structure (never inside a string), so escaping what
/// passes through keeps the document valid and its values unchanged. A character cut between
/// two writes waits in `pending` for its other bytes.
struct VisibleLines<W: std::io::Write> {
    out: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> std::io::Write for VisibleLines<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.pending.extend_from_slice(bytes);
        let whole = match std::str::from_utf8(&self.pending) {
            Ok(text) => text.len(),
            Err(error) => error.valid_up_to(),
        };
        let text = std::str::from_utf8(&self.pending[..whole]).unwrap_or_default();
        self.out.write_all(visible_lines(text).as_bytes())?;
        self.pending.drain(..whole);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        // serde_json writes whole characters, so nothing is left unless it was never text.
        let rest = String::from_utf8_lossy(&self.pending).into_owned();
        self.pending.clear();
        self.out.write_all(visible_lines(&rest).as_bytes())?;
        self.out.flush()
    }
}

/// Reads at most `limit` bytes, and one more to tell a larger input, which is refused: an
/// endless pipe (`/dev/zero`) costs `limit` bytes of memory, not all of it.
fn read_limited(reader: impl Read, limit: u64, what: &str) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Failed(format!("cannot read {}: {e}", visible_controls(what))))?;
    if bytes.len() as u64 > limit {
        return Err(CliError::Failed(format!(
            "the input is larger than {limit} bytes, the limit of --max-bytes (default {DEFAULT_MAX_BYTES}, 256 MiB): pass --max-bytes N to read more"
        )));
    }
    Ok(bytes)
}

/// The readable report: what the input is, one block per resource, then the diagnostics.
/// Every value from the payload goes through `visible_controls`; diagnostics escape their own.
pub fn summary(decoded: &Decoded) -> String {
    let mut out = String::new();
    let count = |severity| {
        decoded
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let kind = serde_json::to_value(decoded.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    out.push_str(&format!(
        "{kind}: {} resource(s), {} error(s), {} warning(s)\n",
        decoded.resources.len(),
        count(Severity::Error),
        count(Severity::Warning)
    ));
    if let Some(http) = &decoded.http {
        if let Some(status) = http.status {
            out.push_str(&format!("HTTP {status}\n"));
        }
        if let (Some(method), Some(url)) = (&http.method, &http.url) {
            out.push_str(&format!(
                "{} {}\n",
                visible_controls(method),
                visible_controls(url)
            ));
        }
        if let Some(location) = &http.location {
            out.push_str(&format!(
                "Location: call {} operation {}\n",
                visible_controls(location.call_id.as_deref().unwrap_or("?")),
                visible_controls(location.operation_id.as_deref().unwrap_or("?"))
            ));
        }
    }
    if let Some(error) = &decoded.error {
        out.push_str(&format!(
            "\nGraph error {}: {}\n",
            visible_controls(&error.code),
            visible_controls(&error.message)
        ));
        if let Some(id) = &error.request_id {
            out.push_str(&format!("  request-id: {}\n", visible_controls(id)));
        }
        if let Some(date) = &error.date {
            out.push_str(&format!("  date: {}\n", visible_controls(date)));
        }
    }
    for resource in &decoded.resources {
        out.push('\n');
        out.push_str(&resource_block(resource));
    }
    for timeline in &decoded.timelines {
        let steps: Vec<String> = timeline
            .entries
            .iter()
            .map(|e| {
                format!(
                    "{}{}",
                    e.change_type
                        .as_deref()
                        .map(|c| format!("{}:", visible_controls(c)))
                        .unwrap_or_default(),
                    visible_controls(e.status.as_deref().unwrap_or("?"))
                )
            })
            .collect();
        out.push_str(&format!(
            "\ntimeline of operation {}: {}\n",
            visible_controls(&timeline.operation_id),
            steps.join(" → ")
        ));
    }
    if !decoded.diagnostics.is_empty() {
        out.push('\n');
        for diagnostic in &decoded.diagnostics {
            out.push_str(&format!("{diagnostic}\n"));
        }
    }
    out
}

fn resource_block(resource: &Resource) -> String {
    let mut out = visible_controls(&resource.type_name).into_owned();
    if let Some(id) = &resource.id {
        out.push_str(&format!(" {}", visible_controls(id)));
    }
    if let Some(call) = &resource.call_id {
        out.push_str(&format!(" (call {})", visible_controls(call)));
    }
    if let Some(change) = &resource.change_type {
        out.push_str(&format!(" [{}]", visible_controls(change)));
    }
    out.push('\n');
    let mut line = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push_str(&format!("  {name}: {}\n", visible_controls(&value)));
        }
    };
    line("status", resource.status.clone());
    line("state", resource.state.clone());
    line("clientContext", resource.client_context.clone());
    line("completionReason", resource.completion_reason.clone());
    line(
        "resultInfo",
        resource.result_info.as_ref().map(|r| {
            let number = |n: Option<i64>| n.map_or("?".to_string(), |n| n.to_string());
            let message = r
                .message
                .as_deref()
                .map(|m| format!(" {m}"))
                .unwrap_or_default();
            format!("{}/{}{message}", number(r.code), number(r.subcode))
        }),
    );
    line("tone", resource.tone.clone());
    if let Some(explanation) = &resource.explanation {
        out.push_str(&format!("  → {}\n", visible_controls(explanation)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::VisibleLines;
    use mediaops::diagnostic::visible_lines;
    use std::io::Write;

    #[test]
    fn visible_lines_as_a_writer_matches_it_however_the_bytes_are_cut() {
        let text = "{\n  \"a\": \"x\u{202e}é😀\u{7f}\u{9b}\",\n  \"b\": \"\u{2028}\"\n}\n";
        let expected = visible_lines(text).into_owned();
        for chunk in [1, 2, 3, 5, 64] {
            let mut writer = VisibleLines {
                out: Vec::new(),
                pending: Vec::new(),
            };
            for piece in text.as_bytes().chunks(chunk) {
                writer.write_all(piece).unwrap();
            }
            writer.flush().unwrap();
            assert_eq!(String::from_utf8(writer.out).unwrap(), expected, "{chunk}");
        }
        assert_ne!(expected, text, "the sample holds characters to escape");
    }
}
