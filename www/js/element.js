// <mediaops-playground>: one view (Compose, Decode or Teach) in its own shadow root, for
// documentation sites. One `<script type="module" src=".../js/element.js">` defines it; any number
// of elements per page, each with its own state. The wasm core is fetched once per page, when the
// first element nears the viewport (or, with load="interaction", when a person first uses one).
//
/**
 * Attributes:
 *   mode            "compose" | "decode" | "teach" (default "compose")
 *   call-id, client-context, version   Compose's initial inputs ("v1.0" | "beta")
 *   target          "simulator" (default: answered in the page, nothing sent) | "mock" (the
 *                   built-in mock, when `mediaops serve` serves the page) | "graph" | a base URL
 *   locked          Compose fields a reader cannot change: "call-id client-context version
 *                   path-style target cloud base-url timeout snippet-format"
 *   src             Decode: a same-origin URL of the sample payload (else the text of a child
 *                   <script type="application/json">)
 *   preset          Teach: the preset to open ("cancel-during-prompt", …)
 *   theme           "auto" (default: follows prefers-color-scheme and prefers-contrast) |
 *                   "light" | "dark" | "high-contrast"
 *   load            "visible" (default: when it nears the viewport) | "interaction" | "eager"
 *
 * Events (bubbling, composed; `event.detail`):
 *   mediaops-ready    {mode}
 *   mediaops-change   {mode, state}: compose {callId, clientContext, version, pathStyle, target,
 *                     cloud, baseUrl, timeoutSeconds, snippet} (never the token); decode
 *                     {payload, strict, view: "cards" | "pretty"}; teach {presetId: string | null,
 *                     scenario, clockMs, shown}
 *   mediaops-send     {mode: "compose", target: "simulator" | "mock" | "graph" | "custom",
 *                     request: {method, url, headers: [{name, value}], body} (Authorization shown
 *                     as "Bearer {token}"), response: {status, statusText, headers, body} | null,
 *                     ok, summary, failure: null | "network" | "timeout" | "aborted", elapsedMs}
 *   mediaops-decoded  {mode: "decode", decoded, inputLength}: `decoded` as decodePayload returns
 *                     it ({kind, resources, diagnostics, http?, error?, timelines})
 */
import { el } from "./dom.js";
import { instantiate } from "./views.js";

const STYLESHEET = new URL("../style.css", import.meta.url).href;

const MODES = {
  compose: () => import("./compose.js"),
  decode: () => import("./decode.js"),
  teach: () => import("./teach.js"),
};

const THEMES = ["light", "dark", "high-contrast"];

/** How far outside the viewport an element starts loading the wasm. */
const NEAR = "300px";

/** Instances made so far on this page: each gets its own id prefix. */
let made = 0;

/** The wasm core with what `mode` needs, each module loaded once per page however many elements ask. */
let core = null;
async function loadCore(mode) {
  core ??= import("./core.js");
  const module = await core;
  await module.loadFor(mode);
  return module;
}

