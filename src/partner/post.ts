import { own } from '../config/own.js';

/**
 * POSTs `body` as JSON to one of Dub's registration routes (`/track/click`, `/track/visit`) and
 * returns the parsed answer, or `null` when there is none usable. One attempt with plain `fetch`:
 * a click is registered on landing or not at all (it is no conversion to keep and retry), and the
 * chunk stays a few hundred bytes instead of carrying ky.
 */
export async function post(url: string, body: object): Promise<Record<string, unknown> | null> {
  try {
    // No prototype: the browser reads a RequestInit through it (a page's `credentials`, `mode`).
    const response = await fetch(url, {
      __proto__: null,
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
    } as RequestInit);
    // Own fields only: a page's `Object.prototype.clickId` is no answer.
    return response.ok ? own(await response.json()) : null;
  } catch {
    return null;
  }
}
