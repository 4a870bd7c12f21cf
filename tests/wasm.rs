//! The wasm boundary in headless Chromium: values and errors as JS sees them.
#![cfg(target_arch = "wasm32")]

use mediaops::wasm as wasm_api;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

fn input(call_id: &str, context: &str) -> JsValue {
    let object = js_sys::Object::new();
    js_sys::Reflect::set(&object, &"callId".into(), &call_id.into()).unwrap();
    js_sys::Reflect::set(&object, &"clientContext".into(), &context.into()).unwrap();
    js_sys::Reflect::set(&object, &"version".into(), &"beta".into()).unwrap();
    object.into()
}

#[wasm_bindgen_test]
fn build_request_returns_plain_objects() {
    let built =
        wasm_api::build_request(input("57dab8b1-894c-409a-b240-bd8beae78896", "ctx 😀")).unwrap();
    assert_eq!(
        get(&built, &["request", "url"]).as_string().unwrap(),
        "https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing"
    );
    let headers = js_sys::Array::from(&get(&built, &["request", "headers"]));
    let length = get(&headers.get(2), &["value"]).as_string().unwrap();
    let body = get(&built, &["request", "body"]).as_string().unwrap();
    assert_eq!(length, body.len().to_string());
    assert!(js_sys::Array::is_array(&get(&built, &["diagnostics"])));
}

#[wasm_bindgen_test]
fn invalid_input_throws_an_error_with_pointer_and_diagnostics() {
    let error = wasm_api::build_request(input("", &"x".repeat(300))).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert!(get(&error, &["message"])
        .as_string()
        .unwrap()
        .contains("call id is empty"));
    assert_eq!(get(&error, &["pointer"]).as_string().unwrap(), "/callId");
    let diagnostics = js_sys::Array::from(&get(&error, &["diagnostics"]));
    assert_eq!(diagnostics.length(), 2);
    assert_eq!(
        get(&diagnostics.get(1), &["pointer"]).as_string().unwrap(),
        "/clientContext"
    );
}

#[wasm_bindgen_test]
fn wrong_input_types_are_errors_not_panics() {
    let error = wasm_api::build_request(JsValue::from_f64(3.0)).unwrap_err();
    assert!(get(&error, &["message"])
        .as_string()
        .unwrap()
        .starts_with("request inputs:"));
}

