import * as v from 'valibot';

/** An absolute http(s) URL, as `apiHost` and `customerAvatar` need (`new URL` must take it too). */
export const httpUrl = v.pipe(
  v.string(),
  v.check((value) => {
    try {
      return /^https?:\/\//i.test(value) && !!new URL(value);
    } catch {
      return false;
    }
  }, 'expected an absolute http(s) URL'),
);
