// One emit feeds the on() handlers and the window's dubtrack:* CustomEvents; a handler that
// throws breaks neither the other handlers nor the emit (SPEC §6).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';
import { createEmitter, type SuccessDetail } from '../../../src/outcome/events.js';

const success: SuccessDetail = {
  kind: 'lead',
  eventId: 'e1',
  status: 200,
  data: { ok: true },
  recorded: true,
};
const listeners: [string, EventListener][] = [];
const listen = (type: string) => {
  const events: CustomEvent[] = [];
  const listener = (event: Event) => {
    events.push(event as CustomEvent);
  };
  window.addEventListener(type, listener);
  listeners.push([type, listener]);
  return events;
};

afterEach(() => {
  for (const [type, listener] of listeners.splice(0)) window.removeEventListener(type, listener);
});

describe('createEmitter', () => {
  it('hands each handler the details of its event type only', () => {
    const [emit, on] = createEmitter();
    const successes: SuccessDetail[] = [];
    const errors: DubTrackError[] = [];
    on('success', (detail) => successes.push(detail));
    on('error', (error) => errors.push(error));
    const error = new DubTrackError('NetworkError', 'offline', { kind: 'sale', willRetry: true });
    emit('success', success);
    emit('error', error);
    expect(successes).toEqual([success]);
    expect(successes[0]).toBe(success);
    expect(errors).toEqual([error]);
    expect(errors[0]).toBe(error);
  });

  it('calls every handler of a type, in the order they were added', () => {
    const [emit, on] = createEmitter();
    const calls: string[] = [];
    on('retry', () => calls.push('first'));
    on('retry', () => calls.push('second'));
    emit('retry', {
      kind: 'lead',
      eventId: 'e1',
      attempt: 2,
      delayMs: 100,
      error: new DubTrackError('TimeoutError', 'slow'),
    });
    expect(calls).toEqual(['first', 'second']);
  });

  it('stops calling a handler once it unsubscribes', () => {
    const [emit, on] = createEmitter();
    const kept = vi.fn();
    const removed = vi.fn();
    on('success', kept);
    const off = on('success', removed);
    emit('success', success);
    off();
    emit('success', success);
    off();
    expect(removed).toHaveBeenCalledOnce();
    expect(kept).toHaveBeenCalledTimes(2);
  });

  it('keeps separate emitters apart', () => {
    const [, onFirst] = createEmitter();
    const [emitSecond] = createEmitter();
    const handler = vi.fn();
    onFirst('success', handler);
    emitSecond('success', success);
    expect(handler).not.toHaveBeenCalled();
  });

  it('emits with no handlers at all', () => {
    const [emit] = createEmitter();
    expect(() => emit('success', success)).not.toThrow();
  });

  it('goes on past a handler that throws', () => {
    const [emit, on] = createEmitter();
    const after = vi.fn();
    const events = listen('dubtrack:error');
    on('error', () => {
      throw new Error('site bug');
    });
    on('error', after);
    const error = new DubTrackError('BadRequest', 'bad', { status: 400 });
    expect(() => emit('error', error)).not.toThrow();
    expect(after).toHaveBeenCalledWith(error);
    expect(events).toHaveLength(1);
  });

  it('dispatches dubtrack:<type> on window with the same detail object', () => {
    const [emit] = createEmitter();
    const successes = listen('dubtrack:success');
    const errors = listen('dubtrack:error');
    const retries = listen('dubtrack:retry');
    const error = new DubTrackError('RateLimitExceeded', 'slow down', { status: 429 });
    const retry = { kind: 'sale' as const, eventId: 'e2', attempt: 2, delayMs: 50, error };

    emit('success', success);
    emit('error', error);
    emit('retry', retry);

    expect(successes).toHaveLength(1);
    expect(successes[0]).toBeInstanceOf(CustomEvent);
    expect(successes[0].type).toBe('dubtrack:success');
    expect(successes[0].detail).toBe(success);
    expect(errors.map((event) => event.detail)).toEqual([error]);
    expect(errors[0].detail).toBe(error);
    expect(retries.map((event) => event.detail)).toEqual([retry]);
  });
  // A throwing window listener is left to the browser suite: browsers report it and return from
  // dispatchEvent, while happy-dom rethrows it to the caller.
});
