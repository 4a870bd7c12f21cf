//! The scenario format: a JSON array of steps, each an object with one key. An action step's
//! value is that action's request body plus the simulator's hints (`durationMs`); a clock step
//! is `{"advanceMs": 1500}`; a caller step is `{"pressTone": "pound"}`, `{"speechStarted": {}}`,
//! `{"speechStopped": {}}` or `{"callerHangsUp": {}}`.

use super::action::{
    read_action, read_caller_event, Action, CallerEvent, ReadMode, ACTION_NAMES, CALLER_EVENT_NAMES,
};
use crate::decode::json::{self, Node, ParseOptions};
use crate::diagnostic::Diagnostic;

/// The most steps one scenario may have.
pub const MAX_STEPS: usize = 1_000;
/// The longest a scenario's clock may run, one day in milliseconds.
pub const MAX_SCENARIO_MS: u64 = 86_400_000;

/// One step of a scenario and where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// What the step does.
    pub kind: StepKind,
    /// Its JSON pointer (`/3`).
    pub pointer: String,
    /// Its line, 1-based.
    pub line: u32,
    /// Its column, 1-based.
    pub column: u32,
    /// The request body as the bot sends it (the action's value without the simulator's hints),
    /// for action steps.
    pub request_body: Option<String>,
    /// The body `mediaops serve` is sent when the scenario is replayed against it: the value
    /// with its hints, which the mock honours (Graph ignores unknown properties), so prompts play
    /// as long there as here. For action steps; compact JSON.
    pub hinted_body: Option<String>,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepKind {
    /// The bot sends an action.
    Action(Action),
    /// The caller does something.
    Caller(CallerEvent),
    /// Time runs on by this many milliseconds.
    Advance(u64),
}

/// Reads a scenario. Every problem is a diagnostic with line, column and pointer; any error
/// means the scenario does not run (the steps returned are then the readable ones).
pub fn read_scenario(text: &str) -> (Vec<Step>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let parsed = match json::parse(text, &ParseOptions::default()) {
        Ok(parsed) => parsed,
        Err(error) => return (Vec::new(), vec![error]),
    };
    diagnostics.extend(parsed.diagnostics);
    let root = &parsed.root;
    let Some(items) = root.as_array() else {
        diagnostics.push(located(
            Diagnostic::error(format!(
                "a scenario is a JSON array of steps such as [{{\"playPrompt\": {{\"clientContext\": \"p1\"}}}}, {{\"advanceMs\": 1000}}], not {}",
                root.kind_name()
            )),
            text,
            root,
        ));
        return (Vec::new(), diagnostics);
    };
    if items.len() > MAX_STEPS {
        diagnostics.push(located(
            Diagnostic::error(format!(
                "the scenario has {} steps; the simulator runs at most {MAX_STEPS}",
                items.len()
            )),
            text,
            root,
        ));
        return (Vec::new(), diagnostics);
    }
    let mut steps = Vec::new();
    let mut clock: u64 = 0;
    for item in items {
        let before = diagnostics.len();
        if let Some(step) = read_step(item, &mut clock, &mut diagnostics) {
            steps.push(step);
        }
        for diagnostic in &mut diagnostics[before..] {
            if let (Some(line), Some(column)) = (diagnostic.line, diagnostic.column) {
                if diagnostic.excerpt.is_none() {
                    *diagnostic = diagnostic.clone().at_position(text, line, column);
                }
            }
        }
    }
    (steps, diagnostics)
}

fn located(diagnostic: Diagnostic, text: &str, node: &Node) -> Diagnostic {
    diagnostic.at_pointer(node.pointer.clone()).at_position(
        text,
        node.start.line,
        node.start.column,
    )
}

fn at(diagnostic: Diagnostic, node: &Node) -> Diagnostic {
    diagnostic
        .at_pointer(node.pointer.clone())
        .at_line(Some(node.start.line), Some(node.start.column))
}

fn step_names() -> String {
    let mut names: Vec<&str> = ACTION_NAMES.to_vec();
    names.push("advanceMs");
    names.extend(CALLER_EVENT_NAMES);
    names.join(", ")
}

