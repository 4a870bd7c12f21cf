//! `mediaops decode [FILE|-] [--strict] [--json] [--max-bytes N]`: what a pasted payload says, from a
//! terminal.

use crate::{parse_options, CliError, Options};
use mediaops::decode::json::{decimal, has_string_stop_or_non_ascii, string_stop};
use mediaops::decode::stream::{decode_text_streaming, ResourceSink};
use mediaops::decode::{
    decode_text, text_from_vec, DecodeOptions, Decoded, Resource, ResultInfo, Word,
};
use mediaops::diagnostic::{is_plain_line_byte, visible_controls, visible_lines, Severity};
use std::borrow::Cow;
use std::io::{Read, Write};

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
    let decode_options = DecodeOptions {
        strict,
        pretty: false,
    };
    if json {
        return write_json(&text, decode_options, encoding_error);
    }
    let mut decoded = decode_text(&text, decode_options);
    if let Some(error) = encoding_error {
        decoded.diagnostics.insert(0, error);
    }
    print!("{}", summary(&decoded));
    Ok(!decoded.has_errors())
}

/// The one input of `decode` and `simulate`: a file, or standard input for none or `-`, at most
/// `--max-bytes` of it, as text (with the diagnostic for invalid UTF-8, if any).
pub fn read_input(
    options: &Options,
    command: &str,
) -> Result<(Input, Option<mediaops::diagnostic::Diagnostic>), CliError> {
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
        [] => read_limited(std::io::stdin().lock(), 0, limit, "standard input")?,
        [path] if path == "-" => read_limited(std::io::stdin().lock(), 0, limit, "standard input")?,
        [path] => {
            let cannot = |e: std::io::Error| {
                CliError::Failed(format!("cannot read {}: {e}", visible_controls(path)))
            };
            let file = std::fs::File::open(path).map_err(cannot)?;
            let metadata = file.metadata().ok();
            let size = metadata.as_ref().map_or(0, std::fs::Metadata::len);
            if metadata.is_some_and(|m| m.is_file()) && size <= limit {
                if let Some(mapped) = Mapped::of(&file, size) {
                    return match MappedText::of(mapped) {
                        Ok(text) => Ok((Input::Mapped(text), None)),
                        // Not UTF-8 (UTF-16, invalid bytes): decoded as a read file is.
                        Err(mapped) => {
                            let (text, error) = text_from_vec(mapped.bytes().to_vec());
                            Ok((Input::Read(text), error))
                        }
                    };
                }
            }
            // Sized from the file, the buffer is allocated once and never copied as it grows.
            read_limited(file, size, limit, path)?
        }
        [_, extra, ..] => {
            return Err(CliError::Usage(format!(
                "{command} takes one input, not also '{}'",
                visible_controls(extra)
            )))
        }
    };
    let (text, error) = text_from_vec(bytes);
    Ok((Input::Read(text), error))
}

/// The input's text: read into memory, or a regular file mapped where it lies in the page cache
/// (for a 100 MB batch that saves a tenth of `decode --json`'s CPU time: no copy, no 25,000
/// page faults on a fresh buffer).
pub enum Input {
    /// Read (standard input, or a file that could not be mapped or is not UTF-8).
    Read(String),
    /// A file mapped, known to be UTF-8.
    Mapped(MappedText),
}

impl Input {
    /// The text as an owned `String` (copied when mapped).
    pub fn into_string(self) -> String {
        match self {
            Input::Read(text) => text,
            mapped => (*mapped).to_owned(),
        }
    }
}

impl std::ops::Deref for Input {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Input::Read(text) => text,
            Input::Mapped(mapped) => mapped.text(),
        }
    }
}

/// A mapped file whose bytes are UTF-8: the only way to make one checks them, once (checking
/// again on every look was 1% of `decode --json`'s instructions, for 100 MB read once more).
pub struct MappedText(Mapped);

impl MappedText {
    /// `mapped` as text when it is UTF-8, else the mapping back.
    fn of(mapped: Mapped) -> Result<MappedText, Mapped> {
        match std::str::from_utf8(mapped.bytes()) {
            Ok(_) => Ok(MappedText(mapped)),
            Err(_) => Err(mapped),
        }
    }

