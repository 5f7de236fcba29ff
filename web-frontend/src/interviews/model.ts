// The interviews' API and what the interview screens share: the types of
// interviews, questionnaires (templates) and the analysis, and the reads the
// pages load; question texts in several languages, answer values, counts,
// and error field paths.
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { components, paths } from '../api/schema';
import { isLang, type Lang } from '../i18n/languages';
import type { SkillLevel } from '../skills/model';

type Schemas = components['schemas'];
export type Interview = Schemas['Interview'];
export type InterviewStatus = Schemas['InterviewStatus'];
export type InterviewKind = Schemas['InterviewKind'];
export type InterviewChannel = Schemas['InterviewChannel'];
export type Attendee = Schemas['Attendee'];
export type AttendeeInput = Schemas['AttendeeInput'];
export type Answer = Schemas['Answer'];
export type AnswerInput = Schemas['AnswerInput'];
export type ProfileUpdate = Schemas['ProfileUpdate'];
export type LanguageLevel = Schemas['LanguageLevel'];
export type CreateInterviewRequest = Schemas['CreateInterviewRequest'];
export type UpdateInterviewRequest = Schemas['UpdateInterviewRequest'];
export type InterviewsQuery = NonNullable<paths['/api/v1/interviews']['get']['parameters']['query']>;

// Questionnaires (templates) and their versions.
export type Template = Schemas['Template'];
export type TemplateVersion = Schemas['TemplateVersion'];
export type VersionSummary = Schemas['VersionSummary'];
export type TemplateContent = Schemas['TemplateContent'];
export type Section = Schemas['Section'];
export type Question = Schemas['Question'];
export type Choice = Schemas['Choice'];
export type QuestionType = Schemas['QuestionType'];

// The analysis: counts of the answers, suppressed where groups are small.
export type Analysis = Schemas['Analysis'];
export type QuestionStats = Schemas['QuestionStats'];
export type OptionCount = Schemas['OptionCount'];
export type Cell = Schemas['Cell'];
export type Breakdown = Schemas['Breakdown'];
export type StayBand = Schemas['StayBand'];
export type StayStats = Schemas['StayStats'];
export type AnalysisQuery = NonNullable<paths['/api/v1/interviews/analysis']['get']['parameters']['query']>;

/** A page of interviews (the latest scheduled first). */
export const listInterviews = (query: InterviewsQuery) => unwrap(api.GET('/api/v1/interviews', { params: { query } }));

/** One interview, its template title in `lang`. */
export const getInterview = (id: string, lang: Lang) => unwrap(api.GET('/api/v1/interviews/{id}', { params: { path: { id }, query: { lang } } }));

/** The answers given in an interview so far. */
export const listAnswers = (id: string) => unwrap(api.GET('/api/v1/interviews/{id}/answers', { params: { path: { id } } }));

/** The organisation's questionnaires, titles in `lang`. */
export const listTemplates = (lang: Lang) => unwrap(api.GET('/api/v1/interview-templates', { params: { query: { lang } } }));

/** One questionnaire with its versions, title in `lang`. */
export const getTemplate = (id: string, lang: Lang) => unwrap(api.GET('/api/v1/interview-templates/{id}', { params: { path: { id }, query: { lang } } }));

/** One version of a questionnaire, with its content in every language. */
export const getTemplateVersion = (id: string, number: number) =>
  unwrap(api.GET('/api/v1/interview-templates/{id}/versions/{number}', { params: { path: { id, number } } }));

/** The counts of a questionnaire's answers. */
export const getAnalysis = (query: AnalysisQuery) => unwrap(api.GET('/api/v1/interviews/analysis', { params: { query } }));

export const INTERVIEW_STATUSES = ['planned', 'done', 'cancelled', 'no_show'] as const satisfies readonly InterviewStatus[];
export const isStatus = (v: unknown): v is InterviewStatus => (INTERVIEW_STATUSES as readonly unknown[]).includes(v);

/** A skill answer's item, as PUT /interviews/{id}/answers takes it. */
export interface SkillItem {
  skill_uri: string;
  level: SkillLevel;
}
/** A language answer's item. */
export interface LanguageItem {
  language: string;
  level: LanguageLevel;
}

/**
 * An answer's value by question type (api/src/interviews/templates/content.rs, check_answer):
 * text, single_choice and date a string, multi_choice an array of option
 * values, scale and number a number, yes_no a boolean, skill and language
 * arrays of items. `null` clears an answer.
 */
