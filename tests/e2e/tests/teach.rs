//! The Teach view as a learner uses it (preset links, stepping, the timeline, share links,
//! keys), and Compose's in-page simulator on a plain static server.

use mediaops_e2e::thirtyfour::components::SelectElement;
use mediaops_e2e::thirtyfour::prelude::*;
use mediaops_e2e::Page;

async fn count(page: &Page, css: &str) -> usize {
    page.driver
        .find_all(By::Css(css))
        .await
        .expect("query")
        .len()
}

async fn texts(page: &Page, css: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in page.driver.find_all(By::Css(css)).await.expect("query") {
        out.push(element.text().await.expect("text"));
    }
    out
}

/// How far past the label column (where the timeline's first tick is) the widest lane label
/// reaches, in the SVG's own units: 0 or less when every label stays in its column.
async fn label_overflow(page: &Page) -> f64 {
    page.driver
        .execute(
            "const tick = document.querySelector('#teach-timeline .tick');
             const column = tick.x1.baseVal.value;
             const ends = [...document.querySelectorAll('#teach-timeline .lane-label')]
               .map((label) => { const box = label.getBBox(); return box.x + box.width; });
             return Math.max(...ends) - column;",
            vec![],
        )
        .await
        .expect("measure the lane labels")
        .json()
        .as_f64()
        .expect("a number")
}

