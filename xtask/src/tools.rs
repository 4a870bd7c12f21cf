//! Installs what the build and the tests need, only when it is missing.

use crate::{run, Failure, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian's ChromeDriver.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Debian's Chromium (never a browser a test tool downloads).
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// binaryen from npm: Debian's wasm-opt 108 writes modules that fail to instantiate.
const BINARYEN_NPM: &str = "binaryen@132.0.0";
/// axe-core, the accessibility checker the e2e tests run in the page (no browser download).
const AXE_NPM: &str = "axe-core@4.14.1";
/// TypeScript, whose `tsc --strict` compiles a consumer against the npm package's types.
const TYPESCRIPT_NPM: &str = "typescript@5.9.3";

fn output_of(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `rustup target add wasm32-unknown-unknown` when it is not installed.
pub fn ensure_wasm_target(root: &Path) -> Result {
    let installed = output_of("rustup", &["target", "list", "--installed"]).unwrap_or_default();
    if installed
        .lines()
        .any(|l| l.trim() == "wasm32-unknown-unknown")
    {
        return Ok(());
    }
    run(
        root,
        "rustup",
        &["target", "add", "wasm32-unknown-unknown"],
        &[],
    )
}

/// The wasm-bindgen version pinned in Cargo.lock.
fn locked_wasm_bindgen_version(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| Failure(format!("cannot read Cargo.lock: {e}")))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err(Failure("Cargo.lock does not pin wasm-bindgen".into()))
}

/// The wasm-bindgen CLI at exactly the version in Cargo.lock; returns its path.
pub fn ensure_wasm_bindgen(root: &Path) -> Result<String> {
    let version = locked_wasm_bindgen_version(root)?;
    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    let binary = cargo_home.join("bin/wasm-bindgen");
    let binary_str = binary.to_string_lossy().into_owned();
    let current = output_of(&binary_str, &["--version"]).unwrap_or_default();
    if current.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(binary_str);
    }
    eprintln!(
        "xtask: installing wasm-bindgen-cli {version} (found: {})",
        current.trim()
    );
    // No --locked: the registry mirror lacks some of the newest transitive versions.
    run(
        root,
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &version,
            "--force",
        ],
        &[],
    )?;
    Ok(binary_str)
}

/// cargo-fuzz, for `cargo xtask fuzz`; pinned so every machine fuzzes the same way.
const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// The nightly toolchain cargo-fuzz needs (`-Z sanitizer`); it cannot be downloaded here, so a
/// machine without it gets a clear message instead of an attempt.
pub fn ensure_nightly() -> Result {
    let toolchains = output_of("rustup", &["toolchain", "list"]).unwrap_or_default();
    if toolchains.lines().any(|l| l.starts_with("nightly")) {
        return Ok(());
    }
    Err(Failure(
        "cargo xtask fuzz needs a nightly toolchain (cargo-fuzz builds with -Z sanitizer): \
         install one with `rustup toolchain install nightly`"
            .into(),
    ))
}

/// cargo-fuzz at [`CARGO_FUZZ_VERSION`], installed from crates.io when missing or different.
pub fn ensure_cargo_fuzz(root: &Path) -> Result {
    let current = output_of("cargo", &["fuzz", "--version"]).unwrap_or_default();
    if current.split_whitespace().nth(1) == Some(CARGO_FUZZ_VERSION) {
        return Ok(());
    }
    eprintln!(
        "xtask: installing cargo-fuzz {CARGO_FUZZ_VERSION} (found: {})",
        current.trim()
    );
    run(
        root,
        "cargo",
        &[
            "install",
            "cargo-fuzz",
            "--version",
            CARGO_FUZZ_VERSION,
            "--force",
        ],
        &[],
    )
}

/// What the build and the tests take from npm, installed under `.tools/npm`.
pub struct NpmTools {
    /// wasm-opt from the npm `binaryen` package.
    pub wasm_opt: PathBuf,
    /// axe-core's browser bundle, which the accessibility e2e test injects into the page.
    pub axe: PathBuf,
    /// TypeScript's compiler, for the package's type checks.
    pub tsc: PathBuf,
}

