//! The fuzz targets' bodies, one function per target, so the stable test suite runs the very
//! same checks over the seeds and every crash found (`tests/fuzz_regressions.rs`).

use super::{
    check_decoded, check_diagnostics, check_line_column, check_tape, check_tree, message_parts,
    pick, same_json, text_of,
};
use mediaops::compose::exchange::{
    clip, explain_response_for_token, origin_of, ObservedResponse, TokenState,
};
use mediaops::compose::request::{build, is_guid, CancelMediaProcessingRequest, PathStyle};
use mediaops::compose::snippets::{render, SnippetFormat};
use mediaops::compose::token::{
    base64url_decode, base64url_encode, decode_token, MAX_SAFE_SECONDS,
};
use mediaops::decode::json::{
    check_strict, parse, parse_sequence, parse_tape, parse_tape_sequence, ParseOptions,
};
use mediaops::decode::{self, DecodeOptions, InputKind};
use mediaops::graph::http::find_header;
use mediaops::graph::ids::{normalize_id, parse_resource_url, same_id};
use mediaops::graph::{ApiVersion, Cloud};
use mediaops::mock::{
    handle, is_plausible_host, mock_root, not_utf8, parse_faults, too_large, unreadable_body,
    MockRequest, MockResponse, MAX_DELAY_MS, SLOW_DELAY_MS,
};
use mediaops::simulate::scenario::read_scenario;
use mediaops::simulate::{simulate, RunOptions};

/// A target's body: any bytes in, a panic when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target by name, as `cargo fuzz list` names them.
pub const TARGETS: [(&str, Target); 9] = [
    ("decode_text", decode_text),
    ("decode_http_text", decode_http_text),
    ("decode_http_response", decode_http_response),
    ("json_parse", json_parse),
    ("request_build", request_build),
    ("token_decode", token_decode),
    ("mock_handle", mock_handle),
    ("text_helpers", text_helpers),
    ("simulate_scenario", simulate_scenario),
];

/// `decode_text` on anything pasted: lenient with the pretty body, and strict without it.
pub fn decode_text(data: &[u8]) {
    let text = text_of(data);
    for (strict, pretty) in [(false, true), (true, false)] {
        let decoded = decode::decode_text(&text, DecodeOptions { strict, pretty });
        check_decoded(&text, &decoded);
        if decoded.kind == InputKind::Invalid {
            assert!(
                decoded.has_errors(),
                "Invalid without an error: {decoded:?}"
            );
        }
        if !pretty {
            assert!(decoded.pretty.is_none(), "a pretty body nobody asked for");
        }
    }
}

const START_LINES: [&str; 8] = [
    "HTTP/1.1 200 OK\n",
    "HTTP/1.1 202 Accepted\r\n",
    "HTTP/2 429\nRetry-After: 7\n",
    "POST https://graph.microsoft.com/v1.0/communications/calls/{id}/cancelMediaProcessing HTTP/1.1\n",
    "post /communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing\r\n",
    "# built by mediaops\n\nPOST /x HTTP/1.1\nContent-Type: application/json\n",
    "HTTP/1.1 200 OK\nContent-Length: 12\nLocation: /communications/calls/a/operations/b\n",
    "\n\nGET / HTTP/1.1\n",
];

/// The HTTP-text parser (private to `decode`), reached through `decode_text` with an HTTP start
/// line in front of the fuzz input: status lines, request lines, `#` comments, CRLF.
pub fn decode_http_text(data: &[u8]) {
    let rest = text_of(data);
    // As it is (the .http seeds start with their own start line) and behind a start line.
    let mut prefixed = START_LINES[pick(data, START_LINES.len())].to_string();
    prefixed.push_str(&rest);
    for text in [rest, prefixed] {
        check_split(&text);
        let strict = pick(text.as_bytes(), 2) == 1;
        let decoded = decode::decode_text(
            &text,
            DecodeOptions {
                strict,
                pretty: true,
            },
        );
        check_decoded(&text, &decoded);
        let Some(http) = decoded.http.as_ref() else {
            // Not HTTP text after all (or a bad header line, which is one located error).
            assert!(
                !matches!(
                    decoded.kind,
                    InputKind::HttpResponse | InputKind::HttpRequest
                ),
                "an HTTP kind without its envelope"
            );
            continue;
        };
        match decoded.kind {
            InputKind::HttpResponse => assert!(http.status.is_some(), "a response without status"),
            InputKind::HttpRequest => assert!(http.method.is_some(), "a request without method"),
            other => panic!("an HTTP envelope on {other:?}"),
        }
    }
}

