// @vitest-environment node
// What the handler answers for each way the SDK can fail (the real SDK's errors are read by shape).
import type { Dub } from 'dub';
import { describe, expect, it } from 'vitest';
import { forward } from '../../../src/server/forward.js';

const failingWith = (error: unknown) =>
  ({
    track: {
      lead: async () => {
        throw error;
      },
    },
  }) as unknown as Dub;
const named = (name: string) => Object.assign(new Error('details about the request'), { name });
const lead = { eventName: 'Sign up', customerExternalId: 'user_1', clickId: '' };

describe('forward', () => {
  it('answers 504 to a timeout and 502 to any other failure without an answer', async () => {
    const timeout = await forward(failingWith(named('RequestTimeoutError')), 'lead', lead, 1000);
    expect(timeout.status).toBe(504);
    const connection = await forward(failingWith(named('ConnectionError')), 'lead', lead, 1000);
    expect(connection.status).toBe(502);
    // The SDK's messages are about the request: none reaches the page.
    expect(connection.body).not.toContain('details about the request');
  });

  it('answers 422 when the SDK refuses the body itself', async () => {
    const refused = await forward(failingWith(named('SDKValidationError')), 'lead', lead, 1000);
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.body).error.code).toBe('unprocessable_entity');
  });

  it('answers what was recorded for a 2xx whose body the SDK could not parse, and none of it', async () => {
    const body = '{"click":{"id":"c"},"customer":{"email":"a@b.example"},"unexpected":true}';
    const answer = await forward(
      failingWith(Object.assign(named('ResponseValidationError'), { statusCode: 200, body })),
      'lead',
      lead,
      1000,
    );
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      recorded: 'lead',
      customerExternalId: 'user_1',
      eventName: 'Sign up',
    });
  });

  it('answers 504 when a client that ignores the timeout does not answer in time', async () => {
    const hanging = { track: { lead: () => new Promise(() => {}) } } as unknown as Dub;
    const answer = await forward(hanging, 'lead', lead, 50);
    expect(answer.status).toBe(504);
    expect(JSON.parse(answer.body).error.code).toBe('gateway_timeout');
  });

  it('passes Dub’s error code and message on, and no other field of its error', async () => {
    const body = JSON.stringify({
      error: {
        code: 'not_found',
        message: 'Customer not found',
        doc_url: 'u',
        customer: { email: 'x' },
      },
    });
    const answer = await forward(
      failingWith(Object.assign(named('NotFound'), { statusCode: 404, body })),
      'lead',
      lead,
      1000,
    );
    expect(JSON.parse(answer.body)).toEqual({
      error: { code: 'not_found', message: 'Customer not found', doc_url: 'u' },
    });
  });

  it('wraps an error answer that is not Dub’s shape in Dub’s shape, keeping the status', async () => {
    const answer = await forward(
      failingWith(Object.assign(named('SDKError'), { statusCode: 502, body: '<html>bad gateway' })),
      'lead',
      lead,
      1000,
    );
    expect(answer.status).toBe(502);
    expect(JSON.parse(answer.body).error).toMatchObject({ message: 'Dub answered 502' });
  });
});
