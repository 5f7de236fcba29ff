// /applications/:id — one application: the opportunity, the person (as the
// caller may see them), its state with the next steps, the interview, the
// history, and the message thread between the partner, the participant and
// their adviser (text only; "seen" once another reads it; opening it marks
// it read).
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { isRole } from '../auth/roles';
import { useAuth } from '../auth/auth';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { ProblemNote } from '../meetings/common/ProblemNote';
import { getApplication, listEvents, listMessages, markRead, sendMessage, type Message } from './api';
import { oppTitle, personName, stateLabel, StateTag, useOppCodes } from './parts';
import { Steps } from './Steps';

export default function ApplicationPage() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const codes = useOppCodes();
  const app = useLoad(() => getApplication(id), [id]);
  const events = useLoad(() => listEvents(id).catch(() => []), [id]);
  const title = app.state === 'ready' ? oppTitle(app.data.opportunity, lang) : '';
  useTitle(title || t('opportunities.application'));
  if (app.state !== 'ready') return <NotReady load={app} />;
  const a = app.data;
  const mine = me?.role === 'participant';
  return (
    <div class="opportunities" data-testid="application-page" data-state={a.state}>
      <p class="breadcrumb">
        <a href="/applications">{mine ? t('opportunities.my_applications') : t('opportunities.applications')}</a>
      </p>
      <h1 dir="auto">
        <a href={`/opportunities/${a.opportunity_id}`}>{title}</a>
      </h1>
      <p class="opp-meta">
        {!mine && (
          <>
            {a.participant_id && me?.role !== 'partner' ? (
              <a href={`/participants/${a.participant_id}`}>
                <bdi>{personName(a.person, t)}</bdi>
              </a>
            ) : (
              <bdi>{personName(a.person, t)}</bdi>
            )}{' '}
            ·{' '}
          </>
        )}
        <bdi>{a.opportunity.provider_name}</bdi>
      </p>
      <p>
        <StateTag state={a.state} codes={codes} kind={a.opportunity.kind} />
      </p>
      {mine && a.state === 'proposed' && <p>{t('opportunities.proposal_lead')}</p>}
      <Steps app={a} onChange={(x) => app.set(() => x)} />
      {a.interview && (
        <p class="notice" data-testid="interview">
          {t('opportunities.interview_at', { when: formatDateTime(a.interview.starts_at, lang) })}
          {a.interview.online_url && (
            <>
              {' · '}
              <a href={a.interview.online_url} dir="ltr" rel="noopener noreferrer" target="_blank">
                {a.interview.online_url}
              </a>
            </>
          )}
          {' · '}
          <a href={`/meetings/${a.interview.meeting_id}`}>{t('opportunities.interview_title')}</a>
        </p>
      )}
      {a.cover_note && (
        <>
          <h2>{t('opportunities.cover_note_label')}</h2>
          <p dir="auto" class="opp-description" data-testid="cover-note-text">
            {a.cover_note}
          </p>
        </>
      )}
      <Thread id={a.id} />
      {events.state === 'ready' && events.data.length > 0 && (
        <>
          <h2>{t('opportunities.history')}</h2>
          <ol class="plain-list" data-testid="history">
            {events.data.map((e, i) => (
              <li key={e.id ?? i}>
                {formatDateTime(e.at, lang)} — {stateLabel(codes, e.to, a.opportunity.kind)}
                {e.by_role ? ` (${partyName(e.by_role, t)})` : ''}
                {e.note ? ` — ${e.note}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

/** A side of the application as the history and the thread name it: a role, or staff. */
function partyName(r: string, t: ReturnType<typeof useI18n>['t']): string {
  if (r === 'staff') return t('opportunities.staff');
  return isRole(r) ? t(`role.${r}`) : r;
}

/** Who has read a message of mine (others than me, after it was written). */
export function seenBy(m: Pick<Message, 'author_user_id' | 'created_at' | 'read_by'>): { user_id: string; role: string }[] {
  return m.read_by.filter((r) => r.user_id !== m.author_user_id && r.read_at >= m.created_at);
}

function Thread({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const messages = useLoad(() => listMessages(id), [id]);
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // Opening the thread marks it read (the unread count drops to 0).
  useEffect(() => {
    if (messages.state === 'ready') void markRead(id).catch(() => undefined);
  }, [id, messages.state]);
  const send = async (e: Event) => {
    e.preventDefault();
    const text = body.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      const m = await sendMessage(id, text);
      messages.set((list) => [...list, m]);
      setBody('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const roleName = (r: string) => partyName(r, t);
  return (
    <section aria-labelledby="thread-heading" data-testid="thread">
      <h2 id="thread-heading">{t('opportunities.thread')}</h2>
      {messages.state !== 'ready' ? (
        <NotReady load={messages} inline />
      ) : messages.data.length === 0 ? (
        <p class="hint" data-testid="no-messages">
          {t('opportunities.no_messages')}
        </p>
      ) : (
        <ol class="thread" data-testid="messages">
          {messages.data.map((m) => {
            const seen = m.mine ? seenBy(m) : [];
            return (
              <li key={m.id} class={m.mine ? 'mine' : undefined} data-testid="message">
                <div class="who">{m.mine ? t('opportunities.you') : `${m.author_name ?? ''}${m.author_name ? ' · ' : ''}${roleName(m.author_role)}`}</div>
                <p class="body" dir="auto">
                  {m.body}
                </p>
                <div class="when">
                  {formatDateTime(m.created_at, lang)}
                  {seen.length > 0 && (
                    <span data-testid="seen">
                      {' · '}
                      {t('opportunities.seen_by', { who: [...new Set(seen.map((r) => roleName(r.role)))].join(', ') })}
                    </span>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <form onSubmit={send} data-testid="message-form">
        <div class="field">
          <label for="message-body">{t('opportunities.message')}</label>
          <textarea id="message-body" rows={3} maxLength={4000} value={body} dir="auto" onInput={(e) => setBody(e.currentTarget.value)} data-testid="message-body" />
        </div>
        {error !== null && <ProblemNote error={error} />}
        <button type="submit" disabled={busy || !body.trim()} data-testid="send-message">
          {busy ? t('common.working') : t('opportunities.send')}
        </button>
      </form>
    </section>
  );
}
