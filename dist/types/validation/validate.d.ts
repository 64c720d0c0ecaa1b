import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
/**
 * Turns a call's input into the exact request body, or a `ValidationError` naming every broken
 * rule. The body is the schemas' output (trimmed where Dub trims, the currency lowercased, the
 * metadata as its JSON) without the fields given as `null`, and the captured click fills
 * `clickId` when the call leaves it out (`""` for a lead).
 */
export declare function validate(kind: EventKind, input: unknown, clickId: string | null, Failure: typeof DubTrackError): Record<string, unknown>;
