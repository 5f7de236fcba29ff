// Outcomes (issue #16 point 3): on a laptop, the coordinator records from a
// demo person's page that they completed a course (the test's own, with a
// tag, so it can run again) and sees it listed; on a small phone in Arabic,
// the analyst opens the statistics per programme and year: hidden cells as
// "–" with the legend, and no sideways scrolling of the page.
//   BASE_URL=http://127.0.0.1:18791 node --test e2e/outcomes.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, ar, assertNoHorizontalScroll, BASE_URL, closePage, demo, en, LAPTOP, logIn, openMenu, openPage, PHONE, screenshot, switchLanguage, TIMEOUT, useBrowser, waitForText } from './support.mjs';

const tag = String(Date.now() % 100000);
/** @type {any} */
let coordinator;
let course = { id: '' };
let personId = '';

const browser = useBrowser(async () => {
  coordinator = await apiAs(demo('coordinator'));
  course = await coordinator('POST', '/opportunities', {
    kind: 'course',
    status: 'open',
    provider_name: 'Ljudska univerza Ljubljana',
    place: 'on_site',
    municipality: 'Ljubljana',
    title: { en: `Slovenian for work, evening course ${tag}`, sl: `Slovenščina za delo, večerni tečaj ${tag}` },
  });
  const people = await coordinator('GET', '/participants?limit=20');
  const person = people.items.find((/** @type {any} */ p) => p.view === 'full' && p.status === 'active');
  assert.ok(person, 'the demo has an active person');
  personId = person.id;
});

test('the coordinator records a completed course from a person\'s page and sees it listed', async () => {
  const { context, page, errors } = await openPage(browser(), LAPTOP);
  try {
    await logIn(page, demo('coordinator'));
    await page.goto(`${BASE_URL}/participants/${personId}`);
    await page.locator('[data-testid="outcomes-link"]').click();
    await page.waitForURL((u) => u.pathname === `/opportunities/outcomes/for/${personId}`, { timeout: TIMEOUT });
    await page.locator('#outcome-kind option[value="training"]').waitFor({ state: 'attached', timeout: TIMEOUT });
    await page.selectOption('#outcome-kind', 'training');
    await page.locator(`#outcome-opportunity_id option[value="${course.id}"]`).waitFor({ state: 'attached', timeout: TIMEOUT });
    await page.selectOption('#outcome-opportunity_id', course.id);
    await page.locator('[data-testid="programme-from"]').waitFor({ timeout: TIMEOUT });
    await page.fill('#outcome-starts_on', '2026-09-01');
    await page.fill('#outcome-ends_on', '2026-11-30');
    await page.locator('[data-testid="record-outcome"]').click();
    await waitForText(page, '[data-testid="outcome-recorded"]', en.outcomes.recorded);
    const item = page.locator('[data-testid="outcome"][data-kind="training"][data-programme="course"]').filter({ has: page.locator(`a[href="/opportunities/${course.id}"]`) });
    await item.waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'outcomes-person', LAPTOP.width, 'en');
  } finally {
    await closePage(context, errors);
  }
  const listed = await coordinator('GET', `/outcomes?participant_id=${personId}&opportunity_id=${course.id}`);
  assert.equal(listed.items.length, 1);
  assert.equal(listed.items[0].kind, 'training');
  assert.equal(listed.items[0].programme, 'course');
  assert.equal(listed.items[0].ends_on, '2026-11-30');
});

test('the analyst reads the statistics on a small phone in Arabic', async () => {
  const { context, page, errors } = await openPage(browser(), PHONE);
  try {
    await logIn(page, demo('analyst'));
    await switchLanguage(page, 'ar');
    await openMenu(page);
    await page.getByRole('navigation').getByRole('link', { name: ar.nav.outcomes, exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/opportunities/outcomes', { timeout: TIMEOUT });
    await page.locator('[data-testid="outcome-stats"]').waitFor({ timeout: TIMEOUT });
    const stats = await coordinator('GET', '/outcomes/stats');
    await waitForText(page, '[data-testid="legend"]', ar.outcomes.legend.replace('{{n}}', String(stats.suppression_threshold)));
    // The course outcome just recorded is one person: its cell is hidden.
    assert.ok((await page.locator('[data-testid="suppressed"]').count()) >= 1, 'a hidden cell shows');
    assert.equal((await page.locator('[data-testid="suppressed"] [aria-hidden="true"]').first().textContent())?.trim(), '–');
    assert.equal(await page.locator('[data-testid="outcome-list"]').count(), 0, 'an analyst sees no list of people');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'outcomes-stats', PHONE.width, 'ar');
  } finally {
    await closePage(context, errors);
  }
});
