//! The server side of the mock's simulated calls: one registry ([`MockCalls`]) behind a mutex,
//! a ticker that wakes when the next notification falls due, the callback POSTs, and the
//! server-sent-event stream a page watches them on.

use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mediaops::diagnostic::visible_controls;
use mediaops::mock::calls::{Delivery, MockCalls};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::{broadcast, mpsc, Notify};
use tokio::time::Instant;

/// How long one callback POST may take, connect to status line, before it counts as failed.
pub const DELIVERY_TIMEOUT: Duration = Duration::from_secs(5);

/// The most notifications waiting to be POSTed; past that, new ones are dropped (and logged).
const DELIVERY_QUEUE: usize = 1024;

/// The most event streams open at once; one more is answered 503.
pub const MAX_WATCHERS: usize = 8;

/// How often an idle event stream gets a comment line, so proxies and timeouts keep it open.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The most bytes of a callback's answer read, to find its status line.
const ANSWER_HEAD_BYTES: usize = 4096;

/// One thing a watcher sees: a notification that fell due, or what became of its POST.
#[derive(Debug, Clone)]
struct WatchEvent {
    call_id: String,
    /// `notification` or `delivery`.
    kind: &'static str,
    /// The event's JSON data line.
    data: String,
}

/// The calls, the clock they run on and the channels around them.
pub struct Calls {
    registry: Mutex<MockCalls>,
    started: Instant,
    /// Wakes the ticker when a request may have set an earlier timer.
    wake: Notify,
    events: broadcast::Sender<WatchEvent>,
    outbox: mpsc::Sender<Delivery>,
    watchers: Arc<AtomicUsize>,
}

impl Calls {
    /// Starts the ticker and the delivery worker on the current runtime.
    pub fn start() -> Arc<Calls> {
        let (outbox, inbox) = mpsc::channel(DELIVERY_QUEUE);
        let (events, _) = broadcast::channel(256);
        let calls = Arc::new(Calls {
            registry: Mutex::new(MockCalls::new()),
            started: Instant::now(),
            wake: Notify::new(),
            events,
            outbox,
            watchers: Arc::new(AtomicUsize::new(0)),
        });
        tokio::spawn(tick(calls.clone()));
        tokio::spawn(deliver_all(inbox, calls.events.clone()));
        calls
    }

    /// Milliseconds since the server started, on a monotonic clock.
    pub fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Runs `f` on the registry (a poisoned lock is still usable: the registry never panics
    /// half-way through an update it cares about).
    pub fn with<R>(&self, f: impl FnOnce(&mut MockCalls) -> R) -> R {
        let mut registry = self
            .registry
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut registry)
    }

    /// Publishes and queues notifications a request caused, and wakes the ticker for any timer
    /// it set.
    pub fn dispatch(&self, deliveries: Vec<Delivery>) {
        for delivery in deliveries {
            publish(
                &self.events,
                &delivery.call_id,
                "notification",
                json!({
                    "callId": delivery.call_id,
                    "callbackUri": delivery.callback_uri,
                    "summary": delivery.summary,
                    "dueMs": delivery.due_ms,
                    "body": delivery.body,
                }),
            );
            if let Err(mpsc::error::TrySendError::Full(dropped)) = self.outbox.try_send(delivery) {
                let reason = format!(
                    "more than {DELIVERY_QUEUE} notifications are waiting, so this one is dropped"
                );
                log_delivery(&dropped, &Err(reason.clone()));
                publish_result(&self.events, &dropped, &Err(reason));
            }
        }
        self.wake.notify_one();
    }
}

/// Wakes at the earliest due notification of any call, advances the calls and dispatches.
async fn tick(calls: Arc<Calls>) {
    loop {
        let next = calls.with(|registry| registry.next_event_ms());
        let woken = calls.wake.notified();
        match next {
            Some(at) => {
                let wait = Duration::from_millis(at.saturating_sub(calls.now_ms()));
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = woken => {}
                }
            }
            None => woken.await,
        }
        let now = calls.now_ms();
        let due = calls.with(|registry| registry.advance(now));
        if !due.is_empty() {
            // `dispatch` wakes this loop again, which only re-reads the next timer.
            calls.dispatch(due);
        }
    }
}

