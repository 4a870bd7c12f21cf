//! The bearer token stays in memory: it never reaches a URL, the history, storage, a cookie,
//! the console, an export or another host, even when Send is pressed before the wasm has loaded.

use mediaops_e2e::thirtyfour::prelude::*;
use mediaops_e2e::Page;
use serde_json::json;
use std::time::Duration;

/// A token no other text on the page can contain by chance.
const TOKEN: &str = "eyJhbGciOiJub25lIn0.eyJzZWNyZXQiOiJlMmUifQ.e2e-secret-7f3a9c";

/// Fails when `text` (named `what`) carries the token or a recognisable piece of it.
fn assert_no_token(what: &str, text: &str) {
    for piece in [TOKEN, &TOKEN[TOKEN.len() - 16..], "token="] {
        assert!(!text.contains(piece), "the token reached {what}: {text}");
    }
}

#[tokio::test]
async fn enter_or_send_before_the_wasm_has_loaded_submits_nothing_and_logs_no_token() {
    let page = Page::launch().await;
    // Hold both wasm modules' requests in the browser: the page stays before load() finishes.
    page.cdp(
        "Fetch.enable",
        json!({ "patterns": [{ "urlPattern": "*_bg.wasm*" }] }),
    )
    .await;
    page.navigate("/").await;
    let token = page.find("#token").await;
    token.clear().await.unwrap();
    token.send_keys(TOKEN).await.unwrap();
    token.send_keys(Key::Enter).await.unwrap();
    page.find("#call-id")
        .await
        .send_keys(Key::Enter)
        .await
        .unwrap();
    // A click on Send does nothing either (it is not a submit button yet).
    let _ = page.find("#send").await.click().await;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let still_loading = page
        .driver
        .execute("return document.body.dataset.ready !== 'true';", vec![])
        .await
        .unwrap();
    assert_eq!(
        still_loading.json(),
        &json!(true),
        "the wasm was not held back"
    );
    let url = page.driver.current_url().await.unwrap().to_string();
    assert_no_token("the URL", &url);
    assert!(!url.contains('?'), "the form was submitted: {url}");
    for line in page.console().await {
        assert_no_token("the console", &line.message);
    }
    let named = page
        .driver
        .execute("return document.getElementById('token').name;", vec![])
        .await
        .unwrap();
    assert_eq!(
        named.json(),
        &json!(""),
        "the token field has a form-submittable name"
    );
    page.close().await;
}

/// Records what the page exports (downloads and clipboard writes) in `window.__exported`.
const CAPTURE_EXPORTS: &str = "window.__exported = [];
const createObjectURL = URL.createObjectURL;
URL.createObjectURL = (blob) => { blob.text().then((t) => window.__exported.push(t)); return createObjectURL(blob); };
if (navigator.clipboard) {
  const writeText = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (t) => { window.__exported.push(t); return writeText(t); };
}";

/// Everything the browser keeps about this session where a token must never be.
async fn assert_token_nowhere(page: &Page, when: &str) {
    let url = page.driver.current_url().await.unwrap().to_string();
    assert_no_token(&format!("the URL {when}"), &url);
    let history = page.cdp("Page.getNavigationHistory", json!({})).await;
    let entries = history["entries"].as_array().expect("history entries");
    assert!(!entries.is_empty());
    for entry in entries {
        assert_no_token(&format!("the history {when}"), &entry.to_string());
    }
    let kept = page
        .driver
        .execute(
            "const dump = (s) => Object.keys(s).map((k) => k + '=' + s.getItem(k)).join('\\n');
             return [dump(localStorage), dump(sessionStorage), document.cookie, location.href, history.length,
                     JSON.stringify(history.state), performance.getEntriesByType('resource').map((e) => e.name).join('\\n')];",
            vec![],
        )
        .await
        .unwrap();
    let kept: Vec<serde_json::Value> = serde_json::from_value(kept.json().clone()).unwrap();
    for (what, value) in [
        "localStorage",
        "sessionStorage",
        "document.cookie",
        "location",
        "history.length",
        "history.state",
        "requests",
    ]
    .iter()
    .zip(&kept)
    {
        assert_no_token(&format!("{what} {when}"), &value.to_string());
    }
    let requests = kept[6].as_str().unwrap_or_default();
    for request in requests.lines() {
        assert!(
            request.starts_with(&format!("{}/", page.origin)),
            "a request to another host {when}: {request}"
        );
    }
    for cookie in page.driver.get_all_cookies().await.unwrap() {
        assert_no_token(&format!("a cookie {when}"), &format!("{cookie:?}"));
    }
    for line in page.console().await {
        assert_no_token(&format!("the console {when}"), &line.message);
    }
    let body = page.find("body").await.text().await.unwrap();
    assert_no_token(&format!("the page text {when}"), &body);
}

#[tokio::test]
async fn a_whole_session_with_a_token_leaves_it_nowhere_but_the_input() {
    let page = Page::open("/").await;
    page.driver.execute(CAPTURE_EXPORTS, vec![]).await.unwrap();
    page.cdp(
        "Browser.grantPermissions",
        json!({ "origin": page.origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
    )
    .await;
    page.fill("#token", TOKEN).await;
    page.fill("#client-context", "secret-session").await;
    // Enter in a field sends, now that the page is ready.
    page.find("#client-context")
        .await
        .send_keys(Key::Enter)
        .await
        .unwrap();
    page.wait_text("#status-line", "HTTP 200").await;
    page.find("#export-curl").await.click().await.unwrap();
    page.wait_text("#export-status", "curl").await;
    page.find("#export-http").await.click().await.unwrap();
    page.wait_text("#export-status", ".http saved").await;
    page.find("#export-har").await.click().await.unwrap();
    page.wait_text("#export-status", ".har saved").await;
    page.find("#tab-decode").await.click().await.unwrap();
    page.find("#tab-compose").await.click().await.unwrap();

    let exported = page
        .driver
        .execute("return window.__exported;", vec![])
        .await
        .unwrap();
    let exported: Vec<String> = serde_json::from_value(exported.json().clone()).unwrap();
    assert_eq!(exported.len(), 3, "curl, .http and HAR: {exported:?}");
    assert!(
        exported.iter().all(|e| e.contains("secret-session")),
        "{exported:?}"
    );
    for export in &exported {
        assert_no_token("an export", export);
    }
    assert_token_nowhere(&page, "after send, exports and switching views").await;

    page.driver.refresh().await.unwrap();
    page.wait_ready().await;
    let restored = page
        .driver
        .execute("return document.getElementById('token').value;", vec![])
        .await
        .unwrap();
    assert_ne!(
        restored.json().as_str(),
        Some(TOKEN),
        "the reload restored the token from the session history"
    );
    assert_token_nowhere(&page, "after a reload").await;
    page.close().await;
}
