import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { api } from '../../api/client';
import { useCodeLists } from '../../api/codeLists';
import { ApiError, formError } from '../../api/errors';
import { problemKey } from '../../api/problem';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { ErrorMessage, SelectField, SuccessMessage, TextField } from '../../components/forms';
import { LoadError, Loading, NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { formatDay } from '../../format';
import { dirOf, useI18n, type Lang } from '../../i18n';
import { download } from '../../components/download';
import {
  BREAKDOWN_LISTS,
  BREAKDOWNS,
  BreakdownTable,
  cellText,
  chartData,
  chartHeight,
  CrossTable,
  formatNumber,
  hasSuppressed,
  isBreakdown,
  NO_ANSWER_GROUPS,
  OptionsTable,
  stayText,
  SuppressionLegend,
  withStayBands,
  type GroupLabels,
  SUPPRESSED_GROUP,
  withMergedLabel,
} from './analysisTables';
import { LABEL_WIDTH, wrapLabel } from './chartLabels';
import { getAnalysis, type Analysis as AnalysisData, type Breakdown, type QuestionStats, type Template } from '../model';
import { useTemplates } from '../templates/useTemplates';
import './analysis.css';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Filters {
  template: string;
  from: string;
  to: string;
  cross: Breakdown | '';
}

/** The years an analyst can pick: this one and the four before it. */
const THIS_YEAR = new Date().getFullYear();
const YEARS = [0, 1, 2, 3, 4].map((i) => THIS_YEAR - i);
/** A year in the page's numerals, without grouping (٢٠٢٦, not ٢٬٠٢٦). */
const formatYear = (y: number, lang: Lang) => new Intl.NumberFormat(lang, { useGrouping: false }).format(y);

type Query = { template: string; from?: string; to?: string; cross?: Breakdown; lang?: string };

function filtersFrom(query: Record<string, string | undefined>): Filters {
  const date = (v: string | undefined) => (v && DATE.test(v) ? v : '');
  return {
    template: query.template ?? '',
    from: date(query.from),
    to: date(query.to),
    cross: isBreakdown(query.cross) ? query.cross : '',
  };
}

function pathOf(f: Filters): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
  const search = params.toString();
  return search ? `/interviews/analysis?${search}` : '/interviews/analysis';
}

/** The default questionnaire: the one Skupaj ships, else the first. */
const defaultTemplate = (templates: readonly Template[]) => (templates.find((t) => t.builtin) ?? templates[0])?.id ?? '';

const BREAKDOWN_TITLES = {
  gender: 'analysis.by.gender',
  age_band: 'analysis.by.age_band',
  legal_status: 'analysis.by.legal_status',
  education: 'analysis.by.education',
  length_of_stay: 'analysis.by.length_of_stay',
} as const satisfies Record<Breakdown, string>;

