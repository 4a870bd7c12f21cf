//! Ready-made scenarios for teaching: each one shows one behaviour of the media queue.

use serde::Serialize;

/// A named scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "typescript",
    derive(ts_rs::TS),
    ts(rename = "SimulatorPreset")
)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// A short id for links and the CLI (`cancel-during-prompt`).
    pub id: &'static str,
    /// A few words for a picker.
    pub title: &'static str,
    /// What it shows, in one or two sentences.
    pub description: &'static str,
    /// The scenario, as a user would write it.
    pub scenario: &'static str,
}

/// Every preset, in teaching order.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "cancel-during-prompt",
        title: "Cancel during a prompt, two queued",
        description: "A prompt plays with another prompt and a recording queued behind it; the cancel ends all three, running one first, each failed with 400/8508.",
        scenario: r##"[
  {"playPrompt": {"clientContext": "welcome", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/welcome.wav"}, "durationMs": 4000}]}},
  {"playPrompt": {"clientContext": "menu", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/menu.wav"}, "durationMs": 3000}]}},
  {"recordResponse": {"clientContext": "answer", "maxRecordDurationInSeconds": 10}},
  {"advanceMs": 1500},
  {"cancelMediaProcessing": {"clientContext": "cancel-1"}},
  {"advanceMs": 1000}
]"##,
    },
    Preset {
        id: "cancel-during-recording",
        title: "Cancel during a recording",
        description: "The caller is speaking into a recording when the bot cancels: the recordOperation reports failed, 400/8508, operationCanceled, with no recording.",
        scenario: r##"[
  {"recordResponse": {"clientContext": "voicemail", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/leave-a-message.wav"}, "durationMs": 2000}], "maxRecordDurationInSeconds": 30, "playBeep": true}},
  {"advanceMs": 3000},
  {"speechStarted": {}},
  {"advanceMs": 2000},
  {"cancelMediaProcessing": {"clientContext": "cancel-1"}},
  {"advanceMs": 1000}
]"##,
    },
    Preset {
        id: "cancel-with-tones",
        title: "Cancel with a tone subscription",
        description: "subscribeToTone is not in the queue: after the cancel has ended the prompt, the caller's keys are still reported.",
        scenario: r##"[
  {"subscribeToTone": {"clientContext": "tones"}},
  {"playPrompt": {"clientContext": "menu", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/menu.wav"}, "durationMs": 5000}]}},
  {"advanceMs": 1000},
  {"pressTone": "1"},
  {"cancelMediaProcessing": {"clientContext": "cancel-1"}},
  {"advanceMs": 1000},
  {"pressTone": "pound"},
  {"advanceMs": 500}
]"##,
    },
    Preset {
        id: "cancel-empty-queue",
        title: "Cancel on an empty queue",
        description: "Nothing runs and nothing waits: the cancel still answers 200 OK, completed, and no operation reports anything.",
        scenario: r##"[
  {"playPrompt": {"clientContext": "hello", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/hello.wav"}, "durationMs": 1000}]}},
  {"advanceMs": 2000},
  {"cancelMediaProcessing": {"clientContext": "cancel-1"}},
  {"advanceMs": 1000}
]"##,
    },
    Preset {
        id: "stop-tone",
        title: "A recording ended by a stop tone",
        description: "The caller speaks, then presses #: the recording completes with stopToneDetected.",
        scenario: r##"[
  {"recordResponse": {"clientContext": "message", "maxRecordDurationInSeconds": 60, "stopTones": ["#", "*"], "playBeep": true}},
  {"advanceMs": 1000},
  {"speechStarted": {}},
  {"advanceMs": 4000},
  {"speechStopped": {}},
  {"pressTone": "#"},
  {"advanceMs": 500}
]"##,
    },
    Preset {
        id: "barge-in",
        title: "Barge-in",
        description: "A long prompt plays with a prompt queued; a recordResponse with bargeInAllowed removes both and starts at once.",
        scenario: r##"[
  {"playPrompt": {"clientContext": "terms", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/terms.wav"}, "durationMs": 20000}]}},
  {"playPrompt": {"clientContext": "goodbye", "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/goodbye.wav"}, "durationMs": 2000}]}},
  {"advanceMs": 2000},
  {"recordResponse": {"clientContext": "urgent", "bargeInAllowed": true, "maxRecordDurationInSeconds": 5, "playBeep": false}},
  {"advanceMs": 500},
  {"speechStarted": {}},
  {"advanceMs": 6000}
]"##,
    },
    Preset {
        id: "max-duration",
        title: "A recording reaches its maximum duration",
        description: "The caller keeps talking: after maxRecordDurationInSeconds the recording completes with 200/8515 and a recordingLocation.",
        scenario: r##"[
  {"recordResponse": {"clientContext": "long-answer", "maxRecordDurationInSeconds": 10, "maxSilenceTimeoutInSeconds": 3}},
  {"advanceMs": 800},
  {"speechStarted": {}},
  {"advanceMs": 12000}
]"##,
    },
    Preset {
        id: "silent-caller",
        title: "A silent caller",
        description: "The caller never speaks: the recording fails after initialSilenceTimeoutInSeconds.",
        scenario: r##"[
  {"recordResponse": {"clientContext": "no-answer", "initialSilenceTimeoutInSeconds": 3, "prompts": [{"@odata.type": "#microsoft.graph.mediaPrompt", "mediaInfo": {"uri": "https://cdn.contoso.com/question.wav"}, "durationMs": 2000}]}},
  {"advanceMs": 7000}
]"##,
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.id == id)
}
