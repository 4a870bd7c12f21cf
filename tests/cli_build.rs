//! `mediaops build`, run as a user runs it: the built binary, its stdout, stderr and exit code.
#![cfg(all(feature = "cli", not(target_arch = "wasm32")))]

mod common;

const CALL_ID: &str = "57dab8b1-894c-409a-b240-bd8beae78896";

use common::mediaops;

#[test]
fn prints_the_documented_request_with_a_true_content_length() {
    let run = mediaops(&[
        "build",
        "--call-id",
        CALL_ID,
        "--client-context",
        "clientContext-value",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The snippet's comment lines are the snippet's business; the request must be exact.
    let request = format!(
        "\nPOST https://graph.microsoft.com/v1.0/communications/calls/{CALL_ID}/cancelMediaProcessing\n\
         Authorization: Bearer {{token}}\n\
         Content-Type: application/json\n\
         Content-Length: 44\n\
         \n\
         {{\n  \"clientContext\": \"clientContext-value\"\n}}\n"
    );
    assert!(run.stdout.ends_with(&request), "{}", run.stdout);
    assert_eq!(run.stderr, "");
}

#[test]
fn every_option_reaches_the_url() {
    // (extra arguments, the URL the request must go to)
    let cases: [(&[&str], String); 6] = [
        (
            &["--version", "beta"],
            format!("https://graph.microsoft.com/beta/communications/calls/{CALL_ID}/cancelMediaProcessing"),
        ),
        (
            &["--cloud", "usgov"],
            format!("https://graph.microsoft.us/v1.0/communications/calls/{CALL_ID}/cancelMediaProcessing"),
        ),
        (
            &["--cloud=dod", "--app-path"],
            format!("https://dod-graph.microsoft.us/v1.0/app/calls/{CALL_ID}/cancelMediaProcessing"),
        ),
        (
            &["--cloud", "CHINA"],
            format!("https://microsoftgraph.chinacloudapi.cn/v1.0/communications/calls/{CALL_ID}/cancelMediaProcessing"),
        ),
        (
            &["--base-url", "http://127.0.0.1:8080/graph/", "--cloud", "usgov"],
            format!("http://127.0.0.1:8080/graph/v1.0/communications/calls/{CALL_ID}/cancelMediaProcessing"),
        ),
        (
            &["--version=v1.0", "--format", "http"],
            format!("https://graph.microsoft.com/v1.0/communications/calls/{CALL_ID}/cancelMediaProcessing"),
        ),
    ];
    for (extra, url) in cases {
        let mut args = vec!["build", "--call-id", CALL_ID];
        args.extend_from_slice(extra);
        let run = mediaops(&args);
        assert_eq!(run.code, 0, "{extra:?}: {}", run.stderr);
        assert!(
            run.stdout.contains(&format!("\nPOST {url}\n")),
            "{extra:?}: {}",
            run.stdout
        );
    }
}

#[test]
fn warnings_and_notes_go_to_stderr() {
    let run = mediaops(&["build", "--call-id", CALL_ID, "--app-path"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stderr
            .contains("mediaops: warning (/pathStyle): the /app path is deprecated"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("mediaops: info (/clientContext): clientContext is empty"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.ends_with("\n{}\n"), "{}", run.stdout);
}

#[test]
fn every_format_prints_a_snippet_with_the_url_and_no_token() {
    let formats = [
        "http",
        "curl",
        "fetch",
        "powershell",
        "csharp",
        "go",
        "java",
        "python",
        "javascript",
        "rust",
    ];
    let mut outputs = Vec::new();
    for format in formats {
        let run = mediaops(&[
            "build",
            "--call-id",
            CALL_ID,
            "--client-context",
            "ctx-1",
            "--format",
            format,
            "--base-url",
            "http://127.0.0.1:8080/graph",
        ]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("ctx-1"), "{format}: {}", run.stdout);
        assert!(
            run.stdout.contains("127.0.0.1:8080/graph"),
            "{format}: {}",
            run.stdout
        );
        assert!(run.stdout.ends_with('\n'), "{format}");
        outputs.push(run.stdout);
    }
    outputs.sort();
    outputs.dedup();
    assert_eq!(
        outputs.len(),
        formats.len(),
        "every format prints its own text"
    );
    let curl = mediaops(&["build", "--call-id", CALL_ID, "--format", "curl"]);
    assert!(curl.stdout.contains("curl "), "{}", curl.stdout);
}

#[test]
fn invalid_input_exits_1_with_every_error() {
    let long = "x".repeat(257);
    // (arguments, part of stderr)
    let cases: [(&[&str], &str); 5] = [
        (&["build", "--call-id", ""], "the call id is empty"),
        (
            &["build", "--call-id", "a b"],
            "error (/callId): the call id contains ' '",
        ),
        (
            &["build", "--call-id", CALL_ID, "--client-context", &long],
            "error (/clientContext): clientContext is 257 characters",
        ),
        (
            &["build", "--call-id", CALL_ID, "--base-url", "ftp://h"],
            "error (/baseUrl): the base URL 'ftp://h' must start with http:// or https://",
        ),
        (
            &["build", "--call-id", "{id}", "--base-url", "h"],
            "placeholder",
        ),
    ];
    for (args, message) in cases {
        let run = mediaops(args);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(run
            .stderr
            .starts_with("mediaops: cannot build the request:"));
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "nothing on stdout when it fails");
    }
    let both = mediaops(&["build", "--call-id", "", "--base-url", "h"]);
    assert!(both.stderr.contains("/callId") && both.stderr.contains("/baseUrl"));
}

#[test]
fn usage_errors_exit_2() {
    // (arguments, part of stderr)
    let cases: [(&[&str], &str); 8] = [
        (&["build"], "build needs --call-id, e.g. --call-id 57dab8b1"),
        (&["build", "--call-id"], "--call-id needs a value"),
        (&["build", "--call-id", "c", "--version", "v2"], "--version takes v1.0 or beta, not 'v2'"),
        (&["build", "--call-id", "c", "--cloud", "mars"], "--cloud takes global, usgov, dod, china, not 'mars'"),
        (&["build", "--call-id", "c", "--format", "cobol"], "--format takes http, curl, fetch, powershell, csharp, go, java, python, javascript, rust, not 'cobol'"),
        (&["build", "--call-id", "c", "--colour"], "unknown option --colour"),
        (&["build", CALL_ID], "build takes no argument"),
        (&["build", "--call-id", "a", "--call-id", "b"], "--call-id is given twice"),
    ];
    for (args, message) in cases {
        let run = mediaops(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert!(run.stderr.contains("Usage:"), "usage is shown");
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn build_shows_control_characters_of_its_input_visibly() {
    // A pasted URL whose call id holds ESC: the error names the call id found in it.
    let run = mediaops(&[
        "build",
        "--call-id",
        "https://graph.microsoft.com/v1.0/communications/calls/\u{1b}[2J\u{7}/x",
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains(['\u{1b}', '\u{7}']),
        "{:?}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the call id in it is \\u001b[2J\\u0007"),
        "{}",
        run.stderr
    );
    // Usage errors echo the argument.
    let run = mediaops(&["build", "--call-id", "c", "--version", "v\u{1b}[2J"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("--version takes v1.0 or beta, not 'v\\u001b[2J'"),
        "{}",
        run.stderr
    );
    // The raw request on stdout carries a C1 control and a bidi override escaped in the JSON.
    let run = mediaops(&[
        "build",
        "--call-id",
        CALL_ID,
        "--client-context",
        "a\u{9b}2J\u{202e}b\u{1b}",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains(['\u{1b}', '\u{9b}', '\u{202e}']),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(r#""clientContext": "a\u009b2J\u202eb\u001b""#),
        "{}",
        run.stdout
    );
    assert!(
        !run.stderr.contains(['\u{1b}', '\u{9b}', '\u{202e}']),
        "{:?}",
        run.stderr
    );
}

#[test]
fn dot_segments_cannot_move_the_request_up_the_path() {
    // (arguments, part of stderr)
    let cases: [(&[&str], &str); 4] = [
        (
            &["--call-id", ".."],
            "error (/callId): '..' is a dot segment",
        ),
        (&["--call-id", "."], "error (/callId): '.' is a dot segment"),
        (
            &[
                "--call-id",
                CALL_ID,
                "--base-url",
                "http://127.0.0.1:8080/graph/..",
            ],
            "error (/baseUrl): the base URL has a dot segment ('..')",
        ),
        (
            &[
                "--call-id",
                CALL_ID,
                "--base-url",
                "http://127.0.0.1:8080/%2e/graph",
            ],
            "error (/baseUrl): the base URL has a dot segment ('%2e')",
        ),
    ];
    for (args, message) in cases {
        let run = mediaops(&[&["build"], args].concat());
        assert_eq!(run.code, 1, "{args:?}: {}", run.stdout);
        assert!(run.stderr.contains(message), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
}
