// @vitest-environment happy-dom
// useLoad and NotReady: every page's loading, error, forbidden and not-found states.
import { en } from '../i18n/all';
import { render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { initI18n } from '../i18n';
import { NotReady } from './NotReady';
import { useLoad, type Load } from './useLoad';

let root: HTMLElement;
const $ = (sel: string) => root.querySelector<HTMLElement>(sel);
const text = () => root.textContent ?? '';
const refusal = (status: number, code: string) => new ApiError(status, { type: 'x', title: code, status, code });

/** A page that loads `fetch(dep)` and shows it, or what NotReady shows. */
function Page({ fetch, dep = 1, inline = false, onLoad }: { fetch: (dep: number) => Promise<string>; dep?: number; inline?: boolean; onLoad?: (l: Load<string>) => void }) {
  const load = useLoad(() => fetch(dep), [dep], { keepOnChange: true });
  onLoad?.(load);
  if (load.state !== 'ready') return <NotReady load={load} inline={inline} notFound={inline ? undefined : <p data-testid="gone">gone</p>} />;
  return <p data-testid="data" aria-busy={load.refreshing ? 'true' : undefined}>{load.data}</p>;
}

async function show(page: VNode) {
  await act(() => render(page, root));
}
async function settle() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

beforeAll(() => initI18n('en'));
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('useLoad with NotReady', () => {
  it('shows "Loading…", then the data', async () => {
    let resolve: (v: string) => void = () => undefined;
    await show(<Page fetch={() => new Promise((r) => (resolve = r))} />);
    expect($('[data-testid="loading"]')?.textContent).toBe(en.common.loading);
    await act(() => resolve('hello'));
    await settle();
    expect($('[data-testid="data"]')?.textContent).toBe('hello');
  });

  it('shows a failure with its message and a Retry that loads again', async () => {
    const fetch = vi.fn<(dep: number) => Promise<string>>().mockRejectedValueOnce(new TypeError('Failed to fetch')).mockResolvedValue('again');
    await show(<Page fetch={fetch} />);
    await settle();
    expect($('[role="alert"] p')?.textContent).toBe(en.problem.network);
    await act(() => $('[role="alert"] button')?.click());
    await settle();
    expect(fetch).toHaveBeenCalledTimes(2);
    expect($('[data-testid="data"]')?.textContent).toBe('again');
  });

  it('a refusal is the Forbidden page, a 404 the page’s not-found view', async () => {
    await show(<Page fetch={() => Promise.reject(refusal(403, 'forbidden'))} />);
    await settle();
    expect($('[data-testid="forbidden"] h1')?.textContent).toBe(en.forbidden.title);
    render(null, root);
    await show(<Page fetch={() => Promise.reject(refusal(404, 'not_found'))} />);
    await settle();
    expect($('[data-testid="gone"]')).not.toBeNull();
  });

  it('inside a page, a refusal and a 404 are messages with a Retry', async () => {
    await show(<Page inline fetch={() => Promise.reject(refusal(403, 'forbidden'))} />);
    await settle();
    expect($('[data-testid="forbidden"]')).toBeNull();
    expect($('[role="alert"] p')?.textContent).toBe(en.problem.forbidden);
    render(null, root);
    await show(<Page inline fetch={() => Promise.reject(refusal(404, 'not_found'))} />);
    await settle();
    expect($('[role="alert"] p')?.textContent).toBe(en.problem.not_found);
  });

  it('keeps the data shown while changed deps load, and drops an answer that a newer load overtook', async () => {
    const pending: Record<number, (v: string) => void> = {};
    const fetch = (dep: number) => new Promise<string>((r) => (pending[dep] = r));
    await show(<Page fetch={fetch} dep={1} />);
    await act(() => pending[1]!('one'));
    await settle();
    await show(<Page fetch={fetch} dep={2} />);
    expect($('[data-testid="data"]')?.getAttribute('aria-busy')).toBe('true');
    expect(text()).toBe('one');
    await show(<Page fetch={fetch} dep={3} />);
    await act(() => pending[3]!('three'));
    await settle();
    await act(() => pending[2]!('two (too late)'));
    await settle();
    expect(text()).toBe('three');
    expect($('[data-testid="data"]')?.getAttribute('aria-busy')).toBeNull();
  });

  it('set() changes the data in place, reload() keeps it shown meanwhile', async () => {
    let load: Load<string> | null = null;
    let n = 0;
    await show(<Page fetch={async () => `v${++n}`} onLoad={(l) => (load = l)} />);
    await settle();
    await act(() => load!.set((d) => `${d}!`));
    expect(text()).toBe('v1!');
    await act(() => load!.reload());
    await settle();
    expect(text()).toBe('v2');
  });
});
