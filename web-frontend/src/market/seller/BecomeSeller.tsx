// For a participant who does not sell yet: how to become a seller (the
// consent is given with their adviser), and the form: public name, story,
// municipality. Without the consent the server says 422: shown plainly.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/errors';
import { useI18n } from '../../i18n';
import { ProblemNote } from '../../meetings/common/ProblemNote';
import { createSeller, type Seller } from '../api';

/** Whether a refusal is about the missing market_selling consent. */
export function isConsentMissing(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  const p = error.problem as { code?: string; errors?: { field?: string; code?: string }[] } | null;
  return p?.code === 'consent_required' || (p?.errors ?? []).some((e) => e.code === 'consent_required' || e.field === 'consent' || e.code === 'consent_missing');
}

export function BecomeSeller({ onDone }: { onDone: (s: Seller) => void }) {
  const { t, lang } = useI18n();
  const [name, setName] = useState('');
  const [story, setStory] = useState('');
  const [municipality, setMunicipality] = useState('');
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const send = async (e: Event) => {
    e.preventDefault();
    if (!name.trim()) {
      setMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onDone(await createSeller({ public_name: name.trim(), story: story.trim() ? { [lang]: story.trim() } : {}, municipality: municipality.trim() || null }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="market">
      <h1>{t('market.become.title')}</h1>
      <p class="lead">{t('market.become.lead')}</p>
      <ol class="steps">
        <li>{t('market.become.step_consent')}</li>
        <li>{t('market.become.step_form')}</li>
        <li>{t('market.become.step_list')}</li>
      </ol>
      <form onSubmit={send} noValidate data-testid="become-seller">
        <div class="field">
          <label for="seller-name">{t('market.become.name')}</label>
          <p class="hint">{t('market.become.name_hint')}</p>
          <input id="seller-name" value={name} onInput={(e) => setName(e.currentTarget.value)} maxLength={80} aria-invalid={missing ? 'true' : undefined} />
          {missing && <p class="field-error">{t('market.checkout.required')}</p>}
        </div>
        <div class="field">
          <label for="seller-story">{t('market.become.story')}</label>
          <textarea id="seller-story" rows={4} maxLength={2000} value={story} onInput={(e) => setStory(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="seller-municipality">{t('market.become.municipality')}</label>
          <input id="seller-municipality" value={municipality} onInput={(e) => setMunicipality(e.currentTarget.value)} autocomplete="address-level2" />
        </div>
        {error !== null && <ProblemNote error={error} message={isConsentMissing(error) ? t('market.become.consent_missing') : null} testId="become-error" />}
        <button type="submit" disabled={busy} data-testid="become-send">
          {busy ? t('common.working') : t('market.become.send')}
        </button>
      </form>
    </div>
  );
}
