import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/errors';
import { groups, itemOf } from './basket';
import { listing } from '../../testing/market';
import { attemptKeeper, contactOf, emptyDraft, orderBody, refusalOf, validate, type CheckoutDraft } from './checkout';

const group = groups([itemOf(listing('a'), 2), itemOf(listing('b'), 1)])[0]!;
const draft = (extra: Partial<CheckoutDraft> = {}): CheckoutDraft => ({ ...emptyDraft([{ id: 'v1' }]), name: 'Ana', contact: 'ana@example.org', ...extra });

describe('the checkout', () => {
  it('asks for a name, a contact, a venue or an address, and allows cash only at pickup', () => {
    expect(validate(emptyDraft([]))).toEqual({ name: 'required', contact: 'required', venue_id: 'required' });
    expect(validate(draft())).toEqual({});
    expect(validate(draft({ contact: 'ana at home' }))).toEqual({ contact: 'contact' });
    expect(validate(draft({ fulfilment: 'post' }))).toEqual({ address: 'required' });
    expect(validate(draft({ fulfilment: 'post', address: 'Trg 1, Ljubljana', payment_method: 'cash' }))).toEqual({ payment_method: 'cash_pickup' });
  });

  it('tells an e-mail address from a phone number', () => {
    expect(contactOf(' ana@example.org ')).toEqual({ email: 'ana@example.org' });
    expect(contactOf('+386 40 123 456')).toEqual({ phone: '+38640123456' });
    expect(contactOf('hello')).toBeNull();
  });

  it('sends the group’s items, the buyer, the language and the venue', () => {
    expect(orderBody(draft({ note: ' red please ' }), group, 'sl')).toEqual({
      items: [
        { listing_id: 'a', quantity: 2 },
        { listing_id: 'b', quantity: 1 },
      ],
      buyer: { name: 'Ana', email: 'ana@example.org' },
      language: 'sl',
      fulfilment: 'pickup',
      venue_id: 'v1',
      note: 'red please',
      payment_method: 'bank_transfer',
    });
    const post = orderBody(draft({ fulfilment: 'post', address: ' Trg 1 ', contact: '040 123 456' }), group, 'en');
    expect(post).toMatchObject({ fulfilment: 'post', address: 'Trg 1', buyer: { name: 'Ana', phone: '040123456' } });
    expect(post).not.toHaveProperty('venue_id');
  });

  it('keeps the Idempotency-Key while the order is the same, and takes a new one when it changes', () => {
    let n = 0;
    const keeper = attemptKeeper(() => `key-${++n}`);
    const body = orderBody(draft(), group, 'en');
    expect(keeper.keyFor(body)).toBe('key-1');
    expect(keeper.keyFor({ ...body })).toBe('key-1');
    expect(keeper.keyFor({ ...body, note: 'changed' })).toBe('key-2');
    keeper.forget();
    expect(keeper.keyFor({ ...body, note: 'changed' })).toBe('key-3');
  });

  it('names the listings that are out of stock (409), in whatever form the problem gives them', () => {
    const ids = ['a', 'b'];
    expect(refusalOf(new ApiError(409, { code: 'out_of_stock', listings: ['b'] }), ids)).toEqual({ outOfStock: ['b'], fields: {}, general: false });
    expect(refusalOf(new ApiError(409, { code: 'out_of_stock', errors: [{ field: 'items[1].quantity', code: 'out_of_stock' }] }), ids).outOfStock).toEqual(['b']);
    expect(refusalOf(new ApiError(409, { code: 'out_of_stock', detail: 'not enough left of a' }), ids).outOfStock).toEqual(['a']);
    expect(refusalOf(new ApiError(409, { code: 'out_of_stock' }), ids)).toEqual({ outOfStock: [], fields: {}, general: true });
  });

  it('puts 422 field errors at their fields, and the rest on the whole form', () => {
    const r = refusalOf(new ApiError(422, { code: 'validation_failed', errors: [{ field: 'buyer.email', code: 'email' }, { field: 'venue_id', code: 'archived' }] }), ['a']);
    expect(r).toEqual({ outOfStock: [], fields: { contact: 'email', venue_id: 'archived' }, general: false });
    expect(refusalOf(new ApiError(422, { code: 'validation_failed', errors: [{ field: 'currency', code: 'mixed' }] }), ['a']).general).toBe(true);
    expect(refusalOf(new TypeError('Failed to fetch'), ['a']).general).toBe(true);
  });
});
