//! The media actions a bot sends and the caller events a call receives, read from JSON with
//! positions: the same reader serves a scenario step (`{"playPrompt": {...}}`) and the body of a
//! `POST .../calls/{id}/playPrompt` that the mock receives.

use crate::decode::json::Node;
use crate::diagnostic::{pointer_push, Diagnostic};
use crate::graph::model::Tone;
use crate::graph::{check_client_context, ApiVersion};

/// How long a prompt plays when its `durationMs` hint is absent: a media URI's length cannot be
/// known without fetching it, so the simulator assumes a short announcement.
pub const DEFAULT_PROMPT_MS: u64 = 3_000;
/// The longest `durationMs` hint accepted, one hour.
pub const MAX_PROMPT_MS: u64 = 3_600_000;
/// How long the beep before a recording lasts (`playBeep`), in milliseconds.
pub const BEEP_MS: u64 = 500;
/// How long one sent DTMF tone sounds, in milliseconds (a common telephony default).
pub const DTMF_TONE_MS: u64 = 100;
/// `delayBetweenTonesMs` when absent: the docs give no default, so the simulator assumes 500.
pub const DEFAULT_DTMF_DELAY_MS: u64 = 500;
/// The longest `delayBetweenTonesMs` accepted, one minute.
pub const MAX_DTMF_DELAY_MS: u64 = 60_000;
/// Defaults and bounds of recordResponse's timers, in seconds (call-record: default 5, 1 to 120).
pub const RECORD_TIMER_DEFAULT_S: u64 = 5;
/// The smallest value of recordResponse's timers, in seconds.
pub const RECORD_TIMER_MIN_S: u64 = 1;
/// The largest value of recordResponse's timers, in seconds.
pub const RECORD_TIMER_MAX_S: u64 = 120;
/// The most prompts a playPrompt takes (CSDL: `prompts` max 20).
pub const MAX_PLAY_PROMPTS: usize = 20;
/// The most prompts a recordResponse takes (call-record: "maximum supported ... size is 1").
pub const MAX_RECORD_PROMPTS: usize = 1;
/// The most tones one sendDtmfTones sends (a bound of ours, so a run stays small).
pub const MAX_DTMF_TONES: usize = 100;

/// How strictly a body is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadMode {
    /// A scenario step: the simulator's hints are welcome, a missing `prompts` is a warning and
    /// unknown properties are warned about (they are usually typos).
    Scenario,
    /// A request to the mock: read as Graph reads it (a missing `prompts` is an error, unknown
    /// properties are ignored, hints are still honoured so a test bot can steer the clock).
    Graph,
}

/// One prompt to play: its media URI and how long the simulator lets it play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// `mediaInfo.uri`, when given.
    pub uri: Option<String>,
    /// How long it plays, in milliseconds (the `durationMs` hint or [`DEFAULT_PROMPT_MS`]).
    pub duration_ms: u64,
}

/// `call: playPrompt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayPrompt {
    /// The bot's client context.
    pub client_context: Option<String>,
    /// The prompts, played one after another.
    pub prompts: Vec<Prompt>,
    /// Beta's `loop`: play the prompts again and again until cancelled.
    pub looped: bool,
}

impl PlayPrompt {
    /// How long one pass over the prompts plays.
    pub fn duration_ms(&self) -> u64 {
        self.prompts.iter().map(|p| p.duration_ms).sum()
    }
}

/// `call: recordResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordResponse {
    /// The bot's client context.
    pub client_context: Option<String>,
    /// The prompt played before recording (at most one).
    pub prompts: Vec<Prompt>,
    /// Barge into what is queued or running instead of waiting behind it.
    pub barge_in_allowed: bool,
    /// Silence allowed before the caller starts speaking, in seconds.
    pub initial_silence_timeout_s: u64,
    /// Silence allowed after the caller has spoken, in seconds.
    pub max_silence_timeout_s: u64,
    /// The longest recording, in seconds.
    pub max_record_duration_s: u64,
    /// Beep before recording.
    pub play_beep: bool,
    /// Tones that end the recording.
    pub stop_tones: Vec<Tone>,
}

