// What the meeting screens share: where a meeting is, how many places are
// left, its status, and the page for a meeting that is not there.
import type { CodeLists } from '../api/codeLists';
import { useI18n } from '../i18n';
import { placeOf, type Meeting } from './model';

/** Where, in a word or a name: the venue, "Online" or "By phone". */
export function PlaceLabel({ meeting }: { meeting: Pick<Meeting, 'venue' | 'online_url' | 'phone_line'> }) {
  const { t } = useI18n();
  const place = placeOf(meeting);
  if (place === 'venue') return <bdi>{meeting.venue!.name}</bdi>;
  if (place === 'online') return <>{t('meetings.online')}</>;
  if (place === 'phone') return <>{t('meetings.by_phone')}</>;
  return null;
}

/** "3 places left", "Full – waiting list", or nothing when there is no limit (or it is cancelled). */
export function PlacesLabel({ meeting }: { meeting: Pick<Meeting, 'places_left' | 'status'> }) {
  const { t } = useI18n();
  if (meeting.status !== 'planned' || meeting.places_left == null) return null;
  return meeting.places_left > 0 ? (
    <span class="places" data-testid="places-left">
      {t('meetings.places_left', { n: meeting.places_left })}
    </span>
  ) : (
    <span class="places full" data-testid="places-left">
      {t('meetings.full_waiting_list')}
    </span>
  );
}

/** A badge for a cancelled or done meeting (planned ones have none). */
export function StatusBadge({ meeting, codes }: { meeting: Pick<Meeting, 'status'>; codes: CodeLists }) {
  if (meeting.status === 'planned') return null;
  return (
    <span class={`status-badge status-${meeting.status}`} data-testid="meeting-status">
      {codes.label('meeting-statuses', meeting.status)}
    </span>
  );
}

/** The caller's own place, as a badge in the agenda ("Registered", "Waiting list: 2"). */
export function MyPlaceBadge({ meeting }: { meeting: Pick<Meeting, 'my_place'> }) {
  const { t } = useI18n();
  const mine = meeting.my_place;
  if (!mine || mine.status === 'cancelled') return null;
  return (
    <span class="mine-badge" data-testid="my-place-badge">
      {mine.status === 'registered'
        ? t('meetings.badge_registered')
        : mine.waiting_position
          ? t('meetings.badge_waiting_n', { n: mine.waiting_position })
          : t('meetings.badge_waiting')}
    </span>
  );
}

/** A meeting that does not exist or is not open to the caller (the server answers 404 for both). */
export function MeetingNotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('meetings.not_found_title')}</h1>
      <p>{t('meetings.not_found_text')}</p>
      <p>
        <a href="/meetings">{t('meetings.back_to_agenda')}</a>
      </p>
    </>
  );
}

/** A `tel:` link's target: the number without spaces or punctuation. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

/** A list joined as the language joins lists ("Arabic, Slovenian"). */
export function joinList(items: readonly string[], lang: string): string {
  if (typeof Intl.ListFormat === 'function') return new Intl.ListFormat(lang, { style: 'long', type: 'unit' }).format(items);
  return items.join(lang === 'ar' || lang === 'fa' ? '، ' : ', ');
}
