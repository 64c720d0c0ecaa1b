// Which click IDs are ever kept (SPEC §3 pattern) and which click wins under each model.
import { describe, expect, it } from 'vitest';
import { CLICK_ID_NAME, chooseClickId, isClickId } from '../../../src/capture/clickId.js';

describe('isClickId', () => {
  it('accepts 1 to 128 letters, digits, _ and -', () => {
    for (const id of ['a', 'Z', '0', '_', '-', 'abc_DEF-123', 'c'.repeat(128)]) {
      expect(isClickId(id)).toBe(true);
    }
  });

  it('refuses 129 characters and the empty string', () => {
    expect(isClickId('c'.repeat(129))).toBe(false);
    expect(isClickId('')).toBe(false);
  });

  it('refuses any other character', () => {
    for (const id of [
      'a.b',
      'a b',
      ' ab',
      'ab\n',
      'a/b',
      'a%20b',
      'a;b',
      'a=b',
      'a"b',
      'é',
      'ａbc',
      'a\u0000b',
      '٣',
      '🙂',
    ]) {
      expect(isClickId(id)).toBe(false);
    }
  });

  it('refuses what is not a string', () => {
    for (const value of [null, undefined, 123, true, ['abc'], { id: 'abc' }, new String('abc')]) {
      expect(isClickId(value)).toBe(false);
    }
  });

  it('names the parameter and cookie dub_id', () => {
    expect(CLICK_ID_NAME).toBe('dub_id');
  });
});

describe('chooseClickId', () => {
  it('last-click: a new click in the URL replaces the stored one', () => {
    expect(chooseClickId('new', 'old', 'last-click')).toBe('new');
    expect(chooseClickId('new', null, 'last-click')).toBe('new');
  });

  it('first-click: the stored click stays', () => {
    expect(chooseClickId('new', 'old', 'first-click')).toBe('old');
  });

  it('first-click: the URL click is kept when nothing is stored', () => {
    expect(chooseClickId('new', null, 'first-click')).toBe('new');
  });

  it('keeps the stored click when the URL has none', () => {
    expect(chooseClickId(null, 'old', 'last-click')).toBe('old');
    expect(chooseClickId(null, 'old', 'first-click')).toBe('old');
    expect(chooseClickId(null, null, 'last-click')).toBeNull();
  });

  it('ignores an invalid URL click under either model', () => {
    for (const model of ['last-click', 'first-click'] as const) {
      expect(chooseClickId('a.b', 'old', model)).toBe('old');
      expect(chooseClickId('', 'old', model)).toBe('old');
      expect(chooseClickId('c'.repeat(129), null, model)).toBeNull();
      expect(chooseClickId('<script>', null, model)).toBeNull();
    }
  });
});
