//! `mediaops decode` as a terminal user runs it: the JSON document, the summary, the exit codes.

use std::process::Command;

mod common;

#[path = "../benches/common/batch.rs"]
mod batch;

/// Runs `mediaops decode ARGS` with `stdin`; returns (exit code, stdout, stderr).
fn decode(args: &[&str], stdin: &str) -> (i32, String, String) {
    let run = common::mediaops_with_input(&[&["decode"], args].concat(), stdin);
    (run.code, run.stdout, run.stderr)
}

fn fixture(name: &str) -> String {
    format!(
        "{}/tests/fixtures/vectors/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn json_output_has_the_documented_shape() {
    let path =
        fixture("v1.0_call-cancelmediaprocessing_notification-recordoperation-canceled.json");
    let (code, stdout, _) = decode(&[&path, "--json"], "");
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["kind"], "notifications");
    let resource = &json["resources"][0];
    assert_eq!(resource["type"], "recordOperation");
    assert_eq!(resource["changeType"], "deleted");
    assert_eq!(resource["id"], "0fe0623f-d628-42ed-b4bd-8ac290072cc5");
    assert_eq!(resource["callId"], "57dab8b1-894c-409a-b240-bd8beae78896");
    assert_eq!(resource["status"], "failed");
    assert_eq!(resource["completionReason"], "operationCanceled");
    assert_eq!(resource["resultInfo"]["code"], 400);
    assert_eq!(resource["resultInfo"]["subcode"], 8508);
    assert!(resource["explanation"].as_str().unwrap().contains("cancel"));
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    assert!(
        json.get("http").is_none() && json.get("error").is_none() && json.get("pretty").is_none()
    );
}

#[test]
fn http_responses_and_graph_errors_from_stdin() {
    let text =
        std::fs::read_to_string(fixture("v1.0_call-cancelmediaprocessing_response.http")).unwrap();
    let (code, stdout, _) = decode(&["-", "--json"], &text);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["kind"], "http-response");
    assert_eq!(json["http"]["status"], 200);
    assert_eq!(
        json["http"]["location"]["operationId"],
        "17e3b46c-f61d-4f4d-9635-c626ef18e6ad"
    );
    assert_eq!(json["diagnostics"][0]["severity"], "warning");

    let error = r#"{"error":{"code":"InvalidAuthenticationToken","message":"Access token is empty.","innerError":{"date":"2026-01-01T00:00:00","request-id":"r-1"}}}"#;
    let (code, stdout, _) = decode(&["--json"], error);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["kind"], "graph-error");
    assert_eq!(
        json["error"],
        serde_json::json!({"code": "InvalidAuthenticationToken", "message": "Access token is empty.", "requestId": "r-1", "date": "2026-01-01T00:00:00"})
    );
}

#[test]
fn the_summary_reads_well_and_errors_exit_1() {
    let path = fixture("v1.0_call-mute_notification-roster-muted.json");
    let (code, stdout, _) = decode(&[&path], "");
    assert_eq!(code, 0, "warnings are allowed");
    assert!(
        stdout.starts_with("notifications: 1 resource(s), 0 error(s), 1 warning(s)\n"),
        "{stdout}"
    );
    assert!(stdout.contains("Participant Bob is muted."), "{stdout}");
    assert!(
        stdout.contains("warning at line 30, column 28 (/value/0/resourceData/0): comment"),
        "{stdout}"
    );

    let (code, stdout, _) = decode(&[&path, "--strict", "--json"], "");
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["diagnostics"][0]["severity"], "error");
    assert_eq!(json["diagnostics"][0]["line"], 30);
    assert_eq!(json["diagnostics"][0]["column"], 28);
    assert_eq!(json["diagnostics"][0]["pointer"], "/value/0/resourceData/0");

    let (code, stdout, _) = decode(&[], "{\"value\": [1,]");
    assert_eq!(code, 1);
    assert!(stdout.contains("error at line 1"), "{stdout}");
}

#[test]
fn usage_errors_exit_2_and_missing_files_exit_1() {
    let (code, _, stderr) = decode(&["--bogus"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("unknown option --bogus"), "{stderr}");
    let (code, _, stderr) = decode(&["a.json", "b.json"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("one input"), "{stderr}");
    let (code, _, stderr) = decode(&["/no/such/file.json"], "");
    assert_eq!(code, 1);
    assert!(
        stderr.contains("cannot read /no/such/file.json"),
        "{stderr}"
    );
}

#[test]
fn what_mediaops_build_prints_decodes_cleanly() {
    let built = Command::new(env!("CARGO_BIN_EXE_mediaops"))
        .args([
            "build",
            "--call-id",
            "57dab8b1-894c-409a-b240-bd8beae78896",
            "--client-context",
            "round \"trip\"",
        ])
        .output()
        .expect("run mediaops build");
    assert!(built.status.success());
    let text = String::from_utf8(built.stdout).unwrap();
    assert!(
        text.starts_with('#'),
        "build's raw HTTP starts with a comment line: {text}"
    );
    let (code, stdout, _) = decode(&["--json"], &text);
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["kind"], "http-request");
    assert_eq!(json["http"]["method"], "POST");
    assert_eq!(
        json["http"]["target"]["callId"],
        "57dab8b1-894c-409a-b240-bd8beae78896"
    );
    let severities: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["severity"].as_str().unwrap())
        .collect();
    assert!(
        !severities.contains(&"error") && !severities.contains(&"warning"),
        "{stdout}"
    );
}

