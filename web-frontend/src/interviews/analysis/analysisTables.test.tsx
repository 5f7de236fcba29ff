// @vitest-environment happy-dom
// The analysis tables: counts, a mark for hidden cells (never a number, never a bar), group labels and order.
import { en } from '../../i18n/all';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initI18n } from '../../i18n';
import type { Analysis, QuestionStats } from '../model';
import {
  BreakdownTable,
  cellText,
  chartData,
  chartHeight,
  CrossTable,
  hasSuppressed,
  HIDDEN_MARK,
  OptionsTable,
  shareText,
  stayText,
  SUPPRESSED_GROUP,
  SuppressionLegend,
  withStayBands,
  type GroupLabels,
  withMergedLabel,
  wrapLabel,
} from './analysisTables';

const fill = (s: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);

const hidden = { count: null, suppressed: true };
const labels: GroupLabels = {
  label: (_b, g) => ({ female: 'Female', male: 'Male', not_stated: 'Not stated' })[g] ?? g,
  order: (_b, groups) => [...groups].sort((a, b) => (a === 'not_stated' ? 1 : b === 'not_stated' ? -1 : a.localeCompare(b))),
};

const place: QuestionStats = {
  id: 'preferred_place',
  section_id: 'work',
  type: 'single_choice',
  text: 'Where would you prefer to work?',
  sensitive: false,
  answered: { count: 12, suppressed: false },
  options: [
    { value: 'city', label: 'In a city', count: 8, suppressed: false },
    { value: 'rural', label: 'In the countryside', ...hidden },
    { value: 'no_preference', label: 'No preference', ...hidden },
  ],
  stats_suppressed: false,
  by: {
    male: [
      { value: 'city', label: 'In a city', count: 6, suppressed: false },
      { value: 'rural', label: 'In the countryside', count: 0, suppressed: false },
      { value: 'no_preference', label: 'No preference', ...hidden },
    ],
    female: [
      { value: 'city', label: 'In a city', ...hidden },
      { value: 'rural', label: 'In the countryside', ...hidden },
      { value: 'no_preference', label: 'No preference', count: 0, suppressed: false },
    ],
  },
};

let root: HTMLElement;
beforeAll(() => initI18n('en'));
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const show = (node: preact.ComponentChild) => act(() => render(node, root));
const cells = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)].map((c) => c.textContent?.trim());

describe('counts as shown', () => {
  it('shows a number, a mark when hidden, a dash when there is none', () => {
    expect(cellText({ count: 12, suppressed: false }, 5, 'en')).toBe('12');
    expect(cellText({ count: 0, suppressed: false }, 5, 'en')).toBe('0');
    expect(cellText(hidden, 5, 'en')).toBe(HIDDEN_MARK);
    expect(cellText({ count: null, suppressed: false }, null, 'en')).toBe('–');
  });

  it('gives shares only when both numbers are known', () => {
    expect(shareText(3, 12, 'en')).toBe('25%');
    expect(shareText(null, 12, 'en')).toBe('');
    expect(shareText(3, null, 'en')).toBe('');
    expect(shareText(3, 0, 'en')).toBe('');
  });

  it('draws no bar for a suppressed count, and says so in words in its label', () => {
    expect(chartData(place.options, 'fewer than 5')).toEqual({
      labels: ['In a city', 'In the countryside (fewer than 5)', 'No preference (fewer than 5)'],
      values: [8, null, null],
    });
  });
});

describe('chart labels', () => {
  it('wraps long labels into at most three lines, and makes room for them', () => {
    expect(wrapLabel('Housing', 18)).toEqual(['Housing']);
    expect(wrapLabel('Recognition of qualifications', 18)).toEqual(['Recognition of', 'qualifications']);
    const long = wrapLabel('one two three four five six seven eight nine ten eleven twelve', 10);
    expect(long).toHaveLength(3);
    expect(long[2]!.endsWith('…')).toBe(true);
    expect(chartHeight(['Housing', 'Recognition of qualifications'])).toBe(40 + 30 + 42);
  });
});

