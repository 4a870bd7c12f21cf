//! The iframe alternative (`www/embed.html`, `js/embed-frame.js`) from plain static servers: the
//! playground on one origin (`python3 -m http.server` over `www/`), a host page standing for a
//! docs site on a second (`tests/e2e/fixtures/embed-host/` on another port) and a sibling frame on
//! a third (the same server as `localhost`). The protocol's messages as the host receives them,
//! what the frame does with each, and what it ignores.

use mediaops_e2e::{serve_directory, Page, WAIT};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;
use tokio::process::Child;

/// A host page on its own origin framing `embed.html`.
struct Framed {
    page: Page,
    /// The host page's origin (`http://127.0.0.1:<port>`).
    host: String,
    /// A third origin, served by the host's server under another name (`http://localhost:<port>`).
    foreign: String,
    _fixtures: Child,
}

/// Every character but unreserved ones percent-encoded, for a URL's query.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Framed {
    /// Opens the host page framing `embed.html#<view>?…&parent=<parent>`, `parent` computed from
    /// the host's and the foreign origin by `parent_of`.
    async fn open(view: &str, parent_of: impl Fn(&str, &str) -> String) -> Framed {
        let page = Page::launch_static().await;
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/embed-host");
        let (fixtures, port) = serve_directory(&dir).await;
        let host = format!("http://127.0.0.1:{port}");
        let foreign = format!("http://localhost:{port}");
        let parent = parent_of(&host, &foreign);
        let frame = format!(
            "{}/embed.html#{view}?parent={}",
            page.origin,
            encode(&parent)
        );
        page.driver
            .goto(format!("{host}/host.html?frame={}", encode(&frame)))
            .await
            .expect("open the host page");
        Framed {
            page,
            host,
            foreign,
            _fixtures: fixtures,
        }
    }

    /// Every message the host page has received: `[{origin, data}]`.
    async fn received(&self) -> Vec<Value> {
        let answer = self
            .page
            .driver
            .execute("return window.received || [];", vec![])
            .await
            .expect("read the received messages");
        serde_json::from_value(answer.json().clone()).unwrap_or_default()
    }

    /// Waits for a message of `kind` from the frame's origin that `matches`; returns its data.
    async fn wait_message(&self, kind: &str, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let received = self.received().await;
            if let Some(found) = received.iter().find(|m| {
                m["origin"] == self.page.origin.as_str()
                    && m["data"]["mediaops"] == 1
                    && m["data"]["type"] == kind
                    && matches(&m["data"])
            }) {
                return found["data"].clone();
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "no {kind} message arrived; the host received {received:#?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Posts `message` from the host page to the frame (at the frame's origin).
    async fn post(&self, message: Value) {
        self.page
            .driver
            .execute("window.toFrame(arguments[0]);", vec![message])
            .await
            .expect("post to the frame");
    }

    /// Adds the sibling frame, on the foreign origin, which posts an init and a theme to the
    /// playground's frame as soon as it loads.
    async fn add_sibling(&self) {
        let sibling = format!(
            "{}/sibling.html?target={}",
            self.foreign,
            encode(&self.page.origin)
        );
        self.page
            .driver
            .execute("window.addSibling(arguments[0]);", vec![json!(sibling)])
            .await
            .expect("add the sibling frame");
    }

    /// Runs `check` inside the frame's document, then returns to the host page.
    async fn in_frame<T>(&self, check: impl AsyncFnOnce(&Page) -> T) -> T {
        self.page
            .driver
            .enter_frame(0)
            .await
            .expect("enter the frame");
        let value = check(&self.page).await;
        self.page
            .driver
            .enter_default_frame()
            .await
            .expect("leave the frame");
        value
    }

    /// The frame's theme and its count of ignored messages, once the count is at least `ignored`.
    async fn frame_theme_after(&self, ignored: u32) -> String {
        self.in_frame(async |page: &Page| {
            page.find(&format!(
                "html[data-ignored-messages='{ignored}'], html[data-ignored-messages='{}']",
                ignored + 1
            ))
            .await;
            let count: u32 = page
                .find("html")
                .await
                .attr("data-ignored-messages")
                .await
                .unwrap()
                .unwrap_or_default()
                .parse()
                .unwrap_or_default();
            assert_eq!(
                count, ignored,
                "the frame ignored another number of messages"
            );
            page.find("#embed")
                .await
                .attr("data-theme")
                .await
                .unwrap()
                .unwrap_or_default()
        })
        .await
    }
}

impl Framed {
    /// Waits until the frame shows `theme`, having ignored exactly `ignored` messages.
    async fn wait_theme(&self, ignored: u32, theme: &str) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while self.frame_theme_after(ignored).await != theme {
            assert!(
                tokio::time::Instant::now() < deadline,
                "the frame never showed the {theme} theme"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// `text` as base64url, as permalinks carry a plain (uncompressed) text in `&r=`.
fn base64url(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let bytes = text.as_bytes();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

const PAYLOAD: &str = r##"{"@odata.type": "#microsoft.graph.recordOperation", "id": "0fe0623f-d628-42ed-b4bd-8ac290072cc5", "status": "failed", "completionReason": "operationCanceled", "resultInfo": {"code": 400, "subcode": 8508}}"##;

#[tokio::test]
async fn ready_init_state_changed_theme_and_resize() {
    let framed = Framed::open("decode", |host, _| host.to_string()).await;
    let ready = framed.wait_message("ready", |_| true).await;
    assert_eq!(ready["view"], "decode");
    assert_eq!(ready["state"]["payload"], "");

    // Before init nothing but init is heard, even from the parent.
    framed
        .post(json!({"mediaops": 1, "type": "theme", "theme": "dark"}))
        .await;
    assert_ne!(framed.frame_theme_after(1).await, "dark");

    let link = format!("#decode?v=1&r={}", base64url(PAYLOAD));
    framed
        .post(json!({"mediaops": 1, "type": "init", "theme": "dark", "state": link}))
        .await;
    let changed = framed
        .wait_message("state-changed", |d| d["state"]["payload"] == PAYLOAD)
        .await;
    assert_eq!(changed["view"], "decode");
    assert!(
        changed["link"]
            .as_str()
            .is_some_and(|l| l.starts_with("#decode?v=1&")),
        "{changed}"
    );
    let resize = framed.wait_message("resize", |_| true).await;
    assert!(
        resize["height"].as_f64().is_some_and(|h| h > 100.0),
        "{resize}"
    );
    assert_eq!(framed.frame_theme_after(1).await, "dark");
    let card = framed
        .in_frame(async |page: &Page| page.wait_text("#embed", "8508").await)
        .await;
    assert!(card.contains("recordOperation"), "{card}");

    framed
        .post(json!({"mediaops": 1, "type": "theme", "theme": "high-contrast"}))
        .await;
    framed.wait_theme(1, "high-contrast").await;

    // A second init is ignored; another protocol version is answered with an error.
    framed
        .post(json!({"mediaops": 1, "type": "init", "theme": "light"}))
        .await;
    assert_eq!(framed.frame_theme_after(2).await, "high-contrast");
    framed
        .post(json!({"mediaops": 2, "type": "theme", "theme": "light"}))
        .await;
    let error = framed.wait_message("error", |_| true).await;
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("version 2 is not supported")),
        "{error}"
    );
    assert_eq!(framed.frame_theme_after(2).await, "high-contrast");
    framed.page.close().await;
}

#[tokio::test]
async fn a_foreign_origin_is_ignored_and_the_token_is_never_posted() {
    let framed = Framed::open("compose", |host, _| host.to_string()).await;
    framed.wait_message("ready", |_| true).await;
    framed
        .post(json!({"mediaops": 1, "type": "init", "theme": "dark", "allowedOrigins": []}))
        .await;
    framed
        .wait_message("state-changed", |d| d["view"] == "compose")
        .await;

    let token = "eyJhbGciOiJub25lIn0.e2e-secret-token.sig";
    framed
        .in_frame(async |page: &Page| {
            page.fill("#token", token).await;
            page.fill("#call-id", "2a1f0b00-4c7d-4f3b-9b32-0d1e2c3f4a5b")
                .await;
        })
        .await;
    let changed = framed
        .wait_message("state-changed", |d| {
            d["state"]["callId"] == "2a1f0b00-4c7d-4f3b-9b32-0d1e2c3f4a5b"
        })
        .await;
    assert!(changed["link"]
        .as_str()
        .is_some_and(|l| l.starts_with("#compose?v=1")));
    let everything = serde_json::to_string(&framed.received().await).unwrap();
    assert!(
        !everything.contains("e2e-secret-token"),
        "the token was posted: {everything}"
    );

    // A sibling frame on another origin posts an init and a theme: both ignored.
    framed.add_sibling().await;
    assert_eq!(framed.frame_theme_after(2).await, "dark");
    framed.page.close().await;
}

#[tokio::test]
async fn an_origin_on_the_init_list_may_send_a_theme() {
    let framed = Framed::open("teach", |host, _| host.to_string()).await;
    framed.wait_message("ready", |d| d["view"] == "teach").await;
    framed
        .post(json!({"mediaops": 1, "type": "init", "theme": "dark", "allowedOrigins": [framed.foreign]}))
        .await;
    let changed = framed.wait_message("state-changed", |_| true).await;
    assert!(changed["state"]["scenario"].is_string(), "{changed}");
    framed.add_sibling().await;
    // Its init is still ignored (only the parent may init); its theme is applied.
    framed.wait_theme(1, "light").await;
    framed.page.close().await;
}

#[tokio::test]
async fn a_frame_whose_parent_is_another_origin_posts_nothing_and_hears_nothing() {
    // The fragment names the foreign origin as the parent: the host page is not it.
    let framed = Framed::open("decode", |_, foreign| foreign.to_string()).await;
    // The browser drops the frame's `ready` (its targetOrigin is not the parent's) and says so.
    framed
        .page
        .allow_console_error("does not match the recipient window's origin");
    framed
        .in_frame(async |page: &Page| {
            page.find("#embed[data-ready='true']").await;
        })
        .await;
    framed
        .post(json!({"mediaops": 1, "type": "init", "theme": "dark"}))
        .await;
    assert_ne!(framed.frame_theme_after(1).await, "dark");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let received = framed.received().await;
    assert!(
        received.is_empty(),
        "the frame posted to a parent it does not trust: {received:#?}"
    );
    assert!(framed.host.starts_with("http://127.0.0.1:"));
    framed.page.close().await;
}
