// @vitest-environment happy-dom
import { ar, en } from './i18n/all';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

// The API client captures fetch when it is created, so stub it before importing the app.
const fetchMock = vi.fn<typeof fetch>();
vi.stubGlobal('fetch', fetchMock);
const { App } = await import('./app');
const { initI18n, setLanguage } = await import('./i18n');

const json = (body: unknown, status = 200, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });

function serve(routes: Record<string, () => Response | Promise<Response>>) {
  fetchMock.mockImplementation(async (input) => {
    const url = new URL(input instanceof Request ? input.url : String(input), location.href);
    const route = routes[url.pathname];
    if (!route) throw new TypeError('Failed to fetch');
    return route();
  });
}

const healthy = {
  '/api/v1/health': () => json({ status: 'ok', version: '0.1.0', uptime_seconds: 5 }),
  '/api/v1/ready': () => json({ status: 'ready', database: 'sqlite' }),
};

let root: HTMLElement;
const byTestId = (id: string) => root.querySelector(`[data-testid="${id}"]`);

async function show(path: string) {
  history.replaceState(null, '', path);
  await act(() => render(<App />, root));
  // let the API promises and the re-render settle
  await vi.waitFor(() => {
    if (root.querySelector('[data-state="loading"]')) throw new Error('still loading');
  });
}

beforeAll(() => initI18n('en'));
beforeEach(async () => {
  await setLanguage('en');
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  fetchMock.mockReset();
});

describe('home page', () => {
  it('shows the health and readiness reported by the API', async () => {
    serve(healthy);
    await show('/');
    expect(byTestId('health-status')?.textContent).toBe('Server: running (version 0.1.0)');
    expect(byTestId('ready-status')?.textContent).toBe('Database: ready (sqlite)');
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(root.querySelector('h1')?.textContent).toBe(en.home.title);
  });

  it('shows a problem document in the user language', async () => {
    serve({
      ...healthy,
      '/api/v1/ready': () =>
        json(
          { type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'database_unavailable' },
          503,
          'application/problem+json',
        ),
    });
    await setLanguage('ar');
    await show('/');
    expect(byTestId('ready-status')?.textContent).toBe(ar.home.db_down);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(ar.problem.database_unavailable);
  });

  it('says once that the network is down when both calls fail', async () => {
    serve({});
    await show('/');
    const alert = root.querySelector('[role="alert"]');
    expect(alert?.querySelectorAll('p')).toHaveLength(1);
    expect(alert?.textContent).toContain(en.problem.network);
  });

  it('uses the generic message when the answer is not JSON', async () => {
    serve({ ...healthy, '/api/v1/health': () => new Response('<!doctype html>', { status: 200 }) });
    await show('/');
    expect(byTestId('health-status')?.textContent).toBe(en.home.server_down);
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(en.problem.generic);
  });
});

describe('layout and routes', () => {
  it('switches direction from the language selector', async () => {
    serve(healthy);
    await show('/');
    const select = root.querySelector<HTMLSelectElement>('#lang-select');
    expect(root.querySelector('label[for="lang-select"]')?.textContent).toBe(en.language.label);
    expect([...(select?.options ?? [])].map((o) => o.textContent)).toEqual([
      'English',
      'Slovenščina',
      'العربية',
      'Українська',
      'فارسی',
    ]);
    select!.value = 'fa';
    select!.dispatchEvent(new Event('change', { bubbles: true }));
    await vi.waitFor(() => expect(document.documentElement.dir).toBe('rtl'));
    await vi.waitFor(() => expect(root.querySelector('label[for="lang-select"]')?.textContent).not.toBe(en.language.label));
    expect(document.documentElement.lang).toBe('fa');
  });

  it('shows the about page', async () => {
    serve(healthy);
    await show('/about');
    expect(root.querySelector('h1')?.textContent).toBe(en.about.title);
    expect(root.querySelector('nav a[aria-current="page"]')?.getAttribute('href')).toBe('/about');
  });

  it('shows not found for an unknown route, with a link home', async () => {
    serve(healthy);
    await show('/no-such-page');
    const view = byTestId('not-found');
    expect(view?.querySelector('h1')?.textContent).toBe(en.not_found.title);
    expect(view?.querySelector('a[href="/"]')).not.toBeNull();
  });

  it('has landmarks and links to the API docs', async () => {
    serve(healthy);
    await show('/');
    expect(root.querySelector('header')).not.toBeNull();
    expect(root.querySelector('nav[aria-label]')).not.toBeNull();
    expect(root.querySelector('main#main')).not.toBeNull();
    expect(root.querySelector('footer a[href="/api/docs"]')).not.toBeNull();
  });
});
