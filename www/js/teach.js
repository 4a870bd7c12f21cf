// The Teach view: a scenario (JSON steps) is run once per edit by the simulator in the wasm core;
// the player only moves a clock over that run. Timeline (teach-timeline.js), the queue at the
// clock, each notification as the clock passes it (decoded with the Decode view's cards), each
// action's request and answer, the teaching notes, share links (teach-share.js), presenter mode.
import * as core from "./core.js";
import { debounce, el, replace, selectAt } from "./dom.js";
import { diagnosticList, httpRequestText, httpResponseText, rawBlock, resourceCard } from "./render.js";
import * as permalink from "./permalink.js";
import * as share from "./teach-share.js";
import { drawTimeline, formatSeconds } from "./teach-timeline.js";
import { isServedByMediaops } from "./target.js";
import { scope } from "./views.js";

const SPEEDS = ["0.5", "1", "2", "4"];

/** The longest scenario text the view runs: a 1,000-step scenario is far shorter. */
const MAX_SCENARIO_CHARS = 1_000_000;

const isSet = (value) => value !== undefined && value !== null;

function countUpTo(clockMs, events) {
  let count = 0;
  while (count < events.length && events[count].atMs <= clockMs) count++;
  return count;
}

function exchangeDetails(exchange) {
  const request = httpRequestText({ method: exchange.method, url: exchange.url, headers: exchange.requestHeaders ?? [], body: exchange.requestBody ?? "" });
  const response = httpResponseText(exchange.status, exchange.responseHeaders ?? [], exchange.responseBody ?? "");
  return el(
    "details",
    { class: "raw exchange" },
    el("summary", {}, `Request and answer (${exchange.method} … HTTP ${exchange.status})`),
    el("pre", { class: "mono preview", tabindex: 0, "aria-label": "Request" }, request),
    el("pre", { class: "mono preview", tabindex: 0, "aria-label": "Answer" }, response),
  );
}

// The builder: appends one step to the JSON text, leaving the rest of the text as the user wrote it.
const BUILDER_FIELDS = {
  playPrompt: ["clientContext", "uri", "durationMs"],
  recordResponse: ["clientContext", "maxRecordDurationInSeconds", "initialSilenceTimeoutInSeconds", "maxSilenceTimeoutInSeconds", "stopTones", "bargeInAllowed", "playBeep"],
  subscribeToTone: ["clientContext"],
  sendDtmfTones: ["clientContext", "tones"],
  updateRecordingStatus: ["clientContext", "recordingStatus"],
  cancelMediaProcessing: ["clientContext"],
  hangUp: [],
  advanceMs: ["ms"],
  pressTone: ["tone"],
  speechStarted: [],
  speechStopped: [],
  callerHangsUp: [],
};

const list = (text) =>
  text
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);

/** `text` with `step` appended as the last element of its top-level array. */
export function appendStep(text, step) {
  const line = JSON.stringify(step);
  const open = text.indexOf("[");
  const close = text.lastIndexOf("]");
  if (!text.trim() || open < 0 || close < open) {
    // Nothing to append to: start a scenario, and keep whatever was there after it.
    return `[\n  ${line}\n]\n${text.trim() ? text : ""}`;
  }
  const inside = text.slice(open + 1, close);
  const before = text.slice(0, close).replace(/\s*$/, "");
  const separator = inside.trim() === "" || inside.trim().endsWith(",") ? "" : ",";
  return `${before}${separator}\n  ${line}\n${text.slice(close)}`;
}

/**
 * Wires one Teach view inside `root` (its markup from views.js). `options`: `prefix` (of its ids),
 * `emit(name, detail)` (`change` events), `initial` (`{presetId}`), `keyTarget` (where its keys
 * are heard: the document for the full page), `presenterTarget` (what presenter mode restyles),
 * `linkExtra`, `setAddress`. Returns `{state(), open(link), fragment(extra)}`.
 */
