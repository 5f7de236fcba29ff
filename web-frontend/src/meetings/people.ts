// The people the staff screens of a meeting pick: participants (found by
// name, as the participant list searches) and team members (owners of
// action items).
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { Role } from '../api/client';
import type { components } from '../api/schema';

/** A participant as a picker offers them. */
export interface Person {
  id: string;
  name: string;
  /** What tells two people of the same name apart (their municipality), if anything. */
  detail?: string | null;
}

/** How many people a search offers at most. */
export const SEARCH_LIMIT = 8;

/** Active participants whose name contains `q` (the server ignores case and accents), by name. */
export async function searchParticipants(q: string): Promise<Person[]> {
  const page = await unwrap(api.GET('/api/v1/participants', { params: { query: { q: q.trim(), limit: SEARCH_LIMIT, sort: 'name' } } }));
  return page.items.flatMap((p) => (p.id ? [{ id: p.id, name: p.name ?? p.pseudonym ?? '', detail: p.municipality ?? null }] : []));
}

export type Member = components['schemas']['Member'];
/** The roles an action item may belong to (a member of the team). */
export const OWNER_ROLES: readonly Role[] = ['admin', 'coordinator', 'adviser', 'mentor'];

/** The team (admins, coordinators, advisers, mentors) by name, every page (GET /members: admins and coordinators). */
export async function listTeam(): Promise<Member[]> {
  const all: Member[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const got = await unwrap(api.GET('/api/v1/members', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
    all.push(...got.items.filter((m) => OWNER_ROLES.includes(m.role)));
    if (!got.next_cursor) break;
    cursor = got.next_cursor;
  }
  return all.sort((a, b) => a.display_name.localeCompare(b.display_name));
}
