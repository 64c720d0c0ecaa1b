/**
 * Makes links to the site's other domains carry the click: when the visitor follows a link
 * (click, middle click, context menu, drag) to one of `domains` (`example.com`, or
 * `*.example.com` for its subdomains), `dub_id` is added to its URL just before the browser
 * uses it. Event-driven, so links added at any time are covered and links nobody follows are
 * never rewritten; the URL API keeps the link's query string and fragment intact.
 */
export declare function decorateOutbound(domains: string[], getClickId: () => string | null): void;
