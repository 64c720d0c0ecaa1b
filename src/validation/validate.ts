import { keyName, own } from '../defences/own.js';
import type { DubTrackError, EventKind, ValidationIssue } from '../outcome/DubTrackError.js';
import { run } from './run.js';
import { schemas } from './schemas.js';

/**
 * Turns a call's input into the exact request body, or returns a `ValidationError` naming every
 * broken rule (a failure as data, as valibot's `safeParse`; `validate` throws it). The body is
 * the schemas' output (trimmed where Dub trims, the currency lowercased, the metadata as its
 * JSON) without the fields given as `null`, and the captured click fills `clickId` when the call
 * leaves it out (`""` for a lead).
 */
export function safeValidate(
  kind: EventKind,
  input: unknown,
  clickId: string | null,
  Failure: typeof DubTrackError,
): Record<string, unknown> | DubTrackError {
  const refuse = (issues: ValidationIssue[]) => {
    // A key the page made up (an unknown field) is quoted in the message, never echoed as it is.
    // A message that already starts with its field's name ("customerExternalId is required") is not prefixed again.
    const summary = issues.map(
      ({ path, message }) =>
        (path && !message.startsWith(`${path} `) ? `${keyName(path)}: ` : '') + message,
    );
    return new Failure('ValidationError', `Invalid ${kind}: ${summary.join('; ')}`, {
      kind,
      issues,
    });
  };
  let result: ReturnType<typeof run<(typeof schemas)[EventKind]>>;
  try {
    // Read by own properties only: nothing on a prototype counts as given.
    result = run(schemas[kind], own(input));
  } catch {
    // A getter or Proxy of the page threw while the input was read: still a ValidationError.
    return refuse([{ path: '', message: 'unreadable input (a getter threw)' }]);
  }
  if (result.issues)
    return refuse(
      result.issues.map((issue) => ({
        path: issue.path?.map((item) => item.key).join('.') ?? '',
        // A required field left out and one given as `undefined` are the same mistake, and say so
        // alike (valibot reports the first at the object, the second at the field's type).
        message: !issue.path
          ? issue.message
          : issue.type === 'strict_object' && issue.expected === 'never'
            ? 'Unknown field (check its spelling)'
            : issue.input === undefined
              ? 'Required'
              : issue.message,
      })),
    );
  // Without a prototype from here on: a page's `Object.prototype.clickId` or `invoiceId` is no field.
  // (Metadata is already JSON read back, written and checked by its own keys alone.)
  // Without a prototype: see src/defences/README.md.
  const output: Record<string, unknown> = { __proto__: null, ...result.value };
  // `null` is "not given", as for Dub (some of whose fields refuse null but take absence).
  for (const key in output) if (output[key] === null) delete output[key];
  const { customerId, externalId, ...rest } = output;
  const body: Record<string, unknown> = { __proto__: null, ...rest };
  // Exactly one of customerExternalId and its older names; sent as customerExternalId.
  const ids = [body.customerExternalId, customerId, externalId].filter((id) => id !== undefined);
  if (ids.length !== 1)
    return refuse([
      {
        path: 'customerExternalId',
        message: 'customerExternalId is required, once (customerId, externalId are older names)',
      },
    ]);
  body.customerExternalId = ids[0];
  if (kind !== 'customer' && body.clickId === undefined) {
    if (clickId) body.clickId = clickId;
    else if (kind === 'lead') body.clickId = '';
  }
  return body;
}

/** `safeValidate`, throwing its `ValidationError` (as valibot's `parse`): for the server. */
export function validate(...call: Parameters<typeof safeValidate>): Record<string, unknown> {
  const body = safeValidate(...call);
  if (body instanceof Error) throw body;
  return body;
}
