// The meetings issue's walk-through, as a new user would do it: the
// coordinator plans the Tue/Thu/Sat office hours at the demo venue (three
// places per 20-minute slot) in the form on a laptop; the demo participant,
// on a phone in Arabic, books a phone slot and saves it to the phone's
// calendar; a co-creation meeting fills up, the participant joins its
// waiting list and gets the place when someone cancels, which their home
// page says; the participant rates the held meeting 8/10 and the
// coordinator sees the mean. (The door is walked in meetings-flows.test.mjs.)
//   BASE_URL=http://127.0.0.1:18092 node --test e2e/meetings-walkthrough.test.mjs
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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


/** @param {Date} d */
const ymd = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

// Next season's 15 May to 15 July (a year on from the demo's, so that the
// new series is the only one on those days at its own time).
const year = new Date().getFullYear() + 2;
const FIRST = `${year}-05-15`;
const UNTIL = `${year}-07-15`;
/** Tue, Thu and Sat between the two, counted by walking the calendar. */
const expectedCount = (() => {
  let n = 0;
  for (let d = new Date(year, 4, 15); ymd(d) <= UNTIL; d.setDate(d.getDate() + 1)) {
    if ([2, 4, 6].includes(d.getDay())) n += 1;
  }
  return n;
})();
const TITLE = 'Office hours: jobs, CVs, papers (walk-through)';

/** @type {any} */
let coordinator;
let venueId = '';
let seriesFirst = '';
let fullMeeting = '';

const browser = useBrowser(async () => {
  coordinator = await apiAs(demo('coordinator'));
  const venues = await coordinator('GET', '/venues');
  venueId = venues.items.find((/** @type {any} */ v) => v.name === 'Advising venue')?.id ?? '';
  assert.ok(venueId, 'the demo has the advising venue');
});

test('1. the coordinator plans the Tue/Thu/Sat office hours with three places per slot, in the form', async () => {
  const { context, page, errors } = await openPage(browser(), LAPTOP);
  try {
    await logIn(page, demo('coordinator'), '/meetings/new');
    await page.waitForURL((u) => u.pathname === '/meetings/new', { timeout: TIMEOUT });
    await page.waitForSelector('#m-kind option[value="office_hours"]', { state: 'attached', timeout: TIMEOUT });
    await page.selectOption('#m-kind', 'office_hours');
    await page.fill('#m-texts-0-title', TITLE);
    await page.check('#m-place-venue');
    await page.waitForSelector(`#m-venue_id option[value="${venueId}"]`, { state: 'attached', timeout: TIMEOUT });
    await page.selectOption('#m-venue_id', venueId);
    await page.fill('#m-date', FIRST);
    await page.fill('#m-start', '16:00');
    await page.fill('#m-end', '19:00');
    await page.fill('#m-slot_minutes', '20');
    await page.fill('#m-slot_capacity', '3');
    for (const mode of ['in_person', 'phone']) {
      await page.locator(`input[name="slot_modes"][value="${mode}"]`).check();
    }
    await page.selectOption('#m-repeat', 'weekly');
    for (const day of ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su']) {
      const box = page.locator(`input[name="weekdays"][value="${day}"]`);
      if (['tu', 'th', 'sa'].includes(day)) await box.check();
      else await box.uncheck();
    }
    await page.check('#m-ends-until');
    await page.fill('#m-pattern-until', UNTIL);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'walkthrough-series-form', LAPTOP.width, 'en');
    await page.locator('[data-testid="meeting-form"] [data-testid="save"]').click();
    await page.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: TIMEOUT });
    seriesFirst = new URL(page.url()).pathname.split('/').pop() ?? '';
    await waitForText(page, '[data-testid="meeting-title"]', TITLE);
  } finally {
    await closePage(context, errors);
  }
  // What was made: one meeting per Tue/Thu/Sat, each 16:00–19:00 on the venue's clock.
  const first = await coordinator('GET', `/meetings/${seriesFirst}`);
  assert.ok(first.series_id, 'the meeting is an occurrence of a series');
  assert.deepEqual(first.slots, { minutes: 20, capacity: 3, modes: ['in_person', 'phone'] });
  const series = await coordinator('GET', `/meeting-series/${first.series_id}`);
  assert.equal(series.occurrences.length, expectedCount);
  for (const o of series.occurrences) {
    assert.ok(o.start_local.endsWith('T16:00:00') && o.end_local.endsWith('T19:00:00'), o.start_local);
    assert.ok([2, 4, 6].includes(new Date(`${o.start_local.slice(0, 10)}T12:00:00`).getDay()), o.start_local);
  }
});

