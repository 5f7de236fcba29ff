// A list of outcomes: kind, programme, dates and (on the organisation's list) the person.
import type { CodeLists } from '../../api/codeLists';
import { formatDay } from '../../format';
import { useI18n } from '../../i18n';
import type { Outcome } from './api';

export function OutcomeList({ items, codes, people }: { items: Outcome[]; codes: CodeLists; people?: boolean }) {
  const { t, lang } = useI18n();
  if (items.length === 0)
    return (
      <p class="empty" data-testid="no-outcomes">
        {t('outcomes.none')}
      </p>
    );
  return (
    <ul class="opp-list" data-testid="outcomes">
      {items.map((o) => (
        <li key={o.id} class="opp-card" data-testid="outcome" data-id={o.id} data-kind={o.kind} data-programme={o.programme}>
          <h3>{codes.label('outcome-kinds', o.kind)}</h3>
          <p class="opp-meta">
            {codes.label('opportunity-kinds', o.programme)} · {formatDay(o.starts_on, lang)}
            {o.ends_on ? ` – ${formatDay(o.ends_on, lang)}` : ''}
            {o.opportunity_id && (
              <>
                {' · '}
                <a href={`/opportunities/${o.opportunity_id}`}>{t('outcomes.opportunity_link')}</a>
              </>
            )}
            {people && o.participant_id && (
              <>
                {' · '}
                <a href={`/participants/${o.participant_id}`} data-testid="person-link">
                  {t('outcomes.person_link')}
                </a>
              </>
            )}
          </p>
        </li>
      ))}
    </ul>
  );
}
