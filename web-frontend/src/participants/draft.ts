// The participant form's state, and what it becomes for the API: the body of a
// create, or a JSON merge patch (RFC 7386) of what changed.
import type { FieldErrorKey } from '../api/errors';
import type { ParticipantFields, ParticipantView } from './model';
import { asciiDigits, EMAIL, normalizePhone, PHONE } from './text';

export interface LanguageRow {
  key: number;
  language: string;
  level: string;
}

export interface QualificationRow {
  key: number;
  title: string;
  country: string;
  year: string;
  recognition: string;
}

/** Everything as typed: strings for inputs and selects ('' = empty). */
export interface Draft {
  name: string;
  name_is_pseudonym: boolean;
  gender: string;
  gender_self_description: string;
  birth_year: string;
  country_of_origin: string;
  phone: string;
  whatsapp: string;
  viber: string;
  email: string;
  legal_status: string;
  legal_status_detail: string;
  work_permit: string;
  work_permit_date: string;
  arrival_date: string;
  municipality: string;
  education_level: string;
  employment_state: string;
  languages: LanguageRow[];
  needs: string[];
  needs_other: string;
  qualifications: QualificationRow[];
  notes: string;
  adviser_id: string;
  mentor_id: string;
  user_id: string;
}

let rowKey = 0;
/** A key for a new language or qualification row (stable while rows are added and removed). */
export const nextKey = () => ++rowKey;

export function draftOf(p?: ParticipantView | null): Draft {
  const s = (v: string | number | null | undefined) => (v == null ? '' : String(v));
  return {
    name: s(p?.name),
    name_is_pseudonym: p?.name_is_pseudonym ?? false,
    gender: s(p?.gender),
    gender_self_description: s(p?.gender_self_description),
    birth_year: s(p?.birth_year),
    country_of_origin: s(p?.country_of_origin),
    phone: s(p?.phone),
    whatsapp: s(p?.whatsapp),
    viber: s(p?.viber),
    email: s(p?.email),
    legal_status: s(p?.legal_status),
    legal_status_detail: s(p?.legal_status_detail),
    work_permit: s(p?.work_permit),
    work_permit_date: s(p?.work_permit_date),
    arrival_date: s(p?.arrival_date),
    municipality: s(p?.municipality),
    education_level: s(p?.education_level),
    employment_state: s(p?.employment_state),
    languages: (p?.languages ?? []).map((l) => ({ key: nextKey(), language: l.language, level: l.level })),
    needs: [...(p?.needs ?? [])],
    needs_other: s(p?.needs_other),
    qualifications: (p?.qualifications ?? []).map((q) => ({
      key: nextKey(),
      title: q.title,
      country: s(q.country),
      year: s(q.year),
      recognition: q.recognition,
    })),
    notes: s(p?.notes),
    adviser_id: s(p?.adviser_id),
    mentor_id: s(p?.mentor_id),
    user_id: s(p?.user_id),
  };
}

type Nullable<T> = { [K in keyof T]-?: Exclude<T[K], undefined> | null };
/** Every field, with null for the empty ones. */
export type Fields = Nullable<Omit<ParticipantFields, 'languages' | 'needs' | 'qualifications'>> &
  Required<Pick<ParticipantFields, 'languages' | 'needs' | 'qualifications'>>;

const text = (v: string) => v.trim() || null;
const year = (v: string) => {
  const digits = asciiDigits(v).trim();
  return digits ? Number(digits) : null;
};
const phone = (v: string) => (v.trim() ? normalizePhone(v) : null);

/** The draft as API values: trimmed, phones normalised, digits made ASCII, empty = null. */
export function fieldsOf(d: Draft): Fields {
  return {
    name: d.name.trim(),
    name_is_pseudonym: d.name_is_pseudonym,
    gender: (d.gender || null) as Fields['gender'],
    gender_self_description: d.gender === 'self_described' ? text(d.gender_self_description) : null,
    birth_year: year(d.birth_year),
    country_of_origin: d.country_of_origin || null,
    phone: phone(d.phone),
    whatsapp: phone(d.whatsapp),
    viber: phone(d.viber),
    email: text(d.email),
    legal_status: (d.legal_status || null) as Fields['legal_status'],
    // Only meaningful with "other": the server refuses it with any other status.
    legal_status_detail: d.legal_status === 'other' ? text(d.legal_status_detail) : null,
    work_permit: (d.work_permit || null) as Fields['work_permit'],
    work_permit_date: d.work_permit_date || null,
    arrival_date: d.arrival_date || null,
    municipality: text(d.municipality),
    education_level: (d.education_level || null) as Fields['education_level'],
    employment_state: (d.employment_state || null) as Fields['employment_state'],
    languages: d.languages.map((l) => ({ language: l.language, level: l.level as 'A1' })),
    needs: d.needs as Fields['needs'],
    needs_other: text(d.needs_other),
    qualifications: d.qualifications.map((q) => ({
      title: q.title.trim(),
      country: q.country || null,
      year: year(q.year),
      recognition: q.recognition as 'not_started',
    })),
    notes: text(d.notes),
    adviser_id: d.adviser_id || null,
    mentor_id: d.mentor_id || null,
    user_id: d.user_id || null,
  };
}

