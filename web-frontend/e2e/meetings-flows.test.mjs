// End-to-end test of the meeting screens of part 2 in Chromium: the home
// page's "What's next" (a participant on a phone in Arabic, who registers
// there; the coordinator on a laptop), the calendar subscription and file,
// the feedback form, office-hour booking and the door list. Needs BASE_URL,
// e.g.
//   BASE_URL=http://127.0.0.1:18231 node --test e2e/meetings-flows.test.mjs
// Screenshots go to web-frontend/test-results/meetings-<view>-<width>-<lang>.png.
//
// Some steps need endpoints that other branches are building. Each such test
// asks the server first and is SKIPPED (with the reason) while the endpoint
// is missing, so that it runs by itself once the server has it:
//   - feedback (sending a rating): PUT/GET /meetings/{id}/feedback[/mine] (m-feedback)
//     and POST /meetings/{id}/attendance/check-in (m-office) to mark the person as come;
//   - the door list: GET /meetings/{id}/attendance, check-in, guests, close (m-office);
//   - booking a time: GET /meetings/{id}/slots, POST /meetings/{id}/bookings,
//     PATCH /bookings/{id}, GET /bookings (m-office).
// The rest runs on today's server: the home pages, registering from the home
// page, the calendar feed and file, and the feedback form itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import {
  ar,
  assertNoHorizontalScroll,
  BASE_URL,
  closePage,
  demo,
  DEMO_PASSWORD,
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

const ZONE = 'Europe/Ljubljana';
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

/**
 * A time as the wall clock in Ljubljana shows it, as the API takes it ("2026-12-03T16:00:00").
 * @param {Date} date
 */
function wall(date) {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  })
    .format(date)
    .replace(' ', 'T');
}

/**
 * `days` from today at `hour`:00 on the wall clock in Ljubljana.
 * @param {number} days @param {number} hour
 */
function at(days, hour) {
  const day = wall(new Date(Date.now() + days * DAY)).slice(0, 10);
  return `${day}T${String(hour).padStart(2, '0')}:00:00`;
}

/**
 * The API as a demo account.
 * @param {string} role
 */
