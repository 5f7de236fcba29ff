import { useState } from 'preact/hooks';
import { useI18n } from '../../i18n';
import { saveCalendarFile } from './model';
import { ProblemNote } from './ProblemNote';

/** "Add to my calendar": saves the meeting's .ics file, which a phone offers to add to its calendar. */
export function CalendarButton({ meetingId, title, small = false }: { meetingId: string; title: string; small?: boolean }) {
  const { t, lang } = useI18n();
  const [state, setState] = useState<'idle' | 'busy' | 'saved' | { error: unknown }>('idle');
  const save = async () => {
    setState('busy');
    try {
      await saveCalendarFile(meetingId, title, lang);
      setState('saved');
    } catch (error) {
      setState({ error });
    }
  };
  return (
    <div class="calendar-button">
      <button type="button" class={small ? 'secondary small' : 'secondary'} onClick={() => void save()} disabled={state === 'busy'} data-testid="add-to-calendar">
        <span class="emoji" aria-hidden="true">📅</span>{' '}
        {t('meeting_common.add_to_calendar')}
      </button>
      <div aria-live="polite">
        {state === 'saved' && <p class="hint">{t('meeting_common.calendar_saved')}</p>}
        {typeof state === 'object' && <ProblemNote error={state.error} />}
      </div>
    </div>
  );
}
