// Where a request goes: the in-page simulator, the built-in mock of `mediaops serve`, Microsoft
// Graph in a national cloud, or a custom base URL. Everything target-specific lives here.
// The built-in mock is offered only when `GET /.well-known/mediaops` proves that `mediaops serve`
// serves this page: on any other host, whatever answers /graph on the page's origin would get the
// token, so the default there is the simulator, which sends nothing anywhere.
import * as core from "./core.js";
import { wait } from "./dom.js";

/** How long the page waits for `/.well-known/mediaops` before deciding it is static hosting. */
const DETECT_TIMEOUT_MS = 3000;

/** The targets one Compose view offers, keyed by the value of its target select; `$` finds its fields. */
function targets($) {
  return {
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
}

function originOf(url) {
  try {
    return new URL(url.trim()).origin;
  } catch {
    return url.trim();
  }
}

/** Whether `mediaops serve` serves this page, asked once per page however many views ask. */
let probe = null;
/** The probe's answer once it has come (false before). */
let served = false;

/** True once `servedByMediaops` found `mediaops serve` behind this page. */
export function isServedByMediaops() {
  return served;
}

/** Asks the page's origin once whether it is `mediaops serve` (`GET /.well-known/mediaops`).
 * Any failure, a timeout or another answer means static hosting. */
export function servedByMediaops() {
  probe ??= (async () => {
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
      served = about?.name === "mediaops";
      return served;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  })();
  return probe;
}

/** The target of one Compose view, read from its own fields (`$`, inside `root`). */
export function createTarget($, root) {
  const offered = targets($);
  let mockServed = false;
  const mockOption = () => $("target").querySelector("option[value=mock]");
  /** Offers the built-in mock only when `mediaops serve` answered. */
  const offerMock = () => {
    mockOption().disabled = !mockServed;
    mockOption().textContent = mockServed ? "Built-in mock (this server, /graph)" : "Built-in mock (only under mediaops serve)";
  };
  offerMock();
  if ($("target").value === "mock") $("target").value = "simulator";

  /** The chosen target's name: `simulator`, `mock`, `graph` or `custom`. */
  const kind = () => {
    const chosen = $("target").value;
    if (chosen === "mock" && !mockServed) return "simulator";
    return offered[chosen] ? chosen : "simulator";
  };

  return {
    kind,
    /** The chosen target. */
    current: () => offered[kind()],
    /** Offers the built-in mock (and picks it) only when `mediaops serve` serves this page;
     * anywhere else the simulator is the default. */
    async detect() {
      mockServed = await servedByMediaops();
      offerMock();
      $("target").value = mockServed ? "mock" : "simulator";
      return mockServed;
    },
    /** Shows the fields that belong to the chosen target and hides the others. */
    showFields() {
      const chosen = kind();
      for (const fields of root.querySelectorAll("fieldset.target [data-targets]")) {
        fields.hidden = !fields.dataset.targets.split(" ").includes(chosen);
      }
    },
  };
}
