// Entry point: load the wasm core once, then wire each view.
import { load } from "./core.js";
import * as compose from "./compose.js";
import * as decode from "./decode.js";
import { detect } from "./target.js";
import * as teach from "./teach.js";
import { isTeachHash } from "./teach-share.js";

/** Shows one view; the choice is kept in the URL hash so a link can open the Decode view. */
function showTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.getAttribute("aria-controls") === name;
    tab.setAttribute("aria-selected", String(selected));
    document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
  }
}

function setupTabs() {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    tab.addEventListener("click", () => {
      const name = tab.getAttribute("aria-controls");
      showTab(name);
      history.replaceState(null, "", `#${name}`);
    });
  }
  if (location.hash === "#decode") showTab("decode");
  if (isTeachHash(location.hash)) showTab("teach");
  // A Teach share link pasted into this tab's address bar opens the Teach view.
  window.addEventListener("hashchange", () => isTeachHash(location.hash) && showTab("teach"));
}

async function start() {
  // Which targets Compose offers depends on who serves the page: asked while the wasm loads.
  const detected = detect();
  try {
    await load();
  } catch (error) {
    const banner = document.getElementById("load-error");
    banner.textContent = `The wasm module failed to load: ${error.message}`;
    banner.hidden = false;
    return;
  }
  await detected;
  setupTabs();
  compose.setup();
  decode.setup();
  await teach.setup();
  document.body.dataset.ready = "true";
  // The form and its first preview are drawn: what `cargo xtask bench` reports as ready_ms.
  performance.mark("mediaops-ready");
}

start();
