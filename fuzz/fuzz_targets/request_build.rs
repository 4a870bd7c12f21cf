//! The `request_build` target: see `mediaops_fuzz::targets::request_build`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::request_build(data));
