import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n';

async function copyText(text: string, input: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    const clipboard = (globalThis.navigator as { clipboard?: Clipboard } | undefined)?.clipboard;
    if (clipboard) {
      await clipboard.writeText(text);
      return true;
    }
  } catch {
    /* not allowed (plain http, no permission): try the old way */
  }
  try {
    input?.select();
    return document.execCommand?.('copy') ?? false;
  } catch {
    return false;
  }
}

/** A secret or link to pass on: shown whole (it wraps), read-only, with a Copy button. */
export function CopyField({ id, label, value, testId }: { id: string; label: string; value: string; testId?: string }) {
  const { t } = useI18n();
  const box = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  useEffect(() => setCopied(null), [value]);
  return (
    <div class="field copy-field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        ref={box}
        readOnly
        rows={value.length > 60 ? 3 : 2}
        value={value}
        dir="ltr"
        spellcheck={false}
        data-testid={testId}
        onFocus={(e) => e.currentTarget.select()}
      />
      <div class="copy-row">
        <button type="button" onClick={async () => setCopied((await copyText(value, box.current)) ? 'yes' : 'no')}>
          {t('common.copy')}
        </button>
        <span class="hint" role="status">
          {copied === 'yes' ? t('common.copied') : copied === 'no' ? t('common.copy_failed') : ''}
        </span>
      </div>
    </div>
  );
}
