import { useI18n } from '../i18n';
import { LoadError } from './NotReady';

/** Shown instead of a page whose code could not be fetched (offline, flaky mobile data). */
export function LoadFailed() {
  const { t } = useI18n();
  return <LoadError messageKey="problem.network" onRetry={() => location.reload()} retryLabel={t('common.reload')} />;
}
