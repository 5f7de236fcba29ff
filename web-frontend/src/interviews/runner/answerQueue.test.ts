// The queue of answers on their way to the server: saved as they go, kept
// through lost connections and reloads, refused ones reported per field.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { memoryStorage } from '../../testing/fake-auth';
import type { AnswerInput } from '../model';
import { AnswerQueue, classify, storageKey, type AnswerQueueOptions } from './answerQueue';

const ID = 'iv-1';
const A = 'p-amina';
const F = 'p-farid';

const problem = (status: number, code: string, extra: Record<string, unknown> = {}) =>
  new ApiError(status, { type: `https://skupaj.org/problems/${code}`, title: code, status, code, ...extra });
const invalid = (...errors: [number, string][]) =>
  problem(422, 'validation_failed', { errors: errors.map(([i, code]) => ({ field: `answers[${i}].value`, code, message: code })) });

/** A fake server: records every batch; `answer` decides what each send does. */
function server() {
  const batches: AnswerInput[][] = [];
  let answer: (batch: AnswerInput[]) => Promise<unknown> = async () => undefined;
  const send = vi.fn(async (batch: AnswerInput[]) => {
    batches.push(batch);
    return answer(batch);
  });
  return {
    batches,
    send,
    respond(fn: (batch: AnswerInput[]) => Promise<unknown>) {
      answer = fn;
    },
    offline() {
      answer = async () => {
        throw new TypeError('Failed to fetch');
      };
    },
    online() {
      answer = async () => undefined;
    },
  };
}

