//! `mediaops decode [FILE|-] [--strict] [--json]`: what a pasted payload says, from a terminal.

use crate::{parse_options, CliError};
use mediaops::decode::{decode_text, DecodeOptions, Decoded, Resource};
use mediaops::diagnostic::{visible_controls, visible_lines, Severity};
use std::io::Read;

/// Runs the subcommand; `Ok(true)` when the input decoded without errors.
pub fn run(args: &[String]) -> Result<bool, CliError> {
    let options = parse_options(args, &[], &["strict", "json"])?;
    let strict = options.named.iter().any(|(n, _)| n == "strict");
    let json = options.named.iter().any(|(n, _)| n == "json");
    let text = match options.positionals.as_slice() {
        [] => read_stdin()?,
        [path] if path == "-" => read_stdin()?,
        [path] => std::fs::read(path)
            .map_err(|e| CliError::Failed(format!("cannot read {}: {e}", visible_controls(path))))
            .map(|bytes| text_of(&bytes))?,
        [_, extra, ..] => {
            return Err(CliError::Usage(format!(
                "decode takes one input, not also '{}'",
                visible_controls(extra)
            )))
        }
    };
    // No `pretty`: that re-indented body is for the page's view; the terminal has the input.
    let decoded = decode_text(
        &text,
        DecodeOptions {
            strict,
            pretty: false,
        },
    );
    if json {
        let document = serde_json::to_string_pretty(&decoded)
            .map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))?;
        // serde_json escapes C0 controls but writes DEL, C1 controls and bidi overrides raw;
        // raw line breaks are structure (never inside a string), so escaping line by line keeps
        // the document valid and its values unchanged.
        println!("{}", visible_lines(&document));
    } else {
        print!("{}", summary(&decoded));
    }
    Ok(!decoded.has_errors())
}

fn read_stdin() -> Result<String, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| CliError::Failed(format!("cannot read standard input: {e}")))?;
    Ok(text_of(&bytes))
}

/// The input as text: UTF-8, or UTF-16 when it starts with a UTF-16 byte order mark (what
/// Windows PowerShell's `>` writes). Invalid sequences become U+FFFD, which the decoder reports.
fn text_of(bytes: &[u8]) -> String {
    let utf16 = |bytes: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes
            .chunks_exact(2)
            .map(|pair| from([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => String::from_utf8_lossy(bytes).into_owned(),
    }
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
