// End-to-end test of the staff's meeting screens: the demo coordinator, on a
// laptop, sees who registered for a meeting by invitation (and who waits),
// registers one more person found by name, cancels a place; writes the
// minutes of a meeting that took place, with Markdown that must not become
// HTML, decisions and an action item for a participant; ticks the item
// done; marks a booking of the day's office hours attended; and opens the
// list of meetings with attendance and satisfaction. Then, on a phone in
// Arabic, the minutes and the report. The meetings, registrations, the
// attendance, a rating and a booking are made through the API first. Needs
// BASE_URL, e.g.
//   BASE_URL=http://127.0.0.1:18093 node --test e2e/meetings-staff.test.mjs
// Screenshots: test-results/meeting-staff-1280-en.png, minutes-360-ar.png,
// report-1280-en.png, report-360-ar.png.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  apiAs,
  ar,
  assertNoHorizontalScroll,
  BASE_URL,
  closePage,
  demo,
  en,
  LAPTOP,
  logIn,
  openPage,
  PHONE,
  screenshot,
  switchLanguage,
  TIMEOUT,
  useBrowser,
  waitForText,
} from './support.mjs';

/** @typedef {import('../src/api/schema').components['schemas']} S */

const COORDINATOR = demo('coordinator');
const PARTICIPANT = demo('participant');
const ZONE = 'Europe/Ljubljana';

/**
 * The wall clock in Ljubljana `hours` from now, as yyyy-mm-ddTHH:MM:00 (the meetings' local times).
 * @param {number} hours
 */
