// The Decode view: paste (or drop) anything a bot logged; it is decoded live by the Rust core.
import * as core from "./core.js";
import { BACKGROUND_FROM_CHARS, backgroundDecoder } from "./decode-background.js";
import { copyText, debounce, el, replace, selectAt } from "./dom.js";
import * as permalink from "./permalink.js";
import { diagnosticList, echo, errorCard, field, isCancelled, resourceCard, statusBadge } from "./render.js";
import { scope } from "./views.js";

/** Example payloads shipped in www/examples/, copied from the Graph docs. */
const EXAMPLES = [
  ["Cancelled record (notification)", "cancel-notification.json"],
  ["cancelMediaProcessing response", "cancel-response.http"],
  ["playPrompt completed", "playprompt-notification.json"],
  ["Call terminated", "call-terminated.json"],
  ["Roster muted (docs JSON with a comment)", "roster-muted.json"],
  ["Graph error", "graph-error.json"],
];

/** The most the Decode view decodes, pasted or opened: 64 MB of UTF-8. A paste from 500,000
 * characters is decoded in a worker, which hands over the first cards, then the counts, then the
 * whole decoding; bigger logs: `mediaops decode`. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** The most "Redact for sharing" (and the permalink's check for what it would replace) reads: it
 * runs on the page's thread, where 5 MB take a fraction of a second. */
const MAX_REDACT_BYTES = 5 * 1024 * 1024;

/** UTF-8 length of `text` (what the core is handed), measured only when it could matter. */
function utf8Bytes(text) {
  return text.length * 3 <= MAX_REDACT_BYTES ? text.length : new Blob([text]).size;
}

/** Why `what` (a file name, or "The pasted text") of `bytes` bytes is too large for a task (the
 * Decode view, or Redact for sharing), or null. The one rule and message for files and pastes. */
function tooLarge(what, bytes, { task, cap, advice } = DECODE_LIMIT) {
  if (bytes <= cap) return null;
  return `${what} is ${bytes.toLocaleString("en")} bytes; ${task} takes at most ${cap / 1024 / 1024} MB (${cap.toLocaleString("en")} bytes). ${advice}`;
}

const DECODE_LIMIT = { task: "the Decode view", cap: MAX_INPUT_BYTES, advice: "Use `mediaops decode` for bigger logs." };
const REDACT_LIMIT = { task: "Redact for sharing", cap: MAX_REDACT_BYTES, advice: "Redact a part of it at a time." };

/** How many cards, timelines and diagnostics are drawn (and what the worker hands over of a
 * large paste); a 50 MB batch holds some 60,000 resources. */
const SHOWN = 200;

/** How many resources and diagnostics of each severity a decoding holds: a whole decoding
 * (`decodeText`) counts its arrays, an overview of a large paste (`decodeOverview`) says. */
function counts(decoded) {
  const count = (severity) => decoded.diagnostics.filter((d) => d.severity === severity).length;
  const severities = decoded.diagnosticCounts ?? { error: count("error"), warning: count("warning"), info: count("info") };
  return {
    resources: decoded.resourceCount ?? decoded.resources.length,
    timelines: decoded.timelineCount ?? decoded.timelines?.length ?? 0,
    diagnostics: severities.error + severities.warning + severities.info,
    ...severities,
  };
}

/** The first SHOWN of `items` (of `total`), then a note of how many more the decoded JSON holds. */
function capped(items, total, render, what) {
  const shown = items.slice(0, SHOWN).map(render);
  if (total > shown.length) {
    shown.push(
      el("p", { class: "hint more" }, `… and ${total - shown.length} more ${what}: use “Copy decoded JSON” or \`mediaops decode\` for all of them.`),
    );
  }
  return shown;
}

const plural = (count, noun) => `${count} ${noun}${count === 1 ? "" : "s"}`;

/** The note under a list cut at SHOWN of `total` items, or null when nothing was cut. */
function moreInTheJson(total, what) {
  return total > SHOWN ? el("p", { class: "hint more" }, `… and ${total - SHOWN} more ${what} in the decoded JSON.`) : null;
}

function summaryLine(decoded, { resources, error, warning }, inputLength, id) {
  // An early look at a large paste: only its first resources are decoded yet.
  const parts =
    decoded.complete === false
      ? [decoded.kind, `the first ${plural(resources, "resource")}`, "decoding the rest…"]
      : [decoded.kind, plural(resources, "resource"), plural(error, "error"), plural(warning, "warning")];
  return el("p", { id: id("decode-summary"), class: `summary ${error ? "bad" : "ok"}`, "data-kind": decoded.kind, "data-input-length": inputLength }, parts.join(" · "));
}

