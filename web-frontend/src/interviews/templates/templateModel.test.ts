import { describe, expect, it } from 'vitest';
import type { TemplateContent } from '../model';
import {
  addOption,
  addQuestion,
  addSection,
  canMoveQuestion,
  domId,
  fromContent,
  isMissing,
  editorPath,
  localProblems,
  parseStayBands,
  missingTranslations,
  moveOption,
  moveQuestion,
  moveSection,
  needsAsOptions,
  newTemplateContent,
  optionsAreNeeds,
  pathLang,
  pathPosition,
  pathWithoutLang,
  publishedIds,
  removeOption,
  setOptionLabel,
  setQuestionText,
  setQuestionType,
  setSectionTitle,
  slugify,
  snapshot,
  toContent,
  uniqueId,
  type EdContent,
} from './templateModel';

const content = (): TemplateContent => ({
  title: { en: 'Intake', sl: 'Sprejem' },
  sections: [
    {
      id: 'needs',
      title: { en: 'Needs' },
      questions: [
        { id: 'q1', type: 'text', text: { en: 'One?' }, required: true, sensitive: false },
        {
          id: 'place',
          type: 'single_choice',
          text: { en: 'Where?', ar: 'أين؟' },
          required: false,
          sensitive: false,
          options: [
            { value: 'city', label: { en: 'City' } },
            { value: 'rural', label: { en: 'Countryside', ar: 'الريف' } },
          ],
        },
      ],
    },
    {
      id: 'work',
      title: { en: 'Work', ar: 'العمل' },
      questions: [{ id: 'years', type: 'number', text: { en: 'Years?' }, min: 0, max: 60, required: false, sensitive: false }],
    },
  ],
});

const ids = (e: EdContent) => e.sections.map((s) => `${s.id}:${s.questions.map((q) => q.id).join(',')}`);

describe('ids from text', () => {
  it('makes snake_case from the first words, without accents', () => {
    expect(slugify('Where would you prefer to work?')).toBe('where_would_you_prefer_to_work');
    expect(slugify('  Učenje   jezika! ')).toBe('ucenje_jezika');
    expect(slugify('Çok güzel — 2 times')).toBe('cok_guzel_2_times');
  });

  it('transliterates Cyrillic and gives nothing for Arabic script', () => {
    expect(slugify('Житло і робота')).toBe('zhytlo_i_robota');
    expect(slugify('أين تفضل العمل؟')).toBe('');
    expect(slugify('کجا؟')).toBe('');
  });

  it('keeps ids short, cut at a word', () => {
    const s = slugify('What kind of work would you like to do in the next two years, and where?');
    expect(s.length).toBeLessThanOrEqual(40);
    expect(s).toMatch(/^[a-z0-9][a-z0-9_]*[a-z0-9]$/);
    expect(s.startsWith('what_kind_of_work')).toBe(true);
  });

  it('numbers an id that is taken', () => {
    expect(uniqueId('city', new Set())).toBe('city');
    expect(uniqueId('city', new Set(['city', 'city_2']))).toBe('city_3');
  });

  it('a new question follows its first text until the id is typed by hand', () => {
    let { content: e, pos } = addQuestion(fromContent(content()), 0);
    expect(e.sections[0]!.questions[pos.qi]!.id).toBe('question_4');
    e = setQuestionText(e, pos, 'en', 'Do you have children?');
    expect(e.sections[0]!.questions[pos.qi]!.id).toBe('do_you_have_children');
    // Another language does not change it: the first text (in language order) wins.
    e = setQuestionText(e, pos, 'sl', 'Ali imate otroke?');
    expect(e.sections[0]!.questions[pos.qi]!.id).toBe('do_you_have_children');
    // Loaded questions keep their ids.
    e = setQuestionText(e, { si: 0, qi: 0 }, 'en', 'Something else');
    expect(e.sections[0]!.questions[0]!.id).toBe('q1');
  });

  it('a new question in Arabic keeps its numbered id; an id of a published version is not reused', () => {
    const published = publishedIds([{ ...content(), sections: [{ id: 'old', title: { en: 'Old' }, questions: [{ id: 'children', type: 'yes_no', text: { en: 'Children?' } }] }] }]);
    let { content: e, pos } = addQuestion(fromContent(content()), 1, published);
    e = setQuestionText(e, pos, 'ar', 'هل لديك أطفال؟', published);
    expect(e.sections[1]!.questions[pos.qi]!.id).toBe('question_4');
    e = setQuestionText(e, pos, 'en', 'Children', published);
    expect(e.sections[1]!.questions[pos.qi]!.id).toBe('children_2');
  });

  it('a new section and a new option follow their text', () => {
    let e = addSection(fromContent(content()));
    expect(e.sections[2]!.id).toBe('section_3');
    e = setSectionTitle(e, 2, 'en', 'Work');
    expect(e.sections[2]!.id).toBe('work_2');
    const pos = { si: 0, qi: 1 };
    const added = addOption(e, pos);
    e = setOptionLabel(added.content, pos, added.oi, 'en', 'City');
    expect(e.sections[0]!.questions[1]!.options.map((o) => o.value)).toEqual(['city', 'rural', 'city_2']);
  });
});

