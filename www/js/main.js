// Entry point of the full page: draws each view from its template (views.js) at once, so the
// form is there before the wasm, then loads the wasm core once and wires each view with setup().
import { load } from "./core.js";
import * as compose from "./compose.js";
import * as decode from "./decode.js";
import * as permalink from "./permalink.js";
import { servedByMediaops } from "./target.js";
import * as teach from "./teach.js";
import { instantiate } from "./views.js";

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
  const linked = permalink.viewOf(location.hash);
  if (linked) showTab(linked);
  // A permalink pasted into this tab's address bar opens its view.
  window.addEventListener("hashchange", () => {
    const view = permalink.viewOf(location.hash);
    if (view) showTab(view);
  });
}

/** The full page's views, each drawn into its tab panel with unprefixed ids. */
const PANELS = ["compose", "decode", "teach"];

async function start() {
  for (const name of PANELS) document.getElementById(name).append(instantiate(name, ""));
  // Which targets Compose offers depends on who serves the page: asked while the wasm loads.
  const detected = servedByMediaops();
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
  const views = {
    compose: compose.setup(document.getElementById("compose"), { setAddress: true }),
    decode: decode.setup(document.getElementById("decode"), { setAddress: true }),
    teach: teach.setup(document.getElementById("teach"), { setAddress: true }),
  };
  await views.compose.detectServer();
  const openLink = async (hash) => {
    const link = await permalink.decode(hash);
    if (link && views[link.view]) views[link.view].open(link);
  };
  await openLink(location.hash);
  window.addEventListener("hashchange", () => openLink(location.hash));
  document.body.dataset.ready = "true";
  // The form and its first preview are drawn: what `cargo xtask bench` reports as ready_ms.
  performance.mark("mediaops-ready");
}

start();
