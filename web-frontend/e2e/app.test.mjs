// End-to-end test of the built SPA as served by the real Skupaj server, in
// headless Chromium. Needs BASE_URL, e.g.
//   BASE_URL=http://127.0.0.1:18080 npm run e2e
// Screenshots go to web-frontend/test-results/<test>-<width>-<lang>.png.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL?.replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
const VIEWPORTS = [
  { width: 360, height: 740 }, // a small phone
  { width: 1280, height: 800 }, // a laptop
];
const TIMEOUT = 15_000;

/** @param {string} lang */
const messages = (lang) => JSON.parse(readFileSync(new URL(`../src/i18n/${lang}.json`, import.meta.url), 'utf8'));
const en = messages('en');
const ar = messages('ar');

/** @type {import('playwright-core').Browser | undefined} */
let browser;

before(async () => {
  assert.ok(BASE_URL, 'Set BASE_URL to the address of a running Skupaj server, e.g. BASE_URL=http://127.0.0.1:18080');
  mkdirSync(RESULTS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

// Runs whether the tests passed or failed, so no browser is left behind.
after(async () => {
  await browser?.close();
});

/**
 * Waits until the element's text contains `text`; on timeout fails with the text it had.
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {string} text
 */
async function waitForText(page, selector, text) {
  try {
    await page.waitForFunction(
      ({ sel, txt }) => document.querySelector(sel)?.textContent?.includes(txt) ?? false,
      { sel: selector, txt: text },
      { timeout: TIMEOUT },
    );
  } catch {
    const actual = await page.locator(selector).first().textContent({ timeout: 1000 }).catch(() => null);
    assert.fail(`${selector} should contain ${JSON.stringify(text)}, has ${JSON.stringify(actual)}`);
  }
}

/** @param {import('playwright-core').Page} page */
async function assertNoHorizontalScroll(page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px window`);
}

for (const viewport of VIEWPORTS) {
  describe(`at ${viewport.width}×${viewport.height}`, () => {
    /** @type {import('playwright-core').BrowserContext} */
    let context;
    /** @type {import('playwright-core').Page} */
    let page;
    /** @type {string[]} */
    let errors;

    /** @param {string} name @param {string} lang */
    const screenshot = (name, lang) =>
      page.screenshot({ path: `${RESULTS}${name}-${viewport.width}-${lang}.png`, fullPage: true });

    beforeEach(async () => {
      assert.ok(browser, 'the browser did not start');
      context = await browser.newContext({ viewport, locale: 'en-US' });
      page = await context.newPage();
      errors = [];
      page.on('pageerror', (err) => errors.push(String(err)));
    });

    afterEach(async () => {
      await context?.close();
      assert.deepEqual(errors, [], 'the page threw errors');
    });

    test('home shows the server health from the API, in English and in Arabic', async () => {
      const health = await (await fetch(`${BASE_URL}/api/v1/health`)).json();
      assert.equal(health.status, 'ok');
      const ready = await (await fetch(`${BASE_URL}/api/v1/ready`)).json();

      await page.goto(`${BASE_URL}/`);
      assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
      await waitForText(page, '[data-testid="health-status"]', 'running');
      await waitForText(page, '[data-testid="health-status"]', `(version ${health.version})`);
      await waitForText(page, '[data-testid="ready-status"]', `ready (${ready.database})`);
      assert.equal(await page.locator('[role="alert"]').count(), 0, 'no error is shown');
      assert.equal(await page.locator('h1').textContent(), en.home.title);
      await assertNoHorizontalScroll(page);
      await screenshot('home', 'en');

      await page.getByLabel(en.language.label).selectOption('ar');
      await page.waitForSelector('html[dir="rtl"][lang="ar"]', { timeout: TIMEOUT });
      await waitForText(
        page,
        '[data-testid="health-status"]',
        ar.home.server_running.replace('{{version}}', health.version),
      );
      await waitForText(page, '[data-testid="ready-status"]', ar.home.db_ready.replace('{{database}}', ready.database));
      assert.equal(await page.locator('h1').textContent(), ar.home.title);
      await assertNoHorizontalScroll(page);
      await screenshot('home', 'ar');

      // The choice survives a reload.
      await page.reload();
      await page.waitForSelector('html[dir="rtl"][lang="ar"]', { timeout: TIMEOUT });
      await waitForText(page, 'h1', ar.home.title);
    });

    test('a deep link to /about is served (server fallback) and shows the about page', async () => {
      const response = await page.goto(`${BASE_URL}/about`);
      assert.equal(response?.status(), 200);
      await waitForText(page, 'h1', en.about.title);
      assert.equal(await page.title(), `${en.about.title} · Skupaj`);
      await assertNoHorizontalScroll(page);
      await screenshot('about', 'en');

      // Client-side navigation back home through the header.
      await page.getByRole('navigation').getByRole('link', { name: en.nav.home }).click();
      await waitForText(page, 'h1', en.home.title);
      assert.equal(new URL(page.url()).pathname, '/');
    });

    test('an unknown route shows the not-found view with a link home', async () => {
      await page.goto(`${BASE_URL}/no-such-page`);
      await page.waitForSelector('[data-testid="not-found"]', { timeout: TIMEOUT });
      await waitForText(page, '[data-testid="not-found"] h1', en.not_found.title);
      assert.equal(await page.locator('[data-testid="not-found"] a[href="/"]').count(), 1);
      await assertNoHorizontalScroll(page);
      await screenshot('not-found', 'en');
    });

    test('the footer links to the API docs, which the server serves (not the app)', async () => {
      await page.goto(`${BASE_URL}/`);
      await page.waitForSelector('footer a[href="/api/docs"]', { timeout: TIMEOUT });
      // A full page load replaces this window object; client-side routing would keep it.
      await page.evaluate(() => Object.assign(window, { skupajMarker: true }));
      await Promise.all([
        page.waitForURL((url) => url.pathname.startsWith('/api/docs'), { timeout: TIMEOUT }),
        page.locator('footer a[href="/api/docs"]').click(),
      ]);
      await page.waitForLoadState('load');
      assert.equal(await page.evaluate(() => 'skupajMarker' in window), false, 'the app intercepted /api/docs');
      assert.equal(await page.locator('[data-testid="not-found"]').count(), 0);
    });
  });
}
