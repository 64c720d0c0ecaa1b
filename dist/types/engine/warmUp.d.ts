import type { EngineHost } from '../contract.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { DeliveryConfig } from './options.js';
/**
 * A page that preloads expects a call soon: its first call should cost what later ones do. Once
 * the page is idle, a sale is validated, written and sent through ky to a stand-in for `fetch`
 * that answers at once, so the browser compiles that code now, not on the first call (on a
 * 2-core test machine, the time from the first call to its request fell from about 5.7 ms to
 * 3 ms). Nothing is kept, emitted or sent.
 */
export declare function warmUp(config: DeliveryConfig, Failure: EngineHost['DubTrackError'], toBody: (body: Record<string, unknown> | DubTrackError, kind: EventKind) => string | DubTrackError): void;
