// /applications — "My applications" for a participant (state, unread
// messages, and the answer to a proposal), the applicants of a partner's
// opportunities, or all of them for staff (with a state filter).
import { useState } from 'preact/hooks';
import { useAuth } from '../auth/auth';
import { MoreButton } from '../components/MoreButton';
import { NotReady } from '../components/NotReady';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { listApplications, STATES, type Application, type ApplicationState } from './api';
import { oppTitle, personName, StateTag, Unread, useOppCodes } from './parts';
import { Steps } from './Steps';

export default function Applications() {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const mine = me?.role === 'participant';
  const title = mine ? t('opportunities.my_applications') : t('opportunities.applications');
  useTitle(title);
  const codes = useOppCodes();
  const [state, setState] = useState<ApplicationState | ''>('');
  const list = usePaged<Application>((cursor) => listApplications({ state }, cursor, 50), [state]);
  const replace = (a: Application) => list.update((items) => items.map((x) => (x.id === a.id ? a : x)));
  return (
    <div class="opportunities">
      <h1>{title}</h1>
      {!mine && (
        <div class="field">
          <label for="app-state">{t('opportunities.status_label')}</label>
          <select id="app-state" value={state} onChange={(e) => setState(e.currentTarget.value as ApplicationState | '')} data-testid="app-state">
            <option value="">{t('opportunities.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {codes.label('application-states', s)}
              </option>
            ))}
          </select>
        </div>
      )}
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.items.length === 0 ? (
        <p class="empty" data-testid="no-applications">
          {t('opportunities.no_applications')}
        </p>
      ) : (
        <ul class="opp-list" data-testid="applications">
          {list.data.items.map((a) => (
            <li key={a.id} class="opp-card" data-testid="application" data-id={a.id} data-state={a.state}>
              <h2>
                <a href={`/applications/${a.id}`} dir="auto">
                  {oppTitle(a.opportunity, lang)}
                </a>
                <Unread n={a.unread} />
              </h2>
              <p class="opp-meta">
                {!mine && (
                  <>
                    <bdi>{personName(a.person, t)}</bdi> ·{' '}
                  </>
                )}
                <bdi>{a.opportunity.provider_name}</bdi> · {formatDateTime(a.updated_at, lang)}
              </p>
              <p>
                <StateTag state={a.state} codes={codes} kind={a.opportunity.kind} />
              </p>
              {mine && a.state === 'proposed' && <p>{t('opportunities.proposal_lead')}</p>}
              {mine && a.state === 'proposed' && <Steps app={a} onChange={replace} />}
            </li>
          ))}
        </ul>
      )}
      <MoreButton paged={list} />
    </div>
  );
}
