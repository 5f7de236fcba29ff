import { useRef, useState } from 'preact/hooks';
import { ApiError, formError } from '../../api/errors';
import { fieldMessage, FormProblem, focusFirstProblem } from '../../components/forms';
import { useI18n } from '../../i18n';
import { renderMarkdown } from './markdown';
import { cleanDecisions, MAX_BODY_LENGTH, MAX_DECISION_LENGTH, MAX_DECISIONS, saveMinutes, type Minutes } from './model';

interface Row {
  key: number;
  text: string;
}

/**
 * Writing the minutes: the Markdown in a text area with a preview, the
 * decisions as rows to add and remove. Saved with the version last read; if
 * someone else saved meanwhile (409) the page offers to load theirs.
 */
export function MinutesEditor({
  meetingId,
  minutes,
  onSaved,
  onCancel,
  onReload,
}: {
  meetingId: string;
  minutes: Minutes;
  onSaved: (saved: Minutes) => void;
  onCancel: () => void;
  onReload: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const next = useRef(0);
  const rowsOf = (list: readonly string[]): Row[] => list.map((text) => ({ key: next.current++, text }));
  const [body, setBody] = useState(minutes.body);
  const [rows, setRows] = useState<Row[]>(() => rowsOf(minutes.decisions.length ? minutes.decisions : ['']));
  const [preview, setPreview] = useState(false);
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [general, setGeneral] = useState<string | null>(null);
  const [errors, setErrors] = useState<ReturnType<typeof formError> | null>(null);

  const setRow = (key: number, text: string) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, text } : r)));
  const removeRow = (key: number) => setRows((rs) => (rs.length > 1 ? rs.filter((r) => r.key !== key) : [{ key: next.current++, text: '' }]));
  const addRow = () => {
    const key = next.current++;
    setRows((rs) => [...rs, { key, text: '' }]);
    setTimeout(() => document.getElementById(`decision-${key}`)?.focus(), 0);
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setConflict(false);
    setGeneral(null);
    setErrors(null);
    try {
      const saved = await saveMinutes(meetingId, { body, decisions: cleanDecisions(rows.map((r) => r.text)), version: minutes.version }, lang);
      onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setConflict(true);
        focusFirstProblem([]);
      } else {
        const found = formError(e, (f) => f === 'body' || /^decisions(\[\d+\])?$/.test(f));
        setErrors(found);
        setGeneral(found.general ? t(found.general) : null);
        const first = Object.keys(found.fields)[0];
        focusFirstProblem(first === 'body' ? ['minutes-body-input'] : first ? [`decision-${rows[Number(/\d+/.exec(first)?.[0] ?? 0)]?.key ?? 0}`] : []);
      }
    } finally {
      setBusy(false);
    }
  };

  const bodyError = fieldMessage(errors, 'body');
  const decisionError = (i: number) => fieldMessage(errors, `decisions[${i}]`) ?? (i === 0 ? fieldMessage(errors, 'decisions') : null);
  const filled = cleanDecisions(rows.map((r) => r.text)).length;

  return (
    <form class="form minutes-form" onSubmit={(e) => void onSubmit(e)} noValidate data-testid="minutes-form">
      <div class="field">
        <div class="editor-head">
          <label for="minutes-body-input" id="minutes-body-label">
            {t('minutes.notes')}
          </label>
          <div class="view-switch" role="group" aria-label={t('minutes.view_label')}>
            <button type="button" class={preview ? 'secondary' : ''} aria-pressed={preview ? 'false' : 'true'} onClick={() => setPreview(false)} data-testid="write-tab">
              {t('minutes.write_tab')}
            </button>
            <button type="button" class={preview ? '' : 'secondary'} aria-pressed={preview ? 'true' : 'false'} onClick={() => setPreview(true)} data-testid="preview-tab">
              {t('minutes.preview_tab')}
            </button>
          </div>
        </div>
        <p class="hint" id="minutes-body-hint">
          {t('minutes.markdown_hint')}
        </p>
        {preview ? (
          <div class="markdown preview" dir="auto" aria-labelledby="minutes-body-label" data-testid="minutes-preview">
            {body.trim() ? <div dangerouslySetInnerHTML={{ __html: renderMarkdown(body) }} /> : <p class="muted">{t('minutes.preview_empty')}</p>}
          </div>
        ) : (
          <textarea
            id="minutes-body-input"
            name="body"
            rows={14}
            dir="auto"
            value={body}
            maxLength={MAX_BODY_LENGTH}
            onInput={(e) => setBody(e.currentTarget.value)}
            aria-describedby={bodyError ? 'minutes-body-hint minutes-body-error' : 'minutes-body-hint'}
            aria-invalid={bodyError ? 'true' : undefined}
            data-testid="minutes-body-input"
          />
        )}
        {bodyError && (
          <p class="field-error" id="minutes-body-error">
            {bodyError}
          </p>
        )}
      </div>

      <fieldset class="form-section decisions-editor" data-testid="decisions-editor">
        <legend>{t('minutes.decisions')}</legend>
        <p class="hint">{t('minutes.decisions_hint')}</p>
        <ol class="decision-rows">
          {rows.map((r, i) => {
            const error = decisionError(i);
            return (
              <li key={r.key} class="decision-row">
                <label for={`decision-${r.key}`} class="visually-hidden">
                  {t('minutes.decision_n', { n: i + 1 })}
                </label>
                <input
                  id={`decision-${r.key}`}
                  type="text"
                  dir="auto"
                  value={r.text}
                  maxLength={MAX_DECISION_LENGTH}
                  onInput={(e) => setRow(r.key, e.currentTarget.value)}
                  aria-invalid={error ? 'true' : undefined}
                  aria-describedby={error ? `decision-${r.key}-error` : undefined}
                  data-testid="decision-input"
                />
                <button type="button" class="secondary remove-decision" onClick={() => removeRow(r.key)} aria-label={t('minutes.remove_decision_n', { n: i + 1 })} data-testid="remove-decision">
                  {t('meetings.remove')}
                </button>
                {error && (
                  <p class="field-error" id={`decision-${r.key}-error`}>
                    {error}
                  </p>
                )}
              </li>
            );
          })}
        </ol>
        {rows.length < MAX_DECISIONS && (
          <button type="button" class="secondary add-row" onClick={addRow} data-testid="add-decision">
            {t('minutes.add_decision')}
          </button>
        )}
        <p class="visually-hidden" aria-live="polite">
          {t('minutes.decisions_count', { n: filled })}
        </p>
      </fieldset>

      <FormProblem
        conflict={conflict}
        conflictText={t('minutes.conflict')}
        reloadLabel={t('minutes.reload')}
        onReload={() => {
          void onReload();
          onCancel();
        }}
        general={general}
      />
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="save-minutes">
          {busy ? t('common.working') : t('minutes.save')}
        </button>
        <button type="button" class="secondary" onClick={onCancel} disabled={busy} data-testid="cancel-edit">
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
