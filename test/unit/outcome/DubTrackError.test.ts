// DubTrackError: the one error class; its name says what happened and its fields say about what.
import { describe, expect, it } from 'vitest';
import { DubTrackError } from '../../../src/outcome/DubTrackError.js';

describe('DubTrackError', () => {
  it('is an Error with the given name and message', () => {
    const error = new DubTrackError('NetworkError', 'the request failed');
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error.name).toBe('NetworkError');
    expect(error.message).toBe('the request failed');
    expect(String(error)).toBe('NetworkError: the request failed');
    expect(error.stack).toEqual(expect.any(String));
  });

  it('defaults every field', () => {
    const error = new DubTrackError('ConfigError', 'bad option');
    expect({
      kind: error.kind,
      eventId: error.eventId,
      status: error.status,
      code: error.code,
      docUrl: error.docUrl,
      issues: error.issues,
      attempt: error.attempt,
      willRetry: error.willRetry,
    }).toStrictEqual({
      kind: null,
      eventId: null,
      status: null,
      code: null,
      docUrl: null,
      issues: [],
      attempt: 0,
      willRetry: false,
    });
  });

  it('carries the fields it is given', () => {
    const error = new DubTrackError('RateLimitExceeded', 'Too many requests.', {
      kind: 'sale',
      eventId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
      status: 429,
      code: 'rate_limit_exceeded',
      docUrl: 'https://dub.co/docs/api-reference/errors#rate-limit_exceeded',
      attempt: 3,
      willRetry: true,
    });
    expect(error).toMatchObject({
      name: 'RateLimitExceeded',
      message: 'Too many requests.',
      kind: 'sale',
      eventId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
      status: 429,
      code: 'rate_limit_exceeded',
      docUrl: 'https://dub.co/docs/api-reference/errors#rate-limit_exceeded',
      issues: [],
      attempt: 3,
      willRetry: true,
    });
  });

  it('carries the issues of a ValidationError', () => {
    const issues = [{ path: 'amount', message: 'Invalid type' }];
    const error = new DubTrackError('ValidationError', 'Invalid sale: amount: Invalid type', {
      kind: 'sale',
      issues,
    });
    expect(error.issues).toEqual(issues);
    expect(error.kind).toBe('sale');
  });

  it('gives each error its own issues list', () => {
    const first = new DubTrackError('ConfigError', 'a');
    first.issues.push({ path: 'x', message: 'y' });
    expect(new DubTrackError('ConfigError', 'b').issues).toEqual([]);
  });

  it('keeps the name when a field of that name is passed', () => {
    const error = new DubTrackError('BadRequest', 'bad', { status: 400 });
    expect(error.name).toBe('BadRequest');
    expect(Object.keys(error)).toContain('name');
  });

  it('lets a subclass (the class handed to the engine) be caught as DubTrackError', () => {
    class EngineError extends DubTrackError {}
    const error = new EngineError('TimeoutError', 'slow');
    expect(error).toBeInstanceOf(DubTrackError);
    expect(error.name).toBe('TimeoutError');
  });
});
