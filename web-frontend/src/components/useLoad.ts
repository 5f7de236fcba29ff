import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';

/**
 * Where a page's data is: loading; refused (403 `forbidden`), not there (404
 * `not_found`) or failed otherwise (`error`), each with the message for it
 * and what was thrown; or `ready`, with the data (`refreshing` while it loads
 * again behind it).
 */
export type LoadState<T> =
  | { state: 'loading' }
  | { state: 'error' | 'forbidden' | 'not_found'; key: ProblemKey; error: unknown }
  | { state: 'ready'; data: T; refreshing: boolean };

export type Load<T> = LoadState<T> & {
  /** Loads again; with `keep` (the default) the data stays shown meanwhile, without it "Loading…" shows. */
  reload: (keep?: boolean) => Promise<void>;
  /** Changes the loaded data in place (after an edit), without a round trip. */
  set: (change: (data: T) => T) => void;
};

/** The state a failed load ends in. */
export function failed(error: unknown): Exclude<LoadState<never>, { state: 'loading' | 'ready' }> {
  const key = problemKey(error);
  if (error instanceof ApiError && error.status === 403) return { state: 'forbidden', key, error };
  if (error instanceof ApiError && error.status === 404) return { state: 'not_found', key, error };
  return { state: 'error', key, error };
}

/**
 * Data a page loads: `fetch` runs on mount and again whenever `deps` (what it
 * depends on) change, and on `reload()`. An answer that a newer load has
 * overtaken is dropped. Show the states other than `ready` with <NotReady>.
 */
export function useLoad<T>(
  fetch: () => Promise<T>,
  deps: readonly unknown[],
  /** Keep showing the data while changed `deps` load (search as you type), instead of "Loading…". */
  { keepOnChange = false } = {},
): Load<T> {
  const [status, setStatus] = useState<LoadState<T>>({ state: 'loading' });
  const seq = useRef(0);
  const load = useCallback(fetch, deps);

  const reload = useCallback(
    async (keep = true) => {
      const mine = ++seq.current;
      setStatus((s) => (keep && s.state === 'ready' ? { ...s, refreshing: true } : { state: 'loading' }));
      try {
        const data = await load();
        if (mine === seq.current) setStatus({ state: 'ready', data, refreshing: false });
      } catch (error) {
        if (mine === seq.current) setStatus(failed(error));
      }
    },
    [load],
  );

  const set = useCallback((change: (data: T) => T) => {
    setStatus((s) => (s.state === 'ready' ? { ...s, data: change(s.data) } : s));
  }, []);

  useEffect(() => {
    void reload(keepOnChange);
  }, [reload]);

  return { ...status, reload, set };
}
