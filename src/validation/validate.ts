import * as v from 'valibot';
import type { DubTrackError, EventKind, ValidationIssue } from '../outcome/DubTrackError.js';
import { schemas } from './schemas.js';

/**
 * Turns a call's input into the exact request body, or a `ValidationError` naming every broken
 * rule. The captured click fills `clickId` when the call leaves it out (`""` for a lead).
 */
export function validate(
  kind: EventKind,
  input: unknown,
  clickId: string | null,
  Failure: typeof DubTrackError,
): Record<string, unknown> {
  let result: v.SafeParseResult<(typeof schemas)[EventKind]>;
  try {
    result = v.safeParse(schemas[kind], input);
  } catch {
    // A getter or Proxy of the page threw while the input was read: still a ValidationError.
    const message = 'the input could not be read (a getter or Proxy threw)';
    throw new Failure('ValidationError', `Invalid ${kind}: ${message}`, {
      kind,
      issues: [{ path: '', message }],
    });
  }
  if (!result.success) {
    const issues: ValidationIssue[] = result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '',
      message:
        issue.type !== 'strict_object' || !issue.path
          ? issue.message
          : issue.expected === 'never'
            ? `Unknown field: a ${kind} has no such field (check its spelling)`
            : 'Required',
    }));
    const summary = issues
      .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
      .join('; ');
    throw new Failure('ValidationError', `Invalid ${kind}: ${summary}`, { kind, issues });
  }
  const body: Record<string, unknown> = { ...result.output };
  if (kind !== 'customer' && body.clickId === undefined) {
    if (clickId) body.clickId = clickId;
    else if (kind === 'lead') body.clickId = '';
  }
  return body;
}
