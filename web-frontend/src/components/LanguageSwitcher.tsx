import { LANGUAGES, isLang, setLanguage, useI18n } from '../i18n';

export function LanguageSwitcher() {
  const { t, lang } = useI18n();

  const onChange = (event: Event) => {
    const select = event.currentTarget as HTMLSelectElement;
    const next = select.value;
    if (!isLang(next)) return;
    // If the language chunk cannot be fetched, show the language still in use.
    setLanguage(next).catch(() => {
      select.value = lang;
    });
  };

  return (
    <div class="lang-switch">
      <svg class="lang-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
        <path
          fill="none"
          stroke="currentColor"
          stroke-width="2"
          d="M12 2a10 10 0 1 0 0 20a10 10 0 1 0 0-20M2 12h20M12 2c3 3 4 6 4 10s-1 7-4 10c-3-3-4-6-4-10s1-7 4-10"
        />
      </svg>
      <label class="visually-hidden" for="lang-select">
        {t('language.label')}
      </label>
      <select id="lang-select" value={lang} onChange={onChange}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} dir={l.dir}>
            {l.name}
          </option>
        ))}
      </select>
    </div>
  );
}
