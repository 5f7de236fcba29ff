import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { api } from '../../api/client';
import { unwrap } from '../../api/errors';
import { problemKey } from '../../api/problem';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { takeFlash } from '../../components/flash';
import { ErrorMessage, SuccessMessage } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useTitle } from '../../components/useTitle';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';
import type { Template } from '../model';
import { newTemplateContent } from './templateModel';
import { useTemplates } from './useTemplates';
import './templates.css';

/** /interviews/templates: the organisation's questionnaires and their versions. */
export default function Templates() {
  const { t, lang } = useI18n();
  useTitle(t('templates.title'));
  const { me } = useAuth();
  const { route } = useLocation();
  const manage = can(me?.role, 'interview_templates.manage');
  const templates = useTemplates();
  const [notice] = useState(() => takeFlash());
  const [creating, setCreating] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);

  const create = async () => {
    if (creating) return;
    setCreating(true);
    setCreateError(null);
    try {
      const created = await unwrap(
        api.POST('/api/v1/interview-templates', {
          params: { query: { lang } },
          body: newTemplateContent(lang, t('templates.new_default_title'), t('templates.new_default_section')),
        }),
      );
      route(`/interviews/templates/${created.id}`);
    } catch (error) {
      setCreateError(t(problemKey(error)));
      setCreating(false);
    }
  };

  if (templates.state === 'forbidden') return <NotReady load={templates} />;

  return (
    <>
      {can(me?.role, 'interviews.view') && (
        <p class="breadcrumb">
          <a href="/interviews">{t('templates.back_to_interviews')}</a>
        </p>
      )}
      <div class="page-head">
        <h1>{t('templates.title')}</h1>
        {manage && (
          <div class="actions">
            <button type="button" onClick={() => void create()} disabled={creating} data-testid="new-template">
              {creating ? t('common.working') : t('templates.new')}
            </button>
          </div>
        )}
      </div>
      <p class="lead">{t('templates.intro')}</p>
      {notice && <SuccessMessage testId="templates-notice">{notice}</SuccessMessage>}
      {createError && <ErrorMessage testId="create-error">{createError}</ErrorMessage>}
      {can(me?.role, 'interviews.analysis') && (
        <p>
          <a href="/interviews/analysis">{t('templates.to_analysis')}</a>
        </p>
      )}

      {templates.state !== 'ready' ? (
        <NotReady load={templates} inline />
      ) : templates.data.length === 0 ? (
        <p data-testid="templates-empty">{t('templates.none')}</p>
      ) : (
        <ul class="plain-list template-list" data-testid="template-list">
          {templates.data.map((tpl) => (
            <TemplateItem key={tpl.id} tpl={tpl} />
          ))}
        </ul>
      )}
    </>
  );
}

function TemplateItem({ tpl }: { tpl: Template }) {
  const { t, lang } = useI18n();
  const headingId = `tpl-${tpl.id}`;
  return (
    <li class="card template-item" data-testid="template-row" data-id={tpl.id} aria-labelledby={headingId}>
      <h2 id={headingId} class="template-name">
        <a href={`/interviews/templates/${tpl.id}`} dir="auto">
          {tpl.title}
        </a>
        {tpl.builtin && (
          <span class="badge" data-testid="builtin">
            {t('templates.builtin')}
          </span>
        )}
      </h2>
      <dl class="facts">
        <div class="fact">
          <dt>{t('templates.in_use')}</dt>
          <dd data-testid="published-version">
            {tpl.published_version != null ? t('templates.version_n', { n: tpl.published_version }) : t('templates.not_published')}
          </dd>
        </div>
        {tpl.draft_version != null && (
          <div class="fact">
            <dt>{t('templates.draft')}</dt>
            <dd data-testid="draft-version">
              <a href={`/interviews/templates/${tpl.id}`}>{t('templates.version_n', { n: tpl.draft_version })}</a>
            </dd>
          </div>
        )}
        <div class="fact">
          <dt>{t('templates.changed')}</dt>
          <dd>{formatDate(tpl.updated_at, lang)}</dd>
        </div>
      </dl>
      <h3 class="versions-heading">{t('templates.versions')}</h3>
      <ul class="version-list" data-testid="versions">
        {tpl.versions.map((v) => (
          <li key={v.number} data-testid="version" data-number={v.number} data-status={v.status}>
            <a href={`/interviews/templates/${tpl.id}${v.status === 'published' ? `?version=${v.number}` : ''}`}>
              {t('templates.version_n', { n: v.number })}
            </a>
            {' · '}
            <span class={`pill pill-${v.status}`}>{v.status === 'published' ? t('templates.status_published') : t('templates.status_draft')}</span>
            {v.published_at && <> · {formatDate(v.published_at, lang)}</>}
            {' · '}
            <span data-testid="version-interviews">{t('templates.used_by', { n: v.interviews })}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}
