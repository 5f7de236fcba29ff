// The header, in English and Arabic: on a phone one compact bar whose Menu
// button opens the links, the account, the organisation, the language and Log
// out; on a laptop all of it in view. Screenshots: test-results/header-*.png.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import {
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

const browser = useBrowser();
const MESSAGES = /** @type {const} */ ({ en, ar });
/** The header's links for the demo admin, who has the most of them. */
const ADMIN_LINKS = /** @type {const} */ ([
  'home',
  'about',
  'participants',
  'interviews',
  'interview_analysis',
  'meetings',
  'members',
  'api_keys',
  'audit',
]);
/** A compact bar: the brand and the Menu button (about 56 px). */
const PHONE_HEADER_MAX = 70;

/** @param {import('playwright-core').Page} page @param {string} selector */
const box = async (page, selector) => {
  const b = await page.locator(selector).boundingBox();
  assert.ok(b, `${selector} is shown`);
  return b;
};
/** @param {import('playwright-core').Page} page */
const focused = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return { testid: el?.getAttribute('data-testid') ?? null, href: el?.getAttribute('href') ?? null, inMenu: !!el?.closest('#site-menu'), id: el?.id ?? null };
  });

for (const lang of /** @type {const} */ (['en', 'ar'])) {
  const m = MESSAGES[lang];
  const rtl = lang === 'ar';

  describe(`the header in ${lang}`, () => {
    /** @type {import('playwright-core').BrowserContext} */
    let context;
    /** @type {import('playwright-core').Page} */
    let page;
    /** @type {string[]} */
    let errors;

    afterEach(() => closePage(context, errors));

    describe(`at ${PHONE.width}×${PHONE.height}`, () => {
      beforeEach(async () => {
        ({ context, page, errors } = await openPage(browser(), PHONE));
      });

      test('is one compact bar whose Menu button opens everything else, and closes on Escape and on a second tap', async () => {
        // The admin: the most links, and the organisation picker (two organisations).
        await logIn(page, demo('admin'));
        if (lang !== 'en') await switchLanguage(page, lang);
        await waitForText(page, 'h1', m.home.title);
        await page.evaluate(() => scrollTo(0, 0)); // the login form left the page scrolled

        const header = await box(page, 'header.site-header');
        assert.ok(header.height <= PHONE_HEADER_MAX, `the header is ${header.height}px tall`);
        const button = page.getByRole('button', { name: m.nav.menu, exact: true });
        assert.equal(await button.count(), 1, 'one Menu button, named in the language of the page');
        assert.equal(await button.getAttribute('aria-expanded'), 'false');
        assert.equal(await button.getAttribute('aria-controls'), 'site-menu');
        assert.equal(await page.locator('#site-menu').isVisible(), false, 'the menu starts closed');
        assert.equal(await page.locator('[data-testid="user-bar"]').isVisible(), false);
        // Brand at the start of the line, the button at its end: mirrored in Arabic.
        const brand = await box(page, '.brand');
        const menuButton = await box(page, '[data-testid="menu-button"]');
        assert.equal(menuButton.x > brand.x, !rtl, 'the Menu button is at the end of the line');
        assert.ok(menuButton.height >= 44, 'a 44 px touch target');
        await assertNoHorizontalScroll(page);
        await screenshot(page, 'header', PHONE.width, lang, false);

        // Open: focus goes to the first link; every link, the account, the organisation, the language and Log out are there.
        await button.click();
        assert.equal(await button.getAttribute('aria-expanded'), 'true');
        await page.locator('#site-menu').waitFor({ state: 'visible', timeout: TIMEOUT });
        assert.deepEqual(await focused(page), { testid: null, href: '/', inMenu: true, id: '' });
        const nav = page.getByRole('navigation', { name: m.nav.label });
        for (const key of ADMIN_LINKS) {
          assert.ok(await nav.getByRole('link', { name: m.nav[key], exact: true }).isVisible(), `the menu shows ${key}`);
        }
        assert.equal(await nav.getByRole('link', { name: m.nav.home, exact: true }).getAttribute('aria-current'), 'page');
        for (const testid of ['user-name', 'user-role', 'org-select', 'logout']) {
          assert.ok(await page.locator(`#site-menu [data-testid="${testid}"]`).isVisible(), `the menu shows ${testid}`);
        }
        assert.ok(await page.getByLabel(m.language.label).isVisible(), 'the menu shows the language');
        assert.ok(await page.getByLabel(m.auth.organization).isVisible(), 'the menu shows the organisation');
        await assertNoHorizontalScroll(page);
        await screenshot(page, 'header-menu', PHONE.width, lang, false);

        // Escape closes it and returns to the button.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Escape');
        assert.equal(await button.getAttribute('aria-expanded'), 'false');
        await page.locator('#site-menu').waitFor({ state: 'hidden', timeout: TIMEOUT });
        assert.equal((await focused(page)).testid, 'menu-button');

        // So does a second tap.
        await button.click();
        await page.locator('#site-menu').waitFor({ state: 'visible', timeout: TIMEOUT });
        await button.click();
        await page.locator('#site-menu').waitFor({ state: 'hidden', timeout: TIMEOUT });
        assert.equal(await button.getAttribute('aria-expanded'), 'false');
      });

      test('a link in the menu goes to its page and closes the menu', async () => {
        await logIn(page, demo('participant'));
        if (lang !== 'en') await switchLanguage(page, lang);
        const button = page.getByRole('button', { name: m.nav.menu, exact: true });
        await button.click();
        const nav = page.getByRole('navigation', { name: m.nav.label });
        await nav.getByRole('link', { name: m.nav.meetings, exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/meetings', { timeout: TIMEOUT });
        await page.locator('#site-menu').waitFor({ state: 'hidden', timeout: TIMEOUT });
        assert.equal(await button.getAttribute('aria-expanded'), 'false');
        assert.equal(await page.getAttribute('html', 'dir'), rtl ? 'rtl' : 'ltr');
        const header = await box(page, 'header.site-header');
        assert.ok(header.height <= PHONE_HEADER_MAX, `the header is ${header.height}px tall`);

        // The participant's own links; the one shown is marked.
        await button.click();
        assert.equal(await nav.getByRole('link', { name: m.nav.meetings, exact: true }).getAttribute('aria-current'), 'page');
        assert.equal(await nav.getByRole('link', { name: m.nav.my_profile, exact: true }).count(), 1);
        assert.equal(await nav.getByRole('link', { name: m.nav.members, exact: true }).count(), 0);
        await nav.getByRole('link', { name: m.nav.about, exact: true }).click();
        await waitForText(page, 'h1', m.about.title);
        await page.locator('#site-menu').waitFor({ state: 'hidden', timeout: TIMEOUT });
      });

      test('the skip link still leads past the header', async () => {
        await page.goto(`${BASE_URL}/`);
        if (lang !== 'en') {
          await switchLanguage(page, lang);
          await page.reload(); // the language stays; focus starts again at the top
        }
        await waitForText(page, 'h1', m.home.title);
        await page.keyboard.press('Tab');
        const skip = page.getByRole('link', { name: m.app.skip });
        assert.ok(await skip.isVisible(), 'the skip link shows when focused');
        await page.keyboard.press('Enter');
        await page.waitForFunction(() => document.activeElement?.id === 'main', undefined, { timeout: TIMEOUT });
      });
    });

    describe(`at ${LAPTOP.width}×${LAPTOP.height}`, () => {
      beforeEach(async () => {
        ({ context, page, errors } = await openPage(browser(), LAPTOP));
      });

      test('shows every link, the language and the user bar without a Menu button', async () => {
        await logIn(page, demo('admin'));
        if (lang !== 'en') await switchLanguage(page, lang);
        await waitForText(page, 'h1', m.home.title);
        assert.equal(await page.locator('[data-testid="menu-button"]').isVisible(), false);
        const nav = page.getByRole('navigation', { name: m.nav.label });
        for (const key of ADMIN_LINKS) {
          assert.ok(await nav.getByRole('link', { name: m.nav[key], exact: true }).isVisible(), `the header shows ${key}`);
        }
        for (const testid of ['user-bar', 'user-name', 'user-role', 'org-select', 'logout']) {
          assert.ok(await page.locator(`[data-testid="${testid}"]`).isVisible(), `the header shows ${testid}`);
        }
        assert.ok(await page.getByLabel(m.language.label).isVisible());
        // The brand at the start of the line, the language at its end.
        const brand = await box(page, '.brand');
        const language = await box(page, '.lang-switch');
        assert.equal(language.x > brand.x, !rtl, 'the language is at the end of the line');
        // The user bar runs the width of the window.
        const bar = await page.locator('[data-testid="user-bar"]').evaluate((el) => getComputedStyle(el).borderImageSource);
        assert.match(bar, /gradient/);
        await assertNoHorizontalScroll(page);
        await screenshot(page, 'header', LAPTOP.width, lang, false);

        await nav.getByRole('link', { name: m.nav.meetings, exact: true }).click();
        await page.waitForURL((url) => url.pathname === '/meetings', { timeout: TIMEOUT });
        assert.equal(await nav.getByRole('link', { name: m.nav.meetings, exact: true }).getAttribute('aria-current'), 'page');
      });
    });
  });
}
