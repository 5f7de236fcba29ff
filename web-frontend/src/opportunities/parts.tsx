// Pieces the opportunities' screens share: the code lists they show, the
// caller's own participant record, an opportunity's facts, a match's
// explanation as ticks and gaps, and the state and unread tags.
import type { ComponentChildren } from 'preact';
import { useCodeLists, type CodeLists } from '../api/codeLists';
import { useLoad } from '../components/useLoad';
import { formatDay } from '../format';
import { t as translate, useI18n } from '../i18n';
import { displayName, participantRef } from '../participants/common';
import { listParticipants, type ParticipantView } from '../participants/model';
import { eligibilityRules, type ApplicationState, type Explanation, type Opportunity, type OpportunityKind } from './api';
import { payRange, pick, readExplanation, type CourseLink } from './model';
import './opportunities.css';

/** The code lists the opportunities' screens show as labels. */
export function useOppCodes(): CodeLists {
  return useCodeLists(['opportunity-kinds', 'opportunity-statuses', 'work-places', 'contract-types', 'pay-periods', 'application-states', 'languages', 'language-levels', 'education-levels']);
}

/** The id of the caller's own participant record (a participant lists only theirs), or null. */
export function useOwnParticipant() {
  return useLoad(async () => {
    const page = await listParticipants({ limit: 1 });
    return page.items[0] ? participantRef(page.items[0]) : null;
  }, []);
}

/** A person's name as the caller may see it. */
export function personName(p: Partial<ParticipantView> | null | undefined, t: ReturnType<typeof useI18n>['t']): string {
  if (!p) return t('opportunities.someone');
  return displayName({ name: p.name ?? null, pseudonym: p.pseudonym ?? null }, t);
}

export function oppTitle(o: Pick<Opportunity, 'title'> | { title: Record<string, string> | string }, lang: string): string {
  return typeof o.title === 'string' ? o.title : pick(o.title, lang);
}

/** The kinds of opportunity one completes rather than is hired for (courses, workshops, …). */
export const COMPLETED_KINDS: readonly OpportunityKind[] = ['course', 'workshop', 'apprenticeship', 'mentoring_programme'];

/** An application state's label: `hired` reads "Completed" for a course, workshop, apprenticeship or mentoring programme. */
export function stateLabel(codes: CodeLists, state: ApplicationState, kind?: OpportunityKind | null): string {
  return state === 'hired' && kind && COMPLETED_KINDS.includes(kind) ? translate('outcomes.completed') : codes.label('application-states', state);
}

export function StateTag({ state, codes, kind }: { state: ApplicationState; codes: CodeLists; kind?: OpportunityKind | null | undefined }) {
  const cls = state === 'hired' || state === 'offer' ? 'opp-tag ok' : state === 'rejected' || state === 'withdrawn' ? 'opp-tag' : 'opp-tag';
  return (
    <span class={cls} data-testid="state" data-state={state}>
      {stateLabel(codes, state, kind)}
    </span>
  );
}

export function Unread({ n }: { n: number }) {
  const { t } = useI18n();
  if (!n) return null;
  return (
    <span class="opp-unread" data-testid="unread" aria-label={t('opportunities.unread', { n })}>
      {n}
    </span>
  );
}

/** Where: remote, or the municipality (partly from home when hybrid). */
export function placeText(o: { place: string; municipality?: string | null }, t: ReturnType<typeof useI18n>['t']): string {
  if (o.place === 'remote') return t('opportunities.remote');
  if (o.place === 'hybrid') return t('opportunities.hybrid_in', { place: o.municipality ?? '' });
  return o.municipality ?? '';
}

/** One line under an opportunity's title: provider, place, kind, deadline. */
export function OppMeta({ o, codes }: { o: Pick<Opportunity, 'provider_name' | 'municipality' | 'kind' | 'deadline'> & { place: string }; codes: CodeLists }) {
  const { t, lang } = useI18n();
  return (
    <p class="opp-meta">
      <bdi>{o.provider_name}</bdi> · {placeText(o, t)} · {codes.label('opportunity-kinds', o.kind)}
      {o.deadline ? ` · ${t('opportunities.deadline')} ${formatDay(o.deadline, lang)}` : ''}
    </p>
  );
}