function httpBlock(http) {
  if (!http) return null;
  const line = http.status !== undefined ? `HTTP ${http.status}` : `${http.method} ${http.url}`;
  const location = http.location
    ? el("dl", { class: "location" },
        field("Location → call id", http.location.callId ?? "—", { class: "mono" }),
        field("Location → operation id", http.location.operationId ?? "—", { class: "mono" }))
    : null;
  return el("div", { class: "http-envelope" }, el("p", { class: "status-line mono" }, echo(line)), location);
}

function timelineBlock(decoded, total) {
  if (!decoded.timelines?.length) return null;
  return el(
    "section",
    { class: "timelines" },
    el("h3", {}, "Timelines"),
    decoded.timelines.slice(0, SHOWN).map((timeline) =>
      el(
        "div",
        { class: "timeline", "data-operation": timeline.operationId },
        el("span", { class: "mono" }, echo(timeline.operationId)),
        el(
          "ol",
          {},
          timeline.entries.map((entry) =>
            el(
              "li",
              {},
              entry.changeType ? echo(`${entry.changeType} `) : "",
              // An overview holds the first resources only, and names the cancelled ones beyond.
              statusBadge(entry.status, isCancelled(decoded.resources[entry.resource]) || (decoded.cancelled ?? []).includes(entry.resource)),
            ),
          ),
        ),
      ),
    ),
    moreInTheJson(total.timelines, "timelines"),
  );
}

/** Says, above what is shown, that a large paste is being decoded in the background and for how
 * long so far; returns `{show, stop}`: `show()` puts the note back above what was drawn since,
 * `stop()` takes it away. */
function backgroundProgress(output, length) {
  const started = performance.now();
  const note = el("p", { class: "hint", role: "status", "data-decode-progress": "" });
  const tell = () => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    note.textContent = `Decoding ${length.toLocaleString("en")} characters in the background… ${seconds} s`;
  };
  tell();
  output.querySelector("[data-decode-progress]")?.remove();
  output.prepend(note);
  const timer = setInterval(tell, 100);
  return {
    show: () => output.prepend(note),
    stop: () => {
      clearInterval(timer);
      note.remove();
    },
  };
}

/** UTF-8, or UTF-16 when the file starts with a UTF-16 byte order mark (PowerShell's `>` writes that). */
function textOf(bytes) {
  const encoding = bytes[0] === 0xff && bytes[1] === 0xfe ? "utf-16le" : bytes[0] === 0xfe && bytes[1] === 0xff ? "utf-16be" : "utf-8";
  return new TextDecoder(encoding).decode(bytes);
}

/**
 * Wires one Decode view inside `root` (its markup from views.js). `options`: `prefix` (of its ids),
 * `emit(name, detail)` (`change` and `decoded` events), `initial` (`{payload, strict}`). Returns
 * `{state(), open(link), fragment(extra)}`: its whole state is `{payload, strict, view}`.
 */
