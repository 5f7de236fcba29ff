// Parts of the draft editor's page: why the draft was not saved, the
// questionnaire's own fields, and the questions before publishing or discarding.
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useI18n, type Lang } from '../../i18n';
import { describePath, errorText, langName, PlainField, TransField, type FieldErrors } from './editorFields';
import { LANGS, type EdContent } from './templateModel';

/**
 * Why the draft was not saved, where focus goes after a failed save
 * (#editor-problem): someone else saved first (with a button to reload), or
 * the problems, each a link to its field.
 */
export function EditorProblems({ conflict, onReload, general, errors, goTo }: { conflict: boolean; onReload: () => void; general: string | null; errors: FieldErrors; goTo: (path: string) => void }) {
  const { t } = useI18n();
  const errorList = Object.entries(errors);
  return (
    <div id="editor-problem" tabIndex={-1} class="problem-anchor">
      {conflict && (
        <div class="alert" role="alert" data-testid="editor-conflict">
          <p>{t('templates.conflict')}</p>
          <button type="button" onClick={onReload}>
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
  );
}

/** The questionnaire's own fields: title, description and the bands for the length of stay. */
export function AboutFields({
  ed,
  editLang,
  refLang,
  errors,
  edit,
}: {
  ed: EdContent;
  editLang: Lang;
  refLang: Lang;
  errors: FieldErrors;
  edit: <V>(path: string, next: (value: V) => EdContent) => (value: V) => void;
}) {
  const { t } = useI18n();
  return (
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
  );
}

/** "Publish version n?", saying which languages still miss texts. */
export function PublishDialog({ number, dirty, missing, busy, error, onConfirm, onCancel }: { number: number; dirty: boolean; missing: Record<Lang, number>; busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={t('templates.publish_title', { n: number })}
      confirmLabel={dirty ? t('templates.save_and_publish') : t('templates.publish_confirm')}
      onConfirm={onConfirm}
      onCancel={onCancel}
      busy={busy}
      error={error}
      testId="publish-dialog"
    >
      <p>{t('templates.publish_explain', { n: number })}</p>
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
  );
}

/** "Discard version n?": the version in use stays `inUse`. */
export function DiscardDialog({ number, inUse, busy, error, onConfirm, onCancel }: { number: number; inUse: number; busy: boolean; error: string | null; onConfirm: () => void; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <ConfirmDialog
      title={t('templates.discard_title', { n: number })}
      confirmLabel={t('templates.discard_confirm')}
      onConfirm={onConfirm}
      onCancel={onCancel}
      busy={busy}
      error={error}
      testId="discard-dialog"
    >
      <p>{t('templates.discard_explain', { n: inUse })}</p>
    </ConfirmDialog>
  );
}
