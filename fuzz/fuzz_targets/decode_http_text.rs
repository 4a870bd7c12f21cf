//! The `decode_http_text` target: see `mediaops_fuzz::targets::decode_http_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::decode_http_text(data));
