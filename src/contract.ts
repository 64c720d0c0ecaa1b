// The contracts between the parts of the tracker, in one place: the always-loaded core, the
// lazily loaded engine and partner chunks, and the tracker every build hands the page.
import type { Problem, TrackerOptions } from './config/options.js';
import type { DubTrackError, EventKind } from './outcome/DubTrackError.js';
import type {
  CustomerResult,
  Emit,
  LeadResult,
  SaleResult,
  TrackerEvents,
  TrackerEventType,
  TrackResult,
} from './outcome/events.js';
import type { CustomerInput, LeadInput, SaleInput } from './validation/inputs.js';

/**
 * What the always-loaded core hands the lazily loaded engine. The error class travels with it
 * so that `instanceof DubTrackError` holds even when the engine is a separate script file.
 */
export interface EngineHost {
  options: TrackerOptions;
  emit: Emit;
  DubTrackError: typeof DubTrackError;
  getClickId: () => string | null;
  /** `granted` allows storage and sending; `pending` holds events in memory; `denied` refuses calls. */
  consent: () => ConsentState;
  /** The `<script>` build's loader of this build's other chunks (the ES module imports them). */
  load?: ChunkLoader;
}

export type ConsentState = 'granted' | 'pending' | 'denied';

/** The part of the tracker that validates, keeps and delivers events (ky and valibot live here). */
export interface Engine {
  /**
   * `id`: the event id the core gave the call; `kept`: whether the core kept its raw input under
   * that id (it cannot without consent or storage).
   */
  track: (kind: EventKind, input: unknown, id: string, kept: boolean) => Promise<TrackResult>;
  flush: () => Promise<void>;
  consent: (granted: boolean) => void;
  /** Emits a problem the core found as a `ConfigError` (the messages live here, not in the core). */
  report: (problem: Problem) => void;
}

/** Creates the engine; in debug mode, once debug mode's printing is loaded (a promise then). */
export type CreateEngine = (host: EngineHost) => Engine | Promise<Engine>;

/** The tracker: `window.dubTrack`, or what `createTracker()` returns. */
export interface Tracker {
  /** Records a lead (sign-up, …) for the current click. */
  lead(input: LeadInput): Promise<LeadResult>;
  /** Records a sale; `amount` in the currency's smallest unit. */
  sale(input: SaleInput): Promise<SaleResult>;
  /**
   * Creates or updates the customer behind the current click, through a first-party endpoint
   * (`dub-track/server`) on the page's origin, or on another origin declared with
   * `customerEndpoint: true`. Anywhere else (Dub's API has no browser endpoint for customers) it
   * rejects at once with `ConfigError`, and nothing is sent or kept.
   */
  customer(input: CustomerInput): Promise<CustomerResult>;
  /** Listens to `success`, `error` or `retry`; returns the function that stops listening. */
  on<T extends TrackerEventType>(type: T, handler: (detail: TrackerEvents[T]) => void): () => void;
  /** The click being attributed, or `null`. */
  getClickId(): string | null;
  /** Grants (`true`: persist and send what was held) or refuses (`false`: forget everything) consent. */
  consent(granted: boolean): void;
  /** Tries to deliver every waiting event now. */
  flush(): Promise<void>;
  version: string;
}

/** A partner link to register: Dub's short domain and the link's key (`refer.example.com`, `john`). */
export interface PartnerClick {
  domain: string;
  key: string;
}

/** What the always-loaded core hands the lazily loaded partner chunk: the engine's host and more. */
export interface PartnerHost extends EngineHost {
  /** The tracker that `window.dubAnalytics` forwards to. */
  tracker: Tracker;
  /** Keeps a click ID that Dub gave for a partner link or a site visit, as if the URL had it. */
  setClickId: (id: string) => void;
}

/**
 * Loads a chunk of this build by name, pinned by its digest; resolves with what the chunk put on
 * `window` under `chunkGlobal(name)`.
 */
export type ChunkLoader = (chunk: readonly [name: string, integrity: string]) => Promise<unknown>;

/** Where a classic chunk hands itself to the script that added it: `window['dub-track.<name>']`. */
export const chunkGlobal = (name: string) => `dub-track.${name}`;

/** Puts a classic chunk's export where the script that added it looks for it. */
export const handOverChunk = (name: string, value: unknown) => {
  (window as unknown as Record<string, unknown>)[chunkGlobal(name)] = value;
};

/**
 * Does what this page asks of the chunk that consent allows, each thing once: `window.dubAnalytics`,
 * a partner link or a site visit (the gate: also outbound links and frames). Called again when
 * consent is given.
 */
export type Partner = () => void;

export type CreatePartner = (host: PartnerHost) => Partner;
