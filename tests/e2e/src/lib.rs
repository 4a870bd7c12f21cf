//! The end-to-end harness: starts `mediaops serve` and ChromeDriver on free ports and opens the
//! page in headless Debian Chromium. `cargo xtask test` sets MEDIAOPS_BIN, MEDIAOPS_WWW,
//! CHROMEDRIVER and CHROMIUM; without them the tests fail with a message saying so.
//!
//! Every test ends with [`Page::close`], which fails the test on any console error or CSP
//! violation the page caused (unless the test declared it with [`Page::allow_console_error`]).

use serde_json::{json, Value};
use std::process::Stdio;
use std::sync::Mutex;
use std::time::Duration;
use thirtyfour::common::command::FormatRequestData;
use thirtyfour::extensions::cdp::ChromeDevTools;
use thirtyfour::prelude::*;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub use thirtyfour;

/// What Chromium logs (as an error) for every fetch answered 4xx or 5xx: a test that asks the
/// mock for a failure on purpose allows it with [`Page::allow_console_error`].
pub const ERROR_STATUS_LOGGED: &str =
    "Failed to load resource: the server responded with a status of";

/// How long a query waits for the page before failing.
pub const WAIT: Duration = Duration::from_secs(15);

/// A served page in a browser; everything is stopped when it is dropped.
pub struct Page {
    /// The browser session.
    pub driver: WebDriver,
    /// The page's origin, e.g. `http://127.0.0.1:41234`.
    pub origin: String,
    /// Every browser console line read so far (ChromeDriver hands each out once).
    console: Mutex<Vec<ConsoleLine>>,
    /// Substrings of console errors this test causes on purpose (a mock 401, an unreachable host).
    allowed_errors: Mutex<Vec<String>>,
    _server: Child,
    _chromedriver: Child,
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the end-to-end tests through `cargo xtask test`")
    })
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port on 127.0.0.1")
}

async fn start_server() -> (Child, String) {
    let mut server = Command::new(env("MEDIAOPS_BIN"))
        .args(["serve", "--port", "0", "--dir", &env("MEDIAOPS_WWW")])
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .expect("cannot start mediaops serve");
    let stdout = server.stdout.take().expect("server stdout");
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
        .await
        .expect("mediaops serve printed nothing in 20 s")
        .expect("reading server output")
        .expect("mediaops serve exited");
    let origin = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .expect("the serve banner names its URL")
        .trim_end_matches('/')
        .to_string();
    // Keep draining stdout so the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (server, origin)
}

async fn start_chromedriver() -> (Child, u16) {
    let port = free_port();
    let child = Command::new(env("CHROMEDRIVER"))
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("cannot start chromedriver");
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return (child, port);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not listen on port {port} within 10 s");
}

/// One line of the browser's console (page scripts, CSP reports, failed loads).
#[derive(Debug, Clone)]
pub struct ConsoleLine {
    /// `SEVERE`, `WARNING`, `INFO`, …
    pub level: String,
    /// Where it came from: `console-api`, `javascript`, `network`, `security`, …
    pub source: String,
    /// The text as Chromium logged it.
    pub message: String,
}

/// ChromeDriver's legacy log endpoint, which W3C WebDriver lacks and thirtyfour does not wrap.
#[derive(Debug)]
struct ReadBrowserLog;

impl FormatRequestData for ReadBrowserLog {
    fn format_request(&self, session_id: &thirtyfour::SessionId) -> thirtyfour::RequestData {
        thirtyfour::RequestData::new(http::Method::POST, format!("/session/{session_id}/se/log"))
            .add_body(json!({ "type": "browser" }))
    }
}

/// Installed in every document before the page's own scripts: records CSP violations.
const RECORD_VIOLATIONS: &str = "window.__e2eViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__e2eViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} ${e.sample || ''}`), true);";

/// Serves `dir` with `python3 -m http.server` on a free loopback port: the server (stopped when
/// dropped) and its port. A second one gives a test a second origin (and `localhost` a third).
pub async fn serve_directory(dir: &std::path::Path) -> (Child, u16) {
    // A port found free can be taken before python binds it (the server then exits): try another.
    for _ in 0..5 {
        let port = free_port();
        let mut server = Command::new("python3")
            .args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("cannot start python3 -m http.server");
        // A loaded machine can take seconds to start python.
        for _ in 0..300 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return (server, port);
            }
            if server.try_wait().ok().flatten().is_some() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    panic!("python3 -m http.server did not listen on a loopback port in five tries");
}

