//! The simulator: golden notifications for every preset, properties over many generated
//! scenarios, located diagnostics for bad ones, and `mediaops simulate` as a terminal user runs it.

use mediaops::decode::{decode_text, DecodeOptions};
use mediaops::diagnostic::Severity;
use mediaops::graph::ApiVersion;
use mediaops::simulate::call::OperationLane;
use mediaops::simulate::{presets, simulate, Run, RunOptions};

mod common;

fn golden_path(id: &str) -> String {
    format!(
        "{}/tests/fixtures/simulate/{id}.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The JSON array `mediaops simulate --json` prints: the bodies in order.
fn bodies(run: &Run) -> serde_json::Value {
    serde_json::Value::Array(
        run.notifications()
            .map(|text| serde_json::from_str(text).expect("a simulated body is JSON"))
            .collect(),
    )
}

#[test]
fn every_preset_matches_its_golden_notifications() {
    for preset in presets::PRESETS {
        let run = simulate(preset.scenario, &RunOptions::default());
        assert!(
            run.diagnostics.is_empty(),
            "{}: {:?}",
            preset.id,
            run.diagnostics
        );
        let actual = serde_json::to_string_pretty(&bodies(&run)).unwrap() + "\n";
        let path = golden_path(preset.id);
        if std::env::var_os("MEDIAOPS_UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{path}: {e} (MEDIAOPS_UPDATE_GOLDEN=1 writes it)"));
        assert_eq!(actual, expected, "preset {} differs from {path}", preset.id);
    }
}

#[test]
fn the_cancel_preset_reports_each_cancelled_operation_as_the_docs_show() {
    let preset = presets::find("cancel-during-prompt").unwrap();
    let run = simulate(preset.scenario, &RunOptions::default());
    let all = bodies(&run);
    let reports: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|body| &body["value"][0])
        .filter(|n| n["changeType"] == "deleted")
        .collect();
    assert_eq!(reports.len(), 3);
    let contexts: Vec<&str> = reports
        .iter()
        .map(|n| n["resourceData"]["clientContext"].as_str().unwrap())
        .collect();
    assert_eq!(contexts, ["welcome", "menu", "answer"]);
    for report in &reports {
        let data = &report["resourceData"];
        assert_eq!(data["status"], "failed");
        assert_eq!(data["resultInfo"]["code"], 400);
        assert_eq!(data["resultInfo"]["subcode"], 8508);
        assert_eq!(
            data["resultInfo"]["message"],
            "Action failed, the operation was cancelled."
        );
        assert_eq!(report["resourceUrl"], data["@odata.id"]);
        let url = report["resourceUrl"].as_str().unwrap();
        assert_eq!(
            url,
            format!(
                "/communications/calls/{}/operations/{}",
                run.call_id,
                data["id"].as_str().unwrap()
            )
        );
    }
    // v1.0's playPromptOperation has no completionReason; the record's is documented.
    assert!(reports[0]["resourceData"].get("completionReason").is_none());
    assert_eq!(
        reports[2]["resourceData"]["completionReason"],
        "operationCanceled"
    );
    assert_eq!(reports[2]["resourceData"]["recordingLocation"], "");
    // The answers' Locations name the operations the notifications report.
    let locations: Vec<String> = run
        .events
        .iter()
        .filter_map(|e| e.exchange.as_ref())
        .filter_map(|x| {
            x.response_headers
                .iter()
                .find(|h| h.name == "Location")
                .map(|h| h.value.clone())
        })
        .collect();
    for report in &reports {
        let id = report["resourceData"]["id"].as_str().unwrap();
        assert!(
            locations.iter().any(|l| l
                == &format!(
                    "https://graph.microsoft.com/v1.0/communications/calls/{}/operations/{id}",
                    run.call_id
                )),
            "no answer Location names {id}: {locations:?}"
        );
    }
}

#[test]
fn beta_playprompt_cancel_carries_media_operation_canceled() {
    let preset = presets::find("cancel-during-prompt").unwrap();
    let options = RunOptions {
        version: ApiVersion::Beta,
        ..RunOptions::default()
    };
    let run = simulate(preset.scenario, &options);
    let all = bodies(&run);
    let first_cancelled = all
        .as_array()
        .unwrap()
        .iter()
        .map(|b| &b["value"][0]["resourceData"])
        .find(|d| d["@odata.type"] == "#microsoft.graph.playPromptOperation")
        .unwrap();
    assert_eq!(
        first_cancelled["completionReason"],
        "mediaOperationCanceled"
    );
    let request = run.events.iter().find_map(|e| e.exchange.as_ref()).unwrap();
    assert!(request.url.starts_with("https://graph.microsoft.com/beta/"));
}

