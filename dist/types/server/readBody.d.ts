/**
 * Reads a request body as text, stopping as soon as it passes `maxBytes` (a declared
 * `Content-Length` over the limit is refused before a byte is read): `413` when too large, `408`
 * when it has not all arrived within `timeoutMs` (a client sending slowly holds nothing for long).
 */
export declare function readBody(request: Request, maxBytes: number, timeoutMs: number): Promise<string | 408 | 413>;
