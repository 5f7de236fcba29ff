import { useRef } from 'preact/hooks';
import { problemKey, type ProblemKey } from '../api/problem';
import { useLoad, type Load } from './useLoad';

/** A page of a paged endpoint, as the API sends it. */
export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

/** The items loaded so far, the cursor of the next page, and how "Load more" went. */
export interface PageList<T> {
  items: T[];
  next: string | null;
  more: 'idle' | 'loading' | ProblemKey;
}

export type Paged<T> = Load<PageList<T>> & {
  /** Appends the next page (via `next_cursor`). */
  loadMore: () => Promise<void>;
  /** Changes the loaded items in place (after an edit), without a round trip. */
  update: (change: (items: T[]) => T[]) => void;
};

/**
 * A list from a paged endpoint, loaded like any data (useLoad: the first page
 * on mount, when `deps` change and on `reload()`), with further pages
 * appended by `loadMore()`.
 */
export function usePaged<T>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: readonly unknown[] = [],
  /** Keep showing the items while new filters load (search as you type), instead of "Loading…". */
  { keepOnChange = false } = {},
): Paged<T> {
  /** Counts first pages: a next page asked for before the list was loaded again is dropped. */
  const firsts = useRef(0);
  const list = useLoad<PageList<T>>(
    async () => {
      firsts.current += 1;
      const page = await fetchPage(undefined);
      return { items: page.items, next: page.next_cursor ?? null, more: 'idle' };
    },
    deps,
    { keepOnChange },
  );

  const loadMore = async () => {
    if (list.state !== 'ready' || !list.data.next || list.data.more === 'loading') return;
    const mine = firsts.current;
    const { next } = list.data;
    list.set((d) => ({ ...d, more: 'loading' }));
    try {
      const page = await fetchPage(next);
      if (mine === firsts.current) list.set((d) => ({ items: [...d.items, ...page.items], next: page.next_cursor ?? null, more: 'idle' }));
    } catch (error) {
      if (mine === firsts.current) list.set((d) => ({ ...d, more: problemKey(error) }));
    }
  };

  const update = (change: (items: T[]) => T[]) => list.set((d) => ({ ...d, items: change(d.items) }));

  return { ...list, loadMore, update };
}
