//! The Compose view against the built-in mock, as a person uses it.

use mediaops_e2e::Page;

#[tokio::test]
async fn preview_follows_every_keystroke_with_a_true_content_length() {
    let page = Page::open("/").await;
    page.fill("#client-context", "héllo \"quoted\"").await;
    let preview = page.wait_text("#preview", "héllo").await;
    assert!(preview.contains(&format!(
        "POST {}/graph/v1.0/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing",
        page.origin
    )), "{preview}");
    assert!(
        preview.contains("Authorization: Bearer {token}"),
        "{preview}"
    );
    // {"clientContext": "héllo \"quoted\""} pretty-printed is 44 bytes (é is two).
    let body = "{\n  \"clientContext\": \"héllo \\\"quoted\\\"\"\n}";
    assert!(
        preview.contains(&format!("Content-Length: {}", body.len())),
        "{preview}"
    );
    assert!(preview.ends_with(body), "{preview}");
    page.close().await;
}

#[tokio::test]
async fn send_renders_the_decoded_operation_and_the_location_ids() {
    let page = Page::open("/").await;
    page.fill("#call-id", "11111111-2222-4333-8444-555555555555")
        .await;
    page.fill("#client-context", "e2e-context-1").await;
    page.find("#send").await.click().await.expect("click");
    let status = page.wait_text("#status-line", "HTTP 200").await;
    assert!(status.starts_with("HTTP 200"), "{status}");
    let card = page
        .find("article.card[data-type='cancelMediaProcessingOperation']")
        .await;
    assert_eq!(
        card.find(thirtyfour::By::Css(".op-context"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "e2e-context-1"
    );
    assert_eq!(
        card.find(thirtyfour::By::Css(".badge"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "completed"
    );
    let call = page.find("#location-call").await.text().await.unwrap();
    assert_eq!(call, "11111111-2222-4333-8444-555555555555");
    let operation = page.find("#location-operation").await.text().await.unwrap();
    let card_id = card
        .find(thirtyfour::By::Css(".op-id"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        operation, card_id,
        "the mock's Location and body name the same operation"
    );
    page.close().await;
}

#[tokio::test]
async fn invalid_input_says_what_and_keeps_the_text() {
    let page = Page::open("/").await;
    page.fill("#call-id", "not a call id").await;
    let problem = page
        .wait_text("#compose-problems", "cannot stand in a URL")
        .await;
    assert!(problem.contains("/callId"), "{problem}");
    let send = page.find("#send").await;
    assert!(
        !send.is_enabled().await.unwrap(),
        "Send is disabled while the input is invalid"
    );
    let kept = page.find("#call-id").await.prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("not a call id"));
    page.close().await;
}

#[tokio::test]
async fn an_empty_token_gets_the_graph_401_explained() {
    let page = Page::open("/").await;
    page.find("#token").await.clear().await.unwrap();
    page.find("#send").await.click().await.expect("click");
    page.wait_text("#status-line", "HTTP 401").await;
    let card = page
        .wait_text(".error-card", "InvalidAuthenticationToken")
        .await;
    assert!(card.contains("request-id"), "{card}");
    let kept = page
        .find("#client-context")
        .await
        .prop("value")
        .await
        .unwrap();
    assert_eq!(
        kept.as_deref(),
        Some("d45324c1-fcb5-430a-902c-f20af696537c")
    );
    page.close().await;
}
