// Days, months and times of the agenda, without the browser's time zone
// getting in the way: a day is a yyyy-mm-dd string and a meeting's times are
// the wall clock where it happens (`start_local`), formatted as if in UTC.
import type { Lang } from '../i18n';
import type { Meeting } from './model';

/** A calendar day, yyyy-mm-dd. */
export type Day = string;
/** A month, yyyy-mm. */
export type Month = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export const isDay = (v: unknown): v is Day => typeof v === 'string' && DAY.test(v) && !Number.isNaN(utc(v).getTime());
export const isMonth = (v: unknown): v is Month => typeof v === 'string' && MONTH.test(v) && Number(v.slice(5)) >= 1 && Number(v.slice(5)) <= 12;

/** Midnight UTC of a day (for arithmetic and for formatting a day in no time zone). */
function utc(day: Day): Date {
  const m = DAY.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : new Date(NaN);
}

const dayOfDate = (d: Date): Day => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export function addDays(day: Day, n: number): Day {
  const d = utc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return dayOfDate(d);
}

/** 0 for Monday … 6 for Sunday. */
export const weekdayIndex = (day: Day): number => (utc(day).getUTCDay() + 6) % 7;

export const monthOf = (day: Day): Month => day.slice(0, 7);
export const firstOfMonth = (month: Month): Day => `${month}-01`;

export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return dayOfDate(d).slice(0, 7);
}

export function lastOfMonth(month: Month): Day {
  return addDays(firstOfMonth(addMonths(month, 1)), -1);
}

