//! `<mediaops-playground>` on `docs-example.html`, served by a plain static server (as a docs site
//! would serve it: no `mediaops serve`, no mock): Compose sends to the in-page simulator, Decode
//! renders its sample, the host page's CSS stays out, instances keep their own state, permalinks
//! of every view (element and full page) round-trip, themes apply, the wasm loads lazily and once.

use mediaops_e2e::thirtyfour::prelude::*;
use mediaops_e2e::Page;
use serde_json::{json, Value};
use std::time::Duration;

const COMPOSE: &str = "#try-compose";
const DECODE: &str = "#try-decode";
const TEACH: &str = "#try-teach";

async fn js(page: &Page, script: &str, args: Vec<Value>) -> Value {
    page.driver
        .execute(script, args)
        .await
        .unwrap_or_else(|e| panic!("{script}: {e}"))
        .json()
        .clone()
}

async fn value(element: &WebElement) -> String {
    element.prop("value").await.unwrap().unwrap_or_default()
}

/// The computed style `property` of the shadow element `part` of `host`.
async fn style(page: &Page, host: &str, part: &str, property: &str) -> String {
    let element = page.shadow(host, part).await;
    let found = js(
        page,
        "return getComputedStyle(arguments[0]).getPropertyValue(arguments[1]);",
        vec![element.to_json().unwrap(), json!(property)],
    )
    .await;
    found.as_str().unwrap_or_default().to_string()
}

/// The computed style `property` of the theme wrapper (`.mediaops`) inside `host`.
async fn wrapper_style(page: &Page, host: &str, property: &str) -> String {
    let found = js(
        page,
        "const w = document.querySelector(arguments[0]).shadowRoot.querySelector('.mediaops');
         return getComputedStyle(w).getPropertyValue(arguments[1]);",
        vec![json!(host), json!(property)],
    )
    .await;
    found.as_str().unwrap_or_default().to_string()
}

async fn open_example() -> Page {
    let page = Page::launch_static().await;
    page.navigate("/docs-example.html").await;
    page
}

#[tokio::test]
async fn compose_sends_to_the_in_page_simulator_and_decode_renders_its_sample() {
    let page = open_example().await;
    js(
        &page,
        "window.__events = [];
         for (const type of ['mediaops-send', 'mediaops-decoded', 'mediaops-change', 'mediaops-ready'])
           document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));",
        vec![],
    )
    .await;
    page.element_ready(COMPOSE).await;
    // The attributes are the initial inputs; the locked field cannot be changed.
    assert_eq!(
        value(&page.shadow(COMPOSE, "call-id").await).await,
        "57dab8b1-894c-409a-b240-bd8beae78896"
    );
    assert_eq!(
        page.shadow(COMPOSE, "path-style")
            .await
            .prop("disabled")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        value(&page.shadow(COMPOSE, "target").await).await,
        "simulator"
    );
    page.shadow(COMPOSE, "send").await.click().await.unwrap();
    page.wait_shadow_text(COMPOSE, "status-line", "HTTP 200")
        .await;
    let operation = page
        .shadow(COMPOSE, "location-operation")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(operation.len(), 36, "an operation id: {operation}");
    let cards = page.shadow(COMPOSE, "result").await.text().await.unwrap();
    assert!(cards.contains("cancelMediaProcessingOperation"), "{cards}");
    assert!(
        cards.contains("d45324c1-fcb5-430a-902c-f20af696537c"),
        "{cards}"
    );

    let sent = js(
        &page,
        "return window.__events.filter((e) => e.type === 'mediaops-send').map((e) => e.detail);",
        vec![],
    )
    .await;
    let sent = &sent[0];
    assert_eq!(sent["mode"], "compose");
    assert_eq!(sent["target"], "simulator");
    assert_eq!(sent["ok"], true);
    assert_eq!(sent["response"]["status"], 200);
    assert_eq!(sent["request"]["method"], "POST");
    assert!(sent["request"]["url"].as_str().unwrap().ends_with(
        "/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing"
    ));
    assert!(
        !sent.to_string().contains("mock-token"),
        "the token reached an event: {sent}"
    );

    page.element_ready(DECODE).await;
    let summary = page
        .wait_shadow_text(DECODE, "decode-summary", "notifications")
        .await;
    assert!(
        summary.contains("1 resource") && summary.contains("0 errors"),
        "{summary}"
    );
    let badge = js(
        &page,
        "return document.querySelector(arguments[0]).shadowRoot.querySelector('.card .badge').textContent;",
        vec![json!(DECODE)],
    )
    .await;
    assert_eq!(badge, "failed");
    let decoded = js(
        &page,
        "return window.__events.filter((e) => e.type === 'mediaops-decoded').map((e) => e.detail);",
        vec![],
    )
    .await;
    assert_eq!(decoded[0]["mode"], "decode");
    assert_eq!(
        decoded[0]["decoded"]["resources"][0]["type"],
        "recordOperation"
    );
    assert_eq!(
        decoded[0]["decoded"]["resources"][0]["resultInfo"]["subcode"],
        8508
    );

    // Typing changes the state the change event reports.
    let context = page.shadow(COMPOSE, "client-context").await;
    context.clear().await.unwrap();
    context.send_keys("typed").await.unwrap();
    let changed = js(
        &page,
        "return window.__events.filter((e) => e.type === 'mediaops-change' && e.detail.mode === 'compose').map((e) => e.detail.state).pop();",
        vec![],
    )
    .await;
    assert_eq!(changed["clientContext"], "typed");
    assert!(changed.get("token").is_none(), "{changed}");
    page.close().await;
}

