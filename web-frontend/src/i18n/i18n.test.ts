// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { ar, fa, sl } from './all';
import { STORAGE_KEY, currentLanguage, detectLanguage, dirOf, initI18n, matchLang, setLanguage, t } from './index';

describe('detectLanguage', () => {
  it('prefers a valid stored choice', () => {
    expect(detectLanguage('fa', ['sl-SI'])).toBe('fa');
  });

  it('ignores an invalid stored value and follows the browser', () => {
    expect(detectLanguage('xx', ['de-DE', 'uk-UA', 'en'])).toBe('uk');
    expect(detectLanguage(null, ['fa-IR'])).toBe('fa');
    expect(detectLanguage(undefined, ['ar-SY'])).toBe('ar');
    expect(detectLanguage(null, ['sl'])).toBe('sl');
  });

  it('falls back to English when the browser speaks nothing we have', () => {
    expect(detectLanguage(null, ['de-DE', 'ru'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });

  it('reads Dari as Persian', () => {
    expect(matchLang('prs-AF')).toBe('fa');
  });
});

describe('switching language', () => {
  beforeAll(async () => {
    localStorage.clear();
    await initI18n('en');
  });

  it('starts left to right in English', () => {
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('en');
    expect(currentLanguage()).toBe('en');
  });

  it.each([
    ['ar', ar],
    ['fa', fa],
  ] as const)('%s sets dir=rtl, translates and is remembered', async (lang, messages) => {
    await setLanguage(lang);
    expect(dirOf(lang)).toBe('rtl');
    expect(document.documentElement.dir).toBe('rtl');
    expect(document.documentElement.lang).toBe(lang);
    expect(t('home.title')).toBe(messages.home.title);
    expect(t('home.server_running', { version: '1.2.3' })).toBe(
      messages.home.server_running.replace('{{version}}', '1.2.3'),
    );
    expect(localStorage.getItem(STORAGE_KEY)).toBe(lang);
  });

  it('back to a left-to-right language sets dir=ltr', async () => {
    await setLanguage('ar');
    await setLanguage('sl');
    expect(document.documentElement.dir).toBe('ltr');
    expect(document.documentElement.lang).toBe('sl');
    expect(t('nav.about')).toBe(sl.nav.about);
    expect(localStorage.getItem(STORAGE_KEY)).toBe('sl');
  });

  it('initI18n restores the stored language', async () => {
    localStorage.setItem(STORAGE_KEY, 'fa');
    expect(await initI18n()).toBe('fa');
    expect(document.documentElement.dir).toBe('rtl');
  });
});
