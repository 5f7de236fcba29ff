// /meetings/report: the coordinator's list of meetings with attendance and
// satisfaction for a month (or any period), its totals, and the ratings
// summarised by kind or month. A table on a wide screen, cards on a phone.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { useCodeLists, type CodeLists } from '../../api/codeLists';
import { SelectField, TextField } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n, type Lang } from '../../i18n';
import { HIDDEN_MARK, formatNumber } from '../../interviews/analysis/analysisTables';
import { formatDay } from '../../format';
import { formatMonth, formatTime, isDay, today } from '../calendar';
import { isKind } from '../model';
import { getSummary, hasHidden, listStats, reportPath, reportState, shiftMonth, tallest, totals, type FeedbackGroup, type FeedbackSummary, type MeetingStats, type ReportState } from './model';
import '../meetings.css';
import './report.css';

export default function Report() {
  const { t, lang } = useI18n();
  useTitle(t('meeting_report.title'));
  const { query, route } = useLocation();
  const now = today();
  const state = reportState(query, now);
  const go = (change: Partial<ReportState>) => route(reportPath({ ...state, ...change }, now), true);
  const codes = useCodeLists(['meeting-kinds']);
  const key = `${state.period.from}|${state.period.to}|${state.kind}`;
  const rows = useLoad(() => listStats(state, lang), [key, lang], { keepOnChange: true });
  const summary = useLoad(() => getSummary(state, lang), [key, state.by, lang], { keepOnChange: true });
  const [choosing, setChoosing] = useState(state.period.kind === 'range');

  if (rows.state === 'forbidden') return <NotReady load={rows} />;
  const p = state.period;
  return (
    <div class="meeting-report" data-testid="meeting-report">
      <p class="breadcrumb">
        <a href="/meetings">{t('meetings.back_to_agenda')}</a>
      </p>
      <h1>{t('meeting_report.title')}</h1>

      <div class="report-bar">
        <div class="month-nav" data-testid="report-month-nav">
          <button type="button" class="secondary icon" onClick={() => go({ period: shiftMonth(p, -1) })} aria-label={t('meetings.previous_month')} data-testid="previous-month">
            <span aria-hidden="true">‹</span>
          </button>
          <h2 class="month-name" aria-live="polite" data-testid="report-period">
            {p.kind === 'month'
              ? formatMonth(p.month, lang)
              : p.from === p.to
                ? formatDay(p.from, lang)
                : t('meeting_report.range', { from: formatDay(p.from, lang), to: formatDay(p.to, lang) })}
          </h2>
          <button type="button" class="secondary icon" onClick={() => go({ period: shiftMonth(p, 1) })} aria-label={t('meetings.next_month')} data-testid="next-month">
            <span aria-hidden="true">›</span>
          </button>
        </div>
        <button type="button" class="secondary" aria-expanded={choosing ? 'true' : 'false'} onClick={() => setChoosing(!choosing)} data-testid="choose-dates">
          {t('meeting_report.choose_dates')}
        </button>
      </div>
      {choosing && <RangeForm state={state} onRange={(from, to) => go({ period: { kind: 'range', from, to } })} />}

      <form class="agenda-filters" role="search" aria-label={t('meetings.filters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField id="r-kind" label={t('meetings.field.kind')} value={state.kind} onValue={(k) => go({ kind: isKind(k) ? k : '' })}>
          <option value="">{t('meetings.all_kinds')}</option>
          {codes.items('meeting-kinds').map((i) => (
            <option key={i.code} value={i.code}>
              {i.label}
            </option>
          ))}
        </SelectField>
      </form>

      <section aria-labelledby="report-meetings-heading" aria-busy={rows.state === 'ready' && rows.refreshing ? 'true' : undefined} data-testid="report-meetings">
        <h2 id="report-meetings-heading">{t('meeting_report.meetings')}</h2>
        {rows.state !== 'ready' ? (
          <NotReady load={rows} inline />
        ) : rows.data.length === 0 ? (
          <p class="empty" data-testid="report-empty">
            {t('meeting_report.none')}
          </p>
        ) : (
          <>
            <TotalsView rows={rows.data} lang={lang} />
            <StatsTable rows={rows.data} codes={codes} lang={lang} />
          </>
        )}
      </section>

      <section aria-labelledby="satisfaction-heading" aria-busy={summary.state === 'ready' && summary.refreshing ? 'true' : undefined} data-testid="satisfaction">
        <div class="section-head">
          <h2 id="satisfaction-heading">{t('meeting_report.satisfaction')}</h2>
          <div class="view-switch" role="group" aria-label={t('meeting_report.group_by')} data-testid="summary-by">
            {(['kind', 'period'] as const).map((by) => (
              <button key={by} type="button" class={state.by === by ? '' : 'secondary'} aria-pressed={state.by === by ? 'true' : 'false'} onClick={() => go({ by })} data-testid={`by-${by}`}>
                {by === 'kind' ? t('meeting_report.by_kind') : t('meeting_report.by_month')}
              </button>
            ))}
          </div>
        </div>
        {summary.state !== 'ready' ? <NotReady load={summary} inline /> : <SummaryView summary={summary.data} lang={lang} />}
      </section>
    </div>
  );
}

/** From and to, chosen as dates. */
function RangeForm({ state, onRange }: { state: ReportState; onRange: (from: string, to: string) => void }) {
  const { t } = useI18n();
  const [from, setFrom] = useState(state.period.from);
  const [to, setTo] = useState(state.period.to);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="range-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!isDay(from) || !isDay(to)) return setError(t('field_error.required'));
        if (from > to) return setError(t('meeting_report.to_before_from'));
        setError(null);
        onRange(from, to);
      }}
      noValidate
      data-testid="range-form"
    >
      <TextField id="r-from" type="date" label={t('meeting_report.from')} value={from} onValue={setFrom} />
      <TextField id="r-to" type="date" label={t('meeting_report.to')} value={to} onValue={setTo} error={error} />
      <button type="submit" data-testid="show-range">
        {t('meeting_report.show')}
      </button>
    </form>
  );
}

