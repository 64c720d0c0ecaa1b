/**
 * Milliseconds to wait as a `Retry-After` value says, or `undefined` when it says nothing usable.
 * It may hold delta-seconds, an HTTP date, or an epoch timestamp in seconds or milliseconds
 * (Dub's rate limiter sends epoch ms); ky reads only the first two, hence this.
 */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    // Epoch values are far larger than any sensible delay: 1e12 ms is 2001, 1e9 s is 2001.
    const at = number >= 1e12 ? number : number >= 1e9 ? number * 1000 : now + number * 1000;
    return Math.max(0, at - now);
  }
  // An HTTP date names its month; Date.parse alone would read "-1" or "1.2.3" as dates in 2001.
  const date = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec/i.test(text)
    ? Date.parse(text)
    : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
