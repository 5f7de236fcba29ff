// /market/mine/new and /market/mine/:id — a listing's form, made for a
// phone: the title in the seller's language (other languages optional),
// category, price in euros, stock or made to order with the days it takes,
// handmade or from the country of origin; then its photos.
import { useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { ApiError } from '../../api/errors';
import { useCodeLists } from '../../api/codeLists';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { LANGUAGES, useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { CATEGORIES, createListing, getListing, patchListing, type Listing } from '../api';
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

function ListingForm({ listing, onSaved }: { listing: Listing | null; onSaved: (l: Listing) => void }) {
  const { t, lang } = useI18n();
  const { route } = useLocation();
  const category = useCategory();
  const codes = useCodeLists(['countries']);
  const [d, setD] = useState<ListingDraft>(() => (listing ? draftOf(listing) : emptyListing(lang)));
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
    const problems = checkListing(d);
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
        const { status, seller_id: _, ...rest } = body;
        const keep = listing.status === 'sold_out' || listing.status === 'in_review';
        onSaved(await patchListing(listing.id, { ...rest, ...(keep && status === 'published' ? {} : { status }), version: listing.version }));
        setSaved(true);
      } else {
        const created = await createListing(body);
        route(`/market/mine/${created.id}`);
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
        <a href="/market/mine">{t('market.mine.title')}</a>
      </p>
      <h1>{listing ? t('market.form.edit_title') : t('market.form.new_title')}</h1>
      {listing?.status === 'in_review' && <p class="notice">{t('market.form.in_review')}</p>}
      <form class="listing-form" onSubmit={save} noValidate data-testid="listing-form">
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
        <label class="check">
          <input type="checkbox" checked={d.publish} onChange={(e) => set({ publish: e.currentTarget.checked })} data-testid="publish-now" /> {t('market.form.publish')}
        </label>
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
