// /market/listings/:id — one listing, public: photos, price, what is left (or
// how long making it takes), the seller, and "Add to basket" with a quantity.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { catalogueListing, type CatalogueListing } from '../api';
import { add, itemOf, maxQuantity, update } from '../basket/basket';
import { formatNumber } from '../money';
import { MarketBar, Price, useCategory, useOrigin } from '../parts';
import { Gallery } from './Gallery';

export default function ListingPage() {
  const { params } = useRoute();
  const { t, lang } = useI18n();
  const id = params.id ?? '';
  const load = useLoad(() => catalogueListing(id, lang), [id, lang]);
  useTitle(load.state === 'ready' ? load.data.title : t('market.title'));
  return (
    <div class="market">
      <MarketBar />
      {load.state === 'ready' ? <Listing listing={load.data} /> : <NotReady load={load} notFound={<p class="empty">{t('market.listing_gone')}</p>} />}
    </div>
  );
}

function Listing({ listing: l }: { listing: CatalogueListing }) {
  const { t, lang } = useI18n();
  const category = useCategory();
  const origin = useOrigin();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState(false);
  const stock = l.stock ?? null;
  const max = maxQuantity({ stock });
  const available = !l.sold_out && (stock === null || stock > 0);

  const onAdd = (e: Event) => {
    e.preventDefault();
    update((items) => add(items, itemOf(l, quantity)));
    setAdded(true);
  };

  return (
    <article class="listing-page" data-testid="listing">
      <Gallery photos={l.photos} title={l.title} />
      <div class="listing-facts">
        <h1 dir="auto">{l.title}</h1>
        <p class="listing-price">
          <Price cents={l.price_cents} currency={l.currency} testId="listing-price" />
        </p>
        <p data-testid="listing-stock">
          {l.made_to_order
            ? t('market.lead_time', { days: formatNumber(l.lead_time_days ?? 0, lang) })
            : available
              ? t('market.left', { n: formatNumber(l.stock ?? 0, lang) })
              : t('market.sold_out')}
        </p>
        <p class="card-meta">
          {category(l.category)} · {origin(l.origin, l.origin_country)}
        </p>
        <p>
          {t('market.by')}{' '}
          <a href={`/market/sellers/${l.seller.id}`} data-testid="seller-link">
            {l.seller.public_name}
          </a>
          {l.seller.municipality ? ` · ${l.seller.municipality}` : ''}
        </p>
        {available && (
          <form class="add-form" onSubmit={onAdd} data-testid="add-form">
            <div class="field">
              <label for="quantity">{t('market.quantity')}</label>
              <select id="quantity" value={String(quantity)} onChange={(e) => setQuantity(Number(e.currentTarget.value))} data-testid="quantity">
                {Array.from({ length: max }, (_, i) => i + 1).map((n) => (
                  <option key={n} value={String(n)}>
                    {formatNumber(n, lang)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" data-testid="add-to-basket">
              {t('market.add_to_basket')}
            </button>
          </form>
        )}
        {added && (
          <p class="notice" role="status" data-testid="added">
            {t('market.added')} <a href="/market/basket">{t('market.to_basket')}</a>
          </p>
        )}
        {l.description && <p class="listing-description" dir="auto">{l.description}</p>}
        <dl class="listing-details">
          {l.materials && (
            <>
              <dt>{t('market.materials')}</dt>
              <dd dir="auto">{l.materials}</dd>
            </>
          )}
          {l.dimensions && (
            <>
              <dt>{t('market.dimensions')}</dt>
              <dd dir="auto">{l.dimensions}</dd>
            </>
          )}
          <dt>{t('market.sold_by')}</dt>
          <dd>{l.organization.name}</dd>
        </dl>
      </div>
    </article>
  );
}
