// Finding a participant by name (GET /participants?q=), for staff: a walk-in
// at the door, or whom an office-hour booking is for.
import { useEffect, useRef, useState } from 'preact/hooks';
import { problemKey, type ProblemKey } from '../../api/problem';
import { TextField } from '../../components/forms';
import { useI18n } from '../../i18n';
import { listParticipants, type ParticipantView } from '../../participants/model';

/** How long typing pauses before the server is asked. */
export const SEARCH_DELAY_MS = 300;

type Found = { status: 'idle' | 'searching' } | { status: 'error'; key: ProblemKey } | { status: 'done'; items: ParticipantView[] };

export function ParticipantSearch({
  id,
  label,
  hint,
  actionLabel,
  onPick,
  busyId,
  takenIds = [],
  takenLabel,
}: {
  id: string;
  label: string;
  hint?: string;
  /** The button of each found person ("Tick as come", "Choose"). */
  actionLabel: string;
  onPick: (p: ParticipantView) => void;
  /** The person whose pick is being sent (their button is busy). */
  busyId?: string | null;
  /** People who need no button (already on the list). */
  takenIds?: readonly string[];
  takenLabel?: string;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found>({ status: 'idle' });
  const seq = useRef(0);
  useEffect(() => {
    const text = q.trim();
    const mine = ++seq.current;
    if (!text) {
      setFound({ status: 'idle' });
      return;
    }
    const timer = setTimeout(() => {
      setFound({ status: 'searching' });
      listParticipants({ q: text, limit: 10, sort: 'name', status: 'active' }).then(
        (page) => mine === seq.current && setFound({ status: 'done', items: page.items }),
        (e: unknown) => mine === seq.current && setFound({ status: 'error', key: problemKey(e) }),
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q]);

  const nameOf = (p: ParticipantView) => p.name ?? p.pseudonym ?? t('meeting_common.unnamed');
  return (
    <div class="participant-search">
      <TextField
        id={id}
        type="search"
        label={label}
        hint={hint}
        value={q}
        onValue={setQ}
        autoComplete="off"
        dir="auto"
        maxLength={100}
        enterKeyHint="search"
        testId={`${id}-input`}
      />
      <p class="visually-hidden" role="status">
        {found.status === 'searching' ? t('common.loading') : found.status === 'done' ? t('meeting_common.found_n', { n: found.items.length }) : ''}
      </p>
      {found.status === 'error' && <p class="field-error">{t(found.key)}</p>}
      {found.status === 'done' && found.items.length === 0 && <p class="hint">{t('meeting_common.found_none')}</p>}
      {found.status === 'done' && found.items.length > 0 && (
        <ul class="card-list" data-testid={`${id}-results`}>
          {found.items.map((p) => {
            const pid = p.id ?? '';
            const taken = takenIds.includes(pid);
            return (
              <li class="card-item" key={pid} data-testid="found-person">
                <span class="primary">
                  <bdi>{nameOf(p)}</bdi>
                </span>
                {taken ? (
                  <span class="badge">{takenLabel}</span>
                ) : (
                  <button
                    type="button"
                    class="secondary small"
                    disabled={busyId === pid || !pid}
                    aria-label={`${actionLabel}: ${nameOf(p)}`}
                    onClick={() => onPick(p)}
                    data-testid="pick-person"
                  >
                    {busyId === pid ? t('common.working') : actionLabel}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
