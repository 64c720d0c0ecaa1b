import { CLICK_ID_NAME } from './clickId.js';

/** A host name without its `www.`, as Dub's script compares them. */
const bare = (host: string) => host.replace(/^www\./, '').toLowerCase();

/** The elements that can lead to an outbound domain (the same in every document's realm). */
type Outbound = HTMLAnchorElement & HTMLIFrameElement;

/**
 * Makes links and frames to the site's other domains carry the click. A link to one of `domains`
 * (`example.com`, or `*.example.com` for its subdomains) has `dub_id` in its `href` as soon as the
 * click is known, so hovering, copying or reading `a.href` shows it, as with Dub's script; links
 * added or changed later are given it by a MutationObserver (no polling), and each is given it
 * again as the visitor follows it (click, middle click, context menu, drag), the safety net for a
 * link changed between the two. A frame (`<iframe src>`) is given it as it appears; until the
 * page has loaded, once it has. The links and frames inside a same-origin `<iframe srcdoc>` (how
 * embeds put their booking frame in a page) are covered the same way. The URL API keeps query
 * strings and fragments intact. Returns what decorates everything again, once the click is known.
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

  /** This page's document and those of the same-origin `srcdoc` frames in it. */
  const documents = new Set<Document>();
  /** Documents still loading whose frames wait for their load event. */
  const waiting = new WeakSet<Document>();
  /** `srcdoc` frames whose next documents are watched as they load. */
  const frames = new WeakSet<HTMLIFrameElement>();

  /**
   * Gives a link or frame the click. Elements are told apart by name, not `instanceof`: those of a
   * `srcdoc` frame belong to its own window's classes. An SVG `<a>` (whose `href` is no string)
   * is left alone.
   */
  const decorate = (node: Node) => {
    const element = node as Outbound;
    if (element.localName === 'a') {
      const href = typeof element.href === 'string' && withClick(element.href);
      if (href) element.href = href;
    } else if (element.localName === 'iframe') {
      if (element.hasAttribute('srcdoc') && !frames.has(element)) {
        frames.add(element);
        element.addEventListener('load', () => watch(element.contentDocument));
        watch(element.contentDocument);
      }
      decorateFrame(element);
    }
  };
  /**
   * Chromium drops a `src` set while a frame's document is being committed, so the frame would
   * keep loading without the click: until its document's load event, which waits for every
   * frame, the frames are decorated then, once each has loaded.
   */
  const decorateFrame = (frame: HTMLIFrameElement) => {
    const doc = frame.ownerDocument;
    if (doc.readyState !== 'complete') {
      if (waiting.has(doc)) return;
      waiting.add(doc);
      doc.defaultView?.addEventListener('load', () => scan(doc), { once: true });
    } else {
      const src = frame.src && withClick(frame.src);
      if (src) frame.src = src;
    }
  };
  const scan = (root: ParentNode) => {
    for (const element of root.querySelectorAll('a[href],iframe')) decorate(element);
  };
  /** The link being followed, also inside a shadow root: given the click just before it is used. */
  const follow = (event: Event) => {
    const link = event.composedPath().find((node) => (node as Element).localName === 'a');
    if (link) decorate(link as Node);
  };
  // Its own change of an `href` or `src` comes back here once, with the click in it: left as it is.
  const observer = new MutationObserver((records) => {
    for (const { type, target, addedNodes } of records) {
      if (type === 'attributes') decorate(target);
      else
        for (const node of addedNodes)
          if (node.nodeType === Node.ELEMENT_NODE) {
            decorate(node);
            scan(node as Element);
          }
    }
  });
  /** Watches a document (a `srcdoc` frame's once it is there; the initial blank one changes nothing). */
  const watch = (doc: Document | null) => {
    if (!doc || documents.has(doc)) return;
    documents.add(doc);
    for (const type of ['click', 'auxclick', 'contextmenu', 'dragstart'])
      (doc.defaultView ?? doc).addEventListener(type, follow, true);
    observer.observe(doc, {
      childList: true,
      subtree: true,
      attributeFilter: ['href', 'src', 'srcdoc'],
    });
    scan(doc);
  };
  watch(document);
  return () => {
    for (const doc of documents) {
      // A frame's document that another has replaced is let go.
      if (doc.defaultView) scan(doc);
      else documents.delete(doc);
    }
  };
}
