/** localStorage keys of the outbox: one key per event, so tabs never overwrite each other's events. */
/** Every key the outbox writes starts so (consent refused removes them all). */
export const KEY_PREFIX = 'dub_track_';
export const EVENT_KEY_PREFIX = 'dub_track_event:';
export const LEASE_KEY_PREFIX = 'dub_track_lease:';

/** Whether events from an earlier page wait in the outbox (checked by the core on every page). */
export function hasWaitingEvents(): boolean {
  try {
    return Object.keys(localStorage).join().includes(EVENT_KEY_PREFIX);
  } catch {
    return false;
  }
}
