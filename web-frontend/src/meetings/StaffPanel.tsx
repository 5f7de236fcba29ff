// The staff's part of a meeting's page (admins, coordinators, advisers): who
// registered and who waits, registering someone, cancelling someone's
// place, and for a meeting by invitation who is invited.
import { useRef, useState } from 'preact/hooks';
import { useCodeLists } from '../api/codeLists';
import { ApiError } from '../api/errors';
import { problemKey } from '../api/problem';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CheckField, ErrorMessage, SuccessMessage } from '../components/forms';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { uuid } from '../participants/text';
import { useI18n } from '../i18n';
import { cancelRegistration, problemDetail, type Meeting, type Registration } from './model';
import { ParticipantPicker } from './ParticipantPicker';
import type { Person } from './people';
import { invite, listInvitations, listRegistrations, orderRegistrations, placeKind, registerSomeone, withdrawInvitation, type Invitation } from './staffModel';

/** At most this many pages of 100 (a meeting of 2 000 people is not one of ours). */
const MAX_PAGES = 20;

async function allPages<T>(page: (cursor?: string) => Promise<{ items: T[]; next_cursor?: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const got = await page(cursor);
    all.push(...got.items);
    if (!got.next_cursor) break;
    cursor = got.next_cursor;
  }
  return all;
}

/** Whether places can still be taken or given up (the server says the same, with a 409). */
const open = (m: Meeting, now = new Date()) => m.status === 'planned' && new Date(m.ends_at).getTime() > now.getTime();

/** A failed call's message: the server's reason for a 409, else the problem's. */
function failure(t: ReturnType<typeof useI18n>['t'], e: unknown): string {
  return (e instanceof ApiError && e.status === 409 ? problemDetail(e) : null) ?? t(problemKey(e));
}

export function StaffPanel({ m, onChanged }: { m: Meeting; onChanged: () => void }) {
  /** Counts changes of the registrations: registering someone invites them, and the invitations show where each stands. */
  const [changes, setChanges] = useState(0);
  return (
    <>
      {!m.slots && (
        <Registrations
          m={m}
          onChanged={() => {
            setChanges((n) => n + 1);
            onChanged();
          }}
        />
      )}
      {m.audience === 'invited' && <Invitations m={m} changes={changes} />}
    </>
  );
}

