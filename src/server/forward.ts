import type { Dub } from 'dub';
import type { EventKind } from '../outcome/DubTrackError.js';
import { type Answer, errorAnswer } from './answer.js';

/** The part of the `dub` SDK the handler calls. */
export type DubClient = Pick<Dub, 'track' | 'customers'>;

type LeadBody = Parameters<Dub['track']['lead']>[0];
type SaleBody = Parameters<Dub['track']['sale']>[0];

/**
 * What a 2xx answer says: the event that was recorded, from the fields the page sent, and nothing
 * of Dub's answer (which carries the customer's name, email, avatar and sales: not for a browser,
 * nor for the idempotency store that replays it).
 */
export function recorded(kind: EventKind, body: Record<string, unknown>) {
  const { eventName, customerExternalId, amount, currency, invoiceId } = body;
  const fields =
    kind === 'lead'
      ? { eventName }
      : kind === 'sale'
        ? { eventName, amount, currency, invoiceId }
        : {};
  return JSON.stringify({ recorded: kind, customerExternalId, ...fields });
}

/**
 * Sends a checked body to Dub with the SDK: a lead with `track.lead`, a sale with `track.sale`, a
 * customer with `customers.update`, addressed by external ID (`ext_<id>`, as Dub's API reads it).
 * Dub gets `timeoutMs` to answer (the SDK aborts the request then): 504, which the browser retries.
 */
export async function forward(
  dub: DubClient,
  kind: EventKind,
  body: Record<string, unknown>,
  timeoutMs: number,
): Promise<Answer> {
  const options = { timeoutMs };
  const call = () =>
    kind === 'lead'
      ? dub.track.lead(body as LeadBody, options)
      : kind === 'sale'
        ? dub.track.sale(body as SaleBody, options)
        : dub.customers.update(
            {
              id: `ext_${body.customerExternalId}`,
              requestBody: {
                name: body.customerName as string | undefined,
                email: body.customerEmail as string | undefined,
                avatar: body.customerAvatar as string | undefined,
              },
            },
            options,
          );
  // The SDK's own timeout ends the request; this one also bounds a client that ignores it.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs + 250);
  });
  try {
    if ((await Promise.race([call(), late])) === 'late')
      return errorAnswer(504, 'Dub did not answer in time');
    return { status: 200, body: recorded(kind, body) };
  } catch (error) {
    return upstreamFailure(kind, body, error);
  } finally {
    clearTimeout(timer);
  }
}

/** What an HTTP error of the SDK carries (`DubError` and its subclasses); read by shape, not class. */
interface DubHttpError {
  statusCode: number;
  body: string;
  headers?: Headers;
}

const isHttpError = (error: unknown): error is DubHttpError =>
  typeof (error as DubHttpError)?.statusCode === 'number' &&
  typeof (error as DubHttpError).body === 'string';

const parse = (text: string) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Dub's answer when it gave one: its status, its `{error}` body and its `Retry-After`. Without an
 * answer, a 502 (unreachable) or 504 (timed out) that the browser retries. SDK messages are not
 * passed on: they are about the request, never needed by a page.
 */
function upstreamFailure(kind: EventKind, sent: Record<string, unknown>, error: unknown): Answer {
  if (isHttpError(error)) {
    const { statusCode: status, body } = error;
    // A 2xx whose body the SDK's schema refused: Dub recorded it.
    if (status < 300) return { status, body: recorded(kind, sent) };
    const retryAfter = error.headers?.get('retry-after');
    const headers = retryAfter ? { 'Retry-After': retryAfter } : undefined;
    const parsed = parse(body);
    if (typeof parsed?.error?.code === 'string' && typeof parsed.error.message === 'string') {
      const { code, message, doc_url } = parsed.error;
      return { status, body: JSON.stringify({ error: { code, message, doc_url } }), headers };
    }
    return errorAnswer(status, `Dub answered ${status}`, headers);
  }
  const name = (error as Error)?.name;
  if (name === 'RequestTimeoutError') return errorAnswer(504, 'Dub did not answer in time');
  if (name === 'SDKValidationError')
    return errorAnswer(422, 'The dub SDK refused the event (is the SDK older than this package?)');
  return errorAnswer(502, 'Dub could not be reached');
}
