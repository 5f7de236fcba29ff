// /meetings/:id/book — booking a time at office hours, in three steps made
// for a phone and for people who read little: 1. a time (large buttons with
// the free places), 2. in person or by phone, and what about (pictures and
// words), 3. check and book. Then: add it to the calendar, or cancel it.
// Staff first choose for whom (or mark a walk-in), and see the day's bookings.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { useCodeLists, type CodeLists } from '../../api/codeLists';
import { ApiError } from '../../api/errors';
import { useAuth } from '../../auth/auth';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckField, SuccessMessage, TextAreaField } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import type { ParticipantView } from '../../participants/model';
import { uuid } from '../../participants/text';
import { getMeeting, isNotFound, saveCalendarFile } from '../common/model';
import { MeetingLine, MeetingNotFound } from '../common/parts';
import { ParticipantSearch } from '../common/ParticipantSearch';
import { problemLine, ProblemNote } from '../common/ProblemNote';
import { formatDayLong, formatHours, formatTime } from '../common/when';
import {
  activeBookingAt,
  cancelBooking,
  createBooking,
  groupSlots,
  listSlots,
  meetingBookings,
  MODE_ICONS,
  modesOf,
  myBookings,
  noteOf,
  slotOpen,
  topicIcon,
  TOPICS,
  type Booking,
  type BookingMode,
  type BookingTopic,
  type Meeting,
  type Slot,
} from './model';
import './booking.css';

export default function BookingPage() {
  const { params } = useRoute();
  return <BookingScreen key={params.id} id={params.id ?? ''} />;
}

interface Data {
  meeting: Meeting;
  slots: Slot[];
  /** A participant's own active booking here. */
  mine: Booking | null;
}

