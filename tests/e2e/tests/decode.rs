//! The Decode view: paste, examples, strict mode, click-to-jump, as a person uses it.

use mediaops_e2e::thirtyfour::By;
use mediaops_e2e::Page;

const CANCELLED: &str = include_str!("../../fixtures/vectors/v1.0_call-cancelmediaprocessing_notification-recordoperation-canceled.json");

async fn paste(page: &Page, text: &str) {
    page.find("#tab-decode")
        .await
        .click()
        .await
        .expect("open Decode");
    let input = page.find("#decode-input").await;
    input.clear().await.expect("clear");
    // Typing a whole document key by key is slow; set it as a paste would and fire `input`.
    page.driver
        .execute(
            "const i = document.getElementById('decode-input'); i.value = arguments[0]; i.dispatchEvent(new Event('input'));",
            vec![text.into()],
        )
        .await
        .expect("paste");
}

#[tokio::test]
async fn a_pasted_cancelled_record_is_explained_as_the_cancel_working() {
    let page = Page::open("/").await;
    paste(&page, CANCELLED).await;
    let summary = page.wait_text("#decode-summary", "notifications").await;
    assert!(
        summary.contains("1 resource") && summary.contains("0 errors"),
        "{summary}"
    );
    let card = page
        .find("#decode-output article.card[data-type='recordOperation']")
        .await;
    let text = card.text().await.unwrap();
    assert!(
        text.contains("0fe0623f-d628-42ed-b4bd-8ac290072cc5"),
        "{text}"
    );
    assert!(text.contains("400 / 8508"), "{text}");
    assert!(text.contains("operationCanceled"), "{text}");
    let badge = card.find(By::Css(".badge")).await.unwrap();
    assert_eq!(badge.text().await.unwrap(), "failed");
    assert_eq!(
        badge.class_name().await.unwrap().as_deref(),
        Some("badge cancelled")
    );
    let explanation = card
        .find(By::Css(".explanation"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        explanation.to_lowercase().contains("cancel"),
        "{explanation}"
    );
    page.close().await;
}

#[tokio::test]
async fn broken_json_is_located_and_a_click_jumps_to_it_keeping_the_text() {
    let page = Page::open("/").await;
    let broken = "{\n  \"value\": [\n    {\"changeType\": \"deleted\",, }\n  ]\n}";
    paste(&page, broken).await;
    let diagnostics = page
        .wait_text("#decode-output .diagnostics", "line 3, column 30")
        .await;
    assert!(diagnostics.contains("/value/0"), "{diagnostics}");
    page.find("#decode-output .diag.error")
        .await
        .click()
        .await
        .unwrap();
    let caret = page
        .driver
        .execute("const i = document.getElementById('decode-input'); return [i.selectionStart, document.activeElement.id];", vec![])
        .await
        .unwrap();
    let expected_offset = broken.lines().take(2).map(|l| l.len() + 1).sum::<usize>() + 29;
    assert_eq!(caret.json()[0].as_u64(), Some(expected_offset as u64));
    assert_eq!(caret.json()[1].as_str(), Some("decode-input"));
    assert_eq!(page.value("#decode-input").await, broken);
    page.close().await;
}

#[tokio::test]
async fn examples_load_and_strict_mode_turns_comments_into_errors() {
    let page = Page::open("/").await;
    page.find("#tab-decode").await.click().await.unwrap();
    page.find("button[data-example='roster-muted.json']")
        .await
        .click()
        .await
        .unwrap();
    let summary = page.wait_text("#decode-summary", "notifications").await;
    assert!(
        summary.contains("0 errors") && summary.contains("1 warning"),
        "{summary}"
    );
    let card = page
        .find("#decode-output article.card[data-type='participant']")
        .await;
    assert!(card
        .text()
        .await
        .unwrap()
        .contains("2765eb15-01f8-47c6-b12b-c32111a4a86f"));
    page.find("#decode-strict").await.click().await.unwrap();
    let summary = page.wait_text("#decode-summary", "1 error").await;
    assert!(summary.starts_with("invalid"), "{summary}");
    page.wait_text("#decode-output .diag.error", "line 30, column 28")
        .await;

    page.find("button[data-example='cancel-response.http']")
        .await
        .click()
        .await
        .unwrap();
    page.wait_text("#decode-summary", "http-response").await;
    let text = page.find("#decode-output").await.text().await.unwrap();
    assert!(
        text.contains("17e3b46c-f61d-4f4d-9635-c626ef18e6ad"),
        "{text}"
    );
    assert!(
        text.contains("Content-Length says 259 but the body is 202 bytes"),
        "{text}"
    );
    // The same decoding as re-indented JSON, and back to the cards; the input is untouched.
    page.find("input[name='decode-view'][value='pretty']")
        .await
        .click()
        .await
        .unwrap();
    let pretty = page.find("#decode-pretty").await.text().await.unwrap();
    assert!(
        pretty.starts_with(
            "{\n  \"@odata.type\": \"#microsoft.graph.cancelMediaProcessingOperation\""
        ),
        "{pretty}"
    );
    assert!(page
        .driver
        .find_all(By::Css("#decode-output article.card"))
        .await
        .unwrap()
        .is_empty());
    page.find("input[name='decode-view'][value='cards']")
        .await
        .click()
        .await
        .unwrap();
    page.find("#decode-output article.card[data-type='cancelMediaProcessingOperation']")
        .await;
    let input = page.value("#decode-input").await;
    assert!(input.starts_with("HTTP/1.1 200 OK"), "{input}");
    page.close().await;
}

#[tokio::test]
async fn payload_text_is_rendered_as_text_never_as_html() {
    let page = Page::open("/").await;
    let hostile = r##"{"@odata.type":"#microsoft.graph.recordOperation","status":"failed","clientContext":"<img src=x onerror=alert(1)><b>bold</b>"}"##;
    paste(&page, hostile).await;
    let context = page.wait_text("#decode-output .op-context", "<img").await;
    assert_eq!(context, "<img src=x onerror=alert(1)><b>bold</b>");
    let injected = page
        .driver
        .find_all(By::Css("#decode-output img, #decode-output b"))
        .await
        .unwrap();
    assert!(injected.is_empty(), "payload markup became elements");
    page.close().await;
}

/// The summary line the page should show, computed by the native decoder.
fn expected_summary(text: &str) -> String {
    use mediaops::decode::{decode_text, DecodeOptions};
    use mediaops::diagnostic::Severity;
    let decoded = decode_text(text, DecodeOptions::default());
    let kind = serde_json_kind(&decoded);
    let count = |s| {
        decoded
            .diagnostics
            .iter()
            .filter(|d| d.severity == s)
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{kind} · {} · {} · {}",
        plural(decoded.resources.len(), "resource"),
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    )
}

fn serde_json_kind(decoded: &mediaops::decode::Decoded) -> String {
    let json = format!("{:?}", decoded.kind);
    // InputKind's Debug is the variant name; the page shows the kebab-case wire name.
    let mut kebab = String::new();
    for (i, c) in json.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            kebab.push('-');
        }
        kebab.push(c.to_ascii_lowercase());
    }
    kebab
}