/// Serves `MEDIAOPS_WWW` with `python3 -m http.server` on a free loopback port.
async fn start_static_server() -> (Child, String) {
    let (server, port) = serve_directory(std::path::Path::new(&env("MEDIAOPS_WWW"))).await;
    (server, format!("http://127.0.0.1:{port}"))
}

impl Page {
    /// Serves the playground, opens `path` and waits until the wasm module has loaded.
    pub async fn open(path: &str) -> Page {
        let page = Page::launch().await;
        page.goto(path).await;
        page
    }

    /// Serves the playground and starts a browser on a blank page, CSP violations recorded in
    /// every document it opens; [`Page::goto`] or [`Page::navigate`] opens the playground.
    pub async fn launch() -> Page {
        let (server, origin) = start_server().await;
        Page::launch_with(server, origin).await
    }

    /// Serves `www/` from a plain static server (as a docs site would: no mock, no
    /// `/.well-known/mediaops`), opens `path` and waits until the wasm module has loaded.
    pub async fn open_static(path: &str) -> Page {
        let (server, origin) = start_static_server().await;
        let page = Page::launch_with(server, origin).await;
        page.goto(path).await;
        page
    }

    /// Serves `www/` from a plain static server and starts a browser on a blank page; for pages
    /// without the full page's ready mark, such as `docs-example.html`.
    pub async fn launch_static() -> Page {
        let (server, origin) = start_static_server().await;
        Page::launch_with(server, origin).await
    }

    async fn launch_with(server: Child, origin: String) -> Page {
        let (chromedriver, port) = start_chromedriver().await;
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(&env("CHROMIUM")).expect("binary");
        for arg in [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--window-size=1280,1000",
        ] {
            caps.add_arg(arg).expect("arg");
        }
        caps.insert_base_capability("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .expect("cannot open a Chromium session");
        let page = Page {
            driver,
            origin,
            console: Mutex::new(Vec::new()),
            allowed_errors: Mutex::new(Vec::new()),
            _server: server,
            _chromedriver: chromedriver,
        };
        page.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": RECORD_VIOLATIONS }),
        )
        .await;
        page
    }

    /// Opens `path` on the server without waiting for the page to be ready.
    pub async fn navigate(&self, path: &str) {
        self.driver
            .goto(format!("{}{path}", self.origin))
            .await
            .expect("goto");
    }

    /// Opens `path` and waits until the wasm module has loaded.
    pub async fn goto(&self, path: &str) {
        self.navigate(path).await;
        self.wait_ready().await;
    }

    /// Waits until the page says it is ready; fails with the page's own reason when it cannot start.
    pub async fn wait_ready(&self) {
        let ready_or_failed = self
            .find("body[data-ready='true'], #load-error:not([hidden])")
            .await;
        if ready_or_failed.id().await.ok().flatten().as_deref() == Some("load-error") {
            let reason = ready_or_failed.text().await.unwrap_or_default();
            panic!("the page did not start: {reason}");
        }
    }

    /// Runs a Chrome DevTools Protocol command and returns its result.
    pub async fn cdp(&self, command: &str, params: Value) -> Value {
        ChromeDevTools::new(self.driver.handle.clone())
            .execute_cdp_with_params(command, params)
            .await
            .unwrap_or_else(|e| panic!("{command}: {e}"))
    }

    /// Every console line the browser logged so far in this session.
    pub async fn console(&self) -> Vec<ConsoleLine> {
        let fresh = self
            .driver
            .handle
            .cmd(ReadBrowserLog)
            .await
            .and_then(|r| r.value::<Value>())
            .expect("read the browser log");
        let mut console = self.console.lock().expect("console lock");
        for entry in fresh.as_array().into_iter().flatten() {
            let text = |key: &str| entry[key].as_str().unwrap_or_default().to_string();
            console.push(ConsoleLine {
                level: text("level"),
                source: text("source"),
                message: text("message"),
            });
        }
        console.clone()
    }

    /// Declares a console error this test causes on purpose (matched as a substring).
    pub fn allow_console_error(&self, substring: &str) {
        self.allowed_errors
            .lock()
            .expect("allowed lock")
            .push(substring.to_string());
    }

