/** localStorage keys of the outbox (an event's key and record: `record.ts`). */
/** Every key the outbox writes starts so (consent refused removes them all). */
export const KEY_PREFIX = 'dub_track_';
/** One key per live tab holding events: its heartbeat (see `createLeases`). */
export const TAB_KEY_PREFIX = 'dub_track_tab:';
/** The outcome a tab left for the page whose raw call it sent (see `settleLate` in the engine). */
export const OUTCOME_KEY_PREFIX = 'dub_track_outcome:';

/** Every localStorage key the outbox wrote (none when storage is blocked). */
export function ownKeys(): string[] {
  try {
    return Object.keys(localStorage).filter((key) => key.startsWith(KEY_PREFIX));
  } catch {
    return [];
  }
}
