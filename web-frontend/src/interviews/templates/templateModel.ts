// The questionnaire editor's model: a template version's content as the editor
// holds it (with stable keys for lists, numbers as typed, and which ids still
// follow their text), and the pure operations on it. No Preact here: tested
// in templateModel.test.ts.
import { LANGUAGES, type Lang } from '../../i18n/languages';
import { asciiDigits } from '../../participants/text';
import type { Question, QuestionType, TemplateContent } from '../model';
/** A text in several languages: `{ en: "…", ar: "…" }`. */
export type Texts = Record<string, string>;

export const LANGS: readonly Lang[] = LANGUAGES.map((l) => l.code);

/** Every question type, in the order the editor offers them. */
export const QUESTION_TYPES = [
  'text',
  'single_choice',
  'multi_choice',
  'scale',
  'number',
  'date',
  'yes_no',
  'skill',
  'language',
] as const satisfies readonly QuestionType[];
type MissingType = Exclude<QuestionType, (typeof QUESTION_TYPES)[number]>;
const exhaustive: [MissingType] extends [never] ? true : MissingType = true;
void exhaustive;

export const hasOptions = (type: QuestionType) => type === 'single_choice' || type === 'multi_choice';

/** The longest id the server accepts (`^[a-z0-9][a-z0-9_]{0,59}$`). */
export const ID_MAX = 60;
export const ID_PATTERN = /^[a-z0-9][a-z0-9_]{0,59}$/;
/** How long a generated id may get: long enough to read, short enough to type. */
const GENERATED_MAX = 40;

export interface EdOption {
  key: string;
  value: string;
  label: Texts;
  /** Whether the value still follows the label (a new option whose value was not typed by hand). */
  auto: boolean;
}

export interface EdQuestion {
  key: string;
  id: string;
  auto: boolean;
  type: QuestionType;
  text: Texts;
  help: Texts;
  required: boolean;
  sensitive: boolean;
  /** Kept when the type changes, so that switching back restores them; sent only for choice types. */
  options: EdOption[];
  /** As typed; sent only for number questions. */
  min: string;
  max: string;
  /** "Updates the person's needs" (profile_field: needs). */
  needs: boolean;
}

export interface EdSection {
  key: string;
  id: string;
  auto: boolean;
  title: Texts;
  questions: EdQuestion[];
}

export interface EdContent {
  title: Texts;
  description: Texts;
  sections: EdSection[];
  /** Length-of-stay band boundaries in months, as typed ("1, 2, 3, 12, 60"); '' = the default bands. */
  stayBands: string;
}

let keys = 0;
/** A key for a list item, unique while the page lives. */
export const newKey = (prefix = 'k') => `${prefix}${++keys}`;

/* ---------- ids from text ---------- */

const CYRILLIC: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'h', ґ: 'g', д: 'd', е: 'e', є: 'ie', ж: 'zh', з: 'z', и: 'y', і: 'i', ї: 'i', й: 'i',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch',
  ш: 'sh', щ: 'shch', ь: '', ю: 'iu', я: 'ia', ы: 'y', э: 'e', ъ: '', ё: 'e',
};

/**
 * A snake_case id from a text: "Where would you prefer to work?" → "where_would_you_prefer_to_work".
 * Latin letters lose their accents (č → c), Cyrillic is transliterated; other
 * scripts (Arabic, Persian) give '' — the caller keeps a numbered id then.
 */
