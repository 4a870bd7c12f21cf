//! One simulated call: its state, its media queue, its tone subscription and every operation,
//! driven by a virtual clock in milliseconds. The caller of this module owns time: nothing
//! happens between two calls to [`SimulatedCall::advance_to`], [`SimulatedCall::act`] or
//! [`SimulatedCall::caller`], so the same inputs give the same notifications, byte for byte.
//!
//! The semantics follow the Graph docs (call-cancelMediaProcessing, call-playPrompt,
//! call-record, call-subscribeToTone, call-sendDtmfTones, call-updateRecordingStatus,
//! call-delete); where the docs are silent the choice is one of [`super::notes::DECISIONS`].

use std::collections::{BTreeMap, VecDeque};

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::action::{Action, CallerEvent, PlayPrompt, RecordResponse, BEEP_MS};
use crate::graph::ids::seeded_guid;
use crate::graph::model::{CallState, OperationStatus, OperationType, Tone};
use crate::graph::ApiVersion;

/// How long the service takes from `terminating` to `terminated` after the bot hangs up.
pub const TERMINATE_MS: u64 = 300;

/// What a simulated call is made with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallConfig {
    /// The call id (a GUID, lower-case with dashes).
    pub call_id: String,
    /// The API version the bot talks to: it decides the Location URLs and, in beta, the
    /// playPrompt completionReason.
    pub version: ApiVersion,
    /// The Graph root the `Location` headers start with, e.g. `https://graph.microsoft.com`.
    pub graph_root: String,
    /// Seeds the operation ids, etags and recording tokens.
    pub seed: u64,
    /// `None`: the call is established when it is made. `Some(ms)`: it is `establishing` and
    /// becomes `established` that many milliseconds later (what `POST /calls` does).
    pub establish_after_ms: Option<u64>,
}

/// One `commsNotifications` body the service POSTs to the bot's callback.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    /// When it is sent, in milliseconds on the call's clock.
    pub at_ms: u64,
    /// The body, exactly as POSTed.
    pub body: Value,
    /// The operation it reports on, when it is about one.
    pub operation_id: Option<String>,
    /// One line saying what it reports.
    pub summary: String,
}

/// The service's answer to an action.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Answer {
    /// HTTP status: 200 for an operation, 204 for a hang-up, 4xx when refused.
    pub status: u16,
    /// The `Location` header of an operation.
    pub location: Option<String>,
    /// The operation as the answer's body; `None` for 204 and for refusals.
    pub body: Option<Value>,
    /// A refusal: the Graph error code and message (the HTTP face adds the envelope).
    pub error: Option<Refusal>,
    /// The operation the action created.
    pub operation_id: Option<String>,
    /// One line saying what happened.
    pub summary: String,
    /// Notifications the action caused at once (a cancel's cancelled operations, say).
    pub notifications: Vec<Notification>,
}

/// Why the call refused an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// Graph error code, e.g. `itemNotFound`.
    pub code: String,
    /// What went wrong.
    pub message: String,
}

/// Where an operation is in its life, for timelines: one lane per operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OperationLane {
    /// The operation id.
    pub id: String,
    /// The action that made it (`playPrompt`, `recordResponse`, ...).
    pub action: String,
    /// Its `@odata.type` name, e.g. `recordOperation`.
    pub odata_type: String,
    /// The bot's clientContext.
    pub client_context: Option<String>,
    /// True for playPrompt and recordResponse, which wait in the media queue.
    pub queued_media: bool,
    /// When the bot asked for it.
    pub requested_ms: u64,
    /// When it started running.
    pub started_ms: Option<u64>,
    /// When it ended.
    pub ended_ms: Option<u64>,
    /// Its status now (`notStarted`, `running`, `completed`, `failed`).
    pub status: String,
    /// How it ended: `completed`, `failed`, `cancelled`, `bargedInto` or `callEnded`.
    pub outcome: Option<String>,
    /// The completionReason it reported.
    pub completion_reason: Option<String>,
    /// The resultInfo code and subcode it reported.
    pub result: Option<(i64, i64)>,
    /// The operation that ended it: the cancelMediaProcessing, or the barging recordResponse.
    pub ended_by: Option<String>,
}

