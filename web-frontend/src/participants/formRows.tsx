// The participant form's lists of rows: the languages a person speaks, and their qualifications.
import type { CodeListName, CodeLists } from '../api/codeLists';
import { SelectField, TextField } from '../components/forms';
import { useI18n } from '../i18n';
import { fieldId, type Draft } from './draft';

/** The options of a code list, after an empty one. */
export function CodeOptions({ codes, name, empty }: { codes: CodeLists; name: CodeListName; empty: string }) {
  return (
    <>
      <option value="">{empty}</option>
      {codes.items(name).map((i) => (
        <option key={i.code} value={i.code}>
          {i.label}
        </option>
      ))}
    </>
  );
}

interface RowsProps<R> {
  rows: R[];
  codes: CodeLists;
  /** The message for a field, by its name in the API (`languages[0].level`). */
  err: (field: string) => string | null;
  onRow: (i: number, change: Partial<R>) => void;
  onRemove: (i: number) => void;
  onAdd: () => void;
}

export function LanguageRows({ rows, codes, err, onRow, onRemove, onAdd }: RowsProps<Draft['languages'][number]>) {
  const { t } = useI18n();
  return (
    <>
      <ol class="rows" data-testid="language-rows">
        {rows.map((row, i) => (
          <li class="row row-language" key={row.key} data-testid="language-row">
            <SelectField id={fieldId(`languages[${i}].language`)} label={t('participants.field.language')} value={row.language} onValue={(language) => onRow(i, { language })} error={err(`languages[${i}].language`)} required>
              <CodeOptions codes={codes} name="languages" empty={t('participants.choose')} />
            </SelectField>
            <SelectField id={fieldId(`languages[${i}].level`)} label={t('participants.field.level')} value={row.level} onValue={(level) => onRow(i, { level })} error={err(`languages[${i}].level`)} required>
              <CodeOptions codes={codes} name="language-levels" empty={t('participants.choose')} />
            </SelectField>
            <button type="button" class="secondary small remove-row" onClick={() => onRemove(i)} aria-label={t('participants.remove_language', { n: i + 1 })} data-testid="remove-language">
              {t('participants.remove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" class="secondary add-row" onClick={onAdd} data-testid="add-language">
        {t('participants.add_language')}
      </button>
    </>
  );
}

export function QualificationRows({ rows, codes, err, onRow, onRemove, onAdd }: RowsProps<Draft['qualifications'][number]>) {
  const { t } = useI18n();
  return (
    <>
      <ol class="rows" data-testid="qualification-rows">
        {rows.map((row, i) => (
          <li class="row row-qualification" key={row.key} data-testid="qualification-row">
            <TextField id={fieldId(`qualifications[${i}].title`)} label={t('participants.field.title')} value={row.title} onValue={(title) => onRow(i, { title })} error={err(`qualifications[${i}].title`)} dir="auto" maxLength={200} required autoComplete="off" />
            <SelectField id={fieldId(`qualifications[${i}].country`)} label={t('participants.field.country')} value={row.country} onValue={(country) => onRow(i, { country })} error={err(`qualifications[${i}].country`)}>
              <CodeOptions codes={codes} name="countries" empty={t('participants.not_stated')} />
            </SelectField>
            <TextField id={fieldId(`qualifications[${i}].year`)} label={t('participants.field.year')} inputMode="numeric" value={row.year} onValue={(year) => onRow(i, { year })} error={err(`qualifications[${i}].year`)} maxLength={4} autoComplete="off" />
            <SelectField id={fieldId(`qualifications[${i}].recognition`)} label={t('participants.field.recognition')} value={row.recognition} onValue={(recognition) => onRow(i, { recognition })} error={err(`qualifications[${i}].recognition`)} required>
              <CodeOptions codes={codes} name="recognition-states" empty={t('participants.choose')} />
            </SelectField>
            <button type="button" class="secondary small remove-row" onClick={() => onRemove(i)} aria-label={t('participants.remove_qualification', { n: i + 1 })}>
              {t('participants.remove')}
            </button>
          </li>
        ))}
      </ol>
      <button type="button" class="secondary add-row" onClick={onAdd} data-testid="add-qualification">
        {t('participants.add_qualification')}
      </button>
    </>
  );
}
