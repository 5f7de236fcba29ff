// /market/basket — what the buyer chose: quantities, totals per currency, a
// warning when the items are from more than one organisation (each orders
// separately), and the checkout for one group.
import { useState } from 'preact/hooks';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { formatNumber } from '../money';
import { MarketBar, Price, Thumb } from '../parts';
import { groups, maxQuantity, remove, setQuantity, totals, update, useBasket, type BasketGroup } from './basket';
import { Checkout } from './Checkout';

export default function BasketPage() {
  const { t, lang } = useI18n();
  useTitle(t('market.basket.title'));
  const items = useBasket();
  const all = groups(items);
  const [chosen, setChosen] = useState<string | null>(null);
  const group = all.length === 1 ? all[0] : all.find((g) => g.key === chosen);

  return (
    <div class="market">
      <MarketBar />
      <h1>{t('market.basket.title')}</h1>
      {items.length === 0 ? (
        <p class="empty" data-testid="basket-empty">
          {t('market.basket.empty')} <a href="/market">{t('market.basket.browse')}</a>
        </p>
      ) : (
        <>
          {all.length > 1 && (
            <p class="notice" role="note" data-testid="basket-mixed">
              {t('market.basket.mixed', { n: formatNumber(all.length, lang) })}
            </p>
          )}
          {all.map((g) => (
            <Group key={g.key} group={g} many={all.length > 1} chosen={group?.key === g.key} onChoose={() => setChosen(g.key)} />
          ))}
          <p class="basket-total" data-testid="basket-total">
            {t('market.basket.total')}{' '}
            {totals(items).map((s, i) => (
              <span key={s.currency}>
                {i > 0 && ' + '}
                <Price cents={s.cents} currency={s.currency} />
              </span>
            ))}
          </p>
          {group && <Checkout key={group.key} group={group} />}
        </>
      )}
    </div>
  );
}

function Group({ group, many, chosen, onChoose }: { group: BasketGroup; many: boolean; chosen: boolean; onChoose: () => void }) {
  const { t, lang } = useI18n();
  return (
    <section class={chosen && many ? 'basket-group chosen' : 'basket-group'} data-testid="basket-group">
      {many && <h2>{group.organization.name}</h2>}
      <ul class="basket-lines">
        {group.items.map((i) => (
          <li key={i.listing_id} class="basket-line" data-testid="basket-line">
            <Thumb image={i.thumbnail} alt="" />
            <div class="line-text">
              <a href={`/market/listings/${i.listing_id}`} dir="auto">{i.title}</a>
              <span class="card-meta">{i.seller.public_name}</span>
              <span>
                <Price cents={i.price_cents} currency={i.currency} />
              </span>
            </div>
            <div class="line-quantity">
              <label class="visually-hidden" for={`q-${i.listing_id}`}>
                {t('market.quantity_of', { title: i.title })}
              </label>
              <select id={`q-${i.listing_id}`} value={String(i.quantity)} onChange={(e) => update((items) => setQuantity(items, i.listing_id, Number(e.currentTarget.value)))} data-testid="line-quantity">
                {Array.from({ length: Math.max(maxQuantity(i), i.quantity) }, (_, k) => k + 1).map((n) => (
                  <option key={n} value={String(n)}>
                    {formatNumber(n, lang)}
                  </option>
                ))}
              </select>
              <button type="button" class="link-button" onClick={() => update((items) => remove(items, i.listing_id))} data-testid="line-remove">
                {t('market.basket.remove')}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <p class="group-total">
        {t('market.basket.subtotal')} <Price cents={group.total_cents} currency={group.currency} />
      </p>
      {many && !chosen && (
        <button type="button" class="secondary" onClick={onChoose} data-testid="choose-group">
          {t('market.basket.order_these')}
        </button>
      )}
    </section>
  );
}
