// The markup of each view, built node by node, shared by the full page (index.html's tab panels)
// and every <mediaops-playground> element. Nothing here is parsed as HTML: every element is made by
// dom.js `el` and every text is a text node, so no string, ours or a payload's, can become markup.
// Ids are written bare here and prefixed per instance, so two instances on one page never share an
// id (the full page's prefix is empty: its ids are unchanged).

import { el } from "./dom.js";

function composeView() {
  return [
    el("h2", { id: "compose-title" }, "Compose & send"),
    el("p", { id: "compose-link-problem", class: "failure", role: "alert", hidden: true }),
    el("p", { id: "compose-link-note", class: "note", role: "status", hidden: true }),
    el("div", { class: "columns" },
      el("form", { id: "compose-form", autocomplete: "off" },
        el("fieldset", { class: "target" },
          el("legend", {}, "Send to"),
          el("label", { for: "target" }, "Target"),
          el("select", { id: "target", name: "target" },
            el("option", { value: "simulator", selected: true }, "Simulator (in this page)"),
            el("option", { value: "mock" }, "Built-in mock (this server, /graph)"),
            el("option", { value: "graph" }, "Microsoft Graph"),
            el("option", { value: "custom" }, "Custom base URL (a proxy or another mock)"),
          ),
          el("p", { class: "hint target-note", "data-targets": "simulator" },
            "Answers as Graph would, computed in this page by the same code as the built-in " +
              "mock (the mock scenarios work here too); nothing leaves the page and the token is " +
              "not sent anywhere.",
          ),
          el("p", { class: "hint target-note", "data-targets": "mock", hidden: true },
            "The mock of the ",
            el("code", {}, "mediaops serve"),
            " that serves this page, on this origin.",
          ),
          el("div", { id: "target-scenario", "data-targets": "simulator mock" },
            el("label", { for: "scenario" },
              ...withHint("Mock scenario", "picks a reserved call id"),
            ),
            el("select", { id: "scenario", name: "scenario" }),
          ),
          el("div", { "data-targets": "graph", hidden: true },
            el("label", { for: "cloud" }, "National cloud"),
            el("select", { id: "cloud", name: "cloud" },
              el("option", { value: "global", selected: true }, "Global (graph.microsoft.com)"),
              el("option", { value: "usgov" }, "US Government L4 (graph.microsoft.us)"),
              el("option", { value: "dod" }, "US Government L5 DoD (dod-graph.microsoft.us)"),
              el("option", { value: "china" }, "China, 21Vianet (microsoftgraph.chinacloudapi.cn)"),
            ),
          ),
          el("div", { "data-targets": "custom", hidden: true },
            el("label", { for: "base-url" },
              ...withHint("Base URL", "the Graph root; the version and path are added"),
            ),
            el("input", {
              id: "base-url", name: "base-url", class: "mono", spellcheck: "false",
              placeholder: "https://proxy.example/graph",
            }),
          ),
        ),
        el("label", { for: "call-id" }, "Call id"),
        el("input", {
          id: "call-id", name: "call-id", class: "mono", spellcheck: "false",
          value: "57dab8b1-894c-409a-b240-bd8beae78896",
        }),
        el("label", { for: "client-context" },
          ...withHint("clientContext", "optional, at most 256 characters"),
        ),
        el("input", {
          id: "client-context", name: "client-context", class: "mono", spellcheck: "false",
          value: "d45324c1-fcb5-430a-902c-f20af696537c",
        }),
        el("div", { class: "row3" },
          el("div", {},
            el("label", { for: "version" }, "API version"),
            el("select", { id: "version", name: "version" },
              el("option", { value: "v1.0", selected: true }, "v1.0"),
              el("option", { value: "beta" }, "beta"),
            ),
          ),
          el("div", {},
            el("label", { for: "path-style" }, "Path"),
            el("select", { id: "path-style", name: "path-style" },
              el("option", { value: "communications", selected: true }, "/communications"),
              el("option", { value: "app" }, "/app (deprecated)"),
            ),
          ),
          el("div", {},
            el("label", { for: "timeout" }, "Timeout (s)"),
            el("input", {
              id: "timeout", name: "timeout", type: "number", min: "1", max: "600", step: "1",
              value: "30",
            }),
          ),
        ),
        el("label", { for: "token" },
          ...withHint(
            "Bearer token",
            "kept in this page's memory only; the mock accepts any non-empty token",
          ),
        ),
        el("input", {
          id: "token", type: "password", class: "mono", spellcheck: "false", autocomplete: "off",
          value: "mock-token",
        }),
        el("div", { id: "token-panel", "aria-live": "polite" }),
        el("div", { id: "compose-problems", "aria-live": "polite" }),
        el("div", { class: "actions" },
          el("button", { id: "send", type: "button", class: "primary", disabled: true }, "Send"),
          el("button", { id: "abort", type: "button", hidden: true }, "Abort"),
          el("span", { id: "sending", hidden: true },
            el("span", { class: "spinner", "aria-hidden": "true" }),
            " sending… ",
            el("span", { id: "elapsed" }, "0 ms"),
          ),
        ),
      ),
      el("div", { class: "compose-out" },
        el("h3", {}, "Request preview"),
        el("pre", {
          id: "preview", class: "mono preview", "aria-live": "polite", tabindex: "0",
          "aria-label": "Request preview",
        }),
        el("div", { class: "snippet-head" },
          el("label", { for: "snippet-format" }, "Snippet"),
          el("select", { id: "snippet-format", name: "snippet-format" }),
          el("button", { id: "copy-snippet", type: "button", class: "small" }, "Copy"),
        ),
        el("pre", {
          id: "snippet", class: "mono preview snippet", tabindex: "0", "aria-label": "Snippet",
        }),
        el("div", { class: "exports" },
          el("button", { id: "export-curl", type: "button", class: "small" }, "Copy as curl"),
          el("button", { id: "export-http", type: "button", class: "small" }, "Download .http"),
          el("button", {
            id: "export-har", type: "button", class: "small", disabled: true,
            title: "Send a request first",
          },
            "Download HAR",
          ),
        ),
        el("div", { id: "export-status", class: "export-status", "aria-live": "polite" }),
        el("div", { class: "permalink" },
          el("button", { id: "compose-permalink", type: "button", class: "small" }, "Permalink"),
          el("label", { for: "compose-permalink-link", class: "visually-hidden" },
            "Permalink to these inputs",
          ),
          el("input", {
            id: "compose-permalink-link", class: "mono share-link", readonly: true, hidden: true,
          }),
          el("span", { id: "compose-permalink-status", role: "status" }),
        ),
        el("details", { id: "teaching-notes", class: "teaching-notes" },
          el("summary", {}, "Notes on the docs"),
          el("div", { id: "teaching-notes-list" }),
        ),
      ),
    ),
    el("div", { id: "result", class: "result", "aria-live": "polite" }),
  ];
}

