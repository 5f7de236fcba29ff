// The market issue's walk-through, as a new user would do it (issue #15,
// "Tried as a new user would"): a visitor with no account, on a 360 px phone
// in Slovenian, browses the market, opens a listing, orders two items for
// pickup and sees the QR code to pay; the demo participant (a seller in the
// demo data), on a phone in Arabic, adds a listing with a photo from the
// "camera" and sees it in the catalogue; the coordinator, on a laptop, marks
// the order paid, ready and completed, and downloads the month's sales report.
//   BASE_URL=http://127.0.0.1:18092 node --test e2e/market.test.mjs
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
import { listingsToOrder, smallPng } from './market-support.mjs';

/** @type {any} */
let coordinator;
/** The two listings the buyer orders (made for the test, in stock). */
/** @type {{ id: string, title: string }[]} */
let chosen = [];
/** Their English titles (the sales report's language). */
/** @type {string[]} */
let chosenEn = [];
/** The order the buyer placed: its reference and secret link's token. */
let placed = { id: '', reference: '', token: '' };

const browser = useBrowser(async () => {
  coordinator = await apiAs(demo('coordinator'));
  const res = await fetch(`${BASE_URL}/api/v1/market/catalogue?limit=50&lang=sl`);
  assert.equal(res.status, 200, 'the catalogue needs no login');
  // Two listings of the test's own to order (the demo's stock stays as it is).
  const tag = String(Date.now() % 100000);
  const made = await listingsToOrder(demo('coordinator'), [
    { sl: `Vezena tunika ${tag}`, en: `Embroidered tunic ${tag}`, ar: `سترة مطرزة ${tag}`, price_cents: 3900 },
    { sl: `Pas za ples ${tag}`, en: `Dance belt ${tag}`, ar: `حزام رقص ${tag}`, price_cents: 1850 },
  ]);
  chosen = made.map((l) => ({ id: l.id, title: l.title.sl }));
  chosenEn = made.map((l) => l.title.en);
});

test('1. a visitor on a phone, in Slovenian, orders two items for pickup and sees the QR code', async () => {
  const { context, page, errors } = await openPage(browser(), PHONE);
  try {
    await page.goto(`${BASE_URL}/market`);
    await switchLanguage(page, 'sl');
    await waitForText(page, 'h1', sl.market.title);
    await page.waitForSelector('[data-testid="listing-card"]', { timeout: TIMEOUT });
    // One column on a phone, thumbnails with their size, loaded lazily.
    const columns = await page.$eval('.listing-grid', (el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
    assert.equal(columns, 1, 'one column on a 360 px phone');
    const img = page.locator('[data-testid="listing-card"] img').first();
    if ((await img.count()) > 0) {
      assert.equal(await img.getAttribute('loading'), 'lazy');
      assert.ok(await img.getAttribute('width'));
    }
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'market-catalogue', PHONE.width, 'sl');
    for (const [n, listing] of chosen.entries()) {
      // Find it as a person would: by searching for its title.
      await page.fill('#market-q', listing.title);
      await page.locator('[data-testid="catalogue-search"] button[type="submit"]').click();
      await page.locator(`a[href="/market/listings/${listing.id}"]`).first().click();
      await page.waitForSelector('[data-testid="listing"]', { timeout: TIMEOUT });
      await waitForText(page, 'h1', listing.title);
      assert.doesNotMatch(await page.title(), /undefined/);
      await assertNoHorizontalScroll(page);
      if (n === 0) await screenshot(page, 'market-listing', PHONE.width, 'sl');
      await page.locator('[data-testid="add-to-basket"]').click();
      await page.waitForSelector('[data-testid="added"]', { timeout: TIMEOUT });
      await page.locator('[data-testid="to-catalogue"]').click();
      await page.waitForSelector('#market-q', { timeout: TIMEOUT });
    }
    await waitForText(page, '[data-testid="basket-count"]', '2');
    await page.locator('[data-testid="basket-link"]').click();
    await page.waitForSelector('[data-testid="checkout"]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="basket-line"]').count(), 2);
    await page.fill('#co-name', 'Ana Kupec');
    await page.fill('#co-contact', 'ana.kupec@example.org');
    await page.check('[data-testid="pickup"]');
    const venue = await page.$eval('#co-venue', (el) => /** @type {HTMLSelectElement} */ (el).value);
    if (!venue) {
      const first = await page.$eval('#co-venue option:nth-child(2)', (el) => /** @type {HTMLOptionElement} */ (el).value);
      await page.selectOption('#co-venue', first);
    }
    await page.check('[data-testid="pay-bank"]');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'market-checkout', PHONE.width, 'sl');
    await page.locator('[data-testid="place-order"]').click();
    await page.waitForURL((u) => /^\/market\/orders\/[A-Za-z0-9_-]{20,}$/.test(u.pathname), { timeout: TIMEOUT });
    await page.waitForSelector('[data-testid="order-status"]', { timeout: TIMEOUT });
    placed.token = new URL(page.url()).pathname.split('/').pop() ?? '';
    placed.reference = (await page.locator('[data-testid="order-reference"]').textContent())?.trim() ?? '';
    // The QR code to scan with a banking app, drawn by the server.
    await waitForText(page, '[data-testid="payment"]', sl.market.order.scan);
    await page.waitForFunction(() => {
      const qr = /** @type {HTMLImageElement | null} */ (document.querySelector('[data-testid="qr"]'));
      return qr !== null && qr.complete && qr.naturalWidth > 0;
    }, null, { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="order-venue"]', sl.market.order.pickup_at);
    // The secret stays out of the title; the page asks browsers for no Referer.
    assert.ok(!(await page.title()).includes(placed.token), 'the token is not in the title');
    assert.equal(await page.$eval('meta[name="referrer"]', (m) => m.getAttribute('content')), 'no-referrer');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'market-order', PHONE.width, 'sl');
  } finally {
    await closePage(context, errors);
  }
  const order = await (await fetch(`${BASE_URL}/api/v1/market/orders/track/${placed.token}`)).json();
  assert.equal(order.state, 'placed');
  assert.equal(order.items.length, 2);
  placed.id = order.id;
  assert.equal(order.fulfilment, 'pickup');
});