    /// The CSP violations the current document has seen (`directive blocked URI sample`).
    pub async fn csp_violations(&self) -> Vec<String> {
        let found = self
            .driver
            .execute("return window.__e2eViolations || [];", vec![])
            .await
            .expect("read CSP violations");
        serde_json::from_value(found.json().clone()).unwrap_or_default()
    }

    /// Fails when the page logged a console error it was not expected to, or violated its CSP.
    pub async fn assert_clean(&self) {
        let violations = self.csp_violations().await;
        assert!(violations.is_empty(), "CSP violations: {violations:#?}");
        let allowed = self.allowed_errors.lock().expect("allowed lock").clone();
        let errors: Vec<ConsoleLine> = self
            .console()
            .await
            .into_iter()
            .filter(|l| l.level == "SEVERE")
            .filter(|l| !allowed.iter().any(|a| l.message.contains(a.as_str())))
            .collect();
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    }

    /// Waits for the first element matching `css`.
    pub async fn find(&self, css: &str) -> WebElement {
        self.driver
            .query(By::Css(css))
            .wait(WAIT, Duration::from_millis(50))
            .first()
            .await
            .unwrap_or_else(|e| panic!("no element matches {css} within {WAIT:?}: {e}"))
    }

    /// Waits until the element matching `css` has text containing `needle`; returns the text.
    pub async fn wait_text(&self, css: &str, needle: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        let mut last = String::new();
        while tokio::time::Instant::now() < deadline {
            if let Ok(element) = self.driver.find(By::Css(css)).await {
                last = element.text().await.unwrap_or_default();
                if last.contains(needle) {
                    return last;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{css} never contained {needle:?}; last text: {last:?}");
    }

    /// The value of the input matching `css` (empty when it has none).
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .expect("value")
            .unwrap_or_default()
    }

    /// Replaces the value of the input matching `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input.clear().await.expect("clear");
        input.send_keys(text).await.expect("type");
    }

    /// The element of bare id `part` inside the shadow root of the `<mediaops-playground>`
    /// matching `host` (each instance prefixes its ids with its `data-instance`), waiting for it.
    pub async fn shadow(&self, host: &str, part: &str) -> WebElement {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let found = self
                .driver
                .execute(
                    "const h = document.querySelector(arguments[0]);
                     return h && h.shadowRoot && h.shadowRoot.getElementById(`${h.dataset.instance}-${arguments[1]}`);",
                    vec![json!(host), json!(part)],
                )
                .await
                .expect("query a shadow root");
            if let Ok(element) = found.element() {
                return element;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no #{part} in the shadow root of {host} within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the shadow element `part` of `host` has text containing `needle`; returns it.
    pub async fn wait_shadow_text(&self, host: &str, part: &str, needle: &str) -> String {
        let deadline = tokio::time::Instant::now() + WAIT;
        let mut last = String::new();
        while tokio::time::Instant::now() < deadline {
            last = self
                .shadow(host, part)
                .await
                .text()
                .await
                .unwrap_or_default();
            if last.contains(needle) {
                return last;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("{host} #{part} never contained {needle:?}; last text: {last:?}");
    }

    /// Scrolls the `<mediaops-playground>` matching `host` into view and waits until it is ready
    /// (its wasm loaded and its view wired); fails with its own message when it cannot start.
    pub async fn element_ready(&self, host: &str) {
        self.driver
            .execute(
                "document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });",
                vec![json!(host)],
            )
            .await
            .expect("scroll to the element");
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let state = self
                .driver
                .execute(
                    "const h = document.querySelector(arguments[0]);
                     if (h.dataset.ready === 'true') return 'ready';
                     const failed = h.shadowRoot?.querySelector('.embed-status[role=alert]');
                     return failed ? failed.textContent : '';",
                    vec![json!(host)],
                )
                .await
                .expect("read the element's state");
            match state.json().as_str().unwrap_or_default() {
                "ready" => return,
                "" => {}
                failed => panic!("{host} did not start: {failed}"),
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{host} was not ready within {WAIT:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Saves a screenshot (for people looking at failures or the README).
    pub async fn screenshot(&self, path: &std::path::Path) {
        self.driver.screenshot(path).await.expect("screenshot");
    }

    /// Checks that the page stayed clean ([`Page::assert_clean`]), then closes the browser session.
    pub async fn close(self) {
        self.assert_clean().await;
        self.driver.quit().await.expect("quit");
    }
}
