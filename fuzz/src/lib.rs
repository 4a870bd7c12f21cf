//! The invariants the fuzz targets check besides "no panic", written once for every target.
//! A broken invariant panics with what broke, which libFuzzer reports as a crash.

use mediaops::decode::json::{Node, NodeRef, Pos, Tape, Value};
use mediaops::decode::Decoded;
use mediaops::diagnostic::Diagnostic;
use mediaops::graph::http::Header;

pub mod targets;

/// The text as the decoders count positions in it: a leading BOM is not counted.
pub fn counted(source: &str) -> &str {
    source.strip_prefix('\u{feff}').unwrap_or(source)
}

/// Every located diagnostic points into `source`: its line exists (only LF ends a line), its
/// column is at most one past that line's last character, its pointer is RFC 6901 shaped, and
/// its excerpt is one source line with a caret line under it.
pub fn check_diagnostics(source: &str, diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        check_line_column(source, diagnostic.line, diagnostic.column, &diagnostic);
        if let Some(pointer) = &diagnostic.pointer {
            assert!(
                pointer.is_empty() || pointer.starts_with('/'),
                "pointer {pointer:?} is not RFC 6901: {diagnostic:?}"
            );
        }
        if let Some(excerpt) = &diagnostic.excerpt {
            let (_, caret) = excerpt
                .split_once('\n')
                .unwrap_or_else(|| panic!("excerpt without a caret line: {diagnostic:?}"));
            assert!(
                caret.ends_with('^') && caret[..caret.len() - 1].bytes().all(|b| b == b' '),
                "excerpt's second line is not a caret line: {diagnostic:?}"
            );
        }
        assert!(
            !diagnostic.message.trim().is_empty(),
            "empty message: {diagnostic:?}"
        );
    }
}

/// A 1-based line (only LF ends a line) that exists in `source` and a column at most one past
/// that line's last character; `what` names the owner in the panic message.
pub fn check_line_column(
    source: &str,
    line: Option<u32>,
    column: Option<u32>,
    what: &dyn std::fmt::Debug,
) {
    let lines: Vec<&str> = counted(source).split('\n').collect();
    if let Some(line) = line {
        assert!(
            line >= 1 && line as usize <= lines.len(),
            "line {line} outside the input's {} lines: {what:?}",
            lines.len()
        );
        if let Some(column) = column {
            let width = lines[line as usize - 1].chars().count();
            assert!(
                column >= 1 && column as usize <= width + 1,
                "column {column} outside line {line} of {width} characters: {what:?}"
            );
        }
    }
    assert!(
        column.is_none() || line.is_some(),
        "a column without a line: {what:?}"
    );
}

/// What must hold for anything `decode_text` or `decode_http_response` returns: diagnostics point
/// into the input, errors come first, and the result crosses to JavaScript (serializes to JSON).
pub fn check_decoded(source: &str, decoded: &Decoded) {
    check_diagnostics(source, &decoded.diagnostics);
    for resource in &decoded.resources {
        check_line_column(source, resource.line, resource.column, &resource.pointer);
    }
    for timeline in &decoded.timelines {
        for entry in &timeline.entries {
            assert!(
                entry.resource < decoded.resources.len(),
                "timeline entry names resource {} of {}",
                entry.resource,
                decoded.resources.len()
            );
        }
    }
    if let Some(pretty) = &decoded.pretty {
        serde_json::from_str::<serde_json::Value>(pretty)
            .unwrap_or_else(|e| panic!("pretty body is not JSON ({e}): {pretty}"));
    }
    serde_json::to_string(decoded).expect("a Decoded serializes to JSON");
}

