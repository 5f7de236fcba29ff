// /market/sellers/:id — a seller's public page: their name, story and
// municipality, and their listings.
import { useRoute } from 'preact-iso/router';
import { MoreButton } from '../../components/MoreButton';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { usePaged } from '../../components/usePaged';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { catalogue, publicSeller, type CatalogueItem } from '../api';
import { MarketBar } from '../parts';
import { ListingGrid, PAGE_SIZE } from './Catalogue';

export default function SellerPage() {
  const { params } = useRoute();
  const { t, lang } = useI18n();
  const id = params.id ?? '';
  const seller = useLoad(() => publicSeller(id, lang), [id, lang]);
  const list = usePaged<CatalogueItem>((cursor) => catalogue({ seller_id: id, lang, cursor, limit: PAGE_SIZE }), [id, lang]);
  useTitle(seller.state === 'ready' ? seller.data.public_name : t('market.title'));
  return (
    <div class="market">
      <MarketBar />
      {seller.state !== 'ready' ? (
        <NotReady load={seller} />
      ) : (
        <section data-testid="seller">
          <h1>{seller.data.public_name}</h1>
          {seller.data.municipality && <p class="card-meta">{seller.data.municipality}</p>}
          {seller.data.story && <p class="seller-story" dir="auto">{seller.data.story}</p>}
          <h2>{t('market.their_listings')}</h2>
          {list.state !== 'ready' ? <NotReady load={list} inline /> : <ListingGrid items={list.data.items} />}
          <MoreButton paged={list} />
        </section>
      )}
    </div>
  );
}
