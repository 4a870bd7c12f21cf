// The types of <mediaops-playground> (element.js), as the npm package's `mediaops/element`.
// Written by hand: the element is JavaScript. The values it hands out (a decoding, a request)
// are the module's own types, generated from the Rust types, so they cannot drift.
import type {
  ApiVersion,
  Cloud,
  Decoded,
  FailureKind,
  Header,
  HttpRequest,
  PathStyle,
} from "../pkg/mediaops.js";

/** The view an element shows (`mode` attribute; `compose` when absent or unknown). */
export type PlaygroundMode = "compose" | "decode" | "teach";
/** `theme`: `auto` follows `prefers-color-scheme` and `prefers-contrast`. */
export type PlaygroundTheme = "auto" | "light" | "dark" | "high-contrast";
/** `load`: when the wasm is fetched (once per page, whatever the number of elements). */
export type PlaygroundLoad = "visible" | "interaction" | "eager";
/** Where Compose sends: the in-page simulator (default, nothing leaves the page), the built-in
 * mock of `mediaops serve`, Microsoft Graph, or a custom base URL. */
export type ComposeTarget = "simulator" | "mock" | "graph" | "custom";
/** A Compose field the `locked` attribute can name (space-separated). */
export type LockableField =
  | "call-id"
  | "client-context"
  | "version"
  | "path-style"
  | "target"
  | "cloud"
  | "base-url"
  | "timeout"
  | "snippet-format";

/** The element's attributes and their values, e.g. for a JSX `IntrinsicElements` entry. */
export interface MediaopsPlaygroundAttributes {
  mode?: PlaygroundMode;
  /** Compose: the initial call id. */
  "call-id"?: string;
  /** Compose: the initial `clientContext`. */
  "client-context"?: string;
  /** Compose: the initial API version. */
  version?: ApiVersion;
  /** Compose: `simulator`, `mock`, `graph`, or an `http(s)://` base URL. */
  target?: "simulator" | "mock" | "graph" | `http://${string}` | `https://${string}`;
  /** Compose: the fields a reader cannot change, space-separated. */
  locked?: string;
  /** Decode: a same-origin URL of the sample payload (else a child
   * `<script type="application/json">`). */
  src?: string;
  /** Teach: the preset to open, e.g. `cancel-during-prompt`. */
  preset?: string;
  theme?: PlaygroundTheme;
  load?: PlaygroundLoad;
}

/** Compose's state (never the token). */
export interface ComposeState {
  callId: string;
  clientContext: string;
  version: ApiVersion;
  pathStyle: PathStyle;
  target: ComposeTarget;
  cloud: Cloud;
  baseUrl: string;
  /** The timeout field's text, in seconds (e.g. "30"), as the reader typed it. */
  timeoutSeconds: string;
  /** The snippet format's id (`renderSnippet`'s `format`). */
  snippet: string;
}

/** Decode's state. */
export interface DecodeState {
  payload: string;
  strict: boolean;
  view: "cards" | "pretty";
}

/** Teach's state: the scenario and the clock. */
export interface TeachState {
  presetId: string | null;
  scenario: string;
  clockMs: number;
  /** How many events are shown at the clock. */
  shown: number;
}

/** `mediaops-ready`: the view is wired and the wasm loaded. */
export interface ReadyDetail {
  mode: PlaygroundMode;
}

/** `mediaops-change`: the whole state after a change, by view. */
export type ChangeDetail =
  | { mode: "compose"; state: ComposeState }
  | { mode: "decode"; state: DecodeState }
  | { mode: "teach"; state: TeachState };

/** `mediaops-send`: one Compose send and its outcome. */
export interface SendDetail {
  mode: "compose";
  target: ComposeTarget;
  /** The request as sent, `Authorization` shown as `Bearer {token}`. */
  request: HttpRequest;
  /** The answer, or null when there was none (`failure` says why). */
  response: { status: number; statusText: string; headers: Header[]; body: string } | null;
  ok: boolean;
  summary: string;
  failure: FailureKind | null;
  elapsedMs: number;
}

/** `mediaops-decoded`: a Decode view's decoding, as `decodePayload` returns it. */
export interface DecodedDetail {
  mode: "decode";
  decoded: Decoded;
  /** The decoded text's length in UTF-16 code units. */
  inputLength: number;
}

/** The element's events (they bubble and cross the shadow boundary). */
export interface MediaopsPlaygroundEventMap {
  "mediaops-ready": CustomEvent<ReadyDetail>;
  "mediaops-change": CustomEvent<ChangeDetail>;
  "mediaops-send": CustomEvent<SendDetail>;
  "mediaops-decoded": CustomEvent<DecodedDetail>;
}

/** `<mediaops-playground>`: one view of the playground in its own shadow root. */
export declare class MediaopsPlayground extends HTMLElement {
  /** The view it shows. */
  readonly mode: PlaygroundMode;
  /** The view's whole state (as `mediaops-change` reports it), or null before it has loaded. */
  readonly state: ComposeState | DecodeState | TeachState | null;
  /** Loads the wasm (once per page) and wires the view now, whatever `load` says. */
  start(): Promise<void>;
  addEventListener<K extends keyof MediaopsPlaygroundEventMap>(
    type: K,
    listener: (this: MediaopsPlayground, event: MediaopsPlaygroundEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: MediaopsPlayground, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof MediaopsPlaygroundEventMap>(
    type: K,
    listener: (this: MediaopsPlayground, event: MediaopsPlaygroundEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: MediaopsPlayground, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "mediaops-playground": MediaopsPlayground;
  }
  // The events bubble and are composed: a page can listen on `document` too.
  interface DocumentEventMap extends MediaopsPlaygroundEventMap {}
}