describe('moving questions', () => {
  it('moves within a section', () => {
    const { content: e, pos } = moveQuestion(fromContent(content()), { si: 0, qi: 0 }, 1);
    expect(ids(e)).toEqual(['needs:place,q1', 'work:years']);
    expect(pos).toEqual({ si: 0, qi: 1 });
  });

  it('moves down out of a section to the start of the next one, and back up to the end', () => {
    const start = fromContent(content());
    const down = moveQuestion(start, { si: 0, qi: 1 }, 1);
    expect(ids(down.content)).toEqual(['needs:q1', 'work:place,years']);
    expect(down.pos).toEqual({ si: 1, qi: 0 });
    const up = moveQuestion(down.content, down.pos, -1);
    expect(ids(up.content)).toEqual(['needs:q1,place', 'work:years']);
    expect(up.pos).toEqual({ si: 0, qi: 1 });
  });

  it('stays at the very top and the very bottom', () => {
    const e = fromContent(content());
    expect(canMoveQuestion(e, { si: 0, qi: 0 }, -1)).toBe(false);
    expect(canMoveQuestion(e, { si: 1, qi: 0 }, 1)).toBe(false);
    expect(canMoveQuestion(e, { si: 1, qi: 0 }, -1)).toBe(true);
    expect(moveQuestion(e, { si: 0, qi: 0 }, -1).content).toBe(e);
    expect(moveQuestion(e, { si: 1, qi: 0 }, 1).pos).toEqual({ si: 1, qi: 0 });
  });

  it('moves into an empty section', () => {
    const e = addSection(fromContent(content()));
    const { content: after, pos } = moveQuestion(e, { si: 1, qi: 0 }, 1);
    expect(ids(after)).toEqual(['needs:q1,place', 'work:', 'section_3:years']);
    expect(pos).toEqual({ si: 2, qi: 0 });
  });

  it('moves sections', () => {
    expect(ids(moveSection(fromContent(content()), 1, -1))).toEqual(['work:years', 'needs:q1,place']);
    const e = fromContent(content());
    expect(moveSection(e, 0, -1)).toBe(e);
  });
});

describe('options', () => {
  const pos = { si: 0, qi: 1 };
  it('adds, reorders and removes', () => {
    let e = fromContent(content());
    const added = addOption(e, pos);
    expect(added.oi).toBe(2);
    e = added.content;
    expect(e.sections[0]!.questions[1]!.options.map((o) => o.value)).toEqual(['city', 'rural', 'option_3']);
    const up = moveOption(e, pos, 2, -1);
    expect(up.oi).toBe(1);
    expect(up.content.sections[0]!.questions[1]!.options.map((o) => o.value)).toEqual(['city', 'option_3', 'rural']);
    expect(moveOption(up.content, pos, 0, -1).oi).toBe(0);
    e = removeOption(up.content, pos, 0);
    expect(e.sections[0]!.questions[1]!.options.map((o) => o.value)).toEqual(['option_3', 'rural']);
  });

  it('a question that becomes a choice gets two empty options; options are sent only for choices', () => {
    let e = setQuestionType(fromContent(content()), { si: 0, qi: 0 }, 'single_choice');
    expect(e.sections[0]!.questions[0]!.options).toHaveLength(2);
    e = setQuestionType(e, { si: 0, qi: 1 }, 'text');
    const sent = toContent(e);
    expect(sent.sections[0]!.questions[1]!.options).toBeUndefined();
    // Back to a choice: the options are still there.
    e = setQuestionType(e, { si: 0, qi: 1 }, 'multi_choice');
    expect(toContent(e).sections[0]!.questions[1]!.options?.map((o) => o.value)).toEqual(['city', 'rural']);
  });

  it('uses the needs list as options, in every language', () => {
    const needs = new Map([
      ['housing', { en: 'Housing', ar: 'السكن' }],
      ['employment', { en: 'Finding work', ar: 'البحث عن عمل' }],
    ]);
    const e = needsAsOptions(fromContent(content()), pos, needs);
    const q = e.sections[0]!.questions[1]!;
    expect(optionsAreNeeds(q, needs)).toBe(true);
    expect(optionsAreNeeds(fromContent(content()).sections[0]!.questions[1]!, needs)).toBe(false);
    const sent = toContent(e).sections[0]!.questions[1]!;
    expect(sent.profile_field).toBe('needs');
    expect(sent.options).toEqual([
      { value: 'housing', label: { en: 'Housing', ar: 'السكن' } },
      { value: 'employment', label: { en: 'Finding work', ar: 'البحث عن عمل' } },
    ]);
  });
});