/** Today in the browser's calendar. */
export function today(now = new Date()): Day {
  return `${pad(now.getFullYear(), 4)}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The weeks of a month view: rows of seven days, Monday first, from the
 * Monday on or before the 1st to the Sunday on or after the last day (days
 * of the months around it fill the first and last rows).
 */
export function monthGrid(month: Month): Day[][] {
  const first = firstOfMonth(month);
  const last = lastOfMonth(month);
  let day = addDays(first, -weekdayIndex(first));
  const end = addDays(last, 6 - weekdayIndex(last));
  const weeks: Day[][] = [];
  while (day <= end) {
    const week: Day[] = [];
    for (let i = 0; i < 7; i++) {
      week.push(day);
      day = addDays(day, 1);
    }
    weeks.push(week);
  }
  return weeks;
}

/**
 * The `from`/`to` of GET /meetings for meetings that start on the days
 * first…last on their own wall clock: a day wider on each side, since a
 * meeting's zone may be up to 14 hours from UTC (the page then keeps only
 * the meetings whose local start day is in the range).
 */
export function rangeQuery(first: Day, last: Day): { from: string; to: string } {
  return { from: utc(addDays(first, -1)).toISOString(), to: utc(addDays(last, 2)).toISOString() };
}

/** The day a meeting starts on, on its own wall clock. */
export const dayOf = (m: Pick<Meeting, 'start_local'>): Day => m.start_local.slice(0, 10);

type Timed = Pick<Meeting, 'start_local' | 'id'>;
const byStart = (a: Timed, b: Timed) => (a.start_local < b.start_local ? -1 : a.start_local > b.start_local ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Meetings by the day they start (their wall clock), days and meetings in order; only days first…last when given. */
export function groupByDay<M extends Timed>(meetings: readonly M[], first?: Day, last?: Day): { day: Day; meetings: M[] }[] {
  const days = new Map<Day, M[]>();
  for (const m of [...meetings].sort(byStart)) {
    const day = dayOf(m);
    if ((first && day < first) || (last && day > last)) continue;
    const list = days.get(day);
    if (list) list.push(m);
    else days.set(day, [m]);
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, list]) => ({ day, meetings: list }));
}

// ---- Formatting, in the UI language ----

const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, options);
    formats.set(key, f);
  }
  return f;
}

/** A wall-clock time "2026-05-16T16:00:00" as a Date whose UTC fields are that time. */
function wall(local: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))) : new Date(NaN);
}

/** The time of a wall-clock time, e.g. "16:00" or "4:00 PM". */
export function formatTime(local: string, lang: Lang): string {
  const d = wall(local);
  return Number.isNaN(d.getTime()) ? local : formatter(lang, { timeStyle: 'short', timeZone: 'UTC' }).format(d);
}

/** From–to on the meeting's wall clock, e.g. "16:00–19:00". */
export const formatTimeRange = (start: string, end: string, lang: Lang): string => `${formatTime(start, lang)}–${formatTime(end, lang)}`;

/** A day heading: "Saturday, 16 May" (with the year when it is not this year's). */
export function formatDayHeading(day: Day, lang: Lang, now = new Date()): string {
  const sameYear = day.slice(0, 4) === String(now.getFullYear());
  return formatter(lang, { weekday: 'long', day: 'numeric', month: 'long', ...(sameYear ? {} : { year: 'numeric' }), timeZone: 'UTC' }).format(utc(day));
}

/** A day in full: "Saturday, 16 May 2026". */
export const formatLongDay = (day: Day, lang: Lang): string =>
  formatter(lang, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc(day));

/** "May 2026". */
export const formatMonth = (month: Month, lang: Lang): string =>
  formatter(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utc(firstOfMonth(month)));

/** The day of the month as the language writes numbers ("16", "١٦"). */
export const formatDayNumber = (day: Day, lang: Lang): string => formatter(lang, { day: 'numeric', timeZone: 'UTC' }).format(utc(day));

/** Names of the days of the week, Monday first ("Mon" … or "Monday" …). */
export function weekdayNames(lang: Lang, width: 'short' | 'long' = 'short'): string[] {
  // 2026-06-01 is a Monday.
  return Array.from({ length: 7 }, (_, i) => formatter(lang, { weekday: width, timeZone: 'UTC' }).format(utc(addDays('2026-06-01', i))));
}

// ---- Time zones ----

/** The browser's IANA time zone. */
export function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The wall clock (yyyy-mm-ddTHH:MM) of an instant in an IANA zone; null for an unknown zone. */
export function wallClockIn(iso: string, zone: string): string | null {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
  } catch {
    return null;
  }
}

/**
 * Whether the meeting's clock differs from the viewer's: the same instant
 * reads another time where they are (a zone name alone says too little:
 * Europe/Ljubljana and Europe/Rome keep the same time).
 */
export function clockDiffers(m: Pick<Meeting, 'starts_at' | 'start_local'>, zone = browserZone()): boolean {
  const here = wallClockIn(m.starts_at, zone);
  return here !== null && here !== m.start_local.slice(0, 16);
}

/** A zone as people say it: the city of its IANA name ("New York" for America/New_York). */
export const zoneCity = (zone: string): string => (zone.split('/').pop() ?? zone).replace(/_/g, ' ');

/** The zone's name in the language at that instant ("Central European Summer Time"), or the IANA name. */
export function zoneName(zone: string, iso: string, lang: Lang): string {
  try {
    const parts = formatter(lang, { timeZone: zone, timeZoneName: 'long' }).formatToParts(new Date(iso));
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? zone;
  } catch {
    return zone;
  }
}

/** An instant on the viewer's clock: "Sat, 16 May, 10:00". */
export function formatHere(iso: string, lang: Lang, zone = browserZone()): string {
  try {
    return formatter(lang, { weekday: 'short', day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit', timeZone: zone }).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** The IANA zones the browser knows (for the venue form), or a few common ones. */
export function knownZones(): string[] {
  const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
  try {
    if (supported) return supported('timeZone');
  } catch {
    /* older browsers */
  }
  return ['Europe/Ljubljana', 'Europe/Vienna', 'Europe/Rome', 'Europe/Zagreb', 'Europe/Berlin', 'Europe/London', 'UTC'];
}
