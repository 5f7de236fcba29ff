// The buttons for an application's next steps (those the caller's role may
// take from its state); "Invite to an interview" first asks for the date,
// time, length and place (a venue or an online link).
import { useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { useAuth } from '../auth/auth';
import { TextField } from '../components/forms';
import { useLoad } from '../components/useLoad';
import { isoDay } from '../format';
import { useI18n } from '../i18n';
import { ProblemNote } from '../meetings/common/ProblemNote';
import { listVenues } from '../meetings/model';
import { transition, type Application, type ApplicationState, type InterviewInput } from './api';
import { localInstant, nextSteps } from './model';

export function Steps({ app, onChange }: { app: Application; onChange: (a: Application) => void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [interview, setInterview] = useState(false);
  const steps = nextSteps(app.state, me?.role);
  if (!steps.length) return null;

  const go = async (to: ApplicationState, details?: InterviewInput) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await transition(app.id, { to, version: app.version, ...(details ? { interview: details } : {}) }));
      setInterview(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  // A participant answering a proposal: "Yes, apply" and "No, thank you".
  const label = (s: ApplicationState) =>
    me?.role === 'participant' && app.state === 'proposed' ? (s === 'applied' ? t('opportunities.accept') : t('opportunities.decline')) : t(`opportunities.step.${s}`);
  return (
    <div>
      <div class="opp-steps" data-testid="steps">
        {steps.map((s) => (
          <button
            key={s}
            type="button"
            class={s === 'rejected' || s === 'withdrawn' ? 'secondary' : ''}
            disabled={busy}
            onClick={() => (s === 'interview' ? setInterview(true) : void go(s))}
            data-testid={`step-${s}`}
          >
            {label(s)}
          </button>
        ))}
      </div>
      {interview && <InterviewForm busy={busy} onCancel={() => setInterview(false)} onSubmit={(d) => void go('interview', d)} idPrefix={app.id} />}
      {error !== null && <ProblemNote error={error} message={error instanceof ApiError && error.status === 409 ? t('opportunities.conflict') : null} />}
    </div>
  );
}

function InterviewForm({ busy, onCancel, onSubmit, idPrefix }: { busy: boolean; onCancel: () => void; onSubmit: (d: InterviewInput) => void; idPrefix: string }) {
  const { t } = useI18n();
  const tomorrow = isoDay(new Date(Date.now() + 86_400_000));
  const [date, setDate] = useState(tomorrow);
  const [time, setTime] = useState('10:00');
  const [minutes, setMinutes] = useState('45');
  const [venue, setVenue] = useState('');
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // The organisation's venues (a partner may see them too); none if they cannot be listed.
  const venues = useLoad(() => listVenues().catch(() => []), []);
  const id = (x: string) => `iv-${idPrefix}-${x}`;
  const submit = (e: Event) => {
    e.preventDefault();
    const start = localInstant(date, time);
    const length = Number(minutes);
    if (!start || !Number.isFinite(length) || length <= 0) {
      setProblem(t('field_error.generic'));
      return;
    }
    setProblem(null);
    const end = new Date(new Date(start).getTime() + length * 60_000).toISOString();
    onSubmit({ starts_at: start, ends_at: end, ...(venue ? { venue_id: venue } : {}), ...(url.trim() ? { online_url: url.trim() } : {}) });
  };
  return (
    <form class="opp-dialog" onSubmit={submit} data-testid="interview-form">
      <h3>{t('opportunities.interview_title')}</h3>
      <div class="opp-row">
        <TextField id={id('date')} type="date" label={t('opportunities.interview_date')} value={date} onValue={setDate} required testId="interview-date" />
        <TextField id={id('time')} type="time" label={t('opportunities.interview_time')} value={time} onValue={setTime} required testId="interview-time" />
        <TextField id={id('minutes')} label={t('opportunities.interview_minutes')} value={minutes} onValue={setMinutes} inputMode="numeric" dir="ltr" />
      </div>
      {venues.state === 'ready' && venues.data.length > 0 && (
        <div class="field">
          <label for={id('venue')}>{t('opportunities.interview_place')}</label>
          <select id={id('venue')} value={venue} onChange={(e) => setVenue(e.currentTarget.value)} data-testid="interview-venue">
            <option value="">—</option>
            {venues.data.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <TextField id={id('url')} type="text" label={t('opportunities.interview_online')} value={url} onValue={setUrl} dir="ltr" inputMode="text" testId="interview-url" />
      {problem && <p class="field-error">{problem}</p>}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="confirm-interview">
          {busy ? t('common.working') : t('opportunities.confirm')}
        </button>
        <button type="button" class="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
