// Market data for tests, as the API gives it.
import type { CatalogueItem, CatalogueListing, Listing, Photo, PublicOrder } from '../market/api';

export function listing(id: string, extra: Partial<CatalogueListing> = {}): CatalogueListing {
  return {
    id,
    title: `Listing ${id}`,
    description: '',
    category: 'textiles',
    materials: null,
    dimensions: null,
    origin: 'handmade',
    origin_country: null,
    price_cents: 1000,
    currency: 'EUR',
    stock: 5,
    sold_out: false,
    made_to_order: false,
    lead_time_days: null,
    photos: [],
    seller: { id: 's1', public_name: 'Amina', municipality: 'Ljubljana' },
    organization: { id: 'org-1', name: 'Skupaj Demo' },
    pickup_venues: [{ id: 'v1', name: 'Skupaj centre', address: 'Vida Pregarčeva 11' }],
    language: 'en',
    ...extra,
  };
}


export const photo = (id: string): Photo => ({
  id,
  position: 0,
  thumbnail: { url: `/api/v1/market/photos/${id}/thumbnail`, width: 320, height: 240 },
  medium: { url: `/api/v1/market/photos/${id}/medium`, width: 800, height: 600 },
  large: { url: `/api/v1/market/photos/${id}/large`, width: 1600, height: 1200 },
  alt_text: null,
});

export const item = (id: string, extra: Partial<CatalogueItem> = {}): CatalogueItem => ({
  id,
  title: `Listing ${id}`,
  price_cents: 1250,
  currency: 'EUR',
  category: 'textiles',
  thumbnail: photo(`p-${id}`).thumbnail,
  seller: { id: 's1', public_name: 'Amina' },
  sold_out: false,
  made_to_order: false,
  lead_time_days: null,
  origin: 'handmade',
  origin_country: null,
  ...extra,
});

export const myListing = (id: string, extra: Partial<Listing> = {}): Listing => ({
  id,
  seller_id: 's1',
  seller_name: 'Amina',
  title: { en: `Listing ${id}` },
  description: {},
  category: 'textiles',
  materials: null,
  dimensions: null,
  origin: 'handmade',
  origin_country: null,
  price_cents: 1250,
  currency: 'EUR',
  stock: 3,
  made_to_order: false,
  lead_time_days: null,
  status: 'published',
  photo_shoot_id: null,
  photos: [],
  published_at: '2026-11-30T10:00:00Z',
  created_at: '2026-11-30T10:00:00Z',
  updated_at: '2026-11-30T10:00:00Z',
  version: 1,
  ...extra,
});

export const publicOrder = (extra: Partial<PublicOrder> = {}): PublicOrder => ({
  id: 'o1',
  reference: 'SK-2026-0042',
  state: 'placed',
  state_label: 'Oddano',
  items: [{ listing_id: 'a', title: 'Listing a', quantity: 2, unit_price_cents: 1000 }],
  total_cents: 2000,
  currency: 'EUR',
  fulfilment: 'pickup',
  pickup_venue: { name: 'Skupaj centre', address: 'Vida Pregarčeva 11' },
  payment_method: 'bank_transfer',
  paid: false,
  payment: {
    iban: 'SI56191000000123438',
    account_holder: 'Skupaj Demo',
    bic: null,
    amount_cents: 2000,
    currency: 'EUR',
    reference: 'SI00 2026-0042',
    qr_url: '/api/v1/market/orders/track/TOKEN/qr.svg',
  },
  history: [{ event: 'placed', at: '2026-12-01T10:00:00Z' }],
  placed_at: '2026-12-01T10:00:00Z',
  release_at: '2026-12-04T10:00:00Z',
  ...extra,
});
