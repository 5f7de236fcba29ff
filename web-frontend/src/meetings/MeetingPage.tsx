import { useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { useCodeLists, type CodeLists } from '../api/codeLists';
import { ApiError } from '../api/errors';
import { problemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { takeFlash } from '../components/flash';
import { ErrorMessage, SuccessMessage } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { useLoad, type Load } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { uuid } from '../participants/text';
import { useI18n, type Lang } from '../i18n';
import { clockDiffers, dayOf, formatHere, formatLongDay, formatTimeRange, monthOf, zoneCity, zoneName } from './calendar';
import { MeetingActions, MeetingLinks } from './MeetingActions';
import { cancelRegistration, dirOfCode, getMeeting, pickText, placeAction, problemDetail, register, type Meeting } from './model';
import { joinList, MeetingNotFound, StatusBadge, telHref } from './parts';
import { StaffPanel } from './StaffPanel';
import { MeetingFeedbackPanel } from './report/MeetingFeedback';
import './meetings.css';

/** /meetings/:id. */
export default function MeetingPage() {
  const { params } = useRoute();
  return <MeetingView key={params.id} id={params.id ?? ''} />;
}

function MeetingView({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const meeting = useLoad(() => getMeeting(id, lang), [id, lang]);
  const codes = useCodeLists(['meeting-kinds', 'meeting-audiences', 'meeting-statuses', 'languages', 'booking-modes']);
  useTitle(meeting.state === 'ready' ? meeting.data.display_title : t('meetings.title'));
  const [notice] = useState(() => takeFlash());
  if (meeting.state !== 'ready') return <NotReady load={meeting} notFound={<MeetingNotFound />} />;
  return <MeetingDetails m={meeting.data} load={meeting} codes={codes} lang={lang} notice={notice} />;
}

function MeetingDetails({ m, load, codes, lang, notice }: { m: Meeting; load: Load<Meeting>; codes: CodeLists; lang: Lang; notice: string | null }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const manage = can(me?.role, 'meetings.manage');
  const description = pickText(m.description, lang);
  const month = monthOf(dayOf(m));

  return (
    <article class="meeting" data-testid="meeting" data-id={m.id} data-status={m.status}>
      <p class="breadcrumb">
        <a href={`/meetings?month=${month}`} data-testid="back-to-agenda">
          {t('meetings.back_to_agenda')}
        </a>
      </p>
      <header class="meeting-head">
        <h1 dir="auto" data-testid="meeting-title">
          {m.display_title}
        </h1>
        <p class="meeting-kind">
          <span class="kind-pill">{codes.label('meeting-kinds', m.kind)}</span>
          <StatusBadge meeting={m} codes={codes} />
        </p>
      </header>
      {notice && <SuccessMessage testId="meeting-notice">{notice}</SuccessMessage>}
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}
      {m.status === 'cancelled' && (
        <div class="warning" role="note" data-testid="cancelled-note">
          {t('meetings.cancelled_note')}
        </div>
      )}

      {can(me?.role, 'meetings.register') && <MyPlacePanel m={m} load={load} />}
      <MeetingLinks m={m} />

      <dl class="facts meeting-facts">
        <dt>{t('meetings.when')}</dt>
        <dd data-testid="meeting-when">
          <When m={m} lang={lang} />
        </dd>
        <dt>{t('meetings.where')}</dt>
        <dd data-testid="meeting-where">
          <Where m={m} />
        </dd>
        {m.languages.length > 0 && (
          <>
            <dt>{t('meetings.field.languages')}</dt>
            <dd data-testid="meeting-languages">{joinList(m.languages.map((l) => codes.label('languages', l)), lang)}</dd>
          </>
        )}
        {m.interpretation.length > 0 && (
          <>
            <dt>{t('meetings.field.interpretation')}</dt>
            <dd data-testid="meeting-interpretation">{joinList(m.interpretation.map((l) => codes.label('languages', l)), lang)}</dd>
          </>
        )}
        <dt>{t('meetings.status')}</dt>
        <dd data-testid="meeting-status-text">{codes.label('meeting-statuses', m.status)}</dd>
        <dt>{t('meetings.field.audience')}</dt>
        <dd>{codes.label('meeting-audiences', m.audience)}</dd>
        <dt>{t('meetings.places')}</dt>
        <dd data-testid="meeting-places">
          <Places m={m} staff={manage} />
        </dd>
        {m.childcare && (
          <>
            <dt>{t('meetings.field.childcare')}</dt>
            <dd>{t('meetings.childcare_yes')}</dd>
          </>
        )}
        {m.slots && (
          <>
            <dt>{t('meetings.slots')}</dt>
            <dd>
              {t('meetings.slots_text', { minutes: m.slots.minutes, n: m.slots.capacity })}
              {m.slots.modes.length > 0 && ` · ${joinList(m.slots.modes.map((x) => codes.label('booking-modes', x)), lang)}`}
            </dd>
          </>
        )}
        {m.staff.length > 0 && (
          <>
            <dt>{t('meetings.staff')}</dt>
            <dd>
              <ul class="plain-list" data-testid="meeting-staff">
                {m.staff.map((s) => (
                  <li key={`${s.user_id}-${s.role}`}>
                    <bdi>{s.name}</bdi> <span class="muted">({s.role === 'organiser' ? t('meetings.organiser') : t('meetings.facilitator')})</span>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>

      {description && (
        <section class="meeting-description" aria-labelledby="about-heading">
          <h2 id="about-heading">{t('meetings.about')}</h2>
          {/* Plain text as written (Markdown is not rendered, HTML never). */}
          <p class="pre-wrap" lang={description.lang} dir={dirOfCode(description.lang)} data-testid="meeting-description">
            {description.text}
          </p>
        </section>
      )}

      <MeetingActions m={m} load={load} manage={manage} />
      {can(me?.role, 'meetings.staff') && <StaffPanel m={m} onChanged={() => void load.reload()} />}
      {can(me?.role, 'meetings.report') && new Date(m.starts_at) <= new Date() && <MeetingFeedbackPanel meetingId={m.id} />}
    </article>
  );
}

/** The day and time on the meeting's clock; the zone and the viewer's time when their clock differs. */
function When({ m, lang }: { m: Meeting; lang: Lang }) {
  const { t } = useI18n();
  const start = dayOf(m);
  const end = dayOf({ start_local: m.end_local });
  return (
    <>
      <span class="when-day">{formatLongDay(start, lang)}</span>
      <br />
      <bdi class="when-time">{formatTimeRange(m.start_local, m.end_local, lang)}</bdi>
      {end !== start && <span class="hint"> ({t('meetings.ends_on', { day: formatLongDay(end, lang) })})</span>}
      {clockDiffers(m) && (
        <p class="hint zone-note" data-testid="zone-note">
          {t('meetings.zone_note', { city: zoneCity(m.time_zone), zone: zoneName(m.time_zone, m.starts_at, lang) })}
          <br />
          {t('meetings.your_time', { time: formatHere(m.starts_at, lang) })}
        </p>
      )}
    </>
  );
}

/** The venue with its address, access, map; or the online link; or the phone line. */
function Where({ m }: { m: Meeting }) {
  const { t } = useI18n();
  const v = m.venue;
  return (
    <>
      {v && (
        <div class="where-venue" data-testid="venue">
          <strong>
            <bdi>{v.name}</bdi>
          </strong>
          {v.address && (
            <p class="pre-wrap" dir="auto">
              {v.address}
            </p>
          )}
          {v.map_url && (
            <p>
              <a href={v.map_url} target="_blank" rel="noopener noreferrer" data-testid="map-link">
                {t('meetings.open_map')}
              </a>
            </p>
          )}
          {v.accessibility && (
            <>
              <p class="label">{t('meetings.accessibility')}</p>
              <p class="pre-wrap" dir="auto" data-testid="accessibility">
                {v.accessibility}
              </p>
            </>
          )}
          {v.childcare && !m.childcare && <p>{t('meetings.venue_childcare')}</p>}
        </div>
      )}
      {m.online_url && (
        <p>
          {t('meetings.online')}:{' '}
          <a href={m.online_url} target="_blank" rel="noopener noreferrer" class="url" dir="ltr" data-testid="online-link">
            {m.online_url}
          </a>
        </p>
      )}
      {m.phone_line && (
        <p>
          {t('meetings.by_phone')}:{' '}
          <a href={telHref(m.phone_line)} dir="ltr" data-testid="phone-link">
            <bdi>{m.phone_line}</bdi>
          </a>
        </p>
      )}
    </>
  );
}

/** Capacity, places left and the waiting list (staff also see how many registered). */
function Places({ m, staff }: { m: Meeting; staff: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {m.capacity == null ? t('meetings.no_limit') : t('meetings.capacity_left', { capacity: m.capacity, n: Math.max(0, m.places_left ?? 0) })}
      {staff && <span class="hint"> · {t('meetings.registered_count', { n: m.registered_count })}</span>}
      {m.waiting_count > 0 && <span class="hint"> · {t('meetings.waiting_count', { n: m.waiting_count })}</span>}
    </>
  );
}

/** The message for a failed registration call: the server's reason for a 409, else the problem's. */
function placeError(t: ReturnType<typeof useI18n>['t'], error: unknown): string {
  const detail = error instanceof ApiError && error.status === 409 ? problemDetail(error) : null;
  return detail ?? t(problemKey(error));
}

/** A participant's place: register, join the waiting list, or cancel; their number on the list. */
function MyPlacePanel({ m, load }: { m: Meeting; load: Load<Meeting> }) {
  const { t } = useI18n();
  const action = placeAction(m);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  /** One Idempotency-Key per intent to register: reused when an unanswered request is retried, new once the server answered. */
  const key = useRef<string | null>(null);

  const join = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    key.current ??= uuid();
    try {
      await register(m.id, key.current);
      key.current = null;
      await load.reload();
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) key.current = null;
      setError(placeError(t, e));
      if (e instanceof ApiError && e.status === 409) void load.reload();
    } finally {
      setBusy(false);
    }
  };

  const leave = async () => {
    const mine = m.my_place;
    if (!mine || busy) return;
    setBusy(true);
    setError(null);
    try {
      await cancelRegistration(mine.registration_id, mine.version);
      setConfirming(false);
      await load.reload();
    } catch (e) {
      setConfirming(false);
      setError(placeError(t, e));
      if (e instanceof ApiError && e.status === 409) void load.reload();
    } finally {
      setBusy(false);
    }
  };

  if (action.kind === 'closed') return error ? <ErrorMessage testId="place-error">{error}</ErrorMessage> : null;
  const waiting = action.kind === 'waiting';
  return (
    <section class="my-place card" aria-labelledby="my-place-heading" data-testid="my-place" data-state={action.kind}>
      <h2 id="my-place-heading" class="visually-hidden">
        {t('meetings.my_place')}
      </h2>
      <div aria-live="polite">
        {action.kind === 'registered' && (
          <p class={action.promoted ? 'place-state promoted' : 'place-state'} data-testid="place-state">
            {action.promoted ? t('meetings.you_got_a_place') : t('meetings.you_are_registered')}
          </p>
        )}
        {waiting && (
          <p class="place-state" data-testid="place-state">
            {action.position ? t('meetings.waiting_number', { n: action.position }) : t('meetings.on_waiting_list')}
          </p>
        )}
        {action.kind === 'register' && (
          <p class="place-state" data-testid="place-state">
            {t('meetings.register_text')}
          </p>
        )}
        {action.kind === 'wait' && (
          <p class="place-state" data-testid="place-state">
            {t('meetings.full_text')}
          </p>
        )}
      </div>
      {error && <ErrorMessage testId="place-error">{error}</ErrorMessage>}
      <div class="actions">
        {(action.kind === 'register' || action.kind === 'wait') && (
          <button type="button" onClick={() => void join()} disabled={busy} data-testid={action.kind === 'register' ? 'register' : 'join-waiting-list'}>
            {busy ? t('common.working') : action.kind === 'register' ? t('meetings.register') : t('meetings.join_waiting_list')}
          </button>
        )}
        {(action.kind === 'registered' || waiting) && (
          <button type="button" class="secondary" onClick={() => setConfirming(true)} disabled={busy} data-testid="cancel-registration">
            {waiting ? t('meetings.leave_waiting_list') : t('meetings.cancel_registration')}
          </button>
        )}
      </div>
      {confirming && (
        <ConfirmDialog
          title={waiting ? t('meetings.leave_waiting_list_title') : t('meetings.cancel_registration_title')}
          confirmLabel={waiting ? t('meetings.leave_waiting_list') : t('meetings.cancel_registration')}
          cancelLabel={waiting ? t('meetings.stay_waiting') : t('meetings.keep_place')}
          onConfirm={() => void leave()}
          onCancel={() => setConfirming(false)}
          busy={busy}
          testId="cancel-registration-dialog"
        >
          <p>{waiting ? t('meetings.leave_waiting_list_text') : t('meetings.cancel_registration_text')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
