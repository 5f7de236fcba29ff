// What the runner shows and sends for an answer: the values (the server's,
// with what is still queued on top), what is sent for a value, the message
// for a refused one, and an answer that completing found missing.
import { answerKey, isAnswered, valueOf, type Answer, type AnswerValue } from '../model';
import type { AnswerQueue } from './answerQueue';

/** The values to show: what the server has, with what is still queued on top. */
export function valuesOf(answers: readonly Answer[], queue: AnswerQueue): Record<string, AnswerValue | null> {
  const values: Record<string, AnswerValue | null> = {};
  for (const a of answers) values[answerKey(a.participant_id, a.question_id)] = valueOf(a);
  for (const q of queue.pending()) values[answerKey(q.participant_id, q.question_id)] = q.value;
  return values;
}

/** What is sent for a value: blank text is no answer (null clears it). */
export function wire(value: AnswerValue | null): AnswerValue | null {
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

/** The message for an answer the server refused, by its field error code. */
export const answerErrorKey = (code: string): AnswerErrorKey =>
  (ANSWER_ERRORS.includes(code) ? `interviews.answer_error.${code}` : 'interviews.answer_error.generic') as AnswerErrorKey;

/** A required answer that completing the interview found missing. */
export interface Missing {
  participantId: string;
  questionId: string;
}
