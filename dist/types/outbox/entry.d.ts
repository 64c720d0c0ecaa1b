import type { DubTrackErrorName, EventKind } from '../outcome/DubTrackError.js';
/** One event as the outbox keeps it (JSON in localStorage, or in memory). */
export interface OutboxEntry {
    /** The event id: UUID, idempotency key, never changes. */
    id: string;
    kind: EventKind;
    /** When the event was accepted (ms since epoch); it expires 7 days later. */
    createdAt: number;
    /** Attempts made so far, over every page load. */
    attempts: number;
    /** The validated request body, exactly as sent. */
    body?: string;
    /** A call kept before it could be validated (the engine failed to load); validated on replay. */
    input?: unknown;
    /** Not before this time (ms since epoch): a long `Retry-After`. */
    notBefore?: number;
    /** Why the last attempt failed. */
    lastError?: DubTrackErrorName;
    /** The tab sending it (its id), valid while that tab's heartbeat lasts. */
    owner?: string;
    /**
     * When its request went on the wire (ms since epoch), while it is there: with `owner` set, on
     * that tab; without, handed over by a page that unloaded with it in flight. Once its page is
     * gone, the next page sends it again after a grace period where a repeat cannot count twice or
     * every attempt so far failed (`attempts`, `lastError`); a first attempt to an endpoint that was
     * answering is taken as delivered, and reported.
     */
    handed?: number;
}
