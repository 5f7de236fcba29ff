// The meeting form as data: what is typed (a draft of strings), the API's
// fields made from it, what changed (a merge patch), the repetition
// (`pattern`), the checks made before sending, and where the server's field
// errors belong in the form.
import type { FieldErrorKey } from '../api/errors';
import { addDays, isDay, weekdayIndex, type Day } from './calendar';
import {
  SLOT_KINDS,
  WEEKDAYS,
  type BookingMode,
  type Meeting,
  type MeetingAudience,
  type MeetingFields,
  type MeetingKind,
  type Pattern,
  type Weekday,
} from './model';

/** One language of the meeting: its title and description. */
export interface TextRow {
  key: number;
  lang: string;
  title: string;
  description: string;
}

export type Place = 'venue' | 'online' | 'phone';
export type Freq = 'none' | 'daily' | 'weekly' | 'monthly';
export type Nth = '1' | '2' | '3' | '4' | '-1';
export const NTHS: readonly Nth[] = ['1', '2', '3', '4', '-1'];

/** How the meeting repeats, as the form holds it. */
export interface RepeatDraft {
  freq: Freq;
  interval: string;
  /** Weekly: the days. */
  weekdays: Weekday[];
  /** Monthly: which week of the month, and its day. */
  nth: Nth;
  monthDay: Weekday;
  ends: 'until' | 'count';
  until: string;
  count: string;
}

export interface Draft {
  kind: MeetingKind;
  texts: TextRow[];
  place: Place;
  venue_id: string;
  online_url: string;
  phone_line: string;
  date: string;
  start: string;
  end: string;
  capacity: string;
  audience: MeetingAudience;
  languages: string[];
  interpretation: string[];
  childcare: boolean;
  slot_minutes: string;
  slot_capacity: string;
  slot_modes: BookingMode[];
  repeat: RepeatDraft;
}

let keys = 0;
export const nextKey = () => ++keys;

export const NO_REPEAT: RepeatDraft = { freq: 'none', interval: '1', weekdays: [], nth: '1', monthDay: 'mo', ends: 'count', until: '', count: '10' };

/** The form for a new meeting (titles in `lang` first), or the one to change `m`. */
export function draftOf(m: Meeting | undefined, lang: string): Draft {
  if (!m) {
    return {
      kind: 'co_creation',
      texts: [{ key: nextKey(), lang, title: '', description: '' }],
      place: 'venue',
      venue_id: '',
      online_url: '',
      phone_line: '',
      date: '',
      start: '',
      end: '',
      capacity: '',
      audience: 'participants',
      languages: [],
      interpretation: [],
      childcare: false,
      slot_minutes: '',
      slot_capacity: '',
      slot_modes: [],
      repeat: NO_REPEAT,
    };
  }
  // The user's language first, then English, then the others as stored.
  const rank = (l: string) => (l === lang ? 0 : l === 'en' ? 1 : 2);
  const langs = [...new Set([...Object.keys(m.title), ...Object.keys(m.description)])].sort((a, b) => rank(a) - rank(b));
  return {
    kind: m.kind,
    texts: langs.map((l) => ({ key: nextKey(), lang: l, title: m.title[l] ?? '', description: m.description[l] ?? '' })),
    place: m.venue ? 'venue' : m.online_url ? 'online' : m.phone_line ? 'phone' : 'venue',
    venue_id: m.venue?.id ?? '',
    online_url: m.online_url ?? '',
    phone_line: m.phone_line ?? '',
    date: m.start_local.slice(0, 10),
    start: m.start_local.slice(11, 16),
    end: m.end_local.slice(11, 16),
    capacity: m.capacity != null ? String(m.capacity) : '',
    audience: m.audience,
    languages: [...m.languages],
    interpretation: [...m.interpretation],
    childcare: m.childcare,
    slot_minutes: m.slots ? String(m.slots.minutes) : '',
    slot_capacity: m.slots ? String(m.slots.capacity) : '',
    slot_modes: m.slots ? [...m.slots.modes] : [],
    repeat: NO_REPEAT,
  };
}

/** Arabic-Indic and Persian digits as ASCII ones (what phones type in those languages). */
const ascii = (v: string) => v.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String((d.charCodeAt(0) & 0xf) % 10)).trim();
const whole = (v: string): number | null => {
  const s = ascii(v);
  return /^\d+$/.test(s) ? Number(s) : null;
};

