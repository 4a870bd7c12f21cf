//! The `mock_handle` target: see `mediaops_fuzz::targets::mock_handle`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::mock_handle(data));
