import type { t as translate } from '../i18n';
import type { ActorType } from './model';

/** Actions the server records, each with a translation; others are shown as sent. */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'refresh_token_reused',
  'accept_invitation',
  'reset_password',
  'change_password',
  'list',
  'read',
  'create',
  'update',
  'delete',
  'revoke',
  'archive',
  'restore',
  'withdraw',
  'export',
  'erase',
  'import',
] as const;
export const AUDIT_RESOURCES = [
  'member',
  'invitation',
  'password_reset',
  'api_key',
  'session',
  'user',
  'organization',
  'audit',
  'participant',
  'consent',
] as const;
const ACTOR_TYPES = ['user', 'api_key', 'system', 'anonymous'] as const satisfies readonly ActorType[];

type Action = (typeof AUDIT_ACTIONS)[number];
type Resource = (typeof AUDIT_RESOURCES)[number];
const isAction = (v: string): v is Action => (AUDIT_ACTIONS as readonly string[]).includes(v);
const isResource = (v: string): v is Resource => (AUDIT_RESOURCES as readonly string[]).includes(v);
const isActorType = (v: string): v is ActorType => (ACTOR_TYPES as readonly string[]).includes(v);

/** Labels for audit events in the user's language; unknown values are shown as sent. */
export function auditLabels(t: typeof translate) {
  return {
    action: (a: string) => (isAction(a) ? t(`audit.action_${a}`) : a),
    resource: (r: string) => (isResource(r) ? t(`audit.resource_${r}`) : r),
    actorType: (a: string) => (isActorType(a) ? t(`audit.actor_${a}`) : a),
  };
}