/// POSTs queued notifications one at a time, so a bot receives each call's in order.
async fn deliver_all(mut inbox: mpsc::Receiver<Delivery>, events: broadcast::Sender<WatchEvent>) {
    while let Some(delivery) = inbox.recv().await {
        let result = match tokio::time::timeout(DELIVERY_TIMEOUT, post(&delivery)).await {
            Ok(result) => result,
            Err(_) => Err(format!("no answer within {} s", DELIVERY_TIMEOUT.as_secs())),
        };
        log_delivery(&delivery, &result);
        publish_result(&events, &delivery, &result);
    }
}

fn log_delivery(delivery: &Delivery, result: &Result<u16, String>) {
    let outcome = match result {
        Ok(status) => format!("answered {status}"),
        Err(reason) => format!("failed: {}", visible_controls(reason)),
    };
    eprintln!(
        "mediaops: callback POST of '{}' for call {} to {} {outcome}",
        visible_controls(&delivery.summary),
        delivery.call_id,
        visible_controls(&delivery.callback_uri),
    );
}

fn publish_result(
    events: &broadcast::Sender<WatchEvent>,
    delivery: &Delivery,
    result: &Result<u16, String>,
) {
    let (status, error) = match result {
        Ok(status) => (Some(*status), None),
        Err(reason) => (None, Some(reason.as_str())),
    };
    publish(
        events,
        &delivery.call_id,
        "delivery",
        json!({
            "callId": delivery.call_id,
            "callbackUri": delivery.callback_uri,
            "summary": delivery.summary,
            "ok": status.is_some_and(|s| (200..300).contains(&s)),
            "status": status,
            "error": error,
        }),
    );
}

fn publish(
    events: &broadcast::Sender<WatchEvent>,
    call_id: &str,
    kind: &'static str,
    data: serde_json::Value,
) {
    // No watcher is fine: the send fails and nothing is kept.
    let _ = events.send(WatchEvent {
        call_id: call_id.to_string(),
        kind,
        data: data.to_string(),
    });
}

/// Where an `http://` callback goes: host, port and the request target.
fn http_target(uri: &str) -> Result<(String, u16, String), String> {
    if uri.starts_with("https://") {
        return Err(
            "https callbacks need TLS, which mediaops serve does not have: use an http:// callbackUri for the mock"
                .to_string(),
        );
    }
    split_http_url(uri, "the callbackUri")
}

/// `http://host[:port][/path]` as host, port (80 when absent) and the request target (`/` when
/// absent, without a fragment); `what` names the URL in messages (`the callbackUri`).
pub fn split_http_url(uri: &str, what: &str) -> Result<(String, u16, String), String> {
    let rest = uri
        .strip_prefix("http://")
        .ok_or_else(|| format!("{what} is not http://"))?;
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    let path = match path.split('#').next().unwrap_or("") {
        "" => "/".to_string(),
        p if p.starts_with('?') => format!("/{p}"),
        p => p.to_string(),
    };
    let (host, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (host, after) = v6
                .split_once(']')
                .ok_or_else(|| format!("{what}'s IPv6 host has no ']'"))?;
            (host.to_string(), after.strip_prefix(':'))
        }
        None => match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_string(), Some(port)),
            None => (authority.to_string(), None),
        },
    };
    let port = match port {
        None | Some("") => 80,
        Some(port) => port
            .parse()
            .map_err(|_| format!("{what}'s port '{port}' is not a number 0-65535"))?,
    };
    Ok((host, port, path))
}

/// One HTTP/1.1 POST of the body, `Connection: close`; the answer's status. Redirects are
/// answers like any other: never followed.
async fn post(delivery: &Delivery) -> Result<u16, String> {
    let (host, port, path) = http_target(&delivery.callback_uri)?;
    let mut stream = tokio::net::TcpStream::connect((host.as_str(), port))
        .await
        .map_err(|e| format!("cannot connect to {host}:{port}: {e}"))?;
    let host_header = host_header(&host, port);
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host_header}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nUser-Agent: mediaops-mock\r\nConnection: close\r\n\r\n",
        delivery.body.len()
    );
    stream
        .write_all(head.as_bytes())
        .await
        .and(stream.write_all(delivery.body.as_bytes()).await)
        .map_err(|e| format!("the connection failed while sending: {e}"))?;
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while !answer.contains(&b'\n') && answer.len() < ANSWER_HEAD_BYTES {
        let read = stream
            .read(&mut buffer)
            .await
            .map_err(|e| format!("the connection failed while reading the answer: {e}"))?;
        if read == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..read]);
    }
    let line = String::from_utf8_lossy(&answer);
    status_of(line.lines().next().unwrap_or(""))
}

