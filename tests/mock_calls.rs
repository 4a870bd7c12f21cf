//! `mediaops serve` as a bot sees it, over raw sockets on 127.0.0.1: the well-known endpoint a
//! page uses to detect the server, and a bot that makes a call, queues media, cancels and hangs
//! up while a local listener receives the callback POSTs.

mod common;

use common::{body, header, status, Server};
use mediaops::decode::{decode_text, DecodeOptions};
use mediaops::diagnostic::Severity;
use mediaops::graph::ApiVersion;
use mediaops::mock::replay::{plan_replay, Replay, ReplayAction, ReplayRequest, CALL_ID};
use mediaops::simulate::presets::PRESETS;
use mediaops::simulate::{simulate, RunOptions};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long any read in these tests waits before the test fails: the server is local.
const READ_LIMIT: Duration = Duration::from_secs(10);

/// Sends `raw` as it is and returns everything the server answers until it closes.
fn send(server: &Server, raw: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(READ_LIMIT)).expect("timeout");
    stream.write_all(raw.as_bytes()).expect("write");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

#[test]
fn well_known_mediaops_names_the_server_its_version_and_mock_root_with_cors() {
    let server = Server::start();
    let answer = send(
        &server,
        "GET /.well-known/mediaops HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://docs.example\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&answer), 200, "{answer}");
    assert_eq!(header(&answer, "content-type"), Some("application/json"));
    assert_eq!(header(&answer, "access-control-allow-origin"), Some("*"));
    let json: serde_json::Value = serde_json::from_str(body(&answer)).expect("JSON");
    assert_eq!(
        json,
        serde_json::json!({
            "name": "mediaops",
            "version": env!("CARGO_PKG_VERSION"),
            "mockRoot": "/graph",
            "simulator": true,
            "events": "/graph/_mediaops/events",
            "callbackSink": "/graph/_mediaops/callback",
        })
    );
    let preflight = send(
        &server,
        "OPTIONS /.well-known/mediaops HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://docs.example\r\nAccess-Control-Request-Method: GET\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&preflight), 204, "{preflight}");
    assert_eq!(header(&preflight, "access-control-allow-origin"), Some("*"));
    assert!(header(&preflight, "access-control-allow-methods").is_some_and(|m| m.contains("GET")));
    let post = send(
        &server,
        "POST /.well-known/mediaops HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(status(&post), 405, "{post}");
}

/// How long the bot waits for any one notification: the simulated call sends each within
/// a second of its cause.
const NOTIFICATION_LIMIT: Duration = Duration::from_secs(5);

/// A bot's callback endpoint on 127.0.0.1: every POST body it receives goes to the channel,
/// each answered 202.
fn callback_listener() -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the callback listener");
    let port = listener.local_addr().expect("address").port();
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50) {
            let Ok(stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(READ_LIMIT));
            let mut writer = stream.try_clone().expect("clone");
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            let mut request_line = String::new();
            let _ = reader.read_line(&mut request_line);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some((name, value)) = line.split_once(':') {
                    if name.eq_ignore_ascii_case("content-length") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    if name.eq_ignore_ascii_case("content-type") {
                        assert_eq!(value.trim(), "application/json");
                    }
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let _ = writer.write_all(
                b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
            assert!(
                request_line.starts_with("POST /bot/callback "),
                "{request_line}"
            );
            if sender
                .send(String::from_utf8_lossy(&body).into_owned())
                .is_err()
            {
                break;
            }
        }
    });
    (format!("http://127.0.0.1:{port}/bot/callback"), receiver)
}

/// `METHOD /graph{path}` with a token and `body`; the status, the Location and the body.
fn graph(server: &Server, method: &str, path: &str, body: &str) -> (u16, Option<String>, String) {
    let answer = send(
        server,
        &format!(
            "{method} /graph{path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer test\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            server.port,
            body.len()
        ),
    );
    (
        status(&answer),
        header(&answer, "location").map(str::to_string),
        common::body(&answer).to_string(),
    )
}

/// The next notification the bot receives, decoded by our decoder with no warning; its
/// `resourceData`.
fn next_notification(received: &mpsc::Receiver<String>) -> Value {
    let body = received
        .recv_timeout(NOTIFICATION_LIMIT)
        .expect("a notification within the limit");
    let decoded = decode_text(&body, DecodeOptions::default());
    let noisy: Vec<_> = decoded
        .diagnostics
        .iter()
        .filter(|d| d.severity >= Severity::Warning)
        .collect();
    assert!(noisy.is_empty(), "{body}\n{noisy:?}");
    assert_eq!(decoded.resources.len(), 1, "{body}");
    let json: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(json["@odata.type"], "#microsoft.graph.commsNotifications");
    json["value"][0]["resourceData"].clone()
}

/// What a notification reports in one line: `call established`, `playPromptOperation failed
/// 400/8508`, with the completionReason when there is one.
fn report(data: &Value) -> String {
    let kind = data["@odata.type"]
        .as_str()
        .unwrap_or("")
        .trim_start_matches("#microsoft.graph.");
    let mut line = match data["state"].as_str() {
        Some(state) => format!("{kind} {state}"),
        None => format!("{kind} {}", data["status"].as_str().unwrap_or("?")),
    };
    if let (Some(code), Some(subcode)) = (
        data["resultInfo"]["code"].as_i64(),
        data["resultInfo"]["subcode"].as_i64(),
    ) {
        line.push_str(&format!(" {code}/{subcode}"));
    }
    if let Some(reason) = data["completionReason"].as_str() {
        line.push_str(&format!(" {reason}"));
    }
    line
}

/// Opens the all-calls event stream; the reader after the response head.
fn watch(server: &Server) -> BufReader<TcpStream> {
    let stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(READ_LIMIT)).expect("timeout");
    let mut writer = stream.try_clone().expect("clone");
    writer
        .write_all(b"GET /graph/_mediaops/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("write");
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("the stream's head");
        if line == "\r\n" || line.is_empty() {
            break;
        }
        head.push_str(&line);
    }
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/event-stream"),
        "{head}"
    );
    reader
}