test('2. the seller, on a phone in Arabic, adds a listing with a photo and sees it in the catalogue', async () => {
  const { context, page, errors } = await openPage(browser(), PHONE);
  const title = `فستان رقص مغربي ${Date.now() % 100000}`;
  try {
    await logIn(page, demo('participant'));
    await switchLanguage(page, 'ar');
    await navigate(page, ar.nav.market_mine);
    await page.waitForURL((u) => u.pathname === '/market/mine', { timeout: TIMEOUT });
    await page.waitForSelector('[data-testid="add-listing"], [data-testid="become-seller"]', { timeout: TIMEOUT });
    assert.equal(await page.locator('[data-testid="become-seller"]').count(), 0, 'the demo participant is a seller in the demo data');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'market-mine', PHONE.width, 'ar');
    await page.locator('[data-testid="add-listing"]').click();
    await page.waitForSelector('[data-testid="listing-form"]', { timeout: TIMEOUT });
    await page.fill('[data-testid="title-ar"]', title);
    await page.fill('#lf-desc-ar', 'فستان مطرّز باليد للرقص الشعبي.');
    await page.selectOption('#lf-category', 'textiles');
    await page.fill('#lf-price', '45,50');
    await page.fill('#lf-stock', '2');
    await assertNoHorizontalScroll(page);
    await page.locator('[data-testid="save-listing"]').click();
    await page.waitForURL((u) => /^\/market\/mine\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: TIMEOUT });
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    const input = page.locator('[data-testid="photo-input"]');
    assert.equal(await input.getAttribute('capture'), 'environment');
    await input.setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: smallPng() });
    await page.waitForSelector('[data-testid="photo"] img', { timeout: TIMEOUT });
    await screenshot(page, 'market-listing-form', PHONE.width, 'ar');
    // Published at once, unless the organisation wants a coordinator's approval first.
    const listing = await coordinator('GET', `/market/listings/${id}`);
    if (listing.status === 'in_review') await coordinator('PATCH', `/market/listings/${id}`, { status: 'published', version: listing.version });
    await page.goto(`${BASE_URL}/market`);
    await page.fill('#market-q', title);
    await page.locator('[data-testid="catalogue-search"] button[type="submit"]').click();
    await page.locator(`a[href="/market/listings/${id}"]`).first().click();
    await waitForText(page, 'h1', title);
    await page.waitForFunction(() => {
      const img = /** @type {HTMLImageElement | null} */ (document.querySelector('[data-testid="gallery-photo"]'));
      return img !== null && img.complete && img.naturalWidth > 0;
    }, null, { timeout: TIMEOUT });
    assert.equal(await page.$eval('html', (h) => h.dir), 'rtl');
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'market-new-listing', PHONE.width, 'ar');
  } finally {
    await closePage(context, errors);
  }
});

test('3. the coordinator marks the order paid, ready and completed, and downloads the sales report', async () => {
  assert.ok(placed.id, 'step 1 placed an order');
  const { context, page, errors } = await openPage(browser(), LAPTOP, { acceptDownloads: true });
  try {
    await logIn(page, demo('coordinator'));
    await navigate(page, en.nav.market_orders);
    await page.waitForURL((u) => u.pathname === '/market/orders', { timeout: TIMEOUT });
    const card = page.locator(`[data-testid="order-card"][data-order="${placed.id}"]`);
    await card.waitFor({ timeout: TIMEOUT });
    for (const step of ['confirm', 'mark_paid', 'ready', 'complete']) {
      const button = card.locator(`[data-testid="event-${step}"]`);
      await button.waitFor({ timeout: TIMEOUT });
      await button.click();
      await button.waitFor({ state: 'detached', timeout: TIMEOUT });
    }
    await page.locator(`[data-testid="column-completed"] [data-order="${placed.id}"]`).waitFor({ timeout: TIMEOUT });
    await screenshot(page, 'market-board', LAPTOP.width, 'en');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), page.locator('[data-testid="download-report"]').click()]);
    assert.match(download.suggestedFilename(), /^sales-\d{4}-\d{2}\.csv$/);
    const path = await download.path();
    const csv = await readFile(path, 'utf8');
    assert.ok(csv.split('\n').length >= 3, 'a header and the order’s two lines');
    assert.ok(csv.includes(placed.reference), 'the report has the completed order');
    for (const title of chosenEn) {
      assert.ok(csv.split('\n').some((line) => line.includes(placed.reference) && line.includes(title)), `the report has its line for ${title}`);
    }
  } finally {
    await closePage(context, errors);
  }
  const order = await (await fetch(`${BASE_URL}/api/v1/market/orders/track/${placed.token}`)).json();
  assert.equal(order.state, 'completed');
  assert.equal(order.paid, true);
});
