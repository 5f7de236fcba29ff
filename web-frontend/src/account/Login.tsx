import { useEffect, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { formError, type FormError } from '../api/errors';
import { safeNext, useAuth } from '../auth/auth';
import { ErrorMessage, fieldMessage, PasswordField, TextField } from '../components/forms';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { login } from './model';

const FIELDS = ['email', 'password'] as const;

export function Login() {
  const { t } = useI18n();
  useTitle(t('login.title'));
  const auth = useAuth();
  const { query, route } = useLocation();
  // Read once: while the next page's code loads, this page stays mounted under the new URL.
  const next = useRef(safeNext(query.next)).current;
  const redirected = useRef(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  /** Seconds left before another attempt is allowed (after a 429). */
  const [wait, setWait] = useState(0);

  // Logged in (now, or already in another tab): go where the user wanted.
  useEffect(() => {
    if (auth.state.status === 'ready' && !redirected.current) {
      redirected.current = true;
      route(next, true);
    }
  }, [auth.state.status, next, route]);

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const fields: FormError['fields'] = {};
    if (!email.trim()) fields.email = 'field_error.required';
    else if (!/^[^\s@]+@[^\s@]+$/.test(email.trim())) fields.email = 'field_error.email';
    if (!password) fields.password = 'field_error.required';
    if (Object.keys(fields).length) {
      setError({ fields, general: null, retryAfter: null });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const tokens = await login({ email: email.trim(), password });
      await auth.start(tokens);
    } catch (err) {
      const e = formError(err, FIELDS);
      setError(e);
      if (e.retryAfter) setWait(e.retryAfter);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: (typeof FIELDS)[number]) => fieldMessage(error, field);
  const general =
    error?.general === 'problem.too_many_requests' && error.retryAfter
      ? t('login.wait', { seconds: error.retryAfter })
      : error?.general
        ? t(error.general)
        : null;

  return (
    <section class="narrow" data-testid="login">
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form onSubmit={onSubmit} noValidate class="form">
        <TextField
          id="login-email"
          label={t('login.email')}
          type="email"
          inputMode="email"
          autoComplete="username"
          dir="ltr"
          required
          value={email}
          onValue={setEmail}
          error={fieldError('email')}
        />
        <PasswordField
          id="login-password"
          label={t('login.password')}
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={fieldError('password')}
        />
        {general && <ErrorMessage testId="login-error">{general}</ErrorMessage>}
        <button type="submit" disabled={busy || wait > 0}>
          {busy ? t('login.submitting') : wait > 0 ? t('login.wait_button', { seconds: wait }) : t('login.submit')}
        </button>
      </form>
      <p class="hint">{t('login.forgot')}</p>
    </section>
  );
}