/// How an operation ends.
struct Ending {
    status: OperationStatus,
    outcome: &'static str,
    result: Option<(i64, i64, &'static str)>,
    reason: Option<&'static str>,
    recording: bool,
    ended_by: Option<String>,
}

const CANCELLED: (i64, i64, &str) = (400, 8508, "Action failed, the operation was cancelled.");
const SUCCESS: (i64, i64, &str) = (200, 0, "Action completed successfully.");
const MAX_DURATION: (i64, i64, &str) =
    (200, 8515, "Action completed, max record duration reached.");
const INITIAL_SILENCE: (i64, i64, &str) = (400, 8510, "Action failed, initial silence timeout.");
const CALL_ENDED: (i64, i64, &str) = (410, 0, "Action failed, the call ended.");
const BOT_HUNG_UP: (i64, i64, &str) = (200, 7000, "The conversation has ended by bot.");
const CALLER_HUNG_UP: (i64, i64, &str) = (
    200,
    4097,
    "Call ended by the other participant in the call.",
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Queued,
    Prompt,
    Beep,
    Listening,
    Playing,
    Sending,
    Done,
}

enum Work {
    Play(PlayPrompt),
    Record(RecordResponse),
    Dtmf,
    Instant,
}

struct Operation {
    lane: OperationLane,
    kind: OperationType,
    work: Work,
    phase: Phase,
    /// Bumped when the operation's phase timers must no longer fire.
    generation: u32,
    /// Bumped when a silence timer must no longer fire (the caller spoke again).
    silence_generation: u32,
    spoke: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timer {
    PhaseEnd {
        op: usize,
        generation: u32,
    },
    MaxDuration {
        op: usize,
        generation: u32,
    },
    InitialSilence {
        op: usize,
        generation: u32,
        silence: u32,
    },
    MaxSilence {
        op: usize,
        generation: u32,
        silence: u32,
    },
    Established,
    Terminated,
}

/// A call with its media queue, on a virtual clock.
pub struct SimulatedCall {
    config: CallConfig,
    now: u64,
    state: CallState,
    operations: Vec<Operation>,
    /// The running playPrompt or recordResponse, if any.
    running_media: Option<usize>,
    /// Media operations waiting, in order.
    queue: VecDeque<usize>,
    timers: BTreeMap<(u64, u64), Timer>,
    timer_sequence: u64,
    ids_made: u64,
    etag: u64,
    tone_sequence: i64,
    subscribed_to_tones: bool,
    caller_speaking: bool,
    recording_status: Option<String>,
    end_result: Option<(i64, i64, &'static str)>,
}

impl SimulatedCall {
    /// A new call at time 0, and the notifications its creation sends (`established`, or
    /// `establishing` when it establishes later).
    pub fn new(config: CallConfig) -> (SimulatedCall, Vec<Notification>) {
        let mut call = SimulatedCall {
            config,
            now: 0,
            state: CallState::Establishing,
            operations: Vec::new(),
            running_media: None,
            queue: VecDeque::new(),
            timers: BTreeMap::new(),
            timer_sequence: 0,
            ids_made: 0,
            etag: 0,
            tone_sequence: 0,
            subscribed_to_tones: false,
            caller_speaking: false,
            recording_status: None,
            end_result: None,
        };
        let mut out = Vec::new();
        match call.config.establish_after_ms {
            None => {
                call.state = CallState::Established;
                out.push(call.call_notification("updated", None));
            }
            Some(delay) => {
                out.push(call.call_notification("updated", None));
                call.schedule(delay, Timer::Established);
            }
        }
        (call, out)
    }

    /// The call id.
    pub fn call_id(&self) -> &str {
        &self.config.call_id
    }

    /// The time on the call's clock, in milliseconds.
    pub fn now_ms(&self) -> u64 {
        self.now
    }

    /// The call's state.
    pub fn state(&self) -> CallState {
        self.state
    }

    /// When the next timer fires, if any (a prompt ending, a silence timeout, ...).
    pub fn next_event_ms(&self) -> Option<u64> {
        self.timers.keys().next().map(|(at, _)| *at)
    }

    /// Every operation so far, in the order the bot asked for them.
    pub fn lanes(&self) -> Vec<OperationLane> {
        self.operations.iter().map(|op| op.lane.clone()).collect()
    }