#[wasm_bindgen_test]
fn decode_response_reports_lines_and_columns() {
    let headers = js_sys::Array::new();
    let decoded = wasm_api::send::decode_response(200, headers.into(), "{\n  \"id\": }").unwrap();
    let diagnostic = js_sys::Array::from(&get(&decoded, &["diagnostics"])).get(0);
    assert_eq!(
        get(&diagnostic, &["severity"]).as_string().unwrap(),
        "error"
    );
    assert_eq!(get(&diagnostic, &["line"]).as_f64().unwrap(), 2.0);
    assert_eq!(
        get(&decoded, &["kind"]).as_string().unwrap(),
        "http-response"
    );
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn message(error: &JsValue) -> String {
    get(error, &["message"]).as_string().unwrap()
}

#[wasm_bindgen_test]
fn decode_token_returns_camel_case_claims_or_throws() {
    use mediaops::wasm::compose::decode_token;
    // {"alg":"RS256"} . {"aud":"https://graph.microsoft.com","tid":"t1","roles":["Calls.Initiate.All"],"exp":1700003600} . sig
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJ0aWQiOiJ0MSIsInJvbGVzIjpbIkNhbGxzLkluaXRpYXRlLkFsbCJdLCJleHAiOjE3MDAwMDM2MDB9.c2ln";
    let info = decode_token(token, 1_700_000_000.9, Some("global".into())).unwrap();
    assert_eq!(get(&info, &["tenantId"]).as_string().unwrap(), "t1");
    assert_eq!(get(&info, &["expiresIn"]).as_f64().unwrap(), 3600.0);
    assert_eq!(
        get(&info, &["audienceCloud"]).as_string().unwrap(),
        "global"
    );
    assert_eq!(get(&info, &["kind"]).as_string().unwrap(), "application");
    let error = decode_token("mock-token", 0.0, None).unwrap_err();
    assert!(message(&error).starts_with("not a JWT (no dots)"));
    let error = decode_token(token, 0.0, Some("mars".into())).unwrap_err();
    assert_eq!(message(&error), "unknown cloud 'mars'");
}

#[wasm_bindgen_test]
fn extreme_token_times_cross_to_js_as_safe_numbers() {
    use mediaops::wasm::compose::decode_token;
    let b64 = |text: &str| mediaops::compose::token::base64url_encode(text.as_bytes());
    let token = |payload: &str| format!("{}.{}.", b64(r#"{"alg":"none"}"#), b64(payload));
    // 2^53 + 1 used to fail to serialize ("internal: cannot serialize for JS").
    let info = decode_token(&token(r#"{"exp":9007199254740993}"#), 1.7e9, None).unwrap();
    assert!(get(&info, &["expiresAt"]).is_undefined());
    assert!(get(&info, &["expiresIn"]).is_undefined());
    let largest = decode_token(&token(r#"{"exp":9007199254740991}"#), -1e300, None).unwrap();
    assert_eq!(
        get(&largest, &["expiresIn"]).as_f64().unwrap(),
        9_007_199_254_740_991.0
    );
    let past = decode_token(&token(r#"{"exp":-9223372036854775808}"#), 1.7e9, None).unwrap();
    assert!(get(&past, &["expiresAt"]).is_undefined());
}

#[wasm_bindgen_test]
async fn a_token_the_browser_cannot_send_is_an_error_not_a_hang() {
    let error = wasm_api::send::send_request(
        input("57dab8b1-894c-409a-b240-bd8beae78896", "ctx"),
        "eyJabc\u{200b}.def".into(),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(get(&error, &["pointer"]).as_string().unwrap(), "/token");
    let text = message(&error);
    assert!(
        text.starts_with("the token has U+200B (zero-width space) at character 7"),
        "{text}"
    );
    assert!(!text.contains("eyJabc"), "{text}");
}

#[wasm_bindgen_test]
fn snippets_exports_and_explanations_cross_as_strings_and_objects() {
    use mediaops::wasm::compose::*;
    use mediaops::wasm::send::{explain_response, export_har};
    let inputs = || input("57dab8b1-894c-409a-b240-bd8beae78896", "ctx");
    let curl = render_snippet(inputs(), "curl").unwrap();
    assert!(curl.contains("https://graph.microsoft.com/beta/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896/cancelMediaProcessing"));
    assert_eq!(
        message(&render_snippet(inputs(), "cobol").unwrap_err()),
        "unknown format 'cobol'"
    );
    assert!(
        message(&render_snippet(input("", ""), "curl").unwrap_err()).contains("call id is empty")
    );
    assert!(export_rest_client(inputs())
        .unwrap()
        .contains("Authorization: Bearer {{token}}"));
    assert_eq!(
        js_sys::Array::from(&snippet_formats().unwrap()).length(),
        10
    );
    let scenarios = js_sys::Array::from(&mock_scenarios().unwrap());
    assert_eq!(
        get(&scenarios.get(0), &["callId"]).as_string().unwrap(),
        "00000000-0000-0000-0000-000000000400"
    );

    let har = export_har(json(
        r#"{"request":{"method":"POST","url":"http://h/x","headers":[{"name":"Authorization","value":"Bearer secret"}],"body":"{}"},"response":{"status":429,"statusText":"","headers":[],"body":""},"startedDateTime":"2026-01-01T00:00:00.000Z","elapsedMs":5}"#,
    ))
    .unwrap();
    assert!(har.contains("Bearer {token}") && !har.contains("secret"));
    assert!(message(&export_har(json("{}")).unwrap_err()).contains("send a request first"));

    let outcome = explain_response(
        "https://graph.microsoft.com/v1.0/x",
        "http://127.0.0.1:8080",
        json(r#"{"status":429,"headers":[{"name":"Retry-After","value":"7"}],"body":""}"#),
        None,
    )
    .unwrap();
    // A 401 points at the token panel only when the token decoded there.
    let refused = |state: &str| {
        let outcome = explain_response(
            "https://graph.microsoft.com/v1.0/x",
            "http://127.0.0.1:8080",
            json(r#"{"status":401,"headers":[],"body":""}"#),
            Some(state.into()),
        )
        .unwrap();
        get(&outcome, &["summary"]).as_string().unwrap()
    };
    assert!(refused("decoded").contains("the token panel shows which claims are suspect"));
    assert!(!refused("unreadable").contains("token panel"));
    assert!(refused("unreadable").contains("not a JWT this page can decode"));
    assert!(refused("none").starts_with("HTTP 401: no token was sent"));
    assert_eq!(get(&outcome, &["retryAfterSeconds"]).as_f64().unwrap(), 7.0);
    assert_eq!(
        get(&outcome, &["location"]).as_string().unwrap(),
        "not-expected"
    );
    let failure = explain_failure("timeout", "http://h/x", "http://h", 1000.0, "").unwrap();
    assert!(get(&failure, &["summary"])
        .as_string()
        .unwrap()
        .contains("within 1 s"));
    assert!(
        message(&explain_failure("gone", "", "", 0.0, "").unwrap_err())
            .contains("unknown failure kind")
    );
}

#[wasm_bindgen_test]
fn pasted_payloads_decode_to_plain_objects_with_located_diagnostics() {
    let text = "{\"value\":[{\"changeType\":\"deleted\",\"resourceUrl\":\"/communications/calls/C/operations/0FE0623FD62842EDB4BD8AC290072CC5\",\n\"resourceData\":{\"@odata.type\":\"#microsoft.graph.recordOperation\",\"status\":\"failed\",\"resultInfo\":{\"code\":400,\"subcode\":8508}}} // a comment\n]}";
    let decoded = mediaops::wasm::decoding::decode_text(text, false, false).unwrap();
    assert_eq!(
        get(&decoded, &["kind"]).as_string().unwrap(),
        "notifications"
    );
    let resource = js_sys::Array::from(&get(&decoded, &["resources"])).get(0);
    assert_eq!(
        get(&resource, &["id"]).as_string().unwrap(),
        "0fe0623f-d628-42ed-b4bd-8ac290072cc5"
    );
    assert_eq!(
        get(&resource, &["resultInfo", "subcode"]).as_f64().unwrap(),
        8508.0
    );
    let warning = js_sys::Array::from(&get(&decoded, &["diagnostics"])).get(0);
    assert_eq!(get(&warning, &["severity"]).as_string().unwrap(), "warning");
    assert_eq!(get(&warning, &["line"]).as_f64().unwrap(), 2.0);

    let strict = mediaops::wasm::decoding::decode_text(text, true, false).unwrap();
    assert_eq!(get(&strict, &["kind"]).as_string().unwrap(), "invalid");
    let error = js_sys::Array::from(&get(&strict, &["diagnostics"])).get(0);
    assert_eq!(get(&error, &["severity"]).as_string().unwrap(), "error");
    assert!(get(&error, &["excerpt"])
        .as_string()
        .unwrap()
        .contains("// a comment"));
}

#[wasm_bindgen_test]
fn decode_overview_hands_the_first_resources_early_then_every_count() {
    use mediaops::wasm::decoding::{decode_overview, decode_text_json};
    let items: Vec<String> = (0..5)
        .map(|i| format!(r##"{{"resourceData":{{"@odata.type":"#microsoft.graph.playPromptOperation","id":"op-{i}","status":"running"}}}}"##))
        .collect();
    let text = format!(
        r##"{{"@odata.type":"#microsoft.graph.commsNotifications","value":[{}]}}"##,
        items.join(",")
    );
    let early = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let seen = early.clone();
    let on_first =
        Closure::<dyn FnMut(JsValue)>::new(move |first: JsValue| seen.borrow_mut().push(first));
    let function: &js_sys::Function = on_first.as_ref().unchecked_ref();
    let overview = decode_overview(&text, false, false, 2, Some(function.clone())).unwrap();
    assert_eq!(get(&overview, &["complete"]), JsValue::TRUE);
    assert_eq!(get(&overview, &["resourceCount"]).as_f64(), Some(5.0));
    assert_eq!(
        js_sys::Array::from(&get(&overview, &["resources"])).length(),
        2
    );
    assert_eq!(
        get(&overview, &["diagnosticCounts", "error"]).as_f64(),
        Some(0.0)
    );
    let early = early.borrow();
    assert_eq!(early.len(), 1);
    assert_eq!(get(&early[0], &["complete"]), JsValue::FALSE);
    let first = js_sys::Array::from(&get(&early[0], &["resources"])).get(1);
    assert_eq!(get(&first, &["id"]).as_string().as_deref(), Some("op-1"));

    // A callback that throws is reported once the decoding is done, not swallowed.
    let throws = js_sys::Function::new_no_args("throw new Error('listener broke')");
    let error = decode_overview(&text, false, false, 2, Some(throws)).unwrap_err();
    assert_eq!(message(&error), "listener broke");

    // The whole decoding as JSON text: every resource.
    let whole: JsValue = decode_text_json(&text, false, false).unwrap().into();
    let parsed = js_sys::JSON::parse(&whole.as_string().unwrap()).unwrap();
    assert_eq!(
        js_sys::Array::from(&get(&parsed, &["resources"])).length(),
        5
    );
}

#[wasm_bindgen_test]
fn redact_payload_returns_the_text_and_what_was_replaced_never_the_values() {
    let text = r#"{"id":"0FE0623FD62842EDB4BD8AC290072CC5","x":"0fe0623f-d628-42ed-b4bd-8ac290072cc5","recordingAccessToken":"secret"}"#;
    let redacted = mediaops::wasm::decoding::redact_text(text).unwrap();
    assert_eq!(
        get(&redacted, &["text"]).as_string().unwrap(),
        r#"{"id":"00000000000000000000000000000001","x":"00000000-0000-0000-0000-000000000001","recordingAccessToken":"redacted-token-1"}"#
    );
    let replacements = js_sys::Array::from(&get(&redacted, &["replacements"]));
    assert_eq!(replacements.length(), 2);
    assert_eq!(
        get(&replacements.get(0), &["kind"]).as_string().unwrap(),
        "guid"
    );
    assert_eq!(
        get(&replacements.get(0), &["occurrences"]).as_f64(),
        Some(2.0)
    );
    assert_eq!(
        get(&redacted, &["summary"]).as_string().unwrap(),
        "Replaced 1 token, 1 GUID (2 times)."
    );
    let json = js_sys::JSON::stringify(&redacted)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(!json.contains("secret\""), "{json}");
}

fn header_value(headers: &JsValue, name: &str) -> Option<String> {
    js_sys::Array::from(headers).iter().find_map(|h| {
        get(&h, &["name"])
            .as_string()
            .filter(|n| n.eq_ignore_ascii_case(name))
            .and_then(|_| get(&h, &["value"]).as_string())
    })
}

#[wasm_bindgen_test]
fn simulate_send_answers_as_the_mock_with_its_faults_and_delays() {
    use mediaops::wasm::simulate::simulate_send;
    let url = |call_id: &str| {
        format!(
            "https://graph.microsoft.com/v1.0/communications/calls/{call_id}/cancelMediaProcessing"
        )
    };
    let bearer = || {
        json(
            r#"[{"name":"Authorization","value":"Bearer x"},{"name":"Content-Type","value":"application/json"}]"#,
        )
    };
    let call = "57dab8b1-894c-409a-b240-bd8beae78896";
    let ok = simulate_send(
        "POST",
        &url(call),
        bearer(),
        r#"{"clientContext":"c-1"}"#,
        1_767_225_600.0,
    )
    .unwrap();
    assert_eq!(get(&ok, &["status"]).as_f64().unwrap(), 200.0);
    let location = header_value(&get(&ok, &["headers"]), "location").unwrap();
    let prefix =
        format!("https://graph.microsoft.com/v1.0/communications/calls/{call}/operations/");
    assert!(location.starts_with(&prefix), "{location}");
    assert_eq!(get(&ok, &["delayMs"]).as_f64().unwrap(), 0.0);
    let resource = js_sys::Array::from(&get(&ok, &["decoded", "resources"])).get(0);
    assert_eq!(
        get(&resource, &["type"]).as_string().unwrap(),
        "cancelMediaProcessingOperation"
    );
    assert_eq!(
        get(&resource, &["clientContext"]).as_string().unwrap(),
        "c-1"
    );
    assert_eq!(
        get(&resource, &["status"]).as_string().unwrap(),
        "completed"
    );
    assert_eq!(
        get(&resource, &["id"]).as_string().unwrap(),
        location.trim_start_matches(&prefix)
    );

    // A reserved call id switches on its fault, exactly as under `mediaops serve`.
    let throttled = simulate_send(
        "POST",
        &url("00000000-0000-0000-0000-000000000429"),
        bearer(),
        "{}",
        0.0,
    )
    .unwrap();
    assert_eq!(get(&throttled, &["status"]).as_f64().unwrap(), 429.0);
    assert_eq!(
        header_value(&get(&throttled, &["headers"]), "retry-after").as_deref(),
        Some("7")
    );
    // The slow fault is a delay the page applies (so Abort and the timeout can cut it short).
    let slow = simulate_send(
        "POST",
        &url("00000000-0000-0000-0000-000000000060"),
        bearer(),
        "{}",
        0.0,
    )
    .unwrap();
    assert_eq!(get(&slow, &["delayMs"]).as_f64().unwrap(), 60_000.0);
    // A Location that CORS would hide is left out, as fetch leaves it out for a page.
    let hidden = simulate_send(
        "POST",
        &url("00000000-0000-0000-0000-000000000002"),
        bearer(),
        "{}",
        0.0,
    )
    .unwrap();
    assert_eq!(get(&hidden, &["status"]).as_f64().unwrap(), 200.0);
    assert_eq!(header_value(&get(&hidden, &["headers"]), "location"), None);
    // The fault header works too, and no token is Graph's 401.
    let faulted = simulate_send(
        "POST",
        &url(call),
        json(r#"[{"name":"Authorization","value":"Bearer x"},{"name":"x-mediaops-fault","value":"503"}]"#),
        "{}",
        0.0,
    )
    .unwrap();
    assert_eq!(get(&faulted, &["status"]).as_f64().unwrap(), 503.0);
    let anonymous = simulate_send("POST", &url(call), json("[]"), "{}", 0.0).unwrap();
    assert_eq!(get(&anonymous, &["status"]).as_f64().unwrap(), 401.0);
    assert_eq!(
        get(&anonymous, &["decoded", "error", "code"])
            .as_string()
            .unwrap(),
        "InvalidAuthenticationToken"
    );
    assert!(
        message(&simulate_send("POST", &url(call), JsValue::from(3), "", 0.0).unwrap_err())
            .starts_with("request headers:")
    );
}

#[wasm_bindgen_test]
fn simulate_request_checks_the_token_as_a_real_send_does() {
    use mediaops::wasm::simulate::simulate_request;
    let call = "57dab8b1-894c-409a-b240-bd8beae78896";
    let answered = simulate_request(input(call, "ctx"), "token", 0.0).unwrap();
    assert_eq!(get(&answered, &["status"]).as_f64().unwrap(), 200.0);
    let location = header_value(&get(&answered, &["headers"]), "location").unwrap();
    assert!(location.starts_with(&format!(
        "https://graph.microsoft.com/beta/communications/calls/{call}/operations/"
    )));
    let refused = simulate_request(input(call, "ctx"), "secret\u{200b}value", 0.0).unwrap_err();
    assert_eq!(get(&refused, &["pointer"]).as_string().unwrap(), "/token");
    assert!(
        !message(&refused).contains("secret"),
        "the message never names the token"
    );
}

#[wasm_bindgen_test]
fn simulate_scenario_returns_the_run_as_plain_objects() {
    use mediaops::wasm::simulate::*;
    let presets = js_sys::Array::from(&simulator_presets().unwrap());
    let first = presets.get(0);
    assert_eq!(
        get(&first, &["id"]).as_string().unwrap(),
        "cancel-during-prompt"
    );
    let scenario = get(&first, &["scenario"]).as_string().unwrap();
    let run = simulate_scenario(&scenario, json(r#"{"seed": 7, "version": "beta"}"#)).unwrap();
    assert_eq!(get(&run, &["version"]).as_string().unwrap(), "beta");
    assert_eq!(get(&run, &["endMs"]).as_f64().unwrap(), 2500.0);
    let lanes = js_sys::Array::from(&get(&run, &["operations"]));
    let outcomes: Vec<String> = lanes
        .iter()
        .map(|lane| get(&lane, &["outcome"]).as_string().unwrap_or_default())
        .collect();
    assert_eq!(
        outcomes,
        ["cancelled", "cancelled", "cancelled", "completed"],
        "three media operations cancelled, then the cancel itself"
    );
    let recording = lanes.get(2);
    assert_eq!(
        get(&recording, &["endedBy"]).as_string(),
        get(&lanes.get(3), &["id"]).as_string()
    );
    let events = js_sys::Array::from(&get(&run, &["events"]));
    let notifications: Vec<JsValue> = events
        .iter()
        .filter(|e| get(e, &["kind"]).as_string().as_deref() == Some("notification"))
        .collect();
    assert_eq!(notifications.len(), 4);
    let last = get(&notifications[3], &["notification"])
        .as_string()
        .unwrap();
    assert!(last.contains("\"subcode\": 8508") && last.contains("operationCanceled"));
    let cancel = events
        .iter()
        .find(|e| {
            get(e, &["summary"])
                .as_string()
                .unwrap_or_default()
                .starts_with("cancelMediaProcessing")
        })
        .unwrap();
    assert_eq!(get(&cancel, &["atMs"]).as_f64().unwrap(), 1500.0);
    assert_eq!(
        get(&cancel, &["exchange", "status"]).as_f64().unwrap(),
        200.0
    );
    // The same scenario and seed give the same run.
    let again = simulate_scenario(&scenario, json(r#"{"seed": 7, "version": "beta"}"#)).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&run).unwrap().as_string(),
        js_sys::JSON::stringify(&again).unwrap().as_string()
    );

    // A bad scenario is diagnostics with line, column and pointer, never a throw.
    let bad = simulate_scenario(
        "[\n  {\"advanceMs\": 10},\n  {\"advanceMs\": \"soon\"}\n]",
        JsValue::UNDEFINED,
    )
    .unwrap();
    let diagnostic = js_sys::Array::from(&get(&bad, &["diagnostics"])).get(0);
    assert_eq!(
        get(&diagnostic, &["severity"]).as_string().unwrap(),
        "error"
    );
    assert_eq!(get(&diagnostic, &["line"]).as_f64().unwrap(), 3.0);
    assert_eq!(
        get(&diagnostic, &["pointer"]).as_string().unwrap(),
        "/1/advanceMs"
    );
    assert_eq!(js_sys::Array::from(&get(&bad, &["events"])).length(), 0);
    assert!(
        message(&simulate_scenario("[]", json(r#"{"version": "v2"}"#)).unwrap_err())
            .contains("unknown version 'v2'")
    );

    let notes = js_sys::Array::from(&simulator_notes().unwrap());
    assert!(notes
        .iter()
        .any(|n| get(&n, &["documented"]).as_bool() == Some(false)));
    assert!(notes
        .iter()
        .all(|n| !get(&n, &["source"]).as_string().unwrap().is_empty()));
}
