// @vitest-environment happy-dom
// The analysis page, through the whole app against a fake API: the filters in
// the address, the tables with hidden counts, the charts, and the downloads.
import { en } from '../../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { $, $$, called, choose, CODES, initI18n, serve, setUp, showAs, tearDown, text, until } from '../../testing/app-harness';
import { json } from '../../testing/fake-auth';
import { builtinTemplate, draftTemplate, fill } from '../../testing/interviews';
import { HIDDEN_MARK } from './analysisTables';

// Chart.js needs a real canvas: record what would be drawn instead.
const drawn = vi.hoisted(() => [] as { labels: string[][]; values: (number | null)[]; rtl: boolean }[]);
vi.mock('./barChart', () => ({
  drawBars: (_canvas: HTMLCanvasElement, bars: { labels: string[][]; values: (number | null)[]; rtl: boolean }) => {
    drawn.push(bars);
    return { destroy() {} };
  },
}));

CODES['interview-age-bands'] = [
  ['18_25', '18–25'],
  ['unknown', 'Not known'],
];
CODES['stay-lengths'] = [['1_3_years', '1–3 years']];

beforeAll(() => initI18n('en'));
beforeEach(async () => {
  await setUp();
  drawn.length = 0;
});
afterEach(tearDown);

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
      'GET /api/v1/interview-templates': () => json([draftTemplate, builtinTemplate]),
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
      'GET /api/v1/interview-templates': () => json([builtinTemplate]),
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
      'GET /api/v1/interview-templates': () => json([builtinTemplate]),
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
      'GET /api/v1/interview-templates': () => json([builtinTemplate]),
      'GET /api/v1/interviews/analysis': () =>
        json({ ...stats, length_of_stay_months: { n: { count: null, suppressed: true }, mean: 34.6, median: 2.5, stats_suppressed: false } }),
    });
    await showAs('analyst', '/interviews/analysis');
    await until(() => $('[data-testid="stay-mean"]'));
    expect(text('[data-testid="stay-mean"]')).toBe(fill(en.analysis.months_value, { n: '34.6' }));
    expect(text('[data-testid="stay-note"]')).toBe(en.analysis.stay_note_hidden_n);
  });

  it('refuses a period that ends before it starts without asking the server', async () => {
    serve({ 'GET /api/v1/interview-templates': () => json([builtinTemplate]), 'GET /api/v1/interviews/analysis': () => json(stats) });
    await showAs('coordinator', '/interviews/analysis?from=2026-05-01&to=2026-04-01');
    await until(() => $('#a-to-error'));
    expect(text('#a-to-error')).toBe(en.analysis.to_before_from);
    expect(called('GET', '/api/v1/interviews/analysis')).toHaveLength(0);
  });
});
