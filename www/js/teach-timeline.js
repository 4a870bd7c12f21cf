// The Teach view's timeline: an SVG drawn by our own code, one lane per operation (queued,
// running, its end: a cancel is marked with a cross, the outcome is labelled) and a cursor at the
// clock. Text reaches the SVG only through textContent.

const NS = "http://www.w3.org/2000/svg";
const WIDTH = 1000;
const LABEL = 220;
const RIGHT = 24;
const TOP = 26;
const LANE = 34;
const BAR = 16;

/** Creates an SVG element with attributes and children (nodes or text). */
function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** `1.5 s`: a time on the axis. */
export function formatSeconds(ms) {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(seconds < 10 ? 2 : 1).replace(/0+$/, "")} s`;
}

function tickStep(endMs) {
  for (const step of [250, 500, 1000, 2000, 5000, 10000, 30000, 60000, 300000, 600000, 3600000]) {
    if (endMs / step <= 12) return step;
  }
  return 3600000;
}

/** What a lane's end says: `cancelled 400/8508`, `completed 200/8515`, ... */
export function outcomeLabel(lane) {
  if (!lane.outcome) return lane.status;
  const result = lane.result ? ` ${lane.result[0]}/${lane.result[1]}` : "";
  return `${lane.outcome}${result}`;
}

function laneName(lane) {
  return lane.clientContext ? `${lane.action} · ${lane.clientContext}` : lane.action;
}

// Characters of the monospace label font that fit the label column at presenter mode's size
// (16px, about 0.6em each, in the LABEL - 16 units left of the first tick).
const LABEL_CHARS = 21;

/** `text` cut to the label column, with an ellipsis when it was longer. */
function fitLabel(text) {
  const chars = [...text];
  return chars.length <= LABEL_CHARS ? text : `${chars.slice(0, LABEL_CHARS - 1).join("")}…`;
}

/** A lane's label at its middle `mid`: one line when the name fits the column, else the
 * action above its clientContext; the whole name is its tooltip. */
function laneLabel(lane, mid) {
  const name = laneName(lane);
  const label = svg("text", { x: 8, y: mid + 5, class: "lane-label" }, svg("title", {}, name));
  if ([...name].length <= LABEL_CHARS || !lane.clientContext) {
    label.append(fitLabel(name));
    return label;
  }
  // The first line keeps the space, so the label still reads as the name when read as text.
  label.setAttribute("y", mid - 2);
  label.append(
    svg("tspan", { x: 8 }, `${fitLabel(lane.action)} `),
    svg("tspan", { x: 8, dy: 15 }, fitLabel(`· ${lane.clientContext ?? ""}`)),
  );
  return label;
}

/** Draws the whole run into `host` (replacing what was there); returns `moveCursor(clockMs)`.
 * `id(name)` prefixes the ids of its title and description (one timeline per Teach view). */
export function drawTimeline(host, run, id = (name) => name) {
  const lanes = run.operations ?? [];
  const endMs = Math.max(run.endMs ?? 0, 1);
  const height = TOP + Math.max(lanes.length, 1) * LANE + 12;
  const x = (ms) => LABEL + (Math.min(ms, endMs) / endMs) * (WIDTH - LABEL - RIGHT);
  const summary = lanes.length
    ? lanes.map((lane) => `${laneName(lane)}: ${outcomeLabel(lane)}${lane.endedMs !== undefined && lane.endedMs !== null ? ` at ${formatSeconds(lane.endedMs)}` : ""}`).join("; ")
    : "no operations";
  const root = svg(
    "svg",
    { viewBox: `0 0 ${WIDTH} ${height}`, class: "timeline-svg", role: "img", "aria-labelledby": `${id("teach-timeline-title")} ${id("teach-timeline-desc")}` },
    svg("title", { id: id("teach-timeline-title") }, "Timeline of the operations"),
    svg("desc", { id: id("teach-timeline-desc") }, summary),
  );
  const step = tickStep(endMs);
  const axis = svg("g", { class: "axis" });
  for (let ms = 0; ms <= endMs; ms += step) {
    axis.append(
      svg("line", { x1: x(ms), x2: x(ms), y1: TOP - 6, y2: height - 8, class: "tick" }),
      svg("text", { x: x(ms), y: TOP - 10, "text-anchor": "middle", class: "tick-label" }, formatSeconds(ms)),
    );
  }
  root.append(axis);
  lanes.forEach((lane, index) => {
    const y = TOP + index * LANE + (LANE - BAR) / 2;
    const mid = y + BAR / 2;
    const ended = lane.endedMs !== undefined && lane.endedMs !== null;
    const started = lane.startedMs !== undefined && lane.startedMs !== null;
    const stop = ended ? lane.endedMs : endMs;
    const group = svg("g", {
      class: "lane",
      "data-action": lane.action,
      "data-id": lane.id,
      "data-outcome": lane.outcome ?? "",
      "data-requested": lane.requestedMs,
      "data-ended": ended ? lane.endedMs : "",
    });
    group.append(laneLabel(lane, mid));
    const queuedUntil = started ? lane.startedMs : stop;
    if (queuedUntil > lane.requestedMs) {
      group.append(svg("rect", { x: x(lane.requestedMs), y, width: Math.max(x(queuedUntil) - x(lane.requestedMs), 1), height: BAR, class: "queued" }));
    }
    if (started) {
      group.append(
        svg("rect", { x: x(lane.startedMs), y, width: Math.max(x(stop) - x(lane.startedMs), 3), height: BAR, class: `running ${lane.outcome ?? "open"}` }),
      );
    } else if (!(queuedUntil > lane.requestedMs)) {
      // An instant operation (a cancel, a tone subscription's answer): a diamond where it happened.
      const cx = x(lane.requestedMs);
      group.append(svg("path", { d: `M${cx} ${y} L${cx + 8} ${mid} L${cx} ${y + BAR} L${cx - 8} ${mid} Z`, class: `instant ${lane.outcome ?? "open"}` }));
    }
    if (ended) {
      const ex = x(lane.endedMs);
      if (lane.outcome === "cancelled") {
        group.append(
          svg(
            "g",
            { class: "cancel-mark" },
            svg("title", {}, `cancelled at ${formatSeconds(lane.endedMs)}${lane.endedBy ? ` by ${lane.endedBy}` : ""}`),
            svg("line", { x1: ex - 7, y1: mid - 7, x2: ex + 7, y2: mid + 7 }),
            svg("line", { x1: ex - 7, y1: mid + 7, x2: ex + 7, y2: mid - 7 }),
          ),
        );
      } else {
        group.append(svg("line", { x1: ex, x2: ex, y1: y - 3, y2: y + BAR + 3, class: "end-mark" }));
      }
    }
    const labelAtEnd = x(stop) + 10;
    const anchor = labelAtEnd > WIDTH - 150 ? "end" : "start";
    group.append(
      svg("text", { x: anchor === "end" ? Math.min(x(stop) - 10, WIDTH - RIGHT) : labelAtEnd, y: y - 2, "text-anchor": anchor, class: "outcome-label" }, outcomeLabel(lane)),
    );
    root.append(group);
  });
  const future = svg("rect", { x: LABEL, y: TOP - 6, width: 0, height: height - TOP, class: "future" });
  const cursor = svg("line", { x1: LABEL, x2: LABEL, y1: TOP - 8, y2: height - 4, class: "cursor" });
  root.append(future, cursor);
  host.replaceChildren(root);
  return (clockMs) => {
    const cx = x(Math.max(0, clockMs));
    cursor.setAttribute("x1", cx);
    cursor.setAttribute("x2", cx);
    future.setAttribute("x", cx);
    future.setAttribute("width", Math.max(WIDTH - RIGHT - cx, 0));
    root.dataset.clock = String(Math.round(clockMs));
  };
}
