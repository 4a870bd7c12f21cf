// Renders decoded results (operations, errors, diagnostics) as cards. Shared by every view.
import { el } from "./dom.js";

const STATUS_CLASS = {
  completed: "ok",
  failed: "bad",
  running: "busy",
  notStarted: "idle",
};

/** A playPrompt or record that failed with 400/8508: cancelled on purpose, not broken. */
export function isCancelled(resource) {
  return resource?.status === "failed" && resource.resultInfo?.code === 400 && resource.resultInfo?.subcode === 8508;
}

/** A status badge; a failed operation that was cancelled on purpose is marked as such. */
export function statusBadge(status, cancelled = false) {
  const cls = cancelled ? "cancelled" : STATUS_CLASS[status] ?? "idle";
  return el("span", { class: `badge ${cls}`, "data-status": status }, echo(status ?? "no status"));
}

/** Echoed input longer than this many UTF-16 units is clipped, the rest one click away: a
 * 100,000-character id drawn in full is unreadable and slow to lay out. */
export const ECHO_LIMIT = 1000;

/** `text` as nodes: in full when short, else its first ECHO_LIMIT characters, an ellipsis and a
 * button that shows the rest. CSS wraps it anywhere, so it never widens the page. */
export function echo(text) {
  const full = String(text);
  if (full.length <= ECHO_LIMIT) return full;
  // Do not cut a surrogate pair in half.
  const end = /[\uD800-\uDBFF]/.test(full[ECHO_LIMIT - 1]) ? ECHO_LIMIT - 1 : ECHO_LIMIT;
  const clipped = el("span", { class: "clipped" }, full.slice(0, end), "…");
  const more = el(
    "button",
    {
      type: "button",
      class: "small show-all",
      onclick: () => {
        clipped.replaceChildren(full);
        more.remove();
      },
    },
    `Show all ${full.length.toLocaleString("en")} characters`,
  );
  return [clipped, " ", more];
}

/** One `dt`/`dd` pair of a card's `dl`; nothing for an empty value. The value is echoed input. */
export function field(name, value, attrs = {}) {
  if (value === undefined || value === null || value === "") return null;
  return el("div", { class: "field" }, el("dt", {}, name), el("dd", attrs, echo(value)));
}

/** One card per decoded resource; `onJump(resource)`, when given, adds a "show in input" link. */
export function resourceCard(resource, onJump) {
  const cancelled = isCancelled(resource);
  const result = resource.resultInfo
    ? `${resource.resultInfo.code ?? "?"} / ${resource.resultInfo.subcode ?? "?"}` +
      (resource.resultInfo.message ? ` — ${resource.resultInfo.message}` : "")
    : null;
  return el(
    "article",
    { class: "card", "data-type": resource.type, "data-id": resource.id ?? "" },
    el(
      "header",
      {},
      el("h3", { class: "op-type" }, echo(resource.type)),
      resource.status ? statusBadge(resource.status, cancelled) : null,
      resource.state ? el("span", { class: "badge idle" }, echo(resource.state)) : null,
      resource.changeType ? el("span", { class: "change" }, echo(resource.changeType)) : null,
    ),
    el(
      "dl",
      {},
      field("id", resource.id, { class: "op-id mono" }),
      field("call id", resource.callId, { class: "mono" }),
      field("clientContext", resource.clientContext, { class: "op-context mono" }),
      field("completionReason", resource.completionReason, { class: "mono" }),
      field("resultInfo", result, { class: "op-result mono" }),
    ),
    resource.explanation ? el("p", { class: "explanation" }, resource.explanation) : null,
    onJump && resource.line
      ? el("button", { type: "button", class: "small jump-to", onclick: () => onJump(resource) }, `Show in input (line ${resource.line})`)
      : null,
  );
}

/** A Graph error envelope as a card. */
export function errorCard(error) {
  return el(
    "article",
    { class: "card error-card" },
    el("header", {}, el("h3", {}, "Graph error"), el("span", { class: "badge bad" }, error.code || "no code")),
    el(
      "dl",
      {},
      field("message", error.message),
      field("request-id", error.requestId, { class: "mono" }),
      field("date", error.date, { class: "mono" }),
    ),
  );
}

/** The diagnostics list; `onJump(diagnostic)` is called when one with a line is clicked. */
export function diagnosticList(diagnostics, onJump) {
  if (!diagnostics?.length) return null;
  return el(
    "ul",
    { class: "diagnostics" },
    diagnostics.map((d) => {
      const where = [
        d.line ? `line ${d.line}, column ${d.column}` : null,
        d.pointer !== undefined && d.pointer !== null ? d.pointer || "/" : null,
      ]
        .filter(Boolean)
        .join(" · ");
      const item = el(
        "li",
        { class: `diag ${d.severity}` },
        el("span", { class: "sev" }, d.severity),
        " ",
        el("span", { class: "msg" }, echo(d.message)),
        where ? el("span", { class: "where" }, ` (${where})`) : null,
        d.excerpt ? el("pre", { class: "excerpt" }, d.excerpt) : null,
      );
      if (onJump && d.line) {
        item.classList.add("jump");
        item.tabIndex = 0;
        item.title = "Show in the input";
        item.addEventListener("click", () => onJump(d));
        item.addEventListener("keydown", (e) => e.key === "Enter" && onJump(d));
      }
      return item;
    }),
  );
}

/** Raw text one click away. */
export function rawBlock(summary, text) {
  return el("details", { class: "raw" }, el("summary", {}, summary), el("pre", { class: "mono", tabindex: 0 }, text));
}

/** A request as the Compose view previews it: start line, headers, a blank line, the body. */
export function httpRequestText(request) {
  return [`${request.method} ${request.url}`, ...request.headers.map((h) => `${h.name}: ${h.value}`), "", request.body ?? ""].join("\n");
}

/** An answer in the same format: status line, headers, a blank line, the body. */
export function httpResponseText(status, headers, body) {
  return [`HTTP ${status}`, ...headers.map((h) => `${h.name}: ${h.value}`), "", body ?? ""].join("\n");
}
