// One question of an interview as the interviewer sees it: its text in their
// language and in the participant's, side by side (each with its own lang and
// dir), the marks for required and sensitive questions, the input for its type,
// and where its answer is on the way to the server.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CodeLists } from '../../api/codeLists';
import { formatDay } from '../../format';
import { useI18n, type Lang } from '../../i18n';
import { asciiDigits } from '../../participants/text';
import { isSkillLevel, rememberSkillLabel, SKILL_LEVELS, skillLabel, type ConceptHit, type SkillLevel } from '../../skills/model';
import { SkillPicker } from '../../skills/SkillPicker';
import type { FieldState } from './answerQueue';
import { dirOfCode, isAnswered, localize, type AnswerValue, type LanguageItem, type LanguageLevel, type Localized, type Question, type SkillItem } from '../model';

/** "Yes" and "No" in the languages templates are written in, for the participant's side of a yes/no question. */
const YES_NO: Readonly<Record<Lang, readonly [string, string]>> = {
  en: ['Yes', 'No'],
  sl: ['Da', 'Ne'],
  ar: ['نعم', 'لا'],
  uk: ['Так', 'Ні'],
  fa: ['بله', 'خیر'],
};

export const LANGUAGE_LEVELS: readonly LanguageLevel[] = ['A1', 'A2', 'B1', 'B2', 'C1', 'C2', 'native'];
const isLanguageLevel = (v: string): v is LanguageLevel => (LANGUAGE_LEVELS as readonly string[]).includes(v);

