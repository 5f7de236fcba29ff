import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { Role } from '../api/client';
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
import { isSkillLevel, rememberSkillLabel, skillLabel, type SkillLevel } from '../skills/model';
import { SkillPicker } from '../skills/SkillPicker';
import { displayName, listFilters, participantRef, seesLegalStatus, seesNames, type ListFilter } from './common';
import { listParticipants, type ListQuery, type ParticipantView } from './model';

/** Rows per request: the list grows with "Load more"; the server filters and pages. */
export const PAGE_SIZE = 50;
/** How long typing pauses before the search is sent. */
export const SEARCH_DELAY_MS = 350;

export const SORTS = ['name', '-name', '-created', 'created', 'updated'] as const;
type Sort = (typeof SORTS)[number];
const SORT_LABELS = {
  name: 'participants.sort_name',
  '-name': 'participants.sort_name_desc',
  '-created': 'participants.sort_newest',
  created: 'participants.sort_oldest',
  updated: 'participants.sort_updated',
} as const satisfies Record<Sort, string>;
const isSort = (v: unknown): v is Sort => (SORTS as readonly unknown[]).includes(v);

export interface ListFilters {
  q: string;
  status: '' | 'archived';
  legal_status: string;
  language: string;
  need: string;
  municipality: string;
  arrived_from: string;
  arrived_to: string;
  /** Skill concept URIs, comma-separated. */
  skills: string;
  min_level: '' | SkillLevel;
  match: '' | 'any';
  sort: Sort;
}

const FILTER_OF: Record<Exclude<keyof ListFilters, 'sort'>, ListFilter> = {
  q: 'q',
  status: 'status',
  legal_status: 'legal_status',
  language: 'language',
  need: 'need',
  municipality: 'municipality',
  arrived_from: 'arrived',
  arrived_to: 'arrived',
  skills: 'skills',
  min_level: 'skills',
  match: 'skills',
};
/** The server takes at most 20 skills in one filter. */
export const MAX_SKILLS = 20;
export const skillList = (skills: string) => skills.split(',').map((s) => s.trim()).filter(Boolean);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function defaultSort(role: Role | null | undefined): Sort {
  return seesNames(role) ? 'name' : '-created';
}

/** The filters in the page's address (so Back returns to the same list), limited to what the role may use. */
export function filtersFrom(query: Record<string, string | undefined>, role: Role | null | undefined): ListFilters {
  const allowed = listFilters(role);
  const get = (key: Exclude<keyof ListFilters, 'sort'>) => (allowed.includes(FILTER_OF[key]) ? (query[key] ?? '') : '');
  const sort = query.sort;
  return {
    q: get('q'),
    status: get('status') === 'archived' ? 'archived' : '',
    legal_status: get('legal_status'),
    language: get('language'),
    need: get('need'),
    municipality: get('municipality'),
    arrived_from: DATE.test(get('arrived_from')) ? get('arrived_from') : '',
    arrived_to: DATE.test(get('arrived_to')) ? get('arrived_to') : '',
    skills: skillList(get('skills')).slice(0, MAX_SKILLS).join(','),
    min_level: isSkillLevel(get('min_level')) ? (get('min_level') as SkillLevel) : '',
    match: get('match') === 'any' ? 'any' : '',
    sort: isSort(sort) && (seesNames(role) || !sort.includes('name')) ? sort : defaultSort(role),
  };
}

/** The page address for filters (empty ones and the default sort left out). */
export function listPath(f: ListFilters, role: Role | null | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(f)) {
    if (key === 'sort' ? value !== defaultSort(role) : value.trim()) params.set(key, value.trim());
  }
  const search = params.toString();
  return search ? `/participants?${search}` : '/participants';
}

