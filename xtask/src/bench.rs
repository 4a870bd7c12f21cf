//! `cargo xtask bench`: every figure of the performance budget measured in one run, side by side,
//! written to `target/bench/report.json` and printed as a table.
//!
//! - the native criterion benches (`benches/decode.rs`, `benches/build.rs`, `benches/serve.rs`);
//! - the page: what it downloads before it is usable (gzip -9), how long a cold load takes to show
//!   the form and its first preview (the page's `mediaops-ready` performance mark, median of 10
//!   fresh browser sessions; each load is followed by one of `xtask/bench-page/floor.html`, a page
//!   of one script that only sets the mark, so `ready_floor_ms` is what the browser and the machine
//!   cost before any of our code and `ready_over_floor_ms` the median of each pair's difference,
//!   what our page adds), the wasm decoder against `JSON.parse` + a walk on the same batch in
//!   the same page, and 1,000 cards drawn (a bench-only page, `xtask/bench-page/`, next to a copy
//!   of `www/` in `target/bench/site`);
//! - the CLI: `mediaops decode --json` (release build) against jq on the same ~100 MB file, and the
//!   CLI's peak resident memory against the file's size.
//!
//! The browser is driven through ChromeDriver's W3C WebDriver HTTP API with a few plain requests,
//! which keeps the xtask free of an async runtime.

#[path = "../../benches/common/batch.rs"]
mod batch;

use crate::{gzip_len, path_str, run, tools, Failure, Result};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Notifications in the page's batch (about 8.7 MB, as in the issue).
const PAGE_BATCH: usize = 10_000;
/// Size the CLI's file is grown to.
const CLI_FILE_BYTES: usize = 100_000_000;
/// The paste whose first cards the Decode view's worker must hand over within a second.
const LARGE_PASTE_BYTES: usize = 50_000_000;
/// Cold loads whose median is `ready_ms`.
const COLD_LOADS: usize = 10;
/// Runs of each command line whose median is taken.
const CLI_RUNS: usize = 3;
/// The filter jq runs: the same per-resource facts the decoder reports, minimally.
const JQ_FILTER: &str = r#".value[] | .resourceData | {t: ."@odata.type", s: .status}"#;

/// One budget line of the table: the figure, its value, and the budget it is held to.
struct Figure {
    name: &'static str,
    value: f64,
    unit: &'static str,
    budget: Option<Budget>,
}

/// A limit and whether higher is better.
type Budget = (f64, bool);

/// The table's lines in order: figure, unit, and `(limit, higher_is_better)` from the issue.
const FIGURES: [(&str, &str, Option<Budget>); 19] = [
    ("page_gzip_bytes", "B", Some((150_000.0, false))),
    ("first_paint_wasm_gzip_bytes", "B", None),
    ("wasm_gzip_bytes", "B", None),
    ("worker_wasm_gzip_bytes", "B", None),
    ("ready_ms", "ms", Some((150.0, false))),
    ("ready_floor_ms", "ms", None),
    ("ready_over_floor_ms", "ms", None),
    ("decode_mbps_wasm", "MB/s", None),
    ("decode_mbps_js_baseline", "MB/s", None),
    ("decode_whole_mbps_wasm", "MB/s", None),
    ("decode_ratio", "×", Some((0.5, true))),
    ("decode_wasm_memory_ratio", "× input", Some((4.0, false))),
    ("render_1000_ms", "ms", Some((100.0, false))),
    ("large_paste_first_cards_ms", "ms", Some((1000.0, false))),
    ("large_paste_overview_ms", "ms", None),
    ("cli_mbps", "MB/s", None),
    ("jq_mbps", "MB/s", None),
    ("cli_vs_jq", "×", Some((5.0, true))),
    ("cli_peak_rss_ratio", "× input", Some((2.0, false))),
];

/// What to skip for a quicker look (`--skip-native`, `--skip-page`, `--skip-cli`).
struct Skips {
    native: bool,
    page: bool,
    cli: bool,
}

