// Parts of the interview runner's page: the interview's heading and facts, who
// answers (one tab a participant) and their attendance, a section with its title
// in both languages, the card to finish the interview, the save bar, and the
// question before cancelling it.
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import type { CodeLists } from '../../api/codeLists';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { tabKeyTarget } from '../../components/Tabs';
import { formatDateTime } from '../../format';
import { useI18n } from '../../i18n';
import { localize, type Interview, type Question, type Section, type TemplateContent } from '../model';
import type { AnswerQueue } from './answerQueue';
import type { Missing } from './answerValues';

/** A section's title in the interviewer's language, and beside it in the participant's. */
function SectionTitle({ title, personLang, headingRef }: { title: Record<string, string>; personLang: string | null; headingRef: { current: HTMLHeadingElement | null } }) {
  const { lang } = useI18n();
  const mine = localize(title, lang);
  const theirs = personLang ? localize(title, personLang) : null;
  return (
    <h3 id="section-heading" tabIndex={-1} ref={headingRef} class="section-title">
      {mine && (
        <span lang={mine.lang} dir={mine.dir}>
          {mine.text}
        </span>
      )}
      {theirs && mine && theirs.lang !== mine.lang && (
        <span class="section-title-person" lang={theirs.lang} dir={theirs.dir}>
          {theirs.text}
        </span>
      )}
    </h3>
  );
}

/** Who is answering: one tab per participant, with how many required questions they answered. */
export function PersonSwitcher({
  people,
  current,
  onSelect,
}: {
  people: { id: string; name: string; attended: boolean; required: number; requiredDone: number }[];
  current: string;
  onSelect: (id: string) => void;
}) {
  const { t } = useI18n();
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent) => {
    const next = tabKeyTarget(event, people.findIndex((p) => p.id === current), people.length, list.current);
    if (next < 0) return;
    const p = people[next]!;
    onSelect(p.id);
    document.getElementById(`person-tab-${p.id}`)?.focus();
  };
  return (
    <div class="person-switch" role="tablist" aria-label={t('interviews.who_answers')} ref={list} onKeyDown={onKeyDown} data-testid="person-switch">
      {people.map((p) => (
        <button
          key={p.id}
          type="button"
          role="tab"
          id={`person-tab-${p.id}`}
          aria-selected={p.id === current ? 'true' : 'false'}
          aria-controls="person-panel"
          tabIndex={p.id === current ? 0 : -1}
          onClick={() => onSelect(p.id)}
          data-testid="person-tab"
          data-id={p.id}
          class={p.attended ? undefined : 'absent'}
        >
          <bdi class="person-name">{p.name}</bdi>
          <span class="person-count" aria-hidden="true">
            {p.attended ? `${p.requiredDone}/${p.required}` : t('interviews.absent')}
          </span>
          <span class="visually-hidden">
            {p.attended ? t('interviews.required_answered', { done: p.requiredDone, total: p.required }) : t('interviews.absent')}
          </span>
        </button>
      ))}
    </div>
  );
}

/** The interview's heading (with "Change the plan" while it is planned), its facts and who conducts it. */
export function RunnerHead({ iv, content, codes }: { iv: Interview; content: TemplateContent; codes: CodeLists }) {
  const { t, lang } = useI18n();
  const title = localize(content.title, lang)?.text ?? iv.template.title;
  const sep = lang === 'ar' || lang === 'fa' ? '، ' : ', ';
  return (
    <>
      <p class="breadcrumb">
        <a href="/interviews">{t('interviews.back_to_list')}</a>
      </p>
      <div class="page-head runner-head">
        <h1 lang={localize(content.title, lang)?.lang} dir="auto">
          {title}
        </h1>
        {iv.status === 'planned' && (
          <a class="button-link secondary" href={`/interviews/${iv.id}/edit`} data-testid="edit-plan">
            {t('interviews.edit_plan')}
          </a>
        )}
      </div>
      <p class="runner-meta">
        <span class={`pill pill-status status-${iv.status}`} data-testid="interview-status" data-status={iv.status}>
          {codes.label('interview-statuses', iv.status)}
        </span>{' '}
        {[
          formatDateTime(iv.scheduled_at, lang),
          codes.label('interview-kinds', iv.kind),
          codes.label('interview-channels', iv.channel),
          iv.location,
          t('interviews.in_language', { language: codes.label('languages', iv.language) }),
          iv.interpreter_language ? t('interviews.with_interpreter', { language: codes.label('languages', iv.interpreter_language) }) : null,
          iv.recorded ? t('interviews.recorded_short') : null,
        ]
          .filter((x): x is string => Boolean(x))
          .map((x, i) => (
            <span key={i}>
              {i > 0 && ' · '}
              <bdi>{x}</bdi>
            </span>
          ))}
      </p>
      <p class="hint">{t('interviews.conducted_by', { names: iv.interviewers.map((i) => i.name).join(sep) })}</p>
    </>
  );
}

