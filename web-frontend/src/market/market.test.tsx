// @vitest-environment happy-dom
// The public market through the whole app against a fake API: the catalogue,
// a listing, the basket and checkout, and the order's status page.
import { $, $$, called, check, choose, click, initI18n, serve, setLanguage, setUp, show, submit, tearDown, text, type, until } from '../testing/app-harness';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { en, sl } from '../i18n/all';
import { json, problem } from '../testing/fake-auth';
import { item, listing, photo, publicOrder } from '../testing/market';
import { add, itemOf, reset, update } from './basket/basket';

beforeAll(() => initI18n('en'));
beforeEach(async () => {
  await setUp();
  reset();
});
afterEach(async () => {
  await tearDown();
  reset();
});

describe('the catalogue', () => {
  it('lists listings with lazy thumbnails of known size, searches, filters and loads more', async () => {
    serve({
      'GET /api/v1/market/catalogue': (_req, url) =>
        url.searchParams.get('cursor') ? json({ items: [item('c')], next_cursor: null }) : json({ items: [item('a'), item('b', { sold_out: true })], next_cursor: 'k2' }),
    });
    await show('/market');
    await until(() => $$('[data-testid="listing-card"]').length === 2);
    const first = called('GET', '/api/v1/market/catalogue')[0]!;
    expect(first.query.get('lang')).toBe('en');
    expect(first.query.get('sort')).toBe('newest');
    expect(first.query.has('q')).toBe(false);
    const img = $('[data-testid="listing-card"] img')!;
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.getAttribute('width')).toBe('320');
    expect(img.getAttribute('height')).toBe('240');
    expect(text('[data-testid="listing-card"] .price')).toBe('€12.50');
    expect($$('[data-testid="listing-card"]')[1]?.textContent).toContain(en.market.sold_out);
    expect($('[data-testid="listing-card"] a')?.getAttribute('href')).toBe('/market/listings/a');
    await click($('[data-testid="load-more"]'));
    await until(() => $$('[data-testid="listing-card"]').length === 3);
    expect(called('GET', '/api/v1/market/catalogue')[1]?.query.get('cursor')).toBe('k2');
    await type('#market-q', 'hadzic');
    await type('#market-min', '5');
    await type('#market-max', '20,50');
    await submit('[data-testid="catalogue-search"]');
    await until(() => called('GET', '/api/v1/market/catalogue').some((c) => c.query.get('q') === 'hadzic'));
    const searched = called('GET', '/api/v1/market/catalogue').find((c) => c.query.get('q') === 'hadzic')!;
    expect(searched.query.get('min_price')).toBe('500');
    expect(searched.query.get('max_price')).toBe('2050');
    await click($('[data-testid="chip-jewellery"]'));
    await until(() => called('GET', '/api/v1/market/catalogue').some((c) => c.query.get('category') === 'jewellery'));
    expect($('[data-testid="chip-jewellery"]')?.getAttribute('aria-pressed')).toBe('true');
    await choose('#market-sort', 'price_asc');
    await until(() => called('GET', '/api/v1/market/catalogue').some((c) => c.query.get('sort') === 'price_asc'));
  });

  it('is in Slovenian with Slovenian prices, and needs no login', async () => {
    serve({ 'GET /api/v1/market/catalogue': () => json({ items: [item('a')], next_cursor: null }) });
    await setLanguage('sl');
    await show('/market');
    await until(() => $('[data-testid="listing-card"]'));
    expect(called('GET', '/api/v1/market/catalogue')[0]?.query.get('lang')).toBe('sl');
    expect(text('[data-testid="listing-card"] .price').replace(/\s/g, ' ')).toBe('12,50 €');
    expect(text('h1')).toBe(sl.market.title);
    expect(called('GET', '/api/v1/market/catalogue')[0]?.headers.get('Authorization')).toBeNull();
  });
});