    /// The `call` resource as `GET /communications/calls/{id}` shows it now.
    pub fn resource(&self) -> Value {
        let mut call = Map::new();
        call.insert("@odata.type".into(), "#microsoft.graph.call".into());
        call.insert("id".into(), self.config.call_id.clone().into());
        call.insert("state".into(), self.state.as_str().into());
        if let Some(status) = &self.recording_status {
            call.insert("recordingStatus".into(), status.clone().into());
        }
        if let Some(result) = self.end_result {
            call.insert("resultInfo".into(), result_info(result));
        }
        Value::Object(call)
    }

    /// The operation `id` as `GET .../operations/{id}` shows it now.
    pub fn operation(&self, id: &str) -> Option<Value> {
        let index = self.operations.iter().position(|op| op.lane.id == id)?;
        Some(self.operation_body(index, false))
    }

    /// Runs the clock to `at_ms` (never backwards), firing every timer due on the way, in order.
    pub fn advance_to(&mut self, at_ms: u64) -> Vec<Notification> {
        let mut out = Vec::new();
        while let Some((&(at, sequence), _)) = self.timers.iter().next() {
            if at > at_ms {
                break;
            }
            let Some(timer) = self.timers.remove(&(at, sequence)) else {
                break;
            };
            self.now = self.now.max(at);
            self.fire(timer, &mut out);
        }
        self.now = self.now.max(at_ms);
        out
    }

    /// The bot's action, at the current time.
    pub fn act(&mut self, action: Action) -> Answer {
        if let Some(refusal) = self.refusal(&action) {
            return Answer {
                status: refusal.0,
                location: None,
                body: None,
                summary: format!(
                    "{} refused: {} {}",
                    action.name(),
                    refusal.0,
                    refusal.1.code
                ),
                error: Some(refusal.1),
                operation_id: None,
                notifications: Vec::new(),
            };
        }
        let mut out = Vec::new();
        if action == Action::HangUp {
            self.end_call(false, &mut out);
            let now = self.now;
            out.extend(self.advance_to(now));
            return Answer {
                status: 204,
                location: None,
                body: None,
                error: None,
                operation_id: None,
                summary: "hang-up (DELETE): 204 No Content; the call is terminating".to_string(),
                notifications: out,
            };
        }
        let index = self.add_operation(&action);
        match action {
            Action::PlayPrompt(_) => self.enqueue(index, false, &mut out),
            Action::RecordResponse(ref record) => {
                self.enqueue(index, record.barge_in_allowed, &mut out)
            }
            Action::SendDtmfTones(ref dtmf) => {
                let duration = dtmf.duration_ms();
                self.start(index);
                self.operations[index].phase = Phase::Sending;
                self.schedule_phase_end(index, duration);
            }
            Action::SubscribeToTone { .. } => {
                self.subscribed_to_tones = true;
                self.finish_instantly(index);
            }
            Action::UpdateRecordingStatus { ref status, .. } => {
                self.recording_status = Some(status.clone());
                self.finish_instantly(index);
            }
            Action::CancelMediaProcessing { .. } => {
                let id = self.operations[index].lane.id.clone();
                self.cancel_media(&id, "cancelled", &mut out);
                self.finish_instantly(index);
            }
            Action::HangUp => {}
        }
        // The answer reflects the operation as it is at the moment of the request.
        let body = self.operation_body(index, true);
        let now = self.now;
        out.extend(self.advance_to(now));
        let op = &self.operations[index];
        let id = op.lane.id.clone();
        let status = body
            .get("status")
            .and_then(Value::as_str)
            .unwrap_or("running")
            .to_string();
        let mut summary = format!(
            "{}{}: 200 OK, {status}",
            op.lane.action,
            context_label(op.lane.client_context.as_deref())
        );
        if op.lane.action == "cancelMediaProcessing" {
            let cancelled = self
                .operations
                .iter()
                .filter(|o| o.lane.ended_by.as_deref() == Some(id.as_str()))
                .count();
            summary.push_str(&match cancelled {
                0 => "; nothing was running or queued, so nothing is cancelled".to_string(),
                1 => "; 1 media operation cancelled".to_string(),
                n => format!("; {n} media operations cancelled"),
            });
        } else if status == "notStarted" {
            let ahead = self.queue.iter().position(|&q| q == index).unwrap_or(0) + 1;
            summary.push_str(&format!(
                "; queued behind {ahead} media operation{}",
                if ahead == 1 { "" } else { "s" }
            ));
        }
        Answer {
            status: 200,
            location: Some(self.location(&id)),
            body: Some(body),
            error: None,
            operation_id: Some(id),
            summary,
            notifications: out,
        }
    }

