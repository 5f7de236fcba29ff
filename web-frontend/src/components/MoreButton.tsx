import { useI18n } from '../i18n';
import { ErrorMessage } from './forms';
import type { LoadState } from './useLoad';
import type { PageList } from './usePaged';

/** "Load more" under a paged list, while there is a next page. */
export function MoreButton({ paged }: { paged: LoadState<PageList<unknown>> & { loadMore: () => Promise<void> } }) {
  const { t } = useI18n();
  if (paged.state !== 'ready' || !paged.data.next) return null;
  const { more } = paged.data;
  return (
    <div class="more">
      {more !== 'idle' && more !== 'loading' && <ErrorMessage>{t(more)}</ErrorMessage>}
      <button type="button" class="secondary" data-testid="load-more" disabled={more === 'loading'} onClick={() => void paged.loadMore()}>
        {more === 'loading' ? t('common.loading') : t('common.load_more')}
      </button>
    </div>
  );
}
