import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api/client';
import { unwrap } from '../api/errors';
import { useI18n } from '../i18n';
import type { ConceptHit } from './model';

/** How long typing pauses before the taxonomy is searched. */
export const PICKER_DELAY_MS = 250;
const LIMIT = 10;

export type PickerKind = 'skills' | 'occupations';

interface PickerProps {
  id: string;
  kind: PickerKind;
  label: string;
  hint?: string;
  error?: string | null | undefined;
  /** Called with the chosen concept, or null when the text is changed after a choice. */
  onPick: (hit: ConceptHit | null) => void;
  /** Empty the input after a choice (for adding several, e.g. filters). */
  clearOnPick?: boolean;
  required?: boolean;
  testId?: string;
}

/**
 * Autocomplete over the skills (or occupations) of the taxonomy: the ARIA
 * combobox pattern (an input with a listbox, aria-activedescendant, arrow keys,
 * Enter to choose, Escape to close). Searches in the user's language, ignoring
 * case and accents (the server does), after a pause in typing.
 */
export function SkillPicker({ id, kind, label, hint, error, onPick, clearOnPick = false, required, testId }: PickerProps) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [items, setItems] = useState<ConceptHit[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [status, setStatus] = useState<'idle' | 'searching' | 'done' | 'error'>('idle');
  const chosen = useRef<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const q = text.trim();
    if (!q || q === chosen.current) {
      setItems([]);
      setStatus('idle');
      return;
    }
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      setStatus('searching');
      const path = kind === 'skills' ? '/api/v1/skills' : '/api/v1/occupations';
      unwrap(api.GET(path, { params: { query: { q, limit: LIMIT, lang } } })).then(
        (hits) => {
          if (mine !== seq.current) return; // a newer search is on its way
          setItems(hits.items);
          setActive(hits.items.length ? 0 : -1);
          setOpen(true);
          setStatus('done');
        },
        () => {
          if (mine === seq.current) setStatus('error');
        },
      );
    }, PICKER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, kind, lang]);

  const pick = (hit: ConceptHit) => {
    seq.current++;
    setOpen(false);
    setItems([]);
    setActive(-1);
    if (clearOnPick) {
      chosen.current = null;
      setText('');
    } else {
      chosen.current = hit.label;
      setText(hit.label);
    }
    onPick(hit);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (!items.length) return;
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      // Opening starts at the first option (Down) or the last (Up).
      setActive((i) => (open ? (i + step + items.length) % items.length : step > 0 ? 0 : items.length - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        e.preventDefault(); // choosing is not submitting the form
        pick(items[active]);
      }
    } else if (e.key === 'Escape') {
      if (open) {
        e.preventDefault();
        e.stopPropagation(); // not the dialog around it
        setOpen(false);
      } else if (text) {
        e.preventDefault();
        setText('');
        if (chosen.current) {
          chosen.current = null;
          onPick(null);
        }
      }
    }
  };

  const listId = `${id}-list`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const statusId = `${id}-status`;
  const expanded = open && items.length > 0;
  const message =
    status === 'searching'
      ? t('skills.searching')
      : status === 'error'
        ? t('problem.network')
        : status === 'done' && open
          ? items.length
            ? t('skills.results', { n: items.length })
            : t('skills.no_match')
          : '';

  return (
    <div class="field picker">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={hintId}>
          {hint}
        </p>
      )}
      <div class="picker-box">
        <input
          id={id}
          type="text"
          role="combobox"
          value={text}
          autocomplete="off"
          spellcheck={false}
          dir="auto"
          maxLength={100}
          enterKeyHint="search"
          aria-autocomplete="list"
          aria-expanded={expanded ? 'true' : 'false'}
          aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 ? `${id}-opt-${active}` : undefined}
          aria-invalid={error ? 'true' : undefined}
          aria-required={required ? 'true' : undefined}
          aria-describedby={[hintId, errorId, statusId].filter(Boolean).join(' ')}
          data-testid={testId}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setText(value);
            if (chosen.current !== null && value !== chosen.current) {
              chosen.current = null;
              onPick(null);
            }
          }}
          onKeyDown={onKeyDown}
          onBlur={() => setOpen(false)}
          onFocus={() => items.length && setOpen(true)}
        />
        <ul id={listId} role="listbox" aria-label={label} class="picker-list" hidden={!expanded}>
          {items.map((hit, i) => (
            <li
              key={hit.uri}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active ? 'true' : 'false'}
              class={i === active ? 'active' : undefined}
              data-uri={hit.uri}
              onMouseDown={(e) => e.preventDefault() /* keep the focus in the input */}
              onClick={() => pick(hit)}
            >
              <bdi class="picker-label">{hit.label}</bdi>
              {hit.matched_label && hit.matched_label.toLowerCase() !== hit.label.toLowerCase() && (
                <span class="picker-alt">
                  {t('skills.also_called')} <bdi>{hit.matched_label}</bdi>
                </span>
              )}
            </li>
          ))}
        </ul>
      </div>
      <p class="visually-hidden" id={statusId} role="status">
        {message}
      </p>
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
