import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso/router';
import { useI18n } from '../i18n';
import { LanguageSwitcher } from './LanguageSwitcher';

import { PRODUCT_NAME } from '../brand';

export function Layout({ children }: { children: ComponentChildren }) {
  const { t } = useI18n();
  const { path } = useLocation();
  const current = (href: string) => (path === href ? 'page' : undefined);

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
            </ul>
          </nav>
          <LanguageSwitcher />
        </div>
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
