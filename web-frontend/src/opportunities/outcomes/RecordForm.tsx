// "Record an outcome" for a person: its kind, the opportunity it came from
// (or none: then the programme), its dates. Field errors from the 422 show
// at the fields; a 409 as a translated message.
import { useState } from 'preact/hooks';
import type { CodeLists } from '../../api/codeLists';
import { ApiError, formError, type FormError } from '../../api/errors';
import { fieldMessage, focusFirstProblem, SelectField, TextField } from '../../components/forms';
import { useLoad } from '../../components/useLoad';
import { t as translate, useI18n } from '../../i18n';
import { KINDS, type Opportunity, type OpportunityKind } from '../api';
import { oppTitle } from '../parts';
import { createOutcome, emptyDraft, opportunityChoices, outcomeBody, type Outcome, type OutcomeDraft, type OutcomeKind } from './api';

const FIELDS = ['kind', 'opportunity_id', 'application_id', 'programme', 'starts_on', 'ends_on'] as const;

/** What the form misses before it is sent (the server checks again). */
export function missing(d: OutcomeDraft): FormError | null {
  const fields: FormError['fields'] = {};
  if (!d.kind) fields.kind = 'field_error.required';
  if (!d.opportunity_id && !d.programme) fields.programme = 'field_error.required';
  if (!d.starts_on) fields.starts_on = 'field_error.required';
  if (d.starts_on && d.ends_on && d.ends_on < d.starts_on) fields.ends_on = 'field_error.before_start';
  return Object.keys(fields).length ? { fields, general: null, retryAfter: null } : null;
}

export function RecordForm({ participantId, codes, onRecorded }: { participantId: string; codes: CodeLists; onRecorded: (o: Outcome) => void }) {
  const { t, lang } = useI18n();
  const [d, setD] = useState<OutcomeDraft>(emptyDraft);
  const [error, setError] = useState<FormError | null>(null);
  const [conflict, setConflict] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const opps = useLoad(() => opportunityChoices(), []);
  const set = <K extends keyof OutcomeDraft>(k: K, v: OutcomeDraft[K]) => {
    setDone(false);
    setD((x) => ({ ...x, [k]: v }));
  };
  const err = (f: string) => fieldMessage(error, f);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    setConflict(false);
    setDone(false);
    const local = missing(d);
    setError(local);
    if (local) {
      focusFirstProblem(Object.keys(local.fields).map((f) => `outcome-${f}`));
      return;
    }
    setBusy(true);
    try {
      const o = await createOutcome(outcomeBody(participantId, d));
      onRecorded(o);
      setD(emptyDraft());
      setDone(true);
    } catch (x) {
      if (x instanceof ApiError && x.status === 409) setConflict(true);
      else {
        const fe = formError(x, FIELDS);
        setError(fe);
        focusFirstProblem(Object.keys(fe.fields).map((f) => `outcome-${f}`));
      }
    } finally {
      setBusy(false);
    }
  };

  const chosen: Opportunity | undefined = opps.state === 'ready' ? opps.data.find((o) => o.id === d.opportunity_id) : undefined;
  return (
    <form class="outcome-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="outcome-form" aria-labelledby="outcome-form-title">
      <h2 id="outcome-form-title">{t('outcomes.record')}</h2>
      <SelectField id="outcome-kind" label={t('outcomes.kind')} value={d.kind} onValue={(v) => set('kind', v as OutcomeKind)} error={err('kind')} required>
        <option value="">{t('outcomes.choose')}</option>
        {codes.items('outcome-kinds').map((i) => (
          <option key={i.code} value={i.code}>
            {i.label}
          </option>
        ))}
      </SelectField>
      <SelectField id="outcome-opportunity_id" label={t('outcomes.from_opportunity')} value={d.opportunity_id} onValue={(v) => set('opportunity_id', v)} error={err('opportunity_id') ?? err('application_id')}>
        <option value="">{t('outcomes.no_opportunity')}</option>
        {opps.state === 'ready' &&
          opps.data.map((o) => (
            <option key={o.id} value={o.id}>
              {oppTitle(o, lang)} ({codes.label('opportunity-kinds', o.kind)})
            </option>
          ))}
      </SelectField>
      {chosen ? (
        <p class="hint" data-testid="programme-from">
          {t('outcomes.programme_from', { programme: codes.label('opportunity-kinds', chosen.kind) })}
        </p>
      ) : (
        <SelectField id="outcome-programme" label={t('outcomes.programme')} value={d.programme} onValue={(v) => set('programme', v as OpportunityKind)} error={err('programme')} required>
          <option value="">{t('outcomes.choose')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {codes.label('opportunity-kinds', k)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField id="outcome-starts_on" type="date" label={t('outcomes.starts_on')} value={d.starts_on} onValue={(v) => set('starts_on', v)} error={err('starts_on')} required />
      <TextField id="outcome-ends_on" type="date" label={t('outcomes.ends_on')} hint={t('outcomes.ends_on_hint')} value={d.ends_on} onValue={(v) => set('ends_on', v)} error={err('ends_on')} min={d.starts_on || undefined} />
      <div aria-live="polite">
        {conflict && (
          <div class="alert" role="alert" id="form-problem" tabIndex={-1} data-testid="outcome-conflict">
            {t('outcomes.conflict')}
          </div>
        )}
        {error?.general && (
          <div class="alert" role="alert" id="form-problem" tabIndex={-1} data-testid="form-error">
            {translate(error.general)}
          </div>
        )}
        {done && (
          <div class="notice" role="status" data-testid="outcome-recorded">
            {t('outcomes.recorded')}
          </div>
        )}
      </div>
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="record-outcome">
          {busy ? t('common.working') : t('outcomes.save')}
        </button>
      </div>
    </form>
  );
}
