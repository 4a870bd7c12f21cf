//! The Graph cloud-communications vocabulary: commsOperation subtypes, the enums their payloads
//! carry, and what resultInfo code/subcode pairs mean. Pure data and lookups: no I/O, no panics.
//!
//! Every string enum parses its wire spelling in any ASCII case, because Graph itself is
//! inconsistent (`"running"` in most examples, `"Running"` in others, PascalCase in the CSDL).

use std::fmt;

use serde::{Serialize, Serializer};

/// Defines a string-valued Graph enum from one table of `Variant = "wire" => "explanation"` rows,
/// so parse, as_str, all, explain, Display and Serialize cannot drift apart.
macro_rules! wire_enum {
    (
        $(#[$enum_attr:meta])*
        pub enum $name:ident {
            $( $variant:ident = $wire:literal => $explain:literal, )+
        }
    ) => {
        $(#[$enum_attr])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( #[doc = $explain] $variant, )+
        }

        impl $name {
            /// Every member, in schema order.
            pub fn all() -> &'static [Self] {
                &[$(Self::$variant),+]
            }

            /// The documented camelCase wire spelling.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)+
                }
            }

            /// Parses the wire spelling in any ASCII case; anything else is `None`.
            pub fn parse(s: &str) -> Option<Self> {
                // The documented spelling, compared exactly, is what a batch almost always holds.
                match s {
                    $($wire => Some(Self::$variant),)+
                    _ => Self::all()
                        .iter()
                        .copied()
                        .find(|member| member.as_str().eq_ignore_ascii_case(s)),
                }
            }

            /// One plain sentence on what this value means for a bot developer.
            pub fn explain(&self) -> &'static str {
                match self {
                    $(Self::$variant => $explain,)+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

wire_enum! {
    /// The `@odata.type` of a commsOperation: the base type or one of its v1.0/beta subtypes.
    /// The wire spelling is the type name without namespace, e.g. `recordOperation`.
    pub enum OperationType {
        CommsOperation = "commsOperation" => "The generic base type, returned when the service does not name a more specific operation.",
        AddLargeGalleryView = "addLargeGalleryViewOperation" => "Tracks adding the large gallery video view to a call.",
        CancelMediaProcessing = "cancelMediaProcessingOperation" => "Tracks a request to cancel the running and queued playPrompt and record operations of a call.",
        InviteParticipants = "inviteParticipantsOperation" => "Tracks inviting one or more participants into an active call.",
        MuteParticipant = "muteParticipantOperation" => "Tracks muting the bot itself or another participant.",
        PlayPrompt = "playPromptOperation" => "Tracks playing audio prompts to the call through the IVR media queue.",
        Record = "recordOperation" => "Tracks recording a short audio response from the caller through the IVR media queue.",
        SendDtmfTones = "sendDtmfTonesOperation" => "Tracks sending DTMF key tones into the call.",
        StartHoldMusic = "startHoldMusicOperation" => "Tracks putting a participant on hold with music.",
        StopHoldMusic = "stopHoldMusicOperation" => "Tracks taking a participant off hold music.",
        SubscribeToTone = "subscribeToToneOperation" => "Tracks the subscription that delivers the caller's DTMF key presses as call updates.",
        UnmuteParticipant = "unmuteParticipantOperation" => "Tracks unmuting the bot in the call.",
        UpdateRecordingStatus = "updateRecordingStatusOperation" => "Tracks telling the call whether the bot is recording it.",
        MuteParticipants = "muteParticipantsOperation" => "Tracks muting several participants at once (beta, from a deprecated action).",
        AdmitAllFromLobby = "admitAllFromLobbyOperation" => "Tracks admitting everyone waiting in the meeting lobby (beta).",
        AdmitFromLobby = "admitFromLobbyOperation" => "Tracks admitting selected participants from the meeting lobby (beta).",
        RemoveFromLobby = "removeFromLobbyOperation" => "Tracks removing participants who wait in the meeting lobby (beta).",
        StartRecording = "startRecordingOperation" => "Tracks starting the recording of a call (beta).",
        StopRecording = "stopRecordingOperation" => "Tracks stopping the recording of a call (beta).",
        StartTranscription = "startTranscriptionOperation" => "Tracks starting the transcription of a call (beta).",
        StopTranscription = "stopTranscriptionOperation" => "Tracks stopping the transcription of a call (beta).",
    }
}

/// Facts about one operation type that do not fit the wire-name table.
struct OperationFacts {
    in_v1: bool,
    action: &'static str,
}

impl OperationType {
    /// The type name without namespace, e.g. `"recordOperation"`.
    pub fn odata_name(&self) -> &'static str {
        self.as_str()
    }

    /// Reads an `@odata.type` written as `#microsoft.graph.x`, `microsoft.graph.x`, `graph.x`
    /// or bare `x`, in any ASCII case. Unknown names are `None`; treat them as a generic
    /// commsOperation, because Graph adds subtypes over time.
    pub fn from_odata_type(s: &str) -> Option<Self> {
        let name = s.strip_prefix('#').unwrap_or(s);
        let name = strip_prefix_ignore_case(name, "microsoft.graph.")
            .or_else(|| strip_prefix_ignore_case(name, "graph."))
            .unwrap_or(name);
        Self::parse(name)
    }

    /// One plain sentence saying what the operation tracks.
    pub fn describe(&self) -> &'static str {
        self.explain()
    }

    /// True when the type exists in the v1.0 schema.
    pub fn in_v1(&self) -> bool {
        self.facts().in_v1
    }

    /// True when the type exists in the beta schema (every type does).
    pub fn in_beta(&self) -> bool {
        true
    }

    /// True for the IVR queue that cancelMediaProcessing clears: playPrompt and record only.
    /// subscribeToTone runs outside that queue and is not cancelled.
    pub fn is_queued_media(&self) -> bool {
        matches!(self, Self::PlayPrompt | Self::Record)
    }

    /// The API action whose response or notifications carry this type, e.g. `"call: recordResponse"`.
    pub fn action(&self) -> &'static str {
        self.facts().action
    }

    fn facts(&self) -> OperationFacts {
        let (in_v1, action) = match self {
            Self::CommsOperation => (true, "any call or participant action (generic result)"),
            Self::AddLargeGalleryView => (true, "call: addLargeGalleryView"),
            Self::CancelMediaProcessing => (true, "call: cancelMediaProcessing"),
            Self::InviteParticipants => (true, "participant: invite"),
            Self::MuteParticipant => (true, "call: mute / participant: mute"),
            Self::PlayPrompt => (true, "call: playPrompt"),
            Self::Record => (true, "call: recordResponse"),
            Self::SendDtmfTones => (true, "call: sendDtmfTones"),
            Self::StartHoldMusic => (true, "participant: startHoldMusic"),
            Self::StopHoldMusic => (true, "participant: stopHoldMusic"),
            Self::SubscribeToTone => (true, "call: subscribeToTone"),
            Self::UnmuteParticipant => (true, "call: unmute"),
            Self::UpdateRecordingStatus => (true, "call: updateRecordingStatus"),
            Self::MuteParticipants => (false, "participant: muteAll (deprecated, beta)"),
            // The lobby operations appear in the beta schema without a documented action page.
            Self::AdmitAllFromLobby => (false, "lobby admit-all (beta, no documented action)"),
            Self::AdmitFromLobby => (false, "lobby admit (beta, no documented action)"),
            Self::RemoveFromLobby => (false, "lobby remove (beta, no documented action)"),
            Self::StartRecording => (false, "call: startRecording"),
            Self::StopRecording => (false, "call: stopRecording"),
            Self::StartTranscription => (false, "call: startTranscription"),
            Self::StopTranscription => (false, "call: stopTranscription"),
        };
        OperationFacts { in_v1, action }
    }
}

