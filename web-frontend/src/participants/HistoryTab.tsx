// The History tab of a profile: who did what to the record, from the audit log.
import { auditLabels } from '../admin/auditLabels';
import { listAudit, type AuditEntry } from '../admin/model';
import { MoreButton } from '../components/MoreButton';
import { NotReady } from '../components/NotReady';
import { usePaged } from '../components/usePaged';
import { formatDateTime } from '../format';
import { useI18n } from '../i18n';

export function HistoryTab({ id, staffName }: { id: string; staffName: (id: string | null | undefined) => string | null }) {
  const { t, lang } = useI18n();
  const labels = auditLabels(t);
  const log = usePaged<AuditEntry>(
    (cursor) => listAudit({ resource_id: id, limit: 50, cursor }),
    [id],
  );
  if (log.state !== 'ready') return <NotReady load={log} inline forbidden={<p>{t('forbidden.text')}</p>} />;
  if (log.data.items.length === 0) return <p data-testid="history-empty">{t('audit.none')}</p>;
  return (
    <>
      <p class="hint">{t('participants.history_intro')}</p>
      <table class="data-table" data-testid="history-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.time')}</th>
            <th scope="col">{t('audit.actor')}</th>
            <th scope="col">{t('audit.action')}</th>
          </tr>
        </thead>
        <tbody>
          {log.data.items.map((e) => (
            <tr key={e.id} data-testid="history-row" data-action={e.action}>
              <td class="primary">
                <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at, lang)}</time>
              </td>
              <td data-label={t('audit.actor')}>
                {e.actor_id && staffName(e.actor_id) ? <bdi>{staffName(e.actor_id)}</bdi> : labels.actorType(e.actor_type)}
              </td>
              <td data-label={t('audit.action')}>
                {labels.action(e.action)} · {labels.resource(e.resource_type)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton paged={log} />
    </>
  );
}
