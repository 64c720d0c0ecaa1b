import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
/**
 * Turns a call's input into the exact request body, or returns a `ValidationError` naming every
 * broken rule (a failure as data, as valibot's `safeParse`; `validate` throws it). The body is
 * the schemas' output (trimmed where Dub trims, the currency lowercased, the metadata as its
 * JSON) without the fields given as `null`, and the captured click fills `clickId` when the call
 * leaves it out (`""` for a lead).
 */
export declare function safeValidate(kind: EventKind, input: unknown, clickId: string | null, Failure: typeof DubTrackError): Record<string, unknown> | DubTrackError;
/** `safeValidate`, throwing its `ValidationError` (as valibot's `parse`): for the server. */
export declare function validate(...call: Parameters<typeof safeValidate>): Record<string, unknown>;
