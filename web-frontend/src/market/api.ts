// The market's API: its types and thin calls, on the app's client (same base
// URL, same access token and 401 renewal as src/api/client.ts). The types are
// the generated ones (src/api/schema.d.ts, from openapi.yaml); only the
// multilingual objects the schema leaves open (`{"<lang>": text}`) are
// narrowed to Texts here, and the merge-patch bodies carry their `version`.
import { api } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import type { components, operations } from '../api/schema';
import type { Page } from '../components/usePaged';

type Schemas = components['schemas'];
/** Text in several languages: language code → text. */
export type Texts = Record<string, string>;
/** `T` with the multilingual fields `K` as Texts (the schema has them as open objects). */
type WithTexts<T, K extends keyof T> = Omit<T, K> & { [P in K]: Texts };

export type ListingCategory = Schemas['ListingCategory'];
export const CATEGORIES: readonly ListingCategory[] = ['textiles', 'jewellery', 'ceramics', 'woodwork', 'food', 'art', 'home', 'other'];
export type ListingOrigin = Schemas['ListingOrigin'];
export type ListingStatus = Schemas['ListingStatus'];
export type OrderState = Schemas['OrderState'];
export const ORDER_STATES: readonly OrderState[] = ['placed', 'confirmed', 'ready', 'completed', 'cancelled'];
export type Fulfilment = Schemas['Fulfilment'];
export type PaymentMethod = Schemas['PaymentMethod'];
export type OrderEvent = Schemas['OrderEvent'];
export type CatalogueQuery = NonNullable<operations['list_catalogue']['parameters']['query']>;
export type CatalogueSort = NonNullable<CatalogueQuery['sort']>;

export type Image = Schemas['PhotoSize'];
export type Photo = Schemas['Photo'];
export type MarketSettings = Schemas['MarketSettings'];
export type MarketSettingsPatch = Partial<Schemas['MarketSettingsFields']> & { version: number };

export type SellerFields = WithTexts<Schemas['SellerFields'], 'story'>;
export type Seller = WithTexts<Schemas['Seller'], 'story'>;

export type ListingFields = Omit<WithTexts<Schemas['ListingFields'], 'title'>, 'description' | 'status'> & {
  description?: Texts;
  status?: 'draft' | 'published';
};
export type Listing = WithTexts<Schemas['Listing'], 'title' | 'description'>;
export type ListingPatch = Partial<Omit<ListingFields, 'status' | 'seller_id'>> & {
  status?: 'draft' | 'published' | 'archived';
  version: number;
};

export type CatalogueItem = Schemas['CatalogueItem'];
/** A venue to pick an order up at, as the catalogue names it (with its id). */
export type Venue = Schemas['CatalogueVenue'];
export type CatalogueListing = Schemas['CatalogueListing'];
export type PublicSeller = Schemas['PublicSeller'];

export type OrderLine = Schemas['OrderLineInput'];
export type OrderRequest = Schemas['OrderRequest'];
export type PaymentDetails = Schemas['PaymentDetails'];
export type PublicOrder = Schemas['PublicOrder'];
export type PlacedOrder = Schemas['PlacedOrder'];
/** An order as staff (or a seller: their lines only, the buyer's name only) see it. */
export type Order = Omit<Schemas['Order'], 'items'> & { items: WithTexts<Schemas['OrderItem'], 'title'>[] };
export type Earnings = Schemas['Earnings'];

const id = (value: string) => ({ params: { path: { id: value } } });
/**
 * A body as the generated type has it: its multilingual objects are open
 * (`Record<string, never>`) there, and a merge patch is partial with its
 * `version` beside the fields (as meetings/model.ts sends them).
 */
const asBody = <T>(body: unknown) => body as T;

export const getSettings = () => unwrap(api.GET('/api/v1/market/settings'));
export const saveSettings = (body: MarketSettingsPatch) =>
  unwrap(api.PATCH('/api/v1/market/settings', { body: asBody<Schemas['MarketSettingsFields']>(body) }));

export const listSellers = (cursor?: string) => unwrap(api.GET('/api/v1/market/sellers', { params: { query: { ...(cursor ? { cursor } : {}), limit: 50 } } }));
export const createSeller = (body: SellerFields) => unwrap(api.POST('/api/v1/market/sellers', { body: asBody<Schemas['SellerFields']>(body) }));
export const pauseSeller = (sellerId: string, paused: boolean, version: number) =>
  unwrap(api.PATCH('/api/v1/market/sellers/{id}', { ...id(sellerId), body: asBody<Schemas['SellerFields']>({ paused, version }) }));

