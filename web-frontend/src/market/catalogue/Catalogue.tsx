// /market — the public catalogue, no login: a search box, category chips, a
// price range and the order; a grid of listings (one column on a phone)
// with lazy thumbnails, and "Load more" (keyset paging).
import { useState } from 'preact/hooks';
import { MoreButton } from '../../components/MoreButton';
import { NotReady } from '../../components/NotReady';
import { usePaged } from '../../components/usePaged';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { catalogue, CATEGORIES, type CatalogueItem, type CatalogueSort, type ListingCategory } from '../api';
import { parsePrice } from '../money';
import { MarketBar, Price, Thumb, useCategory, useOrigin } from '../parts';

/**
 * Listings per page: the first page, thumbnails included, stays under the
 * issue's 200 kB on mobile data (the app's code is about 70 kB compressed;
 * a 320 px thumbnail some 10 kB, and lazy loading fetches only those in view).
 */
export const PAGE_SIZE = 12;

export default function Catalogue() {
  const { t, lang } = useI18n();
  useTitle(t('market.title'));
  const category = useCategory();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [cat, setCat] = useState<ListingCategory | ''>('');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [range, setRange] = useState<{ min?: number; max?: number }>({});
  const [sort, setSort] = useState<CatalogueSort>('newest');
  const list = usePaged<CatalogueItem>(
    (cursor) => catalogue({ q: search, category: cat || undefined, min_price: range.min, max_price: range.max, sort, lang, cursor, limit: PAGE_SIZE }),
    [search, cat, range.min, range.max, sort, lang],
    { keepOnChange: true },
  );

  const apply = (e: Event) => {
    e.preventDefault();
    setSearch(q.trim());
    setRange({ min: parsePrice(min) ?? undefined, max: parsePrice(max) ?? undefined });
  };

  return (
    <div class="market">
      <MarketBar back={false} />
      <h1>{t('market.title')}</h1>
      <p class="lead">{t('market.lead')}</p>
      <form class="market-filters" role="search" onSubmit={apply} data-testid="catalogue-search">
        <div class="field search-field">
          <label for="market-q">{t('market.search')}</label>
          <div class="search-row">
            <input id="market-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} enterKeyHint="search" data-testid="market-q" />
            <button type="submit">{t('market.search_button')}</button>
          </div>
        </div>
        <div class="chips" role="group" aria-label={t('market.category_label')}>
          {(['', ...CATEGORIES] as const).map((c) => (
            <button type="button" key={c || 'all'} class={cat === c ? 'chip chosen' : 'chip'} aria-pressed={cat === c ? 'true' : 'false'} onClick={() => setCat(c)} data-testid={`chip-${c || 'all'}`}>
              {c ? category(c) : t('market.all')}
            </button>
          ))}
        </div>
        <div class="filter-row">
          <div class="field">
            <label for="market-min">{t('market.min_price')}</label>
            <input id="market-min" inputMode="decimal" value={min} onInput={(e) => setMin(e.currentTarget.value)} dir="ltr" size={6} />
          </div>
          <div class="field">
            <label for="market-max">{t('market.max_price')}</label>
            <input id="market-max" inputMode="decimal" value={max} onInput={(e) => setMax(e.currentTarget.value)} dir="ltr" size={6} />
          </div>
          <div class="field">
            <label for="market-sort">{t('market.sort')}</label>
            <select id="market-sort" value={sort} onChange={(e) => setSort(e.currentTarget.value as CatalogueSort)} data-testid="market-sort">
              <option value="newest">{t('market.sort_newest')}</option>
              <option value="price_asc">{t('market.sort_price_asc')}</option>
              <option value="price_desc">{t('market.sort_price_desc')}</option>
            </select>
          </div>
        </div>
      </form>
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.items.length === 0 ? (
        <p class="empty" data-testid="catalogue-empty">
          {t('market.nothing_found')}
        </p>
      ) : (
        <ListingGrid items={list.data.items} />
      )}
      <MoreButton paged={list} />
    </div>
  );
}

/** Listings as cards: a grid on a wide screen, one column on a phone. */
export function ListingGrid({ items }: { items: readonly CatalogueItem[] }) {
  const { t } = useI18n();
  const category = useCategory();
  const origin = useOrigin();
  return (
    <ul class="listing-grid" data-testid="catalogue">
      {items.map((item) => (
        <li key={item.id} class="listing-card" data-testid="listing-card">
          <a href={`/market/listings/${item.id}`} class="card-link">
            <Thumb image={item.thumbnail} alt="" />
            <span class="card-title" dir="auto">{item.title}</span>
          </a>
          <p class="card-price">
            <Price cents={item.price_cents} currency={item.currency} />
            {item.sold_out && <span class="tag tag-bad">{t('market.sold_out')}</span>}
            {item.made_to_order && <span class="tag">{t('market.made_to_order')}</span>}
          </p>
          <p class="card-meta">
            {category(item.category)} · {origin(item.origin, item.origin_country)}
          </p>
          <p class="card-meta">
            <a href={`/market/sellers/${item.seller.id}`}>{item.seller.public_name}</a>
          </p>
        </li>
      ))}
    </ul>
  );
}
