import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { useCodeLists } from '../api/codeLists';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { takeFlash } from '../components/flash';
import { SelectField, SuccessMessage, TextField } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { PagedSection } from '../components/PagedSection';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { displayName, listFilters, participantRef, seesLegalStatus, seesNames, type ListFilter } from './common';
import { filtersFrom, isSort, listPath, listQuery, SORT_LABELS, SORTS, type ListFilters } from './listFilters';
import { listParticipants, type ParticipantView } from './model';
import { SkillFilter } from './SkillFilter';

/** How long typing pauses before the search is sent. */
export const SEARCH_DELAY_MS = 350;

export default function Participants() {
  const { t, lang } = useI18n();
  useTitle(t('participants.title'));
  const { me } = useAuth();
  const role = me?.role;
  const { query, route } = useLocation();
  const allowed = listFilters(role);
  const has = (f: ListFilter) => allowed.includes(f);
  const filters = filtersFrom(query, role);
  const key = JSON.stringify(filters);
  const codes = useCodeLists(['languages', 'legal-statuses', 'needs', 'skill-levels']);
  const [notice] = useState(() => takeFlash());

  const list = usePaged<ParticipantView>(
    (cursor) => listParticipants(listQuery(filters, cursor)),
    [key],
    { keepOnChange: true },
  );

  // What is typed in the text filters, sent after a pause.
  const [draft, setDraft] = useState({ q: filters.q, municipality: filters.municipality });
  const latest = useRef(filters);
  latest.current = filters;
  const apply = (change: Partial<ListFilters>) => route(listPath({ ...latest.current, ...change }, role), true);
  useEffect(() => {
    if (draft.q === latest.current.q && draft.municipality === latest.current.municipality) return;
    const timer = setTimeout(() => apply(draft), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [draft.q, draft.municipality]);

  const showLegal = seesLegalStatus(role) || (list.state === 'ready' && list.data.items.some((p) => p.legal_status));
  const activeFilters = useMemo(
    () =>
      (['status', 'legal_status', 'language', 'need', 'municipality', 'arrived_from', 'arrived_to', 'skills'] as const).filter(
        (k) => filters[k],
      ).length,
    [key],
  );

  if (list.state === 'forbidden') return <NotReady load={list} />;

  const clear = () => {
    setDraft({ q: '', municipality: '' });
    route(
      listPath(
        { ...filters, status: '', legal_status: '', language: '', need: '', municipality: '', arrived_from: '', arrived_to: '', q: '', skills: '', min_level: '', match: '' },
        role,
      ),
      true,
    );
  };
  const codeOptions = (name: 'languages' | 'legal-statuses' | 'needs') =>
    codes.items(name).map((i) => (
      <option key={i.code} value={i.code}>
        {i.label}
      </option>
    ));
  const rangeWrong = filters.arrived_from && filters.arrived_to && filters.arrived_from > filters.arrived_to;
  const filtered = activeFilters > 0 || filters.q !== '';

  return (
    <>
      <div class="page-head">
        <h1>{t('participants.title')}</h1>
        {can(role, 'participants.create') && (
          <div class="actions">
            <a class="button-link" href="/participants/new" data-testid="new-participant">
              {t('participants.new')}
            </a>
            {can(role, 'participants.import') && (
              <a class="button-link secondary" href="/participants/import" data-testid="import-link">
                {t('participants.import_link')}
              </a>
            )}
          </div>
        )}
      </div>
      {notice && <SuccessMessage testId="participants-notice">{notice}</SuccessMessage>}

      <form
        class="list-tools"
        role="search"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
        data-testid="participant-search"
      >
        {has('q') && (
          <TextField
            id="p-q"
            type="search"
            label={t('participants.search')}
            hint={t('participants.search_hint')}
            value={draft.q}
            onValue={(q) => setDraft((d) => ({ ...d, q }))}
            autoComplete="off"
            dir="auto"
            maxLength={100}
            enterKeyHint="search"
          />
        )}
        {/* Pseudonymised lists come in pseudonym order whatever is asked (an order
            by creation or change would line up the pseudonyms of different keys). */}
        {seesNames(role) && (
          <SelectField id="p-sort" label={t('participants.sort')} value={filters.sort} onValue={(v) => isSort(v) && apply({ sort: v })}>
            {SORTS.map((s) => (
              <option key={s} value={s}>
                {t(SORT_LABELS[s])}
              </option>
            ))}
          </SelectField>
        )}
      </form>

      {allowed.some((f) => f !== 'q') && (
        <details class="card filters" open={activeFilters > 0 || undefined}>
          <summary>
            {activeFilters > 0 ? t('participants.filters_active', { n: activeFilters }) : t('participants.filters')}
          </summary>
          <div class="form filter-grid" data-testid="participant-filters">
            {has('status') && (
              <SelectField id="p-status" label={t('participants.status')} value={filters.status} onValue={(v) => apply({ status: v === 'archived' ? 'archived' : '' })}>
                <option value="">{t('participants.status_active')}</option>
                <option value="archived">{t('participants.status_archived')}</option>
              </SelectField>
            )}
            {has('language') && (
              <SelectField id="p-language" label={t('participants.field.language')} value={filters.language} onValue={(language) => apply({ language })}>
                <option value="">{t('participants.any')}</option>
                {codeOptions('languages')}
              </SelectField>
            )}
            {has('legal_status') && (
              <SelectField id="p-legal" label={t('participants.field.legal_status')} value={filters.legal_status} onValue={(legal_status) => apply({ legal_status })}>
                <option value="">{t('participants.any')}</option>
                {codeOptions('legal-statuses')}
              </SelectField>
            )}
            {has('need') && (
              <SelectField id="p-need" label={t('participants.need')} value={filters.need} onValue={(need) => apply({ need })}>
                <option value="">{t('participants.any')}</option>
                {codeOptions('needs')}
              </SelectField>
            )}
            {has('municipality') && (
              <TextField
                id="p-municipality"
                label={t('participants.field.municipality')}
                hint={t('participants.municipality_hint')}
                value={draft.municipality}
                onValue={(municipality) => setDraft((d) => ({ ...d, municipality }))}
                autoComplete="off"
                dir="auto"
                maxLength={100}
              />
            )}
            {has('arrived') && (
              <>
                <TextField id="p-from" type="date" label={t('participants.arrived_from')} value={filters.arrived_from} onValue={(arrived_from) => apply({ arrived_from })} />
                <TextField
                  id="p-to"
                  type="date"
                  label={t('participants.arrived_to')}
                  value={filters.arrived_to}
                  onValue={(arrived_to) => apply({ arrived_to })}
                  error={rangeWrong ? t('audit.to_before_from') : null}
                />
              </>
            )}
            {has('skills') && <SkillFilter filters={filters} apply={apply} />}
            <div class="actions">
              <button type="button" class="secondary" onClick={clear} data-testid="clear-filters">
                {t('audit.clear')}
              </button>
            </div>
          </div>
        </details>
      )}
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}

      <PagedSection
        headingId="participants-heading"
        heading={t('participants.list_heading')}
        paged={list}
        empty={<p data-testid="participants-empty">{filtered ? t('participants.none_filtered') : t('participants.none')}</p>}
      >
        {({ items, next, refreshing }) => (
          <>
            <p class="hint" role="status" data-testid="participants-count">
              {refreshing
                ? t('common.loading')
                : next
                  ? t('participants.shown_more', { n: items.length })
                  : t('participants.shown', { n: items.length })}
            </p>
            <table class="data-table participants-table" data-testid="participants-table">
              <thead>
                <tr>
                  <th scope="col">{seesNames(role) ? t('participants.field.name') : t('participants.pseudonym')}</th>
                  <th scope="col">{t('participants.field.languages')}</th>
                  <th scope="col">{t('participants.field.municipality')}</th>
                  {showLegal && <th scope="col">{t('participants.field.legal_status')}</th>}
                </tr>
              </thead>
              <tbody>
                {items.map((p) => (
                  <tr key={participantRef(p)} data-testid="participant-row" data-id={participantRef(p)}>
                    <td class="primary">
                      <a href={`/participants/${encodeURIComponent(participantRef(p))}`} dir="auto">
                        {displayName(p, t)}
                      </a>
                      {p.status === 'archived' && <span class="badge">{t('participants.status_archived')}</span>}
                    </td>
                    <td data-label={t('participants.field.languages')}>
                      {p.languages?.length ? (
                        <span>{p.languages.map((l) => codes.label('languages', l.language)).join(lang === 'ar' || lang === 'fa' ? '، ' : ', ')}</span>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td data-label={t('participants.field.municipality')}>
                      {p.municipality ? <bdi>{p.municipality}</bdi> : <span class="muted">—</span>}
                    </td>
                    {showLegal && (
                      <td data-label={t('participants.field.legal_status')}>
                        {p.legal_status ? codes.label('legal-statuses', p.legal_status) : <span class="muted">—</span>}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </PagedSection>
    </>
  );
}