export function slugify(text: string): string {
  const latin = [...text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')]
    .map((c) => CYRILLIC[c] ?? c)
    .join('');
  let slug = latin.replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (slug.length > GENERATED_MAX) {
    const cut = slug.slice(0, GENERATED_MAX);
    const lastBreak = cut.lastIndexOf('_');
    slug = lastBreak > 10 ? cut.slice(0, lastBreak) : cut.replace(/_+$/, '');
  }
  return slug;
}

/** `base`, or `base_2`, `base_3`… whichever is not taken. */
export function uniqueId(base: string, taken: ReadonlySet<string>): string {
  const root = base.slice(0, ID_MAX - 4).replace(/_+$/, '') || 'item';
  if (!taken.has(root)) return root;
  for (let n = 2; ; n++) {
    const candidate = `${root}_${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** The first language with a text, in the app's language order. */
export function firstText(texts: Texts): string {
  for (const l of LANGS) {
    const v = texts[l]?.trim();
    if (v) return v;
  }
  return Object.values(texts).find((v) => v.trim())?.trim() ?? '';
}

/* ---------- from and to the API ---------- */

const copyTexts = (t: Texts | null | undefined): Texts => ({ ...(t ?? {}) });

export function fromContent(c: TemplateContent): EdContent {
  return {
    title: copyTexts(c.title),
    description: copyTexts(c.description),
    stayBands: (c.stay_bands ?? []).join(', '),
    sections: c.sections.map((s) => ({
      key: newKey('s'),
      id: s.id,
      auto: false,
      title: copyTexts(s.title),
      questions: s.questions.map((q) => ({
        key: newKey('q'),
        id: q.id,
        auto: false,
        type: q.type,
        text: copyTexts(q.text),
        help: copyTexts(q.help),
        required: q.required ?? false,
        sensitive: q.sensitive ?? false,
        options: (q.options ?? []).map((o) => ({ key: newKey('o'), value: o.value, label: copyTexts(o.label), auto: false })),
        min: q.min == null ? '' : String(q.min),
        max: q.max == null ? '' : String(q.max),
        needs: q.profile_field === 'needs',
      })),
    })),
  };
}

/** Texts without blank languages (the server refuses a blank text), trimmed. */
export function cleanTexts(t: Texts): Texts {
  const out: Texts = {};
  for (const [lang, text] of Object.entries(t)) if (text.trim()) out[lang] = text.trim();
  return out;
}

/** A number as typed: null when empty, NaN when it is not a number. */
export function parseNumber(s: string): number | null {
  const v = s.trim().replace(',', '.').replace(/[\u2212\u2013]/, '-');
  if (!v) return null;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
}

/**
 * The content to send. Items keep their positions, so the server's error paths
 * (`sections[1].questions[0].options[2].label.ar`) point at the editor's items.
 */
export function toContent(e: EdContent): TemplateContent {
  const description = cleanTexts(e.description);
  return {
    title: cleanTexts(e.title),
    ...(Object.keys(description).length ? { description } : {}),
    ...stayBandsPart(e.stayBands),
    sections: e.sections.map((s) => ({
      id: s.id.trim(),
      title: cleanTexts(s.title),
      questions: s.questions.map((q) => {
        const out: Question = {
          id: q.id.trim(),
          type: q.type,
          text: cleanTexts(q.text),
          required: q.required,
          sensitive: q.sensitive,
        };
        const help = cleanTexts(q.help);
        if (Object.keys(help).length) out.help = help;
        if (hasOptions(q.type)) {
          out.options = q.options.map((o) => ({ value: o.value.trim(), label: cleanTexts(o.label) }));
          if (q.needs) out.profile_field = 'needs';
        }
        if (q.type === 'number') {
          const min = parseNumber(q.min);
          const max = parseNumber(q.max);
          if (min !== null && !Number.isNaN(min)) out.min = min;
          if (max !== null && !Number.isNaN(max)) out.max = max;
        }
        return out;
      }),
    })),
  };
}

/** A stable text of the content, to tell whether anything changed since it was saved. */
export const snapshot = (e: EdContent) =>
  JSON.stringify(toContent(e)) + JSON.stringify(e.sections.map((s) => s.questions.map((q) => [q.min, q.max]))) + e.stayBands.trim();

/** The most boundaries and the largest one the server accepts (api/src/interviews/analysis/stay.rs). */
export const STAY_BANDS_MAX = 15;
export const STAY_MONTHS_MAX = 1200;

/**
 * Stay band boundaries as typed: whole months separated by commas or spaces
 * (Arabic and Persian digits too). `[]` when empty (the default bands), null
 * when something is not a whole number.
 */
export function parseStayBands(s: string): number[] | null {
  const parts = asciiDigits(s).split(/[\s,،;]+/).filter(Boolean);
  if (!parts.every((p) => /^\d+$/.test(p))) return null;
  return parts.map(Number);
}

/** Whether boundaries are what the server accepts: 1 to 15, ascending, each 1 to 1200 months. */
export const stayBandsValid = (b: readonly number[]) =>
  b.length >= 1 && b.length <= STAY_BANDS_MAX && b.every((m, i) => m >= 1 && m <= STAY_MONTHS_MAX && (i === 0 || m > (b[i - 1] ?? 0)));

/** `stay_bands` for the content: left out when empty; sent as typed when it parses, so that the server names any problem. */
function stayBandsPart(typed: string): Pick<TemplateContent, 'stay_bands'> {
  const b = parseStayBands(typed);
  return b && b.length ? { stay_bands: b } : {};
}

/** The editor's path for a server error path: every `stay_bands[i]` is shown at the one input. */
export const editorPath = (field: string) => field.replace(/^stay_bands\[\d+\]$/, 'stay_bands');

/** A minimal valid content for a new template: a title and one empty section, in the user's language. */
export function newTemplateContent(lang: Lang, title: string, sectionTitle: string): TemplateContent {
  return { title: { [lang]: title }, sections: [{ id: uniqueId(slugify(sectionTitle) || 'section_1', new Set()), title: { [lang]: sectionTitle }, questions: [] }] };
}

/* ---------- ids in use ---------- */

export interface PublishedIds {
  sections: Set<string>;
  questions: Map<string, QuestionType>;
  /** Question id → its option values. */
  options: Map<string, Set<string>>;
}

/** What earlier published versions fixed: their ids stay, and a question keeps its type. */
export function publishedIds(versions: readonly TemplateContent[]): PublishedIds {
  const ids: PublishedIds = { sections: new Set(), questions: new Map(), options: new Map() };
  for (const c of versions) {
    for (const s of c.sections) {
      ids.sections.add(s.id);
      for (const q of s.questions) {
        if (!ids.questions.has(q.id)) ids.questions.set(q.id, q.type);
        const values = ids.options.get(q.id) ?? new Set<string>();
        for (const o of q.options ?? []) values.add(o.value);
        ids.options.set(q.id, values);
      }
    }
  }
  return ids;
}

export const emptyPublished = (): PublishedIds => ({ sections: new Set(), questions: new Map(), options: new Map() });

const questionIds = (e: EdContent, except?: EdQuestion) =>
  new Set(e.sections.flatMap((s) => s.questions.filter((q) => q !== except).map((q) => q.id)));

/* ---------- sections ---------- */

const moved = <T>(list: readonly T[], from: number, to: number): T[] => {
  const copy = [...list];
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
};

export function addSection(e: EdContent, published: PublishedIds = emptyPublished()): EdContent {
  const taken = new Set([...e.sections.map((s) => s.id), ...published.sections]);
  const section: EdSection = {
    key: newKey('s'),
    id: uniqueId(`section_${e.sections.length + 1}`, taken),
    auto: true,
    title: {},
    questions: [],
  };
  return { ...e, sections: [...e.sections, section] };
}

export function removeSection(e: EdContent, si: number): EdContent {
  return { ...e, sections: e.sections.filter((_, i) => i !== si) };
}

export function moveSection(e: EdContent, si: number, by: -1 | 1): EdContent {
  const to = si + by;
  if (to < 0 || to >= e.sections.length) return e;
  return { ...e, sections: moved(e.sections, si, to) };
}

export function updateSection(e: EdContent, si: number, change: (s: EdSection) => EdSection): EdContent {
  return { ...e, sections: e.sections.map((s, i) => (i === si ? change(s) : s)) };
}

/** Sets a section title in one language; a new section's id follows its first text. */
export function setSectionTitle(e: EdContent, si: number, lang: string, text: string, published = emptyPublished()): EdContent {
  return updateSection(e, si, (s) => {
    const title = { ...s.title, [lang]: text };
    if (!s.auto) return { ...s, title };
    const taken = new Set([...e.sections.filter((x) => x !== s).map((x) => x.id), ...published.sections]);
    const slug = slugify(firstText(title));
    return { ...s, title, id: slug ? uniqueId(slug, taken) : s.id };
  });
}

/* ---------- questions ---------- */

export interface QuestionPos {
  si: number;
  qi: number;
}

export function newQuestion(e: EdContent, published: PublishedIds = emptyPublished()): EdQuestion {
  const taken = new Set([...questionIds(e), ...published.questions.keys()]);
  const n = e.sections.reduce((sum, s) => sum + s.questions.length, 0) + 1;
  return {
    key: newKey('q'),
    id: uniqueId(`question_${n}`, taken),
    auto: true,
    type: 'text',
    text: {},
    help: {},
    required: false,
    sensitive: false,
    options: [],
    min: '',
    max: '',
    needs: false,
  };
}

export function addQuestion(e: EdContent, si: number, published = emptyPublished()): { content: EdContent; pos: QuestionPos } {
  const q = newQuestion(e, published);
  const section = e.sections[si];
  if (!section) return { content: e, pos: { si, qi: -1 } };
  return {
    content: updateSection(e, si, (s) => ({ ...s, questions: [...s.questions, q] })),
    pos: { si, qi: section.questions.length },
  };
}

export function removeQuestion(e: EdContent, { si, qi }: QuestionPos): EdContent {
  return updateSection(e, si, (s) => ({ ...s, questions: s.questions.filter((_, i) => i !== qi) }));
}

export function updateQuestion(e: EdContent, { si, qi }: QuestionPos, change: (q: EdQuestion) => EdQuestion): EdContent {
  return updateSection(e, si, (s) => ({ ...s, questions: s.questions.map((q, i) => (i === qi ? change(q) : q)) }));
}

/**
 * Moves a question one place up or down. At the top of a section it goes to
 * the end of the section before; at the bottom, to the start of the next one.
 * Returns where it is now (the same place if it cannot move).
 */
export function moveQuestion(e: EdContent, { si, qi }: QuestionPos, by: -1 | 1): { content: EdContent; pos: QuestionPos } {
  const section = e.sections[si];
  const q = section?.questions[qi];
  if (!section || !q) return { content: e, pos: { si, qi } };
  const to = qi + by;
  if (to >= 0 && to < section.questions.length) {
    return { content: updateSection(e, si, (s) => ({ ...s, questions: moved(s.questions, qi, to) })), pos: { si, qi: to } };
  }
  const target = si + by;
  const other = e.sections[target];
  if (!other) return { content: e, pos: { si, qi } };
  const at = by < 0 ? other.questions.length : 0;
  const sections = e.sections.map((s, i) => {
    if (i === si) return { ...s, questions: s.questions.filter((_, j) => j !== qi) };
    if (i === target) {
      const questions = [...s.questions];
      questions.splice(at, 0, q);
      return { ...s, questions };
    }
    return s;
  });
  return { content: { ...e, sections }, pos: { si: target, qi: at } };
}

export const canMoveQuestion = (e: EdContent, { si, qi }: QuestionPos, by: -1 | 1) => {
  const section = e.sections[si];
  if (!section) return false;
  if (by < 0) return qi > 0 || si > 0;
  return qi < section.questions.length - 1 || si < e.sections.length - 1;
};

/** Sets a question's text in one language; a new question's id follows its first text. */
export function setQuestionText(e: EdContent, pos: QuestionPos, lang: string, text: string, published = emptyPublished()): EdContent {
  return updateQuestion(e, pos, (q) => {
    const texts = { ...q.text, [lang]: text };
    if (!q.auto) return { ...q, text: texts };
    const taken = new Set([...questionIds(e, q), ...published.questions.keys()]);
    const slug = slugify(firstText(texts));
    return { ...q, text: texts, id: slug ? uniqueId(slug, taken) : q.id };
  });
}

/** Changes the type; a choice question gets empty options up to the two it needs. */
export function setQuestionType(e: EdContent, pos: QuestionPos, type: QuestionType): EdContent {
  return updateQuestion(e, pos, (q) => {
    let options = q.options;
    if (hasOptions(type)) {
      options = [...q.options];
      while (options.length < 2) options.push(newOption(options));
    }
    return { ...q, type, options, needs: hasOptions(type) ? q.needs : false };
  });
}

/* ---------- options ---------- */

export function newOption(existing: readonly EdOption[]): EdOption {
  const taken = new Set(existing.map((o) => o.value));
  return { key: newKey('o'), value: uniqueId(`option_${existing.length + 1}`, taken), label: {}, auto: true };
}

export function addOption(e: EdContent, pos: QuestionPos): { content: EdContent; oi: number } {
  let oi = -1;
  const content = updateQuestion(e, pos, (q) => {
    oi = q.options.length;
    return { ...q, options: [...q.options, newOption(q.options)] };
  });
  return { content, oi };
}

export function removeOption(e: EdContent, pos: QuestionPos, oi: number): EdContent {
  return updateQuestion(e, pos, (q) => ({ ...q, options: q.options.filter((_, i) => i !== oi) }));
}

export function moveOption(e: EdContent, pos: QuestionPos, oi: number, by: -1 | 1): { content: EdContent; oi: number } {
  let now = oi;
  const content = updateQuestion(e, pos, (q) => {
    const to = oi + by;
    if (to < 0 || to >= q.options.length) return q;
    now = to;
    return { ...q, options: moved(q.options, oi, to) };
  });
  return { content, oi: now };
}

export function updateOption(e: EdContent, pos: QuestionPos, oi: number, change: (o: EdOption, q: EdQuestion) => EdOption): EdContent {
  return updateQuestion(e, pos, (q) => ({ ...q, options: q.options.map((o, i) => (i === oi ? change(o, q) : o)) }));
}

/** Sets an option's label in one language; a new option's value follows its first text. */
export function setOptionLabel(e: EdContent, pos: QuestionPos, oi: number, lang: string, text: string): EdContent {
  return updateOption(e, pos, oi, (o, q) => {
    const label = { ...o.label, [lang]: text };
    if (!o.auto) return { ...o, label };
    const taken = new Set(q.options.filter((x) => x !== o).map((x) => x.value));
    const slug = slugify(firstText(label));
    return { ...o, label, value: slug ? uniqueId(slug, taken) : o.value };
  });
}

/** The needs code list in every language, by code: { housing: { en: "Housing", ar: "السكن", … } }. */
export type NeedsLabels = ReadonlyMap<string, Texts>;

/** Whether every option is a code of the needs list (so that answers can update the profile's needs). */
export const optionsAreNeeds = (q: EdQuestion, needs: NeedsLabels) =>
  q.options.length > 0 && q.options.every((o) => needs.has(o.value.trim()));

/** Replaces the options with the needs list (labels in every language) and turns on "updates needs". */
export function needsAsOptions(e: EdContent, pos: QuestionPos, needs: NeedsLabels): EdContent {
  return updateQuestion(e, pos, (q) => ({
    ...q,
    type: hasOptions(q.type) ? q.type : 'multi_choice',
    needs: true,
    options: [...needs].map(([code, label]) => ({ key: newKey('o'), value: code, label: { ...label }, auto: false })),
  }));
}

/* ---------- translations ---------- */

/** Every translatable text of the content, with its path in the API's error paths (`sections[0].title`). */
export function textsOf(e: EdContent): { path: string; texts: Texts; optional: boolean }[] {
  const out: { path: string; texts: Texts; optional: boolean }[] = [
    { path: 'title', texts: e.title, optional: false },
    { path: 'description', texts: e.description, optional: true },
  ];
  e.sections.forEach((s, si) => {
    out.push({ path: `sections[${si}].title`, texts: s.title, optional: false });
    s.questions.forEach((q, qi) => {
      const qp = `sections[${si}].questions[${qi}]`;
      out.push({ path: `${qp}.text`, texts: q.text, optional: false });
      out.push({ path: `${qp}.help`, texts: q.help, optional: true });
      if (hasOptions(q.type)) q.options.forEach((o, oi) => out.push({ path: `${qp}.options[${oi}].label`, texts: o.label, optional: false }));
    });
  });
  return out;
}

const present = (texts: Texts, lang: string) => Boolean(texts[lang]?.trim());

/**
 * How many texts each language lacks. A required text (title, question,
 * option) counts everywhere it is missing; an optional one (description,
 * help) only where another language has it.
 */
export function missingTranslations(e: EdContent): Record<Lang, number> {
  const counts = Object.fromEntries(LANGS.map((l) => [l, 0])) as Record<Lang, number>;
  for (const { texts, optional } of textsOf(e)) {
    const anywhere = LANGS.some((l) => present(texts, l));
    if (optional && !anywhere) continue;
    for (const l of LANGS) if (!present(texts, l)) counts[l] += 1;
  }
  return counts;
}

/** Whether a text is missing in `lang` although it should be there (for marking the input). */
export function isMissing(texts: Texts, lang: string, optional: boolean): boolean {
  if (present(texts, lang)) return false;
  return !optional || LANGS.some((l) => present(texts, l));
}

/** Questions in the whole template. */
export const questionCount = (e: EdContent) => e.sections.reduce((n, s) => n + s.questions.length, 0);

/* ---------- checks before sending ---------- */

/** Problems the editor can see itself (the server checks everything again): path → code. */
export function localProblems(e: EdContent): Record<string, string> {
  const found: Record<string, string> = {};
  const bands = parseStayBands(e.stayBands);
  if (bands === null || (bands.length > 0 && !stayBandsValid(bands))) found.stay_bands = 'stay_bands';
  e.sections.forEach((s, si) =>
    s.questions.forEach((q, qi) => {
      if (q.type !== 'number') return;
      const qp = `sections[${si}].questions[${qi}]`;
      const min = parseNumber(q.min);
      const max = parseNumber(q.max);
      if (Number.isNaN(min)) found[`${qp}.min`] = 'number';
      if (Number.isNaN(max)) found[`${qp}.max`] = 'number';
      if (min !== null && max !== null && !Number.isNaN(min) && !Number.isNaN(max) && min > max) found[`${qp}.max`] = 'range';
    }),
  );
  return found;
}

/* ---------- field paths and DOM ids ---------- */

/** The DOM id of the input for an API field path: `sections[0].questions[2].text.ar` → `tf-sections-0-questions-2-text-ar`. */
export function domId(path: string): string {
  return `tf-${path.replace(/[[\].]+/g, '-').replace(/-+$/, '')}`;
}

/** The language at the end of a text path (`….label.ar` → `ar`), if any. */
export function pathLang(path: string): Lang | null {
  const last = path.split('.').pop() ?? '';
  return (LANGS as readonly string[]).includes(last) ? (last as Lang) : null;
}

/** The path without a trailing language: `….label.ar` → `….label`. */
export const pathWithoutLang = (path: string) => (pathLang(path) ? path.slice(0, path.lastIndexOf('.')) : path);

/** Which question (or section) a path is about, to open it when it has an error. */
export function pathPosition(path: string): { si: number; qi: number | null } | null {
  const m = /^sections\[(\d+)\](?:\.questions\[(\d+)\])?/.exec(path);
  if (!m) return null;
  return { si: Number(m[1]), qi: m[2] === undefined ? null : Number(m[2]) };
}

/** Items loaded from the draft whose ids a published version uses: they keep their ids (and questions their type). */
export interface Fixed {
  sections: Set<string>;
  questions: Set<string>;
  options: Set<string>;
}

export function fixedKeys(ed: EdContent, published: PublishedIds): Fixed {
  const fixed: Fixed = { sections: new Set(), questions: new Set(), options: new Set() };
  for (const s of ed.sections) {
    if (published.sections.has(s.id)) fixed.sections.add(s.key);
    for (const q of s.questions) {
      if (!published.questions.has(q.id)) continue;
      fixed.questions.add(q.key);
      const values = published.options.get(q.id);
      for (const o of q.options) if (values?.has(o.value)) fixed.options.add(o.key);
    }
  }
  return fixed;
}