    /// Something the caller does, at the current time.
    pub fn caller(&mut self, event: CallerEvent) -> Vec<Notification> {
        let mut out = Vec::new();
        if !self.is_live() {
            return out;
        }
        match event {
            CallerEvent::PressTone(tone) => {
                if self.subscribed_to_tones {
                    self.tone_sequence += 1;
                    let sequence = self.tone_sequence;
                    out.push(self.tone_notification(tone, sequence));
                }
                if let Some(index) = self.listening_record() {
                    let stops = match &self.operations[index].work {
                        Work::Record(record) => record.stop_tones.contains(&tone),
                        _ => false,
                    };
                    if stops {
                        self.end(
                            index,
                            Ending {
                                status: OperationStatus::Completed,
                                outcome: "completed",
                                result: Some(SUCCESS),
                                reason: Some("stopToneDetected"),
                                recording: true,
                                ended_by: None,
                            },
                            &mut out,
                        );
                        self.start_next_media();
                    }
                }
            }
            CallerEvent::SpeechStarted => {
                self.caller_speaking = true;
                if let Some(index) = self.listening_record() {
                    let op = &mut self.operations[index];
                    op.spoke = true;
                    op.silence_generation += 1;
                }
            }
            CallerEvent::SpeechStopped => {
                let was_speaking = std::mem::replace(&mut self.caller_speaking, false);
                if let (true, Some(index)) = (was_speaking, self.listening_record()) {
                    self.schedule_max_silence(index);
                }
            }
            CallerEvent::HangsUp => self.end_call(true, &mut out),
        }
        let now = self.now;
        out.extend(self.advance_to(now));
        out
    }

    fn is_live(&self) -> bool {
        matches!(self.state, CallState::Established | CallState::Establishing)
    }

    fn refusal(&self, action: &Action) -> Option<(u16, Refusal)> {
        let id = &self.config.call_id;
        match self.state {
            CallState::Terminating | CallState::Terminated => Some((
                404,
                Refusal {
                    code: "itemNotFound".to_string(),
                    message: format!("Call {id} has ended, so it takes no more {} requests.", action.name()),
                },
            )),
            CallState::Establishing if *action != Action::HangUp => Some((
                400,
                Refusal {
                    code: "BadRequest".to_string(),
                    message: format!(
                        "Call {id} is still establishing: wait for the established notification before {}.",
                        action.name()
                    ),
                },
            )),
            _ => None,
        }
    }

    fn new_id(&mut self) -> String {
        self.ids_made += 1;
        seeded_guid(
            self.config
                .seed
                .wrapping_mul(0x0100_0000_01B3)
                .wrapping_add(self.ids_made),
        )
    }

    fn add_operation(&mut self, action: &Action) -> usize {
        let (kind, work) = match action {
            Action::PlayPrompt(play) => (OperationType::PlayPrompt, Work::Play(play.clone())),
            Action::RecordResponse(record) => (OperationType::Record, Work::Record(record.clone())),
            Action::SendDtmfTones(_) => (OperationType::SendDtmfTones, Work::Dtmf),
            Action::SubscribeToTone { .. } => (OperationType::SubscribeToTone, Work::Instant),
            Action::UpdateRecordingStatus { .. } => {
                (OperationType::UpdateRecordingStatus, Work::Instant)
            }
            Action::CancelMediaProcessing { .. } | Action::HangUp => {
                (OperationType::CancelMediaProcessing, Work::Instant)
            }
        };
        let id = self.new_id();
        self.operations.push(Operation {
            lane: OperationLane {
                id,
                action: action.name().to_string(),
                odata_type: kind.as_str().to_string(),
                client_context: action.client_context().map(str::to_string),
                queued_media: kind.is_queued_media(),
                requested_ms: self.now,
                started_ms: None,
                ended_ms: None,
                status: OperationStatus::NotStarted.as_str().to_string(),
                outcome: None,
                completion_reason: None,
                result: None,
                ended_by: None,
            },
            kind,
            work,
            phase: Phase::Queued,
            generation: 0,
            silence_generation: 0,
            spoke: false,
        });
        self.operations.len() - 1
    }

