// The market's API: its types and thin calls, on the app's client (same base
// URL, same access token and 401 renewal as src/api/client.ts).
//
// TODO(lead): HAND-WRITTEN until the market is in openapi.yaml (branches
// mk-listings, mk-catalogue, mk-orders). Then: `npm run gen:api`, replace
// each interface below by `components['schemas'][…]` of the same name, and
// `pending` by `api`. Nothing outside this file needs to change.
import type { Client } from 'openapi-fetch';
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { components } from '../api/schema';
import type { Page } from '../components/usePaged';

type Schemas = components['schemas'];

export type ListingCategory = 'textiles' | 'jewellery' | 'ceramics' | 'woodwork' | 'food' | 'art' | 'home' | 'other';
export const CATEGORIES: readonly ListingCategory[] = ['textiles', 'jewellery', 'ceramics', 'woodwork', 'food', 'art', 'home', 'other'];
export type ListingOrigin = 'handmade' | 'origin_country';
export type ListingStatus = 'draft' | 'in_review' | 'published' | 'sold_out' | 'archived';
export type OrderState = 'placed' | 'confirmed' | 'ready' | 'completed' | 'cancelled';
export const ORDER_STATES: readonly OrderState[] = ['placed', 'confirmed', 'ready', 'completed', 'cancelled'];
export type Fulfilment = 'pickup' | 'post';
export type PaymentMethod = 'bank_transfer' | 'cash';
export type OrderEvent = 'confirm' | 'mark_paid' | 'ready' | 'complete' | 'cancel';
export type CatalogueSort = 'newest' | 'price_asc' | 'price_desc';
/** Text in several languages: language code → text. */
export type Texts = Record<string, string>;

export interface Image {
  url: string;
  width: number;
  height: number;
}
export interface Photo {
  id: string;
  position: number;
  thumbnail: Image;
  medium: Image;
  large: Image;
  alt_text?: string | null;
}

export interface MarketSettings {
  iban: string | null;
  account_holder: string | null;
  bic: string | null;
  /** Basis points: 1000 = 10 %. */
  commission_bp: number;
  require_approval: boolean;
  updated_at?: string | null;
  version: number;
}