/// Installs the npm tools when any is missing or at another version (in one `npm install`, so
/// none prunes the others) and returns their paths.
pub fn ensure_npm_tools(root: &Path) -> Result<NpmTools> {
    let prefix = root.join(".tools/npm");
    let tools = NpmTools {
        wasm_opt: prefix.join("node_modules/.bin/wasm-opt"),
        axe: prefix.join("node_modules/axe-core/axe.min.js"),
        tsc: prefix.join("node_modules/.bin/tsc"),
    };
    let version = |package: &str| package.rsplit('@').next().unwrap_or_default().to_string();
    let wasm_opt_version =
        output_of(&tools.wasm_opt.to_string_lossy(), &["--version"]).unwrap_or_default();
    let has_version = |package: &str, npm: &str| {
        std::fs::read_to_string(prefix.join(format!("node_modules/{package}/package.json")))
            .unwrap_or_default()
            .contains(&format!("\"version\": \"{}\"", version(npm)))
    };
    let have_wasm_opt = wasm_opt_version.contains(&format!("version {}", version(BINARYEN_NPM)));
    let have_axe = has_version("axe-core", AXE_NPM) && tools.axe.is_file();
    let have_tsc = has_version("typescript", TYPESCRIPT_NPM) && tools.tsc.is_file();
    if have_wasm_opt && have_axe && have_tsc {
        return Ok(tools);
    }
    std::fs::create_dir_all(&prefix)
        .map_err(|e| Failure(format!("cannot create {}: {e}", prefix.display())))?;
    let prefix_str = prefix.to_string_lossy().into_owned();
    run(
        root,
        "npm",
        &[
            "install",
            "--prefix",
            &prefix_str,
            "--no-audit",
            "--no-fund",
            "--no-save",
            BINARYEN_NPM,
            AXE_NPM,
            TYPESCRIPT_NPM,
        ],
        &[],
    )?;
    Ok(tools)
}

/// Debian's chromium and chromium-driver, installed with apt-get when absent.
pub fn ensure_browser() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian chromium and chromium-driver");
    let root = Path::new("/");
    run(root, "apt-get", &["update", "-qq"], &[])?;
    run(
        root,
        "apt-get",
        &["install", "-y", "-qq", "chromium", "chromium-driver"],
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )
}

/// Debian's jq, which `cargo xtask bench` compares the CLI with; installed when absent.
pub fn ensure_jq(root: &Path) -> Result<String> {
    const JQ: &str = "/usr/bin/jq";
    if Path::new(JQ).exists() {
        return Ok(JQ.to_string());
    }
    eprintln!("xtask: installing Debian jq");
    run(root, "apt-get", &["update", "-qq"], &[])?;
    run(
        root,
        "apt-get",
        &["install", "-y", "-qq", "jq"],
        &[("DEBIAN_FRONTEND", "noninteractive")],
    )?;
    Ok(JQ.to_string())
}

/// Chromium flags for this machine: root needs no sandbox; there is no internet.
pub const CHROMIUM_ARGS: [&str; 7] = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

/// The capabilities file wasm-bindgen-test-runner reads; returns its path.
pub fn write_webdriver_json(root: &Path) -> Result<PathBuf> {
    let args: Vec<String> = CHROMIUM_ARGS.iter().map(|a| format!("\"{a}\"")).collect();
    let json = format!(
        "{{\"goog:chromeOptions\": {{\"binary\": \"{CHROMIUM}\", \"args\": [{}]}}}}\n",
        args.join(", ")
    );
    let path = root.join("target/webdriver.json");
    std::fs::create_dir_all(root.join("target")).map_err(|e| Failure(e.to_string()))?;
    std::fs::write(&path, json)
        .map_err(|e| Failure(format!("cannot write {}: {e}", path.display())))?;
    Ok(path)
}
