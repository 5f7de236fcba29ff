// /meetings/day?date=: the adviser's day. Every booking of the day's office
// hours by slot, with the person's name, topic, how they meet and their
// note; whether they came is recorded here. The previous and next day are
// a tap away.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { useCodeLists, type CodeLists } from '../../api/codeLists';
import { ApiError } from '../../api/errors';
import { problemKey } from '../../api/problem';
import { useAuth } from '../../auth/auth';
import { CheckField, ErrorMessage, TextField } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { addDays, formatDayHeading, formatTimeRange, isDay, today } from '../calendar';
import { bySlot, dayPath, dayState, listDay, markAttendance, type Attendance, type Booking, type DayState } from './model';
import '../meetings.css';
import './day.css';

export default function Day() {
  const { t, lang } = useI18n();
  useTitle(t('adviser_day.title'));
  const { me } = useAuth();
  const adviser = me?.role === 'adviser';
  const { query, route } = useLocation();
  const now = today();
  const state = dayState(query, now, adviser);
  const go = (change: Partial<DayState>) => route(dayPath({ ...state, ...change }, adviser), true);
  const codes = useCodeLists(['booking-topics', 'booking-modes', 'attendance']);
  const day = useLoad(() => listDay(state.date, state.mine, lang), [state.date, state.mine, lang], { keepOnChange: true });

  if (day.state === 'forbidden') return <NotReady load={day} />;
  return (
    <div class="adviser-day" data-testid="adviser-day">
      <p class="breadcrumb">
        <a href={`/meetings?month=${state.date.slice(0, 7)}`}>{t('meetings.back_to_agenda')}</a>
      </p>
      <h1>{t('adviser_day.title')}</h1>
      <div class="agenda-bar">
        <div class="month-nav">
          <button type="button" class="secondary icon" onClick={() => go({ date: addDays(state.date, -1) })} aria-label={t('adviser_day.previous_day')} data-testid="previous-day">
            <span aria-hidden="true">‹</span>
          </button>
          <h2 class="day-name" aria-live="polite" data-testid="day-name">
            {formatDayHeading(state.date, lang)}
          </h2>
          <button type="button" class="secondary icon" onClick={() => go({ date: addDays(state.date, 1) })} aria-label={t('adviser_day.next_day')} data-testid="next-day">
            <span aria-hidden="true">›</span>
          </button>
          {state.date !== now && (
            <button type="button" class="secondary" onClick={() => go({ date: now })} data-testid="today">
              {t('meetings.today')}
            </button>
          )}
        </div>
      </div>
      <form class="agenda-filters" role="search" aria-label={t('meetings.filters')} onSubmit={(e) => e.preventDefault()}>
        <TextField id="d-date" type="date" label={t('adviser_day.date')} value={state.date} onValue={(d) => isDay(d) && go({ date: d })} />
        <CheckField id="d-mine" label={t('adviser_day.only_mine')} checked={state.mine} onChecked={(mine) => go({ mine })} />
      </form>
      {codes.error && <ErrorMessage>{t(codes.error)}</ErrorMessage>}
      <section aria-labelledby="day-heading" aria-busy={day.state === 'ready' && day.refreshing ? 'true' : undefined} data-testid="day-bookings">
        <h2 id="day-heading" class="visually-hidden">
          {t('adviser_day.bookings')}
        </h2>
        {day.state !== 'ready' ? (
          <NotReady load={day} inline />
        ) : day.data.length === 0 ? (
          <p class="agenda-empty" data-testid="day-empty">
            {state.mine ? t('adviser_day.none_mine') : t('adviser_day.none')}
          </p>
        ) : (
          <Slots bookings={day.data} codes={codes} onChanged={(b) => day.set((list) => list.map((x) => (x.id === b.id ? b : x)))} onStale={() => void day.reload()} />
        )}
      </section>
    </div>
  );
}

function Slots({ bookings, codes, onChanged, onStale }: { bookings: Booking[]; codes: CodeLists; onChanged: (b: Booking) => void; onStale: () => void }) {
  const { t, lang } = useI18n();
  return (
    <ol class="slots" data-testid="slots">
      {bySlot(bookings).map((g) => (
        <li key={g.key} class="slot" data-testid="slot" data-start={g.start}>
          <h3 class="slot-head">
            <bdi class="slot-time">{formatTimeRange(g.start, g.end, lang)}</bdi>{' '}
            <a href={`/meetings/${g.meetingId}`} class="slot-meeting" dir="auto">
              {g.meetingTitle}
            </a>
          </h3>
          <ul class="slot-bookings">
            {g.bookings.map((b) => (
              <BookingRow key={b.id} b={b} codes={codes} onChanged={onChanged} onStale={onStale} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function BookingRow({ b, codes, onChanged, onStale }: { b: Booking; codes: CodeLists; onChanged: (b: Booking) => void; onStale: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const mark = async (attendance: Attendance) => {
    if (busy || b.attendance === attendance) return;
    setBusy(true);
    setError(null);
    try {
      onChanged(await markAttendance(b, attendance, lang));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('adviser_day.changed') : t(problemKey(e)));
      if (e instanceof ApiError && e.status === 409) onStale();
    } finally {
      setBusy(false);
    }
  };

  const name = b.participant_name ?? t('participants.unnamed');
  return (
    <li class={`booking ${b.attendance ? `att-${b.attendance}` : ''}`} data-testid="booking" data-id={b.id} data-attendance={b.attendance ?? ''}>
      <div class="booking-main">
        <p class="booking-name">
          <a href={`/participants/${b.participant_id}`}>
            <bdi>{name}</bdi>
          </a>
          {b.walk_in && <span class="mine-badge">{t('adviser_day.walk_in')}</span>}
        </p>
        <p class="booking-facts">
          <span data-testid="topic">{codes.label('booking-topics', b.topic)}</span>
          <span data-testid="mode">{codes.label('booking-modes', b.mode)}</span>
        </p>
        {b.note && (
          <p class="booking-note pre-wrap" dir="auto" data-testid="note">
            {b.note}
          </p>
        )}
      </div>
      <div class="attendance-buttons" role="group" aria-label={t('adviser_day.came_label', { name })}>
        {(['attended', 'no_show'] as const).map((a) => (
          <button
            key={a}
            type="button"
            class={b.attendance === a ? `chosen-${a}` : 'secondary'}
            aria-pressed={b.attendance === a ? 'true' : 'false'}
            disabled={busy}
            onClick={() => void mark(a)}
            data-testid={`mark-${a}`}
          >
            {codes.label('attendance', a)}
          </button>
        ))}
      </div>
      {error && <ErrorMessage testId="booking-error">{error}</ErrorMessage>}
    </li>
  );
}
