//! `mediaops simulate [FILE|-] [--json]`: runs a scenario against the simulated call and prints
//! what the bot would see: a readable timeline, or the `commsNotifications` bodies as JSON;
//! with `--live URL`, [`replay::live`] runs it against `mediaops serve` instead.

use crate::decode::read_input;
use crate::replay;
use crate::{parse_options, CliError};
use mediaops::decode::{decode_text, DecodeOptions};
use mediaops::diagnostic::{visible_controls, visible_lines, Severity};
use mediaops::graph::ApiVersion;
use mediaops::simulate::{format_ms, presets, simulate, Run, RunOptions};

/// Runs the subcommand; `Ok(true)` when the scenario ran (warnings allowed).
pub fn run(args: &[String]) -> Result<bool, CliError> {
    let options = parse_options(
        args,
        &[
            "preset",
            "version",
            "seed",
            "call-id",
            "max-bytes",
            "live",
            "callback",
        ],
        &["json", "list-presets"],
    )?;
    let flag = |name: &str| options.named.iter().any(|(n, _)| n == name);
    let value = |name: &str| {
        options
            .named
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if flag("list-presets") {
        for preset in presets::PRESETS {
            println!("{:<24} {}", preset.id, preset.title);
        }
        return Ok(true);
    }
    let mut run_options = RunOptions::default();
    if let Some(version) = value("version") {
        run_options.version = ApiVersion::parse(version).ok_or_else(|| {
            CliError::Usage(format!(
                "--version takes v1.0 or beta, not '{}'",
                visible_controls(version)
            ))
        })?;
    }
    if let Some(seed) = value("seed") {
        run_options.seed = seed.parse().map_err(|_| {
            CliError::Usage(format!(
                "--seed takes a whole number from 0 to {}, not '{}'",
                u64::MAX,
                visible_controls(seed)
            ))
        })?;
    }
    if let Some(call_id) = value("call-id") {
        if !mediaops::graph::ids::is_guid(call_id) {
            return Err(CliError::Usage(format!(
                "--call-id takes a GUID such as 57dab8b1-894c-409a-b240-bd8beae78896, not '{}'",
                visible_controls(call_id)
            )));
        }
        run_options.call_id = Some(mediaops::graph::ids::normalize_id(call_id));
    }
    let text = match value("preset") {
        Some(id) => {
            if !options.positionals.is_empty() {
                return Err(CliError::Usage(
                    "simulate takes a FILE or --preset, not both".to_string(),
                ));
            }
            presets::find(id)
                .ok_or_else(|| {
                    let ids: Vec<&str> = presets::PRESETS.iter().map(|p| p.id).collect();
                    CliError::Usage(format!(
                        "no preset '{}': use one of {}",
                        visible_controls(id),
                        ids.join(", ")
                    ))
                })?
                .scenario
                .to_string()
        }
        None => match read_input(&options, "simulate")? {
            (text, None) => text.into_string(),
            (_, Some(encoding_error)) => {
                eprintln!("{encoding_error}");
                return Ok(false);
            }
        },
    };
    if let Some(url) = value("live") {
        for only_here in ["seed", "call-id"] {
            if flag(only_here) {
                return Err(CliError::Usage(format!(
                    "--{only_here} does not apply with --live: the server makes the call and its ids"
                )));
            }
        }
        return replay::live(
            &text,
            run_options.version,
            url,
            value("callback"),
            flag("json"),
        );
    }
    if flag("callback") {
        return Err(CliError::Usage(
            "--callback goes with --live URL: without it nothing is POSTed".to_string(),
        ));
    }
    let run = simulate(&text, &run_options);
    if run.has_errors() {
        for diagnostic in &run.diagnostics {
            eprintln!("{diagnostic}");
        }
        return Ok(false);
    }
    if flag("json") {
        for diagnostic in &run.diagnostics {
            eprintln!("{diagnostic}");
        }
        print_bodies(run.notifications())?;
    } else {
        print!("{}", timeline(&run));
    }
    Ok(true)
}

/// Prints notification bodies (JSON texts) as one pretty JSON array, the `--json` document.
pub fn print_bodies<'a>(bodies: impl Iterator<Item = &'a str>) -> Result<(), CliError> {
    let bodies: Vec<serde_json::Value> = bodies
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect();
    let document = serde_json::to_string_pretty(&bodies)
        .map_err(|e| CliError::Failed(format!("cannot write JSON: {e}")))?;
    println!("{}", visible_lines(&document));
    Ok(())
}

/// The readable timeline: a header line, then one line per event with the decoder's
/// explanation under each notification, then the diagnostics.
pub fn timeline(run: &Run) -> String {
    let count = |severity| {
        run.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let notifications = run.notifications().count();
    let mut out = format!(
        "simulate: call {} ({}), {} operation(s), {notifications} notification(s), ends at {}, {} warning(s)\n\n",
        run.call_id,
        run.version.as_str(),
        run.operations.len(),
        format_ms(run.end_ms),
        count(Severity::Warning)
    );
    for event in &run.events {
        out.push_str(&format!(
            "{:>10}  {:<12}  {}\n",
            format_ms(event.at_ms),
            event.kind,
            visible_controls(&event.summary)
        ));
        if let Some(body) = &event.notification {
            let decoded = decode_text(body, DecodeOptions::default());
            if let Some(explanation) = decoded
                .resources
                .first()
                .and_then(|r| r.explanation.as_deref())
            {
                out.push_str(&format!(
                    "{:>10}  {:<12}  → {}\n",
                    "",
                    "",
                    visible_controls(explanation)
                ));
            }
        }
    }
    if !run.diagnostics.is_empty() {
        out.push('\n');
        for diagnostic in &run.diagnostics {
            out.push_str(&format!("{diagnostic}\n"));
        }
    }
    out
}
