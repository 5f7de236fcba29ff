// A link to the door list, for the meeting page (part 1 owns it: the lead
// places this there), for staff who may tick people off.
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { useI18n } from '../../i18n';
import type { Meeting } from '../common/model';

/** "At the door" for a meeting that is not cancelled, for roles with the door list. */
export function DoorLink({ meeting, class: className = 'button-link' }: { meeting: Pick<Meeting, 'id' | 'status'>; class?: string }) {
  const { t } = useI18n();
  const { me } = useAuth();
  if (meeting.status === 'cancelled' || !can(me?.role, 'meetings.door')) return null;
  return (
    <a class={className} href={`/meetings/${meeting.id}/door`} data-testid="door-link">
      {t('door.title')}
    </a>
  );
}
