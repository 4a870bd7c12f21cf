//! Property tests: whatever `build` makes, `decode_text` reads back exactly; and no input, as
//! bytes or as text, makes a decoder panic. Case counts are fixed and modest so the suite stays
//! fast; a failure prints the smallest input proptest found.
// proptest is a host dev-dependency: the wasm build of the tests leaves this file out.
#![cfg(not(target_arch = "wasm32"))]

use mediaops::compose::request::{build, CancelMediaProcessingRequest};
use mediaops::compose::token::decode_token;
use mediaops::decode::overview::decode_overview;
use mediaops::decode::{decode_text, http, text_from_bytes, DecodeOptions};
use mediaops::graph::ids::normalize_id;
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 256,
        // Fail rather than write regression files into the tree.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Any clientContext the builder accepts: 1 to 256 characters of any kind (controls, bidi,
/// quotes, emoji...).
fn client_context() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<char>(), 1..=256).prop_map(|chars| chars.into_iter().collect())
}

/// Call ids the builder accepts: GUIDs in any spelling, and other URL-safe ids (not `.`/`..`).
fn call_id() -> impl Strategy<Value = String> {
    let guid = (any::<u128>(), any::<bool>(), any::<bool>()).prop_map(|(n, dashed, upper)| {
        let hex = format!("{n:032x}");
        let text = if dashed {
            format!(
                "{}-{}-{}-{}-{}",
                &hex[0..8],
                &hex[8..12],
                &hex[12..16],
                &hex[16..20],
                &hex[20..32]
            )
        } else {
            hex
        };
        if upper {
            text.to_ascii_uppercase()
        } else {
            text
        }
    });
    let other =
        "[A-Za-z0-9._~-]{1,60}".prop_filter("not a dot segment", |id| id != "." && id != "..");
    prop_oneof![guid, other]
}

/// Pieces of what people paste: JSON punctuation and keys, comments, escapes, HTTP lines.
const PIECES: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "\n",
    "\r\n",
    " ",
    "//",
    "/*",
    "*/",
    "\\u",
    "\\",
    "-1.5e3",
    "0",
    "null",
    "true",
    "\"value\"",
    "\"@odata.type\"",
    "\"#microsoft.graph.recordOperation\"",
    "\"#microsoft.graph.commsNotifications\"",
    "\"resourceData\"",
    "\"resourceUrl\"",
    "\"changeType\"",
    "\"deleted\"",
    "\"status\"",
    "\"failed\"",
    "\"clientContext\"",
    "\"resultInfo\"",
    "\"code\"",
    "\"subcode\"",
    "\"error\"",
    "\"id\"",
    "HTTP/1.1 200 OK\n",
    "POST /communications/calls/c/cancelMediaProcessing\n",
    "Content-Length: 9\n",
    "Location: /calls/x/operations/y\n",
    "# comment\n",
    "\u{feff}",
    "\u{202e}",
    "é",
    "😀",
];

/// Text that looks like what people paste, with an arbitrary character now and then.
fn payload_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => proptest::sample::select(PIECES).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn build_then_decode_gives_back_the_client_context_and_call_id(
        context in client_context(),
        id in call_id(),
    ) {
        let built = build(&CancelMediaProcessingRequest {
            call_id: id.clone(),
            client_context: Some(context.clone()),
            ..Default::default()
        })
        .map_err(|errors| TestCaseError::fail(format!("{errors:?}")))?;
        let text = built.request.to_http_text();
        let decoded = decode_text(&text, DecodeOptions { strict: true, pretty: true });
        prop_assert!(!decoded.has_errors(), "{:?}\n{text}", decoded.diagnostics);
        let http = decoded.http.as_ref().expect("an HTTP request");
        let target = http.target.as_ref().and_then(|t| t.call_id.clone());
        prop_assert_eq!(target, Some(normalize_id(&id)));
        // The body as the decoder read it (its re-indented JSON) holds the exact text.
        let body: serde_json::Value =
            serde_json::from_str(decoded.pretty.as_deref().expect("the body re-indented"))
                .expect("the decoder's JSON");
        prop_assert_eq!(body["clientContext"].as_str(), Some(context.as_str()));
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_decoder(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let (text, _) = text_from_bytes(&bytes);
        for strict in [false, true] {
            let _ = decode_text(&text, DecodeOptions { strict, pretty: true });
        }
        let _ = http::split(&text);
        let _ = decode_token(&text, 0, None);
    }

    #[test]
    fn payload_like_text_never_panics_a_decoder(text in payload_like()) {
        for strict in [false, true] {
            let decoded = decode_text(&text, DecodeOptions { strict, pretty: true });
            // Every located diagnostic points into the input.
            let lines = text.split('\n').count() as u32;
            for d in &decoded.diagnostics {
                prop_assert!(d.line.is_none_or(|l| l >= 1 && l <= lines.max(1)), "{d:?}");
            }
            // What the Decode view draws of it says what the whole decoding holds.
            let overview = decode_overview(&text, DecodeOptions { strict, pretty: true }, 2, &mut |_| {});
            prop_assert_eq!(overview.resource_count, decoded.resources.len());
            prop_assert_eq!(&overview.resources[..], &decoded.resources[..decoded.resources.len().min(2)]);
            prop_assert_eq!(&overview.diagnostics[..], &decoded.diagnostics[..decoded.diagnostics.len().min(2)]);
            prop_assert_eq!(overview.timeline_count, decoded.timelines.len());
            prop_assert_eq!(overview.pretty, decoded.pretty);
        }
        let _ = http::split(&text);
        for prefix in ["", "Bearer ", "eyJ", "a.b."] {
            let _ = decode_token(&format!("{prefix}{text}"), 0, None);
        }
    }
}