#[test]
fn a_cancel_on_an_empty_queue_completes_and_cancels_nothing() {
    let run = simulate(
        r##"[{"cancelMediaProcessing": {"clientContext": "c1"}}]"##,
        &RunOptions::default(),
    );
    assert!(run.diagnostics.is_empty());
    // Only the call's established update.
    assert_eq!(run.notifications().count(), 1);
    let exchange = run.events.iter().find_map(|e| e.exchange.as_ref()).unwrap();
    assert_eq!(exchange.status, 200);
    let body: serde_json::Value =
        serde_json::from_str(exchange.response_body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body["@odata.type"],
        "#microsoft.graph.cancelMediaProcessingOperation"
    );
    assert_eq!(body["status"], "completed");
    assert_eq!(body["clientContext"], "c1");
}

#[test]
fn the_shown_request_leaves_out_the_simulator_hints() {
    let run = simulate(
        r##"[{"playPrompt": {"clientContext": "p", "durationMs": 10, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://a/b.wav"}, "durationMs": 5}]}}]"##,
        &RunOptions::default(),
    );
    let exchange = run.events.iter().find_map(|e| e.exchange.as_ref()).unwrap();
    let body = exchange.request_body.as_deref().unwrap();
    assert!(!body.contains("durationMs"), "{body}");
    assert!(body.contains("https://a/b.wav"));
    assert_eq!(exchange.method, "POST");
    assert!(exchange.url.ends_with("/playPrompt"));
}

#[test]
fn recordings_end_for_their_documented_and_decided_reasons() {
    // (scenario, expected status, code, subcode, completionReason, has a recording)
    let cases: &[(&str, &str, i64, i64, &str, bool)] = &[
        (
            r##"[{"recordResponse": {"maxRecordDurationInSeconds": 2, "playBeep": false}}, {"speechStarted": {}}, {"advanceMs": 5000}]"##,
            "completed",
            200,
            8515,
            "maxRecordDurationReached",
            true,
        ),
        (
            r##"[{"recordResponse": {"initialSilenceTimeoutInSeconds": 1, "playBeep": false}}, {"advanceMs": 5000}]"##,
            "failed",
            400,
            8510,
            "initialSilenceTimeout",
            false,
        ),
        (
            r##"[{"recordResponse": {"maxSilenceTimeoutInSeconds": 1, "maxRecordDurationInSeconds": 60, "playBeep": false}}, {"speechStarted": {}}, {"advanceMs": 500}, {"speechStopped": {}}, {"advanceMs": 5000}]"##,
            "completed",
            200,
            0,
            "maxSilenceTimeout",
            true,
        ),
        (
            r##"[{"recordResponse": {"stopTones": ["#"], "playBeep": false}}, {"advanceMs": 100}, {"pressTone": "pound"}]"##,
            "completed",
            200,
            0,
            "stopToneDetected",
            true,
        ),
    ];
    for (scenario, status, code, subcode, reason, recording) in cases {
        let run = simulate(scenario, &RunOptions::default());
        assert!(
            run.diagnostics.is_empty(),
            "{scenario}: {:?}",
            run.diagnostics
        );
        let all = bodies(&run);
        let data = all
            .as_array()
            .unwrap()
            .iter()
            .map(|b| &b["value"][0]["resourceData"])
            .find(|d| d["@odata.type"] == "#microsoft.graph.recordOperation")
            .unwrap_or_else(|| panic!("{scenario}: no record notification"));
        assert_eq!(data["status"], *status, "{scenario}");
        assert_eq!(data["resultInfo"]["code"], *code, "{scenario}");
        assert_eq!(data["resultInfo"]["subcode"], *subcode, "{scenario}");
        assert_eq!(data["completionReason"], *reason, "{scenario}");
        assert_eq!(
            data["recordingLocation"]
                .as_str()
                .is_some_and(|l| l.starts_with("https://")),
            *recording,
            "{scenario}"
        );
    }
}

