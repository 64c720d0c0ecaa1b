import type { DubTrackErrorName } from '../outcome/DubTrackError.js';

/** Error names of the statuses Dub documents (the names of Dub's own SDKs); any other is `SDKError`. */
const NAMES: Record<number, DubTrackErrorName> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'InviteExpired',
  422: 'UnprocessableEntity',
  429: 'RateLimitExceeded',
  500: 'InternalServerError',
};

export const errorNameOf = (status: number): DubTrackErrorName => NAMES[status] ?? 'SDKError';

/** Dub's error body `{"error":{"code","message","doc_url"}}`, when the answer has one. */
export function dubErrorBody(data: unknown): { code?: string; message?: string; docUrl?: string } {
  // Whatever `error` is, only string fields are read from it.
  const error = (data as { error?: Record<string, unknown> } | null)?.error ?? {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { code: text(error.code), message: text(error.message), docUrl: text(error.doc_url) };
}
