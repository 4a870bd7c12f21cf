// The Compose view: inputs → live request preview (built by the Rust core) → Send → decoded answer.
import * as core from "./core.js";
import { el, replace } from "./dom.js";
import { diagnosticList, errorCard, rawBlock, resourceCard } from "./render.js";

const $ = (id) => document.getElementById(id);

/** The mock lives on the page's own origin when `mediaops serve` serves it. */
function mockRoot() {
  return `${location.origin}/graph`;
}

function readInput() {
  return {
    callId: $("call-id").value,
    clientContext: $("client-context").value,
    version: $("version").value,
    baseUrl: mockRoot(),
  };
}

function renderPreview() {
  const preview = $("preview");
  const problems = $("compose-problems");
  try {
    const built = core.buildRequest(readInput());
    const request = built.request;
    const lines = [`${request.method} ${request.url}`, ...request.headers.map((h) => `${h.name}: ${h.value}`), "", request.body];
    replace(preview, lines.join("\n"));
    preview.classList.remove("stale");
    replace(problems, diagnosticList(built.diagnostics));
    $("send").disabled = false;
    return built;
  } catch (error) {
    // Keep the last good preview visible but mark it stale; say what is wrong and where.
    preview.classList.add("stale");
    replace(problems, diagnosticList(error.diagnostics));
    $("send").disabled = true;
    return null;
  }
}

let inFlight = null;

async function send() {
  if (inFlight) return;
  const input = readInput();
  const token = $("token").value;
  const result = $("result");
  const controller = new AbortController();
  const started = performance.now();
  const timeoutMs = 30000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const ticker = setInterval(() => {
    $("elapsed").textContent = `${Math.round(performance.now() - started)} ms`;
  }, 100);
  inFlight = controller;
  $("send").disabled = true;
  $("abort").hidden = false;
  $("sending").hidden = false;
  replace(result);
  try {
    const response = await core.sendRequest(input, token, controller.signal);
    replace(result, renderResponse(response, Math.round(performance.now() - started)));
  } catch (error) {
    const timedOut = controller.signal.aborted && performance.now() - started >= timeoutMs - 50;
    const message = timedOut ? `timed out after ${timeoutMs / 1000} s with no answer` : error.message;
    replace(result, el("p", { class: "failure", role: "alert" }, message));
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    inFlight = null;
    $("abort").hidden = true;
    $("sending").hidden = true;
    $("send").disabled = false;
  }
}

function renderResponse(response, elapsedMs) {
  const decoded = response.decoded;
  const ok = response.status >= 200 && response.status < 300;
  const location = decoded.http?.location;
  const headerRows = response.headers.map((h) =>
    el("tr", {}, el("th", { scope: "row" }, h.name), el("td", { class: "mono" }, h.value)),
  );
  return el(
    "div",
    { class: "response" },
    el(
      "p",
      { class: `status-line ${ok ? "ok" : "bad"}`, id: "status-line" },
      `HTTP ${response.status} ${response.statusText}`.trim(),
      el("span", { class: "elapsed" }, ` · ${elapsedMs} ms`),
    ),
    ok ? null : el("p", { class: "failure", role: "alert" }, failureHint(response.status)),
    location
      ? el(
          "dl",
          { class: "location" },
          el("div", { class: "field" }, el("dt", {}, "Location → call id"), el("dd", { class: "mono", id: "location-call" }, location.callId ?? "—")),
          el("div", { class: "field" }, el("dt", {}, "Location → operation id"), el("dd", { class: "mono", id: "location-operation" }, location.operationId ?? "—")),
        )
      : null,
    decoded.error ? errorCard(decoded.error) : null,
    decoded.resources.map(resourceCard),
    diagnosticList(decoded.diagnostics),
    el("details", { class: "raw" }, el("summary", {}, "Response headers"), el("table", { class: "headers" }, headerRows)),
    rawBlock("Raw JSON body", response.body || "(empty body)"),
  );
}

function failureHint(status) {
  if (status === 401 || status === 403) return `HTTP ${status}: the token was refused; see the Graph error below.`;
  if (status === 404) return "HTTP 404: no such call (wrong id, or the call has ended).";
  if (status === 429) return "HTTP 429: throttled; wait for Retry-After before sending again.";
  if (status >= 500) return `HTTP ${status}: the service failed; quote request-id and date in a support ticket.`;
  return `HTTP ${status}: the request was rejected; see below.`;
}

/** Wires the Compose view. */
export function setup() {
  for (const id of ["call-id", "client-context", "version"]) {
    $(id).addEventListener("input", renderPreview);
  }
  $("compose-form").addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  $("abort").addEventListener("click", () => inFlight?.abort());
  renderPreview();
}