/// `call: sendDtmfTones`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SendDtmfTones {
    /// The bot's client context.
    pub client_context: Option<String>,
    /// The tones, in order.
    pub tones: Vec<Tone>,
    /// The pause between two tones, in milliseconds.
    pub delay_between_tones_ms: u64,
}

impl SendDtmfTones {
    /// How long sending all the tones takes.
    pub fn duration_ms(&self) -> u64 {
        let count = self.tones.len() as u64;
        count * DTMF_TONE_MS + count.saturating_sub(1) * self.delay_between_tones_ms
    }
}

/// What a bot asks of the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `call: playPrompt`.
    PlayPrompt(PlayPrompt),
    /// `call: recordResponse`.
    RecordResponse(RecordResponse),
    /// `call: subscribeToTone`.
    SubscribeToTone {
        /// The bot's client context.
        client_context: Option<String>,
    },
    /// `call: sendDtmfTones`.
    SendDtmfTones(SendDtmfTones),
    /// `call: updateRecordingStatus`.
    UpdateRecordingStatus {
        /// The bot's client context.
        client_context: Option<String>,
        /// `notRecording`, `recording` or `failed`.
        status: String,
    },
    /// `call: cancelMediaProcessing`.
    CancelMediaProcessing {
        /// The bot's client context.
        client_context: Option<String>,
    },
    /// `DELETE /communications/calls/{id}`: the bot hangs up.
    HangUp,
}

/// Every action name a scenario step or a mock path may use, as the docs spell them.
pub const ACTION_NAMES: [&str; 7] = [
    "playPrompt",
    "recordResponse",
    "subscribeToTone",
    "sendDtmfTones",
    "updateRecordingStatus",
    "cancelMediaProcessing",
    "hangUp",
];

/// True for the actions a bot POSTs as `.../calls/{id}/{name}`: every action but the hang-up,
/// which is a `DELETE` of the call.
pub fn is_posted_action(name: &str) -> bool {
    name != "hangUp" && ACTION_NAMES.contains(&name)
}

/// The recordingStatus values updateRecordingStatus takes (call-updateRecordingStatus).
pub const RECORDING_STATUSES: [&str; 3] = ["notRecording", "recording", "failed"];

impl Action {
    /// The action's name as the docs (and scenario steps) spell it.
    pub fn name(&self) -> &'static str {
        match self {
            Action::PlayPrompt(_) => "playPrompt",
            Action::RecordResponse(_) => "recordResponse",
            Action::SubscribeToTone { .. } => "subscribeToTone",
            Action::SendDtmfTones(_) => "sendDtmfTones",
            Action::UpdateRecordingStatus { .. } => "updateRecordingStatus",
            Action::CancelMediaProcessing { .. } => "cancelMediaProcessing",
            Action::HangUp => "hangUp",
        }
    }

    /// The client context the action carries.
    pub fn client_context(&self) -> Option<&str> {
        match self {
            Action::PlayPrompt(a) => a.client_context.as_deref(),
            Action::RecordResponse(a) => a.client_context.as_deref(),
            Action::SendDtmfTones(a) => a.client_context.as_deref(),
            Action::SubscribeToTone { client_context }
            | Action::UpdateRecordingStatus { client_context, .. }
            | Action::CancelMediaProcessing { client_context } => client_context.as_deref(),
            Action::HangUp => None,
        }
    }
}

/// Something the caller does while time runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallerEvent {
    /// The caller presses a key.
    PressTone(Tone),
    /// The caller starts speaking.
    SpeechStarted,
    /// The caller stops speaking.
    SpeechStopped,
    /// The caller hangs up.
    HangsUp,
}

