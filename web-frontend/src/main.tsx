import { render } from 'preact';
import { App } from './app';
import { initI18n } from './i18n';
import './styles.css';

// Texts first (the stored language may be a separate chunk), then the first
// render, so nobody sees the page flash in the wrong language or direction.
void initI18n().then(() => {
  const root = document.getElementById('app');
  if (root) render(<App />, root);
});
