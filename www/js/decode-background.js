// Decoding large pastes in a Web Worker (decode-worker.js), newest request first: a newer decode,
// or `cancel()`, stops an older one that is still running (its worker is terminated, its answer
// never delivered). Where a worker cannot start (no module workers, a CSP without worker-src),
// the page decodes on its own thread instead: slower, never lost.
import * as core from "./core.js";

/** From this many characters a paste is decoded in the worker; smaller ones decode at once. */
export const BACKGROUND_FROM_CHARS = 500_000;

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

  /** Decodes as core.decodeText does; resolves to the decoding, rejects with a MediaopsError. */
  function decode(text, strict, pretty) {
    cancel();
    const id = latest;
    return new Promise((resolve, reject) => {
      try {
        worker ??= new Worker(new URL("./decode-worker.js", import.meta.url), { type: "module" });
      } catch {
        resolve(core.decodeText(text, strict, pretty));
        return;
      }
      const mine = worker;
      running = true;
      mine.onmessage = ({ data }) => {
        if (data.id !== id || id !== latest) return;
        running = false;
        if (data.error) reject(new core.MediaopsError(data.error));
        else resolve(data.decoded);
      };
      // The worker itself failed (not the decoding): decode here rather than lose the paste.
      mine.onerror = (event) => {
        event.preventDefault();
        if (mine === worker) worker = null;
        running = false;
        mine.terminate();
        if (id !== latest) return;
        try {
          resolve(core.decodeText(text, strict, pretty));
        } catch (error) {
          reject(error);
        }
      };
      mine.postMessage({ id, text, strict, pretty });
    });
  }

  return { decode, cancel };
}
