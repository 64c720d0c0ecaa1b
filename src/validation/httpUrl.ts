import * as v from 'valibot';

/** An absolute http(s) URL, as `apiHost` needs (`new URL` must take it too). */
export const httpUrl = v.custom<string>((value) => {
  try {
    return typeof value === 'string' && /^https?:\/\//i.test(value) && !!new URL(value);
  } catch {
    return false;
  }
}, 'Invalid URL: expected an absolute http(s) URL');
