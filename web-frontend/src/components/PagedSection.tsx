import type { ComponentChildren } from 'preact';
import { LoadError, Loading } from '../auth/auth';
import { MoreButton } from './MoreButton';
import type { Paged } from './usePaged';

/**
 * A page's list from usePaged, in a section named by a heading for screen
 * readers: "Loading…", the error with a retry, `empty` when there is nothing,
 * else the items (`children`) with "Load more". Busy while new filters load.
 */
export function PagedSection<T>({
  headingId,
  heading,
  paged,
  empty,
  children,
}: {
  headingId: string;
  heading: string;
  paged: { state: Paged<T>; reload: (keep?: boolean) => Promise<void>; loadMore: () => Promise<void> };
  empty: ComponentChildren;
  children: (list: Extract<Paged<T>, { status: 'ready' }>) => ComponentChildren;
}) {
  const s = paged.state;
  return (
    <section aria-labelledby={headingId} aria-busy={s.status === 'ready' && s.refreshing ? 'true' : undefined}>
      <h2 id={headingId} class="visually-hidden">
        {heading}
      </h2>
      {s.status === 'loading' && <Loading />}
      {s.status === 'error' && <LoadError messageKey={s.key} onRetry={() => void paged.reload(false)} />}
      {s.status === 'ready' &&
        (s.items.length === 0 ? (
          empty
        ) : (
          <>
            {children(s)}
            <MoreButton paged={paged} />
          </>
        ))}
    </section>
  );
}
