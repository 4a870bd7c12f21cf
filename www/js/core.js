// The one wrapper every wasm call goes through: loads the module once and turns what it
// throws into MediaopsError, so views handle a single error shape.
import init, * as wasm from "../pkg/mediaops.js";

/** An error from the core: `.message`, and where known `.line`, `.column`, `.pointer`, `.diagnostics`. */
export class MediaopsError extends Error {
  constructor(cause) {
    super(cause?.message ?? String(cause));
    this.name = "MediaopsError";
    this.line = cause?.line;
    this.column = cause?.column;
    this.pointer = cause?.pointer;
    this.diagnostics = cause?.diagnostics ?? [
      { severity: "error", message: this.message },
    ];
  }
}

let ready;

/** Loads the wasm module (once). */
export function load() {
  ready ??= init();
  return ready;
}

function call(fn, ...args) {
  try {
    return fn(...args);
  } catch (error) {
    throw new MediaopsError(error);
  }
}

async function callAsync(fn, ...args) {
  try {
    return await fn(...args);
  } catch (error) {
    throw new MediaopsError(error);
  }
}

/** Builds the exact request: `{input, request: {method, url, headers, body}, diagnostics}`. */
export const buildRequest = (input) => call(wasm.buildRequest, input);

/** Decodes a fetched response. */
export const decodeResponse = (status, headers, body) =>
  call(wasm.decodeResponse, status, headers, body);

/** Sends the request with the token (kept in memory) and resolves to the response and its decoding. */
export const sendRequest = (input, token, signal) =>
  callAsync(wasm.sendRequest, input, token, signal);