/** /interviews/analysis: the tables of a field report, with charts and CSV downloads. */
export default function Analysis() {
  const { t, lang } = useI18n();
  useTitle(t('analysis.title'));
  const { me } = useAuth();
  const { query, route } = useLocation();
  const filters = filtersFrom(query);
  const analyst = me?.role === 'analyst';

  const templates = useTemplates();

  const templateId = filters.template || (templates.state === 'ready' ? defaultTemplate(templates.data) : '');
  const periodWrong = Boolean(filters.from && filters.to && filters.from > filters.to);
  const apiQuery = useMemo<Query | null>(() => {
    if (!templateId || periodWrong) return null;
    const q: Query = { template: templateId, lang };
    if (filters.from) q.from = filters.from;
    if (filters.to) q.to = filters.to;
    if (filters.cross) q.cross = filters.cross;
    return q;
  }, [templateId, filters.from, filters.to, filters.cross, lang, periodWrong]);
  const queryKey = JSON.stringify(apiQuery);

  /** The report for the chosen filters (null until there is a questionnaire and a valid period); shown while new filters load. */
  const result = useLoad(
    async () => (apiQuery ? getAnalysis(apiQuery) : null),
    [queryKey],
    { keepOnChange: true },
  );
  /** The first report for these filters is on its way: there is none to keep showing. */
  const waiting = apiQuery !== null && (result.state === 'loading' || (result.state === 'ready' && result.data === null && result.refreshing));
  /** A period the server refused (`to` before `from`). */
  const toRefused = result.state === 'error' && formError(result.error, ['to']).fields.to !== undefined;

  const codes = useCodeLists(['genders', 'interview-age-bands', 'legal-statuses', 'education-levels', 'stay-lengths']);
  const labels = useMemo<GroupLabels>(
    () => ({
      label: (b, g) => {
        if (g === SUPPRESSED_GROUP) return t('analysis.suppressed_group');
        if (g === 'not_stated') return t('analysis.not_stated');
        if (g === 'unknown') return t('analysis.unknown');
        return codes.label(BREAKDOWN_LISTS[b], g);
      },
      order: (b, groups) => {
        const listOrder = codes.items(BREAKDOWN_LISTS[b]).map((i) => i.code);
        const rank = (g: string) => {
          if (g === SUPPRESSED_GROUP) return 20_000;
          const special = (NO_ANSWER_GROUPS as readonly string[]).indexOf(g);
          if (special >= 0) return 10_000 + special;
          const i = listOrder.indexOf(g);
          return i >= 0 ? i : 5_000;
        };
        return [...groups].sort((a, b2) => rank(a) - rank(b2) || a.localeCompare(b2));
      },
    }),
    [codes, t],
  );

  const apply = (change: Partial<Filters>) => route(pathOf({ ...filters, template: templateId, ...change }), true);

  if (templates.state === 'forbidden') return <NotReady load={templates} />;
  if (result.state === 'forbidden') return <NotReady load={result} />;

  return (
    <>
      {can(me?.role, 'interview_templates.view') && (
        <p class="breadcrumb">
          <a href="/interviews/templates">{t('analysis.to_templates')}</a>
        </p>
      )}
      <h1>{t('analysis.title')}</h1>
      <p class="lead">{t('analysis.intro')}</p>
      {analyst && (
        <p class="notice analyst-note" data-testid="analyst-note">
          {t('analysis.analyst_note')}
        </p>
      )}

      <form class="form analysis-filters card" noValidate onSubmit={(e) => e.preventDefault()} data-testid="analysis-filters" aria-labelledby="analysis-filters-h">
        <h2 id="analysis-filters-h" class="visually-hidden">
          {t('analysis.filters')}
        </h2>
        {templates.state !== 'ready' ? (
          <NotReady load={templates} inline />
        ) : templates.data.length === 0 ? (
          <p>{t('analysis.no_templates')}</p>
        ) : (
          <div class="filter-fields">
            <SelectField id="a-template" label={t('analysis.template')} value={templateId} onValue={(template) => apply({ template })}>
              {templates.data.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.builtin ? `${tpl.title} (${t('templates.builtin')})` : tpl.title}
                </option>
              ))}
            </SelectField>
            {analyst ? (
              // Analysts get whole calendar years: overlapping periods could be subtracted.
              <SelectField
                id="a-year"
                label={t('analysis.year')}
                value={filters.from ? filters.from.slice(0, 4) : String(THIS_YEAR)}
                onValue={(y) => apply({ from: `${y}-01-01`, to: `${y}-12-31` })}
              >
                {YEARS.map((y) => (
                  <option key={y} value={String(y)}>
                    {formatYear(y, lang)}
                  </option>
                ))}
              </SelectField>
            ) : (
              <>
                <TextField id="a-from" type="date" label={t('analysis.from')} value={filters.from} onValue={(from) => apply({ from: DATE.test(from) ? from : '' })} />
                <TextField
                  id="a-to"
                  type="date"
                  label={t('analysis.to')}
                  value={filters.to}
                  onValue={(to) => apply({ to: DATE.test(to) ? to : '' })}
                  error={periodWrong || toRefused ? t('analysis.to_before_from') : null}
                />
              </>
            )}
            <SelectField id="a-cross" label={t('analysis.cross')} value={filters.cross} onValue={(v) => apply({ cross: isBreakdown(v) ? v : '' })}>
              <option value="">{t('analysis.cross_none')}</option>
              {BREAKDOWNS.map((b) => (
                <option key={b} value={b}>
                  {t(BREAKDOWN_TITLES[b])}
                </option>
              ))}
            </SelectField>
          </div>
        )}
      </form>
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}

      {waiting && <Loading />}
      {apiQuery && (result.state === 'error' || result.state === 'not_found') && result.key !== 'problem.validation_failed' && <NotReady load={result} inline />}
      {result.state === 'ready' && result.data && apiQuery && (
        <Results data={result.data} refreshing={result.refreshing} labels={labels} query={apiQuery} analyst={analyst} lang={lang} />
      )}
    </>
  );
}

