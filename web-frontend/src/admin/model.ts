// The admin pages' API: members, invitations, API keys and the audit log
// (their types, and the lists the pages load).
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { components, paths } from '../api/schema';

type Schemas = components['schemas'];
export type Member = Schemas['Member'];
export type PendingInvitation = Schemas['PendingInvitation'];
export type LinkCreated = Schemas['LinkCreated'];
export type Scope = Schemas['Scope'];
export type ApiKeyInfo = Schemas['ApiKeyInfo'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type AuditEntry = Schemas['AuditEntry'];
export type ActorType = Schemas['ActorType'];
export type AuditQuery = NonNullable<paths['/api/v1/audit']['get']['parameters']['query']>;

/** The most items the lists here ask for at once. */
export const PAGE = 100;

/** A page of the organisation's members. */
export const listMembers = (cursor?: string) => unwrap(api.GET('/api/v1/members', { params: { query: { limit: PAGE, cursor } } }));

/** A page of the invitations not yet accepted. */
export const listInvitations = (cursor?: string) => unwrap(api.GET('/api/v1/invitations', { params: { query: { limit: PAGE, cursor } } }));

/** A page of the organisation's API keys. */
export const listApiKeys = (cursor?: string) => unwrap(api.GET('/api/v1/api-keys', { params: { query: { limit: PAGE, cursor } } }));

/** A page of the audit log. */
export const listAudit = (query: AuditQuery) => unwrap(api.GET('/api/v1/audit', { params: { query } }));
