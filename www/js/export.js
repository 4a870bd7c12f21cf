// Exports of the composed request and of the last exchange: copy as curl, download as a REST
// Client `.http` file, download as HAR 1.2. The core writes every byte; the token is never in them.
import * as core from "./core.js";
import { el, replace } from "./dom.js";

/** Saves `text` as a file named `filename` through a temporary link. */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started once click() returns; free the blob a little later.
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function say(status, text, failed = false) {
  replace(status, el("span", { class: failed ? "failure-text" : "ok-text" }, text));
}

/**
 * Wires the export buttons of one Compose view (`$` finds its elements). `readInput()` gives the current request inputs (or throws when they
 * are invalid); `lastExchange()` gives the last send, or null before the first.
 */
export function setup($, { readInput, lastExchange }) {
  const status = $("export-status");
  const guarded = (fn) => () => {
    try {
      fn();
    } catch (error) {
      say(status, error.message, true);
    }
  };
  $("export-curl").addEventListener(
    "click",
    guarded(() => {
      const text = core.renderSnippet(readInput(), "curl");
      navigator.clipboard.writeText(text).then(
        () => say(status, "curl command copied; it reads the token from $GRAPH_TOKEN."),
        () =>
          replace(
            status,
            el("span", { class: "failure-text" }, "The browser refused the clipboard; copy it from here:"),
            el("pre", { class: "mono" }, text),
          ),
      );
    }),
  );
  $("export-http").addEventListener(
    "click",
    guarded(() => {
      download("cancelMediaProcessing.http", core.exportRestClient(readInput()), "text/plain");
      say(status, "cancelMediaProcessing.http saved; set the token variable in your REST Client environment.");
    }),
  );
  $("export-har").addEventListener(
    "click",
    guarded(() => {
      download("cancelMediaProcessing.har", core.exportHar(lastExchange()), "application/json");
      say(status, "cancelMediaProcessing.har saved, with the token redacted as Bearer {token}.");
    }),
  );
}
