import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { api } from '../api/client';
import { useCodeLists } from '../api/codeLists';
import { ApiError, unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { download } from '../components/download';
import { setFlash, takeFlash } from '../components/flash';
import { ErrorMessage, SuccessMessage } from '../components/forms';
import { LoadError, Loading, NotReady } from '../components/NotReady';
import { Tabs } from '../components/Tabs';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import {
  CONSENT_VIEWS,
  displayName,
  FULL_VIEWS,
  NEEDS_VIEWS,
  ParticipantNotFound,
  participantRef,
  useMembers,
  viewNote,
} from './common';
import { ConsentsTab } from './ConsentsTab';
import { EraseDialog } from './EraseDialog';
import { HistoryTab } from './HistoryTab';
import { getParticipant, listParticipants, type ParticipantView } from './model';
import { LanguagesTab, NeedsTab, ProfileTab } from './ProfileTab';

const TABS = ['profile', 'languages', 'skills', 'needs', 'consents', 'interviews', 'history'] as const;
type TabKey = (typeof TABS)[number];
const isTab = (v: unknown): v is TabKey => (TABS as readonly unknown[]).includes(v);

/** /participants/:id, and /my-profile (the participant's own record). */
export default function ParticipantPage() {
  const { path, params } = useRoute();
  if (path === '/my-profile') return <OwnProfile />;
  return <Profile key={params.id} id={params.id ?? ''} />;
}

function OwnProfile() {
  const { t } = useI18n();
  useTitle(t('participants.my_profile'));
  /** The id of the person's own record (the only one they may list), or null when there is none. */
  const own = useLoad(async () => {
    const page = await listParticipants({ limit: 1 });
    return page.items[0] ? participantRef(page.items[0]) : null;
  }, []);
  if (own.state !== 'ready') return <NotReady load={own} />;
  if (own.data === null)
    return (
      <>
        <h1>{t('participants.my_profile')}</h1>
        <p data-testid="no-profile">{t('participants.no_profile')}</p>
      </>
    );
  return <Profile id={own.data} own />;
}

function Profile({ id, own = false }: { id: string; own?: boolean }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const role = me?.role;
  const { query, route } = useLocation();
  const codes = useCodeLists([
    'countries',
    'languages',
    'genders',
    'legal-statuses',
    'work-permits',
    'education-levels',
    'employment-states',
    'needs',
    'language-levels',
    'recognition-states',
    'consent-purposes',
    'interview-age-bands',
    'stay-lengths',
  ]);
  const staff = useMembers();
  const record = useLoad(() => getParticipant(id), [id]);
  const [tab, setTab] = useState<TabKey>(isTab(query.tab) ? query.tab : 'profile');
  const [notice, setNotice] = useState<string | null>(() => takeFlash());
  const [actionError, setActionError] = useState<ProblemKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [erasing, setErasing] = useState(false);

  const name = record.state === 'ready' ? displayName(record.data, t) : '';
  useTitle(own ? t('participants.my_profile') : name || t('participants.title'));

  if (record.state !== 'ready') return <NotReady load={record} notFound={<ParticipantNotFound />} />;

  const p = record.data;
  const view = p.view;
  const archived = p.status === 'archived';
  const manage = can(role, 'participants.manage') && view === 'full';
  const canEdit = FULL_VIEWS.includes(view) && !archived;
  const canExport = can(role, 'participants.export') && FULL_VIEWS.includes(view);
  const canPropose = can(role, 'applications.propose') && view === 'full' && !archived;
  const canOutcomes = can(role, 'outcomes.list') && view === 'full';
  const tabs = (
    [
      { key: 'profile', label: t('participants.tab_profile') },
      { key: 'languages', label: t('participants.tab_languages') },
      // A person's skills are not part of the pseudonymised view (the server refuses them).
      view !== 'pseudonymised' && { key: 'skills', label: t('participants.tab_skills') },
      NEEDS_VIEWS.includes(view) && { key: 'needs', label: t('participants.tab_needs') },
      can(role, 'participants.consents') && CONSENT_VIEWS.includes(view) && { key: 'consents', label: t('participants.tab_consents') },
      can(role, 'interviews.view') && { key: 'interviews', label: t('interviews.title') },
      can(role, 'audit.view') && { key: 'history', label: t('participants.tab_history') },
    ] as const
  ).filter((x): x is { key: TabKey; label: string } => Boolean(x));
  const shown = tabs.some((x) => x.key === tab) ? tab : 'profile';

  const changeStatus = async (action: 'archive' | 'restore') => {
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      const body = { version: p.version ?? 1 };
      const updated = await unwrap(
        action === 'archive'
          ? api.POST('/api/v1/participants/{id}/archive', { params: { path: { id } }, body })
          : api.POST('/api/v1/participants/{id}/restore', { params: { path: { id } }, body }),
      );
      record.set(() => updated);
      setNotice(t(action === 'archive' ? 'participants.archived_notice' : 'participants.restored_notice', { name }));
    } catch (error) {
      setActionError(problemKey(error));
      if (error instanceof ApiError && error.code === 'version_conflict') void record.reload();
    } finally {
      setBusy(false);
    }
  };

  const exportData = async () => {
    setBusy(true);
    setActionError(null);
    try {
      const { data, error, response } = await api.GET('/api/v1/participants/{id}/export', {
        params: { path: { id } },
        parseAs: 'blob',
      });
      if (!response.ok || !data) throw new ApiError(response.status, error);
      download(data, `skupaj-participant-${id}.json`);
      setNotice(t('participants.exported'));
    } catch (error) {
      setActionError(problemKey(error));
    } finally {
      setBusy(false);
    }
  };

  const note = viewNote(view, t);

  return (
    <>
      {!own && (
        <p class="breadcrumb">
          <a href="/participants">{t('participants.back_to_list')}</a>
        </p>
      )}
      <div class="page-head">
        <h1 data-testid="participant-name">
          <bdi>{name}</bdi>
        </h1>
        {archived && <span class="pill pill-expired">{t('participants.status_archived')}</span>}
      </div>
      {own && <p class="lead">{t('participants.my_profile_intro')}</p>}
      {note && !own && (
        <p class="view-note" data-testid="view-note" data-view={view}>
          {note}
        </p>
      )}
      {notice && <SuccessMessage testId="participant-notice">{notice}</SuccessMessage>}
      {actionError && <ErrorMessage testId="participant-error">{t(actionError)}</ErrorMessage>}

      {(canEdit || canExport || manage || canPropose || canOutcomes) && (
        <div class="actions profile-actions" data-testid="participant-actions">
          {canEdit && (
            <a class="button-link" href={`/participants/${id}/edit`} data-testid="edit">
              {own ? t('participants.edit_own') : t('participants.edit')}
            </a>
          )}
          {canPropose && (
            <a class="button-link secondary" href={`/opportunities/for/${id}`} data-testid="matches-link">
              {t('opportunities.person_matches_link')}
            </a>
          )}
          {canOutcomes && (
            <a class="button-link secondary" href={`/opportunities/outcomes/for/${id}`} data-testid="outcomes-link">
              {t('outcomes.person_link_label')}
            </a>
          )}
          {canExport && (
            <button type="button" class="secondary" disabled={busy} onClick={() => void exportData()} data-testid="export">
              {t('participants.export')}
            </button>
          )}
          {manage &&
            (archived ? (
              <button type="button" class="secondary" disabled={busy} onClick={() => void changeStatus('restore')} data-testid="restore">
                {t('participants.restore')}
              </button>
            ) : (
              <button type="button" class="secondary" disabled={busy} onClick={() => void changeStatus('archive')} data-testid="archive">
                {t('participants.archive')}
              </button>
            ))}
          {manage && (
            <button type="button" class="danger" disabled={busy} onClick={() => setErasing(true)} data-testid="erase">
              {t('participants.erase')}
            </button>
          )}
        </div>
      )}
      {archived && canExport && FULL_VIEWS.includes(view) && <p class="hint">{t('participants.archived_hint')}</p>}

      <Tabs tabs={tabs} current={shown} onSelect={setTab} label={t('participants.tabs_label')}>
        {shown === 'profile' && <ProfileTab p={p} codes={codes} staffName={staff.name} />}
        {shown === 'languages' && <LanguagesTab p={p} codes={codes} />}
        {shown === 'skills' && <LazyTab key="skills" p={p} load={loadSkillsTab} />}
        {shown === 'needs' && <NeedsTab p={p} codes={codes} />}
        {shown === 'consents' && <ConsentsTab p={p} codes={codes} staffName={staff.name} onChanged={() => void record.reload()} />}
        {shown === 'interviews' && <LazyTab key="interviews" p={p} load={loadInterviewsTab} />}
        {shown === 'history' && <HistoryTab id={id} staffName={staff.name} />}
      </Tabs>

      {erasing && (
        <EraseDialog
          p={p}
          name={name}
          onCancel={() => setErasing(false)}
          onErased={() => {
            setFlash(t('participants.erased', { name }));
            route('/participants');
          }}
        />
      )}
    </>
  );
}

type TabModule = { default: ComponentType<{ p: ParticipantView }> };
const loadSkillsTab = (): Promise<TabModule> => import('./SkillsTab');
const loadInterviewsTab = (): Promise<TabModule> => import('../interviews/ParticipantInterviews');

/** A tab in its own chunk (Skills, Interviews), fetched when the tab is opened. */
function LazyTab({ p, load }: { p: ParticipantView; load: () => Promise<TabModule> }) {
  const [tab, setTab] = useState<{ C: ComponentType<{ p: ParticipantView }> } | 'failed' | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    load()
      .catch(load)
      .then(
        (m) => live && setTab({ C: m.default }),
        () => live && setTab('failed'),
      );
    return () => {
      live = false;
    };
  }, [attempt, load]);
  if (tab === 'failed')
    return (
      <LoadError
        messageKey="problem.network"
        onRetry={() => {
          setTab(null);
          setAttempt((n) => n + 1);
        }}
      />
    );
  return tab ? <tab.C p={p} /> : <Loading />;
}
