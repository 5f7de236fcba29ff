// @vitest-environment happy-dom
// The interview runner through the whole app against a fake API: one person
// at a time, saving as it goes (and offline), the completion's missing list,
// closing an interview, and the profile updates once it is done.
import { ar, en } from '../../i18n/all';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, check, click, initI18n, route, setLanguage, setUp, showAs, tearDown, text, type, until } from '../../testing/app-harness';
import { json, problem } from '../../testing/fake-auth';
import { AMINA, FARID, fill, interview, serveInterview, sleep } from '../../testing/interviews';
// After the harness, which stubs fetch before the API client is created.
import { storageKey } from './answerQueue';
import { TYPING_DELAY_MS } from './InterviewRunner';

beforeAll(() => initI18n('en'));

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
