//! The `token_decode` target: see `mediaops_fuzz::targets::token_decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::token_decode(data));
