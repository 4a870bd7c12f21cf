//! `mediaops`: the command-line face of the core — serve the playground with its mock Graph
//! endpoint, decode pasted payloads, build requests and snippets.

mod build;
mod calls;
mod connections;
mod decode;
mod replay;
mod serve;
mod simulate;
mod static_files;

use mediaops::diagnostic::{visible_controls, visible_lines};
use std::process::ExitCode;

const USAGE: &str = "\
mediaops — Microsoft Graph cancelMediaProcessing playground, decoder and mock

Usage:
  mediaops serve [--port N] [--host H] [--dir DIR]
                 [--header-timeout S] [--idle-timeout S] [--max-connections N]
      Serve the playground (DIR, default www) with the mock Graph endpoint under /graph.
      A request head must arrive within S seconds (default 10, also the keep-alive idle
      limit); a body or an answer may stall for S seconds (default 60); at most N
      connections are served at once (default 1024), more wait.
  mediaops build --call-id ID [--client-context CTX] [--version v1.0|beta]
                 [--cloud global|usgov|dod|china] [--app-path] [--base-url URL]
                 [--format http|curl|fetch|powershell|csharp|go|java|python|javascript|rust]
      Print the exact cancelMediaProcessing request (default raw HTTP) or a snippet that sends it.
  mediaops decode [FILE|-] [--strict] [--json] [--max-bytes N]
      Decode, check and explain a pasted payload: a notification batch, an operation, an HTTP
      response or request, a Graph error. Exit 0 when decoded (warnings allowed), 1 on errors.
      Reads at most N bytes, default 268435456 (256 MiB); a larger input is an error.
  mediaops simulate [FILE|-] [--json] [--preset ID] [--list-presets] [--version v1.0|beta]
                    [--seed N] [--call-id ID] [--max-bytes N] [--live URL [--callback URI]]
      Run a scenario (a JSON array of steps) against a simulated call and print the timeline of
      answers and notifications, or with --json the commsNotifications bodies as POSTed.
      With --live, replay it against the mediaops serve at URL (http://127.0.0.1:8080) on its
      real clock instead: the mock POSTs each notification to --callback (default the server's
      own sink), and each is printed as it happens and checked against the prediction.
      Exit 0 when it ran (warnings allowed), 1 when the scenario has errors or the replay failed.
  mediaops help
";

/// What went wrong on the command line: usage problems exit 2, input problems exit 1.
pub enum CliError {
    /// The command line itself is wrong.
    Usage(String),
    /// The command ran and failed.
    Failed(String),
    /// The command printed its findings, and they include errors.
    Reported,
    /// `--help` or `-h` was given: print the usage and exit 0.
    Help,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result =
        match args.first().map(String::as_str) {
            Some("serve") => serve::run(&args[1..]),
            Some("build") => build::run(&args[1..]),
            Some("decode") => decode::run(&args[1..]).and_then(|clean| {
                if clean {
                    Ok(())
                } else {
                    Err(CliError::Reported)
                }
            }),
            Some("simulate") => simulate::run(&args[1..]).and_then(|ran| {
                if ran {
                    Ok(())
                } else {
                    Err(CliError::Reported)
                }
            }),
            Some("help" | "--help" | "-h") => Err(CliError::Help),
            None => Err(CliError::Usage("no command given".to_string())),
            Some(other) => Err(CliError::Usage(format!(
                "unknown command '{}'",
                visible_controls(other)
            ))),
        };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Help) => {
            print!("{USAGE}");
            ExitCode::SUCCESS
        }
        // Messages echo arguments and payloads: they reach the terminal with controls visible
        // (the values are escaped where the message is made; this keeps a slip harmless).
        Err(CliError::Usage(message)) => {
            eprintln!("mediaops: {}\n\n{USAGE}", visible_lines(&message));
            ExitCode::from(2)
        }
        Err(CliError::Failed(message)) => {
            eprintln!("mediaops: {}", visible_lines(&message));
            ExitCode::from(1)
        }
        Err(CliError::Reported) => ExitCode::from(1),
    }
}

/// Parsed command-line options (`(name, value)`, flags with an empty value) and positionals.
pub struct Options {
    /// `--name value` pairs in order.
    pub named: Vec<(String, String)>,
    /// Bare words.
    pub positionals: Vec<String>,
}

/// Splits `--name value` and `--name=value` options; bare words are returned as positionals.
/// `--help` or `-h` (where no option value is expected) is `CliError::Help`.
pub fn parse_options(
    args: &[String],
    takes_value: &[&str],
    flags: &[&str],
) -> Result<Options, CliError> {
    let mut options = Vec::new();
    let mut positionals = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--help" || arg == "-h" {
            return Err(CliError::Help);
        }
        if let Some(name) = arg.strip_prefix("--") {
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (name, None),
            };
            if flags.contains(&name) {
                options.push((name.to_string(), String::new()));
            } else if takes_value.contains(&name) {
                let value = match inline {
                    Some(v) => v,
                    None => iter.next().cloned().ok_or_else(|| {
                        CliError::Usage(format!("--{} needs a value", visible_controls(name)))
                    })?,
                };
                options.push((name.to_string(), value));
            } else {
                return Err(CliError::Usage(format!(
                    "unknown option --{}",
                    visible_controls(name)
                )));
            }
        } else {
            positionals.push(arg.clone());
        }
    }
    Ok(Options {
        named: options,
        positionals,
    })
}
