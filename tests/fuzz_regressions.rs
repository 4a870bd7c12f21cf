//! The fuzz targets' checks (fuzz/src, the same code `cargo xtask fuzz` runs on nightly) on the
//! stable toolchain: over every seed in fuzz/seeds/<target>/, and over each input a fuzzer ever
//! crashed on, kept here as bytes with the fix it led to.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod fuzz;

use fuzz::targets::{Target, TARGETS};
use std::path::Path;

/// The target named `name` (the regression tests below use it for the inputs they keep).
fn target(name: &str) -> Target {
    TARGETS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
        .unwrap_or_else(|| panic!("no fuzz target {name}"))
}

#[test]
fn every_seed_passes_its_target() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds");
    for (name, run) in TARGETS {
        let dir = seeds.join(name);
        let mut count = 0;
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.expect("a directory entry").path();
            let bytes = std::fs::read(&path).expect("a seed file");
            let outcome = std::panic::catch_unwind(|| run(&bytes));
            assert!(outcome.is_ok(), "{name} fails on seed {}", path.display());
            count += 1;
        }
        assert!(count >= 5, "{name} has only {count} seeds");
    }
}

/// text_helpers, found in 7,000 runs: `origin_of` took `a a tps://gra apode /` for a URL and
/// gave an origin with a space in it (and a different one when read again). An origin has a
/// scheme of letters, digits, `+`, `-` and `.` and a host without whitespace, else there is none.
#[test]
fn an_origin_has_no_whitespace() {
    target("text_helpers")(b"x://h /");
    use mediaops::compose::exchange::origin_of;
    assert_eq!(origin_of("a a tps://graph.microsoft.com/v1.0"), None);
    assert_eq!(origin_of("https://gra apode/x"), None);
    assert_eq!(origin_of("https://h\t:8080/x"), None);
    assert_eq!(
        origin_of("  HTTPS://User@Graph.Microsoft.com:443/v1.0 ").as_deref(),
        Some("https://graph.microsoft.com")
    );
}
