import { describe, expect, it } from 'vitest';
import { listing } from '../../testing/market';
import { add, count, groups, itemOf, load, MAX_QUANTITY, remove, save, setQuantity, STORAGE_KEY, totals, type BasketItem } from './basket';

class MemoryStorage {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

describe('the basket', () => {
  it('adds listings, and the same listing again adds to its quantity', () => {
    let items: BasketItem[] = [];
    items = add(items, itemOf(listing('a'), 1));
    items = add(items, itemOf(listing('b', { price_cents: 250 }), 2));
    items = add(items, itemOf(listing('a'), 2));
    expect(items.map((i) => [i.listing_id, i.quantity])).toEqual([
      ['a', 3],
      ['b', 2],
    ]);
    expect(count(items)).toBe(5);
    expect(totals(items)).toEqual([{ currency: 'EUR', cents: 3500 }]);
  });

  it('never holds more than is left, nor more than 20, nor less than 1', () => {
    let items = add([], itemOf(listing('a', { stock: 3 }), 2));
    items = add(items, itemOf(listing('a', { stock: 3 }), 2));
    expect(items[0]?.quantity).toBe(3);
    items = add([], itemOf(listing('m', { stock: null, made_to_order: true, lead_time_days: 10 }), 50));
    expect(items[0]?.quantity).toBe(MAX_QUANTITY);
    items = setQuantity(items, 'm', 7);
    expect(items[0]?.quantity).toBe(7);
    expect(setQuantity(items, 'm', 0)).toEqual([]);
    expect(remove(items, 'm')).toEqual([]);
  });

  it('totals per currency, and groups the items by organisation and currency', () => {
    const items = [
      itemOf(listing('a'), 2),
      itemOf(listing('b', { organization: { id: 'org-2', name: 'Other' }, price_cents: 500 }), 1),
      itemOf(listing('c', { currency: 'CHF', price_cents: 300 }), 1),
    ];
    expect(totals(items)).toEqual([
      { currency: 'EUR', cents: 2500 },
      { currency: 'CHF', cents: 300 },
    ]);
    const g = groups(items);
    expect(g.map((x) => [x.organization.id, x.currency, x.items.map((i) => i.listing_id), x.total_cents])).toEqual([
      ['org-1', 'EUR', ['a'], 2000],
      ['org-2', 'EUR', ['b'], 500],
      ['org-1', 'CHF', ['c'], 300],
    ]);
  });

  it('is kept in storage, and a damaged copy is an empty basket', () => {
    const storage = new MemoryStorage();
    const items = [itemOf(listing('a'), 2)];
    save(items, storage);
    expect(load(storage)).toEqual(items);
    save([], storage);
    expect(storage.getItem(STORAGE_KEY)).toBeNull();
    storage.setItem(STORAGE_KEY, '{not json');
    expect(load(storage)).toEqual([]);
    storage.setItem(STORAGE_KEY, JSON.stringify([{ listing_id: 'x' }, items[0]]));
    expect(load(storage)).toEqual(items);
  });
});
