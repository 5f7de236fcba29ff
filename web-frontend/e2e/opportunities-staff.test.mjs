// Opportunities and matching (issue #16), the adviser's side: on a laptop,
// the adviser opens a job's matches, reads why the first person ranks
// first and what the next one lacks, and proposes to that person the
// course that closes the gap ("propose this person" from the
// opportunity's side); then, from a participant's page, opens that
// person's matches (the other side).
// The job and the course are the test's own (with a tag), so it can run again.
//   BASE_URL=http://127.0.0.1:18092 node --test e2e/opportunities-staff.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, BASE_URL, closePage, demo, en, LAPTOP, logIn, navigate, openPage, screenshot, TIMEOUT, useBrowser, waitForText } from './support.mjs';

const tag = String(Date.now() % 100000);
/** @type {any} */
let coordinator;
/** @type {{ id: string }} */
let job = { id: '' };
/** @type {{ id: string }} */
let course = { id: '' };

/** A skill's URI by its English label. @param {string} label */
async function skillUri(label) {
  const hits = await coordinator('GET', `/skills?q=${encodeURIComponent(label)}&lang=en&limit=5`);
  const hit = hits.items.find((/** @type {any} */ h) => h.label === label) ?? hits.items[0];
  assert.ok(hit, `the taxonomy has ${label}`);
  return hit.uri;
}

const browser = useBrowser(async () => {
  coordinator = await apiAs(demo('coordinator'));
  const forklift = await skillUri('operate forklift');
  const lifting = await skillUri('lift heavy weights');
  const base = { status: 'open', provider_name: 'Logistika Vrhnika d.o.o.', place: 'on_site', municipality: 'Vrhnika' };
  course = await coordinator('POST', '/opportunities', {
    ...base,
    kind: 'course',
    title: { en: `Forklift licence evening course ${tag}`, sl: `Večerni tečaj za viličarista ${tag}` },
    teaches_skills: [forklift],
  });
  job = await coordinator('POST', '/opportunities', {
    ...base,
    kind: 'job',
    title: { en: `Night-shift forklift driver ${tag}`, sl: `Voznik viličarja v nočni izmeni ${tag}` },
    paid: true,
    pay_min_cents: 150000,
    pay_period: 'month',
    essential_skills: [forklift, lifting],
  });
});

test('the adviser reads a job\'s matches and proposes the course that closes a gap', async () => {
  const { context, page, errors } = await openPage(browser(), LAPTOP);
  let proposedTo = '';
  try {
    await logIn(page, demo('adviser'));
    await navigate(page, en.nav.opportunities);
    await page.fill('#opp-q', tag);
    await page.locator('[data-testid="opp-search"] button[type="submit"]').click();
    const card = page.locator(`[data-testid="opp-card"][data-id="${job.id}"]`);
    await card.waitFor({ timeout: TIMEOUT });
    await card.locator('[data-testid="matches-link"]').click();
    await page.waitForURL((u) => u.pathname === `/opportunities/${job.id}/matches`, { timeout: TIMEOUT });
    const matches = page.locator('[data-testid="match"]');
    await matches.first().waitFor({ timeout: TIMEOUT });
    assert.ok((await matches.count()) >= 2, 'at least two people match');
    // Best first: the scores do not rise down the list.
    const scores = (await page.locator('[data-testid="match"] [data-testid="score"]').allTextContents()).map((s) => Number(s.replace(/\D/g, '')));
    assert.deepEqual([...scores].sort((a, b) => b - a), scores);
    // The first person has the forklift skill (a tick); someone further down lacks it, and our course closes the gap.
    assert.ok((await matches.first().locator('[data-testid="tick"]').count()) >= 1);
    const lacking = page.locator('[data-testid="match"]').filter({ has: page.locator(`[data-testid="gap"] a[href="/opportunities/${course.id}"]`) }).first();
    await lacking.waitFor({ timeout: TIMEOUT });
    proposedTo = (await lacking.getAttribute('data-person')) ?? '';
    assert.ok(proposedTo);
    await waitForText(page, `[data-testid="match"][data-person="${proposedTo}"] [data-testid="gap"]`, en.opportunities.course_closes);
    await screenshot(page, 'opportunities-staff-matches', LAPTOP.width, 'en');
    const gap = lacking.locator('[data-testid="gap"]').filter({ has: page.locator(`a[href="/opportunities/${course.id}"]`) });
    const courseLink = gap.locator(`a[href="/opportunities/${course.id}"]`);
    await courseLink.locator('xpath=..').locator('[data-testid="propose-course"]').click();
    await lacking.locator('[data-testid="proposal-note"]').fill('This evening course teaches the forklift licence the job asks for.');
    await lacking.locator('[data-testid="send-proposal"]').click();
    await lacking.locator('[data-testid="course-proposed"]').waitFor({ timeout: TIMEOUT });

    // The other side: from the person's page, their matches, with the course proposed.
    await page.goto(`${BASE_URL}/participants/${proposedTo}`);
    await page.locator('[data-testid="matches-link"]').click();
    await page.waitForURL((u) => u.pathname === `/opportunities/for/${proposedTo}`, { timeout: TIMEOUT });
    const jobThere = page.locator(`[data-testid="match"][data-id="${job.id}"]`);
    await jobThere.waitFor({ timeout: TIMEOUT });
    await jobThere.locator('[data-testid="propose"]').waitFor({ timeout: TIMEOUT });
  } finally {
    await closePage(context, errors);
  }
  const apps = await coordinator('GET', `/applications?opportunity_id=${course.id}`);
  assert.equal(apps.items.length, 1);
  assert.equal(apps.items[0].participant_id, proposedTo);
  assert.equal(apps.items[0].state, 'proposed');
});
