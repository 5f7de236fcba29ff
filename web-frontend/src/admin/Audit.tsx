import { useEffect, useState } from 'preact/hooks';
import { SelectField, TextField } from '../components/forms';
import { MoreButton } from '../components/MoreButton';
import { NotReady } from '../components/NotReady';
import { Id } from '../components/Text';
import { usePaged } from '../components/usePaged';
import { useTitle } from '../components/useTitle';
import { formatDateTime, startOfDay } from '../format';
import { useI18n } from '../i18n';
import { AUDIT_ACTIONS, AUDIT_RESOURCES, auditLabels } from './auditLabels';
import { listApiKeys, listAudit, listMembers, type AuditEntry, type AuditQuery } from './model';

interface Filters {
  action: string;
  resource_type: string;
  actor_id: string;
  from: string; // yyyy-mm-dd
  to: string;
}
const NO_FILTERS: Filters = { action: '', resource_type: '', actor_id: '', from: '', to: '' };

/** The query for GET /audit: empty filters left out, dates as local whole days. */
export function auditQuery(f: Filters, cursor?: string): AuditQuery {
  const q: AuditQuery = { limit: 50 };
  if (f.action) q.action = f.action;
  if (f.resource_type) q.resource_type = f.resource_type;
  if (f.actor_id.trim()) q.actor_id = f.actor_id.trim();
  const since = f.from ? startOfDay(f.from) : null;
  if (since) q.since = since;
  const until = f.to ? startOfDay(f.to, 1) : null; // to the end of that day
  if (until) q.until = until;
  if (cursor) q.cursor = cursor;
  return q;
}

export default function Audit() {
  const { t, lang } = useI18n();
  useTitle(t('audit.title'));
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [applied, setApplied] = useState<Filters>(NO_FILTERS);
  const [rangeError, setRangeError] = useState(false);
  const [names, setNames] = useState<Map<string, string>>(new Map());

  const log = usePaged<AuditEntry>(
    (cursor) => listAudit(auditQuery(applied, cursor)),
    [applied],
  );

  // Names for the ids in the log, where we can tell (current members and keys).
  useEffect(() => {
    let live = true;
    void Promise.allSettled([listMembers(), listApiKeys()]).then(([members, keys]) => {
      if (!live) return;
      const map = new Map<string, string>();
      if (members.status === 'fulfilled') for (const m of members.value.items) map.set(m.user_id, m.display_name);
      if (keys.status === 'fulfilled') for (const k of keys.value.items) map.set(k.id, k.name);
      setNames(map);
    });
    return () => {
      live = false;
    };
  }, []);

  if (log.state === 'forbidden') return <NotReady load={log} />;

  const set = (field: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [field]: value }));
  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (draft.from && draft.to && draft.from > draft.to) {
      setRangeError(true);
      return;
    }
    setRangeError(false);
    setApplied({ ...draft });
  };
  const onClear = () => {
    setRangeError(false);
    setDraft(NO_FILTERS);
    setApplied(NO_FILTERS);
  };

  const { action: actionLabel, resource: resourceLabel, actorType: actorTypeLabel } = auditLabels(t);
  const filtered = JSON.stringify(applied) !== JSON.stringify(NO_FILTERS);

  return (
    <>
      <h1>{t('audit.title')}</h1>
      <p class="lead">{t('audit.intro')}</p>

      <details class="card filters" open={filtered || undefined}>
        <summary>{t('audit.filters')}</summary>
        <form onSubmit={onSubmit} noValidate class="form filter-grid" data-testid="audit-filters">
          <SelectField id="f-action" label={t('audit.action')} value={draft.action} onValue={set('action')}>
            <option value="">{t('audit.any')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </SelectField>
          <SelectField id="f-resource" label={t('audit.resource')} value={draft.resource_type} onValue={set('resource_type')}>
            <option value="">{t('audit.any')}</option>
            {AUDIT_RESOURCES.map((r) => (
              <option key={r} value={r}>
                {resourceLabel(r)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="f-actor"
            label={t('audit.actor_id')}
            hint={t('audit.actor_id_hint')}
            dir="ltr"
            autoComplete="off"
            list="known-actors"
            value={draft.actor_id}
            onValue={set('actor_id')}
          />
          <datalist id="known-actors">
            {[...names].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </datalist>
          <TextField id="f-from" label={t('audit.from')} type="date" value={draft.from} onValue={set('from')} />
          <TextField
            id="f-to"
            label={t('audit.to')}
            type="date"
            value={draft.to}
            onValue={set('to')}
            error={rangeError ? t('audit.to_before_from') : null}
          />
          <div class="actions">
            <button type="submit">{t('audit.apply')}</button>
            <button type="button" class="secondary" onClick={onClear}>
              {t('audit.clear')}
            </button>
          </div>
        </form>
      </details>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">{t('audit.events')}</h2>
        {log.state !== 'ready' ? (
          <NotReady load={log} inline />
        ) : log.data.items.length === 0 ? (
          <p data-testid="audit-empty">{filtered ? t('audit.none_filtered') : t('audit.none')}</p>
        ) : (
          <>
            <table class="data-table audit-table" data-testid="audit-table">
              <thead>
                <tr>
                  <th scope="col">{t('audit.time')}</th>
                  <th scope="col">{t('audit.actor')}</th>
                  <th scope="col">{t('audit.action')}</th>
                  <th scope="col">{t('audit.resource')}</th>
                  <th scope="col">{t('audit.request_id')}</th>
                </tr>
              </thead>
              <tbody>
                {log.data.items.map((e) => (
                  <tr key={e.id} data-testid="audit-row" data-action={e.action} data-resource={e.resource_type}>
                    <td data-label={t('audit.time')} class="primary">
                      <time dateTime={e.occurred_at}>{formatDateTime(e.occurred_at, lang, true)}</time>
                    </td>
                    <td data-label={t('audit.actor')}>
                      {e.actor_id && names.get(e.actor_id) ? <bdi>{names.get(e.actor_id)}</bdi> : actorTypeLabel(e.actor_type)}
                      {e.actor_id && <Id value={e.actor_id} />}
                    </td>
                    <td data-label={t('audit.action')}>{actionLabel(e.action)}</td>
                    <td data-label={t('audit.resource')}>
                      {resourceLabel(e.resource_type)}
                      {e.resource_id && <Id value={e.resource_id} />}
                    </td>
                    <td data-label={t('audit.request_id')}>
                      {e.request_id ? <Id value={e.request_id} /> : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <MoreButton paged={log} />
          </>
        )}
      </section>
    </>
  );
}
