import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { api } from '../api/client';
import { useCodeLists } from '../api/codeLists';
import { ApiError, formError, unwrap } from '../api/errors';
import { isProblem, problemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { setFlash } from '../components/flash';
import { CheckField, CheckGrid, focusFirstProblem, FormFooter, FormProblem, FormSection, SelectField, TextAreaField, TextField, toggled } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { LANGUAGES } from '../i18n/languages';
import { useMembers } from '../participants/common';
import { getParticipant, type ParticipantView } from '../participants/model';
import { uuid } from '../participants/text';
import { InterviewNotFound } from './InterviewNotFound';
import { getInterview, listTemplates, type Interview, type InterviewChannel, type Template } from './model';
import { PeoplePicker } from './PeoplePicker';
import { CHANNELS, createBody, draftOf, KINDS, patchBody, personOf, planFieldId, serverMessage, validatePlan, type Person, type PlanDraft, type PlanMessage } from './planDraft';
import './interviews.css';

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