test('2. the participant books a phone slot on a phone in Arabic and saves it to the calendar', async () => {
  assert.ok(seriesFirst, 'step 1 planned the office hours');
  const { context, page, errors } = await openPage(browser(), PHONE, { acceptDownloads: true });
  try {
    await logIn(page, demo('participant'), `/meetings/${seriesFirst}/book`);
    await switchLanguage(page, 'ar');
    await page.waitForSelector('[data-testid="slots"]', { timeout: TIMEOUT });
    await waitForText(page, 'h1', ar.booking.title);
    await page.locator('[data-testid="slot"]:not([disabled])').first().click();
    await page.waitForSelector('[data-testid="step-what"]', { timeout: TIMEOUT });
    await page.locator('label:has([data-testid="mode-phone"])').click();
    await page.locator('label:has([data-testid="topic-job_search"])').click();
    await page.locator('[data-testid="next"]').click();
    await page.waitForSelector('[data-testid="booking-summary"]', { timeout: TIMEOUT });
    await page.locator('[data-testid="book"]').click();
    await waitForText(page, '[data-testid="booked"] h2', ar.booking.booked);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'walkthrough-booked', PHONE.width, 'ar');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.locator('[data-testid="booking-calendar"]').click()]);
    const ics = await readFile(await download.path(), 'utf8');
    assert.match(ics, /^BEGIN:VCALENDAR\r\n/);
    // The booked 20 minutes, on the venue's clock, with its time zone.
    assert.match(ics, new RegExp(`DTSTART;TZID=Europe/Ljubljana:${FIRST.replaceAll('-', '').slice(0, 4)}\\d{4}T16\\d{4}`));
    assert.match(ics, /BEGIN:VTIMEZONE/);
  } finally {
    await closePage(context, errors);
  }
  // The booking is by phone, in the first free slot, for the participant.
  const booked = await coordinator('GET', `/meetings/${seriesFirst}/bookings`);
  assert.equal(booked.length, 1);
  assert.equal(booked[0].mode, 'phone');
});

test('3. a full co-creation meeting: the participant waits, and gets the place when someone cancels', async () => {
  const me = await apiAs(demo('participant'));
  const own = (await me('GET', '/participants')).items[0]?.id;
  const people = (await coordinator('GET', '/participants?limit=10')).items.filter((/** @type {any} */ p) => p.id !== own);
  const day = new Date();
  day.setDate(day.getDate() + 6);
  const meeting = await coordinator('POST', '/meetings', {
    kind: 'co_creation',
    title: { en: 'Co-creation: the market’s first stall', ar: 'إبداع مشترك: أول كشك في السوق' },
    venue_id: venueId,
    start_local: `${ymd(day)}T17:00:00`,
    end_local: `${ymd(day)}T19:00:00`,
    capacity: 2,
    audience: 'participants',
  });
  for (const p of people.slice(0, 2)) {
    await coordinator('POST', `/meetings/${meeting.id}/registrations`, { participant_id: p.id });
  }
  const { context, page, errors } = await openPage(browser(), PHONE);
  try {
    await logIn(page, demo('participant'), `/meetings/${meeting.id}`);
    await switchLanguage(page, 'ar');
    await page.locator('[data-testid="join-waiting-list"]').click();
    await waitForText(page, '[data-testid="place-state"]', ar.meetings.waiting_number.replace('{{n}}', '1'));
    await screenshot(page, 'walkthrough-waiting', PHONE.width, 'ar');
    // Someone cancels: the first waiting person has the place in the same transaction.
    const list = await coordinator('GET', `/meetings/${meeting.id}/registrations?status=registered`);
    const leaving = list.items[0];
    await coordinator('PATCH', `/registrations/${leaving.id}`, { status: 'cancelled', version: leaving.version });
    await page.goto(`${BASE_URL}/`);
    await waitForText(page, '[data-testid="promoted"]', 'إبداع مشترك: أول كشك في السوق');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'walkthrough-promoted-home', PHONE.width, 'ar');
    await page.goto(`${BASE_URL}/meetings/${meeting.id}`);
    await waitForText(page, '[data-testid="place-state"]', ar.meetings.you_got_a_place);
  } finally {
    await closePage(context, errors);
  }
  fullMeeting = meeting.id;
  const after = await coordinator('GET', `/meetings/${meeting.id}`);
  assert.deepEqual([after.registered_count, after.waiting_count], [2, 0]);
  assert.equal(en.meetings.you_got_a_place.length > 0, true);
});

