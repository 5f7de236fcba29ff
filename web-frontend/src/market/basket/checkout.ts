// The checkout's logic: the form's draft, what is missing before sending,
// the order to send, the Idempotency-Key kept with an attempt, and what a
// refusal means for the form (out of stock: which item; 422: which field).
import { ApiError } from '../../api/errors';
import { isProblem } from '../../api/problem';
import { uuid } from '../../participants/text';
import type { Fulfilment, OrderRequest, PaymentMethod } from '../api';
import type { BasketGroup } from './basket';

export interface CheckoutDraft {
  name: string;
  contact: string;
  fulfilment: Fulfilment;
  venue_id: string;
  address: string;
  note: string;
  payment_method: PaymentMethod;
}

export const emptyDraft = (venues: readonly { id: string }[]): CheckoutDraft => ({
  name: '',
  contact: '',
  fulfilment: 'pickup',
  venue_id: venues.length === 1 ? (venues[0]?.id ?? '') : '',
  address: '',
  note: '',
  payment_method: 'bank_transfer',
});

/** The form's fields, by the names the API gives in 422 `errors[].field`. */
export type CheckoutField = 'name' | 'contact' | 'venue_id' | 'address' | 'payment_method' | 'note' | 'items';
export type CheckoutProblem = 'required' | 'contact' | 'cash_pickup' | 'invalid' | 'too_long' | 'out_of_stock';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[\d\s()./-]{6,20}$/;

/** An e-mail address or a phone number, told apart. */
export function contactOf(contact: string): { email: string } | { phone: string } | null {
  const c = contact.trim();
  if (EMAIL.test(c)) return { email: c };
  if (PHONE.test(c) && (c.match(/\d/g)?.length ?? 0) >= 6) return { phone: c.replace(/[\s()./-]/g, '') };
  return null;
}

/** What the buyer must still give, by field; empty when the order can be sent. */
export function validate(d: CheckoutDraft): Partial<Record<CheckoutField, CheckoutProblem>> {
  const out: Partial<Record<CheckoutField, CheckoutProblem>> = {};
  if (!d.name.trim()) out.name = 'required';
  if (!d.contact.trim()) out.contact = 'required';
  else if (!contactOf(d.contact)) out.contact = 'contact';
  if (d.fulfilment === 'pickup' && !d.venue_id) out.venue_id = 'required';
  if (d.fulfilment === 'post' && !d.address.trim()) out.address = 'required';
  if (d.payment_method === 'cash' && d.fulfilment !== 'pickup') out.payment_method = 'cash_pickup';
  if (d.note.length > 2000) out.note = 'too_long';
  return out;
}

/** The order to send for the group's items. */
export function orderBody(d: CheckoutDraft, group: BasketGroup, language: string): OrderRequest {
  const body: OrderRequest = {
    items: group.items.map((i) => ({ listing_id: i.listing_id, quantity: i.quantity })),
    buyer: { name: d.name.trim(), ...(contactOf(d.contact) ?? {}) },
    language,
    fulfilment: d.fulfilment,
    payment_method: d.fulfilment === 'pickup' ? d.payment_method : 'bank_transfer',
  };
  if (d.fulfilment === 'pickup') body.venue_id = d.venue_id;
  else body.address = d.address.trim();
  if (d.note.trim()) body.note = d.note.trim();
  return body;
}

/**
 * The Idempotency-Key of an attempt: the same while the order sent is the
 * same (a retry after a lost answer is the same order, never a second one),
 * a new one once the buyer changes it.
 */
export function attemptKeeper(newKey: () => string = uuid) {
  let last: { body: string; key: string } | null = null;
  return {
    keyFor(order: OrderRequest): string {
      const body = JSON.stringify(order);
      if (last?.body !== body) last = { body, key: newKey() };
      return last.key;
    },
    /** After a definite answer (placed, or refused for a reason a retry would not change). */
    forget() {
      last = null;
    },
  };
}

/** Maps a 422 field path of OrderRequest to the form's field. */
export function fieldOf(path: string): CheckoutField | null {
  if (path === 'buyer.name' || path === 'name') return 'name';
  if (/^buyer\.(email|phone)$|^buyer$|^email$|^phone$/.test(path)) return 'contact';
  if (path === 'venue_id' || path === 'address' || path === 'payment_method' || path === 'note') return path;
  if (path === 'fulfilment') return 'address';
  if (path.startsWith('items')) return 'items';
  return null;
}

/** What a refused order means for the form. */
export interface CheckoutRefusal {
  /** Listings that are out of stock (409 `out_of_stock`), by id. */
  outOfStock: string[];
  /** Field → the server's code (422). */
  fields: Partial<Record<CheckoutField, string>>;
  /** True when nothing above says it (a message for the whole form). */
  general: boolean;
}

interface ProblemWithListings {
  code: string;
  errors?: { field: string; code: string }[];
  /** For `out_of_stock`: the ids of the listings without enough stock. */
  listings?: string[];
  detail?: string;
}

export function refusalOf(error: unknown, listingIds: readonly string[]): CheckoutRefusal {
  const problem = (error instanceof ApiError ? error.problem : error) as ProblemWithListings | null;
  const status = error instanceof ApiError ? error.status : 0;
  const out: CheckoutRefusal = { outOfStock: [], fields: {}, general: false };
  if (!isProblem(problem)) return { ...out, general: true };
  if (problem.code === 'out_of_stock' || (status === 409 && problem.code !== 'conflict')) {
    // The problem names the listings (`listings`), else `errors[]` or its detail do.
    const named = new Set<string>();
    for (const id of problem.listings ?? []) named.add(id);
    for (const e of problem.errors ?? []) {
      const m = /^items\[(\d+)\]/.exec(e.field);
      const id = m ? listingIds[Number(m[1])] : listingIds.find((x) => e.field.includes(x));
      if (id) named.add(id);
    }
    for (const id of listingIds) if (problem.detail?.includes(id)) named.add(id);
    return { ...out, outOfStock: listingIds.filter((id) => named.has(id)), general: named.size === 0 };
  }
  let unplaced = false;
  for (const e of problem.errors ?? []) {
    const field = fieldOf(e.field);
    if (field) out.fields[field] ??= e.code;
    else unplaced = true;
  }
  out.general = unplaced || Object.keys(out.fields).length === 0;
  return out;
}
