/**
 * The `<script>` tag entry: reads the tag's `data-*` attributes, creates the tracker, drains the
 * pre-load queue (SPEC §5) and defines `window.dubTrack`. A second inclusion changes nothing.
 */
import { readScriptAttributes } from './config/options.js';
import {
  type ChunkLoader,
  type CreateEngine,
  type CreatePartner,
  chunkGlobal,
} from './contract.js';
import { type Tracker, wireTracker } from './tracker.js';

/** The hash in both chunks' file names (`dub-track.<name>.<hash>.js`). */
declare const __CHUNK_HASH__: string;
declare const __ENGINE_INTEGRITY__: string;
declare const __GATE_INTEGRITY__: string;
/**
 * `true` in `dist/script.js`, this entry as an ES module for bundlers (`import 'dub-track/script'`):
 * there the chunks are dynamic imports the bundler splits off and serves, and the options are read
 * from the page's first `<script>` with Dub's or this script's attributes (a module has no
 * `document.currentScript`; e.g. `<script type="application/json" data-publishable-key="…">`,
 * which no browser runs). Set by scripts/build.mjs.
 */
declare const __MODULE__: boolean;

type QueuedCall = [
  method: string,
  args: unknown[],
  resolve?: (value: unknown) => void,
  reject?: (error: unknown) => void,
];
type Stub = Partial<Tracker> & { q?: QueuedCall[] };
type EngineWindow = Window & {
  dubTrack?: Stub;
  /** Dub's own stub, on pages written for Dub's script. */
  dubAnalytics?: unknown;
  [MARK]?: Tracker;
};

/**
 * Where this script keeps its tracker, and how it knows it is there: not from `window.dubTrack`,
 * which the page's markup can make an element (`<form name="dubTrack">`, whose `version` is then
 * an input). The tracker is found here too when the page has made `window.dubTrack` read-only.
 */
const MARK = Symbol.for('dub-track');

/**
 * The part of the Trusted Types API the loader uses (not in TypeScript's DOM types yet). Its
 * `TrustedScriptURL` is typed as the string `src` takes in its place.
 */
declare const trustedTypes: {
  createPolicy(
    name: string,
    rules: { createScriptURL(input: string): string },
  ): { createScriptURL(input: string): string };
};

/**
 * `document[name]` as the DOM defines it: on `document`, an `<img name="head">` or `<form
 * name="currentScript">` of the page's markup is found first.
 */
const real = <K extends 'currentScript' | 'head'>(name: K): Document[K] =>
  Reflect.get(Document.prototype, name, document);

const page = window as EngineWindow;
const stub = page.dubTrack;

if (!page[MARK]) {
  const tag = (
    __MODULE__
      ? Document.prototype.querySelector.call(
          document,
          'script[data-publishable-key],script[data-api-host],script[data-domains]',
        )
      : real('currentScript')
  ) as HTMLScriptElement | null;
  const [options, problems] = readScriptAttributes(tag?.dataset ?? {});

  /** Turns a chunk's name into its URL in the form this page accepts for a script (see below). */
  let policy: { createScriptURL(chunk: string): string } | undefined;

  /**
   * Adds a chunk's script next to this one, pinned by its SHA-256 (`integrity`) so the tag's SRI
   * covers it, and resolves with what it hands over on `window` (`chunkGlobal`). `name` is the
   * chunk's name in its file name, the form the policy's `createScriptURL` takes.
   */
  const load: ChunkLoader = ([name, integrity]) =>
    new Promise((resolve, reject) => {
      const url = (chunk: string) =>
        new URL(`dub-track.${chunk}.${__CHUNK_HASH__}.js`, tag?.src || location.href).href;
      // A page that enforces Trusted Types takes a script URL only from a policy it allows by
      // name (`trusted-types dub-track`); this one yields the URLs of this build's chunks, named
      // by this script and the chunks it pinned, and nothing else. It is made once (a name can be
      // taken once). Where Trusted Types are missing or the name is refused (a `default` policy
      // may still pass it), the plain URL.
      try {
        policy ??= trustedTypes.createPolicy('dub-track', { createScriptURL: url });
      } catch {
        policy = { createScriptURL: url };
      }
      real('head').append(
        Object.assign(Document.prototype.createElement.call(document, 'script'), {
          integrity,
          // '' is the attribute's Anonymous state, as 'anonymous' (fewer bytes on every page).
          crossOrigin: '',
          nonce: tag?.nonce ?? '',
          onload: () => resolve(page[chunkGlobal(name) as never]),
          onerror: reject,
          // Last: the element is complete when its download starts.
          src: policy.createScriptURL(name),
        }),
      );
    });

  const tracker = wireTracker(
    options,
    __MODULE__
      ? () => import('./engine/index.js').then((engine) => engine.startEngine)
      : () => load(['engine', __ENGINE_INTEGRITY__]) as Promise<CreateEngine>,
    problems,
    __MODULE__
      ? () => import('./partner/gate.js').then((gate) => gate.createGate)
      : () => load(['gate', __GATE_INTEGRITY__]) as Promise<CreatePartner>,
    page.dubAnalytics,
    load,
  );
  page[MARK] = tracker;
  // Replaces whatever the page's markup made `window.dubTrack`; a page script may have made it
  // read-only (then the tracker stays reachable by its mark, and the engine says so as it starts:
  // `trackerHidden` in src/engine/problems.ts).
  try {
    page.dubTrack = tracker;
  } catch {}
  // The README's queue snippet: its own `q` lists the calls made before the load (not a `q` of
  // the page's markup or prototypes). One that is not a list of calls is left alone, never thrown.
  try {
    for (const [method, args, resolve, reject] of Object.hasOwn(stub ?? {}, 'q')
      ? ((stub as Stub).q as QueuedCall[])
      : []) {
      const result = (tracker[method as 'lead'] as (...a: unknown[]) => Promise<unknown>)(...args);
      if (resolve) result.then(resolve, reject);
    }
  } catch {}
}
