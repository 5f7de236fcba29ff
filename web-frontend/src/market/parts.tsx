// Small parts the market's pages share: a price, a thumbnail, a category,
// a country, the basket link and the page's sub-navigation.
import { useI18n } from '../i18n';
import type { Image, ListingCategory } from './api';
import { count, useBasket } from './basket/basket';
import { formatNumber, formatPrice } from './money';
import './market.css';

export function Price({ cents, currency, testId }: { cents: number; currency: string; testId?: string }) {
  const { lang } = useI18n();
  return (
    <span class="price" data-testid={testId}>
      {formatPrice(cents, currency, lang)}
    </span>
  );
}

/** A thumbnail with its size (no layout jump) that loads only near the screen. */
export function Thumb({ image, alt }: { image: Image | null | undefined; alt: string }) {
  if (!image) return <span class="thumb thumb-empty" aria-hidden="true" />;
  return <img class="thumb" src={image.url} width={image.width} height={image.height} loading="lazy" decoding="async" alt={alt} />;
}

export function useCategory() {
  const { t } = useI18n();
  return (c: ListingCategory) => t(`market.category.${c}`);
}

/** A country's name in the UI language ("SY" → "Syria", "Sirija", "سوريا"). */
export function countryName(code: string | null | undefined, lang: string): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([lang], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/** "Handmade" or "From Syria". */
export function useOrigin() {
  const { t, lang } = useI18n();
  return (origin: 'handmade' | 'origin_country', country: string | null | undefined) =>
    origin === 'handmade' ? t('market.origin.handmade') : t('market.origin.from', { country: countryName(country, lang) });
}

/** The basket, with how many things are in it. */
export function BasketLink() {
  const { t, lang } = useI18n();
  const n = count(useBasket());
  return (
    <a class="button-link secondary basket-link" href="/market/basket" data-testid="basket-link">
      <span aria-hidden="true">🧺</span> {t('market.basket.title')}
      {n > 0 && (
        <span class="badge" data-testid="basket-count">
          {formatNumber(n, lang)}
        </span>
      )}
    </a>
  );
}

/** The market's heading bar: back to the catalogue, and the basket. */
export function MarketBar({ back = true }: { back?: boolean }) {
  const { t } = useI18n();
  return (
    <div class="market-bar">
      {back ? (
        <a href="/market" data-testid="to-catalogue">
          {t('market.back')}
        </a>
      ) : (
        <span />
      )}
      <BasketLink />
    </div>
  );
}
