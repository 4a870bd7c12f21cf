//! The npm package in `dist/`: a copy of the built `www/` (the page, its ES modules, the wasm)
//! plus `package.json` (name, version and description read from Cargo.toml) and the TypeScript
//! of the module: wasm-bindgen's signatures followed by the value types generated from the Rust
//! types by `mediaops-typescript`. `check` proves it: `tsc --strict` compiles a consumer that uses
//! real field names, refuses each misuse in `tests/typescript/misuse/`, and `npm pack --dry-run`
//! lists the types, the JS and the wasm.

use crate::{path_str, run_collecting, Failure, Result};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the package is written, relative to the repository.
pub const DIST: &str = "dist";

/// The npm package's name.
const NAME: &str = "mediaops";

/// Files every package must hold: the module, its types, the wasm, Compose's first-paint module,
/// the decode worker's module and the element.
const REQUIRED: [&str; 9] = [
    "pkg/mediaops.js",
    "pkg/mediaops.d.ts",
    "pkg/mediaops_bg.wasm",
    "pkg/mediaops_compose.js",
    "pkg/mediaops_compose_bg.wasm",
    "pkg/mediaops_fast.js",
    "pkg/mediaops_fast_bg.wasm",
    "js/core.js",
    "package.json",
];

/// `key = "value"` from the `[package]` table of a Cargo.toml text.
fn package_field(manifest: &str, key: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
            continue;
        }
        if !in_package {
            continue;
        }
        let Some((name, value)) = line.split_once('=') else {
            continue;
        };
        if name.trim() == key {
            let value = value.trim();
            return value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_string);
        }
    }
    None
}

/// The TypeScript of the boundary's value types, printed by `mediaops-typescript`.
fn declarations(root: &Path) -> Result<String> {
    let args = [
        "run",
        "--quiet",
        "--no-default-features",
        "--features",
        "typescript",
        "--bin",
        "mediaops-typescript",
    ];
    eprintln!("$ cargo {}", args.join(" "));
    let output = Command::new("cargo")
        .args(args)
        .current_dir(root)
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Failure(format!("cannot run cargo: {e}")))?;
    if !output.status.success() {
        return Err(Failure(format!(
            "mediaops-typescript exited with {}",
            output.status
        )));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| Failure("mediaops-typescript printed something that is not UTF-8".into()))
}

/// `package.json` for the package in `dist`: the subpaths present there are exported.
fn manifest(dist: &Path, version: &str, description: &str, license: &str) -> Value {
    let mut exports = Map::new();
    exports.insert(
        ".".into(),
        json!({"types": "./pkg/mediaops.d.ts", "default": "./pkg/mediaops.js"}),
    );
    if dist.join("js/element.js").is_file() {
        exports.insert(
            "./element".into(),
            json!({"types": "./js/element.d.ts", "default": "./js/element.js"}),
        );
    }
    for file in [
        "pkg/mediaops_bg.wasm",
        "style.css",
        "embed.html",
        "index.html",
        "docs-example.html",
    ] {
        if dist.join(file).is_file() {
            let subpath = file.trim_start_matches("pkg/");
            exports.insert(format!("./{subpath}"), json!(format!("./{file}")));
        }
    }
    exports.insert("./package.json".into(), json!("./package.json"));
    json!({
        "name": NAME,
        "version": version,
        "description": description,
        "license": license,
        "type": "module",
        "main": "./pkg/mediaops.js",
        "types": "./pkg/mediaops.d.ts",
        "exports": exports,
        "files": [
            "pkg/mediaops.js",
            "pkg/mediaops.d.ts",
            "pkg/mediaops_bg.wasm",
            "pkg/mediaops_bg.wasm.d.ts",
            // Compose's first-paint module, which `js/core.js` loads first.
            "pkg/mediaops_compose.js",
            "pkg/mediaops_compose_bg.wasm",
            // The decode worker's speed-built module.
            "pkg/mediaops_fast.js",
            "pkg/mediaops_fast_bg.wasm",
            "js/",
            "examples/",
            "*.css",
            "*.html",
        ],
        "sideEffects": ["./js/element.js", "./js/embed-frame.js"],
    })
}

