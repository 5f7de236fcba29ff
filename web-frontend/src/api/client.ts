import createClient from 'openapi-fetch';
import { session } from '../auth/session';
import { authMiddleware } from './auth-middleware';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type Health = Schemas['Health'];
export type Ready = Schemas['Ready'];
export type Problem = Schemas['Problem'];
export type ProblemCode = Schemas['ProblemCode'];
export type FieldError = Schemas['FieldError'];
export type Role = Schemas['Role'];
export type Scope = Schemas['Scope'];
export type Me = Schemas['Me'];
export type Member = Schemas['Member'];
export type PendingInvitation = Schemas['PendingInvitation'];
export type LinkCreated = Schemas['LinkCreated'];
export type ApiKeyInfo = Schemas['ApiKeyInfo'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type AuditEntry = Schemas['AuditEntry'];
export type ActorType = Schemas['ActorType'];
export type TokenResponse = Schemas['TokenResponse'];
export type ParticipantView = Schemas['ParticipantView'];
export type ParticipantFields = Schemas['ParticipantFields'];
export type CreateParticipantRequest = Schemas['CreateParticipantRequest'];
export type UpdateParticipantRequest = Schemas['UpdateParticipantRequest'];
export type ParticipantExport = Schemas['ParticipantExport'];
export type View = Schemas['View'];
export type LanguageSkill = Schemas['LanguageSkill'];
export type Qualification = Schemas['Qualification'];
export type Consent = Schemas['Consent'];
export type ConsentPurpose = Schemas['ConsentPurpose'];
export type CodeItem = Schemas['CodeItem'];
export type ImportReport = Schemas['ImportReport'];

/** Typed client for the Skupaj API, served from the same origin as the app. */
export const api = createClient<paths>({ baseUrl: '' });
api.use(authMiddleware(session));
