// httpUrl: the one URL rule, shared by apiHost and customerAvatar.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { httpUrl } from '../../../src/validation/httpUrl.js';

describe('httpUrl', () => {
  it('accepts absolute http and https URLs, in any case', () => {
    for (const url of ['https://api.dub.co', 'http://127.0.0.1:8787/t', 'HTTPS://cdn.test/a.png'])
      expect(v.is(httpUrl, url)).toBe(true);
  });

  it('refuses relative, other-scheme, malformed and non-string values', () => {
    for (const bad of [
      '/api',
      'a.png',
      '//cdn.test/a.png',
      'https:cdn.test/a.png',
      'https://',
      'http://exa mple.com',
      'ftp://cdn.test/a.png',
      'javascript:alert(1)',
      'data:image/png;base64,AAAA',
      42,
      null,
    ])
      expect(v.is(httpUrl, bad)).toBe(false);
  });
});
