// "What's next" for the person who is logged in (its own chunk: visitors
// never load it). A participant: a place that came free, their next
// meetings and waiting-list places, booked office hours, open tasks,
// meetings to rate, and a few meetings to join. Staff: their meetings today
// (with the door list) and this week, and their open tasks. Each section
// loads on its own and says on its own what went wrong.
import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { useCodeLists } from '../api/codeLists';
import { ApiError } from '../api/errors';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { NotReady } from '../components/NotReady';
import { useLoad, type LoadState } from '../components/useLoad';
import { formatDay } from '../format';
import { useI18n } from '../i18n';
import { MODE_ICONS, topicIcon } from '../meetings/booking/model';
import { CalendarButton } from '../meetings/common/CalendarButton';
import { PlaceText, WhenText } from '../meetings/common/parts';
import { ProblemNote } from '../meetings/common/ProblemNote';
import { formatDayLong, formatHours, todayIn } from '../meetings/common/when';
import { uuid } from '../participants/text';
import {
  comingUp,
  completeActionItem,
  joinable,
  openActionItems,
  overdue,
  register,
  selectNext,
  staffDays,
  staffWeek,
  toRate,
  upcomingBookings,
  upcomingMine,
  type ActionItem,
  type Meeting,
  type Registration,
} from './next';
import './next.css';

export default function WhatsNext() {
  const { me } = useAuth();
  return me?.role === 'participant' ? <ParticipantNext /> : <StaffNext />;
}

function ParticipantNext() {
  /** Bumped after registering on this page: "Your next meetings" loads again. */
  const [version, setVersion] = useState(0);
  return (
    <div class="whats-next" data-testid="whats-next">
      <div class="next-main">
        <MyMeetings version={version} />
        <ToRate />
        <MyBookings />
        <Tasks />
      </div>
      <div class="next-side">
        <Join onRegistered={() => setVersion((v) => v + 1)} />
        <CalendarHint />
      </div>
    </div>
  );
}

function StaffNext() {
  const { me } = useAuth();
  return (
    <div class="whats-next" data-testid="whats-next">
      <div class="next-main">{can(me?.role, 'meetings.view') && <StaffMeetings />}</div>
      <div class="next-side">
        <Tasks />
        {can(me?.role, 'meetings.view') && <CalendarHint />}
      </div>
    </div>
  );
}

/** A section of the page with its heading; a role the server refuses (403) sees no section. */
function Section({
  id,
  title,
  load,
  children,
  highlight = false,
}: {
  id: string;
  title: string;
  load?: LoadState<unknown> & { reload: (keep?: boolean) => Promise<void> };
  children: ComponentChildren;
  highlight?: boolean;
}) {
  if (load?.state === 'forbidden') return null;
  return (
    <section class={highlight ? 'next-section card highlight' : 'next-section'} aria-labelledby={`${id}-heading`} data-testid={id} aria-busy={load?.state === 'loading' ? 'true' : undefined}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {load && load.state !== 'ready' ? <NotReady load={load} inline /> : children}
    </section>
  );
}

/** A meeting in a list: title (to its page), when and where, and what else is given. */
function MeetingItem({ meeting, children, testId = 'next-meeting' }: { meeting: Meeting; children?: ComponentChildren; testId?: string }) {
  const { t } = useI18n();
  return (
    <li class="next-item" data-testid={testId} data-id={meeting.id}>
      <p class="primary">
        <a href={`/meetings/${meeting.id}`}>
          <bdi>{meeting.display_title}</bdi>
        </a>
        {meeting.status === 'cancelled' && <span class="badge badge-bad">{t('meeting_common.cancelled')}</span>}
      </p>
      <p class="meta when">
        <span class="emoji" aria-hidden="true">🕒</span>{' '}
        <WhenText meeting={meeting} />
      </p>
      <p class="meta">
        <span class="emoji" aria-hidden="true">📍</span>{' '}
        <PlaceText meeting={meeting} />
      </p>
      {children}
    </li>
  );
}

