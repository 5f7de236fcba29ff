// /meetings/:id/door — ticking people off at the door, on a phone: a search
// that filters as one types, a big tick per person (sent at once, undone if
// the server refuses), walk-ins with a record or without one (a guest,
// counted by gender and age band only), and finishing the list.
import { useMemo, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { useCodeLists } from '../../api/codeLists';
import { ApiError } from '../../api/errors';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { SelectField, SuccessMessage } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import type { ParticipantView } from '../../participants/model';
import { uuid } from '../../participants/text';
import { getMeeting, type Meeting } from '../common/model';
import { MeetingNotFound, MeetingLine } from '../common/parts';
import { ParticipantSearch } from '../common/ParticipantSearch';
import { problemLine, ProblemNote } from '../common/ProblemNote';
import {
  addGuest,
  afterCheckIn,
  checkIn,
  closeDoor,
  getDoor,
  removeGuest,
  restorePerson,
  search,
  tickDoor,
  toCounts,
  type ApiGuest,
  type Door,
  type DoorPerson,
} from './model';
import './door.css';

export default function DoorPage() {
  const { params } = useRoute();
  return <DoorScreen key={params.id} id={params.id ?? ''} />;
}

interface Data {
  meeting: Meeting;
  door: Door;
}

type Notice = { kind: 'ok'; text: string } | { kind: 'error'; error: unknown; text?: string } | null;

function DoorScreen({ id }: { id: string }) {
  const { t, lang } = useI18n();
  useTitle(t('door.title'));
  const codes = useCodeLists(['genders', 'interview-age-bands']);
  const load = useLoad<Data>(async () => {
    const [meeting, door] = await Promise.all([getMeeting(id, lang), getDoor(id)]);
    return { meeting, door };
  }, [id, lang]);
  const [query, setQuery] = useState('');
  const [sending, setSending] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<Notice>(null);
  const [finishing, setFinishing] = useState<'ask' | 'busy' | null>(null);
  const [finishError, setFinishError] = useState<unknown>(null);

  const people = load.state === 'ready' ? load.data.door.people : [];
  const shown = useMemo(() => search(people, query), [people, query]);

  if (load.state !== 'ready') return <NotReady load={load} notFound={<MeetingNotFound />} />;
  const { meeting, door } = load.data;
  const setDoor = (change: (d: Door) => Door) => load.set((d) => ({ ...d, door: change(d.door) }));
  const nameOf = (p: { name: string | null }) => p.name ?? t('meeting_common.unnamed');

  const toggle = async (p: DoorPerson) => {
    if (sending.has(p.participantId)) return;
    const attended = !p.attended;
    setNotice(null);
    setDoor((d) => tickDoor(d, p.participantId, attended));
    setSending((s) => new Set(s).add(p.participantId));
    try {
      const answer = await checkIn(id, p.participantId, attended);
      setDoor((d) => afterCheckIn(d, answer));
    } catch (error) {
      setDoor((d) => restorePerson(d, p));
      setNotice({ kind: 'error', error, text: t('door.tick_failed', { name: nameOf(p) }) });
    } finally {
      setSending((s) => {
        const next = new Set(s);
        next.delete(p.participantId);
        return next;
      });
    }
  };

  const finish = async () => {
    setFinishing('busy');
    setFinishError(null);
    try {
      const closed = await closeDoor(id);
      setFinishing(null);
      const fresh = await getDoor(id).catch(() => null);
      setDoor((d) => {
        const base = fresh ?? d;
        return { ...base, counts: closed.counts ? toCounts(closed.counts, base.people, base.counts.guests) : base.counts, meetingStatus: 'done' };
      });
      setNotice({ kind: 'ok', text: t('door.finished', { n: closed.no_shows ?? 0 }) });
    } catch (error) {
      setFinishing('ask');
      setFinishError(error);
    }
  };

  const notStarted = Date.parse(meeting.starts_at) > Date.now();
  const closed = door.meetingStatus === 'done' || meeting.status === 'done';

  return (
    <div class="door">
      <h1>{t('door.title')}</h1>
      <MeetingLine meeting={meeting} />
      {meeting.status === 'cancelled' && <p class="warning">{t('door.cancelled')}</p>}
      {closed && <p class="notice" data-testid="door-closed">{t('door.finished_note')}</p>}

      <dl class="door-counts" aria-live="polite" data-testid="door-counts">
        <div>
          <dt>{t('door.came')}</dt>
          <dd data-testid="count-attended">{door.counts.attended}</dd>
        </div>
        <div>
          <dt>{t('door.registered')}</dt>
          <dd data-testid="count-registered">{door.counts.registered}</dd>
        </div>
        <div>
          <dt>{t('door.guests')}</dt>
          <dd data-testid="count-guests">{door.counts.guests}</dd>
        </div>
      </dl>

      <div class="field door-search">
        <label for="door-search">{t('door.search_label')}</label>
        <input
          id="door-search"
          type="search"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          autocomplete="off"
          dir="auto"
          enterKeyHint="search"
          aria-describedby="door-search-hint"
          aria-controls="door-list"
          data-testid="door-search"
        />
        <p class="hint" id="door-search-hint">
          {t('door.search_hint')}
        </p>
      </div>

      <div aria-live="polite">
        {notice?.kind === 'ok' && <SuccessMessage testId="door-notice">{notice.text}</SuccessMessage>}
        {notice?.kind === 'error' && <ProblemNote error={notice.error} message={notice.text ?? null} testId="door-error" />}
      </div>

      <h2 class="visually-hidden" id="door-list-heading">
        {t('door.list_label')}
      </h2>
      <p class="hint">{query.trim() ? t('door.shown_n', { n: shown.length, total: people.length }) : t('door.tick_hint')}</p>
      {people.length === 0 && <p data-testid="door-empty">{t('door.none_registered')}</p>}
      {people.length > 0 && shown.length === 0 && <p data-testid="door-no-match">{t('door.no_match', { q: query.trim() })}</p>}
      <ul class="door-list" id="door-list" aria-labelledby="door-list-heading" data-testid="door-list">
        {shown.map((p) => (
          <li key={p.participantId}>
            <button
              type="button"
              class={p.attended ? 'door-tick ticked' : 'door-tick'}
              aria-pressed={p.attended ? 'true' : 'false'}
              onClick={() => void toggle(p)}
              data-testid="door-tick"
              data-id={p.participantId}
            >
              <span class="tick-box" aria-hidden="true">
                {p.attended ? '✓' : ''}
              </span>
              <span class="door-name">
                <bdi>{nameOf(p)}</bdi>
                {p.attended && <span class="door-state">{t('door.came_state')}</span>}
                {p.status === 'waiting' && <span class="badge">{t('door.badge_waiting')}</span>}
                {p.walkIn && <span class="badge">{t('door.badge_walk_in')}</span>}
                {p.noShow && !p.attended && <span class="badge">{t('door.badge_no_show')}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <p>
        <button type="button" class="secondary small" onClick={() => void load.reload()} disabled={load.refreshing}>
          {load.refreshing ? t('common.loading') : t('door.refresh')}
        </button>
      </p>

      <WalkIns
        meetingId={id}
        door={door}
        codes={codes}
        onChecked={(answer, name) => {
          setDoor((d) => afterCheckIn(d, answer));
          setNotice({ kind: 'ok', text: t('door.walk_in_added', { name }) });
        }}
        onGuest={(guest) => {
          setDoor((d) => ({ ...d, guests: [guest, ...d.guests], counts: { ...d.counts, guests: d.counts.guests + 1 } }));
          setNotice({ kind: 'ok', text: t('door.guest_added') });
        }}
        onGuestRemoved={(guestId) => {
          setDoor((d) => ({ ...d, guests: d.guests.filter((g) => g.id !== guestId), counts: { ...d.counts, guests: Math.max(0, d.counts.guests - 1) } }));
          setNotice({ kind: 'ok', text: t('door.guest_removed') });
        }}
        onError={(error) => setNotice({ kind: 'error', error })}
      />

      <section class="door-finish" aria-labelledby="finish-heading">
        <h2 id="finish-heading">{t('door.finish_heading')}</h2>
        <p class="hint">{t('door.finish_hint')}</p>
        <button type="button" class="danger" onClick={() => setFinishing('ask')} data-testid="door-finish">
          {t('door.finish')}
        </button>
      </section>

      {finishing && (
        <ConfirmDialog
          title={t('door.finish_title')}
          confirmLabel={t('door.finish_confirm')}
          onConfirm={() => void finish()}
          onCancel={() => {
            setFinishing(null);
            setFinishError(null);
          }}
          busy={finishing === 'busy'}
          error={
            finishError
              ? finishError instanceof ApiError && finishError.status === 409 && notStarted
                ? t('door.not_started')
                : problemLine(t, finishError)
              : null
          }
          testId="finish-dialog"
        >
          <p>{t('door.finish_text', { n: Math.max(0, door.counts.registered - door.counts.attended) })}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Adding someone who came without registering: with a record (ticked), or without (a guest). */
function WalkIns({
  meetingId,
  door,
  codes,
  onChecked,
  onGuest,
  onGuestRemoved,
  onError,
}: {
  meetingId: string;
  door: Door;
  codes: ReturnType<typeof useCodeLists>;
  onChecked: (answer: Awaited<ReturnType<typeof checkIn>>, name: string) => void;
  onGuest: (guest: ApiGuest) => void;
  onGuestRemoved: (guestId: string) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useI18n();
  const [mode, setMode] = useState<'record' | 'guest' | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [gender, setGender] = useState('');
  const [ageBand, setAgeBand] = useState('');
  const [guestBusy, setGuestBusy] = useState(false);
  /** One key per guest: reused when a lost answer is retried, new once the server has answered. */
  const guestKey = useRef<string | null>(null);

  const tickPerson = async (p: ParticipantView) => {
    if (!p.id) return;
    setBusyId(p.id);
    try {
      const answer = await checkIn(meetingId, p.id, true);
      onChecked(answer, p.name ?? p.pseudonym ?? t('meeting_common.unnamed'));
    } catch (error) {
      onError(error);
    } finally {
      setBusyId(null);
    }
  };

  const countGuest = async (event: Event) => {
    event.preventDefault();
    if (guestBusy) return;
    setGuestBusy(true);
    guestKey.current ??= uuid();
    try {
      const guest = await addGuest(meetingId, { gender: gender || null, age_band: ageBand || null }, guestKey.current);
      guestKey.current = null;
      setGender('');
      setAgeBand('');
      onGuest(guest);
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) guestKey.current = null;
      onError(error);
    } finally {
      setGuestBusy(false);
    }
  };

  const remove = async (guest: ApiGuest) => {
    try {
      await removeGuest(meetingId, guest.id);
      onGuestRemoved(guest.id);
    } catch (error) {
      onError(error);
    }
  };

  const guestWho = (g: ApiGuest) =>
    [g.gender ? codes.label('genders', g.gender) : null, g.age_band ? codes.label('interview-age-bands', g.age_band) : null].filter(Boolean).join(', ') ||
    t('door.guest_unknown');

  return (
    <section class="door-walk-ins" id="walk-in" aria-labelledby="walk-in-heading">
      <h2 id="walk-in-heading">{t('door.walk_in_heading')}</h2>
      <p class="hint">{t('door.walk_in_intro')}</p>
      <div class="door-modes" role="group" aria-label={t('door.walk_in_heading')}>
        <button
          type="button"
          class={mode === 'record' ? '' : 'secondary'}
          aria-pressed={mode === 'record' ? 'true' : 'false'}
          onClick={() => setMode(mode === 'record' ? null : 'record')}
          data-testid="walk-in-record"
        >
          {t('door.with_record')}
        </button>
        <button
          type="button"
          class={mode === 'guest' ? '' : 'secondary'}
          aria-pressed={mode === 'guest' ? 'true' : 'false'}
          onClick={() => setMode(mode === 'guest' ? null : 'guest')}
          data-testid="walk-in-guest"
        >
          {t('door.without_record')}
        </button>
      </div>

      {mode === 'record' && (
        <ParticipantSearch
          id="walk-in-search"
          label={t('door.find_person')}
          hint={t('door.find_person_hint')}
          actionLabel={t('door.tick_person')}
          onPick={(p) => void tickPerson(p)}
          busyId={busyId}
          takenIds={door.people.filter((p) => p.attended).map((p) => p.participantId)}
          takenLabel={t('door.came_state')}
        />
      )}

      {mode === 'guest' && (
        <form class="form guest-form" onSubmit={countGuest} data-testid="guest-form">
          <p class="hint">{t('door.guest_intro')}</p>
          <SelectField id="guest-gender" label={t('door.gender')} value={gender} onValue={setGender}>
            <option value="">{t('door.not_said')}</option>
            {codes.items('genders').map((i) => (
              <option key={i.code} value={i.code}>
                {i.label}
              </option>
            ))}
          </SelectField>
          <SelectField id="guest-age" label={t('door.age_band')} value={ageBand} onValue={setAgeBand}>
            <option value="">{t('door.not_said')}</option>
            {codes.items('interview-age-bands').map((i) => (
              <option key={i.code} value={i.code}>
                {i.label}
              </option>
            ))}
          </SelectField>
          <button type="submit" disabled={guestBusy} data-testid="add-guest">
            {guestBusy ? t('common.working') : t('door.add_guest')}
          </button>
        </form>
      )}

      {door.guests.length > 0 && (
        <>
          <h3>{t('door.guests_heading')}</h3>
          <ul class="card-list" data-testid="guest-list">
            {door.guests.slice(0, 10).map((g) => (
              <li class="card-item" key={g.id}>
                <span>{t('door.guest_line', { who: guestWho(g) })}</span>
                <button
                  type="button"
                  class="secondary small"
                  onClick={() => void remove(g)}
                  aria-label={t('door.remove_guest_named', { who: guestWho(g) })}
                >
                  {t('door.remove_guest')}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
