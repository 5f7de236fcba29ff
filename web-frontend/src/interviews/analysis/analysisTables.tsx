// The analysis page's tables: plain HTML with the numbers (the charts are
// pictures of these). Suppressed counts show as "< N". Tested in analysisTables.test.tsx.
import type { CodeListName } from '../../api/codeLists';
import { useI18n, type Lang } from '../../i18n';
import type { Analysis, Breakdown, Cell, OptionCount, QuestionStats, StayBand, StayStats } from '../model';
import { LABEL_WIDTH, wrapLabel } from './chartLabels';

export { wrapLabel } from './chartLabels';

export const BREAKDOWNS = ['gender', 'age_band', 'legal_status', 'education', 'length_of_stay'] as const satisfies readonly Breakdown[];
type MissingBreakdown = Exclude<Breakdown, (typeof BREAKDOWNS)[number]>;
const exhaustive: [MissingBreakdown] extends [never] ? true : MissingBreakdown = true;
void exhaustive;
export const isBreakdown = (v: unknown): v is Breakdown => (BREAKDOWNS as readonly unknown[]).includes(v);

/** The code list that labels each breakdown's groups. */
export const BREAKDOWN_LISTS = {
  gender: 'genders',
  age_band: 'interview-age-bands',
  legal_status: 'legal-statuses',
  education: 'education-levels',
  length_of_stay: 'stay-lengths',
} as const satisfies Record<Breakdown, CodeListName>;

/**
 * For analysts and API keys, the groups (and the numbers, skills or
 * languages) too small to show are merged by the server under this key.
 */
export const SUPPRESSED_GROUP = 'suppressed';

/** A question with the server's merged entry labelled in the reader's language. */
export function withMergedLabel(q: QuestionStats, label: string): QuestionStats {
  const relabel = (o: OptionCount): OptionCount => (o.value === SUPPRESSED_GROUP && o.suppressed ? { ...o, label } : o);
  const by: QuestionStats['by'] = {};
  for (const [g, list] of Object.entries(q.by)) by[g] = list.map(relabel);
  return { ...q, options: q.options.map(relabel), by };
}

/** Groups that are no code of the list: the server's "not stated" and "unknown". */
export const NO_ANSWER_GROUPS = ['not_stated', 'unknown'] as const;

export interface GroupLabels {
  /** The label of a group of a breakdown. */
  label(breakdown: Breakdown, group: string): string;
  /** The groups in the code list's order (then anything else, "not stated" and "unknown" last). */
  order(breakdown: Breakdown, groups: readonly string[]): string[];
}

