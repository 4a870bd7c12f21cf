// Permalinks: the whole state of a view in the URL fragment, versioned and compact, one codec for
// every view: `#<view>?v=1&<short parameters>` plus, for a long text (a decode payload, a Teach
// scenario), `&s=<deflate-raw, base64url>` (or `&r=<base64url>` where CompressionStream is
// missing). `&el=<element id>` names the <mediaops-playground> a link is for. A fragment never
// reaches a server; no view ever puts the token in one. Unknown versions are refused with a
// message, never guessed at.

/** The link format every view writes and reads. */
export const LINK_VERSION = "1";

/** The views a link can name. */
export const LINK_VIEWS = ["compose", "decode", "teach"];

/** The longest link a view writes: past this (a large decode payload), the view says so. */
export const MAX_LINK_CHARS = 64_000;

const TITLES = { compose: "Compose", decode: "Decode", teach: "Teach" };

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

/** The view a fragment names (`#decode`, `#teach?v=1&…`), or null. */
export function viewOf(hash) {
  const name = /^#([a-z]+)(\?|$)/.exec(hash ?? "")?.[1];
  return LINK_VIEWS.includes(name) ? name : null;
}

/** The fragment for `view` with `params` (empty values left out) and, when given, `text` packed
 * compactly: deflate-raw where the browser has it and it is shorter, else plain base64url. */
export async function encode(view, params, text) {
  const search = new URLSearchParams({ v: LINK_VERSION });
  if (text !== undefined && text !== null) {
    const bytes = new TextEncoder().encode(text);
    const raw = toBase64Url(bytes);
    const packed = typeof CompressionStream === "function" ? toBase64Url(await through(new CompressionStream("deflate-raw"), bytes)) : null;
    if (packed !== null && packed.length < raw.length) search.set("s", packed);
    else search.set("r", raw);
  }
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  }
  return `#${view}?${search}`;
}

/** Reads a fragment: `null` when it is not a link with parameters (`#decode` alone, `#x`), else
 * `{view, params, text?}` (`params` a URLSearchParams, `text` the packed text when there is one),
 * or `{view, error}` saying clearly why nothing was loaded. */
export async function decode(hash) {
  const view = viewOf(hash);
  if (!view) return null;
  const query = hash.slice(view.length + 2);
  if (!query) return null;
  const params = new URLSearchParams(query);
  const version = params.get("v");
  if (version !== LINK_VERSION) {
    const title = TITLES[view];
    return {
      view,
      error: version
        ? `This link is in ${title} link format v=${version}; this page reads v=${LINK_VERSION} only (it may come from a newer or older mediaops). Nothing was loaded from it.`
        : `This link has no format version (v=${LINK_VERSION}); nothing was loaded from it.`,
    };
  }
  try {
    if (params.has("s")) {
      if (typeof DecompressionStream !== "function") {
        return { view, error: "This browser cannot decompress the text of this link (no DecompressionStream)." };
      }
      const bytes = await through(new DecompressionStream("deflate-raw"), fromBase64Url(params.get("s")));
      return { view, params, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
    }
    if (params.has("r")) {
      return { view, params, text: new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(params.get("r"))) };
    }
  } catch {
    return { view, error: "The text in this link is damaged (it does not decompress to UTF-8 text); was the link cut short?" };
  }
  return { view, params };
}

/** A non-negative number parameter, 0 when absent or not one. */
export function numberParam(params, name) {
  const value = Number(params.get(name) ?? 0);
  return Number.isFinite(value) && value >= 0 ? value : 0;
}

/** The link for `fragment` as a full URL: for the full page it also becomes the address (no
 * history entry); an embedded element leaves its host page's address alone. Shown in `input`
 * (selected) and copied, `status` saying what it opens. */
export async function offerLink(fragment, { input, status, what, setAddress }) {
  const href = `${location.href.split("#")[0]}${fragment}`;
  if (href.length > MAX_LINK_CHARS) {
    input.hidden = true;
    status.textContent = `This ${what} makes a link of ${href.length.toLocaleString("en")} characters; links hold at most ${MAX_LINK_CHARS.toLocaleString("en")}. Share it as a file instead.`;
    return null;
  }
  if (setAddress) history.replaceState(null, "", fragment);
  input.value = href;
  input.hidden = false;
  input.select();
  try {
    await navigator.clipboard.writeText(href);
    status.textContent = `Link copied: it opens ${what}.`;
  } catch {
    status.textContent = `Copy the link above: it opens ${what}.`;
  }
  return href;
}

/** Whether `link` (a decoded permalink, or null) can be opened; when it cannot for a reason,
 * `problem` (an alert paragraph) says it, else it is hidden. */
export function usable(link, problem) {
  problem.hidden = true;
  if (!link) return false;
  if (link.error) {
    refuse(problem, link.error);
    return false;
  }
  return true;
}

/** Shows `text` in the alert paragraph `problem`: why a link loaded nothing. */
export function refuse(problem, text) {
  problem.textContent = text;
  problem.hidden = false;
}
