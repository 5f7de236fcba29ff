// The participant list's "Has skills" filter: a skill picker, the chosen skills as removable chips,
// the least level, and whether all or any must match.
import { useEffect, useRef, useState } from 'preact/hooks';
import { useCodeLists } from '../api/codeLists';
import { SelectField } from '../components/forms';
import { useI18n } from '../i18n';
import { isSkillLevel, rememberSkillLabel, skillLabel } from '../skills/model';
import { SkillPicker } from '../skills/SkillPicker';
import { MAX_SKILLS, skillList, type ListFilters } from './listFilters';

/** The labels of skills in the filter: known when picked, else asked for (a link or a reload). */
export function useSkillLabels(uris: string[]): [Record<string, string>, (uri: string, label: string) => void] {
  const { lang } = useI18n();
  const [labels, setLabels] = useState<Record<string, string>>({});
  const known = useRef<Record<string, string>>({});
  known.current = labels;
  const key = `${lang}|${uris.join(',')}`;
  useEffect(() => {
    let live = true;
    for (const uri of uris) {
      if (known.current[`${lang}|${uri}`]) continue;
      skillLabel(uri, lang).then(
        (label) => live && setLabels((m) => ({ ...m, [`${lang}|${uri}`]: label })),
        () => undefined, // the chip shows the URI
      );
    }
    return () => {
      live = false;
    };
  }, [key]);
  const byUri = Object.fromEntries(uris.map((u) => [u, labels[`${lang}|${u}`] ?? u]));
  return [
    byUri,
    (uri, label) => {
      rememberSkillLabel(uri, lang, label);
      setLabels((m) => ({ ...m, [`${lang}|${uri}`]: label }));
    },
  ];
}

/** "Has skills": a skill picker, the chosen skills as removable chips, the least level, all or any. */
export function SkillFilter({ filters, apply }: { filters: ListFilters; apply: (change: Partial<ListFilters>) => void }) {
  const { t } = useI18n();
  const codes = useCodeLists(['skill-levels']);
  const uris = skillList(filters.skills);
  const [labels, remember] = useSkillLabels(uris);
  const set = (next: string[]) => apply(next.length ? { skills: next.join(',') } : { skills: '', min_level: '', match: '' });
  return (
    <fieldset class="skill-filter" data-testid="skill-filter">
      <legend>{t('participants.skills_filter')}</legend>
      <SkillPicker
        id="p-skills"
        kind="skills"
        label={t('skills.skill')}
        hint={t('participants.skills_filter_hint')}
        clearOnPick
        onPick={(hit) => {
          if (!hit || uris.includes(hit.uri) || uris.length >= MAX_SKILLS) return;
          remember(hit.uri, hit.label);
          set([...uris, hit.uri]);
        }}
        testId="skill-filter-picker"
      />
      {uris.length > 0 && (
        <>
          <ul class="tag-list chips" data-testid="skill-chips">
            {uris.map((uri) => (
              <li key={uri} data-uri={uri}>
                <bdi>{labels[uri]}</bdi>
                <button
                  type="button"
                  class="chip-remove"
                  aria-label={t('participants.remove_skill_filter', { skill: labels[uri] ?? uri })}
                  onClick={() => set(uris.filter((u) => u !== uri))}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <SelectField id="p-min-level" label={t('participants.min_level')} value={filters.min_level} onValue={(v) => apply({ min_level: isSkillLevel(v) ? v : '' })}>
            <option value="">{t('participants.any')}</option>
            {codes.items('skill-levels').map((i) => (
              <option key={i.code} value={i.code}>
                {i.label}
              </option>
            ))}
          </SelectField>
          {uris.length > 1 && (
            <SelectField id="p-match" label={t('participants.match')} value={filters.match} onValue={(v) => apply({ match: v === 'any' ? 'any' : '' })}>
              <option value="">{t('participants.match_all')}</option>
              <option value="any">{t('participants.match_any')}</option>
            </SelectField>
          )}
        </>
      )}
    </fieldset>
  );
}
