// Times of meetings as the clock on the wall shows them where the meeting is
// (`start_local`, `end_local`: "2026-12-03T16:00:00", no offset), in the
// reader's language. They are formatted as UTC instants so that the viewer's
// own time zone never shifts them.
import type { Lang } from '../../i18n';

const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, { ...options, timeZone: 'UTC' });
    formats.set(key, f);
  }
  return f;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;

/** A wall-clock time as a Date at that time in UTC (for formatting only), or null. */
export function wallDate(local: string | null | undefined): Date | null {
  const m = LOCAL.exec(local ?? '');
  if (!m) return null;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])));
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The calendar day of a wall-clock time, yyyy-mm-dd ('' if it is not one). */
export function dayOf(local: string | null | undefined): string {
  return LOCAL.test(local ?? '') ? (local ?? '').slice(0, 10) : '';
}

/** "16:00" (or as the language writes it). */
export function formatTime(local: string | null | undefined, lang: Lang): string {
  const d = wallDate(local);
  return d ? format(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(d) : '';
}

/** "Thursday, 3 December" (the weekday and the day). */
export function formatDayLong(local: string | null | undefined, lang: Lang): string {
  const d = wallDate(local);
  return d ? format(lang, { weekday: 'long', day: 'numeric', month: 'long' }).format(d) : '';
}

/** "Thu, 3 Dec" (short). */
export function formatDayShort(local: string | null | undefined, lang: Lang): string {
  const d = wallDate(local);
  return d ? format(lang, { weekday: 'short', day: 'numeric', month: 'short' }).format(d) : '';
}

/** "16:00–18:00": a meeting's hours on its day. */
export function formatHours(start: string | null | undefined, end: string | null | undefined, lang: Lang): string {
  const from = formatTime(start, lang);
  const to = formatTime(end, lang);
  return to ? `${from}–${to}` : from;
}

/** The date today in a time zone (yyyy-mm-dd): "today" where the meeting is. */
export function todayIn(timeZone: string, now = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return now.toISOString().slice(0, 10); // an unknown zone: UTC
  }
}

/** yyyy-mm-dd `days` after `day`. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, (d ?? 1) + days));
  return date.toISOString().slice(0, 10);
}

/** 'today', 'tomorrow', or null: how near a meeting's day is, where it takes place. */
export function nearDay(local: string, timeZone: string, now = new Date()): 'today' | 'tomorrow' | null {
  const day = dayOf(local);
  const today = todayIn(timeZone, now);
  if (day === today) return 'today';
  if (day === addDays(today, 1)) return 'tomorrow';
  return null;
}
