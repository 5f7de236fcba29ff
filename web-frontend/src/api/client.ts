import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

export type Health = components['schemas']['Health'];
export type Ready = components['schemas']['Ready'];
export type Problem = components['schemas']['Problem'];
export type ProblemCode = components['schemas']['ProblemCode'];
export type FieldError = components['schemas']['FieldError'];

/** Typed client for the Skupaj API, served from the same origin as the app. */
export const api = createClient<paths>({ baseUrl: '' });
