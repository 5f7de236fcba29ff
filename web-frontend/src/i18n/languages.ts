/** The languages the app speaks. Each is named in its own language in the switcher. */
export const LANGUAGES = [
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'sl', name: 'Slovenščina', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
  { code: 'uk', name: 'Українська', dir: 'ltr' },
  { code: 'fa', name: 'فارسی', dir: 'rtl' },
] as const;

export type Lang = (typeof LANGUAGES)[number]['code'];
export const DEFAULT_LANG: Lang = 'en';
export const STORAGE_KEY = 'skupaj.lang';

/** Language tags that browsers report for a language we speak under another code. */
const ALIASES: Readonly<Record<string, Lang>> = {
  prs: 'fa', // Dari (Afghanistan) reads Persian text
};

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && LANGUAGES.some((l) => l.code === value);
}

export function dirOf(lang: Lang): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === lang)?.dir ?? 'ltr';
}

/** Maps a BCP 47 tag such as "sl-SI" or "fa-IR" to a language we speak, if any. */
export function matchLang(tag: string): Lang | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (isLang(primary)) return primary;
  return ALIASES[primary];
}

/**
 * The stored choice if there is a valid one, else the first of the browser's
 * preferred languages that we speak, else English.
 */
export function detectLanguage(
  stored: string | null | undefined,
  preferred: readonly string[],
): Lang {
  if (isLang(stored)) return stored;
  for (const tag of preferred) {
    const lang = matchLang(tag);
    if (lang) return lang;
  }
  return DEFAULT_LANG;
}
