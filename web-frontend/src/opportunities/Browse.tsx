// /opportunities — browse and search: participants the open ones (a search
// box and kind chips, one column on a phone), partners their own and staff
// all (with a status filter, "Post an opportunity", and each one's
// applicants and matches).
import { useState } from 'preact/hooks';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { CheckField } from '../components/forms';
import { MoreButton } from '../components/MoreButton';
import { NotReady } from '../components/NotReady';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { KINDS, listOpportunities, STATUSES, type Opportunity, type OpportunityKind, type OpportunityStatus } from './api';
import { OppMeta, oppTitle, stateLabel, useOppCodes } from './parts';

export default function Browse() {
  const { t, lang } = useI18n();
  useTitle(t('opportunities.title'));
  const { me } = useAuth();
  const codes = useOppCodes();
  const poster = can(me?.role, 'opportunities.post');
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<OpportunityKind | ''>('');
  const [status, setStatus] = useState<OpportunityStatus | ''>('');
  const [mine, setMine] = useState(false);
  const staff = poster && me?.role !== 'partner';
  const list = usePaged<Opportunity>((cursor) => listOpportunities({ q: search, kind, status, mine }, cursor), [search, kind, status, mine], { keepOnChange: true });

  return (
    <div class="opportunities">
      <h1>{t('opportunities.title')}</h1>
      <p class="lead">{t('opportunities.lead')}</p>
      <p class="actions">
        {can(me?.role, 'matches.own') && (
          <a class="button-link secondary" href="/opportunities/matches" data-testid="my-matches-link">
            {t('opportunities.my_matches')}
          </a>
        )}
        {poster && (
          <a class="button-link" href="/opportunities/new" data-testid="post-opportunity">
            {t('opportunities.post')}
          </a>
        )}
      </p>
      <form
        class="opp-filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q.trim());
        }}
        data-testid="opp-search"
      >
        <div class="field">
          <label for="opp-q">{t('opportunities.search')}</label>
          <div class="opp-search-row">
            <input id="opp-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} enterKeyHint="search" dir="auto" data-testid="opp-q" />
            <button type="submit">{t('opportunities.search_button')}</button>
          </div>
        </div>
        <div class="opp-chips" role="group" aria-label={t('opportunities.kind_label')}>
          {(['', ...KINDS] as const).map((k) => (
            <button type="button" key={k || 'all'} class="opp-chip" aria-pressed={kind === k ? 'true' : 'false'} onClick={() => setKind(k)} data-testid={`kind-${k || 'all'}`}>
              {k ? codes.label('opportunity-kinds', k) : t('opportunities.all')}
            </button>
          ))}
        </div>
        {poster && (
          <div class="field">
            <label for="opp-status">{t('opportunities.status_label')}</label>
            <select id="opp-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as OpportunityStatus | '')} data-testid="opp-status">
              <option value="">{t('opportunities.all')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {codes.label('opportunity-statuses', s)}
                </option>
              ))}
            </select>
          </div>
        )}
        {staff && <CheckField id="opp-mine" label={t('opportunities.mine')} checked={mine} onChecked={setMine} />}
      </form>
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : list.data.items.length === 0 ? (
        <p class="empty" data-testid="opp-empty">
          {t('opportunities.nothing_found')}
        </p>
      ) : (
        <ul class="opp-list grid" data-testid="opp-list">
          {list.data.items.map((o) => (
            <li key={o.id} class="opp-card" data-testid="opp-card" data-id={o.id}>
              <h2>
                <a href={`/opportunities/${o.id}`} dir="auto">
                  {oppTitle(o, lang)}
                </a>
              </h2>
              <OppMeta o={o} codes={codes} />
              <p>
                {o.status !== 'open' && <span class="opp-tag">{codes.label('opportunity-statuses', o.status)}</span>}
                {o.application && <span class="opp-tag ok">{stateLabel(codes, o.application.state, o.kind)}</span>}
              </p>
              {poster && (
                <p class="actions">
                  <a href={`/opportunities/${o.id}/applicants`} data-testid="applicants-link">
                    {t('opportunities.applicants')}
                  </a>
                  <a href={`/opportunities/${o.id}/matches`} data-testid="matches-link">
                    {t('opportunities.matches')}
                  </a>
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <MoreButton paged={list} />
    </div>
  );
}
