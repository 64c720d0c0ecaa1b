// The outbox record: one event in localStorage, under a key that names its format. This version
// writes format 2 and reads format 1 (the unversioned keys of releases up to 0.1.0) too.
import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../src/outbox/entry.js';
import {
  decode,
  encode,
  idOf,
  LEGACY_PREFIX,
  RECORD_FAMILY,
  RECORD_PREFIX,
  recordKey,
} from '../../../src/outbox/record.js';

const entry: OutboxEntry = {
  id: 'e1',
  kind: 'sale',
  createdAt: 1_700_000_000_000,
  attempts: 2,
  body: '{"customerExternalId":"u1","amount":100}',
  lastError: 'NetworkError',
  owner: 'tab1',
};

describe('the outbox record', () => {
  it('keys this format under a versioned prefix that differs from the unversioned one', () => {
    expect(recordKey('e1')).toBe('dub_track_event.v2:e1');
    expect(LEGACY_PREFIX).toBe('dub_track_event:');
    // Neither prefix starts the other: an older version scanning its prefix never sees ours.
    expect(RECORD_PREFIX.startsWith(LEGACY_PREFIX)).toBe(false);
    expect(LEGACY_PREFIX.startsWith(RECORD_PREFIX)).toBe(false);
    // Both start with the family the core looks for.
    expect(RECORD_PREFIX.startsWith(RECORD_FAMILY)).toBe(true);
    expect(LEGACY_PREFIX.startsWith(RECORD_FAMILY)).toBe(true);
  });

  it('reads the event id out of a key of either format', () => {
    expect(idOf('dub_track_event.v2:abc')).toBe('abc');
    expect(idOf('dub_track_event:abc')).toBe('abc');
    // A UUID has no colon; an id with one is still read whole.
    expect(idOf(recordKey('a:b'))).toBe('a:b');
  });

  it('decodes what it encodes', () => {
    expect(decode(encode(entry))).toEqual(entry);
    const raw = { id: 'r1', kind: 'lead', createdAt: 5, attempts: 0, input: { a: [1] } };
    expect(decode(encode(raw as OutboxEntry))).toEqual(raw);
  });

  it('decodes a record written by the previous release as it wrote it', () => {
    // Verbatim: the core of 0.1.0 keeping a raw call, and its engine a failed, handed-over sale.
    const raw =
      '{"id":"0f1e","kind":"lead","createdAt":1700000000000,"attempts":0,"input":{"eventName":"Sign up","customerExternalId":"u"}}';
    expect(decode(raw)).toMatchObject({ id: '0f1e', kind: 'lead', attempts: 0 });
    const handed =
      '{"id":"9a","kind":"sale","createdAt":1700000000000,"attempts":1,"body":"{}","lastError":"NetworkError","handed":1700000001000}';
    expect(decode(handed)).toMatchObject({ id: '9a', attempts: 1, handed: 1700000001000 });
  });

  it('refuses what is not an event', () => {
    for (const text of [
      null,
      undefined,
      '',
      '{not json',
      'null',
      '42',
      '"text"',
      '{}',
      '{"id":7,"kind":"lead","createdAt":1}',
    ])
      expect(decode(text)).toBeNull();
  });

  it('keeps only own properties: a polluted prototype adds nothing to a record', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto.owner = 'intruder';
    try {
      const decoded = decode('{"id":"a","kind":"lead","createdAt":1,"attempts":0}');
      expect(decoded?.owner).toBeUndefined();
    } finally {
      delete proto.owner;
    }
  });
});