function decodeView() {
  return [
    el("h2", { id: "decode-title" }, "Decode"),
    el("p", { id: "decode-link-problem", class: "failure", role: "alert", hidden: true }),
    el("p", { class: "hint" },
      "Paste what your bot logged: a ",
      el("code", {}, "commsNotifications"),
      " batch, an operation, an HTTP response or request with its headers, or a Graph error. " +
        "It is decoded as you type, in this page; nothing is sent anywhere.",
    ),
    el("div", { class: "toolbar" },
      el("span", { id: "examples", class: "examples", "aria-label": "Examples" }),
    ),
    el("div", { class: "columns" },
      el("div", {},
        el("label", { for: "decode-input", class: "visually-hidden" }, "Payload to decode"),
        el("textarea", {
          id: "decode-input", class: "mono decode-input", rows: "24", spellcheck: "false",
          placeholder: "Paste JSON or an HTTP message here, or drop a file",
        }),
        el("div", { class: "toolbar" },
          el("label", { class: "inline" },
            el("input", { id: "decode-strict", type: "checkbox" }),
            " strict (comments and trailing commas are errors)",
          ),
          el("label", { class: "inline file" },
            "Open a file… ",
            el("input", {
              id: "decode-file", type: "file",
              accept: ".json,.http,.txt,application/json,text/plain",
            }),
          ),
          el("button", { id: "decode-copy-json", type: "button", class: "small" },
            "Copy decoded JSON",
          ),
          el("button", {
            id: "decode-redact", type: "button", class: "small",
            title:
              "Replace tokens, recording URLs, tenant ids and GUIDs by placeholders, the same " +
              "value by the same placeholder",
          },
            "Redact for sharing",
          ),
          el("button", { id: "decode-permalink", type: "button", class: "small" }, "Permalink"),
        ),
        el("div", { class: "permalink" },
          el("label", { for: "decode-permalink-link", class: "visually-hidden" },
            "Permalink to this payload",
          ),
          el("input", {
            id: "decode-permalink-link", class: "mono share-link", readonly: true, hidden: true,
          }),
          el("span", { id: "decode-permalink-status", role: "status" }),
        ),
        el("p", { id: "decode-redact-status", class: "hint", role: "status" }),
      ),
      el("div", { id: "decode-output", class: "decode-output", "aria-live": "polite" }),
    ),
  ];
}

