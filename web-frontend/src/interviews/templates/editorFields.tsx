// The questionnaire editor's inputs: a translatable text with the reference
// language beside it, a plain input, the language strip, the texts for the
// server's field errors, and the buttons that move and remove an item.
import type { ComponentChildren } from 'preact';
import { dirOf, LANGUAGES, useI18n, type Lang } from '../../i18n';
import { domId, isMissing, LANGS, pathLang, pathWithoutLang, type Texts } from './templateModel';

type T = ReturnType<typeof useI18n>['t'];

export const langName = (lang: string) => LANGUAGES.find((l) => l.code === lang)?.name ?? lang;

/** Field error codes of the template checks (api/src/interviews/templates/content.rs) that have their own message. */
const ERROR_CODES = ['required', 'pattern', 'duplicate', 'length', 'not_allowed', 'range', 'unknown', 'type_changed', 'language', 'number', 'stay_bands'] as const;
type ErrorCode = (typeof ERROR_CODES)[number];
const isErrorCode = (c: string): c is ErrorCode => (ERROR_CODES as readonly string[]).includes(c);

/** The message for a field error of the template, worded for where it is. */
export function errorText(t: T, path: string, code: string): string {
  if (code === 'length' && path.endsWith('.options')) return t('templates.error.options_length');
  if (code === 'length' && path === 'sections') return t('templates.error.sections_length');
  if (code === 'unknown' && path.endsWith('.value')) return t('templates.error.not_a_need');
  // Every problem of the stay bands (range, ascending, length) has one explanation.
  if (path === 'stay_bands' || path.startsWith('stay_bands[')) return t('templates.error.stay_bands');
  return isErrorCode(code) ? t(`templates.error.${code}`) : t('field_error.generic');
}

const FIELD_NAMES = ['title', 'description', 'sections', 'id', 'text', 'help', 'type', 'options', 'value', 'label', 'min', 'max', 'profile_field', 'stay_bands'] as const;
type FieldName = (typeof FIELD_NAMES)[number];

/** Where a field is, for the list of problems: "Section 2 › Question 1 › Option 2 › Label (العربية)". */
export function describePath(t: T, path: string): string {
  const lang = pathLang(path);
  const parts: string[] = [];
  for (const piece of pathWithoutLang(path).split('.')) {
    const m = /^(\w+)(?:\[(\d+)\])?$/.exec(piece);
    if (!m) continue;
    const [, name, index] = m;
    const n = index === undefined ? null : Number(index) + 1;
    if (name === 'sections' && n !== null) parts.push(t('templates.section_n', { n }));
    else if (name === 'questions' && n !== null) parts.push(t('templates.question_n', { n }));
    else if (name === 'options' && n !== null) parts.push(t('templates.option_n', { n }));
    else if (name && FIELD_NAMES.includes(name as FieldName)) parts.push(t(`templates.f.${name as FieldName}`));
    else if (name) parts.push(name);
  }
  const where = parts.join(' › ');
  return lang ? `${where} (${langName(lang)})` : where;
}

export type FieldErrors = Record<string, string>;

/** The errors of one field: its own, and those of its texts in any language. */
export function errorsAt(errors: FieldErrors, path: string): { lang: Lang | null; code: string; path: string }[] {
  return Object.entries(errors)
    .filter(([p]) => p === path || (pathWithoutLang(p) === path && pathLang(p) !== null))
    .map(([p, code]) => ({ lang: pathLang(p), code, path: p }));
}

function FieldErrorsList({ id, errors, editLang }: { id: string; errors: { lang: Lang | null; code: string; path: string }[]; editLang: Lang }) {
  const { t } = useI18n();
  if (!errors.length) return null;
  return (
    <div id={id} class="field-error">
      {errors.map((e) => (
        <p key={e.path}>
          {e.lang && e.lang !== editLang ? `${langName(e.lang)}: ` : ''}
          {errorText(t, e.path, e.code)}
        </p>
      ))}
    </div>
  );
}

