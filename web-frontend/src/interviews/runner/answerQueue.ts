// The answers of an interview on their way to the server. Every change is
// written to localStorage at once and sent with PUT /interviews/{id}/answers;
// what could not be sent (no connection, server down) stays queued and is sent
// again later, on the next change, when the browser is back online, or when
// the page is opened again. So a lost connection loses nothing already typed.
import { ApiError } from '../../api/errors';
import { isProblem } from '../../api/problem';
import { answerKey, wireValue, type AnswerInput, type AnswerValue } from '../model';

/** Where a field's answer is on its way to the server. */
export type FieldState =
  /** Changed; it is sent after a pause in typing. */
  | { state: 'pending' }
  | { state: 'saving' }
  | { state: 'saved' }
  /** Not sent (no connection, server busy): kept and sent again. */
  | { state: 'retry' }
  /** Refused by the server (`code` is the field error's or the problem's code): not sent again. */
  | { state: 'error'; code: string };

export interface QueuedAnswer {
  participant_id: string;
  question_id: string;
  value: AnswerValue | null;
  /** Grows with every change, so a newer value is never dropped when an older one is saved. */
  seq: number;
}

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface AnswerQueueOptions {
  interviewId: string;
  /** Sends one batch; resolves when the server saved it, throws (an ApiError, or a network error) when not. */
  send: (answers: AnswerInput[]) => Promise<unknown>;
  /** Where unsent answers survive a reload; null keeps them in memory only. */
  storage?: KeyValueStore | null;
  /** Whether the browser thinks it is online (when not, nothing is tried until the `online` event). */
  isOnline?: () => boolean;
  /** Waits before trying again after a failure, growing with each failure in a row (ms). */
  retryDelays?: readonly number[];
  /** A refusal that concerns the whole interview (it was closed, or is gone), or a missing consent. */
  onProblem?: (error: ApiError, answers: readonly QueuedAnswer[]) => void;
}

/** At most this many answers in one request (the server takes 1 to 500). */
export const BATCH = 500;
export const RETRY_DELAYS_MS = [3_000, 10_000, 30_000, 60_000] as const;

export const storageKey = (interviewId: string) => `skupaj.interview-answers.${interviewId}`;

/** What a failed send means for the answers in it. */
export type Outcome =
  /** Not saved for a passing reason: keep and try again. */
  | { kind: 'retry' }
  /** Some answers are invalid (422): refuse those (by their index in the batch), send the others again. */
  | { kind: 'invalid'; byIndex: Map<number, string> }
  /** Some people have no consent to keep their answers (409): refuse theirs, send the others again. */
  | { kind: 'consent'; participants: Set<string> }
  /** The whole batch is refused (e.g. the interview is no longer planned). */
  | { kind: 'refused'; code: string };

export function classify(error: unknown): Outcome {
  if (!(error instanceof ApiError)) return { kind: 'retry' }; // no answer: offline, timed out, aborted
  const { status } = error;
  if (status === 401 || status === 408 || status === 429 || status >= 500) return { kind: 'retry' };
  const problem = error.problem;
  if (status === 422) {
    const byIndex = new Map<number, string>();
    const errors = isProblem(problem) && Array.isArray(problem.errors) ? problem.errors : [];
    for (const e of errors) {
      const m = /^answers\[(\d+)\]/.exec(e.field);
      if (m && !byIndex.has(Number(m[1]))) byIndex.set(Number(m[1]), e.code);
    }
    if (byIndex.size > 0) return { kind: 'invalid', byIndex };
  }
  if (error.code === 'consent_required' && isProblem(problem) && Array.isArray(problem.participants) && problem.participants.length) {
    return { kind: 'consent', participants: new Set(problem.participants) };
  }
  return { kind: 'refused', code: error.code || `http_${status}` };
}

type Timer = ReturnType<typeof setTimeout>;

export class AnswerQueue {
  private readonly entries = new Map<string, QueuedAnswer>();
  private readonly states = new Map<string, FieldState>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;
  private failures = 0;
  private inflight: Promise<void> | null = null;
  private again = false;
  private debounce: Timer | null = null;
  private retry: Timer | null = null;
  private disposed = false;

  constructor(private readonly opts: AnswerQueueOptions) {
    for (const a of this.read()) {
      const key = answerKey(a.participant_id, a.question_id);
      this.entries.set(key, a);
      this.states.set(key, { state: 'retry' });
      this.seq = Math.max(this.seq, a.seq);
    }
  }

