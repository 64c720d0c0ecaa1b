import type { EngineHost } from '../engine/contract.js';
import type { Tracker } from '../tracker.js';
/** A partner link to register: Dub's short domain and the link's key (`refer.example.com`, `john`). */
export interface PartnerClick {
    domain: string;
    key: string;
}
/** What the always-loaded core hands the lazily loaded partner chunk: the engine's host and more. */
export interface PartnerHost extends EngineHost {
    /** The tracker that `window.dubAnalytics` forwards to. */
    tracker: Tracker;
    /** Keeps a click ID that Dub gave for a partner link or a site visit, as if the URL had it. */
    setClickId: (id: string) => void;
    /** The `<script>` build's loader, with which the partner gate brings the partner chunk. */
    load?: ChunkLoader;
}
/** Loads a chunk of this build by name, pinned by its digest; resolves with its global's value. */
export type ChunkLoader = (chunk: readonly [name: string, integrity: string, global: string]) => Promise<unknown>;
/**
 * Does what this page asks of the chunk that consent allows, each thing once: `window.dubAnalytics`,
 * outbound links, then a partner link or a site visit. Called again when consent is given.
 */
export type Partner = () => void;
export type CreatePartner = (host: PartnerHost) => Partner;