fn read_step(item: &Node, clock: &mut u64, diagnostics: &mut Vec<Diagnostic>) -> Option<Step> {
    let members = match item.as_object() {
        Some(members) if members.len() == 1 => members,
        Some(members) => {
            diagnostics.push(at(
                Diagnostic::error(format!(
                    "a step is an object with exactly one key ({}); this one has {}",
                    step_names(),
                    members.len()
                )),
                item,
            ));
            return None;
        }
        None => {
            diagnostics.push(at(
                Diagnostic::error(format!(
                    "a step is an object with one key such as {{\"advanceMs\": 1000}}, not {}",
                    item.kind_name()
                )),
                item,
            ));
            return None;
        }
    };
    let member = &members[0];
    let name = member.key.as_str();
    let value = &member.value;
    let step = |kind, request_body, hinted_body| Step {
        kind,
        pointer: item.pointer.clone(),
        line: item.start.line,
        column: item.start.column,
        request_body,
        hinted_body,
    };
    if name == "advanceMs" {
        let Some(ms) = value.as_number().and_then(|n| n.as_u64()) else {
            diagnostics.push(at(
                Diagnostic::error(format!(
                    "advanceMs takes a whole number of milliseconds (0 or more), not {}",
                    value
                        .as_number()
                        .map_or_else(|| value.kind_name().to_string(), |n| n.to_string())
                )),
                value,
            ));
            return None;
        };
        *clock = clock.saturating_add(ms);
        if *clock > MAX_SCENARIO_MS {
            diagnostics.push(at(
                Diagnostic::error(format!(
                    "this step takes the clock to {} ms; a scenario runs at most {MAX_SCENARIO_MS} ms (one day)",
                    *clock
                )),
                value,
            ));
            return None;
        }
        return Some(step(StepKind::Advance(ms), None, None));
    }
    if ACTION_NAMES.contains(&name) {
        let action = read_action(name, Some(value), ReadMode::Scenario, diagnostics)?;
        let (body, hinted) = match name {
            "hangUp" => (None, None),
            _ => {
                let (body, hinted) = request_bodies(value);
                (Some(body), Some(hinted))
            }
        };
        return Some(step(StepKind::Action(action), body, hinted));
    }
    if CALLER_EVENT_NAMES.contains(&name) {
        let event = read_caller_event(name, value, diagnostics)?;
        return Some(step(StepKind::Caller(event), None, None));
    }
    let suggestion = closest_name(name)
        .map(|n| format!(" (did you mean {n}?)"))
        .unwrap_or_default();
    diagnostics.push(
        Diagnostic::error(format!(
            "'{}' is not a step{suggestion}: use one of {}",
            name.escape_debug(),
            step_names()
        ))
        .at_pointer(format!("{}/{}", item.pointer, escape_token(name)))
        .at_line(Some(member.key_pos.line), Some(member.key_pos.column)),
    );
    None
}

fn escape_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The known step name within two edits of `name` (ignoring case), or `None`.
fn closest_name(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    ACTION_NAMES
        .iter()
        .chain(CALLER_EVENT_NAMES.iter())
        .chain(["advanceMs"].iter())
        .copied()
        .map(|known| (edit_distance(&lower, &known.to_ascii_lowercase()), known))
        .filter(|(distance, _)| *distance <= 2)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, known)| known)
}

/// Levenshtein distance over characters; names are short, so the quadratic table is cheap.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// The step's value read once into two bodies: the one a bot would send (pretty, without the
/// simulator's `durationMs` hints) and the one a replay sends the mock (compact, hints and all).
/// A `null` or absent body is `{}` in both.
fn request_bodies(value: &Node) -> (String, String) {
    let mut body = match value.to_serde() {
        serde_json::Value::Null => serde_json::Value::Object(serde_json::Map::new()),
        body => body,
    };
    let hinted = body.to_string();
    if let Some(object) = body.as_object_mut() {
        object.remove("durationMs");
        if let Some(prompts) = object.get_mut("prompts").and_then(|p| p.as_array_mut()) {
            for prompt in prompts {
                if let Some(prompt) = prompt.as_object_mut() {
                    prompt.remove("durationMs");
                }
            }
        }
    }
    let sent = serde_json::to_string_pretty(&body).unwrap_or_else(|_| "{}".to_string());
    (sent, hinted)
}
