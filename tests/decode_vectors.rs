//! Every payload in the shared test vectors (copied to tests/fixtures/vectors) decodes, with the
//! fields a bot developer needs, or is rejected with a precise error.

use mediaops::decode::{decode_text, DecodeOptions};
use serde_json::Value;

/// Decodes a fixture and checks `(JSON pointer into the decoded document, expected value)` pairs
/// and substrings that some diagnostic message must contain.
fn check(file: &str, strict: bool, fields: &[(&str, Value)], messages: &[&str]) {
    let path = format!(
        "{}/tests/fixtures/vectors/{file}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let decoded = decode_text(
        &text,
        DecodeOptions {
            strict,
            pretty: false,
        },
    );
    let json = serde_json::to_value(&decoded).unwrap();
    for (pointer, expected) in fields {
        let actual = json.pointer(pointer).unwrap_or(&Value::Null);
        assert_eq!(actual, expected, "{file} {pointer}\n{json:#}");
    }
    for message in messages {
        assert!(
            decoded
                .diagnostics
                .iter()
                .any(|d| d.message.contains(message)),
            "{file}: no diagnostic contains {message:?}: {:#?}",
            decoded.diagnostics
        );
    }
}

use serde_json::json as j;

const CALL: &str = "57dab8b1-894c-409a-b240-bd8beae78896";
const OP: &str = "0fe0623f-d628-42ed-b4bd-8ac290072cc5";
const CONTEXT: &str = "d45324c1-fcb5-430a-902c-f20af696537c";

#[test]
fn cancel_media_processing_notifications_say_the_cancel_worked() {
    for file in [
        "v1.0_call-cancelmediaprocessing_notification-recordoperation-canceled.json",
        "beta_call-cancelmediaprocessing_notification-recordoperation-canceled.json",
    ] {
        check(
            file,
            false,
            &[
                ("/kind", j!("notifications")),
                ("/resources/0/type", j!("recordOperation")),
                ("/resources/0/changeType", j!("deleted")),
                ("/resources/0/id", j!(OP)),
                ("/resources/0/callId", j!(CALL)),
                ("/resources/0/status", j!("failed")),
                ("/resources/0/clientContext", j!(CONTEXT)),
                ("/resources/0/completionReason", j!("operationCanceled")),
                (
                    "/resources/0/resultInfo",
                    j!({"code": 400, "subcode": 8508, "message": "Action failed, the operation was cancelled."}),
                ),
                ("/resources/0/properties/recordingLocation", j!("")),
                ("/resources/0/pointer", j!("/value/0/resourceData")),
            ],
            &[],
        );
    }
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/vectors/v1.0_call-cancelmediaprocessing_notification-recordoperation-canceled.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let decoded = decode_text(&text, DecodeOptions::default());
    let explanation = decoded.resources[0].explanation.clone().unwrap();
    assert!(
        explanation.contains("8508") || explanation.to_lowercase().contains("cancel"),
        "{explanation}"
    );
    assert!(!decoded.has_errors());
}

#[test]
fn responses_with_headers_split_the_location_and_flag_the_docs_mistakes() {
    for (file, version) in [
        ("v1.0_call-cancelmediaprocessing_response.http", "v1.0"),
        ("beta_call-cancelmediaprocessing_response.http", "beta"),
    ] {
        check(
            file,
            false,
            &[
                ("/kind", j!("http-response")),
                ("/http/status", j!(200)),
                ("/http/location/callId", j!(CALL)),
                (
                    "/http/location/operationId",
                    j!("17e3b46c-f61d-4f4d-9635-c626ef18e6ad"),
                ),
                ("/resources/0/type", j!("cancelMediaProcessingOperation")),
                ("/resources/0/status", j!("completed")),
                ("/resources/0/id", j!(OP)),
                ("/resources/0/callId", j!(CALL)),
                ("/resources/0/clientContext", j!(CONTEXT)),
                // Both warnings can be clicked: they name a line.
                ("/diagnostics/0/line", j!(4)),
                ("/diagnostics/0/column", j!(17)),
                ("/diagnostics/1/line", j!(6)),
            ],
            &[
                "Content-Length says 259 but the body is 202 bytes",
                "Location header names operation 17e3b46c",
            ],
        );
        assert!(version.len() > 1);
    }
    check(
        "v1.0_call-cancelmediaprocessing_response.json",
        false,
        &[
            ("/kind", j!("operation")),
            ("/resources/0/type", j!("cancelMediaProcessingOperation")),
            ("/resources/0/status", j!("completed")),
        ],
        &[],
    );
}