  /** Queues a change (null clears the answer) and sends it now, or after `delay` ms of quiet (typing). */
  put(participantId: string, questionId: string, value: AnswerValue | null, { delay = 0 } = {}): void {
    const key = answerKey(participantId, questionId);
    this.entries.set(key, { participant_id: participantId, question_id: questionId, value, seq: ++this.seq });
    this.states.set(key, { state: 'pending' });
    this.write();
    this.emit();
    if (delay > 0) {
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.debounce = null;
        void this.flush();
      }, delay);
    } else void this.flush();
  }

  /** Sends everything queued now; resolves when that try is over (saved, refused or waiting to retry). */
  flush(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.debounce) {
      clearTimeout(this.debounce);
      this.debounce = null;
    }
    if (this.retry) {
      clearTimeout(this.retry);
      this.retry = null;
    }
    if (this.inflight) {
      this.again = true;
      return this.inflight;
    }
    this.inflight = this.run().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  /** The answers not saved yet, oldest change first. */
  pending(): QueuedAnswer[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq);
  }

  /** The unsent value of an answer, if there is one (it wins over what the server has). */
  queued(participantId: string, questionId: string): QueuedAnswer | undefined {
    return this.entries.get(answerKey(participantId, questionId));
  }

  state(participantId: string, questionId: string): FieldState | undefined {
    return this.states.get(answerKey(participantId, questionId));
  }

  /** How many fields are in each state (for a summary of the whole interview). */
  counts(): Record<FieldState['state'], number> {
    const n = { pending: 0, saving: 0, saved: 0, retry: 0, error: 0 };
    for (const s of this.states.values()) n[s.state] += 1;
    return n;
  }

  /** Whether a send is on its way. */
  busy(): boolean {
    return this.inflight !== null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Stops the timers (the page is left); what is queued stays stored for the next visit. */
  dispose(): void {
    this.disposed = true;
    if (this.debounce) clearTimeout(this.debounce);
    if (this.retry) clearTimeout(this.retry);
    this.debounce = this.retry = null;
    this.listeners.clear();
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      if (this.opts.isOnline && !this.opts.isOnline()) {
        // Offline: nothing is tried until the `online` event (or the next change) flushes again.
        for (const key of this.entries.keys()) this.states.set(key, { state: 'retry' });
        this.emit();
        return;
      }
      const batch = this.pending().slice(0, BATCH);
      if (batch.length === 0) return;
      for (const a of batch) this.states.set(answerKey(a.participant_id, a.question_id), { state: 'saving' });
      this.emit();
      try {
        await this.opts.send(
          batch.map((a) => ({ participant_id: a.participant_id, question_id: a.question_id, value: wireValue(a.value) })),
        );
        this.failures = 0;
        for (const a of batch) this.settle(a, { state: 'saved' });
        if (this.entries.size > 0) this.again = true; // a newer value, or the next batch
      } catch (error) {
        const outcome = classify(error);
        if (outcome.kind === 'retry') {
          for (const a of batch) this.mark(a, { state: 'retry' });
          this.failures += 1;
          this.scheduleRetry();
          this.emit();
          return;
        }
        if (outcome.kind === 'invalid') {
          batch.forEach((a, i) => {
            const code = outcome.byIndex.get(i);
            if (code) this.settle(a, { state: 'error', code });
            else this.mark(a, { state: 'pending' });
          });
          this.again = true;
        } else if (outcome.kind === 'consent') {
          const refused = batch.filter((a) => outcome.participants.has(a.participant_id));
          for (const a of batch) {
            if (outcome.participants.has(a.participant_id)) this.settle(a, { state: 'error', code: 'consent_required' });
            else this.mark(a, { state: 'pending' });
          }
          if (error instanceof ApiError) this.opts.onProblem?.(error, refused);
          this.again = true;
        } else {
          for (const a of batch) this.settle(a, { state: 'error', code: outcome.code });
          if (error instanceof ApiError) this.opts.onProblem?.(error, batch);
        }
      }
      this.write();
      this.emit();
    } while (this.again && !this.disposed);
  }

  /** The answer was saved or refused: off the queue, unless it changed meanwhile (then the newer value goes next). */
  private settle(a: QueuedAnswer, state: FieldState): void {
    const key = answerKey(a.participant_id, a.question_id);
    if (this.entries.get(key)?.seq !== a.seq) {
      this.states.set(key, { state: 'pending' });
      return;
    }
    this.entries.delete(key);
    this.states.set(key, state);
  }

  /** Sets a field's state unless it changed meanwhile. */
  private mark(a: QueuedAnswer, state: FieldState): void {
    const key = answerKey(a.participant_id, a.question_id);
    this.states.set(key, this.entries.get(key)?.seq === a.seq ? state : { state: 'pending' });
  }

  private scheduleRetry(): void {
    if (this.disposed) return;
    const delays = this.opts.retryDelays ?? RETRY_DELAYS_MS;
    if (delays.length === 0) return;
    const delay = delays[Math.min(this.failures - 1, delays.length - 1)]!;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.flush();
    }, delay);
  }

  private emit(): void {
    for (const l of [...this.listeners]) l();
  }

  private read(): QueuedAnswer[] {
    try {
      const raw = this.opts.storage?.getItem(storageKey(this.opts.interviewId));
      if (!raw) return [];
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      return parsed.filter(
        (a): a is QueuedAnswer =>
          typeof a === 'object' &&
          a !== null &&
          typeof a.participant_id === 'string' &&
          typeof a.question_id === 'string' &&
          'value' in a &&
          typeof a.seq === 'number',
      );
    } catch {
      return []; // unreadable (storage disabled, or damaged): start empty
    }
  }

  private write(): void {
    const storage = this.opts.storage;
    if (!storage) return;
    const key = storageKey(this.opts.interviewId);
    try {
      if (this.entries.size === 0) storage.removeItem(key);
      else storage.setItem(key, JSON.stringify(this.pending()));
    } catch {
      /* storage full or disabled: the answers stay in memory for this visit */
    }
  }
}

/** localStorage if the browser lets us use it. */
export function browserStorage(): KeyValueStore | null {
  try {
    const s = globalThis.localStorage;
    return s ?? null;
  } catch {
    return null;
  }
}