#[tokio::test]
async fn the_wasm_loads_lazily_and_once_for_every_element() {
    let page = open_example().await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let wasm = "return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('mediaops_bg.wasm')).length;";
    // The playgrounds sit below the API description, more than the 300 px margin past the first
    // screen: nothing is fetched before a reader nears them.
    let below = js(
        &page,
        "return document.querySelector('#try-compose').getBoundingClientRect().top - innerHeight;",
        vec![],
    )
    .await;
    assert!(
        below.as_f64().unwrap() > 300.0,
        "the example page puts the playgrounds {below} px below the fold"
    );
    assert_eq!(js(&page, wasm, vec![]).await, json!(0));
    assert_eq!(
        js(
            &page,
            "return document.querySelector('#try-teach').dataset.ready ?? null;",
            vec![]
        )
        .await,
        Value::Null
    );
    for host in [COMPOSE, DECODE, TEACH] {
        page.element_ready(host).await;
    }
    assert_eq!(js(&page, wasm, vec![]).await, json!(1));
    page.close().await;
}

#[tokio::test]
async fn the_host_page_css_does_not_reach_into_the_element() {
    let page = open_example().await;
    page.element_ready(COMPOSE).await;
    // docs-example.css paints every button red in Georgia and spaces every paragraph.
    let host_button = js(
        &page,
        "const b = document.createElement('button'); document.body.append(b);
         const s = getComputedStyle(b); const r = [s.backgroundColor, s.fontFamily]; b.remove(); return r;",
        vec![],
    )
    .await;
    assert_eq!(
        host_button[0], "rgb(197, 15, 31)",
        "the host rule applies outside"
    );
    let send = style(&page, COMPOSE, "send", "background-color").await;
    assert_eq!(send, "rgb(33, 85, 196)", "our accent, not the host's red");
    let font = style(&page, COMPOSE, "send", "font-family").await;
    assert!(!font.contains("Georgia"), "{font}");
    let body_font = wrapper_style(&page, COMPOSE, "font-family").await;
    assert!(
        !body_font.contains("Georgia"),
        "inherited from the host body: {body_font}"
    );
    assert_eq!(
        wrapper_style(&page, COMPOSE, "letter-spacing").await,
        "normal"
    );
    // And ours does not leak out: the page's own h2 keeps the host's size.
    let heading = js(
        &page,
        "return getComputedStyle(document.querySelector('#try-it')).fontSize;",
        vec![],
    )
    .await;
    assert_eq!(heading, "24px");
    page.close().await;
}

