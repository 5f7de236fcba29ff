// One year's outcomes per programme (rows) and outcome kind (columns), with
// the programme's total, its applications and the rate; a hidden (suppressed)
// cell shows "–", explained by the legend under the tables.
import { useI18n } from '../../i18n';
import type { Cell, OutcomeStats, PeriodStats } from './api';

/** A dash for a hidden count. */
export const HIDDEN = '–';

type Label = (list: 'opportunity-kinds' | 'outcome-kinds', code: string) => string;

function Count({ cell, fmt }: { cell: Cell; fmt: Intl.NumberFormat }) {
  const { t } = useI18n();
  if (cell.suppressed)
    return (
      <td data-testid="suppressed" title={t('outcomes.hidden_short')}>
        <span aria-hidden="true">{HIDDEN}</span>
        <span class="visually-hidden">{t('outcomes.hidden_short')}</span>
      </td>
    );
  return <td>{fmt.format(cell.count ?? 0)}</td>;
}

function Year({ y, kinds, label }: { y: PeriodStats; kinds: OutcomeStats['kinds']; label: Label }) {
  const { t, lang } = useI18n();
  const fmt = new Intl.NumberFormat(lang);
  const pct = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <section class="outcome-year" data-testid="year" data-year={y.year} aria-labelledby={`year-${y.year}`}>
      <h2 id={`year-${y.year}`}>{y.year}</h2>
      <p class="opp-meta">{t('outcomes.year_totals', { outcomes: fmt.format(y.outcomes_total), applications: fmt.format(y.applications_total) })}</p>
      <div class="outcome-table-wrap" tabIndex={0} role="region" aria-labelledby={`year-${y.year}`}>
        <table class="outcome-table">
          <thead>
            <tr>
              <th scope="col">{t('outcomes.programme')}</th>
              {kinds.map((k) => (
                <th scope="col" key={k}>
                  {label('outcome-kinds', k)}
                </th>
              ))}
              <th scope="col">{t('outcomes.total')}</th>
              <th scope="col">{t('outcomes.applications')}</th>
              <th scope="col">{t('outcomes.rate')}</th>
            </tr>
          </thead>
          <tbody>
            {y.programmes.map((r) => (
              <tr key={r.programme} data-testid="programme-row" data-programme={r.programme}>
                <th scope="row">{label('opportunity-kinds', r.programme)}</th>
                {r.outcomes.map((c, i) => (
                  <Count key={kinds[i] ?? i} cell={c} fmt={fmt} />
                ))}
                <Count cell={r.outcomes_total} fmt={fmt} />
                <Count cell={r.applications} fmt={fmt} />
                <td data-testid="rate">{r.rate_percent == null ? HIDDEN : `${pct.format(r.rate_percent)} %`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function StatsTable({ stats, label }: { stats: OutcomeStats; label: Label }) {
  const { t } = useI18n();
  if (stats.years.length === 0)
    return (
      <p class="empty" data-testid="no-stats">
        {t('outcomes.no_stats')}
      </p>
    );
  return (
    <div data-testid="outcome-stats">
      {stats.years.map((y) => (
        <Year key={y.year} y={y} kinds={stats.kinds} label={label} />
      ))}
      <p class="hint" data-testid="legend">
        {HIDDEN} {t('outcomes.legend', { n: stats.suppression_threshold })}
      </p>
    </div>
  );
}
