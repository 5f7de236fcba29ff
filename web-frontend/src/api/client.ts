import createClient from 'openapi-fetch';
import { session } from '../auth/session';
import { authMiddleware } from './auth-middleware';
import type { components, paths } from './schema';

// The types every part of the app shares; each feature keeps its own in its
// model.ts (participants/, interviews/, skills/, admin/, account/, home/).
type Schemas = components['schemas'];
export type Problem = Schemas['Problem'];
export type ProblemCode = Schemas['ProblemCode'];
export type Role = Schemas['Role'];
export type Me = Schemas['Me'];
export type TokenResponse = Schemas['TokenResponse'];
export type CodeItem = Schemas['CodeItem'];

/** Typed client for the Skupaj API, served from the same origin as the app. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(authMiddleware(session));
