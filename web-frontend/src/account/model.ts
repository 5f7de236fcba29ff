// The account pages' API: logging in, the invitation and password-reset
// links, and changing one's password. Each that starts a session answers
// with its tokens (TokenResponse, which the session keeps).
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { components } from '../api/schema';

type Schemas = components['schemas'];
export type LoginRequest = Schemas['LoginRequest'];
export type AcceptInvitationRequest = Schemas['AcceptInvitationRequest'];
export type ResetPasswordRequest = Schemas['ResetPasswordRequest'];
export type ChangePasswordRequest = Schemas['ChangePasswordRequest'];

export const login = (body: LoginRequest) => unwrap(api.POST('/api/v1/auth/login', { body }));

/** Joins the organisation of an invitation link (a new account, or an existing one proving itself with its password). */
export const acceptInvitation = (body: AcceptInvitationRequest) => unwrap(api.POST('/api/v1/auth/accept-invitation', { body }));

/** Sets a new password with the token of a reset link. */
export const resetPassword = (body: ResetPasswordRequest) => unwrap(api.POST('/api/v1/auth/reset-password', { body }));

/** Changes one's own password; the server ends the other sessions and answers with new tokens for this one. */
export const changePassword = (body: ChangePasswordRequest) => unwrap(api.POST('/api/v1/me/password', { body }));
