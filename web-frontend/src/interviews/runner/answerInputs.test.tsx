// @vitest-environment happy-dom
// Each answer input on its own: values as the API takes them, numbers as
// people type them, texts in two languages with their own lang and dir.
import { ar, en } from '../../i18n/all';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CODES, initI18n, serve, setLanguage, setUp, tearDown, until } from '../../testing/app-harness';
import { json } from '../../testing/fake-auth';
import { fill, options, sleep } from '../../testing/interviews';
// After the harness, which stubs fetch before the API client is created.
import type { CodeLists, CodeListName } from '../../api/codeLists';
import { PICKER_DELAY_MS } from '../../skills/SkillPicker';
import type { AnswerValue, Question } from '../model';
import { parseNumber } from './AnswerInputs';
import { QuestionField } from './QuestionField';

/** The code lists an input needs, without fetching. */
const codes: CodeLists = {
  status: 'ready',
  error: null,
  items: (name: CodeListName) => (CODES[name] ?? []).map(([code, label]) => ({ code, label })),
  label: (name: CodeListName, code: string | null | undefined) => (code ? (CODES[name]?.find(([c]) => c === code)?.[1] ?? code) : ''),
  retry: () => undefined,
};

const q = (extra: Partial<Question> & Pick<Question, 'type'>): Question => ({
  id: 'q1',
  text: { en: 'Where would you prefer to work?', ar: 'أين تفضل أن تعمل؟', sl: 'Kje bi raje delali?' },
  required: false,
  sensitive: false,
  ...extra,
});

let root: HTMLElement;
const changes: { value: AnswerValue | null; typing: boolean | undefined }[] = [];
let commits = 0;

/** One question with its value kept like the runner keeps it. */
function Host({ question, personLang, initial = null, readOnly }: { question: Question; personLang: string | null; initial?: AnswerValue | null; readOnly?: boolean }) {
  const [value, setValue] = useState<AnswerValue | null>(initial);
  return (
    <QuestionField
      question={question}
      number={3}
      idBase="q-q1"
      personLang={personLang}
      value={value}
      onChange={(v, typing) => {
        changes.push({ value: v, typing });
        setValue(v);
      }}
      onCommit={() => commits++}
      codes={codes}
      readOnly={readOnly}
    />
  );
}

async function mount(question: Question, personLang: string | null = 'ar', initial: AnswerValue | null = null, readOnly = false) {
  await act(() => render(<Host question={question} personLang={personLang} initial={initial} readOnly={readOnly} />, root));
}
const last = () => changes.at(-1)?.value;
const el = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel);
async function clickOn(sel: string) {
  const target = el(sel);
  if (!target) throw new Error(`no ${sel}`);
  await act(() => (target as HTMLElement).click());
}
async function input(sel: string, value: string, event = 'input') {
  const target = el<HTMLInputElement>(sel);
  if (!target) throw new Error(`no ${sel}`);
  await act(() => {
    target.value = value;
    target.dispatchEvent(new Event(event, { bubbles: true }));
  });
}

beforeAll(() => initI18n('en'));

describe('typed numbers', () => {
  it('reads numbers as people type them', () => {
    expect(parseNumber('12')).toBe(12);
    expect(parseNumber(' ٣,٥ ')).toBe(3.5);
    expect(parseNumber('۱۲')).toBe(12);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('12a')).toBeNaN();
  });
});

