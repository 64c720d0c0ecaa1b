import { type Problem, type TrackerOptions } from './config/options.js';
import type { ChunkLoader, CreateEngine, CreatePartner, Tracker } from './contract.js';
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
export declare function wireTracker(given: TrackerOptions, loadEngine: () => Promise<CreateEngine>, problems: Problem[], loadPartner: () => Promise<CreatePartner>, dubAnalytics?: unknown, load?: ChunkLoader): Tracker;