#[test]
fn requests_are_decoded_with_their_target() {
    check(
        "v1.0_call-cancelmediaprocessing_request.http",
        false,
        &[
            ("/kind", j!("http-request")),
            ("/http/method", j!("POST")),
            ("/http/url", j!("https://graph.microsoft.com/v1.0/communications/calls/{id}/cancelMediaProcessing")),
        ],
        &["Content-Length says 62 but the body is 44 bytes", "{id} placeholder"],
    );
    check(
        "v1.0_call-playprompt_request.http",
        false,
        &[
            ("/kind", j!("http-request")),
            ("/http/target/callId", j!(CALL)),
        ],
        &[],
    );
}

#[test]
fn other_operations_and_their_notifications() {
    check(
        "v1.0_call-playprompt_notification-completed.json",
        false,
        &[
            ("/resources/0/type", j!("playPromptOperation")),
            ("/resources/0/id", j!(OP)),
            ("/resources/0/status", j!("completed")),
            ("/resources/0/resultInfo/code", j!(200)),
            ("/resources/0/resultInfo/subcode", j!(0)),
        ],
        &["no id in the resource: took 0fe0623f-d628-42ed-b4bd-8ac290072cc5 from its resourceUrl"],
    );
    check(
        "v1.0_call-record_notification-completed.json",
        false,
        &[
            ("/resources/0/type", j!("recordOperation")),
            ("/resources/0/status", j!("completed")),
            ("/resources/0/resultInfo/subcode", j!(8515)),
        ],
        &[],
    );
    check(
        "v1.0_call-playprompt_response.http",
        false,
        &[
            ("/resources/0/type", j!("playPromptOperation")),
            ("/resources/0/status", j!("running")),
        ],
        &[],
    );
    check(
        "v1.0_call-record_response.http",
        false,
        &[
            ("/resources/0/type", j!("recordOperation")),
            ("/resources/0/status", j!("running")),
        ],
        &[],
    );
    check(
        "v1.0_call-subscribetotone_response.http",
        false,
        &[
            ("/resources/0/type", j!("subscribeToToneOperation")),
            ("/resources/0/status", j!("completed")),
        ],
        &[],
    );
    check(
        "v1.0_call-mute_response.http",
        false,
        &[
            ("/resources/0/type", j!("muteParticipantOperation")),
            ("/resources/0/status", j!("completed")),
        ],
        &["Content-Length says 259"],
    );
    check(
        "beta-old_call-playprompt_notification-completed-resource-no-resourceUrl.json",
        false,
        &[
            ("/resources/0/type", j!("playPromptOperation")),
            ("/resources/0/id", j!(OP)),
            ("/resources/0/callId", j!(CALL)),
            ("/resources/0/resourceUrl", j!("/app/calls/57DAB8B1894C409AB240BD8BEAE78896/operations/0FE0623FD62842EDB4BD8AC290072CC5")),
        ],
        &["legacy 'resource' instead of 'resourceUrl'"],
    );
}

