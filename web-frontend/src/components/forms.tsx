import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { PASSWORD_MIN_LENGTH, type FormError } from '../api/errors';
import { t as translate, useI18n } from '../i18n';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  /** A translated error message, shown under the field. */
  error?: string | null | undefined;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'date' | 'time' | 'search' | 'tel';
  autoComplete?: string;
  dir?: 'ltr' | 'rtl' | 'auto';
  required?: boolean;
  disabled?: boolean;
  min?: string;
  max?: string;
  maxLength?: number;
  /** For a time: the minutes' step, in seconds. */
  step?: number;
  list?: string;
  inputMode?: 'text' | 'email' | 'tel' | 'numeric' | 'search';
  /** Extra attributes for the input, e.g. data-testid. */
  testId?: string;
  onBlur?: () => void;
  enterKeyHint?: 'search' | 'done' | 'next';
  placeholder?: string;
}

const describedBy = (...ids: (string | false | undefined | null)[]) => ids.filter(Boolean).join(' ') || undefined;

/** A labelled input with an optional hint and its error underneath, linked for screen readers. */
export function TextField({ id, label, value, onValue, error, hint, type = 'text', ...rest }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={id}
        type={type as 'text'}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        aria-required={rest.required ? 'true' : undefined}
        autocomplete={rest.autoComplete}
        dir={rest.dir}
        disabled={rest.disabled}
        min={rest.min}
        max={rest.max}
        maxLength={rest.maxLength}
        step={rest.step}
        list={rest.list}
        inputMode={rest.inputMode}
        data-testid={rest.testId}
        onBlur={rest.onBlur}
        enterKeyHint={rest.enterKeyHint}
        placeholder={rest.placeholder}
      />
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A password input with a "show password" switch (typing blind on a phone is hard). */
export function PasswordField(props: Omit<FieldProps, 'type' | 'dir'>) {
  const { t } = useI18n();
  const [shown, setShown] = useState(false);
  return (
    <div class="password-field">
      <TextField {...props} type={shown ? 'text' : 'password'} dir="ltr" />
      <label class="check show-password">
        <input type="checkbox" checked={shown} onChange={(e) => setShown(e.currentTarget.checked)} />
        {t('common.show_password')}
      </label>
    </div>
  );
}

interface SelectProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | null | undefined;
  disabled?: boolean;
  required?: boolean;
  children: ComponentChildren;
}