#[test]
fn timers_follow_the_documented_order_prompt_then_beep_then_listening() {
    // prompt 2000 ms + beep 500 ms, then 3 s of initial silence: fails at 5500 ms.
    let run = simulate(
        r##"[{"recordResponse": {"initialSilenceTimeoutInSeconds": 3, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://a/q.wav"}, "durationMs": 2000}]}}, {"advanceMs": 10000}]"##,
        &RunOptions::default(),
    );
    let lane = &run.operations[0];
    assert_eq!((lane.started_ms, lane.ended_ms), (Some(0), Some(5500)));
    // A speaking caller is recorded from the moment listening starts: max 4 s → 6500 ms.
    let run = simulate(
        r##"[{"recordResponse": {"maxRecordDurationInSeconds": 4, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://a/q.wav"}, "durationMs": 2000}]}}, {"speechStarted": {}}, {"advanceMs": 10000}]"##,
        &RunOptions::default(),
    );
    assert_eq!(run.operations[0].ended_ms, Some(6500));
    assert_eq!(
        run.operations[0].completion_reason.as_deref(),
        Some("maxRecordDurationReached")
    );
}

#[test]
fn hanging_up_ends_open_operations_then_the_call() {
    let run = simulate(
        r##"[{"playPrompt": {"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://a/q.wav"}, "durationMs": 9000}]}}, {"sendDtmfTones": {"tones": ["tone1", "tone2"]}}, {"advanceMs": 100}, {"hangUp": {}}, {"advanceMs": 1000}, {"playPrompt": {"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://a/q.wav"}}]}}]"##,
        &RunOptions::default(),
    );
    assert!(run.diagnostics.is_empty(), "{:?}", run.diagnostics);
    let summaries: Vec<&str> = run
        .events
        .iter()
        .filter(|e| e.kind == "notification")
        .map(|e| e.summary.as_str())
        .collect();
    assert_eq!(
        summaries,
        [
            "call established",
            "playPromptOperation failed 410/0",
            "sendDtmfTonesOperation completed mediaOperationCanceled",
            "call terminating",
            "call terminated 200/7000",
        ]
    );
    let last = run.events.last().unwrap();
    assert_eq!(last.exchange.as_ref().unwrap().status, 404);
}

