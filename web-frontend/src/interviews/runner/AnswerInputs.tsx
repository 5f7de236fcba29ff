// The inputs of the question types: text, number, date, single and multiple
// choice, scale and yes/no (skills and languages are in ListAnswers), the props
// they all take, and texts shown in both the interviewer's and the participant's
// language.
import { useEffect, useState } from 'preact/hooks';
import type { CodeLists } from '../../api/codeLists';
import { useI18n, type Lang } from '../../i18n';
import { asciiDigits } from '../../participants/text';
import { dirOfCode, isAnswered, localize, type AnswerValue, type Localized, type Question } from '../model';
import type { FieldState } from './answerQueue';

/** "Yes" and "No" in the languages templates are written in, for the participant's side of a yes/no question. */
const YES_NO: Readonly<Record<Lang, readonly [string, string]>> = {
  en: ['Yes', 'No'],
  sl: ['Da', 'Ne'],
  ar: ['نعم', 'لا'],
  uk: ['Так', 'Ні'],
  fa: ['بله', 'خیر'],
};

export interface QuestionProps {
  question: Question;
  /** The question's number in the template (1-based). */
  number: number;
  /** Prefix for ids inside; the element with this id is the question (for links and focus). */
  idBase: string;
  /** The language the participant is shown the questions in (a `languages` code), if any. */
  personLang: string | null;
  value: AnswerValue | null;
  /** A change; `typing` for text typed (sent after a pause), else sent at once. */
  onChange: (value: AnswerValue | null, typing?: boolean) => void;
  /** Leaving a typed field: send now. */
  onCommit: () => void;
  state?: FieldState | undefined;
  /** A translated message for an answer the server refused. */
  error?: string | null | undefined;
  readOnly?: boolean;
  /** `languages`, `language-levels` and `skill-levels`. */
  codes: CodeLists;
}

/** The texts of a question (or an option) in the interviewer's language and the participant's. */
export function bilingual(texts: Record<string, string> | null | undefined, ui: Lang, person: string | null) {
  const mine = localize(texts, ui);
  const theirs = person ? localize(texts, person) : null;
  return { mine, theirs: theirs && mine && theirs.lang === mine.lang ? null : theirs, missing: Boolean(person && theirs && !theirs.exact) };
}

export interface InputProps extends QuestionProps {
  inputId: string;
  describedBy: string | undefined;
}

export function ClearButton({ value, onChange }: Pick<InputProps, 'value' | 'onChange'>) {
  const { t } = useI18n();
  if (!isAnswered(value)) return null;
  return (
    <button type="button" class="secondary small clear-answer" onClick={() => onChange(null)} data-testid="clear-answer">
      {t('interviews.clear_answer')}
    </button>
  );
}

export function TextAnswer({ inputId, describedBy, value, onChange, onCommit, question, error }: InputProps) {
  return (
    <textarea
      id={inputId}
      class="answer-text"
      rows={3}
      dir="auto"
      maxLength={5000}
      value={typeof value === 'string' ? value : ''}
      aria-describedby={describedBy}
      aria-required={question.required ? 'true' : undefined}
      aria-invalid={error ? 'true' : undefined}
      onInput={(e) => onChange(e.currentTarget.value, true)}
      onBlur={onCommit}
    />
  );
}

/** A typed number: Arabic-Indic digits and a decimal comma are read too. */
export function parseNumber(text: string): number | null {
  const s = asciiDigits(text).trim().replace(/[\u066B,]/g, '.').replace(/[\u2212]/g, '-');
  if (!s) return null;
  if (!/^-?\d+(\.\d+)?$/.test(s)) return Number.NaN;
  return Number(s);
}

export function NumberAnswer({ inputId, describedBy, value, onChange, onCommit, question, error }: InputProps) {
  const { t } = useI18n();
  const [text, setText] = useState(typeof value === 'number' ? String(value) : '');
  const [local, setLocal] = useState<string | null>(null);
  // Follow the value when it changes from outside (another participant's form, a reload).
  useEffect(() => {
    const typed = parseNumber(text);
    if (typed !== (typeof value === 'number' ? value : null)) {
      setText(typeof value === 'number' ? String(value) : '');
      setLocal(null);
    }
  }, [value]);
  const { min, max } = question;
  const hintId = `${inputId}-range`;
  const localId = `${inputId}-local`;
  const onInput = (raw: string) => {
    setText(raw);
    const n = parseNumber(raw);
    if (n !== null && Number.isNaN(n)) return setLocal(t('interviews.answer_error.number'));
    if (n !== null && ((min != null && n < min) || (max != null && n > max))) return setLocal(t('interviews.answer_error.range'));
    setLocal(null);
    onChange(n, true);
  };
  return (
    <>
      {(min != null || max != null) && (
        <p class="hint" id={hintId}>
          {min != null && max != null
            ? t('interviews.number_between', { min, max })
            : min != null
              ? t('interviews.number_min', { min })
              : t('interviews.number_max', { max })}
        </p>
      )}
      <input
        id={inputId}
        class="answer-number"
        type="text"
        inputMode="decimal"
        dir="ltr"
        autocomplete="off"
        value={text}
        aria-describedby={[describedBy, min != null || max != null ? hintId : null, local ? localId : null].filter(Boolean).join(' ') || undefined}
        aria-required={question.required ? 'true' : undefined}
        aria-invalid={error || local ? 'true' : undefined}
        onInput={(e) => onInput(e.currentTarget.value)}
        onBlur={onCommit}
      />
      {local && (
        <p class="field-error" id={localId}>
          {local}
        </p>
      )}
    </>
  );
}