#[test]
fn a_utf16_file_as_powershell_writes_it_decodes() {
    let text = std::fs::read_to_string(fixture(
        "v1.0_call-cancelmediaprocessing_notification-recordoperation-canceled.json",
    ))
    .unwrap();
    let dir = std::env::temp_dir().join(format!("mediaops-utf16-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, bom, encode) in [
        (
            "le.json",
            [0xFF, 0xFE],
            u16::to_le_bytes as fn(u16) -> [u8; 2],
        ),
        (
            "be.json",
            [0xFE, 0xFF],
            u16::to_be_bytes as fn(u16) -> [u8; 2],
        ),
    ] {
        let mut bytes = bom.to_vec();
        bytes.extend(text.encode_utf16().flat_map(encode));
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let (code, stdout, _) = decode(&[path.to_str().unwrap(), "--json"], "");
        assert_eq!(code, 0, "{name}: {stdout}");
        let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
        assert_eq!(
            json["resources"][0]["completionReason"], "operationCanceled",
            "{name}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Characters that move the cursor, clear the screen, ring the bell or reorder text: none of
/// them may reach the terminal raw from a payload.
const RAW_CONTROLS: [char; 9] = [
    '\u{1b}', '\u{7}', '\r', '\u{8}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{0}',
];

fn assert_no_raw_controls(text: &str) {
    if let Some(c) = text
        .chars()
        .find(|c| RAW_CONTROLS.contains(c) || (c.is_control() && *c != '\n'))
    {
        panic!("raw U+{:04X} in the output:\n{text:?}", u32::from(c));
    }
}

#[test]
fn the_summary_shows_control_characters_of_a_payload_visibly() {
    // ESC [2J clears the screen, BEL rings, CR and a forged line overwrite the report.
    let payload = r##"{"@odata.type":"#microsoft.graph.cancelMediaProcessingOperation","id":"op-1","status":"completed","clientContext":"a\u001b[2J\u0007b\rforged\nline\u009b\u202eevil"}"##;
    let (code, stdout, _) = decode(&[], payload);
    assert_eq!(code, 0, "{stdout}");
    assert_no_raw_controls(&stdout);
    assert!(
        stdout.contains(
            "  clientContext: a\\u001b[2J\\u0007b\\u000dforged\\u000aline\\u009b\\u202eevil\n"
        ),
        "{stdout}"
    );
}

#[test]
fn diagnostics_and_excerpts_show_control_characters_visibly() {
    // A raw ESC in a string is an error; the excerpt repeats its line, caret under the escape.
    let payload = "{\"a\": \"\u{1b}]0;title\u{7}\"}";
    let (code, stdout, _) = decode(&[], payload);
    assert_eq!(code, 1);
    assert_no_raw_controls(&stdout);
    assert!(
        stdout.contains("\n    {\"a\": \"\\u001b]0;title\\u0007\"}\n           ^\n"),
        "{stdout}"
    );
    // DEL, a C1 control and a bidi override are valid JSON text: the error is at the x after
    // them, and the caret stays under it once the escapes widen the line.
    let payload = "{\"a\": \"\u{7f}\u{9b}\u{202e}\" x}";
    let (code, stdout, _) = decode(&[], payload);
    assert_eq!(code, 1);
    assert_no_raw_controls(&stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("\\u007f\\u009b\\u202e"))
        .unwrap_or_else(|| panic!("the excerpt line in {stdout}"));
    let caret = lines[at + 1].find('^').expect("a caret line");
    assert_eq!(lines[at].get(caret..caret + 1), Some("x"), "{stdout}");

    // An unknown enum value is echoed in a message.
    let payload = r##"{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op-1","status":"done\u001b[31m"}"##;
    let (_, stdout, _) = decode(&[], payload);
    assert_no_raw_controls(&stdout);
    assert!(stdout.contains("done\\u001b[31m"), "{stdout}");
}

#[test]
fn json_output_escapes_what_a_terminal_would_obey() {
    let payload = r##"{"@odata.type":"#microsoft.graph.cancelMediaProcessingOperation","id":"op-1","status":"completed","clientContext":"x\u009b2J\u202e\u007f"}"##;
    let (code, stdout, _) = decode(&["--json"], payload);
    assert_eq!(code, 0, "{stdout}");
    assert_no_raw_controls(&stdout);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["resources"][0]["clientContext"],
        "x\u{9b}2J\u{202e}\u{7f}"
    );
}

#[test]
fn usage_errors_show_control_characters_of_an_argument_visibly() {
    let (code, _, stderr) = decode(&["--\u{1b}[2J"], "");
    assert_eq!(code, 2);
    assert_no_raw_controls(&stderr);
    assert!(stderr.contains("unknown option --\\u001b[2J"), "{stderr}");
    let (code, _, stderr) = decode(&["a.json", "\u{1b}[2J\u{7}"], "");
    assert_eq!(code, 2);
    assert_no_raw_controls(&stderr);
    assert!(stderr.contains("'\\u001b[2J\\u0007'"), "{stderr}");
    let (code, _, stderr) = decode(&["/no/such/\u{1b}[2J"], "");
    assert_eq!(code, 1);
    assert_no_raw_controls(&stderr);
    assert!(stderr.contains("/no/such/\\u001b[2J"), "{stderr}");
    let run = common::mediaops(&["\u{1b}[2Jfrob"]);
    assert_eq!(run.code, 2);
    assert_no_raw_controls(&run.stderr);
    assert!(
        run.stderr.contains("unknown command '\\u001b[2Jfrob'"),
        "{}",
        run.stderr
    );
}

/// A fresh file under the system temp directory holding `bytes`.
fn temp_file(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mediaops-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn input_over_max_bytes_is_refused_naming_the_limit() {
    // A valid batch padded with spaces to 2,000 bytes.
    let text = std::fs::read_to_string(fixture(
        "v1.0_call-cancelmediaprocessing_notification-recordoperation-canceled.json",
    ))
    .unwrap();
    let padded = format!("{text}{}", " ".repeat(2000 - text.len()));
    let path = temp_file("padded.json", padded.as_bytes());
    let path = path.to_str().unwrap();

    let (code, stdout, stderr) = decode(&[path, "--max-bytes", "1999"], "");
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("the input is larger than 1999 bytes, the limit of --max-bytes"),
        "{stderr}"
    );
    let (code, _, stderr) = decode(&["--max-bytes=1999"], &padded);
    assert_eq!(code, 1);
    assert!(stderr.contains("larger than 1999 bytes"), "{stderr}");
    // Exactly at the limit decodes.
    let (code, stdout, _) = decode(&[path, "--max-bytes", "2000", "--json"], "");
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["resources"][0]["completionReason"],
        "operationCanceled"
    );

    let (code, _, stderr) = decode(&["--max-bytes", "lots"], "");
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--max-bytes takes a number of bytes, not 'lots'"),
        "{stderr}"
    );
    // The default is documented where the usage is.
    let run = common::mediaops(&["help"]);
    assert!(
        run.stdout.contains("[--max-bytes N]")
            && run.stdout.contains("default 268435456 (256 MiB)"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_endless_input_stops_at_the_limit() {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_mediaops"))
        .args(["decode", "--max-bytes", "1000000"])
        .stdin(std::fs::File::open("/dev/zero").unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(20) {
            child.kill().ok();
            child.wait().ok();
            panic!("mediaops decode kept reading /dev/zero past its limit");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let output = child.wait_with_output().unwrap();
    assert_eq!(status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("larger than 1000000 bytes"), "{stderr}");
}

#[test]
fn invalid_utf8_is_an_error_with_its_byte_offset_line_and_column() {
    // Byte 9 (from 0) is 0xFF, on line 2 after ` "x`.
    let path = temp_file("latin1.json", b"{\"a\":\n \"x\xffy\"}");
    let path = path.to_str().unwrap();
    let (code, stdout, _) = decode(&[path, "--json"], "");
    assert_eq!(code, 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(first["severity"], "error", "{stdout}");
    assert_eq!(first["line"], 2);
    assert_eq!(first["column"], 4);
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid UTF-8 at byte offset 9 (0xFF)"),
        "{stdout}"
    );
    let (code, stdout, _) = decode(&[path], "");
    assert_eq!(code, 1);
    assert!(
        stdout.contains("error at line 2, column 4: invalid UTF-8 at byte offset 9"),
        "{stdout}"
    );
    // An unpaired surrogate in a UTF-16 file: offset 6 counts the byte order mark.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in [
        u16::from(b'{'),
        u16::from(b'"'),
        0xD800,
        u16::from(b'"'),
        u16::from(b'}'),
    ] {
        utf16.extend(unit.to_le_bytes());
    }
    let path = temp_file("surrogate.json", &utf16);
    let (code, stdout, _) = decode(&[path.to_str().unwrap(), "--json"], "");
    assert_eq!(code, 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(3)),
        "{stdout}"
    );
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .starts_with("invalid UTF-16 at byte offset 6 (an unpaired surrogate, 0xD800)"),
        "{stdout}"
    );
}

/// What `--json` must print for `text`: serde_json's pretty document of `decode_text`, made safe
/// for a terminal, and a line break.
fn expected_json(text: &str, strict: bool) -> String {
    let decoded = mediaops::decode::decode_text(
        text,
        mediaops::decode::DecodeOptions {
            strict,
            pretty: false,
        },
    );
    let pretty = serde_json::to_string_pretty(&decoded).unwrap();
    format!("{}\n", mediaops::diagnostic::visible_lines(&pretty))
}

/// `decode --json` (and `--json --strict`) writes for each case exactly `decode_text`'s document.
fn assert_json_is_the_whole_document(cases: &[String]) {
    for text in cases {
        for strict in [false, true] {
            let args: &[&str] = if strict {
                &["--json", "--strict"]
            } else {
                &["--json"]
            };
            let (_, stdout, _) = decode(args, text);
            assert!(
                stdout == expected_json(text, strict),
                "{}",
                &text[..text.len().min(200)]
            );
        }
    }
}

#[test]
fn json_output_is_the_whole_document_byte_for_byte_when_streamed() {
    let mut big = batch::batch(2_000);
    // Characters a terminal would obey, inside a streamed batch.
    big = big.replacen("ctx-7\"", "ctx-7\u{202e}\u{9b}\u{7f}é\"", 1);
    let broken = format!("{},\n  ]\n}}", big.trim_end_matches("\n  ]\n}"));
    let cases = [
        big.clone(),
        broken,
        batch::batch(1),
        "{\"value\": [], \"@odata.type\": \"#microsoft.graph.commsNotifications\"}".to_string(),
        std::fs::read_to_string(fixture("v1.0_call-cancelmediaprocessing_response.http")).unwrap(),
        "not json".to_string(),
    ];
    assert_json_is_the_whole_document(&cases);
    let (code, stdout, _) = decode(&["--json"], &big);
    assert_eq!(code, 0);
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["resources"].as_array().unwrap().len(), 2_000);
    assert!(
        stdout.contains("ctx-7\\u202e\\u009b\\u007fé"),
        "escaped for the terminal"
    );
}

#[test]
fn json_output_is_byte_for_byte_on_what_the_writer_and_the_first_pass_treat_apart() {
    let good = batch::notification(0);
    let call = batch::notification(2);
    let batch_of = |items: &[&str]| {
        format!(
            "{{\n  \"@odata.type\": \"#microsoft.graph.commsNotifications\",\n  \"value\": [\n{}\n  ]\n}}",
            items.join(",\n")
        )
    };
    // Values the writer must escape (quote, backslash, controls, escaped and raw non-ASCII),
    // nested kept properties, duplicate keys, a lone surrogate, unknown values kept as written.
    let odd = r##"{"changeType":"Updated","changeType":"updated","resourceUrl":"/communications/calls/C1/operations/{0FE0623F-D628-42ED-B4BD-8AC290072CC5}","resourceData":{"@odata.type":"#microsoft.graph.playPromptOperation","id":"0fe0623fd62842edb4bd8ac290072cc5","clientContext":"a\"b\\c\u0001\t é\u202e","status":"Running","resultInfo":{"code":"400","subcode":8508.0,"message":"q\"\\\n"},"extra":{"list":[1,-0,2.5e3,true,null,{},[]],"s":"\uD83D\uDE00 \uD800"},"completionReason":"whoKnows"}}"##;
    let cases = [
        batch_of(&[&good, odd, &call, odd]),
        // NDJSON and a batch whose root key is escaped: decoded whole, written the same way.
        format!("{good}\n{odd}\n{call}\n"),
        batch_of(&[&good, odd]).replacen("\"value\"", "\"v\\u0061lue\"", 1),
    ];
    let streamed: Vec<bool> = cases
        .iter()
        .map(|text| mediaops::decode::stream::streams(text, Default::default()))
        .collect();
    assert_eq!(streamed, [true, false, false]);
    assert_json_is_the_whole_document(&cases);
    // The streamed batch again, read from a UTF-16 file (as Windows PowerShell writes one).
    let text = &cases[0];
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let path = temp_file("streamed-utf16.json", &bytes);
    let (code, stdout, _) = decode(&[path.to_str().unwrap(), "--json"], "");
    assert_eq!(code, 0);
    assert!(stdout == expected_json(text, false), "{stdout}");
    let document: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(document["resources"].as_array().unwrap().len(), 4);
    assert_eq!(
        document["resources"][1]["clientContext"],
        "a\"b\\c\u{1}\t é\u{202e}"
    );
}
