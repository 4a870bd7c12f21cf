// Share links of the Teach view, in the one permalink format (permalink.js):
// `#teach?v=1&p=<preset id>&t=<ms>&n=<events shown>` for an unchanged preset, `&s=` (or `&r=`)
// carrying any other scenario. No token is ever part of one.
import * as permalink from "./permalink.js";

/** The fragment for `state`: `{presetId?, scenario, clockMs, shown}`; `extra` adds parameters (`el`). */
export async function encode({ presetId, scenario, clockMs, shown }, extra = {}) {
  const position = { t: Math.max(0, Math.round(clockMs)), n: Math.max(0, shown), ...extra };
  return presetId
    ? permalink.encode("teach", { p: presetId, ...position })
    : permalink.encode("teach", position, scenario);
}

/** True when `hash` is a Teach link (with or without parameters). */
export function isTeachHash(hash) {
  return permalink.viewOf(hash) === "teach";
}

/** Reads a Teach fragment: `{presetId?, scenario?, clockMs, shown}` or `{error}` saying what is wrong;
 * `null` for a bare `#teach`. */
export async function decode(hash) {
  const link = await permalink.decode(hash);
  return link && link.view === "teach" ? fromLink(link) : null;
}

/** A decoded permalink of the Teach view as the view's state, or `{error}`. */
export function fromLink(link) {
  if (link.error) return { error: link.error };
  const position = { clockMs: permalink.numberParam(link.params, "t"), shown: Math.floor(permalink.numberParam(link.params, "n")) };
  if (link.params.has("p")) return { presetId: link.params.get("p"), ...position };
  if (link.text !== undefined) return { scenario: link.text, ...position };
  return { error: "This link names no scenario (p=, s= or r=)." };
}