    /// Puts a playPrompt or recordResponse in the media queue: it runs now when nothing is
    /// running; `barge_in` (recordResponse's bargeInAllowed) first removes what runs or waits.
    fn enqueue(&mut self, index: usize, barge_in: bool, out: &mut Vec<Notification>) {
        if barge_in {
            let id = self.operations[index].lane.id.clone();
            self.cancel_media(&id, "bargedInto", out);
        }
        if self.running_media.is_none() && self.queue.is_empty() {
            self.start_media(index);
        } else {
            self.queue.push_back(index);
        }
    }

    /// Ends the running media operation and every queued one, in that order, as cancelled.
    fn cancel_media(&mut self, by: &str, outcome: &'static str, out: &mut Vec<Notification>) {
        let mut victims: Vec<usize> = self.running_media.take().into_iter().collect();
        victims.extend(self.queue.drain(..));
        for index in victims {
            let reason = self.cancel_reason(index);
            self.end(
                index,
                Ending {
                    status: OperationStatus::Failed,
                    outcome,
                    result: Some(CANCELLED),
                    reason,
                    recording: false,
                    ended_by: Some(by.to_string()),
                },
                out,
            );
        }
    }

    /// The completionReason a cancelled operation reports: `operationCanceled` for a record
    /// (documented); for a playPrompt beta's `mediaOperationCanceled`, and none in v1.0, whose
    /// playPromptOperation has no completionReason.
    fn cancel_reason(&self, index: usize) -> Option<&'static str> {
        match self.operations[index].kind {
            OperationType::Record => Some("operationCanceled"),
            OperationType::PlayPrompt if self.config.version == ApiVersion::Beta => {
                Some("mediaOperationCanceled")
            }
            _ => None,
        }
    }

    fn start(&mut self, index: usize) {
        let now = self.now;
        let lane = &mut self.operations[index].lane;
        lane.started_ms = Some(now);
        lane.status = OperationStatus::Running.as_str().to_string();
    }

    fn start_media(&mut self, index: usize) {
        self.start(index);
        self.running_media = Some(index);
        let (phase, duration) = match &self.operations[index].work {
            Work::Play(play) if play.looped => (Phase::Playing, None),
            Work::Play(play) => (Phase::Playing, Some(play.duration_ms())),
            Work::Record(record) => {
                let prompt: u64 = record.prompts.iter().map(|p| p.duration_ms).sum();
                if prompt > 0 {
                    (Phase::Prompt, Some(prompt))
                } else if record.play_beep {
                    (Phase::Beep, Some(BEEP_MS))
                } else {
                    (Phase::Listening, None)
                }
            }
            _ => (Phase::Playing, Some(0)),
        };
        self.operations[index].phase = phase;
        if phase == Phase::Listening {
            self.start_listening(index);
        } else if let Some(duration) = duration {
            self.schedule_phase_end(index, duration);
        }
    }

    fn start_listening(&mut self, index: usize) {
        let speaking = self.caller_speaking;
        let (max_duration, initial) = match &self.operations[index].work {
            Work::Record(r) => (r.max_record_duration_s, r.initial_silence_timeout_s),
            _ => return,
        };
        let op = &mut self.operations[index];
        op.phase = Phase::Listening;
        op.spoke = speaking;
        let (generation, silence) = (op.generation, op.silence_generation);
        self.schedule(
            max_duration * 1000,
            Timer::MaxDuration {
                op: index,
                generation,
            },
        );
        if !speaking {
            self.schedule(
                initial * 1000,
                Timer::InitialSilence {
                    op: index,
                    generation,
                    silence,
                },
            );
        }
    }

    fn schedule_max_silence(&mut self, index: usize) {
        let max_silence = match &self.operations[index].work {
            Work::Record(r) => r.max_silence_timeout_s,
            _ => return,
        };
        let op = &mut self.operations[index];
        op.silence_generation += 1;
        let (generation, silence) = (op.generation, op.silence_generation);
        self.schedule(
            max_silence * 1000,
            Timer::MaxSilence {
                op: index,
                generation,
                silence,
            },
        );
    }

    fn listening_record(&self) -> Option<usize> {
        self.running_media
            .filter(|&i| self.operations[i].phase == Phase::Listening)
    }

    fn schedule_phase_end(&mut self, index: usize, after_ms: u64) {
        let generation = self.operations[index].generation;
        self.schedule(
            after_ms,
            Timer::PhaseEnd {
                op: index,
                generation,
            },
        );
    }

    fn schedule(&mut self, after_ms: u64, timer: Timer) {
        self.timer_sequence += 1;
        let at = self.now.saturating_add(after_ms);
        self.timers.insert((at, self.timer_sequence), timer);
    }

