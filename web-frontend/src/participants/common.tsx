// What the participant pages share: who may filter by what, names for people
// and staff, and the notes that explain a restricted view.
import { useEffect, useState } from 'preact/hooks';
import { listMembers, type Member } from '../admin/model';
import type { Role } from '../api/client';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { useI18n, type t as translate } from '../i18n';
import type { ParticipantView, View } from './model';

type T = typeof translate;

/** The list filters of GET /participants that the UI offers. */
export type ListFilter = 'q' | 'status' | 'legal_status' | 'language' | 'need' | 'municipality' | 'arrived' | 'skills';

/**
 * Which filters a role may use: the server answers 403 to a filter on a field
 * the role cannot see (api/src/participants/routes/list.rs, list_participants).
 */
const FILTERS: Record<Role, readonly ListFilter[]> = {
  admin: ['q', 'status', 'legal_status', 'language', 'need', 'municipality', 'arrived', 'skills'],
  coordinator: ['q', 'status', 'legal_status', 'language', 'need', 'municipality', 'arrived', 'skills'],
  adviser: ['q', 'status', 'language', 'need', 'municipality', 'arrived', 'skills'],
  mentor: ['q', 'language', 'skills'],
  partner: ['q', 'language', 'municipality', 'skills'],
  // Pseudonymised: filters match only what a record shows; arrival dates and
  // skills are not shown, so the server refuses those filters.
  analyst: ['legal_status', 'language', 'need', 'municipality'],
  participant: [],
};

export function listFilters(role: Role | null | undefined): readonly ListFilter[] {
  return role ? FILTERS[role] : [];
}

/** Analysts see pseudonyms only: no name search or sorting by name. */
export function seesNames(role: Role | null | undefined): boolean {
  return role != null && role !== 'analyst';
}

/** Whether the role sees legal statuses in the list (full and pseudonymised views). */
export function seesLegalStatus(role: Role | null | undefined): boolean {
  return role === 'admin' || role === 'coordinator' || role === 'analyst';
}

/** Views that include contacts, and that may be changed. */
export const FULL_VIEWS: readonly View[] = ['full', 'own'];
/** Views that show consents (the server refuses the others). */
export const CONSENT_VIEWS: readonly View[] = ['full', 'limited', 'own'];
/** Views that include needs. */
export const NEEDS_VIEWS: readonly View[] = ['full', 'limited', 'own', 'pseudonymised'];

/**
 * How to name a participant record in addresses: its id, or in a
 * pseudonymised view (analysts) its pseudonym, which is the only identifier
 * there and what GET /participants/{id} takes from them.
 */
export function participantRef(p: Pick<ParticipantView, 'id' | 'pseudonym'>): string {
  return p.id ?? p.pseudonym ?? '';
}

/** The name to show: the name, or the pseudonym in a pseudonymised view. */
export function displayName(p: Pick<ParticipantView, 'name' | 'pseudonym'>, t: T): string {
  return p.name ?? p.pseudonym ?? t('participants.unnamed');
}

/** The note that explains what a restricted view leaves out (null for full). */
export function viewNote(view: View, t: T): string | null {
  switch (view) {
    case 'limited':
      return t('participants.view_limited');
    case 'own':
      return t('participants.view_own');
    case 'mentee':
      return t('participants.view_mentee');
    case 'shared':
      return t('participants.view_shared');
    case 'pseudonymised':
      return t('participants.view_pseudonymised');
    case 'tombstone':
      return t('participants.view_tombstone');
    default:
      return null;
  }
}

/**
 * The organisation's members (for names of advisers, mentors and who recorded a
 * consent), where the role may list them; otherwise only the user themself.
 */
export function useMembers(): { members: Member[]; name: (userId: string | null | undefined) => string | null } {
  const { me } = useAuth();
  const [members, setMembers] = useState<Member[]>([]);
  const allowed = can(me?.role, 'members.view');
  useEffect(() => {
    if (!allowed) return;
    let live = true;
    (async () => {
      const all: Member[] = [];
      let cursor: string | undefined;
      // A few pages are plenty for a programme's staff; names are a convenience.
      for (let i = 0; i < 5; i++) {
        const page = await listMembers(cursor);
        all.push(...page.items);
        if (!page.next_cursor) break;
        cursor = page.next_cursor;
      }
      if (live) setMembers(all);
    })().catch(() => undefined);
    return () => {
      live = false;
    };
  }, [allowed]);
  const name = (userId: string | null | undefined) => {
    if (!userId) return null;
    if (userId === me?.user.id) return me.user.display_name;
    return members.find((m) => m.user_id === userId)?.display_name ?? null;
  };
  return { members, name };
}

/** Instead of a participant's page when there is no such record (or it is not this person's to see). */
export function ParticipantNotFound() {
  const { t } = useI18n();
  return (
    <section data-testid="participant-not-found">
      <h1>{t('participants.not_found')}</h1>
      <p>{t('participants.not_found_text')}</p>
      <p>
        <a href="/participants">{t('participants.back_to_list')}</a>
      </p>
    </section>
  );
}

/** Remembered between forms: the version of the consent text in use (it rarely changes). */
export const TEXT_VERSION_KEY = 'skupaj.consent_text_version';
export function rememberedTextVersion(): string {
  try {
    return localStorage.getItem(TEXT_VERSION_KEY) ?? '';
  } catch {
    return '';
  }
}
export function rememberTextVersion(value: string): void {
  try {
    localStorage.setItem(TEXT_VERSION_KEY, value);
  } catch {
    /* storage disabled */
  }
}