#[tokio::test]
async fn every_shared_vector_decodes_in_the_page_as_it_does_natively() {
    let page = Page::open("/").await;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/vectors");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 38);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = expected_summary(&text);
        paste(&page, &text).await;
        // Wait for this paste's decoding, not the previous one's (JS counts UTF-16 units).
        let length = text.encode_utf16().count();
        page.find(&format!("#decode-summary[data-input-length='{length}']"))
            .await;
        let shown = page.find("#decode-summary").await.text().await.unwrap();
        assert_eq!(shown, expected, "{}", path.display());
        assert!(
            expected.contains(" · 0 errors · "),
            "{}: {expected}",
            path.display()
        );
    }
    page.close().await;
}

#[tokio::test]
async fn a_large_batch_decodes_fully_but_draws_a_bounded_number_of_cards() {
    let page = Page::open("/").await;
    let items: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r##"{{"changeType":"deleted","resourceUrl":"/communications/calls/c/operations/op-{i}","resourceData":{{"@odata.type":"#microsoft.graph.recordOperation","status":"failed","resultInfo":{{"code":400,"subcode":8508}}}}}}"##
            )
        })
        .collect();
    let batch = format!("{{\"value\":[{}]}}", items.join(","));
    paste(&page, &batch).await;
    let summary = page.wait_text("#decode-summary", "1000 resources").await;
    assert!(summary.contains("0 errors"), "{summary}");
    let cards = page
        .driver
        .find_all(By::Css("#decode-output article.card"))
        .await
        .unwrap();
    assert_eq!(cards.len(), 200);
    let more = page
        .find("#decode-output .more")
        .await
        .text()
        .await
        .unwrap();
    assert!(more.contains("800 more resources"), "{more}");
    page.close().await;
}

