/**
 * The outcome a tab that replayed another page's raw call leaves for that page, in case its
 * engine is still coming (`late.ts` reads it): the result, or the error that ended the event.
 */

import { OUTCOME_KEY_PREFIX } from '../outbox/keys.js';
import { readJson } from '../outbox/record.js';
import type { Store } from '../outbox/store.js';
import type { ErrorData } from '../outcome/errorData.js';
import type { TrackResult } from '../outcome/events.js';

/** How long the outcome of another page's raw call waits for that page's late engine. */
export const OUTCOME_MS = 10 * 60_000;

export interface Outcome {
  at: number;
  result?: TrackResult;
  error?: ErrorData;
}

/** Leaves the outcome of another page's raw call where that page's late engine looks. */
export const leaveOutcome = (store: Store, id: string, outcome: Omit<Outcome, 'at'>) =>
  store.set(OUTCOME_KEY_PREFIX + id, JSON.stringify({ at: Date.now(), ...outcome }));

/** The outcome left for event `id`, or `null` (none, or unreadable). */
export const readOutcome = (store: Store, id: string) =>
  readJson<Outcome>(store.get(OUTCOME_KEY_PREFIX + id));

/** The late page took the outcome left for event `id`. */
export const removeOutcome = (store: Store, id: string) => store.remove(OUTCOME_KEY_PREFIX + id);

/** Removes the outcomes no late page came for within OUTCOME_MS (a whole-storage read). */
export const sweepOutcomes = (store: Store) => {
  const now = Date.now();
  for (const key of store.keys(OUTCOME_KEY_PREFIX))
    if (!((readJson<Outcome>(store.get(key))?.at ?? 0) > now - OUTCOME_MS)) store.remove(key);
};
