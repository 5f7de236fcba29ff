// Opportunities and matching (issue #16), as a new user would try them:
//  1. the partner from the logistics company, on a laptop in Slovenian,
//     posts a job with its skills filled from an occupation; the demo
//     participant applies (through the API); the partner moves her to
//     shortlisted and then to interview (a date, a time and a place) and
//     writes to her in the application's thread;
//  2. the demo participant, on a 360 px phone in Arabic, finds a job among
//     her matches, reads its explanation (the skill she lacks and the
//     course that closes it), opens the course, then applies for the job
//     with a cover note and sees her application.
// Each run posts its own jobs (with a tag), so it can run again on the same data.
//   BASE_URL=http://127.0.0.1:18092 node --test e2e/opportunities.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  apiAs,
  ar,
  assertNoHorizontalScroll,
  closePage,
  demo,
  LAPTOP,
  logIn,
  navigate,
  openPage,
  PHONE,
  screenshot,
  sl,
  switchLanguage,
  TIMEOUT,
  useBrowser,
  waitForText,
} from './support.mjs';

const tag = String(Date.now() % 100000);
/** @type {any} */
let partner;
/** @type {any} */
let participant;
/** The demo participant's own record. */
let personId = '';

const browser = useBrowser(async () => {
  partner = await apiAs(demo('partner'));
  participant = await apiAs(demo('participant'));
  const own = await participant('GET', '/participants?limit=1');
  personId = own.items[0].id;
});

/** A skill's URI by its English label (the taxonomy's autocomplete). @param {string} label */
async function skillUri(label) {
  const hits = await partner('GET', `/skills?q=${encodeURIComponent(label)}&lang=en&limit=5`);
  const hit = hits.items.find((/** @type {any} */ h) => h.label === label) ?? hits.items[0];
  assert.ok(hit, `the taxonomy has ${label}`);
  return hit.uri;
}

test('1. a partner posts a job with skills from an occupation and moves an applicant to interview', async () => {
  const { context, page, errors } = await openPage(browser(), LAPTOP);
  const title = `Skladiščnik z viličarjem ${tag}`;
  let jobId = '';
  try {
    await logIn(page, demo('partner'));
    await switchLanguage(page, 'sl');
    await navigate(page, sl.nav.opportunities);
    await page.waitForURL((u) => u.pathname === '/opportunities', { timeout: TIMEOUT });
    await page.locator('[data-testid="post-opportunity"]').click();
    await page.waitForSelector('[data-testid="opportunity-form"]', { timeout: TIMEOUT });
    await page.fill('[data-testid="title-sl"]', title);
    await page.fill('[data-testid="title-en"]', `Warehouse worker with a forklift ${tag}`);
    await page.fill('[data-testid="description-sl"]', 'Nakladanje tovornjakov in zlaganje palet v skladišču na Vrhniki.');
    await page.fill('[data-testid="provider-name"]', 'Logistika Vrhnika d.o.o.');
    await page.fill('#provider-sector', 'H52.10');
    await page.fill('[data-testid="municipality"]', 'Vrhnika');
    await page.fill('[data-testid="hours-per-week"]', '40');
    await page.fill('[data-testid="pay-min"]', '1450');
    await page.fill('[data-testid="pay-max"]', '1700');
    // Fill from an occupation: the skills of a forklift operator.
    await page.fill('[data-testid="occupation-picker"]', 'forklift');
    await page.waitForSelector('#occupation-list li[role="option"]', { timeout: TIMEOUT });
    await page.locator('#occupation-list li[role="option"]').first().click();
    await page.waitForSelector('[data-testid="filled"]', { timeout: TIMEOUT });
    const essential = await page.locator('[data-testid="skills-essential"] [data-testid="chosen-skill"]').count();
    assert.ok(essential > 0, 'the occupation filled the needed skills');
    await page.locator('[data-testid="add-language"]').click();
    await screenshot(page, 'opportunities-form', LAPTOP.width, 'sl');
    await page.locator('[data-testid="publish"]').click();
    await page.waitForSelector('[data-testid="opportunity"]', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="opp-title"]', title);
    jobId = (await page.locator('[data-testid="opportunity"]').getAttribute('data-id')) ?? '';
    assert.ok(jobId);
    assert.ok((await page.locator('[data-testid="essential-skills"] li').count()) === essential, 'the job keeps the skills');

    // The demo participant applies (she is eligible and shares her profile with partners).
    await participant('POST', `/opportunities/${jobId}/applications`, { cover_note: 'Vozila sem viličar v Sarajevu.' });

    // The board of applicants: she is under "applied"; shortlist, then invite to an interview.
    await page.locator('[data-testid="applicants-link"]').click();
    await page.waitForSelector('[data-testid="board"]', { timeout: TIMEOUT });
    const card = () => page.locator('[data-testid="applicant"]').first();
    await card().waitFor({ timeout: TIMEOUT });
    assert.equal(await card().getAttribute('data-state'), 'applied');
    await card().locator('[data-testid="step-shortlisted"]').click();
    await page.locator('[data-testid="column-shortlisted"] [data-testid="applicant"]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="column-shortlisted"] [data-testid="step-interview"]').click();
    await page.waitForSelector('[data-testid="interview-form"]', { timeout: TIMEOUT });
    const day = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await page.fill('[data-testid="interview-date"]', day);
    await page.fill('[data-testid="interview-time"]', '10:30');
    const venues = await page.locator('[data-testid="interview-venue"] option').count();
    if (venues > 1) await page.selectOption('[data-testid="interview-venue"]', { index: 1 });
    else await page.fill('[data-testid="interview-url"]', 'https://meet.example.org/skladisce');
    await page.locator('[data-testid="confirm-interview"]').click();
    const moved = page.locator('[data-testid="column-interview"] [data-testid="applicant"]');
    await moved.waitFor({ timeout: TIMEOUT });
    await waitForText(page, '[data-testid="column-interview"]', sl.opportunities.interview_at.split('{{')[0].trim());
    await screenshot(page, 'opportunities-board', LAPTOP.width, 'sl');

    // A message in her application's thread.
    await moved.locator('h3 a').click();
    await page.waitForSelector('[data-testid="application-page"]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="application-page"]').getAttribute('data-state'), 'interview');
    await page.fill('[data-testid="message-body"]', 'Vidimo se na razgovoru. Prinesite osebni dokument.');
    await page.locator('[data-testid="send-message"]').click();
    await page.locator('[data-testid="message"]').first().waitFor({ timeout: TIMEOUT });
  } finally {
    await closePage(context, errors);
  }
  const apps = await partner('GET', `/applications?opportunity_id=${jobId}`);
  assert.equal(apps.items.length, 1);
  assert.equal(apps.items[0].state, 'interview');
  assert.ok(apps.items[0].interview?.meeting_id, 'the interview is a meeting');
  // She sees the message as unread until she opens the thread.
  const mine = await participant('GET', `/applications/${apps.items[0].id}`);
  assert.equal(mine.unread, 1);
});

