// The basket: listings (of one or more sellers, maybe of more than one
// organisation) with quantities, kept in localStorage so that it survives a
// reload or a closed tab. Pure functions, and a hook that shares one basket
// between every component showing it.
import { useEffect, useState } from 'preact/hooks';
import type { CatalogueListing, Image, Venue } from '../api';
import { totalsByCurrency } from '../money';

export const STORAGE_KEY = 'skupaj.market.basket';
/** The most of one listing an order line takes (the API's limit). */
export const MAX_QUANTITY = 20;
/** The most lines an order takes (the API's limit). */
export const MAX_LINES = 30;

export interface BasketItem {
  listing_id: string;
  title: string;
  price_cents: number;
  currency: string;
  quantity: number;
  thumbnail: Image | null;
  seller: { id: string; public_name: string };
  organization: { id: string; name: string };
  pickup_venues: Venue[];
  /** Items left when added (null: made to order). */
  stock: number | null;
}

/** The most of an item one may put in the basket: 20, or fewer when fewer are left. */
export const maxQuantity = (item: Pick<BasketItem, 'stock'>) => Math.max(1, Math.min(MAX_QUANTITY, item.stock ?? MAX_QUANTITY));

const clamp = (item: Pick<BasketItem, 'stock'>, quantity: number) => Math.max(1, Math.min(maxQuantity(item), Math.floor(quantity) || 1));

/** A basket item for a listing as the catalogue shows it. */
export function itemOf(listing: CatalogueListing, quantity: number): BasketItem {
  const item: BasketItem = {
    listing_id: listing.id,
    title: listing.title,
    price_cents: listing.price_cents,
    currency: listing.currency,
    quantity: 1,
    thumbnail: listing.photos[0]?.thumbnail ?? null,
    seller: { id: listing.seller.id, public_name: listing.seller.public_name },
    organization: listing.organization,
    pickup_venues: listing.pickup_venues,
    stock: listing.stock ?? null,
  };
  return { ...item, quantity: clamp(item, quantity) };
}

/** Adds an item; the same listing again adds to its quantity (up to its limit), with its latest price and stock. */
export function add(items: readonly BasketItem[], item: BasketItem): BasketItem[] {
  const old = items.find((i) => i.listing_id === item.listing_id);
  if (!old) return [...items, { ...item, quantity: clamp(item, item.quantity) }];
  return items.map((i) => (i.listing_id === item.listing_id ? { ...item, quantity: clamp(item, old.quantity + item.quantity) } : i));
}

/** Sets an item's quantity (0 or less takes it out). */
export function setQuantity(items: readonly BasketItem[], listingId: string, quantity: number): BasketItem[] {
  if (quantity <= 0) return remove(items, listingId);
  return items.map((i) => (i.listing_id === listingId ? { ...i, quantity: clamp(i, quantity) } : i));
}

export const remove = (items: readonly BasketItem[], listingId: string) => items.filter((i) => i.listing_id !== listingId);

/** The number of things in the basket (quantities added up). */
export const count = (items: readonly BasketItem[]) => items.reduce((n, i) => n + i.quantity, 0);

/** What the items cost, per currency. */
export const totals = (items: readonly BasketItem[]) => totalsByCurrency(items.map((i) => ({ currency: i.currency, cents: i.price_cents * i.quantity })));

/** Items ordered together: one organisation and one currency (an order may not mix them). */
export interface BasketGroup {
  key: string;
  organization: { id: string; name: string };
  currency: string;
  items: BasketItem[];
  total_cents: number;
}

export function groups(items: readonly BasketItem[]): BasketGroup[] {
  const byKey = new Map<string, BasketGroup>();
  for (const item of items) {
    const key = `${item.organization.id}|${item.currency}`;
    const g = byKey.get(key) ?? { key, organization: item.organization, currency: item.currency, items: [], total_cents: 0 };
    g.items.push(item);
    g.total_cents += item.price_cents * item.quantity;
    byKey.set(key, g);
  }
  return [...byKey.values()];
}

function valid(value: unknown): value is BasketItem {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<BasketItem>;
  return (
    typeof v.listing_id === 'string' &&
    typeof v.title === 'string' &&
    typeof v.price_cents === 'number' &&
    typeof v.currency === 'string' &&
    typeof v.quantity === 'number' &&
    v.quantity > 0 &&
    typeof v.organization?.id === 'string' &&
    typeof v.seller?.id === 'string' &&
    Array.isArray(v.pickup_venues)
  );
}

/** The stored basket; an unreadable or damaged one is an empty basket. */
export function load(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): BasketItem[] {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(valid) : [];
  } catch {
    return [];
  }
}

export function save(items: readonly BasketItem[], storage: Pick<Storage, 'setItem' | 'removeItem'> | undefined = globalThis.localStorage): void {
  try {
    if (items.length === 0) storage?.removeItem(STORAGE_KEY);
    else storage?.setItem(STORAGE_KEY, JSON.stringify(items));
  } catch {
    /* storage full or disabled: the basket lasts for this page only */
  }
}

// One basket for every component of the page (and other tabs, via the storage event).
let current: BasketItem[] | null = null;
const listeners = new Set<(items: BasketItem[]) => void>();

function items(): BasketItem[] {
  current ??= load();
  return current;
}

/** Changes the basket, stores it and tells every component showing it. */
export function update(change: (items: BasketItem[]) => BasketItem[]): void {
  current = change(items());
  save(current);
  for (const l of listeners) l(current);
}

/** Forgets the shared copy (tests: after localStorage was cleared). */
export function reset(): void {
  current = null;
}

/** The basket, re-rendering when it changes (here or in another tab). */
export function useBasket(): BasketItem[] {
  const [state, setState] = useState(items);
  useEffect(() => {
    listeners.add(setState);
    const onStorage = (e: StorageEvent) => {
      if (e.key !== STORAGE_KEY && e.key !== null) return;
      current = load();
      for (const l of listeners) l(current);
    };
    window.addEventListener('storage', onStorage);
    setState(items());
    return () => {
      listeners.delete(setState);
      window.removeEventListener('storage', onStorage);
    };
  }, []);
  return state;
}