#[tokio::test]
async fn two_instances_do_not_share_state() {
    let page = open_example().await;
    js(
        &page,
        "const second = document.createElement('mediaops-playground');
         second.id = 'second'; second.setAttribute('mode', 'compose'); second.setAttribute('load', 'eager');
         second.setAttribute('client-context', 'second-context');
         document.querySelector('#try-compose').after(second);",
        vec![],
    )
    .await;
    page.element_ready(COMPOSE).await;
    page.element_ready("#second").await;
    let first = page.shadow(COMPOSE, "client-context").await;
    first.clear().await.unwrap();
    first.send_keys("only-the-first").await.unwrap();
    page.wait_shadow_text(COMPOSE, "preview", "only-the-first")
        .await;
    let second_preview = page
        .shadow("#second", "preview")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        second_preview.contains("second-context"),
        "{second_preview}"
    );
    assert!(
        !second_preview.contains("only-the-first"),
        "{second_preview}"
    );
    // Sending in one leaves the other's result empty; their ids differ.
    page.shadow("#second", "send").await.click().await.unwrap();
    page.wait_shadow_text("#second", "status-line", "HTTP 200")
        .await;
    assert_eq!(
        page.shadow(COMPOSE, "result").await.text().await.unwrap(),
        ""
    );
    let ids = js(
        &page,
        "return [...document.querySelectorAll('mediaops-playground[mode=compose]')].map((h) => h.shadowRoot.querySelector('input[type=password]').id);",
        vec![],
    )
    .await;
    let ids: Vec<String> = serde_json::from_value(ids).unwrap();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 2, "{ids:?}");
    // A label still names its own field.
    let label = js(
        &page,
        "const r = document.querySelector('#second').shadowRoot; const input = r.querySelector('label[for$=\"-call-id\"]').control;
         return input === r.getElementById(`${document.querySelector('#second').dataset.instance}-call-id`);",
        vec![],
    )
    .await;
    assert_eq!(label, true);
    page.close().await;
}