#[test]
fn the_caller_hanging_up_terminates_with_the_documented_code() {
    let run = simulate(r##"[{"callerHangsUp": {}}]"##, &RunOptions::default());
    let last: serde_json::Value =
        serde_json::from_str(run.notifications().last().unwrap()).unwrap();
    let notification = &last["value"][0];
    assert_eq!(notification["changeType"], "deleted");
    assert_eq!(notification["resourceData"]["state"], "terminated");
    assert_eq!(notification["resourceData"]["resultInfo"]["subcode"], 4097);
}

#[test]
fn bad_scenarios_are_located() {
    // (scenario, message fragment, line, column, pointer)
    let cases: &[(&str, &str, u32, u32, &str)] = &[
        ("{}", "a scenario is a JSON array", 1, 1, ""),
        (
            "[\n  {\"playPromt\": {}}\n]",
            "did you mean playPrompt",
            2,
            4,
            "/0/playPromt",
        ),
        (
            "[{\"advanceMs\": -5}]",
            "advanceMs takes a whole number",
            1,
            16,
            "/0/advanceMs",
        ),
        (
            "[{\"advanceMs\": 1, \"pressTone\": \"1\"}]",
            "exactly one key",
            1,
            2,
            "/0",
        ),
        ("[{\"pressTone\": \"x\"}]", "not 'x'", 1, 16, "/0/pressTone"),
        (
            "[{\"recordResponse\": {\"maxRecordDurationInSeconds\": 500}}]",
            "it must be from 1 to 120",
            1,
            52,
            "/0/recordResponse/maxRecordDurationInSeconds",
        ),
        (
            "[{\"sendDtmfTones\": {\"tones\": [\"tone1\", \"eleven\"]}}]",
            "'eleven' is not a tone",
            1,
            40,
            "/0/sendDtmfTones/tones/1",
        ),
        (
            "[{\"updateRecordingStatus\": {\"status\": \"paused\"}}]",
            "not a recording status",
            1,
            39,
            "/0/updateRecordingStatus/status",
        ),
        (
            "[{\"playPrompt\": 5}]",
            "must be a JSON object",
            1,
            17,
            "/0/playPrompt",
        ),
        ("[1,", "", 1, 4, ""),
    ];
    for (scenario, fragment, line, column, pointer) in cases {
        let run = simulate(scenario, &RunOptions::default());
        assert!(run.has_errors(), "{scenario} should fail");
        assert!(run.events.is_empty(), "{scenario} must not run");
        let error = run
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .unwrap();
        assert!(
            error.message.contains(fragment),
            "{scenario}: {}",
            error.message
        );
        assert_eq!(
            (error.line, error.column),
            (Some(*line), Some(*column)),
            "{scenario}: {}",
            error.message
        );
        if !pointer.is_empty() {
            assert_eq!(error.pointer.as_deref(), Some(*pointer), "{scenario}");
        }
    }
}

#[test]
fn clientcontext_over_the_limit_is_an_error_at_its_pointer() {
    let long = "x".repeat(257);
    let run = simulate(
        &format!("[{{\"cancelMediaProcessing\": {{\"clientContext\": \"{long}\"}}}}]"),
        &RunOptions::default(),
    );
    let error = &run.diagnostics[0];
    assert!(
        error.is_error() && error.message.contains("257"),
        "{error:?}"
    );
    assert_eq!(
        error.pointer.as_deref(),
        Some("/0/cancelMediaProcessing/clientContext")
    );
}

#[test]
fn typos_in_a_body_are_warned_about_and_the_scenario_still_runs() {
    let run = simulate(
        r##"[{"cancelMediaProcessing": {"clientContex": "c"}}]"##,
        &RunOptions::default(),
    );
    assert!(!run.has_errors());
    assert_eq!(run.diagnostics[0].severity, Severity::Warning);
    assert!(run.diagnostics[0].message.contains("'clientContex'"));
    assert_eq!(
        run.diagnostics[0].pointer.as_deref(),
        Some("/0/cancelMediaProcessing/clientContex")
    );
    assert!(!run.events.is_empty());
}

/// A small deterministic generator, so the properties run over the same hundreds of scenarios
/// on every machine.
struct Generator(u64);

impl Generator {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn scenario(&mut self) -> String {
        let tones = ["tone1", "pound", "star", "tone0"];
        let steps: Vec<String> = (0..self.below(14) + 1)
            .map(|i| match self.below(12) {
                0 | 1 => format!(
                    r##"{{"playPrompt": {{"clientContext": "p{i}", "prompts": [{{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {{"uri": "https://a/{i}.wav"}}, "durationMs": {}}}]}}}}"##,
                    self.below(5000)
                ),
                2 | 3 => format!(
                    r##"{{"recordResponse": {{"clientContext": "r{i}", "bargeInAllowed": {}, "maxRecordDurationInSeconds": {}, "initialSilenceTimeoutInSeconds": {}, "maxSilenceTimeoutInSeconds": {}, "playBeep": {}, "stopTones": ["#"]}}}}"##,
                    self.below(4) == 0,
                    self.below(10) + 1,
                    self.below(5) + 1,
                    self.below(5) + 1,
                    self.below(2) == 0
                ),
                4 => format!(r##"{{"subscribeToTone": {{"clientContext": "t{i}"}}}}"##),
                5 => format!(r##"{{"cancelMediaProcessing": {{"clientContext": "c{i}"}}}}"##),
                6 | 7 => format!(r##"{{"advanceMs": {}}}"##, self.below(4000)),
                8 => format!(
                    r##"{{"pressTone": "{}"}}"##,
                    tones[self.below(tones.len() as u64) as usize]
                ),
                9 => r#"{"speechStarted": {}}"#.to_string(),
                10 => r#"{"speechStopped": {}}"#.to_string(),
                _ => match self.below(8) {
                    0 => r#"{"hangUp": {}}"#.to_string(),
                    1 => r#"{"callerHangsUp": {}}"#.to_string(),
                    _ => format!(
                        r#"{{"sendDtmfTones": {{"tones": ["tone1", "tone2"], "delayBetweenTonesMs": {}}}}}"#,
                        self.below(1000)
                    ),
                },
            })
            .collect();
        format!("[{}]", steps.join(",\n"))
    }
}

fn lane<'r>(run: &'r Run, id: &str) -> &'r OperationLane {
    run.operations.iter().find(|l| l.id == id).unwrap()
}

#[test]
fn properties_hold_over_generated_scenarios() {
    let mut generator = Generator(0x5EED_1234_ABCD_0001);
    for case in 0..300 {
        let scenario = generator.scenario();
        let version = if case % 3 == 0 {
            ApiVersion::Beta
        } else {
            ApiVersion::V1
        };
        let options = RunOptions {
            seed: case,
            version,
            call_id: None,
        };
        let run = simulate(&scenario, &options);
        assert!(!run.has_errors(), "{scenario}: {:?}", run.diagnostics);

        // The same scenario gives the same bytes.
        let again = simulate(&scenario, &options);
        assert_eq!(
            serde_json::to_string(&run).unwrap(),
            serde_json::to_string(&again).unwrap(),
            "case {case} is not deterministic"
        );

        // Every notification decodes with our decoder without a warning.
        for body in run.notifications() {
            let decoded = decode_text(body, DecodeOptions::default());
            let noisy: Vec<_> = decoded
                .diagnostics
                .iter()
                .filter(|d| d.severity >= Severity::Warning)
                .collect();
            assert!(noisy.is_empty(), "case {case}: {body}\n{noisy:?}");
            assert_eq!(decoded.resources.len(), 1, "case {case}: {body}");
        }

        // Every operation has exactly one terminal report: a completed answer for the instant
        // ones, else exactly one notification once it has ended (none before).
        for op in &run.operations {
            let reports = run
                .events
                .iter()
                .filter(|e| e.kind == "notification" && e.operation_id.as_deref() == Some(&op.id))
                .count();
            let instant = matches!(
                op.action.as_str(),
                "subscribeToTone" | "updateRecordingStatus" | "cancelMediaProcessing"
            );
            let expected = usize::from(!instant && op.ended_ms.is_some());
            assert_eq!(
                reports, expected,
                "case {case}: {} {op:?}\n{scenario}",
                op.action
            );
        }

        // After a cancel, nothing that was queued or running before it is still queued or running,
        // and subscribeToTone is untouched.
        for event in &run.events {
            let Some(exchange) = &event.exchange else {
                continue;
            };
            if !exchange.url.ends_with("/cancelMediaProcessing") || exchange.status != 200 {
                continue;
            }
            let cancel = event.operation_id.as_deref().unwrap();
            let cancel_index = run.operations.iter().position(|l| l.id == cancel).unwrap();
            for earlier in &run.operations[..cancel_index] {
                if earlier.queued_media {
                    assert!(
                        earlier.ended_ms.is_some_and(|end| end <= event.at_ms),
                        "case {case}: {earlier:?} survived the cancel at {}\n{scenario}",
                        event.at_ms
                    );
                }
            }
            assert_eq!(lane(&run, cancel).status, "completed");
        }
        for op in run
            .operations
            .iter()
            .filter(|l| l.action == "subscribeToTone")
        {
            assert_eq!(op.outcome.as_deref(), Some("completed"), "case {case}");
            assert_eq!(op.ended_by, None, "case {case}");
        }

        // Cancelled operations report 400/8508 and are attributed to the cancel or the barge-in.
        for op in &run.operations {
            if matches!(op.outcome.as_deref(), Some("cancelled" | "bargedInto")) {
                assert_eq!(op.result, Some((400, 8508)), "case {case}: {op:?}");
                assert_eq!(op.status, "failed");
                assert!(op.ended_by.is_some());
            }
        }

        // At most one media operation runs at any moment.
        let media: Vec<&OperationLane> = run.operations.iter().filter(|l| l.queued_media).collect();
        for a in &media {
            for b in &media {
                if a.id == b.id {
                    continue;
                }
                if let (Some(a_start), Some(b_start)) = (a.started_ms, b.started_ms) {
                    let a_end = a.ended_ms.unwrap_or(u64::MAX);
                    let b_end = b.ended_ms.unwrap_or(u64::MAX);
                    let overlap = a_start < b_end && b_start < a_end;
                    assert!(!overlap, "case {case}: {a:?} and {b:?} overlap\n{scenario}");
                }
            }
        }
    }
}

#[test]
fn cli_prints_a_timeline_with_explanations() {
    let run = common::mediaops(&["simulate", "--preset", "cancel-during-recording"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.starts_with("simulate: call "), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("recordOperation voicemail failed 400/8508 operationCanceled"));
    assert!(run.stdout.contains("→ The media operation was cancelled"));
}

#[test]
fn cli_json_is_the_golden_array_of_bodies() {
    let path = format!(
        "{}/tests/fixtures/simulate/stop-tone.json",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::create_dir_all(std::path::Path::new(&path).parent().unwrap()).unwrap();
    let scenario = presets::find("stop-tone").unwrap().scenario;
    let input = std::env::temp_dir().join(format!("mediaops-sim-{}.json", std::process::id()));
    std::fs::write(&input, scenario).unwrap();
    let run = common::mediaops(&["simulate", input.to_str().unwrap(), "--json"]);
    std::fs::remove_file(&input).ok();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let printed: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let golden: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(golden_path("stop-tone")).unwrap()).unwrap();
    assert_eq!(printed, golden);
}

#[test]
fn cli_bad_scenario_exits_1_with_located_diagnostics() {
    let run = common::mediaops_with_input(&["simulate", "-"], "[{\"advanceMs\": \"soon\"}]");
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("line 1, column 16"), "{}", run.stderr);
    assert!(run.stderr.contains("/0/advanceMs"), "{}", run.stderr);
}

#[test]
fn cli_usage_errors_exit_2() {
    for args in [
        &["simulate", "--preset", "nope"][..],
        &["simulate", "--version", "v2"][..],
        &["simulate", "--seed", "-1"][..],
        &["simulate", "a.json", "b.json"][..],
    ] {
        let run = common::mediaops(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    let list = common::mediaops(&["simulate", "--list-presets"]);
    assert_eq!(list.code, 0);
    assert_eq!(list.stdout.lines().count(), presets::PRESETS.len());
}

#[test]
fn cli_escapes_control_characters_from_the_scenario() {
    let run = common::mediaops_with_input(
        &["simulate"],
        "[{\"cancelMediaProcessing\": {\"clientContext\": \"a\\u001b[2Jb\"}}]",
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
}

#[test]
fn decided_a_cancel_during_the_prompt_of_a_recording_cancels_the_recording() {
    let run = simulate(
        r##"[{"recordResponse": {"clientContext": "r", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://a/q.wav"}, "durationMs": 3000}]}}, {"advanceMs": 1000}, {"cancelMediaProcessing": {}}, {"advanceMs": 10000}]"##,
        &RunOptions::default(),
    );
    let record = &run.operations[0];
    assert_eq!(record.ended_ms, Some(1000));
    assert_eq!(record.outcome.as_deref(), Some("cancelled"));
    assert_eq!(
        record.completion_reason.as_deref(),
        Some("operationCanceled")
    );
    assert_eq!(
        record.ended_by.as_deref(),
        Some(run.operations[1].id.as_str())
    );
}

#[test]
fn decided_dtmf_runs_beside_a_prompt_and_a_cancel_leaves_it_alone() {
    let run = simulate(
        r##"[{"playPrompt": {"prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://a/q.wav"}, "durationMs": 5000}]}}, {"sendDtmfTones": {"tones": ["tone1", "tone2", "tone3"], "delayBetweenTonesMs": 200}}, {"advanceMs": 100}, {"cancelMediaProcessing": {}}, {"advanceMs": 5000}]"##,
        &RunOptions::default(),
    );
    let (prompt, dtmf) = (&run.operations[0], &run.operations[1]);
    assert_eq!(
        dtmf.started_ms,
        Some(0),
        "DTMF does not wait behind the prompt"
    );
    // 3 tones of 100 ms and 2 pauses of 200 ms.
    assert_eq!(dtmf.ended_ms, Some(700));
    assert_eq!(
        dtmf.completion_reason.as_deref(),
        Some("completedSuccessfully")
    );
    assert_eq!(dtmf.ended_by, None);
    assert_eq!(prompt.outcome.as_deref(), Some("cancelled"));
}

#[test]
fn every_decision_is_marked_and_every_documented_rule_names_its_page() {
    use mediaops::simulate::notes::NOTES;
    assert!(NOTES.iter().filter(|n| !n.documented).count() >= 8);
    for note in NOTES {
        assert!(!note.source.is_empty() && !note.text.is_empty(), "{note:?}");
        if note.documented {
            assert!(note.source.starts_with("call-"), "{note:?}");
        }
    }
}
