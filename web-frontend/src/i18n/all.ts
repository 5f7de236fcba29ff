// Every language's texts at once, joined like the app joins them: for
// tests, which compare what the app shows with the translation files.
import type { Messages } from './messages';

const files = import.meta.glob<Partial<Messages>>(['./*.json', '../*/i18n/*.json', '../*/*/i18n/*.json'], {
  eager: true,
  import: 'default',
});

function join(lang: string): Messages {
  const parts = Object.entries(files)
    .filter(([path]) => path.endsWith(`/${lang}.json`))
    .map(([, part]) => part);
  return Object.assign({}, ...parts) as Messages;
}

export const en = join('en');
export const sl = join('sl');
export const ar = join('ar');
export const uk = join('uk');
export const fa = join('fa');
