// Entry point of the full page: draws each view (views.js) at once, so the
// form is there before the wasm, then wires the view the address opens with setup() as soon as
// its wasm is in (Compose: the small first-paint module), marks the page ready, and only then
// loads the whole module and the other views, so what a visitor waits for is what they see.
import { loadFor, loadWhole } from "./core.js";
import * as compose from "./compose.js";
import * as permalink from "./permalink.js";
import { servedByMediaops } from "./target.js";
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

/** Wires one view into its panel; Decode and Teach need the whole module. */
async function setupView(name) {
  const root = document.getElementById(name);
  if (name === "compose") {
    const view = compose.setup(root, { setAddress: true });
    await view.detectServer();
    return view;
  }
  const [module] = await Promise.all([name === "decode" ? import("./decode.js") : import("./teach.js"), loadWhole()]);
  return module.setup(root, { setAddress: true });
}

function showLoadError(error, what = "The wasm module failed to load") {
  const banner = document.getElementById("load-error");
  banner.textContent = `${what}: ${error.message}`;
  banner.hidden = false;
}

async function start() {
  for (const name of PANELS) document.getElementById(name).append(instantiate(name, ""));
  // Which targets Compose offers depends on who serves the page: asked while the wasm loads.
  const detected = servedByMediaops();
  const shown = permalink.viewOf(location.hash) ?? "compose";
  try {
    await loadFor(shown);
  } catch (error) {
    showLoadError(error);
    return;
  }
  await detected;
  setupTabs();
  // Each view's promise: a link or a tab opened before a view is wired waits for it.
  const views = { [shown]: setupView(shown) };
  const openLink = async (hash) => {
    const link = await permalink.decode(hash);
    if (!link || !PANELS.includes(link.view)) return;
    views[link.view] ??= setupView(link.view);
    (await views[link.view]).open(link);
  };
  window.addEventListener("hashchange", () => openLink(location.hash));
  try {
    await views[shown];
    await openLink(location.hash);
  } catch (error) {
    showLoadError(error);
    return;
  }
  // The view the address opens is drawn with its first preview: what `cargo xtask bench`
  // reports as ready_ms. What the page fetched until now is its `page_gzip_bytes`.
  performance.mark("mediaops-ready");
  for (const name of PANELS) views[name] ??= setupView(name);
  try {
    await Promise.all(Object.values(views));
  } catch (error) {
    // The view on screen works; say what does not, and keep everything typed.
    showLoadError(error, "Part of the page failed to load (the other views and Send need the whole wasm module)");
    return;
  }
  // Every view is wired (the end-to-end tests wait for this).
  document.body.dataset.ready = "true";
}

start();
