//! The `decode_text` target: see `mediaops_fuzz::targets::decode_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::decode_text(data));
