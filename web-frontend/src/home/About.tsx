import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';

export function About() {
  const { t } = useI18n();
  useTitle(t('about.title'));
  return (
    <>
      <h1>{t('about.title')}</h1>
      <p class="lead">{t('about.p1')}</p>
      <p>{t('about.p2')}</p>
      <p>{t('about.p3')}</p>
    </>
  );
}
