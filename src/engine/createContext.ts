/** Builds an engine's record (`Context` in `context.ts`): the parts its rooms share. */

import { isOn } from '../config/options.js';
import type { EngineHost } from '../contract.js';
import { createLimit } from '../delivery/limit.js';
import { createSender } from '../delivery/send.js';
import { createLeases } from '../outbox/lease.js';
import { createOutbox } from '../outbox/outbox.js';
import { createStore } from '../outbox/store.js';
import type { Context } from './context.js';
import type { Debug } from './debug.js';
import { flush } from './flush.js';
import { deduplicated, dropHanded } from './handed.js';
import { createHandover } from './handover.js';
import { resolveDeliveryOptions } from './options.js';
import { createPace } from './pace.js';
import { createReplay } from './replay.js';

/** Requests in flight at once: a burst neither floods the endpoint nor the browser's connections. */
export const CONCURRENCY = 4;

/** `tools`: debug mode's printing, used when the options turn debug mode on. */
export const createContext = (host: EngineHost, tools?: Debug): Context => {
  const Failure = host.DubTrackError;
  const debug = isOn(host.options.debug) ? tools : undefined;
  const emit = debug ? debug.emit(host.emit) : host.emit;
  const report = (message: string) => emit('error', new Failure('ConfigError', message));
  const config = resolveDeliveryOptions(host.options, report, debug);
  const store = createStore(() => host.consent() === 'granted');
  const outbox = createOutbox(store, (entry, reason) =>
    emit(
      'error',
      new Failure(entry.lastError ?? 'NetworkError', `event ${entry.id} was dropped: ${reason}`, {
        kind: entry.kind,
        eventId: entry.id,
        attempt: entry.attempts,
      }),
    ),
  );
  const leases = createLeases(store, outbox);
  const { later, backoff, delivered } = createReplay(() => void ctx.flush_());
  const ctx: Context = {
    host_: host,
    Failure_: Failure,
    emit_: emit,
    report_: report,
    config_: config,
    store_: store,
    outbox_: outbox,
    leases_: leases,
    handover_: createHandover({
      outbox,
      owner: leases.owner,
      deduplicated: (entry) => deduplicated(ctx, entry),
      drop: (entry) => dropHanded(ctx, entry),
    }),
    pace_: createPace(),
    limit_: createLimit(CONCURRENCY),
    send_: createSender(config, Failure),
    later_: later,
    backoff_: backoff,
    delivered_: delivered,
    inFlight_: new Set(),
    calls_: new Set(),
    held_: new Map(),
    hidden_: undefined,
    shown_: () => {},
    flush_: () => flush(ctx),
  };
  return ctx;
};
