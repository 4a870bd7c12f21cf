//! `mediaops serve`: the static playground and the mock Graph endpoint on one origin.

use crate::calls::{self, Calls};
use crate::connections::{self, ConnectionLimits};
use crate::static_files::{self, StaticFiles};
use crate::{parse_options, CliError};
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use mediaops::graph::http::Header;
use mediaops::mock::{self, MockRequest};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tower_http::set_header::SetResponseHeaderLayer;

/// The page's Content-Security-Policy: nothing from another origin; wasm may be compiled;
/// fetch may reach any https Graph host or a local mock.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' https: http://127.0.0.1:* http://localhost:*; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors *";

/// Headers a page on another origin may read from the mock's answers.
const EXPOSED_HEADERS: [&str; 5] = [
    "Location",
    "request-id",
    "client-request-id",
    "Retry-After",
    "Date",
];

struct AppState {
    /// The simulated calls behind `/calls`, their ticker and their callbacks.
    calls: Arc<Calls>,
    /// Seeds operation ids; starts from the clock so restarts give new ids.
    counter: AtomicU64,
    /// The bound address (`127.0.0.1:8080`), for `Location` when the `Host` header is implausible.
    address: String,
    /// How long a request body may send nothing before it counts as unreadable.
    idle: Duration,
}

/// How much of an oversized body is read and thrown away before the 413, so the client is still
/// reading when the answer comes (closing on unread data resets the connection, and a client
/// may lose the answer with it).
const DRAIN_LIMIT_BYTES: usize = 16 << 20;

/// Why a request body was not read.
enum BodyError {
    /// Over `mock::MAX_BODY_BYTES`.
    TooLarge,
    /// The connection failed while reading it.
    Unreadable(String),
}

/// Reads at most `mock::MAX_BODY_BYTES` of `body`; past that, drains up to `DRAIN_LIMIT_BYTES`
/// more and reports `TooLarge`. A body that sends nothing for `idle` is `Unreadable`.
async fn read_body(
    headers: &HeaderMap,
    mut body: axum::body::Body,
    idle: Duration,
) -> Result<Bytes, BodyError> {
    use http_body_util::BodyExt;
    let declared = headers
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > (mock::MAX_BODY_BYTES + DRAIN_LIMIT_BYTES) as u64) {
        return Err(BodyError::TooLarge);
    }
    let mut bytes = Vec::new();
    let mut seen: usize = 0;
    loop {
        let Ok(frame) = tokio::time::timeout(idle, body.frame()).await else {
            return Err(BodyError::Unreadable(format!(
                "no byte of it arrived for {} s",
                idle.as_secs_f64()
            )));
        };
        let Some(frame) = frame else { break };
        let frame = frame.map_err(|e| {
            BodyError::Unreadable(format!(
                "the connection failed while it was being sent ({e})"
            ))
        })?;
        if let Ok(data) = frame.into_data() {
            seen = seen.saturating_add(data.len());
            if seen > mock::MAX_BODY_BYTES + DRAIN_LIMIT_BYTES {
                return Err(BodyError::TooLarge);
            }
            if seen <= mock::MAX_BODY_BYTES {
                bytes.extend_from_slice(&data);
            }
        }
    }
    if seen > mock::MAX_BODY_BYTES {
        Err(BodyError::TooLarge)
    } else {
        Ok(Bytes::from(bytes))
    }
}

pub fn run(args: &[String]) -> Result<(), CliError> {
    let options = parse_options(
        args,
        &[
            "port",
            "host",
            "dir",
            "header-timeout",
            "idle-timeout",
            "max-connections",
        ],
        &[],
    )?;
    if let Some(extra) = options.positionals.first() {
        return Err(CliError::Usage(format!(
            "serve takes no argument '{extra}'"
        )));
    }
    let mut port: u16 = 8080;
    let mut host = "127.0.0.1".to_string();
    let mut dir = PathBuf::from("www");
    let mut limits = ConnectionLimits::default();
    for (name, value) in options.named {
        match name.as_str() {
            "port" => {
                port = value.parse().map_err(|_| {
                    CliError::Usage(format!("--port takes a number 0-65535, not '{value}'"))
                })?
            }
            "host" => host = value,
            "header-timeout" => limits.header_read = seconds(&name, &value)?,
            "idle-timeout" => limits.idle = seconds(&name, &value)?,
            "max-connections" => {
                limits.max_connections = value.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--max-connections takes a number of at least 1, not '{value}'"
                    ))
                })?
            }
            _ => dir = PathBuf::from(value),
        }
    }
    if !dir.join("index.html").is_file() {
        return Err(CliError::Failed(format!(
            "{} has no index.html: run from the repository root, or pass --dir",
            dir.display()
        )));
    }
    if !dir.join("pkg").join("mediaops.js").is_file() {
        eprintln!(
            "mediaops: warning: {}/pkg/mediaops.js is missing; build the wasm first (cargo xtask serve does)",
            dir.display()
        );
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| CliError::Failed(format!("cannot start the runtime: {e}")))?;
    runtime.block_on(serve(host, port, dir, limits))
}

