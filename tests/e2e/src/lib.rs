//! The end-to-end harness: starts `mediaops serve` and ChromeDriver on free ports and opens the
//! page in headless Debian Chromium. `cargo xtask test` sets MEDIAOPS_BIN, MEDIAOPS_WWW,
//! CHROMEDRIVER and CHROMIUM; without them the tests fail with a message saying so.

use std::process::Stdio;
use std::time::Duration;
use thirtyfour::prelude::*;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub use thirtyfour;

/// How long a query waits for the page before failing.
pub const WAIT: Duration = Duration::from_secs(15);

/// A served page in a browser; everything is stopped when it is dropped.
pub struct Page {
    /// The browser session.
    pub driver: WebDriver,
    /// The page's origin, e.g. `http://127.0.0.1:41234`.
    pub origin: String,
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

impl Page {
    /// Serves the playground, opens `path` and waits until the wasm module has loaded.
    pub async fn open(path: &str) -> Page {
        let (server, origin) = start_server().await;
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
        let driver = WebDriver::new(format!("http://127.0.0.1:{port}"), caps)
            .await
            .expect("cannot open a Chromium session");
        driver.goto(format!("{origin}{path}")).await.expect("goto");
        let page = Page {
            driver,
            origin,
            _server: server,
            _chromedriver: chromedriver,
        };
        // Ready, or the page's own banner saying why the wasm module did not load.
        let ready_or_failed = page
            .find("body[data-ready='true'], #load-error:not([hidden])")
            .await;
        if ready_or_failed.id().await.ok().flatten().as_deref() == Some("load-error") {
            let reason = ready_or_failed.text().await.unwrap_or_default();
            panic!("the page did not start: {reason}");
        }
        page
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

    /// Replaces the value of the input matching `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let input = self.find(css).await;
        input.clear().await.expect("clear");
        input.send_keys(text).await.expect("type");
    }

    /// Saves a screenshot (for people looking at failures or the README).
    pub async fn screenshot(&self, path: &std::path::Path) {
        self.driver.screenshot(path).await.expect("screenshot");
    }

    /// Closes the browser session.
    pub async fn close(self) {
        self.driver.quit().await.expect("quit");
    }
}
