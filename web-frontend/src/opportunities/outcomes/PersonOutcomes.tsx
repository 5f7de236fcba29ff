// /opportunities/outcomes/for/:participantId — a person's outcomes and
// "Record an outcome" (staff: admins, coordinators, the person's adviser).
import { useRoute } from 'preact-iso/router';
import { useCodeLists } from '../../api/codeLists';
import { NotReady } from '../../components/NotReady';
import { usePaged } from '../../components/usePaged';
import { useLoad } from '../../components/useLoad';
import { useTitle } from '../../components/useTitle';
import { useI18n } from '../../i18n';
import { displayName } from '../../participants/common';
import { getParticipant } from '../../participants/model';
import { listOutcomes, type Outcome } from './api';
import { OutcomeList } from './OutcomeList';
import { RecordForm } from './RecordForm';
import './outcomes.css';

export const OUTCOME_CODES = ['outcome-kinds', 'opportunity-kinds'] as const;

export default function PersonOutcomes() {
  const { params } = useRoute();
  const id = params.participantId ?? '';
  const { t } = useI18n();
  const codes = useCodeLists(OUTCOME_CODES);
  const person = useLoad(() => getParticipant(id), [id]);
  const name = person.state === 'ready' ? displayName(person.data, t) : '';
  const title = t('outcomes.person_title', { name });
  useTitle(title);
  const list = usePaged<Outcome>((cursor) => listOutcomes({ participant_id: id }, cursor), [id]);
  return (
    <div class="opportunities outcomes">
      <p class="breadcrumb">
        <a href={`/participants/${id}`}>
          <bdi>{name || t('opportunities.someone')}</bdi>
        </a>
      </p>
      <h1>{title}</h1>
      {list.state !== 'ready' ? <NotReady load={list} inline /> : <OutcomeList items={list.data.items} codes={codes} />}
      <RecordForm participantId={id} codes={codes} onRecorded={(o) => list.update((items) => [o, ...items])} />
    </div>
  );
}