/// Reads `--NAME SECONDS` (a decimal such as `10` or `0.5`, more than 0, at most a day).
fn seconds(name: &str, value: &str) -> Result<Duration, CliError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            CliError::Usage(format!(
                "--{name} takes seconds, more than 0 and at most 86400, not '{value}'"
            ))
        })
}

async fn serve(
    host: String,
    port: u16,
    dir: PathBuf,
    limits: ConnectionLimits,
) -> Result<(), CliError> {
    let listener = tokio::net::TcpListener::bind((host.as_str(), port))
        .await
        .map_err(|e| CliError::Failed(format!("cannot listen on {host}:{port}: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| CliError::Failed(format!("cannot read the bound address: {e}")))?;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let state = Arc::new(AppState {
        calls: Calls::start(),
        counter: AtomicU64::new(seed),
        address: address.to_string(),
        idle: limits.idle,
    });
    let files = StaticFiles::new(&dir)
        .map_err(|e| CliError::Failed(format!("cannot open {}: {e}", dir.display())))?;
    let app = router(Arc::new(files), state);
    println!("mediaops: serving the playground on http://{address}/ (mock Graph at http://{address}/graph) — Ctrl-C stops");
    // Ctrl-C ends the server at once: open connections (a `slow` fault, a stream) are dropped.
    tokio::select! {
        () = connections::serve_connections(listener, app, limits) => {}
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}

fn router(files: Arc<StaticFiles>, state: Arc<AppState>) -> Router {
    let header = |name: &'static str, value: &'static str| {
        SetResponseHeaderLayer::overriding(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        )
    };
    Router::new()
        .route("/.well-known/mediaops", axum::routing::any(well_known))
        .route("/graph/_mediaops/events", axum::routing::any(watch_all))
        .route(
            "/graph/_mediaops/calls/{id}/events",
            axum::routing::any(watch_call),
        )
        .route(CALLBACK_SINK, axum::routing::any(callback_sink))
        .route("/graph", axum::routing::any(graph))
        .route("/graph/{*rest}", axum::routing::any(graph))
        .with_state(state)
        .fallback(static_files::serve_file)
        .with_state(files)
        .layer(header("content-security-policy", CONTENT_SECURITY_POLICY))
        .layer(header("x-content-type-options", "nosniff"))
        .layer(header("referrer-policy", "no-referrer"))
        .layer(header("cache-control", "no-cache"))
}

/// The JSON `GET /.well-known/mediaops` answers: how a page learns it is served by `mediaops serve`
/// (and where the mock is), as opposed to a plain static host.
fn well_known_body() -> String {
    serde_json::json!({
        "name": "mediaops",
        "version": env!("CARGO_PKG_VERSION"),
        "mockRoot": "/graph",
        "simulator": true,
        "events": "/graph/_mediaops/events",
        "callbackSink": CALLBACK_SINK,
    })
    .to_string()
}

/// Where a call made from the page (the Teach view's replay) sends its notifications when no bot
/// listens: it takes every POST as a bot would (`202 Accepted`), so each delivery succeeds and
/// the event stream shows the notification and its delivery.
const CALLBACK_SINK: &str = "/graph/_mediaops/callback";

/// [`CALLBACK_SINK`]: `POST` reads the body (within the mock's limit) and answers 202; anything
/// else is 405.
async fn callback_sink(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    if parts.method != Method::POST {
        return (StatusCode::METHOD_NOT_ALLOWED, [("allow", "POST")]).into_response();
    }
    match read_body(&parts.headers, body, state.idle).await {
        Ok(_) => StatusCode::ACCEPTED.into_response(),
        Err(BodyError::TooLarge) => StatusCode::PAYLOAD_TOO_LARGE.into_response(),
        Err(BodyError::Unreadable(_)) => StatusCode::BAD_REQUEST.into_response(),
    }
}

/// `/.well-known/mediaops`: `GET`/`HEAD` answer [`well_known_body`], `OPTIONS` is a CORS
/// preflight, anything else is 405; all with CORS so a page on another origin can detect us.
async fn well_known(method: Method) -> Response {
    let mut response = match method {
        Method::GET | Method::HEAD => (
            StatusCode::OK,
            [("content-type", "application/json")],
            well_known_body(),
        )
            .into_response(),
        Method::OPTIONS => StatusCode::NO_CONTENT.into_response(),
        _ => (
            StatusCode::METHOD_NOT_ALLOWED,
            [("allow", "GET, HEAD, OPTIONS")],
        )
            .into_response(),
    };
    allow_cors(&mut response, "GET, HEAD, OPTIONS");
    response
}

/// The CORS headers every endpoint of ours sends: any origin, these methods, a 10-minute
/// preflight cache.
fn allow_cors(response: &mut Response, methods: &'static str) {
    let cors = response.headers_mut();
    cors.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    cors.insert(
        "access-control-allow-methods",
        HeaderValue::from_static(methods),
    );
    cors.insert("access-control-max-age", HeaderValue::from_static("600"));
}

/// The mock Graph endpoint, with CORS so a docs site on another origin can call it.
async fn graph(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let mut unexposed: Vec<String> = Vec::new();
    let mut response = if parts.method == Method::OPTIONS {
        StatusCode::NO_CONTENT.into_response()
    } else {
        let body = read_body(&parts.headers, body, state.idle).await;
        // Location is built from Host only when it is a plausible host[:port].
        let root = mock::mock_root(
            parts.headers.get("host").and_then(|h| h.to_str().ok()),
            &state.address,
        );
        let headers = to_headers(&parts.headers);
        let path = parts.uri.path().strip_prefix("/graph").unwrap_or("");
        let seed = state.counter.fetch_add(1, Ordering::Relaxed);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        // Not UTF-8 is answered 400 naming the offset (`mock::not_utf8`), never replaced.
        let text = match &body {
            Ok(bytes) => std::str::from_utf8(bytes).unwrap_or(""),
            Err(_) => "",
        };
        let request = MockRequest {
            method: parts.method.as_str(),
            path,
            headers: &headers,
            body: text,
            root: &root,
            now,
        };
        let answer = match &body {
            Ok(bytes) => match mock::not_utf8(&request, seed, bytes) {
                Some(answer) => answer,
                None => {
                    let now_ms = state.calls.now_ms();
                    let answer = state
                        .calls
                        .with(|registry| registry.handle(&request, seed, now_ms));
                    state.calls.dispatch(answer.deliveries);
                    answer.response
                }
            },
            Err(BodyError::TooLarge) => mock::too_large(&request, seed),
            Err(BodyError::Unreadable(reason)) => {
                // The client went away or went quiet mid-body; nobody may be listening, but say why anyway.
                eprintln!("mediaops: a request body could not be read: {reason}");
                mock::unreadable_body(&request, seed, reason)
            }
        };
        if answer.delay_ms > 0 {
            // The slow faults: the client's timeout or Abort button is what is being tested.
            tokio::time::sleep(std::time::Duration::from_millis(answer.delay_ms)).await;
        }
        unexposed = answer.unexposed_headers.clone();
        let mut response = (
            StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            answer.body,
        )
            .into_response();
        for header in answer.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::try_from(header.name.as_str()),
                HeaderValue::try_from(header.value.as_str()),
            ) {
                response.headers_mut().insert(name, value);
            }
        }
        response
    };
    allow_cors(&mut response, "GET, POST, DELETE, OPTIONS");
    let cors = response.headers_mut();
    cors.insert(
        "access-control-allow-headers",
        HeaderValue::from_static(
            "Authorization, Content-Type, client-request-id, x-mediaops-fault",
        ),
    );
    let exposed: Vec<&str> = EXPOSED_HEADERS
        .iter()
        .copied()
        .filter(|name| !unexposed.iter().any(|u| u.eq_ignore_ascii_case(name)))
        .collect();
    if let Ok(value) = HeaderValue::try_from(exposed.join(", ")) {
        cors.insert("access-control-expose-headers", value);
    }
    response
}

/// `/graph/_mediaops/events`: every call's notifications and deliveries as server-sent events.
async fn watch_all(State(state): State<Arc<AppState>>, method: Method) -> Response {
    watch(&state, method, None)
}

/// `/graph/_mediaops/calls/{id}/events`: one call's.
async fn watch_call(
    State(state): State<Arc<AppState>>,
    axum::extract::Path(id): axum::extract::Path<String>,
    method: Method,
) -> Response {
    watch(&state, method, Some(id))
}

fn watch(state: &AppState, method: Method, call_id: Option<String>) -> Response {
    match method {
        Method::GET => calls::watch(&state.calls, call_id),
        Method::OPTIONS => {
            let mut response = StatusCode::NO_CONTENT.into_response();
            allow_cors(&mut response, "GET, OPTIONS");
            response
        }
        _ => (StatusCode::METHOD_NOT_ALLOWED, [("allow", "GET, OPTIONS")]).into_response(),
    }
}

fn to_headers(headers: &HeaderMap) -> Vec<Header> {
    headers
        .iter()
        .filter_map(|(name, value)| {
            Some(Header {
                name: name.as_str().to_string(),
                value: value.to_str().ok()?.to_string(),
            })
        })
        .collect()
}
