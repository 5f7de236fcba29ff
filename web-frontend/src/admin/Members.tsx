import { useState } from 'preact/hooks';
import { api, type Role } from '../api/client';
import { ApiError, unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { ROLES, can, isRole } from '../auth/roles';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SuccessMessage } from '../components/forms';
import { MoreButton } from '../components/MoreButton';
import { NotReady } from '../components/NotReady';
import { Email } from '../components/Text';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { Invitation, InviteForm, LinkPanel, type Link } from './Invitations';
import { listInvitations, listMembers, type Member, type PendingInvitation } from './model';

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

function focusLater(id: string) {
  setTimeout(() => {
    const el = document.getElementById(id);
    el?.focus();
    el?.scrollIntoView?.({ block: 'start' });
  }, 0);
}
