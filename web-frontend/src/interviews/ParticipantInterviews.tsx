import { useCodeLists } from '../api/codeLists';
import { useAuth } from '../auth/auth';
import { LoadError, NotReady } from '../components/NotReady';
import { PagedSection } from '../components/PagedSection';
import { usePaged } from '../components/usePaged';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { displayName, participantRef } from '../participants/common';
import type { ParticipantView } from '../participants/model';
import { listInterviews, type Interview } from './model';
import './interviews.css';

/** Interviews per request on a profile; more with "Load more". */
export const PROFILE_PAGE_SIZE = 20;

type Attendance = 'present' | 'absent' | 'marked_absent' | 'not_yet' | 'not_held';

/** Whether the person was there, as far as the interview's status tells. */
export function attendanceOf(iv: Pick<Interview, 'status' | 'participants'>, participantId: string): Attendance {
  const attended = iv.participants.find((a) => a.participant_id === participantId)?.attended ?? false;
  switch (iv.status) {
    case 'done':
      return attended ? 'present' : 'absent';
    case 'no_show':
      return 'absent';
    case 'cancelled':
      return 'not_held';
    default:
      return attended ? 'not_yet' : 'marked_absent';
  }
}

/**
 * The Interviews tab of a profile (GET /interviews?participant_id=): the
 * person's interviews, the latest first, and "Plan an interview with …".
 * Advisers get only the interviews they conduct or planned.
 */
export default function ParticipantInterviews({ p }: { p: ParticipantView }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const codes = useCodeLists(['interview-kinds', 'interview-statuses']);
  const name = displayName(p, t);
  const list = usePaged<Interview>(
    (cursor) => listInterviews({ participant_id: participantRef(p), limit: PROFILE_PAGE_SIZE, lang, ...(cursor ? { cursor } : {}) }),
    [participantRef(p), lang],
  );

  if (list.state === 'forbidden') return <NotReady load={list} forbidden={<p>{t('forbidden.text')}</p>} />;
  const attendance = (iv: Interview) => t(`interviews.attendance_${attendanceOf(iv, participantRef(p))}`);

  return (
    <div data-testid="participant-interviews">
      {p.status === 'active' && (
        <div class="actions">
          <a class="button-link" href={`/interviews/new?participant=${encodeURIComponent(participantRef(p))}`} data-testid="plan-with">
            {t('interviews.plan_with', { name })}
          </a>
        </div>
      )}
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}
      <PagedSection
        headingId="participant-interviews-heading"
        heading={t('interviews.profile_heading', { name })}
        paged={list}
        empty={
          <>
            <p data-testid="participant-interviews-empty">{t('interviews.profile_none', { name })}</p>
            {me?.role === 'adviser' && (
              <p class="hint" data-testid="adviser-hint">
                {t('interviews.profile_none_adviser')}
              </p>
            )}
          </>
        }
      >
        {({ items }) => (
          <table class="data-table interviews-table" data-testid="participant-interviews-table">
            <thead>
              <tr>
                <th scope="col">{t('interviews.when')}</th>
                <th scope="col">{t('interviews.kind')}</th>
                <th scope="col">{t('interviews.template')}</th>
                <th scope="col">{t('interviews.status')}</th>
                <th scope="col">{t('interviews.attendance')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((iv) => (
                <tr key={iv.id} data-testid="participant-interview" data-id={iv.id} data-status={iv.status} data-attendance={attendanceOf(iv, participantRef(p))}>
                  <td class="primary">
                    <a href={`/interviews/${iv.id}`}>{formatDateTime(iv.scheduled_at, lang)}</a>
                  </td>
                  <td data-label={t('interviews.kind')}>
                    <span>{codes.label('interview-kinds', iv.kind)}</span>
                  </td>
                  <td data-label={t('interviews.template')}>
                    <span dir="auto">{iv.template.title}</span>
                  </td>
                  <td data-label={t('interviews.status')}>
                    <span class={`pill pill-status status-${iv.status}`}>{codes.label('interview-statuses', iv.status)}</span>
                  </td>
                  <td data-label={t('interviews.attendance')}>
                    <span>{attendance(iv)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedSection>
    </div>
  );
}