function teachView() {
  return [
    el("h2", { id: "teach-title" },
      "Teach: what cancelMediaProcessing does to a call's media queue",
    ),
    el("p", { class: "hint teach-hint" },
      "A simulated call, run in this page by the same simulator as ",
      el("code", {}, "mediaops simulate"),
      ": pick a preset or write a scenario, then play it. Keys: ",
      el("kbd", {}, "Space"),
      " play/pause, ",
      el("kbd", {}, "→"),
      " next event, ",
      el("kbd", {}, "←"),
      " back, ",
      el("kbd", {}, "P"),
      " presenter mode.",
    ),
    el("p", { id: "teach-link-problem", class: "failure", role: "alert", hidden: true }),
    el("div", { class: "toolbar" },
      el("label", { for: "teach-preset", class: "inline-label" }, "Preset"),
      el("select", { id: "teach-preset", class: "auto" }),
      el("button", {
        id: "teach-presenter", type: "button", class: "small", "aria-pressed": "false",
        "aria-keyshortcuts": "P",
      },
        "Presenter mode",
      ),
      el("button", { id: "teach-share", type: "button", class: "small" }, "Share this moment"),
      el("label", { for: "teach-share-link", class: "visually-hidden" }, "Share link"),
      el("input", {
        id: "teach-share-link", class: "mono share-link", readonly: true, hidden: true,
      }),
      el("span", { id: "teach-share-status", role: "status" }),
    ),
    el("p", { id: "teach-preset-description", class: "hint" }),
    el("div", { id: "teach-player", class: "player", role: "group", "aria-label": "Player" },
      el("button", { id: "teach-back", type: "button", "aria-keyshortcuts": "ArrowLeft" }, "← Back"),
      el("button", {
        id: "teach-play", type: "button", "aria-pressed": "false", "aria-keyshortcuts": "Space",
      },
        "Play",
      ),
      el("button", { id: "teach-step", type: "button", "aria-keyshortcuts": "ArrowRight" },
        "Step →",
      ),
      el("label", { for: "teach-speed", class: "inline-label" }, "Speed"),
      el("select", { id: "teach-speed", class: "auto" }),
      el("span", { class: "clock", "aria-label": "Clock" },
        el("span", { id: "teach-clock", class: "mono" }, "0.000 s"),
        " · ",
        el("span", { id: "teach-position" }),
      ),
      el("label", { for: "teach-scrub", class: "visually-hidden" }, "Clock position"),
      el("input", { id: "teach-scrub", type: "range", min: "0", max: "0", step: "50", value: "0" }),
      el("span", { id: "teach-stale", class: "teach-stale", hidden: true },
        "The scenario has errors (see below): this is the last run that worked.",
      ),
    ),
    el("div", { id: "teach-timeline", class: "timeline-host" }),
    el("div", { class: "teach-columns" },
      el("div", {},
        el("h3", {}, "The queue at the clock"),
        el("div", { id: "teach-queue", class: "teach-queue" }),
        el("h3", {}, "What happened"),
        el("p", { id: "teach-events-empty", class: "hint" }, "Nothing yet: press Play or Step."),
        el("ol", {
          id: "teach-events", class: "teach-events", "aria-live": "polite",
          "aria-relevant": "additions",
          "aria-label": "Requests, caller events and notifications so far",
        }),
      ),
      el("div", {},
        el("h3", {}, el("label", { for: "teach-scenario" }, "Scenario (JSON steps)")),
        el("textarea", {
          id: "teach-scenario", class: "mono teach-scenario", rows: "16", spellcheck: "false",
        }),
        el("div", { id: "teach-editor-status", role: "status" }),
        el("div", { id: "teach-diagnostics", "aria-live": "polite" }),
        el("div", { id: "teach-builder", class: "builder" },
          el("fieldset", {},
            el("legend", {}, "Add a step"),
            el("label", { for: "teach-add-kind" }, "Step"),
            el("select", { id: "teach-add-kind" },
              el("optgroup", { label: "The bot asks" },
                el("option", { value: "playPrompt" }, "playPrompt"),
                el("option", { value: "recordResponse" }, "recordResponse"),
                el("option", { value: "subscribeToTone" }, "subscribeToTone"),
                el("option", { value: "sendDtmfTones" }, "sendDtmfTones"),
                el("option", { value: "updateRecordingStatus" }, "updateRecordingStatus"),
                el("option", { value: "cancelMediaProcessing" }, "cancelMediaProcessing"),
                el("option", { value: "hangUp" }, "hang up (DELETE the call)"),
              ),
              el("optgroup", { label: "The caller" },
                el("option", { value: "pressTone" }, "presses a key"),
                el("option", { value: "speechStarted" }, "starts speaking"),
                el("option", { value: "speechStopped" }, "stops speaking"),
                el("option", { value: "callerHangsUp" }, "hangs up"),
              ),
              el("optgroup", { label: "Time" },
                el("option", { value: "advanceMs" }, "advance the clock"),
              ),
            ),
            stepInput("clientContext", ["clientContext"], { class: "mono", value: "step-1" }),
            stepInput("uri", ["Prompt URI"], {
              class: "mono", value: "https://cdn.contoso.com/prompt.wav",
            }),
            stepInput("durationMs", withHint("durationMs", "how long the prompt plays"), {
              type: "number", min: "0", step: "100", value: "3000",
            }),
            stepInput("maxRecordDurationInSeconds", ["maxRecordDurationInSeconds"], {
              type: "number", min: "1", value: "10",
            }),
            stepInput("initialSilenceTimeoutInSeconds", ["initialSilenceTimeoutInSeconds"], {
              type: "number", min: "1", value: "5",
            }),
            stepInput("maxSilenceTimeoutInSeconds", ["maxSilenceTimeoutInSeconds"], {
              type: "number", min: "1", value: "5",
            }),
            stepInput("stopTones", withHint("stopTones", "comma-separated, e.g. #, *"), {
              class: "mono", value: "#",
            }),
            stepCheckbox("bargeInAllowed", false),
            stepCheckbox("playBeep", true),
            stepInput("tones", withHint("tones", "comma-separated"), {
              class: "mono", value: "1, 2, pound",
            }),
            el("div", { "data-field": "recordingStatus" },
              el("label", { for: "teach-add-recordingStatus" }, "status"),
              el("select", { id: "teach-add-recordingStatus" },
                el("option", {}, "recording"),
                el("option", {}, "notRecording"),
                el("option", {}, "failed"),
              ),
            ),
            stepInput("tone", ["Key"], { class: "mono", value: "#" }),
            stepInput("ms", ["Milliseconds"], { type: "number", min: "0", step: "100", value: "1000" }),
            el("button", { id: "teach-add", type: "button", class: "small" }, "Append the step"),
          ),
        ),
        el("details", { id: "teach-notes", class: "teach-notes", open: true },
          el("summary", {}, "How the simulator decides"),
          el("div", { id: "teach-notes-list" }),
        ),
      ),
    ),
  ];
}

