// Compile-time only: the types the screens use (api.ts) are what the
// generated schema (src/api/schema.d.ts, from openapi.yaml) says the API
// answers. `npm run typecheck` fails here when the two part ways.
import type { components } from '../api/schema';
import type { Application, ApplicationEvent, Message, Opportunity, OpportunityMatch, PersonMatch } from './api';

type S = components['schemas'];
export const contract: [
  (x: S['Opportunity']) => Omit<Opportunity, 'title' | 'description'>,
  (x: S['Application']) => Omit<Application, 'opportunity'>,
  (x: S['Message']) => Message,
  (x: S['OpportunityMatch']) => OpportunityMatch,
  (x: S['PersonMatch']) => PersonMatch,
  (x: S['ApplicationEvent']) => ApplicationEvent,
] = [(x) => x, (x) => x, (x) => x, (x) => x, (x) => x, (x) => x];
