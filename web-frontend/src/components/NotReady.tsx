import type { ComponentChildren } from 'preact';
import type { ProblemKey } from '../api/problem';
import { useI18n } from '../i18n';
import { Forbidden } from './Forbidden';
import { NotFound } from './NotFound';
import type { LoadState } from './useLoad';

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status" data-testid="loading">
      {t('common.loading')}
    </p>
  );
}

/** What went wrong, with a button to try again ("Retry", or `retryLabel`). */
export function LoadError({ messageKey, onRetry, retryLabel }: { messageKey: ProblemKey; onRetry: () => void; retryLabel?: string }) {
  const { t } = useI18n();
  return (
    <div class="alert" role="alert">
      <p>{t(messageKey)}</p>
      <button type="button" onClick={onRetry}>
        {retryLabel ?? t('common.retry')}
      </button>
    </div>
  );
}

/**
 * What shows instead of data that is not ready (from useLoad or usePaged):
 * "Loading…", or what went wrong with a Retry. For a whole page (the
 * default), a refusal (403) is the Forbidden page and a 404 the not-found
 * view (`notFound`, else the app's). For a part of a page (`inline`: a tab,
 * a list under its heading), those two are messages with a Retry like any
 * error, unless `forbidden` or `notFound` say what to show.
 */
export function NotReady({
  load,
  inline = false,
  notFound,
  forbidden,
}: {
  load: LoadState<unknown> & { reload: (keep?: boolean) => Promise<void> };
  inline?: boolean;
  notFound?: ComponentChildren;
  forbidden?: ComponentChildren;
}) {
  if (load.state === 'ready') return null;
  if (load.state === 'loading') return <Loading />;
  if (load.state === 'forbidden' && forbidden !== undefined) return <>{forbidden}</>;
  if (load.state === 'forbidden' && !inline) return <Forbidden />;
  if (load.state === 'not_found' && notFound !== undefined) return <>{notFound}</>;
  if (load.state === 'not_found' && !inline) return <NotFound />;
  return <LoadError messageKey={load.key} onRetry={() => void load.reload(false)} />;
}
