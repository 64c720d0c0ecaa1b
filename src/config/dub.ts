// Facts about Dub's API that the browser script and the server both rely on, written once.

/** Dub's API: the default `apiHost` of the script, and the address the server's SDK talks to. */
export const DUB_API_HOST = 'https://api.dub.co';

/**
 * Statuses worth another attempt with the same idempotency key, as the answer may differ later:
 * the browser retries on them (conversions and partner registration alike), and the server frees
 * the key on them instead of keeping the answer. Every other status is final.
 */
export const RETRIED_STATUSES = [408, 429, 500, 502, 503, 504];