export function setup(root, options = {}) {
  const { $, id } = scope(root, options.prefix ?? "");
  const emit = options.emit ?? (() => {});
  /** What is drawn: a whole decoding, or the overview of a large paste. */
  let last = null;
  /** With an overview: the promise of the whole decoding's JSON text, from the worker. */
  let lastWhole = null;

  function refuse(message) {
    last = null;
    lastWhole = null;
    replace($("decode-output"), el("p", { class: "failure", role: "alert", id: id("decode-too-large") }, message));
  }

  const background = backgroundDecoder();

  function decodeNow() {
    const text = $("decode-input").value;
    const output = $("decode-output");
    // Whatever decodes now, an older decoding still running in the background is superseded.
    background.cancel();
    const problem = tooLarge("The pasted text", utf8Bytes(text));
    if (problem) {
      refuse(`${problem} It is kept in the box, not decoded: trim it to decode it.`);
      return;
    }
    if (!text.trim()) {
      last = null;
      lastWhole = null;
      replace(output, el("p", { class: "hint" }, "Paste a notification batch, an operation, an HTTP response or request, or a Graph error."));
      return;
    }
    const strict = $("decode-strict").checked;
    const draw = (decoded, where) => {
      output.dataset.decodedIn = where;
      replace(output, renderDecoded(decoded, text.length));
    };
    const show = (decoded, where) => {
      last = decoded;
      lastWhole = null;
      draw(decoded, where);
      emit("decoded", { decoded, inputLength: text.length });
    };
    // The core reports problems as diagnostics; a throw means the module itself failed.
    const failed = (error) => replace(output, el("p", { class: "failure", role: "alert" }, error.message));
    if (text.length >= BACKGROUND_FROM_CHARS) {
      // Until this text's decoding is in, there is nothing of it to copy (not the previous one's).
      last = null;
      lastWhole = null;
      const progress = backgroundProgress(output, text.length);
      const onFirst = (first) => (draw(first, "worker"), progress.show());
      background.decode(text, strict, view === "pretty", { shown: SHOWN, onFirst }).then(({ decoded, whole }) => {
        progress.stop();
        if (!whole) return show(decoded, "worker");
        last = decoded;
        lastWhole = whole;
        draw(decoded, "worker");
        // The event carries the whole decoding, as for a small paste; parsed only if read.
        whole.then((json) => {
          if (lastWhole !== whole) return;
          let parsed;
          emit("decoded", {
            get decoded() {
              return (parsed ??= JSON.parse(json));
            },
            inputLength: text.length,
          });
        }, (error) => {
          // What is drawn stays; what needs the whole decoding says it is missing.
          if (lastWhole !== whole) return;
          output.append(el("p", { class: "failure", role: "alert" }, `The whole decoding could not be written (Copy decoded JSON needs it): ${error.message}`));
        });
      }, (error) => (progress.stop(), failed(error)));
      return;
    }
    try {
      show(core.decodeText(text, strict, view === "pretty"), "page");
    } catch (error) {
      failed(error);
    }
  }

  /** Which view of the decoding is shown: the cards, or the body re-indented as JSON. */
  let view = "cards";

  function viewSwitch(decoded) {
    const option = (value, label) =>
      el(
        "label",
        { class: "inline" },
        el("input", {
          type: "radio",
          name: id("decode-view"),
          value,
          checked: view === value,
          onchange: () => {
            view = value;
            // The re-indented body is made only when this view asks for it.
            decodeNow();
          },
        }),
        label,
      );
    return el("div", { class: "toolbar view-switch", role: "radiogroup", "aria-label": "Show" }, option("cards", "Decoded"), option("pretty", "Pretty JSON"));
  }

  function renderDecoded(decoded, inputLength) {
    const total = counts(decoded);
    const pretty = decoded.pretty ?? "";
    const body =
      view === "pretty"
        ? pretty
          ? [
            el("button", { type: "button", class: "small", onclick: (e) => copyText(e.target, pretty) }, "Copy pretty JSON"),
              el("pre", { class: "mono pretty", id: id("decode-pretty"), tabindex: 0, "aria-label": "Pretty JSON" }, pretty),
            ]
          : [el("p", { class: "hint" }, "There is no JSON body to show: see the diagnostics.")]
        : [
            httpBlock(decoded.http),
            decoded.error ? errorCard(decoded.error) : null,
            capped(decoded.resources, total.resources, (resource) => resourceCard(resource, jumpTo), "resources"),
            timelineBlock(decoded, total),
          ];
    return el(
      "div",
      {},
      summaryLine(decoded, total, inputLength, id),
      viewSwitch(decoded),
      body,
      // Diagnostics stay visible in both views: they point into the input.
      diagnosticList(decoded.diagnostics.slice(0, SHOWN), jumpTo),
      moreInTheJson(total.diagnostics, "diagnostics"),
    );
  }

  /** Copies the whole decoding as indented JSON; of a large paste, once the worker has written it. */
  async function copyDecoded(button) {
    if (!last) return;
    const whole = lastWhole;
    if (!whole) return copyText(button, JSON.stringify(last, null, 2));
    const label = button.textContent;
    button.textContent = "Preparing…";
    try {
      const json = await whole;
      button.textContent = label;
      if (whole === lastWhole) copyText(button, JSON.stringify(JSON.parse(json), null, 2));
    } catch {
      // The worker stopped before the whole decoding was written (what is drawn stays).
      button.textContent = "Copy failed";
      setTimeout(() => (button.textContent = label), 1200);
    }
  }

  /** Selects the line and column of a diagnostic or resource in the input. */
  function jumpTo(diagnostic) {
    selectAt($("decode-input"), diagnostic.line, diagnostic.column);
  }

  async function loadExample(file) {
    try {
      const response = await fetch(new URL(`../examples/${file}`, import.meta.url));
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      setInput(await response.text());
      decodeNow();
    } catch (error) {
      replace($("decode-output"), el("p", { class: "failure", role: "alert" }, `Could not load the example ${file}: ${error.message}`));
    }
  }

  async function loadFile(file) {
    if (!file) return;
    const problem = tooLarge(file.name, file.size);
    if (problem) {
      refuse(`${problem} The box keeps what it had.`);
      return;
    }
    setInput(textOf(new Uint8Array(await file.arrayBuffer())));
    decodeNow();
  }

  /** The text as it was before "Redact for sharing", so one click restores it; null when the
   * input is not a redaction. */
  let beforeRedaction = null;

  /** Replaces the whole input (an example, a file): a redaction before it can no longer be undone. */
  function setInput(text) {
    $("decode-input").value = text;
    showRedaction(null, "");
  }

  function showRedaction(original, summary) {
    beforeRedaction = original;
    $("decode-redact").textContent = original === null ? "Redact for sharing" : "Restore the original";
    replace($("decode-redact-status"), summary);
  }

  /** Replaces tokens, recording URLs, tenant ids and GUIDs by placeholders (the core decides
   * which), or, after that, puts the original back. */
  function redactOrRestore() {
    const input = $("decode-input");
    if (beforeRedaction !== null) {
      input.value = beforeRedaction;
      showRedaction(null, "Original restored.");
      decodeNow();
      return;
    }
    const problem = tooLarge("The pasted text", utf8Bytes(input.value), REDACT_LIMIT);
    // Said beside the button: the decoding drawn stays.
    if (problem) return showRedaction(null, problem);
    const redacted = core.redactText(input.value);
    if (!redacted.replacements.length) return showRedaction(null, redacted.summary);
    const original = input.value;
    input.value = redacted.text;
    showRedaction(original, `${redacted.summary} Check the rest before you share it.`);
    decodeNow();
  }

  /** The view's whole state: the payload, the strict switch and which rendering is shown. */
  function state() {
    return { payload: $("decode-input").value, strict: $("decode-strict").checked, view };
  }

  function changed() {
    emit("change", state());
  }

  /** Opens a decoded permalink of this view (see permalink.js): the payload, strict and the view. */
  function open(link) {
    const problem = $("decode-link-problem");
    if (!permalink.usable(link, problem)) return false;
    if (link.text === undefined) {
      permalink.refuse(problem, "This link carries no payload (s= or r=); nothing was loaded from it.");
      return false;
    }
    setInput(link.text);
    $("decode-strict").checked = link.params.get("strict") === "1";
    view = link.params.get("show") === "pretty" ? "pretty" : "cards";
    decodeNow();
    changed();
    return true;
  }

  /** The permalink fragment of this view's state; `extra` adds parameters (`el`). */
  function fragment(extra = {}) {
    const current = state();
    return permalink.encode("decode", { strict: current.strict ? "1" : "", show: current.view === "pretty" ? "pretty" : "", ...extra }, current.payload);
  }

  /** Offers the link; a payload with something Redact would replace says so first. */
  async function offerPermalink() {
    const status = $("decode-permalink-status");
    const href = await permalink.offerLink(await fragment(options.linkExtra), {
      input: $("decode-permalink-link"),
      status,
      what: "this payload, decoded",
      setAddress: options.setAddress,
    });
    if (href && beforeRedaction === null) {
      const found = utf8Bytes($("decode-input").value) <= MAX_REDACT_BYTES ? core.redactText($("decode-input").value).replacements.length : 0;
      if (found) status.textContent += ` It carries the payload as it is: ${found} value${found === 1 ? "" : "s"} that Redact for sharing would replace (tokens, URLs, ids).`;
    }
  }

  const input = $("decode-input");
  const soon = debounce(decodeNow, 150);
  // Large pastes decode in about a second; wait for typing to pause longer before redoing it.
  const later = debounce(decodeNow, 800);
  input.addEventListener("input", (event) => {
    // An edit supersedes a decoding still running at once, not after the pause.
    background.cancel();
    // A paste or a drop is not typing: nothing more is coming, so it is decoded at once.
    if (event.inputType === "insertFromPaste" || event.inputType === "insertFromDrop") {
      soon.cancel();
      later.cancel();
      decodeNow();
    } else input.value.length > 500_000 ? later() : soon();
  });
  $("decode-strict").addEventListener("change", decodeNow);
  $("decode-file").addEventListener("change", (e) => loadFile(e.target.files[0]));
  input.addEventListener("dragover", (e) => e.preventDefault());
  input.addEventListener("drop", (e) => {
    e.preventDefault();
    loadFile(e.dataTransfer.files[0]);
  });
  $("decode-redact").addEventListener("click", redactOrRestore);
  $("decode-permalink").addEventListener("click", offerPermalink);
  input.addEventListener("input", debounce(changed, 300));
  $("decode-strict").addEventListener("change", changed);
  $("decode-copy-json").addEventListener("click", (e) => copyDecoded(e.target));
  replace(
    $("examples"),
    EXAMPLES.map(([label, file]) =>
      el("button", { type: "button", class: "small", "data-example": file, onclick: () => loadExample(file) }, label),
    ),
  );
  if (options.initial?.payload !== undefined) setInput(options.initial.payload);
  if (options.initial?.strict) $("decode-strict").checked = true;
  decodeNow();
  return { state, open, fragment };
}