async function apiAs(role) {
  const login = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email: demo(role), password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200, `the API login of ${role} works`);
  const { access_token: token } = await login.json();
  /**
   * @param {string} method @param {string} path @param {unknown} [body]
   * @returns {Promise<{ status: number, body: any }>}
   */
  const call = async (method, path, body) => {
    const res = await fetch(`${BASE_URL}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed };
  };
  /** @param {string} method @param {string} path @param {unknown} [body] @param {number} [status] */
  const ok = async (method, path, body, status) => {
    const res = await call(method, path, body);
    assert.ok(status ? res.status === status : res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  return { call, ok };
}

/**
 * Whether this server has an endpoint: a route it lacks answers 404 "no endpoint at …".
 * @param {Awaited<ReturnType<typeof apiAs>>} api @param {string} method @param {string} path
 */
async function has(api, method, path) {
  const res = await api.call(method, path, method === 'GET' ? undefined : {});
  return !(res.status === 404 && String(res.body?.detail ?? '').startsWith('no endpoint'));
}

const titles = {
  cafe: { en: 'Language café', ar: 'مقهى اللغة', sl: 'Jezikovna kavarna' },
  cv: { en: 'CV workshop', ar: 'ورشة السيرة الذاتية' },
  employers: { en: 'Meeting with employers', ar: 'لقاء مع أصحاب العمل' },
  past: { en: 'Co-creation: summer plans', ar: 'الإبداع المشترك: خطط الصيف' },
  today: { en: 'Welcome evening', ar: 'أمسية ترحيب' },
  office: { en: 'Advice on work and papers', ar: 'استشارة في العمل والأوراق' },
};

/** What the set-up made: meeting ids, and which endpoints the server has. */
const made = {
  cafe: '',
  cv: '',
  employers: '',
  past: '',
  today: '',
  office: '',
  /** The demo participant's own record. */
  me: '',
  others: /** @type {{ id: string, name: string }[]} */ ([]),
  hasAttendance: false,
  hasFeedback: false,
  hasBookings: false,
};

const browser = useBrowser(async () => {
  const coordinator = await apiAs('coordinator');
  const participant = await apiAs('participant');
  made.me = (await participant.ok('GET', '/participants?limit=1')).items[0].id;
  const people = (await coordinator.ok('GET', '/participants?limit=50&sort=name&status=active')).items;
  made.others = /** @type {S['ParticipantView'][]} */ (people)
    .filter((p) => p.id !== made.me && p.name)
    .map((p) => ({ id: p.id ?? '', name: p.name ?? '' }));
  const [one, two] = made.others;
  assert.ok(one && two && made.others.length >= 3, 'three more participants in the demo data');

  const venue = (await coordinator.ok('POST', '/venues', { name: 'Skupaj centre', address: 'Vida Pregarčeva 11, Ljubljana', capacity: 40 })).id;
  /** @param {Record<string, unknown>} fields */
  const plan = async (fields) =>
    (await coordinator.ok('POST', '/meetings', { kind: 'workshop', audience: 'participants', venue_id: venue, ...fields })).id;

  // Registered on the home page by the test: the soonest meeting open to join.
  made.cafe = await plan({ kind: 'language_exchange', title: titles.cafe, start_local: at(1, 17), end_local: at(1, 19), capacity: 12 });
  // Full: the participant waits as number 1.
  made.cv = await plan({ title: titles.cv, start_local: at(3, 10), end_local: at(3, 12), capacity: 1 });
  await coordinator.ok('POST', `/meetings/${made.cv}/registrations`, { participant_id: one.id });
  await participant.ok('POST', `/meetings/${made.cv}/registrations`, {});
  // Full, then a place comes free: the participant moves up ("You got a place").
  made.employers = await plan({ kind: 'info_session', title: titles.employers, start_local: at(5, 14), end_local: at(5, 16), capacity: 1 });
  const first = await coordinator.ok('POST', `/meetings/${made.employers}/registrations`, { participant_id: two.id });
  await participant.ok('POST', `/meetings/${made.employers}/registrations`, {});
  await coordinator.ok('PATCH', `/registrations/${first.id}`, { status: 'cancelled', version: first.version });
  // Ended an hour ago: "How was it?" (registered while it ran, then its end moved into the past).
  const now = Date.now();
  const past = await coordinator.ok('POST', '/meetings', {
    kind: 'co_creation',
    audience: 'participants',
    venue_id: venue,
    title: titles.past,
    start_local: wall(new Date(now - 3 * HOUR)),
    end_local: wall(new Date(now + HOUR)),
  });
  made.past = past.id;
  await participant.ok('POST', `/meetings/${made.past}/registrations`, {});
  await coordinator.ok('PATCH', `/meetings/${made.past}`, { end_local: wall(new Date(now - HOUR)), version: past.version });
  // Today, under way: the coordinator's door list, with the participant and three more.
  // Begun half an hour ago, or at midnight in Ljubljana when that was later,
  // so that it is today's there even just after midnight.
  const midnight = `${wall(new Date(now)).slice(0, 10)}T00:00:00`;
  const begun = wall(new Date(now - 0.5 * HOUR));
  made.today = await plan({ kind: 'social_event', title: titles.today, start_local: begun < midnight ? midnight : begun, end_local: wall(new Date(now + 2 * HOUR)), capacity: 30 });
  await participant.ok('POST', `/meetings/${made.today}/registrations`, {});
  for (const p of made.others.slice(0, 3)) await coordinator.ok('POST', `/meetings/${made.today}/registrations`, { participant_id: p.id });
  // Office hours in two days: 20-minute slots, one person each, in person or by phone.
  made.office = await plan({
    kind: 'office_hours',
    title: titles.office,
    start_local: at(2, 10),
    end_local: at(2, 12),
    slot_minutes: 20,
    slot_capacity: 1,
    slot_modes: ['in_person', 'phone'],
  });

  made.hasAttendance = await has(coordinator, 'GET', `/meetings/${made.today}/attendance`);
  made.hasFeedback = await has(participant, 'GET', `/meetings/${made.past}/feedback/mine`);
  made.hasBookings = await has(participant, 'GET', `/meetings/${made.office}/slots`);
});

/** @type {import('playwright-core').BrowserContext | undefined} */
let context;
/** @type {string[]} */
let errors = [];
after(async () => {
  await context?.close();
});

/**
 * Opens a fresh page (a new device) at `viewport`.
 * @param {{ width: number, height: number }} viewport @param {{ acceptDownloads?: boolean }} [options]
 */
async function fresh(viewport, options = {}) {
  await context?.close();
  const opened = await openPage(browser(), viewport, options);
  context = opened.context;
  errors = opened.errors;
  return opened.page;
}

/** Closes the page and fails on errors it threw. */
async function done() {
  const c = context;
  context = undefined;
  await closePage(c, errors);
}

/**
 * Every visible button and button-like link in `scope` is at least `min` px high.
 * @param {import('playwright-core').Page} page @param {string} scope @param {number} [min]
 */
async function assertTouchTargets(page, scope, min = 44) {
  const small = await page.$$eval(
    `${scope} button, ${scope} a.button-link`,
    (els, least) =>
      els
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ text: el.textContent?.trim() ?? '', h: el.getBoundingClientRect().height }))
        .filter((b) => b.h < least),
    min,
  );
  assert.deepEqual(small, [], `touch targets under ${min} px`);
}

test('a participant on a phone, in Arabic: the home page says what is next, and they register for a meeting there', async () => {
  const page = await fresh(PHONE, { acceptDownloads: true });
  await logIn(page, demo('participant'));
  await switchLanguage(page, 'ar');
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector('[data-testid="whats-next"]', { timeout: TIMEOUT });

  // The place that came free, highlighted.
  await waitForText(page, '[data-testid="promoted"]', ar.next.promoted_title);
  await page.waitForSelector(`[data-testid="promoted"] [data-id="${made.employers}"]`, { timeout: TIMEOUT });
  // The waiting list: number 1.
  await waitForText(page, `[data-testid="waiting"] [data-id="${made.cv}"]`, titles.cv.ar);
  await waitForText(page, `[data-id="${made.cv}"] [data-testid="waiting-position"]`, ar.next.waiting_n.replace('{{n}}', '1'));
  // Today's meeting, registered.
  await waitForText(page, `[data-testid="my-meetings"] [data-id="${made.today}"]`, titles.today.ar);
  await waitForText(page, `[data-testid="my-meetings"] [data-id="${made.today}"]`, ar.meeting_common.today);
  // The meeting that ended: "How was it?", linked to the form.
  await waitForText(page, `[data-testid="to-rate"] [data-id="${made.past}"]`, titles.past.ar);
  assert.equal(await page.locator(`[data-testid="rate-link"][href="/meetings/${made.past}/feedback"]`).count(), 1);
  // Tasks and bookings have their own sections (empty, or listed once the endpoints exist).
  await page.waitForSelector('[data-testid="tasks"]:not([aria-busy])', { timeout: TIMEOUT });
  await page.waitForSelector('[data-testid="my-bookings"]:not([aria-busy])', { timeout: TIMEOUT });

  // A task of theirs (the demo data gives the participant one, once the
  // action items exist): "Done" takes it off the list.
  const tasks = page.locator('[data-testid="task"]');
  if ((await tasks.count()) > 0) {
    const before = await tasks.count();
    await tasks.first().locator('[data-testid="task-done-button"]').click();
    await page.waitForSelector('[data-testid="task-done"]', { timeout: TIMEOUT });
    assert.equal(await tasks.count(), before - 1);
  }

  // Register for the language café from the home page.
  const cafe = page.locator(`[data-testid="join-meeting"][data-id="${made.cafe}"]`);
  await cafe.waitFor({ timeout: TIMEOUT });
  await assertTouchTargets(page, '[data-testid="whats-next"]');
  await cafe.locator('[data-testid="join-button"]').click();
  await waitForText(page, '[data-testid="join-result"]', ar.next.joined);
  // …and it is among "Your next meetings" at once.
  await page.waitForSelector(`[data-testid="my-meetings"] [data-id="${made.cafe}"]`, { timeout: TIMEOUT });
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'meetings-home-participant', PHONE.width, 'ar');

  // "Add to my calendar": an .ics file with the meeting, which a phone offers to add.
  const item = page.locator(`[data-testid="my-meetings"] [data-id="${made.cafe}"]`);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: TIMEOUT }),
    item.locator('[data-testid="add-to-calendar"]').click(),
  ]);
  assert.match(download.suggestedFilename(), /\.ics$/);
  const ics = readFileSync(await download.path(), 'utf8');
  assert.match(ics, /^BEGIN:VCALENDAR/);
  assert.ok(ics.includes('BEGIN:VEVENT'), 'the file has the meeting');
  await done();
});

test('a participant makes, resets and stops their calendar subscription on the account page', async () => {
  const page = await fresh(PHONE);
  await logIn(page, demo('participant'), '/account');
  await page.waitForSelector('[data-testid="calendar-feed"]', { timeout: TIMEOUT });
  await waitForText(page, '[data-testid="calendar-feed"] h2', en.calendar_feed.title);
  // A feed another run left behind: stop it first.
  if (await page.locator('[data-testid="feed-stop"]').count()) {
    await page.locator('[data-testid="feed-stop"]').click();
    await page.locator('[data-testid="feed-dialog"] [data-testid="confirm"]').click();
    await page.waitForSelector('[data-testid="feed-make"]', { timeout: TIMEOUT });
  }
  await page.locator('[data-testid="feed-make"]').click();
  const box = page.locator('[data-testid="feed-url"]');
  await box.waitFor({ timeout: TIMEOUT });
  const first = await box.inputValue();
  assert.match(first, /\/api\/v1\/calendar\/feeds\/[^/?]+$/, 'an English page gives the plain address');
  assert.match(await page.getAttribute('[data-testid="feed-open"]', 'href') ?? '', /^webcal:/);
  // The address works without logging in, and lists the participant's meetings.
  const feed = await fetch(first);
  assert.equal(feed.status, 200);
  const text = await feed.text();
  assert.match(text, /^BEGIN:VCALENDAR/);
  assert.ok(text.includes(titles.employers.en), 'the feed has a meeting the participant is registered for');
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'meetings-calendar-feed', PHONE.width, 'en');

  // A new address: the old one stops working at once.
  await page.locator('[data-testid="feed-reset"]').click();
  await page.locator('[data-testid="feed-dialog"] [data-testid="confirm"]').click();
  await page.waitForFunction((old) => {
    const el = /** @type {HTMLTextAreaElement | null} */ (document.querySelector('[data-testid="feed-url"]'));
    return !!el && el.value !== old;
  }, first, { timeout: TIMEOUT });
  const second = await box.inputValue();
  assert.equal((await fetch(first)).status, 404, 'the old address no longer works');
  assert.equal((await fetch(second)).status, 200);

  // Stop it: no address works.
  await page.locator('[data-testid="feed-stop"]').click();
  await page.locator('[data-testid="feed-dialog"] [data-testid="confirm"]').click();
  await page.waitForSelector('[data-testid="feed-stopped"]', { timeout: TIMEOUT });
  await page.waitForSelector('[data-testid="feed-make"]', { timeout: TIMEOUT });
  assert.equal((await fetch(second)).status, 404);
  await done();
});

test('the feedback form on a phone, in Arabic: ten faces in two rows of five', async () => {
  const page = await fresh(PHONE);
  await logIn(page, demo('participant'));
  await switchLanguage(page, 'ar');
  await page.goto(`${BASE_URL}/meetings/${made.past}/feedback`);
  await page.waitForSelector('[data-testid="feedback-form"]', { timeout: TIMEOUT });
  await waitForText(page, 'h1', ar.feedback.title);
  await waitForText(page, '[data-testid="meeting-line"]', titles.past.ar);
  // A radio group of ten, each at least 56 px high, five to a row on a phone.
  assert.equal(await page.locator('[role="radiogroup"] input[type="radio"]').count(), 10);
  const boxes = await page.$$eval('[data-testid^="rating-"]', (els) => els.map((el) => el.getBoundingClientRect()).map((r) => ({ top: Math.round(r.top), h: r.height })));
  assert.equal(boxes.length, 10);
  assert.ok(boxes.every((b) => b.h >= 56), `every button is at least 56 px high: ${JSON.stringify(boxes)}`);
  assert.equal(new Set(boxes.map((b) => b.top)).size, 2, 'two rows');
  // A tap on the face chooses it; the radio is named "8 out of 10" for a screen reader.
  await page.locator('[data-testid="rating-8"]').click();
  assert.equal(await page.getByLabel(ar.feedback.n_of_10.replace('{{n}}', '8')).isChecked(), true);
  assert.equal(await page.locator('[data-testid="rating-8"].chosen .rating-mark').count(), 1, 'the chosen one has a tick, not only a colour');
  await page.fill('#feedback-comment', 'كان اللقاء مفيدًا جدًا، شكرًا');
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'meetings-feedback', PHONE.width, 'ar');
  await done();
});

// NEEDS: PUT /meetings/{id}/feedback and GET …/feedback/mine (branch m-feedback),
// and POST /meetings/{id}/attendance/check-in (branch m-office).
test('a participant who came rates the meeting, sees the thanks, and finds the rating again', async (t) => {
  if (!made.hasFeedback || !made.hasAttendance) {
    t.skip('needs PUT /meetings/{id}/feedback (m-feedback) and POST /meetings/{id}/attendance/check-in (m-office)');
    return;
  }
  const coordinator = await apiAs('coordinator');
  await coordinator.ok('POST', `/meetings/${made.past}/attendance/check-in`, { participant_id: made.me, attended: true });
  const page = await fresh(PHONE);
  await logIn(page, demo('participant'));
  await switchLanguage(page, 'ar');
  await page.goto(`${BASE_URL}/meetings/${made.past}/feedback`);
  await page.waitForSelector('[data-testid="feedback-form"]', { timeout: TIMEOUT });
  await page.locator('[data-testid="rating-8"]').click();
  await page.fill('#feedback-comment', 'كان اللقاء مفيدًا جدًا، شكرًا');
  await page.locator('[data-testid="feedback-send"]').click();
  await waitForText(page, '[data-testid="feedback-thanks"]', ar.feedback.thanks);
  await waitForText(page, '[data-testid="feedback-thanks"]', ar.feedback.you_gave.replace('{{n}}', '8'));
  await screenshot(page, 'meetings-feedback-thanks', PHONE.width, 'ar');
  // Again later: the rating is there, and the home page no longer asks.
  await page.reload();
  await waitForText(page, '[data-testid="feedback-earlier"]', ar.feedback.earlier.replace('{{n}}', '8'));
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector('[data-testid="my-meetings"] [data-testid="next-meeting"]', { timeout: TIMEOUT });
  assert.equal(await page.locator(`[data-testid="rate-link"][href="/meetings/${made.past}/feedback"]`).count(), 0);
  await done();
});

test('the coordinator on a laptop: today (with the door list) and this week on the home page', async () => {
  const page = await fresh(LAPTOP);
  await logIn(page, demo('coordinator'));
  await page.goto(`${BASE_URL}/`);
  await page.waitForSelector('[data-testid="whats-next"]', { timeout: TIMEOUT });
  const today = page.locator(`[data-testid="today-meeting"][data-id="${made.today}"]`);
  await today.waitFor({ timeout: TIMEOUT });
  assert.equal(await today.locator(`[data-testid="door-link"][href="/meetings/${made.today}/door"]`).count(), 1);
  await page.waitForSelector(`[data-testid="staff-week"] [data-id="${made.cafe}"]`, { timeout: TIMEOUT });
  await page.waitForSelector(`[data-testid="staff-week"] [data-id="${made.employers}"]`, { timeout: TIMEOUT });
  await page.waitForSelector('[data-testid="tasks"]', { timeout: TIMEOUT });
  await waitForText(page, '[data-testid="health-status"]', 'running');
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'meetings-home-coordinator', LAPTOP.width, 'en');
  await done();
});

// NEEDS: GET /meetings/{id}/attendance, POST …/attendance/check-in, POST …/guests,
// POST …/attendance/close (branch m-office).
test('the coordinator at the door on a phone: finds a name without accents, ticks, counts a guest, finishes', async (t) => {
  if (!made.hasAttendance) {
    t.skip('needs GET /meetings/{id}/attendance and the door endpoints (m-office)');
    return;
  }
  const page = await fresh(PHONE);
  await logIn(page, demo('coordinator'), `/meetings/${made.today}/door`);
  await page.waitForSelector('[data-testid="door-list"]', { timeout: TIMEOUT });
  await waitForText(page, 'h1', en.door.title);
  await waitForText(page, '[data-testid="count-registered"]', '4');
  // "hadzic" finds "Amina Hadžić" as one types.
  await page.fill('[data-testid="door-search"]', 'hadzic');
  const amina = page.locator('[data-testid="door-tick"]', { hasText: 'Hadžić' });
  await amina.waitFor({ timeout: TIMEOUT });
  assert.equal(await page.locator('[data-testid="door-tick"]').count(), 1);
  const height = (await amina.boundingBox())?.height ?? 0;
  assert.ok(height >= 48, `the tick is at least 48 px high, is ${height}`);
  await amina.click();
  await page.waitForSelector('[data-testid="door-tick"][aria-pressed="true"]', { timeout: TIMEOUT });
  await waitForText(page, '[data-testid="count-attended"]', '1');
  // Someone without a record: only gender and age band.
  await page.fill('[data-testid="door-search"]', '');
  await page.locator('[data-testid="walk-in-guest"]').click();
  await page.selectOption('#guest-gender', { index: 1 });
  await page.locator('[data-testid="add-guest"]').click();
  await waitForText(page, '[data-testid="count-guests"]', '1');
  await page.locator('[data-testid="door-tick"]').first().scrollIntoViewIfNeeded();
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'meetings-door', PHONE.width, 'en');
  // Finish: the others are no-shows.
  await page.locator('[data-testid="door-finish"]').click();
  await page.locator('[data-testid="finish-dialog"] [data-testid="confirm"]').click();
  await waitForText(page, '[data-testid="door-notice"]', en.door.finished.replace('{{n}}', '3'));
  await done();
});

// NEEDS: GET /meetings/{id}/slots, POST /meetings/{id}/bookings, PATCH /bookings/{id},
// GET /bookings (branch m-office).
test('a participant books an office-hour time on a phone, by phone, about a CV, and cancels it', async (t) => {
  if (!made.hasBookings) {
    t.skip('needs GET /meetings/{id}/slots and the booking endpoints (m-office)');
    return;
  }
  const page = await fresh(PHONE);
  await logIn(page, demo('participant'), `/meetings/${made.office}/book`);
  await page.waitForSelector('[data-testid="slots"]', { timeout: TIMEOUT });
  await waitForText(page, 'h1', en.booking.title);
  await assertTouchTargets(page, '.booking');
  await screenshot(page, 'meetings-booking-times', PHONE.width, 'en');
  await page.locator('[data-testid="slot"]:not([disabled])').first().click();
  await page.waitForSelector('[data-testid="step-what"]', { timeout: TIMEOUT });
  await page.locator('label:has([data-testid="mode-phone"])').click();
  await page.locator('label:has([data-testid="topic-cv"])').click();
  await screenshot(page, 'meetings-booking-what', PHONE.width, 'en');
  await page.locator('[data-testid="next"]').click();
  await page.waitForSelector('[data-testid="booking-summary"]', { timeout: TIMEOUT });
  await page.locator('[data-testid="book"]').click();
  await waitForText(page, '[data-testid="booked"] h2', en.booking.booked);
  await assertNoHorizontalScroll(page);
  await screenshot(page, 'meetings-booking-done', PHONE.width, 'en');
  // On the home page, then cancelled.
  await page.goto(`${BASE_URL}/`);
  await waitForText(page, '[data-testid="my-bookings"]', titles.office.en);
  await page.goto(`${BASE_URL}/meetings/${made.office}/book`);
  await page.locator('[data-testid="cancel-booking"]').click();
  await page.locator('[data-testid="cancel-booking-dialog"] [data-testid="confirm"]').click();
  await page.waitForSelector('[data-testid="slots"]', { timeout: TIMEOUT });
  await done();
});
