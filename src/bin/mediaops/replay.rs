//! `mediaops simulate FILE --live URL`: replays a scenario against a running `mediaops serve` over
//! HTTP, on its real clock, as the Teach view's live panel does: makes a call whose notifications
//! go to `--callback` (a bot under test, or the server's own sink), sends each step, waits each
//! `advanceMs`, and prints every answer, notification and delivery as the server's event stream
//! reports it, each notification checked against the plan's prediction. Plain HTTP/1.1 on std
//! sockets: the server is local, and nothing here needs more.

use crate::calls::{host_header, split_http_url, status_of};
use crate::simulate::print_bodies;
use crate::CliError;
use mediaops::decode::{decode_text, DecodeOptions};
use mediaops::diagnostic::visible_controls;
use mediaops::graph::ApiVersion;
use mediaops::mock::replay::{plan_replay, Replay, ReplayAction, ReplayRequest, CALL_ID};
use mediaops::simulate::format_ms;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long any one connect, write or read may take: the server is on this machine.
const IO_TIMEOUT: Duration = Duration::from_secs(15);
/// How long the call may take to be established.
const ESTABLISH_TIMEOUT: Duration = Duration::from_secs(10);
/// After the last step, how long notifications still on their way (or their deliveries) are
/// waited for.
const SETTLE: Duration = Duration::from_secs(5);
/// The largest answer read from the server.
const MAX_ANSWER_BYTES: usize = 8 << 20;

/// Where `mediaops serve` listens.
struct Server {
    host: String,
    port: u16,
    url: String,
}

/// One HTTP answer.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Server {
    fn parse(url: &str) -> Result<Server, CliError> {
        let trimmed = url.trim_end_matches('/');
        let (host, port, path) = split_http_url(trimmed, "--live").map_err(CliError::Usage)?;
        if path != "/" {
            return Err(CliError::Usage(format!(
                "--live takes the origin mediaops serve listens on, such as http://127.0.0.1:8080, not '{}'",
                visible_controls(url)
            )));
        }
        Ok(Server {
            url: trimmed.to_string(),
            host,
            port,
        })
    }

    fn connect(&self) -> Result<TcpStream, String> {
        let address = (self.host.as_str(), self.port);
        let stream = std::net::ToSocketAddrs::to_socket_addrs(&address)
            .map_err(|e| format!("cannot resolve {}: {e}", self.url))?
            .find_map(|a| TcpStream::connect_timeout(&a, IO_TIMEOUT).ok())
            .ok_or_else(|| format!("cannot connect to {}: is mediaops serve running?", self.url))?;
        stream
            .set_read_timeout(Some(IO_TIMEOUT))
            .and(stream.set_write_timeout(Some(IO_TIMEOUT)))
            .map_err(|e| format!("cannot set timeouts: {e}"))?;
        Ok(stream)
    }

    fn write_head(
        &self,
        stream: &mut TcpStream,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<(), String> {
        let host_header = host_header(&self.host, self.port);
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: mediaops-replay\r\nConnection: close\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if method != "GET" {
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        stream
            .write_all(head.as_bytes())
            .and(stream.write_all(body.as_bytes()))
            .map_err(|e| format!("{method} {path}: the connection failed while sending: {e}"))
    }

    /// One request, `Connection: close`; the whole answer.
    fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> Result<Answer, String> {
        let mut stream = self.connect()?;
        self.write_head(&mut stream, method, path, headers, body)?;
        let mut reader = BufReader::new(stream);
        let (status, headers) = read_head(&mut reader)?;
        let chunked = is_chunked(&headers);
        let mut bytes = Vec::new();
        if chunked {
            while let Some(chunk) = read_chunk(&mut reader)? {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > MAX_ANSWER_BYTES {
                    return Err(format!(
                        "{method} {path}: the answer is over {MAX_ANSWER_BYTES} bytes"
                    ));
                }
            }
        } else {
            reader
                .take(MAX_ANSWER_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{method} {path}: the answer could not be read: {e}"))?;
        }
        Ok(Answer {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }

    /// Opens the server's all-calls event stream; its events arrive on the receiver until the
    /// connection ends.
    fn watch(&self, path: &str) -> Result<mpsc::Receiver<(String, Value)>, String> {
        let mut stream = self.connect()?;
        self.write_head(
            &mut stream,
            "GET",
            path,
            &[("Accept", "text/event-stream")],
            "",
        )?;
        // Quiet stretches are normal on a stream: only the head must come soon.
        let mut reader = BufReader::new(stream);
        let (status, headers) = read_head(&mut reader)?;
        if status != 200 {
            return Err(format!("GET {path} answered {status}, not an event stream"));
        }
        reader
            .get_ref()
            .set_read_timeout(None)
            .map_err(|e| format!("cannot set timeouts: {e}"))?;
        let chunked = is_chunked(&headers);
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = SseLines::default();
            loop {
                let bytes = if chunked {
                    match read_chunk(&mut reader) {
                        Ok(Some(chunk)) => chunk,
                        _ => return,
                    }
                } else {
                    let mut line = Vec::new();
                    match reader.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => line,
                    }
                };
                for event in lines.push(&bytes) {
                    if sender.send(event).is_err() {
                        return;
                    }
                }
            }
        });
        Ok(receiver)
    }
}

fn is_chunked(headers: &[(String, String)]) -> bool {
    headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding")
            && value.to_ascii_lowercase().contains("chunked")
    })
}

