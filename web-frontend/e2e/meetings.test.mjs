// End-to-end test of the meeting screens: the demo coordinator plans a
// meeting on a laptop (titles in English and Arabic, a venue, languages,
// interpretation), finds it in the month view and opens it; then the demo
// participant, on a phone in Arabic, sees the agenda as a list by day and
// the meeting's page. Needs BASE_URL, e.g.
//   BASE_URL=http://127.0.0.1:18092 node --test e2e/meetings.test.mjs
// Screenshots go to web-frontend/test-results/meeting(s)-<view>-<width>-<lang>.png.
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

/**
 * A day `n` days from today as yyyy-mm-dd (the browser's and this process's calendar: both run here).
 * @param {number} n
 */
function dayFromToday(n) {
  const d = new Date();
  d.setDate(d.getDate() + n);
  const pad = (/** @type {number} */ x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}


/**
 * Fails when a control in the page's main part is less than 44 px high (text
 * links inside sentences, such as "All meetings", are exempt, as WCAG has it).
 * @param {import('playwright-core').Page} page
 */
async function assertTouchTargets(page) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('main button, main .button-link, main select, main input:not([type="checkbox"]):not([type="radio"]), main label.check, main .agenda-link')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => ({ what: `${el.tagName.toLowerCase()} ${el.id || el.className} “${(el.textContent ?? '').trim().slice(0, 30)}”`, h: el.getBoundingClientRect().height }))
      .filter((x) => x.h < 43.5),
  );
  assert.deepEqual(small, [], 'touch targets are at least 44 px high');
}

const VENUE = 'Skupaj hall, Metelkova 6';
/** @type {S['Venue']} */
let venue;
/** Meetings planned before the browser starts, so that the agenda has more than one. */
const others = /** @type {S['Meeting'][]} */ ([]);

const browser = useBrowser(async () => {
  const call = await apiAs(COORDINATOR);
  venue = await call('POST', '/venues', {
    name: VENUE,
    address: 'Metelkova ulica 6\n1000 Ljubljana',
    capacity: 40,
    accessibility: 'Step-free entrance from the courtyard; lift to the first floor.',
    childcare: true,
    languages: ['sl', 'en', 'ar'],
    map_url: 'https://www.openstreetmap.org/?mlat=46.0569&mlon=14.5146',
  });
  const plan = (/** @type {Record<string, unknown>} */ extra) =>
    call('POST', '/meetings', { kind: 'info_session', audience: 'participants', title: { en: 'Info session' }, ...extra });
  others.push(
    await plan({
      title: { en: 'Info session: work permits', sl: 'Informativno srečanje: delovna dovoljenja', ar: 'جلسة معلومات: تصاريح العمل' },
      venue_id: venue.id,
      start_local: `${dayFromToday(1)}T10:00:00`,
      end_local: `${dayFromToday(1)}T11:30:00`,
      capacity: 20,
      languages: ['sl'],
      interpretation: ['ar', 'uk'],
    }),
    await plan({
      kind: 'language_exchange',
      title: { en: 'Language café', ar: 'مقهى اللغات', uk: 'Мовне кафе' },
      online_url: 'https://meet.jit.si/skupaj-language-cafe',
      start_local: `${dayFromToday(1)}T18:00:00`,
      end_local: `${dayFromToday(1)}T19:00:00`,
    }),
    await plan({
      kind: 'office_hours',
      title: { en: 'Advising office hours', ar: 'ساعات الاستشارة' },
      phone_line: '+386 1 234 56 78',
      start_local: `${dayFromToday(2)}T09:00:00`,
      end_local: `${dayFromToday(2)}T12:00:00`,
      slot_minutes: 30,
    }),
  );
  const cancelled = await plan({
    kind: 'social_event',
    title: { en: 'Picnic in Tivoli park', ar: 'نزهة في حديقة تيفولي' },
    venue_id: venue.id,
    start_local: `${dayFromToday(3)}T15:00:00`,
    end_local: `${dayFromToday(3)}T18:00:00`,
  });
  others.push(await call('PATCH', `/meetings/${cancelled.id}`, { status: 'cancelled', version: cancelled.version }));
});

