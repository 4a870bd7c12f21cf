// The markup of each view, one template per view, shared by the full page (index.html's tab
// panels) and every <mediaops-playground> element. These are constants of ours, parsed once per
// instance by `instantiate`: no payload or attribute text is ever part of them (that reaches the DOM
// as text only, through dom.js `el`). Ids are written bare here and prefixed per instance, so two
// instances on one page never share an id (the full page's prefix is empty: its ids are unchanged).

const COMPOSE = `
  <h2 id="compose-title">Compose &amp; send</h2>
  <p id="compose-link-problem" class="failure" role="alert" hidden></p>
  <p id="compose-link-note" class="note" role="status" hidden></p>
  <div class="columns">
    <form id="compose-form" autocomplete="off">
      <fieldset class="target">
        <legend>Send to</legend>
        <label for="target">Target</label>
        <select id="target" name="target">
          <option value="simulator" selected>Simulator (in this page)</option>
          <option value="mock">Built-in mock (this server, /graph)</option>
          <option value="graph">Microsoft Graph</option>
          <option value="custom">Custom base URL (a proxy or another mock)</option>
        </select>
        <p class="hint target-note" data-targets="simulator">Answers as Graph would, computed in this page by the same code as the built-in mock (the mock scenarios work here too); nothing leaves the page and the token is not sent anywhere.</p>
        <p class="hint target-note" data-targets="mock" hidden>The mock of the <code>mediaops serve</code> that serves this page, on this origin.</p>
        <div id="target-scenario" data-targets="simulator mock">
          <label for="scenario">Mock scenario <small>(picks a reserved call id)</small></label>
          <select id="scenario" name="scenario"></select>
        </div>
        <div data-targets="graph" hidden>
          <label for="cloud">National cloud</label>
          <select id="cloud" name="cloud">
            <option value="global" selected>Global (graph.microsoft.com)</option>
            <option value="usgov">US Government L4 (graph.microsoft.us)</option>
            <option value="dod">US Government L5 DoD (dod-graph.microsoft.us)</option>
            <option value="china">China, 21Vianet (microsoftgraph.chinacloudapi.cn)</option>
          </select>
        </div>
        <div data-targets="custom" hidden>
          <label for="base-url">Base URL <small>(the Graph root; the version and path are added)</small></label>
          <input id="base-url" name="base-url" class="mono" spellcheck="false" placeholder="https://proxy.example/graph">
        </div>
      </fieldset>
      <label for="call-id">Call id</label>
      <input id="call-id" name="call-id" class="mono" spellcheck="false" value="57dab8b1-894c-409a-b240-bd8beae78896">
      <label for="client-context">clientContext <small>(optional, at most 256 characters)</small></label>
      <input id="client-context" name="client-context" class="mono" spellcheck="false" value="d45324c1-fcb5-430a-902c-f20af696537c">
      <div class="row3">
        <div>
          <label for="version">API version</label>
          <select id="version" name="version">
            <option value="v1.0" selected>v1.0</option>
            <option value="beta">beta</option>
          </select>
        </div>
        <div>
          <label for="path-style">Path</label>
          <select id="path-style" name="path-style">
            <option value="communications" selected>/communications</option>
            <option value="app">/app (deprecated)</option>
          </select>
        </div>
        <div>
          <label for="timeout">Timeout (s)</label>
          <input id="timeout" name="timeout" type="number" min="1" max="600" step="1" value="30">
        </div>
      </div>
      <label for="token">Bearer token <small>(kept in this page's memory only; the mock accepts any non-empty token)</small></label>
      <input id="token" type="password" class="mono" spellcheck="false" autocomplete="off" value="mock-token">
      <div id="token-panel" aria-live="polite"></div>
      <div id="compose-problems" aria-live="polite"></div>
      <div class="actions">
        <button id="send" type="button" class="primary" disabled>Send</button>
        <button id="abort" type="button" hidden>Abort</button>
        <span id="sending" hidden><span class="spinner" aria-hidden="true"></span> sending… <span id="elapsed">0 ms</span></span>
      </div>
    </form>
    <div class="compose-out">
      <h3>Request preview</h3>
      <pre id="preview" class="mono preview" aria-live="polite" tabindex="0" aria-label="Request preview"></pre>
      <div class="snippet-head">
        <label for="snippet-format">Snippet</label>
        <select id="snippet-format" name="snippet-format"></select>
        <button id="copy-snippet" type="button" class="small">Copy</button>
      </div>
      <pre id="snippet" class="mono preview snippet" tabindex="0" aria-label="Snippet"></pre>
      <div class="exports">
        <button id="export-curl" type="button" class="small">Copy as curl</button>
        <button id="export-http" type="button" class="small">Download .http</button>
        <button id="export-har" type="button" class="small" disabled title="Send a request first">Download HAR</button>
      </div>
      <div id="export-status" class="export-status" aria-live="polite"></div>
      <div class="permalink">
        <button id="compose-permalink" type="button" class="small">Permalink</button>
        <label for="compose-permalink-link" class="visually-hidden">Permalink to these inputs</label>
        <input id="compose-permalink-link" class="mono share-link" readonly hidden>
        <span id="compose-permalink-status" role="status"></span>
      </div>
      <details id="teaching-notes" class="teaching-notes">
        <summary>Notes on the docs</summary>
        <div id="teaching-notes-list"></div>
      </details>
    </div>
  </div>
  <div id="result" class="result" aria-live="polite"></div>
`;

