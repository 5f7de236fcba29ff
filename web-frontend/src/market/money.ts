// Prices: cents and a currency from the API, shown with Intl.NumberFormat in
// the UI language; what a seller types in euros, read back as cents.

const formats = new Map<string, Intl.NumberFormat>();

/** A price in the UI language, e.g. "12,50 €" (sl), "€12.50" (en), "١٢٫٥٠ €" (ar). */
export function formatPrice(cents: number, currency: string, lang: string): string {
  const key = `${lang}|${currency}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(lang, { style: 'currency', currency });
    } catch {
      f = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    }
    formats.set(key, f);
  }
  return f.format(cents / 100);
}

/** A whole number in the UI language (Persian digits in Farsi). */
export function formatNumber(n: number, lang: string): string {
  return new Intl.NumberFormat(lang).format(n);
}

/** Arabic-Indic and Persian digits as ASCII, so "١٢٫٥" and "۱۲,۵" read like "12.5". */
function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u066B]/g, '.')
    .replace(/[\u066C]/g, ',');
}

/**
 * Euros typed by a person as cents: "12", "12.5", "12,50", "1.234,50",
 * "€ 8" → 1200, 1250, 1250, 123450, 800; null when it is not a price
 * (empty, negative, more than two decimals, letters).
 */
export function parsePrice(input: string): number | null {
  let s = asciiDigits(input).replace(/[\s\u00A0\u202F€$£]/g, '');
  if (!s || !/^\d[\d.,']*$/.test(s)) return null;
  s = s.replace(/'/g, '');
  const lastSep = Math.max(s.lastIndexOf('.'), s.lastIndexOf(','));
  let whole = s;
  let frac = '';
  if (lastSep >= 0 && s.length - lastSep - 1 <= 2) {
    whole = s.slice(0, lastSep);
    frac = s.slice(lastSep + 1);
  }
  whole = whole.replace(/[.,]/g, '');
  if (!/^\d*$/.test(whole) || !/^\d{0,2}$/.test(frac) || (whole === '' && frac === '')) return null;
  return Number(whole || '0') * 100 + Number(frac.padEnd(2, '0') || '0');
}

/** Cents as the text of a price input ("12.50"), to edit a listing. */
export const centsToInput = (cents: number) => (cents / 100).toFixed(2);

/** Sums of amounts per currency, in the order the currencies first appear. */
export function totalsByCurrency(lines: readonly { currency: string; cents: number }[]): { currency: string; cents: number }[] {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.currency, (sums.get(l.currency) ?? 0) + l.cents);
  return [...sums].map(([currency, cents]) => ({ currency, cents }));
}