/// Runs every benchmark, writes the report and prints the table.
pub fn bench(root: &Path, args: &[String]) -> Result {
    let skips = Skips {
        native: args.iter().any(|a| a == "--skip-native"),
        page: args.iter().any(|a| a == "--skip-page"),
        cli: args.iter().any(|a| a == "--skip-cli"),
    };
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
    let mut report = serde_json::Map::new();

    // With --skip-native the table shows criterion's last results, from target/criterion.
    if !skips.native {
        run(
            root,
            "cargo",
            &[
                "bench", "--bench", "decode", "--bench", "build", "--bench", "serve",
            ],
            &[],
        )?;
    }
    let native = criterion_results(&root.join("target/criterion"));

    crate::build_wasm(root)?;
    let sizes = crate::report_size(root)?;
    report.insert(
        "first_paint_wasm_gzip_bytes".into(),
        json!(sizes.first_paint),
    );
    report.insert("wasm_gzip_bytes".into(), json!(sizes.whole));
    report.insert("worker_wasm_gzip_bytes".into(), json!(sizes.worker));
    run(
        root,
        "cargo",
        &["build", "--release", "--bin", "mediaops"],
        &[],
    )?;
    let binary = root.join("target/release/mediaops");
    let mut measured = Vec::new();
    if !skips.page {
        let site = prepare_site(root, &out)?;
        measured.extend(bench_page(&binary, &site)?);
    }
    if !skips.cli {
        measured.extend(bench_cli(root, &binary, &out)?);
    }
    for (name, value) in &measured {
        report.insert((*name).into(), json!(value));
    }
    let figures: Vec<Figure> = FIGURES
        .iter()
        .filter_map(|&(name, unit, budget)| {
            let value = report.get(name)?.as_f64()?;
            Some(Figure {
                name,
                value,
                unit,
                budget,
            })
        })
        .collect();

    report.insert(
        "native".into(),
        Value::Array(native.iter().map(|n| n.to_json()).collect()),
    );
    report.insert("machine".into(), machine());
    let path = out.join("report.json");
    let text =
        serde_json::to_string_pretty(&Value::Object(report)).map_err(|e| Failure(e.to_string()))?;
    std::fs::write(&path, text + "\n").map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    println!("{}", table(&figures, &native));
    eprintln!("report: {}", path.display());
    Ok(())
}

/// One criterion benchmark's median, read from `target/criterion/**/new/`.
struct NativeResult {
    id: String,
    median_ns: f64,
    bytes: Option<f64>,
}

impl NativeResult {
    fn mbps(&self) -> Option<f64> {
        self.bytes.map(|bytes| bytes / self.median_ns * 1e3)
    }

    fn to_json(&self) -> Value {
        json!({"id": self.id, "median_ns": self.median_ns, "mbps": self.mbps()})
    }
}

fn read_json(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Every benchmark criterion has results for, from this run's `new/` directories.
fn criterion_results(dir: &Path) -> Vec<NativeResult> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == "new") {
                let benchmark = read_json(&path.join("benchmark.json"));
                let estimates = read_json(&path.join("estimates.json"));
                if let (Some(benchmark), Some(estimates)) = (benchmark, estimates) {
                    found.push(NativeResult {
                        id: benchmark["full_id"].as_str().unwrap_or("?").to_string(),
                        median_ns: estimates["median"]["point_estimate"]
                            .as_f64()
                            .unwrap_or(0.0),
                        bytes: benchmark["throughput"]["Bytes"].as_f64(),
                    });
                }
            } else if path.is_dir() && path.file_name().is_some_and(|n| n != "report") {
                pending.push(path);
            }
        }
    }
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found
}

/// `target/bench/site`: a copy of `www/` (with the built `pkg/`), the bench page under `bench/`,
/// and the batch it decodes.
fn prepare_site(root: &Path, out: &Path) -> Result<PathBuf> {
    let site = out.join("site");
    if site.exists() {
        std::fs::remove_dir_all(&site).map_err(|e| Failure(format!("{}: {e}", site.display())))?;
    }
    copy_dir(&root.join("www"), &site)?;
    copy_dir(&root.join("xtask/bench-page"), &site.join("bench"))?;
    let batch = batch::batch(PAGE_BATCH);
    std::fs::write(site.join("bench/batch.json"), batch).map_err(|e| Failure(e.to_string()))?;
    let per_item = batch::batch(300).len() / 300;
    let large = batch::batch(LARGE_PASTE_BYTES / per_item);
    std::fs::write(site.join("bench/large.json"), large).map_err(|e| Failure(e.to_string()))?;
    Ok(site)
}

