/**
 * A random UUID v4 from `crypto.getRandomValues`, which every browser has; `crypto.randomUUID`
 * exists only in secure contexts, and plain-http pages are not. The random bytes are drawn in
 * one call, one byte for each position of the pattern: a call per digit (32 per id) took a
 * tenth of a millisecond, most of what a call costs the page's own task.
 */
export declare const createEventId: () => string;
