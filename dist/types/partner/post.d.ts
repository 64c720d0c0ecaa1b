/**
 * POSTs `body` as JSON to one of Dub's registration routes (`/track/click`, `/track/visit`) and
 * returns the parsed answer, or `null` when there is none usable. A dropped connection, a 429 or
 * a 5xx is tried again twice, while the visitor is on the landing page: that answer is the click
 * every later conversion is attributed to. A small loop, not ky: this chunk loads on landing
 * pages, and ky would add about 4 kB to it for two retries.
 */
export declare function post(url: string, body: object): Promise<Record<string, unknown> | null>;
