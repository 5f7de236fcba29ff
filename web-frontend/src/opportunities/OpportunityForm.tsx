// /opportunities/new and /opportunities/:id/edit — a partner (or staff on a
// partner's behalf) posts an opportunity: kind; title and description in
// Slovenian and English (and other languages); the provider; place, hours,
// dates; pay and contract; places and deadline; and what it asks for:
// skills from the taxonomy ("fill from an occupation" fills the needed and
// helpful ones from its essential and optional skills), languages with a
// CEFR minimum, education; and for a course, the skills it teaches.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { ApiError, formError, type FormError } from '../api/errors';
import { useAuth } from '../auth/auth';
import { setFlash } from '../components/flash';
import { CheckField, fieldMessage, FormProblem, SelectField, TextAreaField, TextField } from '../components/forms';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { LANGUAGES, useI18n } from '../i18n';
import { SkillPicker } from '../skills/SkillPicker';
import type { ConceptHit } from '../skills/model';
import { CONTRACTS, createOpportunity, getOpportunity, KINDS, occupationSkills, PAY_PERIODS, patchOpportunity, PLACES, type Opportunity, type OpportunityStatus, type SkillRef } from './api';
import { addSkills, draftOf, emptyDraft, fieldsOf, patchOf, statusChoices, TEXT_LANGS, type Draft } from './draft';
import { useOppCodes } from './parts';
import { useMembers } from '../participants/common';
import { can } from '../auth/roles';

export default function OpportunityFormPage() {
  const { params } = useRoute();
  const { t } = useI18n();
  const editing = Boolean(params.id);
  useTitle(editing ? t('opportunities.form_edit') : t('opportunities.form_new'));
  const existing = useLoad(() => (params.id ? getOpportunity(params.id) : Promise.resolve(null)), [params.id]);
  if (existing.state !== 'ready') return <NotReady load={existing} />;
  return <Form key={existing.data?.id ?? 'new'} existing={existing.data} onReload={() => void existing.reload(false)} />;
}

const SKILL_LISTS = ['essential', 'optional', 'teaches'] as const;
type SkillList = (typeof SKILL_LISTS)[number];
const SERVER_FIELD: Record<SkillList, string> = { essential: 'essential_skills', optional: 'optional_skills', teaches: 'teaches_skills' };