/// `s` without `prefix` when it starts with it in any ASCII case.
fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    // The prefix as written is the usual case, and the cheapest to compare.
    if let Some(rest) = s.strip_prefix(prefix) {
        return Some(rest);
    }
    // `get` returns None instead of panicking when the cut is not a char boundary.
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

wire_enum! {
    /// commsOperation.status. The CSDL spells members in PascalCase; docs use camelCase.
    pub enum OperationStatus {
        NotStarted = "notStarted" => "The service accepted the request but has not begun it; the outcome arrives later on the callback URL.",
        Running = "running" => "The operation is in progress; its final state arrives later as a notification with changeType deleted.",
        Completed = "completed" => "The operation has finished, and no further notifications about it will follow.",
        Failed = "failed" => "The operation ended without success; resultInfo says why (a playPrompt or record that failed with 400/8508 was cancelled, which is what cancelMediaProcessing is for).",
    }
}

impl OperationStatus {
    /// True for completed and failed: nothing more will be reported about the operation.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Completed | Self::Failed)
    }
}

wire_enum! {
    /// recordOperation.completionReason (beta schema; v1.0 payloads carry it too, undeclared).
    pub enum RecordCompletionReason {
        OperationCanceled = "operationCanceled" => "The recording was cancelled, typically by cancelMediaProcessing or by a newer media operation.",
        StopToneDetected = "stopToneDetected" => "The caller pressed one of the stop tones, which ends the recording normally.",
        MaxRecordDurationReached = "maxRecordDurationReached" => "The recording hit the maximum duration the bot asked for and was cut off there.",
        InitialSilenceTimeout = "initialSilenceTimeout" => "The caller never started speaking within the initial silence timeout.",
        MaxSilenceTimeout = "maxSilenceTimeout" => "The caller went quiet for longer than the allowed silence after speaking.",
        PlayPromptFailed = "playPromptFailed" => "The prompt that should play before recording could not be played.",
        PlayBeepFailed = "playBeepFailed" => "The beep that should play before recording could not be played.",
        MediaReceiveTimeout = "mediaReceiveTimeout" => "No audio reached the service from the call in time.",
        UnspecifiedError = "unspecifiedError" => "The recording failed for a reason the service did not name.",
        None = "none" => "No particular reason; the beta doc page lists this value although the schema does not.",
    }
}

impl RecordCompletionReason {
    /// False only for `none`, which the doc page lists but the schema lacks.
    pub fn in_schema(&self) -> bool {
        !matches!(self, Self::None)
    }
}

