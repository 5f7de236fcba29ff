// /meetings/:id/minutes: a meeting's minutes (Markdown, rendered safely),
// its decisions and action items. Staff who write minutes (admins,
// coordinators, advisers) edit them here and add action items; the owner of
// an item ticks it done.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { SuccessMessage } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad, type Load } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { dayOf, formatLongDay, formatTimeRange } from '../calendar';
import { getMeeting, type Meeting } from '../model';
import { MeetingNotFound } from '../parts';
import { ActionItems } from './ActionItems';
import { renderMarkdown } from './markdown';
import { MinutesEditor } from './MinutesEditor';
import { getMinutes, type Minutes as MinutesData } from './model';
import '../meetings.css';
import './minutes.css';

export default function MinutesPage() {
  const { params } = useRoute();
  return <MinutesOf key={params.id} id={params.id ?? ''} />;
}

function MinutesOf({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const meeting = useLoad(() => getMeeting(id, lang), [id, lang]);
  const minutes = useLoad(() => getMinutes(id, lang), [id, lang]);
  useTitle(meeting.state === 'ready' ? `${t('minutes.title')}: ${meeting.data.display_title}` : t('minutes.title'));
  if (minutes.state !== 'ready') return <NotReady load={minutes} notFound={<MeetingNotFound />} />;
  if (meeting.state !== 'ready') return <NotReady load={meeting} notFound={<MeetingNotFound />} />;
  return <MinutesScreen m={meeting.data} minutes={minutes} />;
}

function MinutesScreen({ m, minutes }: { m: Meeting; minutes: Load<MinutesData> & { state: 'ready' } }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const writer = can(me?.role, 'meetings.staff');
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const data = minutes.data;

  return (
    <article class="minutes-page" data-testid="minutes-page">
      <p class="breadcrumb">
        <a href={`/meetings/${m.id}`} data-testid="back-to-meeting">
          <bdi>{m.display_title}</bdi>
        </a>
      </p>
      <div class="page-head">
        <h1>{t('minutes.title')}</h1>
        {writer && !editing && (
          <button
            type="button"
            onClick={() => {
              setNotice(null);
              setEditing(true);
            }}
            data-testid="edit-minutes"
          >
            {data.version === 0 ? t('minutes.write') : t('minutes.edit')}
          </button>
        )}
      </div>
      <p class="minutes-of">
        <bdi dir="auto">{m.display_title}</bdi>
        {' · '}
        {formatLongDay(dayOf(m), lang)}
        {' · '}
        <bdi>{formatTimeRange(m.start_local, m.end_local, lang)}</bdi>
      </p>
      {notice && <SuccessMessage testId="minutes-notice">{notice}</SuccessMessage>}

      {editing ? (
        <MinutesEditor
          meetingId={m.id}
          minutes={data}
          onSaved={(saved) => {
            minutes.set(() => saved);
            setEditing(false);
            setNotice(t('minutes.saved_notice'));
          }}
          onCancel={() => setEditing(false)}
          onReload={() => minutes.reload()}
        />
      ) : (
        <MinutesRead minutes={data} writer={writer} />
      )}

      <ActionItems m={m} minutes={minutes} />
    </article>
  );
}

/** The minutes as written (Markdown rendered without HTML), who changed them last, and the decisions. */
function MinutesRead({ minutes, writer }: { minutes: MinutesData; writer: boolean }) {
  const { t, lang } = useI18n();
  if (!minutes.body.trim() && minutes.decisions.length === 0) {
    return (
      <p class="empty" data-testid="minutes-empty">
        {writer ? t('minutes.none_yet_writer') : t('minutes.none_yet')}
      </p>
    );
  }
  return (
    <>
      {minutes.body.trim() && (
        <section aria-labelledby="minutes-body-heading">
          <h2 id="minutes-body-heading" class="visually-hidden">
            {t('minutes.notes')}
          </h2>
          {/* Rendered with raw HTML off (markdown.ts): what people typed is never run. */}
          <div class="markdown" dir="auto" data-testid="minutes-body" dangerouslySetInnerHTML={{ __html: renderMarkdown(minutes.body) }} />
        </section>
      )}
      {minutes.updated_at && (
        <p class="hint" data-testid="minutes-changed">
          {minutes.updated_by_name
            ? t('minutes.changed_by', { name: minutes.updated_by_name, when: formatDateTime(minutes.updated_at, lang) })
            : t('minutes.changed', { when: formatDateTime(minutes.updated_at, lang) })}
        </p>
      )}
      {minutes.decisions.length > 0 && (
        <section aria-labelledby="decisions-heading">
          <h2 id="decisions-heading">{t('minutes.decisions')}</h2>
          <ol class="decisions" data-testid="decisions">
            {minutes.decisions.map((d, i) => (
              <li key={i}>
                <bdi>{d}</bdi>
              </li>
            ))}
          </ol>
        </section>
      )}
    </>
  );
}
