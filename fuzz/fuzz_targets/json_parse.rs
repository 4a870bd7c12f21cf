//! The `json_parse` target: see `mediaops_fuzz::targets::json_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::json_parse(data));