test('2. the participant, on a phone in Arabic, sees a match, its gap and the course that closes it, and applies', async () => {
  // A job of the test's own that asks for a skill she lacks (operating a
  // forklift, which the demo forklift course teaches) and one she has.
  const job = await partner('POST', '/opportunities', {
    kind: 'job',
    status: 'open',
    title: { sl: `Voznik viličarja v skladišču ${tag}`, en: `Forklift driver in a warehouse ${tag}`, ar: `سائق رافعة شوكية في مستودع ${tag}` },
    description: { ar: 'تحميل الشاحنات وتفريغها في فرهنيكا.' },
    provider_name: 'Logistika Vrhnika d.o.o.',
    place: 'on_site',
    municipality: 'Vrhnika',
    hours_per_week: 40,
    paid: true,
    pay_min_cents: 145000,
    pay_max_cents: 170000,
    pay_period: 'month',
    essential_skills: [await skillUri('operate forklift'), await skillUri('lift heavy weights')],
  });
  const titleAr = job.title.ar;
  const { context, page, errors } = await openPage(browser(), PHONE);
  try {
    await logIn(page, demo('participant'));
    await switchLanguage(page, 'ar');
    await navigate(page, ar.nav.my_matches);
    await page.waitForURL((u) => u.pathname === '/opportunities/matches', { timeout: TIMEOUT });
    const match = page.locator(`[data-testid="match"][data-id="${job.id}"]`);
    await match.waitFor({ timeout: TIMEOUT });
    await waitForText(page, `[data-testid="match"][data-id="${job.id}"] [data-testid="match-title"]`, titleAr);
    // Ticks for what she has, a gap for what she lacks, with the course that closes it.
    assert.ok((await match.locator('[data-testid="tick"]').count()) >= 1, 'a tick for a skill she has');
    const gap = match.locator('[data-testid="gap"]').first();
    await gap.waitFor({ timeout: TIMEOUT });
    assert.match((await gap.textContent()) ?? '', new RegExp(ar.opportunities.course_closes.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    const course = gap.locator('[data-testid="course"]').first();
    await course.waitFor({ timeout: TIMEOUT });
    const dir = await page.evaluate(() => document.documentElement.dir);
    assert.equal(dir, 'rtl');
    await match.scrollIntoViewIfNeeded();
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'opportunities-matches', PHONE.width, 'ar');
    // The course's page, then back to the job and apply.
    const courseHref = await course.getAttribute('href');
    await course.click();
    await page.waitForURL((u) => u.pathname === courseHref, { timeout: TIMEOUT });
    await page.waitForSelector('[data-testid="opportunity"]', { timeout: TIMEOUT });
    await page.goBack();
    await match.locator('[data-testid="match-title"]').click();
    await page.waitForSelector('[data-testid="opportunity"]', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="opp-title"]', titleAr);
    // Her match with this job, explained on its page too.
    await page.waitForSelector('[data-testid="how-you-fit"] [data-testid="gap"]', { timeout: TIMEOUT });
    // Who may apply, from the rules the server keeps as data (with a permit, or after months for asylum seekers).
    await waitForText(page, '[data-testid="rules"]', ar.opportunities.rule.work_permit);
    await assertNoHorizontalScroll(page);
    await page.locator('[data-testid="apply"]').click();
    await page.fill('[data-testid="cover-note"]', 'عملت في مستودع لمدة سنتين وأتعلم قيادة الرافعة الشوكية.');
    await screenshot(page, 'opportunities-apply', PHONE.width, 'ar');
    await page.locator('[data-testid="send-application"]').click();
    await page.waitForSelector('[data-testid="my-application"]', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="my-application"]', ar.opportunities.applied_notice);
    // Her applications list shows it, with its state.
    await page.locator('[data-testid="open-application"]').click();
    await page.waitForSelector('[data-testid="application-page"]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="application-page"]').getAttribute('data-state'), 'applied');
    await assertNoHorizontalScroll(page);
  } finally {
    await closePage(context, errors);
  }
  const apps = await participant('GET', `/applications?opportunity_id=${job.id}`);
  assert.equal(apps.items.length, 1);
  assert.equal(apps.items[0].participant_id, personId);
  assert.equal(apps.items[0].state, 'applied');
});