describe('a listing', () => {
  it('shows its photos one by one (medium, large on demand), its stock, and adds to the basket', async () => {
    serve({ 'GET /api/v1/market/catalogue/a': () => json(listing('a', { photos: [photo('p1'), photo('p2')], stock: 3 })) });
    await show('/market/listings/a');
    await until(() => $('[data-testid="listing"]'));
    const img = $('[data-testid="gallery-photo"]')!;
    expect(img.getAttribute('src')).toBe('/api/v1/market/photos/p1/medium');
    expect(img.getAttribute('srcset')).toContain('/api/v1/market/photos/p1/large 1600w');
    expect(text('[data-testid="gallery-position"]')).toBe('1 of 2');
    await click($('[data-testid="gallery-next"]'));
    expect($('[data-testid="gallery-photo"]')?.getAttribute('src')).toBe('/api/v1/market/photos/p2/medium');
    expect(text('[data-testid="listing-stock"]')).toBe(en.market.left.replace('{{n}}', '3'));
    expect($$('#quantity option')).toHaveLength(3);
    expect($('[data-testid="seller-link"]')?.getAttribute('href')).toBe('/market/sellers/s1');
    await choose('#quantity', '2');
    await submit('[data-testid="add-form"]');
    await until(() => $('[data-testid="added"]'));
    expect(text('[data-testid="basket-count"]')).toBe('2');
    expect(JSON.parse(localStorage.getItem('skupaj.market.basket') ?? '[]')).toMatchObject([{ listing_id: 'a', quantity: 2, pickup_venues: [{ id: 'v1' }] }]);
  });

  it('says how long a made-to-order piece takes', async () => {
    serve({ 'GET /api/v1/market/catalogue/m': () => json(listing('m', { stock: null, made_to_order: true, lead_time_days: 10 })) });
    await show('/market/listings/m');
    await until(() => $('[data-testid="listing-stock"]'));
    expect(text('[data-testid="listing-stock"]')).toBe(en.market.lead_time.replace('{{days}}', '10'));
    expect($$('#quantity option')).toHaveLength(20);
  });
});

