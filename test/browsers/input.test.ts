// Hostile input in every engine: junk passed to lead, sale and customer is always a clear
// ValidationError and never a request; valid calls of every shape reach the endpoint exactly as
// normalized; metadata holding `__proto__` reaches no prototype, sent, kept or replayed.
// Calls are generated (fast-check) with a new seed each run, named in a failure's message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ScriptAttrs } from '../fixtures/site.js';
import {
  ENGINE,
  engineFile,
  HOST,
  type Kind,
  outbox,
  servePage,
  settleDown,
  setUpWorld,
  uncaught,
  until,
  visit,
} from './harness.js';
import {
  BASE,
  callInPage,
  canonical,
  junk,
  junkCall,
  NOT_JSON,
  validCall,
} from './helpers/inputs.js';

const world = setUpWorld();
// No call here waits for a request timeout: a generous one keeps a loaded machine from making one.
const FAST_RETRY = { limit: 0, backoffLimitMs: 50, timeoutMs: 10_000 };
const PROTO_METADATA = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}}';

/** A new fast-check seed for this run, named in a failure's message so that it can be replayed. */
const freshSeed = () => Date.now() ^ (Math.random() * 2 ** 31);

const open = async (query = '', attrs: ScriptAttrs = {}) => {
  servePage(world, '/', { attrs });
  await visit(world.page, `${world.site.url(HOST)}/${query}`);
};

describe(`[${ENGINE}] hostile input`, () => {
  it('junk passed to lead, sale and customer rejects with ValidationError and sends nothing', async () => {
    const { page, collector } = world;
    const seed = freshSeed();
    // Every kind of junk that JSON cannot carry, in every run, then a random sample of the rest.
    const cases: [Kind, unknown][] = [
      ...NOT_JSON.map((name): [Kind, unknown] => ['sale', junk(name)]),
      ...NOT_JSON.map((name): [Kind, unknown] => ['sale', { ...BASE.sale, amount: junk(name) }]),
      ...['bigint', 'cyclic', 'getter'].map((name): [Kind, unknown] => [
        'lead',
        { ...BASE.lead, metadata: { plan: junk(name) } },
      ]),
      ['customer', junk('undefined')],
      ['lead', { ...BASE.lead, eventName: junk('huge') }],
      ...fc.sample(junkCall, { numRuns: 50, seed }),
    ];
    await open('?dub_id=junk_1');

    const outcomes = await callInPage(page, cases);
    expect(outcomes).toHaveLength(cases.length);
    for (const [index, outcome] of outcomes.entries()) {
      expect(outcome, `seed ${seed}, case ${index}: ${JSON.stringify(cases[index])}`).toEqual({
        resolved: false,
        name: 'ValidationError',
        issues: expect.any(Number),
        isError: true,
        willRetry: false,
      });
      expect((outcome as { issues: number }).issues).toBeGreaterThan(0);
    }
    await settleDown(page);
    expect(collector.requests).toEqual([]);
    expect(await outbox(page)).toEqual([]);
    expect(await uncaught(page)).toEqual([]);
  });

  it('valid calls of every shape reach the collector exactly as normalized', async () => {
    const { page, collector } = world;
    const seed = freshSeed();
    const calls = fc.sample(validCall('valid_1'), { numRuns: 20, seed });
    await open('?dub_id=valid_1');

    const outcomes = await page.evaluate(
      async (calls: { kind: Kind; input: string }[]) => {
        const tracker = (
          window as unknown as {
            dubTrack: Record<
              Kind,
              (input: unknown) => Promise<{ eventId: string; status: number }>
            >;
          }
        ).dubTrack;
        const results = [];
        for (const { kind, input } of calls) {
          results.push(
            await tracker[kind](JSON.parse(input)).then(
              ({ eventId, status }) => ({ eventId, status }),
              (error) => ({ error: `${error.name}: ${error.message}` }),
            ),
          );
        }
        return results;
      },
      calls.map(({ kind, input }) => ({ kind, input })),
    );

    const received = new Map(
      collector.tracked().map((record) => [record.headers['idempotency-key'], record]),
    );
    expect(collector.tracked(), `seed ${seed}`).toHaveLength(calls.length);
    expect(outcomes).toHaveLength(calls.length);
    for (const [index, outcome] of outcomes.entries()) {
      const call = calls[index];
      const message = `seed ${seed}, ${call.kind} ${call.input}`;
      expect(outcome, message).toEqual({ eventId: expect.any(String), status: 200 });
      const record = received.get((outcome as { eventId: string }).eventId);
      expect(record?.path, message).toBe(
        { lead: '/track/lead/client', sale: '/track/sale/client', customer: '/track/customer' }[
          call.kind
        ],
      );
      expect(canonical(JSON.parse(record?.body ?? 'null')), message).toBe(canonical(call.expected));
    }
    expect(await uncaught(page)).toEqual([]);
  });
});