/// Reads the event stream, handing each event's name and data to `take`, until `take` says it
/// has enough, the stream ends or `deadline` passes.
fn read_stream(
    stream: &mut BufReader<TcpStream>,
    deadline: Instant,
    mut take: impl FnMut(&str, Value) -> bool,
) {
    let mut current = String::new();
    while Instant::now() < deadline {
        let mut line = String::new();
        if stream.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let line = line.trim_end();
        if let Some(event) = line.strip_prefix("event: ") {
            current = event.to_string();
        } else if let Some(data) = line.strip_prefix("data: ") {
            if take(
                &current,
                serde_json::from_str(data).expect("JSON event data"),
            ) {
                break;
            }
        }
    }
}

/// Reads the event stream until `wanted` events named `name` have come (or the deadline
/// passes); their data.
fn read_events(stream: &mut BufReader<TcpStream>, name: &str, wanted: usize) -> Vec<Value> {
    let mut found = Vec::new();
    read_stream(
        stream,
        Instant::now() + NOTIFICATION_LIMIT,
        |event, data| {
            if event == name {
                found.push(data);
            }
            found.len() >= wanted
        },
    );
    found
}

#[test]
fn a_bot_makes_a_call_queues_media_cancels_and_hangs_up_and_receives_every_notification_in_order() {
    let server = Server::start();
    let mut events = watch(&server);
    let (callback, received) = callback_listener();
    let (status, location, body) = graph(
        &server,
        "POST",
        "/v1.0/communications/calls",
        &format!(
            r##"{{"@odata.type": "#microsoft.graph.call", "callbackUri": "{callback}", "requestedModalities": ["audio"], "mediaConfig": {{"@odata.type": "#microsoft.graph.serviceHostedMediaConfig"}}}}"##
        ),
    );
    assert_eq!(status, 201, "{body}");
    let call: Value = serde_json::from_str(&body).expect("the call as JSON");
    let id = call["id"].as_str().expect("an id").to_string();
    assert_eq!(call["state"], "establishing");
    assert_eq!(call["callbackUri"], callback.as_str());
    assert_eq!(
        location.as_deref(),
        Some(format!("{}/v1.0/communications/calls/{id}", server.graph_root()).as_str())
    );
    assert_eq!(report(&next_notification(&received)), "call establishing");
    let established = next_notification(&received);
    assert_eq!(report(&established), "call established");
    assert_eq!(established["id"], id.as_str());

    let base = format!("/v1.0/communications/calls/{id}");
    let (status, location, body) = graph(
        &server,
        "POST",
        &format!("{base}/playPrompt"),
        r##"{"clientContext": "p1", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/welcome.wav"}, "durationMs": 600000}]}"##,
    );
    assert_eq!(status, 200, "{body}");
    let play: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(play["status"], "running");
    let play_id = play["id"].as_str().expect("an operation id").to_string();
    assert!(location.is_some_and(|l| l.ends_with(&format!("{base}/operations/{play_id}"))));
    let (status, _, body) = graph(
        &server,
        "POST",
        &format!("{base}/recordResponse"),
        r#"{"clientContext": "r1", "maxRecordDurationInSeconds": 10, "playBeep": true}"#,
    );
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = graph(&server, "GET", &format!("{base}/operations/{play_id}"), "");
    assert_eq!(
        (
            status,
            serde_json::from_str::<Value>(&body).expect("JSON")["status"].clone()
        ),
        (200, Value::from("running"))
    );
    let (status, _, body) = graph(
        &server,
        "POST",
        &format!("{base}/cancelMediaProcessing"),
        r#"{"clientContext": "c1"}"#,
    );
    assert_eq!(status, 200, "{body}");
    let played = next_notification(&received);
    assert_eq!(report(&played), "playPromptOperation failed 400/8508");
    assert_eq!(played["id"], play_id.as_str());
    assert_eq!(played["clientContext"], "p1");
    let recorded = next_notification(&received);
    assert_eq!(
        report(&recorded),
        "recordOperation failed 400/8508 operationCanceled"
    );
    assert_eq!(recorded["clientContext"], "r1");

    let (status, _, body) = graph(&server, "DELETE", &base, "");
    assert_eq!((status, body.as_str()), (204, ""));
    assert_eq!(report(&next_notification(&received)), "call terminating");
    assert_eq!(
        report(&next_notification(&received)),
        "call terminated 200/7000"
    );
    let (status, _, _) = graph(&server, "GET", &base, "");
    assert_eq!(status, 404);
    assert!(
        received.recv_timeout(Duration::from_millis(300)).is_err(),
        "nothing after terminated"
    );

    // The watcher saw the same six notifications and that each POST was answered 202.
    let notifications = read_events(&mut events, "notification", 6);
    let summaries: Vec<&str> = notifications
        .iter()
        .filter_map(|n| n["summary"].as_str())
        .collect();
    assert_eq!(
        summaries,
        [
            "call establishing",
            "call established",
            "playPromptOperation p1 failed 400/8508",
            "recordOperation r1 failed 400/8508 operationCanceled",
            "call terminating",
            "call terminated 200/7000"
        ]
    );
    assert!(notifications
        .iter()
        .all(|n| n["callId"] == id.as_str() && n["body"].is_string()));
}