export function SelectField({ id, label, value, onValue, error, disabled, required, children }: SelectProps) {
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        name={id}
        value={value}
        disabled={disabled}
        onChange={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={errorId}
        aria-required={required ? 'true' : undefined}
      >
        {children}
      </select>
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

interface TextAreaProps {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | null | undefined;
  hint?: string | undefined;
  rows?: number;
  maxLength?: number;
  required?: boolean;
  testId?: string;
}

/** A labelled multi-line text (notes, reasons), with hint and error like TextField. */
export function TextAreaField({ id, label, value, onValue, error, hint, rows = 3, maxLength, required, testId }: TextAreaProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        name={id}
        rows={rows}
        value={value}
        dir="auto"
        maxLength={maxLength}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        aria-required={required ? 'true' : undefined}
        data-testid={testId}
      />
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A checkbox with its label, and an error under it. */
export function CheckField({
  id,
  label,
  checked,
  onChecked,
  error,
  hint,
}: {
  id: string;
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  error?: string | null | undefined;
  hint?: string | undefined;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class="field">
      <label class="check" for={id}>
        <input
          type="checkbox"
          id={id}
          name={id}
          checked={checked}
          onChange={(e) => onChecked(e.currentTarget.checked)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy(hintId, errorId)}
        />
        <span>{label}</span>
      </label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A grid of checkboxes, one a value; `onToggle` says which was ticked or unticked. */
export function CheckGrid({
  id,
  name,
  items,
  chosen,
  onToggle,
}: {
  /** With an id the grid can take focus (to show an error about it). */
  id?: string;
  name?: string;
  items: readonly { value: string; label: string }[];
  chosen: readonly string[];
  onToggle: (value: string, on: boolean) => void;
}) {
  return (
    <div class="check-grid" id={id} tabIndex={id ? -1 : undefined}>
      {items.map((item) => (
        <label class="check" key={item.value}>
          <input type="checkbox" name={name} value={item.value} checked={chosen.includes(item.value)} onChange={(e) => onToggle(item.value, e.currentTarget.checked)} />
          <span>{item.label}</span>
        </label>
      ))}
    </div>
  );
}

/** `list` with `value` added (`on`) or taken out. */
export const toggled = (list: readonly string[], value: string, on: boolean): string[] => (on ? [...list, value] : list.filter((x) => x !== value));

/** A part of a long form, with its title and an optional hint. */
export function FormSection({ id, title, hint, children }: { id: string; title: string; hint?: string; children: ComponentChildren }) {
  return (
    <fieldset class="form-section" id={id} data-testid={id}>
      <legend>{title}</legend>
      {hint && <p class="hint">{hint}</p>}
      <div class="section-fields">{children}</div>
    </fieldset>
  );
}

/**
 * After a failed save: focuses the first (in page order) of the fields with
 * these element ids, else the form's problem (#form-problem, see FormProblem).
 */
export function focusFirstProblem(ids: readonly string[]) {
  setTimeout(() => {
    const target =
      ids
        .map((id) => document.getElementById(id))
        .filter((el): el is HTMLElement => el !== null)
        .sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0] ?? document.getElementById('form-problem');
    target?.focus();
    target?.scrollIntoView?.({ block: 'center' });
  }, 0);
}

/**
 * Why a long form was not saved, above its buttons: someone else saved first
 * (`conflict`, with a button to reload), or a message for the whole form.
 */
export function FormProblem({
  conflict,
  conflictText,
  reloadLabel,
  onReload,
  general,
}: {
  conflict: boolean;
  conflictText: string;
  reloadLabel: string;
  onReload: (() => void) | undefined;
  general: string | null;
}) {
  return (
    <div aria-live="polite">
      {conflict && (
        <div class="alert" role="alert" id="form-problem" tabIndex={-1} data-testid="version-conflict">
          <p>{conflictText}</p>
          <button type="button" onClick={onReload}>
            {reloadLabel}
          </button>
        </div>
      )}
      {general && (
        <div class="alert" role="alert" id="form-problem" tabIndex={-1} data-testid="form-error">
          {general}
        </div>
      )}
    </div>
  );
}

/** A long form's buttons: save (busy while sending) and cancel (back to `cancelHref`). */
export function FormFooter({ busy, submitLabel, cancelHref }: { busy: boolean; submitLabel: string; cancelHref: string }) {
  const { t } = useI18n();
  return (
    <div class="form-footer">
      <div class="actions">
        <button type="submit" disabled={busy} data-testid="save">
          {busy ? t('common.working') : submitLabel}
        </button>
        <a class="button-link secondary" href={cancelHref}>
          {t('common.cancel')}
        </a>
      </div>
    </div>
  );
}

/** An error for a whole form or section. */
export function ErrorMessage({ children, testId }: { children: ComponentChildren; testId?: string }) {
  return (
    <div class="alert" role="alert" data-testid={testId}>
      {children}
    </div>
  );
}

/** A success message, announced politely. */
export function SuccessMessage({ children, testId }: { children: ComponentChildren; testId?: string }) {
  return (
    <div class="notice" role="status" data-testid={testId}>
      {children}
    </div>
  );
}

/** The translated message for one field of a failed form, or null. */
export function fieldMessage(error: FormError | null, field: string): string | null {
  const key = error?.fields[field];
  return key ? translate(key, { min: PASSWORD_MIN_LENGTH }) : null;
}
