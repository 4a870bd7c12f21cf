//! axe-core (WCAG 2 A and AA rules) finds no violation in any view, in the states a person
//! sees: the form, a sent request's result, a decoded payload with diagnostics, and the Teach
//! view with notifications, an open exchange, a diagnostic and presenter mode.

use mediaops_e2e::Page;

/// Runs axe-core in the page and returns each violation as "rule: target (impact)". Its CSSOM
/// preload is off: inside shadow roots it parses stylesheets through inline `<style>` elements,
/// which the pages' CSP rightly blocks (and `Page::close` would report); it only feeds
/// css-orientation-lock, and our CSS has no orientation media query.
async fn violations(page: &Page) -> Vec<String> {
    let path = std::env::var("MEDIAOPS_AXE")
        .expect("MEDIAOPS_AXE is not set: run the end-to-end tests through `cargo xtask test`");
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    page.driver
        .execute(&axe, vec![])
        .await
        .expect("inject axe-core");
    let result = page
        .driver
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { preload: false, runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
               .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.impact})`))))
               .catch((e) => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    serde_json::from_value(result.json().clone()).expect("a list of violations")
}

#[tokio::test]
async fn every_view_passes_axe_in_the_states_people_see() {
    let page = Page::open("/").await;
    assert_eq!(
        violations(&page).await,
        Vec::<String>::new(),
        "the empty form"
    );

    page.find("#send").await.click().await.unwrap();
    page.wait_text("#status-line", "HTTP 200").await;
    assert_eq!(violations(&page).await, Vec::<String>::new(), "after Send");

    page.find("#tab-decode").await.click().await.unwrap();
    page.find("button[data-example='roster-muted.json']")
        .await
        .click()
        .await
        .unwrap();
    page.wait_text("#decode-summary", "notifications").await;
    assert_eq!(
        violations(&page).await,
        Vec::<String>::new(),
        "a decoded payload with a warning"
    );

    page.find("#tab-teach").await.click().await.unwrap();
    for _ in 0..8 {
        page.find("#teach-step").await.click().await.unwrap();
    }
    page.wait_text("#teach-position", "8 of 8 events").await;
    page.find("#teach-events details.exchange summary")
        .await
        .click()
        .await
        .unwrap();
    assert_eq!(
        violations(&page).await,
        Vec::<String>::new(),
        "the Teach view with notifications and an exchange open"
    );
    page.find("#teach-scenario")
        .await
        .send_keys("{")
        .await
        .unwrap();
    page.wait_text("#teach-diagnostics", "trailing characters")
        .await;
    page.find("#teach-presenter").await.click().await.unwrap();
    assert_eq!(
        violations(&page).await,
        Vec::<String>::new(),
        "the Teach view in presenter mode, with a diagnostic"
    );
    page.close().await;
}

#[tokio::test]
async fn the_docs_example_page_passes_axe_in_every_theme_and_is_usable_by_keyboard() {
    let page = Page::launch_static().await;
    page.navigate("/docs-example.html").await;
    for host in ["#try-compose", "#try-decode", "#try-teach"] {
        page.element_ready(host).await;
    }
    assert_eq!(violations(&page).await, Vec::<String>::new(), "loaded");

    // Keyboard only: focus the call id, Tab to Send through every control, press Enter.
    page.shadow("#try-compose", "call-id")
        .await
        .focus()
        .await
        .unwrap();
    let mut reached_send = false;
    for _ in 0..40 {
        let focused = page
            .driver
            .execute(
                "const h = document.activeElement; const inner = h?.shadowRoot?.activeElement;
                 return inner ? inner.id : '';",
                vec![],
            )
            .await
            .unwrap();
        if focused
            .json()
            .as_str()
            .unwrap_or_default()
            .ends_with("-send")
        {
            reached_send = true;
            break;
        }
        page.driver
            .action_chain()
            .send_keys("\u{E004}")
            .perform()
            .await
            .unwrap();
    }
    assert!(reached_send, "Tab never reached Send");
    // The focus is visible: a solid ring of at least 2 px in the accent colour.
    let ring = page
        .driver
        .execute(
            "const s = getComputedStyle(document.activeElement.shadowRoot.activeElement);
             return [s.outlineStyle, s.outlineWidth, s.outlineColor];",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        ring.json(),
        &serde_json::json!(["solid", "2px", "rgb(33, 85, 196)"]),
        "the focused Send"
    );
    page.driver
        .action_chain()
        .send_keys("\u{E007}")
        .perform()
        .await
        .unwrap();
    page.wait_shadow_text("#try-compose", "status-line", "HTTP 200")
        .await;
    // Teach keys work inside its shadow root.
    page.shadow("#try-teach", "teach-step")
        .await
        .focus()
        .await
        .unwrap();
    page.driver
        .action_chain()
        .send_keys("\u{E014}")
        .perform()
        .await
        .unwrap();
    page.wait_shadow_text("#try-teach", "teach-position", "1 of")
        .await;
    assert_eq!(
        violations(&page).await,
        Vec::<String>::new(),
        "after Send and a step"
    );

    for theme in ["dark", "high-contrast"] {
        page.driver
            .execute(
                "for (const h of document.querySelectorAll('mediaops-playground')) h.setAttribute('theme', arguments[0]);",
                vec![serde_json::json!(theme)],
            )
            .await
            .unwrap();
        assert_eq!(
            violations(&page).await,
            Vec::<String>::new(),
            "theme {theme}"
        );
    }
    page.close().await;
}

#[tokio::test]
async fn the_iframe_page_passes_axe_in_every_view() {
    // embed.html standalone, from a plain static server: each view it can show.
    let page = Page::launch_static().await;
    // The Decode link carries {"@odata.type": "#microsoft.graph.recordOperation", "status": "failed"}.
    for (index, (fragment, css, needle)) in [
        ("#compose", "#preview", "POST"),
        ("#decode?v=1&r=eyJAb2RhdGEudHlwZSI6ICIjbWljcm9zb2Z0LmdyYXBoLnJlY29yZE9wZXJhdGlvbiIsICJzdGF0dXMiOiAiZmFpbGVkIn0", "#decode-output", "recordOperation"),
        ("#teach?v=1&p=cancel-during-prompt&t=1500&n=5", "#embed", "playPrompt"),
    ]
    .into_iter()
    .enumerate()
    {
        // A query of its own per view: a change of fragment alone would not load the page again.
        page.navigate(&format!("/embed.html?view={index}{fragment}")).await;
        page.find("#embed[data-ready='true']").await;
        page.wait_text(css, needle).await;
        assert_eq!(
            violations(&page).await,
            Vec::<String>::new(),
            "embed.html{fragment}"
        );
    }
    page.close().await;
}