#[test]
fn a_watcher_sees_each_delivery_attempt_and_why_one_failed() {
    let server = Server::start();
    let mut events = watch(&server);
    // Nothing listens on port 9 of 127.0.0.1 (discard), so the POST fails to connect.
    let (status, _, body) = graph(
        &server,
        "POST",
        "/beta/communications/calls",
        r#"{"callbackUri": "http://127.0.0.1:9/cb"}"#,
    );
    assert_eq!(status, 201, "{body}");
    let (status, _, body) = graph(
        &server,
        "POST",
        "/beta/communications/calls",
        r#"{"callbackUri": "https://bot.example/cb"}"#,
    );
    assert_eq!(status, 201, "{body}");
    let deliveries = read_events(&mut events, "delivery", 4);
    assert_eq!(deliveries.len(), 4, "{deliveries:?}");
    assert!(
        deliveries
            .iter()
            .all(|d| d["ok"] == false && d["status"].is_null()),
        "{deliveries:?}"
    );
    let reasons: Vec<&str> = deliveries
        .iter()
        .filter_map(|d| d["error"].as_str())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("cannot connect to 127.0.0.1:9")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("TLS")), "{reasons:?}");
}

#[test]
fn a_bot_hears_the_caller_press_a_stop_tone_sent_through_the_caller_endpoint() {
    let server = Server::start();
    let (callback, received) = callback_listener();
    let (status, _, body) = graph(
        &server,
        "POST",
        "/v1.0/communications/calls",
        &format!(r#"{{"callbackUri": "{callback}"}}"#),
    );
    assert_eq!(status, 201, "{body}");
    let call: Value = serde_json::from_str(&body).expect("the call as JSON");
    let id = call["id"].as_str().expect("an id").to_string();
    assert_eq!(report(&next_notification(&received)), "call establishing");
    assert_eq!(report(&next_notification(&received)), "call established");
    let base = format!("/v1.0/communications/calls/{id}");
    let (status, _, body) = graph(&server, "POST", &format!("{base}/subscribeToTone"), "{}");
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = graph(
        &server,
        "POST",
        &format!("{base}/recordResponse"),
        r##"{"clientContext": "r1", "stopTones": ["#"], "playBeep": false, "maxRecordDurationInSeconds": 60}"##,
    );
    assert_eq!(status, 200, "{body}");
    let (status, _, body) = graph(
        &server,
        "POST",
        &format!("/_mediaops/calls/{id}/caller"),
        r##"{"pressTone": "#"}"##,
    );
    assert_eq!(status, 200, "{body}");
    let tone = next_notification(&received);
    assert_eq!(tone["toneInfo"]["tone"], "pound");
    assert_eq!(tone["toneInfo"]["sequenceId"], 1);
    let record = next_notification(&received);
    assert_eq!(record["status"], "completed");
    assert_eq!(record["completionReason"], "stopToneDetected");
    assert_eq!(record["clientContext"], "r1");
}

/// Runs a replay plan against the server as the Teach view does: make the call, wait until it
/// is established, then each request in turn with real waits between. The call's id.
fn run_replay(server: &Server, replay: &Replay) -> String {
    let send_planned = |request: &ReplayRequest, call_id: &str| {
        let path = request.path.replace(CALL_ID, call_id);
        graph(
            server,
            request.method,
            &path,
            request.body.as_deref().unwrap_or(""),
        )
    };
    let (status, _, body) = send_planned(&replay.create, "");
    assert_eq!(status, 201, "{body}");
    let call: Value = serde_json::from_str(&body).expect("the call as JSON");
    let id = call["id"].as_str().expect("an id").to_string();
    let deadline = Instant::now() + READ_LIMIT;
    loop {
        let (_, _, body) = graph(
            server,
            "GET",
            &format!("/v1.0/communications/calls/{id}"),
            "",
        );
        let state: Value = serde_json::from_str(&body).expect("the call as JSON");
        if state["state"] == "established" {
            break;
        }
        assert!(Instant::now() < deadline, "never established: {body}");
        std::thread::sleep(Duration::from_millis(20));
    }
    for step in &replay.steps {
        match &step.action {
            ReplayAction::Wait { ms } => std::thread::sleep(Duration::from_millis(*ms)),
            ReplayAction::Request(request) => {
                let (status, _, body) = send_planned(request, &id);
                assert!(
                    (200..300).contains(&status),
                    "{}: {status} {body}",
                    step.summary
                );
            }
        }
    }
    id
}

#[test]
fn every_preset_replayed_over_http_reports_what_the_simulator_reports_and_reaches_the_sink() {
    let server = Server::start();
    let sink = format!("http://127.0.0.1:{}/graph/_mediaops/callback", server.port);
    // What the simulator says each preset's notifications are, in order.
    let expected: Vec<Vec<String>> = PRESETS
        .iter()
        .map(|preset| {
            simulate(preset.scenario, &RunOptions::default())
                .events
                .iter()
                .filter(|e| e.kind == "notification")
                .map(|e| e.summary.clone())
                .collect()
        })
        .collect();
    // Each replayed call also reports `establishing`.
    let total: usize = expected.iter().map(|e| e.len() + 1).sum();
    let mut events = watch(&server);
    events
        .get_ref()
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    // The reader runs beside the replays, so nothing piles up unread.
    let reader = std::thread::spawn(move || {
        let (mut notifications, mut deliveries) = (Vec::new(), Vec::new());
        let deadline = Instant::now() + Duration::from_secs(90);
        read_stream(&mut events, deadline, |event, data| {
            match event {
                "notification" => notifications.push(data),
                "delivery" => deliveries.push(data),
                _ => {}
            }
            notifications.len() >= total && deliveries.len() >= total
        });
        (notifications, deliveries)
    });
    let call_ids: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = PRESETS
            .iter()
            .map(|preset| {
                let replay = plan_replay(preset.scenario, ApiVersion::V1, &sink)
                    .unwrap_or_else(|errors| panic!("{}: {errors:?}", preset.id));
                let server = &server;
                scope.spawn(move || run_replay(server, &replay))
            })
            .collect();
        runs.into_iter()
            .map(|run| run.join().expect("a replay"))
            .collect()
    });
    let (notifications, deliveries) = reader.join().expect("the reader");
    for ((preset, call_id), want) in PRESETS.iter().zip(&call_ids).zip(&expected) {
        let got: Vec<&str> = notifications
            .iter()
            .filter(|n| n["callId"] == call_id.as_str())
            .filter_map(|n| n["summary"].as_str())
            .collect();
        // A call made over HTTP first reports `establishing`; the simulator's starts established.
        assert_eq!(got.first(), Some(&"call establishing"), "{}", preset.id);
        assert_eq!(got[1..], *want, "{}", preset.id);
        let delivered: Vec<&Value> = deliveries
            .iter()
            .filter(|d| d["callId"] == call_id.as_str())
            .collect();
        assert_eq!(delivered.len(), got.len(), "{}", preset.id);
        assert!(
            delivered.iter().all(|d| d["ok"] == true
                && d["status"] == 202
                && d["callbackUri"] == sink.as_str()),
            "{}: {delivered:?}",
            preset.id
        );
    }
}