/** How to finish a planned interview: the required answers per person present, what is missing (each a link to its question), Complete, and "did not come" or cancel. */
export function FinishCard({
  present,
  people,
  missing,
  questions,
  goTo,
  completing,
  onComplete,
  onStatus,
}: {
  present: { id: string; name: string; required: number; requiredDone: number }[];
  /** Everyone invited, in the interview's order. */
  people: { id: string; name: string }[];
  missing: Missing[] | null;
  questions: { question: Question; index: number }[];
  goTo: (participantId: string, questionId: string) => void;
  completing: boolean;
  onComplete: () => void;
  onStatus: (status: 'cancelled' | 'no_show') => void;
}) {
  const { t, lang } = useI18n();
  return (
    <section class="card finish" aria-labelledby="finish-heading" data-testid="finish">
      <h2 id="finish-heading">{t('interviews.finish')}</h2>
      <ul class="plain-list finish-counts">
        {present.map((p) => (
          <li key={p.id}>
            <bdi>{p.name}</bdi>: {t('interviews.required_answered', { done: p.requiredDone, total: p.required })}
          </li>
        ))}
      </ul>
      {missing && missing.length > 0 && (
        <div class="alert missing" data-testid="missing">
          <h3 id="missing-heading" tabIndex={-1}>
            {t('interviews.missing_title', { n: missing.length })}
          </h3>
          {people
            .filter((p) => missing.some((m) => m.participantId === p.id))
            .map((p) => (
              <div key={p.id} data-testid="missing-person" data-id={p.id}>
                <p class="primary">
                  <bdi>{p.name}</bdi>
                </p>
                <ul>
                  {missing
                    .filter((m) => m.participantId === p.id)
                    .map((m) => {
                      const q = questions.find((x) => x.question.id === m.questionId);
                      return (
                        <li key={m.questionId}>
                          <a
                            href={`#q-${m.questionId}`}
                            data-testid="missing-link"
                            data-question={m.questionId}
                            onClick={(e) => {
                              e.preventDefault();
                              goTo(m.participantId, m.questionId);
                            }}
                          >
                            {q ? `${q.index + 1}. ${localize(q.question.text, lang)?.text ?? m.questionId}` : m.questionId}
                          </a>
                        </li>
                      );
                    })}
                </ul>
              </div>
            ))}
        </div>
      )}
      <div class="actions">
        <button type="button" onClick={onComplete} disabled={completing} data-testid="complete">
          {completing ? t('common.working') : t('interviews.complete')}
        </button>
      </div>
      <p class="hint">{t('interviews.complete_hint')}</p>
      <div class="actions other-actions">
        <button type="button" class="secondary small" onClick={() => onStatus('no_show')} data-testid="mark-no-show">
          {t('interviews.no_show')}
        </button>
        <button type="button" class="secondary small" onClick={() => onStatus('cancelled')} data-testid="cancel-interview">
          {t('interviews.cancel_interview')}
        </button>
      </div>
    </section>
  );
}

/** Where the answers are: saved, saving, waiting to retry, refused, or kept on the device while offline. */
export function SaveBar({ online, counts, unsaved, onRetry }: { online: boolean; counts: ReturnType<AnswerQueue['counts']>; unsaved: number; onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <div class="save-bar" data-testid="save-bar" data-state={!online ? 'offline' : counts.error ? 'error' : unsaved ? 'unsaved' : 'saved'}>
      <p aria-live="polite">
        {!online
          ? t('interviews.offline', { n: unsaved })
          : counts.saving || counts.pending
            ? t('interviews.saving')
            : counts.retry
              ? t('interviews.retrying', { n: counts.retry })
              : counts.error
                ? t('interviews.refused_n', { n: counts.error })
                : counts.saved
                  ? t('interviews.all_saved')
                  : t('interviews.saved_as_you_go')}
      </p>
      {online && counts.retry > 0 && (
        <button type="button" class="secondary small" onClick={onRetry} data-testid="retry-now">
          {t('interviews.retry_now')}
        </button>
      )}
    </div>
  );
}

