// The Compose view: inputs → live request preview and snippet (built by the Rust core) → Send to
// the chosen target → the answer explained. The token is read from its input when needed and
// handed to the core; it is never stored, put in a URL, logged or shown.
import * as core from "./core.js";
import { el, replace } from "./dom.js";
import * as exports from "./export.js";
import * as permalink from "./permalink.js";
import { diagnosticList, echo, errorCard, field, httpRequestText, rawBlock, resourceCard } from "./render.js";
import { createTarget } from "./target.js";
import { createTokenPanel, inspect, problems as tokenProblems } from "./token.js";
import { scope } from "./views.js";

const DEFAULT_TIMEOUT_S = 30;

/** The inputs a permalink carries, with their permalink parameter: everything but the token. */
export const LINK_FIELDS = [
  ["callId", "c", "call-id"],
  ["clientContext", "x", "client-context"],
  ["version", "a", "version"],
  ["pathStyle", "p", "path-style"],
  ["target", "to", "target"],
  ["cloud", "cl", "cloud"],
  ["baseUrl", "u", "base-url"],
  ["timeoutSeconds", "t", "timeout"],
  ["snippet", "f", "snippet-format"],
];

/** The whole wasm module could not be fetched: nothing was sent, and a later Send tries again. */
class NotLoaded extends Error {
  constructor(cause) {
    super(`the page could not load the part of itself that sends (${cause?.message ?? cause}). Nothing left this page; Send tries again.`);
  }
}

/**
 * Wires one Compose view inside `root` (its markup from views.js). `options`: `prefix` (of its
 * ids), `emit(name, detail)` (`change` and `send` events), `initial` (field values by LINK_FIELDS
 * name), `locked` (field ids, LINK_FIELDS' third column, that cannot be edited), `linkExtra`
 * (parameters its permalinks add), `setAddress` (whether a permalink becomes the address).
 * Returns `{state(), open(link), fragment(extra), detectServer()}`; the state never holds the token.
 */