const DECODE = `
  <h2 id="decode-title">Decode</h2>
  <p id="decode-link-problem" class="failure" role="alert" hidden></p>
  <p class="hint">Paste what your bot logged: a <code>commsNotifications</code> batch, an operation, an HTTP response or request with its headers, or a Graph error. It is decoded as you type, in this page; nothing is sent anywhere.</p>
  <div class="toolbar">
    <span id="examples" class="examples" aria-label="Examples"></span>
  </div>
  <div class="columns">
    <div>
      <label for="decode-input" class="visually-hidden">Payload to decode</label>
      <textarea id="decode-input" class="mono decode-input" rows="24" spellcheck="false" placeholder="Paste JSON or an HTTP message here, or drop a file"></textarea>
      <div class="toolbar">
        <label class="inline"><input id="decode-strict" type="checkbox"> strict (comments and trailing commas are errors)</label>
        <label class="inline file">Open a file… <input id="decode-file" type="file" accept=".json,.http,.txt,application/json,text/plain"></label>
        <button id="decode-copy-json" type="button" class="small">Copy decoded JSON</button>
        <button id="decode-redact" type="button" class="small" title="Replace tokens, recording URLs, tenant ids and GUIDs by placeholders, the same value by the same placeholder">Redact for sharing</button>
        <button id="decode-permalink" type="button" class="small">Permalink</button>
      </div>
      <div class="permalink">
        <label for="decode-permalink-link" class="visually-hidden">Permalink to this payload</label>
        <input id="decode-permalink-link" class="mono share-link" readonly hidden>
        <span id="decode-permalink-status" role="status"></span>
      </div>
      <p id="decode-redact-status" class="hint" role="status"></p>
    </div>
    <div id="decode-output" class="decode-output" aria-live="polite"></div>
  </div>
`;

