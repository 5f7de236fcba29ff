// Opportunities, applications, their messages and matches (issue #16): the
// types of the contract the API keeps and thin calls on the app's client
// (same base URL, access token and 401 renewal as src/api/client.ts). The
// multilingual objects are narrowed to Texts here; the calls go through a
// loosely typed view of the client so that the screens keep one set of
// types while the generated schema catches up with the new operations.
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { currentLanguage } from '../i18n';
import type { Page } from '../components/usePaged';
import type { ParticipantView } from '../participants/model';

/** Text in several languages: language code → text. */
export type Texts = Record<string, string>;

export const KINDS = ['job', 'internship', 'traineeship', 'apprenticeship', 'volunteering', 'course', 'workshop', 'mentoring_programme'] as const;
export type OpportunityKind = (typeof KINDS)[number];
export const STATUSES = ['draft', 'open', 'closed', 'filled'] as const;
export type OpportunityStatus = (typeof STATUSES)[number];
export const PLACES = ['on_site', 'remote', 'hybrid'] as const;
export type WorkPlace = (typeof PLACES)[number];
export const CONTRACTS = ['permanent', 'fixed_term', 'internship_agreement', 'student_work', 'apprenticeship_contract', 'volunteer_agreement', 'none'] as const;
export const PAY_PERIODS = ['hour', 'month', 'year', 'total'] as const;
export const STATES = ['proposed', 'applied', 'shortlisted', 'interview', 'offer', 'hired', 'rejected', 'withdrawn'] as const;
export type ApplicationState = (typeof STATES)[number];

export interface SkillRef {
  uri: string;
  label: string;
}
export interface LanguageNeed {
  language: string;
  min_level: string;
}

/** An opportunity as GET /opportunities/{id} answers it. */
export interface Opportunity {
  id: string;
  kind: OpportunityKind;
  status: OpportunityStatus;
  title: Texts;
  description: Texts;
  provider_name: string;
  provider_sector?: string | null;
  partner_user_id?: string | null;
  occupation_uri?: string | null;
  country: string;
  place: WorkPlace;
  municipality?: string | null;
  hours_per_week?: number | null;
  total_hours?: number | null;
  starts_on?: string | null;
  ends_on?: string | null;
  duration_weeks?: number | null;
  paid: boolean;
  pay_min_cents?: number | null;
  pay_max_cents?: number | null;
  pay_currency?: string | null;
  pay_period?: string | null;
  contract_type?: string | null;
  places?: number | null;
  deadline?: string | null;
  min_education?: string | null;
  essential_skills: SkillRef[];
  optional_skills: SkillRef[];
  teaches_skills: SkillRef[];
  languages: LanguageNeed[];
  created_at: string;
  updated_at: string;
  opened_at?: string | null;
  archived?: boolean;
  version: number;
  /** For a participant: their own application to it, if any. */
  application?: { id: string; state: ApplicationState } | null;
}

/** The body of POST /opportunities (PATCH: a merge patch of it with `version`). */
export interface OpportunityFields {
  partner_user_id?: string | null;
  kind: OpportunityKind;
  status: OpportunityStatus;
  title: Texts;
  description: Texts;
  provider_name: string;
  provider_sector: string | null;
  occupation_uri: string | null;
  country: string;
  place: WorkPlace;
  municipality: string | null;
  hours_per_week: number | null;
  total_hours: number | null;
  starts_on: string | null;
  ends_on: string | null;
  duration_weeks: number | null;
  paid: boolean;
  pay_min_cents: number | null;
  pay_max_cents: number | null;
  pay_currency: string;
  pay_period: string | null;
  contract_type: string | null;
  places: number | null;
  deadline: string | null;
  min_education: string | null;
  essential_skills: string[];
  optional_skills: string[];
  teaches_skills: string[];
  languages: LanguageNeed[];
}

export interface Interview {
  meeting_id: string;
  starts_at: string;
  ends_at: string;
  venue_id?: string | null;
  online_url?: string | null;
}

