// /market/manage/listings — for coordinators: all the organisation's
// listings, filtered by status, seller and words, each with its status, stock
// and seller; "Add a listing" for a seller, and each listing's form to change it.
import { useState } from 'preact/hooks';
import { MoreButton } from '../../components/MoreButton';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { usePaged } from '../../components/usePaged';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { listListings, type Listing, type ListingStatus } from '../api';
import { formatNumber } from '../money';
import { Price, Thumb } from '../parts';
import { pick } from '../texts';
import { allSellers } from './sellers';

const STATUSES: readonly ListingStatus[] = ['draft', 'in_review', 'published', 'sold_out', 'archived'];

export default function Listings() {
  const { t, lang } = useI18n();
  useTitle(t('market.staff.title'));
  const [status, setStatus] = useState<ListingStatus | ''>('');
  const [seller, setSeller] = useState('');
  const [words, setWords] = useState('');
  const [q, setQ] = useState('');
  const sellers = useLoad(allSellers, []);
  const list = usePaged<Listing>((cursor) => listListings(cursor, { status, seller_id: seller, q }), [status, seller, q], { keepOnChange: true });

  return (
    <div class="market staff-listings">
      <p class="sub-nav">
        <a href="/market/manage">{t('market.manage.title')}</a> · <a href="/market/orders">{t('market.board.title')}</a>
      </p>
      <h1>{t('market.staff.title')}</h1>
      <p>
        <a class="button-link" href="/market/manage/listings/new" data-testid="add-listing">
          {t('market.staff.add')}
        </a>
      </p>
      <form
        class="staff-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(words);
        }}
        data-testid="listing-filters"
      >
        <div class="field">
          <label for="sl-q">{t('market.search')}</label>
          <div class="search-row">
            <input id="sl-q" type="search" dir="auto" value={words} onInput={(e) => setWords(e.currentTarget.value)} />
            <button type="submit" class="secondary">
              {t('market.search_button')}
            </button>
          </div>
        </div>
        <div class="field">
          <label for="sl-status">{t('market.staff.status')}</label>
          <select id="sl-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as ListingStatus | '')}>
            <option value="">{t('market.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`market.status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="sl-seller">{t('market.staff.seller')}</label>
          <select id="sl-seller" value={seller} onChange={(e) => setSeller(e.currentTarget.value)}>
            <option value="">{t('market.all')}</option>
            {sellers.state === 'ready' &&
              sellers.data.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.public_name}
                </option>
              ))}
          </select>
        </div>
      </form>
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.items.length === 0 ? (
        <p class="empty">{t('market.nothing_found')}</p>
      ) : (
        <ul class="my-listings" data-testid="staff-listings">
          {list.data.items.map((l) => (
            <li key={l.id} class="my-listing" data-testid="staff-listing">
              <Thumb image={l.photos[0]?.thumbnail ?? null} alt="" />
              <div class="line-text">
                <a href={`/market/manage/listings/${l.id}`} dir="auto" data-testid="edit-listing">
                  {pick(l.title, lang)}
                </a>
                <span>
                  {l.seller_name} · <Price cents={l.price_cents} currency={l.currency} />
                </span>
                <span>
                  <span class={`status status-${l.status}`} data-testid="listing-status">
                    {t(`market.status.${l.status}`)}
                  </span>{' '}
                  · {l.made_to_order ? t('market.made_to_order') : t('market.staff.stock', { n: formatNumber(l.stock ?? 0, lang) })}
                </span>
              </div>
            </li>
          ))}
        </ul>
      )}
      <MoreButton paged={list} />
    </div>
  );
}
