//! What the Decode view draws of a large paste, without the rest: the summary (how many
//! resources, errors and warnings), the first resources, timelines and diagnostics, the pretty
//! body when asked for. A 50 MB batch holds some 60,000 resources and the page draws 200 of
//! them; handing JS all of them as objects costs more than decoding them. The whole decoding
//! still exists for whoever asks ([`decoded_json`](super::decoded_json), "Copy decoded JSON",
//! the `mediaops-decoded` event).
//!
//! The resources stream through [`decode_text_streaming`], so the first ones can be shown
//! ([`decode_overview`]'s `on_first`) while the rest of a batch is still being decoded.

use super::stream::{decode_batch_in_one_pass, decode_text_streaming, ResourceSink};
use super::{DecodeOptions, Decoded, Detail, GraphError, HttpInfo, InputKind, Resource, Timeline};
use crate::diagnostic::{Diagnostic, Severity};
use crate::graph::model::is_media_cancelled;
use serde::Serialize;

/// The first items of a decoding and how many there are of each.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS), ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct DecodedOverview {
    /// False for the early look [`decode_overview`] hands `on_first`: only `kind`, `http`,
    /// `error` and the first resources are known; the counts are of what was decoded so far.
    pub complete: bool,
    /// What the input was.
    pub kind: InputKind,
    /// The HTTP envelope, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http: Option<HttpInfo>,
    /// The Graph error, when the body was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<GraphError>,
    /// The first resources, in input order.
    pub resources: Vec<Resource>,
    /// How many resources the whole decoding holds.
    pub resource_count: usize,
    /// The first timelines, each whole (their entries index the whole decoding's resources).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub timelines: Vec<Timeline>,
    /// How many timelines the whole decoding holds.
    pub timeline_count: usize,
    /// Of the resources those timelines refer to beyond `resources`, the ones reporting a
    /// cancellation (failed with 400/8508), ascending: what a timeline marks without the resource.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<_>", optional))]
    pub cancelled: Vec<usize>,
    /// The first diagnostics, errors first (as the whole decoding orders them).
    pub diagnostics: Vec<Diagnostic>,
    /// How many diagnostics of each severity the whole decoding holds.
    pub diagnostic_counts: SeverityCounts,
    /// The JSON body re-indented, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pretty: Option<String>,
}

/// Diagnostics counted by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct SeverityCounts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Notes.
    pub info: usize,
}

impl SeverityCounts {
    fn of(diagnostics: &[Diagnostic]) -> Self {
        let mut counts = SeverityCounts::default();
        for diagnostic in diagnostics {
            match diagnostic.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }
}

/// True when `resource` reports a cancelled media operation: failed with 400/8508 (what the
/// cards and timelines mark as cancelled rather than failed).
pub fn is_cancelled(resource: &Resource) -> bool {
    resource.status.as_deref() == Some("failed")
        && resource
            .result_info
            .as_ref()
            .is_some_and(|info| matches!((info.code, info.subcode), (Some(code), Some(subcode)) if is_media_cancelled(code, subcode)))
}

/// Keeps the first `shown` resources and one bit per resource: cancelled or not.
struct FirstResources<'f> {
    shown: usize,
    /// Whether `on_first` was called (once at most, even when the decoding starts again).
    handed_first: bool,
    head: Option<Decoded>,
    resources: Vec<Resource>,
    cancelled: Vec<bool>,
    on_first: &'f mut dyn FnMut(&DecodedOverview),
}

impl FirstResources<'_> {
    /// The overview of what has been decoded so far (`head`'s fields, the first resources).
    fn early(&self) -> DecodedOverview {
        let head = self.head.as_ref();
        DecodedOverview {
            complete: false,
            kind: head.map_or(InputKind::Notifications, |head| head.kind),
            http: head.and_then(|head| head.http.clone()),
            error: head.and_then(|head| head.error.clone()),
            resources: self.resources.clone(),
            resource_count: self.cancelled.len(),
            timelines: Vec::new(),
            timeline_count: 0,
            cancelled: Vec::new(),
            diagnostics: Vec::new(),
            diagnostic_counts: SeverityCounts::default(),
            pretty: None,
        }
    }
}

impl ResourceSink for FirstResources<'_> {
    fn begin(&mut self, head: &Decoded) {
        self.head = Some(head.head());
    }

    /// Past the first `shown` resources only counts, timelines and diagnostics are kept.
    fn detail(&self) -> Detail {
        if self.resources.len() < self.shown {
            Detail::Whole
        } else {
            Detail::Counted
        }
    }

    fn resource(&mut self, resource: &Resource) {
        self.cancelled.push(is_cancelled(resource));
        if self.resources.len() < self.shown {
            self.resources.push(resource.clone());
            if self.resources.len() == self.shown && !self.handed_first {
                self.handed_first = true;
                let early = self.early();
                (self.on_first)(&early);
            }
        }
    }
}

