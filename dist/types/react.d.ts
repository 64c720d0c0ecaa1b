import type { TrackerOptions } from './config/options.js';
import { inject } from './inject.js';
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
export type { Tracker, TrackerOptions };
export { inject };