wire_enum! {
    /// playPromptOperation.completionReason (beta schema).
    pub enum PlayPromptCompletionReason {
        Unknown = "unknown" => "The service did not say why the prompt stopped.",
        CompletedSuccessfully = "completedSuccessfully" => "Every prompt played to the end.",
        MediaOperationCanceled = "mediaOperationCanceled" => "Playback was cancelled, typically by cancelMediaProcessing or by a newer media operation.",
        UnknownFutureValue = "unknownFutureValue" => "Placeholder Graph uses for values added after the client's schema; treat it as unknown.",
    }
}

wire_enum! {
    /// sendDtmfTonesOperation.completionReason (v1.0 and beta).
    pub enum SendDtmfCompletionReason {
        Unknown = "unknown" => "The service did not say how sending the tones ended.",
        CompletedSuccessfully = "completedSuccessfully" => "Every tone was sent.",
        MediaOperationCanceled = "mediaOperationCanceled" => "Sending the tones was cancelled before all of them went out.",
        UnknownFutureValue = "unknownFutureValue" => "Placeholder Graph uses for values added after the client's schema; treat it as unknown.",
    }
}

wire_enum! {
    /// commsNotification.changeType: what happened to the resource at resourceUrl.
    pub enum ChangeType {
        Created = "created" => "A new resource appeared: for a call this is an incoming call offered to the bot to answer, reject or redirect.",
        Updated = "updated" => "An existing resource changed: call state moves, roster changes and received DTMF tones arrive this way.",
        Deleted = "deleted" => "The resource is gone: on a call it means the call ended, on an operation it means the operation finished and resourceData holds its final status.",
    }
}

wire_enum! {
    /// A DTMF key as Graph names it (toneInfo.tone, sendDtmfTones.tones).
    pub enum Tone {
        Tone0 = "tone0" => "The 0 key.",
        Tone1 = "tone1" => "The 1 key.",
        Tone2 = "tone2" => "The 2 key.",
        Tone3 = "tone3" => "The 3 key.",
        Tone4 = "tone4" => "The 4 key.",
        Tone5 = "tone5" => "The 5 key.",
        Tone6 = "tone6" => "The 6 key.",
        Tone7 = "tone7" => "The 7 key.",
        Tone8 = "tone8" => "The 8 key.",
        Tone9 = "tone9" => "The 9 key.",
        Star = "star" => "The * key.",
        Pound = "pound" => "The # key.",
        A = "a" => "The A key of the extended 16-key keypad.",
        B = "b" => "The B key of the extended 16-key keypad.",
        C = "c" => "The C key of the extended 16-key keypad.",
        D = "d" => "The D key of the extended 16-key keypad.",
        Flash = "flash" => "A hook flash, a signal rather than a key press.",
    }
}

impl Tone {
    /// The keypad character: '0'..'9', '*', '#', 'A'..'D', and 'F' for flash
    /// (the letter dial-string conventions such as Asterisk's SendDTMF use for a hook flash).
    pub fn as_char(&self) -> char {
        match self {
            Self::Tone0 => '0',
            Self::Tone1 => '1',
            Self::Tone2 => '2',
            Self::Tone3 => '3',
            Self::Tone4 => '4',
            Self::Tone5 => '5',
            Self::Tone6 => '6',
            Self::Tone7 => '7',
            Self::Tone8 => '8',
            Self::Tone9 => '9',
            Self::Star => '*',
            Self::Pound => '#',
            Self::A => 'A',
            Self::B => 'B',
            Self::C => 'C',
            Self::D => 'D',
            Self::Flash => 'F',
        }
    }

    /// The tone for a keypad character (letters in any case), the inverse of `as_char`.
    pub fn from_char(c: char) -> Option<Self> {
        let c = c.to_ascii_uppercase();
        Self::all().iter().copied().find(|tone| tone.as_char() == c)
    }

    /// The schema value 0..=16, which is also the RFC 4733 telephone-event code.
    pub fn event_code(&self) -> u8 {
        // all() is in schema order, so the position is the value.
        Self::all()
            .iter()
            .position(|tone| tone == self)
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(0)
    }
}

wire_enum! {
    /// recordingStatus: the `status` parameter of `call: updateRecordingStatus` (not an
    /// operation's status; the two share only `failed`).
    pub enum RecordingStatus {
        Unknown = "unknown" => "The bot does not say whether it records.",
        NotRecording = "notRecording" => "The bot is not recording the call (or has stopped).",
        Recording = "recording" => "The bot is recording the call; Teams shows participants the recording notice.",
        Failed = "failed" => "The bot tried to record and could not.",
        UnknownFutureValue = "unknownFutureValue" => "Placeholder Graph uses for values added after the client's schema; treat it as unknown.",
    }
}

wire_enum! {
    /// call.state as carried in call-update notifications.
    pub enum CallState {
        Incoming = "incoming" => "The call is being offered to the bot and waits to be answered, rejected or redirected.",
        Establishing = "establishing" => "The call is being set up and media is not connected yet.",
        Established = "established" => "The call is connected, so media operations such as playPrompt can run.",
        Hold = "hold" => "The call is on hold.",
        Transferring = "transferring" => "A transfer of the call has started.",
        TransferAccepted = "transferAccepted" => "The transfer target accepted the call.",
        Redirecting = "redirecting" => "The call is being redirected to another target.",
        Terminating = "terminating" => "The call is being torn down.",
        Terminated = "terminated" => "The call has ended; resultInfo on the call tells why.",
        UnknownFutureValue = "unknownFutureValue" => "Placeholder Graph uses for states added after the client's schema; treat it as unknown.",
        Ringing = "ringing" => "The far end is ringing (beta only).",
    }
}