#[test]
fn calls_participants_and_tones_decode_to_type_id_and_state() {
    check(
        "v1.0_call-delete_notification-terminated.json",
        false,
        &[
            ("/resources/0/type", j!("call")),
            ("/resources/0/category", j!("call")),
            ("/resources/0/state", j!("terminated")),
            ("/resources/0/callId", j!(CALL)),
            ("/resources/0/resultInfo/code", j!(200)),
            ("/resources/0/resultInfo/subcode", j!(5001)),
        ],
        &[
            "resultInfo.code is the string \"200\"",
            "resultInfo.subcode is the string \"5001\"",
        ],
    );
    check(
        "v1.0_call-delete_notification-terminating.json",
        false,
        &[("/resources/0/state", j!("terminating"))],
        &[],
    );
    check(
        "v1.0_application-post-calls_ex1-notification-established.json",
        false,
        &[
            ("/resources/0/state", j!("established")),
            (
                "/resources/0/id",
                j!("2e1a0b00-b3c5-4b0f-99b3-c133bc1e6116"),
            ),
            ("/resources/0/properties/direction", j!("outgoing")),
        ],
        &[],
    );
    check(
        "v1.0_application-post-calls_ex1-notification-establishing.json",
        false,
        &[("/resources/0/state", j!("establishing"))],
        &[],
    );
    check(
        "v1.0_call-subscribetotone_notification-toneinfo.json",
        false,
        &[
            ("/resources/0/tone", j!("tone1")),
            ("/resources/0/state", j!("established")),
        ],
        &[],
    );
    check(
        "v1.0_application-post-calls_ex1-notification-contentsharing-started.json",
        false,
        &[
            ("/resources/0/type", j!("contentSharingSession")),
            ("/resources/0/category", j!("other")),
            ("/resources/0/changeType", j!("created")),
        ],
        &[],
    );
    check(
        "v1.0_call-mute_notification-roster-muted.json",
        false,
        &[
            ("/resources/0/type", j!("participant")),
            (
                "/resources/0/id",
                j!("2765eb15-01f8-47c6-b12b-c32111a4a86f"),
            ),
            ("/resources/0/callId", j!(CALL)),
            ("/resources/0/properties/isMuted", j!(true)),
        ],
        &["comment"],
    );
}

#[test]
fn strict_mode_turns_docs_style_json_into_located_errors() {
    check(
        "v1.0_call-mute_notification-roster-muted.json",
        true,
        &[
            ("/kind", j!("invalid")),
            ("/diagnostics/0/severity", j!("error")),
            ("/diagnostics/0/line", j!(30)),
            ("/diagnostics/0/column", j!(28)),
        ],
        &["comment"],
    );
    check(
        "v1.0_application-post-calls_ex1-response.json",
        false,
        &[("/resources/0/type", j!("call"))],
        &["trailing comma"],
    );
    check(
        "v1.0_application-post-calls_ex1-response.json",
        true,
        &[("/diagnostics/0/severity", j!("error"))],
        &["trailing comma"],
    );
    check(
        "v1.0_application-post-calls_ex1-response.http",
        false,
        &[("/kind", j!("http-response")), ("/http/status", j!(201))],
        &["trailing comma"],
    );
}

#[test]
fn graph_errors_decode_code_message_request_id_and_date() {
    check(
        "v1.0_concepts-errors_error-response-example.json",
        false,
        &[
            ("/kind", j!("graph-error")),
            ("/error/code", j!("invalidRange")),
            ("/error/requestId", j!("request-id")),
            ("/error/date", j!("date-time")),
            (
                "/error/message",
                j!("Uploaded fragment overlaps with existing data."),
            ),
        ],
        &[],
    );
    check(
        "v1.0_concepts-errors_odata-error-resource-shape.json",
        false,
        &[("/kind", j!("graph-error"))],
        &[],
    );
}

#[test]
fn every_vector_decodes_without_errors_in_lenient_mode() {
    let dir = format!("{}/tests/fixtures/vectors", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let decoded = decode_text(&text, DecodeOptions::default());
        let errors: Vec<_> = decoded
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        let request_body = decoded
            .diagnostics
            .iter()
            .any(|d| d.message.starts_with("a request body (action parameters"));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        // Request bodies are action parameters; everything else decodes to something.
        assert_eq!(request_body, name.contains("_request."), "{name}");
        assert!(
            !decoded.resources.is_empty()
                || decoded.error.is_some()
                || decoded.http.is_some()
                || request_body,
            "{} decoded to nothing",
            path.display()
        );
        count += 1;
    }
    assert_eq!(count, 38);
}
