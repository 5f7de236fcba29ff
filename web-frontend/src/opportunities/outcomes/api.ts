// Outcomes (issue #16 point 3): what applications and courses ended in.
// The types the screens use (checked against the schema in contract.ts),
// the calls, and the body of "Record an outcome" as a pure function.
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import type { Page } from '../../components/usePaged';
import { clean, type Opportunity, type OpportunityKind } from '../api';

export const OUTCOME_KINDS = ['permanent', 'fixed_term', 'internship', 'training', 'studies', 'self_employment'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export interface Outcome {
  id: string;
  application_id?: string | null;
  opportunity_id?: string | null;
  participant_id?: string | null;
  programme: OpportunityKind;
  kind: OutcomeKind;
  starts_on: string;
  ends_on?: string | null;
  recorded_by?: string | null;
  created_at: string;
  updated_at: string;
  version: number;
}

export interface NewOutcome {
  participant_id: string;
  application_id?: string | null;
  opportunity_id?: string | null;
  programme?: OpportunityKind | null;
  kind: OutcomeKind;
  starts_on: string;
  ends_on?: string | null;
}

/** A count, or hidden (`suppressed`, count null). */
export interface Cell {
  count?: number | null;
  suppressed: boolean;
}
export interface ProgrammeRow {
  programme: OpportunityKind;
  outcomes: Cell[];
  outcomes_total: Cell;
  applications: Cell;
  rate_percent?: number | null;
}
export interface PeriodStats {
  year: number;
  programmes: ProgrammeRow[];
  outcomes_total: number;
  applications_total: number;
}
export interface OutcomeStats {
  suppression_threshold: number;
  kinds: OutcomeKind[];
  years: PeriodStats[];
}

/** What the form holds (every field a string, as the inputs give them). */
export interface OutcomeDraft {
  kind: OutcomeKind | '';
  opportunity_id: string;
  programme: OpportunityKind | '';
  starts_on: string;
  ends_on: string;
}
export const emptyDraft = (): OutcomeDraft => ({ kind: '', opportunity_id: '', programme: '', starts_on: '', ends_on: '' });

/** The body of POST /outcomes: the opportunity, or else the programme; no empty values. */
export function outcomeBody(participantId: string, d: OutcomeDraft): NewOutcome {
  const body: NewOutcome = { participant_id: participantId, kind: d.kind as OutcomeKind, starts_on: d.starts_on };
  if (d.opportunity_id) body.opportunity_id = d.opportunity_id;
  else if (d.programme) body.programme = d.programme;
  if (d.ends_on) body.ends_on = d.ends_on;
  return body;
}

// The generated client knows these paths; the loose view keeps one set of types (as ../api.ts does).
type Call = (path: string, init?: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const loose = api as unknown as { GET: Call; POST: Call };

export const listOutcomes = (f: { participant_id?: string }, cursor?: string) =>
  unwrap(loose.GET('/api/v1/outcomes', { params: { query: clean({ ...f, cursor, limit: 50 }) } })) as Promise<Page<Outcome>>;
export const createOutcome = (body: NewOutcome) => unwrap(loose.POST('/api/v1/outcomes', { body })) as Promise<Outcome>;
export const outcomeStats = () => unwrap(loose.GET('/api/v1/outcomes/stats')) as Promise<OutcomeStats>;
/** The opportunities an outcome may come from (the newest hundred). */
export const opportunityChoices = () =>
  (unwrap(loose.GET('/api/v1/opportunities', { params: { query: { limit: 100 } } })) as Promise<Page<Opportunity>>).then((p) => p.items);
