/** What the handler answers: Dub's JSON shapes, and the CORS headers only allowed origins get. */

/** An answer before CORS headers: its status, JSON body as text, and any extra headers. */
export interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

const DOC_ERROR_URL = 'https://dub.co/docs/api-reference/errors';

/** Dub's error code for each status it uses. */
const ERROR_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  408: 'request_timeout',
  422: 'unprocessable_entity',
  429: 'rate_limit_exceeded',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** An error in Dub's shape, `{error: {code, message, doc_url}}`, so the browser's typed errors read it. */
export function errorAnswer(
  status: number,
  message: string,
  headers?: Record<string, string>,
  code = ERROR_CODES[status] ?? (status >= 500 ? 'internal_server_error' : 'bad_request'),
): Answer {
  // Dub links the anchor with only the first underscore turned into a dash.
  const doc_url = `${DOC_ERROR_URL}#${code.replace('_', '-')}`;
  return { status, body: JSON.stringify({ error: { code, message, doc_url } }), headers };
}

/** Headers a page may read from an answer: the wait of a 429 or 503, and whether it was a replay. */
export const EXPOSED_HEADERS = 'Retry-After, Idempotent-Replayed';

/** CORS for an allowed origin: the answer names it (never `*`) and varies on it. */
export const corsHeaders = (origin: string): Record<string, string> => ({
  'Access-Control-Allow-Origin': origin,
  'Access-Control-Expose-Headers': EXPOSED_HEADERS,
  Vary: 'Origin',
});

/** The answer to a preflight from an allowed origin. */
export const preflightHeaders = (origin: string, idempotencyHeader: string) => ({
  ...corsHeaders(origin),
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  // Authorization too: a page that also sets a publishable key sends it (and it is ignored here).
  'Access-Control-Allow-Headers': `Content-Type, Authorization, ${idempotencyHeader}`,
  'Access-Control-Max-Age': '600',
});

/** The Fetch-API response for an answer, with `extra` headers (CORS) added. */
export const toResponse = (answer: Answer, extra: Record<string, string> = {}) =>
  new Response(answer.status === 204 ? null : answer.body, {
    status: answer.status,
    headers: {
      ...(answer.status === 204 ? {} : { 'Content-Type': 'application/json' }),
      'Cache-Control': 'no-store',
      ...answer.headers,
      ...extra,
    },
  });