export interface Application {
  id: string;
  opportunity_id: string;
  opportunity: { id: string; kind: OpportunityKind; title: Texts | string; provider_name: string; status: OpportunityStatus };
  /** Empty once the person is erased. */
  participant_id?: string | null;
  person?: Partial<ParticipantView> | null;
  state: ApplicationState;
  cover_note: string;
  proposed_by?: string | null;
  interview?: Interview | null;
  unread: number;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface ApplicationEvent {
  id?: string;
  from?: ApplicationState | null;
  to: ApplicationState;
  by_role?: string;
  note?: string | null;
  at: string;
}

export interface Message {
  id: string;
  author_user_id?: string | null;
  author_role: string;
  author_name?: string | null;
  body: string;
  created_at: string;
  read_by: { user_id: string; role: string; read_at: string }[];
  mine: boolean;
}

export type SkillStatus = 'exact' | 'narrower' | 'missing';
export interface SkillItem {
  skill: SkillRef;
  credit: number;
  /** A SkillStatus (the schema has it as a string). */
  status: SkillStatus | (string & {});
  through?: SkillRef | null;
  steps?: number | null;
  courses?: { id: string; title: Texts | string }[] | null;
}
export interface LanguageItem {
  language: string;
  required: string;
  has?: string | null;
  met: boolean;
}
export interface Explanation {
  score: number;
  points?: Record<string, number>;
  essential: SkillItem[];
  optional: SkillItem[];
  languages: LanguageItem[];
  education?: { required?: string | null; has?: string | null; met: boolean } | null;
  place?: { kind: WorkPlace; municipality?: string } | null;
  place_fit?: 'remote' | 'same_municipality' | 'hybrid_elsewhere' | 'elsewhere' | string | null;
  eligibility?: { verdict: 'eligible' | 'ineligible' | (string & {}); reason?: string } | string | null;
}
export type PersonMatch = Explanation & { participant_id: string; person: Partial<ParticipantView> & { id?: string | null } };
/** What a match says of an opportunity (its title in the caller's language). */
export interface OpportunitySummary {
  id: string;
  kind: OpportunityKind;
  title: string;
  provider_name: string;
  /** A WorkPlace (the schema has it as a string). */
  place: WorkPlace | (string & {});
  municipality?: string | null;
  deadline?: string | null;
}
export type OpportunityMatch = Explanation & { opportunity_id: string; opportunity: OpportunitySummary };
export interface Ineligible {
  id?: string;
  person?: Partial<ParticipantView> | null;
  opportunity?: OpportunitySummary | null;
  reason: string;
}
export interface Matches<T> {
  items: T[];
  ineligible?: Ineligible[];
}

// The client, loosely typed: paths and bodies as this file declares them.
type Call = (path: string, init?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const loose = api as unknown as { GET: Call; POST: Call; PATCH: Call };
/** Skill labels and titles come in the app's language (the server reads Accept-Language). */
const lang = (init?: Record<string, unknown>) => ({ ...init, headers: { 'Accept-Language': currentLanguage() } });
const get = <T>(path: string, init?: Record<string, unknown>) => unwrap(loose.GET(path, lang(init))) as Promise<T>;
const post = <T>(path: string, init?: Record<string, unknown>) => unwrap(loose.POST(path, lang(init))) as Promise<T>;
const patch = <T>(path: string, init?: Record<string, unknown>) => unwrap(loose.PATCH(path, lang(init))) as Promise<T>;
const id = (value: string) => ({ path: { id: value } });
/** A query without empty values. */
export function clean<T extends Record<string, unknown>>(query: T): Partial<T> {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '' && v !== null)) as Partial<T>;
}

export interface OpportunityFilters {
  q?: string;
  kind?: OpportunityKind | '';
  status?: OpportunityStatus | '';
  /** Staff: only the ones they posted. */
  mine?: boolean;
}
export const listOpportunities = (f: OpportunityFilters, cursor?: string) =>
  get<Page<Opportunity>>('/api/v1/opportunities', { params: { query: clean({ ...f, q: f.q?.trim(), mine: f.mine || undefined, cursor, limit: 30 }) } });
