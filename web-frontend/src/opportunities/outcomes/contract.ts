// Compile-time only: the outcome types the screens use (api.ts) are what the
// generated schema (src/api/schema.d.ts) says; `npm run typecheck` fails when they part.
import type { components } from '../../api/schema';
import type { Cell, NewOutcome, Outcome, OutcomeStats } from './api';

type S = components['schemas'];
export const contract: [
  (x: S['Outcome']) => Outcome,
  (x: S['OutcomeStats']) => OutcomeStats,
  (x: S['Cell']) => Cell,
  (x: NewOutcome) => S['NewOutcomeFields'],
] = [(x) => x, (x) => x, (x) => x, (x) => x];