describe('tables', () => {
  it('lists a breakdown in order, with suppressed groups marked and without their count', async () => {
    await show(
      <BreakdownTable
        breakdown="gender"
        title="Gender"
        cells={{ not_stated: hidden, male: { count: 6, suppressed: false }, female: hidden }}
        labels={labels}
        threshold={5}
        total={12}
      />,
    );
    expect(root.querySelector('caption')?.textContent).toBe('Gender');
    expect(cells('tbody th')).toEqual(['Female', 'Male', 'Not stated']);
    expect(cells('tbody td:nth-of-type(1)')).toEqual([HIDDEN_MARK, '6', HIDDEN_MARK]);
    expect(cells('tbody td:nth-of-type(2)')).toEqual(['', '50%', '']);
    const suppressed = root.querySelectorAll('td.suppressed[data-suppressed="true"]');
    expect(suppressed).toHaveLength(2);
    for (const td of suppressed) {
      expect(td.hasAttribute('data-count')).toBe(false);
      expect(td.querySelector('abbr')?.getAttribute('title')).toBe(fill(en.analysis.suppressed_title, { n: 5 }));
    }
    // A bar only for the group with a count.
    expect(root.querySelectorAll('.inline-bar')).toHaveLength(1);
  });

  it('says when nobody is in a breakdown', async () => {
    await show(<BreakdownTable breakdown="education" title="Education" cells={{}} labels={labels} threshold={null} total={0} />);
    expect(root.textContent).toContain(en.analysis.nobody);
  });

  it('lists the options of a question with their counts and shares of the answers', async () => {
    await show(<OptionsTable question={place} threshold={5} caption="Answers" />);
    expect(cells('tbody th')).toEqual(['In a city', 'In the countryside', 'No preference']);
    expect(cells('tbody td:nth-of-type(1)')).toEqual(['8', HIDDEN_MARK, HIDDEN_MARK]);
    expect(cells('tbody td:nth-of-type(2)')).toEqual(['67%', '', '']);
    expect(root.querySelector('[data-value="city"] td')?.getAttribute('data-count')).toBe('8');
  });

  it('cross-tabulates: options by group, suppressed cells marked', async () => {
    await show(<CrossTable question={place} breakdown="gender" labels={labels} threshold={5} caption="Split by: Gender" />);
    const region = root.querySelector('[role="region"]');
    expect(region?.getAttribute('aria-label')).toBe('Split by: Gender');
    expect(region?.getAttribute('tabindex')).toBe('0');
    expect(cells('thead th')).toEqual([en.analysis.answer, 'Female', 'Male']);
    expect(cells('[data-value="city"] td')).toEqual([HIDDEN_MARK, '6']);
    expect(cells('[data-value="rural"] td')).toEqual([HIDDEN_MARK, '0']);
    expect(cells('[data-value="no_preference"] td')).toEqual(['0', HIDDEN_MARK]);
    expect(root.querySelectorAll('td.suppressed')).toHaveLength(3);
  });

  it('explains suppressed counts in a legend', async () => {
    await show(<SuppressionLegend threshold={5} />);
    expect(root.textContent).toBe(`${HIDDEN_MARK} ${fill(en.analysis.suppressed_legend, { n: 5 })}`);
  });
});

describe('whether anything is hidden', () => {
  const analysis = (q: QuestionStats): Analysis => ({
    template: 't',
    respondents: 12,
    interviews: 5,
    suppression_threshold: 5,
    breakdowns: { gender: { male: { count: 12, suppressed: false } }, age_band: {}, legal_status: {}, education: {}, length_of_stay: {} },
    stay_bands: [],
    length_of_stay_months: { n: { count: 12, suppressed: false }, mean: 30, median: 24, stats_suppressed: false },
    questions: [q],
  });

  it('finds suppressed counts in options, groups and statistics', () => {
    expect(hasSuppressed(analysis(place))).toBe(true);
    const open = { ...place, options: [place.options[0]!], by: {} };
    expect(hasSuppressed(analysis(open))).toBe(false);
    expect(hasSuppressed(analysis({ ...open, stats_suppressed: true }))).toBe(true);
    const few = { n: hidden, mean: null, median: null, stats_suppressed: true };
    expect(hasSuppressed({ ...analysis(open), length_of_stay_months: few })).toBe(true);
  });
});

describe('length of stay', () => {
  const bands = [
    { code: 'm1_2', label: '1–2 months', from_months: 1, to_months: 2 },
    { code: 'y5_8', label: '5–8 years', from_months: 60, to_months: 96 },
  ];

  it("labels and orders a template's own bands, and leaves other breakdowns alone", () => {
    const l = withStayBands(labels, bands);
    expect(l.order('length_of_stay', ['unknown', 'y5_8', 'm1_2'])).toEqual(['m1_2', 'y5_8', 'unknown']);
    expect(l.label('length_of_stay', 'y5_8')).toBe('5–8 years');
    expect(l.label('gender', 'female')).toBe('Female');
  });

  it('shows mean and median in months, and nothing when withheld', () => {
    const months = (n: string) => `${n} months`;
    expect(stayText({ n: { count: 10, suppressed: false }, mean: 34.6, median: 2.5, stats_suppressed: false }, 'en', months)).toEqual({ mean: '34.6 months', median: '2.5 months' });
    expect(stayText({ n: hidden, mean: null, median: null, stats_suppressed: true }, 'en', months)).toBeNull();
  });
});

describe('merged groups', () => {
  it('labels the merged entry of hidden numbers, skills or languages in the reader\'s language', () => {
    const merged = { value: SUPPRESSED_GROUP, label: SUPPRESSED_GROUP, count: null, suppressed: true };
    const q = withMergedLabel({ ...place, options: [merged], by: { [SUPPRESSED_GROUP]: [merged] } }, 'Rarer answers (hidden)');
    expect(q.options[0]?.label).toBe('Rarer answers (hidden)');
    expect(q.by[SUPPRESSED_GROUP]?.[0]?.label).toBe('Rarer answers (hidden)');
  });
});
