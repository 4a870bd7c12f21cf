//! The `simulate_scenario` target: see `mediaops_fuzz::targets::simulate_scenario`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mediaops_fuzz::targets::simulate_scenario(data));
