import type { TrackerOptions } from './config/options.js';
import { type Tracker, wireTracker } from './tracker.js';

/**
 * The tracker of the ES module builds: the engine and the partner gate (which imports the partner chunk) are dynamic imports that
 * a bundler splits off. `dubAnalytics`: also answer Dub's `window.dubAnalytics` (see `inject`).
 */
export const wireModuleTracker = (options: TrackerOptions, dubAnalytics?: boolean): Tracker =>
  wireTracker(
    options,
    () => import('./engine/index.js').then((engine) => engine.startEngine),
    [],
    () => import('./partner/gate.js').then((gate) => gate.createGate),
    dubAnalytics,
  );