/// A completionReason read with the enum that belongs to its operation type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompletionReason {
    /// A recordOperation's reason.
    Record(RecordCompletionReason),
    /// A playPromptOperation's reason.
    PlayPrompt(PlayPromptCompletionReason),
    /// A sendDtmfTonesOperation's reason.
    SendDtmf(SendDtmfCompletionReason),
}

impl CompletionReason {
    /// Parses `s` with the enum of `op`. Types without their own enum (the generic
    /// commsOperation included) try record, then playPrompt, then sendDtmf, since operations
    /// are open types and may carry undeclared members.
    pub fn parse_for(op: OperationType, s: &str) -> Option<Self> {
        let record = || RecordCompletionReason::parse(s).map(Self::Record);
        let play = || PlayPromptCompletionReason::parse(s).map(Self::PlayPrompt);
        let dtmf = || SendDtmfCompletionReason::parse(s).map(Self::SendDtmf);
        match op {
            OperationType::Record => record(),
            OperationType::PlayPrompt => play(),
            OperationType::SendDtmfTones => dtmf(),
            _ => record().or_else(play).or_else(dtmf),
        }
    }

    /// The camelCase wire spelling.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Record(reason) => reason.as_str(),
            Self::PlayPrompt(reason) => reason.as_str(),
            Self::SendDtmf(reason) => reason.as_str(),
        }
    }

    /// One plain sentence on what the reason means.
    pub fn explain(&self) -> &'static str {
        match self {
            Self::Record(reason) => reason.explain(),
            Self::PlayPrompt(reason) => reason.explain(),
            Self::SendDtmf(reason) => reason.explain(),
        }
    }

    /// True when the reason says the media operation was cancelled.
    pub fn is_cancellation(&self) -> bool {
        matches!(
            self,
            Self::Record(RecordCompletionReason::OperationCanceled)
                | Self::PlayPrompt(PlayPromptCompletionReason::MediaOperationCanceled)
                | Self::SendDtmf(SendDtmfCompletionReason::MediaOperationCanceled)
        )
    }
}

impl fmt::Display for CompletionReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CompletionReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A resultInfo code/subcode pair whose meaning is documented or publicly observed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KnownResult {
    /// The resultInfo code; `None` matches any code.
    pub code: Option<i64>,
    /// The resultInfo subcode.
    pub subcode: i64,
    /// What the pair means, in one sentence.
    pub meaning: &'static str,
    /// Where the pair comes from.
    pub source: &'static str,
}

const fn known(
    code: i64,
    subcode: i64,
    meaning: &'static str,
    source: &'static str,
) -> KnownResult {
    KnownResult {
        code: Some(code),
        subcode,
        meaning,
        source,
    }
}

const CALL_END: &str = "call-delete: call end reason codes";

/// The resultInfo code for a cancelled media operation.
pub const MEDIA_CANCELLED_CODE: i64 = 400;
/// The resultInfo subcode for a cancelled media operation.
pub const MEDIA_CANCELLED_SUBCODE: i64 = 8508;

const KNOWN_RESULTS: &[KnownResult] = &[
    known(200, 0, "The action finished successfully.", "call-playPrompt example"),
    known(200, 8515, "The recording stopped because it reached the maximum record duration; the operation still completed.", "call-record example (v1.0)"),
    known(MEDIA_CANCELLED_CODE, MEDIA_CANCELLED_SUBCODE, "The media operation was cancelled: this is how a playPrompt or record reports that cancelMediaProcessing, or a new operation replacing the queue, removed it, so the failed status is expected rather than an error.", "call-cancelMediaProcessing notification example"),
    known(0, 7015, "The transfer completed gracefully.", "call-transfer example"),
    known(500, 7000, "The transfer failed on the service side; the docs show only a placeholder message.", "call-transfer example"),
    known(500, 7700, "The transfer failed on the service side; the docs show only a placeholder message.", "call-transfer example"),
    known(200, 4097, "The other participant ended the call.", CALL_END),
    known(200, 4521, "The other participant ended the peer-to-peer call.", CALL_END),
    known(200, 5000, "Another participant removed the bot from the conversation.", CALL_END),
    known(200, 5001, "The conversation is over.", CALL_END),
    known(200, 5002, "The conversation ended because every other participant left.", CALL_END),
    known(200, 5003, "The conversation is over.", CALL_END),
    known(200, 5007, "The group call ended because the person who started it left.", CALL_END),
    known(200, 5010, "The conversation ended because only one participant was left.", CALL_END),
    known(200, 5012, "The conversation ended because the incoming roster had no participants.", CALL_END),
    known(200, 5013, "The group call ended because nobody else joined it.", CALL_END),
    known(200, 5014, "The group call ended because the service could not find anyone to host it.", CALL_END),
    known(200, 5020, "The conversation ended because the incoming roster had only hidden participants.", CALL_END),
    known(200, 5030, "The conversation ended because the breakout room's time ran out.", CALL_END),
    known(200, 5300, "Another participant removed this participant from the conversation.", CALL_END),
    known(200, 5855, "A participant waiting in the lobby was removed after the lobby inactivity timeout.", CALL_END),
    known(200, 7000, "The bot ended the conversation.", CALL_END),
    known(200, 7015, "The call ended because its transfer succeeded.", CALL_END),
    known(200, 10550, "The bot ended the conversation.", CALL_END),
    known(200, 18503, "The other participant left the peer-to-peer call.", CALL_END),
    known(200, 540000, "The PSTN caller hung up.", CALL_END),
    known(200, 560000, "The PSTN caller hung up.", CALL_END),
    known(408, 8537, "The call was cleaned up as inactive after a keep-alive timeout; the bot must call keepAlive regularly.", CALL_END),
    known(408, 1106, "The call was dropped because its answer was not acknowledged in time.", CALL_END),
    known(408, 10057, "The call timed out because no callee endpoint sent any signaling.", CALL_END),
    known(410, 301005, "Media connectivity failed.", CALL_END),
    known(480, 10037, "The callee had no endpoint to ring.", CALL_END),
    known(480, 10076, "The callee could not be reached.", CALL_END),
    known(480, 10134, "The call could not be routed to the callee.", CALL_END),
    known(480, 10199, "The callee has private calling turned off.", CALL_END),
    known(500, 1005, "The service hit a connectivity error with the bot's media.", CALL_END),
    // Reported as an error code by the Graph Communications SDK, so it may come with any code.
    KnownResult {
        code: None,
        subcode: 8522,
        meaning: "Call not found: the service no longer knows this call id, usually because the call already ended or never got established.",
        source: "seen in Graph Communications SDK logs, not in the docs",
    },
];

