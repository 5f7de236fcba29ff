import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { useCodeLists, type CodeLists } from '../api/codeLists';
import { ApiError, formError, unwrap, type FormError } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { CheckField, ConfirmDialog, ErrorMessage, fieldMessage, SelectField, SuccessMessage, TextField } from '../components/forms';
import { LoadError, Loading, NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { formatDay } from '../format';
import { useI18n } from '../i18n';
import { displayName, participantRef } from '../participants/common';
import type { ParticipantView } from '../participants/model';
import { listSkills, type Certificate, type ConceptHit, type ConceptRef, type ParticipantSkill, type SkillInput, type SkillLevel } from './model';
import { SkillPicker } from './SkillPicker';

/** Views in which skills may be changed (api/src/routes/participant_skills.rs, may_edit). */
export const SKILL_EDIT_VIEWS = ['full', 'limited', 'own'] as const;

const FIELDS = [
  'skill_uri',
  'level',
  'years',
  'acquired',
  'evidence',
  'certificate',
  'certificate.name',
  'certificate.issuer',
  'certificate.issued',
  'certificate.expires',
] as const;

interface CertDraft {
  on: boolean;
  name: string;
  issuer: string;
  issued: string;
  expires: string;
}
const noCert: CertDraft = { on: false, name: '', issuer: '', issued: '', expires: '' };
const certOf = (c: Certificate | null | undefined): CertDraft =>
  c ? { on: true, name: c.name, issuer: c.issuer ?? '', issued: c.issued ?? '', expires: c.expires ?? '' } : noCert;
const certBody = (c: CertDraft): Certificate | null =>
  c.on ? { name: c.name.trim(), issuer: c.issuer.trim() || null, issued: c.issued || null, expires: c.expires || null } : null;

/** Messages by field for a failed add or change; a 409 conflict is shown at the skill. */
function skillError(error: unknown): FormError {
  if (error instanceof ApiError && error.code === 'conflict')
    return { fields: { skill_uri: 'field_error.already_has' }, general: null, retryAfter: null };
  return formError(error, FIELDS as readonly string[]);
}

const optionList = (codes: CodeLists, name: 'skill-levels' | 'skill-acquired' | 'skill-evidence') =>
  codes.items(name).map((i) => (
    <option key={i.code} value={i.code}>
      {i.label}
    </option>
  ));

/** The Skills tab of a profile: the list, and for who may change them, add, edit, remove and "add from an occupation". */
export default function SkillsTab({ p }: { p: ParticipantView }) {
  const { t, lang } = useI18n();
  const codes = useCodeLists(['skill-levels', 'skill-acquired', 'skill-evidence']);
  const editable = (SKILL_EDIT_VIEWS as readonly string[]).includes(p.view) && p.status === 'active';
  const list = useLoad(() => listSkills(participantRef(p), lang), [p.id, lang]);
  const load = () => list.reload();
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<ParticipantSkill | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<ProblemKey | null>(null);

  const remove = async () => {
    if (!removing) return;
    setBusy(true);
    setDialogError(null);
    try {
      await unwrap(api.DELETE('/api/v1/participants/{id}/skills/{skill_id}', { params: { path: { id: participantRef(p), skill_id: removing.id } } }));
      setNotice(t('skills.removed', { skill: removing.skill.label }));
      setRemoving(null);
      await load();
    } catch (error) {
      setDialogError(problemKey(error));
    } finally {
      setBusy(false);
    }
  };

  const held = list.state === 'ready' ? list.data.map((s) => s.skill.uri) : [];

  return (
    <div data-testid="skills-tab">
      {notice && <SuccessMessage testId="skills-notice">{notice}</SuccessMessage>}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.length === 0 ? (
        <p class="hint" data-testid="no-skills">
          {t('skills.none')}
        </p>
      ) : (
        <ul class="card-list" data-testid="skills">
          {list.data.map((s) => (
            <li class="card-item skill-item" key={s.id} data-testid="skill" data-uri={s.skill.uri}>
              {editing === s.id ? (
                <EditSkill
                  participantId={participantRef(p)}
                  skill={s}
                  codes={codes}
                  onDone={async (changed) => {
                    setEditing(null);
                    if (changed) {
                      setNotice(t('skills.changed', { skill: s.skill.label }));
                      await load();
                    }
                  }}
                  onStale={load}
                />
              ) : (
                <>
                  <div class="card-main">
                    <p class="primary">
                      <bdi>{s.skill.label}</bdi> <span class="pill pill-level">{codes.label('skill-levels', s.level)}</span>
                      {s.skill.status === 'obsolete' && <span class="badge">{t('skills.obsolete')}</span>}
                    </p>
                    <p class="meta">
                      {[
                        s.years != null ? t('skills.years_n', { n: s.years }) : null,
                        s.acquired ? codes.label('skill-acquired', s.acquired) : null,
                        codes.label('skill-evidence', s.evidence),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                    {s.certificate && (
                      <div class="meta certificate" data-testid="certificate">
                        <p>
                          {t('skills.certificate')}: <bdi>{s.certificate.name}</bdi>
                        </p>
                        {s.certificate.issuer && (
                          <p>
                            {t('skills.cert_issuer')}: <bdi>{s.certificate.issuer}</bdi>
                          </p>
                        )}
                        {(s.certificate.expires || s.certificate_expired) && (
                          <p>
                            {s.certificate.expires && t('skills.expires_on', { date: formatDay(s.certificate.expires, lang) })}{' '}
                            {s.certificate_expired && (
                              <span class="pill pill-revoked" data-testid="expired">
                                {t('skills.expired')}
                              </span>
                            )}
                          </p>
                        )}
                      </div>
                    )}
                  </div>
                  {editable && (
                    <div class="actions">
                      <button type="button" class="secondary small" onClick={() => setEditing(s.id)} data-testid="edit-skill">
                        {t('skills.edit')}
                      </button>
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() => {
                          setDialogError(null);
                          setRemoving(s);
                        }}
                        data-testid="remove-skill"
                      >
                        {t('skills.remove')}
                      </button>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      {editable && (
        <>
          <AddSkill
            participantId={participantRef(p)}
            codes={codes}
            onAdded={async (label) => {
              setNotice(t('skills.added', { skill: label }));
              await load();
            }}
          />
          <FromOccupation participantId={participantRef(p)} codes={codes} held={held} onDone={load} />
        </>
      )}

      {removing && (
        <ConfirmDialog
          title={t('skills.remove_title', { skill: removing.skill.label, name: displayName(p, t) })}
          confirmLabel={t('skills.remove_confirm')}
          onConfirm={() => void remove()}
          onCancel={() => setRemoving(null)}
          busy={busy}
          error={dialogError && t(dialogError)}
          testId="remove-skill-dialog"
        >
          <p>{t('skills.remove_text')}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

function CertificateFields({ prefix, cert, onCert, error }: { prefix: string; cert: CertDraft; onCert: (c: CertDraft) => void; error: FormError | null }) {
  const { t } = useI18n();
  return (
    <>
      <CheckField id={`${prefix}-cert`} label={t('skills.has_certificate')} checked={cert.on} onChecked={(on) => onCert({ ...cert, on })} />
      {cert.on && (
        <fieldset class="cert-fields">
          <legend>{t('skills.certificate')}</legend>
          <TextField
            id={`${prefix}-cert-name`}
            label={t('skills.cert_name')}
            value={cert.name}
            onValue={(name) => onCert({ ...cert, name })}
            error={fieldMessage(error, 'certificate.name') ?? fieldMessage(error, 'certificate')}
            dir="auto"
            maxLength={200}
            required
          />
          <TextField id={`${prefix}-cert-issuer`} label={t('skills.cert_issuer')} value={cert.issuer} onValue={(issuer) => onCert({ ...cert, issuer })} error={fieldMessage(error, 'certificate.issuer')} dir="auto" maxLength={200} />
          <TextField id={`${prefix}-cert-issued`} type="date" label={t('skills.cert_issued')} value={cert.issued} onValue={(issued) => onCert({ ...cert, issued })} error={fieldMessage(error, 'certificate.issued')} />
          <TextField id={`${prefix}-cert-expires`} type="date" label={t('skills.cert_expires')} value={cert.expires} onValue={(expires) => onCert({ ...cert, expires })} error={fieldMessage(error, 'certificate.expires')} />
        </fieldset>
      )}
    </>
  );
}

/** Checks what the server would refuse anyway, so the person sees it at once. */
function localErrors(level: string, cert: CertDraft, years?: string): FormError | null {
  const fields: FormError['fields'] = {};
  if (!level) fields.level = 'field_error.required';
  if (years !== undefined && years.trim() && !/^\d{1,2}$/.test(years.trim())) fields.years = 'field_error.range';
  if (cert.on && !cert.name.trim()) fields['certificate.name'] = 'field_error.required';
  if (cert.on && cert.issued && cert.expires && cert.expires < cert.issued) fields['certificate.expires'] = 'field_error.before_issued';
  return Object.keys(fields).length ? { fields, general: null, retryAfter: null } : null;
}

function AddSkill({ participantId, codes, onAdded }: { participantId: string; codes: CodeLists; onAdded: (label: string) => Promise<void> }) {
  const { t, lang } = useI18n();
  const [skill, setSkill] = useState<ConceptHit | null>(null);
  const [level, setLevel] = useState('');
  const [years, setYears] = useState('');
  const [acquired, setAcquired] = useState('');
  const [evidence, setEvidence] = useState('self_declared');
  const [cert, setCert] = useState<CertDraft>(noCert);
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const [formKey, setFormKey] = useState(0);

  const submit = async (event: Event) => {
    event.preventDefault();
    const local = localErrors(level, cert, years);
    if (!skill) {
      setError({ fields: { ...local?.fields, skill_uri: 'field_error.required' }, general: null, retryAfter: null });
      return;
    }
    if (local) return setError(local);
    setError(null);
    setBusy(true);
    try {
      const body: SkillInput = {
        skill_uri: skill.uri,
        level: level as SkillLevel,
        years: years.trim() ? Number(years) : null,
        acquired: (acquired || null) as SkillInput['acquired'],
        evidence: evidence as SkillInput['evidence'] & string,
        certificate: certBody(cert),
      };
      await unwrap(api.POST('/api/v1/participants/{id}/skills', { params: { path: { id: participantId }, query: { lang } }, body }));
      const label = skill.label;
      setSkill(null);
      setLevel('');
      setYears('');
      setAcquired('');
      setEvidence('self_declared');
      setCert(noCert);
      setFormKey((k) => k + 1); // a fresh, empty picker
      await onAdded(label);
    } catch (err) {
      setError(skillError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" aria-labelledby="add-skill-heading">
      <h2 id="add-skill-heading">{t('skills.add_heading')}</h2>
      <form class="form" noValidate onSubmit={submit} data-testid="add-skill">
        <SkillPicker
          key={formKey}
          id="skill-pick"
          kind="skills"
          label={t('skills.skill')}
          hint={t('skills.skill_hint')}
          onPick={setSkill}
          error={fieldMessage(error, 'skill_uri')}
          required
          testId="skill-picker"
        />
        <div class="form-row">
          <SelectField id="skill-level" label={t('skills.level')} value={level} onValue={setLevel} error={fieldMessage(error, 'level')} required>
            <option value="">{t('skills.choose_level')}</option>
            {optionList(codes, 'skill-levels')}
          </SelectField>
          <TextField id="skill-years" label={t('skills.years')} value={years} onValue={setYears} inputMode="numeric" maxLength={2} error={fieldMessage(error, 'years')} dir="ltr" />
        </div>
        <SelectField id="skill-acquired" label={t('skills.acquired')} value={acquired} onValue={setAcquired} error={fieldMessage(error, 'acquired')}>
          <option value="">{t('skills.not_said')}</option>
          {optionList(codes, 'skill-acquired')}
        </SelectField>
        <SelectField id="skill-evidence" label={t('skills.evidence')} value={evidence} onValue={setEvidence} error={fieldMessage(error, 'evidence')}>
          {optionList(codes, 'skill-evidence')}
        </SelectField>
        <CertificateFields prefix="skill" cert={cert} onCert={setCert} error={error} />
        {error?.general && <ErrorMessage testId="add-skill-error">{t(error.general)}</ErrorMessage>}
        <button type="submit" disabled={busy} data-testid="add-skill-submit">
          {busy ? t('common.working') : t('skills.add')}
        </button>
      </form>
    </section>
  );
}

function EditSkill({
  participantId,
  skill,
  codes,
  onDone,
  onStale,
}: {
  participantId: string;
  skill: ParticipantSkill;
  codes: CodeLists;
  onDone: (changed: boolean) => Promise<void>;
  onStale: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const [level, setLevel] = useState<string>(skill.level);
  const [evidence, setEvidence] = useState<string>(skill.evidence);
  const [cert, setCert] = useState<CertDraft>(certOf(skill.certificate));
  const [error, setError] = useState<FormError | null>(null);
  const [busy, setBusy] = useState(false);
  const prefix = `edit-${skill.id}`;

  const save = async (event: Event) => {
    event.preventDefault();
    const local = localErrors(level, cert);
    if (local) return setError(local);
    const patch: Record<string, unknown> = { version: skill.version };
    if (level !== skill.level) patch.level = level;
    if (evidence !== skill.evidence) patch.evidence = evidence;
    const before = JSON.stringify(skill.certificate ?? null);
    const after = certBody(cert);
    if (JSON.stringify(after) !== before) patch.certificate = after;
    if (Object.keys(patch).length === 1) return void onDone(false);
    setBusy(true);
    setError(null);
    try {
      await unwrap(
        api.PATCH('/api/v1/participants/{id}/skills/{skill_id}', {
          params: { path: { id: participantId, skill_id: skill.id }, query: { lang } },
          body: patch as { version: number },
          headers: { 'Content-Type': 'application/merge-patch+json' },
        }),
      );
      await onDone(true);
    } catch (err) {
      setError(skillError(err));
      if (err instanceof ApiError && err.code === 'version_conflict') await onStale();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="form skill-edit" noValidate onSubmit={save} data-testid="edit-skill-form">
      <p class="primary">
        <bdi>{skill.skill.label}</bdi>
      </p>
      <SelectField id={`${prefix}-level`} label={t('skills.level')} value={level} onValue={setLevel} error={fieldMessage(error, 'level')}>
        {optionList(codes, 'skill-levels')}
      </SelectField>
      <SelectField id={`${prefix}-evidence`} label={t('skills.evidence')} value={evidence} onValue={setEvidence} error={fieldMessage(error, 'evidence')}>
        {optionList(codes, 'skill-evidence')}
      </SelectField>
      <CertificateFields prefix={prefix} cert={cert} onCert={setCert} error={error} />
      {error?.general && <ErrorMessage testId="edit-skill-error">{t(error.general)}</ErrorMessage>}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="save-skill">
          {busy ? t('common.working') : t('skills.save')}
        </button>
        <button type="button" class="secondary" disabled={busy} onClick={() => void onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

type Outcome = { status: 'waiting' } | { status: 'adding' } | { status: 'added' } | { status: 'failed'; message: string };

/** "Add from an occupation": the essential skills of a job the person held that they lack, confirmed one by one. */
function FromOccupation({ participantId, codes, held, onDone }: { participantId: string; codes: CodeLists; held: string[]; onDone: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const [occupation, setOccupation] = useState<ConceptHit | null>(null);
  const [state, setState] = useState<{ status: 'idle' } | { status: 'loading' } | { status: 'error'; key: ProblemKey } | { status: 'ready'; items: ConceptRef[] }>({
    status: 'idle',
  });
  const [chosen, setChosen] = useState<Record<string, { on: boolean; level: string }>>({});
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [running, setRunning] = useState(false);
  const [pickerKey, setPickerKey] = useState(0);

  const suggest = async (occ: ConceptHit | null) => {
    setOccupation(occ);
    setOutcomes({});
    if (!occ) return setState({ status: 'idle' });
    setState({ status: 'loading' });
    try {
      const items = await unwrap(
        api.GET('/api/v1/participants/{id}/skill-suggestions', { params: { path: { id: participantId }, query: { occupation_uri: occ.uri, lang } } }),
      );
      setChosen(Object.fromEntries(items.map((s) => [s.uri, { on: true, level: 'basic' }])));
      setState({ status: 'ready', items });
    } catch (error) {
      setState({ status: 'error', key: problemKey(error) });
    }
  };

  const items = state.status === 'ready' ? state.items.filter((s) => !held.includes(s.uri) || outcomes[s.uri]) : [];
  const selected = items.filter((s) => chosen[s.uri]?.on && outcomes[s.uri]?.status !== 'added');
  const done = Object.values(outcomes).filter((o) => o.status === 'added' || o.status === 'failed').length;
  const total = Object.keys(outcomes).length;
  const failed = Object.values(outcomes).filter((o) => o.status === 'failed').length;

  const confirm = async () => {
    const todo = selected;
    if (!todo.length) return;
    setRunning(true);
    setOutcomes(Object.fromEntries(todo.map((s) => [s.uri, { status: 'waiting' } as Outcome])));
    for (const s of todo) {
      setOutcomes((o) => ({ ...o, [s.uri]: { status: 'adding' } }));
      try {
        await unwrap(
          api.POST('/api/v1/participants/{id}/skills', {
            params: { path: { id: participantId }, query: { lang } },
            body: { skill_uri: s.uri, level: (chosen[s.uri]?.level ?? 'basic') as SkillLevel, evidence: 'self_declared' },
          }),
        );
        setOutcomes((o) => ({ ...o, [s.uri]: { status: 'added' } }));
      } catch (error) {
        const e = skillError(error);
        const key = e.fields.skill_uri ?? e.general ?? 'problem.generic';
        setOutcomes((o) => ({ ...o, [s.uri]: { status: 'failed', message: t(key) } }));
      }
    }
    setRunning(false);
    await onDone();
  };

  return (
    <section class="card" aria-labelledby="from-occupation-heading" data-testid="from-occupation">
      <h2 id="from-occupation-heading">{t('skills.from_occupation_heading')}</h2>
      <p class="hint">{t('skills.from_occupation_intro')}</p>
      <SkillPicker key={pickerKey} id="occupation-pick" kind="occupations" label={t('skills.occupation')} onPick={(o) => void suggest(o)} testId="occupation-picker" />
      {state.status === 'loading' && <Loading />}
      {state.status === 'error' && <LoadError messageKey={state.key} onRetry={() => void suggest(occupation)} />}
      {state.status === 'ready' &&
        (items.length === 0 ? (
          <p class="hint" data-testid="no-suggestions">
            {t('skills.no_suggestions')}
          </p>
        ) : (
          <fieldset class="suggestions" disabled={running}>
            <legend>{t('skills.suggestions', { occupation: occupation?.label ?? '' })}</legend>
            <ul class="card-list" data-testid="suggestions">
              {items.map((s) => {
                const c = chosen[s.uri] ?? { on: false, level: 'basic' };
                const o = outcomes[s.uri];
                return (
                  <li class="card-item" key={s.uri} data-testid="suggestion" data-uri={s.uri} data-outcome={o?.status}>
                    <label class="check">
                      <input
                        type="checkbox"
                        checked={c.on}
                        disabled={o?.status === 'added'}
                        onChange={(e) => setChosen((m) => ({ ...m, [s.uri]: { ...c, on: e.currentTarget.checked } }))}
                      />
                      <bdi>{s.label}</bdi>
                    </label>
                    <span class="suggestion-side">
                      <select
                        aria-label={t('skills.level_of', { skill: s.label })}
                        value={c.level}
                        disabled={!c.on || o?.status === 'added'}
                        onChange={(e) => setChosen((m) => ({ ...m, [s.uri]: { ...c, level: e.currentTarget.value } }))}
                      >
                        {optionList(codes, 'skill-levels')}
                      </select>
                      {o?.status === 'added' && <span class="pill pill-active">{t('skills.added_one')}</span>}
                      {o?.status === 'adding' && <span class="hint">{t('common.working')}</span>}
                    </span>
                    {o?.status === 'failed' && (
                      <p class="field-error" data-testid="suggestion-error">
                        {o.message}
                      </p>
                    )}
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ))}
      {total > 0 && (
        <p role="status" class="hint" data-testid="occupation-progress">
          {running ? t('skills.progress', { done, total }) : failed ? t('skills.progress_failed', { done: done - failed, failed }) : t('skills.progress_done', { done })}
        </p>
      )}
      {state.status === 'ready' && items.length > 0 && (
        <div class="actions">
          <button type="button" disabled={running || selected.length === 0} onClick={() => void confirm()} data-testid="add-suggestions">
            {t('skills.add_selected', { n: selected.length })}
          </button>
          <button
            type="button"
            class="secondary"
            disabled={running}
            onClick={() => {
              setPickerKey((k) => k + 1);
              void suggest(null);
            }}
          >
            {t('common.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
