import { useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { api } from '../api/client';
import { useCodeLists, type CodeListName } from '../api/codeLists';
import { ApiError, formError, unwrap, type FieldErrorKey } from '../api/errors';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { setFlash } from '../components/flash';
import { Forbidden } from '../components/Forbidden';
import { CheckField, CheckGrid, focusFirstProblem, FormFooter, FormProblem, FormSection, SelectField, TextAreaField, TextField, toggled } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { isoDay } from '../format';
import { useI18n } from '../i18n';
import { displayName, participantRef, FULL_VIEWS, ParticipantNotFound, rememberedTextVersion, rememberTextVersion, useMembers } from './common';
import {
  createBody,
  draftOf,
  fieldId,
  fieldsOf,
  formField,
  hasProfileData,
  mergePatch,
  nextKey,
  profileChanged,
  validate,
  withoutEmptyRows,
  type Draft,
} from './draft';
import { CodeOptions, LanguageRows, QualificationRows } from './formRows';
import { getParticipant, type ParticipantView } from './model';
import { uuid } from './text';

const LISTS: readonly CodeListName[] = [
  'countries',
  'languages',
  'genders',
  'legal-statuses',
  'work-permits',
  'education-levels',
  'employment-states',
  'needs',
  'language-levels',
  'recognition-states',
];

/** /participants/new, /participants/:id/edit. */
export default function ParticipantFormPage() {
  const { params } = useRoute();
  return params.id ? <EditParticipant key={params.id} id={params.id} /> : <NewParticipant />;
}

function NewParticipant() {
  const { me } = useAuth();
  if (!can(me?.role, 'participants.create')) return <Forbidden />;
  return <ParticipantForm />;
}

function EditParticipant({ id }: { id: string }) {
  const record = useLoad(() => getParticipant(id), [id]);
  if (record.state !== 'ready') return <NotReady load={record} notFound={<ParticipantNotFound />} />;
  if (!FULL_VIEWS.includes(record.data.view)) return <Forbidden />;
  // A new key after a reload, so the form starts again from what is stored now.
  return <ParticipantForm key={record.data.version} initial={record.data} onReload={() => void record.reload(false)} />;
}

function ParticipantForm({ initial, onReload }: { initial?: ParticipantView; onReload?: () => void }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const { route } = useLocation();
  const role = me?.role;
  const editing = Boolean(initial);
  const own = initial?.view === 'own';
  const name0 = initial ? displayName(initial, t) : '';
  useTitle(editing ? t('participants.edit_title', { name: name0 }) : t('participants.new_title'));
  const codes = useCodeLists(LISTS);
  const staff = useMembers();
  const listsStaff = can(role, 'members.view');

  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [before] = useState(() => fieldsOf(draftOf(initial)));
  const [adviserIsMe, setAdviserIsMe] = useState(!editing && role === 'adviser');
  const consentActive = initial?.consents?.includes('profile_processing') ?? false;
  const [consent, setConsent] = useState(false);
  const [textVersion, setTextVersion] = useState(rememberedTextVersion);
  const [errors, setErrors] = useState<Record<string, FieldErrorKey>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  /** One Idempotency-Key per registration: reused when a lost answer is retried, new once the server has answered. */
  const idempotencyKey = useRef<string | null>(null);

  const set = <K extends keyof Draft>(key: K) => (value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const err = (field: string) => {
    const key = errors[field];
    return key ? t(key) : null;
  };

  const focusFirstError = (found: Record<string, FieldErrorKey>) =>
    focusFirstProblem(Object.keys(found).map((f) => (f === 'consent' ? 'f-consent' : fieldId(f))));

  const showErrors = (found: Record<string, FieldErrorKey>, message: string | null) => {
    setErrors(found);
    setGeneral(message ?? (Object.keys(found).length ? t('participants.check_fields') : null));
    focusFirstError(found);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setConflict(false);
    const cleaned = withoutEmptyRows(draft);
    if (cleaned.languages.length !== draft.languages.length || cleaned.qualifications.length !== draft.qualifications.length) {
      setDraft(cleaned);
    }
    const fields = fieldsOf(cleaned);
    if (!editing && adviserIsMe && me) fields.adviser_id = me.user.id;
    const found = validate(fields);
    const needsConsent = !consentActive && (editing ? profileChanged(before, fields) && hasProfileData(fields) : hasProfileData(fields));
    if (needsConsent && !consent) found.consent = 'field_error.consent_required';
    if (consent && !textVersion.trim()) found.text_version = 'field_error.required';
    if (Object.keys(found).length) {
      showErrors(found, null);
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      if (!initial) await create(fields);
      else await update(initial, fields);
    } catch (error) {
      onError(error);
    } finally {
      setBusy(false);
    }
  };

  const create = async (fields: ReturnType<typeof fieldsOf>) => {
    idempotencyKey.current ??= uuid();
    const body = {
      ...createBody(fields),
      consents: consent ? [{ purpose: 'profile_processing' as const, text_version: textVersion.trim() }] : [],
    };
    try {
      const created = await unwrap(
        api.POST('/api/v1/participants', { params: { header: { 'Idempotency-Key': idempotencyKey.current } }, body }),
      );
      idempotencyKey.current = null;
      if (consent) rememberTextVersion(textVersion.trim());
      setFlash(t('participants.created_notice', { name: displayName(created, t) }));
      route(`/participants/${created.id}`);
    } catch (error) {
      // The server answered (it stored nothing, or refused): the next try is a new request.
      // No answer, or a server failure: the person may be registered, so retry with the same key.
      if (error instanceof ApiError && error.status < 500) idempotencyKey.current = null;
      throw error;
    }
  };

  const update = async (p: ParticipantView, fields: ReturnType<typeof fieldsOf>) => {
    if (consent && !consentActive) {
      try {
        await unwrap(
          api.POST('/api/v1/participants/{id}/consents', {
            params: { path: { id: participantRef(p) } },
            body: { purpose: 'profile_processing', text_version: textVersion.trim() },
          }),
        );
        rememberTextVersion(textVersion.trim());
      } catch (error) {
        // Already given (by someone else meanwhile) is what we wanted.
        if (!(error instanceof ApiError && error.code === 'conflict')) throw error;
      }
    }
    const patch = mergePatch(before, fields, { own });
    const target = own ? '/my-profile' : `/participants/${p.id}`;
    if (Object.keys(patch).length > 0) {
      await unwrap(
        api.PATCH('/api/v1/participants/{id}', {
          params: { path: { id: participantRef(p) } },
          body: { ...patch, version: p.version ?? 1 },
        }),
      );
    }
    setFlash(Object.keys(patch).length > 0 ? t('participants.saved_notice') : t('participants.unchanged_notice'));
    route(target);
  };

  const onError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'version_conflict') {
      setConflict(true);
      setGeneral(null);
      focusFirstError({});
      return;
    }
    if (error instanceof ApiError && error.code === 'consent_required') {
      showErrors({ consent: 'field_error.consent_required' }, null);
      return;
    }
    if (error instanceof ApiError && error.code === 'conflict' && !editing) {
      showErrors({}, t('participants.already_sent'));
      return;
    }
    const placed: Record<string, FieldErrorKey> = {};
    const e = formError(error, (field) => formField(field) !== null);
    for (const [field, key] of Object.entries(e.fields)) placed[formField(field)!] ??= key;
    showErrors(placed, e.general ? t(e.general) : null);
  };

  // Language and qualification rows.
  const setRow = <K extends 'languages' | 'qualifications'>(list: K, i: number, change: Partial<Draft[K][number]>) =>
    setDraft((d) => ({ ...d, [list]: d[list].map((row, j) => (j === i ? { ...row, ...change } : row)) }));
  const removeRow = (list: 'languages' | 'qualifications', i: number) => {
    setDraft((d) => ({ ...d, [list]: d[list].filter((_, j) => j !== i) }));
    // Row errors are by index: after removing a row they would point at the wrong one.
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith(`${list}[`))));
  };
  const addLanguage = () => {
    setDraft((d) => ({ ...d, languages: [...d.languages, { key: nextKey(), language: '', level: '' }] }));
    focusLater(() => `f-languages-${draft.languages.length}-language`);
  };
  const addQualification = () => {
    setDraft((d) => ({ ...d, qualifications: [...d.qualifications, { key: nextKey(), title: '', country: '', year: '', recognition: '' }] }));
    focusLater(() => `f-qualifications-${draft.qualifications.length}-title`);
  };

  const phoneField = (key: 'phone' | 'whatsapp' | 'viber') => (
    <TextField
      id={fieldId(key)}
      type="tel"
      inputMode="tel"
      dir="ltr"
      autoComplete={own && key === 'phone' ? 'tel' : 'off'}
      label={t(`participants.field.${key}`)}
      hint={key === 'phone' ? t('participants.phone_hint') : undefined}
      placeholder="+386…"
      value={draft[key]}
      onValue={set(key)}
      error={err(key)}
      maxLength={24}
    />
  );
  const codeSelect = (key: keyof Draft & string, list: CodeListName, empty = t('participants.not_stated')) => (
    <SelectField id={fieldId(key)} label={t(`participants.field.${key}` as 'participants.field.name')} value={String(draft[key])} onValue={set(key) as (v: string) => void} error={err(key)}>
      <CodeOptions codes={codes} name={list} empty={empty} />
    </SelectField>
  );
  const memberSelect = (key: 'adviser_id' | 'mentor_id' | 'user_id', roles: readonly string[]) => {
    const options = staff.members.filter((m) => roles.includes(m.role));
    const current = draft[key];
    return (
      <SelectField id={fieldId(key)} label={t(`participants.field.${key}`)} value={current} onValue={set(key)} error={err(key)}>
        <option value="">{t('participants.nobody')}</option>
        {current && !options.some((m) => m.user_id === current) && <option value={current}>{staff.name(current) ?? current}</option>}
        {options.map((m) => (
          <option key={m.user_id} value={m.user_id}>
            {m.display_name}
          </option>
        ))}
      </SelectField>
    );
  };

  const today = isoDay(new Date());
  const cancelHref = !initial ? '/participants' : own ? '/my-profile' : `/participants/${initial.id}`;

  return (
    <>
      <h1>{editing ? (own ? t('participants.edit_own') : t('participants.edit_title', { name: name0 })) : t('participants.new_title')}</h1>
      <p class="lead">{editing ? t('participants.edit_intro') : t('participants.new_intro')}</p>
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}

      <form class="form participant-form" noValidate onSubmit={onSubmit} data-testid="participant-form">
        <FormSection id="identity" title={t('participants.section_identity')}>
          <TextField id={fieldId('name')} label={t('participants.field.name')} value={draft.name} onValue={set('name')} error={err('name')} required autoComplete="off" dir="auto" maxLength={200} />
          <CheckField id={fieldId('name_is_pseudonym')} label={t('participants.name_is_pseudonym')} checked={draft.name_is_pseudonym} onChecked={set('name_is_pseudonym')} />
          {codeSelect('gender', 'genders')}
          {draft.gender === 'self_described' && (
            <TextField id={fieldId('gender_self_description')} label={t('participants.field.gender_self_description')} value={draft.gender_self_description} onValue={set('gender_self_description')} error={err('gender_self_description')} dir="auto" maxLength={100} />
          )}
          <TextField id={fieldId('birth_year')} label={t('participants.field.birth_year')} hint={t('participants.birth_year_hint')} inputMode="numeric" value={draft.birth_year} onValue={set('birth_year')} error={err('birth_year')} maxLength={4} autoComplete="off" />
          {codeSelect('country_of_origin', 'countries')}
        </FormSection>

        <FormSection id="contacts" title={t('participants.section_contacts')} hint={t('participants.contacts_hint')}>
          {phoneField('phone')}
          {phoneField('whatsapp')}
          {phoneField('viber')}
          <TextField id={fieldId('email')} type="email" inputMode="email" dir="ltr" autoComplete="off" label={t('participants.field.email')} value={draft.email} onValue={set('email')} error={err('email')} maxLength={254} />
        </FormSection>

        {!consentActive && (
          <FormSection id="consent" title={t('participants.section_consent')} hint={t('participants.consent_hint')}>
            <CheckField id="f-consent" label={t('participants.consent_label')} checked={consent} onChecked={setConsent} error={err('consent')} />
            <TextField
              id={fieldId('text_version')}
              label={t('consents.text_version')}
              hint={t('consents.text_version_hint')}
              value={textVersion}
              onValue={setTextVersion}
              error={err('text_version')}
              maxLength={100}
              autoComplete="off"
              dir="auto"
            />
          </FormSection>
        )}
        {consentActive && <p class="hint consent-given" data-testid="consent-given">{t('participants.consent_given')}</p>}

        <FormSection id="background" title={t('participants.section_background')}>
          {codeSelect('legal_status', 'legal-statuses')}
          {draft.legal_status === 'other' && (
            <TextField id={fieldId('legal_status_detail')} label={t('participants.field.legal_status_detail')} hint={t('participants.legal_status_detail_hint')} value={draft.legal_status_detail} onValue={set('legal_status_detail')} error={err('legal_status_detail')} dir="auto" maxLength={200} autoComplete="off" />
          )}
          {codeSelect('work_permit', 'work-permits')}
          {(draft.work_permit === 'from_date' || draft.work_permit === 'granted' || draft.work_permit_date) && (
            <TextField id={fieldId('work_permit_date')} type="date" label={t('participants.field.work_permit_date')} value={draft.work_permit_date} onValue={set('work_permit_date')} error={err('work_permit_date')} />
          )}
          <TextField id={fieldId('arrival_date')} type="date" label={t('participants.field.arrival_date')} value={draft.arrival_date} onValue={set('arrival_date')} error={err('arrival_date')} max={today} />
          <TextField id={fieldId('municipality')} label={t('participants.field.municipality')} value={draft.municipality} onValue={set('municipality')} error={err('municipality')} dir="auto" maxLength={100} autoComplete="off" />
          {codeSelect('education_level', 'education-levels')}
          {codeSelect('employment_state', 'employment-states')}
        </FormSection>

        <FormSection id="languages" title={t('participants.section_languages')} hint={t('participants.languages_hint')}>
          {err('languages') && <p class="field-error">{err('languages')}</p>}
          <LanguageRows rows={draft.languages} codes={codes} err={err} onRow={(i, change) => setRow('languages', i, change)} onRemove={(i) => removeRow('languages', i)} onAdd={addLanguage} />
        </FormSection>

        <FormSection id="needs" title={t('participants.section_needs')}>
          <div class="field" role="group" aria-labelledby="needs-label" aria-describedby={err('needs') ? 'f-needs-error' : undefined}>
            <span id="needs-label" class="visually-hidden">
              {t('participants.section_needs')}
            </span>
            <CheckGrid
              id={fieldId('needs')}
              name="needs"
              items={codes.items('needs').map((n) => ({ value: n.code, label: n.label }))}
              chosen={draft.needs}
              onToggle={(code, on) => setDraft((d) => ({ ...d, needs: toggled(d.needs, code, on) }))}
            />
            {err('needs') && (
              <p class="field-error" id="f-needs-error">
                {err('needs')}
              </p>
            )}
          </div>
          <TextAreaField id={fieldId('needs_other')} label={t('participants.field.needs_other')} hint={t('participants.needs_other_hint')} value={draft.needs_other} onValue={set('needs_other')} error={err('needs_other')} maxLength={500} rows={2} />
        </FormSection>

        <FormSection id="qualifications" title={t('participants.section_qualifications')} hint={t('participants.qualifications_hint')}>
          {err('qualifications') && <p class="field-error">{err('qualifications')}</p>}
          <QualificationRows rows={draft.qualifications} codes={codes} err={err} onRow={(i, change) => setRow('qualifications', i, change)} onRemove={(i) => removeRow('qualifications', i)} onAdd={addQualification} />
        </FormSection>

        {!own && (
          <FormSection id="staff" title={t('participants.section_staff')} hint={t('participants.staff_hint')}>
            {!editing && role === 'adviser' && (
              <CheckField id="f-adviser-me" label={t('participants.adviser_is_me')} checked={adviserIsMe} onChecked={setAdviserIsMe} error={err('adviser_id')} />
            )}
            {listsStaff && memberSelect('adviser_id', ['adviser', 'coordinator', 'admin'])}
            {listsStaff && memberSelect('mentor_id', ['mentor'])}
            {listsStaff && memberSelect('user_id', ['participant'])}
            <TextAreaField id={fieldId('notes')} label={t('participants.field.notes')} hint={t('participants.notes_hint')} value={draft.notes} onValue={set('notes')} error={err('notes')} maxLength={5000} rows={4} />
          </FormSection>
        )}

        <FormProblem conflict={conflict} conflictText={t('participants.version_conflict')} reloadLabel={t('participants.reload')} onReload={onReload} general={general} />
        <FormFooter busy={busy} submitLabel={editing ? t('participants.save') : t('participants.create')} cancelHref={cancelHref} />
      </form>
    </>
  );
}

function focusLater(id: () => string) {
  const target = id();
  setTimeout(() => document.getElementById(target)?.focus(), 0);
}
