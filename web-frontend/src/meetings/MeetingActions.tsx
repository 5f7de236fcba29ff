// What can be done from a meeting's page besides one's own place: the
// links to its other screens (the door, booking a slot, feedback, minutes,
// the day's bookings), adding it to one's calendar, and for coordinators
// editing, cancelling or removing it from its series.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { ApiError } from '../api/errors';
import { problemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { download } from '../components/download';
import { setFlash } from '../components/flash';
import { ErrorMessage, SuccessMessage } from '../components/forms';
import type { Load } from '../components/useLoad';
import { useI18n } from '../i18n';
import type { Role } from '../api/client';
import { dayOf, monthOf } from './calendar';
import { calendarFile, deleteMeeting, problemDetail, updateMeeting, type Meeting } from './model';

/** A link from a meeting's page to another of its screens. */
export type MeetingLink = 'door' | 'book' | 'feedback' | 'minutes' | 'day';

/**
 * Which of the meeting's other screens the role is offered: the door list
 * (staff, unless cancelled), booking a slot (a planned meeting with slots
 * that has not ended), feedback (participants who were there, once it
 * started), the minutes (staff and mentors; participants who registered or
 * could book), the day's bookings (staff, a meeting with slots).
 */
export function meetingLinks(m: Pick<Meeting, 'status' | 'slots' | 'starts_at' | 'ends_at' | 'my_place'>, role: Role | null | undefined, now = new Date()): MeetingLink[] {
  const staff = can(role, 'meetings.staff');
  const participant = role === 'participant';
  const started = new Date(m.starts_at).getTime() <= now.getTime();
  const ended = new Date(m.ends_at).getTime() <= now.getTime();
  const registered = m.my_place?.status === 'registered';
  const links: MeetingLink[] = [];
  if (staff && m.status !== 'cancelled') links.push('door');
  if (m.slots && m.status === 'planned' && !ended && (participant || staff)) links.push('book');
  if (participant && started && m.status !== 'cancelled' && (registered || m.slots)) links.push('feedback');
  if (can(role, 'meetings.minutes') && (!participant || registered || m.slots)) links.push('minutes');
  if (staff && m.slots) links.push('day');
  return links;
}

const LINK_PATHS: Record<MeetingLink, (m: Meeting) => string> = {
  door: (m) => `/meetings/${m.id}/door`,
  book: (m) => `/meetings/${m.id}/book`,
  feedback: (m) => `/meetings/${m.id}/feedback`,
  minutes: (m) => `/meetings/${m.id}/minutes`,
  day: (m) => `/meetings/day?date=${dayOf(m)}`,
};

/** The links to the meeting's other screens, as buttons (the main one first). */
export function MeetingLinks({ m }: { m: Meeting }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const links = meetingLinks(m, me?.role);
  if (links.length === 0) return null;
  const labels: Record<MeetingLink, string> = {
    door: t('meeting_staff.link_door'),
    book: t('meeting_staff.link_book'),
    feedback: t('meeting_staff.link_feedback'),
    minutes: t('meeting_staff.link_minutes'),
    day: t('meeting_staff.link_day'),
  };
  return (
    <nav class="meeting-links" aria-label={t('meeting_staff.links')} data-testid="meeting-links">
      <ul class="actions">
        {links.map((l) => (
          <li key={l}>
            <a class={`button-link ${l === 'book' || l === 'feedback' ? '' : 'secondary'}`} href={LINK_PATHS[l](m)} data-testid={`link-${l}`}>
              {labels[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** Add to my calendar; for coordinators Edit, Cancel, and for a meeting of a series Remove it from the series. */
export function MeetingActions({ m, load, manage }: { m: Meeting; load: Load<Meeting>; manage: boolean }) {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const [busy, setBusy] = useState<'calendar' | 'cancel' | 'remove' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'cancel' | 'remove' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const file = `meeting-${m.start_local.slice(0, 10)}.ics`;
  const href = `/api/v1/meetings/${encodeURIComponent(m.id)}/calendar.ics`;

  const saveCalendar = async () => {
    setBusy('calendar');
    setError(null);
    try {
      download(await calendarFile(m.id), file);
      setNotice(t('meetings.calendar_saved'));
    } catch (e) {
      setError(t(problemKey(e)));
    } finally {
      setBusy(null);
    }
  };

  const failed = (e: unknown) => {
    setError(e instanceof ApiError && e.code === 'version_conflict' ? t('meetings.changed_meanwhile') : (problemDetail(e) ?? t(problemKey(e))));
    if (e instanceof ApiError && e.status === 409) void load.reload();
  };

  const cancelMeeting = async () => {
    setBusy('cancel');
    setError(null);
    try {
      const updated = await updateMeeting(m.id, { status: 'cancelled', version: m.version }, lang);
      load.set(() => updated);
      setConfirming(null);
      setNotice(t('meetings.cancelled_notice'));
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  };

  const removeFromSeries = async () => {
    setBusy('remove');
    setError(null);
    try {
      await deleteMeeting(m.id, m.version);
      setFlash(t('meeting_staff.removed_notice', { title: m.display_title }));
      route(`/meetings?month=${monthOf(dayOf(m))}`);
    } catch (e) {
      failed(e);
      setBusy(null);
    }
  };

  return (
    <section class="meeting-actions" aria-label={t('meetings.actions')}>
      {notice && <SuccessMessage testId="action-notice">{notice}</SuccessMessage>}
      {error && !confirming && <ErrorMessage testId="action-error">{error}</ErrorMessage>}
      <div class="actions">
        <a
          class="button-link secondary"
          href={href}
          download={file}
          onClick={(e) => {
            e.preventDefault();
            if (!busy) void saveCalendar();
          }}
          aria-disabled={busy === 'calendar' ? 'true' : undefined}
          data-testid="add-to-calendar"
        >
          {busy === 'calendar' ? t('common.working') : t('meetings.add_to_calendar')}
        </a>
        {manage && (
          <a class="button-link secondary" href={`/meetings/${m.id}/edit`} data-testid="edit-meeting">
            {t('meetings.edit')}
          </a>
        )}
        {manage && m.status === 'planned' && (
          <button type="button" class="danger" onClick={() => setConfirming('cancel')} data-testid="cancel-meeting">
            {t('meetings.cancel_meeting')}
          </button>
        )}
        {manage && m.series_id && m.status !== 'done' && (
          <button type="button" class="danger" onClick={() => setConfirming('remove')} data-testid="remove-from-series">
            {t('meeting_staff.remove_from_series')}
          </button>
        )}
      </div>
      {confirming === 'cancel' && (
        <ConfirmDialog
          title={t('meetings.cancel_meeting_title')}
          confirmLabel={t('meetings.cancel_meeting')}
          cancelLabel={t('meetings.keep_meeting')}
          onConfirm={() => void cancelMeeting()}
          onCancel={() => {
            setConfirming(null);
            setError(null);
          }}
          busy={busy === 'cancel'}
          error={error}
          testId="cancel-meeting-dialog"
        >
          <p>{t('meetings.cancel_meeting_text', { title: m.display_title })}</p>
          {m.series_id && <p class="hint">{t('meetings.cancel_only_this')}</p>}
        </ConfirmDialog>
      )}
      {confirming === 'remove' && (
        <ConfirmDialog
          title={t('meeting_staff.remove_title')}
          confirmLabel={t('meeting_staff.remove_from_series')}
          cancelLabel={t('meetings.keep_meeting')}
          onConfirm={() => void removeFromSeries()}
          onCancel={() => {
            setConfirming(null);
            setError(null);
          }}
          busy={busy === 'remove'}
          error={error}
          testId="remove-dialog"
        >
          <p>{t('meeting_staff.remove_text', { title: m.display_title })}</p>
          <p class="hint">{t('meeting_staff.remove_hint')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
