import type { Engine, EngineHost } from '../contract.js';
import { describeProblem } from '../engine/problems.js';
import type { DubTrackError } from '../outcome/DubTrackError.js';

/**
 * The name of the first setter the page put on `Object.prototype`, if any (`__proto__` is the
 * language's own). Such a setter intercepts every plain assignment of that name to an object,
 * and the engine and its libraries build settings, checked inputs and headers by assignment: a
 * field could vanish from an event, or an option from the settings, unseen.
 */
export const prototypeSetter = (): string | undefined =>
  Object.getOwnPropertyNames(Object.prototype).find(
    (name) => name !== '__proto__' && Object.getOwnPropertyDescriptor(Object.prototype, name)?.set,
  );

/**
 * The engine of a page with such a setter: every call rejects with a `ConfigError` that names it,
 * and nothing is sent. A call the core kept stays kept for a page without it (`willRetry`).
 */
export function refusingEngine(host: EngineHost, setter: string): Engine {
  const { emit, DubTrackError: Failure } = host;
  const message = `Object.prototype has a setter for ${JSON.stringify(setter.slice(0, 40))} (set by a script of this page), which can change what is sent: nothing is sent from this page`;

  return {
    track(kind, _input, eventId, kept) {
      const error: DubTrackError = new Failure('ConfigError', message, {
        kind,
        eventId,
        willRetry: kept,
      });
      emit('error', error);
      return Promise.reject(error);
    },
    flush: async () => {},
    consent() {},
    report: (problem) => emit('error', new Failure('ConfigError', describeProblem(problem))),
  };
}
