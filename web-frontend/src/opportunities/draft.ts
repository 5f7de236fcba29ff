// The opportunity form's state: every field as the inputs hold it (text),
// and the body it becomes (OpportunityFields, or a merge patch of it).
import type { LanguageNeed, Opportunity, OpportunityFields, OpportunityKind, OpportunityStatus, SkillRef, WorkPlace } from './api';

/** The languages a title and description can be given in (Slovenian and English first). */
export const TEXT_LANGS = ['sl', 'en', 'ar', 'uk', 'fa'] as const;

export interface Draft {
  kind: OpportunityKind;
  title: Record<string, string>;
  description: Record<string, string>;
  provider_name: string;
  provider_sector: string;
  /** The partner member who answers for it (staff choose; a partner is it). */
  partner_user_id: string;
  occupation_uri: string | null;
  place: WorkPlace;
  municipality: string;
  hours_per_week: string;
  total_hours: string;
  starts_on: string;
  ends_on: string;
  duration_weeks: string;
  paid: boolean;
  pay_min: string;
  pay_max: string;
  pay_period: string;
  contract_type: string;
  places: string;
  deadline: string;
  min_education: string;
  essential: SkillRef[];
  optional: SkillRef[];
  teaches: SkillRef[];
  languages: LanguageNeed[];
}

export function emptyDraft(provider = ''): Draft {
  return {
    kind: 'job',
    title: {},
    description: {},
    provider_name: provider,
    provider_sector: '',
    partner_user_id: '',
    occupation_uri: null,
    place: 'on_site',
    municipality: '',
    hours_per_week: '',
    total_hours: '',
    starts_on: '',
    ends_on: '',
    duration_weeks: '',
    paid: true,
    pay_min: '',
    pay_max: '',
    pay_period: 'month',
    contract_type: '',
    places: '1',
    deadline: '',
    min_education: '',
    essential: [],
    optional: [],
    teaches: [],
    languages: [],
  };
}

const str = (n: number | null | undefined) => (n == null ? '' : String(n));
const euros = (cents: number | null | undefined) => (cents == null ? '' : String(cents / 100));

export function draftOf(o: Opportunity): Draft {
  return {
    kind: o.kind,
    title: { ...o.title },
    description: { ...o.description },
    provider_name: o.provider_name,
    provider_sector: o.provider_sector ?? '',
    partner_user_id: o.partner_user_id ?? '',
    occupation_uri: o.occupation_uri ?? null,
    place: o.place,
    municipality: o.municipality ?? '',
    hours_per_week: str(o.hours_per_week),
    total_hours: str(o.total_hours),
    starts_on: o.starts_on ?? '',
    ends_on: o.ends_on ?? '',
    duration_weeks: str(o.duration_weeks),
    paid: o.paid,
    pay_min: euros(o.pay_min_cents),
    pay_max: euros(o.pay_max_cents),
    pay_period: o.pay_period ?? '',
    contract_type: o.contract_type ?? '',
    places: str(o.places),
    deadline: o.deadline ?? '',
    min_education: o.min_education ?? '',
    essential: o.essential_skills,
    optional: o.optional_skills,
    teaches: o.teaches_skills,
    languages: o.languages,
  };
}

/** A whole number from an input, or null when empty (NaN stays for the server to refuse: 422). */
export function int(value: string): number | null {
  const v = value.trim();
  return v === '' ? null : Number(v);
}

/** Euros typed with a comma or a point, as cents; null when empty. */
export function cents(value: string): number | null {
  const v = value.trim().replace(/\s/g, '').replace(',', '.');
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? Math.round(n * 100) : NaN;
}

const texts = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
const orNull = (v: string) => (v.trim() === '' ? null : v.trim());

/** The body to send: a new opportunity, or (with `status` left as it was) the fields of a patch. */
export function fieldsOf(d: Draft, status: OpportunityStatus, staff = false): OpportunityFields {
  const paid = d.paid;
  return {
    // Only staff name the partner (a partner's own postings are theirs).
    ...(staff ? { partner_user_id: orNull(d.partner_user_id) } : {}),
    kind: d.kind,
    status,
    title: texts(d.title),
    description: texts(d.description),
    provider_name: d.provider_name.trim(),
    provider_sector: orNull(d.provider_sector),
    occupation_uri: d.occupation_uri,
    country: 'SI',
    place: d.place,
    municipality: d.place === 'remote' ? orNull(d.municipality) : orNull(d.municipality),
    hours_per_week: int(d.hours_per_week),
    total_hours: int(d.total_hours),
    starts_on: orNull(d.starts_on),
    ends_on: orNull(d.ends_on),
    duration_weeks: int(d.duration_weeks),
    paid,
    pay_min_cents: paid ? cents(d.pay_min) : null,
    pay_max_cents: paid ? cents(d.pay_max) : null,
    pay_currency: 'EUR',
    pay_period: paid ? orNull(d.pay_period) : null,
    contract_type: orNull(d.contract_type),
    places: int(d.places),
    deadline: orNull(d.deadline),
    min_education: orNull(d.min_education),
    essential_skills: d.essential.map((s) => s.uri),
    optional_skills: d.optional.map((s) => s.uri),
    teaches_skills: d.teaches.map((s) => s.uri),
    languages: d.languages.filter((l) => l.language && l.min_level),
  };
}

/** Adds skills to a list, leaving out those already there (in any of `also`). */
export function addSkills(list: readonly SkillRef[], add: readonly SkillRef[], also: readonly SkillRef[] = []): SkillRef[] {
  const seen = new Set([...list, ...also].map((s) => s.uri));
  const out = [...list];
  for (const s of add) {
    if (!seen.has(s.uri)) {
      seen.add(s.uri);
      out.push({ uri: s.uri, label: s.label });
    }
  }
  return out;
}

/** Where a status may move (draft → open → closed or filled; closed → open), itself first. */
export function statusChoices(from: OpportunityStatus): OpportunityStatus[] {
  switch (from) {
    case 'draft':
      return ['draft', 'open'];
    case 'open':
      return ['open', 'closed', 'filled'];
    case 'closed':
      return ['closed', 'open'];
    default:
      return [from];
  }
}

/**
 * The merge patch of an edit: the fields, with a language emptied in the
 * title or description sent as null (a merge patch keeps what it does not name).
 */
export function patchOf(d: Draft, status: OpportunityStatus, before: Opportunity, staff = false): Omit<OpportunityFields, 'title' | 'description'> & { title: Record<string, string | null>; description: Record<string, string | null> } {
  const body = fieldsOf(d, status, staff);
  const gone = (now: Record<string, string>, was: Record<string, string>) => Object.fromEntries(Object.keys(was).filter((k) => !(k in now)).map((k) => [k, null]));
  return { ...body, title: { ...gone(body.title, before.title), ...body.title }, description: { ...gone(body.description, before.description), ...body.description } };
}
