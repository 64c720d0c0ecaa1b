// prototypeSetter / refusingEngine: a setter on Object.prototype is found by name, and the engine
// of such a page refuses every call with a ConfigError that names it.
import { afterEach, describe, expect, it } from 'vitest';
import { prototypeSetter, refusingEngine } from '../../../src/defences/prototypeSetter.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';

afterEach(() => {
  delete (Object.prototype as Record<string, unknown>).amount;
  delete (Object.prototype as Record<string, unknown>).plain;
});

describe('prototypeSetter', () => {
  it('finds no setter on a clean Object.prototype (__proto__ is the language’s own)', () => {
    expect(prototypeSetter()).toBeUndefined();
  });

  it('ignores plain values and names a setter', () => {
    (Object.prototype as Record<string, unknown>).plain = 1;
    expect(prototypeSetter()).toBeUndefined();
    Object.defineProperty(Object.prototype, 'amount', { set() {}, configurable: true });
    expect(prototypeSetter()).toBe('amount');
  });
});

describe('refusingEngine', () => {
  it('rejects every call with a ConfigError naming the setter, and emits it', async () => {
    const emitted: unknown[] = [];
    const engine = refusingEngine(
      {
        options: {},
        emit: (_type, detail) => emitted.push(detail),
        DubTrackError,
        getClickId: () => null,
        consent: () => 'granted',
      },
      'amount',
    );
    const error = await engine.track('sale', {}, 'id-1', true).catch((thrown) => thrown);
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error).toMatchObject({
      name: 'ConfigError',
      kind: 'sale',
      eventId: 'id-1',
      willRetry: true,
    });
    expect(error.message).toContain('"amount"');
    expect(emitted).toEqual([error]);
  });
});
