/**
 * The partner gate: what every page of a site with Dub's domains (or Dub's `dubAnalytics` stub)
 * loads. It brings the partner chunk only where the page has partner work (`partnerWorkDue`, or
 * Dub's stub, whose calls the chunk answers), and watches the page for outbound links and frames
 * added or changed later, so that a plain page of such a site downloads nothing more.
 */
import type { ChunkLoader, CreatePartner, Partner, PartnerHost } from '../contract.js';
import { partnerWorkDue } from './due.js';

/** `true` in the ES module builds, where the partner chunk is a dynamic import. */
declare const __MODULE__: boolean;
/** The partner chunk's SHA-256, pinned by this gate in the `<script>` build. */
declare const __PARTNER_INTEGRITY__: string;

export const createGate = (host: PartnerHost): Partner => {
  let partner: Promise<Partner> | undefined;
  const watch = new MutationObserver(() => run());
  const run = () => {
    if (
      !('dubAnalytics' in window) &&
      !(host.consent() === 'granted' && partnerWorkDue(host.options, host.getClickId()))
    )
      return;
    watch.disconnect();
    partner ??= (
      __MODULE__
        ? import('./index.js').then((chunk) => chunk.createPartner)
        : ((host.load as ChunkLoader)([
            'partner',
            __PARTNER_INTEGRITY__,
            'dubTrackPartner',
          ]) as Promise<CreatePartner>)
    ).then((create) => create(host));
    partner.then(
      (work) => work(),
      () => {
        partner = undefined;
      },
    );
  };
  // Links and frames parsed after this ran, or added later, may be outbound: each change looks
  // again, until the chunk is on its way.
  if (Object.hasOwn({ ...host.options.domainsConfig }, 'outbound'))
    watch.observe(document, {
      childList: true,
      subtree: true,
      attributeFilter: ['href', 'src', 'srcdoc'],
    });
  return run;
};
