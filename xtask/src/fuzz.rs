//! `cargo xtask fuzz`: every cargo-fuzz target in fuzz/, one after another, each for a fixed
//! time on one core, with executions and crashes reported per target.

use crate::{path_str, run, run_collecting, tools, Failure, Result};
use std::collections::BTreeSet;
use std::path::Path;

/// Seconds per target when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 30;

/// The core is safe Rust (no `unsafe` in src/), so AddressSanitizer would only halve the
/// executions; overflow checks and debug assertions stay on (cargo-fuzz's default).
const SANITIZER: [&str; 2] = ["--sanitizer", "none"];

/// What one target's run came to.
struct Report {
    target: String,
    executions: Option<u64>,
    /// Inputs libFuzzer saved under fuzz/artifacts/<target>/ during this run.
    crashes: Vec<String>,
    /// The run ended badly without saving an input (a build or harness failure).
    failed: bool,
}

struct Options {
    seconds: u64,
    target: Option<String>,
}

fn parse_options(args: &[String]) -> Result<Options> {
    let mut options = Options {
        seconds: DEFAULT_SECONDS,
        target: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| Failure(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--seconds" => {
                let text = value("--seconds")?;
                options.seconds =
                    text.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                        Failure(format!("--seconds {text}: give a whole number > 0"))
                    })?;
            }
            "--target" => options.target = Some(value("--target")?),
            other => {
                return Err(Failure(format!(
                    "unknown fuzz option {other}: use --seconds N and --target T"
                )))
            }
        }
    }
    Ok(options)
}

/// Runs the fuzz targets and fails when any of them crashed.
pub fn fuzz(root: &Path, args: &[String]) -> Result {
    let options = parse_options(args)?;
    tools::ensure_nightly()?;
    tools::ensure_cargo_fuzz(root)?;
    let fuzz_dir = root.join("fuzz");
    let (_, listed) = run_collecting(&fuzz_dir, "cargo", &["+nightly", "fuzz", "list"], &[])?;
    let known: Vec<String> = listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let targets = match &options.target {
        Some(target) if known.contains(target) => vec![target.clone()],
        Some(target) => {
            return Err(Failure(format!(
                "no fuzz target {target}; the targets are: {}",
                known.join(", ")
            )))
        }
        None => known,
    };
    if targets.is_empty() {
        return Err(Failure("cargo fuzz list named no target".into()));
    }
    let build = ["+nightly", "fuzz", "build", SANITIZER[0], SANITIZER[1]];
    run(&fuzz_dir, "cargo", &build, &[])?;

    let reports = targets
        .iter()
        .map(|target| fuzz_one(&fuzz_dir, target, options.seconds))
        .collect::<Result<Vec<_>>>()?;

    eprintln!("\nxtask fuzz summary ({} s per target):", options.seconds);
    for report in &reports {
        let executions = report
            .executions
            .map_or_else(|| "unknown".to_string(), |n| n.to_string());
        eprintln!(
            "  {}: {executions} executions, {} crash(es){}",
            report.target,
            report.crashes.len(),
            if report.failed {
                " (the run failed)"
            } else {
                ""
            }
        );
        for crash in &report.crashes {
            eprintln!("    {crash}");
        }
    }
    let crashed: Vec<&str> = reports
        .iter()
        .filter(|r| !r.crashes.is_empty() || r.failed)
        .map(|r| r.target.as_str())
        .collect();
    if crashed.is_empty() {
        Ok(())
    } else {
        Err(Failure(format!(
            "fuzzing crashed or failed in {}: reproduce with `cargo +nightly fuzz run TARGET fuzz/artifacts/TARGET/FILE` in fuzz/, then add the input to tests/fuzz_regressions.rs",
            crashed.join(", ")
        )))
    }
}

/// One target for `seconds`, on its working corpus (fuzz/corpus/<target>, kept between runs,
/// not committed) and its committed seeds (fuzz/seeds/<target>).
fn fuzz_one(fuzz_dir: &Path, target: &str, seconds: u64) -> Result<Report> {
    let corpus = fuzz_dir.join("corpus").join(target);
    let seeds = fuzz_dir.join("seeds").join(target);
    let artifacts = fuzz_dir.join("artifacts").join(target);
    std::fs::create_dir_all(&corpus)
        .map_err(|e| Failure(format!("cannot create {}: {e}", corpus.display())))?;
    let before = files_in(&artifacts);
    let max_time = format!("-max_total_time={seconds}");
    let (status, output) = run_collecting(
        fuzz_dir,
        "cargo",
        &[
            "+nightly",
            "fuzz",
            "run",
            SANITIZER[0],
            SANITIZER[1],
            target,
            path_str(&corpus)?,
            path_str(&seeds)?,
            "--",
            &max_time,
            // One process, and a slow input is a finding: the page would freeze on it.
            "-timeout=10",
            "-rss_limit_mb=2048",
            "-print_final_stats=1",
        ],
        &[],
    )?;
    let crashes: Vec<String> = files_in(&artifacts)
        .difference(&before)
        .map(|name| format!("fuzz/artifacts/{target}/{name}"))
        .collect();
    Ok(Report {
        target: target.to_string(),
        executions: executions(&output),
        failed: !status.success() && crashes.is_empty(),
        crashes,
    })
}

fn files_in(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Executions from libFuzzer's final stats, else from its last `#N` status line (a run that
/// crashed prints no final stats).
fn executions(output: &str) -> Option<u64> {
    let from_stats = output.lines().find_map(|line| {
        line.strip_prefix("stat::number_of_executed_units:")
            .and_then(|n| n.trim().parse().ok())
    });
    from_stats.or_else(|| {
        output.lines().rev().find_map(|line| {
            let rest = line.strip_prefix('#')?;
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{executions, parse_options};

    #[test]
    fn reads_executions_from_final_stats_or_status_lines() {
        let done = "#2\tINITED cov: 10\n#4096\tpulse cov: 12\nDone 51234 runs in 31 second(s)\n\
                    stat::number_of_executed_units: 51234\nstat::peak_rss_mb: 40\n";
        assert_eq!(executions(done), Some(51234));
        let crashed = "#2\tINITED cov: 10\n#8192\tpulse cov: 12\n#9001\tNEW cov: 13\n==1== ERROR: libFuzzer: deadly signal\n";
        assert_eq!(executions(crashed), Some(9001));
        assert_eq!(executions("error: no such target"), None);
    }

    #[test]
    fn options_take_seconds_and_a_target() {
        let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let options = parse_options(&args(&["--seconds", "90", "--target", "json_parse"]))
            .unwrap_or_else(|e| panic!("{}", e.0));
        assert_eq!(
            (options.seconds, options.target.as_deref()),
            (90, Some("json_parse"))
        );
        assert_eq!(parse_options(&[]).map(|o| o.seconds).ok(), Some(30));
        assert!(parse_options(&args(&["--seconds", "0"])).is_err());
        assert!(parse_options(&args(&["--jobs", "2"])).is_err());
    }
}