/// Decodes `text` as [`decode_text`](super::decode_text) does and keeps the first `shown` of
/// its resources, timelines and diagnostics with the counts of each. Once `shown` resources are
/// decoded (and before the rest), `on_first` gets an early overview of them; an input with fewer
/// never calls it. A batch is read once: its notifications are decoded as they are parsed, and a
/// text found by its end not to be one is decoded again the way [`decode_text`] does (the early
/// overview may then show resources of a document that turned out invalid).
pub fn decode_overview(
    text: &str,
    options: DecodeOptions,
    shown: usize,
    on_first: &mut dyn FnMut(&DecodedOverview),
) -> DecodedOverview {
    let mut first = FirstResources {
        shown,
        handed_first: false,
        head: None,
        resources: Vec::new(),
        cancelled: Vec::new(),
        on_first,
    };
    // A batch is decoded in one pass; anything else (found out by the end) again, as it must be.
    let mut decoded = match decode_batch_in_one_pass(text, options, &mut first) {
        Some(decoded) => decoded,
        None => {
            first.resources.clear();
            first.cancelled.clear();
            decode_text_streaming(text, options, &mut first)
        }
    };
    let resource_count = first.cancelled.len();
    let timeline_count = decoded.timelines.len();
    decoded.timelines.truncate(shown);
    let mut cancelled: Vec<usize> = decoded
        .timelines
        .iter()
        .flat_map(|timeline| &timeline.entries)
        .map(|entry| entry.resource)
        .filter(|&index| index >= first.resources.len())
        .filter(|&index| first.cancelled.get(index).copied().unwrap_or(false))
        .collect();
    cancelled.sort_unstable();
    cancelled.dedup();
    let diagnostic_counts = SeverityCounts::of(&decoded.diagnostics);
    decoded.diagnostics.truncate(shown);
    DecodedOverview {
        complete: true,
        kind: decoded.kind,
        http: decoded.http,
        error: decoded.error,
        resources: first.resources,
        resource_count,
        timelines: decoded.timelines,
        timeline_count,
        cancelled,
        diagnostics: decoded.diagnostics,
        diagnostic_counts,
        pretty: decoded.pretty,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode_text;

    /// A batch of `count` notifications: operation `op-{i % 3}`, every third one a cancelled
    /// record, every fifth one missing its `@odata.type` (a warning).
    fn batch(count: usize) -> String {
        let items: Vec<String> = (0..count)
            .map(|i| {
                let op = i % 3;
                let data = if i % 3 == 2 {
                    format!(r##"{{"@odata.type":"#microsoft.graph.recordOperation","id":"op-{op}","status":"failed","resultInfo":{{"code":400,"subcode":8508}}}}"##)
                } else if i % 5 == 0 {
                    format!(r#"{{"id":"op-{op}","status":"running"}}"#)
                } else {
                    format!(r##"{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op-{op}","status":"running"}}"##)
                };
                format!(r#"{{"changeType":"updated","resource":"/app/calls/c/operations/op-{op}","resourceData":{data}}}"#)
            })
            .collect();
        format!(
            r##"{{"@odata.type":"#microsoft.graph.commsNotifications","value":[{}]}}"##,
            items.join(",")
        )
    }

    #[test]
    fn keeps_the_first_of_each_with_the_whole_decodings_counts() {
        let text = batch(50);
        let whole = decode_text(&text, DecodeOptions::default());
        let overview = decode_overview(&text, DecodeOptions::default(), 7, &mut |_| {});
        assert!(overview.complete);
        assert_eq!(overview.kind, whole.kind);
        assert_eq!(overview.resource_count, 50);
        assert_eq!(overview.resources, whole.resources[..7]);
        assert_eq!(overview.timeline_count, whole.timelines.len());
        assert_eq!(
            overview.timelines,
            whole.timelines[..overview.timelines.len()]
        );
        let counts = SeverityCounts::of(&whole.diagnostics);
        assert_eq!(overview.diagnostic_counts, counts);
        assert!(
            counts.warning > 0,
            "the batch has warnings: {:?}",
            whole.diagnostics
        );
        assert_eq!(
            overview.diagnostics,
            whole.diagnostics[..7.min(whole.diagnostics.len())]
        );
    }

    #[test]
    fn names_the_cancelled_resources_its_timelines_point_past_the_shown_ones() {
        let text = batch(12);
        let whole = decode_text(&text, DecodeOptions::default());
        let overview = decode_overview(&text, DecodeOptions::default(), 4, &mut |_| {});
        // op-2's timeline is every third resource from index 2: all cancelled records.
        let expected: Vec<usize> = whole
            .timelines
            .iter()
            .flat_map(|t| &t.entries)
            .map(|e| e.resource)
            .filter(|&i| i >= 4 && is_cancelled(&whole.resources[i]))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        assert_eq!(expected, vec![5, 8, 11]);
        assert_eq!(overview.cancelled, expected);
    }

    #[test]
    fn hands_over_the_first_resources_once_before_the_rest() {
        let text = batch(30);
        let mut early = Vec::new();
        let overview = decode_overview(&text, DecodeOptions::default(), 10, &mut |first| {
            early.push(first.clone())
        });
        assert_eq!(early.len(), 1);
        assert!(!early[0].complete);
        assert_eq!(early[0].resources, overview.resources);
        assert_eq!(early[0].resource_count, 10);
        assert_eq!(early[0].kind, InputKind::Notifications);
        let mut calls = 0;
        decode_overview(&text, DecodeOptions::default(), 31, &mut |_| calls += 1);
        assert_eq!(
            calls, 0,
            "fewer resources than shown: the whole overview comes at once"
        );
    }

    #[test]
    fn an_input_that_is_not_a_batch_gives_the_same_overview_shape() {
        for text in [
            "",
            "{",
            r#"{"error":{"code":"x","message":"y"}}"#,
            "HTTP/1.1 200 OK\r\n\r\n{}",
        ] {
            let whole = decode_text(text, DecodeOptions::default());
            let overview = decode_overview(text, DecodeOptions::default(), 3, &mut |_| {});
            assert_eq!(overview.resource_count, whole.resources.len(), "{text:?}");
            assert_eq!(overview.error, whole.error, "{text:?}");
            assert_eq!(overview.http, whole.http, "{text:?}");
            assert_eq!(
                overview.diagnostic_counts,
                SeverityCounts::of(&whole.diagnostics),
                "{text:?}"
            );
        }
    }

    /// The overview of everything (`shown` past every count) is the whole decoding.
    fn assert_whole(text: &str, options: DecodeOptions) {
        let whole = decode_text(text, options);
        let overview = decode_overview(text, options, usize::MAX, &mut |_| {});
        assert_eq!(overview.kind, whole.kind, "{text}");
        assert_eq!(overview.resources, whole.resources, "{text}");
        assert_eq!(overview.timelines, whole.timelines, "{text}");
        assert_eq!(overview.diagnostics, whole.diagnostics, "{text}");
        assert_eq!(overview.error, whole.error, "{text}");
    }

    #[test]
    fn a_batch_is_read_once_and_anything_found_not_to_be_one_is_decoded_again_the_same() {
        use crate::decode::stream::{decode_batch_in_one_pass, Collect};
        let batch = batch(4);
        let inner = &batch[batch.find('[').unwrap() + 1..batch.rfind(']').unwrap()];
        let odata = r##""@odata.type":"#microsoft.graph.commsNotifications""##;
        let one_pass = [
            batch.clone(),
            format!("\u{feff}{batch}"),
            format!("{{{odata},\n// a comment\n\"value\":[{inner},]}}"),
            format!(r#"{{"value":[{inner}],{odata}}}"#),
            format!(
                r##"{{"@odata.type":"#microsoft.graph.comms\u004eotifications","value":[{inner}]}}"##
            ),
        ];
        let decoded_again = [
            format!("{batch}x"),
            format!("{batch}\n{batch}"),
            format!(r#"{{{odata},"value":[{inner}],"value":[]}}"#),
            format!(r#"{{{odata},"value":[{inner}],"error":{{"code":"x","message":"y"}}}}"#),
            format!(r#"{{{odata},"value":[]}}"#),
            format!(r#"{{{odata},"value":{{}}}}"#),
            format!(r#"{{"value":[{inner}]}}"#),
            format!("[{inner}]"),
            format!("HTTP/1.1 200 OK\r\n\r\n{batch}"),
            format!("{{{odata},\"value\":[{inner}"),
        ];
        for strict in [false, true] {
            let options = DecodeOptions {
                strict,
                pretty: false,
            };
            for text in one_pass.iter().chain(&decoded_again) {
                assert_whole(text, options);
            }
            for text in &decoded_again {
                let once = decode_batch_in_one_pass(text, options, &mut Collect::default());
                assert!(once.is_none(), "{text}");
            }
        }
        let lenient = DecodeOptions::default();
        for text in &one_pass {
            let once = decode_batch_in_one_pass(text, lenient, &mut Collect::default());
            assert!(once.is_some(), "{text}");
        }
        let pretty = DecodeOptions {
            strict: false,
            pretty: true,
        };
        assert!(decode_batch_in_one_pass(&batch, pretty, &mut Collect::default()).is_none());
        assert_whole(&batch, pretty);
    }

    #[test]
    fn is_cancelled_is_failed_with_400_8508_only() {
        let text = batch(3);
        let whole = decode_text(&text, DecodeOptions::default());
        let marks: Vec<bool> = whole.resources.iter().map(is_cancelled).collect();
        assert_eq!(marks, vec![false, false, true]);
    }
}
