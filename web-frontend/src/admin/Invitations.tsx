// Invitations and the links to pass on: the form to invite someone, a pending invitation (which
// can be withdrawn), and the panel that shows a new link (an invitation or a password reset).
import { useState } from 'preact/hooks';
import { api, type Role } from '../api/client';
import { ApiError, formError, unwrap, type FormError } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { ROLES, isRole } from '../auth/roles';
import { CopyField } from '../components/CopyField';
import { ErrorMessage, fieldMessage, SelectField, TextField } from '../components/forms';
import { Email } from '../components/Text';
import { formatDate, formatDateTime } from '../format';
import { useI18n } from '../i18n';
import type { LinkCreated, PendingInvitation } from './model';

/** A link just created, to pass on: for an invitation or a password reset. */
export type Link = { kind: 'invitation'; email: string; role: Role; link: LinkCreated } | { kind: 'reset'; name: string; link: LinkCreated };

export function LinkPanel({ link, onClose }: { link: Link; onClose: () => void }) {
  const { t, lang } = useI18n();
  return (
    <section class="card link-panel" id="link-panel" tabIndex={-1} data-testid="link-panel" aria-labelledby="link-heading">
      <h2 id="link-heading">
        {link.kind === 'invitation' ? t('invitations.created_heading') : t('members.reset_heading', { name: link.name })}
      </h2>
      <p>
        {link.kind === 'invitation'
          ? t('invitations.created_text', { email: link.email, role: t(`role.${link.role}`) })
          : t('members.reset_text', { name: link.name })}
      </p>
      <CopyField
        id="created-link"
        label={t('common.link')}
        value={link.link.url}
        testId={link.kind === 'invitation' ? 'invite-link' : 'reset-url'}
      />
      <p>
        <strong>{t('common.expires', { date: formatDateTime(link.link.expires_at, lang) })}</strong>
      </p>
      <p class="hint">{t('invitations.pass_on')}</p>
      <button type="button" class="secondary" onClick={onClose}>
        {t('common.done')}
      </button>
    </section>
  );
}

export function Invitation({ invitation, onWithdrawn }: { invitation: PendingInvitation; onWithdrawn: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProblemKey | null>(null);
  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.DELETE('/api/v1/invitations/{id}', { params: { path: { id: invitation.id } } }));
      onWithdrawn();
    } catch (err) {
      setError(problemKey(err));
      setBusy(false);
    }
  };
  return (
    <li class="card-item" data-testid="invitation" data-email={invitation.email}>
      <div class="card-main">
        <p class="primary">
          <Email value={invitation.email} />
        </p>
        <p>
          {t(`role.${invitation.role}`)} · {t('common.expires', { date: formatDate(invitation.expires_at, lang) })}
        </p>
        {error && (
          <p class="field-error" role="alert">
            {t(error)}
          </p>
        )}
      </div>
      <button type="button" class="secondary small" disabled={busy} onClick={() => void withdraw()} data-testid="withdraw">
        {t('invitations.withdraw')}
      </button>
    </li>
  );
}

const INVITE_FIELDS = ['email', 'role'] as const;

export function InviteForm({ onCreated }: { onCreated: (link: Link) => void }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const fields: FormError['fields'] = {};
    const address = email.trim();
    if (!address) fields.email = 'field_error.required';
    else if (!/^[^\s@]+@[^\s@]+$/.test(address)) fields.email = 'field_error.email';
    if (!isRole(role)) fields.role = 'field_error.required';
    if (Object.keys(fields).length || !isRole(role)) {
      setError({ fields, general: null, retryAfter: null });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const link = await unwrap(api.POST('/api/v1/invitations', { body: { email: address, role } }));
      onCreated({ kind: 'invitation', email: address, role, link });
      setEmail('');
      setRole('');
    } catch (err) {
      const e = formError(err, INVITE_FIELDS);
      if (err instanceof ApiError && err.code === 'conflict') {
        e.general = null;
        e.fields.email = 'field_error.already_member';
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: (typeof INVITE_FIELDS)[number]) => fieldMessage(error, field);

  return (
    <section class="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('invitations.form_heading')}</h2>
      <p>{t('invitations.form_intro')}</p>
      <form onSubmit={onSubmit} noValidate class="form" data-testid="invite-form">
        <TextField
          id="invite-email"
          label={t('invitations.email')}
          type="email"
          inputMode="email"
          autoComplete="off"
          dir="ltr"
          required
          value={email}
          onValue={setEmail}
          error={fieldError('email')}
        />
        <SelectField id="invite-role" label={t('invitations.role')} value={role} onValue={setRole} error={fieldError('role')}>
          <option value="">{t('invitations.choose_role')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        {error?.general && <ErrorMessage>{t(error.general)}</ErrorMessage>}
        <button type="submit" disabled={busy}>
          {busy ? t('common.working') : t('invitations.submit')}
        </button>
      </form>
    </section>
  );
}
