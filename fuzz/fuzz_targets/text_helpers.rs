//! The `text_helpers` target: see `mediaops_fuzz::targets::text_helpers`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::text_helpers(data));
