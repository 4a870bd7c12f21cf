//! Repository automation: `cargo xtask serve | test | build | bench | size | fuzz`.
//! Every step is a visible command; tools that are missing are installed first.

mod bench;
mod fuzz;
mod package;
mod size;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

const USAGE: &str = "\
cargo xtask <command>

  serve [--port N] [--host H]   install what is missing, build the wasm, serve the playground
                                with its mock Graph endpoint (default http://127.0.0.1:8080)
  test                          install what is missing and run every test: fmt, clippy (host and
                                wasm32), native, wasm in headless Chromium, browser end-to-end
  build                         build the optimized wasm into www/pkg and report its size;
                                write the npm package (www/ + package.json + types) into dist/
  package                       build, then check the npm package in dist/ (tsc --strict on a
                                TypeScript consumer and its misuses, npm pack --dry-run)
  bench [--skip-native|--skip-page|--skip-cli]
                                every performance figure in one run (criterion, the page in
                                headless Chromium, the CLI against jq): a table and
                                target/bench/report.json
  size                          what a page downloads (html, js, css, wasm; gzipped): the full
                                page, and an embedding page's first and further elements
  fuzz [--seconds N] [--target T]
                                install cargo-fuzz if missing, run every fuzz target (or T) for N
                                seconds each (default 30), one after another on nightly; report
                                executions and crashes per target; fail on any crash
";

/// A failed step, with what to do about it.
#[derive(Debug)]
pub struct Failure(pub String);

pub type Result<T = ()> = std::result::Result<T, Failure>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = repo_root();
    let outcome = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, &args[1..]),
        Some("test") => test(&root),
        Some("build") => build_wasm(&root).and_then(|_| package::build_package(&root).map(|_| ())),
        Some("package") => check_package(&root),
        Some("bench") => bench::bench(&root, &args[1..]),
        Some("size") => size::size(&root),
        Some("fuzz") => fuzz::fuzz(&root, &args[1..]),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("\nxtask: FAILED: {message}");
            ExitCode::FAILURE
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command in `dir`, echoing it, failing on a non-zero exit.
pub fn run(dir: &Path, program: &str, args: &[&str], envs: &[(&str, &str)]) -> Result {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(envs.iter().copied())
        .status()
        .map_err(|e| Failure(format!("cannot run {program}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(Failure(format!(
            "`{program} {}` exited with {status}",
            args.join(" ")
        )))
    }
}

/// Runs a command, echoing its output live, and returns stdout+stderr for counting tests.
pub fn run_captured(
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
) -> Result<String> {
    let (status, output) = run_collecting(dir, program, args, envs)?;
    if status.success() {
        Ok(output)
    } else {
        Err(Failure(format!(
            "`{program} {}` exited with {status}",
            args.join(" ")
        )))
    }
}

/// Runs a command, echoing its output live, and returns its exit status with stdout+stderr,
/// whatever the status (the fuzz report needs the output of a run that found a crash).
pub fn run_collecting(
    dir: &Path,
    program: &str,
    args: &[&str],
    envs: &[(&str, &str)],
) -> Result<(std::process::ExitStatus, String)> {
    use std::io::{BufRead, BufReader};
    eprintln!("$ {program} {}", args.join(" "));
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(envs.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| Failure(format!("cannot run {program}: {e}")))?;
    let stderr = child.stderr.take();
    let err_thread = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(stderr) = stderr {
            for line in BufReader::new(stderr).lines().map_while(|l| l.ok()) {
                eprintln!("{line}");
                text.push_str(&line);
                text.push('\n');
            }
        }
        text
    });
    let mut output = String::new();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
            println!("{line}");
            output.push_str(&line);
            output.push('\n');
        }
    }
    output.push_str(&err_thread.join().unwrap_or_default());
    let status = child
        .wait()
        .map_err(|e| Failure(format!("cannot wait for {program}: {e}")))?;
    Ok((status, output))
}

/// Sums `N passed` / `N failed` over every `test result:` line (cargo test and wasm-bindgen-test).
fn count_tests(output: &str) -> (u64, u64) {
    let number_before = |line: &str, word: &str| -> u64 {
        line.split(';')
            .find_map(|part| {
                let part = part
                    .trim()
                    .trim_start_matches("test result: ok.")
                    .trim_start_matches("test result: FAILED.")
                    .trim();
                part.strip_suffix(word)?.trim().parse().ok()
            })
            .unwrap_or(0)
    };
    output
        .lines()
        .filter(|l| l.trim_start().starts_with("test result:"))
        .fold((0, 0), |(p, f), line| {
            (
                p + number_before(line, "passed"),
                f + number_before(line, "failed"),
            )
        })
}

