//! [`decode_text`] for inputs too large to hold decoded: a notification batch is parsed and
//! decoded one notification at a time, each resource handed to a [`ResourceSink`] as soon as it
//! is decoded, so memory stays at the input plus one notification however long the batch.
//!
//! The document must be known valid before the first resource leaves, or a syntax error at the
//! end would change a document already half written: a first pass (serde_json, ignoring every
//! value) proves the input is strict JSON and reads the root's shape. Strict JSON is JSON our
//! parser accepts, so the second pass, [`json::parse_tape_streaming`], sees what a whole parse
//! sees: the same positions, pointers, warnings and resources in the same order. Anything else
//! (HTTP text, comments, NDJSON, a root that is not a `commsNotifications` batch with a `value`
//! array, duplicate root keys, the pretty view) is decoded whole by [`decode_text`] and then
//! handed over the same way, so a sink sees one behaviour.

use super::json::{self, ParseOptions};
use super::{
    decode_text, http, odata_is, resource, sort_diagnostics, DecodeOptions, Decoded, InputKind,
    Resource, Timelines,
};
use crate::diagnostic::Diagnostic;

/// Where [`decode_text_streaming`] sends what it decodes, in document order.
pub trait ResourceSink {
    /// Called once, before any resource, with what precedes the resources in a [`Decoded`]
    /// (`kind`, `http`, `error`); its other fields are not meaningful yet.
    fn begin(&mut self, head: &Decoded);
    /// One resource, in input order (its index in `Decoded::resources` is how many came before).
    fn resource(&mut self, resource: &Resource);
}

/// Decodes `text` as [`decode_text`] would, handing the resources to `sink` instead of keeping
/// them: the result is that decoding with `resources` empty (timelines, diagnostics and the
/// rest as [`decode_text`] gives them).
pub fn decode_text_streaming(
    text: &str,
    options: DecodeOptions,
    sink: &mut dyn ResourceSink,
) -> Decoded {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if !streams(text, options) {
        let mut decoded = decode_text(text, options);
        let resources = std::mem::take(&mut decoded.resources);
        sink.begin(&decoded);
        for resource in &resources {
            sink.resource(resource);
        }
        return decoded;
    }
    let (parsed, decoded) = stream_batch(body, options, sink);
    finish_batch(decoded, parsed.map(|tape| tape.diagnostics))
}

/// Decodes `text` as [`decode_text_streaming`] does, in one pass: without first proving it strict
/// JSON and reading its root's shape, its notifications are decoded and handed to `sink` as they
/// are parsed, and the root is checked once the whole text is read. None when the text turns out
/// to be anything [`decode_text_streaming`] would not stream (invalid JSON, another shape,
/// duplicate root keys, an `error`, an empty batch, the pretty view, HTTP text): `sink` may then
/// have been handed resources that are not the decoding's, and must start again.
///
/// For a caller that keeps nothing it has handed on: the Decode view's overview. A document
/// writer cannot take a resource back, so the CLI keeps the first pass.
pub fn decode_batch_in_one_pass(
    text: &str,
    options: DecodeOptions,
    sink: &mut dyn ResourceSink,
) -> Option<Decoded> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    if options.pretty || body.trim().is_empty() || http::split(body).is_some() {
        return None;
    }
    let (parsed, decoded) = stream_batch(body, options, sink);
    let tape = parsed.ok()?;
    let root = tape.roots().next()?;
    let mut keys: Vec<&str> = Vec::new();
    for member in root.as_object()? {
        let key = member.key()?;
        if keys.contains(&key) {
            return None;
        }
        keys.push(key);
    }
    let odata = root.get("@odata.type").and_then(json::NodeRef::as_str)?;
    let value = root.get("value")?;
    let streamed = root.get("error").is_none()
        && odata_is(odata, "commsNotifications")
        && value.as_array().is_some_and(|items| !items.is_empty());
    streamed.then(|| finish_batch(decoded, Ok(tape.diagnostics)))
}