const TOKENS: [TokenState; 4] = [
    TokenState::Unknown,
    TokenState::None,
    TokenState::Decoded,
    TokenState::Unreadable,
];
const PAGES: [(&str, &str); 3] = [
    (
        "http://127.0.0.1:8080/graph/v1.0/communications/calls/a/cancelMediaProcessing",
        "http://127.0.0.1:8080",
    ),
    (
        "https://graph.microsoft.com/v1.0/communications/calls/a/cancelMediaProcessing",
        "http://localhost:8080",
    ),
    ("", ""),
];

/// `decode::http::split` itself: every header has its line, the body starts on its line, and the
/// body to parse is the body with the lines before it blanked (so positions match the paste).
fn check_split(text: &str) {
    let Some(result) = decode::http::split(text) else {
        return;
    };
    let message = match result {
        Ok(message) => message,
        Err(error) => {
            assert!(
                error.is_error() && error.line.is_some(),
                "an unlocated split error"
            );
            check_diagnostics(text, std::slice::from_ref(&error));
            return;
        }
    };
    assert_eq!(message.headers.len(), message.header_lines.len());
    let lines: Vec<&str> = text.split('\n').collect();
    for (header, line) in message.headers.iter().zip(&message.header_lines) {
        check_line_column(text, Some(*line), None, header);
        let source = lines[*line as usize - 1];
        assert!(
            source.starts_with(&header.name),
            "{header:?} is not on line {line}"
        );
    }
    assert!(
        message.header_lines.windows(2).all(|w| w[0] < w[1]),
        "headers out of order"
    );
    check_line_column(
        text,
        Some(message.body_line.min(lines.len() as u32)),
        None,
        &"body",
    );
    let blanked = "\n".repeat(message.body_line as usize - 1);
    assert_eq!(
        message.body_for_parsing,
        format!("{blanked}{}", message.body),
        "the body to parse is not the body moved to its line"
    );
    assert!(
        text.ends_with(&message.body),
        "the body is not the end of the paste"
    );
}

/// `decode_http_response` (a response as `fetch` delivered it: status, headers, body) and the
/// page's explanation of the same answer (`exchange::explain_response_for_token`). The input is
/// laid out as a response (`HTTP/1.1 200 OK`, headers, blank line, body), so the docs' `.http`
/// responses are its seeds; the harness splits it, not the product. `X-Fuzz-Request-Url` and
/// `X-Fuzz-Page-Origin` headers, when present, say where the request went and from which page.
pub fn decode_http_response(data: &[u8]) {
    let text = text_of(data);
    let (first, headers, body) = message_parts(&text);
    let mut words = first.split_whitespace().skip(1);
    // Any u16, not only real statuses: the page may be handed anything.
    let status = words
        .next()
        .and_then(|w| w.parse::<u16>().ok())
        .unwrap_or_else(|| (pick(data, 1 << 16)) as u16);
    let status_text = words.collect::<Vec<_>>().join(" ");

    let decoded = decode::decode_http_response(status, &headers, body);
    check_decoded(body, &decoded);
    assert_eq!(decoded.kind, InputKind::HttpResponse);
    assert_eq!(decoded.http.as_ref().and_then(|h| h.status), Some(status));

    let response = ObservedResponse {
        status,
        status_text,
        headers,
        body: body.to_string(),
    };
    // The harness's own headers pick the page (a seed or a mutation may name any URL).
    let (mut url, mut origin) = PAGES[pick(data, PAGES.len())];
    if let Some(value) = find_header(&response.headers, "x-fuzz-request-url") {
        url = value;
    }
    if let Some(value) = find_header(&response.headers, "x-fuzz-page-origin") {
        origin = value;
    }
    let token = TOKENS[pick(body.as_bytes(), TOKENS.len())];
    let outcome = explain_response_for_token(url, origin, &response, token);
    assert_eq!(outcome.ok, (200..300).contains(&status));
    assert!(
        !outcome.summary.trim().is_empty(),
        "an outcome without a summary"
    );
    serde_json::to_string(&outcome).expect("an Outcome serializes to JSON");
}

