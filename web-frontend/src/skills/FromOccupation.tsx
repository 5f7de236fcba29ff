// "Add from an occupation": the essential skills of a job the person held that they lack, ticked
// and given a level, then added one by one with the progress shown.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { CodeLists } from '../api/codeLists';
import { unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { LoadError, Loading } from '../components/NotReady';
import { useI18n } from '../i18n';
import type { ConceptHit, ConceptRef, SkillLevel } from './model';
import { optionList, skillError } from './SkillForms';
import { SkillPicker } from './SkillPicker';

type Outcome = { status: 'waiting' } | { status: 'adding' } | { status: 'added' } | { status: 'failed'; message: string };

/** "Add from an occupation": the essential skills of a job the person held that they lack, confirmed one by one. */
export function FromOccupation({ participantId, codes, held, onDone }: { participantId: string; codes: CodeLists; held: string[]; onDone: () => Promise<void> }) {
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
