// What the end-to-end tests share: the server and browser they use, the app's
// messages, the demo accounts, and helpers for the page. Not a test file itself
// (`node --test e2e/` runs only *.test.mjs), imported by those that are.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

/** @typedef {import('playwright-core').Browser} Browser */
/** @typedef {import('playwright-core').BrowserContext} BrowserContext */
/** @typedef {import('playwright-core').Page} Page */
/** @typedef {{ width: number, height: number }} Viewport */

/** The running Skupaj server, without a trailing slash. */
export const BASE_URL = process.env.BASE_URL?.replace(/\/+$/, '');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where screenshots go: web-frontend/test-results/<name>-<width>-<lang>.png. */
export const RESULTS = fileURLToPath(new URL('../test-results/', import.meta.url));
export const PHONE = { width: 360, height: 740 }; // a small phone
export const LAPTOP = { width: 1280, height: 800 }; // a laptop
export const VIEWPORTS = [PHONE, LAPTOP];
export const TIMEOUT = 15_000;

/**
 * The app's messages in `lang`, joined as the app joins them: the shared
 * src/i18n/<lang>.json and every feature's src/<feature>/i18n/<lang>.json.
 * @param {string} lang
 */
const messages = (lang) => {
  const src = fileURLToPath(new URL('../src/', import.meta.url));
  const files = readdirSync(src, { recursive: true, withFileTypes: true }).filter(
    (d) => d.isFile() && d.name === `${lang}.json` && d.parentPath.endsWith('i18n'),
  );
  return Object.assign({}, ...files.map((d) => JSON.parse(readFileSync(`${d.parentPath}/${d.name}`, 'utf8'))));
};
export const en = messages('en');
export const ar = messages('ar');
export const sl = messages('sl');

// Demo accounts from `skupaj seed-demo`. The server locks an account for 15
// minutes after 5 failed logins: the tests fail at most 2 (partner, once per viewport).
export const DEMO_PASSWORD = 'Skupaj-demo-Ljubljana-2026';
/** @param {string} role */
export const demo = (role) => `${role}@demo.skupaj.org`;

/**
 * Starts Chromium before the file's tests and closes it after them, whether
 * they passed or failed, so that no browser is left behind.
 * @param {() => Promise<void>} [prepare] what the tests need first (e.g. data), once the server is known
 * @returns {() => Browser | undefined} the browser, once started
 */
export function useBrowser(prepare) {
  /** @type {Browser | undefined} */
  let browser;
  before(async () => {
    assert.ok(BASE_URL, 'Set BASE_URL to the address of a running Skupaj server, e.g. BASE_URL=http://127.0.0.1:18080');
    mkdirSync(RESULTS, { recursive: true });
    await prepare?.();
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
  after(async () => {
    await browser?.close();
  });
  return () => browser;
}

/**
 * A new browser context (as a new device would be) with one page, in English,
 * collecting the errors the page throws.
 * @param {Browser | undefined} browser
 * @param {Viewport} viewport
 * @param {{ acceptDownloads?: boolean }} [options]
 * @returns {Promise<{ context: BrowserContext, page: Page, errors: string[] }>}
 */
export async function openPage(browser, viewport, options = {}) {
  assert.ok(browser, 'the browser did not start');
  const context = await browser.newContext({ viewport, locale: 'en-US', ...options });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  // Chromium reports what the Content-Security-Policy blocked on the console
  // ("Refused to … because it violates the following Content Security Policy
  // directive"): every such report fails the test.
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) errors.push(`CSP violation: ${msg.text()}`);
  });
  return { context, page, errors };
}

/**
 * Closes what openPage opened, then fails if the page threw or broke the
 * Content-Security-Policy.
 * @param {BrowserContext | undefined} context @param {string[]} errors
 */
export async function closePage(context, errors) {
  await context?.close();
  assert.deepEqual(errors, [], 'the page threw errors');
}

/**
 * Saves a screenshot as test-results/<name>-<width>-<lang>.png.
 * @param {Page} page @param {string} name @param {number} width @param {string} lang
 * @param {boolean} [fullPage] false for what a modal dialog covers
 */
