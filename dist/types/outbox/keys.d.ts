/** localStorage keys of the outbox: one key per event, so tabs never overwrite each other's events. */
/** Every key the outbox writes starts so (consent refused removes them all). */
export declare const KEY_PREFIX = "dub_track_";
export declare const EVENT_KEY_PREFIX = "dub_track_event:";
export declare const LEASE_KEY_PREFIX = "dub_track_lease:";
/** Every localStorage key the outbox wrote (none when storage is blocked). */
export declare function ownKeys(): string[];
