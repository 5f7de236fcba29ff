import { useI18n } from '../i18n';
import { useTitle } from './useTitle';

export function NotFound() {
  const { t } = useI18n();
  useTitle(t('not_found.title'));
  return (
    <section data-testid="not-found">
      <h1>{t('not_found.title')}</h1>
      <p>{t('not_found.text')}</p>
      <p>
        <a class="button-link" href="/">
          {t('not_found.home')}
        </a>
      </p>
    </section>
  );
}