/// Writes `dist/` from the built `www/` (run after `build_wasm`); returns its path.
pub fn build_package(root: &Path) -> Result<PathBuf> {
    let manifest_text = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| Failure(format!("cannot read Cargo.toml: {e}")))?;
    let field = |key: &str| {
        package_field(&manifest_text, key)
            .ok_or_else(|| Failure(format!("Cargo.toml's [package] has no {key}")))
    };
    let (version, description, license) =
        (field("version")?, field("description")?, field("license")?);
    let types = declarations(root)?;
    let dist = root.join(DIST);
    if dist.exists() {
        std::fs::remove_dir_all(&dist)
            .map_err(|e| Failure(format!("cannot clear {}: {e}", dist.display())))?;
    }
    crate::bench::copy_dir(&root.join("www"), &dist)?;
    let signatures_path = dist.join("pkg/mediaops.d.ts");
    let signatures = std::fs::read_to_string(&signatures_path).map_err(|e| {
        Failure(format!(
            "{}: {e} (wasm-bindgen writes it)",
            signatures_path.display()
        ))
    })?;
    let combined = format!(
        "{signatures}\n// The values those functions take and return, generated from the Rust types by\n\
         // mediaops-typescript (ts-rs): they change when the Rust types do.\n\n{types}"
    );
    std::fs::write(&signatures_path, combined)
        .map_err(|e| Failure(format!("{}: {e}", signatures_path.display())))?;
    let package_json = manifest(&dist, &version, &description, &license);
    let text = serde_json::to_string_pretty(&package_json).map_err(|e| Failure(e.to_string()))?;
    std::fs::write(dist.join("package.json"), text + "\n")
        .map_err(|e| Failure(format!("cannot write package.json: {e}")))?;
    eprintln!("npm package {NAME}@{version} in {}", dist.display());
    Ok(dist)
}

/// One check's outcome, printed as cargo test prints one.
struct Checks {
    passed: u64,
    failed: Vec<String>,
}

impl Checks {
    fn record(&mut self, name: &str, outcome: std::result::Result<(), String>) {
        match outcome {
            Ok(()) => {
                println!("test package::{name} ... ok");
                self.passed += 1;
            }
            Err(why) => {
                println!("test package::{name} ... FAILED\n{why}");
                self.failed.push(name.to_string());
            }
        }
    }
}

/// A TypeScript project in `target/typescript/<name>` that sees `dist` as `node_modules/mediaops`
/// (through its `exports`, as an installed package) and holds `source` as its one file.
fn project(root: &Path, dist: &Path, name: &str, source: &Path) -> Result<PathBuf> {
    let dir = root.join("target/typescript").join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| Failure(format!("{}: {e}", dir.display())))?;
    }
    std::fs::create_dir_all(dir.join("node_modules"))
        .map_err(|e| Failure(format!("{}: {e}", dir.display())))?;
    std::os::unix::fs::symlink(dist, dir.join("node_modules").join(NAME))
        .map_err(|e| Failure(format!("cannot link the package: {e}")))?;
    std::fs::copy(source, dir.join("index.ts"))
        .map_err(|e| Failure(format!("{}: {e}", source.display())))?;
    let tsconfig = json!({
        "compilerOptions": {
            "target": "es2022",
            "module": "nodenext",
            "moduleResolution": "nodenext",
            "lib": ["es2022", "dom", "dom.iterable"],
            "types": [],
            "skipLibCheck": false,
        },
        "files": ["index.ts"],
    });
    std::fs::write(dir.join("tsconfig.json"), tsconfig.to_string())
        .map_err(|e| Failure(format!("cannot write tsconfig.json: {e}")))?;
    // An ES module consumer, as a browser app is (top-level await, `exports` conditions).
    std::fs::write(
        dir.join("package.json"),
        json!({"private": true, "type": "module"}).to_string(),
    )
    .map_err(|e| Failure(format!("cannot write package.json: {e}")))?;
    Ok(dir)
}

