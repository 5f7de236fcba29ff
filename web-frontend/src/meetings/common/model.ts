// What the meeting screens of part 2 (home "What's next", door, booking,
// feedback) share: a meeting, its calendar file, and how to read a refusal.
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { isProblem, problemKey, type ProblemKey } from '../../api/problem';
import type { components } from '../../api/schema';
import { download } from '../../components/download';
import type { Lang } from '../../i18n';

type Schemas = components['schemas'];
export type Meeting = Schemas['Meeting'];
export type MyPlace = Schemas['MyPlace'];
export type BookingMode = Schemas['BookingMode'];

/** One meeting, its title in `lang`. */
export const getMeeting = (id: string, lang: Lang) =>
  unwrap(api.GET('/api/v1/meetings/{id}', { params: { path: { id }, query: { lang } } }));

/**
 * The meeting as an iCalendar file, saved as a download: a phone opens it in
 * its calendar ("Add to calendar"). Fetched, not linked: it needs the access token.
 */
export async function saveCalendarFile(id: string, title: string, lang: Lang): Promise<void> {
  const { data, error, response } = await api.GET('/api/v1/meetings/{id}/calendar.ics', {
    params: { path: { id }, query: { lang } },
    parseAs: 'text',
  });
  if (!response.ok || typeof data !== 'string') throw new ApiError(response.status, error);
  download(new Blob([data], { type: 'text/calendar;charset=utf-8' }), `${fileName(title)}.ics`);
}

/** A file name from a title: letters of any script, digits and dashes. */
export function fileName(title: string): string {
  const name = title
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return name || 'meeting';
}

/** Where a meeting is: a venue, online, by phone, or not said. */
export function placeOf(m: Pick<Meeting, 'venue' | 'online_url' | 'phone_line'>): 'venue' | 'online' | 'phone' | null {
  if (m.venue) return 'venue';
  if (m.online_url) return 'online';
  if (m.phone_line) return 'phone';
  return null;
}

/** What a refusal says: the translated message, and the server's own words (4xx `detail`), if any. */
export interface Refusal {
  key: ProblemKey;
  detail: string | null;
  status: number | null;
}

export function refusalOf(error: unknown): Refusal {
  const problem = error instanceof ApiError ? error.problem : error;
  const status = error instanceof ApiError ? error.status : null;
  const detail =
    status !== null && status >= 400 && status < 500 && isProblem(problem) && typeof problem.detail === 'string' && problem.detail.trim()
      ? problem.detail.trim()
      : null;
  return { key: problemKey(problem ?? error), detail, status };
}

/** Whether the endpoint answered 404 (not there: no such item, or an endpoint this server does not have yet). */
export const isNotFound = (error: unknown) => error instanceof ApiError && error.status === 404;
/** Whether the server refused the role (403). */
export const isForbidden = (error: unknown) => error instanceof ApiError && error.status === 403;
