import type { TrackerOptions } from './config/options.js';
import { inject } from './inject.js';
import type { Discount, DubPartnerData, Partner, TrackClickInput } from './partner/types.js';
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
export declare function DubTrack({ scriptProps: _, ...options }: DubTrackProps): null;
/**
 * The page's tracker once `<DubTrack />` (or `inject()`) has started it, else `null` (always
 * `null` during server rendering and the first render, so hydration matches).
 */
export declare function useDubTrack(): Tracker | null;
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
export declare function useAnalytics(): AnalyticsData;
/** `<Analytics />` of `@dub/analytics/react`, by its name: the same component as `<DubTrack />`. */
export declare const Analytics: typeof DubTrack;
export type { Discount, DubPartnerData, Partner, TrackClickInput, Tracker, TrackerOptions };
export { inject };
