// End-to-end test of the interview analysis and the questionnaire editor, in
// headless Chromium against the real Skupaj server with `skupaj seed-demo` data.
//   BASE_URL=http://127.0.0.1:18080 node --test e2e/analysis.test.mjs
// Screenshots go to web-frontend/test-results/<name>-<width>-<lang>.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
  ar,
  assertNoHorizontalScroll,
  BASE_URL,
  closePage,
  demo,
  DEMO_PASSWORD,
  en,
  logIn,
  openPage,
  screenshot as saveScreenshot,
  switchLanguage,
  TIMEOUT,
  useBrowser,
  VIEWPORTS,
  waitForText,
} from './support.mjs';

/** @param {string} s @param {Record<string, string | number>} values */
const fill = (s, values) => Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);

// The demo accounts (support.mjs): no test here logs in with a wrong password.

/**
 * Calls the API as `token`; throws with the problem document on an error.
 * @param {string} path @param {{ method?: string, token?: string, body?: unknown }} [options]
 */
async function call(path, { method = 'GET', token, body } = {}) {
  /** @type {Record<string, string>} */
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${BASE_URL}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * @typedef {{ id: string, type: string, options?: { value: string }[], min?: number | null }} Question
 * @typedef {{ id: string, builtin: boolean, published_version?: number | null }} Template
 */

/** A valid answer to a question of the shipped template (for interviews this test has to create). @param {Question} q */
function answerFor(q) {
  switch (q.type) {
    case 'single_choice':
      return q.options?.[0]?.value ?? null;
    case 'multi_choice':
      return q.options?.[0] ? [q.options[0].value] : null;
    case 'scale':
      return 7;
    case 'number':
      return q.min ?? 1;
    case 'date':
      return '2026-01-15';
    case 'yes_no':
      return true;
    case 'language':
      return [{ language: 'sl', level: 'A2' }];
    case 'skill':
      return null; // needs a taxonomy URI: left out (the shipped template does not require one)
    default:
      return 'E2E answer';
  }
}

/**
 * The analysis needs done interviews. The demo data has them; should it not
 * (an older seed), this creates some through the API, as an interviewer would.
 */
async function ensureDoneInterviews() {
  const token = (await call('/api/v1/auth/login', { method: 'POST', body: { email: demo('coordinator'), password: DEMO_PASSWORD } })).access_token;
  /** @type {Template[]} */
  const templates = await call('/api/v1/interview-templates', { token });
  const builtin = templates.find((t) => t.builtin);
  assert.ok(builtin, 'the shipped template is there');
  const analysis = await call(`/api/v1/interviews/analysis?template=${builtin.id}`, { token });
  if (analysis.respondents > 0 && !process.env.E2E_CREATE_INTERVIEWS) return;
  const version = await call(`/api/v1/interview-templates/${builtin.id}/versions/${builtin.published_version}`, { token });
  /** @type {Question[]} */
  const questions = version.content.sections.flatMap((/** @type {{ questions: Question[] }} */ s) => s.questions);
  /** @type {{ id: string }[]} */
  const people = (await call('/api/v1/participants?limit=20', { token })).items;
  let done = 0;
  for (const p of people) {
    if (done >= 3) break;
    let interview;
    try {
      interview = await call('/api/v1/interviews', {
        method: 'POST',
        token,
        body: {
          template_id: builtin.id,
          kind: 'individual',
          scheduled_at: new Date(Date.now() - 86_400_000).toISOString(),
          channel: 'in_person',
          language: 'sl',
          participants: [{ participant_id: p.id, attended: true }],
        },
      });
    } catch {
      continue; // e.g. no consent to keep a profile
    }
    const answers = questions
      .map((q) => ({ participant_id: p.id, question_id: q.id, value: answerFor(q) }))
      .filter((a) => a.value !== null);
    await call(`/api/v1/interviews/${interview.id}/answers`, { method: 'PUT', token, body: { answers } });
    const fresh = await call(`/api/v1/interviews/${interview.id}`, { token });
    await call(`/api/v1/interviews/${interview.id}/complete`, { method: 'POST', token, body: { version: fresh.version } });
    done += 1;
  }
  assert.ok(done > 0, 'could create a done interview for the analysis');
}

const browser = useBrowser(ensureDoneInterviews);

/** Waits until the first chart has been drawn on its canvas (Chart.js sizes the canvas when it draws). @param {import('playwright-core').Page} page */
async function waitForChart(page) {
  await page.waitForFunction(
    () => {
      const canvas = document.querySelector('[data-testid="chart"] canvas');
      return canvas instanceof HTMLCanvasElement && canvas.width > 0 && canvas.style.width !== '';
    },
    undefined,
    { timeout: TIMEOUT },
  );
}

for (const viewport of VIEWPORTS) {
  describe(`at ${viewport.width}×${viewport.height}`, () => {
    /** @type {import('playwright-core').BrowserContext} */
    let context;
    /** @type {import('playwright-core').Page} */
    let page;
    /** @type {string[]} */
    let errors;

    /** @param {string} name @param {string} lang */
    const screenshot = (name, lang) => saveScreenshot(page, name, viewport.width, lang);

    beforeEach(async () => {
      ({ context, page, errors } = await openPage(browser(), viewport, { acceptDownloads: true }));
      // "Leave without saving?" and similar questions: yes.
      page.on('dialog', (dialog) => void dialog.accept());
    });

    afterEach(() => closePage(context, errors));

    test('a coordinator sees the analysis with charts, cross-tabulates by gender and downloads the tables', async () => {
      await logIn(page, demo('coordinator'), '/interviews/analysis');
      await page.waitForSelector('[data-testid="respondents"]', { timeout: TIMEOUT });
      const respondents = Number(await page.getAttribute('[data-testid="respondents"]', 'data-count'));
      assert.ok(respondents > 0, `people were interviewed (the demo data has done interviews), got ${respondents}`);
      // The shipped questionnaire is chosen by default.
      const chosen = await page.locator('#a-template option:checked').textContent();
      assert.ok(chosen?.includes(en.templates.builtin), `the shipped questionnaire is chosen, got ${chosen}`);
      await page.waitForSelector('[data-testid="breakdown-gender"] tbody tr', { timeout: TIMEOUT });
      await page.waitForSelector('[data-testid="question-stats"] [data-testid="options-table"]', { timeout: TIMEOUT });
      await waitForChart(page);
      // A coordinator sees every count: nothing is suppressed.
      assert.equal(await page.locator('[data-testid="suppression-legend"]').count(), 0);
      assert.equal(await page.locator('td.suppressed').count(), 0);
      await assertNoHorizontalScroll(page);

      // Cross-tabulate by gender: each question gets a table of groups × options.
      await page.selectOption('#a-cross', 'gender');
      await page.waitForURL((u) => u.searchParams.get('cross') === 'gender', { timeout: TIMEOUT });
      await page.waitForSelector('[data-testid="cross-table"] thead th[data-group]', { timeout: TIMEOUT });
      await waitForText(page, '[data-testid="cross-table"] thead', 'Female');
      await waitForChart(page);
      await assertNoHorizontalScroll(page);
      await screenshot('analysis', 'en');

      // Download the tables: fetched with the session, saved under the server's file name.
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: TIMEOUT }),
        page.locator('[data-testid="download-tables"]').click(),
      ]);
      assert.match(download.suggestedFilename(), /^skupaj-interview-tables-.*\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      assert.match(csv, /^\uFEFF?table,group,value,label,count/);
      assert.ok(csv.includes('respondents'), 'the CSV has the respondents row');
      assert.ok(csv.includes('gender:female') || csv.includes('gender:male'), 'the CSV is cross-tabulated by gender');

      // In Arabic: right to left, the same numbers, labels in Arabic.
      await switchLanguage(page, 'ar');
      await waitForText(page, 'h1', ar.analysis.title);
      await waitForText(page, '[data-testid="breakdown-gender"] caption', ar.analysis.by.gender);
      await page.waitForSelector('[data-testid="cross-table"]', { timeout: TIMEOUT });
      await waitForChart(page);
      assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
      assert.equal(Number(await page.getAttribute('[data-testid="respondents"]', 'data-count')), respondents);
      await assertNoHorizontalScroll(page);
      await screenshot('analysis', 'ar');
    });

    test('an analyst sees small counts suppressed, marked and explained', async () => {
      await logIn(page, demo('analyst'), '/interviews/analysis');
      await page.waitForSelector('[data-testid="respondents"]', { timeout: TIMEOUT });
      await page.waitForSelector('[data-testid="suppression-legend"]', { timeout: TIMEOUT });
      await waitForText(page, '[data-testid="suppression-legend"]', '✱');
      await waitForText(page, '[data-testid="suppression-legend"]', en.analysis.suppressed_legend.replace('{{n}}', '5'));
      const cells = page.locator('td.suppressed[data-suppressed="true"]');
      assert.ok((await cells.count()) > 0, 'some cells are suppressed');
      // A mark, not "< 5": a count hidden so that another cannot be worked
      // out from the totals may be larger.
      assert.equal((await cells.first().textContent())?.trim(), '✱');
      // Suppressed cells have no count in the page at all.
      assert.equal(await page.locator('td.suppressed[data-count]').count(), 0);
      await waitForText(page, '[data-testid="analyst-note"]', en.analysis.analyst_note);
      await waitForText(page, '.downloads', en.analysis.answers_pseudonymised);
      await waitForChart(page);
      await assertNoHorizontalScroll(page);
      await screenshot('analysis-analyst', 'en');
    });

    test('a coordinator creates a questionnaire, translates a question into Arabic, publishes it and starts version 2', async () => {
      await logIn(page, demo('coordinator'), '/interviews/templates');
      await page.waitForSelector('[data-testid="template-list"]', { timeout: TIMEOUT });
      await page.locator('[data-testid="new-template"]').click();
      await page.waitForSelector('[data-testid="editor-form"]', { timeout: TIMEOUT });
      const title = `E2E survey ${viewport.width} ${Date.now()}`;
      await page.fill('[data-testid="template-title-input"]', title);

      // A new section with a single-choice question of two options.
      await page.locator('[data-testid="add-section"]').click();
      await page.waitForSelector('#tf-sections-1-title-en', { timeout: TIMEOUT });
      // Focus follows once the new section is drawn (a frame later on a slow machine).
      await page
        .waitForFunction(() => document.activeElement?.id === 'tf-sections-1-title-en', undefined, { timeout: TIMEOUT })
        .catch(() => {});
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'tf-sections-1-title-en', 'focus moves to the new section');
      await page.fill('#tf-sections-1-title-en', 'Work');
      await page.locator('[data-testid="section-editor"]').nth(1).locator('[data-testid="add-question"]').click();
      await page.waitForSelector('#tf-sections-1-questions-0-text-en', { timeout: TIMEOUT });
      await page.fill('#tf-sections-1-questions-0-text-en', 'Where would you like to work?');
      assert.equal(await page.inputValue('#tf-sections-1-questions-0-id'), 'where_would_you_like_to_work', 'the id is made from the text');
      await page.selectOption('#tf-sections-1-questions-0-type', 'single_choice');
      await page.fill('#tf-sections-1-questions-0-options-0-label-en', 'In a city');
      await page.fill('#tf-sections-1-questions-0-options-1-label-en', 'In the countryside');
      assert.equal(await page.inputValue('#tf-sections-1-questions-0-options-1-value'), 'in_the_countryside');

      // Translate the question into Arabic: typed right to left, English shown beside it.
      const missingBefore = Number(await page.getAttribute('[data-testid="missing-ar"]', 'data-count'));
      await page.locator('[data-testid="edit-lang-ar"]').click();
      const arInput = page.locator('#tf-sections-1-questions-0-text-ar');
      await arInput.waitFor({ timeout: TIMEOUT });
      assert.equal(await arInput.getAttribute('dir'), 'rtl');
      assert.equal(await arInput.getAttribute('lang'), 'ar');
      await waitForText(page, '#tf-sections-1-questions-0-text-ar-ref', 'Where would you like to work?');
      await arInput.fill('أين تحب أن تعمل؟');
      const missingAfter = Number(await page.getAttribute('[data-testid="missing-ar"]', 'data-count'));
      assert.equal(missingAfter, missingBefore - 1, 'one Arabic text fewer is missing');
      await waitForText(page, '[data-testid="save-state"]', en.templates.unsaved);
      await assertNoHorizontalScroll(page);
      await screenshot('template-editor', 'en');

      await page.locator('[data-testid="save-draft"]').click();
      await waitForText(page, '[data-testid="save-state"]', en.templates.all_saved);
      await waitForText(page, '[data-testid="editor-notice"]', fill(en.templates.saved, { n: 1 }));

      // Publish, after the dialog explains what it means.
      await page.locator('[data-testid="publish"]').click();
      await page.waitForSelector('[data-testid="publish-dialog"]', { timeout: TIMEOUT });
      await waitForText(page, '[data-testid="publish-dialog"]', fill(en.templates.publish_explain, { n: 1 }));
      await page.locator('[data-testid="publish-dialog"] [data-testid="confirm"]').click();
      await waitForText(page, '[data-testid="editor-notice"]', fill(en.templates.published_notice, { n: 1 }));
      assert.match((await page.textContent('[data-testid="editor-notice"]')) ?? '', /version 1 published/i);
      await page.waitForSelector('[data-testid="frozen-note"]', { timeout: TIMEOUT });
      await waitForText(page, '[data-testid="content-view"]', 'Where would you like to work?');

      // Edit again: version 2 is a new draft, version 1 stays published.
      await page.locator('[data-testid="edit-new-version"]').click();
      await page.waitForSelector('[data-testid="editor-form"]', { timeout: TIMEOUT });
      await waitForText(page, '[data-testid="version-status"]', fill(en.templates.version_n, { n: 2 }));
      await waitForText(page, '[data-testid="editor-notice"]', fill(en.templates.draft_started, { n: 2 }));
      assert.equal(await page.locator('[data-testid="versions"] [data-testid="version"][data-number="1"][data-status="published"]').count(), 1);
      assert.equal(await page.locator('[data-testid="versions"] [data-testid="version"][data-number="2"][data-status="draft"]').count(), 1);
      // The published question keeps its id and type.
      const toggle = page.locator('[data-testid="question-editor"][data-id="where_would_you_like_to_work"] [data-testid="toggle-question"]');
      if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
      assert.equal(await page.locator('#tf-sections-1-questions-0-id').getAttribute('readonly'), '');
      assert.ok(await page.locator('#tf-sections-1-questions-0-type').isDisabled());

      // The editor in Arabic.
      await switchLanguage(page, 'ar');
      await page.waitForSelector('[data-testid="editor-form"]', { timeout: TIMEOUT });
      await waitForText(page, '[data-testid="version-status"]', fill(ar.templates.version_n, { n: 2 }));
      await assertNoHorizontalScroll(page);
      await screenshot('template-editor', 'ar');
      await switchLanguage(page, 'en');

      // The list shows both versions.
      await page.goto(`${BASE_URL}/interviews/templates`);
      const row = page.locator('[data-testid="template-row"]', { hasText: title });
      await row.waitFor({ timeout: TIMEOUT });
      await waitForText(page, `[data-testid="template-row"][data-id="${await row.getAttribute('data-id')}"] [data-testid="published-version"]`, fill(en.templates.version_n, { n: 1 }));
      assert.equal(await row.locator('[data-testid="draft-version"]').textContent(), fill(en.templates.version_n, { n: 2 }));
      assert.equal(await row.locator('[data-testid="version"]').count(), 2);
      await assertNoHorizontalScroll(page);
      await screenshot('templates', 'en');
    });
  });
}
