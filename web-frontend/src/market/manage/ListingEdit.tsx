// /market/manage/listings/new and /market/manage/listings/:id — staff add a
// listing for one of the organisation's sellers, or change any listing (its
// status too: approve, archive), with the seller's own form and photos.
import { useRoute } from 'preact-iso/router';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { getListing, type Seller } from '../api';
import { ListingForm } from '../seller/ListingForm';
import { allSellers } from './sellers';

export default function ListingEdit() {
  const { params } = useRoute();
  const { t } = useI18n();
  const id = params.id;
  useTitle(id ? t('market.form.edit_title') : t('market.form.new_title'));
  const load = useLoad(async () => {
    const [listing, sellers] = await Promise.all([id ? getListing(id) : Promise.resolve(null), allSellers()]);
    return { listing, sellers };
  }, [id]);
  if (load.state !== 'ready') return <NotReady load={load} />;
  return (
    <ListingForm
      key={id ?? 'new'}
      listing={load.data.listing}
      sellers={load.data.sellers as Seller[]}
      onSaved={(listing) => load.set((d) => ({ ...d, listing }))}
    />
  );
}
