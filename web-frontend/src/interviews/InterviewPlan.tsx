import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { api } from '../api/client';
import { useCodeLists } from '../api/codeLists';
import { ApiError, fieldErrorKey, formError, unwrap } from '../api/errors';
import { isProblem, problemKey, type ProblemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { setFlash } from '../components/flash';
import { CheckField, CheckGrid, focusFirstProblem, FormFooter, FormProblem, FormSection, SelectField, TextAreaField, TextField, toggled } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n, type Lang } from '../i18n';
import { LANGUAGES } from '../i18n/languages';
import { displayName, participantRef, useMembers } from '../participants/common';
import { getParticipant, listParticipants, type ParticipantView } from '../participants/model';
import { uuid } from '../participants/text';
import { InterviewNotFound } from './InterviewNotFound';
import {
  fromUtc,
  getInterview,
  listTemplates,
  questionLanguageFor,
  toUtc,
  type AttendeeInput,
  type CreateInterviewRequest,
  type Interview,
  type InterviewChannel,
  type InterviewKind,
  type Template,
  type UpdateInterviewRequest,
} from './model';
import './interviews.css';

/** How long typing pauses before participants are searched. */
export const SEARCH_DELAY_MS = 300;
const CHANNELS: readonly InterviewChannel[] = ['in_person', 'phone', 'video'];
const KINDS: readonly InterviewKind[] = ['individual', 'group'];
/** A group interview has 2 to 30 people (typically 3–5). */
const MAX_PEOPLE = 30;

interface Person {
  id: string;
  name: string;
  /** The language the questions are shown in beside the interviewer's ('' for none). */
  language: string;
  attended: boolean;
  /** From the profile, when the role sees consents (null when not known). */
  profileConsent: boolean | null;
  recordingConsent: boolean | null;
}

export interface PlanDraft {
  template_id: string;
  kind: InterviewKind;
  day: string;
  time: string;
  duration: string;
  channel: InterviewChannel;
  location: string;
  language: string;
  interpreter_language: string;
  interpreter_name: string;
  recorded: boolean;
  notes: string;
  people: Person[];
  interviewers: string[];
}

/** The form's field (an element id) for an error of the server's request field. */
export function planFieldId(field: string): string | null {
  const row = /^participants\[(\d+)\]\.(participant_id|language)$/.exec(field);
  if (row) return row[2] === 'language' ? `iv-person-${row[1]}-language` : `iv-person-${row[1]}`;
  if (/^interviewer_ids(\[\d+\])?$/.test(field)) return 'iv-interviewers';
  const ids: Record<string, string> = {
    template_id: 'iv-template',
    kind: 'iv-kind',
    scheduled_at: 'iv-day',
    day: 'iv-day',
    time: 'iv-time',
    duration_minutes: 'iv-duration',
    channel: 'iv-channel',
    location: 'iv-location',
    language: 'iv-language',
    interpreter_language: 'iv-interpreter-language',
    interpreter_name: 'iv-interpreter-name',
    recorded: 'iv-recorded',
    notes: 'iv-notes',
    participants: 'iv-search',
  };
  return ids[field] ?? null;
}

/** The checks the server makes that the form can make before sending (field → message key). */
export function validatePlan(d: PlanDraft, editing: boolean): Record<string, PlanMessage> {
  const e: Record<string, PlanMessage> = {};
  if (!editing && !d.template_id) e['iv-template'] = 'interviews.plan_error.template';
  if (!d.day) e['iv-day'] = 'field_error.required';
  if (!d.time) e['iv-time'] = 'field_error.required';
  if (d.day && d.time && !toUtc(d.day, d.time)) e['iv-day'] = 'field_error.invalid';
  if (d.duration.trim()) {
    const n = Number(d.duration.trim());
    if (!Number.isInteger(n) || n < 5 || n > 600) e['iv-duration'] = 'interviews.plan_error.duration';
  }
  if (!d.language) e['iv-language'] = 'field_error.required';
  if (d.people.length === 0) e['iv-search'] = 'interviews.plan_error.participants_required';
  else if (d.kind === 'individual' && d.people.length > 1) e['iv-search'] = 'interviews.plan_error.individual_one';
  else if (d.kind === 'group' && d.people.length < 2) e['iv-search'] = 'interviews.plan_error.group_two';
  else if (d.people.length > MAX_PEOPLE) e['iv-search'] = 'interviews.plan_error.too_many';
  return e;
}

