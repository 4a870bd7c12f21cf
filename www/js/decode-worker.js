// The Decode view's worker: large pastes are decoded here, off the page's thread, so typing,
// scrolling and the rest of the page stay responsive. Like every wasm call, through core.js.
// Three answers per paste, each as soon as it exists: the first cards (`first`), what the view
// draws (`overview`: counts and the first items), then the whole decoding as JSON text (`json`,
// for "Copy decoded JSON" and the `mediaops-decoded` event).
import * as core from "./core.js";

// The speed-built module: a worker only ever decodes pastes of 500,000 characters or more. It uses
// wasm SIMD; a browser without it gets the whole module, which does not.
const loaded = core.loadFast().catch(() => core.loadWhole());

self.onmessage = async ({ data }) => {
  const { id, text, strict, pretty, shown } = data;
  try {
    await loaded;
    const overview = core.decodeOverview(text, strict, pretty, shown, (first) => self.postMessage({ id, first }));
    self.postMessage({ id, overview });
    self.postMessage({ id, json: core.decodeTextJson(text, strict, pretty) });
  } catch (error) {
    self.postMessage({ id, error: { message: error.message, diagnostics: error.diagnostics } });
  }
};
