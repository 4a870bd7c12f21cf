// Entry point: load the wasm core once, then wire each view.
import { load } from "./core.js";
import * as compose from "./compose.js";

async function start() {
  try {
    await load();
  } catch (error) {
    const banner = document.getElementById("load-error");
    banner.textContent = `The wasm module failed to load: ${error.message}`;
    banner.hidden = false;
    return;
  }
  compose.setup();
  document.body.dataset.ready = "true";
}

start();
