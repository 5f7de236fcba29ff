// The participant list's filters and sort: read from the page's address (so Back returns to the
// same list, and only what the role may use), written back to it, and sent as GET /participants' query.
import type { Role } from '../api/client';
import { isSkillLevel, type SkillLevel } from '../skills/model';
import { listFilters, seesNames, type ListFilter } from './common';
import type { ListQuery } from './model';

/** Rows per request: the list grows with "Load more"; the server filters and pages. */
export const PAGE_SIZE = 50;

export const SORTS = ['name', '-name', '-created', 'created', 'updated'] as const;
type Sort = (typeof SORTS)[number];
export const SORT_LABELS = {
  name: 'participants.sort_name',
  '-name': 'participants.sort_name_desc',
  '-created': 'participants.sort_newest',
  created: 'participants.sort_oldest',
  updated: 'participants.sort_updated',
} as const satisfies Record<Sort, string>;
export const isSort = (v: unknown): v is Sort => (SORTS as readonly unknown[]).includes(v);

export interface ListFilters {
  q: string;
  status: '' | 'archived';
  legal_status: string;
  language: string;
  need: string;
  municipality: string;
  arrived_from: string;
  arrived_to: string;
  /** Skill concept URIs, comma-separated. */
  skills: string;
  min_level: '' | SkillLevel;
  match: '' | 'any';
  sort: Sort;
}

const FILTER_OF: Record<Exclude<keyof ListFilters, 'sort'>, ListFilter> = {
  q: 'q',
  status: 'status',
  legal_status: 'legal_status',
  language: 'language',
  need: 'need',
  municipality: 'municipality',
  arrived_from: 'arrived',
  arrived_to: 'arrived',
  skills: 'skills',
  min_level: 'skills',
  match: 'skills',
};

/** The server takes at most 20 skills in one filter. */
export const MAX_SKILLS = 20;
export const skillList = (skills: string) => skills.split(',').map((s) => s.trim()).filter(Boolean);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function defaultSort(role: Role | null | undefined): Sort {
  return seesNames(role) ? 'name' : '-created';
}

/** The filters in the page's address (so Back returns to the same list), limited to what the role may use. */
export function filtersFrom(query: Record<string, string | undefined>, role: Role | null | undefined): ListFilters {
  const allowed = listFilters(role);
  const get = (key: Exclude<keyof ListFilters, 'sort'>) => (allowed.includes(FILTER_OF[key]) ? (query[key] ?? '') : '');
  const sort = query.sort;
  return {
    q: get('q'),
    status: get('status') === 'archived' ? 'archived' : '',
    legal_status: get('legal_status'),
    language: get('language'),
    need: get('need'),
    municipality: get('municipality'),
    arrived_from: DATE.test(get('arrived_from')) ? get('arrived_from') : '',
    arrived_to: DATE.test(get('arrived_to')) ? get('arrived_to') : '',
    skills: skillList(get('skills')).slice(0, MAX_SKILLS).join(','),
    min_level: isSkillLevel(get('min_level')) ? (get('min_level') as SkillLevel) : '',
    match: get('match') === 'any' ? 'any' : '',
    sort: isSort(sort) && (seesNames(role) || !sort.includes('name')) ? sort : defaultSort(role),
  };
}

/** The page address for filters (empty ones and the default sort left out). */
export function listPath(f: ListFilters, role: Role | null | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) {
    if (key === 'sort' ? value !== defaultSort(role) : value.trim()) params.set(key, value.trim());
  }
  const search = params.toString();
  return search ? `/participants?${search}` : '/participants';
}

/** The query for GET /participants: empty filters left out. */
export function listQuery(f: ListFilters, cursor?: string): ListQuery {
  const q: ListQuery = { limit: PAGE_SIZE, sort: f.sort };
  const set = <K extends keyof ListQuery>(key: K, value: string) => {
    if (value.trim()) q[key] = value.trim() as ListQuery[K];
  };
  set('q', f.q);
  if (f.status) q.status = f.status;
  set('legal_status', f.legal_status);
  set('language', f.language);
  set('need', f.need);
  set('municipality', f.municipality);
  set('arrived_from', f.arrived_from);
  set('arrived_to', f.arrived_to);
  if (f.skills) {
    q.skills = f.skills;
    if (f.min_level) q.min_level = f.min_level;
    if (f.match) q.match = f.match;
  }
  if (cursor) q.cursor = cursor;
  return q;
}