/** The Compose options an element's attributes give. */
function composeOptions(host) {
  const initial = {};
  const attribute = (name) => host.getAttribute(name) ?? undefined;
  initial.callId = attribute("call-id");
  initial.clientContext = attribute("client-context");
  initial.version = attribute("version");
  const target = (attribute("target") ?? "simulator").trim();
  if (/^https?:\/\//i.test(target)) Object.assign(initial, { target: "custom", baseUrl: target });
  else if (target === "graph") initial.target = "graph";
  else initial.target = "simulator";
  return { initial, locked: (attribute("locked") ?? "").split(/\s+/).filter(Boolean), detect: target === "mock" };
}

/** The sample payload: the `src` URL's text (same origin only) or the inline JSON child's. */
async function samplePayload(host) {
  const src = host.getAttribute("src");
  if (src) {
    const url = new URL(src, document.baseURI);
    if (url.origin !== location.origin) throw new Error(`src ${url.href} is not on this page's origin (${location.origin}); the sample was not loaded`);
    const response = await fetch(url, { credentials: "same-origin", redirect: "error" });
    if (!response.ok) throw new Error(`src ${url.href} answered HTTP ${response.status}`);
    return response.text();
  }
  const inline = host.querySelector(":scope > script[type='application/json']");
  return inline ? inline.textContent.replace(/^\s*\n/, "").replace(/\s+$/, "\n") : undefined;
}

export class MediaopsPlayground extends HTMLElement {
  static observedAttributes = ["theme"];

  #root = null;
  #started = null;
  #view = null;
  #media = [];

  /** The view this element shows. */
  get mode() {
    const mode = this.getAttribute("mode") ?? "compose";
    // Own keys only: `constructor` or `__proto__` are properties of every object, not views.
    return Object.hasOwn(MODES, mode) ? mode : "compose";
  }

  connectedCallback() {
    if (this.#root) return;
    made += 1;
    const instance = `mediaops-${made}`;
    this.dataset.instance = instance;
    const shadow = this.attachShadow({ mode: "open" });
    // Focusable (not in the Tab order) so that a click anywhere inside puts the focus in the
    // element: Teach's keys are heard only while it is inside.
    this.#root = el("div", { class: "mediaops", "data-mode": this.mode, tabindex: "-1" });
    this.#root.append(
      el("p", { class: "embed-status hint", role: "status" }, "The playground loads when you reach it."),
      instantiate(this.mode, `${instance}-`),
    );
    shadow.append(el("link", { rel: "stylesheet", href: STYLESHEET }), this.#root);
    this.#applyTheme();
    for (const query of ["(prefers-color-scheme: dark)", "(prefers-contrast: more)"]) {
      const media = matchMedia(query);
      media.addEventListener("change", () => this.#applyTheme());
      this.#media.push(media);
    }
    this.#scheduleLoad();
  }

  attributeChangedCallback() {
    if (this.#root) this.#applyTheme();
  }

  /** The theme the attribute asks for; `auto` follows the reader's system settings. */
  #applyTheme() {
    const asked = this.getAttribute("theme");
    const theme = THEMES.includes(asked)
      ? asked
      : matchMedia("(prefers-contrast: more)").matches
        ? "high-contrast"
        : matchMedia("(prefers-color-scheme: dark)").matches
          ? "dark"
          : "light";
    this.#root.dataset.theme = theme;
  }

  #scheduleLoad() {
    const how = this.getAttribute("load");
    if (how === "eager") return void this.start();
    const start = () => this.start();
    for (const type of ["focusin", "pointerdown", "keydown"]) this.addEventListener(type, start, { once: true });
    if (how === "interaction") {
      this.#root.querySelector(".embed-status").textContent = "The playground loads when you use it.";
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          start();
        }
      },
      { rootMargin: NEAR },
    );
    observer.observe(this);
  }

  /** Loads the wasm (once per page) and wires the view; resolves when it is ready. */
  start() {
    this.#started ??= this.#setup();
    return this.#started;
  }

  async #setup() {
    const status = this.#root.querySelector(".embed-status");
    status.textContent = "Loading the playground…";
    const mode = this.mode;
    try {
      const [, module] = await Promise.all([loadCore(mode), MODES[mode]()]);
      const permalink = await import("./permalink.js");
      const options = {
        prefix: `${this.dataset.instance}-`,
        // Descriptors, not a spread: a large paste's `decoded` is a getter that parses the whole
        // decoding only when a listener reads it.
        emit: (name, detail) =>
          this.#emit(name, name === "change" ? { mode, state: detail } : Object.defineProperties({ mode }, Object.getOwnPropertyDescriptors(detail))),
        linkExtra: this.id ? { el: this.id } : {},
        setAddress: false,
        keyTarget: this.#root,
        presenterTarget: this.#root,
      };
      let detect = false;
      if (mode === "compose") {
        const given = composeOptions(this);
        Object.assign(options, { initial: given.initial, locked: given.locked });
        detect = given.detect;
      } else if (mode === "decode") {
        options.initial = { payload: await samplePayload(this) };
      } else {
        options.initial = { presetId: this.getAttribute("preset") ?? undefined };
      }
      const view = await module.setup(this.#root, options);
      this.#view = view;
      if (detect) await view.detectServer();
      const link = await permalink.decode(location.hash);
      if (link && this.#isLinkedHere(link)) await view.open(link);
      status.hidden = true;
      status.textContent = "";
      this.dataset.ready = "true";
      this.#emit("ready", { mode });
    } catch (error) {
      status.className = "embed-status failure";
      status.setAttribute("role", "alert");
      status.textContent = `The playground could not start: ${error.message}`;
    }
  }

  /** A link is for this element when it names its id (`el=`), or names no element and this is the
   * first element of its view on the page. */
  #isLinkedHere(link) {
    if (link.view !== this.mode) return false;
    const named = link.params?.get("el");
    if (named) return named === this.id;
    return [...document.querySelectorAll("mediaops-playground")].find((other) => other.mode === this.mode) === this;
  }

  #emit(name, detail) {
    this.dispatchEvent(new CustomEvent(`mediaops-${name}`, { detail, bubbles: true, composed: true }));
  }

  /** The view's whole state (as `mediaops-change` reports it), or null before it has loaded. */
  get state() {
    return this.#view?.state() ?? null;
  }
}

if (!customElements.get("mediaops-playground")) customElements.define("mediaops-playground", MediaopsPlayground);