#[tokio::test]
async fn a_paste_over_the_cap_is_refused_with_the_file_message_and_kept() {
    let page = Page::open("/").await;
    // 64 MiB of UTF-8 plus one byte, made of two-byte characters so bytes and characters differ.
    let text = format!("{{\"clientContext\":\"{}a\"}}", "é".repeat(33_554_422));
    let bytes = text.len();
    assert_eq!(bytes, 64 * 1024 * 1024 + 1);
    paste(&page, &text).await;
    let message = page.wait_text("#decode-too-large", "at most 64 MB").await;
    assert_eq!(
        message,
        "The pasted text is 67,108,865 bytes; the Decode view takes at most 64 MB (67,108,864 bytes). Use `mediaops decode` for bigger logs. It is kept in the box, not decoded: trim it to decode it."
    );
    assert!(page
        .driver
        .find_all(By::Css("#decode-summary"))
        .await
        .unwrap()
        .is_empty());
    let kept = page
        .driver
        .execute(
            "return document.getElementById('decode-input').value === arguments[0];",
            vec![text.clone().into()],
        )
        .await
        .unwrap();
    assert_eq!(
        kept.json(),
        &serde_json::json!(true),
        "the text was not kept"
    );

    // One byte less, exactly the cap, it decodes.
    let fits = format!("{{\"clientContext\":\"{}\"}}", "é".repeat(33_554_422));
    assert_eq!(fits.len(), 64 * 1024 * 1024);
    paste(&page, &fits).await;
    let decoded = page.wait_text("#decode-summary", "operation").await;
    // Redact for sharing runs on the page's thread and reads at most 5 MB: it says so beside its
    // button, and the decoding drawn stays.
    page.find("#decode-redact").await.click().await.unwrap();
    let status = page
        .wait_text("#decode-redact-status", "at most 5 MB")
        .await;
    assert_eq!(
        status,
        "The pasted text is 67,108,864 bytes; Redact for sharing takes at most 5 MB (5,242,880 bytes). Redact a part of it at a time."
    );
    let summary = page.find("#decode-summary").await.text().await.unwrap();
    assert_eq!(summary, decoded);
    // After so large a paste its worker is let go (with the memory it grew to); the next large
    // paste gets a fresh one.
    paste(&page, &generated_batch(3_000, "next", "completed")).await;
    page.wait_text("#decode-summary", "3000 resources").await;
    assert_eq!(
        page.find("#decode-output")
            .await
            .attr("data-decoded-in")
            .await
            .unwrap()
            .as_deref(),
        Some("worker")
    );

    // A file over the cap gets the same message, naming the file.
    let path = std::env::temp_dir().join(format!("mediaops-e2e-big-{}.json", std::process::id()));
    std::fs::write(&path, &text).unwrap();
    page.find("#decode-file")
        .await
        .send_keys(path.display().to_string())
        .await
        .unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let message = page.wait_text("#decode-too-large", &name).await;
    assert!(
        message.starts_with(&format!(
            "{name} is 67,108,865 bytes; the Decode view takes at most 64 MB (67,108,864 bytes)."
        )),
        "{message}"
    );
    let _ = std::fs::remove_file(&path);
    page.close().await;
}

