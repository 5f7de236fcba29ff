// Matches with their explanations, both ways:
//   /opportunities/matches         — "My matches", the participant's own (phone first);
//   /opportunities/for/:id         — a participant's matches, for staff, with "propose";
//   /opportunities/:id/matches     — the people who match an opportunity, for the
//                                    partner and staff (staff may propose them).
// Each match reads as ticks and gaps (see Explain); the ineligible are listed
// after, with the reason.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { TextAreaField } from '../components/forms';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { ProblemNote } from '../meetings/common/ProblemNote';
import { displayName } from '../participants/common';
import { getParticipant } from '../participants/model';
import { apply, getOpportunity, listApplications, opportunityMatches, participantMatches, type Application, type Ineligible } from './api';
import { Explain, OppMeta, oppTitle, personName, reasonKey, Score, StateTag, useOppCodes, useOwnParticipant } from './parts';

export default function MatchesPage() {
  const { path, params } = useRoute();
  if (path === '/opportunities/matches') return <Mine />;
  if (path.startsWith('/opportunities/for/')) return <ForPerson key={params.id} id={params.id ?? ''} />;
  return <ForOpportunity key={params.id} id={params.id ?? ''} />;
}

function Mine() {
  const { t } = useI18n();
  useTitle(t('opportunities.my_matches'));
  const own = useOwnParticipant();
  return (
    <div class="opportunities">
      <h1>{t('opportunities.my_matches')}</h1>
      <p class="lead">{t('opportunities.my_matches_lead')}</p>
      {own.state !== 'ready' ? (
        <NotReady load={own} inline />
      ) : own.data === null ? (
        <p data-testid="no-profile">{t('opportunities.no_profile')}</p>
      ) : (
        <OpportunityList participantId={own.data} propose={false} />
      )}
    </div>
  );
}

function ForPerson({ id }: { id: string }) {
  const { t } = useI18n();
  const person = useLoad(() => getParticipant(id), [id]);
  const name = person.state === 'ready' ? displayName(person.data, t) : '';
  useTitle(t('opportunities.person_matches', { name }));
  return (
    <div class="opportunities">
      <p class="breadcrumb">
        <a href={`/participants/${id}`}>
          <bdi>{name || t('opportunities.someone')}</bdi>
        </a>
      </p>
      <h1>{t('opportunities.person_matches', { name })}</h1>
      <OpportunityList participantId={id} propose />
    </div>
  );
}