export function setup(root, options = {}) {
  const { $, id } = scope(root, options.prefix ?? "");
  const emit = options.emit ?? (() => {});
  /** A `change` once the scenario or the clock has been still for a moment (not every frame). */
  const changedSoon = debounce(() => emit("change", viewState()), 300);
  const keyTarget = options.keyTarget ?? document;
  const presenterTarget = options.presenterTarget ?? document.body;
  /** Everything the view knows: the run of the current text and the player's position over it. */
  const state = {
    presets: [],
    run: null,
    /** The preset whose text is in the editor unchanged, for short share links. */
    presetId: null,
    clockMs: 0,
    /** How many events (in order) are shown. */
    shown: 0,
    playing: false,
    moveCursor: () => {},
    /** Rendered list items per event index, and the decoded notification per index. */
    items: [],
    decoded: new Map(),
  };

  /** The scenario text changed: run it (once) and redraw; the player keeps its clock where it can. */
  function rerun({ clockMs = state.clockMs, shown } = {}) {
    changedSoon();
    const text = $("teach-scenario").value;
    const preset = state.presets.find((p) => p.id === state.presetId);
    if (preset && preset.scenario !== text) {
      // Edited: it is the user's own scenario now, and a share link carries its text.
      state.presetId = null;
      $("teach-preset").value = "";
      $("teach-preset-description").textContent = "Your own scenario.";
    }
    let run;
    try {
      if (text.length > MAX_SCENARIO_CHARS) {
        // Parsing a huge paste would freeze the page; no real scenario comes near this.
        throw new core.MediaopsError({
          message: `The scenario is ${text.length.toLocaleString("en")} characters; the Teach view runs at most ${MAX_SCENARIO_CHARS.toLocaleString("en")} (use mediaops simulate for more).`,
        });
      }
      run = core.simulateScenario(text, { seed: 1 });
    } catch (error) {
      run = { diagnostics: error.diagnostics, events: [], operations: [], endMs: 0 };
    }
    const errors = (run.diagnostics ?? []).some((d) => d.severity === "error");
    replace(
      $("teach-diagnostics"),
      diagnosticList(run.diagnostics, (d) => selectAt($("teach-scenario"), d.line, d.column)),
    );
    root.dataset.valid = String(!errors);
    // Which text the view shows the run of (tests wait for it, as for the Decode summary).
    root.dataset.inputLength = String(text.length);
    if (errors) {
      // Keep the last good run on screen, marked stale: the text is the user's to fix.
      pause();
      $("teach-player").classList.add("stale");
      $("teach-stale").hidden = false;
      for (const part of ["teach-play", "teach-step", "teach-back", "teach-share"]) $(part).disabled = true;
      return;
    }
    $("teach-player").classList.remove("stale");
    $("teach-stale").hidden = true;
    for (const part of ["teach-play", "teach-step", "teach-back", "teach-share"]) $(part).disabled = false;
    state.run = run;
    state.decoded = new Map();
    state.items = [];
    replace($("teach-events"));
    state.moveCursor = drawTimeline($("teach-timeline"), run, id);
    $("teach-scrub").max = String(run.endMs);
    const clock = Math.min(clockMs, run.endMs);
    // An edit keeps the position: as many events shown as before, no more than the clock has passed.
    seek(clock, Math.min(shown ?? state.shown, countUpTo(clock, run.events)));
  }

  /** Moves the player to `clockMs` with the first `shown` events visible. */
  function seek(clockMs, shown) {
    const run = state.run;
    if (!run) return;
    state.clockMs = Math.max(0, Math.min(clockMs, run.endMs));
    state.shown = Math.max(0, Math.min(shown, run.events.length));
    render();
  }

  function render() {
    const run = state.run;
    changedSoon();
    state.moveCursor(state.clockMs);
    $("teach-clock").textContent = `${(state.clockMs / 1000).toFixed(3)} s / ${(run.endMs / 1000).toFixed(3)} s`;
    $("teach-scrub").value = String(Math.round(state.clockMs));
    $("teach-scrub").setAttribute("aria-valuetext", `${formatSeconds(Math.round(state.clockMs))}, ${state.shown} of ${run.events.length} events`);
    $("teach-position").textContent = `${state.shown} of ${run.events.length} events`;
    renderEvents();
    renderQueue();
  }

  /** Adds the newly passed events to the list (announced by its aria-live) and removes those past the position. */
  function renderEvents() {
    const list = $("teach-events");
    while (state.items.length > state.shown) state.items.pop().remove();
    while (state.items.length < state.shown) {
      const index = state.items.length;
      const item = eventItem(state.run.events[index], index);
      state.items.push(item);
      list.append(item);
    }
    $("teach-events-empty").hidden = state.shown > 0;
  }

  function notificationCards(event, index) {
    let decoded = state.decoded.get(index);
    if (!decoded) {
      decoded = core.decodeText(event.notification, false, false);
      state.decoded.set(index, decoded);
    }
    return [decoded.resources.map((resource) => resourceCard(resource)), diagnosticList(decoded.diagnostics)];
  }

  function eventItem(event, index) {
    const time = el("span", { class: "event-time mono" }, formatSeconds(event.atMs));
    const kind = el("span", { class: `event-kind ${event.kind}` }, event.kind === "notification" ? "notification → bot" : event.kind);
    return el(
      "li",
      { class: "teach-event", "data-kind": event.kind, "data-index": index, "data-at": event.atMs },
      el("p", { class: "event-head" }, time, " ", kind, " ", el("span", { class: "event-summary" }, event.summary)),
      event.kind === "notification" ? notificationCards(event, index) : null,
      event.kind === "notification" ? rawBlock("commsNotifications body, as POSTed", event.notification) : null,
      event.exchange ? exchangeDetails(event.exchange) : null,
    );
  }

  /** The media queue at the clock: what runs, what waits (in order), and what runs beside the queue. */
  function renderQueue() {
    const clock = state.clockMs;
    const known = new Set(state.run.events.slice(0, state.shown).map((e) => e.operationId).filter(Boolean));
    const alive = state.run.operations.filter(
      (lane) => (known.has(lane.id) || lane.requestedMs < clock) && !(isSet(lane.endedMs) && lane.endedMs <= clock),
    );
    const name = (lane) => `${lane.action}${lane.clientContext ? ` (${lane.clientContext})` : ""}`;
    const running = alive.filter((lane) => lane.queuedMedia && isSet(lane.startedMs) && lane.startedMs <= clock);
    const queued = alive.filter((lane) => lane.queuedMedia && !(isSet(lane.startedMs) && lane.startedMs <= clock));
    const beside = alive.filter((lane) => !lane.queuedMedia && lane.outcome !== "completed");
    const list = (id, lanes, empty) =>
      el("ol", { id, class: "queue-list" }, lanes.length ? lanes.map((lane) => el("li", { "data-id": lane.id }, name(lane))) : el("li", { class: "empty" }, empty));
    replace(
      $("teach-queue"),
      el("h4", {}, "Running"),
      list(id("teach-running"), running, "nothing"),
      el("h4", {}, "Queued"),
      list(id("teach-queued"), queued, "nothing waits"),
      beside.length ? [el("h4", {}, "Outside the queue"), list(id("teach-beside"), beside, "")] : null,
    );
  }

  // The player: a clock over the run, moved by requestAnimationFrame while playing.
  let lastFrame = 0;

  function frame(now) {
    if (!state.playing) return;
    const speed = Number($("teach-speed").value) || 1;
    const clock = Math.min(state.clockMs + (now - lastFrame) * speed, state.run.endMs);
    lastFrame = now;
    seek(clock, Math.max(state.shown, countUpTo(clock, state.run.events)));
    if (clock >= state.run.endMs) {
      pause();
      return;
    }
    requestAnimationFrame(frame);
  }

  function play() {
    if (!state.run || state.playing || $("teach-play").disabled) return;
    if (state.clockMs >= state.run.endMs && state.shown >= state.run.events.length) seek(0, 0);
    state.playing = true;
    $("teach-play").textContent = "Pause";
    $("teach-play").setAttribute("aria-pressed", "true");
    lastFrame = performance.now();
    requestAnimationFrame(frame);
  }

  function pause() {
    state.playing = false;
    $("teach-play").textContent = "Play";
    $("teach-play").setAttribute("aria-pressed", "false");
  }

  /** Shows the next event: one at a time, even when several happen at the same moment. */
  function stepForward() {
    const run = state.run;
    if (!run || state.shown >= run.events.length) return;
    pause();
    const next = run.events[state.shown];
    seek(Math.max(state.clockMs, next.atMs), state.shown + 1);
  }

  /** Hides the last shown event and puts the clock on the one before it. */
  function stepBack() {
    const run = state.run;
    if (!run || state.shown === 0) return;
    pause();
    const shown = state.shown - 1;
    seek(shown > 0 ? run.events[shown - 1].atMs : 0, shown);
  }

  function setPresenter(on) {
    presenterTarget.classList.toggle("presenter", on);
    $("teach-presenter").setAttribute("aria-pressed", String(on));
  }

  /** Loads a preset into the editor; the text it replaces can be restored with one click. */
  function loadPreset(id, position) {
    const preset = state.presets.find((p) => p.id === id);
    if (!preset) return false;
    const editor = $("teach-scenario");
    const previous = editor.value;
    editor.value = preset.scenario;
    $("teach-preset").value = id;
    state.presetId = id;
    $("teach-preset-description").textContent = preset.description;
    offerRestore(previous);
    rerun(position ?? { clockMs: 0, shown: 0 });
    return true;
  }

  /** After the editor's text was replaced, a button brings the user's own text back. */
  function offerRestore(previous) {
    const known = state.presets.some((p) => p.scenario === previous);
    const status = $("teach-editor-status");
    if (!previous.trim() || known) {
      replace(status);
      return;
    }
    replace(
      status,
      "Your scenario was replaced. ",
      el(
        "button",
        {
          type: "button",
          class: "small",
          id: id("teach-restore"),
          onclick: () => {
            $("teach-scenario").value = previous;
            replace(status);
            rerun({ clockMs: 0, shown: 0 });
          },
        },
        "Restore my scenario",
      ),
    );
  }

  function builderField(name) {
    return $(`teach-add-${name}`);
  }

  function showBuilderFields() {
    const fields = BUILDER_FIELDS[$("teach-add-kind").value] ?? [];
    for (const wrapper of $("teach-builder").querySelectorAll("[data-field]")) {
      wrapper.hidden = !fields.includes(wrapper.dataset.field);
    }
  }

  /** The step the builder's fields describe, as a JSON value. */
  function builtStep() {
    const kind = $("teach-add-kind").value;
    const value = (name) => builderField(name).value.trim();
    const number = (name) => (value(name) === "" ? undefined : Number(value(name)));
    const context = value("clientContext") || undefined;
    switch (kind) {
      case "playPrompt": {
        const prompt = { "@odata.type": "#microsoft.graph.mediaPrompt", mediaInfo: { uri: value("uri") || "https://cdn.contoso.com/prompt.wav" } };
        if (isSet(number("durationMs"))) prompt.durationMs = number("durationMs");
        return { playPrompt: { clientContext: context, prompts: [prompt] } };
      }
      case "recordResponse": {
        const body = { clientContext: context };
        for (const name of ["maxRecordDurationInSeconds", "initialSilenceTimeoutInSeconds", "maxSilenceTimeoutInSeconds"]) {
          if (isSet(number(name))) body[name] = number(name);
        }
        if (list(value("stopTones")).length) body.stopTones = list(value("stopTones"));
        body.bargeInAllowed = builderField("bargeInAllowed").checked;
        body.playBeep = builderField("playBeep").checked;
        return { recordResponse: body };
      }
      case "sendDtmfTones":
        return { sendDtmfTones: { clientContext: context, tones: list(value("tones")) } };
      case "updateRecordingStatus":
        return { updateRecordingStatus: { clientContext: context, status: value("recordingStatus") } };
      case "subscribeToTone":
      case "cancelMediaProcessing":
        return { [kind]: { clientContext: context } };
      case "advanceMs":
        return { advanceMs: number("ms") ?? 1000 };
      case "pressTone":
        return { pressTone: value("tone") || "1" };
      default:
        return { [kind]: {} };
    }
  }

  function addStep() {
    const editor = $("teach-scenario");
    editor.value = appendStep(editor.value, builtStep());
    rerun();
  }

  function renderNotes() {
    replace(
      $("teach-notes-list"),
      core.simulatorNotes().map((note) =>
        el(
          "div",
          { class: `teaching-note ${note.documented ? "documented" : "decided"}`, "data-documented": String(note.documented) },
          el("h4", {}, note.title, " ", el("span", { class: `badge ${note.documented ? "ok" : "cancelled"}` }, note.documented ? "documented" : "our decision — the docs are silent")),
          el("p", {}, note.text),
          el("p", { class: "note-source" }, note.documented ? "Source: " : "Why: ", note.source),
        ),
      ),
    );
  }

  async function shareLink() {
    pause();
    await permalink.offerLink(await fragment(options.linkExtra), {
      input: $("teach-share-link"),
      status: $("teach-share-status"),
      what: "this scenario paused at this moment",
      setAddress: options.setAddress,
    });
  }

  /** The view's whole state: the preset (when its text is unchanged), the scenario text and the
   * player's position. */
  function viewState() {
    return { presetId: state.presetId, scenario: $("teach-scenario").value, clockMs: state.clockMs, shown: state.shown };
  }

  /** The permalink fragment of this view's state; `extra` adds parameters (`el`). */
  function fragment(extra = {}) {
    return share.encode(viewState(), extra);
  }

  /** Opens a decoded permalink of this view (see permalink.js), paused at its moment; says clearly
   * when it cannot. */
  function open(decoded) {
    const problem = $("teach-link-problem");
    if (!permalink.usable(decoded, problem)) return false;
    const link = share.fromLink(decoded);
    if (link.error) {
      permalink.refuse(problem, link.error);
      return false;
    }
    pause();
    const position = { clockMs: link.clockMs, shown: link.shown };
    if (link.presetId) {
      if (loadPreset(link.presetId, position)) return true;
      permalink.refuse(problem, `This link names the preset '${link.presetId}', which this page does not have.`);
      return false;
    }
    const editor = $("teach-scenario");
    const previous = editor.value;
    editor.value = link.scenario;
    state.presetId = null;
    $("teach-preset").value = "";
    $("teach-preset-description").textContent = "A scenario from a shared link.";
    offerRestore(previous);
    rerun(position);
    return true;
  }

  function teachVisible() {
    return !root.hidden;
  }

  /** Space play/pause, → step, ← back, P presenter: anywhere in the view but in its text fields. */
  function onKey(event) {
    if (!teachVisible() || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const typing = target.closest?.("textarea, input, select, [contenteditable]");
    if (typing) return;
    const onControl = target.closest?.("button, summary, a");
    if (event.key === " " && !onControl) {
      event.preventDefault();
      state.playing ? pause() : play();
    } else if (event.key === "ArrowRight") {
      event.preventDefault();
      stepForward();
    } else if (event.key === "ArrowLeft") {
      event.preventDefault();
      stepBack();
    } else if (event.key === "p" || event.key === "P") {
      setPresenter(!presenterTarget.classList.contains("presenter"));
    }
  }

  state.presets = core.simulatorPresets();
  replace(
    $("teach-preset"),
    el("option", { value: "" }, "Your own scenario"),
    state.presets.map((p) => el("option", { value: p.id }, p.title)),
  );
  replace($("teach-speed"), SPEEDS.map((s) => el("option", { value: s, selected: s === "1" }, `${s}×`)));
  renderNotes();
  $("teach-preset").addEventListener("change", () => {
    if ($("teach-preset").value) loadPreset($("teach-preset").value);
  });
  const soon = debounce(() => rerun(), 250);
  $("teach-scenario").addEventListener("input", soon);
  $("teach-play").addEventListener("click", () => (state.playing ? pause() : play()));
  $("teach-step").addEventListener("click", stepForward);
  $("teach-back").addEventListener("click", stepBack);
  $("teach-scrub").addEventListener("input", () => {
    pause();
    const clock = Number($("teach-scrub").value);
    seek(clock, countUpTo(clock, state.run.events));
  });
  $("teach-presenter").addEventListener("click", () => setPresenter(!presenterTarget.classList.contains("presenter")));
  $("teach-share").addEventListener("click", shareLink);
  $("teach-add-kind").addEventListener("change", showBuilderFields);
  $("teach-add").addEventListener("click", addStep);
  keyTarget.addEventListener("keydown", onKey);
  showBuilderFields();
  if (isServedByMediaops()) {
    // Under mediaops serve the same scenario can also run for real, against the built-in mock;
    // loaded only there, so a docs site's Teach panel does not download it.
    import("./teach-live.js").then(
      ({ mountLive }) =>
        root.append(
          mountLive({
            scenario: () => $("teach-scenario").value,
            version: () => state.run?.version ?? "v1.0",
          }),
        ),
      (error) => root.append(el("p", { class: "failure", role: "alert" }, `The live panel could not load: ${error.message}`)),
    );
  }
  const initial = state.presets.some((p) => p.id === options.initial?.presetId) ? options.initial.presetId : state.presets[0].id;
  loadPreset(initial);
  if (options.initial?.presetId && initial !== options.initial.presetId) {
    permalink.refuse($("teach-link-problem"), `There is no preset '${options.initial.presetId}'; this is '${initial}'.`);
  }
  return { state: viewState, open, fragment };
}
