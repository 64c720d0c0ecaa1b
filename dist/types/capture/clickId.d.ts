/** The only click IDs ever written or sent. */
export declare const CLICK_ID_PATTERN: RegExp;
export declare const CLICK_ID_NAME = "dub_id";
export declare const isClickId: (value: unknown) => value is string;
/**
 * The click to keep, given the one in the URL (if any) and the one stored: a valid URL ID wins
 * under `last-click` (the default), or when nothing is stored.
 */
export declare function chooseClickId(fromUrl: string | null, stored: string | null, model?: string): string | null;
