// @vitest-environment happy-dom
// The header's Menu button (what a phone shows instead of the links): its
// state, what the menu lists for each role, and how it closes. happy-dom has
// no layout, so the stylesheet's hiding is not seen here; the e2e test looks
// at it in Chromium.
import { ar, en } from '../i18n/all';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ROLES } from '../auth/roles';
import { $, $$, click, initI18n, meOf, route, setLanguage, setUp, show, showAs, tearDown, text, until, type Role } from '../testing/app-harness';
import { json } from '../testing/fake-auth';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const button = () => $<HTMLButtonElement>('[data-testid="menu-button"]');
const menu = () => $('#site-menu');
const isOpen = () => button()?.getAttribute('aria-expanded') === 'true' && menu()?.classList.contains('open') === true;
const links = () => $$('#site-menu nav a').map((a) => a.getAttribute('href'));

async function press(key: string) {
  const target = (document.activeElement as HTMLElement | null) ?? document.body;
  await act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

/** What each role's menu links to, in order. */
const LINKS: Record<Role, string[]> = {
  admin: ['/', '/about', '/market', '/participants', '/interviews', '/interviews/analysis', '/meetings', '/opportunities', '/applications', '/opportunities/outcomes', '/market/orders', '/members', '/api-keys', '/audit'],
  coordinator: ['/', '/about', '/market', '/participants', '/interviews', '/interviews/analysis', '/meetings', '/opportunities', '/applications', '/opportunities/outcomes', '/market/orders', '/members'],
  adviser: ['/', '/about', '/market', '/participants', '/interviews', '/meetings', '/opportunities', '/applications'],
  mentor: ['/', '/about', '/market', '/participants', '/meetings', '/opportunities'],
  participant: ['/', '/about', '/market', '/meetings', '/my-profile', '/opportunities', '/opportunities/matches', '/applications', '/market/mine'],
  partner: ['/', '/about', '/market', '/participants', '/meetings', '/opportunities', '/applications'],
  analyst: ['/', '/about', '/market', '/participants', '/interviews/analysis', '/opportunities/outcomes'],
};

describe('the header menu', () => {
  it('is a closed button named in the UI language that controls the menu', async () => {
    await show('/');
    const b = button();
    expect(b?.tagName).toBe('BUTTON');
    expect(b?.getAttribute('type')).toBe('button');
    expect(b?.getAttribute('aria-expanded')).toBe('false');
    expect(b?.getAttribute('aria-controls')).toBe('site-menu');
    expect(menu()).not.toBeNull();
    expect(b?.textContent).toBe(en.nav.menu);
    await setLanguage('ar');
    await until(() => button()?.textContent === ar.nav.menu);
  });

  it('opens on a tap, moves focus to its first link, and closes on a second tap', async () => {
    await show('/');
    await click(button());
    expect(isOpen()).toBe(true);
    expect(document.activeElement?.getAttribute('href')).toBe('/');
    // Anonymous: the public pages, Log in and the language.
    expect(links()).toEqual(['/', '/about', '/market', '/login']);
    expect(menu()?.querySelector('#lang-select')).not.toBeNull();
    expect(menu()?.querySelector('[data-testid="login-link"]')).not.toBeNull();
    await click(button());
    expect(isOpen()).toBe(false);
    expect(button()?.getAttribute('aria-expanded')).toBe('false');
  });

  it.each(ROLES)('lists what the %s may open, the account, the organisation, the language and Log out', async (role) => {
    await showAs(role, '/');
    await click(button());
    expect(isOpen()).toBe(true);
    expect(links()).toEqual(LINKS[role]);
    expect($$('#site-menu nav a').map((a) => a.textContent)).not.toContain('');
    expect(text('#site-menu [data-testid="user-name"]')).toBe(`Demo ${role}`);
    expect(menu()?.querySelector('[data-testid="user-name"]')?.getAttribute('href')).toBe('/account');
    expect(text('#site-menu [data-testid="user-role"]')).toBe(en.role[role]);
    expect(text('#site-menu .org-name')).toBe('Skupaj Demo');
    expect(menu()?.querySelector('#lang-select')).not.toBeNull();
    expect(menu()?.querySelector('[data-testid="logout"]')).not.toBeNull();
    expect(menu()?.querySelector('[data-testid="login-link"]')).toBeNull();
  });

  it('holds the organisation picker of someone in two organisations', async () => {
    const me = meOf('coordinator', {
      memberships: [
        { organization_id: 'org-1', organization_name: 'Ljubljana', role: 'coordinator' },
        { organization_id: 'org-2', organization_name: 'Maribor', role: 'adviser' },
      ],
    });
    route('GET /api/v1/me', () => json(me));
    await showAs('coordinator', '/', me);
    await click(button());
    expect($$('#site-menu [data-testid="org-select"] option').map((o) => o.textContent)).toEqual(['Ljubljana', 'Maribor']);
  });

  it('closes on Escape and gives focus back to the button', async () => {
    await showAs('adviser', '/');
    await click(button());
    expect(isOpen()).toBe(true);
    expect(menu()?.contains(document.activeElement)).toBe(true);
    await press('Escape');
    expect(isOpen()).toBe(false);
    expect(document.activeElement).toBe(button());
    // Other keys leave it alone.
    await click(button());
    await press('Tab');
    expect(isOpen()).toBe(true);
  });

  it('closes when a link in it is followed, and marks the page shown', async () => {
    await showAs('mentor', '/');
    await click(button());
    expect(menu()?.querySelector('a[href="/"]')?.getAttribute('aria-current')).toBe('page');
    await click(menu()?.querySelector('a[href="/meetings"]'));
    await until(() => location.pathname === '/meetings');
    expect(isOpen()).toBe(false);
    await click(button());
    expect(menu()?.querySelector('a[href="/meetings"]')?.getAttribute('aria-current')).toBe('page');
    expect(menu()?.querySelector('a[href="/"]')?.getAttribute('aria-current')).toBeNull();
    // Also the link to the page already shown.
    await click(menu()?.querySelector('a[href="/meetings"]'));
    expect(isOpen()).toBe(false);
  });

  it('closes on any other navigation too (here the browser going back)', async () => {
    await showAs('participant', '/');
    await click(button());
    expect(isOpen()).toBe(true);
    await act(() => {
      history.pushState(null, '', '/about');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await until(() => location.pathname === '/about');
    await until(() => !isOpen(), 'the menu to close');
  });
});
