import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso/router';
import { api } from '../../api/client';
import { useCodeLists } from '../../api/codeLists';
import { ApiError, unwrap } from '../../api/errors';
import { isProblem, problemKey } from '../../api/problem';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { ConfirmDialog, ErrorMessage, SuccessMessage } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { formatDate } from '../../format';
import { type Lang, useI18n } from '../../i18n';
import {
  defaultRefLang,
  describePath,
  ErrorsAt,
  errorText,
  LangStrip,
  langName,
  PlainField,
  TransField,
  type FieldErrors,
} from './editorFields';
import { useLeaveGuard } from './leaveGuard';
import {
  addQuestion,
  addSection,
  canMoveQuestion,
  domId,
  editorPath,
  fromContent,
  LANGS,
  localProblems,
  missingTranslations,
  moveQuestion,
  moveSection,
  pathLang,
  pathPosition,
  publishedIds,
  questionCount,
  removeQuestion,
  removeSection,
  snapshot,
  toContent,
  type EdContent,
  type PublishedIds,
  type QuestionPos,
} from './templateModel';
import { getTemplate, getTemplateVersion, type Template, type TemplateVersion } from '../model';
import { ContentView, textIn } from './templateView';
import { fixedKeys, SectionEditor } from './sectionEditor';
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
    return <Editor key={`${draft.number}|${loaded.data.loads}`} template={template} draft={draft} published={fixed} notice={notice} onReload={reload} />;
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

function TemplateHead({ title, builtin }: { title: string; builtin: boolean }) {
  const { t } = useI18n();
  return (
    <>
      <p class="breadcrumb">
        <a href="/interviews/templates">{t('templates.back')}</a>
      </p>
      <h1 dir="auto" data-testid="template-title">
        {title}
        {builtin && <span class="badge">{t('templates.builtin')}</span>}
      </h1>
    </>
  );
}

/**
 * What just happened (published, discarded, a new draft): the page changed
 * under the person's focus, so focus moves to this message.
 */
function Notice({ message }: { message: string | null }) {
  const box = useRef<HTMLDivElement>(null);
  const [first] = useState(message);
  useEffect(() => {
    if (first) box.current?.focus();
  }, [first]);
  if (!message) return null;
  return (
    <div ref={box} tabIndex={-1} class="notice-box">
      <SuccessMessage testId="editor-notice">{message}</SuccessMessage>
    </div>
  );
}

function Versions({ template, current }: { template: Template; current: number }) {
  const { t, lang } = useI18n();
  return (
    <details class="versions-box" data-testid="versions">
      <summary>{t('templates.versions_n', { n: template.versions.length })}</summary>
      <ul class="version-list">
        {template.versions.map((v) => (
          <li key={v.number} data-testid="version" data-number={v.number} data-status={v.status}>
            {v.number === current ? (
              <strong aria-current="page">{t('templates.version_n', { n: v.number })}</strong>
            ) : (
              <a href={`/interviews/templates/${template.id}${v.status === 'published' ? `?version=${v.number}` : ''}`}>{t('templates.version_n', { n: v.number })}</a>
            )}
            {' · '}
            <span class={`pill pill-${v.status}`}>{v.status === 'published' ? t('templates.status_published') : t('templates.status_draft')}</span>
            {v.published_at && <> · {formatDate(v.published_at, lang)}</>}
            {' · '}
            {t('templates.used_by', { n: v.interviews })}
          </li>
        ))}
      </ul>
    </details>
  );
}

/* ------------------------------------------------------------------ */
/* A published (frozen) version, read only.                            */
/* ------------------------------------------------------------------ */

