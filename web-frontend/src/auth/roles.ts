import type { Role } from '../api/client';

/** Every role, most rights first (the order of role selects). */
export const ROLES = ['admin', 'coordinator', 'adviser', 'mentor', 'participant', 'partner', 'analyst'] as const satisfies readonly Role[];

type Missing = Exclude<Role, (typeof ROLES)[number]>;
const exhaustive: [Missing] extends [never] ? true : Missing = true;
void exhaustive;

/** What the app offers to whom; the server decides in the end (403 `forbidden`). */
export const PERMISSIONS = {
  /** See the member list. */
  'members.view': ['admin', 'coordinator'],
  /** Change roles, remove, invite, reset passwords. */
  'members.manage': ['admin'],
  'api_keys.manage': ['admin'],
  'audit.view': ['admin'],
  /** The participant list and profiles (each role sees its own view of them). */
  'participants.view': ['admin', 'coordinator', 'adviser', 'mentor', 'partner', 'analyst'],
  /** Register participants, one by one or from a CSV file. */
  'participants.create': ['admin', 'coordinator', 'adviser'],
  'participants.import': ['admin', 'coordinator', 'adviser'],
  /** Archive, restore and erase. */
  'participants.manage': ['admin', 'coordinator'],
  /** Download everything held on a person (their own, for a participant). */
  'participants.export': ['admin', 'coordinator', 'participant'],
  /** See, record and withdraw consents. */
  'participants.consents': ['admin', 'coordinator', 'adviser', 'participant'],
  /** "My profile": the participant's own record. */
  'participants.own': ['participant'],
  /** Plan, run and complete interviews (advisers see the ones they conduct or planned). */
  'interviews.view': ['admin', 'coordinator', 'adviser'],
  /** Create, edit and publish questionnaire templates. */
  'interview_templates.manage': ['admin', 'coordinator'],
  /** Read questionnaire templates. */
  'interview_templates.view': ['admin', 'coordinator', 'adviser', 'analyst'],
  /** The analysis of interviews and its CSV downloads (suppressed for analysts). */
  'interviews.analysis': ['admin', 'coordinator', 'analyst'],
  /** The agenda and the meetings open to the role (the server decides which). */
  'meetings.view': ['admin', 'coordinator', 'adviser', 'mentor', 'participant', 'partner'],
  /** Plan, change and cancel meetings; the venues. */
  'meetings.manage': ['admin', 'coordinator'],
  /** Register for a meeting, join its waiting list, cancel one's own place. */
  'meetings.register': ['participant'],
  /** The door list of a meeting: tick who came, add walk-ins and guests, close it. */
  'meetings.door': ['admin', 'coordinator', 'adviser'],
  /** Book an office-hour slot (participants their own; staff for someone, or a walk-in). */
  'meetings.book': ['participant', 'admin', 'coordinator', 'adviser'],
  /** Rate a meeting one attended. */
  'meetings.feedback': ['participant'],
  /** A meeting's registrations and invitations, its bookings (the adviser's day), writing its minutes. */
  'meetings.staff': ['admin', 'coordinator', 'adviser'],
  /** Read a meeting's minutes and action items (participants those of meetings they took part in). */
  'meetings.minutes': ['admin', 'coordinator', 'adviser', 'mentor', 'participant'],
  /** The list of meetings with attendance and satisfaction. */
  'meetings.report': ['admin', 'coordinator'],
  /** The seller's screens: my listings, stock, photos, orders, earnings (or how to become a seller). */
  'market.sell': ['participant'],
  /** The market's orders board, sellers, settings and sales report. */
  'market.manage': ['admin', 'coordinator'],
  /** Browse opportunities (participants the open ones, partners their own, staff all). */
  'opportunities.view': ['admin', 'coordinator', 'adviser', 'mentor', 'participant', 'partner'],
  /** Post and edit opportunities (staff on a partner's behalf). */
  'opportunities.post': ['admin', 'coordinator', 'adviser', 'partner'],
  /** Applications: a participant's own, a partner's applicants, staff all; their message threads. */
  'applications.view': ['admin', 'coordinator', 'adviser', 'participant', 'partner'],
  /** Propose a person for an opportunity. */
  'applications.propose': ['admin', 'coordinator', 'adviser'],
  /** "My matches": the participant's own. */
  'matches.own': ['participant'],
  /** The people who match an opportunity (partners: those who consented). */
  'matches.view': ['admin', 'coordinator', 'adviser', 'partner'],
  /** The outcomes page (statistics or the list, as the role may). */
  'outcomes.view': ['admin', 'coordinator', 'adviser', 'analyst'],
  /** Outcome statistics per programme and year (small cells hidden). */
  'outcomes.stats': ['admin', 'coordinator', 'analyst'],
  /** List and record outcomes (advisers: of the people they advise). */
  'outcomes.list': ['admin', 'coordinator', 'adviser'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role != null && (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