const n = (x: number, lang: Lang) => formatNumber(x, lang);
const mean = (x: number | null | undefined, lang: Lang) => (x == null ? '–' : formatNumber(x, lang, 1));

/** The period's sums, as figures above the table. */
function TotalsView({ rows, lang }: { rows: MeetingStats[]; lang: Lang }) {
  const { t } = useI18n();
  const sum = totals(rows);
  const figures: [string, string, string][] = [
    ['meetings', t('meeting_report.total_meetings'), n(sum.meetings, lang)],
    ['registered', t('meeting_report.col_registered'), n(sum.registered + sum.booked, lang)],
    ['attended', t('meeting_report.col_attended'), n(sum.attended, lang)],
    ['no_show', t('meeting_report.col_no_show'), n(sum.no_show, lang)],
    ['guests', t('meeting_report.col_guests'), n(sum.guests, lang)],
    ['ratings', t('meeting_report.col_ratings'), n(sum.ratings, lang)],
    ['mean', t('meeting_report.col_mean'), mean(sum.mean, lang)],
  ];
  return (
    <dl class="totals" aria-label={t('meeting_report.totals')} data-testid="totals">
      {figures.map(([key, label, value]) => (
        <div key={key} class="total" data-key={key}>
          <dt>{label}</dt>
          <dd data-testid={`total-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** One row a meeting: a table on a wide screen, a card each on a phone (data-table). */
function StatsTable({ rows, codes, lang }: { rows: MeetingStats[]; codes: CodeLists; lang: Lang }) {
  const { t } = useI18n();
  const cols = {
    date: t('meeting_report.col_date'),
    kind: t('meetings.field.kind'),
    registered: t('meeting_report.col_registered'),
    attended: t('meeting_report.col_attended'),
    no_show: t('meeting_report.col_no_show'),
    guests: t('meeting_report.col_guests'),
    ratings: t('meeting_report.col_ratings'),
    mean: t('meeting_report.col_mean'),
  };
  return (
    <table class="data-table report-table" data-testid="report-table">
      <caption class="visually-hidden">{t('meeting_report.meetings')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('meetings.field.title')}</th>
          <th scope="col">{cols.date}</th>
          <th scope="col">{cols.kind}</th>
          <th scope="col" class="num">
            {cols.registered}
          </th>
          <th scope="col" class="num">
            {cols.attended}
          </th>
          <th scope="col" class="num">
            {cols.no_show}
          </th>
          <th scope="col" class="num">
            {cols.guests}
          </th>
          <th scope="col" class="num">
            {cols.ratings}
          </th>
          <th scope="col" class="num">
            {cols.mean}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.meeting_id} class={`status-${r.status}`} data-testid="report-row" data-id={r.meeting_id}>
            <td class="primary">
              <a href={`/meetings/${r.meeting_id}`} dir="auto">
                {r.title}
              </a>
              {r.status === 'cancelled' && <span class="status-badge status-cancelled">{t('meetings.cancelled')}</span>}
            </td>
            <td data-label={cols.date} class="nowrap">
              <span>
                {formatDay(r.start_local.slice(0, 10), lang)} <bdi>{formatTime(r.start_local, lang)}</bdi>
              </span>
            </td>
            <td data-label={cols.kind}>
              <span>{codes.label('meeting-kinds', r.kind)}</span>
            </td>
            <td data-label={cols.registered} class="num" data-testid="registered">
              <span>
                {n(r.registered + r.booked, lang)}
                {r.waiting > 0 && <span class="hint"> {t('meeting_report.waiting_n', { n: n(r.waiting, lang) })}</span>}
              </span>
            </td>
            <td data-label={cols.attended} class="num" data-testid="attended">
              <span>{n(r.attended, lang)}</span>
            </td>
            <td data-label={cols.no_show} class="num" data-testid="no_show">
              <span>{n(r.no_show, lang)}</span>
            </td>
            <td data-label={cols.guests} class="num" data-testid="guests">
              <span>{n(r.guests, lang)}</span>
            </td>
            <td data-label={cols.ratings} class="num" data-testid="ratings">
              <span>{n(r.ratings, lang)}</span>
            </td>
            <td data-label={cols.mean} class="num" data-testid="mean">
              <span>{mean(r.mean_rating, lang)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A number of the summary, or the mark for a hidden one. */
function Value({ value, hidden, digits = 0, lang }: { value: number | null | undefined; hidden: boolean; digits?: number; lang: Lang }) {
  const { t } = useI18n();
  if (value == null && hidden) {
    return (
      <abbr class="hidden-value" title={t('meeting_report.hidden_title')} dir="ltr" data-suppressed="true">
        {HIDDEN_MARK}
      </abbr>
    );
  }
  return <>{value == null ? '–' : formatNumber(value, lang, digits)}</>;
}

/** The ratings by kind or month: how many, mean, median, and their spread from 1 to 10. */
function SummaryView({ summary, lang }: { summary: FeedbackSummary; lang: Lang }) {
  const { t } = useI18n();
  // Kinds or months nobody rated say nothing: left out (hidden ones stay, marked).
  const groups = summary.groups.filter((g) => g.suppressed || (g.count ?? 0) > 0);
  if (groups.length === 0) {
    return (
      <p class="empty" data-testid="summary-empty">
        {t('meeting_report.no_ratings')}
      </p>
    );
  }
  const cols = { count: t('meeting_report.col_ratings'), mean: t('meeting_report.mean'), median: t('meeting_report.median'), dist: t('meeting_report.distribution') };
  return (
    <>
      <table class="data-table summary-table" data-testid="summary-table">
        <caption class="visually-hidden">{t('meeting_report.satisfaction')}</caption>
        <thead>
          <tr>
            <th scope="col">{summary.by === 'period' ? t('meeting_report.month') : t('meetings.field.kind')}</th>
            <th scope="col" class="num">
              {cols.count}
            </th>
            <th scope="col" class="num">
              {cols.mean}
            </th>
            <th scope="col" class="num">
              {cols.median}
            </th>
            <th scope="col">{cols.dist}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key} data-testid="summary-row" data-key={g.key}>
              <td class="primary" dir="auto">
                {g.key === 'suppressed' ? t('meeting_report.smaller_groups') : g.label}
              </td>
              <td data-label={cols.count} class="num" data-testid="count">
                <span>
                  <Value value={g.count} hidden={g.suppressed} lang={lang} />
                </span>
              </td>
              <td data-label={cols.mean} class="num" data-testid="mean">
                <span>
                  <Value value={g.mean} hidden={g.stats_suppressed || g.suppressed} digits={1} lang={lang} />
                </span>
              </td>
              <td data-label={cols.median} class="num" data-testid="median">
                <span>
                  <Value value={g.median} hidden={g.stats_suppressed || g.suppressed} digits={1} lang={lang} />
                </span>
              </td>
              <td data-label={cols.dist}>
                <Distribution group={g} lang={lang} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {hasHidden(summary) && (
        <p class="suppression-legend" data-testid="suppression-legend">
          <strong class="legend-mark" dir="ltr">
            {HIDDEN_MARK}
          </strong>{' '}
          {t('meeting_report.suppressed_legend', { n: formatNumber(summary.suppression_threshold ?? 0, lang) })}
        </p>
      )}
    </>
  );
}

/** Ten small bars, one a rating from 1 to 10, as tall as their counts (hidden counts striped). */
export function Distribution({ group, lang }: { group: Pick<FeedbackGroup, 'distribution'>; lang: Lang }) {
  const { t } = useI18n();
  const max = tallest(group.distribution);
  const said = group.distribution.map((c) => `${formatNumber(c.rating, lang)}: ${c.count == null ? (c.suppressed ? HIDDEN_MARK : '–') : formatNumber(c.count, lang)}`);
  return (
    <div class="dist" role="img" aria-label={t('meeting_report.distribution_of', { list: said.join(', ') })} data-testid="distribution">
      {group.distribution.map((c, i) => (
        <span key={c.rating} class={`dist-col ${c.count == null && c.suppressed ? 'hidden' : ''}`} title={said[i]} data-rating={c.rating} data-count={c.count ?? ''}>
          <span class="dist-track">
            <span class="dist-bar" style={{ blockSize: c.count == null ? '100%' : `${Math.round((c.count / max) * 100)}%` }} />
          </span>
          <span class="dist-label" aria-hidden="true">
            {formatNumber(c.rating, lang)}
          </span>
        </span>
      ))}
    </div>
  );
}
