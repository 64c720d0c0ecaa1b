/**
 * A random UUID v4 from `crypto.getRandomValues`, which every browser has; `crypto.randomUUID`
 * exists only in secure contexts, and plain-http pages are not.
 */
export const createEventId = (): string =>
  '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (digit) =>
    (+digit ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (+digit / 4)))).toString(16),
  );
