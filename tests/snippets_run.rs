//! Runs the curl snippet with bash and the fetch snippet with node against `mediaops serve`'s mock
//! Graph endpoint, and against a loopback responder that records exactly what arrived; checks
//! that a hostile clientContext arrives and comes back unchanged and that the snippet prints the
//! Location header; that bidi, BOM and invisible characters arrive byte-exact from curl and node,
//! and that the Rust snippet's literals compile with rustc and hold the exact body. curl, bash,
//! node and rustc must be installed: a missing one fails the test.

mod common;

use mediaops::compose::request::{
    build, BuiltRequest, CancelMediaProcessingRequest, EXAMPLE_CALL_ID,
};
use mediaops::compose::snippets::{render, SnippetFormat};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::sync::mpsc::{channel, Receiver};
use std::thread;
use std::time::Duration;

/// Everything a shell, JavaScript or JSON could trip on, within the 256-character limit.
const HOSTILE: &str = "q\"uote\\back $HOME `id` $(id) ${x} 'single' ‘curly’\nline2\r\ttab \u{1} 😀 %s %d {} {0} </script>";

const TOKEN: &str = "test-token-7f3a";

/// What the responder saw of one request.
#[derive(Debug)]
struct Seen {
    method: String,
    path: String,
    authorization: String,
    content_type: String,
    body: String,
}

/// A one-thread HTTP/1.1 responder on 127.0.0.1 that answers every POST as Graph answers
/// cancelMediaProcessing: 200, a Location header and a body echoing clientContext.
struct Responder {
    port: u16,
    seen: Receiver<Seen>,
}

impl Responder {
    fn start() -> Responder {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("local address").port();
        let (tx, rx) = channel();
        thread::spawn(move || {
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(stream) = stream else { continue };
                if let Some(seen) = answer(stream, port, n) {
                    if tx.send(seen).is_err() {
                        return;
                    }
                }
            }
        });
        Responder { port, seen: rx }
    }

    fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}/graph", self.port)
    }

    fn next(&self) -> Seen {
        self.seen
            .recv_timeout(Duration::from_secs(30))
            .expect("the responder saw a request")
    }
}

/// Reads one request from `stream`, answers it and reports what it saw.
fn answer(stream: TcpStream, port: u16, n: usize) -> Option<Seen> {
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line).ok()?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();

    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            break;
        }
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let length: usize = header("content-length").parse().unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    let body = String::from_utf8(body).ok()?;

    let seen = Seen {
        method,
        path,
        authorization: header("authorization"),
        content_type: header("content-type"),
        body,
    };
    let (status, location, reply) = reply(&seen, port, n);
    let mut response = format!("HTTP/1.1 {status}\r\n");
    if let Some(location) = location {
        response.push_str(&format!("Location: {location}\r\n"));
    }
    response.push_str(&format!(
        "Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
        reply.len()
    ));
    let mut stream = stream;
    stream.write_all(response.as_bytes()).ok()?;
    stream.flush().ok()?;
    Some(seen)
}

/// Graph's answer to `seen`, or an error naming what is wrong with it.
fn reply(seen: &Seen, port: u16, n: usize) -> (&'static str, Option<String>, String) {
    let error = |status, message: &str| {
        let body = serde_json::json!({ "error": { "code": "BadRequest", "message": message } });
        (status, None, body.to_string())
    };
    let token = seen.authorization.strip_prefix("Bearer ").unwrap_or("");
    if token.trim().is_empty() {
        return error("401 Unauthorized", "no bearer token");
    }
    let Some(call) = seen
        .path
        .strip_prefix("/graph/v1.0/communications/calls/")
        .and_then(|rest| rest.strip_suffix("/cancelMediaProcessing"))
    else {
        return error("404 Not Found", "not a cancelMediaProcessing path");
    };
    let parsed: Value = match serde_json::from_str(&seen.body) {
        Ok(value) => value,
        Err(_) => return error("400 Bad Request", "the body is not JSON"),
    };
    let operation = format!("0fe0623f-d628-42ed-b4bd-8ac290072c{n:02x}");
    let location = format!(
        "http://127.0.0.1:{port}/graph/v1.0/communications/calls/{call}/operations/{operation}"
    );
    let body = serde_json::json!({
        "@odata.type": "#microsoft.graph.cancelMediaProcessingOperation",
        "id": operation,
        "status": "completed",
        "clientContext": parsed.get("clientContext").cloned().unwrap_or(Value::Null),
    });
    ("200 OK", Some(location), body.to_string())
}