function Form({ existing, onReload }: { existing: Opportunity | null; onReload: () => void }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const { route } = useLocation();
  const codes = useOppCodes();
  // Staff who see the members post on a partner's behalf: they choose the partner member.
  const staff = can(me?.role, 'members.view');
  const partners = useMembers().members.filter((m) => m.role === 'partner');
  const [d, setD] = useState<Draft>(() => (existing ? draftOf(existing) : emptyDraft()));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [filled, setFilled] = useState<string | null>(null);
  const [occError, setOccError] = useState<string | null>(null);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setD((x) => ({ ...x, [key]: value }));
  const setText = (which: 'title' | 'description', l: string, v: string) => setD((x) => ({ ...x, [which]: { ...x[which], [l]: v } }));
  const err = (field: string) => fieldMessage(error, field);
  const langName = (code: string) => LANGUAGES.find((l) => l.code === code)?.name ?? code;

  const fillFrom = async (occ: ConceptHit | null) => {
    setOccError(null);
    if (!occ) return;
    try {
      const c = await occupationSkills(occ.uri, lang);
      setD((x) => {
        const essential = addSkills(x.essential, c.essential_skills);
        const optional = addSkills(x.optional, c.optional_skills, essential);
        return { ...x, occupation_uri: occ.uri, essential, optional };
      });
      setFilled(t('opportunities.filled_from', { occupation: occ.label, essential: c.essential_skills.length, optional: c.optional_skills.length }));
    } catch {
      setOccError(t('problem.network'));
    }
  };
  const addSkill = (list: SkillList, hit: ConceptHit | null) => {
    if (!hit) return;
    setD((x) => ({ ...x, [list]: addSkills(x[list], [hit]) }));
  };
  const removeSkill = (list: SkillList, uri: string) => setD((x) => ({ ...x, [list]: x[list].filter((s) => s.uri !== uri) }));

  const save = async (status: OpportunityStatus) => {
    setBusy(true);
    setError(null);
    setConflict(false);
    const hasTitle = Boolean(d.title.sl?.trim() || d.title.en?.trim());
    if (!hasTitle) {
      setError({ fields: { title: 'field_error.required' }, general: null, retryAfter: null });
      setBusy(false);
      document.getElementById('title-sl')?.focus();
      return;
    }
    try {
      const saved = existing
        ? await patchOpportunity(existing.id, { ...patchOf(d, status, existing, staff), version: existing.version })
        : await createOpportunity(fieldsOf(d, status, staff));
      setFlash(t('opportunities.saved'));
      route(`/opportunities/${saved.id}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'version_conflict') setConflict(true);
      else setError(formError(e, (f) => FIELDS.has(f.replace(/[[.].*$/, ''))));
    } finally {
      setBusy(false);
    }
  };
  // A field error named like `essential_skills[2]` shows at its list.
  const listErr = (field: string) => {
    const key = error && Object.entries(error.fields).find(([f]) => f.replace(/[[.].*$/, '') === field)?.[1];
    return key ? t(key) : null;
  };
  const course = d.kind === 'course' || d.kind === 'workshop' || d.kind === 'mentoring_programme';
  const [status, setStatus] = useState<OpportunityStatus>(existing?.status ?? 'draft');
  return (
    <form
      class="opportunities opp-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(existing ? status : 'open');
      }}
      data-testid="opportunity-form"
    >
      <h1>{existing ? t('opportunities.form_edit') : t('opportunities.form_new')}</h1>

      <fieldset>
        <legend>{t('opportunities.section_what')}</legend>
        <SelectField id="kind" label={t('opportunities.kind_label')} value={d.kind} onValue={(v) => set('kind', v as Draft['kind'])} error={err('kind')}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {codes.label('opportunity-kinds', k)}
            </option>
          ))}
        </SelectField>
        {existing && (
          <SelectField id="status" label={t('opportunities.status_label')} value={status} onValue={(v) => setStatus(v as OpportunityStatus)} error={err('status')}>
            {statusChoices(existing.status).map((s) => (
              <option key={s} value={s}>
                {codes.label('opportunity-statuses', s)}
              </option>
            ))}
          </SelectField>
        )}
        {TEXT_LANGS.slice(0, 2).map((l) => (
          <div key={l}>
            <TextField id={`title-${l}`} label={t('opportunities.title_in', { language: langName(l) })} value={d.title[l] ?? ''} onValue={(v) => setText('title', l, v)} error={l === 'sl' ? err('title') : null} maxLength={200} testId={`title-${l}`} dir="auto" />
            <TextAreaField id={`description-${l}`} label={t('opportunities.description_in', { language: langName(l) })} value={d.description[l] ?? ''} onValue={(v) => setText('description', l, v)} rows={4} maxLength={8000} testId={`description-${l}`} />
          </div>
        ))}
        <details>
          <summary>{TEXT_LANGS.slice(2).map(langName).join(' · ')}</summary>
          {TEXT_LANGS.slice(2).map((l) => (
            <div key={l}>
              <TextField id={`title-${l}`} label={t('opportunities.title_in', { language: langName(l) })} value={d.title[l] ?? ''} onValue={(v) => setText('title', l, v)} maxLength={200} dir="auto" />
              <TextAreaField id={`description-${l}`} label={t('opportunities.description_in', { language: langName(l) })} value={d.description[l] ?? ''} onValue={(v) => setText('description', l, v)} rows={3} maxLength={8000} />
            </div>
          ))}
        </details>
        {staff && (
          <SelectField id="partner-user" label={t('opportunities.partner_member')} value={d.partner_user_id} onValue={(v) => set('partner_user_id', v)} error={err('partner_user_id')}>
            <option value="">—</option>
            {partners.map((m) => (
              <option key={m.user_id} value={m.user_id}>
                {m.display_name} ({m.email})
              </option>
            ))}
          </SelectField>
        )}
        <div class="opp-row">
          <TextField id="provider-name" label={t('opportunities.provider_name')} value={d.provider_name} onValue={(v) => set('provider_name', v)} error={err('provider_name')} required maxLength={200} testId="provider-name" />
          <TextField id="provider-sector" label={t('opportunities.provider_sector')} value={d.provider_sector} onValue={(v) => set('provider_sector', v)} error={err('provider_sector')} dir="ltr" maxLength={10} placeholder="H52.24" />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('opportunities.section_where')}</legend>
        <div class="opp-row">
          <SelectField id="place" label={t('opportunities.where')} value={d.place} onValue={(v) => set('place', v as Draft['place'])} error={err('place')}>
            {PLACES.map((p) => (
              <option key={p} value={p}>
                {codes.label('work-places', p)}
              </option>
            ))}
          </SelectField>
          <TextField id="municipality" label={t('opportunities.municipality')} value={d.municipality} onValue={(v) => set('municipality', v)} error={err('municipality')} maxLength={100} testId="municipality" />
        </div>
        <div class="opp-row">
          <TextField id="hours-per-week" label={t('opportunities.hours_per_week_label')} value={d.hours_per_week} onValue={(v) => set('hours_per_week', v)} error={err('hours_per_week')} inputMode="numeric" dir="ltr" testId="hours-per-week" />
          <TextField
            id="total-hours"
            label={t('opportunities.total_hours_label')}
            hint={d.kind === 'internship' ? t('opportunities.internship_hint') : undefined}
            value={d.total_hours}
            onValue={(v) => set('total_hours', v)}
            error={err('total_hours')}
            inputMode="numeric"
            dir="ltr"
          />
        </div>
        <div class="opp-row">
          <TextField id="starts-on" type="date" label={t('opportunities.starts_on')} value={d.starts_on} onValue={(v) => set('starts_on', v)} error={err('starts_on')} />
          <TextField id="ends-on" type="date" label={t('opportunities.ends_on')} value={d.ends_on} onValue={(v) => set('ends_on', v)} error={err('ends_on')} />
          <TextField id="duration-weeks" label={t('opportunities.duration_weeks')} value={d.duration_weeks} onValue={(v) => set('duration_weeks', v)} error={err('duration_weeks')} inputMode="numeric" dir="ltr" />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('opportunities.section_pay')}</legend>
        <CheckField id="paid" label={t('opportunities.paid_label')} checked={d.paid} onChecked={(v) => set('paid', v)} />
        {d.paid && (
          <div class="opp-row">
            <TextField id="pay-min" label={t('opportunities.pay_min')} value={d.pay_min} onValue={(v) => set('pay_min', v)} error={err('pay_min_cents')} inputMode="numeric" dir="ltr" testId="pay-min" />
            <TextField id="pay-max" label={t('opportunities.pay_max')} value={d.pay_max} onValue={(v) => set('pay_max', v)} error={err('pay_max_cents')} inputMode="numeric" dir="ltr" testId="pay-max" />
            <SelectField id="pay-period" label={t('opportunities.pay_period')} value={d.pay_period} onValue={(v) => set('pay_period', v)} error={err('pay_period')}>
              {PAY_PERIODS.map((p) => (
                <option key={p} value={p}>
                  {codes.label('pay-periods', p)}
                </option>
              ))}
            </SelectField>
          </div>
        )}
        <div class="opp-row">
          <SelectField id="contract-type" label={t('opportunities.contract')} value={d.contract_type} onValue={(v) => set('contract_type', v)} error={err('contract_type')}>
            <option value="">—</option>
            {CONTRACTS.map((c) => (
              <option key={c} value={c}>
                {codes.label('contract-types', c)}
              </option>
            ))}
          </SelectField>
          <TextField id="places" label={t('opportunities.places_label')} value={d.places} onValue={(v) => set('places', v)} error={err('places')} inputMode="numeric" dir="ltr" />
          <TextField id="deadline" type="date" label={t('opportunities.deadline')} value={d.deadline} onValue={(v) => set('deadline', v)} error={err('deadline')} testId="deadline" />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('opportunities.section_needs')}</legend>
        <SkillPicker id="occupation" kind="occupations" label={t('opportunities.occupation')} hint={t('opportunities.occupation_hint')} error={occError ?? err('occupation_uri')} onPick={(o) => void fillFrom(o)} testId="occupation-picker" />
        {filled && (
          <p class="notice" role="status" data-testid="filled">
            {filled}
          </p>
        )}
        {SKILL_LISTS.filter((l) => l !== 'teaches' || course).map((l) => (
          <SkillListField key={l} list={l} items={d[l]} error={listErr(SERVER_FIELD[l])} onAdd={(h) => addSkill(l, h)} onRemove={(uri) => removeSkill(l, uri)} />
        ))}
        <LanguageRows value={d.languages} onValue={(v) => set('languages', v)} error={listErr('languages')} />
        <SelectField id="min-education" label={t('opportunities.min_education')} value={d.min_education} onValue={(v) => set('min_education', v)} error={err('min_education')}>
          <option value="">{t('opportunities.none')}</option>
          {codes.items('education-levels').map((c) => (
            <option key={c.code} value={c.code}>
              {c.label}
            </option>
          ))}
        </SelectField>
      </fieldset>

      <FormProblem conflict={conflict} conflictText={t('opportunities.conflict')} reloadLabel={t('common.reload')} onReload={onReload} general={error?.general ? t(error.general) : null} />
      <div class="form-footer">
        <div class="actions">
          {existing ? (
            <button type="submit" disabled={busy} data-testid="save">
              {busy ? t('common.working') : t('opportunities.save')}
            </button>
          ) : (
            <>
              <button type="submit" disabled={busy} data-testid="publish">
                {busy ? t('common.working') : t('opportunities.publish')}
              </button>
              <button type="button" class="secondary" disabled={busy} onClick={() => void save('draft')} data-testid="save-draft">
                {t('opportunities.save_draft')}
              </button>
            </>
          )}
          <a class="button-link secondary" href={existing ? `/opportunities/${existing.id}` : '/opportunities'}>
            {t('common.cancel')}
          </a>
        </div>
      </div>
      
    </form>
  );
}

const FIELDS = new Set([
  'partner_user_id',
  'kind',
  'status',
  'title',
  'description',
  'provider_name',
  'provider_sector',
  'occupation_uri',
  'place',
  'municipality',
  'hours_per_week',
  'total_hours',
  'starts_on',
  'ends_on',
  'duration_weeks',
  'pay_min_cents',
  'pay_max_cents',
  'pay_period',
  'contract_type',
  'places',
  'deadline',
  'min_education',
  'essential_skills',
  'optional_skills',
  'teaches_skills',
  'languages',
]);

function SkillListField({ list, items, error, onAdd, onRemove }: { list: SkillList; items: SkillRef[]; error: string | null; onAdd: (h: ConceptHit | null) => void; onRemove: (uri: string) => void }) {
  const { t } = useI18n();
  const heading = { essential: t('opportunities.essential_skills'), optional: t('opportunities.optional_skills'), teaches: t('opportunities.teaches_skills') }[list];
  const add = { essential: t('opportunities.add_essential'), optional: t('opportunities.add_optional'), teaches: t('opportunities.add_teaches') }[list];
  return (
    <div data-testid={`skills-${list}`}>
      <h3>{heading}</h3>
      {items.length > 0 && (
        <ul class="opp-skill-list">
          {items.map((s) => (
            <li key={s.uri} data-testid="chosen-skill" data-uri={s.uri}>
              <bdi>{s.label}</bdi>
              <button type="button" aria-label={t('opportunities.remove', { label: s.label })} onClick={() => onRemove(s.uri)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <SkillPicker id={`add-${list}`} kind="skills" label={add} onPick={onAdd} clearOnPick error={error} testId={`add-${list}`} />
    </div>
  );
}

function LanguageRows({ value, onValue, error }: { value: { language: string; min_level: string }[]; onValue: (v: { language: string; min_level: string }[]) => void; error: string | null }) {
  const { t } = useI18n();
  const codes = useOppCodes();
  const change = (i: number, key: 'language' | 'min_level', v: string) => onValue(value.map((x, j) => (j === i ? { ...x, [key]: v } : x)));
  return (
    <div data-testid="languages-field">
      <h3>{t('opportunities.languages')}</h3>
      {value.map((l, i) => (
        <div class="opp-row" key={i}>
          <SelectField id={`lang-${i}`} label={t('opportunities.language')} value={l.language} onValue={(v) => change(i, 'language', v)}>
            <option value="">—</option>
            {codes.items('languages').map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <SelectField id={`level-${i}`} label={t('opportunities.min_level')} value={l.min_level} onValue={(v) => change(i, 'min_level', v)}>
            {codes.items('language-levels').map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <p>
            <button type="button" class="secondary" onClick={() => onValue(value.filter((_, j) => j !== i))}>
              {t('opportunities.remove', { label: codes.label('languages', l.language) })}
            </button>
          </p>
        </div>
      ))}
      {error && <p class="field-error">{error}</p>}
      <button type="button" class="secondary" onClick={() => onValue([...value, { language: 'sl', min_level: 'A2' }])} data-testid="add-language">
        {t('opportunities.add_language')}
      </button>
    </div>
  );
}
