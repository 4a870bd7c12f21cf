//! The hand-written `www/js/element.d.ts` (the npm package's `mediaops/element`) against what
//! `<mediaops-playground>` really hands out on the docs example, from a plain static server:
//! every event's `detail` and every view's state has exactly the fields the declarations name,
//! so the types cannot drift from the element unnoticed.

use mediaops_e2e::Page;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

const COMPOSE: &str = "#try-compose";
const DECODE: &str = "#try-decode";
const TEACH: &str = "#try-teach";

/// The members of `export interface <name> { … }` in a declaration file: name → its type's text.
fn members(source: &str, name: &str) -> BTreeMap<String, String> {
    let start = source
        .find(&format!("export interface {name} {{"))
        .unwrap_or_else(|| panic!("element.d.ts declares no interface {name}"));
    let body = &source[start..];
    let body = &body[body.find('{').unwrap() + 1..body.find("\n}").unwrap()];
    body.lines()
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| {
            let line = l.trim();
            let (member, ty) = line.split_once(':')?;
            let member = member.trim_end_matches('?').trim_matches('"');
            (!member.is_empty() && !member.contains(['/', '*', '(', ' '])).then(|| {
                (
                    member.to_string(),
                    ty.trim().trim_end_matches(';').to_string(),
                )
            })
        })
        .collect()
}

/// The member names of `export interface <name>`.
fn declared(source: &str, name: &str) -> BTreeSet<String> {
    members(source, name).into_keys().collect()
}

/// Whether a JSON value fits a declared type's text, as far as its kind goes: `number`,
/// `boolean`, strings (`string`, string literals and the string unions of the module), objects.
fn fits(ty: &str, value: &Value) -> bool {
    if value.is_null() {
        return ty.contains("| null") || ty.contains("null |");
    }
    let ty = ty.trim_end_matches(" | null").trim();
    const STRING_UNIONS: [&str; 7] = [
        "ApiVersion",
        "PathStyle",
        "Cloud",
        "ComposeTarget",
        "PlaygroundMode",
        "FailureKind",
        "\"compose\"",
    ];
    match ty {
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        _ if ty.starts_with('"') || STRING_UNIONS.contains(&ty) => value.is_string(),
        _ => value.is_object(),
    }
}

fn keys(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

#[test]
fn kinds_fit_their_declared_types() {
    assert!(fits("number", &json!(30)) && !fits("number", &json!("30")));
    assert!(fits("ApiVersion", &json!("beta")) && fits("\"cards\" | \"pretty\"", &json!("cards")));
    assert!(fits("string | null", &Value::Null) && !fits("string", &Value::Null));
    assert!(
        fits("{ status: number } | null", &json!({"status": 1})) && fits("Decoded", &json!({}))
    );
    assert!(!fits("boolean", &json!(1)));
}

#[test]
fn reads_interface_members() {
    let source = "export interface A {\n  mode: \"x\";\n  /** doc */\n  \"call-id\"?: string;\n  response: { status: number } | null;\n}\nexport interface B {\n  b: number;\n}\n";
    assert_eq!(
        declared(source, "A").into_iter().collect::<Vec<_>>(),
        ["call-id", "mode", "response"]
    );
    assert_eq!(declared(source, "B").into_iter().collect::<Vec<_>>(), ["b"]);
}

#[tokio::test]
async fn every_event_detail_and_state_has_the_declared_fields() {
    let types = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../www/js/element.d.ts"),
    )
    .expect("read www/js/element.d.ts");
    let page = Page::launch_static().await;
    page.navigate("/docs-example.html").await;
    page.driver
        .execute(
            "window.__events = [];
             for (const type of ['mediaops-ready', 'mediaops-change', 'mediaops-send', 'mediaops-decoded'])
               document.addEventListener(type, (e) => window.__events.push({ type, detail: e.detail }));",
            vec![],
        )
        .await
        .expect("listen to the elements' events");
    for host in [COMPOSE, DECODE, TEACH] {
        page.element_ready(host).await;
    }
    page.wait_shadow_text(DECODE, "decode-summary", "notifications")
        .await;
    page.shadow(COMPOSE, "send").await.click().await.unwrap();
    page.wait_shadow_text(COMPOSE, "status-line", "HTTP 200")
        .await;
    page.shadow(COMPOSE, "client-context")
        .await
        .send_keys("-2")
        .await
        .unwrap();
    page.shadow(DECODE, "decode-strict")
        .await
        .click()
        .await
        .unwrap();
    page.shadow(TEACH, "teach-step")
        .await
        .click()
        .await
        .unwrap();

    let wanted = [
        ("mediaops-ready", None),
        ("mediaops-send", None),
        ("mediaops-decoded", None),
        ("mediaops-change", Some("compose")),
        ("mediaops-change", Some("decode")),
        ("mediaops-change", Some("teach")),
    ];
    let deadline = tokio::time::Instant::now() + mediaops_e2e::WAIT;
    let events: Vec<Value> = loop {
        let answer = page
            .driver
            .execute("return window.__events;", vec![])
            .await
            .expect("read the events");
        let events: Vec<Value> = serde_json::from_value(answer.json().clone()).unwrap_or_default();
        let has = |(kind, mode): &(&str, Option<&str>)| {
            events
                .iter()
                .any(|e| e["type"] == *kind && mode.is_none_or(|m| e["detail"]["mode"] == m))
        };
        if wanted.iter().all(has) {
            break events;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "not every event came: {:#?}",
            events
                .iter()
                .map(|e| (&e["type"], &e["detail"]["mode"]))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };

    for event in &events {
        let detail = &event["detail"];
        let (interface, object) = match event["type"].as_str() {
            Some("mediaops-ready") => ("ReadyDetail", detail),
            Some("mediaops-send") => ("SendDetail", detail),
            Some("mediaops-decoded") => ("DecodedDetail", detail),
            Some("mediaops-change") => {
                assert_eq!(
                    keys(detail),
                    BTreeSet::from(["mode".to_string(), "state".to_string()]),
                    "ChangeDetail: {detail}"
                );
                let interface = match detail["mode"].as_str() {
                    Some("compose") => "ComposeState",
                    Some("decode") => "DecodeState",
                    Some("teach") => "TeachState",
                    other => panic!("a change of an unknown mode {other:?}"),
                };
                (interface, &detail["state"])
            }
            other => panic!("an event nobody listened to: {other:?}"),
        };
        assert_eq!(
            keys(object),
            declared(&types, interface),
            "{} (element.d.ts {interface}) differs from the element's: {detail}",
            event["type"]
        );
        for (member, ty) in members(&types, interface) {
            assert!(
                fits(&ty, &object[&member]),
                "{interface}.{member} is declared {ty} but is {}",
                object[&member]
            );
        }
    }
    let modes: BTreeSet<&str> = events
        .iter()
        .filter(|e| e["type"] == "mediaops-ready")
        .filter_map(|e| e["detail"]["mode"].as_str())
        .collect();
    assert_eq!(modes, BTreeSet::from(["compose", "decode", "teach"]));
    assert_eq!(json!(events.len() > 6), json!(true));
    page.close().await;
}
