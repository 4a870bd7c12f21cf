// The in-page half of `cargo xtask bench` (served only from target/bench/site, never shipped):
// the page's own wasm decoder and the browser's JSON.parse on the same batch, in the same page,
// interleaved so both see the same machine; then 1,000 cards drawn by the page's renderer.
import * as core from "../js/core.js";
import { resourceCard } from "../js/render.js";

const RUNS = 5;

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
  const walked = parseAndWalk(text);
  if (decoded.resources.length !== walked.count || decoded.diagnostics.some((d) => d.severity === "error")) {
    throw new Error(`the decoder saw ${decoded.resources.length} resources, JSON.parse ${walked.count}`);
  }
  const wasmMs = [];
  const jsMs = [];
  for (let run = 0; run < RUNS; run++) {
    let ms;
    [ms, decoded] = time(() => core.decodeText(text, false, false));
    wasmMs.push(ms);
    [ms] = time(() => parseAndWalk(text));
    jsMs.push(ms);
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
  return {
    bytes,
    notifications: walked.count,
    decode_ms_wasm: median(wasmMs),
    decode_ms_js_baseline: median(jsMs),
    decode_peak_wasm_memory_bytes: memory.buffer.byteLength,
    render_1000_ms: median(renderMs),
    cards: cards.children.length,
  };
}

window.mediaopsBench = () =>
  run().then(
    (result) => JSON.stringify(result),
    (error) => JSON.stringify({ error: String(error?.stack ?? error) }),
  );