const TITLE_EN = 'Sewing workshop: mending clothes';
const TITLE_AR = 'ورشة خياطة: إصلاح الملابس';
/** The meeting the coordinator plans (its id once planned). */
let plannedId = '';
const day = dayFromToday(2);
const month = day.slice(0, 7);

test('a coordinator plans a meeting on a laptop, finds it in the month view and opens it', async () => {
  const { context, page, errors } = await openPage(browser(), LAPTOP);
  try {
    await logIn(page, COORDINATOR, '/meetings');
    await page.waitForURL((u) => u.pathname === '/meetings', { timeout: TIMEOUT });
    await waitForText(page, 'h1', en.meetings.title);
    // A laptop gets the month view, with a switch to the list.
    await page.waitForSelector('[data-testid="agenda-month"] [data-testid="month-grid"]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="view-switch"] button').count(), 2);

    // ---- Plan ----
    await page.locator('[data-testid="plan-meeting"]').click();
    await page.waitForURL((u) => u.pathname === '/meetings/new', { timeout: TIMEOUT });
    await page.waitForSelector('#m-kind option[value="workshop"]', { state: 'attached', timeout: TIMEOUT });
    await page.selectOption('#m-kind', 'workshop');
    await page.fill('#m-texts-0-title', TITLE_EN);
    await page.fill('#m-texts-0-description', 'Bring clothes that need mending.\nNeedles and thread are there.\n<b>No HTML here</b>');
    await page.locator('[data-testid="add-text"]').click();
    await page.selectOption('#m-texts-1-lang', 'sl');
    await page.selectOption('#m-texts-1-lang', 'ar');
    await page.fill('#m-texts-1-title', TITLE_AR);
    await page.fill('#m-texts-1-description', 'أحضروا الملابس التي تحتاج إلى إصلاح.');
    await page.waitForSelector(`#m-venue_id option[value="${venue.id}"]`, { state: 'attached', timeout: TIMEOUT });
    await page.selectOption('#m-venue_id', venue.id);
    await page.fill('#m-date', day);
    await page.fill('#m-start', '16:00');
    await page.fill('#m-end', '18:30');
    await waitForText(page, '[data-testid="when"]', 'Ljubljana');
    await page.fill('#m-capacity', '12');
    await page.fill('#m-languages-search', 'Slov');
    await page.locator('[data-testid="m-languages"] input[type="checkbox"][value="sl"]').check();
    await page.fill('#m-languages-search', '');
    await page.locator('[data-testid="m-interpretation"] input[type="checkbox"][value="ar"]').check();
    await page.locator('[data-testid="m-interpretation"] input[type="checkbox"][value="uk"]').check();
    await page.check('#m-childcare');
    await assertNoHorizontalScroll(page);

    // The form in Arabic (right to left), as filled; then back to English to save.
    await switchLanguage(page, 'ar');
    await waitForText(page, 'h1', ar.meetings.new_title);
    await waitForText(page, '#m-kind', 'ورشة عمل'); // the kinds, labelled in Arabic by the server
    assert.equal(await page.inputValue('#m-texts-0-title'), TITLE_EN, 'switching language keeps what was typed');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'meeting-form', LAPTOP.width, 'ar');
    await switchLanguage(page, 'en');

    await page.locator('[data-testid="meeting-form"] [data-testid="save"]').click();
    await page.waitForURL((u) => /^\/meetings\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: TIMEOUT });
    plannedId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await waitForText(page, '[data-testid="meeting-notice"]', en.meetings.planned_notice);
    await waitForText(page, '[data-testid="meeting-title"]', TITLE_EN);
    await waitForText(page, '[data-testid="meeting-where"]', VENUE);
    await waitForText(page, '[data-testid="meeting-places"]', '12');
    // The description is text: the tag is shown as typed, never made into HTML.
    await waitForText(page, '[data-testid="meeting-description"]', '<b>No HTML here</b>');
    assert.equal(await page.locator('[data-testid="meeting-description"] b').count(), 0);
    const map = page.locator('[data-testid="map-link"]');
    assert.equal(await map.getAttribute('rel'), 'noopener noreferrer');
    assert.equal(await page.locator('[data-testid="edit-meeting"]').count(), 1);
    assert.equal(await page.locator('[data-testid="cancel-meeting"]').count(), 1);

    // ---- The month view shows it on its day; it opens from there ----
    await page.locator('[data-testid="back-to-agenda"]').click();
    await page.waitForURL((u) => u.pathname === '/meetings', { timeout: TIMEOUT });
    const chip = page.locator(`[data-testid="month-day"][data-day="${day}"] [data-testid="month-chip"][data-id="${plannedId}"]`);
    await chip.waitFor({ timeout: TIMEOUT });
    assert.ok((await chip.textContent())?.includes(TITLE_EN));
    for (const m of others) {
      if (m.start_local.slice(0, 7) === month) {
        await page.locator(`[data-testid="month-chip"][data-id="${m.id}"]`).waitFor({ timeout: TIMEOUT });
      }
    }
    assert.equal(await page.locator('[data-testid="month-day"][aria-current="date"]').count(), dayFromToday(0).slice(0, 7) === month ? 1 : 0);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'meetings-month', LAPTOP.width, 'en');
    await chip.click();
    await page.waitForURL((u) => u.pathname === `/meetings/${plannedId}`, { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="meeting-title"]', TITLE_EN);

    // The list view is a click away.
    await page.goto(`${BASE_URL}/meetings?month=${month}&view=list`);
    await page.locator(`[data-testid="agenda-item"][data-id="${plannedId}"]`).waitFor({ timeout: TIMEOUT });
  } finally {
    await closePage(context, errors);
  }
});

