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
    decode_text, http, odata_is, resource, sort_diagnostics, DecodeOptions, Decoded, Detail,
    InputKind, Resource, Timelines,
};
use crate::diagnostic::Diagnostic;

/// Where [`decode_text_streaming`] sends what it decodes, in document order.
pub trait ResourceSink {
    /// Called once, before any resource, with what precedes the resources in a [`Decoded`]
    /// (`kind`, `http`, `error`); its other fields are not meaningful yet.
    fn begin(&mut self, head: &Decoded);
    /// One resource, in input order (its index in `Decoded::resources` is how many came before).
    fn resource(&mut self, resource: &Resource);
    /// How much of the next resources to decode: [`Detail::Whole`] unless the sink only counts
    /// them. Asked before each notification of a streamed batch.
    fn detail(&self) -> Detail {
        Detail::Whole
    }
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
    if options.pretty || !may_be_batch(body) {
        return None;
    }
    let (parsed, decoded) = stream_batch(body, options, sink);
    let tape = parsed.ok()?;
    let mut shape = RootShape::default();
    for member in tape.roots().next()?.as_object()? {
        shape.member(
            member.key(),
            member.as_str(),
            member.as_array().map(|items| items.len()),
        );
    }
    shape
        .is_batch()
        .then(|| finish_batch(decoded, Ok(tape.diagnostics)))
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
        resource::decode_notification(item, sink.detail(), &mut scratch);
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
    if !may_be_batch(text) {
        return false;
    }
    let mut shape = RootShape::default();
    let strict = json::check_strict(text, &mut |member| {
        shape.member(member.key, member.text, member.items);
    });
    strict && shape.is_batch()
}

/// False for what is never a batch to stream: blank text, or HTTP text around a body.
fn may_be_batch(text: &str) -> bool {
    !text.trim().is_empty() && http::split(text).is_none()
}

/// What a pass learns about the root object, one member at a time: the first pass
/// ([`is_streamable_batch`]) and the one pass ([`decode_batch_in_one_pass`]) hold it to one rule.
#[derive(Default)]
struct RootShape<'k> {
    keys: Vec<&'k str>,
    /// A key repeated, or one that could not be read.
    odd_keys: bool,
    /// `@odata.type` names `commsNotifications`.
    notifications: bool,
    /// Items in `value`, when it is an array.
    items: usize,
    has_error: bool,
}

impl<'k> RootShape<'k> {
    /// One member: its key (None when it could not be read), its text when it is a string read
    /// here, its item count when it is an array.
    fn member(&mut self, key: Option<&'k str>, text: Option<&str>, items: Option<usize>) {
        let Some(key) = key.filter(|key| !self.keys.contains(key)) else {
            self.odd_keys = true;
            return;
        };
        match key {
            "@odata.type" => {
                self.notifications = text.is_some_and(|t| odata_is(t, "commsNotifications"))
            }
            "value" => self.items = items.unwrap_or(0),
            "error" => self.has_error = true,
            _ => {}
        }
        self.keys.push(key);
    }

    /// A batch [`decode_text`] decodes by handing every item of `value` to the notification
    /// decoder, with no root key repeated and no `error`.
    fn is_batch(&self) -> bool {
        !self.odd_keys && !self.has_error && self.items > 0 && self.notifications
    }
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
