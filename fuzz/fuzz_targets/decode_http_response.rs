//! The `decode_http_response` target: see `mediaops_fuzz::targets::decode_http_response`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::decode_http_response(data));
