// The participants' API: a person's record in the views the roles get, their
// consents and the CSV import (the types, and what the pages load).
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { components, paths } from '../api/schema';

type Schemas = components['schemas'];
export type ParticipantView = Schemas['ParticipantView'];
export type ParticipantFields = Schemas['ParticipantFields'];
export type CreateParticipantRequest = Schemas['CreateParticipantRequest'];
export type UpdateParticipantRequest = Schemas['UpdateParticipantRequest'];
export type View = Schemas['View'];
export type LanguageSkill = Schemas['LanguageSkill'];
export type Qualification = Schemas['Qualification'];
export type Consent = Schemas['Consent'];
export type ConsentPurpose = Schemas['ConsentPurpose'];
export type ImportReport = Schemas['ImportReport'];
export type ListQuery = NonNullable<paths['/api/v1/participants']['get']['parameters']['query']>;

/** A page of the participants the role may list (filtered, sorted). */
export const listParticipants = (query: ListQuery) => unwrap(api.GET('/api/v1/participants', { params: { query } }));

/** One participant's record, in the view the role gets (`id` is a pseudonym in the pseudonymised view). */
export const getParticipant = (id: string) => unwrap(api.GET('/api/v1/participants/{id}', { params: { path: { id } } }));

/** The consents on a participant's record, given and withdrawn. */
export const listConsents = (id: string) => unwrap(api.GET('/api/v1/participants/{id}/consents', { params: { path: { id } } }));
