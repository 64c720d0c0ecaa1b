/** What the handler answers: Dub's JSON shapes, and the CORS headers only allowed origins get. */
/** An answer before CORS headers: its status, JSON body as text, and any extra headers. */
export interface Answer {
    status: number;
    body: string;
    headers?: Record<string, string>;
}
/** An error in Dub's shape, `{error: {code, message, doc_url}}`, so the browser's typed errors read it. */
export declare function errorAnswer(status: number, message: string, headers?: Record<string, string>, code?: string): Answer;
/** Headers a page may read from an answer: the wait of a 429 or 503, and whether it was a replay. */
export declare const EXPOSED_HEADERS = "Retry-After, Idempotent-Replayed";
/** CORS for an allowed origin: the answer names it (never `*`) and varies on it. */
export declare const corsHeaders: (origin: string) => Record<string, string>;
/** The answer to a preflight from an allowed origin. */
export declare const preflightHeaders: (origin: string, idempotencyHeader: string) => {
    'Access-Control-Allow-Methods': string;
    'Access-Control-Allow-Headers': string;
    'Access-Control-Max-Age': string;
};
/** The Fetch-API response for an answer, with `extra` headers (CORS) added. */
export declare const toResponse: (answer: Answer, extra?: Record<string, string>) => Response;
