/**
 * The outcome a tab that replayed another page's raw call leaves for that page, in case its
 * engine is still coming (`late.ts` reads it): the result, or the error that ended the event.
 */
import type { Store } from '../outbox/store.js';
import type { ErrorData } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';
/** How long the outcome of another page's raw call waits for that page's late engine. */
export declare const OUTCOME_MS: number;
export interface Outcome {
    at: number;
    result?: TrackResult;
    error?: ErrorData;
}
/** Leaves the outcome of another page's raw call where that page's late engine looks. */
export declare const leaveOutcome: (store: Store, id: string, outcome: Omit<Outcome, 'at'>) => boolean;
/** The outcome left for event `id`, or `null` (none, or unreadable). */
export declare const readOutcome: (store: Store, id: string) => Outcome | null;
/** The late page took the outcome left for event `id`. */
export declare const removeOutcome: (store: Store, id: string) => void;
/** Removes the outcomes no late page came for within OUTCOME_MS (a whole-storage read). */
export declare const sweepOutcomes: (store: Store) => void;
