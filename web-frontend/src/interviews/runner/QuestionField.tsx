// One question of an interview as the interviewer sees it: its text in their language and in
// the participant's, side by side (each with its own lang and dir), the marks for required and
// sensitive questions, the input for its type (or, once done, the answer as text), and where
// its answer is on the way to the server.
import type { ComponentChildren } from 'preact';
import type { CodeLists } from '../../api/codeLists';
import { formatDay } from '../../format';
import { useI18n } from '../../i18n';
import { isAnswered, localize, type AnswerValue, type LanguageItem, type Question, type SkillItem } from '../model';
import { bilingual, ChoiceAnswer, DateAnswer, NumberAnswer, ScaleAnswer, TextAnswer, TextBlock, YesNoAnswer, type InputProps, type QuestionProps } from './AnswerInputs';
import type { FieldState } from './answerQueue';
import { LanguageAnswer, SkillAnswer, useSkillLabels } from './ListAnswers';

/** A group of inputs (radios, checkboxes, rows) is a fieldset whose legend is the question; a single input has a label. */
const GROUPED = new Set(['single_choice', 'multi_choice', 'scale', 'yes_no', 'skill', 'language']);

export function QuestionField(props: QuestionProps) {
  const { t, lang } = useI18n();
  const { question: q, idBase, personLang, state, error, readOnly } = props;
  const texts = bilingual(q.text, lang, personLang);
  const help = localize(q.help, lang);
  const inputId = `${idBase}-input`;
  const helpId = help || q.sensitive ? `${idBase}-help` : undefined;
  const statusId = `${idBase}-status`;
  const errorId = error ? `${idBase}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const grouped = GROUPED.has(q.type);
  const personLabel = personLang ? props.codes.label('languages', personLang) : '';

  const heading = (
    <>
      <span class="q-number" aria-hidden="true">
        {props.number}
      </span>
      <span class="q-texts">
        {texts.mine && <TextBlock text={texts.mine} id={`${idBase}-text`} class="q-text" />}
        {texts.theirs && <TextBlock text={texts.theirs} id={`${idBase}-text-person`} class="q-text q-text-person" />}
      </span>
      {(q.required || q.sensitive) && (
        <span class="q-badges">
          {q.required && <span class="badge badge-required">{t('interviews.required')}</span>}
          {q.sensitive && <span class="badge badge-sensitive">{t('interviews.sensitive')}</span>}
        </span>
      )}
    </>
  );
  const notes = (
    <>
      {texts.missing && (
        <p class="hint q-fallback" data-testid="text-fallback">
          {t('interviews.no_text_in', { language: personLabel })}
        </p>
      )}
      {helpId && (
        <div class="hint q-help" id={helpId}>
          {q.sensitive && <p class="q-sensitive-note">{t('interviews.sensitive_hint')}</p>}
          {help && (
            <p lang={help.lang} dir={help.dir}>
              {help.text}
            </p>
          )}
        </div>
      )}
    </>
  );
  const input = readOnly ? (
    <p class="answer-readonly" data-testid="answer">
      <AnswerText question={q} value={props.value} codes={props.codes} />
    </p>
  ) : (
    <AnswerInput {...props} inputId={inputId} describedBy={describedBy} />
  );
  const footer = (
    <>
      {!readOnly && <SaveState id={statusId} state={state} />}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </>
  );
  const common = {
    class: `question${q.sensitive ? ' question-sensitive' : ''}`,
    id: idBase,
    tabIndex: -1,
    'data-testid': 'question',
    'data-question': q.id,
    'data-type': q.type,
    'data-state': state?.state,
  };
  if (grouped && !readOnly) {
    return (
      <fieldset {...common} aria-describedby={describedBy} aria-invalid={error ? 'true' : undefined}>
        <legend class="q-head">{heading}</legend>
        {notes}
        {input}
        {footer}
      </fieldset>
    );
  }
  return (
    <div {...common}>
      {readOnly ? <p class="q-head">{heading}</p> : <label class="q-head" for={inputId}>{heading}</label>}
      {notes}
      {input}
      {footer}
    </div>
  );
}

/** Where the answer is: announced politely when it changes. */
export function SaveState({ id, state }: { id: string; state: FieldState | undefined }) {
  const { t } = useI18n();
  const s = state?.state;
  const text =
    s === 'saving' || s === 'pending'
      ? t('interviews.saving')
      : s === 'saved'
        ? t('interviews.saved')
        : s === 'retry'
          ? t('interviews.not_saved_retry')
          : s === 'error'
            ? t('interviews.not_saved')
            : '';
  return (
    <p class="save-state" id={id} data-state={s ?? 'idle'} aria-live="polite" data-testid="save-state">
      {text}
    </p>
  );
}

function AnswerInput(props: InputProps) {
  switch (props.question.type) {
    case 'text':
      return <TextAnswer {...props} />;
    case 'number':
      return <NumberAnswer {...props} />;
    case 'date':
      return <DateAnswer {...props} />;
    case 'single_choice':
    case 'multi_choice':
      return <ChoiceAnswer {...props} />;
    case 'scale':
      return <ScaleAnswer {...props} />;
    case 'yes_no':
      return <YesNoAnswer {...props} />;
    case 'skill':
      return <SkillAnswer {...props} />;
    case 'language':
      return <LanguageAnswer {...props} />;
  }
}

/** An answer as text, for a done interview. */
export function AnswerText({ question: q, value, codes }: { question: Question; value: AnswerValue | null; codes: CodeLists }): ComponentChildren {
  const { t, lang } = useI18n();
  const uris = q.type === 'skill' && Array.isArray(value) ? (value as SkillItem[]).map((s) => s.skill_uri) : [];
  const label = useSkillLabels(uris);
  if (!isAnswered(value)) return <span class="muted">{t('interviews.not_answered')}</span>;
  const option = (v: string) => localize(q.options?.find((o) => o.value === v)?.label, lang)?.text ?? v;
  const list = (items: string[]) => items.join(lang === 'ar' || lang === 'fa' ? '، ' : ', ');
  switch (q.type) {
    case 'text':
      return (
        <span class="notes" dir="auto">
          {String(value)}
        </span>
      );
    case 'single_choice':
      return option(String(value));
    case 'multi_choice':
      return list((value as string[]).map(option));
    case 'yes_no':
      return value === true ? t('interviews.yes') : t('interviews.no');
    case 'date':
      return formatDay(String(value), lang);
    case 'scale':
    case 'number':
      return new Intl.NumberFormat(lang).format(Number(value));
    case 'skill':
      return list((value as SkillItem[]).map((s) => `${label(s.skill_uri)} (${codes.label('skill-levels', s.level)})`));
    case 'language':
      return list((value as LanguageItem[]).map((l) => `${codes.label('languages', l.language)} ${codes.label('language-levels', l.level)}`));
  }
}
