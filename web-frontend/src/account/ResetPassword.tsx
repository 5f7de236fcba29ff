import { useMemo, useState } from 'preact/hooks';
import { ApiError, PASSWORD_MIN_LENGTH, formError, type FormError } from '../api/errors';
import { linkToken } from '../auth/link-token';
import { ErrorMessage, fieldMessage, PasswordField, SuccessMessage } from '../components/forms';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { resetPassword } from './model';

const FIELDS = ['new_password'] as const;

export default function ResetPassword() {
  const { t } = useI18n();
  useTitle(t('reset.title'));
  const token = useMemo(() => linkToken(), []);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [state, setState] = useState<'form' | 'done' | 'invalid'>(token ? 'form' : 'invalid');

  if (state === 'invalid' || !token) {
    return (
      <section class="narrow" data-testid="link-invalid">
        <h1>{t('reset.title')}</h1>
        <ErrorMessage>
          <p>{t('problem.link_invalid')}</p>
        </ErrorMessage>
        <p>{t('reset.ask_again')}</p>
      </section>
    );
  }
  if (state === 'done') {
    return (
      <section class="narrow" data-testid="reset-done">
        <h1>{t('reset.title')}</h1>
        <SuccessMessage>
          <p>{t('reset.done')}</p>
        </SuccessMessage>
        <p>
          <a class="button-link" href="/login">
            {t('nav.login')}
          </a>
        </p>
      </section>
    );
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (!password) {
      setError({ fields: { new_password: 'field_error.required' }, general: null, retryAfter: null });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await resetPassword({ token, new_password: password });
      setState('done');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'link_invalid') setState('invalid');
      else setError(formError(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = fieldMessage(error, 'new_password');

  return (
    <section class="narrow" data-testid="reset-password">
      <h1>{t('reset.title')}</h1>
      <p class="lead">{t('reset.intro')}</p>
      <form onSubmit={onSubmit} noValidate class="form">
        <PasswordField
          id="reset-password"
          label={t('reset.new_password')}
          hint={t('password.rules', { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          error={fieldError}
        />
        {error?.general && <ErrorMessage>{t(error.general)}</ErrorMessage>}
        <button type="submit" disabled={busy}>
          {busy ? t('common.working') : t('reset.submit')}
        </button>
      </form>
    </section>
  );
}
