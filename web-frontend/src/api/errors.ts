import { isProblem, problemKey, type ProblemKey } from './problem';

/** A non-2xx answer, with the problem document the server sent (if any). */
export class ApiError extends Error {
  /** The problem's code, or '' when the answer was not a problem document. */
  readonly code: string;
  constructor(
    readonly status: number,
    readonly problem: unknown,
    /** Seconds from a Retry-After header, if there was one. */
    readonly retryAfter: number | null = null,
  ) {
    super(`API answered ${status}`);
    this.code = isProblem(problem) ? problem.code : '';
  }
}

export function retryAfterSeconds(response: Response): number | null {
  const value = response.headers.get('Retry-After');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value); // the HTTP-date form
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

/** The data of a successful openapi-fetch call; throws an ApiError otherwise. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (response.ok) return data as T;
  throw new ApiError(response.status, error, retryAfterSeconds(response));
}

/** Codes of field errors that have their own message; others get `field_error.generic`. */
export const FIELD_ERROR_CODES = [
  'required',
  'email',
  'length',
  'too_short',
  'too_long',
  'weak_password',
  'incorrect',
  'unchanged',
  'past',
  'too_far',
  'already_member', // not from the server: an invitation's 409 conflict, shown at the e-mail
  // Participants (api/src/participants.rs) and the CSV import.
  'phone',
  'country',
  'language',
  'blank',
  'range',
  'future',
  'requires_self_described',
  'requires_other',
  'control_characters',
  'duplicate',
  'not_a_member',
  'read_only',
  'invalid',
  'consent_required', // from the server's 409 in a form; a field error in the CSV import report
  // The CSV import (api/src/participants/routes/import.rs).
  'encoding',
  'csv',
  'unknown_column',
  'too_many_rows',
  'columns',
  'empty',
  'code',
  'yes_no',
  'date',
  'number',
  'language_level',
  // Participants' skills (api/src/skills/model/participant_skills.rs).
  'unknown',
  'occupation',
  'obsolete',
  'before_issued',
  'already_has', // not from the server: adding a skill the person has (409 conflict), shown at the skill
  // Meetings and venues (api/src/meetings/).
  'order',
  'archived',
  'venue_capacity',
  'below_registered',
  'not_staff',
  'url',
  'time_zone',
  'nonexistent_local_time',
  'before_start', // not from the server: a series' end before its first meeting
] as const;
export type FieldErrorKey = `field_error.${(typeof FIELD_ERROR_CODES)[number]}` | 'field_error.generic';

export function fieldErrorKey(code: string): FieldErrorKey {
  return (FIELD_ERROR_CODES as readonly string[]).includes(code)
    ? (`field_error.${code}` as FieldErrorKey)
    : 'field_error.generic';
}

/** The shortest password the server accepts (api/src/auth/password.rs). */
export const PASSWORD_MIN_LENGTH = 10;

/** An error split for a form: messages by field, and one for the whole form. */
export interface FormError {
  /** Field name → translation key of its first error. */
  fields: Record<string, FieldErrorKey>;
  /** The message for the form as a whole, or null when every problem is shown at a field. */
  general: ProblemKey | null;
  /** Seconds to wait (429), if the server said. */
  retryAfter: number | null;
}

/**
 * Splits a failed call into field messages (422 `errors[]` for fields the form
 * shows) and a general message (everything else).
 */
export function formError(error: unknown, formFields: readonly string[] | ((field: string) => boolean)): FormError {
  const fields: Record<string, FieldErrorKey> = {};
  let unplaced = false;
  const problem = error instanceof ApiError ? error.problem : error;
  const errors = isProblem(problem) && Array.isArray(problem.errors) ? problem.errors : [];
  const shown = typeof formFields === 'function' ? formFields : (field: string) => formFields.includes(field);
  for (const e of errors) {
    if (shown(e.field)) fields[e.field] ??= fieldErrorKey(e.code);
    else unplaced = true;
  }
  const placed = Object.keys(fields).length > 0;
  return {
    fields,
    general: placed && !unplaced ? null : problemKey(problem ?? error),
    retryAfter: error instanceof ApiError ? error.retryAfter : null,
  };
}