/// Builds the wasm: cargo → wasm-bindgen (web target) → wasm-opt -Oz. Returns the module path.
/// The wasm modules, each built from the crate with its profile, features and wasm-opt level and
/// written to `www/pkg/<name>.js` + `<name>_bg.wasm`: Compose's first paint (small), the whole
/// module the rest of the page (and Compose's first Send) loads when it first needs it (small),
/// and the same whole crate optimised for speed, which only the decode worker loads. The last
/// field says whether the module uses wasm SIMD (`simd128`): the worker's does, 6-9% faster at
/// decodeOverview on the bench batch than without it, side by side in one page (and 4 KB
/// smaller); a browser without it decodes with the whole module instead (decode-worker.js).
pub const WASM_MODULES: [(&str, &str, &[&str], &str, bool); 3] = [
    (
        "mediaops_compose",
        "wasm-release",
        &["--features", "compose-module"],
        "-Oz",
        false,
    ),
    ("mediaops", "wasm-release", &[], "-Oz", false),
    ("mediaops_fast", "wasm-fast", &[], "-O3", true),
];

fn build_wasm(root: &Path) -> Result<PathBuf> {
    tools::ensure_wasm_target(root)?;
    let wasm_bindgen = tools::ensure_wasm_bindgen(root)?;
    let wasm_opt = tools::ensure_npm_tools(root)?.wasm_opt;
    let pkg = root.join("www/pkg");
    // Both builds share one target directory (the dependencies are compiled once); each links
    // its own `mediaops.wasm`, so it goes through wasm-bindgen before the next build replaces it.
    for (name, profile, features, level, simd) in WASM_MODULES {
        let mut args = vec![
            "build",
            "--lib",
            "--profile",
            profile,
            "--no-default-features",
            "--target",
            "wasm32-unknown-unknown",
        ];
        args.extend_from_slice(features);
        // Only this profile's artifacts see the flag (each profile has its own directory).
        let rustflags: &[(&str, &str)] = if simd {
            &[(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                "-C target-feature=+simd128",
            )]
        } else {
            &[]
        };
        run(root, "cargo", &args, rustflags)?;
        let input = root.join(format!(
            "target/wasm32-unknown-unknown/{profile}/mediaops.wasm"
        ));
        run(
            root,
            &wasm_bindgen,
            &[
                "--target",
                "web",
                "--out-name",
                name,
                "--out-dir",
                path_str(&pkg)?,
                path_str(&input)?,
            ],
            &[],
        )?;
        let module = pkg.join(format!("{name}_bg.wasm"));
        let optimized = pkg.join(format!("{name}_bg.opt.wasm"));
        let mut opt_args = vec![
            level,
            "--strip-debug",
            "--strip-producers",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
        ];
        if simd {
            opt_args.push("--enable-simd");
        }
        opt_args.extend([path_str(&module)?, "-o", path_str(&optimized)?]);
        run(root, path_str(&wasm_opt)?, &opt_args, &[])?;
        std::fs::rename(&optimized, &module)
            .map_err(|e| Failure(format!("cannot replace the module: {e}")))?;
    }
    report_size(root)?;
    Ok(pkg.join("mediaops_bg.wasm"))
}

fn path_str(path: &Path) -> Result<&str> {
    path.to_str()
        .ok_or_else(|| Failure(format!("path is not UTF-8: {}", path.display())))
}

/// The gzip -9 size of `bytes`: what a server compressing the response sends.
pub fn gzip_len(bytes: &[u8]) -> Result<u64> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .map_err(|e| Failure(e.to_string()))?;
    Ok(encoder.finish().map_err(|e| Failure(e.to_string()))?.len() as u64)
}

/// The gzipped sizes of the wasm modules, in `WASM_MODULES` order.
pub struct WasmSizes {
    pub first_paint: u64,
    pub whole: u64,
    pub worker: u64,
}

/// Prints raw and gzipped size of each shipped module.
fn report_size(root: &Path) -> Result<WasmSizes> {
    let mut sizes = [0; WASM_MODULES.len()];
    for ((name, ..), size) in WASM_MODULES.iter().zip(&mut sizes) {
        let module = root.join(format!("www/pkg/{name}_bg.wasm"));
        let bytes = std::fs::read(&module)
            .map_err(|e| Failure(format!("{}: {e} (run cargo xtask build)", module.display())))?;
        *size = gzip_len(&bytes)?;
        eprintln!(
            "wasm size: {} bytes raw, {} bytes gzipped ({})",
            bytes.len(),
            size,
            module.display()
        );
    }
    let [first_paint, whole, worker] = sizes;
    Ok(WasmSizes {
        first_paint,
        whole,
        worker,
    })
}

