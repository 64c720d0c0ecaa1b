import { keyName, own } from '../config/own.js';
import { copyJson } from '../delivery/json.js';
import type { DubTrackError, EventKind, ValidationIssue } from '../outcome/DubTrackError.js';
import { run } from './run.js';
import { schemas, TRIMMED } from './schemas.js';

/**
 * Turns a call's input into the exact request body, or a `ValidationError` naming every broken
 * rule. The body holds trimmed strings and a lower-case currency, and the captured click fills
 * `clickId` when the call leaves it out (`""` for a lead).
 */
export function validate(
  kind: EventKind,
  input: unknown,
  clickId: string | null,
  Failure: typeof DubTrackError,
): Record<string, unknown> {
  const refuse = (issues: ValidationIssue[]) => {
    // A key the page made up (an unknown field) is quoted in the message, never echoed as it is.
    const summary = issues.map(({ path, message }) => (path ? `${keyName(path)}: ` : '') + message);
    throw new Failure('ValidationError', `Invalid ${kind}: ${summary.join('; ')}`, {
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
        message:
          issue.type !== 'strict_object' || !issue.path
            ? issue.message
            : issue.expected === 'never'
              ? 'Unknown field (check its spelling)'
              : 'Required',
      })),
    );
  // Without a prototype from here on: a page's `Object.prototype.clickId` or `invoiceId` is no field.
  const output: Record<string, unknown> = own(result.value);
  // Sent as checked: trimmed, the currency in lower case.
  for (const key of TRIMMED) if (output[key]) output[key] = (output[key] as string).trim();
  if (kind === 'sale') output.currency = (output.currency as string).toLowerCase();
  const { customerId, externalId, ...rest } = output;
  const body: Record<string, unknown> = { __proto__: null, ...rest };
  // Exactly one of customerExternalId and its older names; sent as customerExternalId.
  const ids = [body.customerExternalId, customerId, externalId].filter((id) => id !== undefined);
  if (ids.length !== 1)
    refuse([
      {
        path: 'customerExternalId',
        message: 'Required once (customerId, externalId are its old names)',
      },
    ]);
  body.customerExternalId = ids[0];
  // Sent as a copy: a later change by the page cannot alter the kept event.
  if (body.metadata) body.metadata = copyJson(body.metadata);
  if (kind !== 'customer' && body.clickId === undefined) {
    if (clickId) body.clickId = clickId;
    else if (kind === 'lead') body.clickId = '';
  }
  return body;
}
