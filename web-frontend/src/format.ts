import type { Lang } from './i18n';

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, options);
    cache.set(key, f);
  }
  return f;
}

/** A date and time in the user's language, e.g. "24 Nov 2026, 23:02". */
export function formatDateTime(iso: string | null | undefined, lang: Lang, seconds = false): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(lang, { dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short' }).format(date);
}

/** A date in the user's language, e.g. "24 Nov 2026". */
export function formatDate(iso: string | null | undefined, lang: Lang): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(lang, { dateStyle: 'medium' }).format(date);
}

/** yyyy-mm-dd of a local date, for <input type="date">. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local date `days` from today, as yyyy-mm-dd. */
export function dayFromToday(days: number, today = new Date()): string {
  const d = new Date(today.getFullYear(), today.getMonth(), today.getDate() + days);
  return isoDay(d);
}

/** The start of a local yyyy-mm-dd day as an RFC 3339 UTC time, or null if it is not a date. */
export function startOfDay(day: string, offsetDays = 0): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + offsetDays);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A calendar day (yyyy-mm-dd, no time zone) in the user's language, e.g. "15 May 2023". */
export function formatDay(day: string | null | undefined, lang: Lang): string {
  if (!day) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isNaN(date.getTime()) ? day : formatter(lang, { dateStyle: 'medium' }).format(date);
}

const numbers = new Map<string, Intl.NumberFormat>();

function unit(lang: Lang, u: 'year' | 'month', n: number): string {
  const key = `${lang}|${u}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { style: 'unit', unit: u, unitDisplay: 'long' });
    numbers.set(key, f);
  }
  return f.format(n);
}

/** A length of stay in whole months as years and months, with each language's plurals ("3 years, 6 months"). */
export function formatMonths(months: number, lang: Lang): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return unit(lang, 'month', rest);
  if (rest === 0) return unit(lang, 'year', years);
  const parts = [unit(lang, 'year', years), unit(lang, 'month', rest)];
  return typeof Intl.ListFormat === 'function'
    ? new Intl.ListFormat(lang, { style: 'long', type: 'unit' }).format(parts)
    : parts.join(' ');
}
