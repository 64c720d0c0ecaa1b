/**
 * The partner gate: what every page of a site with Dub's domains (or Dub's `dubAnalytics` stub)
 * loads. It brings the partner chunk only where the page has partner work (`partnerWork`, or
 * Dub's stub, whose calls the chunk answers), tells it whether the page has outbound links or
 * frames to decorate, and watches the page for such links and frames added or changed later, so
 * that a plain page of such a site downloads nothing more.
 */
import type { ChunkLoader, CreatePartner, Partner, PartnerHost } from '../contract.js';
import { partnerWork } from './due.js';

/** `true` in the ES module builds, where the partner chunk is a dynamic import. */
declare const __MODULE__: boolean;
/** The partner chunk's SHA-256, pinned by this gate in the `<script>` build. */
declare const __PARTNER_INTEGRITY__: string;

export const createGate = (host: PartnerHost): Partner => {
  let partner: Promise<Partner> | undefined;
  const { outbound, due: workDue } = partnerWork(host.options);
  const watch = new MutationObserver(() => run());
  const run = () => {
    // 1: landing work, 2: outbound links or frames too (see partnerWork).
    const due = host.consent() === 'granted' ? workDue(host.getClickId()) : 0;
    if (!due && !('dubAnalytics' in window)) return;
    // The outbound chunk, once asked for, watches the page itself.
    if (due > 1) watch.disconnect();
    partner ??= (
      __MODULE__
        ? import('./index.js').then((chunk) => chunk.createPartner)
        : ((host.load as ChunkLoader)([
            'partner',
            __PARTNER_INTEGRITY__,
            'dubTrackPartner',
          ]) as Promise<CreatePartner>)
    ).then((create) =>
      // A click Dub gives (a partner link, a site visit) may make the page's links outbound work.
      create({
        ...host,
        setClickId: (id) => {
          host.setClickId(id);
          run();
        },
      }),
    );
    partner.then(
      (work) => work(due),
      () => {
        partner = undefined;
      },
    );
  };
  // Links and frames parsed after this ran, or added later, may be outbound: each change looks
  // again, until the outbound chunk is on its way.
  if (outbound)
    watch.observe(document, {
      childList: true,
      subtree: true,
      attributeFilter: ['href', 'src', 'srcdoc'],
    });
  return run;
};
