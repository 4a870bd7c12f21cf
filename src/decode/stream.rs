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
    let mut decoded = Decoded::new(InputKind::Notifications);
    sink.begin(&decoded);
    let mut timelines = Timelines::default();
    let mut count = 0;
    let mut decoding_diagnostics = Vec::new();
    // One notification's decoding at a time; its resources leave as soon as they are made.
    let mut scratch = Decoded::new(InputKind::Notifications);
    let parse_options = ParseOptions {
        strict: options.strict,
    };
    let parsed = json::parse_tape_streaming(body, &parse_options, &mut |item| {
        resource::decode_notification(item, &mut scratch);
        for resource in scratch.resources.drain(..) {
            timelines.add(count, &resource);
            sink.resource(&resource);
            count += 1;
        }
        decoding_diagnostics.append(&mut scratch.diagnostics);
    });
    match parsed {
        Ok(parser_diagnostics) => decoded.diagnostics = parser_diagnostics,
        // Unreachable for strict JSON (the first pass proved it); said, never hidden.
        Err(error) => decoded.diagnostics.push(error),
    }
    decoded.diagnostics.append(&mut decoding_diagnostics);
    decoded.timelines = timelines.finish();
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