function Results({ data, refreshing, labels: codeLabels, query, analyst, lang }: { data: AnalysisData; refreshing: boolean; labels: GroupLabels; query: Query; analyst: boolean; lang: Lang }) {
  const { t } = useI18n();
  const labels = useMemo(() => withStayBands(codeLabels, data.stay_bands), [codeLabels, data.stay_bands]);
  const stay = data.length_of_stay_months;
  const stayShown = stayText(stay, lang, (n) => t('analysis.months_value', { n }));
  const threshold = data.suppression_threshold;
  const suppressed = threshold != null && hasSuppressed(data);
  const period =
    data.from && data.to
      ? t('analysis.period_between', { from: formatDay(data.from, lang), to: formatDay(data.to, lang) })
      : data.from
        ? t('analysis.period_from', { from: formatDay(data.from, lang) })
        : data.to
          ? t('analysis.period_to', { to: formatDay(data.to, lang) })
          : t('analysis.period_all');
  const cross = data.cross ?? null;

  return (
    <div class="analysis-results" aria-busy={refreshing ? 'true' : undefined} data-testid="analysis-results">
      <section aria-labelledby="summary-h" class="summary">
        <h2 id="summary-h">{t('analysis.summary')}</h2>
        <p class="hint" role="status">
          {refreshing ? t('common.loading') : period}
        </p>
        <dl class="stat-grid">
          <div class="stat">
            <dt>{t('analysis.respondents')}</dt>
            <dd data-testid="respondents" data-count={data.respondents}>
              {formatNumber(data.respondents, lang)}
            </dd>
          </div>
          <div class="stat">
            <dt>{t('analysis.interviews')}</dt>
            <dd data-testid="interview-count" data-count={data.interviews}>
              {formatNumber(data.interviews, lang)}
            </dd>
          </div>
          {(stay.n.count !== 0 || stay.stats_suppressed) && (
            <>
              <div class="stat">
                <dt>{t('analysis.stay_mean')}</dt>
                <dd data-testid="stay-mean">{stayShown ? stayShown.mean : t('analysis.withheld')}</dd>
              </div>
              <div class="stat">
                <dt>{t('analysis.stay_median')}</dt>
                <dd data-testid="stay-median">{stayShown ? stayShown.median : t('analysis.withheld')}</dd>
              </div>
            </>
          )}
        </dl>
        {(stay.n.count !== 0 || stay.stats_suppressed) && (
          <p class="hint" data-testid="stay-note">
            {stay.stats_suppressed
              ? t('analysis.stay_withheld')
              : stay.n.count != null
                ? t('analysis.stay_note', { n: formatNumber(stay.n.count, lang) })
                : t('analysis.stay_note_hidden_n')}
          </p>
        )}
        {suppressed && threshold != null && <SuppressionLegend threshold={threshold} />}
        <Downloads query={query} analyst={analyst} />
      </section>

      {data.respondents === 0 ? (
        <p data-testid="analysis-empty">{t('analysis.none')}</p>
      ) : (
        <>
          <section aria-labelledby="who-h">
            <h2 id="who-h">{t('analysis.who')}</h2>
            <div class="breakdown-grid">
              {BREAKDOWNS.map((b) => (
                <BreakdownTable key={b} breakdown={b} title={t(BREAKDOWN_TITLES[b])} cells={data.breakdowns[b]} labels={labels} threshold={threshold} total={data.respondents} />
              ))}
              {data.legal_status_details && data.legal_status_details.length > 0 && (
                <table class="stats-table breakdown-table" data-testid="legal-status-details">
                  <caption>{t('analysis.legal_status_details')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('analysis.group')}</th>
                      <th scope="col" class="num">
                        {t('analysis.people')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.legal_status_details.map((d) => (
                      <tr key={d.detail}>
                        <th scope="row" dir="auto">
                          {d.detail}
                        </th>
                        <td class="num">{formatNumber(d.count, lang)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          </section>

          <section aria-labelledby="answers-h">
            <h2 id="answers-h">{t('analysis.answers')}</h2>
            {cross && <p class="hint">{t('analysis.crossed_by', { breakdown: t(BREAKDOWN_TITLES[cross]) })}</p>}
            <ol class="question-stats-list">
              {data.questions.map((q, i) => (
                <QuestionCard key={q.id} q={withMergedLabel(q, t('analysis.suppressed_values'))} n={i + 1} threshold={threshold} cross={cross} labels={labels} lang={lang} />
              ))}
            </ol>
          </section>
          {suppressed && threshold != null && <SuppressionLegend threshold={threshold} />}
        </>
      )}
    </div>
  );
}

function QuestionCard({ q, n, threshold, cross, labels, lang }: { q: QuestionStats; n: number; threshold: number | null | undefined; cross: Breakdown | null; labels: GroupLabels; lang: Lang }) {
  const { t } = useI18n();
  const headingId = `qs-${q.id}`;
  const tableId = `qs-table-${q.id}`;
  const numeric = q.type === 'scale' || q.type === 'number';
  return (
    <li class="card question-stats" data-testid="question-stats" data-id={q.id} aria-labelledby={headingId}>
      <h3 id={headingId}>
        <span class="q-number">{formatNumber(n, lang)}.</span> <span dir="auto">{q.text}</span>
        {q.sensitive && (
          <span class="pill pill-sensitive" data-testid="sensitive">
            {t('analysis.sensitive')}
          </span>
        )}
      </h3>
      <p class="question-meta">
        <span>{t(`templates.type.${q.type}`)}</span>
        <span>
          {t('analysis.answered')}{' '}
          <strong data-testid="answered" data-suppressed={q.answered.suppressed ? 'true' : undefined} dir="ltr">
            {cellText(q.answered, threshold, lang)}
          </strong>
        </span>
      </p>
      {numeric && (
        <p class="averages" data-testid="averages">
          {q.stats_suppressed ? (
            t('analysis.stats_suppressed')
          ) : q.mean != null ? (
            <>
              {t('analysis.mean')} <strong>{formatNumber(q.mean, lang)}</strong> · {t('analysis.median')} <strong>{formatNumber(q.median ?? 0, lang)}</strong>
            </>
          ) : null}
        </p>
      )}
      {q.options.length > 0 ? (
        <div class="chart-and-table">
          <BarChart q={q} threshold={threshold} lang={lang} tableId={tableId} />
          <OptionsTable question={q} threshold={threshold} caption={t('analysis.table_caption', { question: q.text })} id={tableId} />
        </div>
      ) : (
        <p class="hint">{q.type === 'text' || q.type === 'date' ? t('analysis.no_counts_text') : t('analysis.no_answers')}</p>
      )}
      {cross && q.options.length > 0 && (
        <CrossTable question={q} breakdown={cross} labels={labels} threshold={threshold} caption={t('analysis.cross_caption', { breakdown: t(BREAKDOWN_TITLES[cross]) })} />
      )}
    </li>
  );
}

type ChartModule = typeof import('./barChart');
let chartModule: Promise<ChartModule> | null = null;
const loadChart = () => (chartModule ??= import('./barChart').catch((e: unknown) => {
  chartModule = null;
  throw e;
}));

/** A canvas bar chart of a question's option counts (Chart.js is fetched with the first one). */
function BarChart({ q, threshold, lang, tableId }: { q: QuestionStats; threshold: number | null | undefined; lang: Lang; tableId: string }) {
  const { t } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const data = chartData(q.options, t('analysis.hidden_in_chart', { n: formatNumber(threshold ?? 0, lang) }));
  const key = JSON.stringify([data, lang]);
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    let chart: { destroy(): void } | null = null;
    let live = true;
    loadChart().then(
      (m) => {
        if (!live) return;
        const narrow = (el.parentElement?.clientWidth ?? 0) < 480;
        chart = m.drawBars(el, {
          labels: data.labels.map((l) => wrapLabel(l, narrow ? LABEL_WIDTH.narrow : LABEL_WIDTH.wide)),
          values: data.values,
          rtl: dirOf(lang) === 'rtl',
          locale: lang,
          valueLabel: (v) => t('analysis.people_n', { n: formatNumber(v, lang) }),
        });
      },
      () => undefined, // no chart: the table beside it has the numbers
    );
    return () => {
      live = false;
      chart?.destroy();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  const height = chartHeight(data.labels);
  return (
    <div class="chart-box" style={{ blockSize: `${height}px` }} data-testid="chart">
      <canvas ref={canvas} role="img" aria-label={t('analysis.chart_label', { question: q.text })} aria-describedby={tableId} />
    </div>
  );
}

/** Filename from Content-Disposition, if the server sent one. */
function filenameOf(response: Response): string | null {
  const header = response.headers.get('Content-Disposition') ?? '';
  const m = /filename="?([^";]+)"?/i.exec(header);
  return m?.[1] ?? null;
}

function Downloads({ query, analyst }: { query: Query; analyst: boolean }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'tables' | 'answers' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const get = async (kind: 'tables' | 'answers') => {
    if (busy) return;
    setBusy(kind);
    setError(null);
    setDone(null);
    try {
      const call =
        kind === 'tables'
          ? api.GET('/api/v1/interviews/analysis/tables.csv', { params: { query }, parseAs: 'blob' })
          : api.GET('/api/v1/interviews/analysis/answers.csv', { params: { query }, parseAs: 'blob' });
      const { data, error: problem, response } = await call;
      if (!response.ok || !data) throw new ApiError(response.status, problem);
      const name = filenameOf(response) ?? `skupaj-interview-${kind}.csv`;
      download(data, name);
      setDone(t('analysis.downloaded', { file: name }));
    } catch (e) {
      setError(t(problemKey(e)));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="downloads">
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void get('tables')} disabled={busy !== null} data-testid="download-tables">
          {busy === 'tables' ? t('common.working') : t('analysis.download_tables')}
        </button>
        <button type="button" class="secondary" onClick={() => void get('answers')} disabled={busy !== null} data-testid="download-answers">
          {busy === 'answers' ? t('common.working') : t('analysis.download_answers')}
        </button>
      </div>
      <p class="hint">{analyst ? t('analysis.answers_pseudonymised') : t('analysis.answers_hint')}</p>
      {error && <ErrorMessage>{error}</ErrorMessage>}
      {done && <SuccessMessage>{done}</SuccessMessage>}
    </div>
  );
}
