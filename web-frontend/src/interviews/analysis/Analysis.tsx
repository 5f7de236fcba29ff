import { useMemo } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { useCodeLists } from '../../api/codeLists';
import { formError } from '../../api/errors';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { SelectField, TextField } from '../../components/forms';
import { LoadError, Loading, NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n, type Lang } from '../../i18n';
import { getAnalysis, type AnalysisQuery, type Breakdown, type Template } from '../model';
import { useTemplates } from '../templates/useTemplates';
import { BREAKDOWN_LISTS, BREAKDOWN_TITLES, BREAKDOWNS, isBreakdown, NO_ANSWER_GROUPS, SUPPRESSED_GROUP, type GroupLabels } from './analysisTables';
import { Results } from './Results';
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
  const apiQuery = useMemo<AnalysisQuery | null>(() => {
    if (!templateId || periodWrong) return null;
    const q: AnalysisQuery = { template: templateId, lang };
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
