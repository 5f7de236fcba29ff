import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso/router';
import { PRODUCT_NAME } from '../brand';
import { useAuth } from '../auth/auth';
import { can, type Permission } from '../auth/roles';
import { useI18n } from '../i18n';
import { LanguageSwitcher } from './LanguageSwitcher';
import { UserBar } from './UserBar';

/** Links for roles that may use them (the pages check again, and so does the server). */
const ROLE_LINKS: readonly {
  href: string;
  key:
    | 'nav.participants'
    | 'nav.interviews'
    | 'nav.interview_analysis'
    | 'nav.meetings'
    | 'nav.my_profile'
    | 'nav.members'
    | 'nav.api_keys'
    | 'nav.audit';
  permission: Permission;
}[] = [
  { href: '/participants', key: 'nav.participants', permission: 'participants.view' },
  { href: '/interviews', key: 'nav.interviews', permission: 'interviews.view' },
  { href: '/interviews/analysis', key: 'nav.interview_analysis', permission: 'interviews.analysis' },
  { href: '/meetings', key: 'nav.meetings', permission: 'meetings.view' },
  { href: '/my-profile', key: 'nav.my_profile', permission: 'participants.own' },
  { href: '/members', key: 'nav.members', permission: 'members.view' },
  { href: '/api-keys', key: 'nav.api_keys', permission: 'api_keys.manage' },
  { href: '/audit', key: 'nav.audit', permission: 'audit.view' },
];

export function Layout({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const { state, me } = useAuth();
  const current = (href: string) => (path === href ? 'page' : href !== '/' && path.startsWith(`${href}/`) ? 'true' : undefined);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="site-header">
        <div class="container header-inner">
          <a class="brand" href="/">
            <span class="brand-name">{PRODUCT_NAME}</span>
            <span class="brand-tagline">{t('app.tagline')}</span>
          </a>
          <nav class="site-nav" aria-label={t('nav.label')}>
            <ul>
              <li>
                <a href="/" aria-current={current('/')}>
                  {t('nav.home')}
                </a>
              </li>
              <li>
                <a href="/about" aria-current={current('/about')}>
                  {t('nav.about')}
                </a>
              </li>
              {ROLE_LINKS.filter((l) => can(me?.role, l.permission)).map((l) => (
                <li key={l.href}>
                  <a href={l.href} aria-current={current(l.href)}>
                    {t(l.key)}
                  </a>
                </li>
              ))}
              {state.status === 'anonymous' && path !== '/login' && (
                <li>
                  <a href="/login" data-testid="login-link">
                    {t('nav.login')}
                  </a>
                </li>
              )}
            </ul>
          </nav>
          <LanguageSwitcher />
        </div>
        <UserBar />
      </header>
      <main id="main" tabIndex={-1} class="container">
        {children}
      </main>
      <footer class="site-footer">
        <div class="container footer-inner">
          <p>{t('footer.note')}</p>
          <p>
            <a href="/api/docs">{t('footer.api_docs')}</a>
          </p>
        </div>
      </footer>
    </>
  );
}