/** The query for GET /participants: empty filters left out. */
export function listQuery(f: ListFilters, cursor?: string): ListQuery {
  const q: ListQuery = { limit: PAGE_SIZE, sort: f.sort };
  const set = <K extends keyof ListQuery>(key: K, value: string) => {
    if (value.trim()) q[key] = value.trim() as ListQuery[K];
  };
  set('q', f.q);
  if (f.status) q.status = f.status;
  set('legal_status', f.legal_status);
  set('language', f.language);
  set('need', f.need);
  set('municipality', f.municipality);
  set('arrived_from', f.arrived_from);
  set('arrived_to', f.arrived_to);
  if (f.skills) {
    q.skills = f.skills;
    if (f.min_level) q.min_level = f.min_level;
    if (f.match) q.match = f.match;
  }
  if (cursor) q.cursor = cursor;
  return q;
}

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

/** The labels of skills in the filter: known when picked, else asked for (a link or a reload). */
function useSkillLabels(uris: string[]): [Record<string, string>, (uri: string, label: string) => void] {
  const { lang } = useI18n();
  const [labels, setLabels] = useState<Record<string, string>>({});
  const known = useRef<Record<string, string>>({});
  known.current = labels;
  const key = `${lang}|${uris.join(',')}`;
  useEffect(() => {
    let live = true;
    for (const uri of uris) {
      if (known.current[`${lang}|${uri}`]) continue;
      skillLabel(uri, lang).then(
        (label) => live && setLabels((m) => ({ ...m, [`${lang}|${uri}`]: label })),
        () => undefined, // the chip shows the URI
      );
    }
    return () => {
      live = false;
    };
  }, [key]);
  const byUri = Object.fromEntries(uris.map((u) => [u, labels[`${lang}|${u}`] ?? u]));
  return [
    byUri,
    (uri, label) => {
      rememberSkillLabel(uri, lang, label);
      setLabels((m) => ({ ...m, [`${lang}|${uri}`]: label }));
    },
  ];
}

/** "Has skills": a skill picker, the chosen skills as removable chips, the least level, all or any. */
function SkillFilter({ filters, apply }: { filters: ListFilters; apply: (change: Partial<ListFilters>) => void }) {
  const { t } = useI18n();
  const codes = useCodeLists(['skill-levels']);
  const uris = skillList(filters.skills);
  const [labels, remember] = useSkillLabels(uris);
  const set = (next: string[]) => apply(next.length ? { skills: next.join(',') } : { skills: '', min_level: '', match: '' });
  return (
    <fieldset class="skill-filter" data-testid="skill-filter">
      <legend>{t('participants.skills_filter')}</legend>
      <SkillPicker
        id="p-skills"
        kind="skills"
        label={t('skills.skill')}
        hint={t('participants.skills_filter_hint')}
        clearOnPick
        onPick={(hit) => {
          if (!hit || uris.includes(hit.uri) || uris.length >= MAX_SKILLS) return;
          remember(hit.uri, hit.label);
          set([...uris, hit.uri]);
        }}
        testId="skill-filter-picker"
      />
      {uris.length > 0 && (
        <>
          <ul class="tag-list chips" data-testid="skill-chips">
            {uris.map((uri) => (
              <li key={uri} data-uri={uri}>
                <bdi>{labels[uri]}</bdi>
                <button
                  type="button"
                  class="chip-remove"
                  aria-label={t('participants.remove_skill_filter', { skill: labels[uri] ?? uri })}
                  onClick={() => set(uris.filter((u) => u !== uri))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <SelectField id="p-min-level" label={t('participants.min_level')} value={filters.min_level} onValue={(v) => apply({ min_level: isSkillLevel(v) ? v : '' })}>
            <option value="">{t('participants.any')}</option>
            {codes.items('skill-levels').map((i) => (
              <option key={i.code} value={i.code}>
                {i.label}
              </option>
            ))}
          </SelectField>
          {uris.length > 1 && (
            <SelectField id="p-match" label={t('participants.match')} value={filters.match} onValue={(v) => apply({ match: v === 'any' ? 'any' : '' })}>
              <option value="">{t('participants.match_all')}</option>
              <option value="any">{t('participants.match_any')}</option>
            </SelectField>
          )}
        </>
      )}
    </fieldset>
  );
}
