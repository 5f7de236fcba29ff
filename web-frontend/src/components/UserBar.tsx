import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { problemKey, type ProblemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { useI18n } from '../i18n';

/**
 * Who is logged in, where (with a switcher when they belong to several organisations), and Log out:
 * a bar under the header on a wide screen, the end of the header's menu on a narrow one.
 */
export function UserBar() {
  const { t } = useI18n();
  const { me, switchOrganization, logout } = useAuth();
  const { route } = useLocation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ProblemKey | null>(null);
  if (!me) return null;

  const current = me.memberships.find((m) => m.organization_id === me.organization_id);

  const onSwitch = async (event: Event) => {
    const select = event.currentTarget as HTMLSelectElement;
    const id = select.value;
    if (id === me.organization_id) return;
    setBusy(true);
    setError(null);
    try {
      await switchOrganization(id);
    } catch (err) {
      select.value = me.organization_id;
      setError(problemKey(err));
    } finally {
      setBusy(false);
    }
  };

  const onLogout = async () => {
    setBusy(true);
    try {
      await logout();
    } finally {
      setBusy(false);
      route('/login');
    }
  };

  return (
    <div class="user-bar" data-testid="user-bar">
      <div class="user-inner">
        <p class="user-who">
          <a href="/account" class="user-name" data-testid="user-name">
            {me.user.display_name}
          </a>
          <span class="user-role" data-testid="user-role">
            {t(`role.${me.role}`)}
          </span>
        </p>
        {me.memberships.length > 1 ? (
          <div class="org-switch">
            <label for="org-select" class="visually-hidden">
              {t('auth.organization')}
            </label>
            <select id="org-select" dir="auto" value={me.organization_id} onChange={onSwitch} disabled={busy} data-testid="org-select">
              {me.memberships.map((m) => (
                <option key={m.organization_id} value={m.organization_id}>
                  {m.organization_name}
                </option>
              ))}
            </select>
          </div>
        ) : (
          current && <p class="org-name">{current.organization_name}</p>
        )}
        <button type="button" class="logout" onClick={onLogout} disabled={busy} data-testid="logout">
          {t('auth.logout')}
        </button>
        {error && (
          <p class="user-error" role="alert">
            {t(error)}
          </p>
        )}
      </div>
    </div>
  );
}
