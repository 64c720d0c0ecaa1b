/**
 * A random UUID v4 from `crypto.getRandomValues`, which every browser has; `crypto.randomUUID`
 * exists only in secure contexts, and plain-http pages are not.
 */
export declare const createEventId: () => string;
