// The market's screens, walked through on a 360 px phone and a 1280 px
// laptop, in English and in Arabic (right to left): the catalogue, a
// listing, the basket, the checkout, the order's page with its QR code, the
// seller's "my shop" and add-a-listing form, the coordinator's orders board
// and the market's settings page. Each screen is saved to test-results/
// (market-walk-<screen>-<width>-<lang>.png), has no horizontal scroll on the
// phone, and is dir="rtl" in Arabic. Last, what the catalogue's first page
// costs a phone on mobile data: its JSON and the thumbnails that load, under 200 kB.
//   BASE_URL=http://127.0.0.1:18092 node --test e2e/market-walkthrough.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  assertNoHorizontalScroll,
  BASE_URL,
  closePage,
  demo,
  logIn,
  openPage,
  PHONE,
  RESULTS,
  screenshot,
  switchLanguage,
  TIMEOUT,
  useBrowser,
  VIEWPORTS,
} from './support.mjs';
import { listingsToOrder } from './market-support.mjs';

/** The listing the walk-through orders (its own, so that the demo's stock stays as it is). */
let listing = { id: '', title: { sl: '', en: '', ar: '' } };

const browser = useBrowser(async () => {
  const tag = String(Date.now() % 100000);
  const made = await listingsToOrder(demo('coordinator'), [
    { sl: `Kaftan za ples ${tag}`, en: `Dance kaftan ${tag}`, ar: `قفطان للرقص ${tag}`, price_cents: 7400 },
  ]);
  assert.ok(made[0]);
  listing = made[0];
});

/**
 * Checks the screen (no horizontal scroll on the phone; right to left in Arabic) and saves it.
 * @param {import('playwright-core').Page} page @param {string} name @param {number} width @param {string} lang
 */
async function shoot(page, name, width, lang) {
  // Let lazy images near the top and the fonts settle, so the picture is the page people see.
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT }).catch(() => {});
  assert.equal(await page.$eval('html', (h) => h.dir), lang === 'ar' ? 'rtl' : 'ltr', `${name}: the page's direction in ${lang}`);
  if (width === PHONE.width) await assertNoHorizontalScroll(page);
  await screenshot(page, `market-walk-${name}`, width, lang);
}

for (const lang of ['en', 'ar']) {
  for (const viewport of VIEWPORTS) {
    test(`the market's screens at ${viewport.width} px in ${lang}`, async () => {
      const { context, page, errors } = await openPage(browser(), viewport);
      const title = lang === 'ar' ? listing.title.ar : listing.title.en;
      try {
        // The buyer's side, with no account.
        await page.goto(`${BASE_URL}/market`);
        await switchLanguage(page, lang);
        await page.waitForSelector('[data-testid="listing-card"]', { timeout: TIMEOUT });
        await shoot(page, 'catalogue', viewport.width, lang);

        await page.goto(`${BASE_URL}/market/listings/${listing.id}`);
        await page.waitForSelector('[data-testid="listing"]', { timeout: TIMEOUT });
        await page.waitForFunction((t) => document.querySelector('h1')?.textContent?.includes(t), title, { timeout: TIMEOUT });
        await shoot(page, 'listing', viewport.width, lang);

        await page.locator('[data-testid="add-to-basket"]').click();
        await page.waitForSelector('[data-testid="added"]', { timeout: TIMEOUT });
        await page.locator('[data-testid="basket-link"]').click();
        await page.waitForSelector('[data-testid="basket-line"]', { timeout: TIMEOUT });
        await shoot(page, 'basket', viewport.width, lang);

        await page.waitForSelector('[data-testid="checkout"]', { timeout: TIMEOUT });
        await page.fill('#co-name', lang === 'ar' ? 'سلمى الكردي' : 'Sam Buyer');
        await page.fill('#co-contact', '+386 40 555 0101');
        await page.check('[data-testid="pickup"]');
        if (!(await page.$eval('#co-venue', (el) => /** @type {HTMLSelectElement} */ (el).value))) {
          const first = await page.$eval('#co-venue option:nth-child(2)', (el) => /** @type {HTMLOptionElement} */ (el).value);
          await page.selectOption('#co-venue', first);
        }
        await page.check('[data-testid="pay-bank"]');
        await page.locator('[data-testid="checkout"]').scrollIntoViewIfNeeded();
        await shoot(page, 'checkout', viewport.width, lang);

        await page.locator('[data-testid="place-order"]').click();
        await page.waitForSelector('[data-testid="order-status"]', { timeout: TIMEOUT });
        await page.waitForFunction(() => {
          const qr = /** @type {HTMLImageElement | null} */ (document.querySelector('[data-testid="qr"]'));
          return qr !== null && qr.complete && qr.naturalWidth > 0;
        }, null, { timeout: TIMEOUT });
        await shoot(page, 'order', viewport.width, lang);

        // The seller's side: the demo participant is the seller "Dar Amina".
        await logIn(page, demo('participant'), '/market/mine');
        await switchLanguage(page, lang);
        await page.waitForURL((u) => u.pathname === '/market/mine', { timeout: TIMEOUT });
        await page.waitForSelector('[data-testid="my-listings"]', { timeout: TIMEOUT });
        await shoot(page, 'mine', viewport.width, lang);

        await page.locator('[data-testid="add-listing"]').click();
        await page.waitForSelector('[data-testid="listing-form"]', { timeout: TIMEOUT });
        await shoot(page, 'listing-form', viewport.width, lang);
      } catch (error) {
        await failed(page, `${viewport.width}-${lang}-seller`);
        throw error;
      } finally {
        await closePage(context, errors);
      }
      // The coordinator's side, on a device of their own.
      const other = await openPage(browser(), viewport);
      try {
        await logIn(other.page, demo('coordinator'), '/market/orders');
        await switchLanguage(other.page, lang);
        await other.page.waitForURL((u) => u.pathname === '/market/orders', { timeout: TIMEOUT });
        await other.page.waitForSelector('[data-testid="order-card"]', { timeout: TIMEOUT });
        await shoot(other.page, 'board', viewport.width, lang);

        await other.page.goto(`${BASE_URL}/market/manage`);
        await other.page.waitForSelector('[data-testid="market-settings"]', { timeout: TIMEOUT });
        await other.page.waitForSelector('[data-testid="seller-row"]', { timeout: TIMEOUT });
        await shoot(other.page, 'manage', viewport.width, lang);

        // All the organisation's listings, and one's form as staff see it.
        await other.page.locator('[data-testid="to-listings"]').click();
        await other.page.waitForSelector('[data-testid="staff-listing"]', { timeout: TIMEOUT });
        await shoot(other.page, 'staff-listings', viewport.width, lang);
        await other.page.goto(`${BASE_URL}/market/manage/listings/${listing.id}`);
        await other.page.waitForSelector('[data-testid="photo"]', { timeout: TIMEOUT });
        await shoot(other.page, 'staff-listing-form', viewport.width, lang);
      } catch (error) {
        await failed(other.page, `${viewport.width}-${lang}-coordinator`);
        throw error;
      } finally {
        await closePage(other.context, other.errors);
      }
    });
  }
}

