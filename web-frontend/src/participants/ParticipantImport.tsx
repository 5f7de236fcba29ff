import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { ApiError, fieldErrorKey, unwrap } from '../api/errors';
import { isProblem, problemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { download } from '../components/download';
import { Forbidden } from '../components/Forbidden';
import { ErrorMessage, SuccessMessage } from '../components/forms';
import { useTitle } from '../components/useTitle';
import { useI18n, type t as translate } from '../i18n';
import type { ImportReport } from './model';

/** Columns of the template with a label in the app (api/src/participants/import.rs, COLUMNS). */
const COLUMN_LABELS = {
  name: 'participants.field.name',
  name_is_pseudonym: 'participants.name_is_pseudonym',
  phone: 'participants.field.phone',
  whatsapp: 'participants.field.whatsapp',
  viber: 'participants.field.viber',
  email: 'participants.field.email',
  gender: 'participants.field.gender',
  birth_year: 'participants.field.birth_year',
  country_of_origin: 'participants.field.country_of_origin',
  legal_status: 'participants.field.legal_status',
  legal_status_detail: 'participants.field.legal_status_detail',
  work_permit: 'participants.field.work_permit',
  work_permit_date: 'participants.field.work_permit_date',
  arrival_date: 'participants.field.arrival_date',
  municipality: 'participants.field.municipality',
  education_level: 'participants.field.education_level',
  employment_state: 'participants.field.employment_state',
  languages: 'participants.field.languages',
  needs: 'participants.section_needs',
  needs_other: 'participants.field.needs_other',
  notes: 'participants.field.notes',
  consent_profile_processing: 'participants.section_consent',
  consent_text_version: 'consents.text_version',
  file: 'import.whole_file',
} as const;

export interface ImportProblem {
  /** The spreadsheet row (the header is row 1). */
  row: number;
  column: string;
  code: string;
}

/** The problems of a 422 answer, by row and column (`rows[N].column`), in file order. */
export function importProblems(problem: unknown): ImportProblem[] {
  if (!isProblem(problem) || !Array.isArray(problem.errors)) return [];
  const found: ImportProblem[] = [];
  for (const e of problem.errors) {
    const m = /^rows\[(\d+)\]\.(.+)$/.exec(e.field);
    found.push(m ? { row: Number(m[1]), column: m[2]!, code: e.code } : { row: 1, column: 'file', code: e.code });
  }
  return found.sort((a, b) => a.row - b.row);
}

export function columnLabel(column: string, t: typeof translate): string | null {
  const key = (COLUMN_LABELS as Record<string, (typeof COLUMN_LABELS)[keyof typeof COLUMN_LABELS]>)[column];
  return key ? t(key) : null;
}

/** At most this many problems are listed; a file with more has a systematic mistake. */
const SHOWN = 300;

type Step =
  | { status: 'idle' }
  | { status: 'checking' | 'importing' }
  | { status: 'invalid'; problems: ImportProblem[] }
  | { status: 'valid'; report: ImportReport }
  | { status: 'imported'; report: ImportReport }
  | { status: 'error'; message: string };

export default function ParticipantImport() {
  const { t } = useI18n();
  useTitle(t('import.title'));
  const { me } = useAuth();
  const [file, setFile] = useState<File | null>(null);
  /** The bytes that were checked: exactly these are imported. */
  const [checked, setChecked] = useState<Blob | null>(null);
  const [step, setStep] = useState<Step>({ status: 'idle' });
  const [templateError, setTemplateError] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  if (!can(me?.role, 'participants.import')) return <Forbidden />;

  const getTemplate = async () => {
    setTemplateError(null);
    try {
      const { data, error, response } = await api.GET('/api/v1/participants/import/template', { parseAs: 'blob' });
      if (!response.ok || !data) throw new ApiError(response.status, error);
      download(data, 'skupaj-participants-template.csv');
    } catch (error) {
      setTemplateError(t(problemKey(error)));
    }
  };

  const send = (body: Blob, dryRun: boolean) =>
    unwrap(
      api.POST('/api/v1/participants/import', {
        params: { query: { dry_run: dryRun } },
        body: body as unknown as string,
        bodySerializer: (b: unknown) => b as BodyInit,
        headers: { 'Content-Type': 'text/csv' },
      }),
    );

  const check = async (event: Event) => {
    event.preventDefault();
    if (!file) {
      setFileError(t('import.choose_first'));
      document.getElementById('import-file')?.focus();
      return;
    }
    setFileError(null);
    setStep({ status: 'checking' });
    let bytes: Blob;
    try {
      // Read now: the file may have been changed and saved since it was chosen.
      bytes = new Blob([await file.arrayBuffer()], { type: 'text/csv' });
    } catch {
      setChecked(null);
      setStep({ status: 'error', message: t('import.unreadable') });
      return;
    }
    try {
      const report = await send(bytes, true);
      setChecked(bytes);
      setStep({ status: 'valid', report });
    } catch (error) {
      setChecked(null);
      if (error instanceof ApiError && error.status === 422) setStep({ status: 'invalid', problems: importProblems(error.problem) });
      else setStep({ status: 'error', message: t(problemKey(error)) });
    }
  };

  const runImport = async () => {
    if (!checked) return;
    setStep({ status: 'importing' });
    try {
      const report = await send(checked, false);
      setChecked(null);
      setStep({ status: 'imported', report });
    } catch (error) {
      if (error instanceof ApiError && error.status === 422) setStep({ status: 'invalid', problems: importProblems(error.problem) });
      else setStep({ status: 'error', message: t(problemKey(error)) });
    }
  };

  const busy = step.status === 'checking' || step.status === 'importing';

  return (
    <>
      <p class="breadcrumb">
        <a href="/participants">{t('participants.back_to_list')}</a>
      </p>
      <h1>{t('import.title')}</h1>
      <p class="lead">{t('import.intro')}</p>

      <ol class="steps">
        <li>
          <h2>{t('import.step_template')}</h2>
          <p>{t('import.template_text')}</p>
          <p class="hint">{t('import.template_hint')}</p>
          <button type="button" class="secondary" onClick={() => void getTemplate()} data-testid="download-template">
            {t('import.download_template')}
          </button>
          {templateError && <ErrorMessage>{templateError}</ErrorMessage>}
        </li>
        <li>
          <h2>{t('import.step_check')}</h2>
          <form class="form" noValidate onSubmit={check} data-testid="import-form">
            <div class="field">
              <label for="import-file">{t('import.file')}</label>
              <p class="hint" id="import-file-hint">
                {t('import.file_hint')}
              </p>
              {/* The browser's own file button speaks the browser's language; this one speaks the user's. */}
              <div class="file-picker">
                <input
                  id="import-file"
                  class="visually-hidden"
                  type="file"
                  accept=".csv,text/csv"
                  aria-describedby={fileError ? 'import-file-hint import-file-error' : 'import-file-hint'}
                  aria-invalid={fileError ? 'true' : undefined}
                  onChange={(e) => {
                    setFile(e.currentTarget.files?.[0] ?? null);
                    setChecked(null);
                    setFileError(null);
                    setStep({ status: 'idle' });
                  }}
                  data-testid="import-file"
                />
                <label for="import-file" class="button-link secondary" aria-hidden="true">
                  {t('import.choose_file')}
                </label>
                <span class="file-name" dir="auto" data-testid="file-name">
                  {file ? file.name : t('import.no_file')}
                </span>
              </div>
              {fileError && (
                <p class="field-error" id="import-file-error">
                  {fileError}
                </p>
              )}
            </div>
            <button type="submit" disabled={busy} data-testid="check">
              {step.status === 'checking' ? t('import.checking') : step.status === 'invalid' ? t('import.check_again') : t('import.check')}
            </button>
          </form>
        </li>
      </ol>

      <div aria-live="polite">
        {step.status === 'error' && <ErrorMessage testId="import-error">{step.message}</ErrorMessage>}
        {step.status === 'invalid' && <Report problems={step.problems} />}
        {(step.status === 'valid' || step.status === 'importing') && checked && (
          <section class="card import-ready" data-testid="import-valid">
            <h2>{t('import.step_import')}</h2>
            <p>{step.status === 'valid' ? t('import.all_valid', { n: step.report.rows }) : t('import.importing')}</p>
            <button type="button" disabled={busy} onClick={() => void runImport()} data-testid="import">
              {step.status === 'importing'
                ? t('import.importing')
                : t('import.import')}
            </button>
          </section>
        )}
        {step.status === 'imported' && (
          <SuccessMessage testId="import-done">
            <p>{t('import.done', { n: step.report.imported })}</p>
            <p>
              <a href="/participants">{t('import.to_list')}</a>
            </p>
          </SuccessMessage>
        )}
      </div>
    </>
  );
}

function Report({ problems }: { problems: ImportProblem[] }) {
  const { t } = useI18n();
  const rows = new Set(problems.map((p) => p.row)).size;
  return (
    <section class="import-report" data-testid="import-report" aria-labelledby="report-heading">
      <h2 id="report-heading">{t('import.problems_heading')}</h2>
      <div class="alert" role="alert">
        <p>{t('import.problems_summary', { problems: problems.length, rows })}</p>
        <p>{t('import.fix_and_retry')}</p>
      </div>
      <table class="data-table" data-testid="import-problems">
        <thead>
          <tr>
            <th scope="col">{t('import.row')}</th>
            <th scope="col">{t('import.column')}</th>
            <th scope="col">{t('import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.slice(0, SHOWN).map((p, i) => {
            const label = columnLabel(p.column, t);
            return (
              <tr key={i} data-testid="import-problem" data-row={p.row} data-column={p.column} data-code={p.code}>
                <td class="primary">{p.row === 1 ? t('import.header_row') : t('import.row_n', { n: p.row })}</td>
                <td data-label={t('import.column')}>
                  {label && <span>{label} </span>}
                  {p.column !== 'file' && (
                    <code dir="ltr" class="column-name">
                      {p.column}
                    </code>
                  )}
                </td>
                <td data-label={t('import.problem')}>{t(fieldErrorKey(p.code), { min: 1 })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {problems.length > SHOWN && <p class="hint">{t('import.more_problems', { n: problems.length - SHOWN })}</p>}
    </section>
  );
}