impl CallerEvent {
    /// The step's name as a scenario (and the mock's caller endpoint) spells it.
    pub fn name(&self) -> &'static str {
        match self {
            CallerEvent::PressTone(_) => "pressTone",
            CallerEvent::SpeechStarted => "speechStarted",
            CallerEvent::SpeechStopped => "speechStopped",
            CallerEvent::HangsUp => "callerHangsUp",
        }
    }

    /// The event as one scenario step, compact JSON: `{"pressTone":"pound"}`,
    /// `{"speechStarted":{}}`; the body `POST /_mediaops/calls/{id}/caller` takes.
    pub fn step_json(&self) -> String {
        let value = match self {
            CallerEvent::PressTone(tone) => serde_json::Value::from(tone.as_str()),
            _ => serde_json::Value::Object(serde_json::Map::new()),
        };
        serde_json::json!({ self.name(): value }).to_string()
    }
}

/// What the caller does, in words: "the caller presses # (pound)".
pub fn describe_caller_event(event: &CallerEvent) -> String {
    match event {
        CallerEvent::PressTone(tone) => {
            format!("the caller presses {} ({})", tone.as_char(), tone.as_str())
        }
        CallerEvent::SpeechStarted => "the caller starts speaking".to_string(),
        CallerEvent::SpeechStopped => "the caller stops speaking".to_string(),
        CallerEvent::HangsUp => "the caller hangs up".to_string(),
    }
}

/// The method and path (below the Graph root) a bot uses for action `name` on call `call_id`:
/// `DELETE /v1.0/communications/calls/{id}` for the hang-up, else `POST .../calls/{id}/{name}`.
pub fn request_line(name: &str, version: ApiVersion, call_id: &str) -> (&'static str, String) {
    let call_path = format!("/{}/communications/calls/{call_id}", version.as_str());
    match name {
        "hangUp" => ("DELETE", call_path),
        _ => ("POST", format!("{call_path}/{name}")),
    }
}

/// Every caller-event step name.
pub const CALLER_EVENT_NAMES: [&str; 4] = [
    "pressTone",
    "speechStarted",
    "speechStopped",
    "callerHangsUp",
];

/// Reads the body of action `name` from `body` (a JSON object, or `null`/absent for actions
/// without parameters). Problems go to `diagnostics`; `None` when an error makes it unusable.
pub fn read_action(
    name: &str,
    body: Option<&Node>,
    mode: ReadMode,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Action> {
    let reader = BodyReader::new(name, body, mode, diagnostics)?;
    reader.read()
}

/// Reads a caller event step's value.
pub fn read_caller_event(
    name: &str,
    value: &Node,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<CallerEvent> {
    match name {
        "pressTone" => match value.as_str() {
            Some(text) => match parse_tone(text) {
                Some(tone) => Some(CallerEvent::PressTone(tone)),
                None => {
                    diagnostics.push(at(
                        Diagnostic::error(format!(
                            "pressTone takes a tone ({}), not '{}'",
                            TONE_HELP,
                            quote(text)
                        )),
                        value,
                    ));
                    None
                }
            },
            None => {
                diagnostics.push(at(
                    Diagnostic::error(format!(
                        "pressTone takes a tone as a string ({TONE_HELP}), not {}",
                        value.kind_name()
                    )),
                    value,
                ));
                None
            }
        },
        _ => {
            let empty = value.is_null()
                || value.as_bool() == Some(true)
                || value.as_object().is_some_and(<[_]>::is_empty);
            if !empty {
                diagnostics.push(at(
                    Diagnostic::warning(format!(
                        "{name} takes no parameters: write {{\"{name}\": {{}}}}; the value is ignored"
                    )),
                    value,
                ));
            }
            Some(match name {
                "speechStarted" => CallerEvent::SpeechStarted,
                "speechStopped" => CallerEvent::SpeechStopped,
                _ => CallerEvent::HangsUp,
            })
        }
    }
}

const TONE_HELP: &str =
    "tone0 to tone9, star, pound, a to d, flash, or a keypad character such as # or 1";

/// A tone by its Graph name (`pound`, `tone1`) or keypad character (`#`, `1`), as the
/// call-record example writes stopTones (`"#", "1", "*"`).
pub fn parse_tone(text: &str) -> Option<Tone> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Tone::from_char(c).or_else(|| Tone::parse(text)),
        _ => Tone::parse(text),
    }
}

