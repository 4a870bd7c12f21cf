// The Teach view, live: under `mediaops serve`, the scenario in the editor is replayed against the
// built-in mock over real HTTP, on the mock's real clock. The plan (which request, which wait) is
// the core's (`replayPlan`); this file only runs it: it makes the call, watches the server's event
// stream, sends each step, waits as long as the scenario says, and shows every request, answer,
// notification and callback delivery as it happens, next to what the simulator predicted.
// No module state: every panel owns its run.
import * as core from "./core.js";
import { el, replace, wait } from "./dom.js";
import { diagnosticList, httpRequestText, httpResponseText, rawBlock, resourceCard } from "./render.js";
import { formatSeconds } from "./teach-timeline.js";

/** How long the page waits for the event stream to open and for the call to be established. */
const START_TIMEOUT_MS = 10_000;

/** After Stop, how long the stream stays open for the hang-up's notifications. */
const LINGER_MS = 1500;

/** `promise`, or a rejection with `message` after `ms`. */
function within(promise, ms, message) {
  let timer;
  const late = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** The live panel. `scenario()` is the editor's text, `version()` the API version. */
export function mountLive({ scenario, version }) {
  const callback = el("input", { class: "mono live-callback", spellcheck: "false", value: `${location.origin}/graph/_mediaops/callback` });
  const runButton = el("button", { type: "button", class: "live-run" }, "Run live against the mock");
  const stopButton = el("button", { type: "button", class: "live-stop", disabled: true }, "Stop and hang up");
  const status = el("p", { class: "live-status", role: "status" }, "Not running.");
  const problems = el("div", { class: "live-problems", "aria-live": "polite" });
  const events = el("ol", { class: "teach-events live-events", "aria-live": "polite", "aria-relevant": "additions", "aria-label": "What the mock did, live" });
  const panel = el(
    "section",
    { class: "teach-live", "aria-label": "Live against mediaops serve" },
    el("h3", {}, "Live: the same scenario against mediaops serve"),
    el(
      "p",
      { class: "hint" },
      "This page is served by mediaops serve, so the scenario can also run for real: a call is made on the built-in mock, each step is sent over HTTP (with a placeholder token: the mock takes any), every wait takes real time, and the mock POSTs each notification to the callback below. Point the callback at your own bot to see what it would receive.",
    ),
    el("label", { class: "live-callback-label" }, "callbackUri ", callback),
    el("div", { class: "live-controls" }, runButton, " ", stopButton),
    status,
    problems,
    events,
  );

  /** The run in progress: its abort controller, event stream, call id and bookkeeping. */
  let run = null;

  function say(text) {
    status.textContent = text;
  }

  function item(kind, head, ...body) {
    const node = el("li", { class: "teach-event", "data-kind": kind }, el("p", { class: "event-head" }, ...head), ...body);
    events.append(node);
    return node;
  }

  const clockText = (ms) => el("span", { class: "event-time mono" }, formatSeconds(Math.max(0, Math.round(ms))));
  const kindText = (kind, label) => el("span", { class: `event-kind ${kind}` }, label);

  /** Sends one planned request; shows it and its answer. Resolves to `{status, body}`. */
  async function send(current, request, summary, kind) {
    const path = request.path.replaceAll("{callId}", encodeURIComponent(current.callId ?? ""));
    const url = `${location.origin}/graph${path}`;
    const headers = [];
    if (request.needsToken) headers.push({ name: "Authorization", value: current.plan.authorization });
    if (request.body !== undefined && request.body !== null) headers.push({ name: "Content-Type", value: "application/json" });
    const sentAt = current.establishedAt === null ? 0 : performance.now() - current.establishedAt;
    const response = await fetch(url, {
      method: request.method,
      headers: Object.fromEntries(headers.map((h) => [h.name, h.value])),
      body: request.body ?? undefined,
      cache: "no-store",
      credentials: "omit",
      redirect: "error",
      signal: current.controller.signal,
    });
    const body = await response.text();
    const answerHeaders = ["location", "content-type"]
      .map((name) => ({ name, value: response.headers.get(name) }))
      .filter((h) => h.value !== null);
    const ok = response.ok;
    item(
      kind,
      [clockText(sentAt), " ", kindText(kind, kind === "caller" ? "caller" : "request"), " ", el("span", { class: "event-summary" }, `${summary}: HTTP ${response.status}`)],
      ok ? null : el("p", { class: "failure" }, `The mock answered ${response.status}: see the answer below.`),
      el(
        "details",
        { class: "raw exchange" },
        el("summary", {}, `Request and answer (${request.method} … HTTP ${response.status})`),
        el("pre", { class: "mono preview", tabindex: 0, "aria-label": "Request" }, httpRequestText({ method: request.method, url, headers, body: request.body ?? "" })),
        el("pre", { class: "mono preview", tabindex: 0, "aria-label": "Answer" }, httpResponseText(response.status, answerHeaders, body)),
      ),
    );
    return { status: response.status, body };
  }

  /** One `notification` or `delivery` event of the server's stream, for this run's call. */
  function onStreamEvent(current, kind, data) {
    if (!current.callId) {
      // The call is being made: its first notification can come before the answer does.
      current.early.push([kind, data]);
      return;
    }
    if (data.callId !== current.callId) return;
    if (kind === "delivery") {
      const target = current.awaitingDelivery.shift();
      const line = data.ok
        ? el("p", { class: "live-delivery ok", "data-ok": "true" }, `Delivered to ${data.callbackUri}: HTTP ${data.status}`)
        : el("p", { class: "live-delivery failure", "data-ok": "false" }, `Not delivered to ${data.callbackUri}: ${data.status ? `HTTP ${data.status}` : data.error}`);
      (target ?? item("delivery", [kindText("delivery", "delivery")])).append(line);
      return;
    }
    const decoded = core.decodeText(data.body, false, false);
    const resource = decoded.resources[0];
    if (resource?.type === "call" && (resource.state === "terminating" || resource.state === "terminated")) current.ended = true;
    if (resource?.type === "call" && resource.state === "established" && current.establishedDue === null) {
      current.establishedDue = data.dueMs;
      current.establishedAt = performance.now();
      current.onEstablished();
    }
    const at = current.establishedDue === null ? 0 : data.dueMs - current.establishedDue;
    const node = item(
      "notification",
      [clockText(at), " ", kindText("notification", "notification → bot"), " ", el("span", { class: "event-summary" }, data.summary)],
      decoded.resources.map((r) => resourceCard(r)),
      diagnosticList(decoded.diagnostics),
      comparison(current, data.summary),
      rawBlock("commsNotifications body, as POSTed", data.body),
    );
    current.awaitingDelivery.push(node);
  }

  /** How a live notification compares with the plan's prediction (the same requests on a
   * virtual clock, which the in-page run matches once the call is established), in order. */
  function comparison(current, summary) {
    // After Stop the hang-up is the page's, not the scenario's: nothing was predicted for it.
    if (current.stopping) return null;
    const expected = current.plan.predicted[current.compared++];
    if (expected === summary) return el("p", { class: "live-compare same", "data-same": "true" }, "As the simulator predicted.");
    const text = expected === undefined ? "The simulator predicted no notification here." : `The simulator predicted: ${expected}`;
    return el("p", { class: "live-compare differs", "data-same": "false" }, text);
  }

  function setRunning(on) {
    runButton.disabled = on;
    stopButton.disabled = !on;
    callback.disabled = on;
    panel.dataset.running = String(on);
  }

  /** Opens the all-calls stream (so the first notification of a call not yet answered is seen). */
  function openStream(current) {
    const stream = new EventSource(`${location.origin}/graph/_mediaops/events`);
    current.stream = stream;
    for (const kind of ["notification", "delivery"]) {
      stream.addEventListener(kind, (event) => {
        try {
          onStreamEvent(current, kind, JSON.parse(event.data));
        } catch (error) {
          replace(problems, el("p", { class: "failure" }, `An event could not be read: ${error.message}`));
        }
      });
    }
    stream.addEventListener("lagged", (event) => {
      replace(problems, el("p", { class: "failure" }, `The stream fell behind and missed ${JSON.parse(event.data).missed} events.`));
    });
    return new Promise((resolve, reject) => {
      stream.addEventListener("open", resolve, { once: true });
      stream.addEventListener("error", () => stream.readyState === EventSource.CLOSED && reject(new Error("the event stream of mediaops serve did not open")), { once: true });
    });
  }

  async function start() {
    if (run) return;
    replace(problems);
    let plan;
    try {
      plan = core.replayPlan(scenario(), version(), callback.value.trim());
    } catch (error) {
      replace(problems, el("p", { class: "failure" }, "Nothing was sent: fix these first."), diagnosticList(error.diagnostics));
      return;
    }
    replace(events);
    const current = {
      plan,
      controller: new AbortController(),
      stream: null,
      callId: null,
      ended: false,
      early: [],
      awaitingDelivery: [],
      establishedDue: null,
      establishedAt: null,
      onEstablished: () => {},
      compared: 0,
      stopping: false,
    };
    run = current;
    setRunning(true);
    const established = new Promise((resolve) => (current.onEstablished = resolve));
    try {
      say("Opening the event stream…");
      await within(openStream(current), START_TIMEOUT_MS, "the event stream of mediaops serve did not open");
      say("Making the call…");
      const made = await send(current, plan.create, "the bot makes a call", "request");
      const call = made.status === 201 ? JSON.parse(made.body) : null;
      if (!call?.id) throw new Error(`the mock did not make the call (HTTP ${made.status})`);
      current.callId = call.id;
      panel.dataset.callId = call.id;
      for (const [kind, data] of current.early.splice(0)) onStreamEvent(current, kind, data);
      say(`Call ${call.id} is establishing…`);
      await within(established, START_TIMEOUT_MS, "the call was not established in time");
      for (const [index, step] of plan.steps.entries()) {
        current.controller.signal.throwIfAborted();
        const where = `Step ${index + 1} of ${plan.steps.length} (${step.pointer})`;
        if (step.action.kind === "wait") {
          say(`${where}: ${step.summary}, in real time…`);
          await wait(step.action.ms, current.controller.signal);
        } else {
          say(`${where}: ${step.summary}…`);
          await send(current, step.action, step.summary, step.action.by === "caller" ? "caller" : "request");
        }
      }
      say(`All ${plan.steps.length} steps sent. Notifications still due keep arriving; Stop hangs up and ends the run.`);
      panel.dataset.done = "true";
    } catch (error) {
      if (current.controller.signal.aborted) return;
      replace(problems, el("p", { class: "failure" }, `The live run stopped: ${error.message}`));
      say("Stopped.");
      await stop();
    }
  }

  /** Ends the run: hangs up a call still up, lets its last notifications arrive, closes the stream. */
  async function stop() {
    const current = run;
    if (!current) return;
    current.stopping = true;
    current.controller.abort(new DOMException("Stopped.", "AbortError"));
    if (current.callId && !current.ended) {
      current.ended = true;
      current.controller = new AbortController();
      try {
        await send(current, current.plan.hangUp, "Stop: the bot hangs up", "request");
      } catch (error) {
        replace(problems, el("p", { class: "failure" }, `The hang-up failed: ${error.message}`));
      }
      await new Promise((resolve) => setTimeout(resolve, LINGER_MS));
    }
    current.stream?.close();
    run = null;
    setRunning(false);
    panel.dataset.done = "true";
    say(current.callId ? `Stopped; call ${current.callId} has ended.` : "Stopped.");
  }

  runButton.addEventListener("click", start);
  stopButton.addEventListener("click", stop);
  return panel;
}