/// The status line and headers of an answer.
fn read_head(reader: &mut impl BufRead) -> Result<(u16, Vec<(String, String)>), String> {
    let mut line = String::new();
    reader
        .read_line(&mut line)
        .map_err(|e| format!("no answer: {e}"))?;
    let status = status_of(&line)?;
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        let read = reader
            .read_line(&mut line)
            .map_err(|e| format!("the answer's headers could not be read: {e}"))?;
        let line = line.trim_end();
        if read == 0 || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        if headers.len() > 100 {
            return Err("the answer has over 100 headers".to_string());
        }
    }
    Ok((status, headers))
}

/// One chunk of a chunked body; `None` after the last.
fn read_chunk(reader: &mut impl BufRead) -> Result<Option<Vec<u8>>, String> {
    let mut size_line = String::new();
    reader
        .read_line(&mut size_line)
        .map_err(|e| format!("a chunk could not be read: {e}"))?;
    let size_text = size_line.split(';').next().unwrap_or("").trim();
    if size_text.is_empty() {
        return Ok(None);
    }
    let size = usize::from_str_radix(size_text, 16).map_err(|_| {
        format!(
            "a chunk size is not hexadecimal: '{}'",
            visible_controls(size_text)
        )
    })?;
    if size == 0 {
        return Ok(None);
    }
    if size > MAX_ANSWER_BYTES {
        return Err(format!(
            "a chunk of {size} bytes is over {MAX_ANSWER_BYTES}"
        ));
    }
    let mut chunk = vec![0; size + 2];
    reader
        .read_exact(&mut chunk)
        .map_err(|e| format!("a chunk could not be read: {e}"))?;
    chunk.truncate(size);
    Ok(Some(chunk))
}

/// Server-sent events out of the bytes of a stream: `event:` and `data:` lines, an event at each
/// blank line.
#[derive(Default)]
struct SseLines {
    pending: Vec<u8>,
    name: String,
    data: String,
}

impl SseLines {
    fn push(&mut self, bytes: &[u8]) -> Vec<(String, Value)> {
        self.pending.extend_from_slice(bytes);
        let mut events = Vec::new();
        while let Some(end) = self.pending.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.pending.drain(..=end).collect();
            let line = String::from_utf8_lossy(&line);
            let line = line.trim_end_matches(['\r', '\n']);
            if line.is_empty() {
                if !self.data.is_empty() {
                    if let Ok(value) = serde_json::from_str(&self.data) {
                        events.push((std::mem::take(&mut self.name), value));
                    }
                }
                self.name.clear();
                self.data.clear();
            } else if let Some(name) = line.strip_prefix("event:") {
                self.name = name.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data:") {
                self.data.push_str(data.strip_prefix(' ').unwrap_or(data));
            }
        }
        events
    }
}

