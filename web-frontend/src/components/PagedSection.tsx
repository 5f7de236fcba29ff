import type { ComponentChildren } from 'preact';
import { MoreButton } from './MoreButton';
import { NotReady } from './NotReady';
import type { PageList, Paged } from './usePaged';

/**
 * A page's list from usePaged, in a section named by a heading for screen
 * readers: "Loading…" or the error with a retry (NotReady, inline), `empty`
 * when there is nothing, else the items (`children`) with "Load more". Busy
 * while new filters load.
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
  paged: Paged<T>;
  empty: ComponentChildren;
  children: (list: PageList<T> & { refreshing: boolean }) => ComponentChildren;
}) {
  return (
    <section aria-labelledby={headingId} aria-busy={paged.state === 'ready' && paged.refreshing ? 'true' : undefined}>
      <h2 id={headingId} class="visually-hidden">
        {heading}
      </h2>
      {paged.state !== 'ready' ? (
        <NotReady load={paged} inline />
      ) : paged.data.items.length === 0 ? (
        empty
      ) : (
        <>
          {children({ ...paged.data, refreshing: paged.refreshing })}
          <MoreButton paged={paged} />
        </>
      )}
    </section>
  );
}
