// The iframe alternative to <mediaops-playground>, for sites that cannot run our script:
// `embed.html#<view>?v=1&…&parent=<origin>` shows one view (a permalink fragment: compose, decode
// or teach and its state) and talks to the page that frames it by a small versioned postMessage
// protocol. Every message is `{mediaops: 1, type, …}`.
//
//   frame → parent   ready          {view, state}            once the view is wired
//                    state-changed  {view, state, link}       after init and after every change;
//                                                             `link` is the permalink fragment
//                    resize         {height}                  the document's height in CSS px
//                    error          {message}                 an init or a version it refused
//   parent → frame   init           {allowedOrigins?, theme?, state?}   `state`: a permalink fragment
//                    theme          {theme}                   auto | light | dark | high-contrast
//
// Who may talk to it: the first `init` must come from the frame's parent window, from the origin
// the fragment names in `parent=` (exact, e.g. `https://docs.example`) or, without one, the
// origin of `document.referrer`; no such origin, no messages at all. `init.allowedOrigins` adds
// exact origins whose windows may send `theme` afterwards (the parent's is always on the list).
// Every other message (another origin, before init, a second init, a malformed one) is ignored
// and only counted (`data-ignored-messages` on <html>). The frame posts to its parent only, with
// that exact origin as targetOrigin (never "*"), and never posts the token: a view's state never
// holds it, and `post` refuses a message in which the token's text appears.
import { loadFor } from "./core.js";
import * as permalink from "./permalink.js";
import { instantiate } from "./views.js";

/** The protocol version this frame speaks. */
export const PROTOCOL = 1;

const VIEWS = {
  compose: () => import("./compose.js"),
  decode: () => import("./decode.js"),
  teach: () => import("./teach.js"),
};

const THEMES = ["auto", "light", "dark", "high-contrast"];

/** `text` when it is exactly an http(s) origin (an optional final `/` allowed), else null. */
export function exactOrigin(text) {
  if (typeof text !== "string") return null;
  let url;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  return text === url.origin || text === `${url.origin}/` ? url.origin : null;
}

/** The origin the first init must come from: `parent=` when the fragment has one (an invalid
 * one means none), else the referrer's origin; null when there is neither. */
export function expectedParent(params, referrer) {
  if (params.has("parent")) return exactOrigin(params.get("parent"));
  if (!referrer) return null;
  try {
    return new URL(referrer).origin;
  } catch {
    return null;
  }
}

/** The protocol's rules without the DOM: `admit(event, parentWindow)` answers the message to act
 * on (`{type, …}`), `{reply: message}` for an error to post back, or null to ignore it. */
export function createGate(expected) {
  let allowed = null;
  return {
    admit(event, parentWindow) {
      const data = event.data;
      if (expected === null || data === null || typeof data !== "object" || !("mediaops" in data)) return null;
      const fromParent = event.source === parentWindow && event.origin === expected;
      const mayTalk = fromParent || (allowed !== null && allowed.has(event.origin));
      if (!mayTalk) return null;
      if (data.mediaops !== PROTOCOL) {
        return { reply: { type: "error", message: `protocol version ${JSON.stringify(data.mediaops)} is not supported; this frame speaks ${PROTOCOL}` } };
      }
      if (data.type === "init") {
        if (allowed !== null || !fromParent) return null;
        const origins = data.allowedOrigins ?? [];
        if (!Array.isArray(origins) || origins.some((o) => exactOrigin(o) === null)) {
          return { reply: { type: "error", message: "init: allowedOrigins must be a list of exact origins such as https://docs.example (no * and no paths)" } };
        }
        if (data.theme !== undefined && !THEMES.includes(data.theme)) {
          return { reply: { type: "error", message: `init: theme must be one of ${THEMES.join(", ")}` } };
        }
        if (data.state !== undefined && typeof data.state !== "string") {
          return { reply: { type: "error", message: "init: state must be a permalink fragment (a string such as #decode?v=1&…)" } };
        }
        allowed = new Set([expected, ...origins.map(exactOrigin)]);
        return { type: "init", theme: data.theme, state: data.state };
      }
      if (allowed === null) return null;
      if (data.type === "theme" && THEMES.includes(data.theme)) return { type: "theme", theme: data.theme };
      return null;
    },
  };
}

