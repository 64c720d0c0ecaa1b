/** The only click IDs ever written or sent. */
export const CLICK_ID_PATTERN = /^[\w-]{1,128}$/;

export const CLICK_ID_NAME = 'dub_id';

export const isClickId = (value: unknown): value is string =>
  typeof value === 'string' && CLICK_ID_PATTERN.test(value);

/**
 * The click to keep, given the one in the URL (if any) and the one stored: a valid URL ID wins
 * under `last-click` (the default), or when nothing is stored.
 */
export function chooseClickId(
  fromUrl: string | null,
  stored: string | null,
  model?: string,
): string | null {
  // Any model but `first-click` is last-click: an invalid value falls back to the default.
  return isClickId(fromUrl) && (model !== 'first-click' || !stored) ? fromUrl : stored;
}
