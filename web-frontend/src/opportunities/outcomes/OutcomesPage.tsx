// /opportunities/outcomes — the statistics per year and programme (admins,
// coordinators, analysts) and, for staff, the organisation's outcomes.
import { useCodeLists } from '../../api/codeLists';
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { MoreButton } from '../../components/MoreButton';
import { NotReady } from '../../components/NotReady';
import { usePaged } from '../../components/usePaged';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { listOutcomes, outcomeStats, type Outcome } from './api';
import { OutcomeList } from './OutcomeList';
import { OUTCOME_CODES } from './PersonOutcomes';
import { StatsTable } from './StatsTable';
import './outcomes.css';

function Stats({ label }: { label: Parameters<typeof StatsTable>[0]['label'] }) {
  const stats = useLoad(outcomeStats, []);
  return stats.state !== 'ready' ? <NotReady load={stats} inline /> : <StatsTable stats={stats.data} label={label} />;
}

function AllOutcomes({ codes }: { codes: ReturnType<typeof useCodeLists> }) {
  const { t } = useI18n();
  const list = usePaged<Outcome>((cursor) => listOutcomes({}, cursor), []);
  return (
    <section aria-labelledby="outcome-list-title" data-testid="outcome-list">
      <h2 id="outcome-list-title">{t('outcomes.list_title')}</h2>
      {list.state !== 'ready' ? (
        <NotReady load={list} inline />
      ) : (
        <>
          <OutcomeList items={list.data.items} codes={codes} people />
          <MoreButton paged={list} />
        </>
      )}
    </section>
  );
}

export default function OutcomesPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  useTitle(t('outcomes.title'));
  const codes = useCodeLists(OUTCOME_CODES);
  return (
    <div class="opportunities outcomes">
      <h1>{t('outcomes.title')}</h1>
      <p>{t('outcomes.lead')}</p>
      {can(me?.role, 'outcomes.stats') && <Stats label={(list, code) => codes.label(list, code)} />}
      {can(me?.role, 'outcomes.list') && <AllOutcomes codes={codes} />}
    </div>
  );
}
