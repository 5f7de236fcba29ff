// A version of a questionnaire, read only: a published (frozen) one, or the draft for who may not edit it;
// the newest published one offers to start a new draft from it.
import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ApiError, unwrap } from '../../api/errors';
import { problemKey } from '../../api/problem';
import { ErrorMessage } from '../../components/forms';
import { useTitle } from '../../components/useTitle';
import { formatDate } from '../../format';
import { useI18n, type Lang } from '../../i18n';
import type { Template, TemplateVersion } from '../model';
import { LangStrip } from './editorFields';
import { fromContent, missingTranslations } from './templateModel';
import { Notice, TemplateHead, Versions } from './templateParts';
import { ContentView, textIn } from './templateView';

export function VersionPage({
  template,
  version,
  newest,
  notice,
  canEdit,
  onEdit,
}: {
  template: Template;
  version: TemplateVersion;
  newest: TemplateVersion | null;
  notice: string | null;
  canEdit: boolean;
  onEdit: (message?: string | null) => void;
}) {
  const { t, lang } = useI18n();
  const content = version.content;
  const ed = useMemo(() => fromContent(content), [content]);
  const missing = useMemo(() => missingTranslations(ed), [ed]);
  /** The language shown: the app's, until the person picks another. */
  const [viewChoice, setViewLang] = useState<Lang | null>(null);
  const viewLang = viewChoice ?? lang;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const title = textIn(content.title, lang)?.text ?? template.title;
  useTitle(title);
  const isNewest = newest?.number === version.number;

  const startDraft = async () => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await unwrap(api.PUT('/api/v1/interview-templates/{id}/draft', { params: { path: { id: template.id } }, body: { content } }));
      onEdit(t('templates.draft_started', { n: (template.versions[0]?.number ?? version.number) + 1 }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) onEdit(t('templates.draft_exists'));
      else {
        setError(t(problemKey(e)));
        setBusy(false);
      }
    }
  };

  return (
    <>
      <TemplateHead title={title} builtin={template.builtin} />
      <Notice message={notice} />
      <p class="version-status" data-testid="version-status">
        <strong>{t('templates.version_n', { n: version.number })}</strong>
        {' · '}
        {version.status === 'published'
          ? t('templates.published_on', { date: formatDate(version.published_at ?? version.updated_at, lang) })
          : t('templates.status_draft')}
      </p>
      {version.status === 'published' ? (
        <p class="frozen-note" data-testid="frozen-note">
          {isNewest ? t('templates.frozen_current') : t('templates.frozen_old', { n: newest?.number ?? version.number })}
        </p>
      ) : (
        <p class="frozen-note">{t('templates.draft_read_only')}</p>
      )}
      {canEdit && isNewest && (
        <div class="actions edit-actions">
          <button type="button" onClick={() => void startDraft()} disabled={busy} data-testid="edit-new-version">
            {t('templates.edit_new_version', { n: (template.versions[0]?.number ?? version.number) + 1 })}
          </button>
        </div>
      )}
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <Versions template={template} current={version.number} />

      <LangStrip label={t('templates.showing_language')} editLang={viewLang} missing={missing} onEditLang={setViewLang} />
      <ContentView content={content} lang={viewLang} />
    </>
  );
}
