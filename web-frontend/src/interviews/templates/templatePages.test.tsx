// @vitest-environment happy-dom
// The questionnaire list and editor pages, through the whole app, against a fake API.
import { en } from '../../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, calls, click, initI18n, route, serve, setUp, showAs, tearDown, text, type, until } from '../../testing/app-harness';
import { json, problem } from '../../testing/fake-auth';
import { builtinTemplate, draftTemplate, fill } from '../../testing/interviews';

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

const version = (number: number, status: 'draft' | 'published', draftVersion = 4) => ({
  template_id: 'tpl-1',
  number,
  status,
  content,
  version: draftVersion,
  created_at: '2026-11-20T10:00:00Z',
  updated_at: '2026-11-20T10:00:00Z',
  published_at: status === 'published' ? '2026-11-02T10:00:00Z' : null,
});

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

describe('questionnaire list', () => {
  it('shows the shipped one, versions with interview counts, and creates a new one', async () => {
    serve({
      'GET /api/v1/interview-templates': () => json([builtinTemplate, draftTemplate]),
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
    serve({ 'GET /api/v1/interview-templates': () => json([builtinTemplate]) });
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

  it('edits the draft: fixed ids of published questions, translations with a reference, save with the draft version', async () => {
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
    const put = called('PUT', '/api/v1/interview-templates/tpl-1/draft')[0]!.body as { version: number; content: typeof content };
    expect(put.version).toBe(4);
    expect(put.content.sections[0]!.questions[0]!.text).toEqual({ en: 'Where?', ar: 'أين؟' });
    expect(text('[data-testid="editor-notice"]')).toBe(fill(en.templates.saved, { n: 2 }));

    // The next save sends the new version.
    await type('#tf-sections-0-questions-0-text-ar', 'أين تعمل؟');
    await click($('[data-testid="save-draft"]'));
    await until(() => called('PUT', '/api/v1/interview-templates/tpl-1/draft').length === 2);
    expect((called('PUT', '/api/v1/interview-templates/tpl-1/draft')[1]!.body as { version: number }).version).toBe(5);
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
    expect((called('POST', '/api/v1/interview-templates/tpl-1/publish')[0]!.body as { version: number }).version).toBe(5);
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