function MyMeetings({ version }: { version: number }) {
  const { t, lang } = useI18n();
  const load = useLoad(() => upcomingMine(lang), [lang, version]);
  const next = load.state === 'ready' ? selectNext(load.data) : null;
  return (
    <>
      {next && next.promoted.length > 0 && (
        <section class="next-section card highlight promoted" aria-labelledby="promoted-heading" data-testid="promoted">
          <h2 id="promoted-heading">
            <span class="emoji" aria-hidden="true">🎉</span>{' '}
            {t('next.promoted_title')}
          </h2>
          <p>{t('next.promoted_text')}</p>
          <ul class="next-list">
            {next.promoted.map((m) => (
              <MeetingItem meeting={m} key={m.id}>
                <CalendarButton meetingId={m.id} title={m.display_title} />
              </MeetingItem>
            ))}
          </ul>
        </section>
      )}
      <Section id="my-meetings" title={t('next.my_meetings')} load={load}>
        {next && next.registered.length === 0 && (
          <p class="empty" data-testid="my-meetings-empty">
            {next.promoted.length > 0 || next.waiting.length > 0 ? t('next.no_other_meetings') : t('next.no_meetings')}{' '}
            <a href="/meetings">{t('next.see_agenda')}</a>
          </p>
        )}
        {next && next.registered.length > 0 && (
          <ul class="next-list">
            {next.registered.map((m) => (
              <MeetingItem meeting={m} key={m.id}>
                {m.status === 'planned' && <CalendarButton meetingId={m.id} title={m.display_title} small />}
              </MeetingItem>
            ))}
          </ul>
        )}
      </Section>
      {next && next.waiting.length > 0 && (
        <Section id="waiting" title={t('next.waiting')}>
          <ul class="next-list">
            {next.waiting.map((m) => (
              <MeetingItem meeting={m} key={m.id} testId="waiting-meeting">
                <p class="waiting-line" data-testid="waiting-position">
                  <span class="emoji" aria-hidden="true">⏳</span>{' '}
                  {m.my_place?.waiting_position ? t('next.waiting_n', { n: m.my_place.waiting_position }) : t('next.waiting_unknown')}
                </p>
              </MeetingItem>
            ))}
          </ul>
          <p class="hint">{t('next.waiting_hint')}</p>
        </Section>
      )}
    </>
  );
}

