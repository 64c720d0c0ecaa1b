// The error name of each status (SPEC §6), which statuses are retried (SPEC §7), and Dub's error
// body read defensively: an endpoint may answer with anything.
import { describe, expect, it } from 'vitest';
import { RETRIED_STATUSES } from '../../../src/config/dub.js';
import { dubErrorBody, errorNameOf } from '../../../src/delivery/httpErrors.js';

describe('errorNameOf', () => {
  it('names every status SPEC §6 maps', () => {
    const mapped = {
      400: 'BadRequest',
      401: 'Unauthorized',
      403: 'Forbidden',
      404: 'NotFound',
      409: 'Conflict',
      410: 'InviteExpired',
      422: 'UnprocessableEntity',
      429: 'RateLimitExceeded',
      500: 'InternalServerError',
    };
    for (const [status, name] of Object.entries(mapped)) {
      expect(errorNameOf(Number(status))).toBe(name);
    }
  });

  it('names every other 4XX and 5XX SDKError', () => {
    for (const status of [402, 405, 408, 413, 418, 451, 499, 501, 502, 503, 504, 599]) {
      expect(errorNameOf(status)).toBe('SDKError');
    }
  });
});

describe('RETRIED_STATUSES', () => {
  it('holds exactly 408, 429, 500, 502, 503 and 504', () => {
    expect([...RETRIED_STATUSES].sort()).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it('leaves out the answers that will not change', () => {
    for (const status of [400, 401, 403, 404, 409, 410, 422, 501, 505]) {
      expect(RETRIED_STATUSES).not.toContain(status);
    }
  });
});

describe('dubErrorBody', () => {
  it("reads code, message and doc_url from Dub's error body", () => {
    const body = {
      error: {
        code: 'rate_limit_exceeded',
        message: 'Too many requests.',
        doc_url: 'https://dub.co/docs/api-reference/errors#rate-limit_exceeded',
      },
    };
    expect(dubErrorBody(body)).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Too many requests.',
      docUrl: 'https://dub.co/docs/api-reference/errors#rate-limit_exceeded',
    });
  });

  it('keeps only the string fields of a partial body', () => {
    expect(dubErrorBody({ error: { code: 'not_found', message: 42, doc_url: null } })).toEqual({
      code: 'not_found',
      message: undefined,
      docUrl: undefined,
    });
  });

  it('reads nothing from anything else', () => {
    for (const data of [
      null,
      undefined,
      '',
      'Bad Gateway',
      '<html>502</html>',
      42,
      true,
      [],
      {},
      { error: null },
      { error: 'boom' },
      { error: 42 },
      { message: 'not under error' },
    ]) {
      const body = dubErrorBody(data);
      expect([body.code, body.message, body.docUrl]).toEqual([undefined, undefined, undefined]);
    }
  });
});