/** Whether the end time is earlier than the start: then the meeting ends the next day. */
export const endsNextDay = (d: Pick<Draft, 'start' | 'end'>) => Boolean(d.start && d.end && d.end < d.start);

/** The meeting's fields as the API takes them (POST /meetings, and the base of a merge patch). */
export function fieldsOf(d: Draft): MeetingFields {
  const title: Record<string, string> = {};
  const description: Record<string, string> = {};
  for (const row of d.texts) {
    if (!row.lang) continue;
    if (row.title.trim()) title[row.lang] = row.title.trim();
    if (row.description.trim()) description[row.lang] = row.description.replace(/\s+$/, '');
  }
  const endDay = endsNextDay(d) && isDay(d.date) ? addDays(d.date, 1) : d.date;
  const slots = SLOT_KINDS.includes(d.kind) && d.slot_minutes.trim() !== '';
  return {
    kind: d.kind,
    title,
    description,
    venue_id: d.place === 'venue' && d.venue_id ? d.venue_id : null,
    online_url: d.place === 'online' && d.online_url.trim() ? d.online_url.trim() : null,
    phone_line: d.place === 'phone' && d.phone_line.trim() ? d.phone_line.trim() : null,
    start_local: `${d.date}T${d.start}:00`,
    end_local: `${endDay}T${d.end}:00`,
    capacity: whole(d.capacity),
    audience: d.audience,
    languages: d.languages,
    interpretation: d.interpretation,
    childcare: d.childcare,
    slot_minutes: slots ? whole(d.slot_minutes) : null,
    slot_capacity: slots && d.slot_capacity.trim() ? whole(d.slot_capacity) : null,
    slot_modes: slots ? d.slot_modes : [],
  };
}

/** The fields that changed, for a JSON merge patch (maps are replaced whole: a removed language is dropped). */
export function mergePatch(before: MeetingFields, after: MeetingFields): Partial<MeetingFields> {
  const patch: Record<string, unknown> = {};
  const b = before as unknown as Record<string, unknown>;
  const a = after as unknown as Record<string, unknown>;
  for (const key of Object.keys(a)) {
    if (JSON.stringify(a[key] ?? null) === JSON.stringify(b[key] ?? null)) continue;
    if ((key === 'title' || key === 'description') && typeof a[key] === 'object' && a[key] !== null) {
      // A merge patch merges objects: a language no longer there must be sent as null.
      const gone = Object.keys((b[key] ?? {}) as object).filter((l) => !(l in (a[key] as object)));
      patch[key] = { ...(a[key] as object), ...Object.fromEntries(gone.map((l) => [l, null])) };
    } else {
      patch[key] = a[key] ?? null;
    }
  }
  return patch as Partial<MeetingFields>;
}

/** The weekday of a day as a repetition names it. */
export const weekdayOf = (day: Day): Weekday => WEEKDAYS[weekdayIndex(day)]!;

/** Which week of its month a day falls in: 1 to 4, or -1 (the last) for the fifth. */
export function nthOf(day: Day): Nth {
  const n = Math.ceil(Number(day.slice(8, 10)) / 7);
  return n >= 5 ? '-1' : (String(n) as Nth);
}

/** The repetition with the days that fit the first meeting's date, as the form offers it when switched on. */
export function repeatFor(freq: Freq, date: string, current: RepeatDraft): RepeatDraft {
  const next = { ...current, freq };
  if (isDay(date)) {
    if (freq === 'weekly' && current.weekdays.length === 0) next.weekdays = [weekdayOf(date)];
    if (freq === 'monthly' && current.freq !== 'monthly') {
      next.nth = nthOf(date);
      next.monthDay = weekdayOf(date);
    }
  }
  return next;
}

/** The `pattern` of POST /meeting-series, or null for a single meeting. */
export function patternOf(r: RepeatDraft): Pattern | null {
  if (r.freq === 'none') return null;
  const interval = whole(r.interval) ?? 1;
  const pattern: Pattern = { freq: r.freq };
  if (interval !== 1) pattern.interval = interval;
  if (r.freq === 'weekly') pattern.weekdays = WEEKDAYS.filter((d) => r.weekdays.includes(d));
  if (r.freq === 'monthly') {
    pattern.weekdays = [r.monthDay];
    pattern.nth = Number(r.nth) as Pattern['nth'];
  }
  if (r.ends === 'until') pattern.until = r.until;
  else pattern.count = whole(r.count) ?? 0;
  return pattern;
}