function MyBookings() {
  const { t, lang } = useI18n();
  const codes = useCodeLists(['booking-topics', 'booking-modes']);
  const load = useLoad(() => upcomingBookings(lang), [lang]);
  return (
    <Section id="my-bookings" title={t('next.bookings')} load={load}>
      {load.state === 'ready' && load.data.length === 0 && <p class="empty">{t('next.no_bookings')}</p>}
      {load.state === 'ready' && load.data.length > 0 && (
        <ul class="next-list">
          {load.data.map((b) => (
            <li class="next-item" key={b.id} data-testid="next-booking">
              <p class="primary">
                <bdi>{b.meeting_title ?? t('next.office_hours')}</bdi>
              </p>
              <p class="meta when">
                <span class="emoji" aria-hidden="true">🕒</span>{' '}
                {formatDayLong(b.slot_start_local, lang)} · <bdi>{formatHours(b.slot_start_local, b.slot_end_local, lang)}</bdi>
              </p>
              <p class="meta">
                <span class="emoji" aria-hidden="true">{MODE_ICONS[b.mode]}</span>{' '}
                {codes.label('booking-modes', b.mode)} · <span class="emoji" aria-hidden="true">{topicIcon(b.topic)}</span>{' '}
                {codes.label('booking-topics', b.topic)}
              </p>
              <p>
                <a href={`/meetings/${b.meeting_id}/book`}>{t('next.booking_open')}</a>
              </p>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function Tasks() {
  const { t, lang } = useI18n();
  const load = useLoad(() => openActionItems(lang), [lang]);
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<{ title: string; error: unknown } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const today = todayIn(Intl.DateTimeFormat().resolvedOptions().timeZone);

  const complete = async (item: ActionItem, index: number) => {
    setBusy(item.id);
    setFailed(null);
    setDone(null);
    load.set((items) => items.filter((i) => i.id !== item.id));
    try {
      await completeActionItem(item.id, item.version);
      setDone(item.title);
    } catch (error) {
      // Put it back where it was.
      load.set((items) => [...items.slice(0, index), item, ...items.slice(index)]);
      setFailed({ title: item.title, error });
      if (error instanceof ApiError && error.status === 409) void load.reload();
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section id="tasks" title={t('next.tasks')} load={load}>
      <div aria-live="polite">
        {done && (
          <p class="notice" data-testid="task-done">
            {t('next.task_done', { title: done })}
          </p>
        )}
        {failed && <ProblemNote error={failed.error} message={t('next.task_failed', { title: failed.title })} />}
      </div>
      {load.state === 'ready' && load.data.length === 0 && <p class="empty">{t('next.no_tasks')}</p>}
      {load.state === 'ready' && load.data.length > 0 && (
        <ul class="next-list">
          {load.data.map((item, i) => (
            <li class="next-item task" key={item.id} data-testid="task">
              <div class="task-main">
                <p class="primary" dir="auto">
                  {item.title}
                </p>
                {item.meetingTitle && (
                  <p class="meta">
                    {item.meetingId ? (
                      <a href={`/meetings/${item.meetingId}`}>
                        <bdi>{item.meetingTitle}</bdi>
                      </a>
                    ) : (
                      <bdi>{item.meetingTitle}</bdi>
                    )}
                  </p>
                )}
                {item.dueOn && (
                  <p class={overdue(item.dueOn, today) ? 'meta overdue' : 'meta'}>
                    {overdue(item.dueOn, today) ? (
                      <>
                        <span class="emoji" aria-hidden="true">⚠️</span>{' '}
                        {t('next.overdue', { date: formatDay(item.dueOn, lang) })}
                      </>
                    ) : (
                      t('next.due', { date: formatDay(item.dueOn, lang) })
                    )}
                  </p>
                )}
              </div>
              <button
                type="button"
                class="secondary"
                disabled={busy === item.id}
                onClick={() => void complete(item, i)}
                aria-label={t('next.mark_done', { title: item.title })}
                data-testid="task-done-button"
              >
                <span aria-hidden="true">✓ </span>
                {t('next.done')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function ToRate() {
  const { t, lang } = useI18n();
  const load = useLoad(() => toRate(lang), [lang]);
  // Nothing to rate, or the check failed: no section (it is an invitation, not a duty).
  if (load.state !== 'ready' || load.data.length === 0) return null;
  return (
    <Section id="to-rate" title={t('next.to_rate')}>
      <p class="hint">{t('next.to_rate_hint')}</p>
      <ul class="next-list">
        {load.data.map((m) => (
          <MeetingItem meeting={m} key={m.id} testId="rate-meeting">
            <p>
              <a class="button-link" href={`/meetings/${m.id}/feedback`} data-testid="rate-link">
                <span class="emoji" aria-hidden="true">😊</span>{' '}
                {t('next.how_was_it')}
              </a>
            </p>
          </MeetingItem>
        ))}
      </ul>
    </Section>
  );
}

/** A few meetings to join; a registration made here stays shown with its outcome. */
function Join({ onRegistered }: { onRegistered: () => void }) {
  const { t, lang } = useI18n();
  const load = useLoad(() => comingUp(lang).then((list) => joinable(list, new Date(), 3)), [lang]);
  const [results, setResults] = useState<Record<string, Registration | { error: unknown }>>({});
  const [busy, setBusy] = useState<string | null>(null);
  /** One Idempotency-Key per meeting: reused when a lost answer is retried. */
  const keys = useRef<Record<string, string>>({});

  if (load.state === 'forbidden' || (load.state === 'ready' && load.data.length === 0)) return null;
  if (load.state !== 'ready') return null; // a suggestion only: no error for it

  const join = async (m: Meeting) => {
    setBusy(m.id);
    keys.current[m.id] ??= uuid();
    try {
      const reg = await register(m.id, keys.current[m.id]!);
      delete keys.current[m.id];
      setResults((r) => ({ ...r, [m.id]: reg }));
      onRegistered();
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) delete keys.current[m.id];
      setResults((r) => ({ ...r, [m.id]: { error } }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Section id="join" title={t('next.join')}>
      <ul class="next-list">
        {load.data.map((m) => {
          const result = results[m.id];
          return (
            <MeetingItem meeting={m} key={m.id} testId="join-meeting">
              {m.places_left != null && !result && (
                <p class="meta">{m.places_left > 0 ? t('next.places_left', { n: m.places_left }) : t('next.full')}</p>
              )}
              <div aria-live="polite">
                {result && 'status' in result && (
                  <p class="notice" data-testid="join-result">
                    {result.status === 'waiting'
                      ? t('next.joined_waiting', { n: result.waiting_position ?? 1 })
                      : t('next.joined')}
                  </p>
                )}
                {result && 'error' in result && <ProblemNote error={result.error} />}
              </div>
              {!(result && 'status' in result) &&
                (m.slots ? (
                  <p>
                    <a class="button-link" href={`/meetings/${m.id}/book`}>
                      {t('booking.link')}
                    </a>
                  </p>
                ) : (
                  <p>
                    <button type="button" disabled={busy === m.id} onClick={() => void join(m)} data-testid="join-button">
                      {busy === m.id ? t('common.working') : m.places_left === 0 ? t('next.join_waiting') : t('next.register')}
                    </button>
                  </p>
                ))}
            </MeetingItem>
          );
        })}
      </ul>
      <p>
        <a href="/meetings">{t('next.see_agenda')}</a>
      </p>
    </Section>
  );
}

function StaffMeetings() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const load = useLoad(() => staffWeek(lang), [lang]);
  const days = load.state === 'ready' ? staffDays(load.data) : null;
  const door = can(me?.role, 'meetings.door');
  const counts = (m: Meeting) =>
    m.capacity != null
      ? t('next.counts_capacity', { registered: m.registered_count, capacity: m.capacity, waiting: m.waiting_count })
      : t('next.counts', { registered: m.registered_count, waiting: m.waiting_count });
  return (
    <>
      <Section id="staff-today" title={t('next.today')} load={load}>
        {days && days.today.length === 0 && <p class="empty">{t('next.nothing_today')}</p>}
        {days && days.today.length > 0 && (
          <ul class="next-list">
            {days.today.map((m) => (
              <MeetingItem meeting={m} key={m.id} testId="today-meeting">
                {!m.slots && <p class="meta">{counts(m)}</p>}
                {m.status !== 'cancelled' && (
                  <p class="actions">
                    {door && (
                      <a class="button-link" href={`/meetings/${m.id}/door`} data-testid="door-link">
                        <span class="emoji" aria-hidden="true">🚪</span>{' '}
                        {t('next.door')}
                      </a>
                    )}
                    {m.slots && (
                      <a class="button-link secondary-link" href={`/meetings/${m.id}/book`}>
                        {t('next.bookings_link')}
                      </a>
                    )}
                  </p>
                )}
              </MeetingItem>
            ))}
          </ul>
        )}
      </Section>
      <Section id="staff-week" title={t('next.week')} load={load}>
        {days && days.week.length === 0 && (
          <p class="empty">
            {t('next.nothing_week')} <a href="/meetings">{t('next.see_agenda')}</a>
          </p>
        )}
        {days && days.week.length > 0 && (
          <ul class="next-list">
            {days.week.map((m) => (
              <MeetingItem meeting={m} key={m.id} testId="week-meeting">
                {m.slots ? (
                  <p class="meta">
                    <a href={`/meetings/${m.id}/book`}>{t('next.bookings_link')}</a>
                  </p>
                ) : (
                  <p class="meta">{counts(m)}</p>
                )}
              </MeetingItem>
            ))}
          </ul>
        )}
      </Section>
    </>
  );
}

/** A pointer to the calendar subscription on the account page. */
function CalendarHint() {
  const { t } = useI18n();
  return (
    <p class="calendar-hint">
      <span class="emoji" aria-hidden="true">📅</span>{' '}
      <a href="/account#calendar" data-testid="calendar-hint">
        {t('next.calendar_hint')}
      </a>
    </p>
  );
}
