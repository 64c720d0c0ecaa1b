/**
 * `dub-track/react`: the tracker in a React app (Next.js included), with the props of
 * `<Analytics />` from `@dub/analytics/react`, so a layout changes one import. SSR-safe: nothing
 * runs during server rendering; the tracker starts in an effect in the browser.
 */
import { useCallback, useEffect, useState } from 'react';
import type { TrackerOptions } from './config/options.js';
import { inject, onInjected } from './inject.js';
import type {
  Discount,
  DubAnalyticsGlobal,
  DubPartnerData,
  Partner,
  TrackClickInput,
} from './partner/types.js';
import type { Tracker } from './tracker.js';

/** The window event the partner chunk sends when `window.DubAnalytics` is set or changes. */
const PARTNER_EVENT = 'dubtrack:partner';

type PartnerWindow = Window & { DubAnalytics?: DubPartnerData; dubAnalytics?: DubAnalyticsGlobal };

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

/** What `useAnalytics()` gives: the partner and discount of the visit (or `null`), and `trackClick`. */
export interface AnalyticsData {
  partner: Partner | null;
  discount: Discount | null;
  /** Registers a partner link's click with Dub (`window.dubAnalytics.trackClick`). */
  trackClick: (click: TrackClickInput) => void;
}

/**
 * The partner and discount of the partner link the visitor came through (`?via=…`), as
 * `useAnalytics()` of `@dub/analytics/react` gives them: `null` until they are known (always during
 * server rendering and the first render, so hydration matches), then the component re-renders when
 * they arrive or change. Needs `<Analytics />` (or `<DubTrack />`) on the page.
 */
export function useAnalytics(): AnalyticsData {
  const [data, setData] = useState<Pick<AnalyticsData, 'partner' | 'discount'>>({
    partner: null,
    discount: null,
  });
  useEffect(() => {
    const page = window as PartnerWindow;
    const read = () => {
      const { partner = null, discount = null } = page.DubAnalytics ?? {};
      // A new object only when something changed: no re-render for the same data.
      setData((shown) =>
        JSON.stringify(shown) === JSON.stringify({ partner, discount })
          ? shown
          : { partner, discount },
      );
    };
    read();
    addEventListener(PARTNER_EVENT, read);
    // Dub's own signal, once this page's landing work is done (its stub queues it until then).
    if (typeof page.dubAnalytics === 'function') page.dubAnalytics('ready', read);
    return () => removeEventListener(PARTNER_EVENT, read);
  }, []);
  const trackClick = useCallback((click: TrackClickInput) => {
    void (window as PartnerWindow).dubAnalytics?.trackClick(click);
  }, []);
  return { ...data, trackClick };
}

/** `<Analytics />` of `@dub/analytics/react`, by its name: the same component as `<DubTrack />`. */
export const Analytics = DubTrack;

export type { Discount, DubPartnerData, Partner, TrackClickInput, Tracker, TrackerOptions };
export { inject };
