import { useState } from 'preact/hooks';
import { api, type Role } from '../api/client';
import { ApiError, formError, unwrap, type FormError } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { ROLES, can, isRole } from '../auth/roles';
import { ConfirmDialog, CopyField, ErrorMessage, fieldMessage, SelectField, SuccessMessage, TextField } from '../components/forms';
import { MoreButton } from '../components/MoreButton';
import { NotReady } from '../components/NotReady';
import { usePaged } from '../components/usePaged';
import { Email } from '../components/Text';
import { useTitle } from '../components/useTitle';
import { formatDate, formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { listInvitations, listMembers, type LinkCreated, type Member, type PendingInvitation } from './model';

/** A link just created, to pass on: for an invitation or a password reset. */
type Link = { kind: 'invitation'; email: string; role: Role; link: LinkCreated } | { kind: 'reset'; name: string; link: LinkCreated };

export default function Members() {
  const { t, lang } = useI18n();
  useTitle(t('members.title'));
  const { me } = useAuth();
  const admin = can(me?.role, 'members.manage');
  const org = me?.memberships.find((m) => m.organization_id === me.organization_id)?.organization_name ?? '';

  const members = usePaged<Member>(listMembers);
  const invitations = usePaged<PendingInvitation>(async (cursor) => (admin ? listInvitations(cursor) : { items: [] }), [admin]);

  const [link, setLink] = useState<Link | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Errors shown at a member's row, by membership id. */
  const [rowErrors, setRowErrors] = useState<Record<string, string>>({});
  const [busyRow, setBusyRow] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const [removeError, setRemoveError] = useState<ProblemKey | null>(null);

  const setRowError = (id: string, message: string | null) =>
    setRowErrors((errors) => {
      const next = { ...errors };
      if (message) next[id] = message;
      else delete next[id];
      return next;
    });

  if (members.state === 'forbidden') return <NotReady load={members} />;

  const changeRole = async (member: Member, role: Role, select: HTMLSelectElement) => {
    setBusyRow(member.id);
    setRowError(member.id, null);
    setNotice(null);
    try {
      const updated = await unwrap(
        api.PATCH('/api/v1/members/{id}', { params: { path: { id: member.id } }, body: { role, version: member.version } }),
      );
      members.update((items) => items.map((m) => (m.id === updated.id ? updated : m)));
      setNotice(t('members.role_changed', { name: updated.display_name, role: t(`role.${updated.role}`) }));
    } catch (error) {
      select.value = member.role;
      setRowError(member.id, t(problemKey(error)));
      // Someone else changed this member: show what is true now.
      if (error instanceof ApiError && error.code === 'version_conflict') void members.reload();
    } finally {
      setBusyRow(null);
    }
  };

  const resetLink = async (member: Member) => {
    setBusyRow(member.id);
    setRowError(member.id, null);
    setNotice(null);
    try {
      const created = await unwrap(
        api.POST('/api/v1/members/{id}/password-reset', { params: { path: { id: member.id } } }),
      );
      setLink({ kind: 'reset', name: member.display_name, link: created });
      focusLater('link-panel');
    } catch (error) {
      setRowError(member.id, t(problemKey(error)));
    } finally {
      setBusyRow(null);
    }
  };

  const remove = async () => {
    if (!removing) return;
    setBusyRow(removing.id);
    setRemoveError(null);
    try {
      await unwrap(api.DELETE('/api/v1/members/{id}', { params: { path: { id: removing.id } } }));
      members.update((items) => items.filter((m) => m.id !== removing.id));
      setNotice(t('members.removed', { name: removing.display_name }));
      setRemoving(null);
    } catch (error) {
      setRemoveError(problemKey(error));
    } finally {
      setBusyRow(null);
    }
  };

  return (
    <>
      <h1>{t('members.title')}</h1>
      <p class="lead">{admin ? t('members.intro_admin', { organization: org }) : t('members.intro_readonly', { organization: org })}</p>

      {link && <LinkPanel link={link} onClose={() => setLink(null)} />}
      {notice && <SuccessMessage testId="members-notice">{notice}</SuccessMessage>}

      {admin && (
        <InviteForm
          onCreated={(created) => {
            setLink(created);
            setNotice(null);
            void invitations.reload();
            focusLater('link-panel');
          }}
        />
      )}

      <section aria-labelledby="members-heading">
        <h2 id="members-heading">{t('members.list_heading')}</h2>
        {members.state !== 'ready' ? (
          <NotReady load={members} inline />
        ) : (
          <>
            <table class="data-table" data-testid="members-table">
              <thead>
                <tr>
                  <th scope="col">{t('members.name')}</th>
                  <th scope="col">{t('members.email')}</th>
                  <th scope="col">{t('members.role')}</th>
                  <th scope="col">{t('members.joined')}</th>
                  {admin && <th scope="col">{t('members.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {members.data.items.map((m) => (
                  <tr key={m.id} data-testid="member-row" data-email={m.email}>
                    <td data-label={t('members.name')} class="primary">
                      <bdi>{m.display_name}</bdi>
                      {m.user_id === me?.user.id && <span class="badge">{t('members.you')}</span>}
                    </td>
                    <td data-label={t('members.email')}>
                      <Email value={m.email} />
                    </td>
                    <td data-label={t('members.role')}>
                      {admin ? (
                        <>
                          <label class="visually-hidden" for={`role-${m.id}`}>
                            {t('members.role_of', { name: m.display_name })}
                          </label>
                          <select
                            id={`role-${m.id}`}
                            value={m.role}
                            disabled={busyRow === m.id}
                            data-testid="role-select"
                            aria-describedby={rowErrors[m.id] ? `row-error-${m.id}` : undefined}
                            onChange={(e) => {
                              const value = e.currentTarget.value;
                              if (isRole(value) && value !== m.role) void changeRole(m, value, e.currentTarget);
                            }}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {t(`role.${r}`)}
                              </option>
                            ))}
                          </select>
                        </>
                      ) : (
                        t(`role.${m.role}`)
                      )}
                      {rowErrors[m.id] && (
                        <p class="field-error" id={`row-error-${m.id}`} role="alert" data-testid="row-error">
                          {rowErrors[m.id]}
                        </p>
                      )}
                    </td>
                    <td data-label={t('members.joined')} class="nowrap">
                      {formatDate(m.joined_at, lang)}
                    </td>
                    {admin && (
                      <td data-label={t('members.actions')} class="actions-cell">
                        <div class="row-actions">
                          <button
                            type="button"
                            class="secondary small"
                            disabled={busyRow === m.id}
                            onClick={() => void resetLink(m)}
                            data-testid="reset-link"
                          >
                            {t('members.reset_link')}
                          </button>
                          <button
                            type="button"
                            class="danger small"
                            disabled={busyRow === m.id}
                            onClick={() => {
                              setRemoveError(null);
                              setRemoving(m);
                            }}
                            data-testid="remove"
                          >
                            {t('members.remove')}
                          </button>
                        </div>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            <MoreButton paged={members} />
          </>
        )}
      </section>

      {admin && (
        <>
          <section aria-labelledby="invitations-heading">
            <h2 id="invitations-heading">{t('invitations.heading')}</h2>
            {invitations.state !== 'ready' ? (
              <NotReady load={invitations} inline />
            ) : invitations.data.items.length === 0 ? (
              <p data-testid="no-invitations">{t('invitations.none')}</p>
            ) : (
              <>
                <ul class="card-list" data-testid="invitations">
                  {invitations.data.items.map((inv) => (
                    <Invitation key={inv.id} invitation={inv} onWithdrawn={() => void invitations.reload()} />
                  ))}
                </ul>
                <MoreButton paged={invitations} />
              </>
            )}
          </section>
        </>
      )}

      {removing && (
        <ConfirmDialog
          title={t('members.remove_title', { name: removing.display_name })}
          confirmLabel={t('members.remove_confirm')}
          onConfirm={() => void remove()}
          onCancel={() => setRemoving(null)}
          busy={busyRow === removing.id}
          error={removeError && t(removeError)}
          testId="remove-dialog"
        >
          <p>
            {t('members.remove_text', { name: removing.display_name, email: removing.email, organization: org })}
          </p>
          {removing.user_id === me?.user.id && <p class="warning">{t('members.remove_self')}</p>}
        </ConfirmDialog>
      )}
    </>
  );
}

function LinkPanel({ link, onClose }: { link: Link; onClose: () => void }) {
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

function Invitation({ invitation, onWithdrawn }: { invitation: PendingInvitation; onWithdrawn: () => void }) {
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

function focusLater(id: string) {
  setTimeout(() => {
    const el = document.getElementById(id);
    el?.focus();
    el?.scrollIntoView?.({ block: 'start' });
  }, 0);
}

const INVITE_FIELDS = ['email', 'role'] as const;

function InviteForm({ onCreated }: { onCreated: (link: Link) => void }) {
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
