// One question in the draft editor: its texts, id, type and options, folded away until opened.
import { useState } from 'preact/hooks';
import { loadCodeList } from '../../api/codeLists';
import { problemKey } from '../../api/problem';
import { dirOf, useI18n, type Lang } from '../../i18n';
import { ErrorsAt, focusSoon, PlainField, RowActions, TransField, type FieldErrors } from './editorFields';
import {
  addOption,
  canMoveQuestion,
  domId,
  hasOptions,
  LANGS,
  moveOption,
  needsAsOptions,
  optionsAreNeeds,
  QUESTION_TYPES,
  removeOption,
  setOptionLabel,
  setQuestionText,
  setQuestionType,
  updateOption,
  updateQuestion,
  type EdContent,
  type EdQuestion,
  type Fixed,
  type PublishedIds,
  type QuestionPos,
  type Texts,
} from './templateModel';
import { textIn } from './templateView';

/** What a question's editor gets from its section and the editor. */
export interface QuestionProps {
  si: number;
  ed: EdContent;
  fixed: Fixed;
  published: PublishedIds;
  editLang: Lang;
  refLang: Lang;
  errors: FieldErrors;
  /** Keys of the questions shown open. */
  open: Set<string>;
  needs: Map<string, Texts>;
  onToggle: (key: string) => void;
  change: (next: EdContent, structural?: boolean) => void;
  clearError: (path: string) => void;
  edit: <V>(path: string, next: (value: V) => EdContent) => (value: V) => void;
  onRemoveQuestion: (pos: QuestionPos) => void;
  onMoveQuestion: (pos: QuestionPos, by: -1 | 1) => void;
  setAnnounce: (message: string) => void;
}