/// The `Host` header for `host` and `port`: an IPv6 address in brackets.
pub fn host_header(host: &str, port: u16) -> String {
    if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    }
}

/// The status code of an HTTP/1.x status line, or why it is not one (its start made visible).
pub fn status_of(status_line: &str) -> Result<u16, String> {
    let status_line = status_line.trim_end();
    status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| {
            let shown: String = status_line.chars().take(80).collect();
            format!(
                "the answer has no HTTP status line: '{}'",
                visible_controls(&shown)
            )
        })
}

/// `GET /graph/_mediaops/events` (every call) or `.../calls/{id}/events` (one call): a
/// `text/event-stream` of `notification` and `delivery` events, with CORS.
pub fn watch(calls: &Arc<Calls>, call_id: Option<String>) -> Response {
    let watchers = calls.watchers.clone();
    if watchers.fetch_add(1, Ordering::SeqCst) >= MAX_WATCHERS {
        watchers.fetch_sub(1, Ordering::SeqCst);
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                ("retry-after", "5"),
                ("content-type", "text/plain; charset=utf-8"),
            ],
            format!("mediaops serve takes at most {MAX_WATCHERS} event streams at once\n"),
        )
            .into_response();
    }
    let state = Watcher {
        events: calls.events.subscribe(),
        call_id: call_id.map(|id| mediaops::graph::ids::normalize_id(&id)),
        _count: WatcherCount(watchers),
        opened: false,
    };
    let stream = futures_util::stream::unfold(state, |mut watcher| async move {
        let chunk = watcher.next_chunk().await?;
        Some((Ok::<Bytes, std::convert::Infallible>(chunk), watcher))
    });
    let mut response = Response::new(Body::from_stream(stream));
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert("cache-control", HeaderValue::from_static("no-cache"));
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    response
}

/// Takes one watcher place until dropped (when the client goes away).
struct WatcherCount(Arc<AtomicUsize>);

impl Drop for WatcherCount {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

struct Watcher {
    events: broadcast::Receiver<WatchEvent>,
    call_id: Option<String>,
    _count: WatcherCount,
    opened: bool,
}

impl Watcher {
    /// The next piece of the stream; `None` ends it.
    async fn next_chunk(&mut self) -> Option<Bytes> {
        if !self.opened {
            self.opened = true;
            return Some(Bytes::from_static(
                b"retry: 2000\n: watching mediaops mock calls\n\n",
            ));
        }
        loop {
            let event = tokio::select! {
                event = self.events.recv() => event,
                () = tokio::time::sleep(KEEP_ALIVE) => return Some(Bytes::from_static(b": keep-alive\n\n")),
            };
            match event {
                Ok(event) => {
                    if self.call_id.as_ref().is_some_and(|id| *id != event.call_id) {
                        continue;
                    }
                    return Some(Bytes::from(format!(
                        "event: {}\ndata: {}\n\n",
                        event.kind, event.data
                    )));
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    return Some(Bytes::from(format!(
                        "event: lagged\ndata: {{\"missed\":{missed}}}\n\n"
                    )))
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::http_target;

    #[test]
    fn http_targets_are_host_port_and_path_and_https_is_refused_with_a_reason() {
        let target = |uri: &str| http_target(uri);
        assert_eq!(
            target("http://127.0.0.1:9000/cb?x=1"),
            Ok(("127.0.0.1".to_string(), 9000, "/cb?x=1".to_string()))
        );
        assert_eq!(
            target("http://bot.example"),
            Ok(("bot.example".to_string(), 80, "/".to_string()))
        );
        assert_eq!(
            target("http://[::1]:81/a#frag"),
            Ok(("::1".to_string(), 81, "/a".to_string()))
        );
        assert!(target("https://bot.example/cb").is_err_and(|reason| reason.contains("TLS")));
        assert!(target("http://bot.example:99999/").is_err_and(|r| r.contains("port")));
    }
}
