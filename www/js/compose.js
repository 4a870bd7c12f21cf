// The Compose view: inputs → live request preview and snippet (built by the Rust core) → Send to
// the chosen target → the answer explained. The token is read from its input when needed and
// handed to the core; it is never stored, put in a URL, logged or shown.
import * as core from "./core.js";
import { el, replace } from "./dom.js";
import * as exports from "./export.js";
import { diagnosticList, echo, errorCard, field, httpRequestText, rawBlock, resourceCard } from "./render.js";
import * as target from "./target.js";
import * as tokenPanel from "./token.js";

const $ = (id) => document.getElementById(id);

const DEFAULT_TIMEOUT_S = 30;

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
    const found = tokenPanel.problems(token, chosen.graphCloud());
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
  return tokenPanel.inspect(token, target.current().graphCloud()).info ? "decoded" : "unreadable";
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
    replace(result, el("p", { class: "failure", id: "not-sent", role: "status" }, "Not sent: nothing left this page."));
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
    const response = await target.current().send(input, token, controller.signal);
    const ms = elapsed();
    const outcome = core.explainResponse(url, location.origin, response, tokenState(token));
    last = { request: built.request, response, startedDateTime, elapsedMs: ms };
    replace(result, renderResponse(response, outcome, ms));
  } catch (error) {
    if (notSendable(error)) {
      // Refused before any fetch (a header the browser would reject): nothing left this page.
      replace(result, el("p", { class: "failure", id: "not-sent", role: "alert" }, `Not sent: ${error.message}.`));
      return;
    }
    const ms = elapsed();
    const kind = timedOut ? "timeout" : controller.signal.aborted ? "aborted" : "network";
    const detail = error.message.replace(/^network error: /, "");
    const outcome = core.explainFailure(kind, url, location.origin, limit, detail);
    last = { request: built.request, error: outcome.summary, startedDateTime, elapsedMs: ms };
    replace(
      result,
      el(
        "div",
        { class: "response", "data-failure": kind },
        el("p", { class: "status-line bad", id: "status-line" }, "No HTTP answer", el("span", { class: "elapsed" }, ` · ${ms} ms`)),
        el("p", { class: "failure", role: "alert", id: "outcome" }, outcome.summary),
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
        el("pre", { class: "mono", id: "support-ticket" }, outcome.supportTicket),
        el("button", { type: "button", class: "small", onclick: (e) => copy(e.currentTarget, outcome.supportTicket) }, "Copy"),
      )
    : null;
  return el(
    "div",
    { class: "response" },
    el(
      "p",
      { class: `status-line ${outcome.ok ? "ok" : "bad"}`, id: "status-line" },
      `HTTP ${response.status} ${response.statusText}`.trim(),
      el("span", { class: "elapsed" }, ` · ${elapsedMs} ms`),
    ),
    el("p", { class: outcome.ok ? "outcome ok" : "failure", role: outcome.ok ? "status" : "alert", id: "outcome" }, echo(outcome.summary)),
    location
      ? el(
          "dl",
          { class: "location" },
          field("Location → call id", location.callId ?? "—", { class: "mono", id: "location-call" }),
          field("Location → operation id", location.operationId ?? "—", { class: "mono", id: "location-operation" }),
        )
      : null,
    outcome.locationNote ? el("p", { class: "note", id: "location-note", "data-verdict": outcome.location }, echo(outcome.locationNote)) : null,
    el(
      "dl",
      { class: "location" },
      field("Retry-After", outcome.retryAfterSeconds !== undefined ? `${outcome.retryAfterSeconds} s` : null, { class: "mono", id: "retry-after" }),
      outcome.ok ? null : field("request-id", outcome.requestId, { class: "mono", id: "request-id" }),
      outcome.ok ? null : field("date", outcome.date, { class: "mono", id: "response-date" }),
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

/** Wires the Compose view. */
export function setup() {
  fillSelects();
  const rebuild = () => {
    target.showFields();
    renderPreview();
  };
  for (const id of ["call-id", "client-context", "version", "path-style", "target", "cloud", "base-url", "snippet-format"]) {
    $(id).addEventListener("input", rebuild);
    $(id).addEventListener("change", rebuild);
  }
  $("call-id").addEventListener("input", syncScenario);
  $("scenario").addEventListener("change", () => {
    if ($("scenario").value) $("call-id").value = $("scenario").value;
    rebuild();
  });
  for (const id of ["token", "target", "cloud"]) {
    $(id).addEventListener("input", renderToken);
    $(id).addEventListener("change", renderToken);
  }
  $("compose-form").addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  // index.html ships Send as a plain, disabled button so that nothing can submit the form
  // natively (with the fields in the URL) before this handler exists; now Enter may send.
  $("send").type = "submit";
  $("abort").addEventListener("click", () => inFlight?.abort());
  $("copy-snippet").addEventListener("click", (e) => copy(e.currentTarget, $("snippet").textContent));
  exports.setup({ readInput, lastExchange: () => last });
  syncScenario();
  rebuild();
  renderToken();
}
