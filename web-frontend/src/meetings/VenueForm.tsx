import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { useCodeLists } from '../api/codeLists';
import { ApiError, formError, type FieldErrorKey } from '../api/errors';
import { setFlash } from '../components/flash';
import { CheckField, focusFirstProblem, FormFooter, FormProblem, FormSection, TextAreaField, TextField } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { knownZones } from './calendar';
import { LanguagePicker } from './formParts';
import { createVenue, getVenue, updateVenue, type Venue, type VenueFields } from './model';
import './meetings.css';

/** /meetings/venues/new, /meetings/venues/:id. */
export default function VenueFormPage() {
  const { params } = useRoute();
  return params.id ? <EditVenue key={params.id} id={params.id} /> : <VenueForm />;
}

function EditVenue({ id }: { id: string }) {
  const venue = useLoad(() => getVenue(id), [id]);
  if (venue.state !== 'ready') return <NotReady load={venue} />;
  return <VenueForm key={venue.data.version} initial={venue.data} onReload={() => void venue.reload(false)} />;
}

interface VenueDraft {
  name: string;
  address: string;
  capacity: string;
  accessibility: string;
  childcare: boolean;
  languages: string[];
  map_url: string;
  time_zone: string;
  archived: boolean;
}

const draftOf = (v?: Venue): VenueDraft => ({
  name: v?.name ?? '',
  address: v?.address ?? '',
  capacity: v?.capacity != null ? String(v.capacity) : '',
  accessibility: v?.accessibility ?? '',
  childcare: v?.childcare ?? false,
  languages: v?.languages ?? [],
  map_url: v?.map_url ?? '',
  time_zone: v?.time_zone ?? '',
  archived: v?.archived ?? false,
});

/** The venue's fields as the API takes them (empty texts as null). */
export function venueFields(d: VenueDraft): VenueFields {
  const text = (s: string) => (s.trim() ? s.trim() : null);
  const cap = d.capacity.trim();
  return {
    name: d.name.trim(),
    address: text(d.address),
    capacity: cap ? Number(cap) : null,
    accessibility: text(d.accessibility),
    childcare: d.childcare,
    languages: d.languages,
    map_url: text(d.map_url),
    time_zone: text(d.time_zone),
    archived: d.archived,
  };
}

const FIELDS = ['name', 'address', 'capacity', 'accessibility', 'childcare', 'languages', 'map_url', 'time_zone', 'archived'];
const ZONES_LIST = 'venue-zones';

function VenueForm({ initial, onReload }: { initial?: Venue; onReload?: () => void }) {
  const { t } = useI18n();
  const { route } = useLocation();
  useTitle(initial ? initial.name : t('venues.new_title'));
  const codes = useCodeLists(['languages']);
  const [draft, setDraft] = useState(() => draftOf(initial));
  const [errors, setErrors] = useState<Record<string, FieldErrorKey>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const set =
    <K extends keyof VenueDraft>(key: K) =>
    (value: VenueDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const err = (f: string) => (errors[f] ? t(errors[f]) : null);
  const id = (f: string) => `v-${f}`;

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const found: Record<string, FieldErrorKey> = {};
    if (!draft.name.trim()) found.name = 'field_error.required';
    const cap = draft.capacity.trim();
    if (cap && !/^\d+$/.test(cap)) found.capacity = 'field_error.number';
    if (draft.map_url.trim() && !/^https?:\/\/\S+$/.test(draft.map_url.trim())) found.map_url = 'field_error.url';
    setConflict(false);
    if (Object.keys(found).length) {
      setErrors(found);
      setGeneral(t('meetings.check_fields'));
      focusFirstProblem(Object.keys(found).map(id));
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      const fields = venueFields(draft);
      if (initial) {
        const before = venueFields(draftOf(initial));
        const patch = Object.fromEntries(Object.entries(fields).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k as keyof VenueFields])));
        if (Object.keys(patch).length > 0) await updateVenue(initial.id, { ...patch, version: initial.version });
        setFlash(Object.keys(patch).length > 0 ? t('venues.saved_notice') : t('meetings.unchanged_notice'));
      } else {
        await createVenue(fields);
        setFlash(t('venues.created_notice', { name: fields.name }));
      }
      route('/meetings/venues');
    } catch (error) {
      if (error instanceof ApiError && error.code === 'version_conflict') {
        setConflict(true);
        focusFirstProblem([]);
      } else {
        const f = formError(error, FIELDS);
        setErrors(f.fields);
        setGeneral(f.general ? t(f.general) : t('meetings.check_fields'));
        focusFirstProblem(Object.keys(f.fields).map(id));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <p class="breadcrumb">
        <a href="/meetings/venues">{t('venues.title')}</a>
      </p>
      <h1 dir="auto">{initial ? initial.name : t('venues.new_title')}</h1>
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}
      <form class="form venue-form" noValidate onSubmit={onSubmit} data-testid="venue-form">
        <FormSection id="venue" title={t('venues.section_place')}>
          <TextField id={id('name')} label={t('venues.field.name')} value={draft.name} onValue={set('name')} error={err('name')} maxLength={200} dir="auto" autoComplete="off" required />
          <TextAreaField id={id('address')} label={t('venues.field.address')} value={draft.address} onValue={set('address')} error={err('address')} maxLength={300} rows={2} />
          <TextField id={id('map_url')} label={t('venues.field.map_url')} hint={t('venues.map_url_hint')} dir="ltr" placeholder="https://" value={draft.map_url} onValue={set('map_url')} error={err('map_url')} maxLength={500} autoComplete="off" />
          <TextField id={id('capacity')} label={t('venues.field.capacity')} hint={t('venues.capacity_hint')} inputMode="numeric" value={draft.capacity} onValue={set('capacity')} error={err('capacity')} maxLength={6} autoComplete="off" />
          <TextField id={id('time_zone')} label={t('venues.field.time_zone')} hint={t('venues.time_zone_hint')} dir="ltr" list={ZONES_LIST} placeholder="Europe/Ljubljana" value={draft.time_zone} onValue={set('time_zone')} error={err('time_zone')} maxLength={60} autoComplete="off" />
          <datalist id={ZONES_LIST}>
            {knownZones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </FormSection>
        <FormSection id="venue-access" title={t('venues.section_access')}>
          <TextAreaField id={id('accessibility')} label={t('venues.field.accessibility')} hint={t('venues.accessibility_hint')} value={draft.accessibility} onValue={set('accessibility')} error={err('accessibility')} maxLength={2000} rows={3} />
          <CheckField id={id('childcare')} label={t('venues.field.childcare')} checked={draft.childcare} onChecked={set('childcare')} />
          <LanguagePicker id={id('languages')} label={t('venues.field.languages')} codes={codes} chosen={draft.languages} onChange={set('languages')} error={err('languages')} />
          {initial && <CheckField id={id('archived')} label={t('venues.field.archived')} hint={t('venues.archived_hint')} checked={draft.archived} onChecked={set('archived')} />}
        </FormSection>
        <FormProblem conflict={conflict} conflictText={t('meetings.version_conflict')} reloadLabel={t('meetings.reload')} onReload={onReload} general={general} />
        <FormFooter busy={busy} submitLabel={initial ? t('venues.save') : t('venues.create')} cancelHref="/meetings/venues" />
      </form>
    </>
  );
}
