import i18next from 'i18next';
import { useEffect, useReducer } from 'preact/hooks';
import { en, loadParts, type Messages } from './messages';
import { DEFAULT_LANG, STORAGE_KEY, detectLanguage, dirOf, isLang, type Lang } from './languages';

export * from './languages';

export type { Messages };

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}

export async function loadMessages(lang: Lang): Promise<Messages> {
  return lang === 'en' ? en : loadParts(lang);
}

function readStored(): string | null {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null; // storage disabled (private mode, blocked cookies)
  }
}

function store(lang: Lang): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage disabled: the choice lasts for this page only */
  }
}

function browserLanguages(): readonly string[] {
  const nav = globalThis.navigator;
  if (!nav) return [];
  if (nav.languages?.length) return nav.languages;
  return nav.language ? [nav.language] : [];
}

/** Sets <html lang> and <html dir> so the page reads and mirrors correctly. */
export function applyDocumentLanguage(lang: Lang): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  root.lang = lang;
  root.dir = dirOf(lang);
}

/** Starts i18next in the stored or browser language; resolves once its texts are loaded. */
export async function initI18n(lang: Lang = detectLanguage(readStored(), browserLanguages())): Promise<Lang> {
  if (!i18next.isInitialized) {
    await i18next.init({
      lng: DEFAULT_LANG,
      fallbackLng: DEFAULT_LANG,
      supportedLngs: ['en', 'sl', 'ar', 'uk', 'fa'],
      resources: { en: { translation: en } },
      interpolation: { escapeValue: false }, // Preact escapes text itself
      returnNull: false,
      initAsync: false,
    });
  }
  try {
    await setLanguage(lang, { persist: false });
    return lang;
  } catch {
    // A language chunk failed to load (flaky connection): carry on in English.
    await setLanguage(DEFAULT_LANG, { persist: false });
    return DEFAULT_LANG;
  }
}

/** Loads the language's texts if needed, switches to it, updates <html> and remembers it. */
export async function setLanguage(lang: Lang, { persist = true } = {}): Promise<void> {
  if (!i18next.hasResourceBundle(lang, 'translation')) {
    i18next.addResourceBundle(lang, 'translation', await loadMessages(lang));
  }
  await i18next.changeLanguage(lang);
  applyDocumentLanguage(lang);
  if (persist) store(lang);
}

export function currentLanguage(): Lang {
  const lang = i18next.resolvedLanguage ?? i18next.language;
  return isLang(lang) ? lang : DEFAULT_LANG;
}

export const t = i18next.t.bind(i18next);

/** Re-renders the calling component whenever the language changes. */
export function useI18n(): { t: typeof t; lang: Lang } {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    const onChange = () => rerender(0);
    i18next.on('languageChanged', onChange);
    return () => i18next.off('languageChanged', onChange);
  }, []);
  return { t, lang: currentLanguage() };
}
