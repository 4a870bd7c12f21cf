//! The command line's help and usage errors, and `mediaops serve` spoken to over a raw socket:
//! the binary as a user runs it.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use common::mediaops;

const USAGE_START: &str = "mediaops — Microsoft Graph cancelMediaProcessing playground, decoder and mock\n\nUsage:\n  mediaops serve [--port N] [--host H] [--dir DIR]\n";

#[test]
fn help_prints_the_usage_on_stdout_and_exits_0() {
    for args in [
        &["help"][..],
        &["--help"],
        &["-h"],
        &["decode", "--help"],
        &["decode", "-h"],
        &["decode", "--strict", "--help"],
        &["build", "--help"],
        &["build", "--call-id", "x", "-h"],
        &["serve", "--help"],
        &["serve", "--port", "1", "--help"],
    ] {
        let run = mediaops(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(
            run.stdout.starts_with(USAGE_START),
            "{args:?}: {}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains("  mediaops decode [FILE|-] [--strict] [--json] [--max-bytes N]\n"),
            "{args:?}"
        );
        assert_eq!(run.stderr, "", "{args:?}");
    }
}

#[test]
fn no_command_is_a_usage_error_on_stderr() {
    let run = mediaops(&[]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.starts_with("mediaops: no command given\n\n"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains(USAGE_START), "{}", run.stderr);
    // A value that happens to be --help is a value, not a request for help.
    let run = mediaops(&["build", "--call-id", "--help"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("/v1.0/communications/calls/--help/cancelMediaProcessing"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr.contains("'--help' is not a GUID"),
        "{}",
        run.stderr
    );
    let run = mediaops(&["decode", "--helpful"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .starts_with("mediaops: unknown option --helpful\n"));
}

use common::Server;

/// Sends `head` (request line and headers, without the blank line) and `body`, and returns
/// the raw answer.
fn exchange(server: &Server, head: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let mut request = format!(
        "{head}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    // Written from another thread: the server may answer before it has read everything.
    let mut writer = stream.try_clone().expect("clone");
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&request);
    });
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let _ = sending.join();
    String::from_utf8_lossy(&answer).into_owned()
}

const PATH: &str =
    "/graph/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing";

fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

#[test]
fn serve_answers_an_oversized_body_413_with_a_graph_error() {
    let server = Server::start();
    let head = format!(
        "POST {PATH} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: Bearer t\r\nclient-request-id: big-body\r\nContent-Type: application/json",
        server.port
    );
    // Just over 1 MiB: a JSON object whose clientContext is the filler.
    let mut body = br#"{"clientContext":""#.to_vec();
    body.resize((1 << 20) + 10, b'x');
    body.extend_from_slice(br#""}"#);
    let answer = exchange(&server, &head, &body);
    assert!(
        answer.starts_with("HTTP/1.1 413 Payload Too Large\r\n"),
        "{}",
        &answer[..answer.len().min(400)]
    );
    assert_eq!(header(&answer, "content-type"), Some("application/json"));
    assert_eq!(header(&answer, "client-request-id"), Some("big-body"));
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    assert!(
        body.starts_with(r#"{"error":{"code":"RequestEntityTooLarge","message":"The request body is larger than 1048576 bytes (1 MiB)"#),
        "{body}"
    );
    assert!(body.contains(r#""client-request-id":"big-body""#), "{body}");

    // Exactly 1 MiB is still read and answered.
    let mut body = br#"{"clientContext":"ok","pad":""#.to_vec();
    body.resize((1 << 20) - 2, b' ');
    body.extend_from_slice(br#""}"#);
    assert_eq!(body.len(), 1 << 20);
    let answer = exchange(&server, &head, &body);
    assert!(
        answer.starts_with("HTTP/1.1 200 OK\r\n"),
        "{}",
        &answer[..answer.len().min(400)]
    );
    assert!(answer.contains(r#""clientContext":"ok""#), "{answer}");
}

#[test]
fn serve_builds_location_from_a_plausible_host_only() {
    let server = Server::start();
    let location = |host: &str| {
        let head = format!("POST {PATH} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer t");
        let answer = exchange(&server, &head, b"{}");
        assert!(
            answer.starts_with("HTTP/1.1 200 OK\r\n"),
            "{host}: {answer}"
        );
        header(&answer, "location")
            .unwrap_or_else(|| panic!("{host}: no Location in {answer}"))
            .to_string()
    };
    let bound = format!("http://127.0.0.1:{}/graph/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/operations/", server.port);
    // The name the client used is kept, so a page on localhost gets a localhost Location.
    assert!(
        location(&format!("localhost:{}", server.port)).starts_with(&format!(
            "http://localhost:{}/graph/v1.0/communications/calls/",
            server.port
        ))
    );
    assert!(location("[::1]:8080").starts_with("http://[::1]:8080/graph/v1.0/"));
    for host in [
        "evil.example/phish?x=",
        "user@evil.example",
        "evil.example:80:80",
        "evil.example\"",
        "evil.example#",
    ] {
        let found = location(host);
        assert!(found.starts_with(&bound), "{host}: {found}");
    }
}
