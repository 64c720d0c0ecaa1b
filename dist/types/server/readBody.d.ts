/**
 * Reads a request body as text, stopping as soon as it passes `maxBytes` (a declared
 * `Content-Length` over the limit is refused before a byte is read): `undefined` when too large.
 */
export declare function readBody(request: Request, maxBytes: number): Promise<string | undefined>;
