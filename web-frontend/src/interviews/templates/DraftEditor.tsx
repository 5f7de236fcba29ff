// The draft editor: the questionnaire's texts in every language, its sections and questions, saved as a
// draft (with its `version`, the optimistic lock), then published as a new version or discarded.
import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { useCodeLists } from '../../api/codeLists';
import { ApiError, unwrap } from '../../api/errors';
import { isProblem, problemKey } from '../../api/problem';
import { useTitle } from '../../components/useTitle';
import { useI18n, type Lang } from '../../i18n';
import type { Template, TemplateVersion } from '../model';
import { AboutFields, DiscardDialog, EditorProblems, PublishDialog } from './draftParts';
import { structureActions } from './draftStructure';
import { defaultRefLang, ErrorsAt, focusSoon, LangStrip, langName, type FieldErrors } from './editorFields';
import { useLeaveGuard } from './leaveGuard';
import { SectionEditor } from './sectionEditor';
import {
  domId,
  editorPath,
  fixedKeys,
  fromContent,
  localProblems,
  missingTranslations,
  pathLang,
  pathPosition,
  questionCount,
  snapshot,
  toContent,
  type EdContent,
  type PublishedIds,
} from './templateModel';
import { Notice, TemplateHead, Versions } from './templateParts';
import { textIn } from './templateView';

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

export function DraftEditor({
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
  const [draftVersion, setDraftVersion] = useState(draft.version);
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
          body: { content: toContent(ed), version: draftVersion },
        }),
      );
      setDraftVersion(v.version);
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
      let rev = draftVersion;
      if (dirty) {
        const v = await saveNow();
        if (!v) {
          setDialog(null);
          return;
        }
        rev = v.version;
      }
      const v = await unwrap(api.POST('/api/v1/interview-templates/{id}/publish', { params: { path: { id: template.id } }, body: { version: rev } }));
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

  const { onAddSection, onRemoveSection, onMoveSection, onAddQuestion, onRemoveQuestion, onMoveQuestion } = structureActions(
    { ed, published, editLang, change, openQuestion, setAnnounce },
    t,
  );

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
      <EditorProblems conflict={conflict} onReload={reloadDraft} general={general} errors={errors} goTo={goTo} />

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
        <AboutFields ed={ed} editLang={editLang} refLang={refLang} errors={errors} edit={edit} />

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
        <PublishDialog
          number={draft.number}
          dirty={dirty}
          missing={missing}
          busy={busy === 'publish'}
          error={dialogError}
          onConfirm={() => void publish()}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'discard' && (
        <DiscardDialog
          number={draft.number}
          inUse={publishedNumber ?? draft.number - 1}
          busy={busy === 'discard'}
          error={dialogError}
          onConfirm={() => void discard()}
          onCancel={() => setDialog(null)}
        />
      )}
    </>
  );
}
