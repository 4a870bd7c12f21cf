// The one wrapper every wasm call goes through: loads the modules once and turns what they
// throw into MediaopsError, so views handle a single error shape.
// Two modules: `mediaops_compose` holds only what Compose's form and preview need (builder,
// snippets, token, failure explanations) and is what a page waits for before it is usable; the
// whole module (`mediaops`: decoder, simulator, fetch, everything) is imported when first needed.
// Both are dynamic imports, so a page fetches only the module its views need.

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

/** The loaded modules: `first` (Compose's first paint) and `whole`, each null until loaded. */
const loaded = { first: null, whole: null };
/** Each slot's load in flight or done. */
const loading = { first: undefined, whole: undefined };

/** Imports and initialises a module into `slot`, once. A failed fetch (offline, a blocked URL) is
 * not remembered: the next call tries again. */
function loadInto(slot, importer) {
  loading[slot] ??= importer()
    .then(async (module) => {
      await module.default();
      loaded[slot] = module;
    })
    .catch((error) => {
      loading[slot] = undefined;
      throw error;
    });
  return loading[slot];
}

const loadFirstPaint = () => loadInto("first", () => import("../pkg/mediaops_compose.js"));

/** Loads what Compose's form and preview need (once): the small module, or the whole one when it
 * is already loading, since it exports everything the small one does (the small one if that fails). */
export function load() {
  if (loading.first || !loading.whole) return loadFirstPaint();
  return loading.whole.catch(loadFirstPaint);
}

/** Loads the whole module (once): the Decode and Teach views, a Send. */
export const loadWhole = () => loadInto("whole", () => import("../pkg/mediaops.js"));

/** Loads the whole crate built for speed in its place (once): what the decode worker decodes
 * large pastes with, the only place that fetches it. */
export const loadFast = () => loadInto("whole", () => import("../pkg/mediaops_fast.js"));

/** Loads what a view needs before its setup: Compose the first-paint module, the others the whole. */
export function loadFor(view) {
  return view === "compose" ? load() : loadWhole();
}

/** A function of the first-paint module, from whichever loaded module has it. */
const first = (name) => (...args) => {
  const module = loaded.whole ?? loaded.first;
  if (!module) throw new MediaopsError({ message: `internal: ${name} called before core.load()` });
  return module[name](...args);
};

/** A function only the whole module has. */
const whole = (name) => (...args) => {
  if (!loaded.whole) throw new MediaopsError({ message: `internal: ${name} called before core.loadWhole()` });
  return loaded.whole[name](...args);
};

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (error) {
    throw error instanceof MediaopsError ? error : new MediaopsError(error);
  }
}

async function callAsync(fn, ...args) {
  try {
    return await fn(...args);
  } catch (error) {
    throw error instanceof MediaopsError ? error : new MediaopsError(error);
  }
}

/** Builds the exact request: `{input, request: {method, url, headers, body}, diagnostics}`. */
export const buildRequest = (input) => call(first("buildRequest"), input);

/** Decodes a fetched response. */
export const decodeResponse = (status, headers, body) =>
  call(whole("decodeResponse"), status, headers, body);

/** Sends the request with the token (kept in memory) and resolves to the response and its decoding. */
export const sendRequest = (input, token, signal) =>
  callAsync(whole("sendRequest"), input, token, signal);

/** Decodes anything pasted; problems come back as `diagnostics`, never as a throw. `pretty` also
 * returns the body re-indented. */
export const decodeText = (text, strict, pretty) => call(whole("decodePayload"), text, strict, pretty);

/** `decodeText`'s result as its JSON text (what the decode worker hands the page). */
export const decodeTextJson = (text, strict, pretty) => call(whole("decodePayloadJson"), text, strict, pretty);

/** What the Decode view draws of a paste: the first `shown` resources, timelines and diagnostics
 * with the counts of each (`resourceCount`, `diagnosticCounts`, ...). `onFirst(early)`, if given,
 * gets the first resources as soon as they are decoded, before the rest of a large batch. */
