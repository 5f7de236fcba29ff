import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { takeFlash } from '../components/flash';
import { CheckField, SuccessMessage } from '../components/forms';
import { NotReady } from '../components/NotReady';
import { useLoad } from '../components/useLoad';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { listVenues } from './model';
import './meetings.css';

/** /meetings/venues: the organisation's venues by name (coordinators and admins). */
export default function Venues() {
  const { t } = useI18n();
  useTitle(t('venues.title'));
  const { query, route } = useLocation();
  const archived = query.archived === '1';
  const venues = useLoad(() => listVenues(archived), [archived], { keepOnChange: true });
  const [notice] = useState(() => takeFlash());

  return (
    <>
      <p class="breadcrumb">
        <a href="/meetings">{t('meetings.back_to_agenda')}</a>
      </p>
      <div class="page-head">
        <h1>{t('venues.title')}</h1>
        <div class="actions">
          <a class="button-link" href="/meetings/venues/new" data-testid="new-venue">
            {t('venues.new')}
          </a>
        </div>
      </div>
      {notice && <SuccessMessage testId="venues-notice">{notice}</SuccessMessage>}
      <CheckField id="v-archived" label={t('venues.show_archived')} checked={archived} onChecked={(on) => route(on ? '/meetings/venues?archived=1' : '/meetings/venues', true)} />
      {venues.state !== 'ready' ? (
        <NotReady load={venues} />
      ) : venues.data.length === 0 ? (
        <p data-testid="venues-empty">{t('venues.none')}</p>
      ) : (
        <table class="data-table venues-table" data-testid="venues-table">
          <thead>
            <tr>
              <th scope="col">{t('venues.field.name')}</th>
              <th scope="col">{t('venues.field.address')}</th>
              <th scope="col">{t('venues.field.capacity')}</th>
            </tr>
          </thead>
          <tbody>
            {venues.data.map((v) => (
              <tr key={v.id} data-testid="venue-row" data-id={v.id}>
                <td class="primary">
                  <a href={`/meetings/venues/${v.id}`} dir="auto">
                    {v.name}
                  </a>
                  {v.archived && <span class="badge">{t('venues.archived')}</span>}
                </td>
                <td data-label={t('venues.field.address')}>{v.address ? <bdi>{v.address}</bdi> : <span class="muted">—</span>}</td>
                <td data-label={t('venues.field.capacity')}>{v.capacity ?? <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
