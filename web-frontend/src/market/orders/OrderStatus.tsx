// /market/orders/:token — the buyer's order through its secret link: the
// state in the buyer's language, a timeline, the amount, IBAN, reference and
// the EPC QR code to scan with a banking app, the pickup venue, and Cancel
// while it is placed or confirmed. The token stays out of the title, and
// the server tells browsers to send no Referer.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { cancelTracked, trackOrder, type PublicOrder } from '../api';
import { formatNumber } from '../money';
import { MarketBar, Price } from '../parts';

export default function OrderStatusPage() {
  const { params } = useRoute();
  const { t } = useI18n();
  useTitle(t('market.order.title'));
  const token = params.token ?? '';
  const load = useLoad(() => trackOrder(token), [token]);
  return (
    <div class="market">
      <MarketBar />
      {load.state === 'ready' ? (
        <OrderView order={load.data} token={token} onChange={(o) => load.set(() => o)} />
      ) : (
        <NotReady load={load} notFound={<p class="empty">{t('market.order.not_found')}</p>} />
      )}
    </div>
  );
}

/** IBAN in groups of four, as it is printed ("SI56 1910 0000 0123 438"). */
export const groupIban = (iban: string) => iban.replace(/\s+/g, '').replace(/(.{4})/g, '$1 ').trim();

function OrderView({ order: o, token, onChange }: { order: PublicOrder; token: string; onChange: (o: PublicOrder) => void }) {
  const { t, lang } = useI18n();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const cancellable = o.state === 'placed' || o.state === 'confirmed';

  const cancel = async () => {
    setError(null);
    try {
      onChange(await cancelTracked(token));
    } catch (e) {
      setError(e);
    } finally {
      setAsking(false);
    }
  };

  return (
    <article class="order-status" data-testid="order-status">
      <h1>{t('market.order.title')}</h1>
      <p class="order-state" data-testid="order-state">
        <span class={`state state-${o.state}`}>{t(`market.state.${o.state}`)}</span>
        {o.paid && <span class="tag tag-ok">{t('market.order.paid')}</span>}
      </p>
      <p>
        {t('market.order.reference')}{' '}
        <strong dir="ltr" data-testid="order-reference">
          {o.reference}
        </strong>
      </p>
      <ul class="order-lines">
        {o.items.map((i) => (
          <li key={i.listing_id}>
            {formatNumber(i.quantity, lang)} × {i.title} — <Price cents={i.unit_price_cents * i.quantity} currency={o.currency} />
          </li>
        ))}
      </ul>
      <p class="basket-total">
        {t('market.basket.total')} <Price cents={o.total_cents} currency={o.currency} testId="order-total" />
      </p>
      {o.pickup_venue ? (
        <p data-testid="order-venue">
          {t('market.order.pickup_at')} <bdi><strong>{o.pickup_venue.name}</strong></bdi>
          {o.pickup_venue.address ? (
            <>
              {', '}
              <bdi>{o.pickup_venue.address}</bdi>
            </>
          ) : null}
        </p>
      ) : (
        <p>{t('market.order.by_post')}</p>
      )}
      {o.payment && !o.paid && o.state !== 'cancelled' && (
        <section class="payment" data-testid="payment">
          <h2>{t('market.order.pay_title')}</h2>
          <figure class="qr">
            <img src={o.payment.qr_url} width="220" height="220" alt={t('market.order.qr_alt')} data-testid="qr" />
            <figcaption>{t('market.order.scan')}</figcaption>
          </figure>
          <dl class="pay-details">
            <dt>{t('market.order.amount')}</dt>
            <dd>
              <Price cents={o.payment.amount_cents} currency={o.payment.currency} />
            </dd>
            <dt>{t('market.order.iban')}</dt>
            <dd dir="ltr" data-testid="iban">
              {groupIban(o.payment.iban)}
            </dd>
            <dt>{t('market.order.holder')}</dt>
            <dd>{o.payment.account_holder}</dd>
            {o.payment.bic && (
              <>
                <dt>BIC</dt>
                <dd dir="ltr">{o.payment.bic}</dd>
              </>
            )}
            <dt>{t('market.order.payment_reference')}</dt>
            <dd dir="ltr" data-testid="payment-reference">
              {o.payment.reference}
            </dd>
          </dl>
          {o.release_at && <p class="hint">{t('market.order.release', { date: formatDateTime(o.release_at, lang) })}</p>}
        </section>
      )}
      {o.payment_method === 'cash' && !o.paid && o.state !== 'cancelled' && <p class="notice">{t('market.order.cash')}</p>}
      <h2>{t('market.order.timeline')}</h2>
      <ol class="timeline" data-testid="timeline">
        {o.history.map((h, i) => (
          <li key={i}>
            <span>{eventLabel(t, h.event)}</span> <time dateTime={h.at}>{formatDateTime(h.at, lang)}</time>
          </li>
        ))}
      </ol>
      {error !== null && <ProblemNote error={error} testId="cancel-error" />}
      {cancellable && (
        <button type="button" class="danger" onClick={() => setAsking(true)} data-testid="cancel-order">
          {t('market.order.cancel')}
        </button>
      )}
      {asking && (
        <ConfirmDialog title={t('market.order.cancel_title')} confirmLabel={t('market.order.cancel')} cancelLabel={t('market.order.keep')} onConfirm={() => void cancel()} onCancel={() => setAsking(false)}>
          <p>{t('market.order.cancel_text')}</p>
        </ConfirmDialog>
      )}
    </article>
  );
}

const EVENTS = ['placed', 'confirmed', 'paid', 'ready', 'completed', 'cancelled'] as const;
/** A history event ("placed", "paid", or the event names "confirm", "mark_paid"…) in the UI language. */
export function eventLabel(t: ReturnType<typeof useI18n>['t'], event: string): string {
  const map: Record<string, (typeof EVENTS)[number]> = { place: 'placed', confirm: 'confirmed', mark_paid: 'paid', complete: 'completed', cancel: 'cancelled' };
  const e = map[event] ?? event;
  return (EVENTS as readonly string[]).includes(e) ? t(`market.event.${e as (typeof EVENTS)[number]}`) : event;
}
