/**
 * The partner gate: what every page of a site with Dub's domains (or Dub's `dubAnalytics` stub)
 * loads. It brings each partner chunk only where the page has its work (`partnerWork`): the
 * outbound chunk for outbound links or frames, the partner chunk for landing work or Dub's stub
 * (whose calls it answers), both at once where both are due; and it watches the page for
 * outbound links and frames added or changed later, so that a plain page of such a site
 * downloads nothing more.
 */
import type { ChunkLoader, CreatePartner, Partner, PartnerHost } from '../contract.js';
import { partnerWork } from './due.js';

/** `true` in the ES module builds, where the partner chunks are dynamic imports. */
declare const __MODULE__: boolean;
/** The partner chunk's SHA-256, pinned by this gate in the `<script>` build. */
declare const __PARTNER_INTEGRITY__: string;
/** The outbound chunk's SHA-256, pinned by this gate in the `<script>` build. */
declare const __OUTBOUND_INTEGRITY__: string;

export const createGate = (host: PartnerHost): Partner => {
  let partner: Promise<Partner> | undefined;
  let outbound: Promise<unknown> | undefined;
  const [domains, workDue] = partnerWork(host.options);
  const watch = new MutationObserver(() => run());
  const run = () => {
    // Bit 1: landing work, bit 2: outbound links or frames (see partnerWork).
    const due = host.consent() === 'granted' ? workDue(host.getClickId()) : 0;
    if (due & 2 && !outbound) {
      // The outbound chunk, once asked for, watches the page itself.
      watch.disconnect();
      outbound = (
        __MODULE__
          ? import('./outbound.js').then((chunk) => chunk.createOutbound)
          : ((host.load as ChunkLoader)([
              'outbound',
              __OUTBOUND_INTEGRITY__,
            ]) as Promise<CreatePartner>)
      ).then(
        (create) => create(host),
        () => {
          outbound = undefined;
        },
      );
    }
    if (!(due & 1) && !('dubAnalytics' in window)) return;
    partner ??= (
      __MODULE__
        ? import('./index.js').then((chunk) => chunk.createPartner)
        : ((host.load as ChunkLoader)(['partner', __PARTNER_INTEGRITY__]) as Promise<CreatePartner>)
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
      (work) => work(),
      () => {
        partner = undefined;
      },
    );
  };
  // Links and frames parsed after this ran, or added later, may be outbound: each change looks
  // again, until the outbound chunk is on its way.
  if (domains)
    watch.observe(document, {
      childList: true,
      subtree: true,
      attributeFilter: ['href', 'src', 'srcdoc'],
    });
  return run;
};