const LENIENT: ParseOptions = ParseOptions { strict: false };
const STRICT: ParseOptions = ParseOptions { strict: true };

/// The positioned JSON parser: `json::parse` and `json::parse_sequence`, lenient and strict,
/// checked against itself (strict accepts less) and against serde_json (the same values).
pub fn json_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    let lenient = parse(text, &LENIENT);
    let strict = parse(text, &STRICT);
    for result in [&lenient, &strict] {
        match result {
            Ok(parsed) => {
                check_tree(text, &parsed.root, "");
                check_diagnostics(text, &parsed.diagnostics);
                assert!(
                    parsed.diagnostics.iter().all(|d| !d.is_error()),
                    "a successful parse carries an error"
                );
            }
            Err(error) => {
                check_diagnostics(text, std::slice::from_ref(error));
                assert!(error.is_error(), "a failed parse returns a non-error");
                assert!(
                    error.line.is_some(),
                    "a parse error without a line: {error:?}"
                );
            }
        }
    }
    for (options, parsed) in [(LENIENT, &lenient), (STRICT, &strict)] {
        match (parse_tape(text, &options), parsed) {
            (Ok(tape), Ok(parsed)) => check_tape(text, &tape, &[&parsed.root]),
            (Err(a), Err(b)) => assert_eq!(&a, b, "parse_tape and parse fail differently"),
            (tape, parsed) => panic!(
                "parse_tape and parse disagree: {:?} vs {:?}",
                tape.map(|_| "a tape"),
                parsed.as_ref().map(|_| "a tree")
            ),
        }
        if let (Ok(tape), Ok(sequence)) = (
            parse_tape_sequence(text, &options),
            parse_sequence(text, &options),
        ) {
            let trees: Vec<&_> = sequence.roots.iter().collect();
            check_tape(text, &tape, &trees);
        }
    }
    if let Ok(strict) = &strict {
        let lenient = lenient.as_ref().expect("strict accepts, lenient refuses");
        assert_eq!(strict.root, lenient.root, "strict and lenient trees differ");
    }
    // The streaming decoder's first pass: what it accepts, both parses accept, and it sees
    // the root object's members.
    let mut members = 0;
    if check_strict(text, &mut |_| members += 1) {
        let parsed = strict
            .as_ref()
            .expect("check_strict accepts, strict refuses");
        assert!(lenient.is_ok(), "check_strict accepts, lenient refuses");
        assert_eq!(
            members,
            parsed.root.as_object().map_or(0, <[_]>::len),
            "check_strict saw other root members"
        );
    }
    if let Ok(serde) = serde_json::from_str::<serde_json::Value>(text) {
        let ours = strict
            .as_ref()
            .unwrap_or_else(|e| panic!("serde_json accepts, strict refuses: {e}"));
        let converted = ours.root.to_serde();
        assert!(
            same_json(&converted, &serde),
            "values differ from serde_json's: {converted} vs {serde}"
        );
    }

    for options in [LENIENT, STRICT] {
        match parse_sequence(text, &options) {
            Ok(sequence) => {
                assert!(!sequence.roots.is_empty(), "an empty sequence");
                for (index, root) in sequence.roots.iter().enumerate() {
                    check_tree(text, root, &format!("/{index}"));
                }
                check_diagnostics(text, &sequence.diagnostics);
                if let Ok(single) = parse(text, &options) {
                    assert_eq!(sequence.roots.len(), 1, "one document, several roots");
                    assert_eq!(sequence.roots[0].to_serde(), single.root.to_serde());
                }
            }
            Err(error) => {
                check_diagnostics(text, std::slice::from_ref(&error));
                assert!(
                    parse(text, &options).is_err(),
                    "parse accepts what parse_sequence refuses"
                );
            }
        }
    }
}

