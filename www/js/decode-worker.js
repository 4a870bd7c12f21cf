// The Decode view's worker: large pastes are decoded here, off the page's thread, so typing,
// scrolling and the rest of the page stay responsive. Like every wasm call, through core.js.
import * as core from "./core.js";

// The speed-built module: a worker only ever decodes pastes of 500,000 characters or more.
const loaded = core.loadFast();

self.onmessage = async ({ data }) => {
  const { id, text, strict, pretty } = data;
  try {
    await loaded;
    self.postMessage({ id, decoded: core.decodeText(text, strict, pretty) });
  } catch (error) {
    self.postMessage({ id, error: { message: error.message, diagnostics: error.diagnostics } });
  }
};