/// What the replay has seen of its call so far.
struct Watch {
    events: mpsc::Receiver<(String, Value)>,
    call_id: Option<String>,
    /// Events that came before the call's id was known.
    early: Vec<(String, Value)>,
    notifications: Vec<Value>,
    deliveries: Vec<Value>,
    established: bool,
    ended: bool,
    predicted: Vec<String>,
    matched: usize,
    differ: usize,
    started: Instant,
    /// Where the readable lines go: stdout, or stderr when stdout is for `--json`.
    to_stderr: bool,
}

impl Watch {
    fn line(&self, kind: &str, text: &str) {
        let at = format_ms(self.started.elapsed().as_millis() as u64);
        let line = format!("{at:>10}  {kind:<12}  {}", visible_controls(text));
        if self.to_stderr {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    }

    fn note(&self, text: &str) {
        self.line("", &format!("→ {text}"));
    }

    /// Takes the events that arrive until `deadline` or until `done` says so.
    fn pump(&mut self, deadline: Instant, done: impl Fn(&Watch) -> bool) {
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            match self.events.recv_timeout(left) {
                Ok(event) => self.take(event),
                Err(mpsc::RecvTimeoutError::Timeout) => return,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    std::thread::sleep(left);
                    return;
                }
            }
        }
    }

    fn take(&mut self, (kind, data): (String, Value)) {
        let Some(call_id) = &self.call_id else {
            self.early.push((kind, data));
            return;
        };
        if data["callId"] != call_id.as_str() {
            return;
        }
        match kind.as_str() {
            "notification" => {
                let summary = data["summary"].as_str().unwrap_or("").to_string();
                self.line("notification", &summary);
                let body = data["body"].as_str().unwrap_or("");
                let decoded = decode_text(body, DecodeOptions::default());
                if let Some(resource) = decoded.resources.first() {
                    if resource.type_name == "call" {
                        match resource.state.as_deref() {
                            Some("established") => self.established = true,
                            Some("terminating" | "terminated") => self.ended = true,
                            _ => {}
                        }
                    }
                    if let Some(explanation) = &resource.explanation {
                        self.note(explanation);
                    }
                }
                let index = self.notifications.len();
                match self.predicted.get(index) {
                    Some(expected) if *expected == summary => self.matched += 1,
                    Some(expected) => {
                        self.differ += 1;
                        self.note(&format!("differs: the simulator predicted {expected}"));
                    }
                    None if self.ended => {}
                    None => {
                        self.differ += 1;
                        self.note("differs: the simulator predicted no notification here");
                    }
                }
                self.notifications.push(data);
            }
            "delivery" => {
                let target = data["callbackUri"].as_str().unwrap_or("");
                let text = match (data["ok"].as_bool(), data["status"].as_u64()) {
                    (Some(true), Some(status)) => format!("to {target}: HTTP {status}"),
                    (_, Some(status)) => format!("to {target} answered HTTP {status}"),
                    _ => format!(
                        "to {target} failed: {}",
                        data["error"].as_str().unwrap_or("no reason given")
                    ),
                };
                self.line("delivery", &text);
                self.deliveries.push(data);
            }
            "lagged" => self.line("stream", "the event stream fell behind and lost events"),
            _ => {}
        }
    }

    fn know_call(&mut self, id: String) {
        self.call_id = Some(id);
        for event in std::mem::take(&mut self.early) {
            self.take(event);
        }
    }
}