function ljubljana(hours) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(Date.now() + hours * 3_600_000));
  const get = (/** @type {string} */ type) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:00:00`;
}


/**
 * Fails when a control in the page's main part is less than 44 px high.
 * @param {import('playwright-core').Page} page
 */
async function assertTouchTargets(page) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main button, main .button-link, main select, main input:not([type="checkbox"]):not([type="radio"]), main label.check')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({ what: `${el.tagName.toLowerCase()} ${el.id || el.className} “${(el.textContent ?? '').trim().slice(0, 30)}”`, h: el.getBoundingClientRect().height }))
      .filter((x) => x.h < 43.5),
  );
  assert.deepEqual(small, [], 'touch targets are at least 44 px high');
}

const INVITED_TITLE = 'Planning the community kitchen';
const PAST_TITLE = 'Neighbourhood garden: first meeting';
const OFFICE_TITLE = 'Job search office hours';
/** @type {S['Meeting']} */
let invited;
/** @type {S['Meeting']} */
let past;
/** @type {S['Meeting']} */
let office;
/** The people the coordinator sees, by name: [0..2] are registered for `invited`, [3] is registered in the browser. */
let people = /** @type {{ id: string, name: string }[]} */ ([]);
/** Amina, the demo participant's own record. */
let amina = { id: '', name: '' };
/** The days the report covers: from the past meeting's to today's (Ljubljana). */
let reportFrom = '';
let reportTo = '';

const browser = useBrowser(async () => {
  const call = await apiAs(COORDINATOR);
  const asParticipant = await apiAs(PARTICIPANT);
  const own = await asParticipant('GET', '/participants');
  amina = { id: own.items[0].id, name: own.items[0].name };
  const listed = await call('GET', '/participants?limit=20&sort=name');
  people = [amina, ...listed.items.filter((/** @type {any} */ p) => p.id && p.name && p.id !== amina.id).map((/** @type {any} */ p) => ({ id: p.id, name: p.name }))].slice(0, 4);
  assert.equal(people.length, 4, 'the demo data has at least four participants');

  // A meeting by invitation next week with two places: two registered, one waiting.
  const day = ljubljana(24 * 7).slice(0, 10);
  invited = await call('POST', '/meetings', {
    kind: 'co_creation',
    audience: 'invited',
    title: { en: INVITED_TITLE, ar: 'تخطيط المطبخ المجتمعي' },
    online_url: 'https://meet.jit.si/skupaj-kitchen',
    start_local: `${day}T17:00:00`,
    end_local: `${day}T19:00:00`,
    capacity: 2,
  });
  for (const p of people.slice(0, 3)) {
    await call('POST', `/meetings/${invited.id}/registrations`, { participant_id: p.id });
  }

  // A meeting that took place earlier today: Amina came and rated it, a guest came, another person did not.
  const start = ljubljana(-3);
  const end = ljubljana(-1);
  past = await call('POST', '/meetings', {
    kind: 'workshop',
    audience: 'participants',
    title: { en: PAST_TITLE, ar: 'حديقة الحي: الاجتماع الأول' },
    online_url: 'https://meet.jit.si/skupaj-garden',
    start_local: start,
    end_local: end,
  });
  await call('POST', `/meetings/${past.id}/attendance/check-in`, { participant_id: amina.id, attended: true });
  await call('POST', `/meetings/${past.id}/guests`, { gender: 'female', age_band: '26_35' });
  await asParticipant('PUT', `/meetings/${past.id}/feedback`, { rating: 8, comment: 'Good ideas, too short.' });
  reportFrom = start.slice(0, 10);
  reportTo = ljubljana(0).slice(0, 10);

  // Office hours later today with 30-minute slots; Amina books the first.
  office = await call('POST', '/meetings', {
    kind: 'office_hours',
    audience: 'participants',
    title: { en: OFFICE_TITLE, ar: 'ساعات استشارة البحث عن عمل' },
    phone_line: '+386 1 234 56 78',
    start_local: ljubljana(1),
    end_local: ljubljana(3),
    slot_minutes: 30,
    slot_modes: ['in_person', 'phone'],
  });
  const slots = await asParticipant('GET', `/meetings/${office.id}/slots`);
  await asParticipant('POST', `/meetings/${office.id}/bookings`, { slot_start: slots[0].start, mode: 'phone', topic: 'cv', note: 'Please look at my CV before we talk.' });
});

test('a coordinator runs a meeting’s registrations, writes its minutes, marks a booking and opens the report on a laptop', async () => {
  const { context, page, errors } = await openPage(browser(), LAPTOP);
  try {
    // ---- The meeting's registrations and invitations ----
    await logIn(page, COORDINATOR, `/meetings/${invited.id}`);
    await waitForText(page, '[data-testid="meeting-title"]', INVITED_TITLE);
    await page.locator('[data-testid="registrations-table"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="registration"][data-status="registered"]').count(), 2);
    await waitForText(page, '[data-testid="registration"][data-status="waiting"]', 'Waiting list: number 1');
    // Registering invites too: the three are on the invitation list.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="invited"]').length === 3, null, { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="link-door"]').getAttribute('href'), `/meetings/${invited.id}/door`);
    assert.equal(await page.locator('[data-testid="link-minutes"]').getAttribute('href'), `/meetings/${invited.id}/minutes`);

    // Register a fourth person, found by name: the meeting is full, so they wait as number 2.
    const fourth = people[3];
    assert.ok(fourth);
    await page.locator('[data-testid="register-someone"]').click();
    await page.fill('#reg-person', fourth.name.slice(0, 4));
    const result = page.locator(`[data-testid="reg-person-results"] li[data-id="${fourth.id}"] [data-testid="pick"]`);
    await result.waitFor({ timeout: TIMEOUT });
    await result.click();
    await waitForText(page, '[data-testid="registrations-notice"]', fourth.name);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="registration"][data-status="waiting"]').length === 2, null, { timeout: TIMEOUT });
    await page.locator('[data-testid="close-picker"]').click();

    // Cancel the second registered person's place: the first waiting moves up.
    const second = page.locator('[data-testid="registration"][data-status="registered"]').nth(1);
    await second.locator('[data-testid="cancel-place"]').click();
    await page.locator('[data-testid="cancel-place-dialog"] [data-testid="confirm"]').click();
    await waitForText(page, '[data-testid="registrations-notice"]', 'is cancelled');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="registration"][data-status="waiting"]').length === 1, null, { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="registrations-table"]', en.meeting_staff.promoted);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'meeting-staff', LAPTOP.width, 'en');

    // ---- Minutes of the meeting that took place ----
    await page.goto(`${BASE_URL}/meetings/${past.id}`);
    await page.locator('[data-testid="link-minutes"]').click();
    await page.waitForURL((u) => u.pathname === `/meetings/${past.id}/minutes`, { timeout: TIMEOUT });
    await page.locator('[data-testid="minutes-empty"]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="edit-minutes"]').click();
    await page.fill(
      '#minutes-body-input',
      [
        '## Who came',
        '',
        'Twelve neighbours, with **interpretation into Arabic**.',
        '',
        '- Beds by the school',
        '- Water from the community centre',
        '',
        'Plans: https://example.org/garden-plan',
        '',
        '<script>window.__pwned = true</script> <img src=x onerror="window.__pwned = true">',
        '',
        '[a trap](javascript:window.__pwned=true)',
      ].join('\n'),
    );
    await page.locator('[data-testid="preview-tab"]').click();
    await page.locator('[data-testid="minutes-preview"] h2').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="write-tab"]').click();
    await page.locator('[data-testid="decision-input"]').first().fill('Start with six raised beds');
    await page.locator('[data-testid="add-decision"]').click();
    await page.locator('[data-testid="decision-input"]').nth(1).fill('Meet every second Saturday');
    await page.locator('[data-testid="save-minutes"]').click();
    await waitForText(page, '[data-testid="minutes-notice"]', en.minutes.saved_notice);
    const body = page.locator('[data-testid="minutes-body"]');
    await waitForText(page, '[data-testid="minutes-body"] h2', 'Who came');
    assert.equal(await body.locator('li').count(), 2);
    assert.equal(await body.locator('strong').count(), 1);
    // Typed HTML is text, never elements; the javascript: link is not a link; web links open apart.
    assert.equal(await body.locator('script, img').count(), 0);
    assert.ok((await body.textContent())?.includes('<script>'));
    assert.equal(await body.locator('a[href^="javascript"]').count(), 0);
    const link = body.locator('a[href="https://example.org/garden-plan"]');
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.equal(await page.evaluate(() => /** @type {any} */ (window).__pwned ?? false), false);
    assert.deepEqual(await page.locator('[data-testid="decisions"] li').allTextContents(), ['Start with six raised beds', 'Meet every second Saturday']);

    // An action item for Amina, due next week.
    await page.locator('[data-testid="add-item"]').click();
    await page.fill('#ai-title', 'Ask the school about the water tap');
    await page.locator('[data-testid="owner-participant"]').check();
    await page.fill('#ai-person', amina.name.split(' ')[0] ?? '');
    const pick = page.locator(`[data-testid="ai-person-results"] li[data-id="${amina.id}"] [data-testid="pick"]`);
    await pick.waitFor({ timeout: TIMEOUT });
    await pick.click();
    await waitForText(page, '[data-testid="chosen-person"]', amina.name);
    const due = ljubljana(24 * 7).slice(0, 10);
    await page.fill('#ai-due', due);
    await page.locator('[data-testid="save-item"]').click();
    const item = page.locator('[data-testid="action-item"]').filter({ hasText: 'Ask the school about the water tap' });
    await item.waitFor({ timeout: TIMEOUT });
    assert.ok((await item.textContent())?.includes(amina.name));
    // Ticked done by the coordinator.
    await item.locator('[data-testid="item-done"]').check();
    await page.waitForSelector('[data-testid="action-item"][data-state="done"]', { timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);

    // ---- The bookings of the day ----
    await page.goto(`${BASE_URL}/meetings`);
    await page.locator('[data-testid="day-link"]').waitFor({ timeout: TIMEOUT });
    await page.goto(`${BASE_URL}/meetings/day?date=${office.start_local.slice(0, 10)}`);
    const slot = page.locator('[data-testid="slot"]').filter({ has: page.locator(`a[href="/meetings/${office.id}"]`) });
    const booking = slot.locator('[data-testid="booking"]').filter({ hasText: amina.name });
    await booking.waitFor({ timeout: TIMEOUT });
    assert.equal((await booking.locator('[data-testid="mode"]').textContent())?.trim(), 'By phone');
    assert.ok((await booking.locator('[data-testid="note"]').textContent())?.includes('Please look at my CV'));
    await booking.locator('[data-testid="mark-attended"]').click();
    await page.waitForFunction(
      (id) => document.querySelector(`[data-testid="booking"][data-id="${id}"]`)?.getAttribute('data-attendance') === 'attended',
      await booking.getAttribute('data-id'),
      { timeout: TIMEOUT },
    );
    await assertNoHorizontalScroll(page);

    // ---- The report, from the agenda ----
    await page.goto(`${BASE_URL}/meetings`);
    await page.locator('[data-testid="report-link"]').click();
    await page.waitForURL((u) => u.pathname === '/meetings/report', { timeout: TIMEOUT });
    await page.locator('[data-testid="report-period"]').waitFor({ timeout: TIMEOUT });
    await page.goto(`${BASE_URL}/meetings/report?from=${reportFrom}&to=${reportTo}`);
    const row = page.locator(`[data-testid="report-row"][data-id="${past.id}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    assert.equal((await row.locator('[data-testid="attended"]').textContent())?.trim(), '1');
    assert.equal((await row.locator('[data-testid="guests"]').textContent())?.trim(), '1');
    assert.equal((await row.locator('[data-testid="ratings"]').textContent())?.trim(), '1');
    assert.equal((await row.locator('[data-testid="mean"]').textContent())?.trim(), '8');
    await page.locator('[data-testid="summary-row"][data-key="workshop"]').waitFor({ timeout: TIMEOUT });
    // (At least Amina's 8: on a database used before, earlier runs rated too.)
    assert.ok(Number(await page.locator('[data-testid="summary-row"][data-key="workshop"] [data-rating="8"]').getAttribute('data-count')) >= 1);
    await page.locator('[data-testid="by-period"]').click();
    await page.waitForURL((u) => u.searchParams.get('by') === 'period', { timeout: TIMEOUT });
    await page.locator('[data-testid="summary-row"]').first().waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="by-kind"]').click();
    await page.locator('[data-testid="summary-row"][data-key="workshop"]').waitFor({ timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'report', LAPTOP.width, 'en');
  } finally {
    await closePage(context, errors);
  }
});

