import { useState } from 'preact/hooks';
import { useCodeLists } from '../../api/codeLists';
import { ApiError, formError, type FormError } from '../../api/errors';
import { problemKey } from '../../api/problem';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { ErrorMessage, fieldMessage, SelectField, SuccessMessage, TextField } from '../../components/forms';
import { useLoad, type Load } from '../../components/useLoad';
import { formatDay } from '../../format';
import { useI18n } from '../../i18n';
import { today } from '../calendar';
import type { Meeting } from '../model';
import { ParticipantPicker } from '../ParticipantPicker';
import { listTeam, type Person } from '../people';
import { actionItemBody, canTick, createActionItem, isOverdue, MAX_TITLE_LENGTH, updateActionItem, type ActionItem, type Minutes, type OwnerKind } from './model';

/** The meeting's action items: who does what by when; owners and staff tick them done; staff add them. */
export function ActionItems({ m, minutes }: { m: Meeting; minutes: Load<Minutes> & { state: 'ready' } }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const codes = useCodeLists(['action-item-states']);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Ticks shown at once, before the server answers (taken back if it refuses). */
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const items = minutes.data.action_items;
  const now = today();

  const tick = async (item: ActionItem, done: boolean) => {
    if (busy) return;
    setBusy(item.id);
    setError(null);
    setNotice(null);
    setTicked((x) => ({ ...x, [item.id]: done }));
    try {
      const changed = await updateActionItem(item.id, { state: done ? 'done' : 'open', version: item.version }, lang);
      minutes.set((d) => ({ ...d, action_items: d.action_items.map((i) => (i.id === changed.id ? changed : i)) }));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('minutes.item_changed') : t(problemKey(e)));
      if (e instanceof ApiError && e.status === 409) void minutes.reload();
    } finally {
      setTicked(({ [item.id]: _, ...rest }) => rest);
      setBusy(null);
    }
  };

  return (
    <section class="action-items-section" aria-labelledby="items-heading" data-testid="action-items">
      <h2 id="items-heading">{t('minutes.action_items')}</h2>
      {error && <ErrorMessage testId="items-error">{error}</ErrorMessage>}
      {notice && <SuccessMessage testId="items-notice">{notice}</SuccessMessage>}
      {items.length === 0 ? (
        <p class="empty" data-testid="items-empty">
          {t('minutes.no_items')}
        </p>
      ) : (
        <ul class="action-items" data-testid="item-list">
          {items.map((item) => {
            const overdue = isOverdue(item, now);
            const tickable = canTick(item, me?.role) && item.state !== 'dropped';
            return (
              <li key={item.id} class={`action-item state-${item.state}`} data-testid="action-item" data-id={item.id} data-state={item.state}>
                <div class="item-main">
                  <p class="item-title" dir="auto">
                    {item.title}
                  </p>
                  <p class="item-meta">
                    <span>
                      {t('minutes.owner')}: {item.owner_name ? <bdi>{item.owner_name}</bdi> : <span class="muted">{t('minutes.no_owner')}</span>}
                    </span>
                    {item.due_on && (
                      <span class={overdue ? 'overdue' : ''} data-testid="item-due">
                        {t('minutes.due', { day: formatDay(item.due_on, lang) })}
                        {overdue && ` · ${t('minutes.overdue')}`}
                      </span>
                    )}
                    {/* Where there is a tick box, it says the state (done or not) itself. */}
                    {(!tickable || item.state === 'dropped') && (
                      <span class={`item-state state-${item.state}`} data-testid="item-state">
                        {codes.label('action-item-states', item.state)}
                      </span>
                    )}
                  </p>
                </div>
                {tickable && (
                  <label class="check item-done">
                    <input type="checkbox" checked={ticked[item.id] ?? item.state === 'done'} disabled={busy === item.id} onChange={(e) => void tick(item, e.currentTarget.checked)} data-testid="item-done" />
                    <span>{t('minutes.done')}</span>
                  </label>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {can(me?.role, 'meetings.staff') && (
        <AddActionItem
          m={m}
          onAdded={(item) => {
            minutes.set((d) => ({ ...d, action_items: [...d.action_items, item] }));
            setNotice(t('minutes.item_added', { title: item.title }));
            void minutes.reload();
          }}
        />
      )}
    </section>
  );
}

const FIELDS = ['title', 'owner_user_id', 'owner_participant_id', 'due_on'] as const;

/** "Add an action item": a title, an owner (a member of the team or a participant), a due day. */
function AddActionItem({ m, onAdded }: { m: Meeting; onAdded: (item: ActionItem) => void }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState<OwnerKind>('none');
  const [memberId, setMemberId] = useState('');
  const [person, setPerson] = useState<Person | null>(null);
  const [due, setDue] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormError | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const seesTeam = can(me?.role, 'members.view');
  const team = useLoad(async () => (open && seesTeam ? listTeam() : []), [open, seesTeam]);

  /** Who can own an item: the team (for those who see it), else the meeting's staff and oneself. */
  const members: { id: string; name: string }[] =
    seesTeam && team.state === 'ready' && team.data.length > 0
      ? team.data.map((x) => ({ id: x.user_id, name: x.display_name }))
      : [...(me ? [{ id: me.user.id, name: me.user.display_name }] : []), ...m.staff.map((s) => ({ id: s.user_id, name: s.name }))].filter(
          (x, i, all) => all.findIndex((y) => y.id === x.id) === i,
        );

  const reset = () => {
    setTitle('');
    setOwner('none');
    setMemberId('');
    setPerson(null);
    setDue('');
    setErrors(null);
    setMissing(null);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    const body = actionItemBody({ title, owner, memberId, participantId: person?.id ?? '', due });
    if ('missing' in body) {
      setMissing(body.missing);
      document.getElementById(body.missing === 'title' ? 'ai-title' : body.missing === 'member' ? 'ai-member' : 'ai-person')?.focus();
      return;
    }
    setBusy(true);
    setErrors(null);
    setMissing(null);
    try {
      const item = await createActionItem(m.id, body, lang);
      reset();
      setOpen(false);
      onAdded(item);
    } catch (e) {
      setErrors(formError(e, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" class="secondary add-item" onClick={() => setOpen(true)} data-testid="add-item">
        {t('minutes.add_item')}
      </button>
    );
  }

  const required = t('field_error.required');
  return (
    <form class="form card item-form" onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="item-form-heading" data-testid="item-form">
      <h3 id="item-form-heading">{t('minutes.add_item')}</h3>
      <TextField
        id="ai-title"
        label={t('minutes.item_title')}
        value={title}
        onValue={setTitle}
        maxLength={MAX_TITLE_LENGTH}
        required
        dir="auto"
        error={missing === 'title' ? required : fieldMessage(errors, 'title')}
        testId="item-title"
      />
      <fieldset class="field owner-choice">
        <legend>{t('minutes.owner')}</legend>
        <div class="choice-row">
          {(['none', 'member', 'participant'] as const).map((k) => (
            <label key={k} class="check m-choice">
              <input type="radio" name="ai-owner" value={k} checked={owner === k} onChange={() => setOwner(k)} data-testid={`owner-${k}`} />
              <span>{k === 'none' ? t('minutes.owner_none') : k === 'member' ? t('minutes.owner_member') : t('minutes.owner_participant')}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {owner === 'member' && (
        <SelectField id="ai-member" label={t('minutes.owner_member')} value={memberId} onValue={setMemberId} error={missing === 'member' ? required : fieldMessage(errors, 'owner_user_id')}>
          <option value="">{t('meetings.choose')}</option>
          {members.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </SelectField>
      )}
      {owner === 'participant' &&
        (person ? (
          <div class="field chosen-person" data-testid="chosen-person">
            <span class="label">{t('minutes.owner_participant')}</span>
            <p>
              <bdi>{person.name}</bdi>{' '}
              <button type="button" class="secondary" onClick={() => setPerson(null)} data-testid="change-person">
                {t('minutes.change_person')}
              </button>
            </p>
            {fieldMessage(errors, 'owner_participant_id') && <p class="field-error">{fieldMessage(errors, 'owner_participant_id')}</p>}
          </div>
        ) : (
          <>
            <ParticipantPicker id="ai-person" label={t('minutes.find_participant')} actionLabel={t('minutes.choose_person')} onPick={setPerson} />
            {missing === 'participant' && <p class="field-error">{required}</p>}
          </>
        ))}
      <TextField id="ai-due" type="date" label={t('minutes.due_on')} value={due} onValue={setDue} error={fieldMessage(errors, 'due_on')} testId="item-due-input" />
      {errors?.general && <ErrorMessage testId="item-error">{t(errors.general)}</ErrorMessage>}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="save-item">
          {busy ? t('common.working') : t('minutes.add_item_save')}
        </button>
        <button
          type="button"
          class="secondary"
          onClick={() => {
            reset();
            setOpen(false);
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