/** The most meetings one series may have (api/src/meetings/series/rule.rs). */
export const MAX_OCCURRENCES = 400;

/** What the form checks before sending (the server checks everything again): field → message key. */
export function validate(d: Draft, { repeat = true } = {}): Record<string, FieldErrorKey> {
  const e: Record<string, FieldErrorKey> = {};
  if (!d.texts.some((r) => r.lang && r.title.trim())) e.title = 'field_error.required';
  d.texts.forEach((r, i) => {
    if ((r.title.trim() || r.description.trim()) && !r.lang) e[`texts[${i}].lang`] = 'field_error.required';
    if (r.lang && d.texts.findIndex((o) => o.lang === r.lang) !== i) e[`texts[${i}].lang`] = 'field_error.duplicate';
    if (r.description.trim() && !r.title.trim() && r.lang) e[`texts[${i}].title`] = 'field_error.required';
  });
  if (d.place === 'venue' && !d.venue_id) e.venue_id = 'field_error.required';
  if (d.place === 'online' && !/^https?:\/\/\S+\.\S+$/.test(d.online_url.trim())) e.online_url = d.online_url.trim() ? 'field_error.invalid' : 'field_error.required';
  if (d.place === 'phone' && d.phone_line.trim().length < 3) e.phone_line = 'field_error.required';
  if (!isDay(d.date)) e.date = d.date ? 'field_error.date' : 'field_error.required';
  if (!d.start) e.start = 'field_error.required';
  if (!d.end) e.end = 'field_error.required';
  else if (d.end === d.start) e.end = 'field_error.order';
  const capacity = whole(d.capacity);
  if (d.capacity.trim() && (capacity === null || capacity < 1 || capacity > 10000)) e.capacity = 'field_error.range';
  if (SLOT_KINDS.includes(d.kind) && d.slot_minutes.trim()) {
    const m = whole(d.slot_minutes);
    if (m === null || m < 5 || m > 240) e.slot_minutes = 'field_error.range';
    const c = whole(d.slot_capacity);
    if (d.slot_capacity.trim() && (c === null || c < 1 || c > 50)) e.slot_capacity = 'field_error.range';
  }
  if (repeat && d.repeat.freq !== 'none') {
    const r = d.repeat;
    const interval = whole(r.interval);
    if (interval === null || interval < 1 || interval > 99) e['pattern.interval'] = 'field_error.range';
    if (r.freq === 'weekly' && r.weekdays.length === 0) e['pattern.weekdays'] = 'field_error.required';
    if (r.ends === 'until') {
      if (!isDay(r.until)) e['pattern.until'] = r.until ? 'field_error.date' : 'field_error.required';
      else if (isDay(d.date) && r.until < d.date) e['pattern.until'] = 'field_error.before_start';
    } else {
      const n = whole(r.count);
      if (n === null || n < 1 || n > MAX_OCCURRENCES) e['pattern.count'] = 'field_error.range';
    }
  }
  return e;
}

/** Form fields by the API's field names (a series' errors come as `meeting.<field>` and `pattern.<field>`). */
const FIELDS: Record<string, string> = {
  kind: 'kind',
  title: 'title',
  description: 'title',
  venue_id: 'venue_id',
  online_url: 'online_url',
  phone_line: 'phone_line',
  start_local: 'start',
  end_local: 'end',
  time_zone: 'date',
  capacity: 'capacity',
  audience: 'audience',
  languages: 'languages',
  interpretation: 'interpretation',
  childcare: 'childcare',
  slot_minutes: 'slot_minutes',
  slot_capacity: 'slot_capacity',
  slot_modes: 'slot_modes',
};

/** The form field that shows an API field's error (null when the form has no place for it). */
export function formField(apiField: string): string | null {
  const field = apiField.replace(/^meeting\./, '');
  if (field.startsWith('pattern')) {
    const sub = field.slice('pattern.'.length).replace(/\[.*$/, '');
    return ['interval', 'weekdays', 'until', 'count'].includes(sub) ? `pattern.${sub}` : sub === 'nth' ? 'pattern.weekdays' : 'pattern';
  }
  const base = field.replace(/[.[].*$/, '');
  return FIELDS[base] ?? null;
}

/** The element id of a form field. */
export const fieldId = (field: string) => `m-${field.replace(/[.[\]]+/g, '-').replace(/-+$/, '')}`;

