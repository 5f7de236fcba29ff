import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso/router';
import { api } from '../../api/client';
import { useCodeLists } from '../../api/codeLists';
import { ApiError, unwrap } from '../../api/errors';
import { isProblem, problemKey } from '../../api/problem';
import { takeFlash } from '../../components/flash';
import { ErrorMessage, SuccessMessage } from '../../components/forms';
import { LoadError, NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n, type Lang } from '../../i18n';
import { InterviewNotFound } from '../InterviewNotFound';
import {
  allQuestions,
  answerKey,
  getInterview,
  getTemplateVersion,
  isAnswered,
  listAnswers,
  localize,
  missingAnswer,
  type Answer,
  type AnswerValue,
  type Interview,
  type Question,
  type TemplateContent,
  type UpdateInterviewRequest,
} from '../model';
import { AnswerQueue, browserStorage, type QueuedAnswer } from './answerQueue';
import { answerErrorKey, valuesOf, wire, type Missing } from './answerValues';
import { ProfileUpdates } from './ProfileUpdates';
import { QuestionField } from './QuestionField';
import { AnsweringHead, FinishCard, PersonSwitcher, RunnerHead, SaveBar, SectionPanel, StatusDialog } from './runnerParts';
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

  const n = queue.counts();
  const unsaved = queue.pending().length;
  const personLang = person?.language ?? null;

  return (
    <>
      <RunnerHead iv={iv} content={content} codes={codes} />

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
          id="person-panel"
          aria-labelledby={iv.participants.length > 1 ? `person-tab-${person.participant_id}` : undefined}
          data-testid="person-panel"
          data-id={person.participant_id}
        >
          <AnsweringHead
            name={nameOf(person.participant_id)}
            attended={person.attended}
            readOnly={readOnly}
            personLanguage={personLang && personLang !== lang ? codes.label('languages', personLang) : null}
            busy={busy}
            onAttended={(attended) => void setAttended(person.participant_id, attended)}
          />

          {!person.attended ? (
            <p class="view-note" data-testid="absent-note">
              {t('interviews.absent_note', { name: nameOf(person.participant_id) })}
            </p>
          ) : (
            section && (
              <SectionPanel
                sections={content.sections}
                index={sectionIndex}
                onSection={goSection}
                answered={(q) => isAnswered(values[answerKey(person.participant_id, q.id)])}
                personLang={personLang}
                headingRef={sectionHeading}
              >
                {section.questions.map((q) => {
                  const number = questions.find((x) => x.question.id === q.id)!.index + 1;
                  const fs = queue.state(person.participant_id, q.id);
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
              </SectionPanel>
            )
          )}
        </div>
      )}

      {iv.status === 'planned' && (
        <FinishCard
          present={present.map((p) => ({ id: p.participant_id, name: nameOf(p.participant_id), ...counts(p.participant_id) }))}
          people={iv.participants.map((p) => ({ id: p.participant_id, name: nameOf(p.participant_id) }))}
          missing={missing}
          questions={questions}
          goTo={goTo}
          completing={completing}
          onComplete={() => void complete()}
          onStatus={setStatusChange}
        />
      )}

      {!readOnly && <SaveBar online={online} counts={n} unsaved={unsaved} onRetry={() => void queue.flush()} />}

      {statusChange && (
        <StatusDialog status={statusChange} busy={busy} error={dialogError} onConfirm={() => void changeStatus()} onCancel={() => setStatusChange(null)} />
      )}
    </>
  );
}
