import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { api } from '../../api/client';
import { useCodeLists } from '../../api/codeLists';
import { ApiError, unwrap } from '../../api/errors';
import { isProblem, problemKey } from '../../api/problem';
import { takeFlash } from '../../components/flash';
import { ConfirmDialog, ErrorMessage, SuccessMessage } from '../../components/forms';
import { LoadError, NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { formatDateTime } from '../../format';
import { useI18n, type Lang } from '../../i18n';
import { tabKeyTarget } from '../../components/Tabs';
import { InterviewNotFound } from '../InterviewNotFound';
import { QuestionField } from './AnswerInputs';
import { AnswerQueue, browserStorage, type FieldState, type QueuedAnswer } from './answerQueue';
import {
  allQuestions,
  answerKey,
  getInterview,
  getTemplateVersion,
  isAnswered,
  listAnswers,
  localize,
  missingAnswer,
  valueOf,
  type Answer,
  type AnswerValue,
  type Interview,
  type Question,
  type TemplateContent,
  type UpdateInterviewRequest,
} from '../model';
import { ProfileUpdates } from './ProfileUpdates';
import '../interviews.css';

/** How long typing pauses before a text answer is sent (it is also sent when the field is left). */
export const TYPING_DELAY_MS = 700;
/** A request for answers that takes longer than this counts as failed (and is retried). */
const SEND_TIMEOUT_MS = 20_000;

/** /interviews/:id — the interview runner. */
export default function InterviewRunnerPage() {
  const { params } = useRoute();
  return <Runner key={params.id} id={params.id ?? ''} />;
}

function Runner({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const langAtLoad = useRef<Lang>(lang);
  /** The interview, the questions of its template version, and the answers so far. */
  const loaded = useLoad(async () => {
    const [iv, answers] = await Promise.all([getInterview(id, langAtLoad.current), listAnswers(id)]);
    const version = await getTemplateVersion(iv.template.id, iv.template.version);
    return { iv, content: version.content, answers };
  }, [id]);

  const problems = useRef<(error: ApiError, answers: readonly QueuedAnswer[]) => void>(() => undefined);
  // One queue per interview while the page is open; what it holds survives in localStorage.
  const queue = useMemo(
    () =>
      new AnswerQueue({
        interviewId: id,
        storage: browserStorage(),
        isOnline: () => globalThis.navigator?.onLine !== false,
        send: (answers) =>
          unwrap(
            api.PUT('/api/v1/interviews/{id}/answers', {
              params: { path: { id } },
              body: { answers },
              ...(typeof AbortSignal.timeout === 'function' ? { signal: AbortSignal.timeout(SEND_TIMEOUT_MS) } : {}),
            }),
          ),
        onProblem: (error, answers) => problems.current(error, answers),
      }),
    [id],
  );
  useEffect(() => () => queue.dispose(), [queue]);

  useTitle(loaded.state === 'ready' ? (localize(loaded.data.content.title, lang)?.text ?? loaded.data.iv.template.title) : t('interviews.title'));

  if (loaded.state !== 'ready') return <NotReady load={loaded} notFound={<InterviewNotFound />} />;
  const { iv, content, answers } = loaded.data;
  return <RunnerView iv0={iv} content={content} answers={answers} queue={queue} problems={problems} reload={() => loaded.reload()} />;
}

/** The values to show: what the server has, with what is still queued on top. */
function valuesOf(answers: readonly Answer[], queue: AnswerQueue): Record<string, AnswerValue | null> {
  const values: Record<string, AnswerValue | null> = {};
  for (const a of answers) values[answerKey(a.participant_id, a.question_id)] = valueOf(a);
  for (const q of queue.pending()) values[answerKey(q.participant_id, q.question_id)] = q.value;
  return values;
}

/** What is sent for a value: blank text is no answer (null clears it). */
function wire(value: AnswerValue | null): AnswerValue | null {
  return isAnswered(value) ? value : null;
}

type AnswerErrorKey = `interviews.answer_error.${
  | 'required'
  | 'type'
  | 'length'
  | 'range'
  | 'option'
  | 'duplicate'
  | 'date'
  | 'level'
  | 'language'
  | 'unknown_skill'
  | 'not_present'
  | 'unknown'
  | 'consent_required'
  | 'conflict'
  | 'number'
  | 'generic'}`;
const ANSWER_ERRORS = ['required', 'type', 'length', 'range', 'option', 'duplicate', 'date', 'level', 'language', 'unknown_skill', 'not_present', 'unknown', 'consent_required', 'conflict'];
export const answerErrorKey = (code: string): AnswerErrorKey =>
  (ANSWER_ERRORS.includes(code) ? `interviews.answer_error.${code}` : 'interviews.answer_error.generic') as AnswerErrorKey;

interface Missing {
  participantId: string;
  questionId: string;
}

function RunnerView({
  iv0,
  content,
  answers,
  queue,
  problems,
  reload,
}: {
  iv0: Interview;
  content: TemplateContent;
  answers: Answer[];
  queue: AnswerQueue;
  problems: { current: (error: ApiError, answers: readonly QueuedAnswer[]) => void };
  reload: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const codes = useCodeLists(['languages', 'language-levels', 'skill-levels', 'needs', 'interview-kinds', 'interview-channels', 'interview-statuses']);
  const [iv, setIv] = useState(iv0);
  useEffect(() => setIv(iv0), [iv0]);
  const [values, setValues] = useState(() => valuesOf(answers, queue));
  useEffect(() => setValues(valuesOf(answers, queue)), [answers]);
  const [, setTick] = useState(0);
  const rerender = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => queue.subscribe(rerender), [queue, rerender]);
  const [online, setOnline] = useState(() => globalThis.navigator?.onLine !== false);
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  // A notice is in the language it was written in: gone when the language changes.
  const noticeLang = useRef(lang);
  useEffect(() => {
    if (lang !== noticeLang.current) setNotice(null);
    noticeLang.current = lang;
  }, [lang]);
  const title = localize(content.title, lang)?.text ?? iv.template.title;
  const [alert, setAlert] = useState<string | null>(null);
  const [missing, setMissing] = useState<Missing[] | null>(null);
  const [completing, setCompleting] = useState(false);
  const [justDone, setJustDone] = useState(false);
  const [statusChange, setStatusChange] = useState<'cancelled' | 'no_show' | null>(null);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<string | null>(null);

  const present = iv.participants.filter((p) => p.attended);
  const [pid, setPid] = useState<string>(() => (present[0] ?? iv.participants[0])?.participant_id ?? '');
  const [sectionIndex, setSectionIndex] = useState(0);
  const focusTarget = useRef<string | null>(null);
  const sectionHeading = useRef<HTMLHeadingElement>(null);
  const questions = useMemo(() => allQuestions(content), [content]);
  const readOnly = iv.status !== 'planned';
  const person = iv.participants.find((p) => p.participant_id === pid) ?? iv.participants[0];
  const section = content.sections[Math.min(sectionIndex, content.sections.length - 1)];
  const nameOf = (participantId: string) => iv.participants.find((p) => p.participant_id === participantId)?.name ?? t('participants.unnamed');

  // Send what is queued when the connection is back, and now (answers left from an earlier visit).
  useEffect(() => {
    const up = () => {
      setOnline(true);
      void queue.flush();
    };
    const down = () => setOnline(false);
    globalThis.addEventListener('online', up);
    globalThis.addEventListener('offline', down);
    if (queue.pending().length) void queue.flush();
    return () => {
      globalThis.removeEventListener('online', up);
      globalThis.removeEventListener('offline', down);
    };
  }, [queue]);

  // Refusals that concern more than one field.
  problems.current = (error, refused) => {
    if (error.code === 'consent_required') {
      const names = [...new Set(refused.map((a) => a.participant_id))].map(nameOf);
      setAlert(t('interviews.answers_no_consent', { names: names.join(', ') }));
    } else if (error.code === 'conflict') {
      setAlert(t('interviews.answers_closed'));
      void reload();
    } else setAlert(t(problemKey(error)));
  };

  useEffect(() => {
    const qid = focusTarget.current;
    if (!qid) return;
    focusTarget.current = null;
    const el = document.getElementById(`q-${qid}`);
    if (!el) return;
    const input = el.querySelector<HTMLElement>('input:not([type="hidden"]), textarea, select');
    (input ?? el).focus();
    el.scrollIntoView?.({ block: 'center' });
  });

  const change = (participantId: string, q: Question, value: AnswerValue | null, typing = false) => {
    setValues((v) => ({ ...v, [answerKey(participantId, q.id)]: value }));
    setMissing((m) => m && m.filter((x) => !(x.participantId === participantId && x.questionId === q.id)));
    queue.put(participantId, q.id, wire(value), { delay: typing ? TYPING_DELAY_MS : 0 });
  };
  const commit = (participantId: string, q: Question) => {
    if (queue.queued(participantId, q.id)) void queue.flush();
  };

  const counts = (participantId: string) => {
    let required = 0;
    let requiredDone = 0;
    let done = 0;
    for (const { question } of questions) {
      const answered = isAnswered(values[answerKey(participantId, question.id)]);
      if (answered) done++;
      if (question.required) {
        required++;
        if (answered) requiredDone++;
      }
    }
    return { required, requiredDone, done, total: questions.length };
  };

  const goTo = (participantId: string, questionId: string) => {
    const found = questions.find((x) => x.question.id === questionId);
    setPid(participantId);
    if (found) setSectionIndex(content.sections.indexOf(found.section));
    focusTarget.current = questionId;
    rerender();
  };
  const goSection = (i: number) => {
    setSectionIndex(i);
    setTimeout(() => {
      sectionHeading.current?.focus();
      sectionHeading.current?.scrollIntoView?.({ block: 'start' });
    }, 0);
  };

  /** Changes the interview (attendance, status) with its version; a stale version reloads it. */
  const patch = async (body: Omit<UpdateInterviewRequest, 'version'>) => {
    try {
      const next = await unwrap(
        api.PATCH('/api/v1/interviews/{id}', { params: { path: { id: iv.id }, query: { lang } }, body: { ...body, version: iv.version } }),
      );
      setIv(next);
      return true;
    } catch (error) {
      if (error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'conflict')) {
        setAlert(t('interviews.changed_meanwhile'));
        await reload();
      } else setAlert(t(problemKey(error)));
      return false;
    }
  };
  const setAttended = async (participantId: string, attended: boolean) => {
    setBusy(true);
    setAlert(null);
    const ok = await patch({
      participants: iv.participants.map((p) => ({
        participant_id: p.participant_id,
        language: p.language ?? null,
        attended: p.participant_id === participantId ? attended : p.attended,
      })),
    });
    setBusy(false);
    if (ok) setNotice(attended ? t('interviews.marked_present', { name: nameOf(participantId) }) : t('interviews.marked_absent', { name: nameOf(participantId) }));
  };
  const changeStatus = async () => {
    if (!statusChange) return;
    setBusy(true);
    setDialogError(null);
    const ok = await patch({ status: statusChange });
    setBusy(false);
    if (ok) {
      setNotice(statusChange === 'cancelled' ? t('interviews.cancelled_notice') : t('interviews.no_show_notice'));
      setStatusChange(null);
    } else setStatusChange(null);
  };

  const complete = async () => {
    if (completing) return;
    setCompleting(true);
    setAlert(null);
    setMissing(null);
    try {
      await queue.flush();
      if (queue.pending().length > 0) {
        setAlert(t('interviews.complete_unsaved'));
        return;
      }
      const done = await unwrap(
        api.POST('/api/v1/interviews/{id}/complete', { params: { path: { id: iv.id }, query: { lang } }, body: { version: iv.version } }),
      );
      setIv(done);
      setJustDone(true);
      setNotice(t('interviews.completed_notice'));
    } catch (error) {
      const problem = error instanceof ApiError ? error.problem : null;
      const fields = isProblem(problem) && Array.isArray(problem.errors) ? problem.errors : [];
      const list = fields.map((f) => missingAnswer(f.field)).filter((m): m is Missing => m !== null);
      if (list.length) {
        setMissing(list);
        setTimeout(() => document.getElementById('missing-heading')?.focus(), 0);
      } else if (fields.some((f) => f.field === 'participants')) setAlert(t('interviews.nobody_present'));
      else if (error instanceof ApiError && (error.code === 'version_conflict' || error.code === 'conflict')) {
        setAlert(t('interviews.changed_meanwhile'));
        await reload();
      } else setAlert(t(problemKey(error)));
    } finally {
      setCompleting(false);
    }
  };

  const stateOf = (participantId: string, qid: string): FieldState | undefined => queue.state(participantId, qid);
  const n = queue.counts();
  const unsaved = queue.pending().length;
  const personLang = person?.language ?? null;
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

      {notice && <SuccessMessage testId="runner-notice">{notice}</SuccessMessage>}
      {alert && (
        <ErrorMessage testId="runner-alert">
          <p>{alert}</p>
        </ErrorMessage>
      )}
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}

      {iv.status === 'done' && <ProfileUpdates iv={iv} codes={codes} autoFocus={justDone} />}
      {(iv.status === 'cancelled' || iv.status === 'no_show') && (
        <p class="view-note" data-testid="closed-note">
          {iv.status === 'cancelled' ? t('interviews.closed_cancelled') : t('interviews.closed_no_show')}
        </p>
      )}

      {iv.participants.length > 1 && (
        <PersonSwitcher
          people={iv.participants.map((p) => ({ id: p.participant_id, name: p.name ?? t('participants.unnamed'), attended: p.attended, ...counts(p.participant_id) }))}
          current={pid}
          onSelect={setPid}
        />
      )}

      {person && (
        <div
          class="runner-panel"
          role={iv.participants.length > 1 ? 'tabpanel' : undefined}
          id={`person-panel`}
          aria-labelledby={iv.participants.length > 1 ? `person-tab-${person.participant_id}` : undefined}
          data-testid="person-panel"
          data-id={person.participant_id}
        >
          <div class="answering">
            <h2 data-testid="answering">
              {readOnly ? t('interviews.answers_of', { name: nameOf(person.participant_id) }) : t('interviews.answering', { name: nameOf(person.participant_id) })}
            </h2>
            {personLang && personLang !== lang && (
              <p class="hint">{t('interviews.also_shown_in', { language: codes.label('languages', personLang) })}</p>
            )}
            {!readOnly && (
              <div class="attendance">
                {person.attended ? (
                  <button type="button" class="secondary small" disabled={busy} onClick={() => void setAttended(person.participant_id, false)} data-testid="mark-absent">
                    {t('interviews.mark_absent', { name: nameOf(person.participant_id) })}
                  </button>
                ) : (
                  <button type="button" class="secondary small" disabled={busy} onClick={() => void setAttended(person.participant_id, true)} data-testid="mark-present">
                    {t('interviews.mark_present', { name: nameOf(person.participant_id) })}
                  </button>
                )}
              </div>
            )}
          </div>

          {!person.attended ? (
            <p class="view-note" data-testid="absent-note">
              {t('interviews.absent_note', { name: nameOf(person.participant_id) })}
            </p>
          ) : (
            section && (
              <>
                <nav class="section-nav" aria-label={t('interviews.sections')}>
                  <label for="section-select">{t('interviews.section_of', { n: sectionIndex + 1, total: content.sections.length })}</label>
                  <select id="section-select" value={String(sectionIndex)} onChange={(e) => goSection(Number(e.currentTarget.value))}>
                    {content.sections.map((s, i) => {
                      const qs = s.questions;
                      const done = qs.filter((q) => isAnswered(values[answerKey(person.participant_id, q.id)])).length;
                      return (
                        <option key={s.id} value={String(i)}>
                          {t('interviews.section_option', { n: i + 1, title: localize(s.title, lang)?.text ?? s.id, done, total: qs.length })}
                        </option>
                      );
                    })}
                  </select>
                </nav>
                <section class="runner-section" aria-labelledby="section-heading" data-testid="section" data-section={section.id}>
                  <SectionTitle title={section.title} personLang={personLang} headingRef={sectionHeading} />
                  {section.questions.map((q) => {
                    const number = questions.find((x) => x.question.id === q.id)!.index + 1;
                    const fs = stateOf(person.participant_id, q.id);
                    const isMissing = missing?.some((m) => m.participantId === person.participant_id && m.questionId === q.id);
                    return (
                      <QuestionField
                        key={`${person.participant_id}|${q.id}`}
                        question={q}
                        number={number}
                        idBase={`q-${q.id}`}
                        personLang={personLang}
                        value={values[answerKey(person.participant_id, q.id)] ?? null}
                        onChange={(v, typing) => change(person.participant_id, q, v, typing)}
                        onCommit={() => commit(person.participant_id, q)}
                        state={fs}
                        error={fs?.state === 'error' ? t(answerErrorKey(fs.code)) : isMissing ? t('interviews.answer_error.required') : null}
                        readOnly={readOnly}
                        codes={codes}
                      />
                    );
                  })}
                </section>
                <div class="section-steps">
                  <button type="button" class="secondary" disabled={sectionIndex === 0} onClick={() => goSection(sectionIndex - 1)} data-testid="prev-section">
                    {t('interviews.previous_section')}
                  </button>
                  <button
                    type="button"
                    class="secondary"
                    disabled={sectionIndex >= content.sections.length - 1}
                    onClick={() => goSection(sectionIndex + 1)}
                    data-testid="next-section"
                  >
                    {t('interviews.next_section')}
                  </button>
                </div>
              </>
            )
          )}
        </div>
      )}

      {iv.status === 'planned' && (
        <section class="card finish" aria-labelledby="finish-heading" data-testid="finish">
          <h2 id="finish-heading">{t('interviews.finish')}</h2>
          <ul class="plain-list finish-counts">
            {present.map((p) => {
              const c = counts(p.participant_id);
              return (
                <li key={p.participant_id}>
                  <bdi>{nameOf(p.participant_id)}</bdi>: {t('interviews.required_answered', { done: c.requiredDone, total: c.required })}
                </li>
              );
            })}
          </ul>
          {missing && missing.length > 0 && (
            <div class="alert missing" data-testid="missing">
              <h3 id="missing-heading" tabIndex={-1}>
                {t('interviews.missing_title', { n: missing.length })}
              </h3>
              {iv.participants
                .filter((p) => missing.some((m) => m.participantId === p.participant_id))
                .map((p) => (
                  <div key={p.participant_id} data-testid="missing-person" data-id={p.participant_id}>
                    <p class="primary">
                      <bdi>{nameOf(p.participant_id)}</bdi>
                    </p>
                    <ul>
                      {missing
                        .filter((m) => m.participantId === p.participant_id)
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
            <button type="button" onClick={() => void complete()} disabled={completing} data-testid="complete">
              {completing ? t('common.working') : t('interviews.complete')}
            </button>
          </div>
          <p class="hint">{t('interviews.complete_hint')}</p>
          <div class="actions other-actions">
            <button type="button" class="secondary small" onClick={() => setStatusChange('no_show')} data-testid="mark-no-show">
              {t('interviews.no_show')}
            </button>
            <button type="button" class="secondary small" onClick={() => setStatusChange('cancelled')} data-testid="cancel-interview">
              {t('interviews.cancel_interview')}
            </button>
          </div>
        </section>
      )}

      {!readOnly && (
        <div class="save-bar" data-testid="save-bar" data-state={!online ? 'offline' : n.error ? 'error' : unsaved ? 'unsaved' : 'saved'}>
          <p aria-live="polite">
            {!online
              ? t('interviews.offline', { n: unsaved })
              : n.saving || n.pending
                ? t('interviews.saving')
                : n.retry
                  ? t('interviews.retrying', { n: n.retry })
                  : n.error
                    ? t('interviews.refused_n', { n: n.error })
                    : n.saved
                      ? t('interviews.all_saved')
                      : t('interviews.saved_as_you_go')}
          </p>
          {online && n.retry > 0 && (
            <button type="button" class="secondary small" onClick={() => void queue.flush()} data-testid="retry-now">
              {t('interviews.retry_now')}
            </button>
          )}
        </div>
      )}

      {statusChange && (
        <ConfirmDialog
          title={statusChange === 'cancelled' ? t('interviews.cancel_title') : t('interviews.no_show_title')}
          confirmLabel={statusChange === 'cancelled' ? t('interviews.cancel_interview') : t('interviews.no_show')}
          onConfirm={() => void changeStatus()}
          onCancel={() => setStatusChange(null)}
          busy={busy}
          error={dialogError}
          testId="status-dialog"
        >
          <p>{statusChange === 'cancelled' ? t('interviews.cancel_text') : t('interviews.no_show_text')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

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
function PersonSwitcher({
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
