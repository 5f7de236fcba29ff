// The checkout of one basket group: name, e-mail or phone, pickup at a venue
// or post to an address, a note, bank transfer or cash (cash only at
// pickup). Sends the order with an Idempotency-Key kept with the attempt; a
// refusal shows at the item (out of stock) or at the field (422).
import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { useI18n } from '../../i18n';
import { placeOrder } from '../api';
import { rememberOrder } from '../orders/remembered';
import { remove, update, type BasketGroup } from './basket';
import { attemptKeeper, emptyDraft, orderBody, refusalOf, validate, type CheckoutDraft, type CheckoutField, type CheckoutRefusal } from './checkout';

/** The venues of the group's organisation (every item of one organisation offers the same). */
const venuesOf = (group: BasketGroup) => group.items[0]?.pickup_venues ?? [];

export function Checkout({ group }: { group: BasketGroup }) {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const venues = venuesOf(group);
  const [d, setD] = useState<CheckoutDraft>(() => emptyDraft(venues));
  const [shown, setShown] = useState<Partial<Record<CheckoutField, string>>>({});
  const [refusal, setRefusal] = useState<CheckoutRefusal | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const attempt = useRef(attemptKeeper());
  const set = (change: Partial<CheckoutDraft>) => setD((old) => ({ ...old, ...change }));

  const message = (field: CheckoutField): string | null => {
    const code = shown[field];
    if (!code) return null;
    if (code === 'required') return t('market.checkout.required');
    if (code === 'contact' || code === 'email' || code === 'phone') return t('market.checkout.contact_invalid');
    if (code === 'cash_pickup') return t('market.checkout.cash_pickup');
    if (code === 'too_long' || code === 'length') return t('market.checkout.too_long');
    return t('market.checkout.invalid');
  };

  const send = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const problems = validate(d);
    setShown(problems);
    setRefusal(null);
    setError(null);
    if (Object.keys(problems).length > 0) {
      setTimeout(() => document.querySelector<HTMLElement>('.checkout [aria-invalid="true"]')?.focus(), 0);
      return;
    }
    const body = orderBody(d, group, lang);
    setBusy(true);
    try {
      const placed = await placeOrder(body, attempt.current.keyFor(body));
      attempt.current.forget();
      rememberOrder(placed.order.reference, placed.token);
      update((items) => group.items.reduce((rest, i) => remove(rest, i.listing_id), items));
      route(`/market/orders/${placed.token}`);
    } catch (err) {
      const r = refusalOf(err, (body.items ?? []).map((i) => i.listing_id));
      setRefusal(r);
      setShown(r.fields);
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const field = (name: CheckoutField) => ({ 'aria-invalid': shown[name] ? ('true' as const) : undefined, 'aria-describedby': shown[name] ? `co-${name}-error` : undefined });
  const fieldError = (name: CheckoutField) =>
    message(name) && (
      <p class="field-error" id={`co-${name}-error`}>
        {message(name)}
      </p>
    );
  const outOfStock = group.items.filter((i) => refusal?.outOfStock.includes(i.listing_id));

  return (
    <form class="checkout" onSubmit={send} noValidate data-testid="checkout">
      <h2>{t('market.checkout.title')}</h2>
      {outOfStock.length > 0 && (
        <div class="alert" role="alert" data-testid="out-of-stock">
          <p>{t('market.checkout.out_of_stock')}</p>
          <ul>
            {outOfStock.map((i) => (
              <li key={i.listing_id} dir="auto">
                {i.title}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div class="field">
        <label for="co-name">{t('market.checkout.name')}</label>
        <input id="co-name" value={d.name} onInput={(e) => set({ name: e.currentTarget.value })} autocomplete="name" {...field('name')} />
        {fieldError('name')}
      </div>
      <div class="field">
        <label for="co-contact">{t('market.checkout.contact')}</label>
        <p class="hint">{t('market.checkout.contact_hint')}</p>
        <input id="co-contact" value={d.contact} onInput={(e) => set({ contact: e.currentTarget.value })} dir="ltr" inputMode="email" autocomplete="email" {...field('contact')} />
        {fieldError('contact')}
      </div>
      <fieldset class="choices">
        <legend>{t('market.checkout.delivery')}</legend>
        <label>
          <input type="radio" name="fulfilment" checked={d.fulfilment === 'pickup'} onChange={() => set({ fulfilment: 'pickup' })} data-testid="pickup" /> {t('market.checkout.pickup')}
        </label>
        <label>
          <input type="radio" name="fulfilment" checked={d.fulfilment === 'post'} onChange={() => set({ fulfilment: 'post', payment_method: 'bank_transfer' })} data-testid="post" /> {t('market.checkout.post')}
        </label>
      </fieldset>
      {d.fulfilment === 'pickup' ? (
        <div class="field">
          <label for="co-venue">{t('market.checkout.venue')}</label>
          <select id="co-venue" value={d.venue_id} onChange={(e) => set({ venue_id: e.currentTarget.value })} {...field('venue_id')}>
            <option value="">{t('market.checkout.choose_venue')}</option>
            {venues.map((v) => (
              <option key={v.id} value={v.id}>
                {v.address ? `${v.name} — ${v.address}` : v.name}
              </option>
            ))}
          </select>
          {fieldError('venue_id')}
        </div>
      ) : (
        <div class="field">
          <label for="co-address">{t('market.checkout.address')}</label>
          <textarea id="co-address" rows={3} value={d.address} onInput={(e) => set({ address: e.currentTarget.value })} autocomplete="street-address" {...field('address')} />
          {fieldError('address')}
        </div>
      )}
      <fieldset class="choices">
        <legend>{t('market.checkout.payment')}</legend>
        <label>
          <input type="radio" name="payment" checked={d.payment_method === 'bank_transfer'} onChange={() => set({ payment_method: 'bank_transfer' })} data-testid="pay-bank" /> {t('market.pay.bank_transfer')}
        </label>
        <label>
          <input type="radio" name="payment" checked={d.payment_method === 'cash'} disabled={d.fulfilment !== 'pickup'} onChange={() => set({ payment_method: 'cash' })} data-testid="pay-cash" /> {t('market.pay.cash')}
        </label>
        {fieldError('payment_method')}
      </fieldset>
      <div class="field">
        <label for="co-note">{t('market.checkout.note')}</label>
        <textarea id="co-note" rows={2} maxLength={2000} value={d.note} onInput={(e) => set({ note: e.currentTarget.value })} {...field('note')} />
        {fieldError('note')}
      </div>
      {fieldError('items')}
      {refusal?.general && error !== null && <ProblemNote error={error} testId="checkout-error" />}
      <button type="submit" class="send" disabled={busy} data-testid="place-order">
        {busy ? t('common.working') : t('market.checkout.place')}
      </button>
    </form>
  );
}
