import { createClickCapture } from './capture/clickCapture.js';
import type { TrackerOptions } from './config/options.js';
import type { ConsentState, CreateEngine, Engine, EngineHost } from './engine/contract.js';
import type { OutboxEntry } from './outbox/entry.js';
import { EVENT_KEY_PREFIX, hasWaitingEvents, KEY_PREFIX } from './outbox/keys.js';
import { DubTrackError, type EventKind } from './outcome/DubTrackError.js';
import { createEventId } from './outcome/eventId.js';
import {
  createEmitter,
  type TrackerEvents,
  type TrackerEventType,
  type TrackResult,
} from './outcome/events.js';
import type { CustomerInput, LeadInput, SaleInput } from './validation/schemas.js';

declare const __VERSION__: string;

/** The tracker: `window.dubTrack`, or what `createTracker()` returns. */
export interface Tracker {
  /** Records a lead (sign-up, …) for the current click. */
  lead(input: LeadInput): Promise<TrackResult>;
  /** Records a sale; `amount` in the currency's smallest unit. */
  sale(input: SaleInput): Promise<TrackResult>;
  /** Creates or updates the customer behind the current click. */
  customer(input: CustomerInput): Promise<TrackResult>;
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

/** Runs `task` after the page's load event, when the main thread is idle: replay never slows a landing page. */
const whenLoadedAndIdle = (task: () => void) => {
  const idle = () => (self.requestIdleCallback ?? setTimeout)(task);
  if (document.readyState === 'complete') idle();
  else addEventListener('load', idle);
};

/**
 * Wires the stages: configuration, click capture, events, and the engine, which `loadEngine`
 * brings the first time a call (or an event left by an earlier page) needs it. Both builds call
 * this; everything here is paid for by every page, so validation and delivery live in the engine.
 */
export function wireTracker(
  options: TrackerOptions,
  loadEngine: () => Promise<CreateEngine>,
  configErrors: DubTrackError[] = [],
): Tracker {
  const { emit, on } = createEmitter();
  const inBrowser = typeof document === 'object';
  // Values are checked (and reported) by the engine; the core only needs a safe reading.
  const model = options.attributionModel === 'first-click' ? 'first-click' : 'last-click';
  let consent: ConsentState = options.consent === 'pending' ? 'pending' : 'granted';
  const cookieOptions = { ...options.cookieOptions };
  const persistent = () => consent === 'granted';
  const clicks = inBrowser
    ? createClickCapture({
        model,
        cookieOptions,
        persistent,
        onInvalid: (value) =>
          options.debug && emit('error', new DubTrackError('ConfigError', `bad dub_id: ${value}`)),
      })
    : null;
  const getClickId = () => (consent === 'denied' ? null : (clicks?.get() ?? null));
  const host: EngineHost = { options, emit, DubTrackError, getClickId, consent: () => consent };

  let engine: Promise<Engine> | undefined;
  const ensureEngine = () =>
    (engine ??= loadEngine().then(
      (create) => create(host),
      (error) => {
        engine = undefined;
        throw error;
      },
    ));

  /**
   * Gives a call its event id and keeps its raw input in the outbox before the engine is asked
   * for: a page left before the engine loads (or an engine that fails to) loses nothing.
   */
  const keep = (kind: EventKind, input: unknown) => {
    const entry: OutboxEntry = {
      id: createEventId(),
      kind,
      createdAt: Date.now(),
      attempts: 0,
      input,
    };
    let willRetry = false;
    try {
      if (persistent()) {
        localStorage.setItem(EVENT_KEY_PREFIX + entry.id, JSON.stringify(entry));
        willRetry = true;
      }
    } catch {}
    return { kind, eventId: entry.id, willRetry };
  };

  const track =
    <I>(kind: EventKind) =>
    (input: I): Promise<TrackResult> => {
      // The engine sends the call under the same id (and drops the entry if the input is invalid).
      const kept = keep(kind, input);
      return ensureEngine().then(
        (ready) => ready.track(kind, input, kept.eventId),
        () => {
          const error = new DubTrackError(
            'NetworkError',
            'the dub-track engine failed to load',
            kept,
          );
          emit('error', error);
          throw error;
        },
      );
    };

  /** Events left by an earlier page (or a failed engine load): the engine replays them as it starts. */
  const replay = () => persistent() && hasWaitingEvents() && ensureEngine().catch(() => {});

  if (inBrowser) {
    setTimeout(() => {
      for (const error of configErrors) emit('error', error);
      whenLoadedAndIdle(replay);
    });
    addEventListener('online', replay);
  }

  return {
    lead: track<LeadInput>('lead'),
    sale: track<SaleInput>('sale'),
    customer: track<CustomerInput>('customer'),
    on,
    getClickId,
    consent(granted) {
      consent = granted ? 'granted' : 'denied';
      if (granted) clicks?.persist();
      else {
        clicks?.forget();
        // Events and leases an earlier page left go too, even if this page never loads the engine.
        try {
          for (const key of Object.keys(localStorage))
            if (key.startsWith(KEY_PREFIX)) localStorage.removeItem(key);
        } catch {}
      }
      engine?.then((ready) => ready.consent(granted));
    },
    flush: () => ensureEngine().then((ready) => ready.flush()),
    version: __VERSION__,
  };
}
