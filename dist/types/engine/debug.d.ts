/**
 * What debug mode prints: every `ConfigError`, every dropped event and every ignored option, each
 * with what to change, and once that dub-track is installed and with which options. A chunk of its
 * own (`dub-track.debug.<hash>.js`, pinned by the engine's digest): only a page in debug mode
 * downloads these words, and the engine waits for them before it starts there.
 */
import type { CookieOptions, TrackerOptions } from '../config/options.js';
import type { EventKind } from '../outcome/DubTrackError.js';
import type { Emit } from '../outcome/events.js';
/** Prints one warning, prefixed. */
declare const warn: (message: string) => void;
/**
 * The options given that no part of the tracker reads, each with the known name closest to it:
 * debug mode reports them (a typo such as `publishableKye` would otherwise go unnoticed).
 */
export declare function ignoredOptions(options: TrackerOptions, known: string[]): string[];
export declare const debug: {
    warn: typeof warn;
    ignoredOptions: typeof ignoredOptions;
    /**
     * The engine's `emit`, which also prints every `ConfigError` and every event dropped (an error
     * after which nothing sends it again; kept in memory, it is still sent by this page).
     */
    emit: (emit: Emit) => Emit;
    /** The one line as the engine starts: which version runs, where events go, with which options. */
    announce: (apiHost: string, options: TrackerOptions) => void;
    /**
     * What debug mode says of the options as the engine reads them: each option nothing reads is
     * reported (`report`), and an option accepted that cannot work as asked is warned about.
     */
    options(options: TrackerOptions, cookieOptions: CookieOptions | undefined, known: string[], report: (message: string) => void): void;
    /** A sale for Dub's API without `invoiceId` (the checked body of a call of `kind`, as JSON). */
    noInvoice: (isDub: boolean, kind: EventKind, body: string) => void;
    /** Dub's 200 for a sale it did not record (`{"sale": null}`), with the likely reason. */
    unrecorded: (id: string, body: string) => void;
};
export type Debug = typeof debug;
export {};