describe('answer inputs', () => {
  beforeEach(async () => {
    await setUp();
    root = document.createElement('div');
    document.body.append(root);
    changes.length = 0;
    commits = 0;
  });
  afterEach(async () => {
    render(null, root);
    root.remove();
    await tearDown();
  });

  it('shows the question in the interviewer’s language and the participant’s, each with its own lang and dir', async () => {
    await mount(q({ type: 'single_choice', options }), 'ar');
    const mine = el('#q-q1-text')!;
    const theirs = el('#q-q1-text-person')!;
    expect(mine.textContent).toBe('Where would you prefer to work?');
    expect([mine.getAttribute('lang'), mine.getAttribute('dir')]).toEqual(['en', 'ltr']);
    expect(theirs.textContent).toBe('أين تفضل أن تعمل؟');
    expect([theirs.getAttribute('lang'), theirs.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    // The options too.
    const personOptions = root.querySelectorAll('.option-text-person [lang="ar"][dir="rtl"]');
    expect([...personOptions].map((o) => o.textContent)).toEqual(['في مدينة', 'في الريف', 'لا تفضيل']);
  });

  it('marks each direction also when only the interviewer’s language is right-to-left', async () => {
    await setLanguage('ar');
    await mount(q({ type: 'text' }), 'sl');
    expect([el('#q-q1-text')!.getAttribute('lang'), el('#q-q1-text')!.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect([el('#q-q1-text-person')!.getAttribute('lang'), el('#q-q1-text-person')!.getAttribute('dir')]).toEqual(['sl', 'ltr']);
  });

  it('shows one text when both read the same language, and English (said so) when the template lacks one', async () => {
    await mount(q({ type: 'text' }), 'en');
    expect(el('#q-q1-text-person')).toBeNull();
    render(null, root);
    await setLanguage('ar');
    await mount(q({ type: 'text' }), 'uk');
    expect(el('#q-q1-text-person')!.getAttribute('lang')).toBe('en');
    expect(el('#q-q1-text-person')!.textContent).toBe('Where would you prefer to work?');
    expect(el('[data-testid="text-fallback"]')!.textContent).toBe(fill(ar.interviews.no_text_in, { language: 'Ukrainian' }));
  });

  it('marks required and sensitive questions, with the help text', async () => {
    await mount(q({ type: 'yes_no', required: true, sensitive: true, help: { en: 'Ask gently.' } }));
    const legend = el('fieldset.question > legend')!;
    expect(legend.textContent).toContain(en.interviews.required);
    expect(legend.textContent).toContain(en.interviews.sensitive);
    const help = el('#q-q1-help')!;
    expect(help.textContent).toContain(en.interviews.sensitive_hint);
    expect(help.textContent).toContain('Ask gently.');
    expect(el('fieldset.question')!.getAttribute('aria-describedby')).toContain('q-q1-help');
  });

  it('single choice: radios in a fieldset with a legend; the value is the option, cleared with null', async () => {
    await mount(q({ type: 'single_choice', options }));
    expect(el('fieldset.question > legend')).not.toBeNull();
    expect(root.querySelectorAll('input[type="radio"][name="q-q1-input"]')).toHaveLength(3);
    await clickOn('#q-q1-input-1');
    expect(last()).toBe('rural');
    await clickOn('[data-testid="clear-answer"]');
    expect(last()).toBeNull();
  });

  it('multi choice: an array of option values in the template’s order; null when none is left', async () => {
    await mount(q({ type: 'multi_choice', options }));
    await clickOn('#q-q1-input-2');
    await clickOn('#q-q1-input-0');
    expect(last()).toEqual(['city', 'no_preference']);
    await clickOn('#q-q1-input-2');
    await clickOn('#q-q1-input-0');
    expect(last()).toBeNull();
  });

  it('yes/no: true or false, with the words also in the participant’s language', async () => {
    await mount(q({ type: 'yes_no' }), 'ar');
    expect(el('label[for="q-q1-input-yes"]')!.textContent).toContain('نعم');
    await clickOn('#q-q1-input-no');
    expect(last()).toBe(false);
    await clickOn('#q-q1-input-yes');
    expect(last()).toBe(true);
  });

  it('scale: ten radios 1–10, the value an integer', async () => {
    await mount(q({ type: 'scale' }));
    const radios = root.querySelectorAll<HTMLInputElement>('.scale input[type="radio"]');
    expect([...radios].map((r) => r.value)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    await clickOn('#q-q1-input-7');
    expect(last()).toBe(7);
  });

  it('number: typed (also in Arabic digits), checked against min and max before it is sent', async () => {
    await mount(q({ type: 'number', min: 0, max: 60 }));
    expect(el('#q-q1-input-range')!.textContent).toBe(fill(en.interviews.number_between, { min: 0, max: 60 }));
    await input('#q-q1-input', '١٢');
    expect(changes.at(-1)).toEqual({ value: 12, typing: true });
    const before = changes.length;
    await input('#q-q1-input', '75');
    expect(changes).toHaveLength(before); // not sent
    expect(el('#q-q1-input-local')!.textContent).toBe(en.interviews.answer_error.range);
    expect(el('#q-q1-input')!.getAttribute('aria-invalid')).toBe('true');
    await input('#q-q1-input', '');
    expect(last()).toBeNull();
    await act(() => {
      el('#q-q1-input')!.dispatchEvent(new Event('blur'));
    });
    expect(commits).toBe(1);
  });

  it('text: each keystroke is a typing change; leaving the field sends it', async () => {
    await mount(q({ type: 'text' }));
    expect(el('label[for="q-q1-input"]')).not.toBeNull();
    await input('#q-q1-input', 'Tailor');
    expect(changes.at(-1)).toEqual({ value: 'Tailor', typing: true });
    await act(() => {
      el('#q-q1-input')!.dispatchEvent(new Event('blur'));
    });
    expect(commits).toBe(1);
  });

  it('date: a yyyy-mm-dd string', async () => {
    await mount(q({ type: 'date' }));
    await input('#q-q1-input', '2026-12-01', 'change');
    expect(last()).toBe('2026-12-01');
  });

  it('skill: chosen from the taxonomy, sent as [{skill_uri, level}] once the level is chosen', async () => {
    const SEW = 'http://data.europa.eu/esco/skill/sew';
    const FORK = 'http://data.europa.eu/esco/skill/forklift';
    serve({
      'GET /api/v1/skills': () => json({ language: 'en', items: [{ uri: SEW, kind: 'skill', label: 'sew pieces of fabric', status: 'released' }] }),
      'GET /api/v1/concepts': (_r, url) =>
        json({ uri: url.searchParams.get('uri'), kind: 'skill', label: 'operate forklift', status: 'released', language: 'en', alt_labels: [], broader: [], narrower: [], essential_skills: [], optional_skills: [], occupations: [] }),
    });
    await mount(q({ type: 'skill' }), null, [{ skill_uri: FORK, level: 'expert' }]);
    // The stored answer has only the URI: its label is fetched.
    await until(() => el('[data-testid="skill-row"]')?.textContent?.includes('operate forklift'), 'forklift label');
    await input('#q-q1-input-pick', 'sew');
    await sleep(PICKER_DELAY_MS + 50);
    const option = await until(() => el(`#q-q1-input-pick-list [data-uri="${SEW}"]`), 'option');
    const before = changes.length;
    await act(() => (option as HTMLElement).click());
    expect(root.querySelectorAll('[data-testid="skill-row"]')).toHaveLength(2);
    expect(changes).toHaveLength(before); // no level yet: not sent
    expect(el('#q-q1-input-1-level')!.getAttribute('aria-invalid')).toBe('true');
    await input('#q-q1-input-1-level', 'basic', 'change');
    expect(last()).toEqual([
      { skill_uri: FORK, level: 'expert' },
      { skill_uri: SEW, level: 'basic' },
    ]);
  });

  it('language: rows of language and level, sent as [{language, level}]; a language twice waits', async () => {
    await mount(q({ type: 'language' }));
    await clickOn('[data-testid="add-language"]');
    await input('#q-q1-input-0-language', 'ar', 'change');
    expect(changes).toHaveLength(0);
    await input('#q-q1-input-0-level', 'native', 'change');
    expect(last()).toEqual([{ language: 'ar', level: 'native' }]);
    await clickOn('[data-testid="add-language"]');
    await input('#q-q1-input-1-language', 'ar', 'change');
    await input('#q-q1-input-1-level', 'A2', 'change');
    expect(last()).toEqual([{ language: 'ar', level: 'native' }]);
    expect(root.textContent).toContain(en.interviews.answer_error.duplicate);
    await input('#q-q1-input-1-language', 'sl', 'change');
    expect(last()).toEqual([
      { language: 'ar', level: 'native' },
      { language: 'sl', level: 'A2' },
    ]);
  });

  it('read-only: the answer in words', async () => {
    await mount(q({ type: 'multi_choice', options }), 'ar', ['city', 'rural'], true);
    expect(el('[data-testid="answer"]')!.textContent).toBe('In a city, In the countryside');
    expect(root.querySelectorAll('input')).toHaveLength(0);
  });
});