/// Copies `from` into `to` recursively.
pub fn copy_dir(from: &Path, to: &Path) -> Result {
    std::fs::create_dir_all(to).map_err(|e| Failure(format!("{}: {e}", to.display())))?;
    let entries =
        std::fs::read_dir(from).map_err(|e| Failure(format!("{}: {e}", from.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
        }
    }
    Ok(())
}

/// A child process stopped when dropped (the server and ChromeDriver this bench started).
struct Stopped(Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> Result<u16> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| Failure(format!("no free port on 127.0.0.1: {e}")))
}

/// Starts `mediaops serve` on a free port for `site`; returns it and its origin.
fn start_server(binary: &Path, site: &Path) -> Result<(Stopped, String)> {
    let mut child = Command::new(binary)
        .args(["serve", "--port", "0", "--dir", path_str(site)?])
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| Failure(format!("cannot start {}: {e}", binary.display())))?;
    let stdout = child.stdout.take();
    let server = Stopped(child);
    let mut lines =
        BufReader::new(stdout.ok_or_else(|| Failure("no server stdout".into()))?).lines();
    let banner = lines
        .next()
        .and_then(|l| l.ok())
        .ok_or_else(|| Failure("mediaops serve printed nothing".into()))?;
    let origin = banner
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .ok_or_else(|| Failure(format!("the serve banner names no URL: {banner}")))?
        .trim_end_matches('/')
        .to_string();
    // Keep draining the server's output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.map_while(|l| l.ok()).for_each(drop));
    Ok((server, origin))
}

fn start_chromedriver() -> Result<(Stopped, u16)> {
    let port = free_port()?;
    let child = Command::new(tools::CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| Failure(format!("cannot start chromedriver: {e}")))?;
    let driver = Stopped(child);
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Ok((driver, port));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(Failure(format!("chromedriver did not listen on {port}")))
}

/// One plain HTTP/1.1 exchange with ChromeDriver; returns the JSON `value` of its answer.
fn webdriver(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port))
        .map_err(|e| Failure(format!("chromedriver: {e}")))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(600)))
        .map_err(|e| Failure(e.to_string()))?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| Failure(format!("chromedriver: {e}")))?;
    // Read the head, then exactly Content-Length bytes: ChromeDriver may keep the connection
    // open whatever `Connection: close` asks, so reading to the end could wait forever.
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        let read = reader
            .read_line(&mut line)
            .map_err(|e| Failure(format!("chromedriver: {e}")))?;
        if read == 0 || line == "\r\n" {
            break;
        }
        head.push_str(&line);
    }
    let length = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse::<usize>().ok())
            .flatten()
    });
    let mut body = Vec::new();
    match length {
        Some(length) => {
            body.resize(length, 0);
            reader
                .read_exact(&mut body)
                .map_err(|e| Failure(format!("chromedriver: {e}")))?;
        }
        None => {
            reader
                .read_to_end(&mut body)
                .map_err(|e| Failure(format!("chromedriver: {e}")))?;
        }
    }
    let body = String::from_utf8_lossy(&body);
    let payload = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        dechunk(&body)
    } else {
        body.into_owned()
    };
    let parsed: Value = serde_json::from_str(&payload)
        .map_err(|e| Failure(format!("chromedriver answered {head:?} with non-JSON: {e}")))?;
    let value = parsed.get("value").cloned().unwrap_or(Value::Null);
    if value.get("error").is_some() {
        return Err(Failure(format!("WebDriver {method} {path}: {value}")));
    }
    Ok(value)
}

fn dechunk(mut payload: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = payload.split_once("\r\n") {
        let size = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if size == 0 || rest.len() < size {
            break;
        }
        out.push_str(rest.get(..size).unwrap_or_default());
        payload = rest
            .get(size..)
            .unwrap_or_default()
            .trim_start_matches("\r\n");
    }
    out
}

