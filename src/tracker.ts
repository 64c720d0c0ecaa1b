import { createClickCapture } from './capture/clickCapture.js';
import { type CookieOptions, isOn, type Problem, type TrackerOptions } from './config/options.js';
import type {
  ChunkLoader,
  ConsentState,
  CreateEngine,
  CreatePartner,
  Engine,
  Partner,
  PartnerHost,
  Tracker,
} from './contract.js';
import type { OutboxEntry } from './outbox/entry.js';
import { ownKeys } from './outbox/keys.js';
import { LEFT_PREFIX, RECORD_FAMILY, RECORD_PREFIX } from './outbox/record.js';
import {
  DubTrackError,
  type DubTrackErrorFields,
  type EventKind,
} from './outcome/DubTrackError.js';
import { createEventId } from './outcome/eventId.js';
import {
  type CustomerResult,
  createEmitter,
  type LeadResult,
  type SaleResult,
} from './outcome/events.js';
import type { CustomerInput, LeadInput, SaleInput } from './validation/inputs.js';

/** `true` in the `<script>` builds, which run in a browser only (set by scripts/build.mjs). */
declare const __CLASSIC_SCRIPT__: boolean;

declare const __VERSION__: string;

export type { Tracker };

/**
 * Wires the stages: configuration, click capture, events, and the engine, which `loadEngine`
 * brings the first time a call (or an event left by an earlier page) needs it. Both builds call
 * this; everything here is paid for by every page, so validation, delivery and the checking and
 * reporting of options live in the engine. `problems` are configuration mistakes found while
 * reading the options (malformed JSON): a page that has any loads the engine to report them, as
 * does debug mode on every page (so that every option is checked at once). `loadPartner` brings
 * Dub's landing-page features (partner links, site visits, outbound links, and the `dubAnalytics`
 * global where `dubAnalytics` says the page has Dub's stub) only to the pages that use them.
 */
export function wireTracker(
  given: TrackerOptions,
  loadEngine: () => Promise<CreateEngine>,
  problems: Problem[],
  loadPartner: () => Promise<CreatePartner>,
  dubAnalytics?: unknown,
  load?: ChunkLoader,
): Tracker {
  // Own properties only (the engine copies nested options the same way, see own.ts): the
  // defaults are this script's, never a prototype's.
  // Without a prototype: see src/defences/README.md.
  const options = { __proto__: null, ...given } as TrackerOptions;
  const [emit, on] = createEmitter();
  const debug = isOn(options.debug);
  // The engine checks and reports these values; the core only needs a safe reading.
  let consent: ConsentState = options.consent === 'pending' ? 'pending' : 'granted';
  const persistent = () => consent === 'granted';

  let engine: Promise<Engine> | undefined;
  const call: EngineCall = (method, fields) => {
    engine ??= loadEngine().then((create) => create(host));
    return engine.then(method, () => {
      engine = undefined;
      const error = new DubTrackError(
        'NetworkError',
        'dub-track: the engine failed to load',
        fields,
      );
      emit('error', error);
      throw error;
    });
  };
  /**
   * Problems are reported and earlier pages' events replayed by the engine as it starts; a page
   * that asks for it (`preload: 'engine'`) has the engine ready before its first call.
   */
  const start = () =>
    (debug || problems[0] || options.preload === 'engine' || (persistent() && eventsKept())) &&
    // `report` takes the problem alone (map's index and list are ignored).
    call((ready) => problems.splice(0).map(ready.report)).catch(() => {});

  // In a browser: always in the `<script>` builds, where the check folds away.
  const clicks =
    __CLASSIC_SCRIPT__ || typeof document === 'object'
      ? createClickCapture(
          options.attributionModel,
          { __proto__: null, ...options.cookieOptions } as CookieOptions,
          persistent,
          (value) => debug && problems.push(['clickId', value]) && engine && start(),
        )
      : null;
  const getClickId = () => (consent === 'denied' ? null : (clicks?.get() ?? null));
  // One host for the engine and the partner gate (which is also given `tracker`, below).
  const host = {
    options,
    emit,
    DubTrackError,
    getClickId,
    consent: () => consent,
    load,
    setClickId: clicks?.set,
  } as PartnerHost;
  let partner: Promise<Partner> | undefined;
  /** Loads the partner chunk where the page needs it, then lets it do what it may with the consent given. */
  const land = () => {
    // Any page of a site that set Dub's domains: each may be a landing, link to an outbound
    // domain, or show partner data; the chunk does what the page needs.
    if (!clicks) return;
    if (!dubAnalytics && !(persistent() && (options.domainsConfig || options.shortDomain))) return;
    partner ??= loadPartner().then((create) => create(host));
    partner.then(
      (run) => run(),
      () => {
        partner = undefined;
      },
    );
  };
  const track = rawCalls(persistent, call);
  if (__CLASSIC_SCRIPT__ || typeof document === 'object') {
    // Once the page is idle: replay never slows a landing page. Where the browser has no
    // requestIdleCallback (WebKit), an element id="requestIdleCallback" owns the name: typeof.
    (typeof requestIdleCallback === 'function' ? requestIdleCallback : setTimeout)(start);
    addEventListener('online', start);
    markLeaving();
  }

  const tracker: Tracker = {
    lead: track<LeadInput, LeadResult>('lead'),
    sale: track<SaleInput, SaleResult>('sale'),
    customer: track<CustomerInput, CustomerResult>('customer'),
    on,
    getClickId,
    consent(granted) {
      consent = granted ? 'granted' : 'denied';
      if (granted) {
        clicks?.persist();
        land();
      } else {
        clicks?.forget();
        // Events and leases an earlier page left go too, even if this page never loads the engine.
        ownKeys().map((key) => localStorage.removeItem(key));
      }
      engine?.then((ready) => ready.consent(granted));
    },
    flush: () => call((ready) => ready.flush()),
    version: __VERSION__,
  };
  host.tracker = tracker;
  land();
  return tracker;
}