test('the minutes, the meeting’s lists, the day and the report on a phone in Arabic', async () => {
  assert.ok(past, 'the meetings were planned');
  const { context, page, errors } = await openPage(browser(), PHONE);
  try {
    await logIn(page, COORDINATOR, `/meetings/${past.id}/minutes`);
    await page.waitForURL((u) => u.pathname === `/meetings/${past.id}/minutes`, { timeout: TIMEOUT });
    await switchLanguage(page, 'ar');
    await waitForText(page, 'h1', ar.minutes.title);
    await waitForText(page, '[data-testid="minutes-body"] h2', 'Who came');
    await waitForText(page, '[data-testid="back-to-meeting"]', 'حديقة الحي');
    await page.locator('[data-testid="action-item"][data-state="done"]').waitFor({ timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);
    await screenshot(page, 'minutes', PHONE.width, 'ar');

    // The editor fits too.
    await page.locator('[data-testid="edit-minutes"]').click();
    await page.locator('#minutes-body-input').waitFor({ timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);
    await page.locator('[data-testid="cancel-edit"]').click();

    // Adding an action item: the search for a participant and its results fit.
    await page.locator('[data-testid="add-item"]').click();
    await page.locator('[data-testid="owner-participant"]').check();
    await page.fill('#ai-person', amina.name.split(' ')[0] ?? '');
    await page.locator('[data-testid="ai-person-results"] [data-testid="pick"]').first().waitFor({ timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);

    // The meeting's page with its registrations and invitations, as cards.
    await page.goto(`${BASE_URL}/meetings/${invited.id}`);
    await page.locator('[data-testid="registrations-table"]').waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="invited"]').first().waitFor({ timeout: TIMEOUT });
    await page.locator('[data-testid="register-someone"]').click();
    await page.fill('#reg-person', 'an');
    await page.locator('[data-testid="reg-person-results"], [data-testid="reg-person-none"]').first().waitFor({ timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);

    // The bookings of the day.
    await page.goto(`${BASE_URL}/meetings/day?date=${office.start_local.slice(0, 10)}`);
    await page.locator('[data-testid="booking"]').first().waitFor({ timeout: TIMEOUT });
    await waitForText(page, 'h1', ar.adviser_day.title);
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);

    await page.goto(`${BASE_URL}/meetings/report?from=${reportFrom}&to=${reportTo}`);
    await waitForText(page, 'h1', ar.meeting_report.title);
    const row = page.locator(`[data-testid="report-row"][data-id="${past.id}"]`);
    await row.waitFor({ timeout: TIMEOUT });
    // On a phone each meeting is a card: the cells stack with their labels.
    assert.notEqual(await row.evaluate((el) => getComputedStyle(el).display), 'table-row');
    assert.equal(await page.locator('.report-table thead').evaluate((el) => el.getBoundingClientRect().height <= 1), true);
    await page.locator('[data-testid="summary-row"]').first().waitFor({ timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);
    await screenshot(page, 'report', PHONE.width, 'ar');
  } finally {
    await closePage(context, errors);
  }
});
