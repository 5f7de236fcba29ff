// /market/orders — the coordinator's orders board: grouped by state (placed,
// confirmed, ready, completed, cancelled) on a wide screen, one list with a
// state filter on a phone; each order with the steps it can take. And the
// month's sales report as CSV.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import { download } from '../../components/download';
import { MoreButton } from '../../components/MoreButton';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { usePaged } from '../../components/usePaged';
import { useTitle } from '../../components/useTitle';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { listOrders, ORDER_STATES, orderEvent, salesReport, type Order, type OrderEvent, type OrderState } from '../api';
import { formatNumber } from '../money';
import { Price } from '../parts';
import { listVenues } from '../../meetings/model';
import { pick, thisMonth } from '../texts';

/** The steps an order can take from its state (the server checks again: 409 invalid_transition). */
export function stepsOf(o: Pick<Order, 'state' | 'paid_at'>): OrderEvent[] {
  const paid = o.paid_at ? [] : (['mark_paid'] as const);
  switch (o.state) {
    case 'placed':
      return ['confirm', ...paid, 'cancel'];
    case 'confirmed':
      return [...paid, 'ready', 'cancel'];
    case 'ready':
      return [...paid, 'complete', 'cancel'];
    default:
      return [];
  }
}

export default function Board() {
  const { t, lang } = useI18n();
  useTitle(t('market.board.title'));
  const [filter, setFilter] = useState<OrderState | ''>('');
  const list = usePaged<Order>((cursor) => listOrders(filter || undefined, cursor), [filter]);
  // The orders name their venue by id: the organisation's venues give the names.
  const venues = useLoad(async () => new Map((await listVenues(true)).map((v) => [v.id, v.name])), []);
  const venueName = (id: string | null | undefined) => (id && venues.state === 'ready' ? (venues.data.get(id) ?? '') : '');
  const replace = (o: Order) => list.update((items) => items.map((x) => (x.id === o.id ? o : x)));
  const states = filter ? [filter] : ORDER_STATES;
  return (
    <div class="market board">
      <h1>{t('market.board.title')}</h1>
      <p>
        <a href="/market/manage">{t('market.manage.title')}</a> · <a href="/market/manage/listings">{t('market.staff.title')}</a>
      </p>
      <Report />
      <div class="field">
        <label for="state-filter">{t('market.board.filter')}</label>
        <select id="state-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value as OrderState | '')} data-testid="state-filter">
          <option value="">{t('market.all')}</option>
          {ORDER_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`market.state.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : (
        <div class="board-columns">
          {states.map((s) => {
            const orders = list.data.items.filter((o) => o.state === s);
            return (
              <section key={s} class="board-column" data-testid={`column-${s}`}>
                <h2>
                  {t(`market.state.${s}`)} <span class="badge">{formatNumber(orders.length, lang)}</span>
                </h2>
                <ul>
                  {orders.map((o) => (
                    <OrderCard key={o.id} order={o} venue={venueName(o.venue_id)} onChange={replace} />
                  ))}
                </ul>
              </section>
            );
          })}
        </div>
      )}
      <MoreButton paged={list} />
    </div>
  );
}

function OrderCard({ order: o, venue, onChange }: { order: Order; venue: string; onChange: (o: Order) => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const step = async (event: OrderEvent) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await orderEvent(o.id, event, o.version));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <li class="order-card" data-testid="order-card" data-order={o.id} data-reference={o.reference}>
      <p>
        <strong dir="ltr">{o.reference}</strong> · <Price cents={o.total_cents} currency={o.currency} />{' '}
        {o.paid_at ? <span class="tag tag-ok">{t('market.order.paid')}</span> : <span class="tag">{t('market.board.unpaid')}</span>}
      </p>
      <p class="card-meta">
        {o.buyer.name ?? (o.buyer.erased_at ? t('market.board.erased') : '')}
        {o.buyer.email ? ` · ${o.buyer.email}` : ''}
        {o.buyer.phone ? ` · ${o.buyer.phone}` : ''}
      </p>
      <ul class="order-lines">
        {o.items.map((i) => (
          <li key={i.listing_id}>
            {formatNumber(i.quantity, lang)} × {pick(i.title, lang)}
          </li>
        ))}
      </ul>
      <p class="card-meta">
        {o.fulfilment === 'pickup' ? `${t('market.checkout.pickup')}: ${venue}` : `${t('market.checkout.post')}: ${o.buyer.address ?? ''}`} · {t(`market.pay.${o.payment_method}`)} ·{' '}
        {formatDateTime(o.placed_at, lang)}
      </p>
      {o.buyer.note && <p class="hint">{o.buyer.note}</p>}
      <div class="actions">
        {stepsOf(o).map((e) => (
          <button key={e} type="button" class={e === 'cancel' ? 'danger' : e === 'mark_paid' ? 'secondary' : ''} disabled={busy} onClick={() => void step(e)} data-testid={`event-${e}`}>
            {t(`market.board.${e}`)}
          </button>
        ))}
      </div>
      {error !== null && <ProblemNote error={error} message={error instanceof ApiError && error.status === 409 ? t('market.board.conflict') : null} />}
    </li>
  );
}

function Report() {
  const { t } = useI18n();
  const [month, setMonth] = useState(thisMonth());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const get = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      download(await salesReport(month), `sales-${month}.csv`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="report-form" onSubmit={get} data-testid="sales-report">
      <div class="field">
        <label for="report-month">{t('market.board.month')}</label>
        <input id="report-month" type="month" value={month} onInput={(e) => setMonth(e.currentTarget.value)} dir="ltr" />
      </div>
      <button type="submit" class="secondary" disabled={busy || !/^\d{4}-\d{2}$/.test(month)} data-testid="download-report">
        {t('market.board.download')}
      </button>
      {error !== null && <ProblemNote error={error} />}
    </form>
  );
}