/**
 * Saves what the page showed when a step failed, to see why.
 * @param {import('playwright-core').Page} page @param {string} what
 */
async function failed(page, what) {
  await page.screenshot({ path: `${RESULTS}market-walk-failed-${what}.png`, fullPage: true }).catch(() => {});
  console.log(`failed at ${page.url()}`);
}

test('the catalogue’s first page costs a phone under 200 kB (its JSON and the thumbnails that load)', async () => {
  const { context, page, errors } = await openPage(browser(), PHONE);
  /** @type {{ url: string, bytes: number }[]} */
  const loaded = [];
  /** @type {Promise<void>[]} */
  const pending = [];
  page.on('requestfinished', (request) => {
    pending.push(
      request.sizes().then((s) => {
        loaded.push({ url: request.url(), bytes: s.responseBodySize + s.responseHeadersSize });
      }),
    );
  });
  try {
    await page.goto(`${BASE_URL}/market`);
    await page.waitForSelector('[data-testid="listing-card"]', { timeout: TIMEOUT });
    await page.waitForLoadState('networkidle', { timeout: TIMEOUT });
    const atFirst = await Promise.all(pending).then(() => market(loaded));
    // Then the whole first page, scrolled to its end: every thumbnail of it loads.
    for (let y = 0; y < 40; y++) {
      await page.mouse.wheel(0, 600);
      await page.waitForTimeout(60);
    }
    await page.waitForLoadState('networkidle', { timeout: TIMEOUT });
    await Promise.all(pending);
    const scrolled = market(loaded);
    const cards = await page.locator('[data-testid="listing-card"]').count();
    const all = loaded.reduce((sum, r) => sum + r.bytes, 0);
    console.log(
      `catalogue on a 360 px phone: ${cards} listings; JSON + thumbnails ${kB(atFirst.bytes)} kB at first (${atFirst.thumbnails} thumbnails), ` +
        `${kB(scrolled.bytes)} kB scrolled to the end (${scrolled.thumbnails} thumbnails); everything with the app's code ${kB(all)} kB`,
    );
    assert.ok(scrolled.thumbnails > 0, 'thumbnails loaded');
    assert.ok(scrolled.bytes < 200_000, `the first page with its thumbnails is ${kB(scrolled.bytes)} kB`);
  } finally {
    await closePage(context, errors);
  }
});

/** @param {{ url: string, bytes: number }[]} loaded */
function market(loaded) {
  const ours = loaded.filter((r) => /\/api\/v1\/market\/(catalogue|photos\/[^/]+\/thumbnail)/.test(new URL(r.url).pathname));
  return {
    bytes: ours.reduce((sum, r) => sum + r.bytes, 0),
    thumbnails: ours.filter((r) => r.url.includes('/thumbnail')).length,
  };
}

/** @param {number} bytes */
const kB = (bytes) => (bytes / 1000).toFixed(1);

