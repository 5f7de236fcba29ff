// A meeting's minutes, decisions and action items (the API's calls and
// what the screens work out from them).
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { components } from '../../api/schema';
import type { Role } from '../../api/client';
import { can } from '../../auth/roles';
import type { Lang } from '../../i18n';

type Schemas = components['schemas'];
export type Minutes = Schemas['Minutes'];
export type MinutesInput = Schemas['MinutesInput'];
export type ActionItem = Schemas['ActionItem'];
export type ActionItemInput = Schemas['ActionItemInput'];
export type ActionItemState = Schemas['ActionItemState'];

/** The most decisions and the longest (api/src/meetings/minutes/json.rs). */
export const MAX_DECISIONS = 50;
export const MAX_DECISION_LENGTH = 500;
export const MAX_BODY_LENGTH = 50_000;
export const MAX_TITLE_LENGTH = 300;

export const getMinutes = (meetingId: string, lang: Lang) => unwrap(api.GET('/api/v1/meetings/{id}/minutes', { params: { path: { id: meetingId }, query: { lang } } }));

/** Saves the minutes with the version last read (0 the first time); a stale one is refused (409). */
export const saveMinutes = (meetingId: string, body: MinutesInput, lang: Lang) =>
  unwrap(api.PUT('/api/v1/meetings/{id}/minutes', { params: { path: { id: meetingId }, query: { lang } }, body }));

export const createActionItem = (meetingId: string, body: ActionItemInput, lang: Lang) =>
  unwrap(api.POST('/api/v1/meetings/{id}/action-items', { params: { path: { id: meetingId }, query: { lang } }, body }));

/** A merge patch of an action item with its version (the generated body type is the full input). */
export const updateActionItem = (id: string, body: Partial<ActionItemInput> & { version: number }, lang: Lang) =>
  unwrap(api.PATCH('/api/v1/action-items/{id}', { params: { path: { id }, query: { lang } }, body: body as ActionItemInput & { version: number } }));

/** Whether the caller may tick an item done (or open it again): staff who write minutes, and its owner. */
export const canTick = (item: Pick<ActionItem, 'mine'>, role: Role | null | undefined): boolean => item.mine || can(role, 'meetings.staff');

/** The decisions as they are sent: trimmed, empty rows left out. */
export const cleanDecisions = (rows: readonly string[]): string[] => rows.map((d) => d.trim()).filter(Boolean);

/** Whether the minutes say anything yet. */
export const isEmpty = (m: Pick<Minutes, 'body' | 'decisions' | 'action_items'>): boolean =>
  !m.body.trim() && m.decisions.length === 0 && m.action_items.length === 0;

/** Whether an open item's due day has passed (`today` is yyyy-mm-dd). */
export const isOverdue = (item: Pick<ActionItem, 'state' | 'due_on'>, today: string): boolean => item.state === 'open' && !!item.due_on && item.due_on < today;

/** Where the owner of a new item comes from. */
export type OwnerKind = 'none' | 'member' | 'participant';

/** The body of POST …/action-items from the form, or the field that is missing. */
export function actionItemBody(d: { title: string; owner: OwnerKind; memberId: string; participantId: string; due: string }): ActionItemInput | { missing: 'title' | 'member' | 'participant' } {
  const title = d.title.trim();
  if (!title) return { missing: 'title' };
  const body: ActionItemInput = { title };
  if (d.owner === 'member') {
    if (!d.memberId) return { missing: 'member' };
    body.owner_user_id = d.memberId;
  }
  if (d.owner === 'participant') {
    if (!d.participantId) return { missing: 'participant' };
    body.owner_participant_id = d.participantId;
  }
  if (d.due) body.due_on = d.due;
  return body;
}