/// A fresh headless Chromium (a new profile: nothing cached) on ChromeDriver at `port`.
struct Session {
    port: u16,
    id: String,
}

impl Session {
    fn open(port: u16) -> Result<Session> {
        let mut args: Vec<&str> = tools::CHROMIUM_ARGS.to_vec();
        args.extend(["--headless=new", "--window-size=1280,1000"]);
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": tools::CHROMIUM, "args": args},
            "timeouts": {"script": 600_000, "pageLoad": 60_000},
        }}});
        let value = webdriver(port, "POST", "/session", Some(&capabilities))?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| Failure(format!("no session id in {value}")))?
            .to_string();
        Ok(Session { port, id })
    }

    fn goto(&self, url: &str) -> Result {
        let path = format!("/session/{}/url", self.id);
        webdriver(self.port, "POST", &path, Some(&json!({"url": url}))).map(drop)
    }

    /// Runs `script` (which calls `done(result)`, its last argument) and returns the result.
    fn execute_async(&self, script: &str) -> Result<Value> {
        let path = format!("/session/{}/execute/async", self.id);
        let body = json!({"script": script, "args": []});
        webdriver(self.port, "POST", &path, Some(&body))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = webdriver(self.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

/// Waits for the page's ready mark; returns its time and the paths fetched before it.
const READY_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const started = Date.now();
(function poll() {
  const mark = performance.getEntriesByName("mediaops-ready")[0];
  const failed = document.getElementById("load-error");
  if (mark) {
    const fetched = performance.getEntriesByType("resource")
      .filter((entry) => entry.startTime <= mark.startTime)
      .map((entry) => new URL(entry.name).pathname);
    done(JSON.stringify({ready: mark.startTime, fetched, page: location.pathname}));
  } else if (failed && !failed.hidden) {
    done(JSON.stringify({error: failed.textContent}));
  } else if (Date.now() - started > 30000) {
    done(JSON.stringify({error: "no mediaops-ready mark within 30 s"}));
  } else {
    setTimeout(poll, 10);
  }
})();
"#;

/// Waits for the bench page's module, then runs it.
const BENCH_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
(function poll() {
  if (window.mediaopsBench) window.mediaopsBench().then(done);
  else setTimeout(poll, 20);
})();
"#;

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or(0.0)
}

/// Opens `url` in a fresh session and runs `script`, which answers a JSON text; an answer with
/// an `error` fails with `what`.
fn run_in_page(port: u16, url: &str, script: &str, what: &str) -> Result<Value> {
    let session = Session::open(port)?;
    session.goto(url)?;
    let answer = session.execute_async(script)?;
    let answer: Value = serde_json::from_str(answer.as_str().unwrap_or("{}"))
        .map_err(|e| Failure(format!("{what}: {e}")))?;
    match answer.get("error") {
        Some(error) => Err(Failure(format!("{what}: {error}"))),
        None => Ok(answer),
    }
}

/// The page's figures: download size, cold ready time, in-page decode and render.
fn bench_page(binary: &Path, site: &Path) -> Result<Vec<(&'static str, f64)>> {
    tools::ensure_browser()?;
    let (_server, origin) = start_server(binary, site)?;
    let (_driver, port) = start_chromedriver()?;
    let (mut ready, mut floor, mut over) = (Vec::new(), Vec::new(), Vec::new());
    let mut fetched: Vec<String> = Vec::new();
    for load in 0..COLD_LOADS {
        let page = format!("{origin}/index.html");
        let answer = run_in_page(port, &page, READY_SCRIPT, "the page did not get ready")?;
        let ms = answer["ready"].as_f64().unwrap_or(0.0);
        // Interleaved with each load: the least page there is, as cold, on the same machine now.
        let least = format!("{origin}/bench/floor.html");
        let least = run_in_page(
            port,
            &least,
            READY_SCRIPT,
            "the floor page did not get ready",
        )?;
        let floor_ms = least["ready"].as_f64().unwrap_or(0.0);
        eprintln!(
            "cold load {}: ready after {ms:.1} ms (a one-script page: {floor_ms:.1} ms)",
            load + 1
        );
        ready.push(ms);
        floor.push(floor_ms);
        over.push(ms - floor_ms);
        if fetched.is_empty() {
            fetched.push(answer["page"].as_str().unwrap_or("/index.html").to_string());
            for path in answer["fetched"].as_array().into_iter().flatten() {
                fetched.extend(path.as_str().map(str::to_string));
            }
        }
    }
    let mut page_gzip = 0;
    for path in &fetched {
        // `/.well-known/mediaops` (target.js's probe) is answered by the server, not a file: a
        // few bytes of JSON, not part of what the page is made of.
        if path.starts_with("/.well-known/") {
            continue;
        }
        let file = site.join(path.trim_start_matches('/'));
        let bytes = std::fs::read(&file)
            .map_err(|e| Failure(format!("{} (fetched as {path}): {e}", file.display())))?;
        page_gzip += gzip_len(&bytes)?;
    }
    eprintln!("fetched before ready: {}", fetched.join(" "));

    let page = format!("{origin}/bench/index.html");
    let result = run_in_page(port, &page, BENCH_SCRIPT, "the bench page failed")?;
    let number = |key: &str| result[key].as_f64().unwrap_or(0.0);
    let megabytes = number("bytes") / 1e6;
    let wasm_mbps = megabytes / (number("decode_ms_wasm") / 1e3);
    let js_mbps = megabytes / (number("decode_ms_js_baseline") / 1e3);
    Ok(vec![
        ("page_gzip_bytes", page_gzip as f64),
        ("ready_ms", median(ready)),
        ("ready_floor_ms", median(floor)),
        ("ready_over_floor_ms", median(over)),
        ("page_batch_bytes", number("bytes")),
        ("decode_mbps_wasm", wasm_mbps),
        ("decode_mbps_js_baseline", js_mbps),
        (
            "decode_whole_mbps_wasm",
            megabytes / (number("decode_whole_ms_wasm") / 1e3),
        ),
        ("decode_ratio", wasm_mbps / js_mbps),
        (
            "decode_wasm_memory_ratio",
            number("decode_peak_wasm_memory_bytes") / number("bytes").max(1.0),
        ),
        ("render_1000_ms", number("render_1000_ms")),
        (
            "large_paste_first_cards_ms",
            number("large_paste_first_cards_ms"),
        ),
        ("large_paste_overview_ms", number("large_paste_overview_ms")),
        ("large_paste_bytes", number("large_paste_bytes")),
    ])
}

/// One run of a command: its time in seconds and peak resident memory in bytes. With
/// /usr/bin/time the time is the CPU time (user + system) the command used, which a shared,
/// busy machine does not inflate the way it inflates wall time; without it, wall time.
fn measure(program: &Path, args: &[&str]) -> Result<(f64, u64)> {
    let time = Path::new("/usr/bin/time");
    let mut command = if time.exists() {
        let mut command = Command::new(time);
        command.arg("-v").arg(program);
        command
    } else {
        Command::new(program)
    };
    command
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| Failure(format!("cannot run {}: {e}", program.display())))?;
    // Without /usr/bin/time, watch the high-water mark the kernel keeps while it runs.
    let mut peak_kb = 0;
    let mut stderr = String::new();
    if !time.exists() {
        let status_file = format!("/proc/{}/status", child.id());
        while child.try_wait().ok().flatten().is_none() {
            if let Some(kb) = std::fs::read_to_string(&status_file)
                .ok()
                .as_deref()
                .and_then(|s| kilobytes_after(s, "VmHWM:"))
            {
                peak_kb = peak_kb.max(kb);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    let status = child.wait().map_err(|e| Failure(e.to_string()))?;
    let seconds = started.elapsed().as_secs_f64().max(1e-6);
    if !status.success() {
        return Err(Failure(format!(
            "{} {} exited with {status}: {}",
            program.display(),
            args.join(" "),
            stderr.lines().take(5).collect::<Vec<_>>().join(" | ")
        )));
    }
    let mut seconds = seconds;
    if time.exists() {
        peak_kb = kilobytes_after(&stderr, "Maximum resident set size (kbytes):").unwrap_or(0);
        let cpu = |label: &str| {
            stderr
                .lines()
                .find_map(|line| line.trim().strip_prefix(label))
                .and_then(|rest| rest.trim().parse::<f64>().ok())
        };
        if let (Some(user), Some(system)) =
            (cpu("User time (seconds):"), cpu("System time (seconds):"))
        {
            seconds = user + system;
        }
    }
    Ok((seconds, peak_kb * 1024))
}

fn kilobytes_after(text: &str, label: &str) -> Option<u64> {
    text.lines()
        .find_map(|line| line.trim().strip_prefix(label))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
}

/// The CLI against jq on the same ~100 MB file.
fn bench_cli(root: &Path, binary: &Path, out: &Path) -> Result<Vec<(&'static str, f64)>> {
    let jq = tools::ensure_jq(root)?;
    let file = out.join("cli-batch.json");
    let per_item = batch::batch(300).len() / 300;
    let text = batch::batch(CLI_FILE_BYTES / per_item);
    std::fs::write(&file, &text).map_err(|e| Failure(format!("{}: {e}", file.display())))?;
    let bytes = text.len() as f64;
    drop(text);
    let file_str = path_str(&file)?;
    let (mut cli, mut jqs, mut rss) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..CLI_RUNS {
        let (seconds, peak) = measure(binary, &["decode", "--json", file_str])?;
        cli.push(seconds);
        rss.push(peak as f64);
        let (jq_seconds, _) = measure(Path::new(&jq), &["-c", JQ_FILTER, file_str])?;
        jqs.push(jq_seconds);
        eprintln!(
            "round {}: mediaops decode --json {seconds:.2} s ({} MB peak), jq {jq_seconds:.2} s",
            round + 1,
            peak / 1_000_000
        );
    }
    let megabytes = bytes / 1e6;
    let cli_mbps = megabytes / median(cli);
    let jq_mbps = megabytes / median(jqs);
    Ok(vec![
        ("cli_file_bytes", bytes),
        ("cli_mbps", cli_mbps),
        ("jq_mbps", jq_mbps),
        ("cli_vs_jq", cli_mbps / jq_mbps),
        ("cli_peak_rss_ratio", median(rss) / bytes),
    ])
}

/// Where the numbers came from: CPU, cores, memory, browser.
fn machine() -> Value {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find_map(|l| {
            l.strip_prefix("model name")?
                .split_once(':')
                .map(|p| p.1.trim())
        })
        .unwrap_or("unknown")
        .to_string();
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_mb = kilobytes_after(&meminfo, "MemTotal:").unwrap_or(0) / 1024;
    let chromium = Command::new(tools::CHROMIUM)
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    json!({"cpu": cpu, "cores": cores, "memory_mb": memory_mb, "chromium": chromium})
}

fn table(figures: &[Figure], native: &[NativeResult]) -> String {
    let mut out = String::from("| figure | value | budget | met |\n|---|---|---|---|\n");
    for figure in figures {
        let value = match figure.unit {
            "B" => format!("{:.1} KB", figure.value / 1000.0),
            "×" | "× input" => format!("{:.2}{}", figure.value, figure.unit),
            unit => format!("{:.1} {unit}", figure.value),
        };
        let (budget, met) = match figure.budget {
            None => ("—".to_string(), "—"),
            Some((limit, higher)) => {
                let shown = match figure.unit {
                    "B" => format!("{:.0} KB", limit / 1000.0),
                    unit => format!("{limit} {unit}"),
                };
                let met = if higher {
                    figure.value >= limit
                } else {
                    figure.value <= limit
                };
                (
                    format!("{} {shown}", if higher { "≥" } else { "≤" }),
                    if met { "yes" } else { "no" },
                )
            }
        };
        out.push_str(&format!(
            "| `{}` | {value} | {budget} | {met} |\n",
            figure.name
        ));
    }
    for result in native {
        let value = match result.mbps() {
            Some(mbps) => format!("{mbps:.1} MB/s"),
            None => format!("{:.2} µs", result.median_ns / 1e3),
        };
        out.push_str(&format!("| native `{}` | {value} | — | — |\n", result.id));
    }
    out
}
