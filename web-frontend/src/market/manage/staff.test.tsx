// @vitest-environment happy-dom
// Staff's listings (the organisation's, with filters; add one for a seller;
// change one with its version; approve; archive) and the "photographed at"
// select of the listing form, against a fake API.
import { $, $$, called, choose, click, initI18n, serve, setUp, showAs, submit, tearDown, text, type, until } from '../../testing/app-harness';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { json } from '../../testing/fake-auth';
import { myListing } from '../../testing/market';
import { en } from '../../i18n/all';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const seller = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  participant_id: `p-${id}`,
  public_name: name,
  story: {},
  municipality: 'Ljubljana',
  paused_at: null,
  listing_count: 1,
  created_at: '',
  updated_at: '',
  version: 1,
  ...extra,
});
const sellers = () => json({ items: [seller('s1', 'Dar Amina'), seller('s2', 'Oksana Crafts'), seller('s3', 'Paused One', { paused_at: '2026-11-01T10:00:00Z' })], next_cursor: null });
const shoot = { id: 'm7', display_title: 'Photo shoot at the centre', starts_at: '2026-11-20T10:00:00Z' };
const shoots = (items: unknown[]) => () => json({ items, next_cursor: null });

describe('staff’s listings', () => {
  it('lists the organisation’s listings with status, stock and seller, and filters them', async () => {
    serve({
      'GET /api/v1/market/sellers': sellers,
      'GET /api/v1/market/listings': () =>
        json({ items: [myListing('l1', { seller_name: 'Dar Amina', stock: 4 }), myListing('l2', { seller_id: 's2', seller_name: 'Oksana Crafts', status: 'in_review' })], next_cursor: 'c2' }),
    });
    await showAs('coordinator', '/market/manage/listings');
    await until(() => $$('[data-testid="staff-listing"]').length === 2);
    expect(text('[data-testid="staff-listing"]')).toContain('Dar Amina');
    expect(text('[data-testid="staff-listing"]')).toContain('4 in stock');
    expect($$('[data-testid="listing-status"]').map((e) => e.textContent)).toEqual([en.market.status.published, en.market.status.in_review]);
    expect($('[data-testid="edit-listing"]')?.getAttribute('href')).toBe('/market/manage/listings/l1');
    await choose('#sl-status', 'in_review');
    await choose('#sl-seller', 's2');
    await type('#sl-q', ' dress ');
    await submit('[data-testid="listing-filters"]');
    await until(() => called('GET', '/api/v1/market/listings').some((c) => c.query.get('q') === 'dress'));
    const last = called('GET', '/api/v1/market/listings').at(-1)!;
    expect(last.query.get('status')).toBe('in_review');
    expect(last.query.get('seller_id')).toBe('s2');
    await click(await until(() => $('[data-testid="load-more"]')));
    await until(() => called('GET', '/api/v1/market/listings').some((c) => c.query.get('cursor') === 'c2'));
  });

  it('adds a listing for a chosen seller (seller_id sent), photographed at a photo shoot', async () => {
    serve({
      'GET /api/v1/market/sellers': sellers,
      'GET /api/v1/meetings': shoots([shoot]),
      'POST /api/v1/market/listings': () => json(myListing('l9', { title: { en: 'Kaftan' } }), 201),
      'GET /api/v1/market/listings/l9': () => json(myListing('l9', { title: { en: 'Kaftan' } })),
    });
    await showAs('coordinator', '/market/manage/listings/new');
    await until(() => $('[data-testid="listing-form"]'));
    expect(($$('#lf-seller option') as HTMLOptionElement[]).find((o) => o.value === 's3')?.disabled).toBe(true);
    await type('#lf-title-en', 'Kaftan');
    await choose('#lf-category', 'textiles');
    await type('#lf-price', '60');
    await type('#lf-stock', '2');
    await submit('[data-testid="listing-form"]');
    // The seller is required for staff.
    expect($('#lf-seller')?.getAttribute('aria-invalid')).toBe('true');
    expect(called('POST', '/api/v1/market/listings')).toHaveLength(0);
    await choose('#lf-seller', 's1');
    await choose('#lf-shoot', 'm7');
    expect(called('GET', '/api/v1/meetings')[0]?.query.get('kind')).toBe('photo_shoot');
    await submit('[data-testid="listing-form"]');
    await until(() => $('[data-testid="photos"]'));
    expect(called('POST', '/api/v1/market/listings')[0]?.body).toMatchObject({ seller_id: 's1', photo_shoot_id: 'm7', title: { en: 'Kaftan' }, price_cents: 6000, stock: 2, status: 'published' });
  });

  it('changes a listing with its version, approves one waiting for approval, then archives it', async () => {
    let current = myListing('l5', { status: 'in_review', version: 3, stock: 1, seller_name: 'Dar Amina' });
    serve({
      'GET /api/v1/market/sellers': sellers,
      'GET /api/v1/meetings': shoots([]),
      'GET /api/v1/market/listings/l5': () => json(current),
      'PATCH /api/v1/market/listings/l5': async (req) => {
        const body = (await req.json()) as Record<string, unknown>;
        current = { ...current, ...(body as object), version: current.version + 1 } as typeof current;
        return json(current);
      },
    });
    await showAs('coordinator', '/market/manage/listings/l5');
    await until(() => $('[data-testid="approve"]'));
    expect(text('[data-testid="listing-seller"]')).toContain('Dar Amina');
    // No photo shoots open: no select.
    expect($('#lf-shoot')).toBeNull();
    await click($('[data-testid="approve"]'));
    await until(() => !$('[data-testid="approve"]'));
    expect(called('PATCH', '/api/v1/market/listings/l5')[0]?.body).toEqual({ status: 'published', version: 3 });
    expect($<HTMLSelectElement>('#lf-status')?.value).toBe('published');
    await type('#lf-stock', '7');
    await choose('#lf-status', 'archived');
    await submit('[data-testid="listing-form"]');
    await until(() => called('PATCH', '/api/v1/market/listings/l5').length === 2);
    const body = called('PATCH', '/api/v1/market/listings/l5')[1]?.body as Record<string, unknown>;
    expect(body).toMatchObject({ stock: 7, status: 'archived', version: 4 });
    expect(body).not.toHaveProperty('seller_id');
  });

  it('is for coordinators', async () => {
    await showAs('participant', '/market/manage/listings');
    await until(() => $('[data-testid="forbidden"]'));
  });
});

