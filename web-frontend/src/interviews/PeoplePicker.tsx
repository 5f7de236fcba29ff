// Finding participants for an interview by name, to add them to its plan.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useCodeLists } from '../api/codeLists';
import { problemKey, type ProblemKey } from '../api/problem';
import { TextField } from '../components/forms';
import { useI18n } from '../i18n';
import { displayName, participantRef } from '../participants/common';
import { listParticipants, type ParticipantView } from '../participants/model';

/** How long typing pauses before participants are searched. */
export const SEARCH_DELAY_MS = 300;

/** Finds participants by name (GET /participants?q=) and adds them. */
export function PeoplePicker({ chosen, onAdd, error }: { chosen: readonly string[]; onAdd: (p: ParticipantView) => void; error: string | null }) {
  const { t, lang } = useI18n();
  const codes = useCodeLists(['languages']);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<{ status: 'idle' | 'searching' } | { status: 'error'; key: ProblemKey } | { status: 'done'; items: ParticipantView[] }>({
    status: 'idle',
  });
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
      listParticipants({ q: text, limit: 10, sort: 'name' }).then(
        (page) => mine === seq.current && setFound({ status: 'done', items: page.items }),
        (e: unknown) => mine === seq.current && setFound({ status: 'error', key: problemKey(e) }),
      );
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [q]);
  const sep = lang === 'ar' || lang === 'fa' ? '، ' : ', ';
  return (
    <div class="people-picker">
      <TextField
        id="iv-search"
        type="search"
        label={t('interviews.find_participant')}
        hint={t('interviews.find_participant_hint')}
        value={q}
        onValue={setQ}
        error={error}
        autoComplete="off"
        dir="auto"
        maxLength={100}
        enterKeyHint="search"
        testId="participant-search"
      />
      <p class="visually-hidden" role="status">
        {found.status === 'searching' ? t('common.loading') : found.status === 'done' ? t('interviews.found_n', { n: found.items.length }) : ''}
      </p>
      {found.status === 'error' && <p class="field-error">{t(found.key)}</p>}
      {found.status === 'done' && found.items.length === 0 && <p class="hint">{t('interviews.found_none')}</p>}
      {found.status === 'done' && found.items.length > 0 && (
        <ul class="card-list found-people" data-testid="found-people">
          {found.items.map((p) => {
            const added = chosen.includes(participantRef(p));
            return (
              <li class="card-item" key={p.id} data-testid="found-person" data-id={p.id}>
                <div class="card-main">
                  <p class="primary">
                    <bdi>{displayName(p, t)}</bdi>
                  </p>
                  {p.languages?.length ? <p class="meta">{p.languages.map((l) => codes.label('languages', l.language)).join(sep)}</p> : null}
                </div>
                <button
                  type="button"
                  class="secondary small"
                  disabled={added}
                  onClick={() => onAdd(p)}
                  data-testid="add-person"
                  aria-label={added ? t('interviews.added_named', { name: displayName(p, t) }) : t('interviews.add_named', { name: displayName(p, t) })}
                >
                  {added ? t('interviews.added') : t('interviews.add')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