/// The request for the example call with `client_context`, aimed at `base_url`.
fn request_with(client_context: &str, base_url: String) -> BuiltRequest {
    build(&CancelMediaProcessingRequest {
        call_id: EXAMPLE_CALL_ID.into(),
        client_context: Some(client_context.into()),
        base_url: Some(base_url),
        ..Default::default()
    })
    .expect("the test request builds")
}

fn hostile_request(responder: &Responder) -> BuiltRequest {
    request_with(HOSTILE, responder.base_url())
}

fn expected_location_prefix(responder: &Responder) -> String {
    format!(
        "http://127.0.0.1:{}/graph/v1.0/communications/calls/{EXAMPLE_CALL_ID}/operations/",
        responder.port
    )
}

/// A fresh directory under the system temp directory.
fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mediaops-snippets-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create a temp directory");
    dir
}

/// Runs `program` and returns its stdout; fails the test if it cannot start or fails.
fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .env("GRAPH_TOKEN", TOKEN)
        .output()
        .unwrap_or_else(|e| panic!("{program} must be installed to run this test: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "{program} failed ({}):\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

/// Checks what the responder saw: a POST to the built URL, with the token and the exact body.
fn assert_seen(seen: &Seen, built: &BuiltRequest) {
    assert_eq!(seen.method, "POST");
    assert_eq!(
        seen.path,
        format!("/graph/v1.0/communications/calls/{EXAMPLE_CALL_ID}/cancelMediaProcessing")
    );
    assert!(
        built.request.url.ends_with(&seen.path),
        "{} vs {}",
        built.request.url,
        seen.path
    );
    assert_eq!(seen.authorization, format!("Bearer {TOKEN}"));
    assert!(
        seen.content_type.starts_with("application/json"),
        "{}",
        seen.content_type
    );
    let sent: Value = serde_json::from_str(&seen.body).expect("the snippet sent JSON");
    let built_body: Value = serde_json::from_str(&built.request.body).expect("built body is JSON");
    assert_eq!(sent, built_body);
    assert_eq!(sent["clientContext"], HOSTILE);
}

#[test]
fn curl_snippet_runs_against_a_loopback_graph() {
    let responder = Responder::start();
    let built = hostile_request(&responder);
    let snippet = render(&built, SnippetFormat::Curl);
    assert!(!snippet.contains(TOKEN));

    let stdout = run("bash", &["-c", &snippet]);
    let seen = responder.next();
    assert_seen(&seen, &built);
    // curl sends the body byte for byte.
    assert_eq!(seen.body, built.request.body);

    let (head, body) = stdout
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("curl -i prints headers, a blank line and the body:\n{stdout}"));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let location = head
        .lines()
        .find_map(|line| {
            line.split_once(':')
                .filter(|(name, _)| name.eq_ignore_ascii_case("location"))
                .map(|(_, value)| value.trim().to_string())
        })
        .unwrap_or_else(|| panic!("no Location header in:\n{head}"));
    assert!(
        location.starts_with(&expected_location_prefix(&responder)),
        "{location}"
    );
    let answer: Value = serde_json::from_str(body.trim()).expect("the answer is JSON");
    assert_eq!(answer["clientContext"], HOSTILE);
    assert_eq!(answer["status"], "completed");
}

#[test]
fn fetch_snippet_runs_with_node_against_a_loopback_graph() {
    let responder = Responder::start();
    let built = hostile_request(&responder);
    let snippet = render(&built, SnippetFormat::Fetch);
    assert!(!snippet.contains(TOKEN));

    let dir = scratch_dir("fetch");
    let file = dir.join("cancel.mjs");
    std::fs::write(&file, &snippet).expect("write the snippet");
    let stdout = run("node", &[file.to_str().expect("a UTF-8 temp path")]);
    std::fs::remove_dir_all(&dir).ok();

    let seen = responder.next();
    assert_seen(&seen, &built);

    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first().copied(), Some("200 OK"), "{stdout}");
    let location = lines
        .iter()
        .find_map(|line| line.strip_prefix("Location: "))
        .unwrap_or_else(|| panic!("no Location line in:\n{stdout}"));
    assert!(
        location.starts_with(&expected_location_prefix(&responder)),
        "{location}"
    );
    let answer: Value = serde_json::from_str(lines.last().copied().unwrap_or_default())
        .expect("the last line is JSON");
    assert_eq!(answer["clientContext"], HOSTILE);
}