    fn finish_instantly(&mut self, index: usize) {
        self.start(index);
        let now = self.now;
        let op = &mut self.operations[index];
        op.phase = Phase::Done;
        op.lane.ended_ms = Some(now);
        op.lane.status = OperationStatus::Completed.as_str().to_string();
        op.lane.outcome = Some("completed".to_string());
    }

    fn fire(&mut self, timer: Timer, out: &mut Vec<Notification>) {
        let live = |call: &Self, op: usize, generation: u32| {
            call.operations
                .get(op)
                .is_some_and(|o| o.generation == generation && o.phase != Phase::Done)
        };
        // A silence timer counts only while the caller has not spoken since it was set.
        let still_silent = |call: &Self, op: usize, generation: u32, silence: u32| {
            live(call, op, generation) && call.operations[op].silence_generation == silence
        };
        match timer {
            Timer::Established if self.state == CallState::Establishing => {
                self.state = CallState::Established;
                out.push(self.call_notification("updated", None));
            }
            Timer::Terminated => {
                self.state = CallState::Terminated;
                out.push(self.call_notification("deleted", self.end_result));
            }
            Timer::PhaseEnd { op, generation } if live(self, op, generation) => {
                self.phase_ended(op, out)
            }
            Timer::MaxDuration { op, generation } if live(self, op, generation) => {
                self.end_record(op, MAX_DURATION, "maxRecordDurationReached", true, out)
            }
            Timer::InitialSilence {
                op,
                generation,
                silence,
            } if still_silent(self, op, generation, silence) && !self.operations[op].spoke => {
                self.end_record(op, INITIAL_SILENCE, "initialSilenceTimeout", false, out)
            }
            Timer::MaxSilence {
                op,
                generation,
                silence,
            } if still_silent(self, op, generation, silence) => {
                self.end_record(op, SUCCESS, "maxSilenceTimeout", true, out)
            }
            _ => {}
        }
    }

