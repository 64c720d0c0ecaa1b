/**
 * `dub-track/react`: the tracker in a React app (Next.js included), with the props of
 * `<Analytics />` from `@dub/analytics/react`, so a layout changes one import. SSR-safe: nothing
 * runs during server rendering; the tracker starts in an effect in the browser.
 */
import { useEffect, useState } from 'react';
import type { TrackerOptions } from './config/options.js';
import { inject, onInjected } from './inject.js';
import type { Tracker } from './tracker.js';

/** The props of `<DubTrack />`: the tracker's options (those of `@dub/analytics` included). */
export interface DubTrackProps extends TrackerOptions {
  /** Accepted for `@dub/analytics` compatibility and ignored: no script tag is added. */
  scriptProps?: unknown;
}

/**
 * Starts tracking on the page once it is mounted (`inject(props)`); renders nothing. Put it in
 * the root layout. The first mount's options apply for the life of the page.
 */
export function DubTrack({ scriptProps: _, ...options }: DubTrackProps): null {
  useEffect(() => {
    inject(options);
  });
  return null;
}

/**
 * The page's tracker once `<DubTrack />` (or `inject()`) has started it, else `null` (always
 * `null` during server rendering and the first render, so hydration matches).
 */
export function useDubTrack(): Tracker | null {
  const [tracker, setTracker] = useState<Tracker | null>(null);
  useEffect(() => onInjected(setTracker), []);
  return tracker;
}

export type { Tracker, TrackerOptions };
export { inject };
