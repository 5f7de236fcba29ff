// @vitest-environment happy-dom
// The questionnaire list, editor and analysis pages, through the whole app, against a fake API.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import en from '../../i18n/en.json';
import { $, $$, called, calls, choose, click, CODES, initI18n, route, serve, setUp, showAs, tearDown, text, type, until } from '../../testing/app-harness';
import { json, problem } from '../../testing/fake-auth';
import { HIDDEN_MARK } from '../analysis/analysisTables';

// Chart.js needs a real canvas: record what would be drawn instead.
const drawn = vi.hoisted(() => [] as { labels: string[][]; values: (number | null)[]; rtl: boolean }[]);
vi.mock('../analysis/barChart', () => ({
  drawBars: (_canvas: HTMLCanvasElement, bars: { labels: string[][]; values: (number | null)[]; rtl: boolean }) => {
    drawn.push(bars);
    return { destroy() {} };
  },
}));

const fill = (s: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);

CODES['interview-age-bands'] = [
  ['18_25', '18–25'],
  ['unknown', 'Not known'],
];
CODES['stay-lengths'] = [['1_3_years', '1–3 years']];

const builtin = {
  id: 'tpl-b',
  title: 'Skupaj in-depth interview',
  builtin: true,
  published_version: 1,
  draft_version: null,
  versions: [{ number: 1, status: 'published', title: 'Skupaj in-depth interview', created_at: '2026-11-01T10:00:00Z', published_at: '2026-11-01T10:00:00Z', interviews: 7 }],
  updated_at: '2026-11-01T10:00:00Z',
};

const content = {
  title: { en: 'Intake', ar: 'الاستقبال' },
  sections: [
    {
      id: 'work',
      title: { en: 'Work' },
      questions: [
        {
          id: 'place',
          type: 'single_choice',
          text: { en: 'Where?' },
          required: true,
          sensitive: false,
          options: [
            { value: 'city', label: { en: 'City' } },
            { value: 'rural', label: { en: 'Countryside' } },
          ],
        },
      ],
    },
  ],
};

const draftTemplate = {
  id: 'tpl-1',
  title: 'Intake',
  builtin: false,
  published_version: 1,
  draft_version: 2,
  versions: [
    { number: 2, status: 'draft', title: 'Intake', created_at: '2026-11-20T10:00:00Z', published_at: null, interviews: 0 },
    { number: 1, status: 'published', title: 'Intake', created_at: '2026-11-01T10:00:00Z', published_at: '2026-11-02T10:00:00Z', interviews: 3 },
  ],
  updated_at: '2026-11-20T10:00:00Z',
};
const version = (number: number, status: 'draft' | 'published', revision = 4) => ({
  template_id: 'tpl-1',
  number,
  status,
  content,
  revision,
  created_at: '2026-11-20T10:00:00Z',
  updated_at: '2026-11-20T10:00:00Z',
  published_at: status === 'published' ? '2026-11-02T10:00:00Z' : null,
});

beforeAll(() => initI18n('en'));
beforeEach(async () => {
  await setUp();
  drawn.length = 0;
});
afterEach(tearDown);

