import { describe, expect, it } from 'vitest';
import { centsToInput, formatPrice, parsePrice, totalsByCurrency } from './money';

describe('prices', () => {
  it('are shown with Intl.NumberFormat in the UI language', () => {
    expect(formatPrice(1250, 'EUR', 'en')).toBe('€12.50');
    expect(formatPrice(1250, 'EUR', 'sl').replace(/\s/g, ' ')).toBe('12,50 €');
    expect(formatPrice(1250, 'EUR', 'fa')).toMatch(/[۰-۹]/);
    expect(formatPrice(1250, 'EUR', 'uk').replace(/\s/g, ' ')).toMatch(/^12,50/);
    expect(formatPrice(0, 'EUR', 'en')).toBe('€0.00');
  });

  it('read what a person types in euros as cents', () => {
    expect(parsePrice('12')).toBe(1200);
    expect(parsePrice('12.5')).toBe(1250);
    expect(parsePrice('12,50')).toBe(1250);
    expect(parsePrice(' € 8 ')).toBe(800);
    expect(parsePrice('1.234,50')).toBe(123450);
    expect(parsePrice('1,234.50')).toBe(123450);
    expect(parsePrice('١٢٫٥')).toBe(1250);
    expect(parsePrice('۱۲,۵۰')).toBe(1250);
    expect(parsePrice('0.99')).toBe(99);
  });

  it('refuse what is not a price', () => {
    for (const bad of ['', ' ', 'abc', '-5', '12.345.6x', '1.2.3a', '€']) expect(parsePrice(bad), bad).toBeNull();
  });

  it('turn cents back into an input value, and sum per currency', () => {
    expect(centsToInput(1250)).toBe('12.50');
    expect(totalsByCurrency([{ currency: 'EUR', cents: 100 }, { currency: 'CHF', cents: 50 }, { currency: 'EUR', cents: 20 }])).toEqual([
      { currency: 'EUR', cents: 120 },
      { currency: 'CHF', cents: 50 },
    ]);
  });
});