/** The theme to show for `asked`: `auto` follows the reader's contrast and colour settings. */
function resolveTheme(asked) {
  if (asked && asked !== "auto") return asked;
  if (matchMedia("(prefers-contrast: more)").matches) return "high-contrast";
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

async function start() {
  const root = document.getElementById("embed");
  const status = document.getElementById("embed-status");
  const hash = location.hash;
  const view = permalink.viewOf(hash) ?? "compose";
  const params = new URLSearchParams(hash.includes("?") ? hash.slice(hash.indexOf("?") + 1) : "");
  const expected = window.parent !== window ? expectedParent(params, document.referrer) : null;
  // What is left without `parent=` is the view's own permalink, if anything.
  params.delete("parent");
  const ownLink = params.size ? `#${view}?${params}` : null;
  const gate = createGate(expected);
  let theme = "auto";
  const applyTheme = () => {
    root.dataset.theme = resolveTheme(theme);
  };
  applyTheme();
  for (const query of ["(prefers-color-scheme: dark)", "(prefers-contrast: more)"]) {
    matchMedia(query).addEventListener("change", applyTheme);
  }

  let ignored = 0;
  const ignore = () => {
    ignored += 1;
    document.documentElement.dataset.ignoredMessages = String(ignored);
  };
  document.documentElement.dataset.ignoredMessages = "0";

  root.dataset.mode = view;
  root.append(instantiate(view, ""));
  let wired = null;
  const token = () => root.querySelector("#token")?.value ?? "";
  /** Posts to the parent at its exact origin; a message holding the token's text is not posted. */
  const post = (message) => {
    if (expected === null) return;
    const text = JSON.stringify(message);
    const secret = token();
    if (secret && text.includes(secret)) return;
    window.parent.postMessage({ mediaops: PROTOCOL, ...message }, expected);
  };
  let initialised = false;
  const stateChanged = async () => {
    if (!initialised || !wired) return;
    post({ type: "state-changed", view, state: wired.state(), link: await wired.fragment() });
  };

  let lastHeight = -1;
  const reportHeight = () => {
    const height = Math.ceil(document.documentElement.scrollHeight);
    if (!initialised || height === lastHeight) return;
    lastHeight = height;
    post({ type: "resize", height });
  };
  new ResizeObserver(() => requestAnimationFrame(reportHeight)).observe(document.body);

  const pending = [];
  const act = async (message) => {
    if (message.type === "init") {
      if (message.theme) theme = message.theme;
      applyTheme();
      if (message.state) {
        const link = await permalink.decode(message.state);
        if (link && link.view !== view) post({ type: "error", message: `init: state is a ${link.view} link; this frame shows ${view}` });
        else if (link) await wired.open(link);
      }
      initialised = true;
      await stateChanged();
      reportHeight();
    } else if (message.type === "theme") {
      theme = message.theme;
      applyTheme();
    }
  };
  window.addEventListener("message", (event) => {
    const verdict = gate.admit(event, window.parent);
    if (verdict === null) return ignore();
    if (verdict.reply) return post(verdict.reply);
    // Messages that arrive while the wasm loads wait for the view, in order.
    if (wired) act(verdict);
    else pending.push(verdict);
  });

  try {
    const [, module] = await Promise.all([loadFor(view), VIEWS[view]()]);
    wired = await module.setup(root, {
      prefix: "",
      setAddress: false,
      keyTarget: document,
      presenterTarget: root,
      emit: (name) => {
        if (name === "change") stateChanged();
      },
    });
    const link = ownLink && (await permalink.decode(ownLink));
    if (link) await wired.open(link);
    status.hidden = true;
    root.dataset.ready = "true";
    post({ type: "ready", view, state: wired.state() });
    for (const message of pending.splice(0)) await act(message);
  } catch (error) {
    status.className = "failure";
    status.setAttribute("role", "alert");
    status.textContent = `The playground could not start: ${error.message}`;
  }
}

start();