function queue(s: ReturnType<typeof server>, extra: Partial<AnswerQueueOptions> = {}) {
  return new AnswerQueue({ interviewId: ID, send: s.send, retryDelays: [1000, 5000], ...extra });
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('classify', () => {
  it('retries what never reached the server, busy servers and expired sessions', () => {
    expect(classify(new TypeError('Failed to fetch')).kind).toBe('retry');
    expect(classify(new DOMException('timed out', 'TimeoutError')).kind).toBe('retry');
    for (const status of [401, 408, 429, 500, 502, 503]) expect(classify(problem(status, 'internal_error')).kind).toBe('retry');
  });

  it('reads the index of each invalid answer from a 422', () => {
    const outcome = classify(invalid([1, 'range'], [3, 'option'], [1, 'type']));
    expect(outcome).toEqual({ kind: 'invalid', byIndex: new Map([[1, 'range'], [3, 'option']]) });
  });

  it('names the people without consent from a 409 consent_required', () => {
    expect(classify(problem(409, 'consent_required', { participants: [F] }))).toEqual({ kind: 'consent', participants: new Set([F]) });
  });

  it('refuses the whole batch for a closed interview or other client errors', () => {
    expect(classify(problem(409, 'conflict'))).toEqual({ kind: 'refused', code: 'conflict' });
    expect(classify(problem(404, 'not_found'))).toEqual({ kind: 'refused', code: 'not_found' });
    expect(classify(problem(422, 'validation_failed', { errors: [{ field: 'answers', code: 'length', message: '' }] }))).toEqual({
      kind: 'refused',
      code: 'validation_failed',
    });
  });
});

describe('AnswerQueue', () => {
  it('sends a change at once and reports saving, then saved', async () => {
    const s = server();
    const q = queue(s);
    const seen: string[] = [];
    q.subscribe(() => seen.push(q.state(A, 'needs')?.state ?? 'none'));
    q.put(A, 'needs', ['housing']);
    expect(q.state(A, 'needs')?.state).toBe('saving');
    await q.flush();
    expect(s.batches).toEqual([[{ participant_id: A, question_id: 'needs', value: ['housing'] }]]);
    expect(q.state(A, 'needs')).toEqual({ state: 'saved' });
    expect(q.pending()).toEqual([]);
    expect(seen).toContain('pending');
    expect(seen).toContain('saving');
    expect(seen.at(-1)).toBe('saved');
  });

  it('waits for a pause in typing, then sends only the last text', async () => {
    const s = server();
    const q = queue(s);
    q.put(A, 'notes', 'H', { delay: 700 });
    await vi.advanceTimersByTimeAsync(300);
    q.put(A, 'notes', 'Hel', { delay: 700 });
    await vi.advanceTimersByTimeAsync(300);
    q.put(A, 'notes', 'Hello', { delay: 700 });
    expect(s.send).not.toHaveBeenCalled();
    expect(q.state(A, 'notes')?.state).toBe('pending');
    await vi.advanceTimersByTimeAsync(700);
    expect(s.batches).toEqual([[{ participant_id: A, question_id: 'notes', value: 'Hello' }]]);
    expect(q.state(A, 'notes')?.state).toBe('saved');
  });

  it('sends a typed text at once on flush (leaving the field)', async () => {
    const s = server();
    const q = queue(s);
    q.put(A, 'notes', 'Hello', { delay: 700 });
    await q.flush();
    expect(s.send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.send).toHaveBeenCalledTimes(1); // the debounce timer was cancelled
  });

  it('stores every change before sending, so a reload finds what was not saved', async () => {
    const storage = memoryStorage();
    const s = server();
    s.offline();
    const q = queue(s, { storage });
    q.put(A, 'notes', 'Half a sent', { delay: 700 });
    // Stored at once, before the pause is over: a crash now loses nothing.
    expect(JSON.parse(storage.data.get(storageKey(ID))!)).toMatchObject([{ participant_id: A, question_id: 'notes', value: 'Half a sent' }]);
    q.put(F, 'confidence', 7);
    await vi.advanceTimersByTimeAsync(0);
    expect(q.state(F, 'confidence')?.state).toBe('retry');
    q.dispose();

    // The page is opened again (online now): the stored answers come back and are sent.
    s.online();
    const again = queue(s, { storage });
    expect(again.queued(A, 'notes')?.value).toBe('Half a sent');
    expect(again.state(A, 'notes')?.state).toBe('retry');
    await again.flush();
    expect(s.batches.at(-1)).toEqual([
      { participant_id: A, question_id: 'notes', value: 'Half a sent' },
      { participant_id: F, question_id: 'confidence', value: 7 },
    ]);
    expect(storage.data.has(storageKey(ID))).toBe(false);
    expect(again.pending()).toEqual([]);
  });

  it('keeps answers through a lost connection and retries them with growing pauses', async () => {
    const s = server();
    s.offline();
    const q = queue(s);
    q.put(A, 'worked_host', true);
    await vi.advanceTimersByTimeAsync(0);
    expect(q.state(A, 'worked_host')).toEqual({ state: 'retry' });
    expect(s.send).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.send).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(s.send).toHaveBeenCalledTimes(2); // the second pause is longer
    s.online();
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.send).toHaveBeenCalledTimes(3);
    expect(q.state(A, 'worked_host')).toEqual({ state: 'saved' });
  });

  it('sends the queue with the next change', async () => {
    const s = server();
    s.offline();
    const q = queue(s);
    q.put(A, 'worked_host', true);
    await vi.advanceTimersByTimeAsync(0);
    s.online();
    q.put(A, 'confidence', 4);
    await q.flush();
    expect(s.batches.at(-1)).toEqual([
      { participant_id: A, question_id: 'worked_host', value: true },
      { participant_id: A, question_id: 'confidence', value: 4 },
    ]);
    expect(q.pending()).toEqual([]);
  });

  it('tries nothing while the browser is offline, and everything when flushed after `online`', async () => {
    let online = false;
    const s = server();
    const q = queue(s, { isOnline: () => online });
    q.put(A, 'confidence', 4);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s.send).not.toHaveBeenCalled();
    expect(q.state(A, 'confidence')?.state).toBe('retry');
    online = true;
    await q.flush();
    expect(s.send).toHaveBeenCalledTimes(1);
    expect(q.state(A, 'confidence')?.state).toBe('saved');
  });

  it('never drops a newer value when an older one is saved meanwhile', async () => {
    const s = server();
    let release!: () => void;
    s.respond(() => new Promise<void>((r) => (release = r)));
    const q = queue(s);
    q.put(A, 'confidence', 3);
    await vi.advanceTimersByTimeAsync(0);
    q.put(A, 'confidence', 8); // while 3 is on its way
    s.online();
    release();
    await q.flush();
    expect(s.batches.map((b) => b[0]?.value)).toEqual([3, 8]);
    expect(q.state(A, 'confidence')?.state).toBe('saved');
    expect(q.pending()).toEqual([]);
  });

  it('clears an answer with null', async () => {
    const s = server();
    const q = queue(s);
    q.put(A, 'needs', null);
    await q.flush();
    expect(s.batches[0]).toEqual([{ participant_id: A, question_id: 'needs', value: null }]);
  });

  it('refuses the invalid answers of a batch at their fields and saves the others', async () => {
    const s = server();
    s.respond(async (batch) => {
      const bad = batch.findIndex((a) => a.question_id === 'confidence');
      if (bad >= 0) throw invalid([bad, 'range']);
    });
    const q = new AnswerQueue({ interviewId: ID, send: s.send, retryDelays: [] });
    q.put(A, 'needs', ['housing'], { delay: 100 });
    q.put(A, 'confidence', 11, { delay: 100 });
    q.put(F, 'needs', ['childcare'], { delay: 100 });
    await q.flush();
    // One batch with all three, refused; then the two valid ones again.
    expect(s.batches.map((b) => b.length)).toEqual([3, 2]);
    expect(q.state(A, 'confidence')).toEqual({ state: 'error', code: 'range' });
    expect(q.state(A, 'needs')).toEqual({ state: 'saved' });
    expect(q.state(F, 'needs')).toEqual({ state: 'saved' });
    expect(q.pending()).toEqual([]); // an invalid answer is not sent again
  });

  it('refuses the answers of people without consent, tells the page, and saves the others', async () => {
    const s = server();
    s.respond(async (batch) => {
      if (batch.some((a) => a.participant_id === F)) throw problem(409, 'consent_required', { participants: [F] });
    });
    const onProblem = vi.fn();
    const q = queue(s, { onProblem });
    q.put(A, 'needs', ['housing'], { delay: 10 });
    q.put(F, 'needs', ['childcare'], { delay: 10 });
    await q.flush();
    expect(q.state(F, 'needs')).toEqual({ state: 'error', code: 'consent_required' });
    expect(q.state(A, 'needs')).toEqual({ state: 'saved' });
    expect(onProblem).toHaveBeenCalledTimes(1);
    expect(onProblem.mock.calls[0]?.[1]).toMatchObject([{ participant_id: F }]);
  });

  it('gives up on a closed interview and tells the page', async () => {
    const storage = memoryStorage();
    const s = server();
    s.respond(async () => {
      throw problem(409, 'conflict');
    });
    const onProblem = vi.fn();
    const q = queue(s, { onProblem, storage });
    q.put(A, 'needs', ['housing']);
    await q.flush();
    expect(q.state(A, 'needs')).toEqual({ state: 'error', code: 'conflict' });
    expect(onProblem).toHaveBeenCalledTimes(1);
    expect(q.pending()).toEqual([]);
    expect(storage.data.has(storageKey(ID))).toBe(false);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(s.send).toHaveBeenCalledTimes(1);
  });

  it('sends at most 500 answers per request', async () => {
    const s = server();
    const q = queue(s);
    for (let i = 0; i < 620; i++) q.put(A, `q${i}`, 'x', { delay: 1000 });
    await q.flush();
    expect(s.batches.map((b) => b.length)).toEqual([500, 120]);
  });

  it('keeps each interview apart and survives damaged or missing storage', () => {
    const storage = memoryStorage();
    storage.setItem(storageKey(ID), '{not json');
    expect(queue(server(), { storage }).pending()).toEqual([]);
    storage.setItem(storageKey('other'), JSON.stringify([{ participant_id: A, question_id: 'x', value: 1, seq: 1 }]));
    expect(queue(server(), { storage }).pending()).toEqual([]);
    const broken = { getItem: () => null, setItem: () => { throw new Error('quota'); }, removeItem: () => undefined };
    const q = queue(server(), { storage: broken });
    expect(() => q.put(A, 'x', 'y', { delay: 100 })).not.toThrow();
  });

  it('counts fields by state', async () => {
    const s = server();
    s.offline();
    const q = queue(s);
    q.put(A, 'a', 1);
    await vi.advanceTimersByTimeAsync(0);
    q.put(A, 'b', 'typing', { delay: 500 });
    expect(q.counts()).toMatchObject({ retry: 1, pending: 1 });
  });
});
