// Small helpers for the market's texts and dates.

/** This month as YYYY-MM (local time). */
export const thisMonth = (now = new Date()) => `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;

/** A multilingual text in the UI language, else the first one there is. */
export const pick = (texts: Record<string, string> | string | null | undefined, lang: string): string => {
  if (typeof texts === 'string') return texts;
  if (!texts) return '';
  return texts[lang] || Object.values(texts).find(Boolean) || '';
};
