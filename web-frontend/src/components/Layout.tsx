import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { PRODUCT_NAME } from '../brand';
import { useAuth } from '../auth/auth';
import { can, type Permission } from '../auth/roles';
import { useI18n } from '../i18n';
import { UnreadBadge } from '../opportunities/UnreadBadge';
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
    | 'nav.market_mine'
    | 'nav.market_orders'
    | 'nav.opportunities'
    | 'nav.my_matches'
    | 'nav.applications'
    | 'nav.outcomes'
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
  { href: '/opportunities', key: 'nav.opportunities', permission: 'opportunities.view' },
  { href: '/opportunities/matches', key: 'nav.my_matches', permission: 'matches.own' },
  { href: '/applications', key: 'nav.applications', permission: 'applications.view' },
  { href: '/opportunities/outcomes', key: 'nav.outcomes', permission: 'outcomes.stats' },
  { href: '/market/mine', key: 'nav.market_mine', permission: 'market.sell' },
  { href: '/market/orders', key: 'nav.market_orders', permission: 'market.manage' },
  { href: '/members', key: 'nav.members', permission: 'members.view' },
  { href: '/api-keys', key: 'nav.api_keys', permission: 'api_keys.manage' },
  { href: '/audit', key: 'nav.audit', permission: 'audit.view' },
];

const MENU_ID = 'site-menu';

/**
 * The header. On a wide screen (64rem and more) everything shows: brand, links,
 * language, and the user bar below. Narrower, it is one bar with the brand and
 * a Menu button that opens the rest (links, account, organisation, language,
 * Log out) below it; the stylesheet decides which, the same markup serves both.
 */
function SiteHeader() {
  const { t } = useI18n();
  const { path } = useLocation();
  const { state, me } = useAuth();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  /** Set when the button opens the menu: focus then moves to its first link. */
  const focusFirst = useRef(false);
  const current = (href: string) => (path === href ? 'page' : href !== '/' && path.startsWith(`${href}/`) ? 'true' : undefined);

  // Going to another page closes the menu (the router then focuses the page).
  useEffect(() => setOpen(false), [path]);

  // Right after the menu is drawn, not a frame later: a quick next key press must not miss it.
  useLayoutEffect(() => {
    if (open && focusFirst.current) {
      focusFirst.current = false;
      panel.current?.querySelector<HTMLElement>('a[href], button, select')?.focus();
    }
  }, [open]);

  const onToggle = () => {
    focusFirst.current = !open;
    setOpen(!open);
  };

  // Escape anywhere in the header closes the menu and returns to its button.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    setOpen(false);
    button.current?.focus();
  };

  // A link chosen in the menu closes it, also when it is the page already shown.
  const onPanelClick = (event: MouseEvent) => {
    if (event.target instanceof Element && event.target.closest('a[href]')) setOpen(false);
  };

  return (
    <header class="site-header">
      <div class="container header-inner" onKeyDown={onKeyDown}>
        <a class="brand" href="/">
          <span class="brand-name">{PRODUCT_NAME}</span>
          <span class="brand-tagline">{t('app.tagline')}</span>
        </a>
        <button
          ref={button}
          type="button"
          class="menu-button"
          aria-expanded={open ? 'true' : 'false'}
          aria-controls={MENU_ID}
          onClick={onToggle}
          data-testid="menu-button"
        >
          <svg class="menu-icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
            <path
              fill="none"
              stroke="currentColor"
              stroke-width="2.5"
              stroke-linecap="round"
              d={open ? 'M6 6l12 12M18 6L6 18' : 'M4 6h16M4 12h16M4 18h16'}
            />
          </svg>
          <span>{t('nav.menu')}</span>
        </button>
        <div ref={panel} id={MENU_ID} class={open ? 'site-menu open' : 'site-menu'} onClick={onPanelClick}>
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
              <li>
                <a href="/market" aria-current={path === '/market' || /^\/market\/(listings|sellers|basket)\b/.test(path) ? 'page' : undefined} data-testid="market-link">
                  {t('nav.market')}
                </a>
              </li>
              {ROLE_LINKS.filter((l) => can(me?.role, l.permission)).map((l) => (
                <li key={l.href}>
                  <a href={l.href} aria-current={current(l.href)}>
                    {t(l.key)}
                    {l.href === '/applications' && <UnreadBadge path={path} />}
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
          <UserBar />
        </div>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();

  return (
    <>
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <SiteHeader />
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