function VersionPage({
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

/* ------------------------------------------------------------------ */
/* The draft editor.                                                   */
/* ------------------------------------------------------------------ */

/** After a save: ids no longer follow their texts. */
const settleIds = (e: EdContent): EdContent => ({
  ...e,
  sections: e.sections.map((s) => ({
    ...s,
    auto: false,
    questions: s.questions.map((q) => ({ ...q, auto: false, options: q.options.map((o) => ({ ...o, auto: false })) })),
  })),
});

type Dialog = 'publish' | 'discard' | null;

function Editor({
  template,
  draft,
  published,
  notice: initialNotice,
  onReload,
}: {
  template: Template;
  draft: TemplateVersion;
  published: PublishedIds;
  notice: string | null;
  onReload: (message?: string | null) => void;
}) {
  const { t, lang } = useI18n();
  const [ed, setEd] = useState<EdContent>(() => fromContent(draft.content));
  const [fixed] = useState(() => fixedKeys(ed, published));
  const [saved, setSaved] = useState(() => snapshot(ed));
  const [revision, setRevision] = useState(draft.revision);
  const missing = useMemo(() => missingTranslations(ed), [ed]);
  /** The language whose texts are edited: the app's, until the person picks another. */
  const [editChoice, setEditLang] = useState<Lang | null>(null);
  const editLang = editChoice ?? lang;
  /** The reference language the person chose; until then English (or, editing English, the most complete other one). */
  const [refChoice, setRefLang] = useState<Lang | null>(null);
  const refLang = refChoice && refChoice !== editLang ? refChoice : defaultRefLang(editLang, missing);
  const [open, setOpen] = useState<Set<string>>(() => new Set(questionCount(ed) <= 6 ? ed.sections.flatMap((s) => s.questions.map((q) => q.key)) : []));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(initialNotice);
  const [announce, setAnnounce] = useState('');
  const [busy, setBusy] = useState<'save' | 'publish' | 'discard' | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [dialogError, setDialogError] = useState<string | null>(null);
  const needsCodes = useCodeLists(['needs']);
  const needSet = useMemo(() => new Map(needsCodes.items('needs').map((i) => [i.code, { [lang]: i.label }])), [needsCodes]);

  const current = snapshot(ed);
  const dirty = current !== saved;
  useLeaveGuard(dirty, t('templates.leave_unsaved'));
  const title = textIn(ed.title, lang)?.text ?? template.title;
  useTitle(t('templates.edit_title', { title }));
  const onlyVersion = template.versions.length === 1;
  const publishedNumber = template.published_version ?? null;

  /** Changes the content; clears errors whose place may have moved. */
  const change = (next: EdContent, structural = false) => {
    setEd(next);
    setNotice(null);
    if (structural) setErrors({});
  };
  const clearError = (path: string) =>
    setErrors((e) => {
      const keys = Object.keys(e).filter((p) => p === path || p.startsWith(`${path}.`));
      if (!keys.length) return e;
      const copy = { ...e };
      for (const k of keys) delete copy[k];
      return copy;
    });

  /** What an input does: changes the content, and its errors are gone. */
  const edit =
    <V,>(path: string, next: (value: V) => EdContent) =>
    (value: V) => {
      change(next(value));
      clearError(path);
    };

  /** Focuses `id` once it is drawn: a new section may take a few frames on a slow phone. */
  const focusSoon = (id: string, tries = 20) =>
    setTimeout(() => {
      const el = document.getElementById(id);
      if (!el) {
        if (tries > 0) focusSoon(id, tries - 1);
        return;
      }
      el.focus();
      el.scrollIntoView?.({ block: 'center' });
    }, tries === 20 ? 0 : 25);
  const openQuestion = (key: string, on = true) =>
    setOpen((o) => {
      const copy = new Set(o);
      if (on) copy.add(key);
      else copy.delete(key);
      return copy;
    });

  /** Shows a field with a problem: its language, its question opened, focused. */
  const goTo = (path: string) => {
    const l = pathLang(path);
    if (l) setEditLang(l);
    const pos = pathPosition(path);
    const q = pos && pos.qi !== null ? ed.sections[pos.si]?.questions[pos.qi] : undefined;
    if (q) openQuestion(q.key);
    const target = l ? path : /\.(title|text|help|label|description)$|^title$|^description$/.test(path) ? `${path}.${l ?? editLang}` : path;
    focusSoon(domId(target));
  };

  const showProblems = (found: FieldErrors, message: string | null) => {
    setErrors(found);
    setGeneral(message);
    setOpen((o) => {
      const copy = new Set(o);
      for (const p of Object.keys(found)) {
        const pos = pathPosition(p);
        const q = pos && pos.qi !== null ? ed.sections[pos.si]?.questions[pos.qi] : undefined;
        if (q) copy.add(q.key);
      }
      return copy;
    });
    focusSoon('editor-problem');
  };

  /** Saves the draft; the saved version, or null after showing what went wrong. */
  const saveNow = async (): Promise<TemplateVersion | null> => {
    setConflict(false);
    setGeneral(null);
    const local = localProblems(ed);
    if (Object.keys(local).length) {
      showProblems(local, null);
      return null;
    }
    const sent = snapshot(ed);
    try {
      const v = await unwrap(
        api.PUT('/api/v1/interview-templates/{id}/draft', {
          params: { path: { id: template.id } },
          body: { content: toContent(ed), revision },
        }),
      );
      setRevision(v.revision);
      setSaved(sent);
      setEd((e) => settleIds(e));
      setErrors({});
      return v;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
        setConflict(true);
        focusSoon('editor-problem');
        return null;
      }
      const problem = error instanceof ApiError ? error.problem : null;
      const found: FieldErrors = {};
      if (isProblem(problem) && Array.isArray(problem.errors)) for (const e of problem.errors) found[editorPath(e.field)] ??= e.code;
      if (Object.keys(found).length) showProblems(found, null);
      else showProblems({}, t(problemKey(error)));
      return null;
    }
  };

  const save = async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    setBusy('save');
    const v = await saveNow();
    setBusy(null);
    if (v) {
      setNotice(t('templates.saved', { n: v.number }));
      setAnnounce(t('templates.saved', { n: v.number }));
    }
  };

  const askPublish = () => {
    setDialogError(null);
    if (questionCount(ed) === 0) {
      showProblems({}, t('templates.publish_needs_question'));
      return;
    }
    setDialog('publish');
  };

  const publish = async () => {
    if (busy) return;
    setBusy('publish');
    setDialogError(null);
    try {
      let rev = revision;
      if (dirty) {
        const v = await saveNow();
        if (!v) {
          setDialog(null);
          return;
        }
        rev = v.revision;
      }
      const v = await unwrap(api.POST('/api/v1/interview-templates/{id}/publish', { params: { path: { id: template.id } }, body: { revision: rev } }));
      setSaved(snapshot(ed)); // nothing left to lose: no "unsaved changes" question on the way
      setDialog(null);
      onReload(t('templates.published_notice', { n: v.number }));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setDialog(null);
        setConflict(true);
        focusSoon('editor-problem');
      } else setDialogError(t(problemKey(error)));
    } finally {
      setBusy(null);
    }
  };

  const discard = async () => {
    if (busy) return;
    setBusy('discard');
    setDialogError(null);
    try {
      await unwrap(api.DELETE('/api/v1/interview-templates/{id}/draft', { params: { path: { id: template.id } } }));
      setSaved(snapshot(ed));
      setDialog(null);
      onReload(t('templates.discarded_notice', { n: draft.number }));
    } catch (error) {
      setDialogError(error instanceof ApiError && error.status === 409 ? t('templates.only_version') : t(problemKey(error)));
    } finally {
      setBusy(null);
    }
  };

  const reloadDraft = () => {
    setSaved(current); // the person chose to drop their changes
    onReload(null);
  };

  /* ---- structure ---- */

  const sectionName = (si: number) => {
    const s = ed.sections[si];
    const name = s ? textIn(s.title, editLang)?.text : null;
    return name ? `${t('templates.section_n', { n: si + 1 })} (${name})` : t('templates.section_n', { n: si + 1 });
  };

  const onAddSection = () => {
    const next = addSection(ed, published);
    change(next, false);
    setAnnounce(t('templates.section_added', { n: next.sections.length }));
    focusSoon(domId(`sections[${next.sections.length - 1}].title.${editLang}`));
  };
  const onRemoveSection = (si: number) => {
    const s = ed.sections[si];
    if (!s) return;
    if (s.questions.length > 0 && !window.confirm(t('templates.remove_section_confirm', { n: s.questions.length }))) return;
    change(removeSection(ed, si), true);
    setAnnounce(t('templates.section_removed', { n: si + 1 }));
    focusSoon(si > 0 ? `add-q-${ed.sections[si - 1]!.key}` : 'add-section');
  };
  const onMoveSection = (si: number, by: -1 | 1) => {
    const next = moveSection(ed, si, by);
    if (next === ed) return;
    change(next, true);
    const to = si + by;
    setAnnounce(t('templates.section_moved', { n: to + 1 }));
    // Focus stays on the button pressed, or on the other one once it cannot go further.
    const canAgain = by < 0 ? to > 0 : to < ed.sections.length - 1;
    const up = by < 0 ? canAgain : !canAgain;
    focusSoon(`${up ? 'sec-up' : 'sec-down'}-${ed.sections[si]!.key}`);
  };

  const onAddQuestion = (si: number) => {
    const { content, pos } = addQuestion(ed, si, published);
    const q = content.sections[si]?.questions[pos.qi];
    if (!q) return;
    change(content, false);
    openQuestion(q.key);
    setAnnounce(t('templates.question_added', { section: sectionName(si) }));
    focusSoon(domId(`sections[${si}].questions[${pos.qi}].text.${editLang}`));
  };
  const onRemoveQuestion = (pos: QuestionPos) => {
    const section = ed.sections[pos.si];
    if (!section) return;
    change(removeQuestion(ed, pos), true);
    setAnnounce(t('templates.question_removed'));
    const after = section.questions[pos.qi + 1] ?? section.questions[pos.qi - 1];
    focusSoon(after ? `toggle-${after.key}` : `add-q-${section.key}`);
  };
  const onMoveQuestion = (pos: QuestionPos, by: -1 | 1) => {
    const q = ed.sections[pos.si]?.questions[pos.qi];
    if (!q) return;
    const { content, pos: to } = moveQuestion(ed, pos, by);
    if (content === ed) return;
    change(content, true);
    setAnnounce(t('templates.question_moved', { n: to.qi + 1, section: sectionName(to.si) }));
    const canAgain = canMoveQuestion(content, to, by);
    const up = by < 0 ? canAgain : !canAgain;
    focusSoon(`${up ? 'q-up' : 'q-down'}-${q.key}`);
  };

  /* ---- rendering ---- */

  const errorList = Object.entries(errors);
  let questionNumber = 0;

  return (
    <>
      <TemplateHead title={title} builtin={template.builtin} />
      <p class="version-status" data-testid="version-status">
        <strong>{t('templates.version_n', { n: draft.number })}</strong>
        {' · '}
        <span class="pill pill-draft">{t('templates.status_draft')}</span>
        {' · '}
        {publishedNumber != null ? t('templates.draft_of', { n: publishedNumber }) : t('templates.never_published')}
      </p>
      <p class="hint">{t('templates.draft_intro')}</p>
      <Notice message={notice} />
      <Versions template={template} current={draft.number} />

      <div id="editor-problem" tabIndex={-1} class="problem-anchor">
        {conflict && (
          <div class="alert" role="alert" data-testid="editor-conflict">
            <p>{t('templates.conflict')}</p>
            <button type="button" onClick={reloadDraft}>
              {t('templates.reload')}
            </button>
          </div>
        )}
        {(general || errorList.length > 0) && (
          <div class="alert" role="alert" data-testid="editor-errors">
            {general && <p>{general}</p>}
            {errorList.length > 0 && (
              <>
                <p>{t('templates.not_saved_fields', { n: errorList.length })}</p>
                <ul class="error-links">
                  {errorList.map(([path, code]) => (
                    <li key={path}>
                      <button type="button" class="link-button" onClick={() => goTo(path)}>
                        {describePath(t, path)}
                      </button>
                      : {errorText(t, path, code)}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>

      <LangStrip
        label={t('templates.editing_language')}
        editLang={editLang}
        refLang={refLang}
        missing={missing}
        onEditLang={(l) => {
          if (l === refLang) setRefLang(editLang);
          setEditLang(l);
          setAnnounce(t('templates.now_editing', { lang: langName(l) }));
        }}
        onRefLang={setRefLang}
      />

      <form class="form template-form" noValidate onSubmit={(e) => void save(e)} data-testid="editor-form">
        <fieldset class="form-section about-section">
          <legend>{t('templates.about')}</legend>
          <TransField
            path="title"
            label={t('templates.f.template_title')}
            texts={ed.title}
            editLang={editLang}
            refLang={refLang}
            errors={errors}
            required
            maxLength={200}
            onValue={edit('title', (v) => ({ ...ed, title: { ...ed.title, [editLang]: v } }))}
            testId="template-title-input"
          />
          <TransField
            path="description"
            label={t('templates.f.description')}
            hint={t('templates.description_hint')}
            texts={ed.description}
            editLang={editLang}
            refLang={refLang}
            errors={errors}
            multiline
            optional
            maxLength={2000}
            onValue={edit('description', (v) => ({ ...ed, description: { ...ed.description, [editLang]: v } }))}
          />
          <PlainField
            path="stay_bands"
            label={t('templates.f.stay_bands')}
            hint={t('templates.stay_bands_hint')}
            value={ed.stayBands}
            errors={errors}
            inputMode="decimal"
            maxLength={120}
            onValue={edit('stay_bands', (v) => ({ ...ed, stayBands: v }))}
            testId="stay-bands-input"
          />
        </fieldset>

        <div class="expand-all actions">
          <button type="button" class="secondary small" onClick={() => setOpen(new Set(ed.sections.flatMap((s) => s.questions.map((q) => q.key))))}>
            {t('templates.expand_all')}
          </button>
          <button type="button" class="secondary small" onClick={() => setOpen(new Set())}>
            {t('templates.collapse_all')}
          </button>
        </div>

        {ed.sections.map((s, si) => {
          const first = questionNumber;
          questionNumber += s.questions.length;
          return (
            <SectionEditor
              key={s.key}
              s={s}
              si={si}
              count={ed.sections.length}
              firstNumber={first}
              ed={ed}
              fixed={fixed}
              published={published}
              editLang={editLang}
              refLang={refLang}
              errors={errors}
              open={open}
              needs={needSet}
              onToggle={(key) => openQuestion(key, !open.has(key))}
              change={change}
              clearError={clearError}
              edit={edit}
              onMoveSection={onMoveSection}
              onRemoveSection={onRemoveSection}
              onAddQuestion={onAddQuestion}
              onRemoveQuestion={onRemoveQuestion}
              onMoveQuestion={onMoveQuestion}
              setAnnounce={setAnnounce}
              focusSoon={focusSoon}
            />
          );
        })}
        <ErrorsAt path="sections" errors={errors} editLang={editLang} />
        <div class="actions">
          <button type="button" class="secondary" id="add-section" onClick={onAddSection} data-testid="add-section">
            {t('templates.add_section')}
          </button>
        </div>

        <div class="form-footer editor-footer">
          <p class="save-state" data-testid="save-state">
            {dirty ? t('templates.unsaved') : t('templates.all_saved')}
          </p>
          <div class="actions">
            <button type="submit" disabled={busy !== null} data-testid="save-draft">
              {busy === 'save' ? t('common.working') : t('templates.save')}
            </button>
            <button type="button" class="secondary" onClick={askPublish} disabled={busy !== null} data-testid="publish">
              {t('templates.publish')}
            </button>
          </div>
        </div>
      </form>
      <div class="discard-box">
        {onlyVersion ? (
          <p class="hint">{t('templates.only_version_hint')}</p>
        ) : (
          <button type="button" class="secondary" onClick={() => setDialog('discard')} disabled={busy !== null} data-testid="discard">
            {t('templates.discard')}
          </button>
        )}
      </div>

      <p class="visually-hidden" role="status" aria-live="polite" data-testid="announce">
        {announce}
      </p>

      {dialog === 'publish' && (
        <ConfirmDialog
          title={t('templates.publish_title', { n: draft.number })}
          confirmLabel={dirty ? t('templates.save_and_publish') : t('templates.publish_confirm')}
          onConfirm={() => void publish()}
          onCancel={() => setDialog(null)}
          busy={busy === 'publish'}
          error={dialogError}
          testId="publish-dialog"
        >
          <p>{t('templates.publish_explain', { n: draft.number })}</p>
          {LANGS.some((l) => missing[l] > 0) && (
            <p class="hint">
              {t('templates.publish_missing', {
                langs: LANGS.filter((l) => missing[l] > 0)
                  .map((l) => `${langName(l)} (${missing[l]})`)
                  .join(', '),
              })}
            </p>
          )}
        </ConfirmDialog>
      )}
      {dialog === 'discard' && (
        <ConfirmDialog
          title={t('templates.discard_title', { n: draft.number })}
          confirmLabel={t('templates.discard_confirm')}
          onConfirm={() => void discard()}
          onCancel={() => setDialog(null)}
          busy={busy === 'discard'}
          error={dialogError}
          testId="discard-dialog"
        >
          <p>{t('templates.discard_explain', { n: publishedNumber ?? draft.number - 1 })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