/// The result of one planned request, printed.
fn send_planned(
    server: &Server,
    replay: &Replay,
    root: &str,
    request: &ReplayRequest,
    call_id: &str,
) -> Result<Answer, String> {
    let path = format!("{root}{}", request.path.replace(CALL_ID, call_id));
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if request.needs_token {
        headers.push(("Authorization", replay.authorization));
    }
    if request.body.is_some() {
        headers.push(("Content-Type", "application/json"));
    }
    server.send(
        request.method,
        &path,
        &headers,
        request.body.as_deref().unwrap_or(""),
    )
}

/// What an answer says in one line: `HTTP 200, running` (the operation's status or the call's
/// state), or the Graph error's code and message.
fn answer_line(answer: &Answer) -> String {
    let json: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
    let detail = if let Some(error) = json.get("error") {
        format!(
            ": {} {}",
            error["code"].as_str().unwrap_or(""),
            error["message"].as_str().unwrap_or("")
        )
    } else if let Some(status) = json["status"].as_str().or(json["state"].as_str()) {
        format!(", {status}")
    } else {
        String::new()
    };
    format!("HTTP {}{detail}", answer.status)
}

/// Replays `text` against `url`; `Ok(false)` when the scenario or the callback is refused
/// before anything is sent. Prints as it goes; with `json`, stdout gets only the notification
/// bodies at the end.
pub fn live(
    text: &str,
    version: ApiVersion,
    url: &str,
    callback: Option<&str>,
    json: bool,
) -> Result<bool, CliError> {
    let server = Server::parse(url)?;
    let failed = |message: String| CliError::Failed(format!("simulate --live: {message}"));
    let about = server
        .send("GET", "/.well-known/mediaops", &[], "")
        .map_err(failed)?;
    let about: Value = serde_json::from_str(&about.body).unwrap_or(Value::Null);
    if about["name"] != "mediaops" {
        return Err(failed(format!(
            "{} does not answer /.well-known/mediaops as mediaops serve does: nothing was sent",
            server.url
        )));
    }
    let root = about["mockRoot"].as_str().unwrap_or("/graph").to_string();
    let events_path = about["events"]
        .as_str()
        .map_or_else(|| format!("{root}/_mediaops/events"), str::to_string);
    let callback = match callback {
        Some(uri) => uri.to_string(),
        None => format!(
            "{}{}",
            server.url,
            about["callbackSink"]
                .as_str()
                .unwrap_or("/graph/_mediaops/callback")
        ),
    };
    let replay = match plan_replay(text, version, &callback) {
        Ok(replay) => replay,
        Err(diagnostics) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            return Ok(false);
        }
    };
    for diagnostic in &replay.diagnostics {
        eprintln!("{diagnostic}");
    }
    let header = format!(
        "simulate --live: {} step(s) against {} (mediaops {}), callbackUri {}",
        replay.steps.len(),
        server.url,
        about["version"].as_str().unwrap_or("?"),
        callback
    );
    if json {
        eprintln!("{}\n", visible_controls(&header));
    } else {
        println!("{}\n", visible_controls(&header));
    }
    let mut watch = Watch {
        events: server.watch(&events_path).map_err(failed)?,
        call_id: None,
        early: Vec::new(),
        notifications: Vec::new(),
        deliveries: Vec::new(),
        established: false,
        ended: false,
        predicted: replay.predicted.clone(),
        matched: 0,
        differ: 0,
        started: Instant::now(),
        to_stderr: json,
    };
    let made = send_planned(&server, &replay, &root, &replay.create, "").map_err(failed)?;
    let call_id = serde_json::from_str::<Value>(&made.body)
        .ok()
        .and_then(|call| call["id"].as_str().map(str::to_string));
    let Some(call_id) = call_id.filter(|_| made.status == 201) else {
        return Err(failed(format!(
            "the call was not made: {}",
            answer_line(&made)
        )));
    };
    watch.line(
        "request",
        &format!("the bot makes call {call_id}: {}", answer_line(&made)),
    );
    if let Some(location) = made.header("location") {
        watch.note(&format!("Location: {location}"));
    }
    watch.know_call(call_id.clone());
    watch.pump(Instant::now() + ESTABLISH_TIMEOUT, |w| w.established);
    if !watch.established {
        return Err(failed(format!(
            "call {call_id} was not established within {} s",
            ESTABLISH_TIMEOUT.as_secs()
        )));
    }
    for step in &replay.steps {
        match &step.action {
            ReplayAction::Wait { ms } => {
                watch.line("clock", &step.summary);
                watch.pump(Instant::now() + Duration::from_millis(*ms), |_| false);
            }
            ReplayAction::Request(request) => {
                let answer =
                    send_planned(&server, &replay, &root, request, &call_id).map_err(failed)?;
                let kind = if request.by == "caller" {
                    "caller"
                } else {
                    "request"
                };
                watch.line(kind, &format!("{}: {}", step.summary, answer_line(&answer)));
                watch.pump(Instant::now(), |_| false);
            }
        }
    }
    // What is still on its way: the predicted notifications and a delivery for each.
    let expected = replay.predicted.len();
    watch.pump(Instant::now() + SETTLE, |w| {
        w.notifications.len() >= expected && w.deliveries.len() >= w.notifications.len()
    });
    if !watch.ended {
        let answer =
            send_planned(&server, &replay, &root, &replay.hang_up, &call_id).map_err(failed)?;
        watch.line(
            "request",
            &format!(
                "the replay hangs up the call it made: {}",
                answer_line(&answer)
            ),
        );
        watch.pump(Instant::now() + SETTLE, |w| {
            w.notifications.iter().any(|n| {
                n["summary"]
                    .as_str()
                    .is_some_and(|s| s.starts_with("call terminated"))
            }) && w.deliveries.len() >= w.notifications.len()
        });
    }
    let delivered = watch.deliveries.iter().filter(|d| d["ok"] == true).count();
    let summary = format!(
        "\nsimulate --live: call {call_id}, {} notification(s), {} of {expected} as predicted, {} differ; {delivered} delivered, {} not",
        watch.notifications.len(),
        watch.matched,
        watch.differ,
        watch.deliveries.len() - delivered
    );
    if json {
        eprintln!("{summary}");
        print_bodies(
            watch
                .notifications
                .iter()
                .filter_map(|n| n["body"].as_str()),
        )?;
    } else {
        println!("{summary}");
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_sent_events_are_read_across_any_split_of_their_bytes() {
        let stream = "event: notification\ndata: {\"a\":1}\n\nevent: delivery\r\ndata: {\"ok\":true}\r\n\r\n: comment\n\n";
        for split in 0..stream.len() {
            let mut lines = SseLines::default();
            let mut events = lines.push(&stream.as_bytes()[..split]);
            events.extend(lines.push(&stream.as_bytes()[split..]));
            let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
            assert_eq!(names, ["notification", "delivery"], "split at {split}");
            assert_eq!(events[1].1["ok"], true);
        }
    }

    #[test]
    fn chunks_are_read_to_the_last_and_a_bad_size_is_an_error() {
        let mut body: &[u8] = b"5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n";
        let mut read = Vec::new();
        while let Ok(Some(chunk)) = read_chunk(&mut body) {
            read.extend(chunk);
        }
        assert_eq!(read, b"hello, world");
        let mut bad: &[u8] = b"zz\r\n";
        assert!(read_chunk(&mut bad).is_err_and(|e| e.contains("hexadecimal")));
    }

    #[test]
    fn the_live_url_is_an_http_origin() {
        assert!(Server::parse("http://127.0.0.1:8080/").is_ok_and(|s| s.port == 8080));
        assert!(matches!(
            Server::parse("http://127.0.0.1:8080/graph"),
            Err(CliError::Usage(m)) if m.contains("origin")
        ));
        assert!(matches!(
            Server::parse("ftp://x"),
            Err(CliError::Usage(m)) if m.contains("--live is not http://")
        ));
    }
}
