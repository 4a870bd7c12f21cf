//! The fuzz targets' checks (fuzz/src, the same code `cargo xtask fuzz` runs on nightly) on the
//! stable toolchain: over every seed in fuzz/seeds/<target>/, and over each input a fuzzer ever
//! crashed on, kept here as bytes with the fix it led to.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use fuzz::targets::{Target, TARGETS};
use std::path::Path;

/// The target named `name` (the regression tests below use it for the inputs they keep).
fn target(name: &str) -> Target {
    TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
}

#[test]
fn every_seed_passes_its_target() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for (name, run) in TARGETS {
        let dir = seeds.join(name);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            let bytes = std::fs::read(&path).expect("a seed file");
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{name} fails on seed {}", path.display());
            count += 1;
        }
        assert!(count >= 5, "{name} has only {count} seeds");
    }
}

/// text_helpers, found in 7,000 runs: `origin_of` took `a a tps://gra apode /` for a URL and
/// gave an origin with a space in it (and a different one when read again). An origin has a
/// scheme of letters, digits, `+`, `-` and `.` and a host without whitespace, else there is none.
#[test]
fn an_origin_has_no_whitespace() {
    target("text_helpers")(b"x://h /");
    use mediaops::compose::exchange::origin_of;
    assert_eq!(origin_of("a a tps://graph.microsoft.com/v1.0"), None);
    assert_eq!(origin_of("https://gra apode/x"), None);
    assert_eq!(origin_of("https://h\t:8080/x"), None);
    assert_eq!(
        origin_of("  HTTPS://User@Graph.Microsoft.com:443/v1.0 ").as_deref(),
        Some("https://graph.microsoft.com")
    );
}

/// decode_text, found in 217,000 runs: a `Content-Length:` header without a value got a
/// warning at column 17 of a 15-character line, as if every header were written
/// `Content-Length: value`; the column is now the value's own (after the colon and any spaces).
#[test]
fn the_content_length_warning_points_at_the_value() {
    use mediaops::decode::{decode_text, DecodeOptions};
    target("decode_text")(b"HTTP/1.1 200 OK\nContent-Length:\n\n{}");
    let column_of = |text: &str| {
        let decoded = decode_text(text, DecodeOptions::default());
        let warning = decoded
            .diagnostics
            .iter()
            .find(|d| d.message.contains("Content-Length"))
            .unwrap_or_else(|| panic!("no Content-Length warning: {:?}", decoded.diagnostics));
        (warning.line, warning.column)
    };
    assert_eq!(
        column_of("HTTP/1.1 200 OK\nContent-Length:\n\n{}"),
        (Some(2), Some(16))
    );
    assert_eq!(
        column_of("HTTP/1.1 200 OK\ncontent-length:    259\n\n{}"),
        (Some(2), Some(20))
    );
    assert_eq!(
        column_of("HTTP/1.1 200 OK\nContent-Length: 9\n\n{}"),
        (Some(2), Some(17))
    );
}

/// mock_handle, found in 3,000 runs: the mock echoed a `client-request-id` holding a CR into its
/// answer's headers, where it would split the response. An id with a control character is
/// replaced by the mock's own request id, as an empty or over-long one already was.
#[test]
fn the_mock_echoes_no_control_character_in_a_header() {
    use mediaops::graph::http::{find_header, Header};
    use mediaops::mock::{handle, MockRequest};
    target("mock_handle")(
        b"POST /v1.0/communications/calls/a/cancelMediaProcessing\nclient-request-id: a\rb\n\n",
    );
    let headers = [Header::new("client-request-id", "a\r\nSet-Cookie: x")];
    let request = MockRequest {
        method: "POST",
        path: "/v1.0/communications/calls/a/cancelMediaProcessing",
        headers: &headers,
        body: "",
        root: "http://127.0.0.1:8080/graph",
        now: 0,
    };
    let response = handle(&request, 1);
    let echoed = find_header(&response.headers, "client-request-id").unwrap_or_default();
    assert!(!echoed.contains(['\r', '\n']), "echoed {echoed:?}");
    assert_eq!(find_header(&response.headers, "request-id"), Some(echoed));
}
