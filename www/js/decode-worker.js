// The Decode view's worker: large pastes are decoded here, off the page's thread, so typing,
// scrolling and the rest of the page stay responsive. Like every wasm call, through core.js.
import * as core from "./core.js";

const loaded = core.loadWhole();

self.onmessage = async ({ data }) => {
  const { id, text, strict, pretty } = data;
  try {
    await loaded;
    self.postMessage({ id, decoded: core.decodeText(text, strict, pretty) });
  } catch (error) {
    self.postMessage({ id, error: { message: error.message, diagnostics: error.diagnostics } });
  }
};