export function QuestionEditor(props: QuestionProps & { q: EdQuestion; qi: number; number: number }) {
  const { q, qi, si, ed, fixed, published, editLang, refLang, errors, change, clearError, edit, open, needs } = props;
  const { t } = useI18n();
  const pos = { si, qi };
  const path = `sections[${si}].questions[${qi}]`;
  const isOpen = open.has(q.key);
  const bodyId = `q-body-${q.key}`;
  const text = textIn(q.text, editLang);
  const idFixed = fixed.questions.has(q.key);
  const hasErrors = Object.keys(errors).some((p) => p === path || p.startsWith(`${path}.`));
  const needsOk = optionsAreNeeds(q, needs);
  const [needsBusy, setNeedsBusy] = useState(false);
  const [needsError, setNeedsError] = useState<string | null>(null);
  const numberLabel = t('templates.question_n', { n: props.number });

  const applyNeeds = async () => {
    if (q.options.some((o) => LANGS.some((l) => o.label[l]?.trim())) && !window.confirm(t('templates.replace_options_confirm', { n: q.options.length }))) return;
    setNeedsBusy(true);
    setNeedsError(null);
    try {
      const lists = await Promise.all(LANGS.map((l) => loadCodeList('needs', l).then((items) => [l, items] as const)));
      const labels = new Map<string, Texts>();
      for (const [l, items] of lists) for (const i of items) labels.set(i.code, { ...(labels.get(i.code) ?? {}), [l]: i.label });
      change(needsAsOptions(ed, pos, labels), true);
      props.setAnnounce(t('templates.needs_used', { n: labels.size }));
    } catch (error) {
      setNeedsError(t(problemKey(error)));
    } finally {
      setNeedsBusy(false);
    }
  };

  return (
    <li class={`question-card${hasErrors ? ' has-errors' : ''}`} data-testid="question-editor" data-id={q.id}>
      <div class="question-head">
        <h3 class="question-title">
          <button type="button" class="toggle" id={`toggle-${q.key}`} aria-expanded={isOpen} aria-controls={bodyId} onClick={() => props.onToggle(q.key)} data-testid="toggle-question">
            <span class="toggle-mark" aria-hidden="true">
              {isOpen ? '▾' : '▸'}
            </span>
            <span class="q-number">{numberLabel}</span>
            {text ? (
              <span class="q-text" lang={text.lang} dir={dirOf(text.lang)}>
                {text.text}
              </span>
            ) : (
              <span class="q-text muted">{t('templates.no_text')}</span>
            )}
          </button>
        </h3>
        <p class="question-meta">
          <span>{t(`templates.type.${q.type}`)}</span>
          {q.required && <span class="pill">{t('templates.required')}</span>}
          {q.sensitive && <span class="pill pill-sensitive">{t('templates.sensitive')}</span>}
          {hasErrors && <span class="pill pill-error">{t('templates.has_problems')}</span>}
        </p>
        <RowActions
          idPrefix="q"
          itemKey={q.key}
          canMove={(by) => canMoveQuestion(ed, pos, by)}
          onMove={(by) => props.onMoveQuestion(pos, by)}
          upLabel={t('templates.move_question_up', { n: props.number })}
          downLabel={t('templates.move_question_down', { n: props.number })}
          removeLabel={t('templates.remove_question', { n: props.number })}
          onRemove={() => props.onRemoveQuestion(pos)}
          removeTestId="remove-question"
        />
      </div>
      {isOpen && (
        <div class="question-body" id={bodyId} role="group" aria-label={numberLabel}>
          <TransField
            path={`${path}.text`}
            label={t('templates.f.text')}
            texts={q.text}
            editLang={editLang}
            refLang={refLang}
            errors={errors}
            required
            multiline
            maxLength={1000}
            onValue={edit(`${path}.text`, (v) => setQuestionText(ed, pos, editLang, v, published))}
            testId="question-text-input"
          />
          <div class="question-settings">
            <div class="field">
              <label for={domId(`${path}.type`)}>{t('templates.f.type')}</label>
              <select
                id={domId(`${path}.type`)}
                value={q.type}
                disabled={idFixed}
                aria-describedby={idFixed ? `${domId(`${path}.type`)}-hint` : undefined}
                aria-invalid={errors[`${path}.type`] ? 'true' : undefined}
                onChange={(e) => {
                  change(setQuestionType(ed, pos, e.currentTarget.value as EdQuestion['type']), false);
                  clearError(`${path}.type`);
                  clearError(`${path}.options`);
                }}
                data-testid="question-type"
              >
                {QUESTION_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {t(`templates.type.${type}`)}
                  </option>
                ))}
              </select>
              {idFixed && (
                <p class="hint" id={`${domId(`${path}.type`)}-hint`}>
                  {t('templates.type_fixed')}
                </p>
              )}
              <ErrorsAt path={`${path}.type`} errors={errors} editLang={editLang} />
            </div>
            <PlainField
              path={`${path}.id`}
              label={t('templates.f.id')}
              hint={idFixed ? t('templates.id_fixed') : t('templates.id_hint')}
              value={q.id}
              readOnly={idFixed}
              maxLength={60}
              errors={errors}
              class="id-field"
              onValue={edit(`${path}.id`, (v) => updateQuestion(ed, pos, (x) => ({ ...x, id: v, auto: false })))}
              testId="question-id"
            />
          </div>
          <div class="checks">
            <label class="check" for={domId(`${path}.required`)}>
              <input
                type="checkbox"
                id={domId(`${path}.required`)}
                checked={q.required}
                onChange={(e) => change(updateQuestion(ed, pos, (x) => ({ ...x, required: e.currentTarget.checked })))}
              />
              <span>{t('templates.required_label')}</span>
            </label>
            <label class="check" for={domId(`${path}.sensitive`)}>
              <input
                type="checkbox"
                id={domId(`${path}.sensitive`)}
                checked={q.sensitive}
                aria-describedby={`${domId(`${path}.sensitive`)}-hint`}
                onChange={(e) => change(updateQuestion(ed, pos, (x) => ({ ...x, sensitive: e.currentTarget.checked })))}
              />
              <span>{t('templates.sensitive_label')}</span>
            </label>
            <p class="hint" id={`${domId(`${path}.sensitive`)}-hint`}>
              {t('templates.sensitive_hint')}
            </p>
          </div>
          <TransField
            path={`${path}.help`}
            label={t('templates.f.help')}
            hint={t('templates.help_hint')}
            texts={q.help}
            editLang={editLang}
            refLang={refLang}
            errors={errors}
            multiline
            optional
            maxLength={2000}
            onValue={edit(`${path}.help`, (v) => updateQuestion(ed, pos, (x) => ({ ...x, help: { ...x.help, [editLang]: v } })))}
          />
          {q.type === 'number' && (
            <div class="number-range">
              <PlainField
                path={`${path}.min`}
                label={t('templates.f.min')}
                value={q.min}
                inputMode="decimal"
                errors={errors}
                onValue={edit(`${path}.min`, (v) => updateQuestion(ed, pos, (x) => ({ ...x, min: v })))}
              />
              <PlainField
                path={`${path}.max`}
                label={t('templates.f.max')}
                value={q.max}
                inputMode="decimal"
                errors={errors}
                onValue={edit(`${path}.max`, (v) => updateQuestion(ed, pos, (x) => ({ ...x, max: v })))}
              />
            </div>
          )}
          {hasOptions(q.type) && (
            <fieldset class="options-box" id={domId(`${path}.options`)} tabIndex={-1}>
              <legend>{t('templates.f.options')}</legend>
              <p class="hint">{t('templates.options_hint')}</p>
              <ErrorsAt path={`${path}.options`} errors={errors} editLang={editLang} />
              <ol class="rows option-rows">
                {q.options.map((o, oi) => {
                  const op = `${path}.options[${oi}]`;
                  const valueFixed = fixed.options.has(o.key);
                  return (
                    <li key={o.key} class="row option-row" data-testid="option-row">
                      <TransField
                        path={`${op}.label`}
                        label={t('templates.option_n', { n: oi + 1 })}
                        texts={o.label}
                        editLang={editLang}
                        refLang={refLang}
                        errors={errors}
                        required
                        maxLength={300}
                        onValue={edit(`${op}.label`, (v) => setOptionLabel(ed, pos, oi, editLang, v))}
                        testId="option-label"
                      />
                      <PlainField
                        path={`${op}.value`}
                        label={t('templates.f.value')}
                        hint={valueFixed ? t('templates.value_fixed') : undefined}
                        value={o.value}
                        readOnly={valueFixed}
                        maxLength={60}
                        errors={errors}
                        class="id-field"
                        onValue={edit(`${op}.value`, (v) => updateOption(ed, pos, oi, (x) => ({ ...x, value: v, auto: false })))}
                      />
                      <RowActions
                        idPrefix="o"
                        itemKey={o.key}
                        canMove={(by) => (by < 0 ? oi > 0 : oi < q.options.length - 1)}
                        onMove={(by) => {
                          const r = moveOption(ed, pos, oi, by);
                          change(r.content, true);
                          props.setAnnounce(t('templates.option_moved', { n: r.oi + 1 }));
                          const canAgain = by < 0 ? r.oi > 0 : r.oi < q.options.length - 1;
                          const up = by < 0 ? canAgain : !canAgain;
                          focusSoon(`${up ? 'o-up' : 'o-down'}-${o.key}`);
                        }}
                        upLabel={t('templates.move_option_up', { n: oi + 1 })}
                        downLabel={t('templates.move_option_down', { n: oi + 1 })}
                        removeLabel={t('templates.remove_option', { n: oi + 1 })}
                        onRemove={() => {
                          change(removeOption(ed, pos, oi), true);
                          props.setAnnounce(t('templates.option_removed', { n: oi + 1 }));
                          focusSoon(`add-o-${q.key}`);
                        }}
                      />
                    </li>
                  );
                })}
              </ol>
              <button
                type="button"
                class="secondary add-row"
                id={`add-o-${q.key}`}
                disabled={q.options.length >= 50}
                onClick={() => {
                  const r = addOption(ed, pos);
                  change(r.content, false);
                  clearError(`${path}.options`);
                  focusSoon(domId(`${path}.options[${r.oi}].label.${editLang}`));
                }}
                data-testid="add-option"
              >
                {t('templates.add_option')}
              </button>
              <div class="needs-box">
                <label class="check" for={domId(`${path}.profile_field`)}>
                  <input
                    type="checkbox"
                    id={domId(`${path}.profile_field`)}
                    checked={q.needs}
                    disabled={!q.needs && !needsOk}
                    aria-describedby={`${domId(`${path}.profile_field`)}-hint`}
                    onChange={(e) => {
                      change(updateQuestion(ed, pos, (x) => ({ ...x, needs: e.currentTarget.checked })));
                      clearError(`${path}.profile_field`);
                    }}
                  />
                  <span>{t('templates.updates_needs')}</span>
                </label>
                <p class="hint" id={`${domId(`${path}.profile_field`)}-hint`}>
                  {needsOk ? t('templates.updates_needs_hint') : t('templates.updates_needs_only')}
                </p>
                <ErrorsAt path={`${path}.profile_field`} errors={errors} editLang={editLang} />
                {!needsOk && (
                  <button type="button" class="secondary small" onClick={() => void applyNeeds()} disabled={needsBusy} data-testid="use-needs">
                    {t('templates.use_needs')}
                  </button>
                )}
                {needsError && <p class="field-error">{needsError}</p>}
              </div>
            </fieldset>
          )}
          {q.type !== 'number' && <ErrorsAt path={`${path}.min`} errors={errors} editLang={editLang} />}
        </div>
      )}
    </li>
  );
}