/// Runs `tsc --strict --noEmit` on a project: its success and what it printed.
fn tsc(tsc: &Path, dir: &Path) -> Result<(bool, String)> {
    let (status, output) = run_collecting(
        dir,
        path_str(tsc)?,
        &[
            "-p",
            "tsconfig.json",
            "--strict",
            "--noEmit",
            "--pretty",
            "false",
        ],
        &[],
    )?;
    Ok((status.success(), output))
}

/// What a misuse file's `// expect TSnnnn 'name' why` line asks: the error code tsc must report
/// and, when quoted, a name that the same error line must mention.
fn expected_error(source: &str) -> Option<(&str, Option<&str>)> {
    let rest = source
        .lines()
        .find_map(|l| l.trim().strip_prefix("// expect "))?;
    let (code, rest) = rest.trim().split_once(' ').unwrap_or((rest.trim(), ""));
    let quoted = rest
        .trim()
        .strip_prefix('\'')
        .and_then(|r| r.split_once('\''))
        .map(|(name, _)| name);
    Some((code, quoted))
}

/// Whether tsc's output has an error line with `code` (and `name` in quotes, when given).
fn reports(output: &str, code: &str, name: Option<&str>) -> bool {
    output.lines().any(|line| {
        line.contains(&format!("error {code}:"))
            && name.is_none_or(|name| line.contains(&format!("'{name}'")))
    })
}

/// What `npm pack --dry-run --json` would put in the tarball: its name, version and file paths.
fn packed_files(dist: &Path) -> std::result::Result<(String, String, Vec<String>), String> {
    let output = Command::new("npm")
        .args(["pack", "--dry-run", "--json", "--ignore-scripts"])
        .current_dir(dist)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "npm pack exited with {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let listing: Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("npm pack --json printed no JSON: {e}"))?;
    let entry = &listing[0];
    let files = entry["files"]
        .as_array()
        .ok_or("npm pack --json listed no files")?
        .iter()
        .filter_map(|f| f["path"].as_str().map(str::to_string))
        .collect();
    let text = |key: &str| entry[key].as_str().unwrap_or_default().to_string();
    Ok((text("name"), text("version"), files))
}

/// Every file an `exports` entry of `package.json` points at.
fn export_targets(manifest: &Value) -> Vec<String> {
    let mut targets = Vec::new();
    let mut push = |value: &Value| {
        if let Some(path) = value.as_str() {
            targets.push(path.trim_start_matches("./").to_string());
        }
    };
    if let Some(exports) = manifest["exports"].as_object() {
        for target in exports.values() {
            match target.as_object() {
                Some(conditions) => conditions.values().for_each(&mut push),
                None => push(target),
            }
        }
    }
    targets
}

/// The `.ts` files directly in `dir`, sorted; none is a failure (a check that runs nothing).
fn ts_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Failure(format!("{}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ts"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Failure(format!("{} holds no .ts file", dir.display())));
    }
    Ok(files)
}

/// A file's name without `.ts`, as a test name (`event-detail` → `event_detail`).
fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().replace('-', "_"))
        .unwrap_or_default()
}

