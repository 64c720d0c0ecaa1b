/**
 * POSTs `body` as JSON to one of Dub's registration routes (`/track/click`, `/track/visit`) and
 * returns the parsed answer, or `null` when there is none usable. A dropped connection, or a
 * status a conversion would be retried on (408, 429, 500, 502, 503, 504), is tried twice more
 * while the visitor is on the landing page: that answer is the click every later conversion is
 * attributed to. A small loop, not ky: this chunk loads on landing pages, and ky would add about
 * 4 kB to it for two retries.
 */
export declare function post(url: string, body: object): Promise<Record<string, unknown> | null>;
