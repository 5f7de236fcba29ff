// Every text of the app, by feature: each feature folder keeps its own
// texts in its i18n/ folder (one JSON file per language) and this file
// joins them with the shared ones (src/i18n/<lang>.json). English is
// bundled (it is also the fallback); every other language is fetched only
// when it is chosen, as one small file per feature.
import shared from './en.json';
import home from '../home/i18n/en.json';
import account from '../account/i18n/en.json';
import admin from '../admin/i18n/en.json';
import participants from '../participants/i18n/en.json';
import skills from '../skills/i18n/en.json';
import interviews from '../interviews/i18n/en.json';
import templates from '../interviews/templates/i18n/en.json';
import analysis from '../interviews/analysis/i18n/en.json';
import meetings from '../meetings/i18n/en.json';
import meetingCommon from '../meetings/common/i18n/en.json';
import door from '../meetings/door/i18n/en.json';
import booking from '../meetings/booking/i18n/en.json';
import feedback from '../meetings/feedback/i18n/en.json';
import market from '../market/i18n/en.json';
import opportunities from '../opportunities/i18n/en.json';
import outcomes from '../opportunities/outcomes/i18n/en.json';

export const en = { ...shared, ...home, ...account, ...admin, ...participants, ...skills, ...interviews, ...templates, ...analysis, ...meetings, ...meetingCommon, ...door, ...booking, ...feedback, ...market, ...opportunities, ...outcomes };

export type Messages = typeof en;

const others = import.meta.glob<Partial<Messages>>(
  ['./*.json', '../*/i18n/*.json', '../*/*/i18n/*.json', '!./en.json', '!../*/i18n/en.json', '!../*/*/i18n/en.json'],
  { import: 'default' },
);

/** The texts of `lang`, joined from the shared file and every feature's. */
export async function loadParts(lang: string): Promise<Messages> {
  const files = Object.entries(others).filter(([path]) => path.endsWith(`/${lang}.json`));
  if (files.length === 0) throw new Error(`no translations for ${lang}`);
  const parts = await Promise.all(files.map(([, load]) => load()));
  return Object.assign({}, ...parts) as Messages;
}
