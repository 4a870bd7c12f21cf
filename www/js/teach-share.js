// Share links of the Teach view: the scenario and the player's position in the URL fragment,
// versioned and compact. `#teach?v=1&p=<preset id>&t=<ms>&n=<events shown>` for an unchanged
// preset, `&s=<deflate-raw, base64url>` (or `&r=<base64url>` where CompressionStream is missing)
// for any other scenario. A fragment never reaches a server, and no token is ever part of it.

/** The link format this page writes and reads. */
export const SHARE_VERSION = "1";

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function through(stream, bytes) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

/** The fragment for `state`: `{presetId?, scenario, clockMs, shown}`. */
export async function encode({ presetId, scenario, clockMs, shown }) {
  const params = new URLSearchParams({ v: SHARE_VERSION });
  if (presetId) {
    params.set("p", presetId);
  } else {
    const bytes = new TextEncoder().encode(scenario);
    if (typeof CompressionStream === "function") {
      params.set("s", toBase64Url(await through(new CompressionStream("deflate-raw"), bytes)));
    } else {
      params.set("r", toBase64Url(bytes));
    }
  }
  params.set("t", String(Math.max(0, Math.round(clockMs))));
  params.set("n", String(Math.max(0, shown)));
  return `#teach?${params}`;
}

/** True when `hash` is a Teach link (with or without parameters). */
export function isTeachHash(hash) {
  return hash === "#teach" || hash.startsWith("#teach?");
}

/** Reads a Teach fragment: `{presetId?, scenario?, clockMs, shown}` or `{error}` saying what is wrong;
 * `null` for a bare `#teach`. */
export async function decode(hash) {
  const query = hash.startsWith("#teach?") ? hash.slice("#teach?".length) : "";
  if (!query) return null;
  const params = new URLSearchParams(query);
  const version = params.get("v");
  if (version !== SHARE_VERSION) {
    return {
      error: version
        ? `This link is in Teach link format v=${version}; this page reads v=${SHARE_VERSION} only (it may come from a newer mediaops). Nothing was loaded from it.`
        : `This link has no format version (v=${SHARE_VERSION}); nothing was loaded from it.`,
    };
  }
  const number = (name) => {
    const value = Number(params.get(name) ?? 0);
    return Number.isFinite(value) && value >= 0 ? value : 0;
  };
  const position = { clockMs: number("t"), shown: Math.floor(number("n")) };
  try {
    if (params.has("p")) return { presetId: params.get("p"), ...position };
    if (params.has("s")) {
      if (typeof DecompressionStream !== "function") {
        return { error: "This browser cannot decompress the scenario of this link (no DecompressionStream)." };
      }
      const bytes = await through(new DecompressionStream("deflate-raw"), fromBase64Url(params.get("s")));
      return { scenario: new TextDecoder("utf-8", { fatal: true }).decode(bytes), ...position };
    }
    if (params.has("r")) {
      return { scenario: new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(params.get("r"))), ...position };
    }
  } catch {
    return { error: "The scenario in this link is damaged (it does not decompress to UTF-8 text); was the link cut short?" };
  }
  return { error: "This link names no scenario (p=, s= or r=)." };
}
