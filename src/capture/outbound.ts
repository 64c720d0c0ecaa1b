import { CLICK_ID_NAME } from './clickId.js';

/** A host name without its `www.`, as Dub's script compares them. */
const bare = (host: string) => host.replace(/^www\./, '').toLowerCase();

/**
 * Makes links to the site's other domains carry the click: when the visitor follows a link
 * (click, middle click, context menu, drag) to one of `domains` (`example.com`, or
 * `*.example.com` for its subdomains), `dub_id` is added to its URL just before the browser
 * uses it. Event-driven, so links added at any time are covered and links nobody follows are
 * never rewritten; the URL API keeps the link's query string and fragment intact.
 */
export function decorateOutbound(domains: string[], getClickId: () => string | null) {
  const here = bare(location.hostname);
  const isOutbound = (host: string) =>
    domains.some((domain) => {
      const name = bare(domain);
      return name.startsWith('*.') ? host.endsWith(name.slice(1)) : name === host && name !== here;
    });
  const decorate = (event: Event) => {
    // The link itself, also inside a shadow root.
    const link = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && !!node.href);
    const id = getClickId();
    if (!link || !id) return;
    try {
      const url = new URL(link.href);
      if (!isOutbound(bare(url.hostname)) || url.searchParams.has(CLICK_ID_NAME)) return;
      // Appended, not set through searchParams, which would re-encode the link's own parameters.
      url.search += `${url.search ? '&' : ''}${CLICK_ID_NAME}=${id}`;
      link.href = url.href;
    } catch {}
  };
  for (const type of ['click', 'auxclick', 'contextmenu', 'dragstart'])
    addEventListener(type, decorate, true);
}
