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
    let decoded = wasm_api::decode_response(200, headers.into(), "{\n  \"id\": }").unwrap();
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
