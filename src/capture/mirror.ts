/**
 * A copy of the click in localStorage with its expiry, for when the browser cuts the cookie
 * short (Safari caps script-written cookies at 7 days).
 */
const KEY = 'dub_id';

export function readMirror(): { id: string; expiresAt: number } | null {
  try {
    const [id, expiresAt] = (localStorage.getItem(KEY) ?? '').split(' ');
    if (+expiresAt > Date.now()) return { id, expiresAt: +expiresAt };
  } catch {}
  return null;
}

export function writeMirror(id: string | null, expiresAt = 0) {
  try {
    if (id) localStorage.setItem(KEY, `${id} ${expiresAt}`);
    else localStorage.removeItem(KEY);
  } catch {}
}