/// The fields, separated by NUL (which no field needs, so seeds stay readable): call id,
/// clientContext (absent when the field is missing), base URL (absent when missing), and a
/// flags field whose characters pick beta (`b`), the `/app` path (`a`) and a cloud (`0`-`3`).
fn request_of(text: &str) -> CancelMediaProcessingRequest {
    let mut fields = text.split('\0');
    let call_id = fields.next().unwrap_or("").to_string();
    let client_context = fields.next().map(str::to_string);
    let base_url = fields.next().map(str::to_string);
    let flags = fields.next().unwrap_or("");
    let cloud = flags
        .chars()
        .find_map(|c| c.to_digit(10))
        .map_or(Cloud::Global, |d| Cloud::ALL[d as usize % Cloud::ALL.len()]);
    CancelMediaProcessingRequest {
        call_id,
        client_context,
        version: if flags.contains('b') {
            ApiVersion::Beta
        } else {
            ApiVersion::V1
        },
        cloud,
        path_style: if flags.contains('a') {
            PathStyle::App
        } else {
            PathStyle::Communications
        },
        base_url,
    }
}

/// The request builder from arbitrary strings in every field, then every snippet of what it built, and the built
/// request decoded again (build → decode must round-trip without errors).
pub fn request_build(data: &[u8]) {
    let request = request_of(&text_of(data));
    let built = match build(&request) {
        Ok(built) => built,
        Err(errors) => {
            assert!(!errors.is_empty(), "build failed without saying why");
            for error in &errors {
                assert!(
                    error.is_error(),
                    "a build failure that is not an error: {error:?}"
                );
                assert!(
                    error.pointer.is_some(),
                    "an error that names no field: {error:?}"
                );
            }
            return;
        }
    };
    assert!(
        built.diagnostics.iter().all(|d| !d.is_error()),
        "built with an error"
    );
    let http = &built.request;
    assert_eq!(
        http.header("content-length"),
        Some(http.body.len().to_string().as_str()),
        "Content-Length is not the body's length"
    );
    let body: serde_json::Value = serde_json::from_str(&http.body).expect("the body is JSON");
    assert_eq!(
        body.get("clientContext").and_then(|c| c.as_str()),
        built.input.client_context.as_deref(),
        "the body does not carry the clientContext"
    );
    let call_id = &built.input.call_id;
    assert!(
        http.url
            .ends_with(&format!("/calls/{call_id}/cancelMediaProcessing")),
        "the URL does not end with the call id's segment: {}",
        http.url
    );
    assert!(
        !call_id.contains(['/', '?', '#']),
        "call id {call_id:?} escapes its segment"
    );

    for format in SnippetFormat::ALL {
        let snippet = render(&built, format);
        assert!(!snippet.trim().is_empty(), "empty {format:?} snippet");
    }
    let _ = http.to_rest_client();

    let text = http.to_http_text();
    let decoded = decode::decode_text(&text, DecodeOptions::default());
    check_decoded(&text, &decoded);
    assert_eq!(
        decoded.kind,
        InputKind::HttpRequest,
        "build output decodes as {:?}",
        decoded.kind
    );
    assert!(
        !decoded.has_errors(),
        "build output decodes with errors: {:?}",
        decoded.diagnostics
    );
    let target = decoded.http.as_ref().and_then(|h| h.target.as_ref());
    let decoded_call_id = target.and_then(|t| t.call_id.as_deref());
    // A base URL may itself hold `/calls/x` (the decoder then reads that id first).
    let base_names_a_call = built
        .input
        .base_url
        .as_deref()
        .is_some_and(|base| base.to_ascii_lowercase().contains("calls"));
    assert!(
        base_names_a_call || decoded_call_id.is_some_and(|id| same_id(id, call_id)),
        "built for call {call_id:?}, decoded as {decoded_call_id:?}"
    );
}

/// Clocks that matter: a real one, the epoch, and both ends of `i64`.
const TOKEN_NOWS: [i64; 5] = [1_764_547_200, 0, -1, i64::MIN, i64::MAX];