/// The package's checks; returns (passed, failed) for the test summary.
pub fn check(root: &Path, dist: &Path, tsc_path: &Path) -> Result<(u64, u64)> {
    let mut checks = Checks {
        passed: 0,
        failed: Vec::new(),
    };
    let cases = root.join("tests/typescript");

    for consumer in &ts_files(&cases)? {
        let stem = stem_of(consumer);
        let dir = project(root, dist, &stem, consumer)?;
        let (ok, output) = tsc(tsc_path, &dir)?;
        checks.record(
            &format!("tsc_strict_compiles_{stem}"),
            ok.then_some(()).ok_or(output),
        );
    }

    for misuse in &ts_files(&cases.join("misuse"))? {
        let stem = stem_of(misuse);
        let source = std::fs::read_to_string(misuse)
            .map_err(|e| Failure(format!("{}: {e}", misuse.display())))?;
        let outcome = match expected_error(&source) {
            None => Err(format!(
                "{} has no `// expect TSnnnn` line",
                misuse.display()
            )),
            Some((code, name)) => {
                let dir = project(root, dist, &format!("misuse-{stem}"), misuse)?;
                let (ok, output) = tsc(tsc_path, &dir)?;
                if ok {
                    Err(format!(
                        "tsc accepted {}: the types let this misuse through",
                        misuse.display()
                    ))
                } else if !reports(&output, code, name) {
                    Err(format!(
                        "tsc refused {} but not with {code} about {}:\n{output}",
                        misuse.display(),
                        name.unwrap_or("anything")
                    ))
                } else {
                    Ok(())
                }
            }
        };
        checks.record(&format!("tsc_refuses_{stem}"), outcome);
    }

    let manifest_text = std::fs::read_to_string(dist.join("package.json"))
        .map_err(|e| Failure(format!("dist/package.json: {e}")))?;
    let manifest: Value = serde_json::from_str(&manifest_text)
        .map_err(|e| Failure(format!("dist/package.json: {e}")))?;
    let cargo = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let outcome = packed_files(dist).and_then(|(name, version, files)| {
        let mut missing: Vec<String> = REQUIRED
            .iter()
            .map(|f| f.to_string())
            .chain(export_targets(&manifest))
            .filter(|f| !files.contains(f))
            .collect();
        missing.sort();
        missing.dedup();
        if !missing.is_empty() {
            return Err(format!(
                "npm pack leaves out {}; it lists: {}",
                missing.join(", "),
                files.join(", ")
            ));
        }
        if name != NAME || Some(version.clone()) != package_field(&cargo, "version") {
            return Err(format!(
                "npm pack made {name}@{version}, not {NAME} at Cargo.toml's version"
            ));
        }
        if let Some(stray) = files
            .iter()
            .find(|f| f.ends_with(".ts") && !f.ends_with(".d.ts"))
        {
            return Err(format!("npm pack would ship the source file {stray}"));
        }
        Ok(())
    });
    checks.record("npm_pack_lists_the_types_the_js_and_the_wasm", outcome);

    let failed = checks.failed.len() as u64;
    let verdict = if failed == 0 { "ok" } else { "FAILED" };
    println!(
        "test result: {verdict}. {} passed; {failed} failed",
        checks.passed
    );
    Ok((checks.passed, failed))
}

#[cfg(test)]
mod tests {
    use super::{expected_error, export_targets, package_field, reports};
    use serde_json::json;

    #[test]
    fn reads_the_package_table_only() {
        let manifest = "[workspace]\nversion = \"9.9.9\"\n\n[package]\nname = \"mediaops\"\n\
                        version = \"0.1.0\"\ndescription = \"A = B\"\n\n[dependencies]\nversion = \"1\"\n";
        assert_eq!(package_field(manifest, "version").as_deref(), Some("0.1.0"));
        assert_eq!(
            package_field(manifest, "description").as_deref(),
            Some("A = B")
        );
        assert_eq!(package_field(manifest, "license"), None);
    }

    #[test]
    fn reads_the_expected_error_and_every_export_target() {
        assert_eq!(
            expected_error("// expect TS2339 'colour' has no such field\nx"),
            Some(("TS2339", Some("colour")))
        );
        assert_eq!(
            expected_error("// expect TS2322 no name"),
            Some(("TS2322", None))
        );
        assert_eq!(expected_error("const x = 1;"), None);
        let output = "index.ts(3,9): error TS2339: Property 'colour' does not exist on type 'X'.";
        assert!(reports(output, "TS2339", Some("colour")));
        assert!(!reports(output, "TS2339", Some("detail")));
        assert!(!reports(output, "TS2551", None));
        let manifest = json!({"exports": {
            ".": {"types": "./pkg/mediaops.d.ts", "default": "./pkg/mediaops.js"},
            "./style.css": "./style.css",
        }});
        assert_eq!(
            export_targets(&manifest),
            ["pkg/mediaops.d.ts", "pkg/mediaops.js", "style.css"]
        );
    }
}
