//! `mediaops serve` against hostile HTTP, over raw sockets on 127.0.0.1: open redirects,
//! malformed targets, symlinks out of `--dir`, half-sent and idle connections, the connection
//! cap, invalid UTF-8 bodies, keep-alive reuse.

mod common;

use common::{body, header, read_response, status, Server};
use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long any read in these tests waits before the test fails: the server is local, so an
/// answer that takes this long is never coming.
const READ_LIMIT: Duration = Duration::from_secs(10);

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    stream.set_read_timeout(Some(READ_LIMIT)).expect("timeout");
    stream
}

/// Sends `raw` as it is and returns everything the server answers until it closes.
fn send(server: &Server, raw: &[u8]) -> String {
    let mut stream = connect(server);
    stream.write_all(raw).expect("write");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

/// `GET target` with `Connection: close`.
fn get(server: &Server, target: &str) -> String {
    send(
        server,
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// A connection on which one keep-alive `GET /` was answered 200, left open.
fn kept_alive(server: &Server) -> BufReader<TcpStream> {
    let stream = connect(server);
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    writer
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("write");
    assert_eq!(read_response(&mut reader).0, 200);
    reader
}

#[test]
fn serve_never_redirects_to_another_host() {
    let server = Server::start();
    // A browser reads `//js/` (and `/\js/`) in Location as the host `js`.
    for target in ["//js", "///js", "//js/", "http://evil.example/js"] {
        let answer = get(&server, target);
        let location = header(&answer, "location");
        assert!(
            location.is_none_or(|l| l.starts_with('/')
                && !l.starts_with("//")
                && !l.starts_with("/\\")),
            "{target}: {answer}"
        );
    }
    let answer = get(&server, "//js");
    assert_eq!(
        (status(&answer), header(&answer, "location")),
        (307, Some("/js/")),
        "{answer}"
    );
    let answer = get(&server, "http://evil.example/js");
    assert_eq!(header(&answer, "location"), Some("/js/"), "{answer}");
}

#[test]
fn serve_answers_malformed_targets_with_a_clear_4xx_never_500() {
    let server = Server::start();
    let long = "a".repeat(300);
    let cases: [(String, u16, &str); 5] = [
        ("js".into(), 400, "must start with /"),
        ("*".into(), 400, "must start with /"),
        (format!("/{long}"), 404, "longer than 255 bytes"),
        (format!("/js/{long}"), 404, "longer than 255 bytes"),
        (
            format!("/{}", "%61".repeat(256)),
            404,
            "longer than 255 bytes",
        ),
    ];
    for (target, expected, reason) in cases {
        let answer = get(&server, &target);
        assert_eq!(status(&answer), expected, "{target}: {answer}");
        assert!(body(&answer).contains(reason), "{target}: {answer}");
    }
    // A long name that is still 255 bytes is just not there.
    assert_eq!(status(&get(&server, &format!("/{}", "b".repeat(255)))), 404);
}

#[test]
fn serve_answers_many_requests_on_one_keep_alive_connection() {
    let server = Server::start();
    let stream = connect(&server);
    let mut writer = stream.try_clone().expect("clone");
    let mut reader = BufReader::new(stream);
    let index = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/www/index.html"))
        .expect("www/index.html");
    for _ in 0..20 {
        writer
            .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .expect("write");
        let (status, body) = read_response(&mut reader);
        assert_eq!(status, 200);
        assert_eq!(body, index);
    }
}

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("mediaops-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
#[test]
fn serve_refuses_symlinks_that_lead_out_of_its_dir() {
    use std::os::unix::fs::symlink;
    let temp = TempDir::new("symlinks");
    let served = temp.0.join("www");
    let outside = temp.0.join("outside");
    std::fs::create_dir_all(served.join("js")).expect("www/js");
    std::fs::create_dir_all(outside.join("site")).expect("outside/site");
    std::fs::write(served.join("index.html"), "<!doctype html><title>t</title>").expect("index");
    std::fs::write(served.join("js/app.js"), "inside").expect("app.js");
    std::fs::write(outside.join("secret.txt"), "OUTSIDE-SECRET").expect("secret");
    std::fs::write(outside.join("site/index.html"), "OUTSIDE-INDEX").expect("outside index");
    symlink(outside.join("secret.txt"), served.join("leak.txt")).expect("file link");
    symlink(&outside, served.join("outdir")).expect("directory link");
    symlink(
        outside.join("site/index.html"),
        served.join("js/index.html"),
    )
    .expect("index link");
    symlink(served.join("js/app.js"), served.join("alias.js")).expect("inner link");
    let server = Server::start_with(&served, &[]);
    for target in [
        "/leak.txt",
        "/outdir/secret.txt",
        "/outdir/site/",
        "/js/",
        "/js/index.html",
    ] {
        let answer = get(&server, target);
        assert_eq!(status(&answer), 404, "{target}: {answer}");
        assert!(!answer.contains("OUTSIDE"), "{target}: {answer}");
    }
    // A link that stays inside the directory is served.
    let answer = get(&server, "/alias.js");
    assert_eq!(
        (status(&answer), body(&answer)),
        (200, "inside"),
        "{answer}"
    );
}

const WWW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/www");

const MOCK_PATH: &str =
    "/graph/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing";

/// A POST to the mock with a token and `body` as it is.
fn mock_post(body: &[u8]) -> Vec<u8> {
    let mut request = format!(
        "POST {MOCK_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    request.extend_from_slice(body);
    request
}

#[test]
fn serve_answers_a_body_that_is_not_utf8_400_naming_the_offset() {
    let server = Server::start();
    let answer = send(&server, &mock_post(b"{\"clientContext\":\"ab\xffcd\"}"));
    assert_eq!(status(&answer), 400, "{answer}");
    assert!(
        body(&answer).contains("\"code\":\"BadRequest\""),
        "{answer}"
    );
    assert!(
        body(&answer).contains("not UTF-8: invalid UTF-8 at byte offset 20 (0xFF)"),
        "{answer}"
    );
    // The same body as UTF-8 is accepted.
    let answer = send(
        &server,
        &mock_post("{\"clientContext\":\"ab\u{fffd}cd\"}".as_bytes()),
    );
    assert_eq!(status(&answer), 200, "{answer}");
}

#[test]
fn serve_closes_half_sent_and_idle_connections_after_the_header_timeout() {
    let server = Server::start_with(Path::new(WWW), &["--header-timeout", "1"]);
    let mut waiting: Vec<TcpStream> = (0..50)
        .map(|_| {
            let mut stream = connect(&server);
            stream
                .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                .expect("half a head");
            stream
        })
        .collect();
    // A kept-alive connection that finished its request and sends no other.
    let mut idle_reader = kept_alive(&server);
    // A whole request is still answered while the half-sent ones are open.
    assert_eq!(status(&get(&server, "/")), 200);
    for (index, stream) in waiting.iter_mut().enumerate() {
        // Closed by the server within a few seconds (it may say 408 first); not closed would
        // end this read with a timeout error after READ_LIMIT.
        let mut rest = Vec::new();
        let read = stream.read_to_end(&mut rest);
        assert!(
            read.is_ok(),
            "half-sent connection {index} still open: {read:?}"
        );
        let rest = String::from_utf8_lossy(&rest);
        assert!(
            rest.is_empty() || rest.starts_with("HTTP/1.1 408"),
            "{rest}"
        );
    }
    let mut rest = Vec::new();
    let read = idle_reader.read_to_end(&mut rest);
    assert!(
        read.is_ok() && rest.is_empty(),
        "idle connection: {read:?} {rest:?}"
    );
}

#[test]
fn serve_over_the_connection_cap_waits_for_a_free_place() {
    let server = Server::start_with(Path::new(WWW), &["--max-connections", "2"]);
    // Two kept-alive connections, each answered once, so both hold a place.
    let held: Vec<BufReader<TcpStream>> = (0..2).map(|_| kept_alive(&server)).collect();
    let mut third = connect(&server);
    third
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("write");
    third
        .set_read_timeout(Some(Duration::from_millis(500)))
        .expect("timeout");
    let mut byte = [0u8; 1];
    let early = third.read(&mut byte);
    assert!(
        early.as_ref().is_err_and(|e| matches!(
            e.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        )),
        "answered over the cap: {early:?}"
    );
    drop(held);
    third.set_read_timeout(Some(READ_LIMIT)).expect("timeout");
    let mut answer = Vec::new();
    let _ = third.read_to_end(&mut answer);
    assert_eq!(status(&String::from_utf8_lossy(&answer)), 200);
}

#[test]
fn serve_answers_a_body_that_stops_arriving_400_after_the_idle_timeout() {
    let server = Server::start_with(Path::new(WWW), &["--idle-timeout", "1"]);
    let mut request = mock_post(&[b' '; 100]);
    request.truncate(request.len() - 90);
    let answer = send(&server, &request);
    assert_eq!(status(&answer), 400, "{answer}");
    assert!(
        body(&answer).contains("could not be read: no byte of it arrived for 1 s"),
        "{answer}"
    );
}

#[test]
fn serve_drops_a_client_that_stops_reading_after_the_idle_timeout() {
    let temp = TempDir::new("stall");
    std::fs::write(temp.0.join("index.html"), "<!doctype html>").expect("index");
    let size = 64 << 20;
    std::fs::write(temp.0.join("big.bin"), vec![b'x'; size]).expect("big file");
    let server = Server::start_with(&temp.0, &["--idle-timeout", "1"]);
    let mut stream = connect(&server);
    stream
        .write_all(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .expect("write");
    // Read nothing for longer than the idle timeout: the socket buffers fill and the
    // server's writes stall.
    std::thread::sleep(Duration::from_secs(3));
    let mut received = Vec::new();
    let read = stream.read_to_end(&mut received);
    assert!(
        !matches!(&read, Err(e) if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)),
        "the server kept the stalled connection: {read:?}"
    );
    assert!(
        received.len() < size,
        "the whole file arrived: {}",
        received.len()
    );
}

#[test]
fn serve_timeouts_leave_a_slow_mock_answer_alone() {
    // The server's own wait (a `delay=` fault) is not the client being slow.
    let server = Server::start_with(
        Path::new(WWW),
        &["--header-timeout", "0.5", "--idle-timeout", "0.5"],
    );
    let request = String::from_utf8(mock_post(b"{\"clientContext\":\"c\"}")).expect("text");
    let request = request.replacen("\r\n", "\r\nx-mediaops-fault: delay=1500\r\n", 1);
    let answer = send(&server, request.as_bytes());
    assert_eq!(status(&answer), 200, "{answer}");
    assert!(
        body(&answer).contains("\"clientContext\":\"c\""),
        "{answer}"
    );
}