#[test]
fn simulate_live_replays_a_preset_against_serve_and_the_bot_receives_each_notification() {
    let server = Server::start();
    let (callback, received) = callback_listener();
    let url = format!("http://127.0.0.1:{}", server.port);
    let run = common::mediaops(&[
        "simulate",
        "--preset",
        "cancel-during-prompt",
        "--live",
        &url,
        "--callback",
        &callback,
        "--json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // stdout is only the bodies, as received; the readable lines went to stderr.
    let bodies: Vec<Value> = serde_json::from_str(&run.stdout).expect("a JSON array");
    let reports: Vec<String> = bodies
        .iter()
        .map(|b| report(&b["value"][0]["resourceData"]))
        .collect();
    assert_eq!(
        reports,
        [
            "call establishing",
            "call established",
            "playPromptOperation failed 400/8508",
            "playPromptOperation failed 400/8508",
            "recordOperation failed 400/8508 operationCanceled",
            "call terminating",
            "call terminated 200/7000",
        ]
    );
    assert!(
        run.stderr
            .contains("7 notification(s), 5 of 5 as predicted, 0 differ; 7 delivered, 0 not"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the bot sends cancelMediaProcessing (cancel-1): HTTP 200, completed"),
        "{}",
        run.stderr
    );
    // The bot got exactly those bodies, in order.
    for body in &bodies {
        let got: Value =
            serde_json::from_str(&received.recv_timeout(NOTIFICATION_LIMIT).expect("a POST"))
                .expect("JSON");
        assert_eq!(&got, body);
    }
}

#[test]
fn simulate_live_sends_nothing_to_a_server_that_is_not_mediaops_serve_and_checks_its_arguments() {
    // A bot's endpoint is not mediaops serve: the replay stops before making any call.
    let (callback, received) = callback_listener();
    let origin = callback.trim_end_matches("/bot/callback").to_string();
    let run = common::mediaops(&["simulate", "--preset", "stop-tone", "--live", &origin]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("does not answer /.well-known/mediaops"),
        "{}",
        run.stderr
    );
    assert!(received.recv_timeout(Duration::from_millis(200)).is_err());
    let usage = |args: &[&str], needle: &str| {
        let run = common::mediaops(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(needle), "{args:?}: {}", run.stderr);
    };
    usage(
        &[
            "simulate",
            "--preset",
            "stop-tone",
            "--live",
            "http://127.0.0.1:1/graph",
        ],
        "the origin mediaops serve listens on",
    );
    usage(
        &[
            "simulate",
            "--preset",
            "stop-tone",
            "--live",
            "http://127.0.0.1:1",
            "--seed",
            "3",
        ],
        "--seed does not apply with --live",
    );
    usage(
        &[
            "simulate",
            "--preset",
            "stop-tone",
            "--callback",
            "http://127.0.0.1:1/cb",
        ],
        "--callback goes with --live",
    );
    let nobody = common::mediaops(&[
        "simulate",
        "--preset",
        "stop-tone",
        "--live",
        "http://127.0.0.1:9",
    ]);
    assert_eq!(nobody.code, 1);
    assert!(
        nobody.stderr.contains("is mediaops serve running?"),
        "{}",
        nobody.stderr
    );
}
