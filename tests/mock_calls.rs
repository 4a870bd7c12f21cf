//! `mediaops serve` as a bot sees it, over raw sockets on 127.0.0.1: the well-known endpoint a
//! page uses to detect the server.

mod common;

use common::{status, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

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

fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, body)| body)
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