/// A position lies in `source`: on a character boundary, and its line and column agree with its
/// byte offset (a leading BOM counts in the offset, not in the column).
pub fn check_pos(source: &str, pos: Pos) {
    assert!(
        pos.offset <= source.len() && source.is_char_boundary(pos.offset),
        "offset {} is not a character boundary of a {}-byte input",
        pos.offset,
        source.len()
    );
    let bom = source.len() - counted(source).len();
    let before = &source[bom.min(pos.offset)..pos.offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    assert_eq!(
        (pos.line as usize, pos.column as usize),
        (line, column),
        "line and column disagree with offset {}",
        pos.offset
    );
}

/// Every node of a parsed tree: its span lies in `source` in order, and its pointer leads back
/// to a node with the same pointer (the last duplicate key wins, so not always the same node).
/// `prefix` is the pointer the root carries (`/N` for the Nth document of a sequence).
pub fn check_tree(source: &str, root: &Node, prefix: &str) {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        check_pos(source, node.start);
        check_pos(source, node.end);
        assert!(
            node.start.offset < node.end.offset,
            "empty or reversed span at {}",
            node.pointer
        );
        let relative = node
            .pointer
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("pointer {:?} lacks prefix {prefix:?}", node.pointer));
        let found = root
            .find(relative)
            .unwrap_or_else(|| panic!("pointer {:?} leads nowhere", node.pointer));
        assert_eq!(found.pointer, node.pointer, "pointer leads elsewhere");
        match &node.value {
            Value::Array(items) => stack.extend(items),
            Value::Object(members) => {
                for member in members {
                    check_pos(source, member.key_pos);
                    assert!(member.key_pos.offset < member.value.start.offset);
                    stack.push(&member.value);
                }
            }
            _ => {}
        }
    }
}

/// A tape agrees with the tree built from it and with the source, whatever order positions are
/// asked in (the decoder asks when a diagnostic needs one; the locator keeps checkpoints).
pub fn check_tape(source: &str, tape: &Tape<'_>, trees: &[&Node]) {
    let roots: Vec<NodeRef<'_>> = tape.roots().collect();
    assert_eq!(
        roots.len(),
        trees.len(),
        "tape and tree count roots differently"
    );
    assert_eq!(tape.root_count(), roots.len());
    let mut all = Vec::new();
    for (root, tree) in roots.iter().zip(trees) {
        assert_eq!(root.to_node(), **tree, "the tape's tree is not parse's");
        assert_eq!(root.to_serde(), tree.to_serde());
        let mut stack = vec![*root];
        while let Some(node) = stack.pop() {
            all.push(node);
            if let Some(items) = node.as_array().or_else(|| node.as_object()) {
                stack.extend(items);
            }
        }
    }
    // Last first, then a stride through the rest: out of source order.
    for node in all.iter().rev().chain(all.iter().step_by(7)) {
        check_pos(source, node.start());
        check_pos(source, node.end());
        assert!(node.start().offset < node.end().offset);
    }
}

/// Two JSON values are the same, numbers compared as the nearest `f64` to within a rounding
/// step (serde_json's default float parser may differ from Rust's in the last bit).
pub fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => {
            if x == y {
                return true;
            }
            match (x.as_f64(), y.as_f64()) {
                (Some(x), Some(y)) => (x - y).abs() <= f64::EPSILON * 4.0 * x.abs().max(y.abs()),
                _ => false,
            }
        }
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((kx, vx), (ky, vy))| kx == ky && same_json(vx, vy))
        }
        _ => a == b,
    }
}

/// Fuzz bytes as text, invalid UTF-8 replaced (the CLI reads files lossily; the page only ever
/// has strings).
pub fn text_of(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A number taken from the input's bytes, to pick among fixed choices without spending bytes
/// that the seed files need for their text.
pub fn pick(data: &[u8], choices: usize) -> usize {
    let sum = data.iter().fold(0usize, |sum, byte| {
        sum.wrapping_mul(31).wrapping_add(usize::from(*byte))
    });
    sum % choices.max(1)
}

/// The fuzz input as an HTTP message laid out by the harness, not by the product's parser
/// (which has its own target): the first line, then `Name: value` lines up to a blank line
/// (CR ignored; a line without a colon is a header with an empty value), then the body.
pub fn message_parts(text: &str) -> (&str, Vec<Header>, &str) {
    let (first, mut rest) = text.split_once('\n').unwrap_or((text, ""));
    let mut headers = Vec::new();
    loop {
        let (line, after) = rest.split_once('\n').unwrap_or((rest, ""));
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            rest = after;
            break;
        }
        let (name, value) = line.split_once(':').unwrap_or((line, ""));
        headers.push(Header::new(name.trim(), value.trim()));
        rest = after;
        if rest.is_empty() {
            break;
        }
    }
    (first.trim_end_matches('\r'), headers, rest)
}