// ---- prototype safety -----------------------------------------------------------------------

const saleWithProtoMetadata = () =>
  world.page.evaluate((text: string) => {
    const metadata = JSON.parse(text);
    return (window as unknown as { dubTrack: { sale(input: object): Promise<unknown> } }).dubTrack
      .sale({ customerExternalId: 'cus_1', amount: 500, invoiceId: 'inv_proto', metadata })
      .then(
        () => ({ ok: true, name: '' }),
        (error) => ({ ok: false, name: error.name as string }),
      );
  }, PROTO_METADATA);
const pollution = () =>
  world.page.evaluate(() => ({
    plain: ({} as Record<string, unknown>).polluted ?? null,
    prototypes: [Object.prototype, Function.prototype, Array.prototype].some((proto) =>
      Object.getOwnPropertyNames(proto).includes('polluted'),
    ),
  }));
const CLEAN = { plain: null, prototypes: false };

describe(`[${ENGINE}] prototype safety`, () => {
  it('a sale whose metadata holds __proto__ and constructor.prototype pollutes nothing and is sent as data', async () => {
    const { page, collector } = world;
    await open('?dub_id=proto_1');
    expect(await saleWithProtoMetadata()).toEqual({ ok: true, name: '' });
    expect(await pollution()).toEqual(CLEAN);

    const [record, ...more] = collector.tracked();
    expect(more).toEqual([]);
    expect(record.body).toContain(`"metadata":${PROTO_METADATA}`);
    expect(Object.hasOwn((record.json as { metadata: object }).metadata, '__proto__')).toBe(true);
    expect(await uncaught(page)).toEqual([]);
  });

  for (const [failure, breakIt] of [
    ['the endpoint answers 503', () => void world.collector.failNext(1, { status: 503 })],
    ['the engine fails to load', () => world.site.failPath(`/dist/${engineFile()}`, 503)],
  ] as const) {
    it(`that sale, kept because ${failure}, replays after a reload and still pollutes nothing`, async () => {
      const { page, site, collector } = world;
      const attrs = { 'data-retry': FAST_RETRY };
      breakIt();
      await open('?dub_id=proto_2', attrs);
      expect((await saleWithProtoMetadata()).ok).toBe(false);
      expect(await pollution()).toEqual(CLEAN);
      const kept = Object.entries(await page.localStorage())
        .filter(([key]) => key.startsWith('dub_track_event.v2:'))
        .map(([, value]) => value);
      expect(kept).toHaveLength(1);
      // Kept as JSON text: the validated body (a string inside), or the raw call when the engine is missing.
      expect(kept[0].replaceAll('\\"', '"')).toContain(PROTO_METADATA);

      site.reset();
      await open('', attrs);
      const sent = failure.includes('503') ? 2 : 1;
      const records = await collector.waitForTracked(sent, 15_000);
      expect(records).toHaveLength(sent);
      const replayed = records[sent - 1];
      expect(replayed.answer).toEqual({ status: 200 });
      expect(replayed.body).toContain(`"metadata":${PROTO_METADATA}`);
      expect(replayed.json).toMatchObject({ clickId: 'proto_2', invoiceId: 'inv_proto' });
      await until(async () => (await outbox(page)).length === 0, 'outbox emptied');
      await settleDown(page);
      expect(collector.tracked()).toHaveLength(sent);
      expect(await pollution()).toEqual(CLEAN);
      expect(await uncaught(page)).toEqual([]);
    });
  }
});
