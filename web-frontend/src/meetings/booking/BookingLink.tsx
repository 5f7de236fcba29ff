// A link to book a time at office hours, for the meeting page (part 1 owns
// it: the lead places this there). Shown only where booking makes sense.
import { useAuth } from '../../auth/auth';
import { can } from '../../auth/roles';
import { useI18n } from '../../i18n';
import type { Meeting } from './model';

/** "Book a time" for a planned meeting with slots that has not ended, for roles that may book. */
export function BookingLink({ meeting, class: className = 'button-link' }: { meeting: Pick<Meeting, 'id' | 'slots' | 'status' | 'ends_at'>; class?: string }) {
  const { t } = useI18n();
  const { me } = useAuth();
  if (!meeting.slots || meeting.status !== 'planned' || Date.parse(meeting.ends_at) <= Date.now() || !can(me?.role, 'meetings.book')) return null;
  return (
    <a class={className} href={`/meetings/${meeting.id}/book`} data-testid="booking-link">
      {t('booking.link')}
    </a>
  );
}