/// Parses `body` one notification at a time, decoding each and handing its resources to `sink`:
/// the parse (the tape that is left, or the first error) and the decoding without the parser's
/// diagnostics (see [`finish_batch`]).
fn stream_batch<'a>(
    body: &'a str,
    options: DecodeOptions,
    sink: &mut dyn ResourceSink,
) -> (Result<json::Tape<'a>, Diagnostic>, Decoded) {
    let mut decoded = Decoded::new(InputKind::Notifications);
    sink.begin(&decoded);
    let mut timelines = Timelines::default();
    let mut count = 0;
    // One notification's decoding at a time; its resources leave as soon as they are made.
    let mut scratch = Decoded::new(InputKind::Notifications);
    let parse_options = ParseOptions {
        strict: options.strict,
    };
    let parsed = json::parse_tape_streaming_root(body, &parse_options, &mut |item| {
        resource::decode_notification(item, &mut scratch);
        for resource in scratch.resources.drain(..) {
            timelines.add(count, &resource);
            sink.resource(&resource);
            count += 1;
        }
        decoded.diagnostics.append(&mut scratch.diagnostics);
    });
    decoded.timelines = timelines.finish();
    (parsed, decoded)
}

/// A streamed batch's decoding: the parser's diagnostics (or its error) first, then the
/// decoding's, errors first, as [`decode_text`] orders them.
fn finish_batch(mut decoded: Decoded, parsed: Result<Vec<Diagnostic>, Diagnostic>) -> Decoded {
    let decoding = std::mem::take(&mut decoded.diagnostics);
    match parsed {
        Ok(parser_diagnostics) => decoded.diagnostics = parser_diagnostics,
        // Unreachable for strict JSON (the first pass proved it); said, never hidden.
        Err(error) => decoded.diagnostics.push(error),
    }
    decoded.diagnostics.extend(decoding);
    sort_diagnostics(&mut decoded.diagnostics);
    decoded
}

/// True when [`decode_text_streaming`] decodes `text` one notification at a time (otherwise it
/// decodes it whole first).
pub fn streams(text: &str, options: DecodeOptions) -> bool {
    !options.pretty && is_streamable_batch(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// True when `text` is strict JSON whose root is a `commsNotifications` batch (no duplicate
/// root key, no `error`) with a non-empty `value` array: the case [`decode_text`] decodes by
/// handing every item of `value` to the notification decoder. A root key or an `@odata.type`
/// written with escapes is not read here, so such a batch is decoded whole (the same result).
fn is_streamable_batch(text: &str) -> bool {
    if text.trim().is_empty() || http::split(text).is_some() {
        return false;
    }
    let mut shape = RootShape {
        unique_keys: true,
        ..RootShape::default()
    };
    let mut keys: Vec<Option<&str>> = Vec::new();
    let strict = json::check_strict(text, &mut |member| {
        let key = member.key;
        if key.is_none() || keys.contains(&key) {
            shape.unique_keys = false;
        }
        match key {
            Some("@odata.type") => shape.odata_type = member.text.map(str::to_string),
            Some("value") => shape.items = member.items.unwrap_or(0),
            Some("error") => shape.has_error = true,
            _ => {}
        }
        keys.push(key);
    });
    strict
        && shape.unique_keys
        && !shape.has_error
        && shape.items > 0
        && shape
            .odata_type
            .as_deref()
            .is_some_and(|t| odata_is(t, "commsNotifications"))
}

/// What the first pass learns about the root object.
#[derive(Default)]
struct RootShape {
    odata_type: Option<String>,
    /// Items in `value`, when it is an array.
    items: usize,
    has_error: bool,
    unique_keys: bool,
}

/// A [`ResourceSink`] that keeps everything: [`decode_text_streaming`] into it gives back
/// exactly what [`decode_text`] gives (what the tests compare).
#[derive(Default)]
pub struct Collect {
    /// The resources, in order.
    pub resources: Vec<Resource>,
    /// How many times `begin` was called (once, always).
    pub begun: usize,
}

impl ResourceSink for Collect {
    fn begin(&mut self, _head: &Decoded) {
        self.begun += 1;
    }

    fn resource(&mut self, resource: &Resource) {
        self.resources.push(resource.clone());
    }
}

/// [`decode_text_streaming`] collected back into one [`Decoded`].
pub fn decode_collected(text: &str, options: DecodeOptions) -> Decoded {
    let mut sink = Collect::default();
    let mut decoded = decode_text_streaming(text, options, &mut sink);
    decoded.resources = sink.resources;
    decoded
}