/** A label's text followed by its hint in parentheses, in small print. */
function withHint(text, hint) {
  return [`${text} `, el("small", {}, `(${hint})`)];
}

/** One field of Teach's step builder, shown for the steps that have it (`data-field`): a label
 * (`label`, a list of children) and an input of `attrs`. */
function stepInput(field, label, attrs) {
  return el("div", { "data-field": field },
    el("label", { for: `teach-add-${field}` }, ...label),
    el("input", { id: `teach-add-${field}`, ...attrs }),
  );
}

/** A checkbox field of Teach's step builder, named as the step's field it sets. */
function stepCheckbox(field, checked) {
  return el("div", { "data-field": field },
    el("label", { class: "inline" },
      el("input", { id: `teach-add-${field}`, type: "checkbox", checked }),
      ` ${field}`,
    ),
  );
}

const VIEWS = { compose: composeView, decode: decodeView, teach: teachView };

/** The attributes that hold an id or a list of ids: prefixed together with the ids they name. */
const ID_REFS = ["id", "for", "aria-controls", "aria-labelledby", "aria-describedby", "list"];

/** The markup of `view` (`compose`, `decode` or `teach`) as a fragment, every id and id reference
 * prefixed with `prefix`. */
export function instantiate(view, prefix) {
  // A `mode` attribute names the view: any other name, `constructor` included, is refused.
  if (!Object.hasOwn(VIEWS, view)) throw new Error(`there is no view '${String(view)}'`);
  const fragment = document.createDocumentFragment();
  fragment.append(...VIEWS[view]());
  if (prefix) {
    const selector = ID_REFS.map((name) => `[${name}]`).join(",");
    for (const node of fragment.querySelectorAll(selector)) {
      for (const name of ID_REFS) {
        const value = node.getAttribute(name);
        if (value) node.setAttribute(name, value.split(/\s+/).map((id) => prefix + id).join(" "));
      }
    }
  }
  return fragment;
}

/** The lookups of one instance: `$(name)` is its element of bare id `name` and `id(name)` the
 * prefixed id for an element it creates. */
export function scope(root, prefix) {
  const id = (name) => prefix + name;
  const $ = (name) => root.querySelector(`#${CSS.escape(id(name))}`);
  return { $, id };
}
