import { render } from 'preact';
import { App } from './app';
import { initI18n } from './i18n';
import './styles.css';
import './styles/header.css';
import './styles/forms.css';
import './styles/layout.css';
import './styles/participants.css';
import './styles/skills.css';

// Texts first (the stored language may be a separate chunk), then the first
// render, so nobody sees the page flash in the wrong language or direction.
void initI18n().then(() => {
  const root = document.getElementById('app');
  if (root) render(<App />, root);
});
