import { useI18n } from '../i18n';
import { ErrorMessage } from './forms';
import type { Paged } from './usePaged';

/** "Load more" under a paged list, while there is a next page. */
export function MoreButton({ paged }: { paged: { state: Paged<unknown>; loadMore: () => Promise<void> } }) {
  const { t } = useI18n();
  const s = paged.state;
  if (s.status !== 'ready' || !s.next) return null;
  return (
    <div class="more">
      {s.more !== 'idle' && s.more !== 'loading' && <ErrorMessage>{t(s.more)}</ErrorMessage>}
      <button type="button" class="secondary" data-testid="load-more" disabled={s.more === 'loading'} onClick={() => void paged.loadMore()}>
        {s.more === 'loading' ? t('common.loading') : t('common.load_more')}
      </button>
    </div>
  );
}