/// The bearer-token decoder, on the input as a token and as the claims of one.
pub fn token_decode(data: &[u8]) {
    let text = text_of(data);
    let now = TOKEN_NOWS[pick(data, TOKEN_NOWS.len())];
    let targets = [
        None,
        Some(Cloud::Global),
        Some(Cloud::UsGov),
        Some(Cloud::Dod),
        Some(Cloud::China),
    ];
    let target = targets[data.len() % targets.len()];
    // The text as a token, and as the claims of an unsigned token with a real header (so the
    // claims checks are reached, not only the base64url and JSON layers).
    let claims = format!(
        "Bearer {}.{}.",
        base64url_encode(br#"{"typ":"JWT","alg":"RS256"}"#),
        base64url_encode(text.as_bytes())
    );
    for token in [text.as_str(), claims.as_str()] {
        check_token(token, now, target);
    }
}

fn check_token(token: &str, now: i64, target: Option<Cloud>) {
    match decode_token(token, now, target) {
        Ok(info) => {
            let times = [
                info.expires_at,
                info.not_before,
                info.issued_at,
                info.expires_in,
            ];
            for seconds in times.into_iter().flatten() {
                assert!(
                    seconds.unsigned_abs() <= MAX_SAFE_SECONDS as u64,
                    "a time beyond 2^53: {seconds}"
                );
            }
            assert_eq!(info.expires_in.is_some(), info.expires_at.is_some());
            serde_json::to_string(&info).expect("a TokenInfo serializes to JSON");
        }
        Err(error) => {
            assert!(
                error.is_error(),
                "a refused token with a non-error: {error:?}"
            );
            assert!(
                !error.message.contains(token) || token.len() < 8,
                "the error echoes the token"
            );
        }
    }
}

/// Clocks for `innerError.date`: a real one, the epoch, and both ends of `i64`.
const MOCK_NOWS: [i64; 4] = [1_764_547_200, 0, i64::MIN, i64::MAX];

fn check_response(response: &MockResponse) {
    assert!(
        (100..600).contains(&response.status),
        "status {}",
        response.status
    );
    assert!(
        response.delay_ms <= MAX_DELAY_MS.max(SLOW_DELAY_MS),
        "delay {}",
        response.delay_ms
    );
    for name in ["request-id", "client-request-id", "content-type"] {
        assert!(
            find_header(&response.headers, name).is_some(),
            "no {name} header"
        );
    }
    for header in &response.headers {
        assert!(
            !header.value.contains(['\r', '\n']) && !header.name.contains(['\r', '\n', ':']),
            "a header that splits the response: {header:?}"
        );
    }
    if find_header(&response.headers, "content-type").is_some_and(|t| t.contains("json")) {
        let body: serde_json::Value =
            serde_json::from_str(&response.body).expect("a JSON answer's body is JSON");
        assert!(body.is_object(), "a JSON answer that is not an object");
    }
}

/// The mock Graph endpoint on arbitrary requests (method, path, headers, body, Host, clock,
/// seed), plus its 413, unreadable-body and not-UTF-8 answers and its Host check.
pub fn mock_handle(data: &[u8]) {
    // The input is an HTTP request as the docs write one, split by the harness: the method and
    // target on the first line (an absolute URL loses its scheme and host, as the server's
    // routing does), headers (the Host header makes the mock's root), blank line, body.
    let text = text_of(data);
    let (first, headers, body) = message_parts(&text);
    let mut words = first.split(' ');
    let method = words.next().unwrap_or("");
    let target = words.next().unwrap_or("");
    let path = match target.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |slash| &rest[slash..]),
        None => target,
    };
    let path = path.strip_prefix("/graph").unwrap_or(path);
    let host = find_header(&headers, "host");
    let root = mock_root(host, "127.0.0.1:8080");
    if let Some(host) = host.map(str::trim).filter(|h| is_plausible_host(h)) {
        assert_eq!(root, format!("http://{host}/graph"));
        assert!(
            !host.contains(['/', '@', '?', '#', ' ']),
            "implausible host {host:?} accepted"
        );
    }
    let seed = pick(data, usize::MAX) as u64;
    let request = MockRequest {
        method,
        path,
        headers: &headers,
        body,
        root: &root,
        now: MOCK_NOWS[pick(body.as_bytes(), MOCK_NOWS.len())],
    };
    let response = handle(&request, seed);
    check_response(&response);
    if let Some(location) = find_header(&response.headers, "location") {
        assert!(
            location.starts_with(&root),
            "Location {location:?} outside {root}"
        );
    }
    check_response(&too_large(&request, seed));
    check_response(&unreadable_body(
        &request,
        seed,
        "the connection went quiet",
    ));
    // The server asks this of the raw body bytes before `handle`.
    match not_utf8(&request, seed, data) {
        Some(answer) => {
            assert!(std::str::from_utf8(data).is_err(), "UTF-8 refused");
            assert_eq!(answer.status, 400);
            check_response(&answer);
        }
        None => assert!(std::str::from_utf8(data).is_ok(), "invalid UTF-8 accepted"),
    }
}

