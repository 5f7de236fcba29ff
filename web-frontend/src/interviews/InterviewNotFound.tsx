import { useI18n } from '../i18n';

/** Instead of an interview's page when there is no such interview (or it is not this person's to see). */
export function InterviewNotFound() {
  const { t } = useI18n();
  return (
    <section data-testid="interview-not-found">
      <h1>{t('interviews.not_found')}</h1>
      <p>{t('interviews.not_found_text')}</p>
      <p>
        <a href="/interviews">{t('interviews.back_to_list')}</a>
      </p>
    </section>
  );
}
