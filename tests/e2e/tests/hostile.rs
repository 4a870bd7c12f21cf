//! Hostile payloads (tests/e2e/fixtures/hostile/, plus generated huge ones) pasted into every
//! field of every view: no dialog, no element outside our markup, no request to another origin,
//! no console error, no CSP violation, no prototype pollution, no page wider than the viewport.

use mediaops_e2e::thirtyfour::By;
use mediaops_e2e::{Page, ERROR_STATUS_LOGGED};
use serde_json::{json, Value};
use std::time::Duration;

/// A view of the page and the fields a person pastes into. A new view is one more line in VIEWS.
struct View {
    /// The tab that shows it.
    tab: &'static str,
    /// The inputs a payload is pasted into, one after another.
    fields: &'static [&'static str],
    /// A button pressed after pasting (when enabled), e.g. Send.
    then_click: Option<&'static str>,
    /// For a view that works after a delay: the element that appears once it has handled the
    /// paste, `{length}` standing for the pasted text's length in UTF-16 units.
    handled: Option<&'static str>,
}

const VIEWS: &[View] = &[
    View {
        tab: "#tab-compose",
        fields: &["#call-id", "#client-context"],
        then_click: Some("#send"),
        handled: None,
    },
    View {
        tab: "#tab-decode",
        fields: &["#decode-input"],
        then_click: None,
        handled: Some("#decode-summary[data-input-length='{length}']"),
    },
    View {
        tab: "#tab-teach",
        fields: &["#teach-scenario"],
        then_click: None,
        handled: Some("#teach[data-input-length='{length}']"),
    },
];

/// The corpus: every file in fixtures/hostile, then generated payloads too big to keep in git.
fn corpus() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/hostile");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("fixtures/hostile")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    let mut corpus: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(p).expect("a UTF-8 fixture"))
        })
        .collect();
    assert!(corpus.len() >= 12, "the hostile corpus shrank: {corpus:?}");
    corpus.push((
        "generated: 100k-character strings".into(),
        long_ids(100_000),
    ));
    corpus.push((
        "generated: 20,000-deep nesting".into(),
        format!("{{\"value\":{}{}}}", "[".repeat(20_000), "]".repeat(20_000)),
    ));
    corpus
}

/// A notification whose ids, clientContext, type and message are `n` characters each.
fn long_ids(n: usize) -> String {
    let long = |c: &str| c.repeat(n);
    format!(
        r##"{{"value":[{{"changeType":"deleted","resourceUrl":"/communications/calls/{c}/operations/{o}","resourceData":{{"@odata.type":"#microsoft.graph.{t}","id":"{o}","clientContext":"{x}","status":"failed","resultInfo":{{"code":400,"subcode":8508,"message":"{m}"}}}}}}]}}"##,
        c = long("c"),
        o = long("o"),
        t = long("t"),
        x = long("x"),
        m = long("m"),
    )
}

/// Sets a field's value as a paste would and fires `input`.
async fn paste_into(page: &Page, css: &str, text: &str) {
    page.driver
        .execute(
            "const f = document.querySelector(arguments[0]); f.value = arguments[1]; f.dispatchEvent(new Event('input', { bubbles: true }));",
            vec![css.into(), text.into()],
        )
        .await
        .unwrap_or_else(|e| panic!("paste into {css}: {e}"));
}

/// What the page must never show, as descriptions (empty when all is well): in the page and in
/// the shadow root of every `<mediaops-playground>` (whose ids carry its instance prefix).
const FOREIGN: &str = r#"
const found = [];
// The Teach timeline is our own SVG (drawn by teach-timeline.js), an element's stylesheet link
// (the first child of its shadow root) is ours; anything else of these is foreign.
const foreign = "script, img, iframe, frame, frameset, object, embed, svg:not([id$=teach-timeline] > svg.timeline-svg), math, style, link, meta, base, video, audio, source, template, form:not([id$=compose-form]), input[name=token]";
const roots = [document.body, ...[...document.querySelectorAll("mediaops-playground")].map((h) => h.shadowRoot).filter(Boolean)];
for (const root of roots) {
  for (const node of root.querySelectorAll(foreign)) {
    if (!(node.localName === "link" && node.parentNode === root && node === root.firstElementChild)) found.push(`element <${node.localName}>`);
  }
  for (const node of root.querySelectorAll("*")) {
    for (const attr of node.attributes) {
      if (attr.name.startsWith("on")) found.push(`attribute ${attr.name} on <${node.localName}>`);
      if (attr.name === "style") found.push(`style attribute on <${node.localName}>`);
    }
  }
  for (const link of root.querySelectorAll("a[href], area[href]")) {
    if (!/^(https:|blob:)/i.test(link.getAttribute("href"))) found.push(`link to ${link.getAttribute("href")}`);
  }
}
for (const entry of performance.getEntriesByType("resource")) {
  if (!entry.name.startsWith(location.origin + "/")) found.push(`request to ${entry.name}`);
}
if (({}).polluted !== undefined || Object.prototype.polluted !== undefined) found.push("Object.prototype polluted");
const width = document.scrollingElement.scrollWidth;
if (width > window.innerWidth) found.push(`page ${width} px wide in a ${window.innerWidth} px viewport`);
return found;
"#;

