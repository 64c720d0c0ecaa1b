/**
 * The engine: validation, the outbox, cross-tab leases and delivery, wired for one tracker.
 * Loaded on demand, so a landing page that only captures a click never downloads it.
 */

import { isOn } from '../config/options.js';
import type { ChunkLoader, CreateEngine, Engine, EngineHost } from '../contract.js';
import type { refusingEngine } from '../defences/prototypeSetter.js';
import { prototypeSetter } from '../defences/prototypeSetter.js';
import { track } from './calls.js';
import { consent } from './consent.js';
import { toBody } from './context.js';
import { createContext } from './createContext.js';
import type { Debug } from './debug.js';
import { listen } from './lifecycle.js';
import { describeProblem, trackerHidden } from './problems.js';
import { warmUp } from './warmUp.js';

/** `true` in the `<script>` builds, which run in a browser only (set by scripts/build.mjs). */
declare const __CLASSIC_SCRIPT__: boolean;

export { CONCURRENCY } from './createContext.js';

/**
 * The engine: the rooms wired to one record (`context.ts`). `tools`: debug mode's printing (the
 * debug chunk), used when the options turn debug mode on.
 */
export const createEngine = (host: EngineHost, tools?: Debug): Engine => {
  const ctx = createContext(host, tools);
  const { config_: config, Failure_: Failure, report_: report } = ctx;
  if (__CLASSIC_SCRIPT__ || typeof document === 'object') listen(ctx);
  if (host.options.preload === 'engine')
    warmUp(config, Failure, (body, kind) => toBody(ctx, body, kind));
  config.debug?.announce(config.apiHost, host.options);
  if (trackerHidden()) report(describeProblem(['readOnly']));
  return {
    track: (...call) => track(ctx, ...call),
    flush: ctx.flush_,
    consent: (granted) => consent(ctx, granted),
    report: (problem) => report(describeProblem(problem)),
  };
};

/** `true` in the ES module builds, where the debug chunk is a dynamic import. */
declare const __MODULE__: boolean;
/** The debug chunk's SHA-256, pinned by the engine in the `<script>` build. */
declare const __DEBUG_INTEGRITY__: string;
/** The refusing engine's SHA-256, pinned by the engine in the `<script>` build. */
declare const __REFUSING_INTEGRITY__: string;

/**
 * The engine as the core asks for it. A page with a setter on `Object.prototype` gets the
 * refusing engine (`src/defences/prototypeSetter.ts`), a chunk of its own that other pages never
 * download. A page in debug mode gets the engine once the debug chunk (what debug mode prints)
 * is loaded, and without the printing if that fails: debug mode never stops the tracker.
 */
export const startEngine: CreateEngine = (host) => {
  const setter = prototypeSetter();
  if (setter)
    return (
      __MODULE__
        ? import('../defences/prototypeSetter.js').then((chunk) => chunk.refusingEngine)
        : ((host.load as ChunkLoader)(['refusing', __REFUSING_INTEGRITY__]) as Promise<
            typeof refusingEngine
          >)
    ).then((refuse) => refuse(host, setter));
  return isOn(host.options.debug)
    ? (__MODULE__
        ? import('./debug.js').then((chunk) => chunk.debug)
        : ((host.load as ChunkLoader)(['debug', __DEBUG_INTEGRITY__]) as Promise<Debug>)
      ).then(
        (tools) => createEngine(host, tools),
        () => createEngine(host),
      )
    : createEngine(host);
};