#[test]
fn javascript_sdk_snippet_is_valid_javascript() {
    let responder = Responder::start();
    let built = hostile_request(&responder);
    let dir = scratch_dir("sdk");
    let file = dir.join("sdk.mjs");
    std::fs::write(&file, render(&built, SnippetFormat::JavaScript)).expect("write the snippet");
    // Syntax only: the Graph client package is not installed here.
    run(
        "node",
        &["--check", file.to_str().expect("a UTF-8 temp path")],
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The hostile request aimed at `mediaops serve`'s mock.
fn request_to_mock(server: &common::Server) -> BuiltRequest {
    request_with(HOSTILE, server.graph_root())
}

#[test]
fn curl_snippet_gets_200_and_location_from_mediaops_serve() {
    let server = common::Server::start();
    let built = request_to_mock(&server);
    let stdout = run("bash", &["-c", &render(&built, SnippetFormat::Curl)]);
    let (head, body) = stdout
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    let prefix = format!(
        "{}/v1.0/communications/calls/{EXAMPLE_CALL_ID}/operations/",
        server.graph_root()
    );
    assert!(
        head.lines()
            .any(|line| line.to_ascii_lowercase().starts_with("location: ")
                && line[10..].starts_with(&prefix)),
        "{head}"
    );
    let answer: Value = serde_json::from_str(body.trim()).expect("the mock answers JSON");
    assert_eq!(answer["clientContext"], HOSTILE);
    assert_eq!(
        answer["@odata.type"],
        "#microsoft.graph.cancelMediaProcessingOperation"
    );
}

#[test]
fn fetch_snippet_gets_200_and_location_from_mediaops_serve() {
    let server = common::Server::start();
    let built = request_to_mock(&server);
    let dir = scratch_dir("fetch-serve");
    let file = dir.join("cancel.mjs");
    std::fs::write(&file, render(&built, SnippetFormat::Fetch)).expect("write the snippet");
    let stdout = run("node", &[file.to_str().expect("a UTF-8 temp path")]);
    std::fs::remove_dir_all(&dir).ok();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.first().copied(), Some("200 OK"), "{stdout}");
    let prefix = format!(
        "Location: {}/v1.0/communications/calls/{EXAMPLE_CALL_ID}/operations/",
        server.graph_root()
    );
    assert!(
        lines.iter().any(|line| line.starts_with(&prefix)),
        "{stdout}"
    );
    let answer: Value =
        serde_json::from_str(lines.last().copied().unwrap_or_default()).expect("JSON last");
    assert_eq!(answer["clientContext"], HOSTILE);
}

/// Bidi override and isolate, BOM, zero-width space, line and paragraph separators, a C1
/// control, DEL and ESC: what rustc or Go refuse raw, or what hides or reorders text.
const DECEPTIVE: &str =
    "r\u{202e}l\u{2066}i\u{feff}b\u{200b}z\u{2028}\u{2029}p\u{9b}d\u{7f}e\u{1b}[2J";

fn deceptive_request(responder: &Responder) -> BuiltRequest {
    request_with(DECEPTIVE, responder.base_url())
}

#[test]
fn curl_snippet_sends_bidi_and_invisible_characters_byte_exact() {
    let responder = Responder::start();
    // As built: the JSON body carries them as escapes.
    let built = deceptive_request(&responder);
    let snippet = render(&built, SnippetFormat::Curl);
    assert!(snippet.contains(r"\u202el\u2066i\ufeffb\u200bz\u2028\u2029p\u009bd\u007fe\u001b[2J"));
    run("bash", &["-c", &snippet]);
    let seen = responder.next();
    assert_eq!(seen.body, built.request.body);
    assert_eq!(
        serde_json::from_str::<Value>(&seen.body).unwrap()["clientContext"],
        DECEPTIVE
    );

    // A body holding them raw (a hand-made request): the shell word spells them as byte
    // escapes, and curl still sends exactly those bytes.
    let mut raw = built.clone();
    raw.request.body = format!("{{\"clientContext\": \"{DECEPTIVE}\"}}");
    let snippet = render(&raw, SnippetFormat::Curl);
    assert!(
        snippet.contains(r"$'\xe2\x80\xae'") && !snippet.contains('\u{202e}'),
        "{snippet}"
    );
    run("bash", &["-c", &snippet]);
    let seen = responder.next();
    assert_eq!(seen.body.as_bytes(), raw.request.body.as_bytes());
}

#[test]
fn fetch_snippet_sends_bidi_and_invisible_characters_exactly() {
    let responder = Responder::start();
    let built = deceptive_request(&responder);
    let snippet = render(&built, SnippetFormat::Fetch);
    assert!(
        snippet.contains(
            r#"clientContext: "r\u202el\u2066i\ufeffb\u200bz\u2028\u2029p\u009bd\u007fe\u001b[2J""#
        ),
        "{snippet}"
    );
    let dir = scratch_dir("fetch-deceptive");
    let file = dir.join("cancel.mjs");
    std::fs::write(&file, &snippet).expect("write the snippet");
    run("node", &[file.to_str().expect("a UTF-8 temp path")]);
    std::fs::remove_dir_all(&dir).ok();
    let seen = responder.next();
    // JSON.stringify writes these characters raw: the bytes are the UTF-8 of the text itself.
    assert_eq!(
        seen.body.as_bytes(),
        format!(
            "{{\"clientContext\":\"{}\"}}",
            DECEPTIVE.replace('\u{1b}', "\\u001b")
        )
        .as_bytes()
    );
}

#[test]
fn rust_snippet_literals_compile_and_hold_the_exact_body() {
    let responder = Responder::start();
    let built = deceptive_request(&responder);
    let snippet = render(&built, SnippetFormat::Rust);
    // The snippet needs reqwest; its two literals are checked on their own with plain rustc,
    // whose deny-by-default lints refuse bidi characters raw in literals and comments.
    let literal = |call: &str| {
        let start = snippet
            .find(call)
            .unwrap_or_else(|| panic!("no {call} in:\n{snippet}"))
            + call.len();
        let end = snippet[start..].find("\")").expect("the literal ends") + start + 1;
        snippet[start..end].to_string()
    };
    let program = format!(
        "{}\nfn main() {{\n    use std::io::Write;\n    let body: &str = {};\n    let url: &str = {};\n    let mut out = std::io::stdout();\n    out.write_all(body.as_bytes()).unwrap();\n    out.write_all(b\"\\n\").unwrap();\n    out.write_all(url.as_bytes()).unwrap();\n}}\n",
        snippet
            .lines()
            .filter(|l| l.starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n"),
        literal(".body("),
        literal(".post("),
    );
    let dir = scratch_dir("rust-literals");
    let source = dir.join("literals.rs");
    std::fs::write(&source, &program).expect("write the program");
    let binary = dir.join("literals");
    run(
        "rustc",
        &[
            "--edition",
            "2021",
            "-o",
            binary.to_str().expect("a UTF-8 temp path"),
            source.to_str().expect("a UTF-8 temp path"),
        ],
    );
    let stdout = run(binary.to_str().expect("a UTF-8 temp path"), &[]);
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(
        stdout,
        format!("{}\n{}", built.request.body, built.request.url)
    );
}