/** The facts of an opportunity: what, who, where, hours, pay, dates, places, contract, education, who may apply. */
export function Facts({ o, codes }: { o: Opportunity; codes: CodeLists }) {
  const { t, lang } = useI18n();
  const pay = payRange(o, lang);
  const hours = [o.hours_per_week ? t('opportunities.hours_per_week', { n: o.hours_per_week }) : '', o.total_hours ? t('opportunities.total_hours', { n: o.total_hours }) : '']
    .filter(Boolean)
    .join(' · ');
  const dates = [
    o.starts_on ? t('opportunities.starts', { date: formatDay(o.starts_on, lang) }) : '',
    o.ends_on ? t('opportunities.ends', { date: formatDay(o.ends_on, lang) }) : '',
    o.duration_weeks ? t('opportunities.weeks', { n: o.duration_weeks }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const row = (label: string, value: ComponentChildren, testId?: string) =>
    value ? (
      <>
        <dt>{label}</dt>
        <dd data-testid={testId}>{value}</dd>
      </>
    ) : null;
  const work = ['job', 'internship', 'traineeship', 'apprenticeship'].includes(o.kind);
  return (
    <dl class="opp-facts" data-testid="facts">
      {row(t('opportunities.provider'), <bdi>{o.provider_name}</bdi>)}
      {row(t('opportunities.kind_label'), codes.label('opportunity-kinds', o.kind))}
      {row(t('opportunities.where'), placeText(o, t), 'where')}
      {row(t('opportunities.hours'), hours)}
      {row(t('opportunities.pay'), o.paid ? `${pay ?? t('opportunities.paid')}${pay && o.pay_period ? ` ${codes.label('pay-periods', o.pay_period)}` : ''}` : t('opportunities.unpaid'), 'pay')}
      {row(t('opportunities.dates'), dates)}
      {row(t('opportunities.deadline'), o.deadline ? formatDay(o.deadline, lang) : '', 'deadline')}
      {row(t('opportunities.places'), o.places ? String(o.places) : '')}
      {row(t('opportunities.contract'), o.contract_type ? codes.label('contract-types', o.contract_type) : '')}
      {row(t('opportunities.education'), o.min_education ? codes.label('education-levels', o.min_education) : '')}
      {row(t('opportunities.who_may_apply'), <WhoMayApply kind={o.kind} fallback={work ? t('opportunities.who_work') : t('opportunities.who_anyone')} />, 'who')}
    </dl>
  );
}

/** A match's score as a percentage. */
export function Score({ m }: { m: Pick<Explanation, 'score'> }) {
  const { t } = useI18n();
  return (
    <span class="opp-score" data-testid="score">
      {t('opportunities.score', { n: Math.round((m.score ?? 0) / 10) })}
    </span>
  );
}

/**
 * A match's explanation as a person reads it: a tick for each required
 * skill they have (and through which of theirs), a gap for each they lack
 * with the courses that close it, the languages below the level, education,
 * place, and why they cannot apply yet.
 */
export function Explain({ m, codes, courseAction }: { m: Explanation; codes: CodeLists; courseAction?: (c: CourseLink) => ComponentChildren }) {
  const { t, lang } = useI18n();
  const r = readExplanation(m, lang);
  const language = (code: string) => codes.label('languages', code);
  const level = (code: string | null) => (code ? codes.label('language-levels', code) : '');
  return (
    <ul class="explain" data-testid="explanation">
      {r.ineligible && (
        <li class="below" data-testid="ineligible">
          <span class="mark" aria-hidden="true">
            ⛔
          </span>
          <span>
            {t('opportunities.not_eligible')}: {t(`opportunities.reason.${reasonKey(r.ineligible)}`)}
          </span>
        </li>
      )}
      {r.ticks.map((x) => (
        <li key={`t-${x.skill.uri}`} class="tick" data-testid="tick" data-uri={x.skill.uri}>
          <span class="mark" aria-hidden="true">
            ✓
          </span>
          <span>
            <span class="visually-hidden">{t('opportunities.has_skill')}: </span>
            <bdi>{x.skill.label}</bdi>
            {x.through && (
              <span class="through" data-testid="through">
                {t('opportunities.through', { skill: x.through.label })}
              </span>
            )}
          </span>
        </li>
      ))}
      {r.gaps.map((x) => (
        <li key={`g-${x.skill.uri}`} class="gap" data-testid="gap" data-uri={x.skill.uri}>
          <span class="mark" aria-hidden="true">
            ✗
          </span>
          <span>
            <span class="visually-hidden">{t('opportunities.missing')}: </span>
            <bdi>{x.skill.label}</bdi>
            {x.essential &&
              (x.courses.length ? (
                <span class="courses" data-testid="courses">
                  {t('opportunities.course_closes')}{' '}
                  {x.courses.map((c, i) => (
                    <span key={c.id}>
                      {i > 0 && ', '}
                      <a href={`/opportunities/${c.id}`} data-testid="course">
                        <bdi>{c.title}</bdi>
                      </a>
                      {courseAction?.(c)}
                    </span>
                  ))}
                </span>
              ) : (
                <span class="courses">{t('opportunities.no_course')}</span>
              ))}
          </span>
        </li>
      ))}
      {r.languages.map((l) => (
        <li key={`l-${l.language}`} class={l.met ? 'tick' : 'below'} data-testid={l.met ? 'language-met' : 'language-below'}>
          <span class="mark" aria-hidden="true">
            {l.met ? '✓' : '✗'}
          </span>
          <span>
            {l.met
              ? t('opportunities.language_met', { language: language(l.language), has: level(l.has) })
              : l.has
                ? t('opportunities.language_below', { language: language(l.language), required: level(l.required), has: level(l.has) })
                : t('opportunities.language_missing', { language: language(l.language), required: level(l.required) })}
          </span>
        </li>
      ))}
      {r.education && (
        <li class={r.education.met ? 'tick' : 'below'} data-testid="education">
          <span class="mark" aria-hidden="true">
            {r.education.met ? '✓' : '✗'}
          </span>
          <span>{r.education.met ? t('opportunities.education_met') : t('opportunities.education_below', { required: codes.label('education-levels', r.education.required) })}</span>
        </li>
      )}
      {r.place && (
        <li class={r.place === 'elsewhere' ? 'below' : 'tick'} data-testid="place">
          <span class="mark" aria-hidden="true">
            {r.place === 'elsewhere' ? '•' : '✓'}
          </span>
          <span>{t(PLACE_KEYS[r.place])}</span>
        </li>
      )}
    </ul>
  );
}

const PLACE_KEYS = {
  remote: 'opportunities.place_remote',
  same_municipality: 'opportunities.place_same',
  hybrid_elsewhere: 'opportunities.place_hybrid',
  elsewhere: 'opportunities.place_elsewhere',
} as const;

const REASONS = ['status_not_allowed', 'status_unknown', 'work_permit_required', 'work_permit_unknown', 'work_permit_not_yet_valid', 'too_early', 'months_unknown'] as const;
/** The message key of an eligibility reason code (a generic one for a code this app does not know). */
export function reasonKey(code: string): (typeof REASONS)[number] | 'ineligible' {
  return (REASONS as readonly string[]).includes(code) ? (code as (typeof REASONS)[number]) : 'ineligible';
}

/**
 * Who may apply for a kind of opportunity, from the rules the server keeps
 * as data (with their legal sources): one line per rule that names the kind.
 * Until they load (or if they cannot), a summary of Slovenia's rules.
 */
function WhoMayApply({ kind, fallback }: { kind: OpportunityKind; fallback: string }) {
  const { t } = useI18n();
  const codes = useCodeLists(['legal-statuses']);
  const rules = useLoad(() => eligibilityRules(), []);
  if (rules.state !== 'ready') return <>{fallback}</>;
  const mine = rules.data.filter((r) => r.kinds.includes(kind));
  if (!mine.length) return <>{fallback}</>;
  const who = (r: (typeof mine)[number]) => (r.any_status ? t('opportunities.rule.anyone') : r.statuses.map((s) => codes.label('legal-statuses', s)).join(', '));
  const when = (r: (typeof mine)[number]) =>
    r.condition === 'always'
      ? t('opportunities.rule.always')
      : r.condition === 'work_permit'
        ? t('opportunities.rule.work_permit')
        : r.condition === 'after_months'
          ? t('opportunities.rule.after_months', { n: r.months ?? 0 })
          : t('opportunities.rule.never');
  return (
    <ul class="plain-list opp-rules" data-testid="rules">
      {mine.map((r) => (
        <li key={r.id} data-rule={r.id}>
          <strong>{who(r)}</strong>: {when(r)}
          {r.sources[0] && (
            <>
              {' '}
              <a href={r.sources[0].url} rel="noopener noreferrer" target="_blank" class="opp-source" title={`${r.sources[0].act}, ${r.sources[0].article}`}>
                {t('opportunities.rule.source')}
              </a>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
