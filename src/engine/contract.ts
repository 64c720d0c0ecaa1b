import type { TrackerOptions } from '../config/options.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { Emit, TrackResult } from '../outcome/events.js';

/**
 * What the always-loaded core hands the lazily loaded engine. The error class travels with it
 * so that `instanceof DubTrackError` holds even when the engine is a separate script file.
 */
export interface EngineHost {
  options: TrackerOptions;
  emit: Emit;
  DubTrackError: typeof DubTrackError;
  getClickId: () => string | null;
  /** `granted` allows storage and sending; `pending` holds events in memory; `denied` refuses calls. */
  consent: () => ConsentState;
}

export type ConsentState = 'granted' | 'pending' | 'denied';

/** The part of the tracker that validates, keeps and delivers events (ky and valibot live here). */
export interface Engine {
  /**
   * `id`: the event id the core gave the call; `kept`: whether the core kept its raw input under
   * that id (it cannot without consent or storage).
   */
  track: (kind: EventKind, input: unknown, id: string, kept: boolean) => Promise<TrackResult>;
  flush: () => Promise<void>;
  consent: (granted: boolean) => void;
  /** Emits a problem the core found as a `ConfigError` (the messages live here, not in the core). */
  report: (problem: Problem) => void;
}

export type CreateEngine = (host: EngineHost) => Engine;

/**
 * A configuration problem the core found while reading the page, which the engine reports: a
 * `data-*` attribute that is not JSON (its option's name), an invalid `dub_id` in the URL (the
 * value), or a `window.dubTrack` the page made read-only. Codes, not messages: the core every
 * page loads carries no message text.
 */
export type Problem = ['json', string] | ['clickId', string] | ['readOnly'];
