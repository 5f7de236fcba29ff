// /opportunities/:id/applicants — the board of an opportunity's applicants
// by state: columns on a wide screen, a list grouped by state on a phone
// (the same sections, stacked, the empty ones left out), each applicant with the steps the caller
// may take (the interview asks for its date, time and place) and the
// unread messages of their thread.
import { useRoute } from 'preact-iso/router';
import { useAuth } from '../auth/auth';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { getOpportunity, listApplications, type Application } from './api';
import { groupByState } from './model';
import { oppTitle, personName, stateLabel, Unread, useOppCodes } from './parts';
import { Steps } from './Steps';

export default function Board() {
  const { params } = useRoute();
  const id = params.id ?? '';
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const codes = useOppCodes();
  const opp = useLoad(() => getOpportunity(id), [id]);
  const apps = useLoad(async () => {
    const all: Application[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listApplications({ opportunity_id: id }, cursor, 100);
      all.push(...page.items);
      if (!page.next_cursor) break;
      cursor = page.next_cursor;
    }
    return all;
  }, [id]);
  const title = opp.state === 'ready' ? oppTitle(opp.data, lang) : '';
  useTitle(t('opportunities.board', { title }));
  // A partner sees an application once the person applied: no column of proposals for them.
  const groups = apps.state === 'ready' ? groupByState(apps.data).filter((g) => !(me?.role === 'partner' && g.state === 'proposed' && g.items.length === 0)) : [];
  const replace = (a: Application) => apps.set((items) => items.map((x) => (x.id === a.id ? a : x)));
  return (
    <div class="opportunities">
      <p class="breadcrumb">
        <a href={`/opportunities/${id}`} dir="auto">
          {title || t('opportunities.back')}
        </a>
      </p>
      <h1 dir="auto">{t('opportunities.board', { title })}</h1>
      <p class="actions">
        <a href={`/opportunities/${id}/matches`} data-testid="matches-link">
          {t('opportunities.matches')}
        </a>
      </p>
      {apps.state !== 'ready' ? (
        <NotReady load={apps} inline />
      ) : apps.data.length === 0 ? (
        <p class="empty" data-testid="no-applicants">
          {t('opportunities.no_applications')}
        </p>
      ) : (
        <div class="opp-board" data-testid="board">
          {groups.map((g) => (
            <section key={g.state} data-testid={`column-${g.state}`} aria-labelledby={`col-${g.state}`} data-empty={g.items.length === 0 ? '' : undefined}>
              <h2 id={`col-${g.state}`}>
                {stateLabel(codes, g.state, opp.state === 'ready' ? opp.data.kind : null)} <span class="badge">{g.items.length}</span>
              </h2>
              {g.items.length === 0 ? (
                <p class="hint">{t('opportunities.empty_column')}</p>
              ) : (
                <ul>
                  {g.items.map((a) => (
                    <li key={a.id} class="opp-card" data-testid="applicant" data-id={a.id} data-state={a.state}>
                      <h3>
                        <a href={`/applications/${a.id}`}>
                          <bdi>{personName(a.person, t)}</bdi>
                        </a>
                        <Unread n={a.unread} />
                      </h3>
                      {a.cover_note && (
                        <p class="opp-meta" dir="auto">
                          {a.cover_note.length > 140 ? `${a.cover_note.slice(0, 140)}…` : a.cover_note}
                        </p>
                      )}
                      {a.interview && <p class="opp-meta">{t('opportunities.interview_at', { when: formatDateTime(a.interview.starts_at, lang) })}</p>}
                      <Steps app={a} onChange={replace} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
        </div>
      )}
    </div>
  );
}
