// End-to-end test of the interview screens, as the demo adviser on a phone:
// plan a group interview with three people (one of them shown the questions in
// Arabic), run it (answers saved as they go, switching between people), complete
// it, confirm the profile updates it suggests, and find the new skill on the
// profile with the evidence "interview". Needs BASE_URL, e.g.
//   BASE_URL=http://127.0.0.1:18092 node --test e2e/interviews.test.mjs
// Screenshots go to web-frontend/test-results/interview-<view>-<width>-<lang>.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ar,
  assertNoHorizontalScroll,
  BASE_URL,
  demo,
  DEMO_PASSWORD,
  en,
  LAPTOP,
  logIn,
  openPage,
  PHONE,
  screenshot as saveScreenshot,
  switchLanguage,
  TIMEOUT,
  useBrowser,
  waitForText,
} from './support.mjs';

const ADVISER = demo('adviser');

/** @typedef {import('../src/api/schema').components['schemas']} S */

const browser = useBrowser();

/**
 * The API as the adviser, for what the test needs to know up front (who has consent, the template).
 * @param {string} email
 */
async function apiAs(email) {
  const login = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200, `the API login of ${email} works`);
  const { access_token: token } = await login.json();
  /**
   * @param {string} path
   * @returns {Promise<unknown>}
   */
  return async (path) => {
    const res = await fetch(`${BASE_URL}/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `GET ${path}`);
    return res.json();
  };
}

/** Tomorrow as yyyy-mm-dd (local time, like the date input). */
function tomorrow() {
  const d = new Date(Date.now() + 24 * 3600 * 1000);
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

test('an adviser plans a group interview on a phone, runs it for three people, completes it and confirms the profile updates', async () => {
  const get = await apiAs(ADVISER);

  // Who can answer: active people with the profile_processing consent (the API refuses answers otherwise).
  const people = /** @type {S['ParticipantPage']} */ (await get('/participants?limit=100&sort=name')).items.filter(
    (p) => p.status === 'active' && p.name && (p.consents ?? []).includes('profile_processing'),
  );
  assert.ok(people.length >= 3, `three participants with consent, found ${people.length}`);
  // The one shown the questions in Arabic: someone who speaks Arabic, if there is one.
  const arabic = people.find((p) => (p.languages ?? []).some((l) => l.language === 'ar')) ?? people[0];
  assert.ok(arabic);
  const three = [arabic, ...people.filter((p) => p.id !== arabic.id).slice(0, 2)];
  /** @param {S['ParticipantView']} p */
  const nameOf = (p) => p.name ?? '';

  const templates = /** @type {S['Template'][]} */ (await get('/interview-templates?lang=en'));
  const template = templates.find((t) => t.builtin && t.published_version) ?? templates.find((t) => t.published_version);
  assert.ok(template, 'a published questionnaire template');
  const { content } = /** @type {S['TemplateVersion']} */ (await get(`/interview-templates/${template.id}/versions/${template.published_version}`));
  const sections = content.sections;
  const skillQuestion = sections.flatMap((s) => s.questions).find((q) => q.type === 'skill');
  assert.ok(skillQuestion, 'the template has a skill question');
  const needsQuestion = sections[0]?.questions[0];
  assert.ok(needsQuestion && needsQuestion.options?.[1], 'the template starts with a choice question');
  const secondOption = needsQuestion.options[1];

  // A skill the Arabic speaker does not have yet, so that the interview suggests adding it.
  const held = /** @type {S['ParticipantSkill'][]} */ (await get(`/participants/${arabic.id}/skills`)).map((s) => s.skill.uri);
  /** @type {S['ConceptHit'] | undefined} */
  let found;
  for (const q of ['sew', 'cook', 'clean', 'drive', 'bake']) {
    found = /** @type {S['ConceptHits']} */ (await get(`/skills?q=${q}&limit=10&lang=en`)).items.find((s) => !held.includes(s.uri));
    if (found) break;
  }
  assert.ok(found, 'a skill from the taxonomy that the person does not have');
  const skill = found;
  const evidence = /** @type {S['CodeList']} */ (await get('/code-lists/skill-evidence?lang=en')).items.find((i) => i.code === 'interview')?.label;
  assert.ok(evidence);

  const { context, page, errors } = await openPage(browser(), PHONE);
  let width = PHONE.width;
  /** @param {string} name @param {string} lang @param {boolean} [fullPage] */
  const screenshot = (name, lang, fullPage = true) => saveScreenshot(page, `interview-${name}`, width, lang, fullPage);
  const resize = async (/** @type {{ width: number, height: number }} */ viewport) => {
    width = viewport.width;
    await page.setViewportSize(viewport);
  };

  try {
    // Log in (the list is a protected page: the login form comes first).
    await logIn(page, ADVISER, '/interviews');
    await page.waitForURL((u) => u.pathname === '/interviews', { timeout: TIMEOUT });
    await waitForText(page, 'h1', en.interviews.title);
    // An adviser reads templates but has no analysis.
    assert.equal(await page.locator('a[href="/interviews/templates"]').count(), 1);
    assert.equal(await page.locator('main a[href="/interviews/analysis"]').count(), 0);

    // ---- Plan ----
    await page.locator('[data-testid="plan-interview"]').click();
    await page.waitForURL((u) => u.pathname === '/interviews/new', { timeout: TIMEOUT });
    await page.waitForSelector(`#iv-template option[value="${template.id}"]`, { state: 'attached', timeout: TIMEOUT });
    await page.selectOption('#iv-template', template.id);
    await page.check('#iv-kind-group');
    await page.fill('#iv-day', tomorrow());
    await page.fill('#iv-time', '10:30');
    await page.selectOption('#iv-channel', 'in_person');
    await page.fill('#iv-location', 'Skupaj office, Metelkova 6');
    await page.selectOption('#iv-language', 'sl');
    // An adviser cannot list members: they conduct it themselves, no picker.
    assert.equal(await page.locator('#iv-interviewers').count(), 0);
    for (const [i, p] of three.entries()) {
      await page.fill('#iv-search', nameOf(p).split(' ')[0] ?? '');
      const add = page.locator(`[data-testid="found-person"][data-id="${p.id}"] [data-testid="add-person"]`);
      await add.waitFor({ timeout: TIMEOUT });
      await add.click();
      await page.waitForSelector(`[data-testid="person"][data-id="${p.id}"]`, { timeout: TIMEOUT });
      if (i === 0) await page.selectOption('#iv-person-0-language', 'ar');
    }
    assert.equal(await page.locator('[data-testid="person"]').count(), 3);
    await assertNoHorizontalScroll(page);
    await screenshot('plan', 'en');
    await page.locator('[data-testid="interview-form"] [data-testid="save"]').click();
    await page.waitForURL((u) => /^\/interviews\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: TIMEOUT });
    const interviewId = new URL(page.url()).pathname.split('/').pop();
    await waitForText(page, '[data-testid="runner-notice"]', en.interviews.planned_notice);
    await page.waitForSelector('[data-testid="person-switch"]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="person-tab"]').count(), 3);

    // ---- Completing too early lists what is missing per person, with links ----
    await page.locator('[data-testid="complete"]').click();
    await page.waitForSelector('[data-testid="missing"]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="missing-person"]').count(), 3);
    await assertNoHorizontalScroll(page);
    await screenshot('missing', 'en');
    const second = three[1];
    assert.ok(second);
    const link = page.locator(`[data-testid="missing-person"][data-id="${second.id}"] [data-testid="missing-link"]`).first();
    const linkedQuestion = await link.getAttribute('data-question');
    await link.click();
    await page.waitForSelector(`[data-testid="person-tab"][data-id="${second.id}"][aria-selected="true"]`, { timeout: TIMEOUT });
    await page.waitForFunction((qid) => document.getElementById(`q-${qid}`)?.contains(document.activeElement) ?? false, linkedQuestion, {
      timeout: TIMEOUT,
    });

    // ---- The Arabic speaker: the question in English and in Arabic, each with its lang and dir ----
    await page.locator(`[data-testid="person-tab"][data-id="${arabic.id}"]`).click();
    await waitForText(page, '[data-testid="answering"]', en.interviews.answering.replace('{{name}}', arabic.name));
    await page.selectOption('#section-select', '0');
    const mine = page.locator(`#q-${needsQuestion.id}-text`);
    const theirs = page.locator(`#q-${needsQuestion.id}-text-person`);
    await theirs.waitFor({ timeout: TIMEOUT });
    assert.equal(await mine.getAttribute('lang'), 'en');
    assert.equal(await mine.getAttribute('dir'), 'ltr');
    assert.equal(await mine.textContent(), needsQuestion.text.en);
    assert.equal(await theirs.getAttribute('lang'), 'ar');
    assert.equal(await theirs.getAttribute('dir'), 'rtl');
    assert.equal(await theirs.textContent(), needsQuestion.text.ar);
    assert.ok(await theirs.isVisible(), 'the Arabic text is visible');
    assert.equal(await theirs.evaluate((el) => getComputedStyle(el).direction), 'rtl');
    // On a phone the two stand one above the other.
    const [a, b] = [await mine.boundingBox(), await theirs.boundingBox()];
    assert.ok(a && b && b.y >= a.y + a.height - 1, 'stacked on a phone');
    // The options too.
    assert.equal(await page.locator(`#q-${needsQuestion.id} .option-text-person [lang="ar"][dir="rtl"]`).count(), needsQuestion.options.length);

    // ---- Without a connection an answer is kept on the device, and sent when the connection is back ----
    await context.setOffline(true);
    await page.check(`#q-${needsQuestion.id}-input-1`);
    await page.waitForSelector(`#q-${needsQuestion.id}[data-state="retry"]`, { timeout: TIMEOUT });
    await page.waitForSelector('[data-testid="save-bar"][data-state="offline"]', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="save-bar"]', en.interviews.offline.replace('{{n}}', '1'));
    const kept = await page.evaluate((id) => localStorage.getItem(`skupaj.interview-answers.${id}`), interviewId);
    assert.ok(kept?.includes(secondOption.value), 'the answer is kept in localStorage');
    await screenshot('offline', 'en', false);
    await context.setOffline(false);
    await page.waitForSelector(`#q-${needsQuestion.id}[data-state="saved"]`, { timeout: TIMEOUT });
    assert.equal(await page.evaluate((id) => localStorage.getItem(`skupaj.interview-answers.${id}`), interviewId), null);

    // ---- Answer every required question of everyone (and a skill for the Arabic speaker) ----
    /** @param {S['Question']} q */
    const answer = async (q) => {
      const id = `q-${q.id}-input`;
      switch (q.type) {
        case 'single_choice':
        case 'multi_choice':
          await page.check(`#${id}-0`);
          break;
        case 'yes_no':
          await page.check(`#${id}-yes`);
          break;
        case 'scale':
          await page.check(`#${id}-7`);
          break;
        case 'number':
          await page.fill(`#${id}`, String(q.min ?? 1));
          await page.locator(`#${id}`).blur();
          break;
        case 'date':
          await page.fill(`#${id}`, '2026-12-01');
          break;
        case 'text':
          await page.fill(`#${id}`, 'An answer typed in the test');
          await page.locator(`#${id}`).blur();
          break;
        case 'language':
          await page.locator(`#q-${q.id} [data-testid="add-language"]`).click();
          await page.selectOption(`#${id}-0-language`, 'de');
          await page.selectOption(`#${id}-0-level`, 'A1');
          break;
        case 'skill': {
          await page.fill(`#${id}-pick`, skill.label);
          const option = page.locator(`#${id}-pick-list [role="option"][data-uri="${skill.uri}"]`);
          await option.waitFor({ timeout: TIMEOUT });
          await option.click();
          await page.selectOption(`#${id}-0-level`, 'advanced');
          break;
        }
        default:
          assert.fail(`no way to answer a ${q.type} question`);
      }
      await page.waitForSelector(`#q-${q.id}[data-state="saved"]`, { timeout: TIMEOUT });
    };

    for (const p of three) {
      await page.locator(`[data-testid="person-tab"][data-id="${p.id}"]`).click();
      await page.waitForSelector(`[data-testid="person-panel"][data-id="${p.id}"]`, { timeout: TIMEOUT });
      for (const [i, section] of sections.entries()) {
        const wanted = section.questions.filter((q) => q.required || (p.id === arabic.id && q.id === skillQuestion.id));
        if (wanted.length === 0) continue;
        await page.selectOption('#section-select', String(i));
        await page.waitForSelector(`[data-testid="section"][data-section="${section.id}"]`, { timeout: TIMEOUT });
        for (const q of wanted) await answer(q);
      }
      const tab = page.locator(`[data-testid="person-tab"][data-id="${p.id}"] .person-count`);
      const required = sections.flatMap((s) => s.questions).filter((q) => q.required).length;
      assert.equal(await tab.textContent(), `${required}/${required}`, `${p.name} answered every required question`);
    }
    await page.waitForSelector('[data-testid="save-bar"][data-state="saved"]', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="save-bar"]', en.interviews.all_saved);
    // What was saved is on the server.
    const saved = /** @type {S['Answer'][]} */ (await get(`/interviews/${interviewId}/answers`));
    assert.ok(saved.some((s) => s.participant_id === arabic.id && s.question_id === skillQuestion.id), 'the skill answer is stored');

    // ---- Screenshots of the runner: phone and laptop, English and Arabic ----
    await page.locator(`[data-testid="person-tab"][data-id="${arabic.id}"]`).click();
    await page.selectOption('#section-select', '0');
    await assertNoHorizontalScroll(page);
    await screenshot('runner', 'en');
    await switchLanguage(page, 'ar');
    await waitForText(page, '[data-testid="answering"]', ar.interviews.answering.replace('{{name}}', arabic.name));
    // In Arabic, another person's questions: the Arabic UI text beside their language.
    await page.locator(`[data-testid="person-tab"][data-id="${three[2]?.id}"]`).click();
    await assertNoHorizontalScroll(page);
    await screenshot('runner', 'ar');
    await resize(LAPTOP);
    await screenshot('runner', 'ar');
    await switchLanguage(page, 'en');
    await page.locator(`[data-testid="person-tab"][data-id="${arabic.id}"]`).click();
    // On a laptop, side by side.
    const [c, d] = [await mine.boundingBox(), await theirs.boundingBox()];
    assert.ok(c && d && Math.abs(c.y - d.y) < 4 && d.x > c.x, 'side by side on a laptop');
    await screenshot('runner', 'en');
    await resize(PHONE);

    // ---- Complete ----
    await page.locator('[data-testid="complete"]').click();
    await page.waitForSelector('[data-testid="interview-status"][data-status="done"]', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="runner-notice"]', en.interviews.completed_notice);
    await page.waitForSelector('[data-testid="profile-updates"]', { timeout: TIMEOUT });
    // A done interview is read-only.
    assert.equal(await page.locator('[data-testid="complete"]').count(), 0);
    assert.equal(await page.locator('[data-testid="question"] input, [data-testid="question"] textarea').count(), 0);

    // ---- Profile updates: all ticked, described in words, then confirmed ----
    const skillUpdate = page.locator(
      `[data-testid="updates-person"][data-id="${arabic.id}"] [data-testid="update"][data-kind="add_skill"]`,
    );
    await skillUpdate.first().waitFor({ timeout: TIMEOUT });
    await waitForText(page, `[data-testid="updates-person"][data-id="${arabic.id}"]`, skill.label);
    const boxes = page.locator('[data-testid="update"] input[type="checkbox"]');
    const total = await boxes.count();
    assert.ok(total >= 1, `updates suggested, found ${total}`);
    for (let i = 0; i < total; i++) assert.equal(await boxes.nth(i).isChecked(), true, 'every suggestion starts ticked');
    await assertNoHorizontalScroll(page);
    await screenshot('updates', 'en');
    await switchLanguage(page, 'ar');
    await waitForText(page, '#updates-heading', ar.interviews.updates_title);
    await assertNoHorizontalScroll(page);
    await screenshot('updates', 'ar');
    await switchLanguage(page, 'en');
    await page.locator('[data-testid="confirm-updates"]').click();
    await page.waitForSelector('[data-testid="updates-applied"]', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="updates-applied"]', en.interviews.updates_applied.replace('{{n}}', String(total)));
    await waitForText(page, '[data-testid="updates-applied"]', skill.label);

    // ---- The skill is on the profile, with the evidence "interview" ----
    await page.goto(`${BASE_URL}/participants/${arabic.id}?tab=skills`);
    const row = page.locator(`[data-testid="skill"][data-uri="${skill.uri}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    assert.ok((await row.textContent())?.includes(evidence), `the skill shows the evidence “${evidence}”`);

    // ---- The person's Interviews tab lists it as done, with them present ----
    await page.locator('[data-testid="tab-interviews"]').click();
    const mineDone = page.locator(`[data-testid="participant-interview"][data-id="${interviewId}"]`);
    await mineDone.waitFor({ timeout: TIMEOUT });
    assert.equal(await mineDone.getAttribute('data-status'), 'done');
    assert.equal(await mineDone.getAttribute('data-attendance'), 'present');
    assert.equal(await mineDone.locator(`a[href="/interviews/${interviewId}"]`).count(), 1);
    await switchLanguage(page, 'ar');
    await waitForText(page, '[data-testid="plan-with"]', ar.interviews.plan_with.replace('{{name}}', nameOf(arabic)));
    await assertNoHorizontalScroll(page);
    await screenshot('profile-tab', 'ar');
    await switchLanguage(page, 'en');

    // ---- The list shows the interview as done: cards on a phone, a table on a laptop ----
    await page.goto(`${BASE_URL}/interviews?status=done`);
    const listed = page.locator(`[data-testid="interview-row"][data-id="${interviewId}"]`);
    await listed.waitFor({ timeout: TIMEOUT });
    assert.equal(await listed.getAttribute('data-status'), 'done');
    for (const p of three) assert.ok((await listed.textContent())?.includes(nameOf(p)), `the row names ${p.name}`);
    await assertNoHorizontalScroll(page);
    await screenshot('list', 'en');
    await switchLanguage(page, 'ar');
    await waitForText(page, 'h1', ar.interviews.title);
    await assertNoHorizontalScroll(page);
    await screenshot('list', 'ar');
    await resize(LAPTOP);
    await screenshot('list', 'ar');
    await switchLanguage(page, 'en');
    await screenshot('list', 'en');
  } finally {
    await context.close();
  }
  assert.deepEqual(errors, [], 'the page threw errors');
});
