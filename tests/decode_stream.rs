//! The streaming decoder (`decode::stream`, what `mediaops decode --json` runs) gives exactly what
//! `decode_text` gives: the same resources, timelines and diagnostics (positions, pointers,
//! order), on every shared vector and on batches built to exercise its edges; and
//! `decode::decoded_json` (what the page's `decodePayload` hands over) the same document as JSON;
//! `decode::overview` (what the Decode view draws of a large paste) its first items and counts.

use mediaops::decode::decoded_json::decoded_json;
use mediaops::decode::overview::decode_overview;
use mediaops::decode::stream::{decode_text_streaming, streams, Collect};
use mediaops::decode::{decode_text, DecodeOptions};

#[path = "../benches/common/batch.rs"]
mod batch;

const LENIENT: DecodeOptions = DecodeOptions {
    strict: false,
    pretty: false,
};
const STRICT: DecodeOptions = DecodeOptions {
    strict: true,
    pretty: false,
};

/// Decodes `text` both ways and asserts the same document; returns how many resources it has.
fn same(text: &str, options: DecodeOptions) -> usize {
    let whole = decode_text(text, options);
    let mut sink = Collect::default();
    let mut streamed = decode_text_streaming(text, options, &mut sink);
    assert_eq!(sink.begun, 1, "begin is called once");
    streamed.resources = sink.resources;
    assert_eq!(
        serde_json::to_string_pretty(&streamed).unwrap(),
        serde_json::to_string_pretty(&whole).unwrap(),
        "{}",
        &text[..text.len().min(300)]
    );
    // What the page is handed: the same document as compact JSON, written as it is decoded.
    assert_eq!(
        decoded_json(text, options).unwrap().joined(),
        serde_json::to_string(&whole).unwrap(),
        "{}",
        &text[..text.len().min(300)]
    );
    // What the Decode view draws of a large paste: the whole decoding's first items and counts.
    let overview = decode_overview(text, options, 3, &mut |_| {});
    let first = |n: usize| n.min(3);
    assert_eq!(overview.resource_count, whole.resources.len());
    assert_eq!(
        overview.resources,
        whole.resources[..first(whole.resources.len())]
    );
    assert_eq!(overview.timeline_count, whole.timelines.len());
    assert_eq!(
        overview.timelines,
        whole.timelines[..first(whole.timelines.len())]
    );
    assert_eq!(
        overview.diagnostics,
        whole.diagnostics[..first(whole.diagnostics.len())]
    );
    assert_eq!(
        overview.diagnostic_counts.error,
        whole.diagnostics.iter().filter(|d| d.is_error()).count()
    );
    whole.resources.len()
}

/// A batch around `items` (each one notification's JSON text).
fn batch_of(items: &[&str]) -> String {
    format!(
        "{{\n  \"@odata.type\": \"#microsoft.graph.commsNotifications\",\n  \"value\": [\n{}\n  ]\n}}",
        items.join(",\n")
    )
}

#[test]
fn every_shared_vector_decodes_the_same_streamed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vectors");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        same(&text, LENIENT);
        same(&text, STRICT);
        count += 1;
    }
    assert!(count > 20, "the vectors are there ({count})");
}

#[test]
fn the_generated_batch_decodes_the_same_streamed() {
    let text = batch::batch(3_000);
    assert!(streams(&text, LENIENT) && streams(&text, STRICT));
    assert_eq!(same(&text, LENIENT), 3_000);
    // With a byte order mark and CRLF line ends too.
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert!(streams(&crlf, LENIENT));
    assert_eq!(same(&crlf, LENIENT), 3_000);
}