/// Attaches `node`'s place to a diagnostic.
pub(crate) fn at(diagnostic: Diagnostic, node: &Node) -> Diagnostic {
    diagnostic
        .at_pointer(node.pointer.clone())
        .at_line(Some(node.start.line), Some(node.start.column))
}

/// Text quoted back in a message: short, with control characters escaped.
pub(crate) fn quote(text: &str) -> String {
    let short: String = text.chars().take(40).collect();
    let mut quoted = short.escape_debug().to_string();
    if text.chars().count() > 40 {
        quoted.push('…');
    }
    quoted
}

/// Reads one action body, member by member, so every problem has its own pointer.
struct BodyReader<'a> {
    name: &'a str,
    body: Option<&'a Node>,
    mode: ReadMode,
    diagnostics: &'a mut Vec<Diagnostic>,
    known: Vec<&'static str>,
    failed: bool,
}

impl<'a> BodyReader<'a> {
    fn new(
        name: &'a str,
        body: Option<&'a Node>,
        mode: ReadMode,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Option<Self> {
        if let Some(node) = body {
            if !node.is_null() && node.as_object().is_none() {
                diagnostics.push(at(
                    Diagnostic::error(format!(
                        "the {name} body must be a JSON object, not {}",
                        node.kind_name()
                    )),
                    node,
                ));
                return None;
            }
        }
        Some(BodyReader {
            name,
            body: body.filter(|b| !b.is_null()),
            mode,
            diagnostics,
            known: Vec::new(),
            failed: false,
        })
    }

    fn read(mut self) -> Option<Action> {
        let action = match self.name {
            "playPrompt" => {
                let client_context = self.client_context();
                let looped = self.boolean("loop").unwrap_or(false);
                let total = self.number("durationMs", 0, MAX_PROMPT_MS);
                let prompts = self.prompts(MAX_PLAY_PROMPTS, total, true);
                Action::PlayPrompt(PlayPrompt {
                    client_context,
                    prompts,
                    looped,
                })
            }
            "recordResponse" => {
                let client_context = self.client_context();
                let prompts = self.prompts(MAX_RECORD_PROMPTS, None, false);
                let timer = |reader: &mut Self, key| {
                    reader
                        .number(key, RECORD_TIMER_MIN_S, RECORD_TIMER_MAX_S)
                        .unwrap_or(RECORD_TIMER_DEFAULT_S)
                };
                Action::RecordResponse(RecordResponse {
                    client_context,
                    prompts,
                    barge_in_allowed: self.boolean("bargeInAllowed").unwrap_or(false),
                    initial_silence_timeout_s: timer(&mut self, "initialSilenceTimeoutInSeconds"),
                    max_silence_timeout_s: timer(&mut self, "maxSilenceTimeoutInSeconds"),
                    max_record_duration_s: timer(&mut self, "maxRecordDurationInSeconds"),
                    play_beep: self.boolean("playBeep").unwrap_or(true),
                    stop_tones: self.tones("stopTones", false),
                })
            }
            "subscribeToTone" => Action::SubscribeToTone {
                client_context: self.client_context(),
            },
            "sendDtmfTones" => {
                let client_context = self.client_context();
                let tones = self.tones("tones", true);
                let delay = self
                    .number("delayBetweenTonesMs", 0, MAX_DTMF_DELAY_MS)
                    .unwrap_or(DEFAULT_DTMF_DELAY_MS);
                Action::SendDtmfTones(SendDtmfTones {
                    client_context,
                    tones,
                    delay_between_tones_ms: delay,
                })
            }
            "updateRecordingStatus" => {
                let client_context = self.client_context();
                let status = self.recording_status();
                Action::UpdateRecordingStatus {
                    client_context,
                    status,
                }
            }
            "cancelMediaProcessing" => Action::CancelMediaProcessing {
                client_context: self.client_context(),
            },
            "hangUp" => Action::HangUp,
            other => {
                let message = format!(
                    "'{}' is not an action: use one of {}",
                    quote(other),
                    ACTION_NAMES.join(", ")
                );
                self.error(message, None);
                return None;
            }
        };
        self.unknown_members();
        (!self.failed).then_some(action)
    }

    fn error(&mut self, message: String, node: Option<&Node>) {
        self.failed = true;
        let diagnostic = Diagnostic::error(message);
        let diagnostic = match node.or(self.body) {
            Some(node) => at(diagnostic, node),
            None => diagnostic,
        };
        self.diagnostics.push(diagnostic);
    }

    fn member(&mut self, key: &'static str) -> Option<&'a Node> {
        self.known.push(key);
        self.body?.get(key).filter(|n| !n.is_null())
    }

    fn client_context(&mut self) -> Option<String> {
        let node = self.member("clientContext")?;
        match node.as_str() {
            Some(text) => {
                if let Err(message) = check_client_context(text) {
                    self.error(message, Some(node));
                }
                Some(text.to_string())
            }
            None => {
                self.error(
                    format!("clientContext must be a string, not {}", node.kind_name()),
                    Some(node),
                );
                None
            }
        }
    }

    fn boolean(&mut self, key: &'static str) -> Option<bool> {
        let node = self.member(key)?;
        match node.as_bool() {
            Some(value) => Some(value),
            None => {
                self.error(
                    format!("{key} must be true or false, not {}", node.kind_name()),
                    Some(node),
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    fn number(&mut self, key: &'static str, min: u64, max: u64) -> Option<u64> {
        let node = self.member(key)?;
        self.number_at(key, node, min, max)
    }

    fn number_at(&mut self, key: &str, node: &Node, min: u64, max: u64) -> Option<u64> {
        match node.as_number().and_then(|n| n.as_u64()) {
            Some(value) if (min..=max).contains(&value) => Some(value),
            Some(value) => {
                self.error(
                    format!("{key} is {value}; it must be from {min} to {max}"),
                    Some(node),
                );
                None
            }
            None => {
                let what = match node.as_number() {
                    Some(n) => format!("{n}"),
                    None => node.kind_name().to_string(),
                };
                self.error(
                    format!("{key} must be a whole number from {min} to {max}, not {what}"),
                    Some(node),
                );
                None
            }
        }
    }

    /// `prompts`: mediaPrompts with an optional `durationMs` hint each; `total` (playPrompt's
    /// top-level `durationMs`) replaces the sum. `required`: Graph rejects a missing list.
    fn prompts(&mut self, max: usize, total: Option<u64>, required: bool) -> Vec<Prompt> {
        let Some(node) = self.member("prompts") else {
            if required {
                let message = format!(
                    "{} needs prompts (a list of #microsoft.graph.mediaPrompt with mediaInfo.uri)",
                    self.name
                );
                match self.mode {
                    ReadMode::Graph => self.error(message, None),
                    ReadMode::Scenario => {
                        let message = format!(
                            "{message}: Graph would refuse this body; the simulator plays one silent placeholder of {} ms",
                            total.unwrap_or(DEFAULT_PROMPT_MS)
                        );
                        let diagnostic = Diagnostic::warning(message);
                        self.diagnostics.push(match self.body {
                            Some(body) => at(diagnostic, body),
                            None => diagnostic,
                        });
                    }
                }
                return vec![Prompt {
                    uri: None,
                    duration_ms: total.unwrap_or(DEFAULT_PROMPT_MS),
                }];
            }
            return Vec::new();
        };
        let Some(items) = node.as_array() else {
            self.error(
                format!("prompts must be a list, not {}", node.kind_name()),
                Some(node),
            );
            return Vec::new();
        };
        if items.len() > max {
            self.error(
                format!(
                    "{} takes at most {max} prompt{}; this list has {}",
                    self.name,
                    if max == 1 { "" } else { "s" },
                    items.len()
                ),
                Some(node),
            );
        }
        if required && items.is_empty() {
            self.error(
                format!("{} needs at least one prompt", self.name),
                Some(node),
            );
        }
        let mut prompts = Vec::new();
        for item in items {
            if item.as_object().is_none() {
                self.error(
                    format!(
                        "a prompt must be an object such as {{\"@odata.type\": \"#microsoft.graph.mediaPrompt\", \"mediaInfo\": {{\"uri\": \"https://…\"}}}}, not {}",
                        item.kind_name()
                    ),
                    Some(item),
                );
                continue;
            }
            if let Some(kind) = item.get("@odata.type").and_then(Node::as_str) {
                let bare = kind.trim_start_matches('#');
                if !bare.eq_ignore_ascii_case("microsoft.graph.mediaPrompt") {
                    self.error(
                        format!("'{}' is not a prompt type Graph plays: use #microsoft.graph.mediaPrompt", quote(kind)),
                        item.get("@odata.type"),
                    );
                }
            }
            let uri = match item.get("mediaInfo") {
                Some(info) => match info.get("uri") {
                    Some(uri) => match uri.as_str() {
                        Some(text) => Some(text.to_string()),
                        None => {
                            self.error(
                                format!("mediaInfo.uri must be a string, not {}", uri.kind_name()),
                                Some(uri),
                            );
                            None
                        }
                    },
                    None => {
                        self.error("a mediaPrompt needs mediaInfo.uri".to_string(), Some(info));
                        None
                    }
                },
                None => {
                    if self.mode == ReadMode::Graph {
                        self.error("a mediaPrompt needs mediaInfo.uri".to_string(), Some(item));
                    }
                    None
                }
            };
            let duration_ms = match item.get("durationMs") {
                Some(hint) => self
                    .number_at("durationMs", hint, 0, MAX_PROMPT_MS)
                    .unwrap_or(DEFAULT_PROMPT_MS),
                None => DEFAULT_PROMPT_MS,
            };
            prompts.push(Prompt { uri, duration_ms });
        }
        if let (Some(total), false) = (total, prompts.is_empty()) {
            // The top-level hint is the whole playback: spread it over the prompts.
            let count = prompts.len() as u64;
            for (index, prompt) in prompts.iter_mut().enumerate() {
                let index = index as u64;
                prompt.duration_ms = total / count + u64::from(index < total % count);
            }
        }
        prompts
    }

    fn tones(&mut self, key: &'static str, required: bool) -> Vec<Tone> {
        let Some(node) = self.member(key) else {
            if required {
                self.error(
                    format!(
                        "{} needs {key} (a list such as [\"tone1\", \"pound\"])",
                        self.name
                    ),
                    None,
                );
            }
            return Vec::new();
        };
        let Some(items) = node.as_array() else {
            self.error(
                format!("{key} must be a list of tones, not {}", node.kind_name()),
                Some(node),
            );
            return Vec::new();
        };
        if items.len() > MAX_DTMF_TONES {
            self.error(
                format!(
                    "{key} has {} tones; the simulator takes at most {MAX_DTMF_TONES}",
                    items.len()
                ),
                Some(node),
            );
        }
        if required && items.is_empty() {
            self.error(format!("{key} needs at least one tone"), Some(node));
        }
        let mut tones = Vec::new();
        for item in items.iter().take(MAX_DTMF_TONES) {
            match item.as_str().and_then(parse_tone) {
                Some(tone) => tones.push(tone),
                None => {
                    let what = match item.as_str() {
                        Some(text) => format!("'{}'", quote(text)),
                        None => item.kind_name().to_string(),
                    };
                    self.error(format!("{what} is not a tone: use {TONE_HELP}"), Some(item));
                }
            }
        }
        tones
    }

    fn recording_status(&mut self) -> String {
        let Some(node) = self.member("status") else {
            self.error(
                format!(
                    "updateRecordingStatus needs status ({})",
                    RECORDING_STATUSES.join(", ")
                ),
                None,
            );
            return String::new();
        };
        let found = node.as_str().and_then(|text| {
            RECORDING_STATUSES
                .iter()
                .find(|s| s.eq_ignore_ascii_case(text))
        });
        match found {
            Some(status) => status.to_string(),
            None => {
                let what = match node.as_str() {
                    Some(text) => format!("'{}'", quote(text)),
                    None => node.kind_name().to_string(),
                };
                self.error(
                    format!(
                        "status {what} is not a recording status: use {}",
                        RECORDING_STATUSES.join(", ")
                    ),
                    Some(node),
                );
                String::new()
            }
        }
    }

    /// Scenario mode warns about members the action does not know (typos such as `clientContex`);
    /// Graph ignores them, and so does the mock.
    fn unknown_members(&mut self) {
        if self.mode != ReadMode::Scenario {
            return;
        }
        let Some(members) = self.body.and_then(Node::as_object) else {
            return;
        };
        for member in members {
            if member.key.starts_with('@') || self.known.contains(&member.key.as_str()) {
                continue;
            }
            let known = if self.known.is_empty() {
                "it takes none".to_string()
            } else {
                format!("it takes {}", self.known.join(", "))
            };
            self.diagnostics.push(
                Diagnostic::warning(format!(
                    "{} has no parameter '{}' ({known}); ignored",
                    self.name,
                    quote(&member.key)
                ))
                .at_pointer(pointer_push(
                    self.body.map_or("", |b| b.pointer.as_str()),
                    &member.key,
                ))
                .at_line(Some(member.key_pos.line), Some(member.key_pos.column)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::json::{parse, ParseOptions};

    fn read(name: &str, body: &str, mode: ReadMode) -> (Option<Action>, Vec<Diagnostic>) {
        let parsed = parse(body, &ParseOptions::default()).expect("test bodies are JSON");
        let mut diagnostics = Vec::new();
        let action = read_action(name, Some(&parsed.root), mode, &mut diagnostics);
        (action, diagnostics)
    }

    #[test]
    fn an_unknown_action_name_is_an_error_not_a_hang_up() {
        let (action, diagnostics) = read("transfer", "{}", ReadMode::Graph);
        assert_eq!(action, None);
        assert!(diagnostics[0]
            .message
            .contains("'transfer' is not an action"));
    }

    #[test]
    fn graph_mode_refuses_a_playprompt_without_prompts_scenario_mode_warns() {
        let (action, diagnostics) =
            read("playPrompt", r#"{"clientContext": "c"}"#, ReadMode::Graph);
        assert_eq!(action, None);
        assert!(diagnostics[0].is_error());
        let (action, diagnostics) = read(
            "playPrompt",
            r#"{"clientContext": "c"}"#,
            ReadMode::Scenario,
        );
        assert!(action.is_some());
        assert_eq!(
            diagnostics[0].severity,
            crate::diagnostic::Severity::Warning
        );
    }

    #[test]
    fn the_docs_record_body_reads_with_its_values() {
        let body = r##"{"bargeInAllowed": true, "clientContext": "d4", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/beep.wav", "resourceId": "1D6DE2D4-CD51-4309-8DAA-70768651088E"}}], "maxRecordDurationInSeconds": 10, "initialSilenceTimeoutInSeconds": 5, "maxSilenceTimeoutInSeconds": 2, "playBeep": true, "stopTones": [ "#", "1", "*" ]}"##;
        let (action, diagnostics) = read("recordResponse", body, ReadMode::Graph);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let Some(Action::RecordResponse(record)) = action else {
            panic!("not a record: {action:?}");
        };
        assert!(record.barge_in_allowed && record.play_beep);
        assert_eq!(
            (
                record.max_record_duration_s,
                record.initial_silence_timeout_s,
                record.max_silence_timeout_s
            ),
            (10, 5, 2)
        );
        assert_eq!(record.stop_tones, [Tone::Pound, Tone::Tone1, Tone::Star]);
        assert_eq!(record.prompts[0].duration_ms, DEFAULT_PROMPT_MS);
    }

    #[test]
    fn a_top_level_duration_is_spread_over_the_prompts() {
        let body = r##"{"durationMs": 1001, "prompts": [{"mediaInfo": {"uri": "a"}}, {"mediaInfo": {"uri": "b"}}]}"##;
        let (action, _) = read("playPrompt", body, ReadMode::Scenario);
        let Some(Action::PlayPrompt(play)) = action else {
            panic!("{action:?}");
        };
        assert_eq!(play.duration_ms(), 1001);
        assert_eq!(play.prompts[0].duration_ms, 501);
    }
}
