import { RETRIED_STATUSES } from '../config/dub.js';

/**
 * The wait before each attempt: none before the first, then before the second and third (each
 * drawn between half and all of it). Dub answers a visitor who registers the same link again with
 * the same click ID, so an attempt whose answer was lost records no second click.
 */
const WAITS_MS = [0, 500, 2_000];

/**
 * POSTs `body` as JSON to one of Dub's registration routes (`/track/click`, `/track/visit`) and
 * returns the parsed answer, or `null` when there is none usable. A dropped connection, or a
 * status a conversion would be retried on (408, 429, 500, 502, 503, 504), is tried twice more
 * while the visitor is on the landing page: that answer is the click every later conversion is
 * attributed to. A small loop, not ky: this chunk loads on landing pages, and ky would add about
 * 4 kB to it for two retries.
 */
export async function post(url: string, body: object): Promise<Record<string, unknown> | null> {
  for (const waitMs of WAITS_MS) {
    if (waitMs)
      await new Promise((resolve) => setTimeout(resolve, waitMs * (0.5 + Math.random() / 2)));
    let response: Response;
    try {
      // No prototype: the browser reads a RequestInit through it (a page's `credentials`, `mode`).
      response = await fetch(url, {
        // Without a prototype: see src/defences/README.md.
        __proto__: null,
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        keepalive: true,
      } as RequestInit);
    } catch {
      continue;
    }
    // Own fields only, without a prototype: a page's `Object.prototype.clickId` is no answer.
    if (response.ok) return { __proto__: null, ...(await response.json().catch(() => {})) };
    // The statuses a conversion is retried on; any other (an unknown link, a host Dub does not
    // allow) would be answered the same again.
    if (!RETRIED_STATUSES.includes(response.status)) return null;
  }
  return null;
}