#[test]
fn batches_with_warnings_escapes_and_odd_items_decode_the_same_streamed() {
    let good = batch::notification(0);
    let call = batch::notification(2);
    let cases = [
        // Duplicate keys inside a notification and inside its resource (parser warnings).
        batch_of(&[&good, r##"{"changeType":"updated","changeType":"deleted","resourceUrl":"/communications/calls/1","resourceData":{"@odata.type":"#microsoft.graph.call","state":"established","state":"terminated"}}"##]),
        // Escapes in keys and values, non-ASCII, bidi and C1 characters.
        batch_of(&[r##"{"change\u0054ype":"updated","resourceUrl":"/communications/calls/\u0031","resourceData":{"@odata.type":"#microsoft.graph.call","state":"established","note":"é\u202e\u009b😀","clientContext":"a\"b"}}"##, &call]),
        // Items that are not notifications, or not objects, and resources that warn.
        batch_of(&["42", "null", r##"{"resourceData":[{"status":"Completed"},{"@odata.type":"playPromptOperation","status":"bogus"}]}"##, r##"{"changeType":"deleted","resourceUrl":"/communications/calls/9/operations/8"}"##, &good]),
        // The same operation twice: a timeline.
        batch_of(&[&good, &good.replace("failed", "running"), &good]),
        // A lone surrogate escape (a parser warning) and an escaped pair, in a resource.
        batch_of(&[r##"{"changeType":"updated","resourceUrl":"/communications/calls/1","resourceData":{"@odata.type":"#microsoft.graph.call","state":"established","note":"\uD83D x \uD83D\uDE00 \uDC00"}}"##, &good]),
        // Nesting as deep as the first pass reads (128 containers, the root and `value` included).
        batch_of(&[&format!(r##"{{"changeType":"updated","resourceUrl":"/communications/calls/1","resourceData":{{"@odata.type":"#microsoft.graph.call","deep":{}1{}}}}}"##, "[".repeat(124), "]".repeat(124))]),
        // `@odata.type` after `value`, more members, nesting.
        format!("{{\"value\": [{good}, {call}], \"@odata.nextLink\": \"x\", \"deep\": {{\"value\": [1, 2]}}, \"@odata.type\": \"#microsoft.graph.commsNotifications\"}}"),
    ];
    for case in &cases {
        assert!(streams(case, LENIENT), "{case}");
        assert!(same(case, LENIENT) > 0);
        same(case, STRICT);
    }
}

#[test]
fn inputs_it_does_not_stream_decode_the_same() {
    let good = batch::notification(0);
    let cases = [
        // A syntax error after many notifications: no resource, one located error.
        format!("{}\n  ,]", batch_of(&[&good, &good]).trim_end_matches('}')),
        batch_of(&[&good, "{\"changeType\": \"updated\" /* a comment */}"]),
        batch_of(&[&good, &good]).replace("\n  ]", ",\n  ]"),
        // Duplicate root keys, an empty batch, no type, a Graph error, NDJSON, HTTP text.
        format!("{{\"@odata.type\":\"#microsoft.graph.commsNotifications\",\"value\":[{good}],\"value\":[]}}"),
        batch_of(&[]),
        format!("{{\"value\":[{good}]}}"),
        "{\"error\":{\"code\":\"x\",\"message\":\"y\"}}".to_string(),
        format!("{good}\n{good}\n"),
        format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{}", batch_of(&[&good])),
        String::new(),
        "[1, 2".to_string(),
        // A root key or the batch's type written with escapes (not read by the first pass).
        format!("{{\"@odata.type\":\"#microsoft.graph.commsNotifications\",\"v\\u0061lue\":[{good}]}}"),
        format!("{{\"@odata.type\":\"#microsoft.graph.comms\\u004eotifications\",\"value\":[{good}]}}"),
        // Nesting deeper than the first pass reads, though the parser reads it.
        batch_of(&[&format!(r##"{{"changeType":"updated","resourceUrl":"/communications/calls/1","resourceData":{{"@odata.type":"#microsoft.graph.call","deep":{}1{}}}}}"##, "[".repeat(125), "]".repeat(125))]),
        // A control character in a string, in the last notification.
        batch_of(&[&good, &good.replace("ctx-0", "ctx\u{1}")]),
    ];
    for case in &cases {
        assert!(!streams(case, LENIENT), "{case}");
        same(case, LENIENT);
        same(case, STRICT);
    }
}

#[test]
fn the_pretty_view_is_decoded_whole_and_the_same() {
    let text = batch::batch(10);
    let options = DecodeOptions {
        strict: false,
        pretty: true,
    };
    assert!(!streams(&text, options));
    assert_eq!(same(&text, options), 10);
}

#[test]
fn timelines_keep_the_order_of_first_mention_and_the_first_spelling() {
    let op = |id: &str, status: &str| {
        format!(
            r##"{{"changeType":"updated","resourceUrl":"/communications/calls/c/operations/{id}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"{id}","status":"{status}"}}}}"##
        )
    };
    let guid = "0FE0623F-D628-42ED-B4BD-8AC290072CC5";
    let items = [
        op("op-A", "notStarted"),
        op("b", "running"),
        op("once", "running"),
        op("b", "completed"),
        op(guid, "running"),
        op("OP-a", "running"),
        op(&guid.to_lowercase(), "completed"),
        op("op-a", "completed"),
    ];
    let items: Vec<&str> = items.iter().map(String::as_str).collect();
    let text = batch_of(&items);
    assert!(streams(&text, STRICT));
    assert_eq!(same(&text, STRICT), 8);
    let decoded = decode_text(&text, STRICT);
    let timelines: Vec<(&str, Vec<usize>, Vec<&str>)> = decoded
        .timelines
        .iter()
        .map(|t| {
            (
                t.operation_id.as_str(),
                t.entries.iter().map(|e| e.resource).collect(),
                t.entries
                    .iter()
                    .filter_map(|e| e.status.as_deref())
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        timelines,
        [
            (
                "op-A",
                vec![0, 5, 7],
                vec!["notStarted", "running", "completed"]
            ),
            ("b", vec![1, 3], vec!["running", "completed"]),
            (
                "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
                vec![4, 6],
                vec!["running", "completed"]
            ),
        ]
    );
}
