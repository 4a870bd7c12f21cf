// Where a request goes: the built-in mock, Microsoft Graph in a national cloud, or a custom base
// URL. Everything target-specific lives here, so another target (an in-page simulator for static
// hosting) is one more entry in TARGETS.
import * as core from "./core.js";

const $ = (id) => document.getElementById(id);

/** The targets the page offers, keyed by the value of the #target select. */
const TARGETS = {
  mock: {
    /** The mock answers on the page's own origin when `mediaops serve` serves it. */
    inputs: () => ({ baseUrl: `${location.origin}/graph` }),
    describe: () => "the built-in mock",
    /** The mock accepts any non-empty token, so the token is not judged as a Graph token. */
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

/** The chosen target's name: `mock`, `graph` or `custom`. */
export function kind() {
  return TARGETS[$("target").value] ? $("target").value : "mock";
}

/** The chosen target. */
export function current() {
  return TARGETS[kind()];
}

/** Shows the fields that belong to the chosen target and hides the others. */
export function showFields() {
  const chosen = kind();
  for (const name of Object.keys(TARGETS)) {
    const fields = $(`target-${name}`);
    if (fields) fields.hidden = name !== chosen;
  }
}
