// A listing's photos for its seller: up to 8, taken with the phone's camera
// or chosen, each sent as it is (the server cleans and resizes it), with
// progress and the reason when one is refused; a photo can be removed.
import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { deletePhoto, type Photo } from '../api';
import { formatNumber } from '../money';
import { MAX_PHOTOS, PHOTO_TYPES, photoErrorCode, precheck, uploadPhoto } from './upload';

const CODES = ['not_an_image', 'unsupported_type', 'too_large', 'too_many_pixels', 'too_many_photos'] as const;
type PhotoCode = (typeof CODES)[number];
const isPhotoCode = (c: string | null): c is PhotoCode => c !== null && (CODES as readonly string[]).includes(c);

interface Upload {
  name: string;
  progress: number;
  error: PhotoCode | null;
  failure: unknown;
}

export function Photos({ listingId, photos, onChange }: { listingId: string; photos: Photo[]; onChange: (photos: Photo[]) => void }) {
  const { t, lang } = useI18n();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [error, setError] = useState<unknown>(null);

  const onFiles = async (input: HTMLInputElement) => {
    const files = [...(input.files ?? [])];
    input.value = '';
    let list = photos;
    for (const file of files) {
      const early = precheck(file, list.length);
      const up: Upload = { name: file.name, progress: 0, error: early, failure: null };
      setUploads((u) => [...u.filter((x) => x.name !== file.name), up]);
      if (early) continue;
      const setUp = (change: Partial<Upload>) => setUploads((u) => u.map((x) => (x.name === file.name ? { ...x, ...change } : x)));
      try {
        const photo = await uploadPhoto(listingId, file, (p) => setUp({ progress: p }));
        list = [...list, photo];
        onChange(list);
        setUploads((u) => u.filter((x) => x.name !== file.name));
      } catch (e) {
        const code = photoErrorCode(e);
        setUp({ error: isPhotoCode(code) ? code : null, failure: isPhotoCode(code) ? null : e, progress: 0 });
      }
    }
  };

  const remove = async (photo: Photo) => {
    setError(null);
    try {
      await deletePhoto(listingId, photo.id);
      onChange(photos.filter((p) => p.id !== photo.id));
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section class="photos" data-testid="photos">
      <h2>{t('market.photos')}</h2>
      <p class="hint">{t('market.form.photos_hint', { n: formatNumber(MAX_PHOTOS, lang) })}</p>
      <ul class="photo-list">
        {photos.map((p, i) => (
          <li key={p.id} data-testid="photo">
            <img src={p.thumbnail.url} width={p.thumbnail.width} height={p.thumbnail.height} alt={t('market.n_of_total', { n: formatNumber(i + 1, lang), total: formatNumber(photos.length, lang) })} />
            <button type="button" class="link-button" onClick={() => void remove(p)}>
              {t('market.basket.remove')}
            </button>
          </li>
        ))}
      </ul>
      {photos.length < MAX_PHOTOS && (
        <label class="button-link photo-add">
          <span aria-hidden="true">📷 </span>
          {t('market.form.add_photo')}
          <input
            type="file"
            class="visually-hidden"
            accept={PHOTO_TYPES.join(',')}
            capture="environment"
            multiple
            onChange={(e) => void onFiles(e.currentTarget)}
            data-testid="photo-input"
          />
        </label>
      )}
      {uploads.map((u) => (
        <div key={u.name} class="upload" data-testid="upload">
          <span dir="auto">{u.name}</span>
          {u.error ? (
            <p class="field-error" role="alert" data-testid="photo-error">
              {t(`market.photo_error.${u.error}`)}
            </p>
          ) : u.failure ? (
            <ProblemNote error={u.failure} />
          ) : (
            <progress max={1} value={u.progress} aria-label={t('market.form.uploading')} />
          )}
        </div>
      ))}
      {error !== null && <ProblemNote error={error} />}
    </section>
  );
}
