/**
 * The one error type of dub-track. Its `name` says what happened, so TypeScript narrows on it:
 * `if (error.name === 'RateLimitExceeded') …`.
 */
export type DubTrackErrorName =
  | 'ValidationError'
  | 'ConfigError'
  | 'NetworkError'
  | 'TimeoutError'
  | 'BadRequest'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'Conflict'
  | 'InviteExpired'
  | 'UnprocessableEntity'
  | 'RateLimitExceeded'
  | 'InternalServerError'
  | 'SDKError';

export type EventKind = 'lead' | 'sale' | 'customer';

/** One broken rule of an input: `path` is the dotted field name (`'amount'`, `'metadata.plan'`). */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** What a `DubTrackError` carries besides its name and message. */
export interface DubTrackErrorFields {
  /** The call it belongs to, or `null` for configuration errors. */
  kind?: EventKind | null;
  /** The event's id (also its idempotency key), once the event was accepted. */
  eventId?: string | null;
  /** The HTTP status the endpoint answered with, or `null` when there was no answer. */
  status?: number | null;
  /** Dub's machine-readable error code, e.g. `rate_limit_exceeded`. */
  code?: string | null;
  /** Dub's link to the documentation of that code. */
  docUrl?: string | null;
  /** Every broken rule, for `ValidationError`. */
  issues?: ValidationIssue[];
  /** How many attempts were made to send the event. */
  attempt?: number;
  /** `true` when the event is still kept where a later page load finds it, and will be sent again. */
  willRetry?: boolean;
  /**
   * Where a failed event is kept for its next attempt: `'storage'` (sent again by this page or a
   * later one), or `'memory'` (storage is full or blocked: sent again only while this page stays
   * open, and written to storage once it works again). Absent when the event is not kept.
   */
  kept?: 'storage' | 'memory';
}

/** Every failure of dub-track: rejected promises, `on('error')` handlers and `dubtrack:error` events. */
export class DubTrackError<N extends DubTrackErrorName = DubTrackErrorName> extends Error {
  declare name: N;
  declare kind: EventKind | null;
  declare eventId: string | null;
  declare status: number | null;
  declare code: string | null;
  declare docUrl: string | null;
  declare issues: ValidationIssue[];
  declare attempt: number;
  declare willRetry: boolean;
  declare kept?: 'storage' | 'memory';

  constructor(name: N, message: string, fields?: DubTrackErrorFields) {
    super(message);
    // One assignment instead of nine: this class is in the script every page loads.
    Object.assign(
      this,
      {
        name,
        kind: null,
        eventId: null,
        status: null,
        code: null,
        docUrl: null,
        issues: [],
        attempt: 0,
        willRetry: false,
      },
      fields,
    );
  }
}
