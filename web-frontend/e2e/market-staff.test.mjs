// The coordinator adds a listing for a seller (issue #15: "The seller or
// staff edits a listing"; point 9: "the listings photographed at a shoot link
// to it"): on a laptop, from the market's settings to the listings, "Add a
// listing for a seller" for the demo's "Dar Amina", photographed at one of the
// demo's photo shoots, with a photo; it shows in the public catalogue. Then,
// on a phone in Arabic, the coordinator finds it by its seller and archives it.
//   BASE_URL=http://127.0.0.1:18095 node --test e2e/market-staff.test.mjs
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiAs, ar, assertNoHorizontalScroll, BASE_URL, closePage, demo, en, LAPTOP, logIn, openPage, PHONE, screenshot, switchLanguage, TIMEOUT, useBrowser, waitForText } from './support.mjs';
import { smallPng } from './market-support.mjs';

const tag = String(Date.now() % 100000);
const title = `Embroidered kaftan ${tag}`;
/** @type {string} */
let listingId = '';
/** @type {any} */
let coordinator;

const browser = useBrowser(async () => {
  coordinator = await apiAs(demo('coordinator'));
});

test('the coordinator adds a listing for “Dar Amina” with a photo, photographed at a photo shoot, and it is in the catalogue', async () => {
  const { context, page, errors } = await openPage(browser(), LAPTOP);
  try {
    await logIn(page, demo('coordinator'), '/market/manage');
    await switchLanguage(page, 'en');
    await page.waitForSelector('[data-testid="market-settings"]', { timeout: TIMEOUT });
    await page.locator('[data-testid="to-listings"]').click();
    await page.waitForSelector('[data-testid="staff-listing"]', { timeout: TIMEOUT });
    await page.locator('[data-testid="add-listing"]').click();
    await page.waitForSelector('[data-testid="listing-form"]', { timeout: TIMEOUT });
    await waitForText(page, 'h1', en.market.form.new_title);
    const amina = await page.$eval('#lf-seller', (el) => [.../** @type {HTMLSelectElement} */ (el).options].find((o) => o.textContent?.trim() === 'Dar Amina')?.value ?? '');
    assert.ok(amina, 'Dar Amina is among the sellers');
    await page.selectOption('#lf-seller', amina);
    await page.fill('#lf-title-en', title);
    await page.fill('#lf-desc-en', 'A kaftan for dancing, embroidered by hand.');
    await page.selectOption('#lf-category', 'textiles');
    await page.fill('#lf-price', '84,50');
    await page.fill('#lf-stock', '2');
    // Photographed at one of the demo's photo shoots.
    await page.waitForSelector('#lf-shoot', { timeout: TIMEOUT });
    await page.waitForFunction(() => (/** @type {HTMLSelectElement | null} */ (document.querySelector('#lf-shoot'))?.options.length ?? 0) > 1, null, { timeout: TIMEOUT });
    const options = await page.$eval('#lf-shoot', (el) => [.../** @type {HTMLSelectElement} */ (el).options].map((o) => ({ value: o.value, text: o.textContent ?? '' })));
    const shoot = options.find((o) => o.value && /photo shoot/i.test(o.text))?.value ?? '';
    assert.ok(shoot, `a photo shoot to choose among ${JSON.stringify(options)}`);
    await page.selectOption('#lf-shoot', shoot);
    await page.selectOption('#lf-status', 'published');
    await page.locator('[data-testid="save-listing"]').click();
    await page.waitForURL((u) => /^\/market\/manage\/listings\/[0-9a-f-]{36}$/.test(u.pathname), { timeout: TIMEOUT });
    listingId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.waitForSelector('[data-testid="photos"]', { timeout: TIMEOUT });
    await page.setInputFiles('[data-testid="photo-input"]', { name: 'kaftan.png', mimeType: 'image/png', buffer: smallPng(480, 360, 60) });
    await page.waitForSelector('[data-testid="photo"] img', { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="listing-seller"]', 'Dar Amina');
    assert.equal(await page.$eval('#lf-shoot', (el) => /** @type {HTMLSelectElement} */ (el).value), shoot, 'the form keeps the photo shoot');
    await screenshot(page, 'market-staff-form', LAPTOP.width, 'en');

    // What the API has: Dar Amina's, published, linked to the shoot, with its photo.
    const saved = await coordinator('GET', `/market/listings/${listingId}`);
    assert.equal(saved.seller_name, 'Dar Amina');
    assert.equal(saved.photo_shoot_id, shoot);
    assert.equal(saved.price_cents, 8450);
    assert.equal(saved.photos.length, 1);

    // In the public catalogue, for anyone.
    await page.locator('[data-testid="see-in-catalogue"]').click();
    await page.waitForSelector('[data-testid="listing"]', { timeout: TIMEOUT });
    await waitForText(page, 'h1', title);
    const cat = await (await fetch(`${BASE_URL}/api/v1/market/catalogue?q=${encodeURIComponent(title)}&lang=en`)).json();
    assert.ok(cat.items.some((/** @type {any} */ i) => i.id === listingId && i.thumbnail), 'in the catalogue, with its thumbnail');
  } finally {
    await closePage(context, errors);
  }
});

test('on a phone in Arabic, the coordinator finds it among Dar Amina’s listings and archives it', async () => {
  assert.ok(listingId, 'the listing of the first test');
  const { context, page, errors } = await openPage(browser(), PHONE);
  try {
    await logIn(page, demo('coordinator'), '/market/manage/listings');
    await switchLanguage(page, 'ar');
    await waitForText(page, 'h1', ar.market.staff.title);
    assert.equal(await page.$eval('html', (h) => h.dir), 'rtl');
    const amina = await page.$eval('#sl-seller', (el) => [.../** @type {HTMLSelectElement} */ (el).options].find((o) => o.textContent?.trim() === 'Dar Amina')?.value ?? '');
    await page.selectOption('#sl-seller', amina);
    await page.fill('#sl-q', tag);
    await page.locator('[data-testid="listing-filters"] button[type="submit"]').click();
    await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid="staff-listing"]')].length === 1 && document.querySelector('[data-testid="staff-listing"]')?.textContent?.includes(t), title, { timeout: TIMEOUT });
    await waitForText(page, '[data-testid="listing-status"]', ar.market.status.published);
    await assertNoHorizontalScroll(page);
    await screenshot(page, 'market-staff-listings', PHONE.width, 'ar');
    await page.locator('[data-testid="edit-listing"]').click();
    await page.waitForSelector('[data-testid="photo"]', { timeout: TIMEOUT });
    await assertNoHorizontalScroll(page);
    await page.selectOption('#lf-status', 'archived');
    await page.locator('[data-testid="save-listing"]').click();
    await page.waitForSelector('.listing-form [role="status"]', { timeout: TIMEOUT });
    const saved = await coordinator('GET', `/market/listings/${listingId}`);
    assert.equal(saved.status, 'archived');
    const res = await fetch(`${BASE_URL}/api/v1/market/catalogue/${listingId}?lang=ar`);
    assert.equal(res.status, 404, 'an archived listing leaves the catalogue');
  } finally {
    await closePage(context, errors);
  }
});