/// The small parsers every face shares: resource URLs and ids, fault lists, origins, clipping,
/// base64url, and the names of versions, clouds, snippet formats and token states.
pub fn text_helpers(data: &[u8]) {
    let text = text_of(data);

    let normal = normalize_id(&text);
    assert_eq!(
        normalize_id(&normal),
        normal,
        "normalize_id is not idempotent"
    );
    assert!(same_id(&text, &normal));
    if is_guid(&normal) {
        assert_eq!(
            normal.len(),
            36,
            "a GUID that did not normalise: {normal:?}"
        );
    }
    let ids = parse_resource_url(&text);
    for id in [&ids.call_id, &ids.operation_id, &ids.participant_id]
        .into_iter()
        .flatten()
    {
        assert!(!id.contains('/'), "an id with a slash: {id:?}");
    }

    let _ = parse_faults(&text);
    if let Some(origin) = origin_of(&text) {
        assert!(
            origin.contains("://"),
            "origin without a scheme: {origin:?}"
        );
        assert_eq!(
            origin_of(&origin).as_deref(),
            Some(origin.as_str()),
            "origin not stable"
        );
    }

    let max = pick(data, 300);
    let clipped = clip(&text, max);
    let count = clipped.chars().count();
    assert!(count <= max + 1, "clip({max}) gave {count} characters");
    if text.chars().count() <= max {
        assert_eq!(clipped, text);
    }

    match base64url_decode(&text) {
        Ok(bytes) => {
            let again = base64url_encode(&bytes);
            assert_eq!(base64url_decode(&again).as_deref(), Ok(bytes.as_slice()));
        }
        Err(message) => assert!(!message.is_empty()),
    }
    assert_eq!(
        base64url_decode(&base64url_encode(data)).ok().as_deref(),
        Some(data).filter(|d| !d.is_empty())
    );

    let _ = (
        ApiVersion::parse(&text),
        Cloud::parse(&text),
        TokenState::parse(&text),
    );
    if let Some(format) = SnippetFormat::parse(&text) {
        assert_eq!(SnippetFormat::parse(format.as_str()), Some(format));
    }
}

/// The simulator's scenario reader and a whole run of what it read: diagnostics point into the
/// scenario, an error means nothing ran, time never runs backwards, and every notification the
/// simulated service POSTs decodes with our own decoder as a batch without errors.
pub fn simulate_scenario(data: &[u8]) {
    let text = text_of(data);
    let (steps, diagnostics) = read_scenario(&text);
    check_diagnostics(&text, &diagnostics);
    let options = RunOptions {
        seed: pick(data, usize::MAX) as u64,
        version: if data.len() % 2 == 0 {
            ApiVersion::V1
        } else {
            ApiVersion::Beta
        },
        call_id: None,
    };
    let run = simulate(&text, &options);
    check_diagnostics(&text, &run.diagnostics);
    assert_eq!(
        run.diagnostics, diagnostics,
        "simulate read the scenario differently"
    );
    if run.has_errors() {
        assert!(run.events.is_empty(), "a scenario with an error ran");
        return;
    }
    let mut clock = 0;
    for event in &run.events {
        assert!(event.at_ms >= clock, "time ran backwards at {event:?}");
        clock = event.at_ms;
        assert!(
            event.step.is_none_or(|step| step < steps.len()),
            "no such step: {event:?}"
        );
        if let Some(body) = &event.notification {
            let decoded = decode::decode_text(body, DecodeOptions::default());
            check_decoded(body, &decoded);
            assert_eq!(
                decoded.kind,
                InputKind::Notifications,
                "a notification body: {body}"
            );
            assert!(
                !decoded.has_errors(),
                "the simulator POSTs what the decoder refuses: {:?}\n{body}",
                decoded.diagnostics
            );
        }
        if let Some(body) = event
            .exchange
            .as_ref()
            .and_then(|e| e.request_body.as_ref())
        {
            serde_json::from_str::<serde_json::Value>(body).expect("a request body is JSON");
        }
    }
    assert!(run.end_ms >= clock, "the run ended before its last event");
    serde_json::to_string(&run).expect("a Run serializes to JSON");
}
