import { useState } from 'preact/hooks';
import { PASSWORD_MIN_LENGTH, formError, type FormError } from '../api/errors';
import { useAuth } from '../auth/auth';
import { ErrorMessage, fieldMessage, PasswordField, SuccessMessage } from '../components/forms';
import { Email } from '../components/Text';
import { useTitle } from '../components/useTitle';
import { formatDate } from '../format';
import { useI18n } from '../i18n';
import { CalendarFeed } from './CalendarFeed';
import { changePassword } from './model';

const FIELDS = ['current_password', 'new_password'] as const;

export default function Account() {
  const { t, lang } = useI18n();
  useTitle(t('account.title'));
  const { me, start } = useAuth();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const [done, setDone] = useState(false);
  if (!me) return null;

  const org = me.memberships.find((m) => m.organization_id === me.organization_id);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const fields: FormError['fields'] = {};
    if (!current) fields.current_password = 'field_error.required';
    if (!next) fields.new_password = 'field_error.required';
    if (Object.keys(fields).length) {
      setError({ fields, general: null, retryAfter: null });
      return;
    }
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      const tokens = await changePassword({ current_password: current, new_password: next });
      // The server ended the other sessions; this one goes on with the new tokens.
      await start(tokens, { endPrevious: false });
      setCurrent('');
      setNext('');
      setDone(true);
    } catch (err) {
      setError(formError(err, FIELDS));
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: (typeof FIELDS)[number]) => fieldMessage(error, field);

  return (
    <>
      <h1>{t('account.title')}</h1>
      <section class="card" aria-labelledby="me-heading" data-testid="me">
        <h2 id="me-heading">{t('account.me_heading')}</h2>
        <dl class="facts">
          <dt>{t('account.name')}</dt>
          <dd data-testid="me-name">
            <bdi>{me.user.display_name}</bdi>
          </dd>
          <dt>{t('account.email')}</dt>
          <dd>
            <Email value={me.user.email} />
          </dd>
          <dt>{t('account.organization')}</dt>
          <dd>{org?.organization_name}</dd>
          <dt>{t('account.role')}</dt>
          <dd data-testid="me-role">{t(`role.${me.role}`)}</dd>
          <dt>{t('account.since')}</dt>
          <dd>{formatDate(me.created_at, lang)}</dd>
        </dl>
      </section>

      <section class="card" aria-labelledby="memberships-heading">
        <h2 id="memberships-heading">{t('account.memberships_heading')}</h2>
        <ul class="plain-list" data-testid="memberships">
          {me.memberships.map((m) => (
            <li key={m.id}>
              <strong>{m.organization_name}</strong> · {t(`role.${m.role}`)}
              {m.organization_id === me.organization_id && <span class="badge">{t('account.current')}</span>}
            </li>
          ))}
        </ul>
        {me.memberships.length > 1 && <p class="hint">{t('account.switch_hint')}</p>}
      </section>

      <CalendarFeed />

      <section class="card" aria-labelledby="password-heading">
        <h2 id="password-heading">{t('account.password_heading')}</h2>
        <form onSubmit={onSubmit} noValidate class="form" data-testid="password-form">
          <PasswordField
            id="current-password"
            label={t('account.current_password')}
            autoComplete="current-password"
            required
            value={current}
            onValue={setCurrent}
            error={fieldError('current_password')}
          />
          <PasswordField
            id="new-password"
            label={t('account.new_password')}
            hint={t('password.rules', { min: PASSWORD_MIN_LENGTH })}
            autoComplete="new-password"
            required
            value={next}
            onValue={setNext}
            error={fieldError('new_password')}
          />
          {error?.general && <ErrorMessage>{t(error.general)}</ErrorMessage>}
          {done && <SuccessMessage testId="password-changed">{t('account.password_changed')}</SuccessMessage>}
          <button type="submit" disabled={busy}>
            {busy ? t('common.working') : t('account.change_password')}
          </button>
        </form>
      </section>
    </>
  );
}