/** The labels of these skills in the UI language (the URI until it is known). */
export function useSkillLabels(uris: readonly string[]): (uri: string) => string {
  const { lang } = useI18n();
  const [labels, setLabels] = useState<Record<string, string>>({});
  const key = uris.join(' ');
  useEffect(() => {
    let live = true;
    for (const uri of uris) {
      skillLabel(uri, lang).then(
        (label) => live && setLabels((l) => (l[`${lang}|${uri}`] === label ? l : { ...l, [`${lang}|${uri}`]: label })),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [key, lang]);
  return (uri) => labels[`${lang}|${uri}`] ?? uri;
}

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

/**
 * A text in its own language and direction. The outer box keeps the page's
 * direction (so its borders and padding sit on the same side as the layout),
 * the inner one reads in the text's.
 */
function TextBlock({ text, id, class: cls }: { text: Localized; id?: string; class: string }) {
  return (
    <span class={cls}>
      <span class="text-in" id={id} lang={text.lang} dir={text.dir}>
        {text.text}
      </span>
    </span>
  );
}

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

interface InputProps extends QuestionProps {
  inputId: string;
  describedBy: string | undefined;
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

function ClearButton({ value, onChange }: Pick<InputProps, 'value' | 'onChange'>) {
  const { t } = useI18n();
  if (!isAnswered(value)) return null;
  return (
    <button type="button" class="secondary small clear-answer" onClick={() => onChange(null)} data-testid="clear-answer">
      {t('interviews.clear_answer')}
    </button>
  );
}

function TextAnswer({ inputId, describedBy, value, onChange, onCommit, question, error }: InputProps) {
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

function NumberAnswer({ inputId, describedBy, value, onChange, onCommit, question, error }: InputProps) {
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

function DateAnswer({ inputId, describedBy, value, onChange, question, error }: InputProps) {
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

function ChoiceAnswer({ question: q, inputId, value, onChange, personLang }: InputProps) {
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

function ScaleAnswer({ inputId, value, onChange }: InputProps) {
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

function YesNoAnswer({ inputId, value, onChange, personLang }: InputProps) {
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
 * Rows being edited: complete rows are the answer; a row still missing its
 * level (or language) stays here until it is complete.
 */
function useRows<R>(value: AnswerValue | null, fromValue: (v: AnswerValue | null) => R[], complete: (rows: R[]) => R[], onChange: (v: AnswerValue | null) => void, toValue: (rows: R[]) => AnswerValue) {
  const [rows, setRows] = useState<R[]>(() => fromValue(value));
  const sent = useRef<string>(JSON.stringify(value ?? null));
  useEffect(() => {
    const now = JSON.stringify(value ?? null);
    if (now !== sent.current) {
      sent.current = now;
      setRows(fromValue(value));
    }
  }, [value]);
  const update = (next: R[]) => {
    setRows(next);
    const done = complete(next);
    const v = done.length ? toValue(done) : null;
    const json = JSON.stringify(v);
    if (json !== sent.current) {
      sent.current = json;
      onChange(v);
    }
  };
  return [rows, update] as const;
}

interface SkillRow {
  uri: string;
  level: SkillLevel | '';
}

function SkillAnswer({ inputId, value, onChange, codes, question }: InputProps) {
  const { t, lang } = useI18n();
  const [rows, setRows] = useRows<SkillRow>(
    value,
    (v) => (Array.isArray(v) ? (v as SkillItem[]).map((s) => ({ uri: s.skill_uri, level: s.level })) : []),
    (rs) => rs.filter((r) => r.level !== ''),
    onChange,
    (rs) => rs.map((r) => ({ skill_uri: r.uri, level: r.level as SkillLevel })),
  );
  const label = useSkillLabels(rows.map((r) => r.uri));
  const [picked, setPicked] = useState<string | null>(null);
  const add = (hit: ConceptHit | null) => {
    if (!hit) return;
    rememberSkillLabel(hit.uri, lang, hit.label);
    if (!rows.some((r) => r.uri === hit.uri)) setRows([...rows, { uri: hit.uri, level: '' }]);
    setPicked(hit.uri);
  };
  // Focus the new row's level, which it still needs.
  useEffect(() => {
    if (!picked) return;
    const i = rows.findIndex((r) => r.uri === picked);
    if (i >= 0) document.getElementById(`${inputId}-${i}-level`)?.focus();
    setPicked(null);
  }, [picked]);
  return (
    <div class="answer-rows">
      {rows.length > 0 && (
        <ul class="rows">
          {rows.map((r, i) => (
            <li class="row answer-row-item" key={r.uri} data-testid="skill-row" data-uri={r.uri}>
              <p class="primary row-title">
                <bdi>{label(r.uri)}</bdi>
              </p>
              <div class="field">
                <label for={`${inputId}-${i}-level`}>{t('interviews.skill_level', { skill: label(r.uri) })}</label>
                <select
                  id={`${inputId}-${i}-level`}
                  value={r.level}
                  aria-invalid={r.level === '' ? 'true' : undefined}
                  aria-describedby={r.level === '' ? `${inputId}-${i}-needs-level` : undefined}
                  onChange={(e) => {
                    const level = e.currentTarget.value;
                    setRows(rows.map((x, j) => (j === i ? { ...x, level: isSkillLevel(level) ? level : '' } : x)));
                  }}
                >
                  <option value="">{t('interviews.choose_level')}</option>
                  {SKILL_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {codes.label('skill-levels', l)}
                    </option>
                  ))}
                </select>
                {r.level === '' && (
                  <p class="field-error" id={`${inputId}-${i}-needs-level`}>
                    {t('interviews.level_needed')}
                  </p>
                )}
              </div>
              <button type="button" class="secondary small remove-row" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                {t('interviews.remove_named', { name: label(r.uri) })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <SkillPicker
        id={`${inputId}-pick`}
        kind="skills"
        label={rows.length ? t('interviews.add_another_skill') : t('interviews.add_skill')}
        hint={t('interviews.add_skill_hint')}
        onPick={add}
        clearOnPick
        required={question.required && rows.length === 0}
        testId="skill-pick"
      />
    </div>
  );
}

interface LanguageRow {
  key: number;
  language: string;
  level: LanguageLevel | '';
}

let rowKey = 0;

function LanguageAnswer({ inputId, value, onChange, codes }: InputProps) {
  const { t } = useI18n();
  const [rows, setRows] = useRows<LanguageRow>(
    value,
    (v) => (Array.isArray(v) ? (v as LanguageItem[]).map((l) => ({ key: ++rowKey, language: l.language, level: l.level })) : []),
    // Complete rows, each language once (a second row for a language waits until it is changed).
    (rs) => rs.filter((r, i) => r.language && r.level !== '' && rs.findIndex((x) => x.language === r.language) === i),
    onChange,
    (rs) => rs.map((r) => ({ language: r.language, level: r.level as LanguageLevel })),
  );
  const [focusRow, setFocusRow] = useState<number | null>(null);
  useEffect(() => {
    if (focusRow === null) return;
    document.getElementById(`${inputId}-${focusRow}-language`)?.focus();
    setFocusRow(null);
  }, [focusRow]);
  const set = (i: number, change: Partial<LanguageRow>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <div class="answer-rows">
      {rows.length > 0 && (
        <ul class="rows">
          {rows.map((r, i) => {
            const twice = r.language !== '' && rows.findIndex((x) => x.language === r.language) !== i;
            const incomplete = (r.language === '') !== (r.level === '');
            return (
              <li class="row row-language" key={r.key} data-testid="language-row">
                <div class="field">
                  <label for={`${inputId}-${i}-language`}>{t('interviews.language_n', { n: i + 1 })}</label>
                  <select
                    id={`${inputId}-${i}-language`}
                    value={r.language}
                    aria-invalid={twice ? 'true' : undefined}
                    onChange={(e) => set(i, { language: e.currentTarget.value })}
                  >
                    <option value="">{t('interviews.choose_language')}</option>
                    {codes.items('languages').map((l) => (
                      <option key={l.code} value={l.code}>
                        {l.label}
                      </option>
                    ))}
                  </select>
                  {twice && <p class="field-error">{t('interviews.answer_error.duplicate')}</p>}
                </div>
                <div class="field">
                  <label for={`${inputId}-${i}-level`}>{t('interviews.level')}</label>
                  <select
                    id={`${inputId}-${i}-level`}
                    value={r.level}
                    onChange={(e) => {
                      const level = e.currentTarget.value;
                      set(i, { level: isLanguageLevel(level) ? level : '' });
                    }}
                  >
                    <option value="">{t('interviews.choose_level')}</option>
                    {LANGUAGE_LEVELS.map((l) => (
                      <option key={l} value={l}>
                        {codes.label('language-levels', l)}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="button" class="secondary small remove-row" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                  {t('interviews.remove')}
                </button>
                {incomplete && <p class="hint row-note">{t('interviews.row_incomplete')}</p>}
              </li>
            );
          })}
        </ul>
      )}
      <button
        type="button"
        class="secondary add-row"
        data-testid="add-language"
        onClick={() => {
          setRows([...rows, { key: ++rowKey, language: '', level: '' }]);
          setFocusRow(rows.length);
        }}
      >
        {t('interviews.add_language')}
      </button>
    </div>
  );
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