/// Fails, naming `what`, on a dialog, foreign markup, a foreign request, pollution, overflow,
/// a console error or a CSP violation.
async fn assert_safe(page: &Page, what: &str) {
    if let Ok(text) = page.driver.get_alert_text().await {
        panic!("{what}: a dialog opened: {text:?}");
    }
    let found = page
        .driver
        .execute(FOREIGN, vec![])
        .await
        .unwrap_or_else(|e| panic!("{what}: {e}"));
    let found: Vec<String> = serde_json::from_value(found.json().clone()).unwrap();
    assert!(found.is_empty(), "{what}: {found:#?}");
    page.assert_clean().await;
}

/// Waits until a send started by a click has finished (its spinner is hidden again).
async fn wait_sent(page: &Page) {
    for _ in 0..300 {
        let idle = page
            .driver
            .execute(
                "return document.getElementById('sending').hidden && document.getElementById('result').childElementCount > 0;",
                vec![],
            )
            .await
            .unwrap();
        if idle.json() == &json!(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the send never finished");
}

#[tokio::test]
async fn every_hostile_payload_in_every_field_of_every_view_stays_text() {
    let page = Page::open("/").await;
    // A mock answer for a hostile call id can be a 4xx: the browser logs those, on purpose here.
    page.allow_console_error(ERROR_STATUS_LOGGED);
    for (name, payload) in corpus() {
        for view in VIEWS {
            page.find(view.tab).await.click().await.unwrap();
            for field in view.fields {
                paste_into(&page, field, &payload).await;
                if let Some(handled) = view.handled {
                    let length = payload.encode_utf16().count().to_string();
                    page.find(&handled.replace("{length}", &length)).await;
                }
                assert_safe(&page, &format!("{name} in {field}")).await;
            }
            if let Some(button) = view.then_click {
                let button = page.find(button).await;
                if button.is_enabled().await.unwrap() {
                    button.click().await.unwrap();
                    wait_sent(&page).await;
                    assert_safe(&page, &format!("{name} sent from {}", view.tab)).await;
                }
            }
        }
    }
    page.close().await;
}

/// Sets the value of the shadow field `part` of the element `host` as a paste would.
async fn paste_into_element(page: &Page, host: &str, part: &str, text: &str) {
    let field = page.shadow(host, part).await;
    page.driver
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
            vec![field.to_json().unwrap(), text.into()],
        )
        .await
        .unwrap_or_else(|e| panic!("paste into {host} #{part}: {e}"));
}

#[tokio::test]
async fn every_hostile_payload_in_the_embedded_elements_stays_text() {
    let page = Page::launch_static().await;
    page.navigate("/docs-example.html").await;
    for host in ["#try-compose", "#try-decode", "#try-teach"] {
        page.element_ready(host).await;
    }
    for (name, payload) in corpus() {
        let length = payload.encode_utf16().count();
        paste_into_element(&page, "#try-decode", "decode-input", &payload).await;
        let deadline = tokio::time::Instant::now() + mediaops_e2e::WAIT;
        loop {
            let shown = page
                .driver
                .execute(
                    "return !!document.querySelector('#try-decode').shadowRoot.querySelector(`[data-input-length='${arguments[0]}']`);",
                    vec![json!(length)],
                )
                .await
                .unwrap();
            if shown.json() == &json!(true) {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{name}: Decode never showed its decoding"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        for part in ["call-id", "client-context"] {
            paste_into_element(&page, "#try-compose", part, &payload).await;
        }
        paste_into_element(&page, "#try-teach", "teach-scenario", &payload).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_safe(&page, &format!("{name} in the elements")).await;
    }
    page.close().await;
}

#[tokio::test]
async fn a_100k_character_id_and_context_keep_the_page_within_the_viewport() {
    let page = Page::open("/").await;
    let width = |page: &Page| {
        let driver = page.driver.clone();
        async move {
            let v = driver
                .execute(
                    "return [document.scrollingElement.scrollWidth, window.innerWidth];",
                    vec![],
                )
                .await
                .unwrap();
            let v: Vec<Value> = serde_json::from_value(v.json().clone()).unwrap();
            (v[0].as_u64().unwrap(), v[1].as_u64().unwrap())
        }
    };
    // Compose: a long call id is refused with a message that echoes it; a long clientContext too.
    paste_into(&page, "#call-id", &"9".repeat(100_000)).await;
    paste_into(&page, "#client-context", &"x".repeat(100_000)).await;
    page.wait_text("#compose-problems", "256").await;
    let (scroll, inner) = width(&page).await;
    assert!(
        scroll <= inner,
        "Compose with 100k-character inputs: {scroll} px wide in {inner}"
    );
    // The same clientContext when it fits, sent to the mock and echoed back in the answer.
    paste_into(&page, "#call-id", &"c".repeat(100_000)).await;
    paste_into(&page, "#client-context", "short").await;
    let (scroll, inner) = width(&page).await;
    assert!(
        scroll <= inner,
        "Compose with a 100k-character call id: {scroll} px wide in {inner}"
    );

    // Decode: a payload whose ids, type and message are 100k characters.
    page.find("#tab-decode").await.click().await.unwrap();
    paste_into(&page, "#decode-input", &long_ids(100_000)).await;
    page.wait_text("#decode-summary", "1 resource").await;
    let (scroll, inner) = width(&page).await;
    assert!(
        scroll <= inner,
        "Decode with 100k-character ids: {scroll} px wide in {inner}"
    );
    // A very long echo is clipped, with the whole value one click away.
    let card = page.find("#decode-output article.card").await;
    let shown = card
        .find(By::Css(".op-context"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        shown.len() < 5_000,
        "a 100k clientContext is drawn in full ({} characters)",
        shown.len()
    );
    page.close().await;
}