describe('the basket and checkout', () => {
  const fill = async () => {
    await type('#co-name', 'Ana');
    await type('#co-contact', 'ana@example.org');
  };

  it('orders for pickup with an Idempotency-Key that a retry re-uses, and names what is out of stock', async () => {
    update((items) => add(add(items, itemOf(listing('a'), 2)), itemOf(listing('b'), 1)));
    let answer = 0;
    serve({
      'POST /api/v1/market/orders': () => {
        answer += 1;
        if (answer === 1) return Promise.reject(new TypeError('Failed to fetch'));
        if (answer === 2) return problem(409, 'out_of_stock', { listings: ['b'] });
        return json({ order: publicOrder(), token: 'TOKEN' }, 201);
      },
      'GET /api/v1/market/orders/track/TOKEN': () => json(publicOrder()),
    });
    await show('/market/basket');
    await until(() => $('[data-testid="checkout"]'));
    expect($$('[data-testid="basket-line"]')).toHaveLength(2);
    expect(text('[data-testid="basket-total"]')).toContain('€30.00');
    // Nothing filled in: the fields say what is missing, nothing is sent.
    await submit('[data-testid="checkout"]');
    expect($('#co-name')?.getAttribute('aria-invalid')).toBe('true');
    expect(called('POST', '/api/v1/market/orders')).toHaveLength(0);
    await fill();
    // The one venue is chosen already.
    expect($<HTMLSelectElement>('#co-venue')?.value).toBe('v1');
    await submit('[data-testid="checkout"]');
    await until(() => $('[data-testid="checkout-error"]'));
    await submit('[data-testid="checkout"]');
    await until(() => $('[data-testid="out-of-stock"]'));
    expect(text('[data-testid="out-of-stock"]')).toContain('Listing b');
    expect(text('[data-testid="out-of-stock"]')).not.toContain('Listing a');
    const [lost, refused] = called('POST', '/api/v1/market/orders');
    const key = lost?.headers.get('Idempotency-Key');
    expect(key).toMatch(/^[0-9a-f-]{36}$/);
    expect(refused?.headers.get('Idempotency-Key')).toBe(key);
    expect(refused?.body).toMatchObject({ items: [{ listing_id: 'a', quantity: 2 }, { listing_id: 'b', quantity: 1 }], buyer: { name: 'Ana', email: 'ana@example.org' }, fulfilment: 'pickup', venue_id: 'v1', payment_method: 'bank_transfer', language: 'en' });
    // The buyer lowers nothing but takes b out: a new order, a new key.
    await click($$('[data-testid="line-remove"]')[1]);
    await submit('[data-testid="checkout"]');
    await until(() => $('[data-testid="order-status"]'));
    const placed = called('POST', '/api/v1/market/orders')[2];
    expect(placed?.headers.get('Idempotency-Key')).not.toBe(key);
    expect(placed?.body).toMatchObject({ items: [{ listing_id: 'a', quantity: 2 }] });
    expect(location.pathname).toBe('/market/orders/TOKEN');
    expect(localStorage.getItem('skupaj.market.basket')).toBeNull();
  });

  it('shows 422 field errors at their fields, and allows cash only at pickup', async () => {
    update((items) => add(items, itemOf(listing('a'), 1)));
    serve({ 'POST /api/v1/market/orders': () => problem(422, 'validation_failed', { errors: [{ field: 'buyer.email', code: 'email', message: 'bad' }] }) });
    await show('/market/basket');
    await fill();
    await check('[data-testid="post"]');
    expect($<HTMLInputElement>('[data-testid="pay-cash"]')?.disabled).toBe(true);
    await type('#co-address', 'Trg 1, Ljubljana');
    await submit('[data-testid="checkout"]');
    await until(() => $('#co-contact-error'));
    expect(text('#co-contact-error')).toBe(en.market.checkout.contact_invalid);
    expect($('[data-testid="checkout-error"]')).toBeNull();
  });

  it('warns when the items are of different organisations and orders one group at a time', async () => {
    update((items) => add(add(items, itemOf(listing('a'), 1)), itemOf(listing('b', { organization: { id: 'org-2', name: 'Other NGO' } }), 1)));
    await show('/market/basket');
    await until(() => $('[data-testid="basket-mixed"]'));
    expect($('[data-testid="checkout"]')).toBeNull();
    await click($$('[data-testid="choose-group"]')[1]);
    await until(() => $('[data-testid="checkout"]'));
  });
});

describe('the order’s page', () => {
  it('shows the state, the QR code to scan, IBAN and reference, keeps the token out of the title, and cancels', async () => {
    serve({
      'GET /api/v1/market/orders/track/SECRET': () => json(publicOrder()),
      'POST /api/v1/market/orders/track/SECRET/cancel': () => json(publicOrder({ state: 'cancelled', state_label: 'Preklicano', history: [{ event: 'placed', at: '2026-12-01T10:00:00Z' }, { event: 'cancelled', at: '2026-12-01T11:00:00Z' }] })),
    });
    await show('/market/orders/SECRET');
    await until(() => $('[data-testid="order-status"]'));
    expect(text('[data-testid="order-state"]')).toContain(en.market.state.placed);
    expect($('[data-testid="qr"]')?.getAttribute('src')).toBe('/api/v1/market/orders/track/TOKEN/qr.svg');
    expect(text('[data-testid="payment"]')).toContain(en.market.order.scan);
    expect(text('[data-testid="iban"]')).toBe('SI56 1910 0000 0123 438');
    expect(text('[data-testid="payment-reference"]')).toBe('SI00 2026-0042');
    expect(text('[data-testid="order-venue"]')).toContain('Skupaj centre');
    expect(document.title).not.toContain('SECRET');
    await click($('[data-testid="cancel-order"]'));
    await click(await until(() => $('dialog [data-testid="confirm"]')));
    await until(() => text('[data-testid="order-state"]').includes(en.market.state.cancelled));
    expect($('[data-testid="cancel-order"]')).toBeNull();
    expect($('[data-testid="payment"]')).toBeNull();
  });

  it('says so when the link does not work', async () => {
    await show('/market/orders/WRONG');
    await until(() => text('.market').includes(en.market.order.not_found));
  });
});
