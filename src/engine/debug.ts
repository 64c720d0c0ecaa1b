/**
 * What debug mode prints: every `ConfigError`, every dropped event and every ignored option, each
 * with what to change, and once that dub-track is installed and with which options. A chunk of its
 * own (`dub-track.debug.<hash>.js`, pinned by the engine's digest): only a page in debug mode
 * downloads these words, and the engine waits for them before it starts there.
 */
import type { CookieOptions, TrackerOptions } from '../config/options.js';
import type { DubTrackError, EventKind } from '../outcome/DubTrackError.js';
import type { Emit } from '../outcome/events.js';
import { closest } from '../validation/closest.js';

declare const __VERSION__: string;

const PREFIX = '[dub-track]';

/** Options read elsewhere (the core, the partner chunk) or written by Dub's own tag and harmless. */
const OTHER_OPTIONS = ['debug', 'customerEndpoint', 'sdkn', 'sdkv'];

/** Prints one warning, prefixed. */
const warn = (message: string) => console.warn(`${PREFIX} ${message}`);

/**
 * The options given that no part of the tracker reads, each with the known name closest to it:
 * debug mode reports them (a typo such as `publishableKye` would otherwise go unnoticed).
 */
export function ignoredOptions(options: TrackerOptions, known: string[]): string[] {
  const names = [...known, ...OTHER_OPTIONS];
  return Object.keys(options)
    .filter((name) => !names.includes(name))
    .map((name) => {
      const meant = closest(name, names);
      return `unknown option ${JSON.stringify(name.slice(0, 40))} ignored${meant ? `: did you mean ${meant}?` : ''}`;
    });
}

export const debug = {
  warn,
  ignoredOptions,
  /**
   * The engine's `emit`, which also prints every `ConfigError` and every event dropped (an error
   * after which nothing sends it again; kept in memory, it is still sent by this page).
   */
  emit:
    (emit: Emit): Emit =>
    (type, detail) => {
      const { name, kind, message, willRetry, kept } = detail as DubTrackError;
      if (type === 'error' && (name === 'ConfigError' || !(willRetry || kept)))
        warn(`${name}${kind ? ` (${kind})` : ''}: ${message}`);
      emit(type, detail);
    },
  /** The one line as the engine starts: which version runs, where events go, with which options. */
  announce: (apiHost: string, options: TrackerOptions) =>
    console.info(
      `${PREFIX} dub-track ${__VERSION__} is installed, sending to ${apiHost}; options:`,
      options,
    ),
  /**
   * What debug mode says of the options as the engine reads them: each option nothing reads is
   * reported (`report`), and an option accepted that cannot work as asked is warned about.
   */
  options(
    options: TrackerOptions,
    cookieOptions: CookieOptions | undefined,
    known: string[],
    report: (message: string) => void,
  ) {
    if (cookieOptions?.httpOnly)
      warn('cookieOptions.httpOnly is ignored: a script cannot set an HttpOnly cookie');
    for (const message of ignoredOptions(options, known)) report(message);
  },
  /** A sale for Dub's API without `invoiceId` (the checked body of a call of `kind`, as JSON). */
  noInvoice: (isDub: boolean, kind: EventKind, body: string) => {
    if (isDub && kind === 'sale' && !JSON.parse(body).invoiceId)
      warn('Dub de-duplicates sales by invoiceId: without it, a retry may count twice');
  },
  /** Dub's 200 for a sale it did not record (`{"sale": null}`), with the likely reason. */
  unrecorded: (id: string, body: string) =>
    warn(
      `Dub recorded no sale for event ${id}: ${
        JSON.parse(body).amount === 0
          ? 'its amount is 0'
          : 'it knows no customer with this customerExternalId (track a lead first) and the sale has no click ID'
      }`,
    ),
};

export type Debug = typeof debug;
