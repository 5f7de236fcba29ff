// @vitest-environment happy-dom
// The seller's phone screens and the coordinator's board against a fake API.
import { $, $$, called, choose, click, initI18n, serve, setLanguage, setUp, showAs, submit, tearDown, text, type, until } from '../../testing/app-harness';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ar, en } from '../../i18n/all';
import { json, problem } from '../../testing/fake-auth';
import { myListing, photo } from '../../testing/market';

const RealXhr = globalThis.XMLHttpRequest;
beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(async () => {
  await tearDown();
  // Only the upload's stand-in goes: fetch stays the harness's fake.
  globalThis.XMLHttpRequest = RealXhr;
});

const seller = { id: 's1', participant_id: 'p1', public_name: 'Amina', story: {}, municipality: 'Ljubljana', paused_at: null, listing_count: 1, created_at: '', updated_at: '', version: 1 };
const month = () => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
};

/** A stand-in for XMLHttpRequest: answers each upload with the next of `answers`, reporting progress first. */
function fakeXhr(answers: { status: number; body: unknown }[]) {
  const sent: { url: string; headers: Record<string, string>; body: unknown }[] = [];
  class Fake {
    status = 0;
    responseText = '';
    upload: { onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    private url = '';
    private headers: Record<string, string> = {};
    open(_m: string, url: string) {
      this.url = url;
    }
    setRequestHeader(k: string, v: string) {
      this.headers[k] = v;
    }
    send(body: unknown) {
      sent.push({ url: this.url, headers: this.headers, body });
      const answer = answers.shift() ?? { status: 500, body: null };
      setTimeout(() => {
        this.upload.onprogress?.({ lengthComputable: true, loaded: 5, total: 10 });
        this.status = answer.status;
        this.responseText = JSON.stringify(answer.body);
        this.onload?.();
      }, 0);
    }
  }
  globalThis.XMLHttpRequest = Fake as unknown as typeof XMLHttpRequest;
  return sent;
}

describe('becoming a seller', () => {
  it('explains the steps, and says plainly when the consent is missing', async () => {
    serve({
      'GET /api/v1/market/sellers/me': () => problem(404, 'not_found'),
      'POST /api/v1/market/sellers': () => problem(409, 'consent_required', { detail: 'this needs the person’s consent `market_selling`' }),
    });
    await setLanguage('ar');
    await showAs('participant', '/market/mine');
    await until(() => $('[data-testid="become-seller"]'));
    expect(text('.steps')).toContain(ar.market.become.step_consent);
    await type('#seller-name', 'أمينة');
    await type('#seller-story', 'أخيط فساتين الرقص');
    await submit('[data-testid="become-seller"]');
    await until(() => $('[data-testid="become-error"]'));
    expect(text('[data-testid="become-error"]')).toContain(ar.market.become.consent_missing);
    expect(called('POST', '/api/v1/market/sellers')[0]?.body).toEqual({ public_name: 'أمينة', story: { ar: 'أخيط فساتين الرقص' }, municipality: null });
  });
});

describe('my shop', () => {
  it('lists my listings with stock − / + (PATCH with the version), my earnings and orders', async () => {
    serve({
      'GET /api/v1/market/sellers/me': () => json(seller),
      'GET /api/v1/market/listings': () => json({ items: [myListing('l1', { stock: 2 })], next_cursor: null }),
      'PATCH /api/v1/market/listings/l1': async (req) => {
        const body = (await req.json()) as { stock: number; version: number };
        return json(myListing('l1', { stock: body.stock, version: body.version + 1 }));
      },
      'GET /api/v1/market/earnings': () => json({ month: month(), seller_id: 's1', commission_bp: 1000, currencies: [{ currency: 'EUR', completed_orders: 2, gross_cents: 5000, commission_cents: 500, net_cents: 4500 }] }),
      'GET /api/v1/market/orders': () => json({ items: [], next_cursor: null }),
    });
    await showAs('participant', '/market/mine');
    await until(() => $('[data-testid="my-listing"]'));
    expect(text('[data-testid="stock"]')).toBe('2');
    await click($('[data-testid="stock-plus"]'));
    await until(() => text('[data-testid="stock"]') === '3');
    await click($('[data-testid="stock-minus"]'));
    await until(() => text('[data-testid="stock"]') === '2');
    expect(called('PATCH', '/api/v1/market/listings/l1').map((c) => c.body)).toEqual([
      { stock: 3, version: 1 },
      { stock: 2, version: 2 },
    ]);
    await until(() => $('[data-testid="net"]'));
    expect(text('[data-testid="net"]')).toBe('€45.00');
    expect(called('GET', '/api/v1/market/earnings')[0]?.query.get('month')).toBe(month());
  });

  it('adds a listing (euros to cents, title in my language) and then its photos from the camera', async () => {
    const created = myListing('l9', { title: { en: 'Dance dress' }, price_cents: 4550, stock: 2 });
    serve({
      'POST /api/v1/market/listings': () => json(created, 201),
      // After an upload the form loads the listing again (its version changed): the server has the photo.
      'GET /api/v1/market/listings/l9': () => json({ ...created, photos: sent.length > 0 ? [photo('ph1')] : [], version: 1 + sent.length }),
    });
    const sent = fakeXhr([
      { status: 201, body: photo('ph1') },
      { status: 422, body: { code: 'validation_failed', errors: [{ field: 'body', code: 'not_an_image' }] } },
    ]);
    await showAs('participant', '/market/mine/new');
    await until(() => $('[data-testid="listing-form"]'));
    await submit('[data-testid="listing-form"]');
    expect($('#lf-title-en')?.getAttribute('aria-invalid')).toBe('true');
    expect(called('POST', '/api/v1/market/listings')).toHaveLength(0);
    await type('#lf-title-en', 'Dance dress');
    await choose('#lf-category', 'textiles');
    await type('#lf-price', '45,50');
    await type('#lf-stock', '2');
    await submit('[data-testid="listing-form"]');
    await until(() => $('[data-testid="photos"]'));
    expect(called('POST', '/api/v1/market/listings')[0]?.body).toEqual({
      title: { en: 'Dance dress' },
      description: {},
      category: 'textiles',
      price_cents: 4550,
      currency: 'EUR',
      stock: 2,
      lead_time_days: null,
      origin: 'handmade',
      origin_country: null,
      materials: null,
      dimensions: null,
      status: 'published',
      photo_shoot_id: null,
    });
    const input = $<HTMLInputElement>('[data-testid="photo-input"]')!;
    expect(input.getAttribute('accept')).toBe('image/jpeg,image/png,image/webp');
    expect(input.getAttribute('capture')).toBe('environment');
    const file = new File([new Uint8Array([0xff, 0xd8, 0xff])], 'dress.jpg', { type: 'image/jpeg' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => $$('[data-testid="photo"]').length === 1);
    expect(sent[0]?.url).toBe('/api/v1/market/listings/l9/photos');
    expect(sent[0]?.headers['Content-Type']).toBe('image/jpeg');
    expect(sent[0]?.headers.Authorization).toMatch(/^Bearer /);
    expect(sent[0]?.body).toBe(file);
    // A file that is not an image: the server's 422 code, in words.
    const bad = new File([new Uint8Array([1, 2, 3])], 'notes.jpg', { type: 'image/jpeg' });
    Object.defineProperty(input, 'files', { value: [bad], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => $('[data-testid="photo-error"]'));
    expect(text('[data-testid="photo-error"]')).toBe(en.market.photo_error.not_an_image);
    // A PDF is refused before sending.
    const pdf = new File([new Uint8Array([1])], 'cv.pdf', { type: 'application/pdf' });
    Object.defineProperty(input, 'files', { value: [pdf], configurable: true });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => text('[data-testid="photos"]').includes(en.market.photo_error.unsupported_type));
    expect(sent).toHaveLength(2);
  });

  it('is for participants', async () => {
    await showAs('adviser', '/market/mine');
    await until(() => $('[data-testid="forbidden"]'));
  });
});

describe('the coordinator’s board', () => {
  const order = (state: string, extra: Record<string, unknown> = {}) => ({
    id: 'o1',
    reference: 'SK-42',
    state,
    cancel_reason: null,
    items: [{ id: 'i1', listing_id: 'a', seller_id: 's1', title: { en: 'Dance dress' }, quantity: 2, unit_price_cents: 1000, from_stock: true }],
    total_cents: 2000,
    currency: 'EUR',
    fulfilment: 'pickup',
    buyer: { name: 'Ana', email: 'ana@example.org', phone: null, address: null, note: 'Red one', language: 'sl', erased_at: null },
    venue_id: 'v1',
    payment_method: 'bank_transfer',
    history: [{ event: 'placed', at: '2026-12-01T10:00:00Z' }],
    updated_at: '2026-12-01T10:00:00Z',
    paid_at: null,
    placed_at: '2026-12-01T10:00:00Z',
    version: 1,
    ...extra,
  });

  it('groups orders by state, takes each step with the version, and downloads the month’s CSV', async () => {
    serve({
      'GET /api/v1/market/orders': () => json({ items: [order('confirmed')], next_cursor: null }),
      'GET /api/v1/venues': () => json({ items: [{ id: 'v1', name: 'Skupaj centre' }], next_cursor: null }),
      'POST /api/v1/market/orders/o1/events': () => json(order('confirmed', { paid_at: '2026-12-01T11:00:00Z', version: 2 })),
      'GET /api/v1/market/reports/sales.csv': () => new Response('date,reference\n', { status: 200, headers: { 'Content-Type': 'text/csv' } }),
    });
    await showAs('coordinator', '/market/orders');
    await until(() => $('[data-testid="order-card"]'));
    expect($('[data-testid="column-confirmed"] [data-testid="order-card"]')).not.toBeNull();
    await until(() => text('[data-testid="order-card"]').includes('Skupaj centre'));
    expect(text('[data-testid="order-card"]')).toContain('2 × Dance dress');
    expect(text('[data-testid="order-card"]')).toContain('Red one');
    expect($$('[data-testid="order-card"] .actions button').map((b) => b.dataset.testid)).toEqual(['event-mark_paid', 'event-ready', 'event-cancel']);
    await click($('[data-testid="event-mark_paid"]'));
    await until(() => !$('[data-testid="event-mark_paid"]'));
    expect(called('POST', '/api/v1/market/orders/o1/events')[0]?.body).toEqual({ event: 'mark_paid', version: 1 });
    const saved: Blob[] = [];
    const create = URL.createObjectURL;
    const clickAnchor = HTMLAnchorElement.prototype.click;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      saved.push(b as Blob);
      return 'blob:x';
    };
    HTMLAnchorElement.prototype.click = () => undefined;
    try {
      await submit('[data-testid="sales-report"]');
      await until(() => saved.length === 1);
    } finally {
      URL.createObjectURL = create;
      HTMLAnchorElement.prototype.click = clickAnchor;
    }
    const get = called('GET', '/api/v1/market/reports/sales.csv')[0];
    expect(get?.query.get('month')).toBe(month());
    expect(get?.headers.get('Authorization')).toMatch(/^Bearer /);
    expect(await saved[0]?.text()).toBe('date,reference\n');
  });

  it('filters by state on a phone', async () => {
    serve({ 'GET /api/v1/market/orders': () => json({ items: [order('placed')], next_cursor: null }) });
    await showAs('coordinator', '/market/orders');
    await until(() => $('[data-testid="order-card"]'));
    await choose('#state-filter', 'ready');
    await until(() => called('GET', '/api/v1/market/orders').some((c) => c.query.get('state') === 'ready'));
  });
});

describe('the market’s settings and sellers', () => {
  it('saves the bank account and commission (percent to basis points), approves listings and pauses a seller', async () => {
    serve({
      'GET /api/v1/market/settings': () => json({ iban: null, account_holder: null, bic: null, commission_bp: 0, require_approval: false, version: 0 }),
      'PATCH /api/v1/market/settings': async (req) => json({ ...((await req.json()) as object), version: 1 }),
      'GET /api/v1/market/listings': () => json({ items: [myListing('l5', { status: 'in_review' })], next_cursor: null }),
      'PATCH /api/v1/market/listings/l5': () => json(myListing('l5', { status: 'published', version: 2 })),
      'GET /api/v1/market/sellers': () => json({ items: [seller], next_cursor: null }),
      'PATCH /api/v1/market/sellers/s1': () => json({ ...seller, paused_at: '2026-12-01T10:00:00Z', version: 2 }),
    });
    await showAs('coordinator', '/market/manage');
    await until(() => $('[data-testid="market-settings"]'));
    await type('#ms-iban', 'si56 1910 0000 0123 438');
    await type('#ms-holder', 'Društvo Skupaj');
    await type('#ms-commission', '7,5');
    await submit('[data-testid="market-settings"]');
    await until(() => called('PATCH', '/api/v1/market/settings').length === 1);
    expect(called('PATCH', '/api/v1/market/settings')[0]?.body).toEqual({ iban: 'SI56191000000123438', account_holder: 'Društvo Skupaj', bic: null, commission_bp: 750, require_approval: false, version: 0 });
    expect(called('GET', '/api/v1/market/listings')[0]?.query.get('status')).toBe('in_review');
    await click(await until(() => $('[data-testid="approve"]')));
    await until(() => !$('[data-testid="to-approve"]'));
    expect(called('PATCH', '/api/v1/market/listings/l5')[0]?.body).toEqual({ status: 'published', version: 1 });
    await click(await until(() => $('[data-testid="pause"]')));
    await until(() => text('[data-testid="seller-row"]').includes(en.market.manage.paused));
    expect(called('PATCH', '/api/v1/market/sellers/s1')[0]?.body).toEqual({ paused: true, version: 1 });
    expect(text('[data-testid="pause"]')).toBe(en.market.manage.resume);
  });
});