/** The draft without rows that were added and left empty: they are no language or qualification, not an error. */
export function withoutEmptyRows(d: Draft): Draft {
  return {
    ...d,
    languages: d.languages.filter((l) => l.language || l.level),
    qualifications: d.qualifications.filter((q) => q.title.trim() || q.country || q.year.trim() || q.recognition),
  };
}

/** Fields that only staff may set: a participant editing their own profile leaves them alone. */
export const STAFF_ONLY = ['notes', 'adviser_id', 'mentor_id', 'user_id'] as const;

/** The profile part, which needs the consent `profile_processing` (api/src/participants.rs). */
export const PROFILE_FIELDS = [
  'gender',
  'gender_self_description',
  'birth_year',
  'country_of_origin',
  'legal_status',
  'legal_status_detail',
  'work_permit',
  'work_permit_date',
  'arrival_date',
  'municipality',
  'education_level',
  'employment_state',
  'languages',
  'needs',
  'needs_other',
  'qualifications',
] as const satisfies readonly (keyof Fields)[];

const filled = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== undefined && v !== '');

export function hasProfileData(f: Fields): boolean {
  return PROFILE_FIELDS.some((k) => filled(f[k]));
}

export function profileChanged(before: Fields, after: Fields): boolean {
  return PROFILE_FIELDS.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** The body of a create: only the fields that are filled in. */
export function createBody(f: Fields): ParticipantFields {
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) {
    if ((filled(v) && v !== false) || k === 'name') body[k] = v;
  }
  return body as unknown as ParticipantFields;
}

/** A JSON merge patch: the changed fields only, `null` for cleared ones. */
export function mergePatch(before: Fields, after: Fields, { own = false } = {}): Partial<Fields> {
  const patch: Record<string, unknown> = {};
  for (const k of Object.keys(after) as (keyof Fields)[]) {
    if (own && (STAFF_ONLY as readonly string[]).includes(k)) continue;
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) patch[k] = after[k];
  }
  return patch as Partial<Fields>;
}

/** The form's own checks, by API field name; the server checks again and names what it finds. */
export function validate(f: Fields, today = new Date()): Record<string, FieldErrorKey> {
  const errors: Record<string, FieldErrorKey> = {};
  if (!f.name) errors.name = 'field_error.required';
  for (const k of ['phone', 'whatsapp', 'viber'] as const) {
    const v = f[k];
    if (v && !PHONE.test(v)) errors[k] = 'field_error.phone';
  }
  if (f.email && !EMAIL.test(f.email)) errors.email = 'field_error.email';
  // eslint-disable-next-line no-control-regex
  if (f.legal_status_detail && /[\u0000-\u001f\u007f-\u009f]/.test(f.legal_status_detail)) errors.legal_status_detail = 'field_error.control_characters';
  if (f.birth_year !== null && (!Number.isInteger(f.birth_year) || f.birth_year < 1900 || f.birth_year > today.getFullYear()))
    errors.birth_year = 'field_error.range';
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  if (f.arrival_date && f.arrival_date > day) errors.arrival_date = 'field_error.future';
  const seen = new Set<string>();
  f.languages.forEach((l, i) => {
    if (!l.language) errors[`languages[${i}].language`] = 'field_error.required';
    else if (seen.has(l.language)) errors[`languages[${i}].language`] = 'field_error.duplicate';
    seen.add(l.language);
    if (!l.level) errors[`languages[${i}].level`] = 'field_error.required';
  });
  f.qualifications.forEach((q, i) => {
    if (!q.title) errors[`qualifications[${i}].title`] = 'field_error.required';
    if (!q.recognition) errors[`qualifications[${i}].recognition`] = 'field_error.required';
    if (q.year != null && (!Number.isInteger(q.year) || q.year < 1950 || q.year > 2100))
      errors[`qualifications[${i}].year`] = 'field_error.range';
  });
  return errors;
}

/** The element id of a field, e.g. `languages[0].level` → `f-languages-0-level`. */
export function fieldId(field: string): string {
  return `f-${field.replace(/\[(\d+)\]\.?/g, '-$1-').replace(/\./g, '-').replace(/-$/, '')}`;
}

const SIMPLE = new Set<string>([
  'name',
  'name_is_pseudonym',
  'gender',
  'gender_self_description',
  'birth_year',
  'country_of_origin',
  'phone',
  'whatsapp',
  'viber',
  'email',
  'legal_status',
  'legal_status_detail',
  'work_permit',
  'work_permit_date',
  'arrival_date',
  'municipality',
  'education_level',
  'employment_state',
  'languages',
  'needs',
  'needs_other',
  'qualifications',
  'notes',
  'adviser_id',
  'mentor_id',
  'user_id',
  'consent',
  'text_version',
]);

/**
 * Where the form shows a server's field error: its own field, or the group
 * (`needs[2]` at the needs, `consents[0].text_version` at the consent's version).
 */
export function formField(field: string): string | null {
  if (SIMPLE.has(field)) return field;
  if (/^languages\[\d+\]\.(language|level)$/.test(field)) return field;
  if (/^qualifications\[\d+\]\.(title|country|year|recognition)$/.test(field)) return field;
  if (/^needs\[\d+\]$/.test(field)) return 'needs';
  if (/^consents\[\d+\]\.text_version$/.test(field)) return 'text_version';
  if (/^languages\[\d+\]$/.test(field)) return 'languages';
  if (/^qualifications\[\d+\]$/.test(field)) return 'qualifications';
  return null;
}