describe('questionnaire list', () => {
  it('shows the shipped one, versions with interview counts, and creates a new one', async () => {
    serve({
      'GET /api/v1/interview-templates': () => json([builtin, draftTemplate]),
      'POST /api/v1/interview-templates': () => json({ ...draftTemplate, id: 'tpl-new', published_version: null, draft_version: 1 }, 201),
      'GET /api/v1/interview-templates/tpl-new': () => json({ ...draftTemplate, id: 'tpl-new', published_version: null, draft_version: 1, versions: [draftTemplate.versions[0]] }),
      'GET /api/v1/interview-templates/tpl-new/versions/1': () => json({ ...version(1, 'draft', 1), template_id: 'tpl-new' }),
    });
    await showAs('coordinator', '/interviews/templates');
    await until(() => $$('[data-testid="template-row"]').length === 2);
    const [b, d] = $$('[data-testid="template-row"]');
    expect(b!.querySelector('[data-testid="builtin"]')?.textContent).toBe(en.templates.builtin);
    expect(d!.querySelector('[data-testid="builtin"]')).toBeNull();
    expect(d!.querySelector('[data-testid="published-version"]')?.textContent).toBe(fill(en.templates.version_n, { n: 1 }));
    expect(d!.querySelector('[data-testid="draft-version"]')?.textContent).toBe(fill(en.templates.version_n, { n: 2 }));
    expect([...d!.querySelectorAll('[data-testid="version-interviews"]')].map((e) => e.textContent)).toEqual([
      fill(en.templates.used_by, { n: 0 }),
      fill(en.templates.used_by, { n: 3 }),
    ]);

    await click($('[data-testid="new-template"]'));
    await until(() => $('[data-testid="editor-form"]'), 'the editor');
    const sent = called('POST', '/api/v1/interview-templates')[0]!.body;
    expect(sent).toEqual({ title: { en: en.templates.new_default_title }, sections: [{ id: 'general', title: { en: en.templates.new_default_section }, questions: [] }] });
    expect(location.pathname).toBe('/interviews/templates/tpl-new');
  });

  it('offers no "new" to an adviser', async () => {
    serve({ 'GET /api/v1/interview-templates': () => json([builtin]) });
    await showAs('adviser', '/interviews/templates');
    await until(() => $('[data-testid="template-row"]'));
    expect($('[data-testid="new-template"]')).toBeNull();
  });
});

