// Where a request goes: the in-page simulator, the built-in mock of `mediaops serve`, Microsoft
// Graph in a national cloud, or a custom base URL. Everything target-specific lives here.
// The built-in mock is offered only when `GET /.well-known/mediaops` proves that `mediaops serve`
// serves this page: on any other host, whatever answers /graph on the page's origin would get the
// token, so the default there is the simulator, which sends nothing anywhere.
import * as core from "./core.js";

const $ = (id) => document.getElementById(id);

/** How long the page waits for `/.well-known/mediaops` before deciding it is static hosting. */
const DETECT_TIMEOUT_MS = 3000;

/** Resolves after `ms`, or rejects as fetch does when `signal` aborts first. */
function wait(ms, signal) {
  return new Promise((resolve, reject) => {
    const aborted = () => reject(new DOMException("The operation was aborted.", "AbortError"));
    if (signal?.aborted) return aborted();
    if (!(ms > 0)) return resolve();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      aborted();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** The targets the page offers, keyed by the value of the #target select. */
const TARGETS = {
  simulator: {
    /** The request is built for the global Graph: the simulator answers as Graph would. */
    inputs: () => ({ cloud: "global", baseUrl: "" }),
    describe: () => "the in-page simulator",
    /** The simulator accepts any non-empty token, so the token is not judged as a Graph token. */
    graphCloud: () => undefined,
    /** The token never leaves the page, so nothing to ask. */
    tokenConsent: () => null,
    send: async (input, token, signal) => {
      const response = core.simulateRequest(input, token, Date.now() / 1000);
      // The slow faults wait here, where Abort and the timeout can cut them short.
      await wait(response.delayMs, signal);
      return response;
    },
  },
  mock: {
    /** The mock answers on the page's own origin when `mediaops serve` serves it. */
    inputs: () => ({ baseUrl: `${location.origin}/graph` }),
    describe: () => "the built-in mock",
    graphCloud: () => undefined,
    /** Sending a token to the mock never asks. */
    tokenConsent: () => null,
    send: (input, token, signal) => core.sendRequest(input, token, signal),
  },
  graph: {
    inputs: () => ({ cloud: $("cloud").value, baseUrl: "" }),
    describe: () => $("cloud").selectedOptions[0]?.textContent ?? "Microsoft Graph",
    graphCloud: () => $("cloud").value,
    tokenConsent: () => null,
    send: (input, token, signal) => core.sendRequest(input, token, signal),
  },
  custom: {
    inputs: () => ({ baseUrl: $("base-url").value }),
    describe: () => $("base-url").value.trim() || "a custom base URL",
    graphCloud: () => undefined,
    /** A custom host is not Graph: the user confirms before a token goes there. */
    tokenConsent: () => originOf($("base-url").value),
    send: (input, token, signal) => core.sendRequest(input, token, signal),
  },
};

function originOf(url) {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return url.trim();
  }
}

let servedByMediaops = false;

/** True once `detect` found `mediaops serve` behind this page. */
export function isServedByMediaops() {
  return servedByMediaops;
}

/** Asks the page's origin whether it is `mediaops serve`; only then is the built-in mock offered
 * (and chosen by default). Any failure, a timeout or another answer means static hosting. */
export async function detect() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), DETECT_TIMEOUT_MS);
  try {
    const response = await fetch(new URL("/.well-known/mediaops", location.origin), {
      cache: "no-store",
      credentials: "omit",
      redirect: "error",
      signal: controller.signal,
    });
    const about = response.ok ? await response.json() : null;
    servedByMediaops = about?.name === "mediaops";
  } catch {
    servedByMediaops = false;
  } finally {
    clearTimeout(timer);
  }
  const mock = $("target").querySelector("option[value=mock]");
  mock.disabled = !servedByMediaops;
  if (!servedByMediaops) mock.textContent = "Built-in mock (only under mediaops serve)";
  $("target").value = servedByMediaops ? "mock" : "simulator";
  return servedByMediaops;
}

/** The chosen target's name: `simulator`, `mock`, `graph` or `custom`. */
export function kind() {
  const chosen = $("target").value;
  if (chosen === "mock" && !servedByMediaops) return "simulator";
  return TARGETS[chosen] ? chosen : "simulator";
}

/** The chosen target. */
export function current() {
  return TARGETS[kind()];
}

/** Shows the fields that belong to the chosen target and hides the others. */
export function showFields() {
  const chosen = kind();
  for (const fields of document.querySelectorAll("fieldset.target [data-targets]")) {
    fields.hidden = !fields.dataset.targets.split(" ").includes(chosen);
  }
}
