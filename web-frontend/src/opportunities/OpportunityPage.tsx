// /opportunities/:id — one opportunity: what, who, where, hours, pay,
// dates, deadline, the skills and languages it asks for, who may apply;
// for a participant the flow to apply with a cover note (or their
// application's state), for partners and staff the links to edit it, its
// applicants and its matches.
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
import { apply, getOpportunity, participantMatches, type Application, type Opportunity } from './api';
import { pastDeadline, pick } from './model';
import { Explain, Facts, oppTitle, Score, stateLabel, useOppCodes, useOwnParticipant } from './parts';

export default function OpportunityPage() {
  const { params } = useRoute();
  const { t, lang } = useI18n();
  const { me } = useAuth();
  const codes = useOppCodes();
  const opp = useLoad(() => getOpportunity(params.id ?? ''), [params.id]);
  const title = opp.state === 'ready' ? oppTitle(opp.data, lang) : '';
  useTitle(title || t('opportunities.title'));
  if (opp.state !== 'ready')
    return (
      <NotReady
        load={opp}
        notFound={
          <p class="empty" data-testid="opp-not-found">
            {t('opportunities.not_found')} <a href="/opportunities">{t('opportunities.back')}</a>
          </p>
        }
      />
    );
  const o = opp.data;
  const poster = can(me?.role, 'opportunities.post');
  const description = pick(o.description, lang);
  return (
    <div class="opportunities" data-testid="opportunity" data-id={o.id}>
      <p class="breadcrumb">
        <a href="/opportunities">{t('opportunities.back')}</a>
      </p>
      <h1 dir="auto" data-testid="opp-title">
        {title}
      </h1>
      {o.status !== 'open' && <p class="opp-tag">{codes.label('opportunity-statuses', o.status)}</p>}
      {poster && (
        <p class="actions">
          <a class="button-link secondary" href={`/opportunities/${o.id}/edit`} data-testid="edit-opportunity">
            {t('opportunities.edit')}
          </a>
          <a class="button-link secondary" href={`/opportunities/${o.id}/applicants`} data-testid="applicants-link">
            {t('opportunities.applicants')}
          </a>
          <a class="button-link secondary" href={`/opportunities/${o.id}/matches`} data-testid="matches-link">
            {t('opportunities.matches')}
          </a>
        </p>
      )}
      {me?.role === 'participant' && <ApplyBox o={o} onApplied={(a) => opp.set((x) => ({ ...x, application: { id: a.id, state: a.state } }))} />}
      {me?.role === 'participant' && <HowYouFit id={o.id} />}
      {description && (
        <p dir="auto" class="opp-description" data-testid="opp-description">
          {description}
        </p>
      )}
      <Facts o={o} codes={codes} />
      <SkillList title={t('opportunities.essential_skills')} items={o.essential_skills} testId="essential-skills" />
      <SkillList title={t('opportunities.optional_skills')} items={o.optional_skills} testId="optional-skills" />
      <SkillList title={t('opportunities.teaches_skills')} items={o.teaches_skills} testId="teaches-skills" />
      {o.languages.length > 0 && (
        <>
          <h2>{t('opportunities.languages')}</h2>
          <ul class="opp-skills" data-testid="languages">
            {o.languages.map((l) => (
              <li key={l.language}>
                {codes.label('languages', l.language)} — {t('opportunities.at_least', { level: codes.label('language-levels', l.min_level) })}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function SkillList({ title, items, testId }: { title: string; items: { uri: string; label: string }[]; testId: string }) {
  if (!items?.length) return null;
  return (
    <>
      <h2>{title}</h2>
      <ul class="opp-skills" data-testid={testId}>
        {items.map((s) => (
          <li key={s.uri}>
            <bdi>{s.label}</bdi>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A participant's application: its state if they applied, else "Apply" and the cover note. */
function ApplyBox({ o, onApplied }: { o: Opportunity; onApplied: (a: Application) => void }) {
  const { t, lang } = useI18n();
  const codes = useOppCodes();
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(false);
  if (o.application)
    return (
      <div class="notice" data-testid="my-application">
        <p>
          {sent ? t('opportunities.applied_notice') + ' ' : ''}
          {t('opportunities.your_application', { state: stateLabel(codes, o.application.state, o.kind) })}
        </p>
        <p>
          <a href={`/applications/${o.application.id}`} data-testid="open-application">
            {t('opportunities.open_application')}
          </a>
        </p>
      </div>
    );
  if (o.status !== 'open') return null;
  if (pastDeadline(o.deadline)) return <p class="hint">{t('opportunities.deadline_passed')}</p>;
  if (!open)
    return (
      <p>
        <button type="button" onClick={() => setOpen(true)} data-testid="apply">
          {t('opportunities.apply')}
        </button>
      </p>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await apply(o.id, { cover_note: note.trim() });
      setSent(true);
      onApplied(a);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="opp-dialog" onSubmit={submit} data-testid="apply-form">
      <h2>{t('opportunities.apply_title', { title: oppTitle(o, lang) })}</h2>
      <TextAreaField id="cover-note" label={t('opportunities.cover_note')} hint={t('opportunities.cover_note_hint')} value={note} onValue={setNote} rows={5} maxLength={4000} testId="cover-note" />
      {error !== null && <ProblemNote error={error} />}
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="send-application">
          {busy ? t('common.working') : t('opportunities.send_application')}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** For a participant: how they fit this opportunity (their match, explained), if it is among their matches. */
function HowYouFit({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const codes = useOppCodes();
  const own = useOwnParticipant();
  const pid = own.state === 'ready' ? own.data : null;
  const match = useLoad(async () => (pid ? ((await participantMatches(pid, false)).items.find((m) => m.opportunity_id === id) ?? null) : null), [pid, id, lang]);
  if (match.state !== 'ready' || !match.data) return null;
  return (
    <section class="opp-dialog" data-testid="how-you-fit">
      <h2>
        {t('opportunities.how_you_fit')} <Score m={match.data} />
      </h2>
      <Explain m={match.data} codes={codes} />
    </section>
  );
}