/// Clicks the permalink button `button` of `host` and returns the link it offers.
async fn permalink(page: &Page, host: &str, button: &str, field: &str) -> String {
    page.shadow(host, button).await.click().await.unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let link = value(&page.shadow(host, field).await).await;
        if !link.is_empty() {
            return link;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{host} offered no link"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Opens `link` afresh (a detour, so a fragment-only change reloads).
async fn reopen(page: &Page, link: &str) {
    page.driver.goto("about:blank").await.unwrap();
    page.driver.goto(link).await.unwrap();
}

#[tokio::test]
async fn element_permalinks_round_trip_for_every_view() {
    let page = open_example().await;
    page.element_ready(COMPOSE).await;
    let context = page.shadow(COMPOSE, "client-context").await;
    context.clear().await.unwrap();
    context.send_keys("from a link ✓").await.unwrap();
    let version = page.shadow(COMPOSE, "version").await;
    version.send_keys("beta").await.unwrap();
    let token = page.shadow(COMPOSE, "token").await;
    token.clear().await.unwrap();
    token.send_keys("secret-token-value").await.unwrap();
    let link = permalink(
        &page,
        COMPOSE,
        "compose-permalink",
        "compose-permalink-link",
    )
    .await;
    assert!(link.contains("#compose?v=1&"), "{link}");
    assert!(link.contains("el=try-compose"), "{link}");
    assert!(
        !link.contains("secret-token-value"),
        "the token is in the link: {link}"
    );
    // The host page's address is left alone.
    assert!(!page
        .driver
        .current_url()
        .await
        .unwrap()
        .as_str()
        .contains('#'));
    reopen(&page, &link).await;
    page.element_ready(COMPOSE).await;
    assert_eq!(
        value(&page.shadow(COMPOSE, "client-context").await).await,
        "from a link ✓"
    );
    assert_eq!(value(&page.shadow(COMPOSE, "version").await).await, "beta");
    assert_eq!(
        value(&page.shadow(COMPOSE, "token").await).await,
        "mock-token"
    );
    let note = page
        .wait_shadow_text(COMPOSE, "compose-link-note", "nothing has been sent")
        .await;
    assert!(note.contains("permalink"), "{note}");
    assert_eq!(
        page.shadow(COMPOSE, "result").await.text().await.unwrap(),
        ""
    );

    page.element_ready(DECODE).await;
    let input = page.shadow(DECODE, "decode-input").await;
    input.clear().await.unwrap();
    input
        .send_keys(r##"{"@odata.type":"#microsoft.graph.playPromptOperation","id":"abc","status":"running"}"##)
        .await
        .unwrap();
    page.wait_shadow_text(DECODE, "decode-summary", "1 resource")
        .await;
    let link = permalink(&page, DECODE, "decode-permalink", "decode-permalink-link").await;
    assert!(link.contains("#decode?v=1&"), "{link}");
    reopen(&page, &link).await;
    page.element_ready(DECODE).await;
    let summary = page
        .wait_shadow_text(DECODE, "decode-summary", "1 resource")
        .await;
    assert!(
        summary.starts_with("operation") || summary.contains("1 resource"),
        "{summary}"
    );
    assert!(value(&page.shadow(DECODE, "decode-input").await)
        .await
        .contains("playPromptOperation"));

    page.element_ready(TEACH).await;
    for _ in 0..3 {
        page.shadow(TEACH, "teach-step")
            .await
            .click()
            .await
            .unwrap();
    }
    let position = page
        .wait_shadow_text(TEACH, "teach-position", "3 of ")
        .await;
    let clock = page
        .shadow(TEACH, "teach-clock")
        .await
        .text()
        .await
        .unwrap();
    let link = permalink(&page, TEACH, "teach-share", "teach-share-link").await;
    assert!(link.contains("#teach?v=1&p=cancel-during-prompt"), "{link}");
    reopen(&page, &link).await;
    page.element_ready(TEACH).await;
    assert_eq!(
        page.wait_shadow_text(TEACH, "teach-position", "of").await,
        position
    );
    assert_eq!(
        page.shadow(TEACH, "teach-clock")
            .await
            .text()
            .await
            .unwrap(),
        clock
    );

    // A scenario of the reader's own travels in the link itself, and opens paused where it was.
    let own = r#"[{"playPrompt": {"clientContext": "p1", "durationMs": 4000}}, {"advanceMs": 500}, {"cancelMediaProcessing": {"clientContext": "c1"}}, {"advanceMs": 100}]"#;
    let editor = page.shadow(TEACH, "teach-scenario").await;
    editor.clear().await.unwrap();
    editor.send_keys(own).await.unwrap();
    page.wait_shadow_text(TEACH, "teach-position", " of 4 events")
        .await;
    page.wait_shadow_text(TEACH, "teach-preset-description", "Your own scenario")
        .await;
    page.shadow(TEACH, "teach-back")
        .await
        .click()
        .await
        .unwrap();
    let position = page
        .wait_shadow_text(TEACH, "teach-position", "1 of ")
        .await;
    let link = permalink(&page, TEACH, "teach-share", "teach-share-link").await;
    assert!(link.contains("el=try-teach"), "{link}");
    assert!(link.contains("&s=") || link.contains("&r="), "{link}");
    reopen(&page, &link).await;
    page.element_ready(TEACH).await;
    assert_eq!(
        value(&page.shadow(TEACH, "teach-scenario").await).await,
        own
    );
    assert_eq!(
        page.wait_shadow_text(TEACH, "teach-position", "1 of").await,
        position
    );
    page.close().await;
}

#[tokio::test]
async fn teach_keys_and_presenter_mode_stay_inside_their_element() {
    let page = open_example().await;
    page.element_ready(TEACH).await;
    js(
        &page,
        "window.__changes = []; document.addEventListener('mediaops-change', (e) => window.__changes.push(e.detail));",
        vec![],
    )
    .await;
    page.shadow(TEACH, "teach-title")
        .await
        .click()
        .await
        .unwrap();
    let press = |keys: &'static str| {
        let driver = page.driver.clone();
        async move {
            driver
                .action_chain()
                .send_keys(keys)
                .perform()
                .await
                .unwrap();
        }
    };
    press("\u{E014}").await;
    press("\u{E014}").await;
    page.wait_shadow_text(TEACH, "teach-position", "2 of").await;
    press("\u{E012}").await;
    page.wait_shadow_text(TEACH, "teach-position", "1 of").await;
    // The player's position is part of the state a change reports, once the clock rests.
    tokio::time::sleep(Duration::from_millis(600)).await;
    let last = js(&page, "return window.__changes.at(-1);", vec![]).await;
    assert_eq!(last["mode"], "teach");
    assert_eq!(last["state"]["shown"], 1);
    assert_eq!(last["state"]["presetId"], "cancel-during-prompt");
    press("p").await;
    let presenter = js(
        &page,
        "return [document.querySelector(arguments[0]).shadowRoot.querySelector('.mediaops').classList.contains('presenter'),
                 document.body.classList.contains('presenter')];",
        vec![json!(TEACH)],
    )
    .await;
    assert_eq!(
        presenter,
        json!([true, false]),
        "presenter mode restyles the element only"
    );
    // Keys typed on the host page do not drive the element.
    js(&page, "document.activeElement?.blur(); document.querySelector('h1').setAttribute('tabindex', '-1'); document.querySelector('h1').focus();", vec![]).await;
    press("\u{E014}").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(page
        .shadow(TEACH, "teach-position")
        .await
        .text()
        .await
        .unwrap()
        .starts_with("1 of"));
    page.close().await;
}

#[tokio::test]
async fn full_page_permalinks_round_trip_and_unknown_versions_say_so() {
    let page = Page::open_static("/").await;
    page.allow_console_error("/.well-known/mediaops");
    page.fill("#client-context", "full page link").await;
    page.find("#compose-permalink").await.click().await.unwrap();
    page.wait_text("#compose-permalink-status", "never the token")
        .await;
    let link = page
        .find("#compose-permalink-link")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(
        link.starts_with(&format!("{}/#compose?v=1&", page.origin)),
        "{link}"
    );
    reopen(&page, &link).await;
    page.wait_ready().await;
    assert_eq!(
        page.find("#client-context")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("full page link")
    );

    page.find("#tab-decode").await.click().await.unwrap();
    page.fill(
        "#decode-input",
        r##"{"@odata.type":"#microsoft.graph.callEndedEventMessageDetail"}"##,
    )
    .await;
    page.find("#decode-strict").await.click().await.unwrap();
    page.find("#decode-permalink").await.click().await.unwrap();
    page.wait_text("#decode-permalink-status", "this payload")
        .await;
    let link = page
        .find("#decode-permalink-link")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    reopen(&page, &link).await;
    page.wait_ready().await;
    assert_eq!(
        page.find("#decode").await.attr("hidden").await.unwrap(),
        None,
        "the link opens the Decode view"
    );
    assert_eq!(
        page.find("#decode-input")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(r##"{"@odata.type":"#microsoft.graph.callEndedEventMessageDetail"}"##)
    );
    assert_eq!(
        page.find("#decode-strict")
            .await
            .prop("checked")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );

    reopen(&page, &format!("{}/#decode?v=7&r=e30", page.origin)).await;
    page.wait_ready().await;
    let problem = page.wait_text("#decode-link-problem", "v=7").await;
    assert!(problem.contains("reads v=1 only"), "{problem}");
    reopen(&page, &format!("{}/#compose?v=0&c=x", page.origin)).await;
    page.wait_ready().await;
    page.wait_text("#compose-link-problem", "Nothing was loaded")
        .await;
    assert_ne!(
        page.find("#call-id")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("x")
    );
    page.close().await;
}

#[tokio::test]
async fn a_permalink_naming_another_host_sends_nothing_by_itself() {
    // A listener standing in for the other host: it counts every connection.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        while let Ok((_socket, _)) = listener.accept().await {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        }
    });
    let page = Page::launch_static().await;
    page.allow_console_error("/.well-known/mediaops");
    let base = format!("http://127.0.0.1:{port}/graph");
    let fragment = format!(
        "#compose?v=1&c=57dab8b1-894c-409a-b240-bd8beae78896&to=custom&u={}",
        base.replace(':', "%3A").replace('/', "%2F")
    );
    page.goto(&format!("/{fragment}")).await;
    let note = page
        .wait_text("#compose-link-note", "nothing has been sent")
        .await;
    assert!(note.contains(&base), "{note}");
    assert_eq!(
        page.find("#target")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("custom")
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(hits.load(std::sync::atomic::Ordering::SeqCst), 0);
    page.close().await;
}

#[tokio::test]
async fn themes_follow_the_attribute_and_the_system() {
    let page = open_example().await;
    page.element_ready(COMPOSE).await;
    assert_eq!(
        wrapper_style(&page, COMPOSE, "background-color").await,
        "rgb(247, 247, 245)"
    );
    js(
        &page,
        "document.querySelector('#try-compose').setAttribute('theme', 'dark');",
        vec![],
    )
    .await;
    assert_eq!(
        wrapper_style(&page, COMPOSE, "background-color").await,
        "rgb(22, 24, 27)"
    );
    assert_eq!(
        wrapper_style(&page, COMPOSE, "color").await,
        "rgb(232, 232, 230)"
    );
    js(
        &page,
        "document.querySelector('#try-compose').setAttribute('theme', 'high-contrast');",
        vec![],
    )
    .await;
    assert_eq!(wrapper_style(&page, COMPOSE, "color").await, "rgb(0, 0, 0)");
    assert_eq!(
        style(&page, COMPOSE, "send", "background-color").await,
        "rgb(0, 51, 160)"
    );
    // Without the attribute it follows prefers-color-scheme.
    js(
        &page,
        "document.querySelector('#try-compose').removeAttribute('theme');",
        vec![],
    )
    .await;
    page.cdp(
        "Emulation.setEmulatedMedia",
        json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        wrapper_style(&page, COMPOSE, "background-color").await,
        "rgb(22, 24, 27)"
    );
    // A host page themes it through the custom properties.
    js(
        &page,
        "document.querySelector('#try-compose').style.setProperty('--mediaops-accent', 'rgb(107, 47, 179)');",
        vec![],
    )
    .await;
    assert_eq!(
        style(&page, COMPOSE, "send", "background-color").await,
        "rgb(107, 47, 179)"
    );
    page.close().await;
}

#[tokio::test]
async fn load_interaction_waits_for_a_reader_and_src_stays_on_the_origin() {
    let page = open_example().await;
    js(
        &page,
        "window.__changes = [];
         document.addEventListener('mediaops-change', (e) => window.__changes.push(e.detail));
         const first = document.createElement('mediaops-playground');
         first.id = 'on-use'; first.setAttribute('mode', 'decode'); first.setAttribute('load', 'interaction');
         first.setAttribute('src', 'examples/graph-error.json');
         const foreign = document.createElement('mediaops-playground');
         foreign.id = 'foreign'; foreign.setAttribute('mode', 'decode'); foreign.setAttribute('load', 'interaction');
         foreign.setAttribute('src', 'http://127.0.0.2:9/sample.json');
         document.querySelector('main').prepend(first, foreign);",
        vec![],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let wasm = "return performance.getEntriesByType('resource').filter((e) => e.name.endsWith('mediaops_bg.wasm')).length;";
    // In view, but nobody has used it: nothing is fetched yet.
    assert_eq!(js(&page, wasm, vec![]).await, json!(0));
    let status = page
        .driver
        .execute(
            "return document.querySelector('#on-use').shadowRoot.querySelector('.embed-status').textContent;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        status.json(),
        &json!("The playground loads when you use it.")
    );
    page.shadow("#on-use", "decode-input")
        .await
        .click()
        .await
        .unwrap();
    page.element_ready("#on-use").await;
    page.wait_shadow_text("#on-use", "decode-summary", "graph-error")
        .await;
    assert_eq!(js(&page, wasm, vec![]).await, json!(1));

    // A sample on another origin is refused, with the reason, and fetched from nowhere.
    page.shadow("#foreign", "decode-input")
        .await
        .click()
        .await
        .unwrap();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let text = js(
            &page,
            "return document.querySelector('#foreign').shadowRoot.querySelector('.embed-status[role=alert]')?.textContent ?? '';",
            vec![],
        )
        .await;
        let text = text.as_str().unwrap_or_default().to_string();
        if !text.is_empty() || tokio::time::Instant::now() > deadline {
            break text;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(
        refused.contains("is not on this page's origin"),
        "{refused}"
    );
    let foreign = js(
        &page,
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes('127.0.0.2')).length;",
        vec![],
    )
    .await;
    assert_eq!(foreign, json!(0));
    page.close().await;
}

#[tokio::test]
async fn a_mode_that_names_an_object_property_is_not_a_view_and_compose_is_shown() {
    let page = open_example().await;
    js(
        &page,
        "for (const [id, mode] of [['odd-constructor', 'constructor'], ['odd-proto', '__proto__'], ['odd-tostring', 'toString']]) {
           const odd = document.createElement('mediaops-playground');
           odd.id = id; odd.setAttribute('mode', mode); odd.setAttribute('load', 'eager');
           document.querySelector('#try-compose').after(odd);
         }",
        vec![],
    )
    .await;
    for host in ["#odd-constructor", "#odd-proto", "#odd-tostring"] {
        page.element_ready(host).await;
        let mode = js(
            &page,
            "const h = document.querySelector(arguments[0]); return [h.mode, h.shadowRoot.querySelector('.mediaops').dataset.mode];",
            vec![json!(host)],
        )
        .await;
        assert_eq!(mode, json!(["compose", "compose"]), "{host}");
        page.wait_shadow_text(host, "preview", "cancelMediaProcessing")
            .await;
    }
    page.close().await;
}

#[tokio::test]
async fn a_large_paste_in_an_element_emits_the_whole_decoding_though_it_draws_the_first_cards() {
    let page = open_example().await;
    page.element_ready(DECODE).await;
    // 3,000 notifications: decoded in the worker, which hands over 200 cards and the counts
    // first; the event still carries every resource.
    let items: Vec<String> = (0..3000)
        .map(|i| format!(r##"{{"resourceUrl":"/communications/calls/c/operations/op-{i}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op-{i}","status":"completed","clientContext":"long enough a context to make the batch a large paste {i}"}}}}"##))
        .collect();
    let batch = format!(
        r##"{{"@odata.type":"#microsoft.graph.commsNotifications","value":[{}]}}"##,
        items.join(",")
    );
    assert!(batch.len() > 500_000);
    let input = page.shadow(DECODE, "decode-input").await;
    js(
        &page,
        "window.__decoded = [];
         document.querySelector(arguments[1]).addEventListener('mediaops-decoded', (e) =>
           window.__decoded.push({ mode: e.detail.mode, inputLength: e.detail.inputLength, count: e.detail.decoded.resources.length, last: e.detail.decoded.resources.at(-1).id }));
         arguments[0].value = arguments[2];
         arguments[0].dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste' }));",
        vec![input.to_json().unwrap(), json!(DECODE), json!(batch)],
    )
    .await;
    let summary = page
        .wait_shadow_text(DECODE, "decode-summary", "3000 resources")
        .await;
    assert!(summary.contains("0 errors"), "{summary}");
    let mut events = Value::Null;
    for _ in 0..100 {
        events = js(&page, "return window.__decoded;", vec![]).await;
        if events.as_array().is_some_and(|e| !e.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        events,
        json!([{ "mode": "decode", "inputLength": batch.chars().count(), "count": 3000, "last": "op-2999" }])
    );
    let cards = js(
        &page,
        "return document.querySelector(arguments[0]).shadowRoot.querySelectorAll('article.card').length;",
        vec![json!(DECODE)],
    )
    .await;
    assert_eq!(cards, json!(200));
    page.close().await;
}