describe('to and from the API', () => {
  it('round-trips the content', () => {
    expect(toContent(fromContent(content()))).toEqual(content());
  });

  it('leaves out blank translations and trims', () => {
    const e = fromContent(content());
    e.title = { en: ' Intake ', ar: '   ' };
    e.description = { sl: ' ' };
    const sent = toContent(e);
    expect(sent.title).toEqual({ en: 'Intake' });
    expect(sent.description).toBeUndefined();
  });

  it('sends min and max only for numbers, and finds ones that are not numbers', () => {
    const e = fromContent(content());
    e.sections[1]!.questions[0]!.min = '10';
    e.sections[1]!.questions[0]!.max = '5';
    expect(localProblems(e)).toEqual({ 'sections[1].questions[0].max': 'range' });
    e.sections[1]!.questions[0]!.max = 'many';
    expect(localProblems(e)).toEqual({ 'sections[1].questions[0].max': 'number' });
    e.sections[1]!.questions[0]!.max = '';
    expect(toContent(e).sections[1]!.questions[0]).toMatchObject({ min: 10 });
    expect(toContent(e).sections[1]!.questions[0]!.max).toBeUndefined();
  });

  it('sends stay bands typed as months, leaves them out when empty, and finds bad ones', () => {
    const e = fromContent({ ...content(), stay_bands: [1, 2, 3, 12, 60, 96, 156] });
    expect(e.stayBands).toBe('1, 2, 3, 12, 60, 96, 156');
    expect(toContent(e).stay_bands).toEqual([1, 2, 3, 12, 60, 96, 156]);
    expect(localProblems(e)).toEqual({});
    expect(parseStayBands('۱، ۲ 3')).toEqual([1, 2, 3]);
    expect(toContent({ ...e, stayBands: ' ' }).stay_bands).toBeUndefined();
    for (const bad of ['3, 2', '0', '1.5', 'x', '1201', Array.from({ length: 16 }, (_, i) => i + 1).join(',')])
      expect(localProblems({ ...e, stayBands: bad }), bad).toEqual({ stay_bands: 'stay_bands' });
    expect(editorPath('stay_bands[3]')).toBe('stay_bands');
    expect(editorPath('sections[0].id')).toBe('sections[0].id');
    expect(snapshot({ ...e, stayBands: '1, 2' })).not.toBe(snapshot(e));
  });

  it('tells a change from no change', () => {
    const e = fromContent(content());
    const before = snapshot(e);
    expect(snapshot(fromContent(content()))).toBe(before);
    expect(snapshot(setQuestionText(e, { si: 0, qi: 0 }, 'sl', 'Ena?'))).not.toBe(before);
  });

  it('a new template is valid: a title and one section, in the user language', () => {
    expect(newTemplateContent('sl', 'Nov vprašalnik', 'Splošno')).toEqual({
      title: { sl: 'Nov vprašalnik' },
      sections: [{ id: 'splosno', title: { sl: 'Splošno' }, questions: [] }],
    });
    expect(newTemplateContent('ar', 'استبيان جديد', 'عام').sections[0]!.id).toBe('section_1');
  });
});

describe('missing translations', () => {
  it('counts required texts everywhere they are missing, optional ones only where another language has them', () => {
    const e = fromContent(content());
    // Texts: title (en, sl), section titles (en | en, ar), question texts (en | en, ar | en),
    // option labels (en | en, ar); no description, no help.
    expect(missingTranslations(e)).toEqual({ en: 0, sl: 7, ar: 5, uk: 8, fa: 8 });
    e.sections[0]!.questions[0]!.help = { en: 'Ask gently' };
    expect(missingTranslations(e)).toEqual({ en: 0, sl: 8, ar: 6, uk: 9, fa: 9 });
  });

  it('counts option labels only for choice questions', () => {
    const e = setQuestionType(fromContent(content()), { si: 0, qi: 1 }, 'text');
    expect(missingTranslations(e).uk).toBe(6);
  });

  it('marks a missing text', () => {
    expect(isMissing({ en: 'x' }, 'ar', false)).toBe(true);
    expect(isMissing({}, 'ar', true)).toBe(false);
    expect(isMissing({ en: 'x' }, 'ar', true)).toBe(true);
    expect(isMissing({ ar: ' ' }, 'ar', false)).toBe(true);
    expect(isMissing({ ar: 'نعم' }, 'ar', false)).toBe(false);
  });
});

describe('error paths', () => {
  it('maps a server path to an input id, its language and its question', () => {
    const path = 'sections[0].questions[2].options[1].label.ar';
    expect(domId(path)).toBe('tf-sections-0-questions-2-options-1-label-ar');
    expect(pathLang(path)).toBe('ar');
    expect(pathWithoutLang(path)).toBe('sections[0].questions[2].options[1].label');
    expect(pathLang('sections[0].questions[2].type')).toBeNull();
    expect(pathPosition(path)).toEqual({ si: 0, qi: 2 });
    expect(pathPosition('sections[3].title')).toEqual({ si: 3, qi: null });
    expect(pathPosition('title.en')).toBeNull();
  });
});
