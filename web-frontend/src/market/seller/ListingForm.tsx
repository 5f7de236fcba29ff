// /market/mine/new and /market/mine/:id — a listing's form, made for a
// phone: the title in the seller's language (other languages optional),
// category, price in euros, stock or made to order with the days it takes,
// handmade or from the country of origin, the photo shoot it was photographed
// at; then its photos. Staff use the same form (/market/manage/listings/…):
// they choose the seller of a new listing, and set its status (approve one
// waiting for approval, archive one).
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { ApiError } from '../../api/errors';
import { useCodeLists } from '../../api/codeLists';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { LANGUAGES, useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { CATEGORIES, createListing, getListing, listPhotoShoots, patchListing, type Listing, type ListingStatus, type Seller } from '../api';
import { formatDate } from '../../format';
import { useCategory } from '../parts';
import { checkListing, draftOf, emptyListing, listingBody, listingFieldOf, type ListingDraft, type ListingField } from './draft';
import { Photos } from './Photos';

export default function ListingFormPage() {
  const { params } = useRoute();
  const { t } = useI18n();
  const id = params.id;
  useTitle(id ? t('market.form.edit_title') : t('market.form.new_title'));
  const load = useLoad(() => (id ? getListing(id) : Promise.resolve(null)), [id]);
  if (load.state !== 'ready') return <NotReady load={load} />;
  return <ListingForm key={id ?? 'new'} listing={load.data} onSaved={(l) => load.set(() => l)} />;
}

/** The statuses staff can set (a listing waiting for approval or sold out keeps its own until changed). */
const STAFF_STATUSES = ['draft', 'published', 'archived'] as const;
type StaffStatus = (typeof STAFF_STATUSES)[number];

export function ListingForm({ listing, onSaved, sellers }: {
  listing: Listing | null;
  onSaved: (l: Listing) => void;
  /** Staff: the organisation's sellers to choose from (undefined for the seller's own form). */
  sellers?: Seller[];
}) {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const category = useCategory();
  const codes = useCodeLists(['countries']);
  const staff = sellers !== undefined;
  const base = staff ? '/market/manage/listings' : '/market/mine';
  const shoots = useLoad(() => listPhotoShoots(lang).catch(() => []), [lang]);
  const [d, setD] = useState<ListingDraft>(() => (listing ? draftOf(listing) : emptyListing(lang)));
  const [status, setStatus] = useState<ListingStatus>(listing?.status ?? 'published');
  const [shown, setShown] = useState<Partial<Record<ListingField, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [extra, setExtra] = useState('');
  const set = (change: Partial<ListingDraft>) => setD((o) => ({ ...o, ...change }));
  const langs = Object.keys(d.title);

  const message = (f: ListingField) => {
    const code = shown[f];
    if (!code) return null;
    if (code === 'required' || code === 'blank') return t('market.checkout.required');
    if (code === 'too_long' || code === 'length') return t('market.checkout.too_long');
    return t('market.form.range');
  };
  const err = (f: ListingField) =>
    message(f) && (
      <p class="field-error" id={`lf-${f}-error`}>
        {message(f)}
      </p>
    );
  const aria = (f: ListingField) => ({ 'aria-invalid': shown[f] ? ('true' as const) : undefined, 'aria-describedby': shown[f] ? `lf-${f}-error` : undefined });

  const save = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const problems = checkListing(d, { needSeller: staff && !listing });
    setShown(problems);
    setError(null);
    setSaved(false);
    if (Object.keys(problems).length > 0) {
      setTimeout(() => document.querySelector<HTMLElement>('.listing-form [aria-invalid="true"]')?.focus(), 0);
      return;
    }
    setBusy(true);
    try {
      const body = listingBody(d);
      if (listing) {
        const { status: wanted, seller_id: _, ...rest } = body;
        const keep = listing.status === 'sold_out' || listing.status === 'in_review';
        const next = staff
          ? status !== listing.status && (STAFF_STATUSES as readonly string[]).includes(status) ? { status: status as StaffStatus } : {}
          : keep && wanted === 'published' ? {} : { status: wanted };
        const changed = await patchListing(listing.id, { ...rest, ...next, version: listing.version });
        onSaved(changed);
        setStatus(changed.status);
        setSaved(true);
      } else {
        const created = await createListing(staff ? { ...body, status: status === 'draft' ? 'draft' : 'published' } : body);
        route(`${base}/${created.id}`);
      }
    } catch (err) {
      const fields: Partial<Record<ListingField, string>> = {};
      const p = err instanceof ApiError ? (err.problem as { errors?: { field: string; code: string }[] } | null) : null;
      for (const fe of p?.errors ?? []) {
        const f = listingFieldOf(fe.field);
        if (f) fields[f] ??= fe.code;
      }
      setShown(fields);
      setError(Object.keys(fields).length === (p?.errors?.length ?? 0) && Object.keys(fields).length > 0 ? null : err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="market">
      <p>
        <a href={base}>{staff ? t('market.staff.title') : t('market.mine.title')}</a>
      </p>
      <h1>{listing ? t('market.form.edit_title') : t('market.form.new_title')}</h1>
      {listing?.status === 'in_review' && (
        <div class="notice">
          <p>{t('market.form.in_review')}</p>
          {staff && <Approve listing={listing} onSaved={(l) => { onSaved(l); setStatus(l.status); }} />}
        </div>
      )}
      <form class="listing-form" onSubmit={save} noValidate data-testid="listing-form">
        {staff && !listing && (
          <div class="field">
            <label for="lf-seller">{t('market.staff.seller')}</label>
            <select id="lf-seller" value={d.seller} onChange={(e) => set({ seller: e.currentTarget.value })} {...aria('seller_id')} data-testid="seller">
              <option value="">{t('market.form.choose')}</option>
              {sellers.map((s) => (
                <option key={s.id} value={s.id} disabled={!!s.paused_at}>
                  {s.public_name}
                  {s.paused_at ? ` (${t('market.manage.paused')})` : ''}
                </option>
              ))}
            </select>
            {err('seller_id')}
          </div>
        )}
        {staff && listing && (
          <p data-testid="listing-seller">
            {t('market.sold_by')}: <a href={`/market/sellers/${listing.seller_id}`}>{listing.seller_name}</a>
          </p>
        )}
        {langs.map((l) => (
          <fieldset key={l} class="choices" lang={l}>
            <legend>{LANGUAGES.find((x) => x.code === l)?.name ?? l}</legend>
            <div class="field">
              <label for={`lf-title-${l}`}>{t('market.form.title')}</label>
              <input id={`lf-title-${l}`} value={d.title[l] ?? ''} maxLength={120} dir="auto" onInput={(e) => set({ title: { ...d.title, [l]: e.currentTarget.value } })} {...(l === langs[0] ? aria('title') : {})} data-testid={`title-${l}`} />
              {l === langs[0] && err('title')}
            </div>
            <div class="field">
              <label for={`lf-desc-${l}`}>{t('market.form.description')}</label>
              <textarea id={`lf-desc-${l}`} rows={3} maxLength={4000} dir="auto" value={d.description[l] ?? ''} onInput={(e) => set({ description: { ...d.description, [l]: e.currentTarget.value } })} />
            </div>
          </fieldset>
        ))}
        <div class="field add-language">
          <label for="lf-extra">{t('market.form.other_language')}</label>
          <div class="search-row">
            <select id="lf-extra" value={extra} onChange={(e) => setExtra(e.currentTarget.value)}>
              <option value="">—</option>
              {LANGUAGES.filter((x) => !langs.includes(x.code)).map((x) => (
                <option key={x.code} value={x.code} lang={x.code}>
                  {x.name}
                </option>
              ))}
            </select>
            <button type="button" class="secondary" disabled={!extra} onClick={() => { set({ title: { ...d.title, [extra]: '' }, description: { ...d.description, [extra]: '' } }); setExtra(''); }}>
              {t('market.form.add_language')}
            </button>
          </div>
        </div>
        <div class="field">
          <label for="lf-category">{t('market.form.category')}</label>
          <select id="lf-category" value={d.category} onChange={(e) => set({ category: e.currentTarget.value as ListingDraft['category'] })} {...aria('category')} data-testid="category">
            <option value="">{t('market.form.choose')}</option>
            {CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {category(c)}
              </option>
            ))}
          </select>
          {err('category')}
        </div>
        <div class="field">
          <label for="lf-price">{t('market.form.price')}</label>
          <input id="lf-price" inputMode="decimal" dir="ltr" value={d.price} onInput={(e) => set({ price: e.currentTarget.value })} {...aria('price_cents')} data-testid="price" />
          {err('price_cents')}
        </div>
        <fieldset class="choices">
          <legend>{t('market.form.stock_legend')}</legend>
          <label>
            <input type="radio" name="made" checked={!d.madeToOrder} onChange={() => set({ madeToOrder: false })} /> {t('market.form.in_stock')}
          </label>
          <label>
            <input type="radio" name="made" checked={d.madeToOrder} onChange={() => set({ madeToOrder: true })} data-testid="made-to-order" /> {t('market.made_to_order')}
          </label>
        </fieldset>
        {d.madeToOrder ? (
          <div class="field">
            <label for="lf-lead">{t('market.form.lead_time')}</label>
            <input id="lf-lead" inputMode="numeric" dir="ltr" value={d.leadTime} onInput={(e) => set({ leadTime: e.currentTarget.value })} {...aria('lead_time_days')} />
            {err('lead_time_days')}
          </div>
        ) : (
          <div class="field">
            <label for="lf-stock">{t('market.form.stock')}</label>
            <input id="lf-stock" inputMode="numeric" dir="ltr" value={d.stock} onInput={(e) => set({ stock: e.currentTarget.value })} {...aria('stock')} data-testid="stock-input" />
            {err('stock')}
          </div>
        )}
        <fieldset class="choices">
          <legend>{t('market.form.origin')}</legend>
          <label>
            <input type="radio" name="origin" checked={d.origin === 'handmade'} onChange={() => set({ origin: 'handmade' })} /> {t('market.origin.handmade')}
          </label>
          <label>
            <input type="radio" name="origin" checked={d.origin === 'origin_country'} onChange={() => set({ origin: 'origin_country' })} data-testid="origin-country" /> {t('market.form.from_country')}
          </label>
        </fieldset>
        {d.origin === 'origin_country' && (
          <div class="field">
            <label for="lf-country">{t('market.form.country')}</label>
            <select id="lf-country" value={d.country} onChange={(e) => set({ country: e.currentTarget.value })} {...aria('origin_country')}>
              <option value="">{t('market.form.choose')}</option>
              {codes.items('countries').map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </select>
            {err('origin_country')}
          </div>
        )}
        <div class="field">
          <label for="lf-materials">{t('market.materials')}</label>
          <input id="lf-materials" dir="auto" value={d.materials} onInput={(e) => set({ materials: e.currentTarget.value })} />
        </div>
        <div class="field">
          <label for="lf-dimensions">{t('market.dimensions')}</label>
          <input id="lf-dimensions" dir="auto" value={d.dimensions} onInput={(e) => set({ dimensions: e.currentTarget.value })} />
        </div>
        {shoots.state === 'ready' && (shoots.data.length > 0 || d.photoShoot) && (
          <div class="field">
            <label for="lf-shoot">{t('market.form.photo_shoot')}</label>
            <select id="lf-shoot" value={d.photoShoot} onChange={(e) => set({ photoShoot: e.currentTarget.value })} data-testid="photo-shoot">
              <option value="">{t('market.form.no_photo_shoot')}</option>
              {d.photoShoot && !shoots.data.some((m) => m.id === d.photoShoot) && <option value={d.photoShoot}>{t('market.form.photo_shoot_other')}</option>}
              {shoots.data.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.display_title} · {formatDate(m.starts_at, lang)}
                </option>
              ))}
            </select>
          </div>
        )}
        {staff ? (
          <div class="field">
            <label for="lf-status">{t('market.staff.status')}</label>
            <select id="lf-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as ListingStatus)} data-testid="status">
              {listing && !(STAFF_STATUSES as readonly string[]).includes(listing.status) && <option value={listing.status}>{t(`market.status.${listing.status}`)}</option>}
              {STAFF_STATUSES.filter((s) => listing || s !== 'archived').map((s) => (
                <option key={s} value={s}>
                  {t(`market.status.${s}`)}
                </option>
              ))}
            </select>
          </div>
        ) : (
          <label class="check">
            <input type="checkbox" checked={d.publish} onChange={(e) => set({ publish: e.currentTarget.checked })} data-testid="publish-now" /> {t('market.form.publish')}
          </label>
        )}
        {error !== null && <ProblemNote error={error} testId="listing-error" />}
        {saved && (
          <p class="notice" role="status">
            {t('market.form.saved')}
          </p>
        )}
        <button type="submit" class="send" disabled={busy} data-testid="save-listing">
          {busy ? t('common.working') : listing ? t('market.form.save') : t('market.form.create')}
        </button>
      </form>
      {listing ? (
        <Photos listingId={listing.id} photos={listing.photos} onChange={(photos) => {
            onSaved({ ...listing, photos });
            // A photo bumps the listing's version: take the new one for the next save.
            void getListing(listing.id).then(onSaved, () => undefined);
          }} />
      ) : (
        <p class="hint">{t('market.form.photos_after')}</p>
      )}
      {listing && (listing.status === 'published' || listing.status === 'sold_out') && (
        <p>
          <a href={`/market/listings/${listing.id}`} data-testid="see-in-catalogue">
            {t('market.form.see_public')}
          </a>
        </p>
      )}
    </div>
  );
}

/** Staff approve a listing waiting for approval: it goes in the market. */
function Approve({ listing, onSaved }: { listing: Listing; onSaved: (l: Listing) => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const approve = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await patchListing(listing.id, { status: 'published', version: listing.version }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" disabled={busy} onClick={() => void approve()} data-testid="approve">
        {t('market.manage.approve')}
      </button>
      {error !== null && <ProblemNote error={error} />}
    </>
  );
}
