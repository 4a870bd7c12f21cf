//! Decoder cases that the shared vectors do not cover: untidy payloads, broken ones, correlation.

use super::*;

fn decode(text: &str) -> Decoded {
    decode_text(text, DecodeOptions::default())
}

fn messages(decoded: &Decoded) -> Vec<String> {
    decoded
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

fn has(decoded: &Decoded, needle: &str) -> bool {
    decoded
        .diagnostics
        .iter()
        .any(|d| d.message.contains(needle))
}

#[test]
fn untidy_operations_still_decode() {
    // (input, type, status, diagnostic that must appear)
    let cases = [
        (
            r#"{"@odata.type":"microsoft.graph.recordOperation","status":"Running","id":"X"}"#,
            "recordOperation",
            Some("running"),
            "has no leading '#'",
        ),
        (
            r##"{"@odata.type":"#microsoft.graph.someFutureOperation","status":"completed"}"##,
            "someFutureOperation",
            Some("completed"),
            "not a documented commsOperation type",
        ),
        (
            r#"{"status":"notStarted","id":"1"}"#,
            "commsOperation",
            Some("notStarted"),
            "no @odata.type",
        ),
        (
            r##"{"@odata.type":"#microsoft.graph.playPromptOperation","status":"paused"}"##,
            "playPromptOperation",
            Some("paused"),
            "'paused' is not a documented value",
        ),
        (
            r##"{"@odata.type":"#microsoft.graph.playPromptOperation","status":null,"clientContext":null,"resultInfo":null}"##,
            "playPromptOperation",
            None,
            "",
        ),
    ];
    for (input, type_name, status, needle) in cases {
        let d = decode(input);
        assert_eq!(d.kind, InputKind::Operation, "{input}");
        assert_eq!(d.resources[0].type_name, type_name, "{input}");
        assert_eq!(d.resources[0].status.as_deref(), status, "{input}");
        assert!(
            needle.is_empty() || has(&d, needle),
            "{input}: {:?}",
            messages(&d)
        );
        assert!(!d.has_errors(), "{input}: {:?}", messages(&d));
    }
}

#[test]
fn result_info_accepts_numbers_numeric_strings_and_sub_code() {
    let d = decode(
        r##"{"@odata.type":"#microsoft.graph.recordOperation","status":"failed","resultInfo":{"code":"400","subCode":8508}}"##,
    );
    let result = d.resources[0].result_info.clone().unwrap();
    assert_eq!((result.code, result.subcode), (Some(400), Some(8508)));
    assert!(has(&d, "the string \"400\""));
    assert!(has(&d, "'subCode' is the old spelling"));
    let d = decode(r#"{"status":"failed","resultInfo":{"code":"abc","subcode":1}}"#);
    // The unusable code is dropped; the good subcode is kept.
    let info = d.resources[0].result_info.clone().unwrap();
    assert_eq!((info.code, info.subcode), (None, Some(1)));
    assert!(has(&d, "\"abc\" is not a number"));
}

#[test]
fn result_info_numbers_are_checked_not_invented() {
    // (resultInfo JSON, code, subcode, diagnostic that must appear)
    let cases: [(&str, Option<i64>, Option<i64>, &str); 8] = [
        (
            r#"{"code":400}"#,
            Some(400),
            None,
            "resultInfo has no subcode",
        ),
        (
            r#"{"code":400.0,"subcode":8508}"#,
            Some(400),
            Some(8508),
            "as a decimal",
        ),
        (
            r#"{"code":"8508.0","subcode":1}"#,
            Some(8508),
            Some(1),
            "is the string",
        ),
        (
            r#"{"code":99999999999999999999,"subcode":1}"#,
            None,
            Some(1),
            "not an integer in range",
        ),
        (
            r#"{"code":2147483648,"subcode":1}"#,
            Some(2147483648),
            Some(1),
            "outside the Int32 range",
        ),
        (
            r#"{"code":null,"subcode":8508,"message":"m"}"#,
            None,
            Some(8508),
            "is null",
        ),
        (
            r#"{"code":400,"subcode":8508,"subCode":1}"#,
            Some(400),
            Some(8508),
            "different values",
        ),
        (
            r#"{"subCode":8508,"code":400}"#,
            Some(400),
            Some(8508),
            "old spelling",
        ),
    ];
    for (result, code, subcode, needle) in cases {
        let d = decode(&format!(r#"{{"status":"failed","resultInfo":{result}}}"#));
        let info = d.resources[0].result_info.clone().unwrap();
        assert_eq!((info.code, info.subcode), (code, subcode), "{result}");
        assert!(has(&d, needle), "{result}: {:?}", messages(&d));
    }
    // A missing subcode must not borrow the 200/0 explanation.
    let d = decode(r#"{"status":"completed","resultInfo":{"code":200}}"#);
    assert!(!d.resources[0]
        .explanation
        .clone()
        .unwrap()
        .contains("Action completed successfully"));
}

#[test]
fn resource_data_as_object_or_array_and_a_single_notification() {
    let batch = r##"{"value":[{"changeType":"updated","resourceUrl":"/communications/calls/c1/participants","resourceData":[{"@odata.type":"#microsoft.graph.participant","id":"p1"},{"@odata.type":"#microsoft.graph.participant","id":"p2"}]}]}"##;
    let d = decode(batch);
    assert_eq!(d.kind, InputKind::Notifications);
    let ids: Vec<_> = d.resources.iter().map(|r| r.id.clone().unwrap()).collect();
    assert_eq!(ids, ["p1", "p2"]);
    assert!(d
        .resources
        .iter()
        .all(|r| r.call_id.as_deref() == Some("c1")));
    let single = r##"{"@odata.type":"#microsoft.graph.commsNotification","changeType":"Deleted","resourceUrl":"/communications/calls/c1/operations/o1","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","id":"o1","status":"completed"}}"##;
    let d = decode(single);
    assert_eq!(d.kind, InputKind::Notification);
    assert_eq!(d.resources[0].change_type.as_deref(), Some("deleted"));
    assert!(has(&d, "changeType 'Deleted' is documented as 'deleted'"));
}

/// The URL's ids are read as written and normalised only where they become a resource's: the
/// call id, an id taken from the URL, a message.
#[test]
fn ids_taken_from_a_resource_url_are_normalised() {
    let d = decode(
        r##"{"value":[{"changeType":"deleted","resourceUrl":"/communications/Calls/{57DAB8B1-894C-409A-B240-00000000000A}/Operations/0FE0623FD62842EDB4BD8AC290072CC5?x=1","resourceData":{"@odata.type":"#microsoft.graph.recordOperation","status":"failed"}}]}"##,
    );
    let resource = &d.resources[0];
    assert_eq!(
        resource.call_id.as_deref(),
        Some("57dab8b1-894c-409a-b240-00000000000a")
    );
    assert_eq!(
        resource.id.as_deref(),
        Some("0fe0623f-d628-42ed-b4bd-8ac290072cc5")
    );
    assert!(has(
        &d,
        "no id in the resource: took 0fe0623f-d628-42ed-b4bd-8ac290072cc5 from its resourceUrl"
    ));
    // The same id in another spelling in the body is no mismatch.
    let d = decode(
        r##"{"value":[{"changeType":"deleted","resourceUrl":"/communications/calls/c1/operations/0FE0623FD62842EDB4BD8AC290072CC5","resourceData":{"@odata.type":"#microsoft.graph.recordOperation","id":" 0fe0623f-d628-42ed-b4bd-8ac290072cc5 ","status":"failed"}}]}"##,
    );
    assert!(!has(&d, "differs from"), "{:?}", d.diagnostics);
    assert_eq!(d.resources[0].call_id.as_deref(), Some("c1"));
}

#[test]
fn ids_are_correlated_across_spellings_and_mismatches_reported() {
    let d = decode(
        r##"{"value":[{"changeType":"deleted","resourceUrl":"/communications/calls/c1/operations/0FE0623FD62842EDB4BD8AC290072CC5","resourceData":{"@odata.type":"#microsoft.graph.recordOperation","id":"11111111-2222-3333-4444-555555555555","status":"failed"}}]}"##,
    );
    assert!(has(&d, "id 11111111-2222-3333-4444-555555555555 differs from the 0fe0623f-d628-42ed-b4bd-8ac290072cc5"));
    let d = decode(
        r##"{"value":[
        {"changeType":"updated","resourceUrl":"/communications/calls/c1/operations/0FE0623FD62842EDB4BD8AC290072CC5","resourceData":{"@odata.type":"#microsoft.graph.recordOperation","status":"running"}},
        {"changeType":"deleted","resourceUrl":"/communications/calls/c1/operations/0fe0623f-d628-42ed-b4bd-8ac290072cc5","resourceData":{"@odata.type":"#microsoft.graph.recordOperation","id":"0fe0623f-d628-42ed-b4bd-8ac290072cc5","status":"failed"}},
        {"changeType":"deleted","resourceUrl":"/communications/calls/c1/operations/other","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","status":"failed"}}
    ]}"##,
    );
    assert_eq!(d.timelines.len(), 1);
    assert_eq!(
        d.timelines[0].operation_id,
        "0fe0623f-d628-42ed-b4bd-8ac290072cc5"
    );
    let statuses: Vec<_> = d.timelines[0]
        .entries
        .iter()
        .map(|e| e.status.clone().unwrap())
        .collect();
    assert_eq!(statuses, ["running", "failed"]);
}

#[test]
fn broken_input_is_an_error_with_line_column_pointer_and_caret() {
    let d = decode("{\n  \"value\": [\n    {\"changeType\": \"deleted\",, }\n  ]\n}");
    assert_eq!(d.kind, InputKind::Invalid);
    let error = &d.diagnostics[0];
    assert!(error.is_error());
    assert_eq!((error.line, error.column), (Some(3), Some(30)));
    assert_eq!(error.pointer.as_deref(), Some("/value/0"));
    assert!(error.excerpt.as_deref().unwrap().ends_with('^'));
    let cases = [
        ("", "empty input"),
        ("   \n\t", "empty input"),
        ("42", "not an object"),
        (r#"{"value": 5}"#, "not an array of notifications"),
        (
            r#"{"value":[{"changeType":"deleted","resourceUrl":"/x","resourceData":7}]}"#,
            "resourceData must be an object",
        ),
        ("HTTP/1.1 200 OK\nnot a header\n\n{}", "neither a header"),
    ];
    for (input, needle) in cases {
        let d = decode(input);
        assert!(d.has_errors(), "{input}");
        assert!(has(&d, needle), "{input}: {:?}", messages(&d));
    }
}

#[test]
fn http_text_with_crlf_bom_and_blank_lines_keeps_body_positions() {
    let text = "\u{feff}\r\n\r\nHTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\r\n  \"status\": \"completed\",\r\n  \"id\": ,\r\n}\r\n";
    let d = decode(text);
    assert_eq!(d.kind, InputKind::HttpResponse);
    let error = d.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.line, Some(8), "{error}");
}

#[test]
fn an_http_request_carrying_notifications_decodes_them() {
    let text = "POST https://bot.contoso.com/api/calls\nContent-Type: application/json\n\n{\"value\":[{\"changeType\":\"deleted\",\"resourceUrl\":\"/communications/calls/c/operations/o\",\"resourceData\":{\"@odata.type\":\"#microsoft.graph.recordOperation\",\"status\":\"failed\",\"resultInfo\":{\"code\":400,\"subcode\":8508}}}]}";
    let d = decode(text);
    assert_eq!(d.kind, InputKind::HttpRequest);
    assert_eq!(d.resources[0].id.as_deref(), Some("o"));
    assert!(d.resources[0].explanation.is_some());
}

#[test]
fn fetched_response_without_location_and_429_are_explained() {
    // Pasted, a 200 without Location is worth a warning; fetched, `exchange` judges it with the origin.
    let body = r##"{"@odata.type":"#microsoft.graph.cancelMediaProcessingOperation","status":"completed","id":"x"}"##;
    assert!(has(
        &decode(&format!("HTTP/1.1 200 OK\n\n{body}")),
        "no Location header"
    ));
    let d = decode_http_response(200, &[], body);
    assert!(!has(&d, "no Location header"));
    let headers = [Header {
        name: "Retry-After".into(),
        value: "2.128".into(),
    }];
    let d = decode_http_response(
        429,
        &headers,
        r#"{"error":{"code":"TooManyRequests","message":"m"}}"#,
    );
    assert!(has(&d, "wait 2.128 s"));
    assert_eq!(d.error.unwrap().code, "TooManyRequests");
}

/// A small xorshift generator, so the no-panic property runs the same every time.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[test]
fn never_panics_on_mutated_payloads() {
    let seeds = [
        include_str!("../../tests/fixtures/vectors/v1.0_call-cancelmediaprocessing_notification-recordoperation-canceled.json"),
        include_str!("../../tests/fixtures/vectors/v1.0_call-cancelmediaprocessing_response.http"),
        include_str!("../../tests/fixtures/vectors/v1.0_call-mute_notification-roster-muted.json"),
        include_str!("../../tests/fixtures/vectors/v1.0_call-delete_notification-terminated.json"),
        include_str!("../../tests/fixtures/vectors/v1.0_concepts-errors_error-response-example.json"),
    ];
    let alphabet: Vec<char> = "{}[]\":,/*\\ntrue0-.e#@ \r\né😀HTTP/1.1 200\u{feff}"
        .chars()
        .collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut decoded_with_errors = 0;
    for round in 0..4000 {
        let seed: Vec<char> = seeds[round % seeds.len()].chars().collect();
        let mut chars = seed.clone();
        for _ in 0..1 + rng.below(6) {
            let at = rng.below(chars.len() + 1);
            match rng.below(4) {
                0 if at < chars.len() => {
                    chars.remove(at);
                }
                1 => chars.insert(at, alphabet[rng.below(alphabet.len())]),
                2 => chars.truncate(at),
                _ if at < chars.len() => chars[at] = alphabet[rng.below(alphabet.len())],
                _ => {}
            }
        }
        let text: String = chars.into_iter().collect();
        for strict in [false, true] {
            let d = decode_text(
                &text,
                DecodeOptions {
                    strict,
                    pretty: true,
                },
            );
            if d.has_errors() {
                decoded_with_errors += 1;
                let error = d.diagnostics.iter().find(|d| d.is_error()).unwrap();
                assert!(!error.message.is_empty());
            }
            // Serializing (what the page and the CLI do next) must not fail either.
            serde_json::to_string(&d).unwrap();
        }
    }
    assert!(
        decoded_with_errors > 500,
        "the mutations should break many inputs: {decoded_with_errors}"
    );
}

#[test]
fn request_bodies_are_action_parameters_not_resources() {
    let d = decode(r#"{"clientContext": "ctx"}"#);
    assert!(d.resources.is_empty());
    assert!(has(&d, "a request body (action parameters: clientContext)"));
    assert!(!has(&d, "no @odata.type"));
    let d = decode(&format!(r#"{{"clientContext": "{}"}}"#, "x".repeat(257)));
    assert!(d.has_errors() && has(&d, "257 characters"));
    let d = decode("POST https://graph.microsoft.com/v1.0/communications/calls/c1/cancelMediaProcessing\nContent-Type: application/json\n\n{\"clientContext\": 5}");
    assert_eq!(d.kind, InputKind::HttpRequest);
    assert!(has(&d, "clientContext must be a string, not a number"));
}

#[test]
fn an_update_recording_status_body_is_that_actions_parameters() {
    let request = |body: &str| {
        decode(&format!("POST https://graph.microsoft.com/v1.0/communications/calls/c1/updateRecordingStatus\nContent-Type: application/json\n\n{body}"))
    };
    // The documented request body: status is a recordingStatus, not an operation's status.
    let d = request(r#"{"clientContext": "ctx", "status": "notRecording"}"#);
    assert_eq!(d.kind, InputKind::HttpRequest);
    assert!(d.resources.is_empty(), "{:?}", d.resources);
    assert!(
        has(
            &d,
            "a request body (action parameters: clientContext, status)"
        ),
        "{:?}",
        messages(&d)
    );
    assert!(
        !d.has_errors() && !has(&d, "operationStatus"),
        "{:?}",
        messages(&d)
    );
    // failed is a recordingStatus too; in a request it is still a parameter.
    let d = request(r#"{"clientContext": "ctx", "status": "failed"}"#);
    assert!(d.resources.is_empty());
    // A value updateRecordingStatus does not take is named.
    let d = request(r#"{"status": "completed"}"#);
    assert!(d.resources.is_empty());
    assert!(
        has(&d, "status 'completed' is not a recordingStatus (unknown, notRecording, recording, failed, unknownFutureValue)"),
        "{:?}",
        messages(&d)
    );
    // Pasted without its request line: recording and notRecording are no operation's status.
    let d = decode(r#"{"clientContext": "ctx", "status": "recording"}"#);
    assert_eq!(d.kind, InputKind::Operation);
    assert!(d.resources.is_empty(), "{:?}", d.resources);
    assert!(has(&d, "action parameters: clientContext, status"));
    // An operation with a status stays an operation.
    let d = decode(r#"{"clientContext": "ctx", "status": "running"}"#);
    assert_eq!(d.resources.len(), 1);
}

#[test]
fn comment_lines_before_an_http_start_line_are_skipped() {
    let text = "# from mediaops build\n### a REST Client separator\nPOST https://graph.microsoft.com/v1.0/communications/calls/c1/cancelMediaProcessing\nContent-Type: application/json\n\n{\n  \"clientContext\": \"x\",\n}";
    let d = decode(text);
    assert_eq!(d.kind, InputKind::HttpRequest);
    let warning = d
        .diagnostics
        .iter()
        .find(|d| d.message.contains("trailing comma"))
        .unwrap();
    assert_eq!(warning.line, Some(7));
}

#[test]
fn empty_shapes_and_nulls_are_reported() {
    assert!(has(&decode("[]"), "an empty array"));
    assert!(has(&decode(r#"{"error":{}}"#), "has no code"));
    let d = decode(r##"{"@odata.type":"#microsoft.graph.playPromptOperation","status":null}"##);
    assert!(has(&d, "status is null"));
    let d = decode(
        r##"{"@odata.type":"#microsoft.graph.call","state":"established","toneInfo":{"sequenceId":3,"tone":"pound"}}"##,
    );
    assert_eq!(d.resources[0].tone.as_deref(), Some("pound"));
    assert_eq!(d.resources[0].properties["toneInfo"]["sequenceId"], 3);
}

#[test]
fn log_lines_with_one_batch_each_decode_together() {
    let line = |op: &str, status: &str| {
        format!(
            r##"{{"value":[{{"changeType":"deleted","resourceUrl":"/communications/calls/c/operations/{op}","resourceData":{{"@odata.type":"#microsoft.graph.recordOperation","status":"{status}"}}}}]}}"##
        )
    };
    let text = format!(
        "{}\n{}\n\n{}",
        line("a", "running"),
        line("b", "failed"),
        line("a", "failed")
    );
    let d = decode(&text);
    assert_eq!(d.kind, InputKind::Notifications);
    let ids: Vec<_> = d.resources.iter().map(|r| r.id.clone().unwrap()).collect();
    assert_eq!(ids, ["a", "b", "a"]);
    assert_eq!(
        d.resources[2].pointer.as_deref(),
        Some("/2/value/0/resourceData")
    );
    assert_eq!(d.resources[2].line, Some(4));
    assert_eq!(d.timelines.len(), 1);
    assert!(has(&d, "3 JSON documents one after another"));
    // A broken second line is still an error with its place.
    let d = decode(&format!("{}\n{{\"value\": [}}", line("a", "running")));
    assert!(d.has_errors());
    let error = d.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(error.line, Some(2));
}

#[test]
fn the_pretty_body_is_made_only_when_asked() {
    let text = "{\"value\": [] // none yet\n}";
    assert_eq!(decode(text).pretty, None);
    let d = decode_text(
        text,
        DecodeOptions {
            strict: false,
            pretty: true,
        },
    );
    assert_eq!(d.pretty.as_deref(), Some("{\n  \"value\": []\n}"));
    let lines = decode_text(
        "[1]\n[2]",
        DecodeOptions {
            strict: false,
            pretty: true,
        },
    );
    assert_eq!(
        lines.pretty.as_deref(),
        Some("[\n  [\n    1\n  ],\n  [\n    2\n  ]\n]")
    );
}

#[test]
fn text_from_bytes_reports_the_first_bad_sequence_where_the_decoder_counts() {
    // (bytes, byte offset in the message, line, column)
    let cases: [(&[u8], &str, u32, u32); 4] = [
        (b"ab\xc3", "invalid UTF-8 at byte offset 2 (0xC3)", 1, 3),
        // A UTF-8 byte order mark is not a column.
        (
            b"\xef\xbb\xbf{\r\n\xff",
            "invalid UTF-8 at byte offset 6 (0xFF)",
            2,
            1,
        ),
        (
            &[0xFF, 0xFE, b'a', 0, 0x00, 0xDC],
            "invalid UTF-16 at byte offset 4 (an unpaired surrogate, 0xDC00)",
            1,
            2,
        ),
        (
            &[0xFE, 0xFF, 0, b'a', 0],
            "invalid UTF-16 at byte offset 4: an odd number of bytes",
            1,
            2,
        ),
    ];
    for (bytes, message, line, column) in cases {
        let (text, problem) = text_from_bytes(bytes);
        let problem = problem.unwrap_or_else(|| panic!("{bytes:?} is reported"));
        assert!(problem.message.starts_with(message), "{}", problem.message);
        assert_eq!(
            (problem.line, problem.column),
            (Some(line), Some(column)),
            "{bytes:?}"
        );
        assert!(problem.is_error() && text.contains('\u{fffd}'), "{text:?}");
    }
    assert_eq!(text_from_bytes("é\n".as_bytes()), ("é\n".to_string(), None));
}

#[test]
fn timelines_tell_apart_ids_whose_hashes_collide() {
    let operation = |id: &str, status: &str| Resource {
        type_name: "recordOperation".into(),
        category: resource::Category::Operation,
        id: Some(id.into()),
        status: Some(status.to_string().into()),
        change_type: Some("updated".into()),
        ..Resource::default()
    };
    let mut timelines = Timelines::default();
    timelines.add(0, &operation("Op-A", "running"));
    // No real FNV-1a collision is known to us: pretend "op-b" hashes as "op-a" does.
    let first = timelines.by_hash.get(&id_hash("op-a")).copied().unwrap();
    timelines.by_hash.insert(id_hash("op-b"), first);
    timelines.add(1, &operation("op-b", "running"));
    timelines.add(2, &operation("OP-B", "failed"));
    timelines.add(3, &operation("op-a", "completed"));
    timelines.add(4, &operation("op-c", "failed"));
    let found: Vec<(String, Vec<(usize, String)>)> = timelines
        .finish()
        .into_iter()
        .map(|t| {
            let entries = t
                .entries
                .into_iter()
                .map(|e| (e.resource, e.status.unwrap().into_owned()))
                .collect();
            (t.operation_id, entries)
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "Op-A".to_string(),
                vec![(0, "running".to_string()), (3, "completed".to_string())]
            ),
            (
                "op-b".to_string(),
                vec![(1, "running".to_string()), (2, "failed".to_string())]
            ),
        ]
    );
}

#[test]
fn an_odata_id_is_checked_against_the_resource_url_unless_it_is_the_same_text() {
    let notification = |url: &str, odata_id: &str| {
        format!(
            r##"{{"changeType":"deleted","resourceUrl":{url},"resourceData":{{"@odata.type":"#microsoft.graph.recordOperation","@odata.id":"{odata_id}","id":"o1","status":"failed"}}}}"##
        )
    };
    let same = decode(&notification(
        r#""/communications/calls/c1/operations/o1""#,
        "/communications/calls/c1/operations/o1",
    ));
    assert!(
        !has(&same, "name different resources"),
        "{:?}",
        messages(&same)
    );
    assert_eq!(same.resources[0].call_id.as_deref(), Some("c1"));
    // Another spelling of the same resource is no mismatch either.
    let spelled = decode(&notification(
        r#""/communications/calls/c1/operations/o1""#,
        "/Communications/Calls/c1/Operations/o1",
    ));
    assert!(!has(&spelled, "name different resources"));
    let other = decode(&notification(
        r#""/communications/calls/c1/operations/o1""#,
        "/communications/calls/c2/operations/o1",
    ));
    assert!(has(&other, "name different resources"));
    assert_eq!(other.resources[0].call_id.as_deref(), Some("c1"));
    // Without a URL, the call comes from @odata.id.
    let only_odata = decode(&notification(
        "null",
        "/communications/calls/c3/operations/o1",
    ));
    assert_eq!(only_odata.resources[0].call_id.as_deref(), Some("c3"));
}

#[test]
fn a_resource_reads_the_last_of_a_duplicated_key() {
    let d = decode(
        r##"{"changeType":"created","changeType":"updated","resourceUrl":"/communications/calls/c1/operations/o1","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","status":"running","id":"o1","status":"completed","clientContext":"a","clientContext":"b"}}"##,
    );
    let resource = &d.resources[0];
    assert_eq!(resource.change_type.as_deref(), Some("updated"));
    assert_eq!(resource.status.as_deref(), Some("completed"));
    assert_eq!(resource.client_context.as_deref(), Some("b"));
    assert!(has(&d, "duplicate key 'status'"));
}

#[path = "../../benches/common/batch.rs"]
mod bench_batch;

/// A resource decoded for counting is the whole one without what only a card shows, and its
/// notification says the same diagnostics (so an overview's counts and timelines are those of
/// the whole decoding).
#[test]
fn a_counted_resource_is_the_whole_one_without_its_card() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vectors");
    let mut texts: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| std::fs::read_to_string(entry.unwrap().path()).unwrap())
        .collect();
    // Resources that warn, have no type, no id, an array of them, kept properties.
    texts.push(
        r##"{"value":[
        {"changeType":"updated","resourceUrl":"/communications/calls/C1/operations/O1","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","id":"o2","status":"bogus","clientContext":7,"resultInfo":{"message":"only a message"},"extra":{"a":[1,2]}}},
        {"changeType":"sideways","resourceUrl":"/communications/calls/C1","resourceData":[{"status":"Completed","clientContext":"x"},{"@odata.type":"#microsoft.graph.call","state":"established","resultInfo":{"code":"400","subCode":8508}}]},
        {"changeType":"deleted","resourceUrl":"/communications/calls/C1/operations/O3","resourceData":{"@odata.type":"#microsoft.graph.subscribeToToneOperation","status":"failed","completionReason":"operationCanceled","toneInfo":{"tone":"tone5"},"@odata.id":"/communications/calls/C2/operations/O3"}},
        {"changeType":"created","resourceUrl":"/communications/calls/C1/participants/P1","resourceData":{"@odata.type":"#microsoft.graph.participant","info":{"identity":{}}}}
        ]}"##
            .to_string(),
    );
    texts.push(bench_batch::batch(30));
    let mut compared = 0;
    for text in &texts {
        let Ok(tape) = json::parse_tape(text, &ParseOptions::default()) else {
            continue;
        };
        let Some(root) = tape.roots().next() else {
            continue;
        };
        // A batch's notifications, or a notification on its own.
        let items: Vec<_> = match root.get("value").and_then(|value| value.as_array()) {
            Some(items) => items.iter().collect(),
            None if root.get("resourceUrl").is_some() => vec![root],
            None => continue,
        };
        for item in items {
            let mut whole = Decoded::new(InputKind::Notifications);
            let mut counted = Decoded::new(InputKind::Notifications);
            resource::decode_notification(item, Detail::Whole, &mut whole);
            resource::decode_notification(item, Detail::Counted, &mut counted);
            assert_eq!(counted.diagnostics, whole.diagnostics);
            let without_card = |resource: &Resource| Resource {
                resource_url: None,
                pointer: None,
                line: None,
                column: None,
                call_id: None,
                client_context: None,
                about: None,
                explanation: None,
                properties: serde_json::Map::new(),
                result_info: resource.result_info.clone().map(|info| ResultInfo {
                    message: None,
                    ..info
                }),
                ..resource.clone()
            };
            let expected: Vec<Resource> = whole.resources.iter().map(without_card).collect();
            assert_eq!(counted.resources, expected);
            assert!(whole.resources.iter().all(|r| r.line.is_some()));
            compared += whole.resources.len();
        }
    }
    assert!(compared >= 40, "resources compared: {compared}");
}
