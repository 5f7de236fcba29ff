// @vitest-environment happy-dom
// The calendar subscription on the account page, against a fake API.
import { en } from '../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, called, click, initI18n, serve, setLanguage, setUp, showAs, tearDown, text, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const URL1 = 'https://skupaj.example.org/api/v1/calendar/feeds/AAA';
const URL2 = 'https://skupaj.example.org/api/v1/calendar/feeds/BBB';

describe('calendar subscription', () => {
  it('explains it, makes an address shown once with Copy and a webcal: link, makes a new one and stops it after confirmations', async () => {
    let n = 0;
    serve({
      'GET /api/v1/calendar/feed': () => json({ url: null, created_at: null }),
      'POST /api/v1/calendar/feed': () => json({ url: ++n === 1 ? URL1 : URL2, created_at: '2026-12-01T10:00:00Z' }, 201),
      'DELETE /api/v1/calendar/feed': () => new Response(null, { status: 204 }),
    });
    await showAs('participant', '/account');
    await until(() => $('[data-testid="feed-make"]'));
    expect(text('[data-testid="calendar-feed"]')).toContain(en.calendar_feed.what);
    await click($('[data-testid="feed-make"]'));
    await until(() => $('[data-testid="feed-url"]'));
    expect($<HTMLTextAreaElement>('[data-testid="feed-url"]')?.value).toBe(URL1);
    expect($('[data-testid="feed-open"]')?.getAttribute('href')).toBe('webcal://skupaj.example.org/api/v1/calendar/feeds/AAA');
    expect(text('[data-testid="feed-address"] button')).toBe(en.common.copy);

    await click($('[data-testid="feed-reset"]'));
    expect(text('[data-testid="feed-dialog"]')).toContain(en.calendar_feed.reset_text);
    expect(called('POST', '/api/v1/calendar/feed')).toHaveLength(1);
    await click($('[data-testid="feed-dialog"] [data-testid="confirm"]'));
    await until(() => $<HTMLTextAreaElement>('[data-testid="feed-url"]')?.value === URL2);

    await click($('[data-testid="feed-stop"]'));
    await click($('[data-testid="feed-dialog"] [data-testid="confirm"]'));
    await until(() => $('[data-testid="feed-stopped"]'));
    expect($('[data-testid="feed-url"]')).toBeNull();
    expect($('[data-testid="feed-make"]')).not.toBeNull();
    expect(called('DELETE', '/api/v1/calendar/feed')).toHaveLength(1);
  });

  it('says since when there is an address, without showing it', async () => {
    serve({ 'GET /api/v1/calendar/feed': () => json({ url: null, created_at: '2026-11-20T10:00:00Z' }) });
    await showAs('coordinator', '/account');
    await until(() => $('[data-testid="feed-since"]'));
    expect($('[data-testid="feed-url"]')).toBeNull();
    expect($('[data-testid="feed-reset"]')).not.toBeNull();
  });

  it('gives the address in the reader’s language', async () => {
    serve({
      'GET /api/v1/calendar/feed': () => json({ url: null, created_at: null }),
      'POST /api/v1/calendar/feed': () => json({ url: URL1, created_at: '2026-12-01T10:00:00Z' }, 201),
    });
    await setLanguage('ar');
    await showAs('participant', '/account');
    await click(await until(() => $('[data-testid="feed-make"]')));
    await until(() => $('[data-testid="feed-url"]'));
    expect($<HTMLTextAreaElement>('[data-testid="feed-url"]')?.value).toBe(`${URL1}?lang=ar`);
  });

  it('shows no box to a role the server refuses', async () => {
    serve({ 'GET /api/v1/calendar/feed': () => problem(403, 'forbidden') });
    await showAs('analyst', '/account');
    await until(() => called('GET', '/api/v1/calendar/feed').length > 0 && $('[data-testid="me"]'));
    await new Promise((r) => setTimeout(r, 20));
    expect($('[data-testid="calendar-feed"]')).toBeNull();
  });
});