export type AnswerValue = string | number | boolean | string[] | SkillItem[] | LanguageItem[];

/**
 * The schema types an answer's value as an object (`Record<string, never>`),
 * though it is any JSON value; these two convert at that boundary only.
 */
export const valueOf = (a: Pick<Answer, 'value'>): AnswerValue | null => a.value as unknown as AnswerValue | null;
export const wireValue = (v: AnswerValue | null): AnswerInput['value'] => v as unknown as AnswerInput['value'];

/** Languages written right to left (codes of the `languages` list). */
const RTL = new Set(['ar', 'fa', 'prs', 'ps', 'ur', 'he', 'yi', 'ckb', 'dv', 'ug', 'sd', 'ks', 'azb', 'pnb', 'syr', 'aii', 'arc']);
export const dirOfCode = (code: string): 'ltr' | 'rtl' => (RTL.has(code) ? 'rtl' : 'ltr');

/** Languages a template is written in may stand for others: Dari readers read Persian texts. */
const TEXT_ALIASES: Readonly<Record<string, Lang>> = { prs: 'fa' };

/** The template language a person's language reads (null when the templates have no text in it). */
export function textLanguage(code: string | null | undefined): Lang | null {
  if (!code) return null;
  if (isLang(code)) return code;
  return TEXT_ALIASES[code] ?? null;
}

export interface Localized {
  text: string;
  /** The language the text is in (a fallback when `wanted` is missing). */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** Whether the text is in the language asked for. */
  exact: boolean;
}

/** A multilingual text in `wanted`, else English, else any language it has. */
export function localize(texts: Record<string, string> | null | undefined, wanted: string): Localized | null {
  if (!texts) return null;
  const pick = (lang: string) => {
    const text = texts[lang]?.trim();
    return text ? { text, lang, dir: dirOfCode(lang), exact: lang === wanted } : null;
  };
  const alias = textLanguage(wanted);
  const viaAlias = alias && alias !== wanted ? pick(alias) : null;
  return (
    pick(wanted) ??
    (viaAlias ? { ...viaAlias, exact: true } : null) ??
    pick('en') ??
    Object.keys(texts)
      .sort()
      .map(pick)
      .find((x) => x !== null) ??
    null
  );
}

const LEVEL_ORDER: readonly LanguageLevel[] = ['native', 'C2', 'C1', 'B2', 'B1', 'A2', 'A1'];

/**
 * The language to show a person the questions in, from the languages on their
 * profile: the best-spoken one the templates are written in (mother tongue
 * first); null when none is (the questions then show in English).
 */
export function questionLanguageFor(languages: readonly { language: string; level: LanguageLevel }[] | null | undefined): string | null {
  const sorted = [...(languages ?? [])].sort((a, b) => LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level));
  const readable = sorted.find((l) => textLanguage(l.language) !== null);
  if (!readable) return null;
  // Store what the template is written in (prs → fa), so the runner shows that text.
  return textLanguage(readable.language);
}

export function allQuestions(content: TemplateContent): { section: Section; question: Question; index: number }[] {
  const out: { section: Section; question: Question; index: number }[] = [];
  for (const section of content.sections) for (const question of section.questions) out.push({ section, question, index: out.length });
  return out;
}

/** Whether a value counts as an answer (the server stores nothing for null). */
export const isAnswered = (v: AnswerValue | null | undefined): boolean =>
  v !== null && v !== undefined && !(typeof v === 'string' && v.trim() === '') && !(Array.isArray(v) && v.length === 0);

/** `answers[<participant id>].<question id>` of a refused completion. */
export function missingAnswer(field: string): { participantId: string; questionId: string } | null {
  const m = /^answers\[([^\]]+)\]\.(.+)$/.exec(field);
  return m ? { participantId: m[1]!, questionId: m[2]! } : null;
}

/** The key of one answer: a participant's answer to a question. */
export const answerKey = (participantId: string, questionId: string) => `${participantId}|${questionId}`;

/** A local date and time (from `<input type="date">` and `type="time"`) as RFC 3339 UTC. */
export function toUtc(day: string, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const date = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  return Number.isNaN(date.getTime()) ? null : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An RFC 3339 time as the local day and time for the inputs. */
export function fromUtc(iso: string): { day: string; time: string } {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return { day: '', time: '' };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`,
    time: `${pad(date.getHours())}:${pad(date.getMinutes())}`,
  };
}
