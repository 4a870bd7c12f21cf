//! The Compose view against the built-in mock, as a person uses it.

use mediaops_e2e::thirtyfour::components::SelectElement;
use mediaops_e2e::thirtyfour::extensions::cdp::ChromeDevTools;
use mediaops_e2e::thirtyfour::prelude::*;
use mediaops_e2e::{Page, ERROR_STATUS_LOGGED, WAIT};
use std::time::Duration;

const CALL_ID: &str = "57dab8b1-894c-409a-b240-bd8beae78896";

async fn select(page: &Page, css: &str, value: &str) {
    let element = page.find(css).await;
    SelectElement::new(&element)
        .await
        .expect("a select")
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{css} has no option {value}: {e}"));
}

async fn send(page: &Page) {
    page.find("#send").await.click().await.expect("click Send");
}

/// Waits for a `confirm()` and returns its text, leaving it open.
async fn alert_text(page: &Page) -> String {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        match page.driver.get_alert_text().await {
            Ok(text) => return text,
            Err(e) if tokio::time::Instant::now() > deadline => panic!("no confirm(): {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// Runs a Chrome DevTools command whose parameters are the JavaScript object `params_js`
/// (built by the page, as the e2e crate has no JSON library of its own).
async fn cdp(page: &Page, command: &str, params_js: &str) {
    let params = page
        .driver
        .execute(format!("return {params_js};"), Vec::new())
        .await
        .expect("script runs")
        .json()
        .clone();
    ChromeDevTools::new(page.driver.handle.clone())
        .execute_cdp_with_params(command, params)
        .await
        .unwrap_or_else(|e| panic!("{command}: {e}"));
}

/// Waits until the file `name` exists in `dir` and is complete; returns its text.
async fn downloaded(dir: &std::path::Path, name: &str) -> String {
    let path = dir.join(name);
    let deadline = tokio::time::Instant::now() + WAIT;
    while tokio::time::Instant::now() < deadline {
        if let Ok(text) = std::fs::read_to_string(&path) {
            if !text.is_empty() {
                return text;
            }
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{} was not downloaded", path.display());
}

/// A JWT with the given payload (header and signature are placeholders; nothing checks them).
fn jwt(payload: &str) -> String {
    let b64 = |bytes: &[u8]| mediaops::compose::token::base64url_encode(bytes);
    format!(
        "{}.{}.{}",
        b64(br#"{"alg":"RS256","typ":"JWT"}"#),
        b64(payload.as_bytes()),
        b64(b"not-a-real-signature")
    )
}

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
    page.wait_text(
        "#outcome",
        "Accepted: the queued and running playPrompt and recordResponse operations",
    )
    .await;
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
    assert_eq!(page.value("#call-id").await, "not a call id");
    page.close().await;
}

#[tokio::test]
async fn an_empty_token_gets_the_graph_401_explained() {
    let page = Page::open("/").await;
    page.allow_console_error(ERROR_STATUS_LOGGED);
    page.find("#token").await.clear().await.unwrap();
    page.find("#send").await.click().await.expect("click");
    page.wait_text("#status-line", "HTTP 401").await;
    let card = page
        .wait_text(".error-card", "InvalidAuthenticationToken")
        .await;
    assert!(card.contains("request-id"), "{card}");
    assert_eq!(
        page.value("#client-context").await,
        "d45324c1-fcb5-430a-902c-f20af696537c"
    );
    page.close().await;
}

#[tokio::test]
async fn every_option_reaches_the_preview_and_the_snippet() {
    let page = Page::open("/").await;
    select(&page, "#version", "beta").await;
    select(&page, "#path-style", "app").await;
    let preview = page.wait_text("#preview", "/graph/beta/app/calls/").await;
    assert!(
        preview.starts_with(&format!(
            "POST {}/graph/beta/app/calls/{CALL_ID}/cancelMediaProcessing\n",
            page.origin
        )),
        "{preview}"
    );
    page.wait_text("#compose-problems", "the /app path is deprecated")
        .await;

    select(&page, "#target", "graph").await;
    select(&page, "#cloud", "usgov").await;
    page.wait_text(
        "#preview",
        "POST https://graph.microsoft.us/beta/app/calls/",
    )
    .await;
    page.wait_text(
        "#compose-problems",
        "the beta docs list cancelMediaProcessing for the global service only",
    )
    .await;
    assert!(!page
        .find("#target-scenario")
        .await
        .is_displayed()
        .await
        .unwrap());
    assert!(page.find("#cloud").await.is_displayed().await.unwrap());

    select(&page, "#target", "custom").await;
    page.fill("#base-url", "ftp://proxy.example").await;
    page.wait_text("#compose-problems", "must start with http:// or https://")
        .await;
    assert!(!page.find("#send").await.is_enabled().await.unwrap());
    page.fill("#base-url", "https://proxy.example/graph/").await;
    page.wait_text(
        "#preview",
        "POST https://proxy.example/graph/beta/app/calls/",
    )
    .await;

    // The snippet follows the language picker and every keystroke.
    page.wait_text(
        "#snippet",
        "curl -sS -i -X POST 'https://proxy.example/graph/beta/app/calls/",
    )
    .await;
    select(&page, "#snippet-format", "python").await;
    page.fill("#client-context", "snippet-ctx-42").await;
    let snippet = page.wait_text("#snippet", "snippet-ctx-42").await;
    assert!(snippet.contains("proxy.example/graph"), "{snippet}");
    assert!(!snippet.contains("curl -sS"), "{snippet}");
    assert!(
        !snippet.contains("mock-token"),
        "the token never reaches a snippet"
    );
    page.close().await;
}

#[tokio::test]
async fn reserved_call_ids_get_every_failure_explained() {
    let page = Page::open("/").await;
    page.allow_console_error(ERROR_STATUS_LOGGED);
    // (scenario call id, status line, part of the explanation, element that must show a detail, its text)
    let cases = [
        (
            "00000000-0000-0000-0000-000000000401",
            "HTTP 401",
            "the token was refused",
            ".error-card",
            "InvalidAuthenticationToken",
        ),
        (
            "00000000-0000-0000-0000-000000000404",
            "HTTP 404",
            "no such call: the id is wrong, the call has already ended",
            ".error-card",
            "itemNotFound",
        ),
        (
            "00000000-0000-0000-0000-000000000429",
            "HTTP 429",
            "throttled: wait 7 s (Retry-After: 7)",
            "#retry-after",
            "7 s",
        ),
        (
            "00000000-0000-0000-0000-000000000500",
            "HTTP 500",
            "the service failed, not your request",
            "#support-ticket",
            "request-id: ",
        ),
        (
            "00000000-0000-0000-0000-000000000502",
            "HTTP 502",
            "the service failed",
            ".diagnostics",
            "the body is not JSON (Content-Type: text/html; charset=utf-8)",
        ),
    ];
    for (call_id, status, explanation, detail, detail_text) in cases {
        select(&page, "#scenario", call_id).await;
        assert_eq!(page.value("#call-id").await, call_id);
        page.wait_text("#preview", call_id).await;
        send(&page).await;
        let line = page.wait_text("#status-line", status).await;
        assert!(line.starts_with(status), "{line}");
        let outcome = page.wait_text("#outcome", explanation).await;
        assert!(!outcome.is_empty());
        page.wait_text(detail, detail_text).await;
    }
    // The 500 carried request-id and date headers (exposed by CORS) and the same ids in innerError.
    select(&page, "#scenario", "00000000-0000-0000-0000-000000000500").await;
    send(&page).await;
    page.wait_text("#status-line", "HTTP 500").await;
    let request_id = page.find("#request-id").await.text().await.unwrap();
    assert_eq!(request_id.len(), 36, "{request_id}");
    let ticket = page.find("#support-ticket").await.text().await.unwrap();
    assert!(
        ticket.contains(&format!("request-id: {request_id}")),
        "{ticket}"
    );
    assert!(
        ticket.contains("date: ") && !ticket.contains("date: (not available)"),
        "{ticket}"
    );
    let date = page.find("#response-date").await.text().await.unwrap();
    assert!(
        date.ends_with(" GMT"),
        "the Date header was readable: {date}"
    );
    page.wait_text(".error-card", "InternalServerError").await;
    page.close().await;
}

#[tokio::test]
async fn a_slow_call_times_out_at_the_pages_timeout() {
    let page = Page::open("/").await;
    select(&page, "#scenario", "00000000-0000-0000-0000-000000000060").await;
    page.fill("#timeout", "1").await;
    send(&page).await;
    assert!(page.find("#sending").await.is_displayed().await.unwrap());
    assert!(page.find("#abort").await.is_displayed().await.unwrap());
    let outcome = page
        .wait_text("#outcome", "Timed out: no answer from")
        .await;
    assert!(
        outcome.contains(&format!("no answer from {} within 1 s", page.origin)),
        "{outcome}"
    );
    page.wait_text("#status-line", "No HTTP answer").await;
    assert!(!page.find("#abort").await.is_displayed().await.unwrap());
    assert!(page.find("#send").await.is_enabled().await.unwrap());
    page.close().await;
}

#[tokio::test]
async fn abort_cancels_a_request_in_flight() {
    let page = Page::open("/").await;
    select(&page, "#scenario", "00000000-0000-0000-0000-000000000060").await;
    send(&page).await;
    let abort = page.find("#abort").await;
    page.wait_text("#sending", "sending").await;
    assert!(
        !page.find("#send").await.is_enabled().await.unwrap(),
        "one request at a time"
    );
    abort.click().await.expect("click Abort");
    let outcome = page
        .wait_text("#outcome", "Aborted: you cancelled the request")
        .await;
    assert!(
        outcome.contains("may still have reached the server"),
        "{outcome}"
    );
    assert!(!page.find("#sending").await.is_displayed().await.unwrap());
    page.close().await;
}

#[tokio::test]
async fn location_absent_on_the_same_origin_versus_hidden_by_cors() {
    let page = Page::open("/").await;
    select(&page, "#scenario", "00000000-0000-0000-0000-000000000001").await;
    send(&page).await;
    page.wait_text("#status-line", "HTTP 200").await;
    page.wait_text(
        "#location-note",
        "same-origin, so the page sees every header the server sent, and it sent none",
    )
    .await;

    // The same mock through another origin (localhost instead of 127.0.0.1): cross-origin, and
    // this reserved id sends Location without exposing it.
    let other = page.origin.replace("127.0.0.1", "localhost");
    select(&page, "#target", "custom").await;
    page.fill("#base-url", &format!("{other}/graph")).await;
    page.fill("#call-id", "00000000-0000-0000-0000-000000000002")
        .await;
    page.wait_text("#preview", &format!("POST {other}/graph/v1.0/"))
        .await;

    // Sending the token to a custom base URL asks first; declining sends nothing.
    send(&page).await;
    let question = alert_text(&page).await;
    assert!(
        question.contains(&format!("Send your bearer token to {other}?")),
        "{question}"
    );
    assert!(
        question.contains("It is plain http://, not https: the token travels unencrypted"),
        "{question}"
    );
    page.driver.dismiss_alert().await.expect("dismiss");
    page.wait_text("#not-sent", "Not sent").await;

    send(&page).await;
    alert_text(&page).await;
    page.driver.accept_alert().await.expect("accept");
    page.wait_text("#status-line", "HTTP 200").await;
    let note = page.wait_text("#location-note", "cannot tell which").await;
    assert!(
        note.contains("without listing it in Access-Control-Expose-Headers"),
        "{note}"
    );
    assert!(page.driver.find(By::Css("#location-call")).await.is_err());

    // The answer is remembered for this origin during the session: no second question.
    page.fill("#call-id", CALL_ID).await;
    send(&page).await;
    page.wait_text("#location-call", CALL_ID).await;
    page.close().await;
}

#[tokio::test]
async fn the_token_is_decoded_locally_and_doubtful_tokens_ask_before_graph() {
    let page = Page::open("/").await;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = jwt(&format!(
        r#"{{"aud":"https://graph.microsoft.us","tid":"tenant-e2e","appid":"app-e2e","scp":"Calls.Read","exp":{}}}"#,
        now - 120
    ));
    page.fill("#token", &token).await;
    page.wait_text("#token-aud", "https://graph.microsoft.us")
        .await;
    assert_eq!(
        page.find("#token-tid").await.text().await.unwrap(),
        "tenant-e2e"
    );
    assert_eq!(
        page.find("#token-appid").await.text().await.unwrap(),
        "app-e2e"
    );
    let panel = page
        .wait_text("#token-panel", "delegated token (scp: Calls.Read)")
        .await;
    assert!(panel.contains("expired 2 min"), "{panel}");
    page.wait_text("#token-expiry", "expired").await;

    // Against Graph (global), the wrong cloud is added, and Send asks with every problem listed.
    select(&page, "#target", "graph").await;
    page.wait_text(
        "#token-panel",
        "aud is https://graph.microsoft.us, but the request goes to https://graph.microsoft.com",
    )
    .await;
    send(&page).await;
    let question = alert_text(&page).await;
    for part in [
        "delegated token",
        "expired",
        "aud is https://graph.microsoft.us",
        "Send it anyway?",
    ] {
        assert!(question.contains(part), "{part}: {question}");
    }
    page.driver.dismiss_alert().await.expect("dismiss");
    page.wait_text("#not-sent", "nothing left this page").await;

    // A good application token shows its roles and gets no warnings.
    let good = jwt(&format!(
        r#"{{"aud":"https://graph.microsoft.com","tid":"t","appid":"a","roles":["Calls.Initiate.All"],"exp":{}}}"#,
        now + 3600
    ));
    page.fill("#token", &good).await;
    page.wait_text("#token-roles", "Calls.Initiate.All").await;
    page.wait_text("#token-expiry", "in 59 min").await;
    let panel = page.find("#token-panel").await.text().await.unwrap();
    assert!(!panel.to_lowercase().contains("warning"), "{panel}");
    // The token is in no URL, and nowhere on the page but its own input.
    let url = page.driver.current_url().await.unwrap().to_string();
    assert!(!url.contains(&good[..20]), "{url}");
    let body = page.find("body").await.text().await.unwrap();
    assert!(!body.contains(&good[..20]));
    page.close().await;
}

#[tokio::test]
async fn exports_carry_the_request_but_never_the_token() {
    let page = Page::open("/").await;
    let dir = std::env::temp_dir().join(format!("mediaops-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir_js = format!("{:?}", dir.display().to_string());
    cdp(
        &page,
        "Browser.setDownloadBehavior",
        &format!("{{behavior: 'allow', downloadPath: {dir_js}}}"),
    )
    .await;
    cdp(
        &page,
        "Browser.grantPermissions",
        &format!(
            "{{origin: {:?}, permissions: ['clipboardReadWrite', 'clipboardSanitizedWrite']}}",
            page.origin
        ),
    )
    .await;

    page.fill("#token", "secret-e2e-token").await;
    page.fill("#client-context", "export-ctx {{x}}").await;
    assert!(
        !page.find("#export-har").await.is_enabled().await.unwrap(),
        "HAR needs a send first"
    );

    page.find("#export-http").await.click().await.unwrap();
    let http = downloaded(&dir, "cancelMediaProcessing.http").await;
    assert!(http.contains(&format!("POST {}/graph/v1.0/communications/calls/{CALL_ID}/cancelMediaProcessing HTTP/1.1\nAuthorization: Bearer {{{{token}}}}\n", page.origin)), "{http}");
    assert!(
        http.contains(r#""clientContext": "export-ctx \u007b\u007bx}}""#),
        "{http}"
    );

    page.find("#export-curl").await.click().await.unwrap();
    page.wait_text("#export-status", "curl command copied")
        .await;
    let clipboard = page
        .driver
        .execute_async(
            "navigator.clipboard.readText().then(arguments[0]);",
            Vec::new(),
        )
        .await
        .unwrap()
        .convert::<String>()
        .unwrap();
    assert!(clipboard.contains(&format!("curl -sS -i -X POST '{}/graph/v1.0/communications/calls/{CALL_ID}/cancelMediaProcessing'", page.origin)), "{clipboard}");
    assert!(clipboard.contains("$GRAPH_TOKEN"));

    send(&page).await;
    page.wait_text("#status-line", "HTTP 200").await;
    page.find("#export-har").await.click().await.unwrap();
    let har = downloaded(&dir, "cancelMediaProcessing.har").await;
    assert!(har.contains("\"version\": \"1.2\""), "{har}");
    assert!(har.contains("\"value\": \"Bearer {token}\""), "{har}");
    assert!(har.contains("\"status\": 200"), "{har}");
    assert!(har.contains("\"name\": \"location\""), "{har}");
    assert!(har.contains("export-ctx {{x}}"), "{har}");
    for text in [&http, &clipboard, &har] {
        assert!(
            !text.contains("secret-e2e-token"),
            "the token leaked: {text}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    page.close().await;
}

/// Puts `js_string` (a JavaScript string literal, so escapes such as `\u200b` survive any
/// keyboard) into the token input as if typed.
async fn set_token(page: &Page, js_string: &str) {
    page.driver
        .execute(
            format!(
                "const t = document.getElementById('token'); t.value = {js_string}; t.dispatchEvent(new Event('input'));"
            ),
            Vec::new(),
        )
        .await
        .expect("token set");
}

#[tokio::test]
async fn a_token_with_a_copied_invisible_character_is_refused_before_sending() {
    let page = Page::open("/").await;
    page.fill("#client-context", "kept-ctx").await;
    set_token(&page, r#""eyJabc\u200b.def""#).await;
    // The token panel names the character already.
    let panel = page.wait_text("#token-panel", "U+200B").await;
    assert!(
        panel.contains("the token has U+200B (zero-width space) at character 7, which cannot be sent in an HTTP header"),
        "{panel}"
    );
    send(&page).await;
    let refused = page.wait_text("#not-sent", "Not sent:").await;
    assert!(
        refused.contains("the token has U+200B (zero-width space) at character 7, which cannot be sent in an HTTP header: such characters usually come from copying"),
        "{refused}"
    );
    assert!(
        !refused.contains("eyJabc"),
        "the token is never shown: {refused}"
    );
    // The page recovers at once: no spinner, Send enabled, Abort hidden, nothing lost.
    assert!(!page.find("#sending").await.is_displayed().await.unwrap());
    assert!(!page.find("#abort").await.is_displayed().await.unwrap());
    assert!(page.find("#send").await.is_enabled().await.unwrap());
    assert_eq!(page.value("#client-context").await, "kept-ctx");
    assert_eq!(page.value("#call-id").await, CALL_ID);
    assert_eq!(page.value("#token").await, "eyJabc\u{200b}.def");
    // Fixing the token sends normally.
    page.fill("#token", "mock-token").await;
    send(&page).await;
    page.wait_text("#status-line", "HTTP 200").await;
    assert!(page.driver.find(By::Css("#not-sent")).await.is_err());
    // The page asks for no favicon (it would be a 404 on every load).
    let icon = page
        .find("link[rel='icon']")
        .await
        .attr("href")
        .await
        .unwrap();
    assert_eq!(icon.as_deref(), Some("data:,"));
    page.close().await;
}

#[tokio::test]
async fn a_401_points_at_the_token_panel_only_for_a_decoded_token() {
    let page = Page::open("/").await;
    page.allow_console_error(ERROR_STATUS_LOGGED);
    select(&page, "#scenario", "00000000-0000-0000-0000-000000000401").await;
    // The default token, mock-token, is not a JWT: the panel has no claims to show.
    send(&page).await;
    let outcome = page
        .wait_text("#outcome", "it is not a JWT this page can decode")
        .await;
    assert!(!outcome.contains("token panel"), "{outcome}");
    // A decoded JWT: now the panel is worth a look.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = jwt(&format!(
        r#"{{"aud":"https://graph.microsoft.com","roles":["Calls.Initiate.All"],"exp":{}}}"#,
        now + 3600
    ));
    page.fill("#token", &token).await;
    page.wait_text("#token-roles", "Calls.Initiate.All").await;
    send(&page).await;
    page.wait_text("#outcome", "the token panel shows which claims are suspect")
        .await;
    // No token at all: said so.
    page.find("#token").await.clear().await.unwrap();
    send(&page).await;
    page.wait_text("#outcome", "HTTP 401: no token was sent")
        .await;

    // A gateway's HTML page is quoted up to a word, with an ellipsis, not cut mid-word.
    select(&page, "#scenario", "00000000-0000-0000-0000-000000000502").await;
    page.fill("#token", "mock-token").await;
    send(&page).await;
    let warning = page
        .wait_text("#result .diagnostics", "the body is not JSON")
        .await;
    assert!(
        warning.contains("<p>The upstream server did not answer…"),
        "{warning}"
    );
    assert!(!warning.contains("(mo"), "{warning}");
    page.close().await;
}

#[tokio::test]
async fn the_token_question_for_an_https_base_url_does_not_warn_about_plain_http() {
    let page = Page::open("/").await;
    select(&page, "#target", "custom").await;
    page.fill("#base-url", "https://proxy.example/graph").await;
    page.wait_text("#preview", "POST https://proxy.example/graph/v1.0/")
        .await;
    send(&page).await;
    let question = alert_text(&page).await;
    assert!(
        question.contains("Send your bearer token to https://proxy.example?"),
        "{question}"
    );
    assert!(!question.contains("unencrypted"), "{question}");
    page.driver.dismiss_alert().await.expect("dismiss");
    page.wait_text("#not-sent", "nothing left this page").await;
    page.close().await;
}

#[tokio::test]
async fn extreme_token_times_still_decode_in_the_panel() {
    let page = Page::open("/").await;
    // 2^53 + 1 used to fail to cross to JavaScript ("Not decoded: internal").
    page.fill(
        "#token",
        &jwt(r#"{"aud":"https://graph.microsoft.com","exp":9007199254740993}"#),
    )
    .await;
    let panel = page
        .wait_text(
            "#token-panel",
            "exp is 9007199254740993, beyond ±9007199254740991",
        )
        .await;
    assert!(!panel.contains("internal"), "{panel}");
    page.wait_text("#token-aud", "https://graph.microsoft.com")
        .await;
    // The largest safe exp decodes, but no Date can show it.
    page.fill(
        "#token",
        &jwt(r#"{"aud":"https://graph.microsoft.com","exp":9007199254740991}"#),
    )
    .await;
    let expiry = page.wait_text("#token-expiry", "beyond any date").await;
    assert!(expiry.starts_with("in "), "{expiry}");
    page.close().await;
}
