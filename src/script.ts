/**
 * The `<script>` tag entry: reads the tag's `data-*` attributes, creates the tracker, drains the
 * pre-load queue (SPEC §5) and defines `window.dubTrack`. A second inclusion changes nothing.
 */
import { readScriptAttributes } from './config/options.js';
import type { CreateEngine } from './engine/contract.js';
import { type Tracker, wireTracker } from './tracker.js';

declare const __ENGINE_FILE__: string;
declare const __ENGINE_INTEGRITY__: string;

type QueuedCall = [
  method: string,
  args: unknown[],
  resolve?: (value: unknown) => void,
  reject?: (error: unknown) => void,
];
type Stub = Partial<Tracker> & { q?: QueuedCall[] };
type EngineWindow = Window & { dubTrack?: Stub; dubTrackEngine?: CreateEngine };

const page = window as EngineWindow;
const stub = page.dubTrack;

if (!stub?.version) {
  const tag = document.currentScript as HTMLScriptElement | null;
  const { options, errors } = readScriptAttributes(tag?.dataset ?? {});

  /** Adds the engine's script next to this one, pinned by its SHA-384 so the tag's SRI covers it. */
  const loadEngine = () =>
    new Promise<CreateEngine>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL(__ENGINE_FILE__, tag?.src || location.href).href;
      script.integrity = __ENGINE_INTEGRITY__;
      script.crossOrigin = 'anonymous';
      script.nonce = tag?.nonce ?? '';
      script.onload = () => resolve(page.dubTrackEngine as CreateEngine);
      script.onerror = reject;
      document.head.append(script);
    });

  const tracker = wireTracker(options, loadEngine, errors);
  page.dubTrack = tracker;
  for (const [method, args, resolve, reject] of stub?.q ?? []) {
    const run = tracker[method as 'lead'] as (...a: unknown[]) => Promise<unknown>;
    const result = run.apply(tracker, args);
    if (resolve) result.then(resolve, reject);
  }
}