export function DateAnswer({ inputId, describedBy, value, onChange, question, error }: InputProps) {
  return (
    <div class="answer-row">
      <input
        id={inputId}
        class="answer-date"
        type="date"
        value={typeof value === 'string' ? value : ''}
        aria-describedby={describedBy}
        aria-required={question.required ? 'true' : undefined}
        aria-invalid={error ? 'true' : undefined}
        onChange={(e) => onChange(e.currentTarget.value || null)}
      />
      <ClearButton value={value} onChange={onChange} />
    </div>
  );
}

function OptionLabel({ label, personLang }: { label: Record<string, string>; personLang: string | null }) {
  const { lang } = useI18n();
  const texts = bilingual(label, lang, personLang);
  return (
    <span class="option-texts">
      {texts.mine && <TextBlock text={texts.mine} class="option-text" />}
      {texts.theirs && <TextBlock text={texts.theirs} class="option-text option-text-person" />}
    </span>
  );
}

export function ChoiceAnswer({ question: q, inputId, value, onChange, personLang }: InputProps) {
  const multi = q.type === 'multi_choice';
  const chosen = multi ? (Array.isArray(value) ? (value as string[]) : []) : typeof value === 'string' ? [value] : [];
  const toggle = (v: string, on: boolean) => {
    if (!multi) return onChange(v);
    // Kept in the template's order.
    const next = (q.options ?? []).map((o) => o.value).filter((o) => (o === v ? on : chosen.includes(o)));
    onChange(next.length ? next : null);
  };
  return (
    <>
      <div class={`choices${(q.options?.length ?? 0) > 6 ? ' choices-many' : ''}`}>
        {(q.options ?? []).map((o, i) => (
          <label class="check choice" key={o.value} for={`${inputId}-${i}`}>
            <input
              type={multi ? 'checkbox' : 'radio'}
              id={`${inputId}-${i}`}
              name={inputId}
              value={o.value}
              checked={chosen.includes(o.value)}
              onChange={(e) => toggle(o.value, e.currentTarget.checked)}
            />
            <OptionLabel label={o.label} personLang={personLang} />
          </label>
        ))}
      </div>
      {!multi && <ClearButton value={value} onChange={onChange} />}
    </>
  );
}

export function ScaleAnswer({ inputId, value, onChange }: InputProps) {
  return (
    <>
      <div class="scale" dir="ltr">
        {Array.from({ length: 10 }, (_, i) => i + 1).map((n) => (
          <label class="scale-option" key={n} for={`${inputId}-${n}`}>
            <input type="radio" id={`${inputId}-${n}`} name={inputId} value={n} checked={value === n} onChange={() => onChange(n)} />
            <span>{n}</span>
          </label>
        ))}
      </div>
      <ClearButton value={value} onChange={onChange} />
    </>
  );
}

export function YesNoAnswer({ inputId, value, onChange, personLang }: InputProps) {
  const { t, lang } = useI18n();
  const theirs = personLang ? (YES_NO as Record<string, readonly [string, string]>)[personLang] : undefined;
  const words = theirs && personLang !== lang ? theirs : null;
  const option = (v: boolean, label: string, their: string | undefined) => (
    <label class="check choice yes-no" for={`${inputId}-${v ? 'yes' : 'no'}`}>
      <input type="radio" id={`${inputId}-${v ? 'yes' : 'no'}`} name={inputId} checked={value === v} onChange={() => onChange(v)} />
      <span class="option-texts">
        <span class="option-text">{label}</span>
        {their && personLang && (
          <span class="option-text option-text-person" lang={personLang} dir={dirOfCode(personLang)}>
            {their}
          </span>
        )}
      </span>
    </label>
  );
  return (
    <>
      <div class="choices choices-inline">
        {option(true, t('interviews.yes'), words?.[0])}
        {option(false, t('interviews.no'), words?.[1])}
      </div>
      <ClearButton value={value} onChange={onChange} />
    </>
  );
}

/**
 * A text in its own language and direction. The outer box keeps the page's
 * direction (so its borders and padding sit on the same side as the layout),
 * the inner one reads in the text's.
 */
export function TextBlock({ text, id, class: cls }: { text: Localized; id?: string; class: string }) {
  return (
    <span class={cls}>
      <span class="text-in" id={id} lang={text.lang} dir={text.dir}>
        {text.text}
      </span>
    </span>
  );
}
