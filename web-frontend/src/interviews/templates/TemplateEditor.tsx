import { useRef } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { getTemplate, getTemplateVersion, type TemplateVersion } from '../model';
import { DraftEditor } from './DraftEditor';
import { publishedIds } from './templateModel';
import { VersionPage } from './VersionPage';
import './templates.css';

/** /interviews/templates/:id (and ?version=n for an older version). */
export default function TemplateEditorPage() {
  const { params } = useRoute();
  const { query } = useLocation();
  const id = params.id ?? '';
  const asked = Number(query.version);
  const version = Number.isInteger(asked) && asked > 0 ? asked : null;
  return <TemplateLoader key={`${id}|${version ?? ''}`} id={id} version={version} />;
}

function TemplateLoader({ id, version }: { id: string; version: number | null }) {
  const { lang } = useI18n();
  const { me } = useAuth();
  const { route } = useLocation();
  const manage = can(me?.role, 'interview_templates.manage');
  /** What just happened, for the notice once the next load is in. */
  const nextNotice = useRef<string | null>(null);
  const loads = useRef(0);

  /** The template, its draft and every published version (newest first), with the notice to show over them. */
  const loaded = useLoad(async () => {
    const notice = nextNotice.current;
    nextNotice.current = null;
    const template = await getTemplate(id, lang);
    const get = (number: number) => getTemplateVersion(id, number);
    const numbers = template.versions.filter((v) => v.status === 'published').map((v) => v.number);
    const [draft, ...published] = await Promise.all([template.draft_version != null ? get(template.draft_version) : Promise.resolve(null), ...numbers.map(get)]);
    return { template, draft: draft ?? null, published: published.filter((v): v is TemplateVersion => v !== null), notice, loads: ++loads.current };
  }, [id, lang]);

  if (loaded.state !== 'ready') return <NotReady load={loaded} notFound={<NotFoundTemplate />} />;

  const { template, draft, published, notice } = loaded.data;
  const fixed = publishedIds(published.map((v) => v.content));
  const reload = (message: string | null = null) => {
    if (version != null) route(`/interviews/templates/${id}`, true);
    nextNotice.current = message;
    void loaded.reload();
  };

  if (version != null) {
    const shown = published.find((v) => v.number === version) ?? (draft?.number === version ? draft : null);
    if (!shown) return <NotFoundTemplate />;
    return <VersionPage template={template} version={shown} newest={published[0] ?? null} notice={notice} canEdit={false} onEdit={reload} />;
  }
  if (draft && manage) {
    return <DraftEditor key={`${draft.number}|${loaded.data.loads}`} template={template} draft={draft} published={fixed} notice={notice} onReload={reload} />;
  }
  const shown = published[0] ?? draft;
  if (!shown) return <NotFoundTemplate />;
  return <VersionPage template={template} version={shown} newest={published[0] ?? null} notice={notice} canEdit={manage && !draft} onEdit={reload} />;
}

function NotFoundTemplate() {
  const { t } = useI18n();
  useTitle(t('templates.not_found'));
  return (
    <>
      <h1>{t('templates.not_found')}</h1>
      <p>
        <a href="/interviews/templates">{t('templates.back')}</a>
      </p>
    </>
  );
}