async fn click(page: &Page, css: &str) {
    page.find(css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn select(page: &Page, css: &str, value: &str) {
    SelectElement::new(&page.find(css).await)
        .await
        .expect("a select")
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{css} has no option {value}: {e}"));
}

/// Presses keys as a person does, with the focus on the page rather than in a field.
async fn press(page: &Page, keys: &str) {
    click(page, "#teach-title").await;
    page.driver
        .action_chain()
        .send_keys(keys)
        .perform()
        .await
        .expect("keys");
}

const ARROW_LEFT: &str = "\u{E012}";
const ARROW_RIGHT: &str = "\u{E014}";

#[tokio::test]
async fn a_preset_link_steps_through_the_cancel_and_draws_it() {
    let page = Page::open("/#teach?v=1&p=cancel-during-prompt").await;
    assert!(page.find("#teach").await.is_displayed().await.unwrap());
    assert_eq!(page.value("#teach-preset").await, "cancel-during-prompt");
    // Under `mediaops serve` Compose's default target is the built-in mock (detected).
    assert_eq!(page.value("#target").await, "mock");
    assert_eq!(count(&page, "#teach-events > li").await, 0);

    // The timeline shows the whole run: four lanes, three of them ended by the cancel.
    let labels = texts(&page, "#teach-timeline .lane-label").await;
    assert_eq!(
        labels,
        [
            "playPrompt · welcome",
            "playPrompt · menu",
            "recordResponse · answer",
            "cancelMediaProcessing · cancel-1"
        ]
    );
    assert_eq!(count(&page, "#teach-timeline .lane .cancel-mark").await, 3);
    // "cancelMediaProcessing · cancel-1" is the longest: it stays left of the first tick.
    let overflow = label_overflow(&page).await;
    assert!(
        overflow <= 0.0,
        "a lane label runs {overflow} past its column"
    );
    assert_eq!(
        count(&page, "#teach-timeline .lane[data-outcome='cancelled']").await,
        3
    );
    assert_eq!(
        texts(
            &page,
            "#teach-timeline .lane[data-outcome='cancelled'] .outcome-label"
        )
        .await,
        ["cancelled 400/8508"; 3]
    );
    assert_eq!(
        page.find("#teach-timeline .lane[data-action='recordResponse']")
            .await
            .attr("data-ended")
            .await
            .unwrap()
            .as_deref(),
        Some("1500")
    );

    // Step: the call is established, then the three requests; one runs and two wait.
    for _ in 0..4 {
        click(&page, "#teach-step").await;
    }
    page.wait_text("#teach-position", "4 of 8 events").await;
    assert_eq!(
        texts(&page, "#teach-running li").await,
        ["playPrompt (welcome)"]
    );
    assert_eq!(
        texts(&page, "#teach-queued li").await,
        ["playPrompt (menu)", "recordResponse (answer)"]
    );
    assert_eq!(
        page.find("#teach-clock").await.text().await.unwrap(),
        "0.000 s / 2.500 s"
    );

    // The cancel: its request and answer one click away, in the Compose view's format.
    click(&page, "#teach-step").await;
    page.wait_text("#teach-clock", "1.500 s").await;
    let cancel = page
        .find("#teach-events > li[data-kind='request']:last-child")
        .await;
    assert!(cancel
        .text()
        .await
        .unwrap()
        .contains("cancelMediaProcessing cancel-1"));
    cancel
        .find(By::Css("details.exchange summary"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let exchange = cancel
        .find(By::Css("details.exchange"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(exchange.contains("/cancelMediaProcessing"), "{exchange}");
    assert!(
        exchange.contains("Authorization: Bearer {token}"),
        "{exchange}"
    );
    assert!(exchange.contains("HTTP 200"), "{exchange}");
    assert!(
        exchange.contains("\"clientContext\": \"cancel-1\""),
        "{exchange}"
    );
    assert_eq!(texts(&page, "#teach-running li").await, ["nothing"]);
    assert_eq!(texts(&page, "#teach-queued li").await, ["nothing waits"]);

    // The three notifications arrive one step at a time, as the decoder's cards: 400/8508, cancelled.
    for n in 6..=8 {
        click(&page, "#teach-step").await;
        page.wait_text("#teach-position", &format!("{n} of 8 events"))
            .await;
    }
    let cards = "#teach-events li[data-kind='notification'] article.card";
    assert_eq!(
        count(&page, cards).await,
        4,
        "the call and three operations"
    );
    let cancelled = texts(&page, &format!("{cards} .badge.cancelled")).await;
    assert_eq!(cancelled, ["failed"; 3]);
    let results = texts(&page, &format!("{cards} .op-result")).await;
    assert_eq!(results.len(), 3);
    assert!(
        results.iter().all(|r| r.starts_with("400 / 8508")),
        "{results:?}"
    );
    assert_eq!(
        texts(&page, &format!("{cards} .op-context")).await,
        ["welcome", "menu", "answer"]
    );
    let record = page
        .find("#teach-events li[data-kind='notification']:last-child")
        .await
        .text()
        .await
        .unwrap();
    assert!(record.contains("recordOperation"), "{record}");
    assert!(record.contains("operationCanceled"), "{record}");

    // Keys: ← hides the last notification, → brings it back, P toggles presenter mode.
    press(&page, ARROW_LEFT).await;
    page.wait_text("#teach-position", "7 of 8 events").await;
    press(&page, ARROW_RIGHT).await;
    page.wait_text("#teach-position", "8 of 8 events").await;
    press(&page, "p").await;
    assert_eq!(
        page.find("#teach-presenter")
            .await
            .attr("aria-pressed")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert!(page
        .find("body")
        .await
        .class_name()
        .await
        .unwrap()
        .unwrap_or_default()
        .contains("presenter"));
    // Presenter mode's larger, bold labels stay in their column too.
    let overflow = label_overflow(&page).await;
    assert!(
        overflow <= 0.0,
        "a presenter lane label runs {overflow} past its column"
    );
    page.close().await;
}

#[tokio::test]
async fn play_runs_the_clock_to_the_end_and_space_pauses() {
    let page = Page::open("/#teach?v=1&p=max-duration").await;
    select(&page, "#teach-speed", "4").await;
    press(&page, " ").await;
    page.wait_text("#teach-play", "Pause").await;
    // 12.8 s of scenario at 4×: done in about 3.2 s, well within the wait.
    page.wait_text("#teach-clock", "12.800 s / 12.800 s").await;
    page.wait_text("#teach-play", "Play").await;
    let last = page
        .find("#teach-events li[data-kind='notification']:last-child")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        last.contains("maxRecordTimeout") || last.contains("8515"),
        "{last}"
    );
    page.close().await;
}

#[tokio::test]
async fn a_share_link_restores_the_scenario_and_the_moment() {
    let page = Page::open("/#teach").await;
    // Make it the user's own scenario with the builder: a cancel, then time.
    select(&page, "#teach-preset", "cancel-with-tones").await;
    select(&page, "#teach-add-kind", "cancelMediaProcessing").await;
    page.fill("#teach-add-clientContext", "again").await;
    click(&page, "#teach-add").await;
    select(&page, "#teach-add-kind", "advanceMs").await;
    page.fill("#teach-add-ms", "700").await;
    click(&page, "#teach-add").await;
    let scenario = page.value("#teach-scenario").await;
    assert!(
        scenario.trim_end().ends_with(
            "{\"cancelMediaProcessing\":{\"clientContext\":\"again\"}},\n  {\"advanceMs\":700}\n]"
        ),
        "{scenario}"
    );
    page.wait_text("#teach-clock", "/ 3.200 s").await;
    assert_eq!(page.value("#teach-preset").await, "");
    for _ in 0..6 {
        click(&page, "#teach-step").await;
    }
    let clock = page.find("#teach-clock").await.text().await.unwrap();
    let position = page.find("#teach-position").await.text().await.unwrap();
    assert!(position.starts_with("6 of "), "{position}");

    click(&page, "#teach-share").await;
    page.wait_text("#teach-share-status", "paused at this moment")
        .await;
    let link = page.value("#teach-share-link").await;
    assert!(
        link.starts_with(&format!("{}/#teach?v=1&s=", page.origin)),
        "{link}"
    );
    assert!(link.contains("&t=") && link.contains("&n=6"), "{link}");
    assert!(
        link.len() < scenario.len(),
        "compressed: {} characters for a {}-character scenario",
        link.len(),
        scenario.len()
    );

    // A detour, so a link that differs from the current URL only in its fragment loads afresh.
    page.driver.goto("about:blank").await.unwrap();
    page.driver.goto(&link).await.unwrap();
    page.wait_ready().await;
    assert_eq!(page.value("#teach-scenario").await, scenario);
    assert_eq!(page.find("#teach-clock").await.text().await.unwrap(), clock);
    assert_eq!(
        page.find("#teach-position").await.text().await.unwrap(),
        position
    );
    assert_eq!(page.find("#teach-play").await.text().await.unwrap(), "Play");
    assert_eq!(count(&page, "#teach-events > li").await, 6);

    // A link from another format version says so, and loads nothing from it.
    page.driver.goto("about:blank").await.unwrap();
    page.goto("/#teach?v=9&s=abc").await;
    let problem = page.wait_text("#teach-link-problem", "v=9").await;
    assert!(problem.contains("reads v=1 only"), "{problem}");
    page.close().await;
}

#[tokio::test]
async fn bad_scenarios_are_located_and_the_text_is_kept() {
    let page = Page::open("/#teach?v=1&p=barge-in").await;
    let broken = "[\n  {\"advanceMs\": 100},\n  {\"playPromt\": {}}\n]";
    page.fill("#teach-scenario", broken).await;
    let diagnostics = page
        .wait_text("#teach-diagnostics", "did you mean playPrompt?")
        .await;
    assert!(diagnostics.contains("line 3, column 4"), "{diagnostics}");
    assert_eq!(page.value("#teach-scenario").await, broken);
    assert!(!page.find("#teach-play").await.is_enabled().await.unwrap());
    click(&page, "#teach-diagnostics li.jump").await;
    let selection: serde_json::Value = page
        .driver
        .execute(
            "const t = document.getElementById('teach-scenario'); return [t.selectionStart, document.activeElement === t];",
            vec![],
        )
        .await
        .unwrap()
        .json()
        .clone();
    assert_eq!(
        selection,
        serde_json::json!([broken.find("\"playPromt").unwrap(), true])
    );
    // A preset replaces the text, and one click brings it back.
    select(&page, "#teach-preset", "stop-tone").await;
    page.wait_text("#teach-editor-status", "Your scenario was replaced")
        .await;
    click(&page, "#teach-restore").await;
    assert_eq!(page.value("#teach-scenario").await, broken);
    page.close().await;
}

#[tokio::test]
async fn compose_sends_to_the_in_page_simulator_from_a_plain_static_server() {
    let page = Page::open_static("/").await;
    // The page asks /.well-known/mediaops, which a plain static server answers 404 (and Chromium
    // logs): that answer is how the page knows it is not under mediaops serve.
    page.allow_console_error("/.well-known/mediaops");
    // No mediaops serve behind this page: the simulator is the default, the mock is not offered.
    assert_eq!(page.value("#target").await, "simulator");
    assert!(!page
        .find("#target option[value='mock']")
        .await
        .is_enabled()
        .await
        .unwrap());
    page.wait_text(
        "#preview",
        "POST https://graph.microsoft.com/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing",
    )
    .await;
    click(&page, "#send").await;
    page.wait_text("#status-line", "HTTP 200").await;
    let card = page
        .find("#result article.card[data-type='cancelMediaProcessingOperation']")
        .await
        .text()
        .await
        .unwrap();
    assert!(card.contains("completed"), "{card}");
    assert!(
        card.contains("d45324c1-fcb5-430a-902c-f20af696537c"),
        "{card}"
    );
    let operation = page.find("#location-operation").await.text().await.unwrap();
    assert_eq!(operation.len(), 36, "{operation}");
    assert!(
        card.contains(&operation),
        "the Location names the operation in the body"
    );

    // The mock's faults work in the simulator too.
    select(&page, "#scenario", "00000000-0000-0000-0000-000000000429").await;
    click(&page, "#send").await;
    page.wait_text("#status-line", "HTTP 429").await;
    page.wait_text("#retry-after", "7 s").await;

    // Nothing went to the network but the page's own files.
    let requests: Vec<String> = serde_json::from_value(
        page.driver
            .execute(
                "return performance.getEntriesByType('resource').map((e) => e.name);",
                vec![],
            )
            .await
            .unwrap()
            .json()
            .clone(),
    )
    .unwrap();
    assert!(
        requests
            .iter()
            .all(|url| url.starts_with(&page.origin) && !url.contains("/graph")),
        "{requests:?}"
    );
    page.close().await;
}

/// Waits until exactly `wanted` elements match `css` (the live panel fills in as the mock's
/// real clock runs); their texts.
async fn wait_count(page: &Page, css: &str, wanted: usize) -> Vec<String> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let found = texts(page, css).await;
        if found.len() == wanted || tokio::time::Instant::now() > deadline {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn under_mediaops_serve_a_preset_runs_live_against_the_mock_and_its_notifications_stream_in()
{
    let page = Page::open("/#teach?v=1&p=cancel-during-prompt").await;
    let callback = page.value(".teach-live .live-callback").await;
    assert!(
        callback.starts_with("http://127.0.0.1:")
            && callback.ends_with("/graph/_mediaops/callback"),
        "{callback}"
    );
    click(&page, ".teach-live .live-run").await;
    page.wait_text(".teach-live .live-status", "steps sent")
        .await;
    // Every notification the mock POSTed, as the server's event stream reported it, in order.
    let summaries = wait_count(
        &page,
        ".live-events li[data-kind=notification] .event-summary",
        5,
    )
    .await;
    assert_eq!(
        summaries,
        [
            "call establishing",
            "call established",
            "playPromptOperation welcome failed 400/8508",
            "playPromptOperation menu failed 400/8508",
            "recordOperation answer failed 400/8508 operationCanceled",
        ]
    );
    // Each one matches the prediction, reached the callback (the server's sink, 202), and is
    // drawn as the Decode view's card: three operations cancelled on purpose.
    assert_eq!(count(&page, ".live-compare[data-same=true]").await, 5);
    assert_eq!(count(&page, ".live-compare[data-same=false]").await, 0);
    let delivered = wait_count(&page, ".live-delivery[data-ok=true]", 5).await;
    assert!(
        delivered[0].ends_with("/graph/_mediaops/callback: HTTP 202"),
        "{delivered:?}"
    );
    assert_eq!(count(&page, ".live-events .card .badge.cancelled").await, 3);
    // The bot's requests went over HTTP: the call, three media actions and the cancel, each 2xx.
    let requests = texts(&page, ".live-events li[data-kind=request] .event-summary").await;
    assert_eq!(requests.len(), 5, "{requests:?}");
    assert!(
        requests[0].starts_with("the bot makes a call: HTTP 201"),
        "{requests:?}"
    );
    assert_eq!(
        requests[4],
        "the bot sends cancelMediaProcessing (cancel-1): HTTP 200"
    );

    // Stop hangs the call up: its last notifications still arrive before the stream closes.
    click(&page, ".teach-live .live-stop").await;
    page.wait_text(".teach-live .live-status", "has ended")
        .await;
    let summaries = texts(
        &page,
        ".live-events li[data-kind=notification] .event-summary",
    )
    .await;
    assert!(
        summaries.iter().any(|s| s.starts_with("call terminat")),
        "{summaries:?}"
    );
    page.close().await;
}

#[tokio::test]
async fn on_a_plain_static_server_the_teach_view_has_no_live_panel() {
    let page = Page::open_static("/#teach?v=1&p=cancel-during-prompt").await;
    // The 404 of /.well-known/mediaops is how the page knows no mediaops serve is behind it.
    page.allow_console_error("/.well-known/mediaops");
    page.find("#teach-timeline .lane-label").await;
    assert_eq!(count(&page, ".teach-live").await, 0);
    page.close().await;
}

#[tokio::test]
async fn a_live_run_with_a_bad_callback_or_scenario_sends_nothing_says_why_and_keeps_the_text() {
    let page = Page::open("/#teach?v=1&p=stop-tone").await;
    // Markup in the callback stays text; the mock would refuse anything but http(s).
    let hostile = "javascript:<img src=x onerror=alert(1)>";
    page.fill(".teach-live .live-callback", hostile).await;
    click(&page, ".teach-live .live-run").await;
    let problem = page
        .wait_text(".teach-live .live-problems", "Nothing was sent")
        .await;
    assert!(
        problem.contains("callbackUri must start with http:// or https://"),
        "{problem}"
    );
    assert_eq!(count(&page, ".teach-live img").await, 0);
    assert_eq!(count(&page, ".live-events > li").await, 0);
    assert_eq!(page.value(".teach-live .live-callback").await, hostile);
    let stop = page.find(".teach-live .live-stop").await;
    assert!(!stop.is_enabled().await.unwrap());

    // A scenario with errors is refused with its located diagnostics, the text left as it is.
    page.fill(".teach-live .live-callback", "http://127.0.0.1:9/cb")
        .await;
    let broken = "[{\"playPromt\": {}}]";
    page.fill("#teach-scenario", broken).await;
    click(&page, ".teach-live .live-run").await;
    let problem = page
        .wait_text(".teach-live .live-problems", "did you mean playPrompt?")
        .await;
    assert!(problem.contains("line 1, column"), "{problem}");
    assert_eq!(count(&page, ".live-events > li").await, 0);
    assert_eq!(page.value("#teach-scenario").await, broken);
    page.close().await;
}
