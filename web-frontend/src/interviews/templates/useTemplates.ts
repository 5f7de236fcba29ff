import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemKey, type ProblemKey } from '../../api/problem';
import { useI18n } from '../../i18n';
import type { Template } from './templateModel';

export type TemplatesState = { status: 'loading' } | { status: 'error'; key: ProblemKey } | { status: 'forbidden' } | { status: 'ready'; items: Template[] };

/** The organisation's questionnaires (titles in the app's language), and a way to ask again after an error. */
export function useTemplates(): { state: TemplatesState; reload: () => Promise<void> } {
  const { lang } = useI18n();
  const [state, setState] = useState<TemplatesState>({ status: 'loading' });
  const reload = useCallback(async () => {
    try {
      const items = await unwrap(api.GET('/api/v1/interview-templates', { params: { query: { lang } } }));
      setState({ status: 'ready', items });
    } catch (error) {
      setState(error instanceof ApiError && error.status === 403 ? { status: 'forbidden' } : { status: 'error', key: problemKey(error) });
    }
  }, [lang]);
  useEffect(() => void reload(), [reload]);
  return { state, reload };
}