export function setup(root, options = {}) {
  const { $, id } = scope(root, options.prefix ?? "");
  const emit = options.emit ?? (() => {});
  const target = createTarget($, root);
  const tokenPanel = createTokenPanel(id);

  /** The request inputs as the core takes them, for the chosen target. */
  function readInput() {
    return {
      callId: $("call-id").value,
      clientContext: $("client-context").value,
      version: $("version").value,
      pathStyle: $("path-style").value,
      cloud: "global",
      ...target.current().inputs(),
    };
  }

  function timeoutMs() {
    const seconds = Number($("timeout").value);
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 600) * 1000 : DEFAULT_TIMEOUT_S * 1000;
  }

  /** Rebuilds the preview and the snippet; returns the built request, or null when the input is invalid. */
  function renderPreview() {
    const preview = $("preview");
    const snippet = $("snippet");
    const problems = $("compose-problems");
    try {
      const input = readInput();
      const built = core.buildRequest(input);
      replace(preview, httpRequestText(built.request));
      replace(snippet, core.renderSnippet(input, $("snippet-format").value));
      preview.classList.remove("stale");
      snippet.classList.remove("stale");
      replace(problems, diagnosticList(built.diagnostics));
      $("send").disabled = inFlight !== null;
      return built;
    } catch (error) {
      // Keep the last good preview visible but mark it stale; say what is wrong and where.
      preview.classList.add("stale");
      snippet.classList.add("stale");
      replace(problems, diagnosticList(error.diagnostics));
      $("send").disabled = true;
      return null;
    }
  }

  function renderToken() {
    const graph = target.kind() === "graph";
    tokenPanel.render($("token-panel"), $("token").value, target.current().graphCloud(), graph);
  }

  /** The scenario picker follows the call id: a reserved id selects its scenario. */
  function syncScenario() {
    const select = $("scenario");
    const callId = $("call-id").value.trim().toLowerCase();
    select.value = [...select.options].some((o) => o.value === callId) ? callId : "";
  }

  let inFlight = null;
  let last = null;
  /** Origins the user agreed to send the token to, this session only (kept in memory). */
  const trustedOrigins = new Set();

  /** Asks before a token goes where it may not belong; false means do not send. */
  function consentToSend(token) {
    const chosen = target.current();
    if (target.kind() === "graph") {
      const found = tokenProblems(token, chosen.graphCloud());
      if (found.length) {
        return confirm(`The token looks wrong for ${chosen.describe()}:\n\n- ${found.join("\n- ")}\n\nSend it anyway?`);
      }
      return true;
    }
    const origin = chosen.tokenConsent();
    if (origin && token.trim() && !trustedOrigins.has(origin)) {
      const plain = origin.toLowerCase().startsWith("http://")
        ? "\n\nIt is plain http://, not https: the token travels unencrypted, and anyone on the network path can read it."
        : "";
      const ok = confirm(
        `Send your bearer token to ${origin}?\n\nIt is not Microsoft Graph: whoever runs it can use the token until it expires. Send tokens only to servers you trust.${plain}`,
      );
      if (ok) trustedOrigins.add(origin);
      return ok;
    }
    return true;
  }

  /** What the core may say about the token after a 401: `none`, `decoded` (the panel shows its claims) or `unreadable`. */
  function tokenState(token) {
    if (!token.trim()) return "none";
    return inspect(token, target.current().graphCloud()).info ? "decoded" : "unreadable";
  }

  /** True for a send the core refused before fetching (a token or header the browser cannot send). */
  function notSendable(error) {
    return error?.pointer === "/token" || (error?.pointer ?? "").startsWith("/headers/");
  }

  async function send() {
    if (inFlight) return;
    const built = renderPreview();
    if (!built) return;
    const input = readInput();
    const token = $("token").value;
    const result = $("result");
    if (!consentToSend(token)) {
      replace(result, el("p", { class: "failure", id: id("not-sent"), role: "status" }, "Not sent: nothing left this page."));
      return;
    }
    const controller = new AbortController();
    const limit = timeoutMs();
    let timedOut = false;
    const started = performance.now();
    const startedDateTime = new Date().toISOString();
    const elapsed = () => Math.round(performance.now() - started);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, limit);
    const ticker = setInterval(() => ($("elapsed").textContent = `${elapsed()} ms`), 100);
    inFlight = controller;
    $("elapsed").textContent = "0 ms";
    $("send").disabled = true;
    $("abort").hidden = false;
    $("sending").hidden = false;
    replace(result);
    const url = built.request.url;
    try {
      // The first Send brings in the whole module (fetch, the simulator, the decoder).
      await core.loadWhole().catch((error) => {
        throw new NotLoaded(error);
      });
      const response = await target.current().send(input, token, controller.signal);
      const ms = elapsed();
      const outcome = core.explainResponse(url, location.origin, response, tokenState(token));
      last = { request: built.request, response, startedDateTime, elapsedMs: ms };
      replace(result, renderResponse(response, outcome, ms));
      const { status, statusText, headers, body } = response;
      emit("send", { target: target.kind(), request: built.request, response: { status, statusText, headers, body }, ok: outcome.ok, summary: outcome.summary, failure: null, elapsedMs: ms });
    } catch (error) {
      if (error instanceof NotLoaded) {
        replace(result, el("p", { class: "failure", id: id("not-sent"), role: "alert" }, `Not sent: ${error.message}`));
        return;
      }
      if (notSendable(error)) {
        // Refused before any fetch (a header the browser would reject): nothing left this page.
        replace(result, el("p", { class: "failure", id: id("not-sent"), role: "alert" }, `Not sent: ${error.message}.`));
        return;
      }
      const ms = elapsed();
      const kind = timedOut ? "timeout" : controller.signal.aborted ? "aborted" : "network";
      const detail = error.message.replace(/^network error: /, "");
      const outcome = core.explainFailure(kind, url, location.origin, limit, detail);
      last = { request: built.request, error: outcome.summary, startedDateTime, elapsedMs: ms };
      emit("send", { target: target.kind(), request: built.request, response: null, ok: false, summary: outcome.summary, failure: kind, elapsedMs: ms });
      replace(
        result,
        el(
          "div",
          { class: "response", "data-failure": kind },
          el("p", { class: "status-line bad", id: id("status-line") }, "No HTTP answer", el("span", { class: "elapsed" }, ` · ${ms} ms`)),
          el("p", { class: "failure", role: "alert", id: id("outcome") }, outcome.summary),
        ),
      );
    } finally {
      clearTimeout(timer);
      clearInterval(ticker);
      inFlight = null;
      $("abort").hidden = true;
      $("sending").hidden = true;
      $("export-har").disabled = last === null;
      renderPreview();
    }
  }

  function renderResponse(response, outcome, elapsedMs) {
    const decoded = response.decoded ?? {};
    const location = decoded.http?.location;
    const headerRows = response.headers.map((h) =>
      el("tr", {}, el("th", { scope: "row" }, echo(h.name)), el("td", { class: "mono" }, echo(h.value))),
    );
    const ticket = outcome.supportTicket
      ? el(
          "div",
          { class: "ticket" },
          el("h3", {}, "For a support ticket"),
          el("pre", { class: "mono", id: id("support-ticket") }, outcome.supportTicket),
          el("button", { type: "button", class: "small", onclick: (e) => copy(e.currentTarget, outcome.supportTicket) }, "Copy"),
        )
      : null;
    return el(
      "div",
      { class: "response" },
      el(
        "p",
        { class: `status-line ${outcome.ok ? "ok" : "bad"}`, id: id("status-line") },
        `HTTP ${response.status} ${response.statusText}`.trim(),
        el("span", { class: "elapsed" }, ` · ${elapsedMs} ms`),
      ),
      el("p", { class: outcome.ok ? "outcome ok" : "failure", role: outcome.ok ? "status" : "alert", id: id("outcome") }, echo(outcome.summary)),
      location
        ? el(
            "dl",
            { class: "location" },
            field("Location → call id", location.callId ?? "—", { class: "mono", id: id("location-call") }),
            field("Location → operation id", location.operationId ?? "—", { class: "mono", id: id("location-operation") }),
          )
        : null,
      outcome.locationNote ? el("p", { class: "note", id: id("location-note"), "data-verdict": outcome.location }, echo(outcome.locationNote)) : null,
      el(
        "dl",
        { class: "location" },
        field("Retry-After", outcome.retryAfterSeconds !== undefined ? `${outcome.retryAfterSeconds} s` : null, { class: "mono", id: id("retry-after") }),
        outcome.ok ? null : field("request-id", outcome.requestId, { class: "mono", id: id("request-id") }),
        outcome.ok ? null : field("date", outcome.date, { class: "mono", id: id("response-date") }),
      ),
      ticket,
      decoded.error ? errorCard(decoded.error) : null,
      (decoded.resources ?? []).map((resource) => resourceCard(resource)),
      diagnosticList([...outcome.diagnostics, ...(decoded.diagnostics ?? [])]),
      el("details", { class: "raw" }, el("summary", {}, "Response headers (those the browser lets the page read)"), el("table", { class: "headers" }, headerRows)),
      rawBlock("Raw body", response.body || "(empty body)"),
    );
  }

  function copy(button, text) {
    const label = button.textContent;
    navigator.clipboard.writeText(text).then(
      () => (button.textContent = "Copied"),
      () => (button.textContent = "Copy failed: select the text"),
    );
    setTimeout(() => (button.textContent = label), 1500);
  }

  function fillSelects() {
    const formats = $("snippet-format");
    replace(formats, core.snippetFormats().map((f) => el("option", { value: f.id, selected: f.id === "curl" }, f.label)));
    const scenarios = $("scenario");
    replace(
      scenarios,
      el("option", { value: "" }, "Normal answer (any other call id)"),
      core.mockScenarios().map((s) => el("option", { value: s.callId, "data-fault": s.fault }, s.label)),
    );
    replace(
      $("teaching-notes-list"),
      core.teachingNotes().map((n) => el("div", { class: "teaching-note" }, el("h4", {}, n.title), el("p", {}, n.text))),
    );
  }

  const locked = new Set((options.locked ?? []).filter((name) => LINK_FIELDS.some((f) => f[2] === name)));

  /** The view's whole state (LINK_FIELDS), never the token. */
  function state() {
    return Object.fromEntries(LINK_FIELDS.map(([name, , part]) => [name, $(part).value]));
  }

  /** Puts `values` (by LINK_FIELDS name) into the fields, except locked ones and options a select
   * does not have; returns the names it could not take. */
  function fill(values) {
    const refused = [];
    for (const [name, , part] of LINK_FIELDS) {
      const value = values[name];
      if (value === undefined || value === null || locked.has(part)) continue;
      const input = $(part);
      if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === String(value) && !o.disabled)) {
        refused.push(name);
        continue;
      }
      input.value = String(value);
    }
    return refused;
  }

  function lock() {
    for (const part of locked) {
      const input = $(part);
      if (input.tagName === "SELECT") input.disabled = true;
      else input.readOnly = true;
      input.setAttribute("aria-readonly", "true");
      input.closest("div, fieldset, form")?.querySelector(`label[for="${id(part)}"]`)?.append(el("small", { class: "locked-note" }, " (set by this page)"));
    }
    if (locked.has("call-id")) $("scenario").disabled = true;
  }

  function changed() {
    target.showFields();
    renderPreview();
    emit("change", state());
  }

  /** Opens a decoded permalink of this view (see permalink.js): fills the fields, never sends. */
  function open(link) {
    const note = $("compose-link-note");
    note.hidden = true;
    if (!permalink.usable(link, $("compose-link-problem"))) return false;
    const values = Object.fromEntries(LINK_FIELDS.filter(([, short]) => link.params.has(short)).map(([name, short]) => [name, link.params.get(short)]));
    const refused = fill(values);
    syncScenario();
    changed();
    renderToken();
    const chosen = target.current();
    const where = target.kind() === "simulator" ? "" : ` It sends to ${chosen.describe()}, not to this page's simulator: check it before you send.`;
    const lost = refused.length ? ` This page has no ${refused.join(", ")} of the link's value, so it kept its own.` : "";
    note.textContent = `Opened from a permalink: nothing has been sent; press Send to send.${where}${lost}`;
    note.hidden = false;
    return true;
  }

  /** The permalink fragment of this view's state; `extra` adds parameters (`el`). */
  function fragment(extra = {}) {
    const current = state();
    return permalink.encode("compose", { ...Object.fromEntries(LINK_FIELDS.map(([name, short]) => [short, current[name]])), ...extra });
  }

  fillSelects();
  fill(options.initial ?? {});
  lock();
  for (const [, , part] of LINK_FIELDS) {
    $(part).addEventListener("input", changed);
    $(part).addEventListener("change", changed);
  }
  $("call-id").addEventListener("input", syncScenario);
  $("scenario").addEventListener("change", () => {
    if ($("scenario").value) $("call-id").value = $("scenario").value;
    changed();
  });
  for (const part of ["token", "target", "cloud"]) {
    $(part).addEventListener("input", renderToken);
    $(part).addEventListener("change", renderToken);
  }
  $("compose-form").addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  // The markup ships Send as a plain, disabled button so that nothing can submit the form
  // natively (with the fields in the URL) before this handler exists; now Enter may send.
  $("send").type = "submit";
  $("abort").addEventListener("click", () => inFlight?.abort());
  $("copy-snippet").addEventListener("click", (e) => copy(e.currentTarget, $("snippet").textContent));
  $("compose-permalink").addEventListener("click", async () =>
    permalink.offerLink(await fragment(options.linkExtra), {
      input: $("compose-permalink-link"),
      status: $("compose-permalink-status"),
      what: "these inputs (never the token)",
      setAddress: options.setAddress,
    }),
  );
  exports.setup($, { readInput, lastExchange: () => last });
  syncScenario();
  target.showFields();
  renderPreview();
  renderToken();
  /** Asks whether `mediaops serve` serves the page; offers (and picks) its mock when it does. */
  async function detectServer() {
    await target.detect();
    changed();
    renderToken();
  }
  return { state, open, fragment, detectServer };
}