describe('the “photographed at” select', () => {
  it('lets the seller link a listing to a photo shoot open to them, and keeps the link when editing', async () => {
    serve({
      'GET /api/v1/meetings': shoots([shoot]),
      'GET /api/v1/market/listings/l3': () => json(myListing('l3', { photo_shoot_id: 'm7', version: 2 })),
      'PATCH /api/v1/market/listings/l3': () => json(myListing('l3', { photo_shoot_id: null, version: 3 })),
    });
    await showAs('participant', '/market/mine/l3');
    await until(() => $('#lf-shoot'));
    expect($<HTMLSelectElement>('#lf-shoot')?.value).toBe('m7');
    expect(text('#lf-shoot')).toContain('Photo shoot at the centre');
    await choose('#lf-shoot', '');
    await submit('[data-testid="listing-form"]');
    await until(() => called('PATCH', '/api/v1/market/listings/l3').length === 1);
    expect(called('PATCH', '/api/v1/market/listings/l3')[0]?.body).toMatchObject({ photo_shoot_id: null, version: 2 });
    expect(called('PATCH', '/api/v1/market/listings/l3')[0]?.body).not.toHaveProperty('seller_id');
  });

  it('is hidden when there is no photo shoot', async () => {
    serve({ 'GET /api/v1/meetings': shoots([]) });
    await showAs('participant', '/market/mine/new');
    await until(() => $('[data-testid="listing-form"]'));
    await until(() => called('GET', '/api/v1/meetings').length > 0);
    await new Promise((r) => setTimeout(r, 20));
    expect($('#lf-shoot')).toBeNull();
  });
});
