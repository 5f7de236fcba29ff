import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { api } from '../api/client';
import { auditLabels } from '../admin/auditLabels';
import { listAudit, type AuditEntry } from '../admin/model';
import { useCodeLists, type CodeLists } from '../api/codeLists';
import { ApiError, unwrap } from '../api/errors';
import { problemKey, type ProblemKey } from '../api/problem';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { setFlash, takeFlash } from '../components/flash';
import { ConfirmDialog, ErrorMessage, SuccessMessage, TextAreaField } from '../components/forms';
import { MoreButton } from '../components/MoreButton';
import { LoadError, Loading, NotReady } from '../components/NotReady';
import { Email, Id } from '../components/Text';
import { useLoad } from '../components/useLoad';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { formatDateTime, formatDay, formatMonths } from '../format';
import { useI18n } from '../i18n';
import { download } from '../components/download';
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
import { Tabs } from '../components/Tabs';
import { ConsentsTab } from './ConsentsTab';
import { getParticipant, listParticipants, type ParticipantView } from './model';

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

      {(canEdit || canExport || manage) && (
        <div class="actions profile-actions" data-testid="participant-actions">
          {canEdit && (
            <a class="button-link" href={`/participants/${id}/edit`} data-testid="edit">
              {own ? t('participants.edit_own') : t('participants.edit')}
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
const loadSkillsTab = (): Promise<TabModule> => import('../skills/SkillsTab');
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

/** A definition list of the facts that are there; nothing for the empty ones. */
function Facts({ rows, empty, testId }: { rows: [string, ComponentChildren][]; empty?: string; testId?: string }) {
  const present = rows.filter(([, v]) => v !== null && v !== undefined && v !== '' && v !== false);
  if (present.length === 0) return empty ? <p class="hint">{empty}</p> : null;
  return (
    <dl class="facts" data-testid={testId}>
      {present.map(([label, value]) => (
        <div class="fact" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A number for phone apps: links open the dialler, WhatsApp or Viber. */
function Phone({ value, kind }: { value: string; kind: 'tel' | 'whatsapp' | 'viber' }) {
  const digits = value.replace(/^\+/, '');
  const href = kind === 'tel' ? `tel:${value}` : kind === 'whatsapp' ? `https://wa.me/${digits}` : `viber://chat?number=%2B${digits}`;
  return (
    <a href={href} dir="ltr" class="phone" rel={kind === 'whatsapp' ? 'noopener noreferrer' : undefined}>
      {value}
    </a>
  );
}

function ProfileTab({ p, codes, staffName }: { p: ParticipantView; codes: CodeLists; staffName: (id: string | null | undefined) => string | null }) {
  const { t, lang } = useI18n();
  const view = p.view;
  const who = (userId: string | null | undefined) => (userId ? (staffName(userId) ? <bdi>{staffName(userId)}</bdi> : <Id value={userId} />) : null);
  const gender = p.gender
    ? p.gender === 'self_described' && p.gender_self_description
      ? `${codes.label('genders', p.gender)}: ${p.gender_self_description}`
      : codes.label('genders', p.gender)
    : null;
  return (
    <div class="profile-sections" data-testid="profile-tab">
      <section aria-labelledby="s-identity">
        <h2 id="s-identity">{t('participants.section_identity')}</h2>
        <Facts
          rows={[
            [t('participants.field.name'), p.name ? <bdi>{p.name}</bdi> : null],
            [t('participants.pseudonym'), p.pseudonym ? <bdi dir="ltr">{p.pseudonym}</bdi> : null],
            [t('participants.chosen_name'), p.name_is_pseudonym ? t('participants.chosen_name_yes') : null],
            [t('participants.field.gender'), gender],
            [t('participants.field.birth_year'), p.birth_year ? String(p.birth_year) : null],
            [t('participants.age_band'), p.birth_year || !p.age_band ? null : codes.label('interview-age-bands', p.age_band)],
            [t('participants.field.country_of_origin'), p.country_of_origin ? codes.label('countries', p.country_of_origin) : null],
          ]}
          empty={t('participants.nothing')}
        />
      </section>

      {FULL_VIEWS.includes(view) && (
        <section aria-labelledby="s-contacts" data-testid="contacts">
          <h2 id="s-contacts">{t('participants.section_contacts')}</h2>
          <Facts
            rows={[
              [t('participants.field.phone'), p.phone ? <Phone value={p.phone} kind="tel" /> : null],
              [t('participants.field.whatsapp'), p.whatsapp ? <Phone value={p.whatsapp} kind="whatsapp" /> : null],
              [t('participants.field.viber'), p.viber ? <Phone value={p.viber} kind="viber" /> : null],
              [t('participants.field.email'), p.email ? <a href={`mailto:${p.email}`}><Email value={p.email} /></a> : null],
            ]}
            empty={t('participants.no_contacts')}
          />
        </section>
      )}

      {view !== 'mentee' && (
        <section aria-labelledby="s-background">
          <h2 id="s-background">{t('participants.section_background')}</h2>
          <Facts
            rows={[
              [
                t('participants.field.legal_status'),
                p.legal_status ? (
                  p.legal_status === 'other' && p.legal_status_detail ? (
                    <>
                      {codes.label('legal-statuses', p.legal_status)}: <bdi data-testid="legal-status-detail">{p.legal_status_detail}</bdi>
                    </>
                  ) : (
                    codes.label('legal-statuses', p.legal_status)
                  )
                ) : null,
              ],
              [
                t('participants.field.work_permit'),
                p.work_permit
                  ? p.work_permit_date
                    ? `${codes.label('work-permits', p.work_permit)} (${formatDay(p.work_permit_date, lang)})`
                    : codes.label('work-permits', p.work_permit)
                  : null,
              ],
              [t('participants.field.arrival_date'), p.arrival_date ? formatDay(p.arrival_date, lang) : null],
              [
                t('participants.length_of_stay'),
                p.length_of_stay_months != null
                  ? formatMonths(p.length_of_stay_months, lang)
                  : p.stay_length
                    ? codes.label('stay-lengths', p.stay_length)
                    : null,
              ],
              [t('participants.field.municipality'), p.municipality ? <bdi>{p.municipality}</bdi> : null],
              [t('participants.field.education_level'), p.education_level ? codes.label('education-levels', p.education_level) : null],
              [t('participants.field.employment_state'), p.employment_state ? codes.label('employment-states', p.employment_state) : null],
            ]}
            empty={t('participants.nothing')}
          />
        </section>
      )}

      {view !== 'mentee' && (
        <section aria-labelledby="s-qualifications">
          <h2 id="s-qualifications">{t('participants.section_qualifications')}</h2>
          {p.qualifications?.length ? (
            <ul class="card-list" data-testid="qualifications">
              {p.qualifications.map((q, i) => (
                <li class="card-item" key={i}>
                  <div class="card-main">
                    <p class="primary">
                      <bdi>{q.title}</bdi>
                    </p>
                    <p>
                      {[q.country ? codes.label('countries', q.country) : null, q.year ? String(q.year) : null, codes.label('recognition-states', q.recognition)]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p class="hint">{t('participants.no_qualifications')}</p>
          )}
        </section>
      )}

      {view === 'full' && (
        <section aria-labelledby="s-staff" data-testid="staff-section">
          <h2 id="s-staff">{t('participants.section_staff')}</h2>
          <Facts
            rows={[
              [t('participants.field.adviser_id'), who(p.adviser_id)],
              [t('participants.field.mentor_id'), who(p.mentor_id)],
              [t('participants.field.user_id'), who(p.user_id)],
              [t('participants.field.notes'), p.notes ? <span class="notes" dir="auto">{p.notes}</span> : null],
            ]}
            empty={t('participants.nothing')}
          />
        </section>
      )}

      <Facts
        rows={[
          [t('participants.created'), p.created_at ? formatDateTime(p.created_at, lang) : null],
          [t('participants.updated'), formatDateTime(p.updated_at, lang)],
        ]}
      />
    </div>
  );
}

function LanguagesTab({ p, codes }: { p: ParticipantView; codes: CodeLists }) {
  const { t } = useI18n();
  if (!p.languages?.length) return <p class="hint">{t('participants.no_languages')}</p>;
  return (
    <ul class="card-list" data-testid="languages">
      {p.languages.map((l) => (
        <li class="card-item" key={l.language} data-language={l.language}>
          <span class="primary">{codes.label('languages', l.language)}</span>
          <span class="pill pill-level">{codes.label('language-levels', l.level)}</span>
        </li>
      ))}
    </ul>
  );
}

function NeedsTab({ p, codes }: { p: ParticipantView; codes: CodeLists }) {
  const { t } = useI18n();
  if (!p.needs?.length && !p.needs_other) return <p class="hint">{t('participants.no_needs')}</p>;
  return (
    <div data-testid="needs">
      {p.needs?.length ? (
        <ul class="tag-list">
          {p.needs.map((n) => (
            <li key={n}>{codes.label('needs', n)}</li>
          ))}
        </ul>
      ) : null}
      {p.needs_other && (
        <Facts rows={[[t('participants.field.needs_other'), <span class="notes" dir="auto">{p.needs_other}</span>]]} />
      )}
    </div>
  );
}

function HistoryTab({ id, staffName }: { id: string; staffName: (id: string | null | undefined) => string | null }) {
  const { t, lang } = useI18n();
  const labels = auditLabels(t);
  const log = usePaged<AuditEntry>(
    (cursor) => listAudit({ resource_id: id, limit: 50, cursor }),
    [id],
  );
  if (log.state !== 'ready') return <NotReady load={log} inline forbidden={<p>{t('forbidden.text')}</p>} />;
  if (log.data.items.length === 0) return <p data-testid="history-empty">{t('audit.none')}</p>;
  return (
    <>
      <p class="hint">{t('participants.history_intro')}</p>
      <table class="data-table" data-testid="history-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((e) => (
            <tr key={e.id} data-testid="history-row" data-action={e.action}>
              <td class="primary">
                <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at, lang)}</time>
              </td>
              <td data-label={t('audit.actor')}>
                {e.actor_id && staffName(e.actor_id) ? <bdi>{staffName(e.actor_id)}</bdi> : labels.actorType(e.actor_type)}
              </td>
              <td data-label={t('audit.action')}>
                {labels.action(e.action)} · {labels.resource(e.resource_type)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton paged={log} />
    </>
  );
}

function EraseDialog({ p, name, onCancel, onErased }: { p: ParticipantView; name: string; onCancel: () => void; onErased: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [general, setGeneral] = useState<ProblemKey | null>(null);
  const [busy, setBusy] = useState(false);
  const erase = async () => {
    if (!reason.trim()) {
      setError(t('field_error.required'));
      document.getElementById('erase-reason')?.focus();
      return;
    }
    setError(null);
    setGeneral(null);
    setBusy(true);
    try {
      await unwrap(api.POST('/api/v1/participants/{id}/erase', { params: { path: { id: participantRef(p) } }, body: { reason: reason.trim() } }));
      onErased();
    } catch (err) {
      setGeneral(problemKey(err));
      setBusy(false);
    }
  };
  return (
    <ConfirmDialog
      title={t('participants.erase_title', { name })}
      confirmLabel={t('participants.erase_confirm')}
      onConfirm={() => void erase()}
      onCancel={onCancel}
      busy={busy}
      error={general && t(general)}
      testId="erase-dialog"
    >
      <p class="warning">{t('participants.erase_irreversible')}</p>
      <ul class="consequences">
        <li>{t('participants.erase_removed')}</li>
        <li>{t('participants.erase_kept')}</li>
        <li>{t('participants.erase_consents')}</li>
      </ul>
      <TextAreaField
        id="erase-reason"
        label={t('participants.erase_reason')}
        hint={t('participants.erase_reason_hint')}
        value={reason}
        onValue={(value) => {
          setReason(value);
          if (value.trim()) setError(null);
        }}
        error={error}
        maxLength={500}
        rows={2}
        required
        testId="erase-reason"
      />
    </ConfirmDialog>
  );
}