export const getOpportunity = (oppId: string) => get<Opportunity>('/api/v1/opportunities/{id}', { params: id(oppId) });
export const createOpportunity = (body: OpportunityFields) => post<Opportunity>('/api/v1/opportunities', { body });
export const patchOpportunity = (oppId: string, body: Partial<Omit<OpportunityFields, 'title' | 'description'>> & { title?: Record<string, string | null>; description?: Record<string, string | null>; version: number }) =>
  patch<Opportunity>('/api/v1/opportunities/{id}', { params: id(oppId), body });

/** Apply (a participant, for themself) or propose a person (staff). */
export const apply = (oppId: string, body: { participant_id?: string; cover_note: string }) =>
  post<Application>('/api/v1/opportunities/{id}/applications', { params: id(oppId), body });

export interface ApplicationFilters {
  opportunity_id?: string;
  participant_id?: string;
  state?: ApplicationState | '';
}
export const listApplications = (f: ApplicationFilters, cursor?: string, limit = 100) =>
  get<Page<Application>>('/api/v1/applications', { params: { query: clean({ ...f, cursor, limit }) } });
export const getApplication = (appId: string) => get<Application>('/api/v1/applications/{id}', { params: id(appId) });
export interface InterviewInput {
  starts_at: string;
  ends_at: string;
  venue_id?: string;
  online_url?: string;
}
export const transition = (appId: string, body: { to: ApplicationState; note?: string; version: number; interview?: InterviewInput }) =>
  post<Application>('/api/v1/applications/{id}/transitions', { params: id(appId), body });
export const listEvents = (appId: string) =>
  get<Page<ApplicationEvent> | ApplicationEvent[]>('/api/v1/applications/{id}/events', { params: id(appId) }).then((r) => (Array.isArray(r) ? r : r.items));
export const listMessages = (appId: string) =>
  get<Page<Message> | Message[]>('/api/v1/applications/{id}/messages', { params: id(appId) }).then((r) => (Array.isArray(r) ? r : r.items));
export const sendMessage = (appId: string, body: string) => post<Message>('/api/v1/applications/{id}/messages', { params: id(appId), body: { body } });
/** Unread messages over every thread the caller takes part in. */
export const unreadCount = () => get<{ count: number }>('/api/v1/applications/unread-count');
export const markRead = (appId: string) => post<unknown>('/api/v1/applications/{id}/read', { params: id(appId) });

export const opportunityMatches = (oppId: string, withIneligible = true) =>
  get<Matches<PersonMatch>>('/api/v1/opportunities/{id}/matches', { params: { ...id(oppId), query: { limit: 50, with_ineligible: withIneligible } } });
export const participantMatches = (participantId: string, withIneligible = true) =>
  get<Matches<OpportunityMatch>>('/api/v1/participants/{id}/matches', { params: { ...id(participantId), query: { limit: 50, with_ineligible: withIneligible } } });

/** An occupation's essential and optional skills (GET /concepts). */
export const occupationSkills = (uri: string, lang: string) =>
  get<{ essential_skills: SkillRef[]; optional_skills: SkillRef[] }>('/api/v1/concepts', { params: { query: { uri, lang } } });

/** One rule of who may apply: the statuses (or any) that may take the kinds, under a condition. */
export interface EligibilityRule {
  id: string;
  any_status: boolean;
  statuses: string[];
  kinds: OpportunityKind[];
  condition: 'always' | 'work_permit' | 'after_months' | 'never' | (string & {});
  months?: number | null;
  sources: { act: string; article: string; url: string; checked: string }[];
  verified: boolean;
  note?: string | null;
}
let rules: Promise<EligibilityRule[]> | null = null;
/** The country's rules of who may apply (Slovenia's), fetched once. */
export function eligibilityRules(): Promise<EligibilityRule[]> {
  rules ??= get<{ country: string; rules: EligibilityRule[] }>('/api/v1/opportunities/eligibility-rules').then((r) => r.rules);
  rules.catch(() => (rules = null));
  return rules;
}
