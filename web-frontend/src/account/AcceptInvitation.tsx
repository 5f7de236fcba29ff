import { useMemo, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { ApiError, PASSWORD_MIN_LENGTH, formError, type FormError } from '../api/errors';
import { useAuth } from '../auth/auth';
import { linkToken } from '../auth/link-token';
import { ErrorMessage, fieldMessage, PasswordField, TextField } from '../components/forms';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { acceptInvitation } from './model';

const FIELDS = ['display_name', 'password'] as const;

export default function AcceptInvitation() {
  const { t } = useI18n();
  useTitle(t('invite.title'));
  const auth = useAuth();
  const { route } = useLocation();
  const token = useMemo(() => linkToken(), []);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [linkBroken, setLinkBroken] = useState(false);

  if (!token || linkBroken) {
    return (
      <section class="narrow" data-testid="link-invalid">
        <h1>{t('invite.title')}</h1>
        <ErrorMessage>
          <p>{t('problem.link_invalid')}</p>
        </ErrorMessage>
        <p>{t('invite.ask_again')}</p>
      </section>
    );
  }

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const fields: FormError['fields'] = {};
    if (!name.trim()) fields.display_name = 'field_error.required';
    if (!password) fields.password = 'field_error.required';
    if (Object.keys(fields).length) {
      setError({ fields, general: null, retryAfter: null });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const tokens = await acceptInvitation({ token, display_name: name.trim(), password });
      await auth.start(tokens);
      route('/', true); // replace: the used link should not be one "back" away
    } catch (err) {
      if (err instanceof ApiError && err.code === 'link_invalid') {
        setLinkBroken(true);
        return;
      }
      const e = formError(err, FIELDS);
      // An existing account proves itself with its current password.
      if (err instanceof ApiError && err.code === 'invalid_credentials') {
        e.fields.password = 'field_error.incorrect';
        e.general = null;
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: (typeof FIELDS)[number]) => fieldMessage(error, field);

  return (
    <section class="narrow" data-testid="accept-invitation">
      <h1>{t('invite.title')}</h1>
      <p class="lead">{t('invite.intro')}</p>
      <form onSubmit={onSubmit} noValidate class="form">
        <TextField
          id="invite-name"
          label={t('invite.name')}
          hint={t('invite.name_hint')}
          autoComplete="name"
          required
          maxLength={120}
          value={name}
          onValue={setName}
          error={fieldError('display_name')}
        />
        <PasswordField
          id="invite-password"
          label={t('invite.password')}
          hint={t('password.rules', { min: PASSWORD_MIN_LENGTH })}
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          error={fieldError('password')}
        />
        <p class="hint">{t('invite.existing_account')}</p>
        {error?.general && (
          <ErrorMessage>
            <p>{t(error.general)}</p>
            {error.general === 'problem.conflict' && (
              <p>
                <a href="/login">{t('nav.login')}</a>
              </p>
            )}
          </ErrorMessage>
        )}
        <button type="submit" disabled={busy}>
          {busy ? t('common.working') : t('invite.submit')}
        </button>
      </form>
    </section>
  );
}
