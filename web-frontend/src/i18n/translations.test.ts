import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ar, en, fa, sl, uk } from './all';
import { LANGUAGES, type Lang } from './languages';

const messages: Record<Lang, unknown> = { en, sl, ar, uk, fa };

/** Flattens nested messages to { "home.title": "..." }. */
function flatten(value: unknown, prefix = ''): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { [prefix]: value };
  return Object.entries(value).reduce<Record<string, unknown>>(
    (acc, [key, v]) => Object.assign(acc, flatten(v, prefix ? `${prefix}.${key}` : key)),
    {},
  );
}

const flat = Object.fromEntries(
  Object.entries(messages).map(([lang, m]) => [lang, flatten(m)]),
) as Record<Lang, Record<string, unknown>>;
const enKeys = Object.keys(flat.en).sort();
const others = LANGUAGES.map((l) => l.code).filter((c) => c !== 'en');
const placeholders = (s: unknown) => [...String(s).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

/** Letters of each language's script: a value in none of them is probably untranslated. */
const SCRIPT: Record<Lang, RegExp> = {
  en: /[A-Za-z]/,
  sl: /[A-Za-zčšžČŠŽ]/,
  ar: /[\u0600-\u06FF]/,
  fa: /[\u0600-\u06FF]/,
  uk: /[\u0400-\u04FF]/,
};

describe('translation files', () => {
  it('the shared folder and every feature i18n folder have one file per language, and no other', () => {
    const src = new URL('..', import.meta.url);
    const folders = readdirSync(src, { recursive: true, withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name === 'i18n')
      .map((d) => `${d.parentPath}/${d.name}`);
    expect(folders.length).toBeGreaterThan(5);
    for (const folder of folders) {
      const files = readdirSync(folder).filter((f) => f.endsWith('.json'));
      expect(files.sort(), folder).toEqual(LANGUAGES.map((l) => `${l.code}.json`).sort());
    }
  });

  it('no two files give the same top-level key', () => {
    const src = new URL('..', import.meta.url);
    const seen = new Map<string, string>();
    for (const d of readdirSync(src, { recursive: true, withFileTypes: true })) {
      if (d.isFile() && d.name === 'en.json' && d.parentPath.endsWith('i18n')) {
        const path = `${d.parentPath}/${d.name}`;
        for (const key of Object.keys(JSON.parse(readFileSync(path, 'utf8')) as object)) {
          expect(seen.get(key), `${key} in ${path}`).toBeUndefined();
          seen.set(key, path);
        }
      }
    }
    expect(seen.size).toBe(Object.keys(en).length);
  });

  it('English has some keys, and every value is a non-empty string', () => {
    expect(enKeys.length).toBeGreaterThan(20);
    for (const [key, value] of Object.entries(flat.en)) {
      expect(typeof value, `en: ${key}`).toBe('string');
      expect(String(value).trim(), `en: ${key}`).not.toBe('');
    }
  });

  describe.each(others)('%s', (lang) => {
    const m = flat[lang];

    it('has exactly the keys of en.json', () => {
      expect(Object.keys(m).sort()).toEqual(enKeys);
    });

    it('has no empty value', () => {
      for (const [key, value] of Object.entries(m)) {
        expect(typeof value, `${lang}: ${key}`).toBe('string');
        expect(String(value).trim(), `${lang}: ${key}`).not.toBe('');
      }
    });

    it('is translated, not copied from English', () => {
      for (const key of enKeys) {
        expect(m[key], `${lang}: ${key} is the English text`).not.toBe(flat.en[key]);
        expect(String(m[key]), `${lang}: ${key}`).toMatch(SCRIPT[lang]);
      }
    });

    it('keeps the same {{placeholders}} as English', () => {
      for (const key of enKeys) {
        expect(placeholders(m[key]), `${lang}: ${key}`).toEqual(placeholders(flat.en[key]));
      }
    });
  });
});
