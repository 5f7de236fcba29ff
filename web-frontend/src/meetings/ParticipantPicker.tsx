import { useEffect, useState } from 'preact/hooks';
import { problemKey } from '../api/problem';
import { TextField } from '../components/forms';
import { useI18n } from '../i18n';
import { searchParticipants, type Person } from './people';

/** How long typing pauses before the search is sent (as in the participant list). */
export const PICKER_DELAY_MS = 350;
/** Fewer letters than this find nobody yet. */
const MIN_LETTERS = 2;

type Found = { state: 'idle' } | { state: 'searching'; q: string } | { state: 'ready'; q: string; people: Person[] } | { state: 'error'; q: string; message: string };

/**
 * Finds a participant by name and acts on them: each person found has a
 * button (`actionLabel`, e.g. "Register"); `onPick` runs when it is pressed.
 * People in `exclude` (already registered, already invited) are not offered.
 */
export function ParticipantPicker({
  id,
  label,
  actionLabel,
  onPick,
  busy = false,
  exclude,
}: {
  id: string;
  label: string;
  actionLabel: string;
  onPick: (person: Person) => void;
  busy?: boolean;
  exclude?: ReadonlySet<string>;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found>({ state: 'idle' });

  useEffect(() => {
    const query = q.trim();
    if (query.length < MIN_LETTERS) {
      setFound({ state: 'idle' });
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      setFound({ state: 'searching', q: query });
      searchParticipants(query).then(
        (people) => live && setFound({ state: 'ready', q: query, people }),
        (e: unknown) => live && setFound({ state: 'error', q: query, message: t(problemKey(e)) }),
      );
    }, PICKER_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [q]);

  const people = found.state === 'ready' ? found.people.filter((p) => !exclude?.has(p.id)) : [];
  return (
    <div class="person-picker" data-testid={`${id}-picker`}>
      <TextField
        id={id}
        type="search"
        label={label}
        hint={t('meeting_staff.search_hint')}
        value={q}
        onValue={setQ}
        autoComplete="off"
        enterKeyHint="search"
        testId={`${id}-search`}
      />
      <div aria-live="polite" class="picker-status">
        {found.state === 'searching' && <p class="hint">{t('meeting_staff.searching')}</p>}
        {found.state === 'error' && <p class="field-error">{found.message}</p>}
        {found.state === 'ready' && people.length === 0 && (
          <p class="hint" data-testid={`${id}-none`}>
            {t('meeting_staff.nobody_found')}
          </p>
        )}
      </div>
      {people.length > 0 && (
        <ul class="picker-results" data-testid={`${id}-results`}>
          {people.map((p) => (
            <li key={p.id} data-id={p.id}>
              <span class="picker-name">
                <bdi>{p.name || t('participants.unnamed')}</bdi>
                {p.detail && (
                  <span class="muted">
                    {' · '}
                    <bdi>{p.detail}</bdi>
                  </span>
                )}
              </span>
              <button type="button" class="secondary" disabled={busy} onClick={() => onPick(p)} aria-label={`${actionLabel}: ${p.name}`} data-testid="pick">
                {actionLabel}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