/** Whether an earlier page (of any version) left events in the outbox. */
const eventsKept = () => ownKeys().some((key) => key.startsWith(RECORD_FAMILY));

/** Raw calls kept for an engine that has not taken them yet (event ids), of every tracker on the page. */
const untaken = new Set<string>();

/** Runs `method` of the engine, loading it first if needed; a failed load is a `NetworkError`. */
type EngineCall = <R>(
  method: (ready: Engine) => R | PromiseLike<R>,
  fields?: DubTrackErrorFields,
) => Promise<R>;

/**
 * The tracker's `lead`, `sale` and `customer`: each call gets its event ID and is kept raw in the
 * outbox before the engine is asked for (`call`): a page left before the engine loads (or an
 * engine that fails to) loses nothing. The engine sends it under the same id (and drops it if the
 * input is invalid).
 */
const rawCalls =
  (persistent: () => boolean, call: EngineCall) =>
  <I, R>(kind: EventKind) =>
  (input: I): Promise<R> => {
    const eventId = createEventId();
    let willRetry = false;
    try {
      // Not on a page whose arrays have a `toJSON` (Prototype.js): JSON.stringify would keep
      // metadata bent ("a, b" for ['a', 'b']). The engine keeps the body, written without it.
      // (A customer bound for Dub's API, which has no endpoint for it, is kept too: the engine
      // refuses it and removes it, here or on the next page whose engine loads.)
      if (persistent() && !([] as { toJSON?: unknown }).toJSON) {
        const entry: OutboxEntry = { id: eventId, kind, createdAt: Date.now(), attempts: 0, input };
        // The record as `recordKey` and `encode` write it (written out: terser would wrap each
        // call in a closure).
        localStorage.setItem(RECORD_PREFIX + eventId, JSON.stringify(entry));
        untaken.add(eventId);
        willRetry = true;
      }
    } catch {}
    return call(
      (ready) => {
        untaken.delete(eventId);
        return ready.track(kind, input, eventId, willRetry) as Promise<R>;
      },
      { kind, eventId, willRetry },
    );
  };

/**
 * A page leaving before its engine took its raw calls marks them abandoned (`LEFT_PREFIX`), so
 * the next page sends them at once. Back from the back/forward cache, the page's late engine
 * finds the mark and settles its call as one another tab may have sent.
 */
function markLeaving() {
  addEventListener('pagehide', () => {
    try {
      for (const id of untaken) localStorage.setItem(LEFT_PREFIX + id, '');
    } catch {}
  });
}
