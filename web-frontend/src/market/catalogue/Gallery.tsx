// A listing's photos: one at a time, with Previous/Next buttons, a swipe on
// a phone (the direction follows the script), small photos to pick from,
// and the large size on demand (srcset: the browser takes it on a big or
// sharp screen; a link opens it).
import { useRef, useState } from 'preact/hooks';
import { dirOf, useI18n } from '../../i18n';
import type { Photo } from '../api';
import { formatNumber } from '../money';

export function Gallery({ photos, title }: { photos: readonly Photo[]; title: string }) {
  const { t, lang } = useI18n();
  const [index, setIndex] = useState(0);
  const start = useRef<number | null>(null);
  const photo = photos[index];
  if (!photo) return <div class="gallery gallery-empty" aria-hidden="true" />;
  const n = photos.length;
  const go = (step: number) => setIndex((i) => (i + step + n) % n);
  const onTouchStart = (e: TouchEvent) => {
    start.current = e.touches[0]?.clientX ?? null;
  };
  const onTouchEnd = (e: TouchEvent) => {
    const x = e.changedTouches[0]?.clientX;
    if (start.current === null || x === undefined) return;
    const dx = x - start.current;
    start.current = null;
    if (Math.abs(dx) < 40) return;
    // Swiping towards the start of the line shows the next photo (left in English, right in Arabic).
    const forward = dirOf(lang) === 'rtl' ? dx > 0 : dx < 0;
    go(forward ? 1 : -1);
  };
  const alt = photo.alt_text || t('market.photo_of', { title, n: formatNumber(index + 1, lang), total: formatNumber(n, lang) });
  return (
    <section class="gallery" aria-roledescription="carousel" aria-label={t('market.photos')} data-testid="gallery">
      <div class="gallery-main" onTouchStart={onTouchStart} onTouchEnd={onTouchEnd}>
        <img
          src={photo.medium.url}
          srcset={`${photo.medium.url} ${photo.medium.width}w, ${photo.large.url} ${photo.large.width}w`}
          sizes="(min-width: 64rem) 36rem, 100vw"
          width={photo.medium.width}
          height={photo.medium.height}
          alt={alt}
          data-testid="gallery-photo"
        />
      </div>
      {n > 1 && (
        <div class="gallery-controls">
          <button type="button" class="secondary" onClick={() => go(-1)} data-testid="gallery-prev">
            <span aria-hidden="true">‹ </span>
            {t('market.previous')}
          </button>
          <span aria-live="polite" data-testid="gallery-position">
            {t('market.n_of_total', { n: formatNumber(index + 1, lang), total: formatNumber(n, lang) })}
          </span>
          <button type="button" class="secondary" onClick={() => go(1)} data-testid="gallery-next">
            {t('market.next')}
            <span aria-hidden="true"> ›</span>
          </button>
        </div>
      )}
      {n > 1 && (
        <ul class="gallery-thumbs">
          {photos.map((p, i) => (
            <li key={p.id}>
              <button type="button" class={i === index ? 'thumb-button chosen' : 'thumb-button'} aria-pressed={i === index ? 'true' : 'false'} onClick={() => setIndex(i)}>
                <img src={p.thumbnail.url} width={p.thumbnail.width} height={p.thumbnail.height} loading="lazy" alt={t('market.n_of_total', { n: formatNumber(i + 1, lang), total: formatNumber(n, lang) })} />
              </button>
            </li>
          ))}
        </ul>
      )}
      <p class="hint">
        <a href={photo.large.url} target="_blank" rel="noopener noreferrer" data-testid="gallery-large">
          {t('market.large_photo')}
        </a>
      </p>
    </section>
  );
}
