//! A bounded load test of `mediaops serve` on 127.0.0.1: 100 kept-alive connections for
//! `MEDIAOPS_LOAD_SECONDS` (default 5) against the mock and the static files, with slow
//! clients holding half-sent requests all the while. It counts requests and asserts that none
//! failed and that every slow client was closed; how fast is for `cargo xtask bench`.

mod common;

use common::{try_read_response, Server};
use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};

/// Concurrent kept-alive connections, half on the mock and half on static files.
const CONNECTIONS: usize = 100;

/// Slow clients, each holding a half-sent request head.
const SLOW_CLIENTS: usize = 200;

/// How long any single read may wait before it counts as an error.
const READ_LIMIT: Duration = Duration::from_secs(10);

const WWW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www");

const MOCK_REQUEST: &str = "POST /graph/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 21\r\n\r\n{\"clientContext\":\"c\"}";

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(READ_LIMIT))?;
    Ok(stream)
}

/// Sends `request` on one kept-alive connection until `deadline`; returns how many answers
/// were right, and the first thing that went wrong, if anything did.
fn hammer(
    port: u16,
    request: &[u8],
    deadline: Instant,
    right: impl Fn(u16, &[u8]) -> bool,
) -> (u64, Option<String>) {
    let mut done = 0;
    let mut run = || -> std::io::Result<Option<String>> {
        let stream = connect(port)?;
        let mut writer = stream.try_clone()?;
        let mut reader = BufReader::new(stream);
        while Instant::now() < deadline {
            writer.write_all(request)?;
            let (status, body) = try_read_response(&mut reader)?;
            if !right(status, &body) {
                return Ok(Some(format!(
                    "{status}: {}",
                    String::from_utf8_lossy(&body)
                )));
            }
            done += 1;
        }
        Ok(None)
    };
    let failure = match run() {
        Ok(failure) => failure,
        Err(error) => Some(error.to_string()),
    };
    (done, failure)
}

#[test]
fn serve_under_100_connections_answers_every_request_and_closes_slow_clients() {
    let seconds: u64 = std::env::var("MEDIAOPS_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let server = Server::start_with(Path::new(WWW), &["--header-timeout", "1"]);
    let port = server.port;
    let index = std::fs::read(Path::new(WWW).join("index.html")).expect("www/index.html");
    let mut slow: Vec<TcpStream> = (0..SLOW_CLIENTS)
        .map(|_| {
            let mut stream = connect(port).expect("a slow client connects");
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .expect("half a head");
            stream
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            let index = index.clone();
            std::thread::spawn(move || {
                if n % 2 == 0 {
                    hammer(port, MOCK_REQUEST.as_bytes(), deadline, |status, body| {
                        status == 200
                            && String::from_utf8_lossy(body).contains("\"status\":\"completed\"")
                    })
                } else {
                    hammer(
                        port,
                        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                        deadline,
                        |status, body| status == 200 && body == index,
                    )
                }
            })
        })
        .collect();
    let (mut mock, mut files) = (0u64, 0u64);
    let mut failures = Vec::new();
    for (n, worker) in workers.into_iter().enumerate() {
        let (done, failure) = worker.join().expect("a load worker");
        if n % 2 == 0 {
            mock += done;
        } else {
            files += done;
        }
        failures.extend(failure.map(|f| format!("connection {n}: {f}")));
    }
    eprintln!(
        "serve_load: {mock} mock and {files} static requests on {CONNECTIONS} connections in {seconds} s"
    );
    assert!(
        failures.is_empty(),
        "{} failed: {failures:?}",
        failures.len()
    );
    assert!(mock > 0 && files > 0, "nothing was answered");
    for (n, stream) in slow.iter_mut().enumerate() {
        let mut rest = Vec::new();
        let read = stream.read_to_end(&mut rest);
        assert!(read.is_ok(), "slow client {n} still open: {read:?}");
    }
}
