import { CLICK_ID_NAME } from './clickId.js';

/** A host name without its `www.`, as Dub's script compares them. */
const bare = (host: string) => host.replace(/^www\./, '').toLowerCase();

/**
 * Makes links and frames to the site's other domains carry the click. A link to one of `domains`
 * (`example.com`, or `*.example.com` for its subdomains) gets `dub_id` in its URL when the visitor
 * follows it (click, middle click, context menu, drag), just before the browser uses it: links
 * added at any time are covered and links nobody follows are never rewritten. A frame loads
 * without anyone's action, so an `<iframe>` is given it as it appears (present when this runs,
 * added later, or given a new `src`), as Dub's script does; until the page has loaded, once it has.
 * The URL API keeps query strings and fragments intact. Returns what decorates the frames again
 * (once the click is known).
 */
export function decorateOutbound(domains: string[], getClickId: () => string | null) {
  const here = bare(location.hostname);
  const isOutbound = (host: string) =>
    domains.some((domain) => {
      const name = bare(domain);
      return name.startsWith('*.') ? host.endsWith(name.slice(1)) : name === host && name !== here;
    });
  /** `href` with the click added, when it leads to an outbound domain and has none yet. */
  const withClick = (href: string) => {
    const id = getClickId();
    if (!id) return;
    try {
      const url = new URL(href);
      if (!isOutbound(bare(url.hostname)) || url.searchParams.has(CLICK_ID_NAME)) return;
      // Appended, not set through searchParams, which would re-encode the URL's own parameters.
      url.search += `${url.search ? '&' : ''}${CLICK_ID_NAME}=${id}`;
      return url.href;
    } catch {}
  };
  const decorate = (event: Event) => {
    // The link itself, also inside a shadow root.
    const link = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement && !!node.href);
    const href = link && withClick(link.href);
    if (href) link.href = href;
  };
  for (const type of ['click', 'auxclick', 'contextmenu', 'dragstart'])
    addEventListener(type, decorate, true);

  const decorateFrame = (node: Node) => {
    if (!(node instanceof HTMLIFrameElement) || !node.src) return;
    const src = withClick(node.src);
    if (src) node.src = src;
  };
  let waiting = false;
  /**
   * Decorates the frames in `root`. Chromium drops a `src` set while a frame's document is being
   * committed, so the frame would keep loading without the click: until the page's load event,
   * which waits for every frame, the frames are decorated then, once each has loaded.
   */
  const decorateFrames = (root: ParentNode = document) => {
    if (document.readyState === 'complete')
      for (const frame of root.querySelectorAll('iframe[src]')) decorateFrame(frame);
    else if (!waiting) {
      waiting = true;
      addEventListener('load', () => decorateFrames(), { once: true });
    }
  };
  // Its own change of a frame's `src` comes back here once, with the click in it: left as it is.
  new MutationObserver((records) => {
    if (document.readyState !== 'complete') return decorateFrames();
    for (const { type, target, addedNodes } of records) {
      if (type === 'attributes') decorateFrame(target);
      else
        for (const node of addedNodes) {
          decorateFrame(node);
          if (node instanceof Element) decorateFrames(node);
        }
    }
  }).observe(document, { childList: true, subtree: true, attributeFilter: ['src'] });
  decorateFrames();
  return () => decorateFrames();
}
