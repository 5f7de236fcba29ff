// The skills' API: concepts of the skills taxonomy (skills and occupations),
// a participant's skills, and skill labels (the types, and what the screens load).
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { components } from '../api/schema';
import type { Lang } from '../i18n';

type Schemas = components['schemas'];
export type ConceptRef = Schemas['ConceptRef'];
export type ConceptHit = Schemas['ConceptHit'];
export type ParticipantSkill = Schemas['ParticipantSkill'];
export type SkillInput = Schemas['SkillInput'];
export type SkillLevel = Schemas['SkillLevel'];
export type Certificate = Schemas['Certificate'];

export const SKILL_LEVELS: readonly SkillLevel[] = ['basic', 'intermediate', 'advanced', 'expert'];
export const isSkillLevel = (v: unknown): v is SkillLevel => (SKILL_LEVELS as readonly unknown[]).includes(v);

/** A participant's skills, labelled in `lang`. */
export const listSkills = (participantId: string, lang: Lang) =>
  unwrap(api.GET('/api/v1/participants/{id}/skills', { params: { path: { id: participantId }, query: { lang } } }));

/** Skill labels by URI and language, each fetched once (answers and filters store only the URI). */
const labels = new Map<string, Promise<string>>();

/** Keeps a label already known (from a search), so that it is not asked for. */
export function rememberSkillLabel(uri: string, lang: Lang, label: string): void {
  labels.set(`${lang}|${uri}`, Promise.resolve(label));
}

/** A skill's label in `lang` (asked for once; a failure is asked again next time). */
export function skillLabel(uri: string, lang: Lang): Promise<string> {
  const key = `${lang}|${uri}`;
  let label = labels.get(key);
  if (!label) {
    label = unwrap(api.GET('/api/v1/concepts', { params: { query: { uri, lang } } })).then((c) => c.label);
    labels.set(key, label);
    label.catch(() => labels.delete(key));
  }
  return label;
}
