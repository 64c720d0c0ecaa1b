import { own } from '../defences/own.js';
import type { OutboxEntry } from './entry.js';

/**
 * The outbox record: one event kept in localStorage, written by the core (a raw call, before the
 * engine loads) and by the engine (everything after), and read by every later version. The key
 * says which format the value is in; a version that changes the format takes a new prefix and
 * still reads the older ones here, so that an event kept by the previous release is delivered
 * after an upgrade.
 *
 * - Format 2 (`dub_track_event.v2:<id>`): `OutboxEntry` as JSON; an abandoned raw call's mark
 *   beside it (`LEFT_PREFIX`).
 * - Format 1 (`dub_track_event:<id>`, unversioned): the same JSON, written by releases up to
 *   0.1.0. An older page of that format may still be open in another tab during an upgrade, so a
 *   format-1 record is read where it is and moved to format 2 only when this version first
 *   writes it (a claim, in practice): the older tab then finds it gone, not a copy beside it.
 */

/** Every version's event keys start so: the core looks for any of them to load the engine. */
export const RECORD_FAMILY = 'dub_track_event';
/** The key prefix this version writes. */
export const RECORD_PREFIX = 'dub_track_event.v2:';
/** Format 1's prefix: read, never written. */
export const LEGACY_PREFIX = 'dub_track_event:';

/** The key this version keeps event `id` under. */
export const recordKey = (id: string) => RECORD_PREFIX + id;

/** A record's stored text. */
export const encode = (entry: OutboxEntry) => JSON.stringify(entry);

/**
 * The mark of a raw call whose page left (`pagehide`) before its engine took it: abandoned, no
 * engine of its page is coming, so the next page sends it at once instead of leaving it the grace
 * period (`src/engine/rawGrace.ts`). A key of its own beside the record, written by the core as
 * the page leaves: it never touches the record, which another tab may have taken meanwhile.
 * Removed with the record.
 */
export const LEFT_PREFIX = 'dub_track_left:';

/** The event id a record key of any known format names (both prefixes end at its first colon). */
export const idOf = (key: string) => key.slice(key.indexOf(':') + 1);

/**
 * The event a stored text holds, or `null` (missing, unreadable, or without an id). Own
 * properties only: a prototype's `body`, `input` or `owner` is no part of a kept event.
 */
export const decode = (text: string | null | undefined): OutboxEntry | null => {
  const entry = readJson<OutboxEntry>(text);
  return typeof entry?.id === 'string' ? entry : null;
};

/**
 * What a stored text holds, own properties only, or `null` (missing or unreadable): how every
 * stored record is read (events here, outcomes in the engine).
 */
export const readJson = <T>(text: string | null | undefined): T | null => {
  try {
    // A missing key parses as null (`undefined` throws).
    return own(JSON.parse(text as string));
  } catch {
    return null;
  }
};
