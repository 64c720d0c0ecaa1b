/** A tracking call as the core hands it over: paced, checked, validated, then sent. */
import type { EventKind } from '../outcome/DubTrackError.js';
import type { TrackResult } from '../outcome/events.js';
import { type Context } from './context.js';
/**
 * Tracks event `id` of `kind`; `kept`: the core kept its raw input in the outbox, which another
 * tab may have taken meanwhile (`late.ts`).
 */
export declare const track: (ctx: Context, kind: EventKind, input: unknown, id: string, kept: boolean) => Promise<TrackResult>;
