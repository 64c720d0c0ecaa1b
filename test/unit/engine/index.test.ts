// createEngine: what the core can ask of the engine besides track, flush and consent.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackerOptions } from '../../../src/config/options.js';
import { createEngine } from '../../../src/engine/index.js';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';
import type { TrackerEvents } from '../../../src/outcome/events.js';

const engineWith = (options: TrackerOptions = {}) => {
  const errors: TrackerEvents['error'][] = [];
  const engine = createEngine({
    options,
    emit: (type, detail) => {
      if (type === 'error') errors.push(detail as TrackerEvents['error']);
    },
    DubTrackError,
    getClickId: () => null,
    consent: () => 'granted',
  });
  return { engine, errors };
};

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('engine.report', () => {
  it('emits the message as a ConfigError of the host class, tied to no call', () => {
    const { engine, errors } = engineWith();
    engine.report('data-retry is not valid JSON; using the default');
    expect(errors).toHaveLength(1);
    const [error] = errors;
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error).toMatchObject({
      name: 'ConfigError',
      message: 'data-retry is not valid JSON; using the default',
      kind: null,
      eventId: null,
      willRetry: false,
    });
  });

  it('emits what option resolution finds through the same channel', () => {
    const { engine, errors } = engineWith({ retry: { limit: -1 } });
    expect(errors.map((error) => error.name)).toEqual(['ConfigError']);
    expect(errors[0].message).toContain('retry.limit');
    engine.report('x');
    expect(errors.map((error) => error.message)).toEqual([errors[0].message, 'x']);
  });
});
