// Small pieces the part-2 meeting screens share: a meeting's when and where
// on one line, and the page for a meeting that is not there.
import { useI18n } from '../../i18n';
import { placeOf, type Meeting } from './model';
import { formatDayLong, formatHours, nearDay } from './when';
import './common.css';

/** "Today · 16:00–18:00", "Thursday, 3 December · 16:00–18:00" (on the meeting's own clock). */
export function WhenText({ meeting }: { meeting: Pick<Meeting, 'start_local' | 'end_local' | 'time_zone'> }) {
  const { t, lang } = useI18n();
  const near = nearDay(meeting.start_local, meeting.time_zone);
  const day = near ? t(`meeting_common.${near}`) : formatDayLong(meeting.start_local, lang);
  return (
    <>
      {day} · <bdi>{formatHours(meeting.start_local, meeting.end_local, lang)}</bdi>
    </>
  );
}

/** Where: the venue's name, "Online" or "By phone". */
export function PlaceText({ meeting }: { meeting: Pick<Meeting, 'venue' | 'online_url' | 'phone_line'> }) {
  const { t } = useI18n();
  const place = placeOf(meeting);
  if (place === 'venue' && meeting.venue) return <bdi>{meeting.venue.name}</bdi>;
  if (place === 'online') return <>{t('meeting_common.online')}</>;
  if (place === 'phone') return <>{t('meeting_common.by_phone')}</>;
  return <>{t('meeting_common.no_place')}</>;
}

/** The meeting a screen is about: its title, when and where. */
export function MeetingLine({ meeting }: { meeting: Meeting }) {
  return (
    <div class="meeting-line" data-testid="meeting-line">
      <p class="primary">
        <a href={`/meetings/${meeting.id}`}>
          <bdi>{meeting.display_title}</bdi>
        </a>
      </p>
      <p class="meta">
        <WhenText meeting={meeting} />
      </p>
      <p class="meta">
        <PlaceText meeting={meeting} />
      </p>
      {meeting.venue?.address && (
        <p class="meta">
          <bdi>{meeting.venue.address}</bdi>
        </p>
      )}
    </div>
  );
}

/** A meeting that does not exist or is not open to the caller (the server answers 404 for both). */
export function MeetingNotFound() {
  const { t } = useI18n();
  return (
    <div data-testid="meeting-not-found">
      <h1>{t('meeting_common.not_found_title')}</h1>
      <p>{t('meeting_common.not_found_text')}</p>
      <p>
        <a href="/">{t('meeting_common.back_home')}</a>
      </p>
    </div>
  );
}
