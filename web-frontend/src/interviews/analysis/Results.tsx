// A report of the analysis: its numbers (how many interviews and people, the lengths of stay), and
// one card a question with its chart (Chart.js, fetched with the first one) and its tables.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { formatDay } from '../../format';
import { dirOf, useI18n, type Lang } from '../../i18n';
import type { Analysis as AnalysisData, AnalysisQuery, Breakdown, QuestionStats } from '../model';
import {
  BREAKDOWN_TITLES,
  BREAKDOWNS,
  BreakdownTable,
  cellText,
  chartData,
  chartHeight,
  CrossTable,
  formatNumber,
  hasSuppressed,
  OptionsTable,
  stayText,
  SuppressionLegend,
  withMergedLabel,
  withStayBands,
  type GroupLabels,
} from './analysisTables';
import { LABEL_WIDTH, wrapLabel } from './chartLabels';
import { Downloads } from './Downloads';

export function Results({ data, refreshing, labels: codeLabels, query, analyst, lang }: { data: AnalysisData; refreshing: boolean; labels: GroupLabels; query: AnalysisQuery; analyst: boolean; lang: Lang }) {
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
