import { useCallback, useEffect, useState } from 'preact/hooks';
import { useAuth } from '../auth/auth';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { getHealth, getReady, type Check, type Health, type Ready } from './model';

export function Home() {
  const { t } = useI18n();
  const { state, me } = useAuth();
  useTitle();
  const [health, setHealth] = useState<Check<Health>>({ state: 'loading' });
  const [ready, setReady] = useState<Check<Ready>>({ state: 'loading' });

  const refresh = useCallback(() => {
    setHealth({ state: 'loading' });
    setReady({ state: 'loading' });
    void getHealth().then(setHealth);
    void getReady().then(setReady);
  }, []);
  useEffect(refresh, [refresh]);

  const healthText =
    health.state === 'ok'
      ? t('home.server_running', { version: health.data.version })
      : health.state === 'loading'
        ? t('home.server_checking')
        : t('home.server_down');
  const readyText =
    ready.state === 'ok'
      ? t('home.db_ready', { database: ready.data.database })
      : ready.state === 'loading'
        ? t('home.db_checking')
        : t('home.db_down');

  // One message per distinct problem: if the network is down, say so once.
  const problems = [...new Set([health, ready].flatMap((c) => (c.state === 'failed' ? [c.key] : [])))];

  return (
    <>
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.intro')}</p>
      <p>{t('home.intro2')}</p>

      {me && (
        <section class="card welcome" data-testid="welcome">
          <p>
            {t('home.logged_in', {
              name: me.user.display_name,
              role: t(`role.${me.role}`),
              organization: me.memberships.find((m) => m.organization_id === me.organization_id)?.organization_name ?? '',
            })}
          </p>
        </section>
      )}
      {state.status === 'anonymous' && (
        <p>
          <a class="button-link" href="/login">
            {t('nav.login')}
          </a>
        </p>
      )}

      <section class="card" aria-labelledby="status-heading">
        <h2 id="status-heading">{t('home.status_heading')}</h2>
        <ul class="status-list" aria-live="polite">
          <li class="status" data-testid="health-status" data-state={health.state}>
            <span class="status-dot" aria-hidden="true" />
            {healthText}
          </li>
          <li class="status" data-testid="ready-status" data-state={ready.state}>
            <span class="status-dot" aria-hidden="true" />
            {readyText}
          </li>
        </ul>
        {problems.length > 0 && (
          <div class="alert" role="alert">
            {problems.map((key) => (
              <p key={key}>{t(key)}</p>
            ))}
            <button type="button" onClick={refresh}>
              {t('home.retry')}
            </button>
          </div>
        )}
      </section>
    </>
  );
}