export function screenshot(page, name, width, lang, fullPage = true) {
  return page.screenshot({ path: `${RESULTS}${name}-${width}-${lang}.png`, fullPage });
}

/**
 * Waits until the element's text contains `text`; on timeout fails with the text it had.
 * @param {Page} page
 * @param {string} selector
 * @param {string} text
 */
export async function waitForText(page, selector, text) {
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

/**
 * Sends the login form that is on the page with the demo password; waits for the logged-in bar.
 * @param {Page} page @param {string} email
 */
export async function submitLogin(page, email) {
  await page.fill('#login-email', email);
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.locator('[data-testid="login"] button[type="submit"]').click();
  // On a phone the bar is in the header's closed menu: there, not shown.
  await page.waitForSelector('[data-testid="user-bar"]', { state: 'attached', timeout: TIMEOUT });
}

/**
 * Logs in through the form; waits for the logged-in bar.
 * @param {Page} page
 * @param {string} email
 * @param {string} [path] the page to start from (a protected one redirects to /login)
 */
export async function logIn(page, email, path = '/login') {
  await page.goto(`${BASE_URL}${path}`);
  await page.waitForSelector('#login-email', { timeout: TIMEOUT });
  await submitLogin(page, email);
}

/** @param {Page} page */
export async function assertNoHorizontalScroll(page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth, `page is ${scrollWidth}px wide in a ${innerWidth}px window`);
}

/**
 * Opens the header's menu if the window is narrow enough to have one (the
 * links, the language, the user bar and Log out are in it, as a phone shows
 * them); on a wide window, which always shows them, does nothing.
 * @param {Page} page
 * @returns {Promise<boolean>} whether it opened the menu
 */
export async function openMenu(page) {
  const button = page.locator('[data-testid="menu-button"]');
  await button.waitFor({ state: 'attached', timeout: TIMEOUT });
  if (!(await button.isVisible()) || (await button.getAttribute('aria-expanded')) === 'true') return false;
  await button.click();
  await page.locator('#site-menu').waitFor({ state: 'visible', timeout: TIMEOUT });
  return true;
}

/**
 * Closes the header's menu if it is open (a second tap on its button).
 * @param {Page} page
 */
export async function closeMenu(page) {
  const button = page.locator('[data-testid="menu-button"]');
  if ((await button.isVisible()) && (await button.getAttribute('aria-expanded')) === 'true') {
    await button.click();
    await page.locator('#site-menu').waitFor({ state: 'hidden', timeout: TIMEOUT });
  }
}

/**
 * Follows the header's link named `name`, as a person would: on a phone, through the menu.
 * @param {Page} page @param {string} name
 */
export async function navigate(page, name) {
  await openMenu(page);
  await page.getByRole('navigation').getByRole('link', { name }).click();
}

/**
 * Clicks Log out (on a phone, in the header's menu).
 * @param {Page} page
 */
export async function logOut(page) {
  await openMenu(page);
  await page.locator('[data-testid="logout"]').click();
}

/**
 * Changes the app's language with the switcher in the header (on a phone, in
 * its menu, which is closed again after); waits until the page has it (and its direction).
 * @param {Page} page @param {string} lang
 */
export async function switchLanguage(page, lang) {
  const opened = await openMenu(page);
  await page.selectOption('#lang-select', lang);
  await page.waitForSelector(`html[lang="${lang}"][dir="${lang === 'ar' || lang === 'fa' ? 'rtl' : 'ltr'}"]`, { timeout: TIMEOUT });
  if (opened) await closeMenu(page);
}

/**
 * The API as `email`: a function that sends a request and answers its JSON
 * (or null for 204), failing the test on any error status.
 * @param {string} email
 */
export async function apiAs(email) {
  const login = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200, `the API login of ${email} works`);
  const { access_token: token } = await login.json();
  /**
   * @param {string} method @param {string} path @param {unknown} [body]
   * @returns {Promise<any>}
   */
  return async (method, path, body) => {
    const res = await fetch(`${BASE_URL}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    assert.ok(res.ok, `${method} ${path}: ${res.status} ${await res.clone().text()}`);
    return res.status === 204 ? null : res.json();
  };
}
