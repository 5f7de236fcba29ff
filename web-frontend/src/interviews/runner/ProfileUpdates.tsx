// "Profile updates to confirm": what the answers suggest for the participants'
// profiles (skills, languages, needs). Nothing is applied until the
// interviewer ticks and confirms it.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../../api/client';
import type { CodeLists } from '../../api/codeLists';
import { ApiError, unwrap } from '../../api/errors';
import { isProblem, problemKey } from '../../api/problem';
import { ErrorMessage } from '../../components/forms';
import { NotReady } from '../../components/NotReady';
import { useLoad } from '../../components/useLoad';
import { t as translate, useI18n } from '../../i18n';
import type { Interview, ProfileUpdate } from '../model';

type T = typeof translate;

/** What an update does, in words: "Add the skill “welding” (advanced)". */
export function describeUpdate(u: ProfileUpdate, t: T, codes: CodeLists): string {
  const language = codes.label('languages', u.language);
  switch (u.kind) {
    case 'add_skill':
      return u.skill_level
        ? t('interviews.update.add_skill', { skill: u.skill?.label ?? '', level: codes.label('skill-levels', u.skill_level) })
        : t('interviews.update.add_skill_no_level', { skill: u.skill?.label ?? '' });
    case 'add_language':
      return t('interviews.update.add_language', { language, level: codes.label('language-levels', u.language_level) });
    case 'change_language_level':
      return t('interviews.update.change_language_level', {
        language,
        from: codes.label('language-levels', u.current_language_level),
        to: codes.label('language-levels', u.language_level),
      });
    case 'add_need':
      return t('interviews.update.add_need', { need: codes.label('needs', u.need) });
  }
}

/** Updates grouped by person, in the order of the interview's participants. */
export function byPerson(updates: readonly ProfileUpdate[], iv: Pick<Interview, 'participants'>): { id: string; name: string | null; items: ProfileUpdate[] }[] {
  const order = iv.participants.map((p) => p.participant_id);
  const groups = new Map<string, { id: string; name: string | null; items: ProfileUpdate[] }>();
  for (const u of updates) {
    const g = groups.get(u.participant_id) ?? { id: u.participant_id, name: u.participant_name ?? null, items: [] };
    g.items.push(u);
    groups.set(u.participant_id, g);
  }
  const rank = (id: string) => (order.indexOf(id) < 0 ? order.length : order.indexOf(id));
  return [...groups.values()].sort((a, b) => rank(a.id) - rank(b.id));
}

export function ProfileUpdates({ iv, codes, autoFocus }: { iv: Interview; codes: CodeLists; autoFocus?: boolean }) {
  const { t, lang } = useI18n();
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [applied, setApplied] = useState<ProfileUpdate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const result = useRef<HTMLDivElement>(null);

  const updates = useLoad(async () => {
    const items = await unwrap(api.GET('/api/v1/interviews/{id}/profile-updates', { params: { path: { id: iv.id }, query: { lang } } }));
    // Every suggestion is ticked to start with; the interviewer unticks what is wrong.
    setChosen(new Set(items.map((u) => u.id)));
    return items;
  }, [iv.id, lang]);
  useEffect(() => {
    if (autoFocus) heading.current?.focus();
  }, [autoFocus]);

  const name = (id: string, fallback: string | null) =>
    iv.participants.find((p) => p.participant_id === id)?.name ?? fallback ?? t('participants.unnamed');

  const confirm = async () => {
    if (updates.state !== 'ready' || chosen.size === 0 || busy) return;
    setBusy(true);
    setError(null);
    try {
      const done = await unwrap(
        api.POST('/api/v1/interviews/{id}/profile-updates', {
          params: { path: { id: iv.id }, query: { lang } },
          body: { accept: updates.data.filter((u) => chosen.has(u.id)).map((u) => u.id) },
        }),
      );
      setApplied(done);
      await updates.reload();
      setTimeout(() => result.current?.focus(), 0);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'consent_required') {
        const ids = isProblem(e.problem) && Array.isArray(e.problem.participants) ? e.problem.participants : [];
        setError(t('interviews.updates_no_consent', { names: ids.map((id) => name(id, null)).join(', ') }));
      } else if (e instanceof ApiError && e.status === 422) {
        // A suggestion went away meanwhile (applied elsewhere, or the answer changed): show the list as it is now.
        setError(t('interviews.updates_changed'));
        await updates.reload();
      } else setError(t(problemKey(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card profile-updates" aria-labelledby="updates-heading" data-testid="profile-updates">
      <h2 id="updates-heading" tabIndex={-1} ref={heading}>
        {t('interviews.updates_title')}
      </h2>
      {applied && (
        <div class="notice" role="status" tabIndex={-1} ref={result} data-testid="updates-applied">
          <p>{applied.length ? t('interviews.updates_applied', { n: applied.length }) : t('interviews.updates_applied_none')}</p>
          {byPerson(applied, iv).map((g) => (
            <div key={g.id}>
              <p class="primary">
                <a href={`/participants/${g.id}`}>
                  <bdi>{name(g.id, g.name)}</bdi>
                </a>
              </p>
              <ul>
                {g.items.map((u) => (
                  <li key={u.id}>{describeUpdate(u, t, codes)}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
      {updates.state !== 'ready' ? (
        <NotReady load={updates} inline />
      ) : updates.data.length === 0 ? (
        applied ? null : (
          <p data-testid="updates-none">{t('interviews.updates_none')}</p>
        )
      ) : (
        <>
          <p class="hint">{t('interviews.updates_intro')}</p>
          {byPerson(updates.data, iv).map((g) => (
            <fieldset class="updates-person" key={g.id} data-testid="updates-person" data-id={g.id}>
              <legend>
                <bdi>{name(g.id, g.name)}</bdi>
              </legend>
              <ul class="plain-list">
                {g.items.map((u) => (
                  <li key={u.id}>
                    <label class="check" data-testid="update" data-kind={u.kind} data-id={u.id}>
                      <input
                        type="checkbox"
                        checked={chosen.has(u.id)}
                        onChange={(e) => {
                          const on = e.currentTarget.checked;
                          setChosen((c) => {
                            const next = new Set(c);
                            if (on) next.add(u.id);
                            else next.delete(u.id);
                            return next;
                          });
                        }}
                      />
                      <span>{describeUpdate(u, t, codes)}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
          ))}
          {error && <ErrorMessage testId="updates-error">{error}</ErrorMessage>}
          <div class="actions">
            <button type="button" onClick={() => void confirm()} disabled={busy || chosen.size === 0} data-testid="confirm-updates">
              {busy ? t('common.working') : t('interviews.updates_confirm', { n: chosen.size })}
            </button>
          </div>
          <p class="hint">{t('interviews.updates_unticked')}</p>
        </>
      )}
      {updates.state === 'ready' && updates.data.length === 0 && applied && <p data-testid="updates-all-done">{t('interviews.updates_all_done')}</p>}
    </section>
  );
}