    fn text(&self) -> &str {
        // SAFETY: `of` checked that these bytes are UTF-8, and the mapping is read-only. A file
        // rewritten while it is mapped is the risk `Mapped::of` names, the same whether or not
        // the bytes are checked again here.
        unsafe { std::str::from_utf8_unchecked(self.0.bytes()) }
    }
}

/// A file mapped read-only into memory, unmapped when dropped.
pub struct Mapped {
    at: std::ptr::NonNull<u8>,
    len: usize,
}

impl Mapped {
    /// `file` (`len` bytes, not empty) mapped, or None where mapping is not available.
    #[cfg(unix)]
    fn of(file: &std::fs::File, len: u64) -> Option<Mapped> {
        use std::os::fd::AsRawFd;
        let len = usize::try_from(len).ok().filter(|&len| len > 0)?;
        // SAFETY: a fresh private, read-only mapping of an open file; the pointer is checked
        // before use and unmapped once, in `drop`. What no mapping can rule out is another
        // process truncating or rewriting the file while it is decoded (a SIGBUS, or text
        // that changed after the UTF-8 check), as with every tool that maps its input
        // (ripgrep does): `decode` reads a file the user names, not one that is being written.
        let at = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
                file.as_raw_fd(),
                0,
            )
        };
        if at == libc::MAP_FAILED {
            return None;
        }
        Some(Mapped {
            at: std::ptr::NonNull::new(at.cast())?,
            len,
        })
    }

    #[cfg(not(unix))]
    fn of(_file: &std::fs::File, _len: u64) -> Option<Mapped> {
        None
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `len` readable bytes are mapped at `at` until `drop`.
        unsafe { std::slice::from_raw_parts(self.at.as_ptr(), self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        #[cfg(unix)]
        // SAFETY: the mapping made in `of`, unmapped once.
        unsafe {
            libc::munmap(self.at.as_ptr().cast(), self.len);
        }
    }
}

/// Decodes `text` and streams the `--json` document to stdout as it is decoded: the head, each
/// resource as soon as it is made, then timelines and diagnostics. The text is exactly what
/// `serde_json::to_writer_pretty` writes for the whole [`Decoded`], passed through
/// [`visible_lines`]; memory stays at the input plus one notification.
fn write_json(
    text: &str,
    options: DecodeOptions,
    encoding_error: Option<mediaops::diagnostic::Diagnostic>,
) -> Result<bool, CliError> {
    let failed = |e: &dyn std::fmt::Display| CliError::Failed(format!("cannot write JSON: {e}"));
    let stdout = std::io::stdout();
    let visible = VisibleLines {
        out: stdout.lock(),
        pending: Vec::new(),
    };
    let mut sink = JsonDocument {
        out: std::io::BufWriter::with_capacity(RESOURCES_CHUNK, visible),
        written: 0,
        buffer: Vec::with_capacity(RESOURCES_CHUNK * 2),
        failure: None,
    };
    let mut decoded = decode_text_streaming(text, options, &mut sink);
    if let Some(error) = encoding_error {
        decoded.diagnostics.insert(0, error);
    }
    sink.end(&decoded);
    if let Some(error) = sink.failure.take() {
        return Err(failed(&error));
    }
    sink.out.flush().map_err(|e| failed(&e))?;
    Ok(!decoded.has_errors())
}

/// Where the resources array opens in a pretty-printed [`Decoded`]: a key at the first level
/// (no string holds a raw line break, so this text occurs once).
const RESOURCES_KEY: &str = "\n  \"resources\": [";

/// How much resource text [`JsonDocument`] gathers before it writes: the `BufWriter`'s size.
const RESOURCES_CHUNK: usize = 1 << 16;

/// The `--json` document as a [`ResourceSink`]: what precedes `resources`, each resource at
/// its place in the array, and the rest in [`JsonDocument::end`]. The first write error is
/// kept and ends the writing.
struct JsonDocument<W: Write> {
    out: std::io::BufWriter<VisibleLines<W>>,
    /// Resources written so far.
    written: usize,
    /// The text of the resources not yet handed to `out` (at least [`RESOURCES_CHUNK`] bytes
    /// go in one write, which the `BufWriter` passes through instead of copying).
    buffer: Vec<u8>,
    failure: Option<std::io::Error>,
}

impl<W: Write> JsonDocument<W> {
    /// Runs `write` on the output unless an earlier write failed; keeps the first error.
    fn attempt(
        &mut self,
        write: impl FnOnce(&mut std::io::BufWriter<VisibleLines<W>>) -> std::io::Result<()>,
    ) {
        if self.failure.is_none() {
            if let Err(error) = write(&mut self.out) {
                self.failure = Some(error);
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        self.attempt(|out| out.write_all(bytes));
    }

    /// Text [`write_resource`] wrote, which is visible already: once the `BufWriter` holds
    /// nothing it goes straight to the terminal writer's output, past [`VisibleLines`]' look.
    fn write_visible(&mut self, bytes: &[u8]) {
        if self.out.buffer().is_empty() {
            self.attempt(|out| out.get_mut().write_visible(bytes));
        } else {
            self.write(bytes);
        }
    }

    /// `decoded` (with no resources) pretty-printed, cut where its empty resources array is:
    /// the text up to the array's `[` and the text after its `]`.
    fn halves(decoded: &Decoded) -> (String, String) {
        let whole = serde_json::to_string_pretty(decoded).unwrap_or_default();
        match whole.find(RESOURCES_KEY) {
            Some(at) => {
                let (head, rest) = whole.split_at(at + RESOURCES_KEY.len());
                // `rest` starts with the empty array's `]`.
                (
                    head.to_string(),
                    rest.get(1..).unwrap_or_default().to_string(),
                )
            }
            None => (whole, String::new()),
        }
    }

    /// The resources written into `buffer` so far, handed to `out` in one write.
    fn write_resources(&mut self) {
        let buffer = std::mem::take(&mut self.buffer);
        self.write_visible(&buffer);
        self.buffer = buffer;
        self.buffer.clear();
    }

    /// What follows the last resource: the array's end, timelines, diagnostics, a final newline.
    fn end(&mut self, decoded: &Decoded) {
        self.write_resources();
        let (_, after) = Self::halves(decoded);
        let close: &[u8] = if self.written == 0 { b"]" } else { b"\n  ]" };
        self.write(close);
        self.write(after.as_bytes());
        self.write(b"\n");
    }
}

impl<W: Write> ResourceSink for JsonDocument<W> {
    fn begin(&mut self, head: &Decoded) {
        let (before, _) = Self::halves(&head.head());
        self.write(before.as_bytes());
    }

    fn resource(&mut self, resource: &Resource) {
        let mut buffer = std::mem::take(&mut self.buffer);
        buffer.extend_from_slice(if self.written == 0 {
            b"\n    "
        } else {
            b",\n    "
        });
        if let Err(error) = write_resource(&mut buffer, resource) {
            self.failure.get_or_insert(std::io::Error::other(error));
        }
        self.buffer = buffer;
        self.written += 1;
        if self.buffer.len() >= RESOURCES_CHUNK {
            self.write_resources();
        }
    }
}

/// `resource` as an item of the document's `resources` array: exactly what serde_json's pretty
/// printer writes for it there (its derived `Serialize`, two levels deep), written field by
/// field without going through serde for the strings and numbers, which are most of it.
fn write_resource(out: &mut Vec<u8>, resource: &Resource) -> serde_json::Result<()> {
    // Every field named, so a new one cannot be forgotten here.
    let Resource {
        type_name,
        category,
        change_type,
        id,
        call_id,
        status,
        state,
        client_context,
        completion_reason,
        result_info,
        tone,
        about,
        explanation,
        resource_url,
        pointer,
        line,
        column,
        properties,
    } = resource;
    // `,`, a new line, the indent of a resource's fields and the key, as one literal (copied
    // without a call, as a few moves).
    macro_rules! key {
        ($name:literal) => {
            concat!(",\n      \"", $name, "\": ").as_bytes()
        };
    }
    out.extend_from_slice(b"{\n      \"type\": ");
    write_word(out, type_name)?;
    out.extend_from_slice(key!("category"));
    serde_json::to_writer(&mut *out, category)?;
    optional_field(out, write_word, key!("changeType"), change_type.as_ref())?;
    optional_field(out, write_str, key!("id"), id.as_deref())?;
    optional_field(out, write_str, key!("callId"), call_id.as_deref())?;
    for (key, value) in [(key!("status"), status), (key!("state"), state)] {
        optional_field(out, write_word, key, value.as_ref())?;
    }
    optional_field(
        out,
        write_str,
        key!("clientContext"),
        client_context.as_deref(),
    )?;
    optional_field(
        out,
        write_word,
        key!("completionReason"),
        completion_reason.as_ref(),
    )?;
    if let Some(result) = result_info {
        out.extend_from_slice(key!("resultInfo"));
        write_result_info(out, result)?;
    }
    for (key, value) in [
        (key!("tone"), tone),
        (key!("about"), about),
        (key!("explanation"), explanation),
    ] {
        optional_field(out, write_word, key, value.as_ref())?;
    }
    for (key, value) in [
        (key!("resourceUrl"), resource_url.as_deref()),
        (key!("pointer"), pointer.as_deref()),
    ] {
        optional_field(out, write_str, key, value)?;
    }
    for (key, value) in [(key!("line"), line), (key!("column"), column)] {
        if let Some(value) = value {
            out.extend_from_slice(key);
            write_integer(out, u64::from(*value), false);
        }
    }
    if !properties.is_empty() {
        out.extend_from_slice(key!("properties"));
        write_members(out, 3, properties.iter())?;
    }
    out.extend_from_slice(b"\n    }");
    Ok(())
}

/// `key` and then `value` by `write`, when there is a value (a resource's optional field).
fn optional_field<T: ?Sized>(
    out: &mut Vec<u8>,
    write: fn(&mut Vec<u8>, &T) -> serde_json::Result<()>,
    key: &[u8],
    value: Option<&T>,
) -> serde_json::Result<()> {
    match value {
        Some(value) => {
            out.extend_from_slice(key);
            write(out, value)
        }
        None => Ok(()),
    }
}

/// A resource's `resultInfo`, as serde_json's pretty printer writes it three levels deep.
fn write_result_info(out: &mut Vec<u8>, result: &ResultInfo) -> serde_json::Result<()> {
    // Every field named, so a new one cannot be forgotten here.
    let ResultInfo {
        code,
        subcode,
        message,
    } = result;
    out.push(b'{');
    let mut first = true;
    for (name, value) in [("code", code), ("subcode", subcode)] {
        if let Some(value) = value {
            member_key(out, 4, name, &mut first)?;
            write_integer(out, value.unsigned_abs(), *value < 0);
        }
    }
    if let Some(message) = message {
        member_key(out, 4, "message", &mut first)?;
        write_str(out, message)?;
    }
    close_container(out, 3, b'}', !first);
    Ok(())
}

/// An object's members as serde_json's pretty printer writes them, the object `level` deep.
fn write_members<'v>(
    out: &mut Vec<u8>,
    level: usize,
    members: impl Iterator<Item = (&'v String, &'v serde_json::Value)>,
) -> serde_json::Result<()> {
    out.push(b'{');
    let mut first = true;
    for (name, value) in members {
        member_key(out, level + 1, name, &mut first)?;
        write_value(out, level + 1, value)?;
    }
    close_container(out, level, b'}', !first);
    Ok(())
}

/// A kept property's value, `level` deep (serde_json's pretty text for it). Recursive, which
/// is fine: the parser never builds more than `MAX_DEPTH` levels.
fn write_value(
    out: &mut Vec<u8>,
    level: usize,
    value: &serde_json::Value,
) -> serde_json::Result<()> {
    match value {
        serde_json::Value::Null => out.extend_from_slice(b"null"),
        serde_json::Value::Bool(true) => out.extend_from_slice(b"true"),
        serde_json::Value::Bool(false) => out.extend_from_slice(b"false"),
        serde_json::Value::Number(number) => match (number.as_u64(), number.as_i64()) {
            (Some(n), _) => write_integer(out, n, false),
            (None, Some(n)) => write_integer(out, n.unsigned_abs(), n < 0),
            _ => serde_json::to_writer(&mut *out, number)?,
        },
        serde_json::Value::String(text) => write_str(out, text)?,
        serde_json::Value::Array(items) => {
            out.push(b'[');
            let mut first = true;
            for item in items {
                new_line(out, level + 1, &mut first);
                write_value(out, level + 1, item)?;
            }
            close_container(out, level, b']', !first);
        }
        serde_json::Value::Object(members) => write_members(out, level, members.iter())?,
    }
    Ok(())
}

/// Before an item `level` deep: a comma after an earlier one, a new line, the indent.
fn new_line(out: &mut Vec<u8>, level: usize, first: &mut bool) {
    if !std::mem::take(first) {
        out.push(b',');
    }
    out.push(b'\n');
    for _ in 0..level {
        out.extend_from_slice(b"  ");
    }
}

/// `"name": ` as a member `level` deep.
fn member_key(
    out: &mut Vec<u8>,
    level: usize,
    name: &str,
    first: &mut bool,
) -> serde_json::Result<()> {
    new_line(out, level, first);
    write_str(out, name)?;
    out.extend_from_slice(b": ");
    Ok(())
}

/// `]` or `}` of a container `level` deep, on its own line when something was in it.
fn close_container(out: &mut Vec<u8>, level: usize, bracket: u8, had_items: bool) {
    if had_items {
        out.push(b'\n');
        for _ in 0..level {
            out.extend_from_slice(b"  ");
        }
    }
    out.push(bracket);
}

/// An integer's digits (with `-` when `negative`), as serde_json writes them.
fn write_integer(out: &mut Vec<u8>, magnitude: u64, negative: bool) {
    if negative {
        out.push(b'-');
    }
    out.extend_from_slice(decimal(magnitude, &mut [0; 20]));
}

/// A JSON string as serde_json writes it and then [`visible_lines`] shows it: printable ASCII
/// without `"` or `\\` (ids, URLs, explanations) as it is, anything else through serde_json's
/// own escaping, and then with DEL, C1 controls and bidi overrides escaped, as the terminal
/// writer escapes them (one string at a time gives the same text as the whole document at once,
/// since every character is escaped on its own). So a resource's text needs no further look.
fn write_str(out: &mut Vec<u8>, text: &str) -> serde_json::Result<()> {
    if !has_string_stop_or_non_ascii(text.as_bytes()) {
        write_quoted(out, text);
        return Ok(());
    }
    let start = out.len();
    serde_json::to_writer(&mut *out, text)?;
    let written = out.get(start..).unwrap_or_default();
    if let Cow::Owned(visible) = visible_lines(std::str::from_utf8(written).unwrap_or_default()) {
        out.truncate(start);
        out.extend_from_slice(visible.as_bytes());
    }
    Ok(())
}

/// `text` in double quotes as it is: only for text with nothing to escape.
fn write_quoted(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    out.extend_from_slice(text.as_bytes());
    out.push(b'"');
}

/// A [`Word`] as a JSON string. One the model lends (`Borrowed`: our own static names and
/// sentences, which hold no `"`, `\\`, control or hidden character) is copied without the scan
/// for them (the longest strings of a resource are such sentences); one taken from the input goes
/// through [`write_str`].
fn write_word(out: &mut Vec<u8>, word: &Word) -> serde_json::Result<()> {
    match word {
        Cow::Borrowed(text) => {
            debug_assert!(
                string_stop(text.as_bytes()).is_none() && visible_lines(text) == *text,
                "{text}"
            );
            write_quoted(out, text);
            Ok(())
        }
        Cow::Owned(text) => write_str(out, text),
    }
}

/// serde_json's `PrettyFormatter` (two spaces) starting `level` levels deep, so a value
/// written on its own lines up with the document around it: the tests' oracle for
/// [`write_resource`].
#[cfg(test)]
struct IndentedPretty {
    level: usize,
    has_value: bool,
}

#[cfg(test)]
impl IndentedPretty {
    fn at(level: usize) -> Self {
        IndentedPretty {
            level,
            has_value: false,
        }
    }

    /// `[` or `{`: one level deeper, nothing in it yet.
    fn open<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        writer.write_all(bracket)
    }

    /// `]` or `}`, on its own line when something was in it.
    fn close<W: ?Sized + Write>(&mut self, writer: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            writer.write_all(b"\n")?;
            self.indent(writer)?;
        }
        writer.write_all(bracket)
    }

    /// Before an item or a key: a comma after an earlier one, a new line, the indent.
    fn item<W: ?Sized + Write>(&mut self, writer: &mut W, first: bool) -> std::io::Result<()> {
        writer.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(writer)
    }

    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

#[cfg(test)]
impl serde_json::ser::Formatter for IndentedPretty {
    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.open(writer, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.close(writer, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.item(writer, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        writer.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// [`visible_lines`] as a writer. serde_json escapes C0 controls but writes DEL, C1 controls and
/// bidi overrides raw; raw line breaks are structure (never inside a string), so escaping what
/// passes through keeps the document valid and its values unchanged. A character cut between
/// two writes waits in `pending` for its other bytes. Printable ASCII and line breaks (almost
/// all of a document) pass straight through.
struct VisibleLines<W: std::io::Write> {
    out: W,
    pending: Vec<u8>,
}

impl<W: std::io::Write> VisibleLines<W> {
    /// Text that is visible already (nothing [`visible_lines`] would change), written as it is
    /// when no cut character waits.
    fn write_visible(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        if self.pending.is_empty() {
            self.out.write_all(bytes)
        } else {
            self.write_all(bytes)
        }
    }
}

impl<W: std::io::Write> std::io::Write for VisibleLines<W> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if self.pending.is_empty() && all_plain(bytes) {
            self.out.write_all(bytes)?;
            return Ok(bytes.len());
        }
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

/// True when every byte is [`is_plain_line_byte`]; checked in blocks without early exit, which
/// the compiler turns into vector instructions.
fn all_plain(bytes: &[u8]) -> bool {
    bytes
        .chunks(64)
        .all(|block| block.iter().fold(true, |ok, &b| ok & is_plain_line_byte(b)))
}

/// Reads at most `limit` bytes, and one more to tell a larger input, which is refused: an
/// endless pipe (`/dev/zero`) costs `limit` bytes of memory, not all of it.
fn read_limited(
    reader: impl Read,
    size_hint: u64,
    limit: u64,
    what: &str,
) -> Result<Vec<u8>, CliError> {
    let capacity = usize::try_from(size_hint.min(limit).saturating_add(1)).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
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
    let mut line = |name: &str, value: Option<&str>| {
        if let Some(value) = value {
            out.push_str(&format!("  {name}: {}\n", visible_controls(value)));
        }
    };
    line("status", resource.status.as_deref());
    line("state", resource.state.as_deref());
    line("clientContext", resource.client_context.as_deref());
    line("completionReason", resource.completion_reason.as_deref());
    let result = resource.result_info.as_ref().map(|r| {
        let number = |n: Option<i64>| n.map_or("?".to_string(), |n| n.to_string());
        let message = r
            .message
            .as_deref()
            .map(|m| format!(" {m}"))
            .unwrap_or_default();
        format!("{}/{}{message}", number(r.code), number(r.subcode))
    });
    line("resultInfo", result.as_deref());
    line("tone", resource.tone.as_deref());
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

#[cfg(test)]
mod resource_writer_tests {
    use super::{write_resource, IndentedPretty};
    use mediaops::decode::{decode_text, DecodeOptions};
    use mediaops::diagnostic::visible_lines;

    /// What serde_json's pretty printer writes for `resource` two levels deep, as the terminal
    /// writer ([`visible_lines`]) shows it: the oracle.
    fn serde_text(resource: &mediaops::decode::Resource) -> String {
        let mut out = Vec::new();
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut out, IndentedPretty::at(2));
        serde::Serialize::serialize(resource, &mut serializer).unwrap();
        visible_lines(&String::from_utf8(out).unwrap()).into_owned()
    }

    /// What [`write_resource`] writes, which must be visible already: the document's writer
    /// hands it to the terminal without looking at it again.
    fn written(resource: &mediaops::decode::Resource) -> String {
        let mut out = Vec::new();
        write_resource(&mut out, resource).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(visible_lines(&text), text, "written text is visible");
        text
    }

    #[test]
    fn the_resource_writer_writes_kept_numbers_keys_and_result_codes_as_serde_json_does() {
        let payload = r##"{"resourceData": {"@odata.type": "#microsoft.graph.call", "id": "c1",
          "resultInfo": {"code": -2147483648, "subcode": 9223372036854775807},
          "big": 18446744073709551615, "neg": -9223372036854775808, "zero": -0, "tiny": 1e-300,
          "huge": 1e400, "whole": 3.0, "k\"ey\u00e9": {"\t": [[], [{}], [1, [2, [3]]]]}}}"##;
        let decoded = decode_text(payload, DecodeOptions::default());
        let resource = decoded.resources.first().expect("one resource").clone();
        assert_eq!(resource.properties.len(), 7, "{:?}", resource.properties);
        assert!(resource.result_info.is_some());
        assert_eq!(written(&resource), serde_text(&resource));
        let mut only_message = resource.clone();
        only_message.result_info = Some(mediaops::decode::ResultInfo {
            code: None,
            subcode: Some(i64::MIN),
            message: Some("\u{0}".into()),
        });
        assert_eq!(written(&only_message), serde_text(&only_message));
        let mut empty = resource;
        empty.result_info = Some(mediaops::decode::ResultInfo {
            code: None,
            subcode: None,
            message: None,
        });
        assert_eq!(written(&empty), serde_text(&empty));
    }

    #[test]
    fn the_resource_writer_writes_what_serde_json_writes_for_every_field() {
        // Every field set: status and state, tone, resultInfo, kept properties of each shape.
        let payload = r##"{"changeType": "updated", "resourceUrl": "/communications/calls/c1/operations/o1",
          "resourceData": {"@odata.type": "#microsoft.graph.subscribeToToneOperation", "id": "o1",
          "status": "running", "state": "established", "clientContext": "ctx",
          "completionReason": "operationCanceled", "toneInfo": {"tone": "tone5"},
          "resultInfo": {"code": 200, "subcode": 0, "message": "ok"},
          "empty": {}, "none": [], "nested": {"a": [1, -2.5e3, true, null, {"b": "é\u0001"}]}}}"##;
        let decoded = decode_text(payload, DecodeOptions::default());
        let resource = decoded.resources.first().expect("one resource").clone();
        let set = [
            resource.change_type.is_some(),
            resource.id.is_some(),
            resource.call_id.is_some(),
            resource.status.is_some(),
            resource.state.is_some(),
            resource.client_context.is_some(),
            resource.completion_reason.is_some(),
            resource.result_info.is_some(),
            resource.tone.is_some(),
            resource.about.is_some(),
            resource.explanation.is_some(),
            resource.resource_url.is_some(),
            resource.pointer.is_some(),
            resource.line.is_some(),
            resource.column.is_some(),
            !resource.properties.is_empty(),
        ];
        assert!(set.iter().all(|&s| s), "{set:?}");
        assert_eq!(written(&resource), serde_text(&resource));
        // Strings that need escaping or are not ASCII, in every text field.
        for odd in [
            "a\"b",
            "back\\slash",
            "tab\there",
            "nl\n",
            "\u{1}\u{1f}",
            "é😀",
            "\u{7f}\u{9b}\u{202e}",
            "",
        ] {
            let mut resource = resource.clone();
            for word in [
                &mut resource.type_name,
                resource.change_type.as_mut().unwrap(),
                resource.status.as_mut().unwrap(),
                resource.state.as_mut().unwrap(),
                resource.completion_reason.as_mut().unwrap(),
                resource.tone.as_mut().unwrap(),
                resource.about.as_mut().unwrap(),
                resource.explanation.as_mut().unwrap(),
            ] {
                word.to_mut().push_str(odd);
            }
            for field in [
                resource.id.as_mut().unwrap(),
                resource.call_id.as_mut().unwrap(),
                resource.client_context.as_mut().unwrap(),
                resource
                    .result_info
                    .as_mut()
                    .unwrap()
                    .message
                    .as_mut()
                    .unwrap(),
                resource.resource_url.as_mut().unwrap(),
                resource.pointer.as_mut().unwrap(),
            ] {
                field.push_str(odd);
            }
            resource.line = Some(u32::MAX);
            assert_eq!(written(&resource), serde_text(&resource), "{odd:?}");
        }
        // And with every optional field left out.
        let mut bare = resource.clone();
        bare.change_type = None;
        bare.id = None;
        bare.call_id = None;
        bare.status = None;
        bare.state = None;
        bare.client_context = None;
        bare.completion_reason = None;
        bare.result_info = None;
        bare.tone = None;
        bare.about = None;
        bare.explanation = None;
        bare.resource_url = None;
        bare.pointer = None;
        bare.line = None;
        bare.column = None;
        bare.properties.clear();
        assert_eq!(written(&bare), serde_text(&bare));
        assert_eq!(written(&bare).lines().count(), 4, "type and category only");
    }
}
