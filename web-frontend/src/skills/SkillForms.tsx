// Adding a skill to a profile and changing one: the skill (from the taxonomy), its level, where it
// was acquired, the evidence and an optional certificate, checked here before the server checks them.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { CodeLists } from '../api/codeLists';
import { ApiError, formError, unwrap, type FormError } from '../api/errors';
import { CheckField, ErrorMessage, fieldMessage, SelectField, TextField } from '../components/forms';
import { useI18n } from '../i18n';
import type { Certificate, ConceptHit, ParticipantSkill, SkillInput, SkillLevel } from './model';
import { SkillPicker } from './SkillPicker';

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
export function skillError(error: unknown): FormError {
  if (error instanceof ApiError && error.code === 'conflict')
    return { fields: { skill_uri: 'field_error.already_has' }, general: null, retryAfter: null };
  return formError(error, FIELDS as readonly string[]);
}

export const optionList = (codes: CodeLists, name: 'skill-levels' | 'skill-acquired' | 'skill-evidence') =>
  codes.items(name).map((i) => (
    <option key={i.code} value={i.code}>
      {i.label}
    </option>
  ));

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

export function AddSkill({ participantId, codes, onAdded }: { participantId: string; codes: CodeLists; onAdded: (label: string) => Promise<void> }) {
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

export function EditSkill({
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
