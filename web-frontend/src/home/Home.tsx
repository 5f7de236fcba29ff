import type { ComponentType } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { useAuth } from '../auth/auth';
import { Loading } from '../components/NotReady';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { getHealth, getReady, type Check, type Health, type Ready } from './model';

/**
 * The start page. Visitors: what Skupaj is, and the way in. Someone logged
 * in: "What's next" for them (its own chunk, loaded only then). Everyone: a
 * small line at the bottom saying whether the server and its database work.
 */
export function Home() {
  const { t } = useI18n();
  const { state, me } = useAuth();
  useTitle();

  return (
    <>
      <h1>{t('home.title')}</h1>
      {(state.status === 'anonymous' || state.status === 'error') && (
        <>
          <p class="lead">{t('home.intro')}</p>
          <p>{t('home.intro2')}</p>
        </>
      )}
      {me && (
        <p class="welcome-line" data-testid="welcome">
          {t('home.logged_in', {
            name: me.user.display_name,
            role: t(`role.${me.role}`),
            organization: me.memberships.find((m) => m.organization_id === me.organization_id)?.organization_name ?? '',
          })}
        </p>
      )}
      {state.status === 'anonymous' && (
        <p>
          <a class="button-link" href="/login">
            {t('nav.login')}
          </a>
        </p>
      )}
      {state.status === 'ready' && <WhatsNextChunk />}
      <ServiceLine />
    </>
  );
}

/** "What's next", fetched as its own chunk (twice on a flaky connection, then a message). */
function WhatsNextChunk() {
  const { t } = useI18n();
  const [chunk, setChunk] = useState<{ Component: ComponentType } | 'failed' | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    const load = () => import('./WhatsNext');
    load()
      .catch(() => load())
      .then(
        (m) => live && setChunk({ Component: m.default }),
        () => live && setChunk('failed'),
      );
    return () => {
      live = false;
    };
  }, [attempt]);
  if (chunk === null) return <Loading />;
  if (chunk === 'failed')
    return (
      <div class="alert" role="alert">
        <p>{t('problem.network')}</p>
        <button
          type="button"
          onClick={() => {
            setChunk(null);
            setAttempt((n) => n + 1);
          }}
        >
          {t('common.retry')}
        </button>
      </div>
    );
  return <chunk.Component />;
}

/** Whether the server and its database work: one small line, and an alert with a retry when they do not. */
function ServiceLine() {
  const { t } = useI18n();
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
    <div class="service-line" data-testid="service-line">
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
      <p class="status-list" aria-live="polite">
        <span class="status" data-testid="health-status" data-state={health.state}>
          <span class="status-dot" aria-hidden="true" />
          {healthText}
        </span>
        <span class="status" data-testid="ready-status" data-state={ready.state}>
          <span class="status-dot" aria-hidden="true" />
          {readyText}
        </span>
      </p>
    </div>
  );
}