function Registrations({ m, onChanged }: { m: Meeting; onChanged: () => void }) {
  const { t } = useI18n();
  const codes = useCodeLists(['attendance']);
  const list = useLoad(() => allPages<Registration>((c) => listRegistrations(m.id, c)), [m.id]);
  const [showCancelled, setShowCancelled] = useState(false);
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState<Registration | null>(null);
  /** One Idempotency-Key per person being registered, kept while a request may be retried. */
  const keys = useRef(new Map<string, string>());
  const canChange = open(m);

  const register = async (p: Person) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    const key = keys.current.get(p.id) ?? uuid();
    keys.current.set(p.id, key);
    try {
      const r = await registerSomeone(m.id, p.id, key);
      keys.current.delete(p.id);
      setNotice(
        r.status === 'waiting'
          ? t('meeting_staff.registered_waiting', { name: p.name, n: r.waiting_position ?? '' })
          : t('meeting_staff.registered_notice', { name: p.name }),
      );
      await list.reload();
      onChanged();
    } catch (e) {
      if (e instanceof ApiError && e.status < 500) keys.current.delete(p.id);
      setError(failure(t, e));
    } finally {
      setBusy(false);
    }
  };

  const cancel = async () => {
    if (!cancelling || busy) return;
    setBusy(true);
    setError(null);
    try {
      await cancelRegistration(cancelling.id, cancelling.version);
      setNotice(t('meeting_staff.cancelled_notice', { name: cancelling.participant_name ?? t('participants.unnamed') }));
      setCancelling(null);
      await list.reload();
      onChanged();
    } catch (e) {
      setCancelling(null);
      setError(failure(t, e));
      if (e instanceof ApiError && e.status === 409) void list.reload();
    } finally {
      setBusy(false);
    }
  };

  const all = list.state === 'ready' ? orderRegistrations(list.data) : [];
  const cancelledCount = all.filter((r) => r.status === 'cancelled').length;
  const shown = showCancelled ? all : all.filter((r) => r.status !== 'cancelled');
  const holding = new Set(all.filter((r) => r.status !== 'cancelled').map((r) => r.participant_id));

  return (
    <section class="staff-section" aria-labelledby="registrations-heading" data-testid="registrations">
      <div class="section-head">
        <h2 id="registrations-heading">{t('meeting_staff.registrations')}</h2>
        {canChange && !adding && (
          <button type="button" class="secondary" onClick={() => setAdding(true)} data-testid="register-someone">
            {t('meeting_staff.register_someone')}
          </button>
        )}
      </div>
      {notice && <SuccessMessage testId="registrations-notice">{notice}</SuccessMessage>}
      {error && <ErrorMessage testId="registrations-error">{error}</ErrorMessage>}
      {adding && (
        <div class="card picker-card">
          <ParticipantPicker id="reg-person" label={t('meeting_staff.find_person')} actionLabel={t('meetings.register')} onPick={(p) => void register(p)} busy={busy} exclude={holding} />
          <button type="button" class="secondary" onClick={() => setAdding(false)} data-testid="close-picker">
            {t('meeting_staff.done_adding')}
          </button>
        </div>
      )}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : all.length === 0 ? (
        <p class="empty" data-testid="registrations-empty">
          {t('meeting_staff.nobody_registered')}
        </p>
      ) : (
        <>
          {cancelledCount > 0 && (
            <CheckField id="show-cancelled" label={t('meeting_staff.show_cancelled', { n: cancelledCount })} checked={showCancelled} onChecked={setShowCancelled} />
          )}
          <table class="data-table registrations-table" data-testid="registrations-table">
            <thead>
              <tr>
                <th scope="col">{t('meeting_staff.col_name')}</th>
                <th scope="col">{t('meeting_staff.col_place')}</th>
                <th scope="col">{t('meeting_staff.col_attendance')}</th>
                {canChange && (
                  <th scope="col">
                    <span class="visually-hidden">{t('meetings.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={r.id} data-testid="registration" data-id={r.id} data-status={r.status}>
                  <td class="primary">
                    <a href={`/participants/${r.participant_id}`}>
                      <bdi>{r.participant_name ?? t('participants.unnamed')}</bdi>
                    </a>
                  </td>
                  <td data-label={t('meeting_staff.col_place')} data-testid="place">
                    <span>
                      <PlaceText r={r} />
                    </span>
                  </td>
                  <td data-label={t('meeting_staff.col_attendance')} data-testid="attendance">
                    <span>{r.attendance ? codes.label('attendance', r.attendance) : '–'}</span>
                  </td>
                  {canChange && (
                    <td class="actions-cell">
                      {r.status !== 'cancelled' && (
                        <button type="button" class="secondary" onClick={() => setCancelling(r)} data-testid="cancel-place">
                          {r.status === 'waiting' ? t('meeting_staff.remove_from_list') : t('meeting_staff.cancel_place')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {cancelling && (
        <ConfirmDialog
          title={t('meeting_staff.cancel_place_title', { name: cancelling.participant_name ?? t('participants.unnamed') })}
          confirmLabel={cancelling.status === 'waiting' ? t('meeting_staff.remove_from_list') : t('meeting_staff.cancel_place')}
          cancelLabel={t('meeting_staff.keep_place')}
          onConfirm={() => void cancel()}
          onCancel={() => setCancelling(null)}
          busy={busy}
          testId="cancel-place-dialog"
        >
          <p>{cancelling.status === 'waiting' ? t('meeting_staff.remove_from_list_text') : t('meeting_staff.cancel_place_text', { name: cancelling.participant_name ?? t('participants.unnamed') })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** "Registered", "Moved up from the waiting list", "Waiting list: number 2", … */
function PlaceText({ r }: { r: Registration }) {
  const { t } = useI18n();
  switch (placeKind(r)) {
    case 'waiting':
      return <>{r.waiting_position ? t('meeting_staff.waiting_n', { n: r.waiting_position }) : t('meeting_staff.waiting')}</>;
    case 'cancelled':
      return <>{t('meeting_staff.place_cancelled')}</>;
    case 'promoted':
      return <>{t('meeting_staff.promoted')}</>;
    case 'walk_in':
      return <>{t('meeting_staff.walk_in')}</>;
    default:
      return <>{t('meeting_staff.registered')}</>;
  }
}

function Invitations({ m, changes }: { m: Meeting; changes: number }) {
  const { t } = useI18n();
  const codes = useCodeLists(['registration-statuses']);
  const list = useLoad(() => allPages<Invitation>((c) => listInvitations(m.id, c)), [m.id, changes], { keepOnChange: true });
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const canInvite = open(m);

  const run = async (action: () => Promise<unknown>, done: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await action();
      setNotice(done);
      await list.reload();
    } catch (e) {
      setError(failure(t, e));
    } finally {
      setBusy(false);
    }
  };

  const invited = list.state === 'ready' ? [...list.data].sort((a, b) => (a.participant_name ?? '').localeCompare(b.participant_name ?? '')) : [];
  const ids = new Set(invited.map((i) => i.participant_id));
  const nameOf = (i: Invitation) => i.participant_name ?? t('participants.unnamed');

  return (
    <section class="staff-section" aria-labelledby="invitations-heading" data-testid="invitations">
      <div class="section-head">
        <h2 id="invitations-heading">{t('meeting_staff.invitations')}</h2>
        {canInvite && !adding && (
          <button type="button" class="secondary" onClick={() => setAdding(true)} data-testid="invite-someone">
            {t('meeting_staff.invite_someone')}
          </button>
        )}
      </div>
      <p class="hint">{t('meeting_staff.invitations_hint')}</p>
      {notice && <SuccessMessage testId="invitations-notice">{notice}</SuccessMessage>}
      {error && <ErrorMessage testId="invitations-error">{error}</ErrorMessage>}
      {adding && (
        <div class="card picker-card">
          <ParticipantPicker
            id="inv-person"
            label={t('meeting_staff.find_person')}
            actionLabel={t('meeting_staff.invite')}
            onPick={(p) => void run(() => invite(m.id, [p.id]), t('meeting_staff.invited_notice', { name: p.name }))}
            busy={busy}
            exclude={ids}
          />
          <button type="button" class="secondary" onClick={() => setAdding(false)}>
            {t('meeting_staff.done_adding')}
          </button>
        </div>
      )}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : invited.length === 0 ? (
        <p class="empty" data-testid="invitations-empty">
          {t('meeting_staff.nobody_invited')}
        </p>
      ) : (
        <ul class="invited-list" data-testid="invited-list">
          {invited.map((i) => (
            <li key={i.participant_id} data-testid="invited" data-id={i.participant_id}>
              <span class="invited-name">
                <a href={`/participants/${i.participant_id}`}>
                  <bdi>{nameOf(i)}</bdi>
                </a>
                <span class="muted"> · {i.registration_status ? codes.label('registration-statuses', i.registration_status) : t('meeting_staff.not_registered')}</span>
              </span>
              <button
                type="button"
                class="secondary"
                disabled={busy}
                onClick={() => void run(() => withdrawInvitation(m.id, i.participant_id), t('meeting_staff.withdrawn_notice', { name: nameOf(i) }))}
                aria-label={`${t('meeting_staff.withdraw')}: ${nameOf(i)}`}
                data-testid="withdraw"
              >
                {t('meeting_staff.withdraw')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
