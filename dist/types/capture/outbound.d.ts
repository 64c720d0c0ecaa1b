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
export declare function decorateOutbound(domains: string[], getClickId: () => string | null): () => void;