describe('editor', () => {
  const editorRoutes = (extra: Record<string, Parameters<typeof route>[1]> = {}) =>
    serve({
      'GET /api/v1/interview-templates/tpl-1': () => json(draftTemplate),
      'GET /api/v1/interview-templates/tpl-1/versions/2': () => json(version(2, 'draft')),
      'GET /api/v1/interview-templates/tpl-1/versions/1': () => json(version(1, 'published', 1)),
      ...extra,
    });

  it('edits the draft: fixed ids of published questions, translations with a reference, save with the revision', async () => {
    editorRoutes({ 'PUT /api/v1/interview-templates/tpl-1/draft': () => json(version(2, 'draft', 5)) });
    await showAs('coordinator', '/interviews/templates/tpl-1');
    await until(() => $('[data-testid="editor-form"]'));
    expect(text('[data-testid="version-status"]')).toContain(fill(en.templates.version_n, { n: 2 }));
    // The published question keeps its id, type and option codes.
    expect($<HTMLInputElement>('#tf-sections-0-questions-0-id')?.readOnly).toBe(true);
    expect($<HTMLSelectElement>('#tf-sections-0-questions-0-type')?.disabled).toBe(true);
    expect($<HTMLInputElement>('#tf-sections-0-questions-0-options-0-value')?.readOnly).toBe(true);
    // Missing translations: Arabic has the title only (4 texts missing: section, question, 2 options).
    expect($('[data-testid="missing-ar"]')?.getAttribute('data-count')).toBe('4');

    await click($('[data-testid="edit-lang-ar"]'));
    const input = await until(() => $<HTMLTextAreaElement>('#tf-sections-0-questions-0-text-ar'));
    expect(input.getAttribute('dir')).toBe('rtl');
    expect(input.getAttribute('lang')).toBe('ar');
    expect(text('#tf-sections-0-questions-0-text-ar-ref')).toContain('Where?');
    await type('#tf-sections-0-questions-0-text-ar', 'أين؟');
    expect($('[data-testid="missing-ar"]')?.getAttribute('data-count')).toBe('3');
    expect(text('[data-testid="save-state"]')).toBe(en.templates.unsaved);

    await click($('[data-testid="save-draft"]'));
    await until(() => text('[data-testid="save-state"]') === en.templates.all_saved);
    const put = called('PUT', '/api/v1/interview-templates/tpl-1/draft')[0]!.body as { revision: number; content: typeof content };
    expect(put.revision).toBe(4);
    expect(put.content.sections[0]!.questions[0]!.text).toEqual({ en: 'Where?', ar: 'أين؟' });
    expect(text('[data-testid="editor-notice"]')).toBe(fill(en.templates.saved, { n: 2 }));

    // The next save sends the new revision.
    await type('#tf-sections-0-questions-0-text-ar', 'أين تعمل؟');
    await click($('[data-testid="save-draft"]'));
    await until(() => called('PUT', '/api/v1/interview-templates/tpl-1/draft').length === 2);
    expect((called('PUT', '/api/v1/interview-templates/tpl-1/draft')[1]!.body as { revision: number }).revision).toBe(5);
  });

  it('shows the server\u2019s field errors at their fields, in the language they are about', async () => {
    editorRoutes({
      'PUT /api/v1/interview-templates/tpl-1/draft': () =>
        problem(422, 'validation_failed', {
          errors: [
            { field: 'sections[0].questions[0].options[1].label.ar', code: 'length', message: 'too long' },
            { field: 'sections[0].questions[0].type', code: 'type_changed', message: 'was single_choice' },
          ],
        }),
    });
    await showAs('coordinator', '/interviews/templates/tpl-1');
    await until(() => $('[data-testid="editor-form"]'));
    await type('#tf-title-en', 'Intake 2');
    await click($('[data-testid="save-draft"]'));
    const summary = await until(() => $('[data-testid="editor-errors"]'));
    expect(summary.textContent).toContain(fill(en.templates.not_saved_fields, { n: 2 }));
    expect(summary.textContent).toContain(`${fill(en.templates.section_n, { n: 1 })} › ${fill(en.templates.question_n, { n: 1 })} › ${fill(en.templates.option_n, { n: 2 })} › ${en.templates.f.label} (العربية)`);
    // At the option's label: the Arabic error is shown while editing English, named by its language.
    expect(text('#tf-sections-0-questions-0-options-1-label-en-error')).toBe(`العربية: ${en.templates.error.length}`);
    expect($('#tf-sections-0-questions-0-options-1-label-en')?.getAttribute('aria-invalid')).toBe('true');
    expect(text('#tf-sections-0-questions-0-type-error')).toBe(en.templates.error.type_changed);
    // "Go to" the Arabic field switches the language being edited.
    await click(summary.querySelector('.link-button'));
    await until(() => $('#tf-sections-0-questions-0-options-1-label-ar'));
    expect($('[data-testid="edit-lang-ar"]')?.getAttribute('aria-pressed')).toBe('true');
  });

  it('says when someone else changed the draft (409)', async () => {
    editorRoutes({ 'PUT /api/v1/interview-templates/tpl-1/draft': () => problem(409, 'version_conflict') });
    await showAs('coordinator', '/interviews/templates/tpl-1');
    await until(() => $('[data-testid="editor-form"]'));
    await type('#tf-title-en', 'Intake 2');
    await click($('[data-testid="save-draft"]'));
    await until(() => $('[data-testid="editor-conflict"]'));
    expect(text('[data-testid="editor-conflict"]')).toContain(en.templates.conflict);
  });

  it('publishes after confirming, saving unsaved changes first', async () => {
    let published = false;
    editorRoutes({
      'PUT /api/v1/interview-templates/tpl-1/draft': () => json(version(2, 'draft', 5)),
      'POST /api/v1/interview-templates/tpl-1/publish': () => {
        published = true;
        return json(version(2, 'published', 5));
      },
    });
    await showAs('coordinator', '/interviews/templates/tpl-1');
    await until(() => $('[data-testid="editor-form"]'));
    await type('#tf-title-en', 'Intake 2');
    await click($('[data-testid="publish"]'));
    const dialog = await until(() => $('[data-testid="publish-dialog"]'));
    expect(dialog.textContent).toContain(fill(en.templates.publish_explain, { n: 2 }));
    expect(dialog.querySelector('[data-testid="confirm"]')?.textContent).toBe(en.templates.save_and_publish);
    // After publishing, the page shows the published version.
    route('GET /api/v1/interview-templates/tpl-1', () =>
      json({ ...draftTemplate, published_version: 2, draft_version: null, versions: [{ ...draftTemplate.versions[0], status: 'published' }, draftTemplate.versions[1]] }),
    );
    route('GET /api/v1/interview-templates/tpl-1/versions/2', () => json(version(2, 'published', 5)));
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => $('[data-testid="frozen-note"]'));
    expect(published).toBe(true);
    const order = calls.filter((c) => c.path.startsWith('/api/v1/interview-templates/tpl-1/') && c.method !== 'GET').map((c) => `${c.method} ${c.path.split('/').pop()}`);
    expect(order).toEqual(['PUT draft', 'POST publish']);
    expect((called('POST', '/api/v1/interview-templates/tpl-1/publish')[0]!.body as { revision: number }).revision).toBe(5);
    expect(text('[data-testid="editor-notice"]')).toBe(fill(en.templates.published_notice, { n: 2 }));
    expect(text('[data-testid="frozen-note"]')).toBe(en.templates.frozen_current);
    expect($('[data-testid="edit-new-version"]')?.textContent).toBe(fill(en.templates.edit_new_version, { n: 3 }));
  });

  it('moves a question with buttons and keeps focus on the moved question', async () => {
    const two = { ...content, sections: [...content.sections, { id: 'more', title: { en: 'More' }, questions: [] }] };
    editorRoutes({ 'GET /api/v1/interview-templates/tpl-1/versions/2': () => json({ ...version(2, 'draft'), content: two }) });
    await showAs('coordinator', '/interviews/templates/tpl-1');
    await until(() => $('[data-testid="editor-form"]'));
    const down = $$('[data-testid="question-editor"] button').find((b) => b.getAttribute('aria-label') === fill(en.templates.move_question_down, { n: 1 }));
    await click(down);
    await until(() => $$('[data-testid="section-editor"]')[1]?.querySelector('[data-testid="question-editor"]'));
    expect($$('[data-testid="section-editor"]')[0]!.querySelector('[data-testid="question-editor"]')).toBeNull();
    await until(() => document.activeElement?.getAttribute('aria-label') === fill(en.templates.move_question_up, { n: 1 }), 'focus on "move up"');
    expect(text('[data-testid="announce"]')).toContain(fill(en.templates.question_moved, { n: 1, section: `${fill(en.templates.section_n, { n: 2 })} (More)` }));
  });
});