type PlanMessage =
  | `field_error.${'required' | 'invalid'}`
  | `interviews.plan_error.${'template' | 'duration' | 'participants_required' | 'individual_one' | 'group_two' | 'too_many' | 'archived' | 'unknown_person' | 'interviewer_role' | 'participants_count'}`;

/** The message for a field error of the server, in words that fit the plan. */
function serverMessage(field: string, code: string): string {
  if (field === 'participants' && code === 'length') return 'interviews.plan_error.participants_count';
  if (field === 'participants' && code === 'required') return 'interviews.plan_error.participants_required';
  if (/participant_id$/.test(field) && code === 'archived') return 'interviews.plan_error.archived';
  if (/participant_id$/.test(field) && code === 'unknown') return 'interviews.plan_error.unknown_person';
  if (/^interviewer_ids/.test(field) && code === 'role') return 'interviews.plan_error.interviewer_role';
  if (field === 'duration_minutes' && code === 'range') return 'interviews.plan_error.duration';
  return fieldErrorKey(code);
}

/** The request body for a new interview. */
export function createBody(d: PlanDraft, withInterviewers: boolean): CreateInterviewRequest {
  const text = (v: string) => (v.trim() ? v.trim() : null);
  return {
    template_id: d.template_id,
    kind: d.kind,
    scheduled_at: toUtc(d.day, d.time) ?? '',
    duration_minutes: d.duration.trim() ? Number(d.duration.trim()) : null,
    channel: d.channel,
    location: text(d.location),
    language: d.language,
    interpreter_language: d.interpreter_language || null,
    interpreter_name: text(d.interpreter_name),
    recorded: d.recorded,
    notes: text(d.notes),
    participants: d.people.map((p): AttendeeInput => ({ participant_id: p.id, language: p.language || null, attended: p.attended })),
    ...(withInterviewers && d.interviewers.length ? { interviewer_ids: d.interviewers } : {}),
  };
}

/** The merge patch for a changed interview (all its fields, with the version it is based on). */
export function patchBody(d: PlanDraft, version: number, withInterviewers: boolean): UpdateInterviewRequest {
  const { template_id: _t, ...fields } = createBody(d, withInterviewers);
  void _t;
  return { ...fields, version };
}

/** A participant as a row of the plan: questions in the language they read best, present to start with. */
function personOf(p: ParticipantView, t: ReturnType<typeof useI18n>['t']): Person {
  return {
    id: participantRef(p),
    name: displayName(p, t),
    language: questionLanguageFor(p.languages) ?? '',
    attended: true,
    profileConsent: p.consents ? p.consents.includes('profile_processing') : null,
    recordingConsent: p.consents ? p.consents.includes('interview_recording') : null,
  };
}

function draftOf(iv: Interview | null, lang: Lang, me: string | undefined): PlanDraft {
  if (!iv) {
    return {
      template_id: '',
      kind: 'individual',
      day: '',
      time: '',
      duration: '60',
      channel: 'in_person',
      location: '',
      language: lang,
      interpreter_language: '',
      interpreter_name: '',
      recorded: false,
      notes: '',
      people: [],
      interviewers: me ? [me] : [],
    };
  }
  const { day, time } = fromUtc(iv.scheduled_at);
  return {
    template_id: iv.template.id,
    kind: iv.kind,
    day,
    time,
    duration: iv.duration_minutes != null ? String(iv.duration_minutes) : '',
    channel: iv.channel,
    location: iv.location ?? '',
    language: iv.language,
    interpreter_language: iv.interpreter_language ?? '',
    interpreter_name: iv.interpreter_name ?? '',
    recorded: iv.recorded,
    notes: iv.notes ?? '',
    people: iv.participants.map((a) => ({
      id: a.participant_id,
      name: a.name ?? '',
      language: a.language ?? '',
      attended: a.attended,
      profileConsent: null,
      recordingConsent: a.recording_consent,
    })),
    interviewers: iv.interviewers.map((i) => i.user_id),
  };
}

/** /interviews/new and /interviews/:id/edit. */
export default function InterviewPlanPage() {
  const { params } = useRoute();
  return params.id ? <EditInterview key={params.id} id={params.id} /> : <PlanForm initial={null} />;
}

