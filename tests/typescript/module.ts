// A TypeScript consumer of the npm package's module, compiled by `cargo xtask test` with
// `tsc --strict --noEmit` against dist/ installed as node_modules/mediaops. It uses the real
// field names and types: a renamed or retyped Rust field fails this compile.
import init, {
  buildRequest,
  decodePayload,
  decodeResponse,
  decodeToken,
  explainFailure,
  explainResponse,
  exportHar,
  exportRestClient,
  mockScenarios,
  redactPayload,
  replayPlan,
  renderSnippet,
  sendRequest,
  simulateRequest,
  simulateScenario,
  simulateSend,
  simulatorNotes,
  simulatorPresets,
  snippetFormats,
  teachingNotes,
} from "mediaops";
import type {
  BoundaryError,
  Decoded,
  Diagnostic,
  OperationLane,
  Resource,
  ResultInfo,
  ScenarioRun,
  Severity,
} from "mediaops";

await init();

function where(d: Diagnostic): string {
  const severity: Severity = d.severity;
  const line: number | undefined = d.line;
  return `${severity} at ${line ?? "?"}:${d.column ?? "?"} ${d.pointer ?? ""}: ${d.message}`;
}

function severityRank(severity: Severity): number {
  switch (severity) {
    case "error":
      return 2;
    case "warning":
      return 1;
    case "info":
      return 0;
    default: {
      const unknown: never = severity;
      return unknown;
    }
  }
}

const decoded: Decoded = decodePayload('{"value": []}', false, true);
const lines: string[] = decoded.diagnostics.map(where);
const worst = Math.max(0, ...decoded.diagnostics.map((d) => severityRank(d.severity)));
const kind: "notifications" | "notification" | "operation" | "http-response" | "http-request" | "graph-error" | "invalid" =
  decoded.kind;
for (const resource of decoded.resources) {
  const r: Resource = resource;
  const status: string | undefined = r.status;
  const info: ResultInfo | undefined = r.resultInfo;
  const cancelled = info?.code === 400 && info.subcode === 8508;
  const odataType: string = r.type;
  const category: "operation" | "call" | "participant" | "other" = r.category;
  console.log(status, cancelled, odataType, category, r.completionReason, r.explanation, r.properties?.["foo"]);
}
for (const timeline of decoded.timelines ?? []) {
  console.log(timeline.operationId, timeline.entries.map((e) => e.resource));
}
console.log(decoded.http?.location?.operationId, decoded.error?.code, decoded.pretty, lines, worst, kind);

const built = buildRequest({ callId: "57dab8b1-894c-409a-b240-bd8beae78896", version: "beta" });
console.log(built.request.method, built.request.url, built.request.headers[0]?.name, built.input.cloud);
const curl: string = renderSnippet({ callId: "x" }, snippetFormats()[0]?.id ?? "curl");
const http: string = exportRestClient({ callId: "x", clientContext: null });
const har: string = exportHar({ request: built.request, startedDateTime: "2024-01-01T00:00:00Z", elapsedMs: 12 });

const answer = simulateSend("POST", built.request.url, built.request.headers, built.request.body, Date.now() / 1000);
const delay: number = answer.delayMs;
const operation = answer.decoded.resources.find((r) => r.type === "cancelMediaProcessingOperation");
const simulated = simulateRequest({ callId: "x" }, "", 0);
const outcome = explainResponse(built.request.url, "http://127.0.0.1", answer, "decoded");
const failure = explainFailure("timeout", built.request.url, "http://127.0.0.1", 30000, "");
console.log(curl, http, har, delay, operation?.id, simulated.status, outcome.location, outcome.retryAfterSeconds, failure.summary);
const fromFetch: Decoded = decodeResponse(202, [{ name: "Location", value: "/x" }], "");
console.log(fromFetch.http?.status);

const token = decodeToken("a.b.c", 0, "global");
console.log(token.roles, token.scopes, token.kind, token.expiresIn, token.audienceCloud);
const redacted = redactPayload("text");
console.log(redacted.text, redacted.replacements.map((r) => `${r.kind} ${r.placeholder} ${r.occurrences}`));

const presets = simulatorPresets();
const run: ScenarioRun = simulateScenario(presets[0]?.scenario ?? "[]", { seed: 1, version: "v1.0" });
const lanes: OperationLane[] = run.operations;
for (const lane of lanes) {
  const result: [number, number] | null = lane.result;
  console.log(lane.action, lane.outcome, result?.[1], lane.endedBy);
}
for (const event of run.events) {
  console.log(event.atMs, event.kind, event.exchange?.status, event.notification?.length);
}
console.log(run.endMs, simulateScenario("[]").callId, simulatorNotes()[0]?.documented, teachingNotes()[0]?.title);
console.log(mockScenarios().map((s) => `${s.callId}: ${s.fault} ${s.label}`));
const replay = replayPlan(presets[0]?.scenario ?? "[]", "v1.0", "http://127.0.0.1:8080/_mediaops/callbacks");
for (const step of replay.steps) {
  const action = step.action;
  if (action.kind === "wait") console.log(step.index, action.ms);
  else console.log(step.pointer, action.method, action.path, action.needsToken, action.by);
}
console.log(replay.create.path, replay.hangUp.method, replay.authorization);

try {
  buildRequest({ callId: "" });
} catch (error) {
  const failed = error as BoundaryError;
  console.log(failed.message, failed.pointer, failed.diagnostics?.map(where));
}
const sent = await sendRequest({ callId: "x", baseUrl: "http://127.0.0.1:8080/graph" }, "token", new AbortController().signal);
console.log(sent.status, sent.statusText, sent.decoded.resources.length);

