// Answers that are lists of rows: skills (each a skill of the taxonomy with a level) and
// languages (each with a level), and the skills' labels in the UI language.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { isSkillLevel, rememberSkillLabel, SKILL_LEVELS, skillLabel, type ConceptHit, type SkillLevel } from '../../skills/model';
import { SkillPicker } from '../../skills/SkillPicker';
import type { AnswerValue, LanguageItem, LanguageLevel, SkillItem } from '../model';
import type { InputProps } from './AnswerInputs';

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

export function SkillAnswer({ inputId, value, onChange, codes, question }: InputProps) {
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

export function LanguageAnswer({ inputId, value, onChange, codes }: InputProps) {
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

export /** Keys for rows, unique while the page lives. */
let rowKey = 0;