const TEACH = `
  <h2 id="teach-title">Teach: what cancelMediaProcessing does to a call's media queue</h2>
  <p class="hint teach-hint">A simulated call, run in this page by the same simulator as <code>mediaops simulate</code>: pick a preset or write a scenario, then play it. Keys: <kbd>Space</kbd> play/pause, <kbd>→</kbd> next event, <kbd>←</kbd> back, <kbd>P</kbd> presenter mode.</p>
  <p id="teach-link-problem" class="failure" role="alert" hidden></p>
  <div class="toolbar">
    <label for="teach-preset" class="inline-label">Preset</label>
    <select id="teach-preset" class="auto"></select>
    <button id="teach-presenter" type="button" class="small" aria-pressed="false" aria-keyshortcuts="P">Presenter mode</button>
    <button id="teach-share" type="button" class="small">Share this moment</button>
    <label for="teach-share-link" class="visually-hidden">Share link</label>
    <input id="teach-share-link" class="mono share-link" readonly hidden>
    <span id="teach-share-status" role="status"></span>
  </div>
  <p id="teach-preset-description" class="hint"></p>
  <div id="teach-player" class="player" role="group" aria-label="Player">
    <button id="teach-back" type="button" aria-keyshortcuts="ArrowLeft">← Back</button>
    <button id="teach-play" type="button" aria-pressed="false" aria-keyshortcuts="Space">Play</button>
    <button id="teach-step" type="button" aria-keyshortcuts="ArrowRight">Step →</button>
    <label for="teach-speed" class="inline-label">Speed</label>
    <select id="teach-speed" class="auto"></select>
    <span class="clock" aria-label="Clock"><span id="teach-clock" class="mono">0.000 s</span> · <span id="teach-position"></span></span>
    <label for="teach-scrub" class="visually-hidden">Clock position</label>
    <input id="teach-scrub" type="range" min="0" max="0" step="50" value="0">
    <span id="teach-stale" class="teach-stale" hidden>The scenario has errors (see below): this is the last run that worked.</span>
  </div>
  <div id="teach-timeline" class="timeline-host"></div>
  <div class="teach-columns">
    <div>
      <h3>The queue at the clock</h3>
      <div id="teach-queue" class="teach-queue"></div>
      <h3>What happened</h3>
      <p id="teach-events-empty" class="hint">Nothing yet: press Play or Step.</p>
      <ol id="teach-events" class="teach-events" aria-live="polite" aria-relevant="additions" aria-label="Requests, caller events and notifications so far"></ol>
    </div>
    <div>
      <h3><label for="teach-scenario">Scenario (JSON steps)</label></h3>
      <textarea id="teach-scenario" class="mono teach-scenario" rows="16" spellcheck="false"></textarea>
      <div id="teach-editor-status" role="status"></div>
      <div id="teach-diagnostics" aria-live="polite"></div>
      <div id="teach-builder" class="builder">
        <fieldset>
          <legend>Add a step</legend>
          <label for="teach-add-kind">Step</label>
          <select id="teach-add-kind">
            <optgroup label="The bot asks">
              <option value="playPrompt">playPrompt</option>
              <option value="recordResponse">recordResponse</option>
              <option value="subscribeToTone">subscribeToTone</option>
              <option value="sendDtmfTones">sendDtmfTones</option>
              <option value="updateRecordingStatus">updateRecordingStatus</option>
              <option value="cancelMediaProcessing">cancelMediaProcessing</option>
              <option value="hangUp">hang up (DELETE the call)</option>
            </optgroup>
            <optgroup label="The caller">
              <option value="pressTone">presses a key</option>
              <option value="speechStarted">starts speaking</option>
              <option value="speechStopped">stops speaking</option>
              <option value="callerHangsUp">hangs up</option>
            </optgroup>
            <optgroup label="Time">
              <option value="advanceMs">advance the clock</option>
            </optgroup>
          </select>
          <div data-field="clientContext"><label for="teach-add-clientContext">clientContext</label><input id="teach-add-clientContext" class="mono" value="step-1"></div>
          <div data-field="uri"><label for="teach-add-uri">Prompt URI</label><input id="teach-add-uri" class="mono" value="https://cdn.contoso.com/prompt.wav"></div>
          <div data-field="durationMs"><label for="teach-add-durationMs">durationMs <small>(how long the prompt plays)</small></label><input id="teach-add-durationMs" type="number" min="0" step="100" value="3000"></div>
          <div data-field="maxRecordDurationInSeconds"><label for="teach-add-maxRecordDurationInSeconds">maxRecordDurationInSeconds</label><input id="teach-add-maxRecordDurationInSeconds" type="number" min="1" value="10"></div>
          <div data-field="initialSilenceTimeoutInSeconds"><label for="teach-add-initialSilenceTimeoutInSeconds">initialSilenceTimeoutInSeconds</label><input id="teach-add-initialSilenceTimeoutInSeconds" type="number" min="1" value="5"></div>
          <div data-field="maxSilenceTimeoutInSeconds"><label for="teach-add-maxSilenceTimeoutInSeconds">maxSilenceTimeoutInSeconds</label><input id="teach-add-maxSilenceTimeoutInSeconds" type="number" min="1" value="5"></div>
          <div data-field="stopTones"><label for="teach-add-stopTones">stopTones <small>(comma-separated, e.g. #, *)</small></label><input id="teach-add-stopTones" class="mono" value="#"></div>
          <div data-field="bargeInAllowed"><label class="inline"><input id="teach-add-bargeInAllowed" type="checkbox"> bargeInAllowed</label></div>
          <div data-field="playBeep"><label class="inline"><input id="teach-add-playBeep" type="checkbox" checked> playBeep</label></div>
          <div data-field="tones"><label for="teach-add-tones">tones <small>(comma-separated)</small></label><input id="teach-add-tones" class="mono" value="1, 2, pound"></div>
          <div data-field="recordingStatus"><label for="teach-add-recordingStatus">status</label><select id="teach-add-recordingStatus"><option>recording</option><option>notRecording</option><option>failed</option></select></div>
          <div data-field="tone"><label for="teach-add-tone">Key</label><input id="teach-add-tone" class="mono" value="#"></div>
          <div data-field="ms"><label for="teach-add-ms">Milliseconds</label><input id="teach-add-ms" type="number" min="0" step="100" value="1000"></div>
          <button id="teach-add" type="button" class="small">Append the step</button>
        </fieldset>
      </div>
      <details id="teach-notes" class="teach-notes" open>
        <summary>How the simulator decides</summary>
        <div id="teach-notes-list"></div>
      </details>
    </div>
  </div>
`;

const TEMPLATES = { compose: COMPOSE, decode: DECODE, teach: TEACH };

/** The attributes that hold an id or a list of ids: prefixed together with the ids they name. */
const ID_REFS = ["id", "for", "aria-controls", "aria-labelledby", "aria-describedby", "list"];

/** The markup of `view` (`compose`, `decode` or `teach`) as a fragment, every id and id reference
 * prefixed with `prefix`. */
export function instantiate(view, prefix) {
  // Only the three constants of this module are ever parsed as markup, never data (see the head
  // of this file): any other name, `constructor` included, is refused here, at the one sink.
  if (!Object.hasOwn(TEMPLATES, view)) throw new Error(`there is no view '${String(view)}'`);
  const template = document.createElement("template");
  template.innerHTML = TEMPLATES[view];
  const fragment = template.content;
  if (prefix) {
    const selector = ID_REFS.map((name) => `[${name}]`).join(",");
    for (const node of fragment.querySelectorAll(selector)) {
      for (const name of ID_REFS) {
        const value = node.getAttribute(name);
        if (value) node.setAttribute(name, value.split(/\s+/).map((id) => prefix + id).join(" "));
      }
    }
  }
  return fragment;
}

/** The lookups of one instance: `$(name)` is its element of bare id `name` and `id(name)` the
 * prefixed id for an element it creates. */
export function scope(root, prefix) {
  const id = (name) => prefix + name;
  const $ = (name) => root.querySelector(`#${CSS.escape(id(name))}`);
  return { $, id };
}
