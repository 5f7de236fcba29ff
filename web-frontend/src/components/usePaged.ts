import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export type Paged<T> =
  | { status: 'loading' }
  | { status: 'forbidden' }
  | { status: 'error'; key: ProblemKey }
  | {
      status: 'ready';
      items: T[];
      next: string | null;
      more: 'idle' | 'loading' | ProblemKey;
      /** The first page is loading again (new filters) while these items stay visible. */
      refreshing?: boolean;
    };

/**
 * A list from a paged endpoint: the first page on mount and on `reload()`,
 * further pages appended by `loadMore()` (via `next_cursor`).
 */
export function usePaged<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: readonly unknown[] = [],
  /** Keep showing the items while new filters load (search as you type), instead of "Loading…". */
  { keepOnChange = false } = {},
) {
  const [state, setState] = useState<Paged<T>>({ status: 'loading' });
  const seq = useRef(0);
  // The caller lists in `deps` what fetchPage depends on (filters, organisation).
  const load = useCallback(fetchPage, deps);

  /** Loads the first page again; with `keep`, the old items stay visible meanwhile. */
  const reload = useCallback(async (keep = true) => {
    const mine = ++seq.current;
    setState((s) => (keep && s.status === 'ready' ? { ...s, refreshing: true } : { status: 'loading' }));
    try {
      const page = await load(undefined);
      if (mine === seq.current) setState({ status: 'ready', items: page.items, next: page.next_cursor ?? null, more: 'idle' });
    } catch (error) {
      if (mine !== seq.current) return;
      if (error instanceof ApiError && error.status === 403) setState({ status: 'forbidden' });
      else setState({ status: 'error', key: problemKey(error) });
    }
  }, [load]);

  const loadMore = useCallback(async () => {
    if (state.status !== 'ready' || !state.next || state.more === 'loading') return;
    const mine = seq.current;
    const { next } = state;
    setState({ ...state, more: 'loading' });
    try {
      const page = await load(next);
      if (mine !== seq.current) return;
      setState((s) =>
        s.status === 'ready'
          ? { status: 'ready', items: [...s.items, ...page.items], next: page.next_cursor ?? null, more: 'idle' }
          : s,
      );
    } catch (error) {
      if (mine === seq.current) setState((s) => (s.status === 'ready' ? { ...s, more: problemKey(error) } : s));
    }
  }, [state, load]);

  /** Changes the loaded items in place (after an edit), without a round trip. */
  const update = useCallback((change: (items: T[]) => T[]) => {
    setState((s) => (s.status === 'ready' ? { ...s, items: change(s.items) } : s));
  }, []);

  useEffect(() => {
    void reload(keepOnChange);
  }, [reload]);

  return { state, reload, loadMore, update };
}
