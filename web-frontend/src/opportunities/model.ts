// What the opportunities' screens compute without the server: a match's
// explanation as lines a person can read, applications grouped by state for
// the board, the steps an application can take, and small formatters.
import type { Role } from '../api/client';
import { pick } from '../market/texts';
import { STATES, type Application, type ApplicationState, type Explanation, type Opportunity, type SkillRef } from './api';

export { pick };

/** A course that closes a gap: its id (a link to its page) and its title. */
export interface CourseLink {
  id: string;
  title: string;
}
/** A required skill the person has: itself, or through a narrower one. */
export interface Tick {
  skill: SkillRef;
  essential: boolean;
  through: SkillRef | null;
}
/** A required skill the person lacks, with the open courses that teach it. */
export interface Gap {
  skill: SkillRef;
  essential: boolean;
  courses: CourseLink[];
}
export interface LanguageLine {
  language: string;
  required: string;
  has: string | null;
  met: boolean;
}
/** A match's explanation, sorted for reading: ticks, then gaps, then the rest. */
export interface Reading {
  /** 0–100. */
  percent: number;
  ticks: Tick[];
  gaps: Gap[];
  languages: LanguageLine[];
  /** Languages below the required level (or not spoken). */
  languagesBelow: LanguageLine[];
  education: { required: string | null; has: string | null; met: boolean } | null;
  place: 'remote' | 'same_municipality' | 'hybrid_elsewhere' | 'elsewhere' | null;
  /** Null when eligible; else the eligibility rules' reason code. */
  ineligible: string | null;
}

const title = (t: string | Record<string, string>, lang: string) => (typeof t === 'string' ? t : pick(t, lang));

/** Reads a match's explanation (both directions have the same one). */
export function readExplanation(m: Explanation, lang: string): Reading {
  const ticks: Tick[] = [];
  const gaps: Gap[] = [];
  for (const [items, essential] of [
    [m.essential ?? [], true],
    [m.optional ?? [], false],
  ] as const) {
    for (const s of items) {
      if (s.status === 'missing') gaps.push({ skill: s.skill, essential, courses: (s.courses ?? []).map((c) => ({ id: c.id, title: title(c.title, lang) })) });
      else ticks.push({ skill: s.skill, essential, through: s.status === 'narrower' ? (s.through ?? null) : null });
    }
  }
  const languages = (m.languages ?? []).map((l) => ({ language: l.language, required: l.required, has: l.has ?? null, met: l.met }));
  const e = m.education;
  const education = e && e.required ? { required: e.required ?? null, has: e.has ?? null, met: e.met } : null;
  const fit = m.place_fit;
  const place = fit === 'remote' || fit === 'same_municipality' || fit === 'hybrid_elsewhere' || fit === 'elsewhere' ? fit : null;
  const el = m.eligibility;
  const ineligible = !el ? null : typeof el === 'string' ? (el === 'eligible' ? null : el) : el.verdict === 'eligible' ? null : (el.reason ?? 'ineligible');
  return {
    percent: Math.max(0, Math.min(100, Math.round((m.score ?? 0) / 10))),
    ticks,
    gaps,
    languages,
    languagesBelow: languages.filter((l) => !l.met),
    education,
    place,
    ineligible,
  };
}

/** The board's columns, in the order an application moves through them. */
export const BOARD_STATES: readonly ApplicationState[] = ['proposed', 'applied', 'shortlisted', 'interview', 'offer', 'hired', 'rejected', 'withdrawn'];
/** The states an application is still open in. */
export const OPEN_STATES: readonly ApplicationState[] = ['proposed', 'applied', 'shortlisted', 'interview', 'offer'];

/**
 * Applications grouped by state for the board, in the states' order: the
 * open states always (an empty column says so), the closed ones only when
 * they hold someone. Within a group, the newest change first.
 */
export function groupByState<T extends Pick<Application, 'state' | 'updated_at'>>(apps: readonly T[]): { state: ApplicationState; items: T[] }[] {
  const groups = new Map<ApplicationState, T[]>(STATES.map((s) => [s, []]));
  for (const a of apps) groups.get(a.state)?.push(a);
  return BOARD_STATES.filter((s) => OPEN_STATES.includes(s) || (groups.get(s)?.length ?? 0) > 0).map((state) => ({
    state,
    items: [...(groups.get(state) ?? [])].sort((a, b) => b.updated_at.localeCompare(a.updated_at)),
  }));
}

/** Where an application may go next from each state, for the employer's side (the partner, and staff). */
const EMPLOYER_STEPS: Partial<Record<ApplicationState, ApplicationState[]>> = {
  applied: ['shortlisted', 'rejected'],
  shortlisted: ['interview', 'rejected'],
  interview: ['offer', 'rejected'],
  offer: ['hired', 'rejected'],
};

/**
 * The steps the caller may take from an application's state, as the
 * server's table has them (api/src/opportunities/applications/states.rs;
 * it decides in the end: 403 or 409): the participant accepts a proposal
 * or withdraws; the partner (and admins and coordinators) shortlist,
 * interview, offer, hire or reject; the person's adviser and staff may
 * withdraw on their behalf.
 */
export function nextSteps(state: ApplicationState, role: Role | null | undefined): ApplicationState[] {
  if (!role || !OPEN_STATES.includes(state)) return [];
  switch (role) {
    case 'participant':
      return state === 'proposed' ? ['applied', 'withdrawn'] : ['withdrawn'];
    case 'partner':
      return EMPLOYER_STEPS[state] ?? [];
    case 'admin':
    case 'coordinator':
      return [...(EMPLOYER_STEPS[state] ?? []), 'withdrawn'];
    case 'adviser':
      return ['withdrawn'];
    default:
      return [];
  }
}

/** The sum of unread messages over applications. */
export const unreadTotal = (apps: readonly Pick<Application, 'unread'>[]) => apps.reduce((n, a) => n + (a.unread || 0), 0);

/** An amount of cents as a number in the language's format (no fractions when whole). */
export function money(cents: number, currency: string, lang: string): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat(lang, { style: 'currency', currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: 2 }).format(cents / 100);
}

/** The pay range, e.g. "€1,200–€1,500"; null when unpaid or not said. */
export function payRange(o: Pick<Opportunity, 'paid' | 'pay_min_cents' | 'pay_max_cents' | 'pay_currency'>, lang: string): string | null {
  if (!o.paid) return null;
  const currency = o.pay_currency || 'EUR';
  const min = o.pay_min_cents ?? null;
  const max = o.pay_max_cents ?? null;
  if (min != null && max != null && min !== max) return `${money(min, currency, lang)} – ${money(max, currency, lang)}`;
  const one = min ?? max;
  return one != null ? money(one, currency, lang) : null;
}

/** Whether the deadline (a date) has passed, today counting as open. */
export function pastDeadline(deadline: string | null | undefined, today = new Date()): boolean {
  if (!deadline) return false;
  const d = today.toISOString().slice(0, 10);
  return deadline < d;
}

/** Local date and time inputs as an instant (ISO, UTC), or null when not a time. */
export function localInstant(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const d = new Date(`${date}T${time}:00`);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