#[tokio::test]
async fn redact_for_sharing_replaces_every_secret_consistently_and_one_click_restores() {
    let page = Page::open("/").await;
    let record =
        include_str!("../../fixtures/vectors/v1.0_call-record_notification-completed.json");
    paste(&page, record).await;
    page.wait_text("#decode-summary", "1 resource").await;
    page.find("#decode-redact").await.click().await.unwrap();
    let status = page.wait_text("#decode-redact-status", "Replaced").await;
    assert!(
        status.starts_with("Replaced 1 token, 1 recording URL, 3 GUIDs (6 times)."),
        "{status}"
    );
    let value = |page: &Page| {
        let driver = page.driver.clone();
        async move {
            driver
                .execute(
                    "return document.getElementById('decode-input').value;",
                    vec![],
                )
                .await
                .unwrap()
                .json()
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let redacted = value(&page).await;
    assert_eq!(redacted, mediaops::decode::redact::redact(record).text);
    for secret in [
        "57DAB8B1894C409AB240BD8BEAE78896",
        "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
        "file.location",
        "<access-token>",
    ] {
        assert!(!redacted.contains(secret), "{secret}: {redacted}");
    }
    // The redacted text is decoded: the card shows the placeholder id.
    page.wait_text(
        "#decode-output article.card .op-id",
        "00000000-0000-0000-0000-000000000002",
    )
    .await;
    assert_eq!(
        page.find("#decode-redact").await.text().await.unwrap(),
        "Restore the original"
    );
    page.find("#decode-redact").await.click().await.unwrap();
    page.wait_text("#decode-redact-status", "Original restored")
        .await;
    assert_eq!(value(&page).await, record);
    page.wait_text(
        "#decode-output article.card .op-id",
        "0fe0623f-d628-42ed-b4bd-8ac290072cc5",
    )
    .await;
    assert_eq!(
        page.find("#decode-redact").await.text().await.unwrap(),
        "Redact for sharing"
    );
    page.close().await;
}

/// A batch of `count` notifications of operations `{prefix}-0`... reporting `status`.
fn generated_batch(count: usize, prefix: &str, status: &str) -> String {
    let items: Vec<String> = (0..count)
        .map(|i| {
            format!(
                r##"{{"changeType":"deleted","resourceUrl":"/communications/calls/c/operations/{prefix}-{i}","resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"{prefix}-{i}","status":"{status}","clientContext":"padding to make the paste large enough for the worker {i}","resultInfo":{{"code":200,"subcode":0}}}}}}"##
            )
        })
        .collect();
    format!(
        "{{\"@odata.type\":\"#microsoft.graph.commsNotifications\",\"value\":[{}]}}",
        items.join(",\n")
    )
}

#[tokio::test]
async fn a_large_paste_decodes_in_the_worker_and_a_newer_edit_supersedes_an_older_one() {
    let page = Page::open("/").await;
    let older = generated_batch(16_000, "old", "failed");
    let newer = generated_batch(3_000, "new", "completed");
    assert!(older.len() > 500_000 && older.len() < 5_000_000 && newer.len() > 500_000);
    page.find("#tab-decode")
        .await
        .click()
        .await
        .expect("open Decode");
    // The older paste first; the moment its background decoding shows its progress note, the
    // newer one replaces it (in the same turn, before the older answer can arrive). Every
    // summary ever drawn is logged.
    page.driver
        .execute(
            r#"
            const [older, newer] = arguments;
            const input = document.getElementById('decode-input');
            const output = document.getElementById('decode-output');
            window.summaries = [];
            window.progressSeen = 0;
            new MutationObserver(() => {
              const summary = document.getElementById('decode-summary');
              const length = summary?.dataset.inputLength;
              if (length && window.summaries.at(-1) !== length) window.summaries.push(length);
              if (output.querySelector('[data-decode-progress]') && window.progressSeen++ === 0) {
                input.value = newer;
                input.dispatchEvent(new Event('input'));
              }
            }).observe(output, { childList: true, subtree: true, attributes: true });
            input.value = older;
            input.dispatchEvent(new Event('input'));
            "#,
            vec![older.clone().into(), newer.clone().into()],
        )
        .await
        .expect("paste both");
    let summary = page.wait_text("#decode-summary", "3000 resources").await;
    assert!(
        summary.contains("notifications") && summary.contains("0 errors"),
        "{summary}"
    );
    let output = page.find("#decode-output").await;
    assert_eq!(
        output.attr("data-decoded-in").await.unwrap().as_deref(),
        Some("worker")
    );
    let first = page
        .find("#decode-output article.card")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        first.contains("new-0") && first.contains("completed"),
        "{first}"
    );
    assert!(!first.contains("old-0"), "{first}");
    let log = page
        .driver
        .execute(
            "return [window.summaries, window.progressSeen, document.querySelectorAll('[data-decode-progress]').length];",
            vec![],
        )
        .await
        .unwrap();
    let log = log.json();
    // Only the newer paste was ever drawn: the older decoding was stopped, not just hidden.
    assert_eq!(
        log[0],
        serde_json::json!([newer.chars().count().to_string()])
    );
    assert!(
        log[1].as_u64().unwrap() >= 2,
        "both decodings showed progress: {log}"
    );
    assert_eq!(log[2], 0, "no progress note is left");
    page.close().await;
}

/// `count` notifications about `count / 8 * 3` operations (each mentioned two or three times, so
/// every operation has a timeline); from the middle on, every one a cancelled record.
fn timeline_batch(count: usize) -> String {
    let operations = count / 8 * 3;
    let items: Vec<String> = (0..count)
        .map(|i| {
            let op = i % operations;
            let outcome = if i >= count / 2 {
                r#""status":"failed","resultInfo":{"code":400,"subcode":8508}"#
            } else {
                r#""status":"running""#
            };
            format!(
                r##"{{"changeType":"updated","resourceUrl":"/communications/calls/c/operations/op-{op}","resourceData":{{"@odata.type":"#microsoft.graph.recordOperation","id":"op-{op}",{outcome},"clientContext":"padding so that the paste is decoded in the worker {i}"}}}}"##
            )
        })
        .collect();
    format!(
        "{{\"@odata.type\":\"#microsoft.graph.commsNotifications\",\"value\":[{}]}}",
        items.join(",\n")
    )
}

#[tokio::test]
async fn a_large_paste_shows_its_first_cards_then_every_count_and_copies_the_whole_decoding() {
    let page = Page::open("/").await;
    let batch = timeline_batch(4_000);
    assert!(batch.len() > 500_000, "{}", batch.len());
    page.find("#tab-decode")
        .await
        .click()
        .await
        .expect("open Decode");
    // Every summary drawn is logged; the clipboard is the page's own (headless has none).
    page.driver
        .execute(
            r#"
            window.summaries = [];
            window.copied = null;
            navigator.clipboard.writeText = async (text) => { window.copied = text; };
            new MutationObserver(() => {
              const text = document.getElementById('decode-summary')?.textContent;
              if (text && window.summaries.at(-1) !== text) window.summaries.push(text);
            }).observe(document.getElementById('decode-output'), { childList: true, subtree: true });
            const input = document.getElementById('decode-input');
            input.value = arguments[0];
            input.dispatchEvent(new InputEvent('input', { inputType: 'insertFromPaste' }));
            "#,
            vec![batch.into()],
        )
        .await
        .expect("paste");
    let summary = page.wait_text("#decode-summary", "4000 resources").await;
    assert_eq!(
        summary,
        "notifications · 4000 resources · 0 errors · 0 warnings"
    );
    let summaries = page
        .driver
        .execute("return window.summaries;", vec![])
        .await
        .unwrap();
    assert_eq!(
        summaries.json(),
        &serde_json::json!([
            "notifications · the first 200 resources · decoding the rest…",
            "notifications · 4000 resources · 0 errors · 0 warnings"
        ]),
        "the first cards are drawn before the rest is decoded"
    );
    let cards = page
        .driver
        .find_all(By::Css("#decode-output article.card"))
        .await
        .unwrap();
    assert_eq!(cards.len(), 200);
    let more = page
        .driver
        .find_all(By::Css("#decode-output .more"))
        .await
        .unwrap();
    let mut notes = Vec::new();
    for note in more {
        notes.push(note.text().await.unwrap());
    }
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(
        notes[0].starts_with("… and 3800 more resources"),
        "{notes:?}"
    );
    assert_eq!(notes[1], "… and 1300 more timelines in the decoded JSON.");
    let timelines = page
        .driver
        .find_all(By::Css("#decode-output .timeline"))
        .await
        .unwrap();
    assert_eq!(timelines.len(), 200);
    // op-0 is resources 0, 1500 and 3000: running, running, then cancelled (the last one is
    // beyond the cards the page holds, and still marked).
    let badges = page
        .driver
        .execute(
            "return [...document.querySelectorAll('.timeline[data-operation=\"op-0\"] .badge')].map((b) => b.className);",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        badges.json(),
        &serde_json::json!(["badge busy", "badge busy", "badge cancelled"])
    );

    // Copy decoded JSON copies the whole decoding, not what is drawn.
    page.find("#decode-copy-json").await.click().await.unwrap();
    let mut copied = serde_json::Value::Null;
    for _ in 0..100 {
        copied = page
            .driver
            .execute("return window.copied;", vec![])
            .await
            .unwrap()
            .json()
            .clone();
        if !copied.is_null() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let whole: serde_json::Value = serde_json::from_str(copied.as_str().expect("copied")).unwrap();
    let resources = whole["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 4000);
    assert_eq!(resources[3999]["status"], "failed");
    assert_eq!(resources[3999]["resultInfo"]["subcode"], 8508);
    assert_eq!(whole["timelines"].as_array().unwrap().len(), 1500);
    page.close().await;
}
