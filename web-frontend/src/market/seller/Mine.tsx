// /market/mine — the seller's phone screen: my listings with stock − / +
// (PATCH with the version), their status, "Add a listing", my orders and
// this month's earnings. A participant who is not a seller yet sees how to
// become one.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { earnings, getListing, listListings, listOrders, mySeller, patchListing, type Listing, type Seller } from '../api';
import { formatNumber } from '../money';
import { Price, Thumb } from '../parts';
import { pick, thisMonth } from '../texts';
import { BecomeSeller } from './BecomeSeller';


export default function Mine() {
  const { t } = useI18n();
  useTitle(t('market.mine.title'));
  const seller = useLoad(mySeller, []);
  if (seller.state !== 'ready') return <NotReady load={seller} />;
  if (!seller.data) return <BecomeSeller onDone={(s) => seller.set(() => s)} />;
  return <SellerHome seller={seller.data} />;
}

function SellerHome({ seller }: { seller: Seller }) {
  const { t } = useI18n();
  const listings = useLoad(() => listListings(), []);
  return (
    <div class="market seller-home">
      <h1>{t('market.mine.title')}</h1>
      <p class="lead">{seller.public_name}</p>
      {seller.paused_at && <p class="notice">{t('market.mine.paused')}</p>}
      <p>
        <a class="button-link" href="/market/mine/new" data-testid="add-listing">
          {t('market.mine.add')}
        </a>
      </p>
      <h2>{t('market.mine.listings')}</h2>
      {listings.state !== 'ready' ? (
        <NotReady load={listings} inline />
      ) : listings.data.items.length === 0 ? (
        <p class="empty">{t('market.mine.no_listings')}</p>
      ) : (
        <ul class="my-listings" data-testid="my-listings">
          {listings.data.items.map((l) => (
            <MyListing key={l.id} listing={l} onChange={(n) => listings.set((d) => ({ ...d, items: d.items.map((x) => (x.id === n.id ? n : x)) }))} />
          ))}
        </ul>
      )}
      <Earnings />
      <MyOrders />
    </div>
  );
}

function MyListing({ listing: l, onChange }: { listing: Listing; onChange: (l: Listing) => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const title = pick(l.title, lang);

  const change = async (patch: { stock?: number; status?: 'published' | 'draft' | 'archived' }) => {
    setBusy(true);
    setError(null);
    try {
      onChange(await patchListing(l.id, { ...patch, version: l.version }));
    } catch (e) {
      // Someone else changed it (409 version): load it again, the person presses again.
      if (e instanceof ApiError && e.status === 409) {
        try {
          onChange(await getListing(l.id));
        } catch {
          /* the error below says it */
        }
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="my-listing" data-testid="my-listing">
      <Thumb image={l.photos[0]?.thumbnail ?? null} alt="" />
      <div class="line-text">
        <a href={`/market/mine/${l.id}`}>{title}</a>
        <span>
          <Price cents={l.price_cents} currency={l.currency} /> · <span class={`status status-${l.status}`}>{t(`market.status.${l.status}`)}</span>
        </span>
        {l.status === 'draft' && (
          <button type="button" class="link-button" disabled={busy} onClick={() => void change({ status: 'published' })} data-testid="publish">
            {t('market.mine.publish')}
          </button>
        )}
      </div>
      {l.made_to_order ? (
        <span class="hint">{t('market.made_to_order')}</span>
      ) : (
        <div class="stepper" role="group" aria-label={t('market.mine.stock_of', { title })}>
          <button type="button" class="secondary" disabled={busy || (l.stock ?? 0) <= 0} onClick={() => void change({ stock: (l.stock ?? 0) - 1 })} aria-label={t('market.mine.less')} data-testid="stock-minus">
            −
          </button>
          <output aria-live="polite" data-testid="stock">
            {formatNumber(l.stock ?? 0, lang)}
          </output>
          <button type="button" class="secondary" disabled={busy} onClick={() => void change({ stock: (l.stock ?? 0) + 1 })} aria-label={t('market.mine.more')} data-testid="stock-plus">
            +
          </button>
        </div>
      )}
      {error !== null && <ProblemNote error={error} />}
    </li>
  );
}

function Earnings() {
  const { t, lang } = useI18n();
  const month = thisMonth();
  const load = useLoad(() => earnings(month), [month]);
  return (
    <section data-testid="earnings">
      <h2>{t('market.mine.earnings')}</h2>
      {load.state !== 'ready' ? (
        <NotReady load={load} inline />
      ) : load.data.currencies.length === 0 ? (
        <p class="empty">{t('market.mine.no_earnings')}</p>
      ) : (
        load.data.currencies.map((c) => (
          <dl class="pay-details" key={c.currency}>
            <dt>{t('market.mine.completed')}</dt>
            <dd>{formatNumber(c.completed_orders, lang)}</dd>
            <dt>{t('market.mine.gross')}</dt>
            <dd>
              <Price cents={c.gross_cents} currency={c.currency} />
            </dd>
            <dt>{t('market.mine.commission')}</dt>
            <dd>
              <Price cents={c.commission_cents} currency={c.currency} />
            </dd>
            <dt>{t('market.mine.net')}</dt>
            <dd>
              <strong>
                <Price cents={c.net_cents} currency={c.currency} testId="net" />
              </strong>
            </dd>
          </dl>
        ))
      )}
    </section>
  );
}

function MyOrders() {
  const { t, lang } = useI18n();
  const load = useLoad(() => listOrders(undefined), []);
  return (
    <section data-testid="my-orders">
      <h2>{t('market.mine.orders')}</h2>
      {load.state !== 'ready' ? (
        <NotReady load={load} inline />
      ) : load.data.items.length === 0 ? (
        <p class="empty">{t('market.mine.no_orders')}</p>
      ) : (
        <ul class="order-lines">
          {load.data.items.map((o) => (
            <li key={o.id}>
              <span dir="ltr">{o.reference}</span> · {t(`market.state.${o.state}`)} ·{' '}
              {o.items.map((i) => `${formatNumber(i.quantity, lang)} × ${pick(i.title, lang)}`).join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
