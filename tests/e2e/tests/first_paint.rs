//! The full page's first paint: Compose is drawn from the small first-paint wasm module, and the
//! whole module (decoder, simulator, fetch) is fetched only after the page is ready, or at the
//! first Send; when it cannot be fetched, Compose keeps working and says so.

use mediaops_e2e::Page;
use serde_json::{json, Value};
use std::time::Duration;

async fn js(page: &Page, script: &str) -> Value {
    page.driver
        .execute(script, Vec::new())
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .json()
        .clone()
}

/// The wasm files fetched before and after the `mediaops-ready` mark, by file name.
const WASM_FETCHES: &str = "
const mark = performance.getEntriesByName('mediaops-ready')[0];
const wasm = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm'));
const name = (e) => new URL(e.name).pathname.split('/').pop();
return mark && {
  before: wasm.filter((e) => e.startTime <= mark.startTime).map(name),
  after: wasm.filter((e) => e.startTime > mark.startTime).map(name),
};";

#[tokio::test]
async fn compose_is_ready_on_the_small_module_and_the_whole_one_is_fetched_after() {
    let page = Page::open("/").await;
    let fetched = js(&page, WASM_FETCHES).await;
    assert_eq!(
        fetched["before"],
        json!(["mediaops_compose_bg.wasm"]),
        "{fetched}"
    );
    assert_eq!(fetched["after"], json!(["mediaops_bg.wasm"]), "{fetched}");
    let preview = page.find("#preview").await.text().await.unwrap();
    assert!(
        preview.starts_with("POST ")
            && preview.contains(
                "/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing"
            ),
        "{preview}"
    );
    // The views that need the whole module are wired once the page says it is ready.
    page.find("[aria-controls=decode]")
        .await
        .click()
        .await
        .unwrap();
    page.fill("#decode-input", r##"{"@odata.type":"#microsoft.graph.cancelMediaProcessingOperation","status":"completed"}"##)
        .await;
    page.wait_text("#decode-output", "cancelMediaProcessingOperation")
        .await;
    page.assert_clean().await;
    page.close().await;
}

#[tokio::test]
async fn without_the_whole_module_compose_works_and_send_says_why_then_retries() {
    let page = Page::launch().await;
    page.cdp("Network.enable", json!({})).await;
    page.cdp(
        "Network.setBlockedURLs",
        json!({ "urls": ["*/pkg/mediaops_bg.wasm"] }),
    )
    .await;
    page.allow_console_error("mediaops_bg.wasm");
    page.allow_console_error("ERR_BLOCKED_BY_CLIENT");
    page.navigate("/").await;
    let banner = page
        .wait_text("#load-error", "Part of the page failed to load")
        .await;
    assert!(banner.contains("the other views and Send"), "{banner}");
    // Compose still builds and previews from the small module.
    page.fill("#client-context", "kept while offline").await;
    page.wait_text("#preview", "kept while offline").await;
    page.find("#send").await.click().await.unwrap();
    let refused = page
        .wait_text("#not-sent", "could not load the part of itself that sends")
        .await;
    assert!(refused.contains("Nothing left this page"), "{refused}");
    assert_eq!(page.value("#client-context").await, "kept while offline");
    // Once the module can be fetched, the same Send goes through.
    page.cdp("Network.setBlockedURLs", json!({ "urls": [] }))
        .await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    page.find("#send").await.click().await.unwrap();
    page.wait_text("#status-line", "HTTP 200").await;
    page.close().await;
}
