// The core reports what it found on the page as codes; the engine says them in words.
import { describe, expect, it } from 'vitest';
import { describeProblem, trackerHidden } from '../../../src/engine/problems.js';

describe('describeProblem', () => {
  it('names the attribute that is not JSON', () => {
    expect(describeProblem(['json', 'cookieOptions'])).toBe(
      'cookieOptions: not JSON (quote its keys: {"limit": 3}), using the default',
    );
  });

  it('quotes an invalid dub_id percent-encoded and cut to 80 characters', () => {
    expect(describeProblem(['clickId', '<b>"x"</b>'])).toBe(
      'invalid dub_id ignored: %3Cb%3E%22x%22%3C%2Fb%3E',
    );
    const long = describeProblem(['clickId', 'é'.repeat(100)]);
    expect(long).toBe(`invalid dub_id ignored: ${'%C3%A9'.repeat(13)}%C`);
    expect(long.length).toBe('invalid dub_id ignored: '.length + 80);
  });

  it('says where the tracker is when window.dubTrack is read-only', () => {
    expect(describeProblem(['readOnly'])).toBe(
      'window.dubTrack is read-only: use window[Symbol.for("dub-track")]',
    );
  });
});

describe('trackerHidden', () => {
  const mark = Symbol.for('dub-track');
  const page = globalThis as unknown as Record<PropertyKey, unknown>;
  const reset = () => {
    delete page[mark];
    delete page.dubTrack;
  };

  it('finds nothing without the tag’s tracker (the ES module), or when window.dubTrack is it', () => {
    reset();
    expect(trackerHidden()).toBe(false);
    const tracker = {};
    page[mark] = tracker;
    page.dubTrack = tracker;
    expect(trackerHidden()).toBe(false);
    reset();
  });

  it('finds a window.dubTrack that is not the tag’s tracker (the page made it read-only)', () => {
    reset();
    page[mark] = {};
    Object.defineProperty(globalThis, 'dubTrack', {
      value: { version: 'theirs' },
      configurable: true,
    });
    expect(trackerHidden()).toBe(true);
    reset();
  });
});
