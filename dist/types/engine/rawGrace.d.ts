import type { OutboxEntry } from '../outbox/entry.js';
/**
 * How long a raw call kept by another page's core is left to that page's engine: a raw call this
 * young most likely belongs to a tab whose engine is still loading, and that tab sends it. Left
 * alone a moment (then replayed), it is never sent by two tabs at once.
 */
export declare const RAW_GRACE_MS = 3000;
/**
 * Whether event `id` is a raw call its page marked abandoned as it left, before its engine took
 * it (`LEFT_PREFIX` in src/outbox/record.ts): no engine of that page is coming.
 */
export type Abandoned = (id: string) => boolean;
/**
 * How long `flush` leaves a kept event alone as another page's raw call (0 or less: not at all).
 * Not a raw call (validated, it names its sender), or one whose page left without its engine:
 * none.
 */
export declare const rawGraceLeft: (entry: OutboxEntry, now: number, abandoned: Abandoned) => number;
/**
 * Whether a call of this page whose engine arrives now may find its raw call taken by another
 * tab (then `settleLate` settles it): its page left and came back (the back/forward cache), so
 * the next page may have sent it at once; or past half the grace period (a margin), when any
 * other tab may have.
 */
export declare const mayBeTaken: (raw: OutboxEntry, now: number, abandoned: Abandoned) => boolean;
