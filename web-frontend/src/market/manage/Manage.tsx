// /market/manage — for coordinators: the market's settings (bank account,
// commission, approval before publishing) and the sellers, each of whom can
// be paused (their listings leave the catalogue) and resumed.
import { useState } from 'preact/hooks';
import { MoreButton } from '../../components/MoreButton';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { usePaged } from '../../components/usePaged';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { getSettings, listListings, listSellers, patchListing, pauseSeller, saveSettings, type Listing, type MarketSettings, type Seller } from '../api';
import { Price } from '../parts';
import { pick } from '../texts';
import { formatNumber } from '../money';

export default function Manage() {
  const { t } = useI18n();
  useTitle(t('market.manage.title'));
  const settings = useLoad(getSettings, []);
  return (
    <div class="market">
      <p class="sub-nav">
        <a href="/market/orders">{t('market.board.title')}</a> ·{' '}
        <a href="/market/manage/listings" data-testid="to-listings">
          {t('market.staff.title')}
        </a>
      </p>
      <h1>{t('market.manage.title')}</h1>
      {settings.state !== 'ready' ? <NotReady load={settings} inline /> : <SettingsForm settings={settings.data} onSaved={(s) => settings.set(() => s)} />}
      <ToApprove />
      <Sellers />
    </div>
  );
}

function SettingsForm({ settings, onSaved }: { settings: MarketSettings; onSaved: (s: MarketSettings) => void }) {
  const { t } = useI18n();
  const [iban, setIban] = useState(settings.iban ?? '');
  const [holder, setHolder] = useState(settings.account_holder ?? '');
  const [bic, setBic] = useState(settings.bic ?? '');
  const [percent, setPercent] = useState(String(settings.commission_bp / 100));
  const [approval, setApproval] = useState(settings.require_approval);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [bad, setBad] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    const p = Number(percent.replace(',', '.'));
    if (!Number.isFinite(p) || p < 0 || p > 100) {
      setBad(true);
      return;
    }
    setBad(false);
    setError(null);
    setSaved(false);
    try {
      onSaved(
        await saveSettings({
          iban: iban.replace(/\s+/g, '').toUpperCase() || null,
          account_holder: holder.trim() || null,
          bic: bic.trim() || null,
          commission_bp: Math.round(p * 100),
          require_approval: approval,
          version: settings.version,
        }),
      );
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <form onSubmit={save} noValidate data-testid="market-settings">
      <h2>{t('market.manage.settings')}</h2>
      <div class="field">
        <label for="ms-iban">IBAN</label>
        <input id="ms-iban" dir="ltr" value={iban} onInput={(e) => setIban(e.currentTarget.value)} autocomplete="off" />
      </div>
      <div class="field">
        <label for="ms-holder">{t('market.order.holder')}</label>
        <input id="ms-holder" value={holder} onInput={(e) => setHolder(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="ms-bic">BIC</label>
        <input id="ms-bic" dir="ltr" value={bic} onInput={(e) => setBic(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="ms-commission">{t('market.manage.commission')}</label>
        <input id="ms-commission" inputMode="decimal" dir="ltr" value={percent} onInput={(e) => setPercent(e.currentTarget.value)} aria-invalid={bad ? 'true' : undefined} />
        {bad && <p class="field-error">{t('market.form.range')}</p>}
      </div>
      <label class="check">
        <input type="checkbox" checked={approval} onChange={(e) => setApproval(e.currentTarget.checked)} /> {t('market.manage.approval')}
      </label>
      {error !== null && <ProblemNote error={error} />}
      {saved && (
        <p class="notice" role="status">
          {t('market.form.saved')}
        </p>
      )}
      <button type="submit">{t('market.form.save')}</button>
    </form>
  );
}

function Sellers() {
  const { t, lang } = useI18n();
  const list = usePaged<Seller>((cursor) => listSellers(cursor), []);
  const [error, setError] = useState<unknown>(null);
  const toggle = async (s: Seller) => {
    setError(null);
    try {
      const n = await pauseSeller(s.id, !s.paused_at, s.version);
      list.update((items) => items.map((x) => (x.id === n.id ? n : x)));
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section data-testid="sellers">
      <h2>{t('market.manage.sellers')}</h2>
      {error !== null && <ProblemNote error={error} />}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : (
        <ul class="order-lines">
          {list.data.items.map((s) => (
            <li key={s.id} class="seller-row" data-testid="seller-row">
              <a href={`/market/sellers/${s.id}`}>{s.public_name}</a> · {t('market.manage.listing_count', { n: formatNumber(s.listing_count, lang) })}
              {s.paused_at && <span class="tag tag-bad">{t('market.manage.paused')}</span>}{' '}
              <button type="button" class="secondary" onClick={() => void toggle(s)} data-testid="pause">
                {s.paused_at ? t('market.manage.resume') : t('market.manage.pause')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <MoreButton paged={list} />
    </section>
  );
}

/** Listings waiting for a coordinator (when the market requires approval): approve puts them in the market. */
function ToApprove() {
  const { t, lang } = useI18n();
  const list = usePaged<Listing>((cursor) => listListings(cursor, 'in_review'), []);
  const [error, setError] = useState<unknown>(null);
  const approve = async (l: Listing) => {
    setError(null);
    try {
      await patchListing(l.id, { status: 'published', version: l.version });
      list.update((items) => items.filter((x) => x.id !== l.id));
    } catch (e) {
      setError(e);
    }
  };
  if (list.state === 'ready' && list.data.items.length === 0) return null;
  return (
    <section data-testid="to-approve">
      <h2>{t('market.manage.to_approve')}</h2>
      {error !== null && <ProblemNote error={error} />}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : (
        <ul class="order-lines">
          {list.data.items.map((l) => (
            <li key={l.id} class="seller-row">
              <strong dir="auto">{pick(l.title, lang)}</strong>{' '}
              · {l.seller_name} · <Price cents={l.price_cents} currency={l.currency} />{' '}
              <button type="button" onClick={() => void approve(l)} data-testid="approve">
                {t('market.manage.approve')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <MoreButton paged={list} />
    </section>
  );
}
