import { useI18n } from '../i18n';

/** Shown instead of a page whose code could not be fetched (offline, flaky mobile data). */
export function LoadFailed() {
  const { t } = useI18n();
  return (
    <div class="alert" role="alert">
      <p>{t('problem.network')}</p>
      <button type="button" onClick={() => location.reload()}>
        {t('common.reload')}
      </button>
    </div>
  );
}
