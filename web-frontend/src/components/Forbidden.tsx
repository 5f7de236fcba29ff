import { useTitle } from './useTitle';
import { useI18n } from '../i18n';

/** A page (or its data) this role may not see. */
export function Forbidden() {
  const { t } = useI18n();
  useTitle(t('forbidden.title'));
  return (
    <section data-testid="forbidden" class="forbidden">
      <h1>{t('forbidden.title')}</h1>
      <p>{t('forbidden.text')}</p>
      <p>
        <a class="button-link" href="/">
          {t('not_found.home')}
        </a>
      </p>
    </section>
  );
}
