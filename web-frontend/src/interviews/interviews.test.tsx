// @vitest-environment happy-dom
// The interview screens: each answer input on its own (values as the API takes
// them, texts in two languages with their own lang and dir), and the runner
// through the whole app against a fake API (saving as it goes, offline, the
// completion's missing list, the profile updates).
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { useState } from 'preact/hooks';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ar from '../i18n/ar.json';
import en from '../i18n/en.json';
import { $, $$, CODES, called, check, click, initI18n, route, serve, setLanguage, setUp, showAs, tearDown, text, type, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';
// After the harness, which stubs fetch before the API client is created.
import type { CodeLists, CodeListName } from '../api/codeLists';
import { PICKER_DELAY_MS } from '../skills/SkillPicker';
import { parseNumber } from './runner/AnswerInputs';
import { QuestionField } from './runner/QuestionField';
import { storageKey } from './runner/answerQueue';
import { TYPING_DELAY_MS } from './runner/InterviewRunner';
import { localize, missingAnswer, questionLanguageFor, type AnswerValue, type Question } from './model';

const fill = (s: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Object.assign(CODES, {
  'interview-kinds': [
    ['individual', 'Individual'],
    ['group', 'Group'],
  ],
  'interview-channels': [['in_person', 'In person']],
  'interview-statuses': [
    ['planned', 'Planned'],
    ['done', 'Done'],
  ],
});

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
const options = [
  { value: 'city', label: { en: 'In a city', ar: 'في مدينة' } },
  { value: 'rural', label: { en: 'In the countryside', ar: 'في الريف' } },
  { value: 'no_preference', label: { en: 'No preference', ar: 'لا تفضيل' } },
];

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

describe('model', () => {
  it('picks the question language from the best-spoken language with template texts (Dari reads Persian)', () => {
    expect(questionLanguageFor([{ language: 'sl', level: 'A2' }, { language: 'ar', level: 'native' }])).toBe('ar');
    expect(questionLanguageFor([{ language: 'prs', level: 'native' }, { language: 'sl', level: 'A2' }])).toBe('fa');
    expect(questionLanguageFor([{ language: 'ti', level: 'native' }, { language: 'ar', level: 'B1' }])).toBe('ar');
    expect(questionLanguageFor([{ language: 'so', level: 'native' }])).toBeNull();
    expect(questionLanguageFor(null)).toBeNull();
  });

  it('localises a text, falling back to English', () => {
    expect(localize({ en: 'Hi', ar: 'مرحبا' }, 'ar')).toEqual({ text: 'مرحبا', lang: 'ar', dir: 'rtl', exact: true });
    expect(localize({ en: 'Hi', fa: 'سلام' }, 'prs')).toEqual({ text: 'سلام', lang: 'fa', dir: 'rtl', exact: true });
    expect(localize({ en: 'Hi' }, 'uk')).toEqual({ text: 'Hi', lang: 'en', dir: 'ltr', exact: false });
  });

  it('reads a completion error field', () => {
    expect(missingAnswer('answers[p-1].needs')).toEqual({ participantId: 'p-1', questionId: 'needs' });
    expect(missingAnswer('participants')).toBeNull();
  });

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

// ---- The runner, through the whole app ----

const AMINA = 'p-amina';
const FARID = 'p-farid';
const content = {
  title: { en: 'In-depth interview', ar: 'مقابلة معمقة' },
  sections: [
    {
      id: 'needs',
      title: { en: 'Needs', ar: 'الاحتياجات' },
      questions: [
        { id: 'place', type: 'single_choice', required: true, text: { en: 'Where would you prefer to work?', ar: 'أين تفضل أن تعمل؟' }, options },
        { id: 'story', type: 'text', text: { en: 'Tell us more.', ar: 'أخبرنا المزيد.' } },
      ],
    },
    {
      id: 'support',
      title: { en: 'Support', ar: 'الدعم' },
      questions: [{ id: 'mentor', type: 'yes_no', required: true, text: { en: 'Would you like a mentor?', ar: 'هل تريد مرشدًا؟' } }],
    },
  ],
};
const interview = (extra: Record<string, unknown> = {}) => ({
  id: 'iv-1',
  template: { id: 'tpl-1', version: 1, title: 'In-depth interview' },
  kind: 'group',
  scheduled_at: '2026-11-26T09:00:00Z',
  channel: 'in_person',
  language: 'sl',
  recorded: false,
  status: 'planned',
  participants: [
    { participant_id: AMINA, name: 'Amina Hadžić', language: 'ar', attended: true, answered: 0, recording_consent: false },
    { participant_id: FARID, name: 'Farid Ahmadi', language: null, attended: true, answered: 0, recording_consent: false },
  ],
  interviewers: [{ user_id: 'user-adviser', name: 'Demo adviser' }],
  created_at: '2026-11-20T09:00:00Z',
  updated_at: '2026-11-20T09:00:00Z',
  version: 4,
  ...extra,
});

function serveInterview(extra: Parameters<typeof serve>[0] = {}) {
  let iv = interview();
  serve({
    'GET /api/v1/interviews/iv-1': () => json(iv),
    'GET /api/v1/interviews/iv-1/answers': () => json([{ participant_id: FARID, question_id: 'place', value: 'city', updated_at: '2026-11-20T09:00:00Z' }]),
    'GET /api/v1/interview-templates/tpl-1/versions/1': () =>
      json({ template_id: 'tpl-1', number: 1, status: 'published', content, revision: 1, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' }),
    'PUT /api/v1/interviews/iv-1/answers': async (req) => json((await req.json()).answers.filter((a: { value: unknown }) => a.value !== null)),
    ...extra,
  });
  return { set: (next: ReturnType<typeof interview>) => (iv = next) };
}

describe('the interview runner', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('shows one participant at a time with answered counts; saves a choice at once', async () => {
    serveInterview();
    await showAs('adviser', '/interviews/iv-1');
    await until(() => $('[data-testid="person-switch"]'), 'switcher');
    const tabs = $$('[data-testid="person-tab"]');
    expect(tabs.map((t) => t.getAttribute('aria-selected'))).toEqual(['true', 'false']);
    expect(tabs[1]!.querySelector('.person-count')!.textContent).toBe('1/2'); // Farid answered "place" already
    expect(text('[data-testid="answering"]')).toBe(fill(en.interviews.answering, { name: 'Amina Hadžić' }));
    expect($('#q-place-text-person')!.getAttribute('dir')).toBe('rtl');

    await check('#q-place-input-0');
    await until(() => $('#q-place[data-state="saved"]'), 'saved');
    expect(called('PUT', '/api/v1/interviews/iv-1/answers').map((c) => c.body)).toEqual([
      { answers: [{ participant_id: AMINA, question_id: 'place', value: 'city' }] },
    ]);
    expect(text('#q-place-status')).toBe(en.interviews.saved);
    expect(tabs[0]!.querySelector('.person-count')!.textContent).toBe('1/2');

    // Farid: his stored answer is shown; questions only in English (no language set).
    await click($(`[data-testid="person-tab"][data-id="${FARID}"]`));
    expect($<HTMLInputElement>('#q-place-input-0')!.checked).toBe(true);
    expect($('#q-place-text-person')).toBeNull();
  });

  it('sends typed text after a pause, or at once when the field is left', async () => {
    serveInterview();
    await showAs('adviser', '/interviews/iv-1');
    await until(() => $('#q-story-input'), 'text question');
    await type('#q-story-input', 'She sews');
    expect(called('PUT', '/api/v1/interviews/iv-1/answers')).toHaveLength(0);
    // Kept on the device at once, before it is sent.
    expect(localStorage.getItem(storageKey('iv-1'))).toContain('She sews');
    await sleep(TYPING_DELAY_MS + 100);
    await until(() => called('PUT', '/api/v1/interviews/iv-1/answers').length === 1, 'sent after the pause');
    await type('#q-story-input', 'She sews dresses');
    await act(() => {
      $('#q-story-input')!.dispatchEvent(new Event('blur'));
    });
    await until(() => called('PUT', '/api/v1/interviews/iv-1/answers').length === 2, 'sent on leaving');
    expect(called('PUT', '/api/v1/interviews/iv-1/answers')[1]!.body).toEqual({
      answers: [{ participant_id: AMINA, question_id: 'story', value: 'She sews dresses' }],
    });
  });

  it('keeps answers on the device without a connection and sends them when it is back', async () => {
    let offline = true;
    serveInterview({
      'PUT /api/v1/interviews/iv-1/answers': async (req) => {
        if (offline) throw new TypeError('Failed to fetch');
        return json((await req.json()).answers);
      },
    });
    await showAs('adviser', '/interviews/iv-1');
    await check('#q-place-input-2');
    await until(() => $('#q-place[data-state="retry"]'), 'not saved');
    expect(text('#q-place-status')).toBe(en.interviews.not_saved_retry);
    expect(text('[data-testid="save-bar"] p')).toBe(fill(en.interviews.retrying, { n: 1 }));
    expect(JSON.parse(localStorage.getItem(storageKey('iv-1'))!)).toMatchObject([{ participant_id: AMINA, question_id: 'place', value: 'no_preference' }]);

    offline = false;
    await act(() => {
      window.dispatchEvent(new Event('online'));
    });
    await until(() => $('#q-place[data-state="saved"]'), 'saved when back online');
    expect(localStorage.getItem(storageKey('iv-1'))).toBeNull();
    expect(text('[data-testid="save-bar"] p')).toBe(en.interviews.all_saved);
  });

  it('sends what an earlier visit left unsent when the page opens, and shows it', async () => {
    localStorage.setItem(storageKey('iv-1'), JSON.stringify([{ participant_id: AMINA, question_id: 'place', value: 'rural', seq: 3 }]));
    serveInterview();
    await showAs('adviser', '/interviews/iv-1');
    await until(() => $('#q-place[data-state="saved"]'), 'sent on load');
    expect($<HTMLInputElement>('#q-place-input-1')!.checked).toBe(true);
    expect(called('PUT', '/api/v1/interviews/iv-1/answers')[0]!.body).toEqual({ answers: [{ participant_id: AMINA, question_id: 'place', value: 'rural' }] });
  });

  it('shows a refused answer at its field', async () => {
    serveInterview({
      'PUT /api/v1/interviews/iv-1/answers': () =>
        problem(422, 'validation_failed', { errors: [{ field: 'answers[0].value', code: 'option', message: 'not an option' }] }),
    });
    await showAs('adviser', '/interviews/iv-1');
    await check('#q-place-input-0');
    await until(() => $('#q-place-error'), 'error');
    expect(text('#q-place-error')).toBe(en.interviews.answer_error.option);
    expect($('#q-place')!.getAttribute('aria-invalid')).toBe('true');
  });

  it('lists what is missing per person when completing too early; a link switches to the person and the question', async () => {
    serveInterview({
      'POST /api/v1/interviews/iv-1/complete': () =>
        problem(422, 'validation_failed', {
          errors: [
            { field: `answers[${AMINA}].place`, code: 'required', message: '' },
            { field: `answers[${FARID}].mentor`, code: 'required', message: '' },
          ],
        }),
    });
    await showAs('adviser', '/interviews/iv-1');
    await click(await until(() => $('[data-testid="complete"]'), 'complete'));
    await until(() => $('[data-testid="missing"]'), 'missing list');
    expect($$('[data-testid="missing-person"]').map((p) => p.getAttribute('data-id'))).toEqual([AMINA, FARID]);
    expect(called('POST', '/api/v1/interviews/iv-1/complete')[0]!.body).toEqual({ version: 4 });
    const link = $(`[data-testid="missing-person"][data-id="${FARID}"] [data-testid="missing-link"]`)!;
    expect(link.textContent).toBe('3. Would you like a mentor?');
    await click(link);
    await until(() => $(`[data-testid="person-tab"][data-id="${FARID}"][aria-selected="true"]`), 'Farid');
    await until(() => $('[data-testid="section"][data-section="support"]'), 'section 2');
    await until(() => document.activeElement?.id === 'q-mentor-input-yes', 'focus on the question');
    expect($('#q-mentor-error')!.textContent).toBe(en.interviews.answer_error.required);
  });

  it('marks someone absent with the interview’s version', async () => {
    const server = serveInterview();
    route('PATCH /api/v1/interviews/iv-1', async (req) => {
      const body = await req.json();
      const next = interview({ version: 5, participants: interview().participants.map((p) => ({ ...p, attended: p.participant_id !== AMINA })) });
      server.set(next);
      expect(body).toEqual({
        version: 4,
        participants: [
          { participant_id: AMINA, language: 'ar', attended: false },
          { participant_id: FARID, language: null, attended: true },
        ],
      });
      return json(next);
    });
    await showAs('adviser', '/interviews/iv-1');
    await click(await until(() => $('[data-testid="mark-absent"]'), 'absent button'));
    await until(() => $('[data-testid="absent-note"]'), 'absent');
    expect(called('PATCH', '/api/v1/interviews/iv-1')).toHaveLength(1);
  });

  it('after completion shows the profile updates, all ticked, and applies only what is confirmed', async () => {
    serveInterview({
      'GET /api/v1/interviews/iv-1': () => json(interview({ status: 'done', completed_at: '2026-11-26T10:00:00Z' })),
      'GET /api/v1/interviews/iv-1/profile-updates': () =>
        json([
          {
            id: `skill|${AMINA}|sew`,
            kind: 'add_skill',
            participant_id: AMINA,
            participant_name: 'Amina Hadžić',
            question_id: 'skills',
            skill: { uri: 'sew', kind: 'skill', label: 'sew pieces of fabric', status: 'released' },
            skill_level: 'advanced',
          },
          { id: `language|${FARID}|sl`, kind: 'change_language_level', participant_id: FARID, participant_name: 'Farid Ahmadi', question_id: 'languages', language: 'sl', language_level: 'native', current_language_level: 'A2' },
          { id: `need|${FARID}|employment`, kind: 'add_need', participant_id: FARID, participant_name: 'Farid Ahmadi', question_id: 'needs', need: 'employment' },
        ]),
      'POST /api/v1/interviews/iv-1/profile-updates': async (req) => {
        const { accept } = (await req.json()) as { accept: string[] };
        return json(accept.map((id) => ({ id, kind: 'add_skill', participant_id: AMINA, question_id: 'skills', skill: { uri: 'sew', kind: 'skill', label: 'sew pieces of fabric', status: 'released' }, skill_level: 'advanced' })));
      },
    });
    await showAs('adviser', '/interviews/iv-1');
    await until(() => $$('[data-testid="update"]').length === 3, 'updates');
    // Read-only: no inputs for answers, no completion.
    expect($('[data-testid="complete"]')).toBeNull();
    expect($$('[data-testid="question"] input')).toHaveLength(0);
    const labels = $$('[data-testid="update"]').map((u) => u.textContent);
    expect(labels).toEqual([
      fill(en.interviews.update.add_skill, { skill: 'sew pieces of fabric', level: 'Advanced' }),
      fill(en.interviews.update.change_language_level, { language: 'Slovenian', from: 'A2 Elementary', to: 'Native' }),
      fill(en.interviews.update.add_need, { need: 'Finding work' }),
    ]);
    expect($$('[data-testid="update"] input').every((i) => (i as HTMLInputElement).checked)).toBe(true);
    await click($('[data-testid="update"][data-kind="change_language_level"] input'));
    expect(text('[data-testid="confirm-updates"]')).toBe(fill(en.interviews.updates_confirm, { n: 2 }));
    await click($('[data-testid="confirm-updates"]'));
    await until(() => $('[data-testid="updates-applied"]'), 'applied');
    expect(called('POST', '/api/v1/interviews/iv-1/profile-updates')[0]!.body).toEqual({ accept: [`skill|${AMINA}|sew`, `need|${FARID}|employment`] });
    expect(text('[data-testid="updates-applied"]')).toContain('sew pieces of fabric');
  });

  it('follows the interviewer’s language: Arabic, right to left', async () => {
    serveInterview();
    await setLanguage('ar');
    await showAs('adviser', '/interviews/iv-1');
    await click(await until(() => $(`[data-testid="person-tab"][data-id="${FARID}"]`), 'tab'));
    expect(text('h1')).toBe('مقابلة معمقة');
    expect(text('[data-testid="answering"]')).toBe(fill(ar.interviews.answering, { name: 'Farid Ahmadi' }));
    expect($('#q-place-text')!.getAttribute('dir')).toBe('rtl');
  });
});

// ---- Planning, through the whole app ----

const person = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  status: 'active',
  view: 'limited',
  updated_at: '2026-11-24T10:00:00Z',
  version: 1,
  name,
  consents: ['profile_processing'],
  ...extra,
});
const TEMPLATES = [
  { id: 'tpl-1', title: 'In-depth interview', builtin: true, published_version: 1, draft_version: null, versions: [], updated_at: '2026-11-01T00:00:00Z' },
  { id: 'tpl-2', title: 'A draft only', builtin: false, published_version: null, draft_version: 1, versions: [], updated_at: '2026-11-01T00:00:00Z' },
];
const PEOPLE = [
  person(AMINA, 'Amina Hadžić', { languages: [{ language: 'sl', level: 'A2' }, { language: 'ar', level: 'native' }] }),
  person(FARID, 'Farid Ahmadi', { languages: [{ language: 'prs', level: 'native' }], consents: [] }),
];

function servePlanning(extra: Parameters<typeof serve>[0] = {}) {
  serve({
    'GET /api/v1/interview-templates': () => json(TEMPLATES),
    'GET /api/v1/participants': (_r, url) => {
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      return json({ items: PEOPLE.filter((p) => p.name.toLowerCase().includes(q)), next_cursor: null });
    },
    'GET /api/v1/members': () =>
      json({
        items: [
          { id: 'm-1', user_id: 'user-coordinator', email: 'c@x.org', display_name: 'Maja Novak', role: 'coordinator', joined_at: '2026-01-01T00:00:00Z', version: 1 },
          { id: 'm-2', user_id: 'u-adv', email: 'a@x.org', display_name: 'Yusuf Rahimi', role: 'adviser', joined_at: '2026-01-01T00:00:00Z', version: 1 },
          { id: 'm-3', user_id: 'u-mentor', email: 'm@x.org', display_name: 'Petra Zupan', role: 'mentor', joined_at: '2026-01-01T00:00:00Z', version: 1 },
        ],
        next_cursor: null,
      }),
    'POST /api/v1/interviews': () => json(interview({ id: 'iv-new' }), 201),
    'GET /api/v1/interviews/iv-new': () => json(interview({ id: 'iv-new' })),
    'GET /api/v1/interviews/iv-new/answers': () => json([]),
    'GET /api/v1/interview-templates/tpl-1/versions/1': () =>
      json({ template_id: 'tpl-1', number: 1, status: 'published', content, revision: 1, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' }),
    ...extra,
  });
}

async function addPerson(name: string, id: string) {
  await type('#iv-search', name);
  const add = await until(() => $(`[data-testid="found-person"][data-id="${id}"] [data-testid="add-person"]`), `found ${name}`, 3000);
  await click(add);
  await until(() => $(`[data-testid="person"][data-id="${id}"]`), `added ${name}`);
}

async function fillPlan() {
  await until(() => $('#iv-template option[value="tpl-1"]'), 'templates');
  await check('#iv-kind-group');
  await type('#iv-day', '2026-12-01');
  await type('#iv-time', '10:30');
  await addPerson('Amina', AMINA);
  await addPerson('Farid', FARID);
}

describe('planning an interview', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('an adviser plans a group interview: published templates only, people found by name, questions in their language', async () => {
    let attempts = 0;
    servePlanning({
      'POST /api/v1/interviews': () => {
        attempts += 1;
        if (attempts === 1) throw new TypeError('Failed to fetch'); // the answer is lost
        return json(interview({ id: 'iv-new' }), 201);
      },
    });
    await showAs('adviser', '/interviews/new');
    await fillPlan();
    // Only published templates; the only one is chosen.
    expect($$('#iv-template option').map((o) => o.getAttribute('value'))).toEqual(['', 'tpl-1']);
    expect($<HTMLSelectElement>('#iv-template')!.value).toBe('tpl-1');
    expect(called('GET', '/api/v1/participants')[0]!.query.get('q')).toBeTruthy();
    // Amina reads Arabic (her mother tongue); Farid speaks Dari, which reads the Persian texts.
    expect($<HTMLSelectElement>('#iv-person-0-language')!.value).toBe('ar');
    expect($<HTMLSelectElement>('#iv-person-1-language')!.value).toBe('fa');
    // Farid has no consent to keep answers: said before the interview.
    expect($(`[data-testid="person"][data-id="${FARID}"] [data-testid="no-profile-consent"]`)).not.toBeNull();
    // An adviser cannot list members: no picker, they conduct it.
    expect($('#iv-interviewers')).toBeNull();
    expect(called('GET', '/api/v1/members')).toHaveLength(0);

    await click($('[data-testid="save"]'));
    await until(() => $('[data-testid="form-error"]'), 'network error');
    expect(text('[data-testid="form-error"]')).toBe(en.problem.network);
    await click($('[data-testid="save"]'));
    await until(() => location.pathname === '/interviews/iv-new', 'the runner');
    const [first, second] = called('POST', '/api/v1/interviews');
    expect(first!.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second!.headers.get('Idempotency-Key')).toBe(first!.headers.get('Idempotency-Key'));
    expect(second!.body).toEqual({
      template_id: 'tpl-1',
      kind: 'group',
      scheduled_at: new Date(2026, 11, 1, 10, 30).toISOString().replace('.000Z', 'Z'),
      duration_minutes: 60,
      channel: 'in_person',
      location: null,
      language: 'en',
      interpreter_language: null,
      interpreter_name: null,
      recorded: false,
      notes: null,
      participants: [
        { participant_id: AMINA, language: 'ar', attended: true },
        { participant_id: FARID, language: 'fa', attended: true },
      ],
    });
    await until(() => text('[data-testid="runner-notice"]') === en.interviews.planned_notice, 'notice');
  });

  it('checks the number of people against the kind before sending', async () => {
    servePlanning();
    await showAs('adviser', '/interviews/new');
    await fillPlan();
    await check('#iv-kind-individual');
    await click($('[data-testid="save"]'));
    await until(() => $('#iv-search-error'), 'error at the people');
    expect(text('#iv-search-error')).toBe(en.interviews.plan_error.individual_one);
    expect(called('POST', '/api/v1/interviews')).toHaveLength(0);
  });

  it('shows the server’s field errors at their fields, and names who lacks the recording consent', async () => {
    let answer = () =>
      problem(422, 'validation_failed', {
        errors: [
          { field: 'participants[1].participant_id', code: 'archived', message: '' },
          { field: 'duration_minutes', code: 'range', message: '' },
        ],
      });
    servePlanning({ 'POST /api/v1/interviews': () => answer() });
    await showAs('adviser', '/interviews/new');
    await fillPlan();
    await click($('[data-testid="save"]'));
    await until(() => $('#iv-duration-error'), 'duration error');
    expect(text('#iv-duration-error')).toBe(en.interviews.plan_error.duration);
    expect(text(`[data-testid="person"][data-id="${FARID}"] .field-error`)).toBe(en.interviews.plan_error.archived);

    answer = () => problem(409, 'consent_required', { participants: [FARID] });
    await check('#iv-recorded');
    await click($('[data-testid="save"]'));
    await until(() => called('POST', '/api/v1/interviews').length === 2, 'sent again');
    await until(() => text('#iv-recorded-error') === fill(en.interviews.recording_consent_missing, { names: 'Farid Ahmadi' }), 'consent error');
    expect(text('#iv-recorded-error')).toBe(fill(en.interviews.recording_consent_missing, { names: 'Farid Ahmadi' }));
  });

  it('a coordinator picks the interviewers (the creator to start with)', async () => {
    servePlanning();
    await showAs('coordinator', '/interviews/new');
    await until(() => $$('#iv-interviewers input').length === 2, 'staff who may interview');
    expect($<HTMLInputElement>('#iv-interviewers input[value="user-coordinator"]')!.checked).toBe(true);
    await fillPlan();
    await check('#iv-interviewers input[value="u-adv"]');
    await click($('[data-testid="save"]'));
    await until(() => called('POST', '/api/v1/interviews').length === 1, 'sent');
    expect((called('POST', '/api/v1/interviews')[0]!.body as { interviewer_ids: string[] }).interviewer_ids).toEqual(['user-coordinator', 'u-adv']);
  });

  it('changes a planned interview with its version, including who attended', async () => {
    serveInterview({
      'PATCH /api/v1/interviews/iv-1': () => json(interview({ version: 5 })),
    });
    await showAs('adviser', '/interviews/iv-1/edit');
    await until(() => $('#iv-person-1-attended'), 'attendance');
    expect(text('[data-testid="template-title"]')).toContain('In-depth interview');
    await check('#iv-person-1-attended', false);
    await type('#iv-notes', 'Bring the forms');
    await click($('[data-testid="save"]'));
    await until(() => called('PATCH', '/api/v1/interviews/iv-1').length === 1, 'sent');
    const body = called('PATCH', '/api/v1/interviews/iv-1')[0]!.body as Record<string, unknown>;
    expect(body.version).toBe(4);
    expect(body.template_id).toBeUndefined();
    expect(body.notes).toBe('Bring the forms');
    expect(body.participants).toEqual([
      { participant_id: AMINA, language: 'ar', attended: true },
      { participant_id: FARID, language: null, attended: false },
    ]);
  });
});

// ---- A participant's interviews, on the profile ----

const amina = person(AMINA, 'Amina Hadžić', { view: 'full', languages: [{ language: 'ar', level: 'native' }] });

describe('the Interviews tab of a profile', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  /** The profile of Amina on the Interviews tab, with her interviews in two pages. */
  async function openTab(role: 'coordinator' | 'adviser', pages: ReturnType<typeof interview>[][]) {
    serve({
      [`GET /api/v1/participants/${AMINA}`]: () => json(amina),
      'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/interviews': (_r, url) => {
        const i = Number(url.searchParams.get('cursor') ?? 0);
        return json({ items: pages[i] ?? [], next_cursor: i + 1 < pages.length ? String(i + 1) : null });
      },
    });
    await showAs(role, `/participants/${AMINA}`);
    await click(await until(() => $('[data-testid="tab-interviews"]'), 'the tab'));
    await until(() => $('[data-testid="participant-interview"], [data-testid="participant-interviews-empty"]'), 'the list');
  }

  it('lists the person’s interviews with date, kind, questionnaire, status and attendance, page by page', async () => {
    const attendee = (attended: boolean) => ({ participant_id: AMINA, name: 'Amina Hadžić', language: 'ar', attended, answered: 0, recording_consent: false });
    await openTab('coordinator', [
      [
        interview({ id: 'iv-a', status: 'planned', kind: 'individual', participants: [attendee(true)] }),
        interview({ id: 'iv-b', status: 'done', scheduled_at: '2026-11-02T09:00:00Z' }),
      ],
      [interview({ id: 'iv-c', status: 'done', scheduled_at: '2026-10-02T09:00:00Z', participants: [attendee(false)] })],
    ]);
    const rows = () => $$('[data-testid="participant-interview"]');
    await until(() => rows().length === 2, 'first page');
    const first = called('GET', '/api/v1/interviews')[0]!.query;
    expect(first.get('participant_id')).toBe(AMINA);
    expect(first.get('limit')).toBeTruthy();
    expect(rows().map((r) => [r.getAttribute('data-id'), r.getAttribute('data-status'), r.getAttribute('data-attendance')])).toEqual([
      ['iv-a', 'planned', 'not_yet'],
      ['iv-b', 'done', 'present'],
    ]);
    const [a, b] = rows();
    expect(a!.querySelector('a')!.getAttribute('href')).toBe('/interviews/iv-a');
    expect(a!.textContent).toContain('Individual');
    expect(a!.textContent).toContain('In-depth interview');
    expect(a!.querySelector('.pill-status')!.textContent).toBe('Planned');
    expect(a!.textContent).toContain(en.interviews.attendance_not_yet);
    expect(b!.querySelector('.pill-status.status-done')!.textContent).toBe('Done');
    expect(b!.textContent).toContain(en.interviews.attendance_present);

    await click($('[data-testid="load-more"]'));
    await until(() => rows().length === 3, 'second page');
    expect(called('GET', '/api/v1/interviews')[1]!.query.get('cursor')).toBe('1');
    expect(rows()[2]!.textContent).toContain(en.interviews.attendance_absent);
    expect($('[data-testid="load-more"]')).toBeNull();

    const plan = $('[data-testid="plan-with"]')!;
    expect(plan.textContent).toBe(fill(en.interviews.plan_with, { name: 'Amina Hadžić' }));
    expect(plan.getAttribute('href')).toBe(`/interviews/new?participant=${AMINA}`);
    expect($('[data-testid="adviser-hint"]')).toBeNull();
  });

  it('says so when there are none, and tells an adviser that they see only their own', async () => {
    await openTab('adviser', [[]]);
    expect(text('[data-testid="participant-interviews-empty"]')).toBe(fill(en.interviews.profile_none, { name: 'Amina Hadžić' }));
    expect(text('[data-testid="adviser-hint"]')).toBe(en.interviews.profile_none_adviser);
  });

  it('is not there for roles without interviews', async () => {
    serve({ [`GET /api/v1/participants/${AMINA}`]: () => json({ ...amina, view: 'mentee' }) });
    await showAs('mentor', `/participants/${AMINA}?tab=interviews`);
    await until(() => $('[data-testid="participant-name"]'), 'the profile');
    expect($('[data-testid="tab-interviews"]')).toBeNull();
    expect($('[data-testid="tab-profile"]')!.getAttribute('aria-selected')).toBe('true');
    expect(called('GET', '/api/v1/interviews')).toHaveLength(0);
  });

  it('in Arabic: the texts and the direction of the page', async () => {
    await setLanguage('ar');
    await openTab('adviser', [[interview({ id: 'iv-b', status: 'done' })]]);
    expect(text('[data-testid="plan-with"]')).toBe(fill(ar.interviews.plan_with, { name: 'Amina Hadžić' }));
    expect($('[data-testid="participant-interview"] td:last-child')!.getAttribute('data-label')).toBe(ar.interviews.attendance);
    expect(text('[data-testid="participant-interview"] td:last-child')).toBe(ar.interviews.attendance_present);
  });
});

describe('planning from a profile', () => {
  beforeEach(setUp);
  afterEach(tearDown);

  it('/interviews/new?participant= starts an individual interview with that person added', async () => {
    servePlanning({ [`GET /api/v1/participants/${AMINA}`]: () => json(PEOPLE[0]) });
    await showAs('adviser', `/interviews/new?participant=${AMINA}`);
    await until(() => $(`[data-testid="person"][data-id="${AMINA}"]`), 'Amina added');
    expect(called('GET', `/api/v1/participants/${AMINA}`)).toHaveLength(1);
    expect($<HTMLInputElement>('#iv-kind-individual')!.checked).toBe(true);
    expect($$('[data-testid="person"]')).toHaveLength(1);
    expect($<HTMLSelectElement>('#iv-person-0-language')!.value).toBe('ar');
    // Back to the profile when cancelled.
    expect($(`a[href="/participants/${AMINA}?tab=interviews"]`)).not.toBeNull();

    await until(() => $('#iv-template option[value="tpl-1"]'), 'templates');
    await type('#iv-day', '2026-12-01');
    await type('#iv-time', '10:30');
    await click($('[data-testid="save"]'));
    await until(() => called('POST', '/api/v1/interviews').length === 1, 'sent');
    const body = called('POST', '/api/v1/interviews')[0]!.body as Record<string, unknown>;
    expect(body.kind).toBe('individual');
    expect(body.participants).toEqual([{ participant_id: AMINA, language: 'ar', attended: true }]);
  });

  it('says so at the people when the person cannot be found', async () => {
    servePlanning({ [`GET /api/v1/participants/p-gone`]: () => problem(404, 'not_found') });
    await showAs('adviser', '/interviews/new?participant=p-gone');
    await until(() => $('#iv-search-error'), 'error at the people');
    expect(text('#iv-search-error')).toBe(en.interviews.plan_error.unknown_person);
    expect($('[data-testid="person"]')).toBeNull();
  });
});