export const decodeOverview = (text, strict, pretty, shown, onFirst) =>
  call(whole("decodeOverview"), text, strict, pretty, shown, onFirst);

/** Redacts a payload for sharing: `{text, replacements, summary}` (tokens, recording URLs,
 * tenant ids and GUIDs replaced by placeholders, consistently; nothing else changed). */
export const redactText = (text) => call(whole("redactPayload"), text);

/** Decodes a bearer token locally at the page's clock; `cloud` is the Graph it goes to, if any. */
export const decodeToken = (token, nowSeconds, cloud) => call(first("decodeToken"), token, nowSeconds, cloud);

/** Explains an answer: summary, Location verdict, Retry-After, support-ticket ids. `tokenState` is
 * `none`, `decoded` or `unreadable` (what the token panel could make of the token sent). */
export const explainResponse = (url, pageOrigin, response, tokenState) =>
  call(whole("explainResponse"), url, pageOrigin, response, tokenState);

/** Explains a send without an answer; `kind` is `network`, `timeout` or `aborted`. */
export const explainFailure = (kind, url, pageOrigin, timeoutMs, detail) =>
  call(first("explainFailure"), kind, url, pageOrigin, timeoutMs, detail);

/** The snippet formats: `[{id, label}]`. */
export const snippetFormats = () => call(first("snippetFormats"));

/** The request built from `input` as a snippet in `format`. */
export const renderSnippet = (input, format) => call(first("renderSnippet"), input, format);

/** The request built from `input` as a REST Client `.http` file. */
export const exportRestClient = (input) => call(first("exportRestClient"), input);

/** The last exchange as HAR 1.2 JSON, token redacted. */
export const exportHar = (exchange) => call(whole("exportHar"), exchange);

/** The mock's reserved call ids: `[{callId, fault, label}]`. */
export const mockScenarios = () => call(first("mockScenarios"));

/** What the docs get wrong or leave unsaid: `[{title, text}]`. */
export const teachingNotes = () => call(first("teachingNotes"));

/** Graph's answer to `method url` with `[{name, value}]` headers and `body`, computed in the page by
 * the mock's own code (faults and reserved call ids included): `{status, statusText, headers, body,
 * decoded, delayMs}`; the caller waits `delayMs`. Nothing is sent anywhere. */
export const simulateSend = (method, url, headers, body, nowSeconds) =>
  call(whole("simulateSend"), method, url, headers, body, nowSeconds);

/** Compose's Send to the in-page simulator: the request built from `input`, with the token in its
 * Authorization header checked as `sendRequest` checks it, answered as `simulateSend` answers. */
export const simulateRequest = (input, token, nowSeconds) =>
  call(whole("simulateRequest"), input, token, nowSeconds);

/** Runs a scenario (the JSON text of steps) with `{seed, version, callId}`: `{callId, version, endMs,
 * events, operations, diagnostics}`; a bad scenario comes back as diagnostics, never as a throw. */
export const simulateScenario = (text, options) => call(whole("simulateScenario"), text, options);

/** The simulator's ready-made scenarios: `[{id, title, description, scenario}]`. */
export const simulatorPresets = () => call(whole("simulatorPresets"));

/** What the simulator does and why: `[{title, text, documented, source}]`. */
export const simulatorNotes = () => call(whole("simulatorNotes"));

/** Plans the replay of a scenario against `mediaops serve`: `{create, hangUp, steps, diagnostics,
 * authorization}`, each step `{index, pointer, summary, action}` with `action` a request
 * `{kind: "request", method, path, body, needsToken, by}` (path below the mock root, `{callId}`
 * for the call's id) or `{kind: "wait", ms}`. Throws the diagnostics of a bad scenario or callback. */
export const replayPlan = (text, version, callbackUri) => call(whole("replayPlan"), text, version, callbackUri);
