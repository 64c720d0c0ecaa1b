import { type DubHandlerOptions, type RequestContext } from './options.js';
/** A Fetch-API handler: give it a `Request`, get the `Response`. */
export interface DubHandler {
    (request: Request, context?: RequestContext): Promise<Response>;
    /** Whether a URL is one of the handler's routes (for frameworks that pass other requests on). */
    handles(url: string | URL): boolean;
}
/**
 * Creates your site's own endpoint for the browser script: it checks each event with the same
 * rules as the script, sends it to Dub with the `dub` SDK and your secret key, and answers with
 * what was recorded (never Dub's customer fields). A repeated `Idempotency-Key` gets the first
 * answer instead of a second conversion; the same key with another body gets 422.
 * Throws a `ConfigError` at once on options it cannot use; the secret key itself is checked at
 * the first request, so a build without secrets works.
 *
 * Works as is wherever requests are Fetch-API `Request`s (Next.js route handlers, Hono,
 * Cloudflare Workers, Deno, Bun); `toNodeHandler` adapts it to Node's `http` and Express.
 */
export declare function createDubHandler(options: DubHandlerOptions): DubHandler;