describe('analysis page', () => {
  const stats = {
    template: 'tpl-b',
    respondents: 12,
    interviews: 5,
    suppression_threshold: 5,
    breakdowns: {
      gender: { male: { count: 6, suppressed: false }, female: { count: null, suppressed: true } },
      age_band: { '18_25': { count: 12, suppressed: false } },
      legal_status: { not_stated: { count: 12, suppressed: false } },
      education: {},
      length_of_stay: { unknown: { count: 12, suppressed: false } },
    },
    stay_bands: [
      { code: 'under_3_months', label: 'Under 3 months', from_months: 0, to_months: 3 },
      { code: '3_12_months', label: '3–12 months', from_months: 3, to_months: 12 },
      { code: '1_3_years', label: '1–3 years', from_months: 12, to_months: 36 },
      { code: '3_5_years', label: '3–5 years', from_months: 36, to_months: 60 },
      { code: 'over_5_years', label: 'Over 5 years', from_months: 60, to_months: null },
    ],
    length_of_stay_months: { n: { count: null, suppressed: true }, mean: null, median: null, stats_suppressed: true },
    cross: null,
    questions: [
      {
        id: 'place',
        section_id: 'work',
        type: 'single_choice',
        text: 'Where?',
        sensitive: true,
        answered: { count: 12, suppressed: false },
        options: [
          { value: 'city', label: 'City', count: 8, suppressed: false },
          { value: 'rural', label: 'Countryside', count: null, suppressed: true },
        ],
        mean: null,
        median: null,
        stats_suppressed: false,
        by: {},
      },
      {
        id: 'confidence',
        section_id: 'work',
        type: 'scale',
        text: 'How confident?',
        sensitive: false,
        answered: { count: 12, suppressed: false },
        options: [{ value: '5', label: '5', count: 12, suppressed: false }],
        mean: 5.25,
        median: 5,
        stats_suppressed: false,
        by: {},
      },
    ],
  };

  it('an analyst sees suppressed counts as a mark with the legend, and no bar for them', async () => {
    serve({
      'GET /api/v1/interview-templates': () => json([draftTemplate, builtin]),
      'GET /api/v1/interviews/analysis': () => json(stats),
    });
    await showAs('analyst', '/interviews/analysis');
    await until(() => $('[data-testid="respondents"]'));
    // The shipped questionnaire by default, in the page's language.
    const query = called('GET', '/api/v1/interviews/analysis')[0]!.query;
    expect(query.get('template')).toBe('tpl-b');
    expect(query.get('lang')).toBe('en');
    expect(text('[data-testid="respondents"]')).toBe('12');
    expect(text('[data-testid="analyst-note"]')).toBe(en.analysis.analyst_note);
    expect(text('[data-testid="suppression-legend"]')).toContain(fill(en.analysis.suppressed_legend, { n: 5 }));
    expect(text('[data-testid="breakdown-gender"] [data-group="female"] td')).toBe(HIDDEN_MARK);
    expect(text('[data-testid="breakdown-legal_status"] tbody th')).toBe(en.analysis.not_stated);
    expect(text('[data-testid="breakdown-length_of_stay"] tbody th')).toBe(en.analysis.unknown);
    expect(text('[data-testid="breakdown-age_band"] tbody th')).toBe('18–25');
    expect(text('[data-testid="question-stats"] [data-testid="sensitive"]')).toBe(en.analysis.sensitive);
    expect(text('[data-testid="averages"]')).toContain('5.25');
    expect(text('[data-testid="stay-mean"]')).toBe(en.analysis.withheld);
    expect(text('[data-testid="stay-median"]')).toBe(en.analysis.withheld);
    expect(text('[data-testid="stay-note"]')).toBe(en.analysis.stay_withheld);
    expect($('[data-testid="legal-status-details"]')).toBeNull();
    await until(() => drawn.length === 2, 'the charts');
    expect(drawn[0]).toMatchObject({ values: [8, null], rtl: false });
    expect(drawn[0]!.labels.map((lines) => lines.join(' '))).toEqual(['City', `Countryside (${fill(en.analysis.hidden_in_chart, { n: 5 })})`]);
    expect($('[data-testid="chart"] canvas')?.getAttribute('aria-describedby')).toBe('qs-table-place');
  });

  it('cross-tabulates and keeps the choice in the address', async () => {
    serve({
      'GET /api/v1/interview-templates': () => json([builtin]),
      'GET /api/v1/interviews/analysis': (_req, url) =>
        json(
          url.searchParams.get('cross') === 'gender'
            ? {
                ...stats,
                suppression_threshold: null,
                cross: 'gender',
                questions: [{ ...stats.questions[0], by: { male: [{ value: 'city', label: 'City', count: 6, suppressed: false }], female: [{ value: 'city', label: 'City', count: 2, suppressed: false }] } }],
              }
            : { ...stats, suppression_threshold: null },
        ),
    });
    await showAs('coordinator', '/interviews/analysis?from=2026-01-01');
    await until(() => $('[data-testid="respondents"]'));
    expect($('[data-testid="analyst-note"]')).toBeNull();
    expect(called('GET', '/api/v1/interviews/analysis')[0]!.query.get('from')).toBe('2026-01-01');
    await choose('#a-cross', 'gender');
    await until(() => $('[data-testid="cross-table"]'), 'the cross table');
    expect(location.search).toContain('cross=gender');
    expect(location.search).toContain('from=2026-01-01');
    expect([...$$('[data-testid="cross-table"] thead th')].map((th) => th.textContent)).toEqual([en.analysis.answer, 'Female', 'Male']);
    expect(called('GET', '/api/v1/interviews/analysis').at(-1)!.query.get('cross')).toBe('gender');
  });

  it("prints a template's own stay bands in their order, with the mean and median stay", async () => {
    serve({
      'GET /api/v1/interview-templates': () => json([builtin]),
      'GET /api/v1/interviews/analysis': () =>
        json({
          ...stats,
          suppression_threshold: null,
          breakdowns: {
            ...stats.breakdowns,
            length_of_stay: {
              y13_plus: { count: 1, suppressed: false },
              m1_2: { count: 3, suppressed: false },
              unknown: { count: 1, suppressed: false },
              y5_8: { count: 1, suppressed: false },
            },
          },
          stay_bands: [
            { code: 'm0_1', label: '0–1 months', from_months: 0, to_months: 1 },
            { code: 'm1_2', label: '1–2 months', from_months: 1, to_months: 2 },
            { code: 'y5_8', label: '5–8 years', from_months: 60, to_months: 96 },
            { code: 'y13_plus', label: '13+ years', from_months: 156, to_months: null },
          ],
          length_of_stay_months: { n: { count: 10, suppressed: false }, mean: 34.6, median: 2.5, stats_suppressed: false },
          legal_status_details: [{ detail: 'resident artist', count: 2 }],
        }),
    });
    await showAs('coordinator', '/interviews/analysis');
    await until(() => $('[data-testid="stay-mean"]'));
    expect([...$$('[data-testid="breakdown-length_of_stay"] tbody th')].map((th) => th.textContent)).toEqual(['1–2 months', '5–8 years', '13+ years', en.analysis.unknown]);
    expect(text('[data-testid="stay-mean"]')).toBe(fill(en.analysis.months_value, { n: '34.6' }));
    expect(text('[data-testid="stay-median"]')).toBe(fill(en.analysis.months_value, { n: '2.5' }));
    expect(text('[data-testid="stay-note"]')).toBe(fill(en.analysis.stay_note, { n: '10' }));
    expect(text('[data-testid="legal-status-details"] tbody tr')).toBe('resident artist2');
  });

  it('says so when the number with an arrival date is hidden but mean and median are not', async () => {
    serve({
      'GET /api/v1/interview-templates': () => json([builtin]),
      'GET /api/v1/interviews/analysis': () =>
        json({ ...stats, length_of_stay_months: { n: { count: null, suppressed: true }, mean: 34.6, median: 2.5, stats_suppressed: false } }),
    });
    await showAs('analyst', '/interviews/analysis');
    await until(() => $('[data-testid="stay-mean"]'));
    expect(text('[data-testid="stay-mean"]')).toBe(fill(en.analysis.months_value, { n: '34.6' }));
    expect(text('[data-testid="stay-note"]')).toBe(en.analysis.stay_note_hidden_n);
  });

  it('refuses a period that ends before it starts without asking the server', async () => {
    serve({ 'GET /api/v1/interview-templates': () => json([builtin]), 'GET /api/v1/interviews/analysis': () => json(stats) });
    await showAs('coordinator', '/interviews/analysis?from=2026-05-01&to=2026-04-01');
    await until(() => $('#a-to-error'));
    expect(text('#a-to-error')).toBe(en.analysis.to_before_from);
    expect(called('GET', '/api/v1/interviews/analysis')).toHaveLength(0);
  });
});
