import { useEffect, useMemo, useState } from 'preact/hooks';
import { useI18n, type Lang } from '../i18n';
import { api, type CodeItem } from './client';
import { unwrap } from './errors';
import { problemKey, type ProblemKey } from './problem';

/** The code lists of the API (GET /api/v1/code-lists/{name}), labelled in the asked language. */
export const CODE_LISTS = [
  'countries',
  'languages',
  'genders',
  'legal-statuses',
  'work-permits',
  'education-levels',
  'employment-states',
  'needs',
  'language-levels',
  'recognition-states',
  'consent-purposes',
  'skill-levels',
  'skill-acquired',
  'skill-evidence',
  'interview-kinds',
  'interview-channels',
  'interview-statuses',
  'interview-age-bands',
  'stay-lengths',
  'meeting-kinds',
  'meeting-audiences',
  'meeting-statuses',
  'registration-statuses',
  'booking-modes',
  'booking-topics',
  'attendance',
  'action-item-states',
  'opportunity-kinds',
  'opportunity-statuses',
  'work-places',
  'contract-types',
  'pay-periods',
  'application-states',
  'outcome-kinds',
] as const;
export type CodeListName = (typeof CODE_LISTS)[number];

/** One fetch per list and language while the page lives (the server also lets the browser cache them). */
const cache = new Map<string, Promise<CodeItem[]>>();

export function loadCodeList(name: CodeListName, lang: Lang): Promise<CodeItem[]> {
  const key = `${name}|${lang}`;
  let items = cache.get(key);
  if (!items) {
    items = unwrap(api.GET('/api/v1/code-lists/{name}', { params: { path: { name }, query: { lang } } })).then(
      (list) => list.items,
    );
    cache.set(key, items);
    items.catch(() => cache.delete(key)); // a failed fetch is tried again next time
  }
  return items;
}

/** Forgets the fetched lists (tests). */
export function clearCodeLists(): void {
  cache.clear();
}

export interface CodeLists {
  /** 'ready' once every list asked for is here. */
  status: 'loading' | 'ready' | 'error';
  error: ProblemKey | null;
  /** The list's codes and labels, in the server's order (empty while loading). */
  items(name: CodeListName): CodeItem[];
  /** The label of a code; the code itself while the list loads or if it is unknown. */
  label(name: CodeListName, code: string | null | undefined): string;
  retry(): void;
}

/**
 * The code lists a page shows, in the user's language: for every select and for
 * showing codes as labels. Never hard-coded: the server owns the vocabularies.
 */
export function useCodeLists(names: readonly CodeListName[]): CodeLists {
  const { lang } = useI18n();
  const key = names.join(',');
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<{
    lang: Lang | null;
    key: string;
    lists: Partial<Record<CodeListName, CodeItem[]>>;
    error: ProblemKey | null;
  }>({ lang: null, key, lists: {}, error: null });

  useEffect(() => {
    let live = true;
    Promise.all(names.map((name) => loadCodeList(name, lang).then((items) => [name, items] as const))).then(
      (pairs) => {
        if (live) setState({ lang, key, lists: Object.fromEntries(pairs), error: null });
      },
      (error: unknown) => {
        if (live) setState((s) => ({ ...s, error: problemKey(error) }));
      },
    );
    return () => {
      live = false;
    };
    // `names` is compared by its joined key.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang, key, attempt]);

  return useMemo(() => {
    const labels = new Map<string, Map<string, string>>();
    const labelsOf = (name: CodeListName) => {
      let map = labels.get(name);
      if (!map) {
        map = new Map((state.lists[name] ?? []).map((i) => [i.code, i.label]));
        labels.set(name, map);
      }
      return map;
    };
    const fresh = state.lang === lang && state.key === key;
    return {
      status: state.error ? 'error' : fresh ? 'ready' : 'loading',
      error: state.error,
      items: (name) => state.lists[name] ?? [],
      label: (name, code) => (code ? (labelsOf(name).get(code) ?? code) : ''),
      retry: () => {
        setState((s) => ({ ...s, error: null }));
        setAttempt((n) => n + 1);
      },
    };
  }, [state, lang, key]);
}
