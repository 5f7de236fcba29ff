import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { useCodeLists } from '../api/codeLists';
import { useAuth } from '../auth/auth';
import { can } from '../auth/roles';
import { takeFlash } from '../components/flash';
import { SelectField, SuccessMessage } from '../components/forms';
import { LoadError, NotReady } from '../components/NotReady';
import { PagedSection } from '../components/PagedSection';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';
import { INTERVIEW_STATUSES, isStatus, listInterviews, type Interview, type InterviewStatus } from './model';
import './interviews.css';

/** Interviews per request; more with "Load more". */
export const PAGE_SIZE = 50;

/** /interviews: the interviews, the latest scheduled first, filtered by status. */
export default function Interviews() {
  const { t, lang } = useI18n();
  useTitle(t('interviews.title'));
  const { me } = useAuth();
  const role = me?.role;
  const { query, route } = useLocation();
  const status: InterviewStatus | '' = isStatus(query.status) ? query.status : '';
  const codes = useCodeLists(['interview-kinds', 'interview-statuses']);
  const [notice] = useState(() => takeFlash());

  const list = usePaged<Interview>(
    (cursor) => listInterviews({ limit: PAGE_SIZE, lang, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) }),
    [status, lang],
    { keepOnChange: true },
  );

  if (list.state === 'forbidden') return <NotReady load={list} />;
  const people = (iv: Interview) =>
    iv.participants.map((p) => p.name ?? t('participants.unnamed')).join(lang === 'ar' || lang === 'fa' ? '، ' : ', ');

  return (
    <>
      <div class="page-head">
        <h1>{t('interviews.title')}</h1>
        <div class="actions">
          <a class="button-link" href="/interviews/new" data-testid="plan-interview">
            {t('interviews.plan')}
          </a>
        </div>
      </div>
      {(can(role, 'interview_templates.view') || can(role, 'interviews.analysis')) && (
        <ul class="link-row" data-testid="interview-links">
          {can(role, 'interview_templates.view') && (
            <li>
              <a href="/interviews/templates">{t('interviews.templates_link')}</a>
            </li>
          )}
          {can(role, 'interviews.analysis') && (
            <li>
              <a href="/interviews/analysis">{t('interviews.analysis_link')}</a>
            </li>
          )}
        </ul>
      )}
      {notice && <SuccessMessage testId="interviews-notice">{notice}</SuccessMessage>}

      <div class="list-tools interview-tools">
        <SelectField
          id="iv-status"
          label={t('interviews.status')}
          value={status}
          onValue={(v) => route(isStatus(v) ? `/interviews?status=${v}` : '/interviews', true)}
        >
          <option value="">{t('interviews.status_any')}</option>
          {INTERVIEW_STATUSES.map((s) => (
            <option key={s} value={s}>
              {codes.label('interview-statuses', s)}
            </option>
          ))}
        </SelectField>
      </div>
      {codes.error && <LoadError messageKey={codes.error} onRetry={codes.retry} />}

      <PagedSection
        headingId="interviews-heading"
        heading={t('interviews.list_heading')}
        paged={list}
        empty={<p data-testid="interviews-empty">{status ? t('interviews.none_filtered') : t('interviews.none')}</p>}
      >
        {({ items }) => (
          <table class="data-table interviews-table" data-testid="interviews-table">
            <thead>
              <tr>
                <th scope="col">{t('interviews.when')}</th>
                <th scope="col">{t('interviews.kind')}</th>
                <th scope="col">{t('interviews.participants')}</th>
                <th scope="col">{t('interviews.template')}</th>
                <th scope="col">{t('interviews.status')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((iv) => (
                <tr key={iv.id} data-testid="interview-row" data-id={iv.id} data-status={iv.status}>
                  <td class="primary">
                    <a href={`/interviews/${iv.id}`}>{formatDateTime(iv.scheduled_at, lang)}</a>
                  </td>
                  <td data-label={t('interviews.kind')}>
                    <span>{codes.label('interview-kinds', iv.kind)}</span>
                  </td>
                  <td data-label={t('interviews.participants')}>
                    <span dir="auto">{people(iv)}</span>
                  </td>
                  <td data-label={t('interviews.template')}>
                    <span dir="auto">{iv.template.title}</span>
                  </td>
                  <td data-label={t('interviews.status')}>
                    <span class={`pill pill-status status-${iv.status}`}>{codes.label('interview-statuses', iv.status)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedSection>
    </>
  );
}
