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

export type CalendarFeed = Schemas['CalendarFeed'];

/** Whether the caller has a personal calendar feed, and since when (its address is never shown again). */
export const getCalendarFeed = () => unwrap(api.GET('/api/v1/calendar/feed'));

/** Makes the personal feed, or resets it (the old address stops working): answers its new address, once. */
export const resetCalendarFeed = () => unwrap(api.POST('/api/v1/calendar/feed'));

/** Stops the personal feed. */
export const stopCalendarFeed = () => unwrap(api.DELETE('/api/v1/calendar/feed'));

/** The feed's address to subscribe to: in the reader's language (not English, the default), unless it has a query already. */
export function feedAddress(url: string, lang: string): string {
  return lang === 'en' || url.includes('?') ? url : `${url}?lang=${encodeURIComponent(lang)}`;
}

/** The same as a webcal: link, which a phone opens in its calendar app as a subscription. */
export function webcalAddress(url: string): string {
  return url.replace(/^https?:/i, 'webcal:');
}
