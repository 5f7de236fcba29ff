import type { ComponentChildren } from 'preact';
import { useI18n } from '../../i18n';
import { refusalOf } from './model';
import './common.css';

/**
 * Why something did not work: `message` (a text for this situation) or the
 * translated problem, and under it the server's own explanation (its
 * `detail`, in English) for a refusal, so that nothing is hidden.
 */
export function ProblemNote({
  error,
  message,
  children,
  testId,
}: {
  error: unknown;
  message?: string | null;
  children?: ComponentChildren;
  testId?: string;
}) {
  const { t } = useI18n();
  const refusal = refusalOf(error);
  return (
    <div class="alert" role="alert" data-testid={testId}>
      <p>{message ?? t(refusal.key)}</p>
      {refusal.detail && (
        <p class="hint problem-detail" lang="en" dir="ltr" data-testid="problem-detail">
          {refusal.detail}
        </p>
      )}
      {children}
    </div>
  );
}

/** The same on one line (for a dialog's error): the translated problem, then the server's detail. */
export function problemLine(t: ReturnType<typeof useI18n>['t'], error: unknown): string {
  const refusal = refusalOf(error);
  return refusal.detail ? `${t(refusal.key)} (${refusal.detail})` : t(refusal.key);
}
