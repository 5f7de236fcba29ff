// The listing form's draft: what the seller types, checked, and turned into
// the API's ListingFields (euros → cents; stock or made to order).
import type { Listing, ListingCategory, ListingFields, ListingOrigin } from '../api';
import { centsToInput, parsePrice } from '../money';

export interface ListingDraft {
  /** Language code → title / description (the seller's language first). */
  title: Record<string, string>;
  description: Record<string, string>;
  category: ListingCategory | '';
  price: string;
  madeToOrder: boolean;
  stock: string;
  leadTime: string;
  origin: ListingOrigin;
  country: string;
  materials: string;
  dimensions: string;
  publish: boolean;
  /** The photo-shoot meeting it was photographed at ('' for none). */
  photoShoot: string;
  /** The seller (staff choose one for a new listing; '' for a seller's own). */
  seller: string;
}

export const emptyListing = (lang: string): ListingDraft => ({
  title: { [lang]: '' },
  description: { [lang]: '' },
  category: '',
  price: '',
  madeToOrder: false,
  stock: '1',
  leadTime: '14',
  origin: 'handmade',
  country: '',
  materials: '',
  dimensions: '',
  publish: true,
  photoShoot: '',
  seller: '',
});

export function draftOf(l: Listing): ListingDraft {
  return {
    title: { ...l.title },
    description: { ...l.description },
    category: l.category,
    price: centsToInput(l.price_cents),
    madeToOrder: l.made_to_order,
    stock: String(l.stock ?? 1),
    leadTime: String(l.lead_time_days ?? 14),
    origin: l.origin,
    country: l.origin_country ?? '',
    materials: l.materials ?? '',
    dimensions: l.dimensions ?? '',
    publish: l.status === 'published' || l.status === 'in_review' || l.status === 'sold_out',
    photoShoot: l.photo_shoot_id ?? '',
    seller: l.seller_id,
  };
}

export type ListingField = 'seller_id' | 'title' | 'category' | 'price_cents' | 'stock' | 'lead_time_days' | 'origin_country' | 'description' | 'materials' | 'dimensions';

const whole = (s: string, min: number, max: number) => {
  const t = s.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n >= min && n <= max ? n : null;
};

/** Field → code of what is wrong ('required', 'range', 'too_long'); empty when it can be sent. */
export function checkListing(d: ListingDraft, { needSeller = false } = {}): Partial<Record<ListingField, string>> {
  const out: Partial<Record<ListingField, string>> = {};
  if (needSeller && !d.seller) out.seller_id = 'required';
  const titles = Object.values(d.title).map((s) => s.trim()).filter(Boolean);
  if (titles.length === 0) out.title = 'required';
  else if (titles.some((s) => s.length > 120)) out.title = 'too_long';
  if (Object.values(d.description).some((s) => s.trim().length > 4000)) out.description = 'too_long';
  if (!d.category) out.category = 'required';
  const cents = parsePrice(d.price);
  if (!d.price.trim()) out.price_cents = 'required';
  else if (cents === null || cents > 10_000_000) out.price_cents = 'range';
  if (d.madeToOrder && whole(d.leadTime, 1, 365) === null) out.lead_time_days = 'range';
  if (!d.madeToOrder && whole(d.stock, 0, 100_000) === null) out.stock = 'range';
  if (d.origin === 'origin_country' && !d.country) out.origin_country = 'required';
  return out;
}

const texts = (m: Record<string, string>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));

/** The body for POST /market/listings (or, without `status`, for a PATCH). */
export function listingBody(d: ListingDraft): ListingFields {
  const made = d.madeToOrder;
  return {
    title: texts(d.title),
    description: texts(d.description),
    category: d.category as ListingCategory,
    price_cents: parsePrice(d.price) ?? 0,
    currency: 'EUR',
    stock: made ? null : Number(d.stock.trim()),
    lead_time_days: made ? Number(d.leadTime.trim()) : null,
    origin: d.origin,
    origin_country: d.origin === 'origin_country' ? d.country : null,
    materials: d.materials.trim() || null,
    dimensions: d.dimensions.trim() || null,
    status: d.publish ? 'published' : 'draft',
    photo_shoot_id: d.photoShoot || null,
    ...(d.seller ? { seller_id: d.seller } : {}),
  };
}

/** Maps a 422 field path ("title.en", "price_cents") to the form's field. */
export function listingFieldOf(path: string): ListingField | null {
  const head = path.split(/[.[]/)[0] ?? '';
  const known: readonly string[] = ['seller_id', 'title', 'category', 'price_cents', 'stock', 'lead_time_days', 'origin_country', 'description', 'materials', 'dimensions'];
  return known.includes(head) ? (head as ListingField) : null;
}