/** A person's matching opportunities, best first, each explained; staff may propose the person. */
function OpportunityList({ participantId, propose }: { participantId: string; propose: boolean }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const codes = useOppCodes();
  const matches = useLoad(() => participantMatches(participantId), [participantId, lang]);
  // What the person has already applied for or been proposed for.
  const existing = useLoad(() => listApplications(propose ? { participant_id: participantId } : {}).then((p) => p.items).catch(() => [] as Application[]), [participantId, propose]);
  if (matches.state !== 'ready') return <NotReady load={matches} inline />;
  const { items, ineligible = [] } = matches.data;
  const already = (oppId: string) => (existing.state === 'ready' ? existing.data.find((a) => a.opportunity_id === oppId) : undefined);
  return (
    <>
      {items.length === 0 ? (
        <p class="empty" data-testid="no-matches">
          {t('opportunities.no_matches')}
        </p>
      ) : (
        <ol class="opp-list" data-testid="matches">
          {items.map((m) => {
            const o = m.opportunity;
            const a = already(o.id);
            return (
              <li key={o.id} class="opp-card" data-testid="match" data-id={o.id}>
                <h2>
                  <a href={`/opportunities/${o.id}`} dir="auto" data-testid="match-title">
                    {oppTitle(o, lang)}
                  </a>{' '}
                  <Score m={m} />
                </h2>
                <OppMeta o={o} codes={codes} />
                <Explain
                  m={m}
                  codes={codes}
                  courseAction={propose && can(me?.role, 'applications.propose') ? (c) => <Propose opportunityId={c.id} participantId={participantId} title={c.title} name="" onDone={() => void existing.reload()} course /> : undefined}
                />
                {a ? (
                  <p>
                    <a href={`/applications/${a.id}`}>
                      <StateTag state={a.state} codes={codes} kind={a.opportunity?.kind} />
                    </a>
                  </p>
                ) : propose && can(me?.role, 'applications.propose') ? (
                  <Propose opportunityId={o.id} participantId={participantId} title={oppTitle(o, lang)} name="" onDone={() => void existing.reload()} />
                ) : !propose ? (
                  <p>
                    <a class="button-link" href={`/opportunities/${o.id}`} data-testid="match-apply">
                      {t('opportunities.apply')}
                    </a>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
      <IneligibleList items={ineligible} />
    </>
  );
}

function ForOpportunity({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const codes = useOppCodes();
  const opp = useLoad(() => getOpportunity(id), [id]);
  const matches = useLoad(() => opportunityMatches(id), [id, lang]);
  const apps = useLoad(() => listApplications({ opportunity_id: id }).then((p) => p.items), [id]);
  const title = opp.state === 'ready' ? oppTitle(opp.data, lang) : '';
  useTitle(t('opportunities.opportunity_matches', { title }));
  const already = (pid: string | null | undefined) => (pid && apps.state === 'ready' ? apps.data.find((a) => a.participant_id === pid) : undefined);
  return (
    <div class="opportunities">
      <p class="breadcrumb">
        <a href={`/opportunities/${id}`} dir="auto">
          {title || t('opportunities.back')}
        </a>
      </p>
      <h1 dir="auto">{t('opportunities.opportunity_matches', { title })}</h1>
      {matches.state !== 'ready' ? (
        <NotReady load={matches} inline />
      ) : (
        <>
          {matches.data.items.length === 0 ? (
            <p class="empty" data-testid="no-matches">
              {t('opportunities.no_matches')}
            </p>
          ) : (
            <ol class="opp-list" data-testid="matches">
              {matches.data.items.map((m, i) => {
                const pid = m.participant_id ?? m.person?.id ?? null;
                const name = personName(m.person, t);
                const a = already(pid);
                return (
                  <li key={pid ?? i} class="opp-card" data-testid="match" data-person={pid ?? ''}>
                    <h2>
                      {pid && can(me?.role, 'participants.view') && me?.role !== 'partner' ? (
                        <a href={`/participants/${pid}`}>
                          <bdi>{name}</bdi>
                        </a>
                      ) : (
                        <bdi>{name}</bdi>
                      )}{' '}
                      <Score m={m} />
                    </h2>
                    <Explain
                      m={m}
                      codes={codes}
                      courseAction={pid && can(me?.role, 'applications.propose') ? (c) => <Propose opportunityId={c.id} participantId={pid} title={c.title} name={name} onDone={() => undefined} course /> : undefined}
                    />
                    {a ? (
                      <p>
                        <a href={`/applications/${a.id}`}>
                          <StateTag state={a.state} codes={codes} kind={a.opportunity?.kind} />
                        </a>
                      </p>
                    ) : (
                      pid &&
                      can(me?.role, 'applications.propose') && <Propose opportunityId={id} participantId={pid} title={title} name={name} onDone={() => void apps.reload()} />
                    )}
                  </li>
                );
              })}
            </ol>
          )}
          <IneligibleList items={matches.data.ineligible ?? []} />
        </>
      )}
    </div>
  );
}

function IneligibleList({ items }: { items: Ineligible[] }) {
  const { t, lang } = useI18n();
  if (!items.length) return null;
  return (
    <section data-testid="ineligible-list">
      <h2>{t('opportunities.not_eligible_list')}</h2>
      <ul class="opp-list">
        {items.map((x, i) => (
          <li key={x.id ?? i} class="opp-card">
            <p>
              <bdi>{x.opportunity ? oppTitle(x.opportunity, lang) : personName(x.person, t)}</bdi>
            </p>
            <p class="opp-meta">{t(`opportunities.reason.${reasonKey(x.reason)}`)}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Propose this person": a note for them, then POST /opportunities/{id}/applications. */
export function Propose({
  opportunityId,
  participantId,
  title,
  name,
  onDone,
  course = false,
}: {
  opportunityId: string;
  participantId: string;
  title: string;
  name: string;
  onDone: () => void;
  /** Proposing the course that closes a gap: a small button beside its link. */
  course?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  if (done)
    return course ? (
      <span class="opp-tag ok" role="status" data-testid="course-proposed">
        {t('opportunities.course_proposed')}
      </span>
    ) : (
      <p class="notice" role="status">
        {t('opportunities.proposed_notice')}
      </p>
    );
  if (!open)
    return course ? (
      <button type="button" class="secondary opp-small" onClick={() => setOpen(true)} data-testid="propose-course">
        {t('opportunities.propose_course')}
      </button>
    ) : (
      <p>
        <button type="button" class="secondary" onClick={() => setOpen(true)} data-testid="propose">
          {t('opportunities.propose')}
        </button>
      </p>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await apply(opportunityId, { participant_id: participantId, cover_note: note.trim() });
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fid = `propose-${opportunityId}-${participantId}`;
  return (
    <form class="opp-dialog" onSubmit={submit} data-testid="propose-form">
      <h3>{name ? t('opportunities.propose_title', { name, title }) : t('opportunities.propose')}</h3>
      <TextAreaField id={fid} label={t('opportunities.proposal_note')} value={note} onValue={setNote} rows={3} maxLength={4000} testId="proposal-note" />
      {error !== null && <ProblemNote error={error} />}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="send-proposal">
          {busy ? t('common.working') : t('opportunities.propose')}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
