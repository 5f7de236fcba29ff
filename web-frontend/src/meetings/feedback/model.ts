// A person's rating of a meeting they came to: the API (hand-written until
// it is in openapi.yaml) and the faces of the ten buttons.
import type { Client } from 'openapi-fetch';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import type { components } from '../../api/schema';
import type { Lang } from '../../i18n';

type Schemas = components['schemas'];

// ---------------------------------------------------------------------------
// TODO(lead): switch to the generated type when openapi.yaml has it.
// HAND-WRITTEN API TYPES for PUT /meetings/{id}/feedback and
// GET /meetings/{id}/feedback/mine (being built on branch m-feedback). Once
// they are in openapi.yaml: `npm run gen:api`, replace FeedbackInput and
// MyFeedback with components['schemas'][…], and call `api` instead of `pending`.
// ---------------------------------------------------------------------------

/** TODO(lead): generated `FeedbackInput`. */
export interface FeedbackInput {
  /** 1 (poor) to 10 (excellent). */
  rating: number;
  comment?: string | null;
  /** A `languages` code. */
  comment_language?: string | null;
}

/** TODO(lead): generated `MyFeedback`. */
export interface MyFeedback {
  meeting_id: string;
  rating: number;
  comment?: string | null;
  comment_language?: string | null;
  created_at?: string;
  updated_at?: string;
}

type Json<T> = { content: { 'application/json': T } };
type Problem = { content: { 'application/problem+json': Schemas['Problem'] } };
type Id = { path: { id: string } };

/** TODO(lead): remove with the hand-written types above. */
interface PendingPaths {
  '/api/v1/meetings/{id}/feedback': {
    put: { parameters: Id; requestBody: Json<FeedbackInput>; responses: { 200: Json<MyFeedback>; 201: Json<MyFeedback>; 409: Problem; 422: Problem } };
  };
  '/api/v1/meetings/{id}/feedback/mine': {
    get: { parameters: Id; responses: { 200: Json<MyFeedback>; 404: Problem } };
  };
}

/** TODO(lead): the same client (same auth), typed for the paths above. */
const pending = api as unknown as Client<PendingPaths>;

// ---------------------------------------------------------------------------

/** The caller's own rating of the meeting, or null when they have not rated it (404). */
export async function myFeedback(meetingId: string): Promise<MyFeedback | null> {
  try {
    return await unwrap(pending.GET('/api/v1/meetings/{id}/feedback/mine', { params: { path: { id: meetingId } } }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const rateMeeting = (meetingId: string, body: FeedbackInput) =>
  unwrap(pending.PUT('/api/v1/meetings/{id}/feedback', { params: { path: { id: meetingId } }, body }));

/** The ratings, 1 to 10. */
export const RATINGS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/** A face for each rating, from very unhappy (1) to very happy (10). */
const FACES = ['😞', '😟', '🙁', '😕', '😐', '🙂', '😊', '😀', '😃', '😄'] as const;

export function faceOf(rating: number): string {
  return FACES[Math.min(10, Math.max(1, Math.round(rating))) - 1] ?? '😐';
}

/** The scripts of the app's languages. */
const SCRIPTS: Record<Lang, RegExp> = {
  en: /\p{Script=Latin}/u,
  sl: /\p{Script=Latin}/u,
  uk: /\p{Script=Cyrillic}/u,
  ar: /\p{Script=Arabic}/u,
  fa: /\p{Script=Arabic}/u,
};

/**
 * The comment's language as far as one can tell: the app's language when
 * the comment is mostly written in its script, else none (a person may
 * write Arabic with the app in English; better no language than a wrong one).
 */
export function commentLanguage(comment: string, lang: Lang): Lang | null {
  const letters = [...comment].filter((c) => /\p{L}/u.test(c));
  if (letters.length === 0) return null;
  const inScript = letters.filter((c) => SCRIPTS[lang].test(c)).length;
  return inScript / letters.length >= 0.6 ? lang : null;
}

/** The body to send: the rating, and the comment (trimmed) with its language, if any. */
export function feedbackBody(rating: number, comment: string, lang: Lang): FeedbackInput {
  const text = comment.trim();
  if (!text) return { rating, comment: null };
  const language = commentLanguage(text, lang);
  return { rating, comment: text, ...(language ? { comment_language: language } : {}) };
}
