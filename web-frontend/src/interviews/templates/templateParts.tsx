// What a questionnaire's pages share: the heading, the notice of what just happened, the list of versions.
import { useEffect, useRef, useState } from 'preact/hooks';
import { SuccessMessage } from '../../components/forms';
import { formatDate } from '../../format';
import { useI18n } from '../../i18n';
import type { Template } from '../model';

export function TemplateHead({ title, builtin }: { title: string; builtin: boolean }) {
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
export function Notice({ message }: { message: string | null }) {
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

export function Versions({ template, current }: { template: Template; current: number }) {
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