function BookingScreen({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const staff = me?.role !== 'participant';
  useTitle(t('booking.title'));
  const codes = useCodeLists(['booking-topics', 'booking-modes']);
  const load = useLoad<Data>(async () => {
    const [meeting, slots, bookings] = await Promise.all([
      getMeeting(id, lang),
      listSlots(id),
      staff ? Promise.resolve([]) : myBookings(lang).catch((e: unknown) => (isNotFound(e) ? [] : Promise.reject(e))),
    ]);
    return { meeting, slots, mine: staff ? null : activeBookingAt(bookings, id) };
  }, [id, lang, staff]);
  /** Staff: bumped after a booking, so the day's list loads again. */
  const [booked, setBooked] = useState<Booking | null>(null);
  const [dayVersion, setDayVersion] = useState(0);

  if (load.state !== 'ready') return <NotReady load={load} notFound={<MeetingNotFound />} />;
  const { meeting, slots, mine } = load.data;
  const shownBooking = staff ? booked : (booked ?? mine);

  return (
    <div class="booking">
      <h1>{t('booking.title')}</h1>
      <MeetingLine meeting={meeting} />
      {!meeting.slots ? (
        <p data-testid="no-slots">
          {t('booking.no_slots')} <a href={`/meetings/${meeting.id}`}>{t('booking.to_meeting')}</a>
        </p>
      ) : meeting.status !== 'planned' ? (
        <p class="warning" data-testid="not-open">
          {meeting.status === 'cancelled' ? t('booking.meeting_cancelled') : t('booking.meeting_done')}
        </p>
      ) : shownBooking ? (
        <BookedView
          meeting={meeting}
          booking={shownBooking}
          codes={codes}
          staff={staff}
          fresh={booked !== null}
          onCancelled={() => {
            setBooked(null);
            load.set((d) => ({ ...d, mine: null }));
            void load.reload();
            setDayVersion((v) => v + 1);
          }}
          onAnother={() => setBooked(null)}
        />
      ) : (
        <Wizard
          meeting={meeting}
          slots={slots}
          staff={staff}
          codes={codes}
          onBooked={(b) => {
            setBooked(b);
            load.set((d) => ({ ...d, mine: staff ? null : b }));
            setDayVersion((v) => v + 1);
            void load.reload();
          }}
          onStale={() => void load.reload()}
        />
      )}
      {staff && meeting.slots && <DayBookings meetingId={id} codes={codes} version={dayVersion} />}
    </div>
  );
}

type Step = 'who' | 'time' | 'what' | 'check';

/** The three steps (four for staff: whom first). */
function Wizard({
  meeting,
  slots,
  staff,
  codes,
  onBooked,
  onStale,
}: {
  meeting: Meeting;
  slots: Slot[];
  staff: boolean;
  codes: CodeLists;
  onBooked: (b: Booking) => void;
  onStale: () => void;
}) {
  const { t, lang } = useI18n();
  const [step, setStep] = useState<Step>(staff ? 'who' : 'time');
  const [person, setPerson] = useState<{ id: string; name: string } | null>(null);
  const [walkIn, setWalkIn] = useState(false);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [mode, setMode] = useState<BookingMode | null>(null);
  const [topic, setTopic] = useState<BookingTopic | null>(null);
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState<'topic' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ error: unknown; text: string | null } | null>(null);
  /** One Idempotency-Key per booking: reused when a lost answer is retried. */
  const key = useRef<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);

  // A new step: its heading takes the focus (a screen reader says where one is).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const steps: Step[] = staff ? ['who', 'time', 'what', 'check'] : ['time', 'what', 'check'];
  const number = steps.indexOf(step) + 1;
  const modes = modesOf(slot, meeting);
  // In person unless the person chooses otherwise (or it is the only way): one tap fewer.
  const chosenMode: BookingMode | null = mode && modes.includes(mode) ? mode : (modes[0] ?? null);

  const pickSlot = (s: Slot) => {
    setSlot(s);
    setError(null);
    const m = modesOf(s, meeting);
    if (mode && !m.includes(mode)) setMode(null);
    setStep('what');
  };

  const toCheck = (event: Event) => {
    event.preventDefault();
    if (!topic) {
      setMissing('topic');
      document.getElementById('topic-0')?.focus();
      return;
    }
    if (!chosenMode) return;
    setMissing(null);
    setStep('check');
  };

  const book = async () => {
    if (!slot || !chosenMode || !topic || busy) return;
    setBusy(true);
    setError(null);
    key.current ??= uuid();
    try {
      const booking = await createBooking(
        meeting.id,
        {
          slot_start: slot.start,
          mode: chosenMode,
          topic,
          note: noteOf(note),
          ...(staff && person ? { participant_id: person.id, ...(walkIn ? { walk_in: true } : {}) } : {}),
        },
        key.current,
        lang,
      );
      key.current = null;
      onBooked({ ...booking, participant_name: booking.participant_name ?? person?.name ?? null });
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) key.current = null;
      const taken = e instanceof ApiError && e.status === 409 && !walkIn;
      setError({ error: e, text: taken ? t('booking.taken') : null });
      if (taken) {
        onStale();
        setSlot(null);
        setStep('time');
      }
    } finally {
      setBusy(false);
    }
  };

  const now = new Date();
  const days = groupSlots(slots);
  const stepTitle = {
    who: t('booking.step_who'),
    time: t('booking.step_time'),
    what: t('booking.step_what'),
    check: t('booking.step_check'),
  }[step];

  return (
    <section class="booking-step" aria-labelledby="step-heading" data-testid={`step-${step}`}>
      <p class="step-count">{t('booking.step_n', { n: number, total: steps.length })}</p>
      <h2 id="step-heading" ref={heading} tabIndex={-1}>
        {stepTitle}
      </h2>
      {error && <ProblemNote error={error.error} message={error.text} testId="booking-error" />}

      {step === 'who' && (
        <>
          {person ? (
            <div class="chosen-person">
              <p>
                {t('booking.for_whom')}: <strong><bdi>{person.name}</bdi></strong>
              </p>
              <CheckField id="walk-in" label={t('booking.walk_in')} hint={t('booking.walk_in_hint')} checked={walkIn} onChecked={setWalkIn} />
              <div class="actions">
                <button type="button" onClick={() => setStep('time')} data-testid="next">
                  {t('booking.next')}
                </button>
                <button type="button" class="secondary" onClick={() => setPerson(null)}>
                  {t('booking.other_person')}
                </button>
              </div>
            </div>
          ) : (
            <ParticipantSearch
              id="booking-person"
              label={t('booking.find_person')}
              hint={t('booking.find_person_hint')}
              actionLabel={t('booking.choose')}
              onPick={(p: ParticipantView) => p.id && setPerson({ id: p.id, name: p.name ?? p.pseudonym ?? t('meeting_common.unnamed') })}
            />
          )}
        </>
      )}

      {step === 'time' && (
        <>
          {slots.length === 0 && <p data-testid="no-times">{t('booking.no_times')}</p>}
          {days.map((d) => (
            <div class="slot-day" key={d.day}>
              {days.length > 1 && <h3>{formatDayLong(`${d.day}T00:00`, lang)}</h3>}
              <ul class="slot-grid" data-testid="slots">
                {d.slots.map((s) => {
                  const open = slotOpen(s, now, walkIn);
                  const started = Date.parse(s.start) <= now.getTime();
                  const free = started ? t('booking.slot_started') : s.free > 0 ? t('booking.free_n', { n: s.free }) : t('booking.full');
                  return (
                    <li key={s.start}>
                      <button
                        type="button"
                        class={slot?.start === s.start ? 'slot chosen' : 'slot'}
                        disabled={!open}
                        aria-label={`${formatHours(s.start_local, s.end_local, lang)}, ${free}`}
                        onClick={() => pickSlot(s)}
                        data-testid="slot"
                      >
                        <span class="slot-time">{formatTime(s.start_local, lang)}</span>
                        <span class="slot-free">{free}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
            </div>
          ))}
          {staff && (
            <button type="button" class="secondary" onClick={() => setStep('who')}>
              {t('booking.back')}
            </button>
          )}
        </>
      )}

      {step === 'what' && slot && (
        <form onSubmit={toCheck} class="booking-what" noValidate>
          <p class="chosen-time">
            {t('booking.time')}: <strong>{formatDayLong(slot.start_local, lang)} · {formatHours(slot.start_local, slot.end_local, lang)}</strong>
          </p>
          <fieldset class="choice-set">
            <legend>{t('booking.how')}</legend>
            {modes.length === 1 && <p class="hint">{t('booking.only_mode')}</p>}
            <div class="choices two">
              {modes.map((m) => (
                <label class={chosenMode === m ? 'choice chosen' : 'choice'} key={m}>
                  <input type="radio" name="mode" value={m} checked={chosenMode === m} onChange={() => setMode(m)} class="visually-hidden" data-testid={`mode-${m}`} />
                  <span class="choice-icon" aria-hidden="true">
                    {MODE_ICONS[m]}
                  </span>
                  <span class="choice-label">{codes.label('booking-modes', m)}</span>
                  <span class="choice-mark" aria-hidden="true">
                    {chosenMode === m ? '✓' : ''}
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset class="choice-set" aria-describedby={missing ? 'topic-error' : undefined}>
            <legend>{t('booking.topic')}</legend>
            <div class="choices">
              {TOPICS.map((tp, i) => (
                <label class={topic === tp.code ? 'choice chosen' : 'choice'} key={tp.code}>
                  <input
                    type="radio"
                    name="topic"
                    id={`topic-${i}`}
                    value={tp.code}
                    checked={topic === tp.code}
                    onChange={() => {
                      setTopic(tp.code);
                      setMissing(null);
                    }}
                    class="visually-hidden"
                    data-testid={`topic-${tp.code}`}
                  />
                  <span class="choice-icon" aria-hidden="true">
                    {tp.icon}
                  </span>
                  <span class="choice-label">{codes.label('booking-topics', tp.code)}</span>
                  <span class="choice-mark" aria-hidden="true">
                    {topic === tp.code ? '✓' : ''}
                  </span>
                </label>
              ))}
            </div>
            {missing && (
              <p class="field-error" id="topic-error" role="alert">
                {t('booking.choose_topic')}
              </p>
            )}
          </fieldset>
          <TextAreaField id="booking-note" label={t('booking.note')} hint={t('booking.note_hint')} value={note} onValue={setNote} maxLength={1000} testId="booking-note" />
          <div class="actions">
            <button type="submit" data-testid="next">
              {t('booking.next')}
            </button>
            <button type="button" class="secondary" onClick={() => setStep('time')}>
              {t('booking.back')}
            </button>
          </div>
        </form>
      )}

      {step === 'check' && slot && chosenMode && topic && (
        <>
          <dl class="facts booking-facts" data-testid="booking-summary">
            {staff && person && (
              <>
                <dt>{t('booking.for_whom')}</dt>
                <dd>
                  <bdi>{person.name}</bdi>
                  {walkIn && <span class="badge">{t('booking.walk_in_badge')}</span>}
                </dd>
              </>
            )}
            <dt>{t('booking.time')}</dt>
            <dd>
              {formatDayLong(slot.start_local, lang)} · {formatHours(slot.start_local, slot.end_local, lang)}
            </dd>
            <dt>{t('booking.how')}</dt>
            <dd>
              <span class="emoji" aria-hidden="true">{MODE_ICONS[chosenMode]}</span>{' '}
              {codes.label('booking-modes', chosenMode)}
            </dd>
            <dt>{t('booking.topic')}</dt>
            <dd>
              <span class="emoji" aria-hidden="true">{topicIcon(topic)}</span>{' '}
              {codes.label('booking-topics', topic)}
            </dd>
            {noteOf(note) && (
              <>
                <dt>{t('booking.note')}</dt>
                <dd dir="auto">{noteOf(note)}</dd>
              </>
            )}
          </dl>
          <div class="actions">
            <button type="button" class="big" onClick={() => void book()} disabled={busy} data-testid="book">
              {busy ? t('common.working') : t('booking.book')}
            </button>
            <button type="button" class="secondary" onClick={() => setStep('what')} disabled={busy}>
              {t('booking.back')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** A booking made: when, how, what; to the calendar; cancel. */
function BookedView({
  meeting,
  booking,
  codes,
  staff,
  fresh,
  onCancelled,
  onAnother,
}: {
  meeting: Meeting;
  booking: Booking;
  codes: CodeLists;
  staff: boolean;
  fresh: boolean;
  onCancelled: () => void;
  onAnother: () => void;
}) {
  const { t, lang } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [calendar, setCalendar] = useState<'saved' | { error: unknown } | null>(null);

  const cancel = async () => {
    setBusy(true);
    setCancelError(null);
    try {
      await cancelBooking(booking.id, booking.version, lang);
      setAsking(false);
      onCancelled();
    } catch (e) {
      setCancelError(e);
    } finally {
      setBusy(false);
    }
  };

  const addToCalendar = async () => {
    try {
      await saveCalendarFile(meeting.id, meeting.display_title, lang);
      setCalendar('saved');
    } catch (error) {
      setCalendar({ error });
    }
  };

  return (
    <section class="booked card" aria-labelledby="booked-heading" data-testid="booked">
      <h2 id="booked-heading">
        <span class="emoji" aria-hidden="true">✅</span>{' '}
        {staff ? t('booking.booked_for', { name: booking.participant_name ?? t('meeting_common.unnamed') }) : fresh ? t('booking.booked') : t('booking.your_booking')}
      </h2>
      <dl class="facts booking-facts">
        <dt>{t('booking.time')}</dt>
        <dd data-testid="booked-time">
          {formatDayLong(booking.slot_start_local, lang)} · {formatHours(booking.slot_start_local, booking.slot_end_local, lang)}
        </dd>
        <dt>{t('booking.how')}</dt>
        <dd>
          <span class="emoji" aria-hidden="true">{MODE_ICONS[booking.mode]}</span>{' '}
          {codes.label('booking-modes', booking.mode)}
        </dd>
        <dt>{t('booking.topic')}</dt>
        <dd>
          <span class="emoji" aria-hidden="true">{topicIcon(booking.topic)}</span>{' '}
          {codes.label('booking-topics', booking.topic)}
        </dd>
        {booking.note && (
          <>
            <dt>{t('booking.note')}</dt>
            <dd dir="auto">{booking.note}</dd>
          </>
        )}
      </dl>
      {booking.mode === 'phone' && !staff && <p class="hint">{t('booking.phone_hint')}</p>}
      <div class="actions">
        {!staff && (
          <button type="button" onClick={() => void addToCalendar()} data-testid="booking-calendar">
            <span class="emoji" aria-hidden="true">📅</span>{' '}
            {t('meeting_common.add_to_calendar')}
          </button>
        )}
        {staff && (
          <button type="button" onClick={onAnother} data-testid="book-another">
            {t('booking.book_another')}
          </button>
        )}
        <button type="button" class="secondary" onClick={() => setAsking(true)} data-testid="cancel-booking">
          {t('booking.cancel')}
        </button>
      </div>
      <div aria-live="polite">
        {calendar === 'saved' && <SuccessMessage>{t('meeting_common.calendar_saved')}</SuccessMessage>}
        {calendar && calendar !== 'saved' && <ProblemNote error={calendar.error} />}
      </div>
      {asking && (
        <ConfirmDialog
          title={t('booking.cancel_title')}
          confirmLabel={t('booking.cancel_confirm')}
          cancelLabel={t('booking.keep')}
          onConfirm={() => void cancel()}
          onCancel={() => setAsking(false)}
          busy={busy}
          error={cancelError ? problemLine(t, cancelError) : null}
          testId="cancel-booking-dialog"
        >
          <p>{t('booking.cancel_text')}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** Staff: the meeting's bookings, with names and topics. */
function DayBookings({ meetingId, codes, version }: { meetingId: string; codes: CodeLists; version: number }) {
  const { t, lang } = useI18n();
  const list = useLoad(() => meetingBookings(meetingId, lang), [meetingId, lang, version]);
  return (
    <section class="day-bookings" aria-labelledby="day-bookings-heading">
      <h2 id="day-bookings-heading">{t('booking.day_heading')}</h2>
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.filter((b) => b.status === 'booked').length === 0 ? (
        <p data-testid="day-empty">{t('booking.day_empty')}</p>
      ) : (
        <ul class="card-list" data-testid="day-bookings">
          {list.data
            .filter((b) => b.status === 'booked')
            .map((b) => (
              <li class="card-item" key={b.id}>
                <div class="card-main">
                  <p class="primary">
                    {formatTime(b.slot_start_local, lang)} · <bdi>{b.participant_name ?? t('meeting_common.unnamed')}</bdi>
                    {b.walk_in && <span class="badge">{t('booking.walk_in_badge')}</span>}
                  </p>
                  <p class="meta">
                    <span class="emoji" aria-hidden="true">{topicIcon(b.topic)}</span>{' '}
                    {codes.label('booking-topics', b.topic)} · {codes.label('booking-modes', b.mode)}
                  </p>
                  {b.note && (
                    <p class="meta" dir="auto">
                      {b.note}
                    </p>
                  )}
                </div>
              </li>
            ))}
        </ul>
      )}
    </section>
  );
}
