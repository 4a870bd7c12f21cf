//! `mediaops build`: the exact request, or a snippet that sends it, on stdout. Warnings and
//! notes go to stderr so stdout can be piped.

use crate::{parse_options, CliError};
use mediaops::compose::request::{self, CancelMediaProcessingRequest, PathStyle};
use mediaops::compose::snippets::{self, SnippetFormat};
use mediaops::diagnostic::visible_controls;
use mediaops::graph::{ApiVersion, Cloud};

/// Runs `mediaops build` with the arguments after `build`.
pub fn run(args: &[String]) -> Result<(), CliError> {
    let options = parse_options(
        args,
        &[
            "call-id",
            "client-context",
            "version",
            "cloud",
            "base-url",
            "format",
        ],
        &["app-path"],
    )?;
    if let Some(extra) = options.positionals.first() {
        return Err(CliError::Usage(format!(
            "build takes no argument '{extra}' (did you mean --call-id {extra}?)",
            extra = visible_controls(extra)
        )));
    }
    let mut input = CancelMediaProcessingRequest::default();
    let mut call_id = None;
    let mut format = SnippetFormat::Http;
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in &options.named {
        if seen.contains(&name.as_str()) {
            return Err(CliError::Usage(format!(
                "--{} is given twice",
                visible_controls(name)
            )));
        }
        seen.push(name);
        match name.as_str() {
            "call-id" => call_id = Some(value.clone()),
            "client-context" => input.client_context = Some(value.clone()),
            "version" => {
                input.version = ApiVersion::parse(value).ok_or_else(|| {
                    CliError::Usage(format!(
                        "--version takes v1.0 or beta, not '{}'",
                        visible_controls(value)
                    ))
                })?
            }
            "cloud" => {
                input.cloud = Cloud::parse(value).ok_or_else(|| {
                    let names: Vec<&str> = Cloud::ALL.iter().map(|c| c.as_str()).collect();
                    CliError::Usage(format!(
                        "--cloud takes {}, not '{}'",
                        names.join(", "),
                        visible_controls(value)
                    ))
                })?
            }
            "base-url" => input.base_url = Some(value.clone()),
            "format" => {
                format = SnippetFormat::parse(value).ok_or_else(|| {
                    let names: Vec<&str> = SnippetFormat::ALL.iter().map(|f| f.as_str()).collect();
                    CliError::Usage(format!(
                        "--format takes {}, not '{}'",
                        names.join(", "),
                        visible_controls(value)
                    ))
                })?
            }
            _ => input.path_style = PathStyle::App,
        }
    }
    input.call_id = call_id.ok_or_else(|| {
        CliError::Usage(format!(
            "build needs --call-id, e.g. --call-id {}",
            request::EXAMPLE_CALL_ID
        ))
    })?;
    let built = request::build(&input).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        CliError::Failed(format!(
            "cannot build the request:\n  {}",
            lines.join("\n  ")
        ))
    })?;
    for diagnostic in &built.diagnostics {
        eprintln!("mediaops: {diagnostic}");
    }
    let text = snippets::render(&built, format);
    if text.ends_with('\n') {
        print!("{text}");
    } else {
        println!("{text}");
    }
    Ok(())
}
