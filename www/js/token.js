// The token panel: the pasted token decoded in this page by the Rust core (it is never sent
// anywhere to be decoded), its claims, an expiry countdown, and the warnings that make Send ask
// before a doubtful token goes to Graph. The token itself is only ever read from the input.
import * as core from "./core.js";
import { el, replace } from "./dom.js";
import { diagnosticList } from "./render.js";

const now = () => Date.now() / 1000;

/** `{info}` for a readable JWT, `{error}` otherwise. `cloud` is the Graph cloud it goes to, if any. */
export function inspect(token, cloud) {
  try {
    return { info: core.decodeToken(token, now(), cloud) };
  } catch (error) {
    return { error };
  }
}

/** What is wrong with the token for Graph, as sentences; empty when nothing is. */
export function problems(token, cloud) {
  if (!token.trim()) return ["There is no token: Graph answers 401."];
  const { info, error } = inspect(token, cloud);
  if (error) return [`${error.message}.`];
  return info.diagnostics.filter((d) => d.severity !== "info").map((d) => d.message);
}

function countdown(seconds) {
  const s = Math.abs(Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const text = d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : m ? `${m} min ${s % 60} s` : `${s} s`;
  return seconds > 0 ? `in ${text}` : `expired ${text} ago`;
}

function expiryText(exp) {
  // A JS Date reaches ±8.64e15 ms only; an exp beyond that (but still a safe integer) has no date.
  const date = new Date(exp * 1000);
  return Number.isNaN(date.getTime()) ? `${countdown(exp - now())} (beyond any date)` : `${countdown(exp - now())} (${date.toISOString()})`;
}

function field(name, value, attrs = {}) {
  if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return null;
  return el("div", { class: "field" }, el("dt", {}, name), el("dd", attrs, Array.isArray(value) ? value.join(" ") : value));
}

/** One token panel: its own expiry countdown (one per Compose view); `id(name)` prefixes its ids. */
export function createTokenPanel(id) {
  let timer = null;

  /** Renders the panel for `token`; `graph` says whether it would go to Graph (else to the mock or a custom URL). */
  function render(panel, token, cloud, graph) {
    clearInterval(timer);
    timer = null;
    if (!token.trim()) {
      replace(panel, graph ? el("p", { class: "token-note warning" }, "No token: Graph answers 401 InvalidAuthenticationToken.") : null);
      return;
    }
    const { info, error } = inspect(token, cloud);
    if (error) {
      // Against Graph the whole explanation matters; elsewhere any token may do, so say it briefly.
      const text = graph
        ? `${error.message}. Graph will refuse it.`
        : `Not decoded: ${error.message.split(":")[0]}. The built-in mock accepts any non-empty token; other servers decide for themselves.`;
      replace(panel, el("p", { class: `token-note ${graph ? "warning" : "info"}`, id: id("token-error"), title: error.message }, text));
      return;
    }
    const expiry = info.expiresAt !== undefined ? el("dd", { id: id("token-expiry"), class: "mono" }, expiryText(info.expiresAt)) : null;
    replace(
      panel,
      el(
        "div",
        { class: "token-card", "data-kind": info.kind },
        el("p", { class: "token-head" }, `Decoded here, never sent anywhere to decode: ${info.kind} token`, info.algorithm ? ` (${info.algorithm})` : ""),
        el(
          "dl",
          {},
          field("aud", info.audience, { id: id("token-aud"), class: "mono" }),
          field("tid", info.tenantId, { id: id("token-tid"), class: "mono" }),
          field("appid", info.appId, { id: id("token-appid"), class: "mono" }),
          field("app", info.appName),
          field("roles", info.roles, { id: id("token-roles"), class: "mono" }),
          field("scp", info.scopes, { id: id("token-scp"), class: "mono" }),
          expiry ? el("div", { class: "field" }, el("dt", {}, "expires"), expiry) : null,
        ),
        diagnosticList(info.diagnostics),
        el("details", { class: "raw" }, el("summary", {}, "Payload"), el("pre", { class: "mono" }, info.payload)),
      ),
    );
    if (info.expiresAt !== undefined) {
      let expired = info.expiresAt <= now();
      timer = setInterval(() => {
        if (!expiry.isConnected) return clearInterval(timer);
        expiry.textContent = expiryText(info.expiresAt);
        // Crossing the expiry changes the warnings: decode again.
        if (!expired && info.expiresAt <= now()) {
          expired = true;
          render(panel, token, cloud, graph);
        }
      }, 1000);
    }
  }
  return { render };
}