    fn end_record(
        &mut self,
        index: usize,
        result: (i64, i64, &'static str),
        reason: &'static str,
        completed: bool,
        out: &mut Vec<Notification>,
    ) {
        let (status, outcome) = if completed {
            (OperationStatus::Completed, "completed")
        } else {
            (OperationStatus::Failed, "failed")
        };
        self.end(
            index,
            Ending {
                status,
                outcome,
                result: Some(result),
                reason: Some(reason),
                recording: completed,
                ended_by: None,
            },
            out,
        );
        self.start_next_media();
    }

    fn phase_ended(&mut self, index: usize, out: &mut Vec<Notification>) {
        let phase = self.operations[index].phase;
        let play_beep = matches!(&self.operations[index].work, Work::Record(r) if r.play_beep);
        match phase {
            Phase::Prompt if play_beep => {
                self.operations[index].phase = Phase::Beep;
                self.schedule_phase_end(index, BEEP_MS);
            }
            Phase::Prompt | Phase::Beep => self.start_listening(index),
            Phase::Playing => {
                let reason =
                    (self.config.version == ApiVersion::Beta).then_some("completedSuccessfully");
                self.end(
                    index,
                    Ending {
                        status: OperationStatus::Completed,
                        outcome: "completed",
                        result: Some(SUCCESS),
                        reason,
                        recording: false,
                        ended_by: None,
                    },
                    out,
                );
                self.start_next_media();
            }
            Phase::Sending => self.end(
                index,
                Ending {
                    status: OperationStatus::Completed,
                    outcome: "completed",
                    result: None,
                    reason: Some("completedSuccessfully"),
                    recording: false,
                    ended_by: None,
                },
                out,
            ),
            _ => {}
        }
    }

    fn start_next_media(&mut self) {
        if self.running_media.is_some() || !self.is_live() {
            return;
        }
        if let Some(next) = self.queue.pop_front() {
            self.start_media(next);
        }
    }

    /// Ends an operation and sends its one terminal notification.
    fn end(&mut self, index: usize, ending: Ending, out: &mut Vec<Notification>) {
        if self.running_media == Some(index) {
            self.running_media = None;
        }
        self.queue.retain(|&q| q != index);
        let now = self.now;
        let op = &mut self.operations[index];
        op.phase = Phase::Done;
        op.generation += 1;
        op.lane.ended_ms = Some(now);
        op.lane.status = ending.status.as_str().to_string();
        op.lane.outcome = Some(ending.outcome.to_string());
        op.lane.completion_reason = ending.reason.map(str::to_string);
        op.lane.result = ending.result.map(|(code, subcode, _)| (code, subcode));
        op.lane.ended_by = ending.ended_by.clone();
        let notification = self.operation_notification(index, &ending);
        out.push(notification);
    }

    /// The bot hung up (`by_caller` false) or the caller did: every unfinished operation ends,
    /// then the call reports terminating (bot) and terminated.
    fn end_call(&mut self, by_caller: bool, out: &mut Vec<Notification>) {
        let unfinished: Vec<usize> = self
            .operations
            .iter()
            .enumerate()
            .filter(|(_, op)| op.phase != Phase::Done)
            .map(|(i, _)| i)
            .collect();
        // The running media operation first, then the queue, then the rest (DTMF).
        let mut order: Vec<usize> = self.running_media.into_iter().collect();
        order.extend(self.queue.iter().copied());
        let rest: Vec<usize> = unfinished
            .into_iter()
            .filter(|i| !order.contains(i))
            .collect();
        order.extend(rest);
        for index in order {
            let ending = match self.operations[index].kind {
                // The documented "error case 1" of sendDtmfTones: completed, mediaOperationCanceled.
                OperationType::SendDtmfTones => Ending {
                    status: OperationStatus::Completed,
                    outcome: "callEnded",
                    result: None,
                    reason: Some("mediaOperationCanceled"),
                    recording: false,
                    ended_by: None,
                },
                _ => Ending {
                    status: OperationStatus::Failed,
                    outcome: "callEnded",
                    result: Some(CALL_ENDED),
                    reason: None,
                    recording: false,
                    ended_by: None,
                },
            };
            self.end(index, ending, out);
        }
        self.running_media = None;
        self.queue.clear();
        self.timers.clear();
        if by_caller {
            self.end_result = Some(CALLER_HUNG_UP);
            self.state = CallState::Terminated;
            out.push(self.call_notification("deleted", self.end_result));
        } else {
            self.end_result = Some(BOT_HUNG_UP);
            self.state = CallState::Terminating;
            out.push(self.call_notification("updated", None));
            self.schedule(TERMINATE_MS, Timer::Terminated);
        }
    }

    fn call_url(&self) -> String {
        format!("/communications/calls/{}", self.config.call_id)
    }

    fn operation_url(&self, id: &str) -> String {
        format!("{}/operations/{id}", self.call_url())
    }

    fn location(&self, id: &str) -> String {
        format!(
            "{}/{}{}",
            self.config.graph_root.trim_end_matches('/'),
            self.config.version.as_str(),
            self.operation_url(id)
        )
    }

    /// The operation as an answer body (`for_answer`) or as `GET` shows it: the members the
    /// docs' response examples show, in their order.
    fn operation_body(&self, index: usize, for_answer: bool) -> Value {
        let op = &self.operations[index];
        let mut body = Map::new();
        body.insert(
            "@odata.type".into(),
            format!("#microsoft.graph.{}", op.kind.as_str()).into(),
        );
        body.insert("id".into(), op.lane.id.clone().into());
        body.insert("status".into(), op.lane.status.clone().into());
        body.insert(
            "clientContext".into(),
            op.lane.client_context.clone().into(),
        );
        let result = op.lane.result.map(|(code, subcode)| {
            let message = [
                CANCELLED,
                SUCCESS,
                MAX_DURATION,
                INITIAL_SILENCE,
                CALL_ENDED,
            ]
            .iter()
            .find(|r| (r.0, r.1) == (code, subcode))
            .map_or("", |r| r.2);
            result_info((code, subcode, message))
        });
        match op.kind {
            OperationType::Record => {
                body.insert("resultInfo".into(), result.unwrap_or(Value::Null));
                body.insert("recordingLocation".into(), Value::Null);
            }
            OperationType::UpdateRecordingStatus => {
                body.insert("resultInfo".into(), Value::Null);
            }
            _ if !for_answer => {
                if let Some(result) = result {
                    body.insert("resultInfo".into(), result);
                }
            }
            _ => {}
        }
        if !for_answer {
            if let Some(reason) = &op.lane.completion_reason {
                body.insert("completionReason".into(), reason.clone().into());
            }
        }
        Value::Object(body)
    }

    fn operation_notification(&mut self, index: usize, ending: &Ending) -> Notification {
        self.etag += 1;
        let etag = format!("W/\"{}\"", self.etag);
        let recording = (self.operations[index].kind == OperationType::Record).then(|| {
            if ending.recording {
                let token =
                    seeded_guid(self.config.seed ^ (0xACC5_0000 + self.etag)).replace('-', "");
                let op_id = &self.operations[index].lane.id;
                (
                    format!(
                        "https://recordings.mediaops.invalid/{}/{op_id}.wav",
                        self.config.call_id
                    ),
                    format!("simulated-recording-token-{token}"),
                )
            } else {
                (String::new(), String::new())
            }
        });
        let op = &self.operations[index];
        let url = self.operation_url(&op.lane.id);
        let mut data = Map::new();
        data.insert(
            "@odata.type".into(),
            format!("#microsoft.graph.{}", op.kind.as_str()).into(),
        );
        data.insert("@odata.id".into(), url.clone().into());
        data.insert("@odata.etag".into(), etag.into());
        data.insert("id".into(), op.lane.id.clone().into());
        data.insert(
            "clientContext".into(),
            op.lane.client_context.clone().into(),
        );
        data.insert("status".into(), ending.status.as_str().into());
        if let Some(result) = ending.result {
            data.insert("resultInfo".into(), result_info(result));
        }
        if let Some((location, token)) = recording {
            data.insert("recordingLocation".into(), location.into());
            data.insert("recordingAccessToken".into(), token.into());
        }
        if let Some(reason) = ending.reason {
            data.insert("completionReason".into(), reason.into());
        }
        let mut summary = format!(
            "{}{} {}",
            op.kind.as_str(),
            context_label(op.lane.client_context.as_deref()),
            ending.status.as_str()
        );
        if let Some((code, subcode, _)) = ending.result {
            summary.push_str(&format!(" {code}/{subcode}"));
        }
        if let Some(reason) = ending.reason {
            summary.push_str(&format!(" {reason}"));
        }
        Notification {
            at_ms: self.now,
            body: envelope("deleted", &url, Value::Object(data)),
            operation_id: Some(op.lane.id.clone()),
            summary,
        }
    }

    fn call_notification(
        &self,
        change_type: &str,
        result: Option<(i64, i64, &'static str)>,
    ) -> Notification {
        let url = self.call_url();
        let mut data = Map::new();
        data.insert("@odata.type".into(), "#microsoft.graph.call".into());
        data.insert("id".into(), self.config.call_id.clone().into());
        data.insert("state".into(), self.state.as_str().into());
        if let Some(result) = result {
            data.insert("resultInfo".into(), result_info(result));
        }
        let mut summary = format!("call {}", self.state.as_str());
        if let Some((code, subcode, _)) = result {
            summary.push_str(&format!(" {code}/{subcode}"));
        }
        Notification {
            at_ms: self.now,
            body: envelope(change_type, &url, Value::Object(data)),
            operation_id: None,
            summary,
        }
    }

    fn tone_notification(&self, tone: Tone, sequence: i64) -> Notification {
        let url = self.call_url();
        let data = json!({
            "@odata.type": "#microsoft.graph.call",
            "state": self.state.as_str(),
            "toneInfo": {
                "@odata.type": "#microsoft.graph.toneInfo",
                "sequenceId": sequence,
                "tone": tone.as_str()
            }
        });
        Notification {
            at_ms: self.now,
            body: envelope("updated", &url, data),
            operation_id: None,
            summary: format!("tone {} (sequenceId {sequence})", tone.as_str()),
        }
    }
}

/// `(clientContext c1)` for summaries, or nothing.
fn context_label(context: Option<&str>) -> String {
    match context {
        Some(context) => format!(" {}", context.escape_debug()),
        None => String::new(),
    }
}

fn result_info((code, subcode, message): (i64, i64, &str)) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.resultInfo",
        "code": code,
        "subcode": subcode,
        "message": message
    })
}

/// A `commsNotifications` body with one notification, shaped as the docs' examples.
fn envelope(change_type: &str, resource_url: &str, resource_data: Value) -> Value {
    json!({
        "@odata.type": "#microsoft.graph.commsNotifications",
        "value": [
            {
                "@odata.type": "#microsoft.graph.commsNotification",
                "changeType": change_type,
                "resourceUrl": resource_url,
                "resourceData": resource_data
            }
        ]
    })
}
