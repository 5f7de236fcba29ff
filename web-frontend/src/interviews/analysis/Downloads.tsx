// The analysis as CSV files: the tables, and (not for analysts) the answers one row each.
import { useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ApiError } from '../../api/errors';
import { problemKey } from '../../api/problem';
import { download } from '../../components/download';
import { ErrorMessage, SuccessMessage } from '../../components/forms';
import { useI18n } from '../../i18n';
import type { AnalysisQuery } from '../model';

/** Filename from Content-Disposition, if the server sent one. */
function filenameOf(response: Response): string | null {
  const header = response.headers.get('Content-Disposition') ?? '';
  const m = /filename="?([^";]+)"?/i.exec(header);
  return m?.[1] ?? null;
}

export function Downloads({ query, analyst }: { query: AnalysisQuery; analyst: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'tables' | 'answers' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const get = async (kind: 'tables' | 'answers') => {
    if (busy) return;
    setBusy(kind);
    setError(null);
    setDone(null);
    try {
      const call =
        kind === 'tables'
          ? api.GET('/api/v1/interviews/analysis/tables.csv', { params: { query }, parseAs: 'blob' })
          : api.GET('/api/v1/interviews/analysis/answers.csv', { params: { query }, parseAs: 'blob' });
      const { data, error: problem, response } = await call;
      if (!response.ok || !data) throw new ApiError(response.status, problem);
      const name = filenameOf(response) ?? `skupaj-interview-${kind}.csv`;
      download(data, name);
      setDone(t('analysis.downloaded', { file: name }));
    } catch (e) {
      setError(t(problemKey(e)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="downloads">
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void get('tables')} disabled={busy !== null} data-testid="download-tables">
          {busy === 'tables' ? t('common.working') : t('analysis.download_tables')}
        </button>
        <button type="button" class="secondary" onClick={() => void get('answers')} disabled={busy !== null} data-testid="download-answers">
          {busy === 'answers' ? t('common.working') : t('analysis.download_answers')}
        </button>
      </div>
      <p class="hint">{analyst ? t('analysis.answers_pseudonymised') : t('analysis.answers_hint')}</p>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {done && <SuccessMessage>{done}</SuccessMessage>}
    </div>
  );
}