export interface SellerFields {
  participant_id?: string;
  public_name: string;
  story: Texts;
  municipality?: string | null;
  iban?: string | null;
  account_holder?: string | null;
}
export interface Seller {
  id: string;
  participant_id: string | null;
  public_name: string;
  story: Texts;
  municipality: string | null;
  paused_at: string | null;
  iban?: string | null;
  account_holder?: string | null;
  listing_count: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ListingFields {
  seller_id?: string;
  title: Texts;
  description: Texts;
  category: ListingCategory;
  materials?: string | null;
  dimensions?: string | null;
  origin: ListingOrigin;
  origin_country?: string | null;
  price_cents: number;
  currency?: string;
  stock?: number | null;
  lead_time_days?: number | null;
  status?: 'draft' | 'published';
  photo_shoot_id?: string | null;
}
export interface Listing {
  id: string;
  seller_id: string;
  seller_name: string;
  title: Texts;
  description: Texts;
  category: ListingCategory;
  materials: string | null;
  dimensions: string | null;
  origin: ListingOrigin;
  origin_country: string | null;
  price_cents: number;
  currency: string;
  stock: number | null;
  made_to_order: boolean;
  lead_time_days: number | null;
  status: ListingStatus;
  photo_shoot_id: string | null;
  photos: Photo[];
  published_at: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}
export type ListingPatch = Partial<Omit<ListingFields, 'status' | 'seller_id'>> & {
  status?: 'draft' | 'published' | 'archived';
  version: number;
};

export interface CatalogueItem {
  id: string;
  title: string;
  price_cents: number;
  currency: string;
  category: ListingCategory;
  thumbnail: Image | null;
  seller: { id: string; public_name: string };
  sold_out: boolean;
  made_to_order: boolean;
  lead_time_days: number | null;
  origin: ListingOrigin;
  origin_country: string | null;
}
export interface Venue {
  id: string;
  name: string;
  address: string | null;
}
export interface CatalogueListing {
  id: string;
  title: string;
  description: string;
  category: ListingCategory;
  materials: string | null;
  dimensions: string | null;
  origin: ListingOrigin;
  origin_country: string | null;
  price_cents: number;
  currency: string;
  /** Items left; null when made to order. */
  stock: number | null;
  sold_out: boolean;
  made_to_order: boolean;
  lead_time_days: number | null;
  photos: Photo[];
  seller: { id: string; public_name: string; municipality: string | null };
  organization: { id: string; name: string };
  pickup_venues: Venue[];
  /** The language of title and description (the asked one, or the fallback). */
  language?: string;
  published_at?: string | null;
}
export interface PublicSeller {
  id: string;
  public_name: string;
  story: string;
  municipality: string | null;
}
export interface CatalogueQuery {
  q?: string;
  category?: ListingCategory;
  min_price?: number;
  max_price?: number;
  sort?: CatalogueSort;
  seller_id?: string;
  limit?: number;
  cursor?: string;
  lang?: string;
}

export interface OrderLine {
  listing_id: string;
  quantity: number;
}
export interface OrderRequest {
  items: OrderLine[];
  buyer: { name: string; email?: string; phone?: string };
  language: string;
  fulfilment: Fulfilment;
  venue_id?: string;
  address?: string;
  note?: string;
  payment_method: PaymentMethod;
}
export interface PaymentDetails {
  iban: string;
  account_holder: string;
  bic: string | null;
  amount_cents: number;
  currency: string;
  reference: string;
  qr_url: string;
}
export interface PublicOrder {
  id: string;
  reference: string;
  state: OrderState;
  state_label: string;
  items: { listing_id: string; title: string; quantity: number; unit_price_cents: number }[];
  total_cents: number;
  currency: string;
  fulfilment: Fulfilment;
  pickup_venue: { name: string; address: string | null } | null;
  payment_method: PaymentMethod;
  paid: boolean;
  payment: PaymentDetails | null;
  history: { event: string; at: string }[];
  placed_at: string;
  release_at: string | null;
}
export interface PlacedOrder {
  order: PublicOrder;
  token: string;
}
/** An order as staff (or a seller: their lines only, the buyer's name only) see it. */
export interface Order {
  id: string;
  reference: string;
  state: OrderState;
  cancel_reason: string | null;
  buyer: {
    name: string | null;
    email: string | null;
    phone: string | null;
    address: string | null;
    note: string | null;
    language: string;
    erased_at: string | null;
  };
  fulfilment: Fulfilment;
  venue_id: string | null;
  payment_method: PaymentMethod;
  currency: string;
  total_cents: number;
  items: { id: string; listing_id: string; seller_id: string; title: Texts; quantity: number; unit_price_cents: number; from_stock: boolean }[];
  history: { event: string; at: string }[];
  placed_at: string;
  paid_at: string | null;
  confirmed_at: string | null;
  ready_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  updated_at: string;
  version: number;
}
export interface Earnings {
  seller_id: string;
  month: string;
  commission_bp: number;
  currencies: { currency: string; completed_orders: number; gross_cents: number; commission_cents: number; net_cents: number }[];
}

// ---------------------------------------------------------------------------
// TODO(lead): the paths, until they are generated.
type Json<T> = { content: { 'application/json': T } };
type P = { content: { 'application/problem+json': Schemas['Problem'] } };
type Id = { path: { id: string } };
type Errors = { 400: P; 401: P; 403: P; 404: P; 409: P; 422: P };
interface PendingPaths {
  '/api/v1/market/settings': {
    get: { responses: { 200: Json<MarketSettings> } & Errors };
    patch: { requestBody: Json<Partial<MarketSettings> & { version: number }>; responses: { 200: Json<MarketSettings> } & Errors };
  };
  '/api/v1/market/sellers': {
    get: { parameters: { query?: { cursor?: string; limit?: number } }; responses: { 200: Json<Page<Seller>> } & Errors };
    post: { requestBody: Json<SellerFields>; responses: { 201: Json<Seller> } & Errors };
  };
  '/api/v1/market/sellers/me': { get: { responses: { 200: Json<Seller> } & Errors } };
  '/api/v1/market/sellers/{id}': {
    patch: { parameters: Id; requestBody: Json<{ paused?: boolean; version: number }>; responses: { 200: Json<Seller> } & Errors };
  };
  '/api/v1/market/listings': {
    get: { parameters: { query?: { status?: ListingStatus; seller_id?: string; cursor?: string; limit?: number } }; responses: { 200: Json<Page<Listing>> } & Errors };
    post: { requestBody: Json<ListingFields>; responses: { 201: Json<Listing> } & Errors };
  };
  '/api/v1/market/listings/{id}': {
    get: { parameters: Id; responses: { 200: Json<Listing> } & Errors };
    patch: { parameters: Id; requestBody: Json<ListingPatch>; responses: { 200: Json<Listing> } & Errors };
  };
  '/api/v1/market/listings/{id}/photos/{photo_id}': {
    delete: { parameters: { path: { id: string; photo_id: string } }; responses: { 204: { content?: never } } & Errors };
  };
  '/api/v1/market/catalogue': { get: { parameters: { query?: CatalogueQuery }; responses: { 200: Json<Page<CatalogueItem>> } & Errors } };
  '/api/v1/market/catalogue/{id}': { get: { parameters: Id & { query?: { lang?: string } }; responses: { 200: Json<CatalogueListing> } & Errors } };
  '/api/v1/market/catalogue/sellers/{id}': { get: { parameters: Id & { query?: { lang?: string } }; responses: { 200: Json<PublicSeller> } & Errors } };
  '/api/v1/market/orders': {
    get: { parameters: { query?: { state?: OrderState; cursor?: string; limit?: number } }; responses: { 200: Json<Page<Order>> } & Errors };
    post: { parameters: { header: { 'Idempotency-Key': string } }; requestBody: Json<OrderRequest>; responses: { 201: Json<PlacedOrder> } & Errors };
  };
  '/api/v1/market/orders/{id}/events': {
    post: { parameters: Id; requestBody: Json<{ event: OrderEvent; version: number }>; responses: { 200: Json<Order> } & Errors };
  };
  '/api/v1/market/orders/track/{token}': { get: { parameters: { path: { token: string } }; responses: { 200: Json<PublicOrder> } & Errors } };
  '/api/v1/market/orders/track/{token}/cancel': { post: { parameters: { path: { token: string } }; responses: { 200: Json<PublicOrder> } & Errors } };
  '/api/v1/market/earnings': { get: { parameters: { query?: { month?: string; seller_id?: string } }; responses: { 200: Json<Earnings> } & Errors } };
  '/api/v1/market/reports/sales.csv': { get: { parameters: { query: { month: string } }; responses: { 200: { content: { 'text/csv': string } } } & Errors } };
}
const pending = api as unknown as Client<PendingPaths>;
// ---------------------------------------------------------------------------

const id = (value: string) => ({ params: { path: { id: value } } });

export const getSettings = () => unwrap(pending.GET('/api/v1/market/settings'));
export const saveSettings = (body: Partial<MarketSettings> & { version: number }) => unwrap(pending.PATCH('/api/v1/market/settings', { body }));

export const listSellers = (cursor?: string) => unwrap(pending.GET('/api/v1/market/sellers', { params: { query: { ...(cursor ? { cursor } : {}), limit: 50 } } }));
export const createSeller = (body: SellerFields) => unwrap(pending.POST('/api/v1/market/sellers', { body }));
export const pauseSeller = (sellerId: string, paused: boolean, version: number) =>
  unwrap(pending.PATCH('/api/v1/market/sellers/{id}', { ...id(sellerId), body: { paused, version } }));

/** The caller's own seller record, or null when they are not a seller yet (404). */
export async function mySeller(): Promise<Seller | null> {
  try {
    return await unwrap(pending.GET('/api/v1/market/sellers/me'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const listListings = (cursor?: string, status?: ListingStatus) =>
  unwrap(pending.GET('/api/v1/market/listings', { params: { query: { ...(cursor ? { cursor } : {}), ...(status ? { status } : {}), limit: 50 } } }));
export const getListing = (listingId: string) => unwrap(pending.GET('/api/v1/market/listings/{id}', id(listingId)));
export const createListing = (body: ListingFields) => unwrap(pending.POST('/api/v1/market/listings', { body }));
export const patchListing = (listingId: string, body: ListingPatch) => unwrap(pending.PATCH('/api/v1/market/listings/{id}', { ...id(listingId), body }));
export const deletePhoto = (listingId: string, photoId: string) =>
  unwrap(pending.DELETE('/api/v1/market/listings/{id}/photos/{photo_id}', { params: { path: { id: listingId, photo_id: photoId } } }));

/** The catalogue's query without empty values (no `q=` for an empty search box). */
export function catalogueQuery(query: CatalogueQuery): CatalogueQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '' && v !== null)) as CatalogueQuery;
}
export const catalogue = (query: CatalogueQuery) => unwrap(pending.GET('/api/v1/market/catalogue', { params: { query: catalogueQuery(query) } }));
export const catalogueListing = (listingId: string, lang: string) =>
  unwrap(pending.GET('/api/v1/market/catalogue/{id}', { params: { path: { id: listingId }, query: { lang } } }));
export const publicSeller = (sellerId: string, lang: string) =>
  unwrap(pending.GET('/api/v1/market/catalogue/sellers/{id}', { params: { path: { id: sellerId }, query: { lang } } }));

export const placeOrder = (body: OrderRequest, key: string) =>
  unwrap(pending.POST('/api/v1/market/orders', { params: { header: { 'Idempotency-Key': key } }, body }));
export const trackOrder = (token: string) => unwrap(pending.GET('/api/v1/market/orders/track/{token}', { params: { path: { token } } }));
export const cancelTracked = (token: string) => unwrap(pending.POST('/api/v1/market/orders/track/{token}/cancel', { params: { path: { token } } }));
export const listOrders = (state: OrderState | undefined, cursor?: string) =>
  unwrap(pending.GET('/api/v1/market/orders', { params: { query: { ...(state ? { state } : {}), ...(cursor ? { cursor } : {}), limit: 50 } } }));
export const orderEvent = (orderId: string, event: OrderEvent, version: number) =>
  unwrap(pending.POST('/api/v1/market/orders/{id}/events', { ...id(orderId), body: { event, version } }));
export const earnings = (month: string) => unwrap(pending.GET('/api/v1/market/earnings', { params: { query: { month } } }));

/** The month's sales report (CSV) as a Blob: fetched with the access token, saved by the caller. */
export async function salesReport(month: string): Promise<Blob> {
  const { data, error, response } = await pending.GET('/api/v1/market/reports/sales.csv', { params: { query: { month } }, parseAs: 'blob' });
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(response.status, error);
  return data;
}
