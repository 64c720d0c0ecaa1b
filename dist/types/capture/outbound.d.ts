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
export declare function decorateOutbound(domains: string[], getClickId: () => string | null): () => void;
