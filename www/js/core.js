// The one wrapper every wasm call goes through: loads the module once and turns what it
// throws into MediaopsError, so views handle a single error shape.
import init, * as wasm from "../pkg/mediaops.js";

/** An error from the core: `.message`, and where known `.line`, `.column`, `.pointer`, `.diagnostics`. */
export class MediaopsError extends Error {
  constructor(cause) {
    super(cause?.message ?? String(cause));
    this.name = "MediaopsError";
    this.line = cause?.line;
    this.column = cause?.column;
    this.pointer = cause?.pointer;
    this.diagnostics = cause?.diagnostics ?? [
      { severity: "error", message: this.message },
    ];
  }
}

let ready;

/** Loads the wasm module (once). */
export function load() {
  ready ??= init();
  return ready;
}

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (error) {
    throw new MediaopsError(error);
  }
}

async function callAsync(fn, ...args) {
  try {
    return await fn(...args);
  } catch (error) {
    throw new MediaopsError(error);
  }
}

/** Builds the exact request: `{input, request: {method, url, headers, body}, diagnostics}`. */
export const buildRequest = (input) => call(wasm.buildRequest, input);

/** Decodes a fetched response. */
export const decodeResponse = (status, headers, body) =>
  call(wasm.decodeResponse, status, headers, body);

/** Sends the request with the token (kept in memory) and resolves to the response and its decoding. */
export const sendRequest = (input, token, signal) =>
  callAsync(wasm.sendRequest, input, token, signal);

/** Decodes anything pasted; problems come back as `diagnostics`, never as a throw. `pretty` also
 * returns the body re-indented. */
export const decodeText = (text, strict, pretty) => call(wasm.decodePayload, text, strict, pretty);

/** Redacts a payload for sharing: `{text, replacements, summary}` (tokens, recording URLs,
 * tenant ids and GUIDs replaced by placeholders, consistently; nothing else changed). */
export const redactText = (text) => call(wasm.redactPayload, text);

/** Decodes a bearer token locally at the page's clock; `cloud` is the Graph it goes to, if any. */
export const decodeToken = (token, nowSeconds, cloud) => call(wasm.decodeToken, token, nowSeconds, cloud);

/** Explains an answer: summary, Location verdict, Retry-After, support-ticket ids. `tokenState` is
 * `none`, `decoded` or `unreadable` (what the token panel could make of the token sent). */
export const explainResponse = (url, pageOrigin, response, tokenState) =>
  call(wasm.explainResponse, url, pageOrigin, response, tokenState);

/** Explains a send without an answer; `kind` is `network`, `timeout` or `aborted`. */
export const explainFailure = (kind, url, pageOrigin, timeoutMs, detail) =>
  call(wasm.explainFailure, kind, url, pageOrigin, timeoutMs, detail);

/** The snippet formats: `[{id, label}]`. */
export const snippetFormats = () => call(wasm.snippetFormats);

/** The request built from `input` as a snippet in `format`. */
export const renderSnippet = (input, format) => call(wasm.renderSnippet, input, format);

/** The request built from `input` as a REST Client `.http` file. */
export const exportRestClient = (input) => call(wasm.exportRestClient, input);

/** The last exchange as HAR 1.2 JSON, token redacted. */
export const exportHar = (exchange) => call(wasm.exportHar, exchange);

/** The mock's reserved call ids: `[{callId, fault, label}]`. */
export const mockScenarios = () => call(wasm.mockScenarios);

/** What the docs get wrong or leave unsaid: `[{title, text}]`. */
export const teachingNotes = () => call(wasm.teachingNotes);

/** Graph's answer to `method url` with `[{name, value}]` headers and `body`, computed in the page by
 * the mock's own code (faults and reserved call ids included): `{status, statusText, headers, body,
 * decoded, delayMs}`; the caller waits `delayMs`. Nothing is sent anywhere. */
export const simulateSend = (method, url, headers, body, nowSeconds) =>
  call(wasm.simulateSend, method, url, headers, body, nowSeconds);

/** Compose's Send to the in-page simulator: the request built from `input`, with the token in its
 * Authorization header checked as `sendRequest` checks it, answered as `simulateSend` answers. */
export const simulateRequest = (input, token, nowSeconds) =>
  call(wasm.simulateRequest, input, token, nowSeconds);

/** Runs a scenario (the JSON text of steps) with `{seed, version, callId}`: `{callId, version, endMs,
 * events, operations, diagnostics}`; a bad scenario comes back as diagnostics, never as a throw. */
export const simulateScenario = (text, options) => call(wasm.simulateScenario, text, options);

/** The simulator's ready-made scenarios: `[{id, title, description, scenario}]`. */
export const simulatorPresets = () => call(wasm.simulatorPresets);

/** What the simulator does and why: `[{title, text, documented, source}]`. */
export const simulatorNotes = () => call(wasm.simulatorNotes);

/** Plans the replay of a scenario against `mediaops serve`: `{create, hangUp, steps, diagnostics,
 * authorization}`, each step `{index, pointer, summary, action}` with `action` a request
 * `{kind: "request", method, path, body, needsToken, by}` (path below the mock root, `{callId}`
 * for the call's id) or `{kind: "wait", ms}`. Throws the diagnostics of a bad scenario or callback. */
export const replayPlan = (text, version, callbackUri) => call(wasm.replayPlan, text, version, callbackUri);
