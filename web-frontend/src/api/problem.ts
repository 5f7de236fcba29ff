import type { Problem, ProblemCode } from './client';

/** Every ProblemCode of the API; `tsc` fails here when the schema gains or loses a code. */
export const PROBLEM_CODES = [
  'not_found',
  'method_not_allowed',
  'malformed_json',
  'unsupported_media_type',
  'payload_too_large',
  'validation_failed',
  'database_unavailable',
  'internal_error',
  'bad_request',
  'unauthorized',
  'invalid_credentials',
  'forbidden',
  'version_conflict',
  'conflict',
  'last_admin',
  'out_of_stock',
  'invalid_transition',
  'already_seller',
  'opportunity_closed',
  'already_applied',
  'not_eligible',
  'consent_required',
  'link_invalid',
  'shared_account',
  'too_many_requests',
] as const satisfies readonly ProblemCode[];

type Missing = Exclude<ProblemCode, (typeof PROBLEM_CODES)[number]>;
const exhaustive: [Missing] extends [never] ? true : Missing = true;
void exhaustive;

/** Translation keys for errors: one per ProblemCode, plus network and generic fallbacks. */
export type ProblemKey = `problem.${ProblemCode}` | 'problem.network' | 'problem.generic';

export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && (PROBLEM_CODES as readonly string[]).includes(value);
}

/**
 * True for anything shaped like an RFC 9457 problem document with a string `code`
 * (a DOMException also has a `code`, but a number).
 */
export function isProblem(value: unknown): value is { code: string } & Partial<Omit<Problem, 'code'>> {
  return typeof value === 'object' && value !== null && 'code' in value && typeof value.code === 'string';
}

/**
 * The translation key for an error: a problem document's known `code`, a network
 * failure (fetch rejected, timed out or was aborted), or the generic message.
 */
export function problemKey(error: unknown): ProblemKey {
  if (isProblem(error)) {
    return isProblemCode(error.code) ? `problem.${error.code}` : 'problem.generic';
  }
  if (error instanceof TypeError) return 'problem.network'; // fetch: "Failed to fetch"
  // A timeout or abort is a DOMException, which is not an Error subclass everywhere.
  const name = typeof error === 'object' && error !== null && 'name' in error ? error.name : undefined;
  if (name === 'TimeoutError' || name === 'AbortError') return 'problem.network';
  return 'problem.generic';
}

/** The error in the user's language, given a translate function such as i18next's `t`. */
export function problemMessage(t: (key: ProblemKey) => string, error: unknown): string {
  return t(problemKey(error));
}
