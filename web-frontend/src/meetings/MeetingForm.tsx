import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { useCodeLists } from '../api/codeLists';
import { ApiError, formError, type FieldErrorKey } from '../api/errors';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { setFlash } from '../components/flash';
import { CheckField, CheckGrid, focusFirstProblem, FormFooter, FormProblem, FormSection, SelectField, TextField, toggled } from '../components/forms';
import { Forbidden } from '../components/Forbidden';
import { LoadError, NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { zoneCity } from './calendar';
import { draftOf, endsNextDay, fieldId, fieldsOf, formField, mergePatch, nextKey, patternOf, validate, type Draft, type TextRow } from './draft';
import { LanguagePicker, PlaceFields, RepeatFields, ScopeChoice, TextRows } from './formParts';
import {
  BOOKING_MODES,
  createMeeting,
  createSeries,
  getMeeting,
  isAudience,
  isKind,
  listVenues,
  problemDetail,
  SLOT_KINDS,
  updateMeeting,
  type BookingMode,
  type EditScope,
  type Meeting,
  type Venue,
} from './model';
import { MeetingNotFound } from './parts';
import './meetings.css';

/** /meetings/new, /meetings/:id/edit (coordinators and admins). */
export default function MeetingFormPage() {
  const { params } = useRoute();
  const { me } = useAuth();
  if (!can(me?.role, 'meetings.manage')) return <Forbidden />;
  return params.id ? <EditMeeting key={params.id} id={params.id} /> : <MeetingForm />;
}

function EditMeeting({ id }: { id: string }) {
  const { lang } = useI18n();
  // Not reloaded when the language changes: that would throw away what is typed.
  const meeting = useLoad(() => getMeeting(id, lang), [id]);
  if (meeting.state !== 'ready') return <NotReady load={meeting} notFound={<MeetingNotFound />} />;
  // A new key after a reload, so the form starts again from what is stored now.
  return <MeetingForm key={meeting.data.version} initial={meeting.data} onReload={() => void meeting.reload(false)} />;
}

function MeetingForm({ initial, onReload }: { initial?: Meeting; onReload?: () => void }) {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const editing = Boolean(initial);
  const series = Boolean(initial?.series_id);
  useTitle(editing ? t('meetings.edit_title') : t('meetings.new_title'));
  const codes = useCodeLists(['meeting-kinds', 'meeting-audiences', 'languages', 'booking-modes']);
  const venues = useLoad(() => listVenues(), []);
  const [added, setAdded] = useState<Venue[]>([]);
  const allVenues = [...(venues.state === 'ready' ? venues.data : []), ...added.filter((a) => venues.state !== 'ready' || !venues.data.some((v) => v.id === a.id))];

  const [draft, setDraft] = useState<Draft>(() => draftOf(initial, lang));
  const [before] = useState(() => (initial ? fieldsOf(draftOf(initial, lang)) : null));
  const [scope, setScope] = useState<EditScope | null>(null);
  const [errors, setErrors] = useState<Record<string, FieldErrorKey>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);

  const set =
    <K extends keyof Draft>(key: K) =>
    (value: Draft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const err = (field: string) => {
    const key = errors[field];
    return key ? t(key) : null;
  };
  const showErrors = (found: Record<string, FieldErrorKey>, message: string | null) => {
    setErrors(found);
    setGeneral(message ?? (Object.keys(found).length ? t('meetings.check_fields') : null));
    focusFirstProblem(Object.keys(found).map((f) => (f === 'scope' ? 'm-scope' : fieldId(f))));
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setConflict(false);
    const found = validate(draft, { repeat: !editing });
    if (series && !scope) found.scope = 'field_error.required';
    if (Object.keys(found).length) {
      showErrors(found, null);
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(null);
    const fields = fieldsOf(draft);
    try {
      if (!initial) {
        const pattern = patternOf(draft.repeat);
        if (pattern) {
          const first = await createSeries({ meeting: fields, pattern });
          setFlash(t('meetings.series_planned_notice'));
          route(`/meetings/${first}`);
        } else {
          const created = await createMeeting(fields, lang);
          setFlash(t('meetings.planned_notice'));
          route(`/meetings/${created.id}`);
        }
        return;
      }
      const patch = mergePatch(before!, fields);
      if (Object.keys(patch).length > 0) {
        await updateMeeting(initial.id, { ...patch, version: initial.version }, lang, series ? (scope ?? 'this') : undefined);
      }
      setFlash(Object.keys(patch).length > 0 ? t('meetings.saved_notice') : t('meetings.unchanged_notice'));
      route(`/meetings/${initial.id}`);
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };

  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'version_conflict') {
      setConflict(true);
      setGeneral(null);
      focusFirstProblem([]);
      return;
    }
    if (error instanceof ApiError && error.status === 409) {
      showErrors({}, problemDetail(error) ?? t('problem.conflict'));
      return;
    }
    const placed: Record<string, FieldErrorKey> = {};
    const e = formError(error, (field) => formField(field) !== null);
    for (const [field, key] of Object.entries(e.fields)) placed[formField(field)!] ??= key;
    showErrors(placed, e.general ? t(e.general) : null);
  };

  const setRow = (i: number, change: Partial<TextRow>) => setDraft((d) => ({ ...d, texts: d.texts.map((r, j) => (j === i ? { ...r, ...change } : r)) }));
  const removeRow = (i: number) => {
    setDraft((d) => ({ ...d, texts: d.texts.filter((_, j) => j !== i) }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('texts['))));
  };
  const addRow = () => {
    const used = new Set(draft.texts.map((r) => r.lang));
    const next = ['en', 'sl', 'ar', 'uk', 'fa'].find((l) => !used.has(l)) ?? '';
    setDraft((d) => ({ ...d, texts: [...d.texts, { key: nextKey(), lang: next, title: '', description: '' }] }));
    const i = draft.texts.length;
    setTimeout(() => document.getElementById(fieldId(`texts[${i}].lang`))?.focus(), 0);
  };

  const venue = allVenues.find((v) => v.id === draft.venue_id);
  const zone = draft.place === 'venue' ? venue?.time_zone : initial && !initial.venue ? initial.time_zone : undefined;
  const cancelHref = initial ? `/meetings/${initial.id}` : '/meetings';

  return (
    <>
      <h1>{editing ? t('meetings.edit_title') : t('meetings.new_title')}</h1>
      {initial && (
        <p class="lead" dir="auto">
          {initial.display_title}
        </p>
      )}
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}
      {venues.state !== 'ready' && venues.state !== 'loading' && <NotReady load={venues} inline />}

      <form class="form meeting-form" noValidate onSubmit={onSubmit} data-testid="meeting-form">
        <FormSection id="what" title={t('meetings.section_what')}>
          <SelectField id={fieldId('kind')} label={t('meetings.field.kind')} value={draft.kind} onValue={(k) => isKind(k) && set('kind')(k)} error={err('kind')}>
            {codes.items('meeting-kinds').map((i) => (
              <option key={i.code} value={i.code}>
                {i.label}
              </option>
            ))}
          </SelectField>
          <TextRows rows={draft.texts} codes={codes} err={err} onRow={setRow} onRemove={removeRow} onAdd={addRow} />
        </FormSection>

        <FormSection id="where" title={t('meetings.section_where')}>
          <PlaceFields
            draft={draft}
            set={set}
            venues={allVenues}
            err={err}
            onVenueAdded={(v) => {
              setAdded((a) => [...a, v]);
              setDraft((d) => ({ ...d, venue_id: v.id }));
            }}
          />
        </FormSection>

        <FormSection id="when" title={t('meetings.section_when')} hint={zone ? t('meetings.zone_hint', { city: zoneCity(zone), zone }) : t('meetings.zone_hint_default')}>
          <TextField id={fieldId('date')} type="date" label={t('meetings.field.date')} value={draft.date} onValue={set('date')} error={err('date')} required />
          <div class="field-pair">
            <TextField id={fieldId('start')} type="time" step={300} label={t('meetings.field.start')} value={draft.start} onValue={set('start')} error={err('start')} required />
            <TextField
              id={fieldId('end')}
              type="time"
              step={300}
              label={t('meetings.field.end')}
              hint={endsNextDay(draft) ? t('meetings.ends_next_day') : undefined}
              value={draft.end}
              onValue={set('end')}
              error={err('end')}
              required
            />
          </div>
        </FormSection>

        {!editing && (
          <FormSection id="repeats" title={t('meetings.section_repeats')}>
            <RepeatFields repeat={draft.repeat} date={draft.date} onChange={set('repeat')} err={err} />
          </FormSection>
        )}

        <FormSection id="who" title={t('meetings.section_who')}>
          <TextField
            id={fieldId('capacity')}
            label={t('meetings.field.capacity')}
            hint={venue?.capacity ? t('meetings.capacity_hint_venue', { n: venue.capacity }) : t('meetings.capacity_hint')}
            inputMode="numeric"
            value={draft.capacity}
            onValue={set('capacity')}
            error={err('capacity')}
            maxLength={5}
            autoComplete="off"
          />
          <SelectField id={fieldId('audience')} label={t('meetings.field.audience')} value={draft.audience} onValue={(a) => isAudience(a) && set('audience')(a)} error={err('audience')}>
            {codes.items('meeting-audiences').map((i) => (
              <option key={i.code} value={i.code}>
                {i.label}
              </option>
            ))}
          </SelectField>
          <LanguagePicker id={fieldId('languages')} label={t('meetings.field.languages')} codes={codes} chosen={draft.languages} onChange={set('languages')} error={err('languages')} />
          <LanguagePicker
            id={fieldId('interpretation')}
            label={t('meetings.field.interpretation')}
            hint={t('meetings.interpretation_hint')}
            codes={codes}
            chosen={draft.interpretation}
            onChange={set('interpretation')}
            error={err('interpretation')}
          />
          <CheckField id={fieldId('childcare')} label={t('meetings.childcare_label')} checked={draft.childcare} onChecked={set('childcare')} />
        </FormSection>

        {SLOT_KINDS.includes(draft.kind) && (
          <FormSection id="slots" title={t('meetings.section_slots')} hint={t('meetings.slots_hint')}>
            <div class="field-pair">
              <TextField id={fieldId('slot_minutes')} label={t('meetings.field.slot_minutes')} inputMode="numeric" value={draft.slot_minutes} onValue={set('slot_minutes')} error={err('slot_minutes')} maxLength={3} autoComplete="off" />
              <TextField id={fieldId('slot_capacity')} label={t('meetings.field.slot_capacity')} inputMode="numeric" value={draft.slot_capacity} onValue={set('slot_capacity')} error={err('slot_capacity')} maxLength={2} autoComplete="off" />
            </div>
            <div class="field" role="group" aria-labelledby="modes-label">
              <span id="modes-label" class="label">
                {t('meetings.field.slot_modes')}
              </span>
              <CheckGrid
                id={fieldId('slot_modes')}
                name="slot_modes"
                items={BOOKING_MODES.map((x) => ({ value: x, label: codes.label('booking-modes', x) }))}
                chosen={draft.slot_modes}
                onToggle={(x, on) => set('slot_modes')(toggled(draft.slot_modes, x, on) as BookingMode[])}
              />
            </div>
          </FormSection>
        )}

        {series && <ScopeChoice scope={scope} onScope={setScope} error={err('scope')} />}

        <FormProblem conflict={conflict} conflictText={t('meetings.version_conflict')} reloadLabel={t('meetings.reload')} onReload={onReload} general={general} />
        <FormFooter busy={busy} submitLabel={editing ? t('meetings.save') : t('meetings.create')} cancelHref={cancelHref} />
      </form>
    </>
  );
}
