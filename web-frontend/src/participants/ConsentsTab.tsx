// The Consents tab of a participant's profile: the consents on record, recording and withdrawing one.
import { useState } from 'preact/hooks';
import { api } from '../api/client';
import type { CodeLists } from '../api/codeLists';
import { ApiError, unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorMessage, SelectField, SuccessMessage, TextField } from '../components/forms';
import { NotReady } from '../components/NotReady';
import { Id } from '../components/Text';
import { useLoad } from '../components/useLoad';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { displayName, participantRef, rememberedTextVersion, rememberTextVersion } from './common';
import { listConsents, type Consent, type ParticipantView } from './model';

export function ConsentsTab({
  p,
  codes,
  staffName,
  onChanged,
}: {
  p: ParticipantView;
  codes: CodeLists;
  staffName: (id: string | null | undefined) => string | null;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const list = useLoad(() => listConsents(participantRef(p)), [participantRef(p)]);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<ProblemKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const name = displayName(p, t);

  const who = (userId: string | null | undefined) => {
    const known = staffName(userId);
    return known ? <bdi>{known}</bdi> : userId ? <Id value={userId} /> : null;
  };

  const withdraw = async () => {
    if (!withdrawing) return;
    setBusy(true);
    setDialogError(null);
    try {
      await unwrap(
        api.POST('/api/v1/participants/{id}/consents/{consent_id}/withdraw', {
          params: { path: { id: participantRef(p), consent_id: withdrawing.id } },
        }),
      );
      setNotice(t('consents.withdrawn_notice', { purpose: codes.label('consent-purposes', withdrawing.purpose) }));
      setWithdrawing(null);
      await list.reload();
      onChanged();
    } catch (error) {
      setDialogError(problemKey(error));
    } finally {
      setBusy(false);
    }
  };

  const active = list.state === 'ready' ? list.data.filter((c) => c.active).map((c) => c.purpose) : (p.consents ?? []);

  return (
    <div data-testid="consents-tab">
      <p class="hint">{t('consents.intro')}</p>
      {notice && <SuccessMessage testId="consent-notice">{notice}</SuccessMessage>}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.length === 0 ? (
        <p data-testid="no-consents">{t('consents.none')}</p>
      ) : (
        <ul class="card-list" data-testid="consents">
          {list.data.map((c) => (
            <li class="card-item" key={c.id} data-testid="consent" data-purpose={c.purpose} data-active={String(c.active)}>
              <div class="card-main">
                <p class="primary">
                  {codes.label('consent-purposes', c.purpose)}{' '}
                  <span class={`pill ${c.active ? 'pill-active' : 'pill-expired'}`}>
                    {c.active ? t('consents.given') : t('consents.withdrawn')}
                  </span>
                </p>
                <p class="meta">{t('consents.given_on', { date: formatDateTime(c.given_at, lang) })}</p>
                <p class="meta">
                  {t('consents.recorded_by')}: {who(c.recorded_by)}
                </p>
                <p class="meta">
                  {t('consents.text_version')}: <bdi>{c.text_version}</bdi>
                </p>
                {c.withdrawn_at && (
                  <>
                    <p class="meta">{t('consents.withdrawn_on', { date: formatDateTime(c.withdrawn_at, lang) })}</p>
                    <p class="meta">
                      {t('consents.withdrawn_by')}: {who(c.withdrawn_by)}
                    </p>
                  </>
                )}
              </div>
              {c.active && (
                <button
                  type="button"
                  class="secondary small"
                  onClick={() => {
                    setDialogError(null);
                    setWithdrawing(c);
                  }}
                  data-testid="withdraw-consent"
                >
                  {t('consents.withdraw')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      {p.status === 'active' && (
        <RecordConsent
          participantId={participantRef(p)}
          codes={codes}
          active={active}
          onRecorded={async (purpose) => {
            setNotice(t('consents.recorded_notice', { purpose: codes.label('consent-purposes', purpose) }));
            await list.reload();
            onChanged();
          }}
        />
      )}

      {withdrawing && (
        <ConfirmDialog
          title={t('consents.withdraw_title', { purpose: codes.label('consent-purposes', withdrawing.purpose), name })}
          confirmLabel={t('consents.withdraw_confirm')}
          onConfirm={() => void withdraw()}
          onCancel={() => setWithdrawing(null)}
          busy={busy}
          error={dialogError && t(dialogError)}
          testId="withdraw-dialog"
        >
          <p>{t('consents.withdraw_text')}</p>
          {withdrawing.purpose === 'profile_processing' && <p class="warning">{t('consents.withdraw_profile')}</p>}
          {withdrawing.purpose === 'partner_sharing' && <p class="warning">{t('consents.withdraw_partner')}</p>}
        </ConfirmDialog>
      )}
    </div>
  );
}

function RecordConsent({
  participantId,
  codes,
  active,
  onRecorded,
}: {
  participantId: string;
  codes: CodeLists;
  active: readonly string[];
  onRecorded: (purpose: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [purpose, setPurpose] = useState('');
  const [version, setVersion] = useState(rememberedTextVersion);
  const [errors, setErrors] = useState<{ purpose?: string; text_version?: string; general?: string }>({});
  const [busy, setBusy] = useState(false);
  const options = codes.items('consent-purposes').filter((i) => !active.includes(i.code));

  const submit = async (event: Event) => {
    event.preventDefault();
    const next: typeof errors = {};
    if (!purpose) next.purpose = t('field_error.required');
    if (!version.trim()) next.text_version = t('field_error.required');
    setErrors(next);
    if (next.purpose || next.text_version) return;
    setBusy(true);
    try {
      await unwrap(
        api.POST('/api/v1/participants/{id}/consents', {
          params: { path: { id: participantId } },
          body: { purpose: purpose as 'profile_processing', text_version: version.trim() },
        }),
      );
      rememberTextVersion(version.trim());
      setPurpose('');
      await onRecorded(purpose);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'conflict') setErrors({ purpose: t('consents.already_given') });
      else if (error instanceof ApiError && error.status === 422) {
        setErrors({ text_version: t('field_error.length'), general: t(problemKey(error)) });
      } else setErrors({ general: t(problemKey(error)) });
    } finally {
      setBusy(false);
    }
  };

  if (options.length === 0 && codes.status === 'ready') return <p class="hint">{t('consents.all_given')}</p>;
  return (
    <section class="card" aria-labelledby="record-consent-heading">
      <h2 id="record-consent-heading">{t('consents.record_heading')}</h2>
      <p class="hint">{t('consents.record_intro')}</p>
      <form class="form" noValidate onSubmit={submit} data-testid="record-consent">
        <SelectField id="consent-purpose" label={t('consents.purpose')} value={purpose} onValue={setPurpose} error={errors.purpose} required>
          <option value="">{t('consents.choose_purpose')}</option>
          {options.map((i) => (
            <option key={i.code} value={i.code}>
              {i.label}
            </option>
          ))}
        </SelectField>
        <TextField
          id="consent-version"
          label={t('consents.text_version')}
          hint={t('consents.text_version_hint')}
          value={version}
          onValue={setVersion}
          error={errors.text_version}
          maxLength={100}
          autoComplete="off"
          dir="auto"
          required
        />
        {errors.general && <ErrorMessage>{errors.general}</ErrorMessage>}
        <button type="submit" disabled={busy}>
          {busy ? t('common.working') : t('consents.record')}
        </button>
      </form>
    </section>
  );
}