/**
 * One section of the questionnaire, for the person answering: a list of the
 * sections (each with how many of its questions are answered), the section's
 * questions (`children`), and the steps to the section before and after.
 */
export function SectionPanel({
  sections,
  index,
  onSection,
  answered,
  personLang,
  headingRef,
  children,
}: {
  sections: Section[];
  index: number;
  onSection: (index: number) => void;
  answered: (q: Question) => boolean;
  personLang: string | null;
  headingRef: { current: HTMLHeadingElement | null };
  children: ComponentChildren;
}) {
  const { t, lang } = useI18n();
  const section = sections[index];
  if (!section) return null;
  return (
    <>
      <nav class="section-nav" aria-label={t('interviews.sections')}>
        <label for="section-select">{t('interviews.section_of', { n: index + 1, total: sections.length })}</label>
        <select id="section-select" value={String(index)} onChange={(e) => onSection(Number(e.currentTarget.value))}>
          {sections.map((s, i) => {
            const qs = s.questions;
            const done = qs.filter(answered).length;
            return (
              <option key={s.id} value={String(i)}>
                {t('interviews.section_option', { n: i + 1, title: localize(s.title, lang)?.text ?? s.id, done, total: qs.length })}
              </option>
            );
          })}
        </select>
      </nav>
      <section class="runner-section" aria-labelledby="section-heading" data-testid="section" data-section={section.id}>
        <SectionTitle title={section.title} personLang={personLang} headingRef={headingRef} />
        {children}
      </section>
      <div class="section-steps">
        <button type="button" class="secondary" disabled={index === 0} onClick={() => onSection(index - 1)} data-testid="prev-section">
          {t('interviews.previous_section')}
        </button>
        <button type="button" class="secondary" disabled={index >= sections.length - 1} onClick={() => onSection(index + 1)} data-testid="next-section">
          {t('interviews.next_section')}
        </button>
      </div>
    </>
  );
}

/** Whose answers these are, the language their questions also show in, and (while planned) marking them present or absent. */
export function AnsweringHead({
  name,
  attended,
  readOnly,
  personLanguage,
  busy,
  onAttended,
}: {
  name: string;
  attended: boolean;
  readOnly: boolean;
  /** The name of the participant's language, when the questions also show in it. */
  personLanguage: string | null;
  busy: boolean;
  onAttended: (attended: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <div class="answering">
      <h2 data-testid="answering">{readOnly ? t('interviews.answers_of', { name }) : t('interviews.answering', { name })}</h2>
      {personLanguage && <p class="hint">{t('interviews.also_shown_in', { language: personLanguage })}</p>}
      {!readOnly && (
        <div class="attendance">
          {attended ? (
            <button type="button" class="secondary small" disabled={busy} onClick={() => onAttended(false)} data-testid="mark-absent">
              {t('interviews.mark_absent', { name })}
            </button>
          ) : (
            <button type="button" class="secondary small" disabled={busy} onClick={() => onAttended(true)} data-testid="mark-present">
              {t('interviews.mark_present', { name })}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** "Cancel the interview?" or "Mark that nobody came?": closing a planned interview without answers. */
export function StatusDialog({ status, busy, error, onConfirm, onCancel }: { status: 'cancelled' | 'no_show'; busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={status === 'cancelled' ? t('interviews.cancel_title') : t('interviews.no_show_title')}
      confirmLabel={status === 'cancelled' ? t('interviews.cancel_interview') : t('interviews.no_show')}
      onConfirm={onConfirm}
      onCancel={onCancel}
      busy={busy}
      error={error}
      testId="status-dialog"
    >
      <p>{status === 'cancelled' ? t('interviews.cancel_text') : t('interviews.no_show_text')}</p>
    </ConfirmDialog>
  );
}
