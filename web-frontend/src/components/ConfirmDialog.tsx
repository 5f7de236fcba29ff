import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { useI18n } from '../i18n';
import { ErrorMessage } from './forms';

interface ConfirmProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  /** The button that closes it without doing anything ("Cancel" unless given). */
  cancelLabel?: string;
  onConfirm: () => void;
  onCancel: () => void;
  busy?: boolean;
  error?: string | null;
  testId?: string;
}

/** A modal question (native <dialog>: focus stays inside, Escape cancels). */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel, onConfirm, onCancel, busy, error, testId }: ConfirmProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (typeof dialog.showModal === 'function' && !dialog.open) {
      try {
        dialog.showModal();
      } catch {
        dialog.setAttribute('open', '');
      }
    } else if (!dialog.open) dialog.setAttribute('open', '');
    return () => {
      if (dialog.open && typeof dialog.close === 'function') dialog.close();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="dialog"
      aria-labelledby="dialog-title"
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onCancel();
      }}
    >
      <h2 id="dialog-title">{title}</h2>
      {children}
      {error && <ErrorMessage>{error}</ErrorMessage>}
      <div class="actions">
        <button type="button" class="danger" onClick={onConfirm} disabled={busy} data-testid="confirm">
          {confirmLabel}
        </button>
        <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
          {cancelLabel ?? t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
