import type { Answer } from './answer.js';
import type { IdempotencyStore } from './idempotencyStore.js';
/** How long keys and claims live, and how long a repeat waits for the first request's answer. */
export interface OnceTimes {
    answerTtlMs: number;
    pendingTtlMs: number;
    waitMs: number;
}
/**
 * The first answer for a key (`replayed` when this request did not make it), `busy` while the
 * first request still runs, or `conflict` when the key was used for another body.
 */
export type OnceResult = {
    answer: Answer;
    replayed: boolean;
} | {
    busy: true;
} | {
    conflict: true;
};
/**
 * Runs each key's work once. A repeat gets the kept first answer; a repeat while the first still
 * runs waits for it (in this process: its promise; elsewhere: the store, polled) up to `waitMs`,
 * then is `busy`. Only final answers are kept: one the browser would retry frees the key.
 */
export declare function createOnce(store: IdempotencyStore, times: OnceTimes, report: (error: unknown) => void): (key: string, bodyHash: string, work: () => Promise<Answer>) => Promise<OnceResult>;
