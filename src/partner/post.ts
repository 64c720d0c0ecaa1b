/**
 * POSTs `body` as JSON to one of Dub's registration routes (`/track/click`, `/track/visit`) and
 * returns the parsed answer, or `null` when there is none usable. One attempt with plain `fetch`:
 * a click is registered on landing or not at all (it is no conversion to keep and retry), and the
 * chunk stays a few hundred bytes instead of carrying ky.
 */
export async function post(url: string, body: object): Promise<Record<string, unknown> | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      keepalive: true,
    });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}