const numberFormats = new Map<string, Intl.NumberFormat>();
export function formatNumber(n: number, lang: Lang, maximumFractionDigits = 2): string {
  const key = `${lang}|${maximumFractionDigits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, { maximumFractionDigits });
    numberFormats.set(key, f);
  }
  return f.format(n);
}

/** A count as shown: the number, "< N" when it is suppressed, "–" when there is none. */
/**
 * How a hidden count is shown. Not "< 5": a count hidden so that another
 * cannot be worked out from the totals (secondary suppression) may be
 * larger; the legend says what the mark means.
 */
export const HIDDEN_MARK = '✱';

export function cellText(cell: { count?: number | null; suppressed: boolean }, threshold: number | null | undefined, lang: Lang): string {
  if (cell.count != null) return formatNumber(cell.count, lang);
  if (cell.suppressed) return HIDDEN_MARK;
  return '–';
}

/** A count's share of a whole, e.g. "42 %", or '' when either is unknown. */
export function shareText(count: number | null | undefined, whole: number | null | undefined, lang: Lang): string {
  if (count == null || whole == null || whole <= 0) return '';
  return new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(count / whole);
}

/** A table cell with a count; a hidden one is marked so that the legend explains it. */
function CountCell({ cell, threshold, lang }: { cell: { count?: number | null; suppressed: boolean }; threshold: number | null | undefined; lang: Lang }) {
  const { t } = useI18n();
  if (cell.count == null && cell.suppressed) {
    return (
      <td class="num suppressed" data-suppressed="true">
        <abbr title={t('analysis.suppressed_title', { n: threshold ?? 0 })} dir="ltr">
          {cellText(cell, threshold, lang)}
        </abbr>
      </td>
    );
  }
  return (
    <td class="num" data-count={cell.count ?? undefined}>
      {cellText(cell, threshold, lang)}
    </td>
  );
}

/** The legend under tables with hidden counts. */
export function SuppressionLegend({ threshold }: { threshold: number }) {
  const { t, lang } = useI18n();
  return (
    <p class="suppression-legend" data-testid="suppression-legend">
      <strong class="legend-mark" dir="ltr">
        {HIDDEN_MARK}
      </strong> {t('analysis.suppressed_legend', { n: formatNumber(threshold, lang) })}
    </p>
  );
}

/** Respondents by one breakdown (gender, age band, …). */
export function BreakdownTable({
  breakdown,
  title,
  cells,
  labels,
  threshold,
  total,
}: {
  breakdown: Breakdown;
  title: string;
  cells: Record<string, Cell>;
  labels: GroupLabels;
  threshold: number | null | undefined;
  total: number;
}) {
  const { t, lang } = useI18n();
  const groups = labels.order(breakdown, Object.keys(cells));
  const max = Math.max(1, ...groups.map((g) => cells[g]?.count ?? 0));
  return (
    <table class="stats-table breakdown-table" data-testid={`breakdown-${breakdown}`}>
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">{t('analysis.group')}</th>
          <th scope="col" class="num">
            {t('analysis.people')}
          </th>
          <th scope="col" class="num">
            {t('analysis.share')}
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.length === 0 && (
          <tr>
            <td colSpan={3} class="muted">
              {t('analysis.nobody')}
            </td>
          </tr>
        )}
        {groups.map((g) => {
          const cell = cells[g] ?? { count: null, suppressed: false };
          return (
            <tr key={g} data-group={g}>
              <th scope="row">
                {labels.label(breakdown, g)}
                {cell.count != null && cell.count > 0 && (
                  <span class="inline-bar" aria-hidden="true" style={{ inlineSize: `${Math.round((cell.count / max) * 100)}%` }} />
                )}
              </th>
              <CountCell cell={cell} threshold={threshold} lang={lang} />
              <td class="num">{shareText(cell.count, total, lang)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** How many chose each option of a question (the numbers of its bar chart). */
export function OptionsTable({ question, threshold, caption, id }: { question: QuestionStats; threshold: number | null | undefined; caption: string; id?: string }) {
  const { t, lang } = useI18n();
  const answered = question.answered.count;
  return (
    <table class="stats-table options-table" id={id} data-testid="options-table">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t('analysis.answer')}</th>
          <th scope="col" class="num">
            {t('analysis.people')}
          </th>
          <th scope="col" class="num">
            {t('analysis.share_of_answered')}
          </th>
        </tr>
      </thead>
      <tbody>
        {question.options.map((o) => (
          <tr key={o.value} data-value={o.value}>
            <th scope="row" dir="auto">
              {o.label}
            </th>
            <CountCell cell={o} threshold={threshold} lang={lang} />
            <td class="num">{shareText(o.count, answered, lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** With "cross-tabulate by": the options (rows) within each group (columns). */
export function CrossTable({
  question,
  breakdown,
  labels,
  threshold,
  caption,
}: {
  question: QuestionStats;
  breakdown: Breakdown;
  labels: GroupLabels;
  threshold: number | null | undefined;
  caption: string;
}) {
  const { t, lang } = useI18n();
  const groups = labels.order(breakdown, Object.keys(question.by));
  // Rows: the options in the question's order, then any a group has in addition (skills, languages).
  const rows: { value: string; label: string }[] = question.options.map((o) => ({ value: o.value, label: o.label }));
  for (const g of groups)
    for (const o of question.by[g] ?? []) if (!rows.some((r) => r.value === o.value)) rows.push({ value: o.value, label: o.label });
  if (groups.length === 0 || rows.length === 0) return null;
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table class="stats-table cross-table" data-testid="cross-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analysis.answer')}</th>
            {groups.map((g) => (
              <th key={g} scope="col" class="num" data-group={g}>
                {labels.label(breakdown, g)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.value} data-value={r.value}>
              <th scope="row" dir="auto">
                {r.label}
              </th>
              {groups.map((g) => {
                const found = question.by[g]?.find((o) => o.value === r.value);
                return <CountCell key={g} cell={found ?? { count: 0, suppressed: false }} threshold={threshold} lang={lang} />;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The numbers for a chart: hidden counts have no bar (null); their label
 * says so in words.
 */
export function chartData(
  options: readonly OptionCount[],
  hiddenNote: string,
): { labels: string[]; values: (number | null)[] } {
  return {
    labels: options.map((o) => (o.count == null && o.suppressed ? `${o.label} (${hiddenNote})` : o.label)),
    values: options.map((o) => (o.count == null ? null : o.count)),
  };
}

/**
 * The group labels with the analysis's own length-of-stay bands: a template
 * may set its own (codes like `y5_8`, labelled by the server), so their
 * labels and order come from `stay_bands` rather than the code list.
 */
export function withStayBands(labels: GroupLabels, bands: readonly StayBand[]): GroupLabels {
  const index = (g: string) => bands.findIndex((b) => b.code === g);
  return {
    label: (b, g) => (b === 'length_of_stay' && index(g) >= 0 ? (bands[index(g)]?.label ?? g) : labels.label(b, g)),
    order: (b, groups) => {
      if (b !== 'length_of_stay') return labels.order(b, groups);
      const rank = (g: string) => {
        const i = index(g);
        if (i >= 0) return i;
        const special = (NO_ANSWER_GROUPS as readonly string[]).indexOf(g);
        return special >= 0 ? 10_000 + special : 5_000;
      };
      return [...groups].sort((x, y) => rank(x) - rank(y) || x.localeCompare(y));
    },
  };
}

/** The mean and median stay as shown: "34.6 months", or null when withheld or when no one has an arrival date. */
export function stayText(s: StayStats, lang: Lang, months: (n: string) => string): { mean: string; median: string } | null {
  if (s.stats_suppressed || s.mean == null || s.median == null) return null;
  return { mean: months(formatNumber(s.mean, lang, 1)), median: months(formatNumber(s.median, lang, 1)) };
}

/** Whether any count of the analysis is hidden (for showing the legend). */
export function hasSuppressed(a: Analysis): boolean {
  const cells: { suppressed: boolean }[] = [];
  for (const b of BREAKDOWNS) cells.push(...Object.values(a.breakdowns[b]));
  for (const q of a.questions) {
    cells.push(q.answered, ...q.options);
    for (const list of Object.values(q.by)) cells.push(...list);
  }
  cells.push(a.length_of_stay_months.n);
  return cells.some((c) => c.suppressed) || a.questions.some((q) => q.stats_suppressed) || a.length_of_stay_months.stats_suppressed;
}

/** A chart tall enough for its labels as wrapped on a phone (3 lines at most each). */
export const chartHeight = (labels: readonly string[]) =>
  40 + labels.reduce((sum, l) => sum + Math.max(30, wrapLabel(l, LABEL_WIDTH.narrow).length * 16 + 10), 0);

export const BREAKDOWN_TITLES = {
  gender: 'analysis.by.gender',
  age_band: 'analysis.by.age_band',
  legal_status: 'analysis.by.legal_status',
  education: 'analysis.by.education',
  length_of_stay: 'analysis.by.length_of_stay',
} as const satisfies Record<Breakdown, string>;
