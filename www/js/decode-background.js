// Decoding large pastes in a Web Worker (decode-worker.js), newest request first: a newer decode,
// or `cancel()`, stops an older one that is still running (its worker is terminated, its answer
// never delivered). Where a worker cannot start (no module workers, a CSP without worker-src),
// the page decodes on its own thread instead: slower, never lost.
import * as core from "./core.js";

/** From this many characters a paste is decoded in the worker; smaller ones decode at once. */
export const BACKGROUND_FROM_CHARS = 500_000;

/** After a paste of this many characters the worker is let go, with the memory it grew to. */
const RELEASE_FROM_CHARS = 8_000_000;

/** One background decoder (one worker, started on first use). */
export function backgroundDecoder() {
  let worker = null;
  let running = false;
  let latest = 0;

  /** Supersedes whatever is running: its promise never settles. */
  function cancel() {
    latest += 1;
    if (running) {
      worker?.terminate();
      worker = null;
      running = false;
    }
  }

  /**
   * Decodes `text` in the worker. `onFirst(early)` may be called first, with the first `shown`
   * resources (an overview with `complete: false`). Resolves to `{decoded, whole}`: `decoded` is
   * what the view draws (a complete overview), `whole` a promise of the whole decoding's JSON
   * text, which the worker goes on to write; where no worker runs, `decoded` is the whole
   * decoding itself and `whole` is null. Rejects with a MediaopsError.
   */
  function decode(text, strict, pretty, { shown, onFirst } = {}) {
    cancel();
    const id = latest;
    // Here, on the page's thread, the whole decoding is all there is.
    const decodeHere = () => ({ decoded: core.decodeText(text, strict, pretty), whole: null });
    return new Promise((resolve, reject) => {
      try {
        worker ??= new Worker(new URL("./decode-worker.js", import.meta.url), { type: "module" });
      } catch {
        resolve(decodeHere());
        return;
      }
      let settleWhole = null;
      const whole = new Promise((resolveWhole, rejectWhole) => (settleWhole = { resolveWhole, rejectWhole }));
      let drawn = false;
      const mine = worker;
      running = true;
      mine.onmessage = ({ data }) => {
        if (data.id !== id || id !== latest) return;
        if (data.first) {
          onFirst?.(data.first);
        } else if (data.overview) {
          drawn = true;
          resolve({ decoded: data.overview, whole });
        } else if (data.json !== undefined) {
          running = false;
          settleWhole.resolveWhole(data.json);
          // A wasm module's memory never shrinks: after a very large paste the worker goes, and
          // the next large paste starts a fresh one (its module is cached).
          if (text.length >= RELEASE_FROM_CHARS) {
            mine.terminate();
            if (mine === worker) worker = null;
          }
        } else {
          running = false;
          const error = new core.MediaopsError(data.error);
          drawn ? settleWhole.rejectWhole(error) : reject(error);
        }
      };
      // The worker itself failed (not the decoding): decode here rather than lose the paste.
      mine.onerror = (event) => {
        event.preventDefault();
        if (mine === worker) worker = null;
        running = false;
        mine.terminate();
        if (id !== latest) return;
        try {
          if (drawn) settleWhole.resolveWhole(core.decodeTextJson(text, strict, pretty));
          else resolve(decodeHere());
        } catch (error) {
          drawn ? settleWhole.rejectWhole(error) : reject(error);
        }
      };
      mine.postMessage({ id, text, strict, pretty, shown });
    });
  }

  return { decode, cancel };
}
