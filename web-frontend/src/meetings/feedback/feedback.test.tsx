// @vitest-environment happy-dom
// "How was it?" through the whole app against a fake API.
import { ar, en, fa } from '../../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, check, click, initI18n, serve, setLanguage, setUp, showAs, submit, tearDown, text, type, until } from '../../testing/app-harness';
import { json, problem } from '../../testing/fake-auth';
import { meetingAt } from '../../testing/meetings';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const past = meetingAt('m1', new Date(Date.now() - 26 * 3600_000).toISOString(), { display_title: 'Summer plans' });
const mine = (rating: number, comment: string | null = null) => ({ meeting_id: 'm1', rating, comment, comment_language: null });

describe('feedback', () => {
  it('is a group of ten radios named “n out of 10”, with faces, in two rows of five (CSS), and sends the choice', async () => {
    serve({
      'GET /api/v1/meetings/m1': () => json(past),
      'GET /api/v1/meetings/m1/feedback/mine': () => problem(404, 'not_found'),
      'PUT /api/v1/meetings/m1/feedback': () => json(mine(8, 'More time'), 201),
    });
    await showAs('participant', '/meetings/m1/feedback');
    await until(() => $('[data-testid="feedback-form"]'));
    const group = $('[role="radiogroup"]');
    expect(group?.getAttribute('aria-labelledby')).toBe('rating-question');
    const radios = $$('[role="radiogroup"] input[type="radio"]');
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => en.feedback.n_of_10.replace('{{n}}', String(n))));
    expect(text('[data-testid="rating-1"]')).toContain('😞');
    expect(text('[data-testid="rating-10"]')).toContain('😄');
    // Nothing chosen: it asks for a number.
    await submit('[data-testid="feedback-form"]');
    expect(text('[role="radiogroup"] .field-error')).toBe(en.feedback.choose);
    expect(called('PUT', '/api/v1/meetings/m1/feedback')).toHaveLength(0);
    await check('[data-testid="rating-8"] input');
    expect($('[data-testid="rating-8"]')?.className).toContain('chosen');
    expect($('[data-testid="rating-8"] .rating-mark')?.textContent).toBe('✓');
    expect($$('.rating-mark')).toHaveLength(1);
    await type('#feedback-comment', ' More time ');
    await submit('[data-testid="feedback-form"]');
    await until(() => $('[data-testid="feedback-thanks"]'));
    expect(called('PUT', '/api/v1/meetings/m1/feedback')[0]?.body).toEqual({ rating: 8, comment: 'More time', comment_language: 'en' });
    expect(text('[data-testid="feedback-thanks"]')).toContain('😀');
    expect(text('[data-testid="feedback-thanks"]')).toContain(en.feedback.you_gave.replace('{{n}}', '8'));
    // Change it again.
    await click($('[data-testid="change-rating"]'));
    await until(() => $('[data-testid="feedback-earlier"]'));
    expect($<HTMLInputElement>('[data-testid="rating-8"] input')?.checked).toBe(true);
  });

  it('shows and changes an earlier rating', async () => {
    serve({
      'GET /api/v1/meetings/m1': () => json(past),
      'GET /api/v1/meetings/m1/feedback/mine': () => json(mine(4, 'Too loud')),
      'PUT /api/v1/meetings/m1/feedback': () => json(mine(6, 'Too loud')),
    });
    await showAs('participant', '/meetings/m1/feedback');
    await until(() => $('[data-testid="feedback-earlier"]'));
    expect(text('[data-testid="feedback-earlier"]')).toContain(en.feedback.earlier.replace('{{n}}', '4'));
    expect($<HTMLInputElement>('[data-testid="rating-4"] input')?.checked).toBe(true);
    expect($<HTMLTextAreaElement>('#feedback-comment')?.value).toBe('Too loud');
    await check('[data-testid="rating-6"] input');
    await submit('[data-testid="feedback-form"]');
    await until(() => $('[data-testid="feedback-thanks"]'));
    expect(called('PUT', '/api/v1/meetings/m1/feedback')[0]?.body).toMatchObject({ rating: 6, comment: 'Too loud' });
  });

  it('explains kindly that only people marked as present can rate, with the server’s words', async () => {
    serve({
      'GET /api/v1/meetings/m1': () => json(past),
      'GET /api/v1/meetings/m1/feedback/mine': () => problem(404, 'not_found'),
      'PUT /api/v1/meetings/m1/feedback': () => problem(409, 'conflict', { detail: 'only people marked as having attended the meeting may rate it' }),
    });
    await setLanguage('ar');
    await showAs('participant', '/meetings/m1/feedback');
    await check('[data-testid="rating-3"] input');
    await submit('[data-testid="feedback-form"]');
    await until(() => $('[data-testid="feedback-error"]'));
    expect(text('[data-testid="feedback-error"]')).toContain(ar.feedback.not_attended);
    expect(text('[data-testid="feedback-error"]')).not.toContain(ar.problem.conflict);
    expect($('[data-testid="feedback-error"] [data-testid="problem-detail"]')?.getAttribute('lang')).toBe('en');
  });

  it('writes the numbers as Farsi does', async () => {
    serve({ 'GET /api/v1/meetings/m1': () => json(past), 'GET /api/v1/meetings/m1/feedback/mine': () => problem(404, 'not_found') });
    await setLanguage('fa');
    await showAs('participant', '/meetings/m1/feedback');
    await until(() => $('[data-testid="feedback-form"]'));
    expect(text('[data-testid="rating-8"] .rating-number')).toBe('۸');
    expect($('[data-testid="rating-8"] input')?.getAttribute('aria-label')).toBe(fa.feedback.n_of_10.replace('{{n}}', '۸'));
  });

  it('is for participants only', async () => {
    await showAs('coordinator', '/meetings/m1/feedback');
    await until(() => $('[data-testid="forbidden"]'));
  });
});