test('a participant sees the agenda as a list and the meeting’s page on a phone in Arabic', async () => {
  assert.ok(plannedId, 'the first test planned the meeting');
  const { context, page, errors } = await openPage(browser(), PHONE);
  try {
    await logIn(page, PARTICIPANT, `/meetings?month=${month}`);
    await page.waitForURL((u) => u.pathname === '/meetings', { timeout: TIMEOUT });
    await switchLanguage(page, 'ar');
    await waitForText(page, 'h1', ar.meetings.title);
    // A phone gets the list by day, without the month view or its switch.
    await page.locator(`[data-testid="agenda-list"] [data-testid="agenda-item"][data-id="${plannedId}"]`).waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="view-switch"]').count(), 0);
    assert.equal(await page.locator('[data-testid="plan-meeting"]').count(), 0, 'participants plan no meetings');
    // The titles come again in Arabic after the switch.
    await waitForText(page, `[data-testid="agenda-item"][data-id="${plannedId}"]`, TITLE_AR);
    const item = page.locator(`[data-testid="agenda-item"][data-id="${plannedId}"]`);
    const cancelled = others.find((m) => m.status === 'cancelled');
    if (cancelled && cancelled.start_local.slice(0, 7) === month) {
      await waitForText(page, `[data-testid="agenda-item"][data-id="${cancelled.id}"]`, 'أُلغي');
    }
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);
    await screenshot(page, 'meetings-agenda', PHONE.width, 'ar');

    await item.locator('a').click();
    await page.waitForURL((u) => u.pathname === `/meetings/${plannedId}`, { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="meeting-title"]', TITLE_AR);
    await waitForText(page, '[data-testid="meeting-where"]', VENUE);
    // Participants get their place (registration), staff buttons are not there.
    await page.locator('[data-testid="my-place"] [data-testid="register"]').waitFor({ timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="edit-meeting"]').count(), 0);
    assert.equal(await page.locator('[data-testid="add-to-calendar"]').getAttribute('download'), `meeting-${day}.ics`);
    await assertNoHorizontalScroll(page);
    await assertTouchTargets(page);
    await screenshot(page, 'meeting-page', PHONE.width, 'ar');
  } finally {
    await closePage(context, errors);
  }
});