test('5. the participant rates the held meeting 8/10 on a phone; the coordinator sees the mean on its page', async () => {
  const held = (await coordinator('GET', '/meetings?kind=co_creation&status=done')).items[0];
  assert.ok(held, 'the demo has a co-creation meeting that was held, which the demo participant attended');
  const before = await coordinator('GET', `/meetings/${held.id}/feedback`);
  const phone = await openPage(browser(), PHONE);
  try {
    await logIn(phone.page, demo('participant'), `/meetings/${held.id}/feedback`);
    await switchLanguage(phone.page, 'ar');
    await phone.page.waitForSelector('[data-testid="feedback-form"]', { timeout: TIMEOUT });
    await phone.page.locator('[data-testid="rating-8"]').click();
    await phone.page.locator('[data-testid="feedback-send"]').click();
    await waitForText(phone.page, '[data-testid="feedback-thanks"]', ar.feedback.you_gave.replace('{{n}}', '8'));
  } finally {
    await closePage(phone.context, phone.errors);
  }
  const after = await coordinator('GET', `/meetings/${held.id}/feedback`);
  // The demo participant had not rated it: one rating more (or, after an earlier rating of theirs, the same number).
  assert.ok(after.count === before.count + 1 || after.count === before.count, `${before.count} → ${after.count}`);
  const laptop = await openPage(browser(), LAPTOP);
  try {
    await logIn(laptop.page, demo('coordinator'), `/meetings/${held.id}`);
    await waitForText(laptop.page, '[data-testid="ratings-count"]', String(after.count));
    await waitForText(laptop.page, '[data-testid="ratings-mean"]', String(after.mean));
    // Who rated what is nowhere on the page.
    const text = await laptop.page.locator('[data-testid="meeting-feedback"]').innerText();
    assert.ok(!text.includes('Amina'), 'no rater is named');
    await screenshot(laptop.page, 'walkthrough-mean', LAPTOP.width, 'en');
  } finally {
    await closePage(laptop.context, laptop.errors);
  }
});

test('6. every screen of the walk-through at 360 px and at 1280 px, in English and in Arabic', async () => {
  assert.ok(seriesFirst && fullMeeting, 'steps 1 and 3 ran');
  const held = (await coordinator('GET', '/meetings?kind=co_creation&status=done')).items[0]?.id;
  assert.ok(held, 'the demo has a co-creation meeting that was held');
  /** @type {[string, string, string][]} who, path, name */
  const screens = [
    ['coordinator', '/meetings/new', 'walk-form'],
    ['participant', `/meetings/${seriesFirst}/book`, 'walk-booking'],
    ['participant', `/meetings/${fullMeeting}`, 'walk-meeting'],
    ['participant', '/', 'walk-home'],
    ['coordinator', `/meetings/${held}/door`, 'walk-door'],
    ['participant', `/meetings/${held}/feedback`, 'walk-feedback'],
    ['coordinator', '/meetings/report', 'walk-report'],
  ];
  for (const viewport of [PHONE, LAPTOP]) {
    for (const who of ['coordinator', 'participant']) {
      const { context, page, errors } = await openPage(browser(), viewport);
      try {
        await logIn(page, demo(who));
        for (const lang of /** @type {const} */ (['en', 'ar'])) {
          if (lang === 'ar') await switchLanguage(page, 'ar');
          for (const [person, path, name] of screens.filter((s) => s[0] === who)) {
            await page.goto(`${BASE_URL}${path}`);
            await page.waitForSelector('main h1', { timeout: TIMEOUT });
            await page.waitForLoadState('networkidle');
            assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : 'ltr', `${name} ${lang}`);
            await assertNoHorizontalScroll(page);
            await screenshot(page, name, viewport.width, lang);
            assert.ok(person);
          }
        }
      } finally {
        await closePage(context, errors);
      }
    }
  }
});