/// Every code/subcode pair this module can explain, exact pairs first.
pub fn known_results() -> &'static [KnownResult] {
    KNOWN_RESULTS
}

/// The meaning of a resultInfo code/subcode pair, or `None` when it is not documented.
pub fn explain_result(code: i64, subcode: i64) -> Option<&'static str> {
    KNOWN_RESULTS
        .iter()
        .find(|known| known.subcode == subcode && known.code.is_none_or(|c| c == code))
        .map(|known| known.meaning)
}

/// True for the pair (400, 8508) that a cancelled playPrompt or record reports.
pub fn is_media_cancelled(code: i64, subcode: i64) -> bool {
    code == MEDIA_CANCELLED_CODE && subcode == MEDIA_CANCELLED_SUBCODE
}

/// The broad class of a resultInfo code, for pairs `explain_result` does not know.
pub fn explain_code_class(code: i64) -> &'static str {
    match code {
        200..=299 => "success (2xx)",
        400..=499 => "client error (4xx)",
        500..=599 => "server error (5xx)",
        100..=199 | 300..=399 => "an HTTP code outside the 2xx/4xx/5xx classes resultInfo uses",
        _ => "not an HTTP-like code",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every member parses back from its wire spelling in lower, upper and first-upper case.
    fn assert_round_trips<T: Copy + PartialEq + fmt::Debug>(
        all: &[T],
        as_str: fn(&T) -> &'static str,
        parse: fn(&str) -> Option<T>,
    ) {
        for member in all {
            let wire = as_str(member);
            let mut capitalised = wire.to_string();
            if let Some(first) = capitalised.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            for spelling in [
                wire.to_string(),
                wire.to_ascii_uppercase(),
                wire.to_ascii_lowercase(),
                capitalised,
            ] {
                assert_eq!(parse(&spelling), Some(*member), "{spelling}");
            }
        }
    }

    #[test]
    fn every_enum_round_trips_in_any_case() {
        assert_round_trips(
            OperationType::all(),
            OperationType::as_str,
            OperationType::parse,
        );
        assert_round_trips(
            OperationStatus::all(),
            OperationStatus::as_str,
            OperationStatus::parse,
        );
        assert_round_trips(
            RecordCompletionReason::all(),
            RecordCompletionReason::as_str,
            RecordCompletionReason::parse,
        );
        assert_round_trips(
            PlayPromptCompletionReason::all(),
            PlayPromptCompletionReason::as_str,
            PlayPromptCompletionReason::parse,
        );
        assert_round_trips(
            SendDtmfCompletionReason::all(),
            SendDtmfCompletionReason::as_str,
            SendDtmfCompletionReason::parse,
        );
        assert_round_trips(ChangeType::all(), ChangeType::as_str, ChangeType::parse);
        assert_round_trips(Tone::all(), Tone::as_str, Tone::parse);
        assert_round_trips(CallState::all(), CallState::as_str, CallState::parse);
    }

    #[test]
    fn member_counts_match_the_schema() {
        assert_eq!(OperationType::all().len(), 21);
        assert_eq!(OperationStatus::all().len(), 4);
        assert_eq!(RecordCompletionReason::all().len(), 10);
        assert_eq!(PlayPromptCompletionReason::all().len(), 4);
        assert_eq!(SendDtmfCompletionReason::all().len(), 4);
        assert_eq!(ChangeType::all().len(), 3);
        assert_eq!(Tone::all().len(), 17);
        assert_eq!(CallState::all().len(), 11);
    }

    #[test]
    fn documented_spellings_parse() {
        let cases: &[(&str, Option<OperationStatus>)] = &[
            ("running", Some(OperationStatus::Running)),
            ("Running", Some(OperationStatus::Running)),
            ("NotStarted", Some(OperationStatus::NotStarted)),
            ("notstarted", Some(OperationStatus::NotStarted)),
            ("FAILED", Some(OperationStatus::Failed)),
            ("completed", Some(OperationStatus::Completed)),
            ("not_started", None),
            (" running", None),
            ("", None),
            ("unknownFutureValue", None),
        ];
        for (input, expected) in cases {
            assert_eq!(OperationStatus::parse(input), *expected, "{input:?}");
        }
    }

    #[test]
    fn unknown_strings_are_none() {
        assert_eq!(
            RecordCompletionReason::parse("mediaOperationCanceled"),
            None
        );
        assert_eq!(PlayPromptCompletionReason::parse("operationCanceled"), None);
        assert_eq!(SendDtmfCompletionReason::parse("stopToneDetected"), None);
        assert_eq!(ChangeType::parse("modified"), None);
        assert_eq!(Tone::parse("tone10"), None);
        assert_eq!(Tone::parse("*"), None);
        assert_eq!(CallState::parse("ended"), None);
        assert_eq!(OperationType::parse("record"), None);
        assert_eq!(OperationType::parse("tone0"), None);
    }

    #[test]
    fn odata_type_forms() {
        let cases: &[(&str, Option<OperationType>)] = &[
            (
                "#microsoft.graph.recordOperation",
                Some(OperationType::Record),
            ),
            (
                "microsoft.graph.recordOperation",
                Some(OperationType::Record),
            ),
            ("recordOperation", Some(OperationType::Record)),
            (
                "#Microsoft.Graph.RECORDOPERATION",
                Some(OperationType::Record),
            ),
            ("graph.commsOperation", Some(OperationType::CommsOperation)),
            (
                "#microsoft.graph.commsOperation",
                Some(OperationType::CommsOperation),
            ),
            (
                "#microsoft.graph.cancelMediaProcessingOperation",
                Some(OperationType::CancelMediaProcessing),
            ),
            (
                "#microsoft.graph.playPromptOperation",
                Some(OperationType::PlayPrompt),
            ),
            (
                "#microsoft.graph.sendDtmfTonesOperation",
                Some(OperationType::SendDtmfTones),
            ),
            (
                "#microsoft.graph.stopTranscriptionOperation",
                Some(OperationType::StopTranscription),
            ),
            ("#microsoft.graph.call", None),
            ("#microsoft.graph.", None),
            ("#microsoft.graph.futureOperation", None),
            ("#microsoft.graph.recordOperation ", None),
            ("#", None),
            ("", None),
            ("#micro\u{e9}", None),
        ];
        for (input, expected) in cases {
            assert_eq!(
                OperationType::from_odata_type(input),
                *expected,
                "{input:?}"
            );
        }
    }

    #[test]
    fn odata_names() {
        assert_eq!(OperationType::Record.odata_name(), "recordOperation");
        assert_eq!(OperationType::CommsOperation.odata_name(), "commsOperation");
        assert_eq!(
            OperationType::SendDtmfTones.odata_name(),
            "sendDtmfTonesOperation"
        );
        for op in OperationType::all() {
            assert!(op.odata_name().ends_with("Operation"), "{op:?}");
            let hashed = format!("#microsoft.graph.{}", op.odata_name());
            assert_eq!(OperationType::from_odata_type(&hashed), Some(*op));
        }
    }

    #[test]
    fn availability_per_version() {
        let subtypes = || {
            OperationType::all()
                .iter()
                .filter(|op| **op != OperationType::CommsOperation)
        };
        assert_eq!(subtypes().filter(|op| op.in_v1()).count(), 12);
        assert_eq!(subtypes().filter(|op| op.in_beta()).count(), 20);
        assert!(OperationType::CommsOperation.in_v1() && OperationType::CommsOperation.in_beta());
        let cases: &[(OperationType, bool)] = &[
            (OperationType::CancelMediaProcessing, true),
            (OperationType::SendDtmfTones, true),
            (OperationType::UpdateRecordingStatus, true),
            (OperationType::AddLargeGalleryView, true),
            (OperationType::MuteParticipants, false),
            (OperationType::AdmitAllFromLobby, false),
            (OperationType::StartRecording, false),
            (OperationType::StopTranscription, false),
        ];
        for (op, in_v1) in cases {
            assert_eq!(op.in_v1(), *in_v1, "{op:?}");
            assert!(op.in_beta(), "{op:?}");
        }
    }

    #[test]
    fn only_play_prompt_and_record_are_queued_media() {
        let queued: Vec<_> = OperationType::all()
            .iter()
            .filter(|op| op.is_queued_media())
            .collect();
        assert_eq!(queued, [&OperationType::PlayPrompt, &OperationType::Record]);
        assert!(!OperationType::SubscribeToTone.is_queued_media());
        assert!(!OperationType::SendDtmfTones.is_queued_media());
        assert!(!OperationType::CancelMediaProcessing.is_queued_media());
    }

    #[test]
    fn actions_and_descriptions() {
        assert_eq!(OperationType::Record.action(), "call: recordResponse");
        assert_eq!(
            OperationType::CancelMediaProcessing.action(),
            "call: cancelMediaProcessing"
        );
        assert_eq!(
            OperationType::InviteParticipants.action(),
            "participant: invite"
        );
        assert_eq!(
            OperationType::StartHoldMusic.action(),
            "participant: startHoldMusic"
        );
        for op in OperationType::all() {
            assert!(!op.action().is_empty(), "{op:?}");
            assert!(op.describe().ends_with('.'), "{op:?}");
        }
    }

    #[test]
    fn explanations_are_single_sentences() {
        let explanations = OperationStatus::all()
            .iter()
            .map(OperationStatus::explain)
            .chain(
                RecordCompletionReason::all()
                    .iter()
                    .map(RecordCompletionReason::explain),
            )
            .chain(
                PlayPromptCompletionReason::all()
                    .iter()
                    .map(PlayPromptCompletionReason::explain),
            )
            .chain(
                SendDtmfCompletionReason::all()
                    .iter()
                    .map(SendDtmfCompletionReason::explain),
            )
            .chain(ChangeType::all().iter().map(ChangeType::explain))
            .chain(Tone::all().iter().map(Tone::explain))
            .chain(CallState::all().iter().map(CallState::explain))
            .chain(KNOWN_RESULTS.iter().map(|known| known.meaning));
        for text in explanations {
            assert!(text.ends_with('.'), "{text}");
            assert!(!text.trim_end_matches('.').contains(". "), "{text}");
        }
    }

    #[test]
    fn failed_status_explains_cancel_confirmation() {
        let failed = OperationStatus::Failed.explain();
        assert!(
            failed.contains("cancelMediaProcessing") && failed.contains("8508"),
            "{failed}"
        );
        assert!(OperationStatus::Failed.is_final() && OperationStatus::Completed.is_final());
        assert!(!OperationStatus::Running.is_final() && !OperationStatus::NotStarted.is_final());
    }

    #[test]
    fn change_type_explains_operations_and_calls() {
        assert!(ChangeType::Deleted.explain().contains("operation finished"));
        assert!(ChangeType::Created.explain().contains("incoming call"));
    }

    #[test]
    fn record_none_is_doc_only() {
        assert_eq!(
            RecordCompletionReason::parse("none"),
            Some(RecordCompletionReason::None)
        );
        assert!(!RecordCompletionReason::None.in_schema());
        assert!(RecordCompletionReason::OperationCanceled.in_schema());
    }

    #[test]
    fn tone_keys() {
        let cases: &[(Tone, char, u8)] = &[
            (Tone::Tone0, '0', 0),
            (Tone::Tone5, '5', 5),
            (Tone::Tone9, '9', 9),
            (Tone::Star, '*', 10),
            (Tone::Pound, '#', 11),
            (Tone::A, 'A', 12),
            (Tone::D, 'D', 15),
            (Tone::Flash, 'F', 16),
        ];
        for (tone, key, code) in cases {
            assert_eq!(tone.as_char(), *key, "{tone:?}");
            assert_eq!(tone.event_code(), *code, "{tone:?}");
            assert_eq!(Tone::from_char(*key), Some(*tone));
        }
        assert_eq!(Tone::from_char('b'), Some(Tone::B));
        assert_eq!(Tone::from_char('f'), Some(Tone::Flash));
        assert_eq!(Tone::from_char('E'), None);
        assert_eq!(Tone::from_char(' '), None);
        for tone in Tone::all() {
            assert_eq!(Tone::from_char(tone.as_char()), Some(*tone));
        }
    }

    #[test]
    fn completion_reason_follows_operation_type() {
        use CompletionReason as R;
        let cases: &[(OperationType, &str, Option<CompletionReason>)] = &[
            (
                OperationType::Record,
                "operationCanceled",
                Some(R::Record(RecordCompletionReason::OperationCanceled)),
            ),
            (
                OperationType::Record,
                "StopToneDetected",
                Some(R::Record(RecordCompletionReason::StopToneDetected)),
            ),
            (
                OperationType::Record,
                "none",
                Some(R::Record(RecordCompletionReason::None)),
            ),
            (OperationType::Record, "completedSuccessfully", None),
            (
                OperationType::PlayPrompt,
                "completedSuccessfully",
                Some(R::PlayPrompt(
                    PlayPromptCompletionReason::CompletedSuccessfully,
                )),
            ),
            (OperationType::PlayPrompt, "operationCanceled", None),
            (
                OperationType::SendDtmfTones,
                "mediaOperationCanceled",
                Some(R::SendDtmf(
                    SendDtmfCompletionReason::MediaOperationCanceled,
                )),
            ),
            (
                OperationType::SendDtmfTones,
                "unknown",
                Some(R::SendDtmf(SendDtmfCompletionReason::Unknown)),
            ),
            (
                OperationType::CommsOperation,
                "maxSilenceTimeout",
                Some(R::Record(RecordCompletionReason::MaxSilenceTimeout)),
            ),
            (
                OperationType::CommsOperation,
                "unknownFutureValue",
                Some(R::PlayPrompt(
                    PlayPromptCompletionReason::UnknownFutureValue,
                )),
            ),
            (
                OperationType::CancelMediaProcessing,
                "operationCanceled",
                Some(R::Record(RecordCompletionReason::OperationCanceled)),
            ),
            (OperationType::CommsOperation, "bogus", None),
        ];
        for (op, input, expected) in cases {
            assert_eq!(
                CompletionReason::parse_for(*op, input),
                *expected,
                "{op:?} {input}"
            );
            if let Some(reason) = expected {
                assert!(reason.as_str().eq_ignore_ascii_case(input));
                assert!(!reason.explain().is_empty());
            }
        }
        assert!(R::Record(RecordCompletionReason::OperationCanceled).is_cancellation());
        assert!(
            R::PlayPrompt(PlayPromptCompletionReason::MediaOperationCanceled).is_cancellation()
        );
        assert!(!R::SendDtmf(SendDtmfCompletionReason::CompletedSuccessfully).is_cancellation());
    }

    #[test]
    fn result_table_rows() {
        let cases: &[(i64, i64, Option<&str>)] = &[
            (200, 0, Some("The action finished successfully.")),
            (200, 4097, Some("The other participant ended the call.")),
            (200, 7000, Some("The bot ended the conversation.")),
            (200, 560000, Some("The PSTN caller hung up.")),
            (408, 8537, Some("The call was cleaned up as inactive after a keep-alive timeout; the bot must call keepAlive regularly.")),
            (410, 301005, Some("Media connectivity failed.")),
            (480, 10199, Some("The callee has private calling turned off.")),
            (500, 1005, Some("The service hit a connectivity error with the bot's media.")),
            (0, 7015, Some("The transfer completed gracefully.")),
            (200, 7015, Some("The call ended because its transfer succeeded.")),
            (200, 8508, None),
            (400, 8515, None),
            (500, 4097, None),
            (200, 1, None),
            (0, 0, None),
            (-1, -1, None),
            (i64::MAX, i64::MIN, None),
        ];
        for (code, subcode, expected) in cases {
            assert_eq!(
                explain_result(*code, *subcode),
                *expected,
                "{code}/{subcode}"
            );
        }
    }

    #[test]
    fn cancelled_media_result_is_expected_failure() {
        let text = explain_result(400, 8508).unwrap_or_default();
        assert!(
            text.contains("cancelMediaProcessing") && text.contains("expected"),
            "{text}"
        );
        assert!(is_media_cancelled(400, 8508));
        assert!(!is_media_cancelled(200, 8508));
        assert!(!is_media_cancelled(400, 8515));
    }

    #[test]
    fn call_not_found_matches_any_code() {
        for code in [404, 400, 500, 0] {
            let text = explain_result(code, 8522).unwrap_or_default();
            assert!(text.starts_with("Call not found"), "{code}: {text}");
        }
        let row = known_results().iter().find(|known| known.subcode == 8522);
        assert_eq!(
            row.map(|known| known.source),
            Some("seen in Graph Communications SDK logs, not in the docs")
        );
    }

    #[test]
    fn every_table_row_is_reachable() {
        for known in known_results() {
            let code = known.code.unwrap_or(404);
            assert_eq!(
                explain_result(code, known.subcode),
                Some(known.meaning),
                "{known:?}"
            );
        }
    }

    #[test]
    fn code_classes() {
        let cases: &[(i64, &str)] = &[
            (200, "success (2xx)"),
            (202, "success (2xx)"),
            (299, "success (2xx)"),
            (400, "client error (4xx)"),
            (480, "client error (4xx)"),
            (500, "server error (5xx)"),
            (599, "server error (5xx)"),
            (
                302,
                "an HTTP code outside the 2xx/4xx/5xx classes resultInfo uses",
            ),
            (0, "not an HTTP-like code"),
            (8522, "not an HTTP-like code"),
            (-200, "not an HTTP-like code"),
            (600, "not an HTTP-like code"),
        ];
        for (code, expected) in cases {
            assert_eq!(explain_code_class(*code), *expected, "{code}");
        }
    }

    #[test]
    fn serializes_as_wire_strings() {
        fn json<T: Serialize>(value: &T) -> String {
            serde_json::to_string(value).unwrap_or_default()
        }
        assert_eq!(json(&OperationStatus::NotStarted), r#""notStarted""#);
        assert_eq!(json(&OperationType::Record), r#""recordOperation""#);
        assert_eq!(
            json(&RecordCompletionReason::MaxRecordDurationReached),
            r#""maxRecordDurationReached""#
        );
        assert_eq!(
            json(&PlayPromptCompletionReason::UnknownFutureValue),
            r#""unknownFutureValue""#
        );
        assert_eq!(
            json(&SendDtmfCompletionReason::CompletedSuccessfully),
            r#""completedSuccessfully""#
        );
        assert_eq!(json(&ChangeType::Deleted), r#""deleted""#);
        assert_eq!(json(&Tone::Pound), r#""pound""#);
        assert_eq!(json(&CallState::TransferAccepted), r#""transferAccepted""#);
        assert_eq!(
            json(&CompletionReason::Record(
                RecordCompletionReason::OperationCanceled
            )),
            r#""operationCanceled""#
        );
        assert_eq!(
            json(&known(200, 0, "ok", "src")),
            r#"{"code":200,"subcode":0,"meaning":"ok","source":"src"}"#
        );
        assert_eq!(OperationStatus::Running.to_string(), "running");
    }
}
