//! What the simulator does and why: the documented behaviour it follows, with the page it comes
//! from, and the choices it makes where the docs are silent, marked as such so a guess is never
//! shown as documented fact. The Teach view shows these notes.

use serde::Serialize;

/// One rule the simulator follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SimulatorNote {
    /// A few words.
    pub title: &'static str,
    /// What the simulator does.
    pub text: &'static str,
    /// True when the docs say so; false when it is our decision where they are silent.
    pub documented: bool,
    /// The docs page it follows, or why we decided as we did.
    pub source: &'static str,
}

const fn documented(
    title: &'static str,
    text: &'static str,
    source: &'static str,
) -> SimulatorNote {
    SimulatorNote {
        title,
        text,
        documented: true,
        source,
    }
}

const fn decided(title: &'static str, text: &'static str, source: &'static str) -> SimulatorNote {
    SimulatorNote {
        title,
        text,
        documented: false,
        source,
    }
}

/// Every rule, documented ones first.
pub const NOTES: &[SimulatorNote] = &[
    documented(
        "The media queue",
        "playPrompt and recordResponse are queued and run one after another, in the order the bot sent them.",
        "call-cancelMediaProcessing: \"IVR operations playPrompt and recordResponse ... are by default queued to process in order\".",
    ),
    documented(
        "What a cancel cancels",
        "cancelMediaProcessing ends the running operation and every queued one; its own answer is 200 OK with a Location and a cancelMediaProcessingOperation that is already completed.",
        "call-cancelMediaProcessing: \"cancels any operation that is in-process as well as operations that are queued\"; response example with status completed.",
    ),
    documented(
        "subscribeToTone is never cancelled",
        "A tone subscription keeps reporting tones after a cancel: it is not part of the queue.",
        "call-cancelMediaProcessing: \"it will not cancel a subscribeToTone operation because it operates independent of any operation queue\".",
    ),
    documented(
        "A cancelled recording reports failed",
        "Each cancelled recordResponse sends a deleted notification with status failed, resultInfo 400/8508 \"Action failed, the operation was cancelled.\", completionReason operationCanceled and empty recordingLocation and recordingAccessToken: a failed that means the cancel worked.",
        "call-cancelMediaProcessing: notification example \"Operation canceled for recordResponse\".",
    ),
    documented(
        "Recording limits",
        "recordResponse's initialSilenceTimeoutInSeconds, maxSilenceTimeoutInSeconds and maxRecordDurationInSeconds default to 5 and take 1 to 120 seconds; the initial-silence timer starts after the prompt; playBeep defaults to true; one prompt at most; bargeInAllowed barges into queued and running record and playPrompt requests.",
        "call-record: request body table.",
    ),
    documented(
        "Reaching the maximum duration",
        "A recording that reaches maxRecordDurationInSeconds completes with resultInfo 200/8515 \"Action completed, max record duration reached.\", a recordingLocation and a recordingAccessToken.",
        "call-record: notification example (v1.0).",
    ),
    documented(
        "Tones",
        "After subscribeToTone (answered completed) every key the caller presses arrives as a call updated notification with toneInfo {sequenceId, tone}; sequenceId counts up from 1.",
        "call-subscribeToTone and toneInfo.",
    ),
    documented(
        "sendDtmfTones",
        "sendDtmfTones answers running and later reports completed with completionReason completedSuccessfully, without resultInfo.",
        "call-sendDtmfTones: response and \"Successful case\" notification.",
    ),
    documented(
        "Ending a call",
        "A bot's DELETE answers 204; the call reports terminating, then terminated with resultInfo 200/7000 \"The conversation has ended by bot.\"; when the caller hangs up it reports terminated with 200/4097.",
        "call-delete: notification examples and \"Call end reason codes\".",
    ),
    decided(
        "A cancelled playPrompt",
        "It reports status failed with the same resultInfo 400/8508 as a cancelled recording. In beta it adds completionReason mediaOperationCanceled; in v1.0 it has none, because the v1.0 playPromptOperation has no completionReason property.",
        "The docs show only a cancelled recordResponse; the same cancel ends both kinds, and playPromptCompletionReason (beta) has mediaOperationCanceled for this.",
    ),
    decided(
        "A cancel during a prompt that precedes a recording",
        "The recordResponse is running while its prompt plays, so the cancel ends it like any running recording: failed, 400/8508, operationCanceled, no recording.",
        "The prompt is part of the recordResponse operation (call-record plays it first), so there is no separate operation to cancel.",
    ),
    decided(
        "Queued operations answer notStarted",
        "A playPrompt or recordResponse that must wait behind another is answered with status notStarted; one that runs at once is answered running.",
        "operationStatus has notStarted, and commsOperation says an operation returned notStarted or running reports later through notifications; the docs' examples show only running.",
    ),
    decided(
        "Barged-into operations",
        "A recordResponse with bargeInAllowed ends the running and queued media operations exactly as a cancel does (failed, 400/8508), then starts at once.",
        "call-record says it \"will barge into\" them but not what they report; 400/8508 is the documented way a media operation reports being removed.",
    ),
    decided(
        "Stop tones",
        "A stop tone ends a recording only while it is listening (after the prompt and beep); it completes with resultInfo 200/0 and completionReason stopToneDetected. A tone subscription reports the key as well, first.",
        "recordCompletionReason has stopToneDetected and an old v1.0 example carries it, but no documented resultInfo; 200/0 is the documented generic success.",
    ),
    decided(
        "Silence",
        "A caller who never speaks fails the recording after initialSilenceTimeoutInSeconds with completionReason initialSilenceTimeout and resultInfo 400/8510; one who spoke and then stays silent for maxSilenceTimeoutInSeconds completes it with maxSilenceTimeout and 200/0.",
        "call-record says the initial-silence timeout fails the operation; the subcode 8510 is borrowed from Azure Communication Services' media codes and is not documented for Graph.",
    ),
    decided(
        "DTMF while a prompt plays",
        "sendDtmfTones does not wait in the media queue and cancelMediaProcessing does not touch it: tones go out at once, mixed with a prompt that is playing.",
        "The cancel docs name only playPrompt and recordResponse as queued; each tone takes 100 ms and delayBetweenTonesMs defaults to 500 ms (the docs give no default).",
    ),
    decided(
        "Operations still open when the call ends",
        "Each sends one last notification before the call's: playPrompt and recordResponse fail with resultInfo 410/0 \"Action failed, the call ended.\"; sendDtmfTones completes with completionReason mediaOperationCanceled (its documented error case 1).",
        "The docs do not say; one terminal notification per operation lets a bot free what it tracks. 410/0 is our code, not Graph's.",
    ),
    decided(
        "Prompt length",
        "A media URI's length cannot be known without fetching it, so each prompt plays for its durationMs hint, 3000 ms when absent; playPrompt's top-level durationMs is the whole playback.",
        "durationMs is the simulator's hint, not a Graph property: it is left out of the requests the Teach view shows.",
    ),
    decided(
        "One notification per POST",
        "Each operation's end, each tone and each call state change is its own commsNotifications POST, as in every docs example; a cancel that ends three operations sends three POSTs, running one first.",
        "The docs show one notification per body for these events.",
    ),
    decided(
        "The start of a scenario",
        "A scenario starts on an established call: its first notification is the call's established update at 0 ms. The mock's POST /calls shows the establishing phase before it.",
        "Media operations need an established call; the cancel story starts there.",
    ),
];
