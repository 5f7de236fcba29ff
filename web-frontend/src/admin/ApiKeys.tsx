import { useState } from 'preact/hooks';
import { api } from '../api/client';
import { formError, unwrap, type FormError } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { CopyField } from '../components/CopyField';
import { ErrorMessage, fieldMessage, SuccessMessage, TextField } from '../components/forms';
import { MoreButton } from '../components/MoreButton';
import { NotReady } from '../components/NotReady';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { dayFromToday, formatDate, formatDateTime, startOfDay } from '../format';
import { useI18n } from '../i18n';
import { listApiKeys, type ApiKeyCreated, type ApiKeyInfo, type Scope } from './model';

/** Every scope, with its translation key (i18next keys cannot contain ':'). */
export const SCOPES = [
  { scope: 'members:read', key: 'api_keys.scope_members_read' },
  { scope: 'audit:read', key: 'api_keys.scope_audit_read' },
] as const satisfies readonly { scope: Scope; key: string }[];

type Missing = Exclude<Scope, (typeof SCOPES)[number]['scope']>;
const exhaustive: [Missing] extends [never] ? true : Missing = true;
void exhaustive;

const scopeKey = (scope: Scope) => SCOPES.find((s) => s.scope === scope)?.key ?? 'api_keys.scope_members_read';

export const DEFAULT_EXPIRY_DAYS = 90;
const MAX_EXPIRY_DAYS = 365;

type KeyStatus = 'active' | 'revoked' | 'expired';
const statusOf = (k: ApiKeyInfo, now = Date.now()): KeyStatus =>
  k.revoked_at ? 'revoked' : Date.parse(k.expires_at) <= now ? 'expired' : 'active';