/** The caller's own seller record, or null when they are not a seller yet (404). */
export async function mySeller(): Promise<Seller | null> {
  try {
    return (await unwrap(api.GET('/api/v1/market/sellers/me'))) as Seller;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Filters of the listings' list (staff see the organisation's, a seller their own). */
export interface ListingFilters {
  status?: ListingStatus | '';
  seller_id?: string;
  q?: string;
}
export const listListings = (cursor?: string, status?: ListingStatus | ListingFilters) => {
  const f: ListingFilters = typeof status === 'string' ? { status } : (status ?? {});
  const query = Object.fromEntries(Object.entries({ ...f, q: f.q?.trim() }).filter(([, v]) => v)) as Omit<ListingFilters, 'status'> & { status?: ListingStatus };
  return unwrap(api.GET('/api/v1/market/listings', { params: { query: { ...query, ...(cursor ? { cursor } : {}), limit: 50 } } })) as Promise<Page<Listing>>;
};
/** A photo-shoot meeting a listing can link to (the caller sees those open to them). */
export type PhotoShoot = Pick<Schemas['Meeting'], 'id' | 'display_title' | 'starts_at'>;
export const listPhotoShoots = (lang: string) =>
  unwrap(api.GET('/api/v1/meetings', { params: { query: { kind: 'photo_shoot', lang, limit: 100 } } })).then((p) => p.items as PhotoShoot[]);
export const getListing = (listingId: string) => unwrap(api.GET('/api/v1/market/listings/{id}', id(listingId))) as Promise<Listing>;
export const createListing = (body: ListingFields) => unwrap(api.POST('/api/v1/market/listings', { body: asBody<Schemas['ListingFields']>(body) })) as Promise<Listing>;
export const patchListing = (listingId: string, body: ListingPatch) => unwrap(api.PATCH('/api/v1/market/listings/{id}', { ...id(listingId), body: asBody<Schemas['ListingFields']>(body) })) as Promise<Listing>;
export const deletePhoto = (listingId: string, photoId: string) =>
  unwrap(api.DELETE('/api/v1/market/listings/{id}/photos/{photo_id}', { params: { path: { id: listingId, photo_id: photoId } } }));

/** The catalogue's query without empty values (no `q=` for an empty search box). */
export function catalogueQuery(query: CatalogueQuery): CatalogueQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '' && v !== null)) as CatalogueQuery;
}
export const catalogue = (query: CatalogueQuery) => unwrap(api.GET('/api/v1/market/catalogue', { params: { query: catalogueQuery(query) } }));
export const catalogueListing = (listingId: string, lang: string) =>
  unwrap(api.GET('/api/v1/market/catalogue/{id}', { params: { path: { id: listingId }, query: { lang } } })) as Promise<CatalogueListing>;
export const publicSeller = (sellerId: string, lang: string) =>
  unwrap(api.GET('/api/v1/market/catalogue/sellers/{id}', { params: { path: { id: sellerId }, query: { lang } } }));

export const placeOrder = (body: OrderRequest, key: string) =>
  unwrap(api.POST('/api/v1/market/orders', { params: { header: { 'Idempotency-Key': key } }, body }));
export const trackOrder = (token: string) => unwrap(api.GET('/api/v1/market/orders/track/{token}', { params: { path: { token } } }));
export const cancelTracked = (token: string) => unwrap(api.POST('/api/v1/market/orders/track/{token}/cancel', { params: { path: { token } } }));
export const listOrders = (state: OrderState | undefined, cursor?: string) =>
  unwrap(api.GET('/api/v1/market/orders', { params: { query: { ...(state ? { state } : {}), ...(cursor ? { cursor } : {}), limit: 50 } } })) as Promise<Page<Order>>;
export const orderEvent = (orderId: string, event: OrderEvent, version: number) =>
  unwrap(api.POST('/api/v1/market/orders/{id}/events', { ...id(orderId), body: { event, version } })) as Promise<Order>;
export const earnings = (month: string) => unwrap(api.GET('/api/v1/market/earnings', { params: { query: { month } } }));

/** The month's sales report (CSV) as a Blob: fetched with the access token, saved by the caller. */
export async function salesReport(month: string): Promise<Blob> {
  const { data, error, response } = await api.GET('/api/v1/market/reports/sales.csv', { params: { query: { month } }, parseAs: 'blob' });
  if (!response.ok || !(data instanceof Blob)) throw new ApiError(response.status, error);
  return data;
}