function EditInterview({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const loaded = useLoad(() => getInterview(id, lang), [id, lang]);
  if (loaded.state !== 'ready') return <NotReady load={loaded} notFound={<InterviewNotFound />} />;
  const iv = loaded.data;
  if (iv.status !== 'planned')
    return (
      <section data-testid="not-editable">
        <h1>{t('interviews.edit_title')}</h1>
        <p>{t('interviews.not_editable')}</p>
        <p>
          <a href={`/interviews/${id}`}>{t('interviews.back_to_interview')}</a>
        </p>
      </section>
    );
  return <PlanForm key={iv.version} initial={iv} onReload={() => void loaded.reload(false)} />;
}

function PlanForm({ initial, onReload }: { initial: Interview | null; onReload?: () => void }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const role = me?.role;
  const { route, query } = useLocation();
  const editing = initial !== null;
  /** From a profile's "Plan an interview with …": /interviews/new?participant=<id>. */
  const prefillId = !editing && typeof query.participant === 'string' && query.participant ? query.participant : null;
  useTitle(editing ? t('interviews.edit_title') : t('interviews.plan_title'));
  const codes = useCodeLists(['languages', 'interview-kinds', 'interview-channels']);
  const listsStaff = can(role, 'members.view');
  const staff = useMembers();
  const [draft, setDraft] = useState<PlanDraft>(() => draftOf(initial, lang, me?.user.id));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  /** One Idempotency-Key per planned interview: reused when a lost answer is retried. */
  const idempotencyKey = useRef<string | null>(null);

  /** The questionnaires a new interview can use (published ones); a plan being changed keeps its own. */
  const templates = useLoad(async (): Promise<Template[]> => {
    if (editing) return [];
    const all = await listTemplates(lang);
    const items = all.filter((tpl) => tpl.published_version != null);
    // With one template, it is the one.
    if (items.length === 1) setDraft((d) => (d.template_id ? d : { ...d, template_id: items[0]!.id }));
    return items;
  }, [lang, editing]);

  const set = <K extends keyof PlanDraft>(key: K) => (value: PlanDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const err = (id: string) => errors[id] ?? null;

  const show = (found: Record<string, string>, message: string | null) => {
    setErrors(found);
    setGeneral(message ?? (Object.keys(found).length ? t('interviews.check_fields') : null));
    focusFirstProblem(Object.keys(found));
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setConflict(false);
    const local = validatePlan(draft, editing);
    if (Object.keys(local).length) {
      show(Object.fromEntries(Object.entries(local).map(([k, v]) => [k, t(v)])), null);
      return;
    }
    setBusy(true);
    setErrors({});
    setGeneral(null);
    try {
      if (!initial) {
        idempotencyKey.current ??= uuid();
        try {
          const created = await unwrap(
            api.POST('/api/v1/interviews', {
              params: { header: { 'Idempotency-Key': idempotencyKey.current }, query: { lang } },
              body: createBody(draft, listsStaff),
            }),
          );
          idempotencyKey.current = null;
          setFlash(t('interviews.planned_notice'));
          route(`/interviews/${created.id}`);
        } catch (error) {
          // The server answered: the next try is a new request. No answer: retry with the same key.
          if (error instanceof ApiError && error.status < 500) idempotencyKey.current = null;
          throw error;
        }
      } else {
        await unwrap(
          api.PATCH('/api/v1/interviews/{id}', {
            params: { path: { id: initial.id }, query: { lang } },
            body: patchBody(draft, initial.version, listsStaff),
          }),
        );
        setFlash(t('interviews.saved_notice'));
        route(`/interviews/${initial.id}`);
      }
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
    if (error instanceof ApiError && error.code === 'consent_required') {
      const ids = isProblem(error.problem) && Array.isArray(error.problem.participants) ? error.problem.participants : [];
      const names = draft.people.filter((p) => ids.includes(p.id)).map((p) => p.name || t('participants.unnamed'));
      show({ 'iv-recorded': t('interviews.recording_consent_missing', { names: names.join(', ') }) }, null);
      return;
    }
    const placed: Record<string, string> = {};
    const problem = error instanceof ApiError ? error.problem : null;
    const fields = isProblem(problem) && Array.isArray(problem.errors) ? problem.errors : [];
    for (const f of fields) {
      const id = planFieldId(f.field);
      if (id && !placed[id]) placed[id] = t(serverMessage(f.field, f.code) as PlanMessage);
    }
    const e = formError(error, (field) => planFieldId(field) !== null);
    show(placed, e.general ? t(e.general) : null);
  };

  // The person from the profile, added to a new individual interview once loaded.
  const [prefill, setPrefill] = useState<'loading' | 'done'>(prefillId ? 'loading' : 'done');
  useEffect(() => {
    if (!prefillId) return;
    let live = true;
    getParticipant(prefillId).then(
      (p) => {
        if (!live) return;
        setPrefill('done');
        if (p.status === 'archived') return setErrors({ 'iv-search': t('interviews.plan_error.archived') });
        setDraft((d) => (d.people.some((x) => x.id === p.id) ? d : { ...d, kind: 'individual', people: [...d.people, personOf(p, t)] }));
      },
      (error: unknown) => {
        if (!live) return;
        setPrefill('done');
        const unknown = error instanceof ApiError && (error.status === 404 || error.status === 403);
        setErrors({ 'iv-search': unknown ? t('interviews.plan_error.unknown_person') : t(problemKey(error)) });
      },
    );
    return () => {
      live = false;
    };
    // Once per page: the id comes from the address it was opened with.
  }, [prefillId]);

  const person = (i: number, change: Partial<Person>) =>
    setDraft((d) => ({ ...d, people: d.people.map((p, j) => (j === i ? { ...p, ...change } : p)) }));
  const addPerson = (p: ParticipantView) => {
    if (draft.people.some((x) => x.id === p.id)) return;
    setDraft((d) => ({ ...d, people: [...d.people, personOf(p, t)] }));
    setErrors((e) => {
      const { 'iv-search': _drop, ...rest } = e;
      void _drop;
      return rest;
    });
    // The Add button is disabled now: back to the search, for the next person.
    setTimeout(() => document.getElementById('iv-search')?.focus(), 0);
  };
  const removePerson = (i: number) => {
    setDraft((d) => ({ ...d, people: d.people.filter((_, j) => j !== i) }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !k.startsWith('iv-person-'))));
    setTimeout(() => document.getElementById('iv-search')?.focus(), 0);
  };

  const missingRecording = draft.recorded ? draft.people.filter((p) => p.attended && p.recordingConsent === false) : [];
  const languageOptions = codes.items('languages').map((l) => (
    <option key={l.code} value={l.code}>
      {l.label}
    </option>
  ));
  const templateTitle = initial?.template.title;

  return (
    <>
      <p class="breadcrumb">
        <a href={initial ? `/interviews/${initial.id}` : '/interviews'}>{initial ? t('interviews.back_to_interview') : t('interviews.back_to_list')}</a>
      </p>
      <h1>{editing ? t('interviews.edit_title') : t('interviews.plan_title')}</h1>
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}

      <form class="form participant-form plan-form" noValidate onSubmit={onSubmit} data-testid="interview-form">
        <FormSection id="iv-what" title={t('interviews.section_what')}>
          {editing ? (
            <p class="field" data-testid="template-title">
              <span class="primary">{t('interviews.template')}</span>
              <span dir="auto">{templateTitle}</span>
            </p>
          ) : templates.state !== 'loading' && templates.state !== 'ready' ? (
            <NotReady load={templates} inline />
          ) : (
            <SelectField id="iv-template" label={t('interviews.template')} value={draft.template_id} onValue={set('template_id')} error={err('iv-template')} required>
              <option value="">{templates.state === 'loading' ? t('common.loading') : t('interviews.choose_template')}</option>
              {templates.state === 'ready' &&
                templates.data.map((tpl) => (
                  <option key={tpl.id} value={tpl.id}>
                    {tpl.title}
                  </option>
                ))}
            </SelectField>
          )}
          <fieldset class="field" id="iv-kind" tabIndex={-1}>
            <legend>{t('interviews.kind')}</legend>
            <div class="choices choices-inline">
              {KINDS.map((k) => (
                <label class="check choice" key={k} for={`iv-kind-${k}`}>
                  <input type="radio" id={`iv-kind-${k}`} name="iv-kind" value={k} checked={draft.kind === k} onChange={() => set('kind')(k)} />
                  <span>{codes.label('interview-kinds', k)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        </FormSection>

        <FormSection id="iv-when" title={t('interviews.section_when')}>
          <TextField id="iv-day" type="date" label={t('interviews.date')} value={draft.day} onValue={set('day')} error={err('iv-day')} required />
          <TextField id="iv-time" type="time" step={300} label={t('interviews.time')} value={draft.time} onValue={set('time')} error={err('iv-time')} required />
          <TextField
            id="iv-duration"
            label={t('interviews.duration')}
            hint={t('interviews.duration_hint')}
            inputMode="numeric"
            value={draft.duration}
            onValue={set('duration')}
            error={err('iv-duration')}
            maxLength={3}
            autoComplete="off"
          />
          <SelectField id="iv-channel" label={t('interviews.channel')} value={draft.channel} onValue={(v) => set('channel')((CHANNELS as readonly string[]).includes(v) ? (v as InterviewChannel) : 'in_person')}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {codes.label('interview-channels', c)}
              </option>
            ))}
          </SelectField>
          <TextField id="iv-location" label={t('interviews.location')} hint={t('interviews.location_hint')} value={draft.location} onValue={set('location')} error={err('iv-location')} dir="auto" maxLength={200} autoComplete="off" />
        </FormSection>

        <FormSection id="iv-languages" title={t('interviews.section_languages')}>
          <SelectField id="iv-language" label={t('interviews.interview_language')} value={draft.language} onValue={set('language')} error={err('iv-language')} required>
            <option value="">{t('interviews.choose_language')}</option>
            {languageOptions}
          </SelectField>
          <SelectField id="iv-interpreter-language" label={t('interviews.interpreter_language')} value={draft.interpreter_language} onValue={set('interpreter_language')} error={err('iv-interpreter-language')}>
            <option value="">{t('interviews.no_interpreter')}</option>
            {languageOptions}
          </SelectField>
          {draft.interpreter_language && (
            <TextField id="iv-interpreter-name" label={t('interviews.interpreter_name')} value={draft.interpreter_name} onValue={set('interpreter_name')} error={err('iv-interpreter-name')} dir="auto" maxLength={200} autoComplete="off" />
          )}
        </FormSection>

        <FormSection id="iv-people" title={t('interviews.participants')} hint={draft.kind === 'group' ? t('interviews.group_hint') : t('interviews.individual_hint')}>
          <PeoplePicker chosen={draft.people.map((p) => p.id)} onAdd={addPerson} error={err('iv-search')} />
          {prefill === 'loading' && (
            <p class="hint" role="status" data-testid="prefill-loading">
              {t('common.loading')}
            </p>
          )}
          {draft.people.length > 0 && (
            <ol class="rows people-rows" data-testid="people">
              {draft.people.map((p, i) => (
                <li class="row person-row" key={p.id} id={`iv-person-${i}`} tabIndex={-1} data-testid="person" data-id={p.id}>
                  <p class="primary row-title">
                    <bdi>{p.name || t('participants.unnamed')}</bdi>
                  </p>
                  {p.profileConsent === false && (
                    <p class="warning" data-testid="no-profile-consent">
                      {t('interviews.no_profile_consent')}
                    </p>
                  )}
                  {err(`iv-person-${i}`) && <p class="field-error">{err(`iv-person-${i}`)}</p>}
                  <SelectField
                    id={`iv-person-${i}-language`}
                    label={t('interviews.shown_in', { name: p.name })}
                    value={p.language}
                    onValue={(language) => person(i, { language })}
                    error={err(`iv-person-${i}-language`)}
                  >
                    <option value="">{t('interviews.shown_in_none')}</option>
                    {p.language && !LANGUAGES.some((l) => l.code === p.language) && <option value={p.language}>{codes.label('languages', p.language)}</option>}
                    {LANGUAGES.map((l) => (
                      <option key={l.code} value={l.code}>
                        {codes.label('languages', l.code)}
                      </option>
                    ))}
                  </SelectField>
                  {editing && (
                    <CheckField id={`iv-person-${i}-attended`} label={t('interviews.attended')} checked={p.attended} onChecked={(attended) => person(i, { attended })} />
                  )}
                  <button type="button" class="secondary small remove-row" onClick={() => removePerson(i)} data-testid="remove-person">
                    {t('interviews.remove_named', { name: p.name })}
                  </button>
                </li>
              ))}
            </ol>
          )}
        </FormSection>

        <FormSection id="iv-conduct" title={t('interviews.section_conduct')}>
          {listsStaff ? (
            <fieldset class="field" id="iv-interviewers" tabIndex={-1} aria-describedby={err('iv-interviewers') ? 'iv-interviewers-error' : undefined}>
              <legend>{t('interviews.interviewers')}</legend>
              <CheckGrid
                items={staff.members
                  .filter((m) => m.role === 'admin' || m.role === 'coordinator' || m.role === 'adviser' || draft.interviewers.includes(m.user_id))
                  .map((m) => ({ value: m.user_id, label: m.display_name }))}
                chosen={draft.interviewers}
                onToggle={(id, on) => setDraft((d) => ({ ...d, interviewers: toggled(d.interviewers, id, on) }))}
              />
              <p class="hint">{t('interviews.interviewers_hint')}</p>
              {err('iv-interviewers') && (
                <p class="field-error" id="iv-interviewers-error">
                  {err('iv-interviewers')}
                </p>
              )}
            </fieldset>
          ) : (
            <p class="field" data-testid="interviewers">
              <span class="primary">{t('interviews.interviewers')}</span>
              <span>{initial ? initial.interviewers.map((i) => i.name).join(', ') : t('interviews.you_conduct', { name: me?.user.display_name ?? '' })}</span>
            </p>
          )}
          <CheckField
            id="iv-recorded"
            label={t('interviews.recorded')}
            hint={t('interviews.recorded_hint')}
            checked={draft.recorded}
            onChecked={set('recorded')}
            error={err('iv-recorded') ?? (missingRecording.length ? t('interviews.recording_consent_missing', { names: missingRecording.map((p) => p.name).join(', ') }) : null)}
          />
          <TextAreaField id="iv-notes" label={t('interviews.notes')} hint={t('interviews.notes_hint')} value={draft.notes} onValue={set('notes')} error={err('iv-notes')} maxLength={5000} rows={3} />
        </FormSection>

        <FormProblem conflict={conflict} conflictText={t('interviews.version_conflict')} reloadLabel={t('interviews.reload')} onReload={onReload} general={general} />
        <FormFooter busy={busy} submitLabel={editing ? t('interviews.save') : t('interviews.plan_submit')} cancelHref={initial ? `/interviews/${initial.id}` : prefillId ? `/participants/${encodeURIComponent(prefillId)}?tab=interviews` : '/interviews'} />
      </form>
    </>
  );
}

/** Finds participants by name (GET /participants?q=) and adds them. */
function PeoplePicker({ chosen, onAdd, error }: { chosen: readonly string[]; onAdd: (p: ParticipantView) => void; error: string | null }) {
  const { t, lang } = useI18n();
  const codes = useCodeLists(['languages']);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ status: 'idle' | 'searching' } | { status: 'error'; key: ProblemKey } | { status: 'done'; items: ParticipantView[] }>({
    status: 'idle',
  });
  const seq = useRef(0);
  useEffect(() => {
    const text = q.trim();
    const mine = ++seq.current;
    if (!text) {
      setFound({ status: 'idle' });
      return;
    }
    const timer = setTimeout(() => {
      setFound({ status: 'searching' });
      listParticipants({ q: text, limit: 10, sort: 'name' }).then(
        (page) => mine === seq.current && setFound({ status: 'done', items: page.items }),
        (e: unknown) => mine === seq.current && setFound({ status: 'error', key: problemKey(e) }),
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q]);
  const sep = lang === 'ar' || lang === 'fa' ? '، ' : ', ';
  return (
    <div class="people-picker">
      <TextField
        id="iv-search"
        type="search"
        label={t('interviews.find_participant')}
        hint={t('interviews.find_participant_hint')}
        value={q}
        onValue={setQ}
        error={error}
        autoComplete="off"
        dir="auto"
        maxLength={100}
        enterKeyHint="search"
        testId="participant-search"
      />
      <p class="visually-hidden" role="status">
        {found.status === 'searching' ? t('common.loading') : found.status === 'done' ? t('interviews.found_n', { n: found.items.length }) : ''}
      </p>
      {found.status === 'error' && <p class="field-error">{t(found.key)}</p>}
      {found.status === 'done' && found.items.length === 0 && <p class="hint">{t('interviews.found_none')}</p>}
      {found.status === 'done' && found.items.length > 0 && (
        <ul class="card-list found-people" data-testid="found-people">
          {found.items.map((p) => {
            const added = chosen.includes(participantRef(p));
            return (
              <li class="card-item" key={p.id} data-testid="found-person" data-id={p.id}>
                <div class="card-main">
                  <p class="primary">
                    <bdi>{displayName(p, t)}</bdi>
                  </p>
                  {p.languages?.length ? <p class="meta">{p.languages.map((l) => codes.label('languages', l.language)).join(sep)}</p> : null}
                </div>
                <button
                  type="button"
                  class="secondary small"
                  disabled={added}
                  onClick={() => onAdd(p)}
                  data-testid="add-person"
                  aria-label={added ? t('interviews.added_named', { name: displayName(p, t) }) : t('interviews.add_named', { name: displayName(p, t) })}
                >
                  {added ? t('interviews.added') : t('interviews.add')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