export default function ApiKeys() {
  const { t, lang } = useI18n();
  useTitle(t('api_keys.title'));
  const keys = usePaged<ApiKeyInfo>(listApiKeys);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyInfo | null>(null);
  const [revokeBusy, setRevokeBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<ProblemKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (keys.state === 'forbidden') return <NotReady load={keys} />;

  const revoke = async () => {
    if (!revoking) return;
    setRevokeBusy(true);
    setRevokeError(null);
    try {
      await unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: revoking.id } } }));
      setNotice(t('api_keys.revoked_notice', { name: revoking.name }));
      if (created?.id === revoking.id) setCreated(null);
      setRevoking(null);
      void keys.reload();
    } catch (error) {
      setRevokeError(problemKey(error));
    } finally {
      setRevokeBusy(false);
    }
  };

  return (
    <>
      <h1>{t('api_keys.title')}</h1>
      <p class="lead">{t('api_keys.intro')}</p>

      {created && (
        <section class="card link-panel" id="secret-panel" tabIndex={-1} data-testid="secret-panel" aria-labelledby="secret-heading">
          <h2 id="secret-heading">{t('api_keys.created_heading', { name: created.name })}</h2>
          <p class="warning" data-testid="secret-warning">
            {t('api_keys.secret_warning')}
          </p>
          <CopyField id="api-key-secret" label={t('api_keys.secret')} value={created.secret} testId="api-key-secret" />
          <p class="hint">{t('api_keys.secret_use')}</p>
          <button type="button" class="secondary" onClick={() => setCreated(null)}>
            {t('api_keys.secret_done')}
          </button>
        </section>
      )}
      {notice && <SuccessMessage testId="api-keys-notice">{notice}</SuccessMessage>}

      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">{t('api_keys.list_heading')}</h2>
        {keys.state !== 'ready' ? (
          <NotReady load={keys} inline />
        ) : keys.data.items.length === 0 ? (
          <p>{t('api_keys.none')}</p>
        ) : (
          <>
            <table class="data-table" data-testid="api-keys-table">
              <thead>
                <tr>
                  <th scope="col">{t('api_keys.name')}</th>
                  <th scope="col">{t('api_keys.prefix')}</th>
                  <th scope="col">{t('api_keys.scopes')}</th>
                  <th scope="col">{t('api_keys.expires')}</th>
                  <th scope="col">{t('api_keys.last_used')}</th>
                  <th scope="col">{t('api_keys.status')}</th>
                  <th scope="col">{t('members.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {keys.data.items.map((k) => {
                  const status = statusOf(k);
                  return (
                    <tr key={k.id} data-testid="api-key-row" data-name={k.name} data-status={status}>
                      <td data-label={t('api_keys.name')} class="primary">
                        <bdi>{k.name}</bdi>
                      </td>
                      <td data-label={t('api_keys.prefix')}>
                        <code>
                          <bdi dir="ltr">{k.prefix}…</bdi>
                        </code>
                      </td>
                      <td data-label={t('api_keys.scopes')}>
                        {k.scopes.length ? k.scopes.map((s) => t(scopeKey(s))).join(', ') : t('api_keys.scope_none')}
                      </td>
                      <td data-label={t('api_keys.expires')} class="nowrap">
                        {formatDate(k.expires_at, lang)}
                      </td>
                      <td data-label={t('api_keys.last_used')}>
                        {k.last_used_at ? formatDateTime(k.last_used_at, lang) : t('api_keys.never')}
                      </td>
                      <td data-label={t('api_keys.status')}>
                        <span class={`pill pill-${status}`}>{t(`api_keys.status_${status}`)}</span>
                      </td>
                      <td data-label={t('members.actions')}>
                        {status !== 'active' && '—'}
                        {status === 'active' && (
                          <button
                            type="button"
                            class="danger small"
                            data-testid="revoke"
                            onClick={() => {
                              setRevokeError(null);
                              setRevoking(k);
                            }}
                          >
                            {t('api_keys.revoke')}
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <MoreButton paged={keys} />
          </>
        )}
      </section>

      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          setNotice(null);
          void keys.reload();
          setTimeout(() => {
            const panel = document.getElementById('secret-panel');
            panel?.focus();
            panel?.scrollIntoView?.({ block: 'start' });
          }, 0);
        }}
      />

      {revoking && (
        <ConfirmDialog
          title={t('api_keys.revoke_title', { name: revoking.name })}
          confirmLabel={t('api_keys.revoke_confirm')}
          onConfirm={() => void revoke()}
          onCancel={() => setRevoking(null)}
          busy={revokeBusy}
          error={revokeError && t(revokeError)}
          testId="revoke-dialog"
        >
          <p>{t('api_keys.revoke_text', { name: revoking.name })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

const KEY_FIELDS = ['name', 'scopes', 'expires_at'] as const;

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKeyCreated) => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [expires, setExpires] = useState(() => dayFromToday(DEFAULT_EXPIRY_DAYS));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const fields: FormError['fields'] = {};
    if (!name.trim()) fields.name = 'field_error.required';
    const expiresAt = startOfDay(expires);
    if (!expiresAt) fields.expires_at = 'field_error.required';
    if (Object.keys(fields).length) {
      setError({ fields, general: null, retryAfter: null });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const key = await unwrap(api.POST('/api/v1/api-keys', { body: { name: name.trim(), scopes, expires_at: expiresAt } }));
      onCreated(key);
      setName('');
      setScopes([]);
      setExpires(dayFromToday(DEFAULT_EXPIRY_DAYS));
    } catch (err) {
      setError(formError(err, KEY_FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: (typeof KEY_FIELDS)[number]) => fieldMessage(error, field);
  const scopesError = fieldError('scopes');

  return (
    <section class="card" aria-labelledby="create-key-heading">
      <h2 id="create-key-heading">{t('api_keys.create_heading')}</h2>
      <form onSubmit={onSubmit} noValidate class="form" data-testid="api-key-form">
        <TextField
          id="key-name"
          label={t('api_keys.name')}
          hint={t('api_keys.name_hint')}
          required
          maxLength={120}
          value={name}
          onValue={setName}
          error={fieldError('name')}
        />
        <fieldset class="field" aria-describedby={scopesError ? 'key-scopes-error' : undefined}>
          <legend>{t('api_keys.scopes')}</legend>
          <p class="hint">{t('api_keys.scopes_hint')}</p>
          {SCOPES.map(({ scope, key }) => (
            <label class="check" key={scope}>
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                checked={scopes.includes(scope)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setScopes((s) => (on ? [...s, scope] : s.filter((x) => x !== scope)));
                }}
              />
              {t(key)}
            </label>
          ))}
          {scopesError && (
            <p class="field-error" id="key-scopes-error">
              {scopesError}
            </p>
          )}
        </fieldset>
        <TextField
          id="key-expires"
          label={t('api_keys.expires_on')}
          hint={t('api_keys.expires_hint', { days: DEFAULT_EXPIRY_DAYS })}
          type="date"
          required
          min={dayFromToday(1)}
          max={dayFromToday(MAX_EXPIRY_DAYS)}
          value={expires}
          onValue={setExpires}
          error={fieldError('expires_at')}
        />
        {error?.general && <ErrorMessage>{t(error.general)}</ErrorMessage>}
        <button type="submit" disabled={busy}>
          {busy ? t('common.working') : t('api_keys.create')}
        </button>
      </form>
    </section>
  );
}