const describedBy = (...ids: (string | false | null | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

interface TransProps {
  /** The API path of the texts, e.g. `sections[0].questions[1].text`. */
  path: string;
  label: string;
  texts: Texts;
  editLang: Lang;
  refLang: Lang;
  onValue: (value: string) => void;
  errors: FieldErrors;
  multiline?: boolean;
  /** Help and description: not a missing translation until some language has one. */
  optional?: boolean;
  required?: boolean;
  maxLength: number;
  hint?: string;
  testId?: string;
}

/**
 * A text in the language being edited, with the same text in the reference
 * language beside it (under it on a phone). Arabic and Persian are typed right to left.
 */
export function TransField({ path, label, texts, editLang, refLang, onValue, errors, multiline, optional, required, maxLength, hint, testId }: TransProps) {
  const { t, lang: uiLang } = useI18n();
  const id = domId(`${path}.${editLang}`);
  const refId = `${id}-ref`;
  const hintId = hint ? `${id}-hint` : undefined;
  const found = errorsAt(errors, path);
  const errorId = found.length ? `${id}-error` : undefined;
  const missing = isMissing(texts, editLang, Boolean(optional)) && LANGS.some((l) => texts[l]?.trim());
  const missingId = missing ? `${id}-missing` : undefined;
  const reference = texts[refLang]?.trim() || null;
  const common = {
    id,
    name: id,
    value: texts[editLang] ?? '',
    lang: editLang,
    dir: dirOf(editLang),
    maxLength,
    'aria-invalid': found.length ? ('true' as const) : undefined,
    'aria-required': required ? ('true' as const) : undefined,
    'aria-describedby': describedBy(hintId, missingId, refLang !== editLang && refId, errorId),
    'data-testid': testId,
    class: missing ? 'missing' : undefined,
  };
  return (
    <div class="field trans-field">
      <label for={id}>
        {label} <span class="lang-tag">({langName(editLang)})</span>
      </label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <div class={refLang !== editLang ? 'trans-row' : undefined}>
        <div class="trans-input">
          {multiline ? (
            <textarea {...common} rows={2} onInput={(e) => onValue(e.currentTarget.value)} />
          ) : (
            <input type="text" {...common} autocomplete="off" onInput={(e) => onValue(e.currentTarget.value)} />
          )}
          {missing && (
            <p class="hint missing-note" id={missingId}>
              {t('templates.not_translated')}
            </p>
          )}
        </div>
        {refLang !== editLang && (
          <p class="reference" id={refId} lang={refLang} dir={dirOf(refLang)}>
            <span class="reference-lang">{langName(refLang)}:</span>{' '}
            {reference ?? (
              <span class="muted" lang={uiLang} dir={dirOf(uiLang)}>
                {t('templates.no_reference')}
              </span>
            )}
          </p>
        )}
      </div>
      <FieldErrorsList id={errorId ?? ''} errors={found} editLang={editLang} />
    </div>
  );
}

interface PlainProps {
  path: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  errors: FieldErrors;
  hint?: string | undefined;
  readOnly?: boolean;
  inputMode?: 'text' | 'decimal';
  dir?: 'ltr' | 'auto';
  maxLength?: number;
  testId?: string;
  class?: string;
}

/** A plain input (ids, numbers): not translated, written left to right. */
export function PlainField({ path, label, value, onValue, errors, hint, readOnly, inputMode = 'text', dir = 'ltr', maxLength, testId, class: cls }: PlainProps) {
  const id = domId(path);
  const hintId = hint ? `${id}-hint` : undefined;
  const found = errorsAt(errors, path);
  const errorId = found.length ? `${id}-error` : undefined;
  return (
    <div class={`field ${cls ?? ''}`}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type="text"
        value={value}
        dir={dir}
        inputMode={inputMode}
        readOnly={readOnly}
        maxLength={maxLength}
        spellcheck={false}
        autocomplete="off"
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={found.length ? 'true' : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        data-testid={testId}
      />
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <FieldErrorsList id={errorId ?? ''} errors={found} editLang="en" />
    </div>
  );
}

/** Field errors without an input of their own (a checkbox, a list), under it. */
export function ErrorsAt({ path, errors, editLang }: { path: string; errors: FieldErrors; editLang: Lang }) {
  const found = errorsAt(errors, path);
  return <FieldErrorsList id={`${domId(path)}-error`} errors={found} editLang={editLang} />;
}

/** The languages to edit, each with how many of its texts are missing, and the language to show beside. */
export function LangStrip({
  label,
  editLang,
  refLang,
  missing,
  onEditLang,
  onRefLang,
  children,
}: {
  label: string;
  editLang: Lang;
  /** The language shown beside each input, with a select to change it (left out when nothing is shown beside). */
  refLang?: Lang;
  missing: Record<Lang, number>;
  onEditLang: (lang: Lang) => void;
  onRefLang?: (lang: Lang) => void;
  children?: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <div class="lang-strip" data-testid="lang-strip">
      <div role="group" aria-labelledby="lang-strip-label">
        <p id="lang-strip-label" class="strip-label">
          {label}
        </p>
        <div class="strip-buttons">
          {LANGUAGES.map((l) => (
            <button
              key={l.code}
              type="button"
              class={`lang-choice${editLang === l.code ? ' active' : ''}`}
              aria-pressed={editLang === l.code}
              onClick={() => onEditLang(l.code)}
              data-testid={`edit-lang-${l.code}`}
            >
              <span lang={l.code} dir={l.dir} class="lang-name">
                {l.name}
              </span>
              <span class={`missing-count${missing[l.code] ? '' : ' complete'}`} data-testid={`missing-${l.code}`} data-count={missing[l.code]}>
                {missing[l.code] ? t('templates.missing_n', { n: missing[l.code] }) : t('templates.complete')}
              </span>
            </button>
          ))}
        </div>
      </div>
      {refLang && onRefLang && (
        <div class="field ref-choice">
          <label for="ref-lang">{t('templates.reference_language')}</label>
          <select id="ref-lang" value={refLang} onChange={(e) => onRefLang(e.currentTarget.value as Lang)}>
            {LANGUAGES.filter((l) => l.code !== editLang).map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {children}
    </div>
  );
}

/** A reference language for `lang`: English, or for English the most complete other language. */
export function defaultRefLang(lang: Lang, missing: Record<Lang, number>): Lang {
  if (lang !== 'en') return 'en';
  return [...LANGS].filter((l) => l !== 'en').sort((a, b) => missing[a] - missing[b])[0] ?? 'sl';
}

/**
 * Up, down and remove, for a section, a question or an option. The move
 * buttons' ids are `<idPrefix>-up-<itemKey>` and `<idPrefix>-down-<itemKey>`:
 * after a move, focus goes back to one of them.
 */
export function RowActions({
  idPrefix,
  itemKey,
  canMove,
  onMove,
  upLabel,
  downLabel,
  removeLabel,
  onRemove,
  removeTestId,
}: {
  idPrefix: 'sec' | 'q' | 'o';
  itemKey: string;
  canMove: (by: -1 | 1) => boolean;
  onMove: (by: -1 | 1) => void;
  upLabel: string;
  downLabel: string;
  removeLabel: string;
  /** null: cannot be removed (the last section). */
  onRemove: (() => void) | null;
  removeTestId?: string;
}) {
  const { t } = useI18n();
  return (
    <div class="row-actions">
      <button type="button" class="secondary small" id={`${idPrefix}-up-${itemKey}`} disabled={!canMove(-1)} onClick={() => onMove(-1)} aria-label={upLabel}>
        {t('templates.up')}
      </button>
      <button type="button" class="secondary small" id={`${idPrefix}-down-${itemKey}`} disabled={!canMove(1)} onClick={() => onMove(1)} aria-label={downLabel}>
        {t('templates.down')}
      </button>
      <button type="button" class="secondary small" disabled={onRemove === null} onClick={() => onRemove?.()} aria-label={removeLabel} data-testid={removeTestId}>
        {t('templates.remove')}
      </button>
    </div>
  );
}

/** Focuses `id` once it is drawn: a new section may take a few frames on a slow phone. */
export function focusSoon(id: string, tries = 20): void {
  setTimeout(
    () => {
      // The page may be gone by then (a test's document torn down, a route left).
      if (typeof document === 'undefined') return;
      const el = document.getElementById(id);
      if (!el) {
        if (tries > 0) focusSoon(id, tries - 1);
        return;
      }
      el.focus();
      el.scrollIntoView?.({ block: 'center' });
    },
    tries === 20 ? 0 : 25,
  );
}
