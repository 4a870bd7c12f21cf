//! [`decode_text`](super::decode_text)'s result as compact JSON, `serde_json::to_string` of it
//! byte for byte, written while it is decoded: each resource is serialized as the streaming
//! decoder hands it over and then dropped, so a large batch is never held both as `Resource`s
//! and as their JSON. The text comes in three parts (what precedes the resources, the resources,
//! what follows) so the page can join them on its side of the boundary instead of in wasm memory,
//! which never shrinks.

use super::stream::{decode_text_streaming, ResourceSink};
use super::{DecodeOptions, Decoded, GraphError, HttpInfo, InputKind, Resource, Timeline};
use crate::diagnostic::Diagnostic;
use serde::Serialize;

/// The three parts; `head + resources + tail` is the whole document.
pub struct DecodedJson {
    /// `{"kind":…,"http":…,"error":…,"resources":[`
    pub head: String,
    /// The resources' JSON, comma-separated.
    pub resources: String,
    /// `],"timelines":…,"diagnostics":…,"pretty":…}`
    pub tail: String,
}

impl DecodedJson {
    /// The whole document in one string (the tests compare it; the page joins the parts itself).
    pub fn joined(&self) -> String {
        [self.head.as_str(), &self.resources, &self.tail].concat()
    }
}

/// `Decoded`'s fields before `resources`, in its order and with its names and skips.
#[derive(Serialize)]
struct Head<'a> {
    kind: &'a InputKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    http: Option<&'a HttpInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a GraphError>,
}

/// `Decoded`'s fields after `resources`.
#[derive(Serialize)]
struct Tail<'a> {
    #[serde(skip_serializing_if = "<[Timeline]>::is_empty")]
    timelines: &'a [Timeline],
    diagnostics: &'a [Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    pretty: Option<&'a str>,
}

/// Serializes each resource as it comes; the first failure is kept (serde_json cannot fail on
/// these types, but the boundary reports rather than assumes).
struct Writer {
    bytes: Vec<u8>,
    count: usize,
    failure: Option<serde_json::Error>,
}

impl ResourceSink for Writer {
    fn begin(&mut self, _head: &Decoded) {}

    fn resource(&mut self, resource: &Resource) {
        if self.failure.is_some() {
            return;
        }
        if self.count > 0 {
            self.bytes.push(b',');
        }
        self.count += 1;
        if let Err(error) = serde_json::to_writer(&mut self.bytes, resource) {
            self.failure = Some(error);
        }
    }
}

/// Decodes `text` as [`decode_text`](super::decode_text) does and returns its JSON in parts.
pub fn decoded_json(text: &str, options: DecodeOptions) -> Result<DecodedJson, serde_json::Error> {
    // The resources' JSON is about 1.22 times the input (the bench batch): reserved once with room
    // to spare, so the buffer is not doubled and copied (which peaks at three times its size).
    let mut writer = Writer {
        bytes: Vec::with_capacity(text.len() + text.len() / 20 * 7),
        count: 0,
        failure: None,
    };
    let decoded = decode_text_streaming(text, options, &mut writer);
    if let Some(error) = writer.failure {
        return Err(error);
    }
    let head = serde_json::to_string(&Head {
        kind: &decoded.kind,
        http: decoded.http.as_ref(),
        error: decoded.error.as_ref(),
    })?;
    let tail = serde_json::to_string(&Tail {
        timelines: &decoded.timelines,
        diagnostics: &decoded.diagnostics,
        pretty: decoded.pretty.as_deref(),
    })?;
    // Head always has `kind` and tail always `diagnostics`: both are non-empty objects.
    let head = format!(
        "{},\"resources\":[",
        head.strip_suffix('}').unwrap_or(&head)
    );
    let tail = format!("],{}", tail.strip_prefix('{').unwrap_or(&tail));
    // serde_json writes UTF-8 only; from_utf8 cannot fail here, and if it did the error says so.
    let resources = String::from_utf8(writer.bytes)
        .map_err(<serde_json::Error as serde::ser::Error>::custom)?;
    Ok(DecodedJson {
        head,
        resources,
        tail,
    })
}
