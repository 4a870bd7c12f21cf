// The in-page half of `cargo xtask bench` (served only from target/bench/site, never shipped):
// the page's own wasm decoder and the browser's JSON.parse on the same batch, in the same page,
// interleaved so both see the same machine; then 1,000 cards drawn by the page's renderer.
// The decoder is timed as the Decode view's worker uses it: `decodeOverview`, what the view draws
// (every count, the first 200 cards); the whole decoding as objects (`decodeText`) is timed too.
import * as core from "../js/core.js";
import { resourceCard } from "../js/render.js";

const RUNS = 5;
/** The cards the Decode view draws (decode.js's SHOWN). */
const SHOWN = 200;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** What a page would do without the wasm core: JSON.parse, per-type/per-status counts, 100 card rows. */
function parseAndWalk(text) {
  const document = JSON.parse(text);
  const byType = new Map();
  const byStatus = new Map();
  const rows = [];
  let count = 0;
  for (const notification of document.value ?? []) {
    const data = notification?.resourceData ?? {};
    const type = String(data["@odata.type"] ?? "unknown").replace(/^#?microsoft\.graph\./, "");
    const status = data.status ?? data.state ?? "none";
    byType.set(type, (byType.get(type) ?? 0) + 1);
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (rows.length < 100) {
      rows.push({
        type,
        status,
        id: data.id,
        changeType: notification.changeType,
        clientContext: data.clientContext,
        resultInfo: data.resultInfo ? `${data.resultInfo.code}/${data.resultInfo.subcode}` : null,
      });
    }
    count += 1;
  }
  return { count, byType, byStatus, rows };
}

/** The Decode view's own worker on a 50 MB paste, as the view hands it over: milliseconds from
 * the hand-over to its first 200 cards drawn here, and to the overview (every count). */
async function largePaste(cards) {
  const response = await fetch("large.json");
  if (!response.ok) throw new Error(`large.json: HTTP ${response.status}`);
  const text = await response.text();
  const worker = new Worker(new URL("../js/decode-worker.js", import.meta.url), { type: "module" });
  let next = 0;
  const decode = (text) =>
    new Promise((resolve, reject) => {
      const id = next++;
      const started = performance.now();
      const times = {};
      worker.onmessage = ({ data }) => {
        if (data.id !== id) return;
        if (data.error) return reject(new Error(data.error.message));
        if (data.first) {
          cards.replaceChildren(...data.first.resources.map((resource) => resourceCard(resource, () => {})));
          cards.offsetHeight;
          times.first = performance.now() - started;
        } else if (data.overview) {
          times.overview = performance.now() - started;
          times.count = data.overview.resourceCount;
        } else resolve(times);
      };
      worker.postMessage({ id, text, strict: false, pretty: false, shown: SHOWN });
    });
  // The worker's module loaded and compiled first, as a page that has decoded once has it.
  await decode('{"value":[]}');
  const first = [];
  const overview = [];
  let count = 0;
  for (let run = 0; run < 3; run++) {
    const times = await decode(text);
    first.push(times.first);
    overview.push(times.overview);
    count = times.count;
  }
  worker.terminate();
  return { bytes: new TextEncoder().encode(text).length, count, first: median(first), overview: median(overview) };
}

function time(fn) {
  const started = performance.now();
  const result = fn();
  return [performance.now() - started, result];
}

async function run() {
  // The batch is a large paste: the Decode view decodes it in its worker, with this module.
  await core.loadFast();
  // The same module instance core.js loaded (init returns its exports once initialised): its
  // linear memory never shrinks, so its size after the decodings is their peak.
  const { memory } = await (await import("../pkg/mediaops_fast.js")).default();
  const response = await fetch("batch.json");
  if (!response.ok) throw new Error(`batch.json: HTTP ${response.status}`);
  const text = await response.text();
  const bytes = new TextEncoder().encode(text).length;
  // Warm both paths (wasm compiled, JIT warm) before timing.
  let decoded = core.decodeText(text, false, false);
  let overview = core.decodeOverview(text, false, false, SHOWN);
  const walked = parseAndWalk(text);
  if (decoded.resources.length !== walked.count || decoded.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`the decoder saw ${decoded.resources.length} resources, JSON.parse ${walked.count}`);
  }
  if (overview.resourceCount !== walked.count || overview.resources.length !== SHOWN) {
    throw new Error(`the overview counted ${overview.resourceCount} resources and kept ${overview.resources.length}`);
  }
  const wasmMs = [];
  const wholeMs = [];
  const jsMs = [];
  for (let run = 0; run < RUNS; run++) {
    let ms;
    [ms, overview] = time(() => core.decodeOverview(text, false, false, SHOWN));
    wasmMs.push(ms);
    [ms] = time(() => parseAndWalk(text));
    jsMs.push(ms);
    [ms, decoded] = time(() => core.decodeText(text, false, false));
    wholeMs.push(ms);
  }
  const cards = document.getElementById("cards");
  const resources = decoded.resources.slice(0, 1000);
  const renderMs = [];
  for (let run = 0; run < RUNS; run++) {
    cards.replaceChildren();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const [ms] = time(() => {
      cards.append(...resources.map((resource) => resourceCard(resource, () => {})));
      // Reading a layout property makes the browser do the style and layout work now.
      return cards.offsetHeight;
    });
    renderMs.push(ms);
  }
  const large = await largePaste(cards);
  return {
    bytes,
    notifications: walked.count,
    decode_ms_wasm: median(wasmMs),
    decode_whole_ms_wasm: median(wholeMs),
    decode_ms_js_baseline: median(jsMs),
    decode_peak_wasm_memory_bytes: memory.buffer.byteLength,
    render_1000_ms: median(renderMs),
    large_paste_bytes: large.bytes,
    large_paste_notifications: large.count,
    large_paste_first_cards_ms: large.first,
    large_paste_overview_ms: large.overview,
    cards: cards.children.length,
  };
}

window.mediaopsBench = () =>
  run().then(
    (result) => JSON.stringify(result),
    (error) => JSON.stringify({ error: String(error?.stack ?? error) }),
  );