/// `cargo xtask package`: the build, the package and its checks, without the rest of the tests.
fn check_package(root: &Path) -> Result {
    build_wasm(root)?;
    let tsc = tools::ensure_npm_tools(root)?.tsc;
    let dist = package::build_package(root)?;
    match package::check(root, &dist, &tsc)? {
        (_, 0) => Ok(()),
        (_, failed) => Err(Failure(format!("{failed} package checks failed"))),
    }
}

fn serve(root: &Path, args: &[String]) -> Result {
    build_wasm(root)?;
    run(root, "cargo", &["build", "--bin", "mediaops"], &[])?;
    let binary = root.join("target/debug/mediaops");
    let mut serve_args = vec![
        "serve".to_string(),
        "--dir".to_string(),
        path_str(&root.join("www"))?.to_string(),
    ];
    serve_args.extend(args.iter().cloned());
    let refs: Vec<&str> = serve_args.iter().map(String::as_str).collect();
    run(root, path_str(&binary)?, &refs, &[])
}

fn test(root: &Path) -> Result {
    let started = std::time::Instant::now();
    tools::ensure_browser()?;
    run(root, "cargo", &["fmt", "--all", "--check"], &[])?;
    run(
        root,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--features",
            "mediaops/typescript",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    tools::ensure_wasm_target(root)?;
    run(
        root,
        "cargo",
        &[
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--lib",
            "--tests",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;

    let mut layers = Vec::new();
    let native = run_captured(
        root,
        "cargo",
        &[
            "test",
            "--workspace",
            "--exclude",
            "mediaops-e2e",
            "--features",
            "mediaops/typescript",
        ],
        &[],
    )?;
    layers.push(("native", count_tests(&native)));

    let wasm_bindgen = tools::ensure_wasm_bindgen(root)?;
    let runner = Path::new(&wasm_bindgen).with_file_name("wasm-bindgen-test-runner");
    let webdriver_json = tools::write_webdriver_json(root)?;
    let wasm = run_captured(
        root,
        "cargo",
        &[
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "--no-default-features",
            "--test",
            "wasm",
        ],
        &[
            (
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                path_str(&runner)?,
            ),
            (
                "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
                path_str(&webdriver_json)?,
            ),
            ("CHROMEDRIVER", tools::CHROMEDRIVER),
            ("WASM_BINDGEN_TEST_TIMEOUT", "60"),
        ],
    )?;
    layers.push(("wasm (headless Chromium)", count_tests(&wasm)));

    build_wasm(root)?;
    let npm_tools = tools::ensure_npm_tools(root)?;
    let dist = package::build_package(root)?;
    layers.push((
        "npm package (tsc --strict, npm pack)",
        package::check(root, &dist, &npm_tools.tsc)?,
    ));

    run(root, "cargo", &["build", "--bin", "mediaops"], &[])?;
    let binary = root.join("target/debug/mediaops");
    let e2e = run_captured(
        root,
        "cargo",
        &[
            "test",
            "--package",
            "mediaops-e2e",
            "--",
            "--test-threads",
            "1",
        ],
        &[
            ("MEDIAOPS_BIN", path_str(&binary)?),
            ("MEDIAOPS_WWW", path_str(&root.join("www"))?),
            ("CHROMEDRIVER", tools::CHROMEDRIVER),
            ("CHROMIUM", tools::CHROMIUM),
            ("MEDIAOPS_AXE", path_str(&npm_tools.axe)?),
        ],
    )?;
    layers.push(("end-to-end (browser)", count_tests(&e2e)));

    let (mut passed, mut failed) = (0, 0);
    eprintln!("\nxtask test summary ({} s):", started.elapsed().as_secs());
    for (name, (p, f)) in &layers {
        eprintln!("  {name}: {p} passed, {f} failed");
        passed += p;
        failed += f;
    }
    if let Some((name, _)) = layers.iter().find(|(_, (p, _))| *p == 0) {
        return Err(Failure(format!(
            "the {name} layer ran no test: a suite that runs nothing must fail"
        )));
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        return Err(Failure(format!("{failed} tests failed")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::count_tests;

    #[test]
    fn counts_cargo_and_wasm_bindgen_test_results() {
        let output = "test result: ok. 16 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s\n\
                      test result: FAILED. 3 passed; 2 failed; 0 ignored\n\
                      running 0 tests\ntest result: ok. 0 passed; 0 failed; 0 ignored";
        assert_eq!(count_tests(output), (19, 2));
        assert_eq!(count_tests("nothing here"), (0, 0));
    }
}
