import { type TrackerOptions } from './config/options.js';
import type { CreateEngine, Problem } from './engine/contract.js';
import { type CustomerResult, type LeadResult, type SaleResult, type TrackerEvents, type TrackerEventType } from './outcome/events.js';
import type { ChunkLoader, CreatePartner } from './partner/contract.js';
import type { CustomerInput, LeadInput, SaleInput } from './validation/inputs.js';
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
export declare function wireTracker(given: TrackerOptions, loadEngine: () => Promise<CreateEngine>, problems: Problem[], loadPartner: () => Promise<CreatePartner>, dubAnalytics?: unknown, load?: ChunkLoader): Tracker;
