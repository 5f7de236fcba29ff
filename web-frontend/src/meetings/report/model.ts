// The coordinator's list of meetings with attendance and satisfaction: the
// period it covers, its rows (every page), its totals, and the ratings
// summarised by kind or month.
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { components } from '../../api/schema';
import type { Lang } from '../../i18n';
import { addMonths, firstOfMonth, isDay, isMonth, lastOfMonth, monthOf, type Day, type Month } from '../calendar';
import { isKind, type MeetingKind } from '../model';

type Schemas = components['schemas'];
export type MeetingStats = Schemas['MeetingStats'];
export type FeedbackSummary = Schemas['FeedbackSummary'];
export type FeedbackGroup = Schemas['FeedbackGroup'];
export type RatingCount = Schemas['RatingCount'];
export type SummaryBy = 'kind' | 'period';

/** The days the report covers: a calendar month (the default), or any from–to. */
export type Period = { kind: 'month'; month: Month; from: Day; to: Day } | { kind: 'range'; from: Day; to: Day };

export const monthPeriod = (month: Month): Period => ({ kind: 'month', month, from: firstOfMonth(month), to: lastOfMonth(month) });

export interface ReportState {
  period: Period;
  kind: MeetingKind | '';
  by: SummaryBy;
}

/** The report's state from its address (/meetings/report?month=2026-05 or ?from=…&to=…, &kind=, &by=). */
export function reportState(query: Record<string, string | undefined>, today: Day): ReportState {
  const from = query.from;
  const to = query.to;
  const period: Period =
    isDay(from) && isDay(to) && from <= to
      ? { kind: 'range', from, to }
      : monthPeriod(isMonth(query.month) ? query.month : monthOf(today));
  return { period, kind: isKind(query.kind) ? query.kind : '', by: query.by === 'period' ? 'period' : 'kind' };
}

/** The address of a report state; the current month and the defaults are left out. */
export function reportPath(s: ReportState, today: Day): string {
  const q = new URLSearchParams();
  if (s.period.kind === 'month') {
    if (s.period.month !== monthOf(today)) q.set('month', s.period.month);
  } else {
    q.set('from', s.period.from);
    q.set('to', s.period.to);
  }
  if (s.kind) q.set('kind', s.kind);
  if (s.by !== 'kind') q.set('by', s.by);
  const qs = q.toString();
  return qs ? `/meetings/report?${qs}` : '/meetings/report';
}

/** The month before or after a month period (a range moves to the month it starts in). */
export function shiftMonth(p: Period, n: number): Period {
  return monthPeriod(addMonths(p.kind === 'month' ? p.month : monthOf(p.from), n));
}

/** At most this many pages of 100 meetings. */
const MAX_PAGES = 50;

/** Every meeting of the period with its numbers, earliest first. */
export async function listStats(s: Pick<ReportState, 'period' | 'kind'>, lang: Lang): Promise<MeetingStats[]> {
  const all: MeetingStats[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await unwrap(
      api.GET('/api/v1/meetings/stats', {
        params: { query: { from: s.period.from, to: s.period.to, lang, limit: 100, ...(s.kind ? { kind: s.kind } : {}), ...(cursor ? { cursor } : {}) } },
      }),
    );
    all.push(...page.items);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return all;
}

/** The ratings of the period summarised by kind or by month. */
export const getSummary = (s: ReportState, lang: Lang) =>
  unwrap(
    api.GET('/api/v1/meetings/feedback/summary', {
      params: { query: { by: s.by, from: s.period.from, to: s.period.to, lang, ...(s.kind ? { kind: s.kind } : {}) } },
    }),
  );

export interface Totals {
  meetings: number;
  registered: number;
  booked: number;
  attended: number;
  no_show: number;
  guests: number;
  ratings: number;
  /** The mean of every rating (from each meeting's mean and count), one decimal; null when nobody rated. */
  mean: number | null;
}

/** The sums over the rows; cancelled meetings count as meetings but took nobody. */
export function totals(rows: readonly MeetingStats[]): Totals {
  const t: Totals = { meetings: rows.length, registered: 0, booked: 0, attended: 0, no_show: 0, guests: 0, ratings: 0, mean: null };
  let weighted = 0;
  let rated = 0;
  for (const r of rows) {
    t.registered += r.registered;
    t.booked += r.booked;
    t.attended += r.attended;
    t.no_show += r.no_show;
    t.guests += r.guests;
    t.ratings += r.ratings;
    if (r.mean_rating != null && r.ratings > 0) {
      weighted += r.mean_rating * r.ratings;
      rated += r.ratings;
    }
  }
  t.mean = rated > 0 ? Math.round((weighted / rated) * 10) / 10 : null;
  return t;
}

/** The tallest count of a distribution (for the bars' scale), at least 1. */
export const tallest = (d: readonly RatingCount[]): number => Math.max(1, ...d.map((c) => c.count ?? 0));

/** Whether anything in the summary is hidden (then the legend shows). */
export const hasHidden = (s: Pick<FeedbackSummary, 'groups'>): boolean =>
  s.groups.some((g) => g.suppressed || g.stats_suppressed || g.distribution.some((c) => c.suppressed));
