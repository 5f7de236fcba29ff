// Parts of the meeting form: the title and description per language, a
// searchable choice of languages, the place (a venue, added here if need be,
// an online link or a phone line), the repetition, and which meetings of a
// series a change applies to.
import { useMemo, useState } from 'preact/hooks';
import type { CodeLists } from '../api/codeLists';
import { formError } from '../api/errors';
import { CheckGrid, ErrorMessage, SelectField, TextAreaField, TextField, toggled } from '../components/forms';
import { LANGUAGES, useI18n, type Lang } from '../i18n';
import { weekdayNames } from './calendar';
import { fieldId, NTHS, repeatFor, type Draft, type Freq, type Nth, type Place, type RepeatDraft, type TextRow } from './draft';
import { createVenue, dirOfCode, WEEKDAYS, type EditScope, type Venue, type Weekday } from './model';

type Err = (field: string) => string | null;

/** Options of the `languages` list: the app's own languages first, then every other. */
export function LanguageOptions({ codes, empty }: { codes: CodeLists; empty: string }) {
  const { t } = useI18n();
  const items = codes.items('languages');
  const ours = LANGUAGES.map((l) => l.code as string);
  return (
    <>
      <option value="">{empty}</option>
      <optgroup label={t('meetings.app_languages')}>
        {ours.map((code) => (
          <option key={code} value={code}>
            {codes.label('languages', code)}
          </option>
        ))}
      </optgroup>
      <optgroup label={t('meetings.other_languages')}>
        {items
          .filter((i) => !ours.includes(i.code))
          .map((i) => (
            <option key={i.code} value={i.code}>
              {i.label}
            </option>
          ))}
      </optgroup>
    </>
  );
}

/** The title and description in each language, one row a language; "Add a language" adds a row. */
export function TextRows({
  rows,
  codes,
  err,
  onRow,
  onRemove,
  onAdd,
}: {
  rows: TextRow[];
  codes: CodeLists;
  err: Err;
  onRow: (i: number, change: Partial<TextRow>) => void;
  onRemove: (i: number) => void;
  onAdd: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {err('title') && (
        <p class="field-error" id={`${fieldId('title')}-error`}>
          {err('title')}
        </p>
      )}
      <ol class="text-rows" id={fieldId('title')} tabIndex={-1} data-testid="text-rows">
        {rows.map((row, i) => {
          const dir = row.lang ? dirOfCode(row.lang) : 'auto';
          return (
            <li class="text-row" key={row.key} data-testid="text-row">
              <SelectField id={fieldId(`texts[${i}].lang`)} label={t('meetings.text_language')} value={row.lang} onValue={(lang) => onRow(i, { lang })} error={err(`texts[${i}].lang`)}>
                <LanguageOptions codes={codes} empty={t('meetings.choose')} />
              </SelectField>
              <div class="text-fields">
                <TextField
                  id={fieldId(`texts[${i}].title`)}
                  label={t('meetings.field.title')}
                  value={row.title}
                  onValue={(title) => onRow(i, { title })}
                  error={err(`texts[${i}].title`)}
                  dir={dir}
                  maxLength={200}
                  autoComplete="off"
                  required={i === 0}
                />
                <TextAreaField
                  id={fieldId(`texts[${i}].description`)}
                  label={t('meetings.field.description')}
                  hint={i === 0 ? t('meetings.description_hint') : undefined}
                  value={row.description}
                  onValue={(description) => onRow(i, { description })}
                  maxLength={5000}
                  rows={4}
                />
              </div>
              {rows.length > 1 && (
                <button type="button" class="secondary small remove-row" onClick={() => onRemove(i)} aria-label={t('meetings.remove_language_n', { n: i + 1 })} data-testid="remove-text">
                  {t('meetings.remove')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <button type="button" class="secondary add-row" onClick={onAdd} data-testid="add-text">
        {t('meetings.add_language')}
      </button>
    </>
  );
}

/**
 * Languages chosen from the long `languages` list: the chosen ones as
 * removable chips, then a search box over checkboxes of the others.
 */
export function LanguagePicker({
  id,
  label,
  hint,
  codes,
  chosen,
  onChange,
  error,
}: {
  id: string;
  label: string;
  hint?: string;
  codes: CodeLists;
  chosen: string[];
  onChange: (chosen: string[]) => void;
  error?: string | null;
}) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const items = codes.items('languages');
  const found = useMemo(() => {
    const needle = q.trim().toLocaleLowerCase(lang);
    const ours = LANGUAGES.map((l) => l.code as string);
    const sorted = [...items].sort((a, b) => (ours.includes(a.code) ? 0 : 1) - (ours.includes(b.code) ? 0 : 1));
    return sorted.filter((i) => !needle || i.label.toLocaleLowerCase(lang).includes(needle) || i.code === needle);
  }, [items, q, lang]);
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset class="field lang-picker" id={id} tabIndex={-1} aria-describedby={errorId} data-testid={id}>
      <legend>{label}</legend>
      {hint && <p class="hint">{hint}</p>}
      {chosen.length > 0 && (
        <ul class="chosen" aria-label={t('meetings.chosen')}>
          {chosen.map((code) => (
            <li key={code} class="chosen-item">
              <span>{codes.label('languages', code)}</span>
              <button type="button" class="choice-remove" onClick={() => onChange(chosen.filter((c) => c !== code))} aria-label={t('meetings.remove_x', { name: codes.label('languages', code) })}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <label class="visually-hidden" for={`${id}-search`}>
        {t('meetings.search_language')}
      </label>
      <input
        id={`${id}-search`}
        class="picker-search"
        type="search"
        value={q}
        placeholder={t('meetings.search_language')}
        onInput={(e) => setQ(e.currentTarget.value)}
        autoComplete="off"
        enterKeyHint="search"
        onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
      />
      <div class="picker-options" role="group" aria-label={label}>
        {found.length === 0 ? (
          <p class="hint">{t('meetings.no_language_found')}</p>
        ) : (
          <CheckGrid items={found.map((i) => ({ value: i.code, label: i.label }))} chosen={chosen} onToggle={(code, on) => onChange(toggled(chosen, code, on))} />
        )}
      </div>
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
    </fieldset>
  );
}

/** Where: a venue (chosen, or added here), an online link, or a phone line. */
export function PlaceFields({
  draft,
  set,
  venues,
  onVenueAdded,
  err,
}: {
  draft: Draft;
  set: <K extends keyof Draft>(key: K) => (value: Draft[K]) => void;
  venues: Venue[];
  onVenueAdded: (v: Venue) => void;
  err: Err;
}) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const places: Place[] = ['venue', 'online', 'phone'];
  const open = venues.filter((v) => !v.archived || v.id === draft.venue_id);
  return (
    <>
      <div class="field" role="radiogroup" aria-labelledby="place-label">
        <span id="place-label" class="label">
          {t('meetings.place_kind')}
        </span>
        <div class="choice-row">
          {places.map((p) => (
            <label class="check m-choice" key={p}>
              <input type="radio" name="m-place" id={`m-place-${p}`} value={p} checked={draft.place === p} onChange={() => set('place')(p)} />
              <span>{t(`meetings.place_${p}`)}</span>
            </label>
          ))}
        </div>
      </div>
      {draft.place === 'venue' && (
        <>
          <SelectField id={fieldId('venue_id')} label={t('meetings.field.venue')} value={draft.venue_id} onValue={set('venue_id')} error={err('venue_id')}>
            <option value="">{t('meetings.choose_venue')}</option>
            {open.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
                {v.capacity ? ` (${t('meetings.holds', { n: v.capacity })})` : ''}
              </option>
            ))}
          </SelectField>
          {adding ? (
            <VenueQuickAdd
              onAdded={(v) => {
                setAdding(false);
                onVenueAdded(v);
              }}
              onCancel={() => setAdding(false)}
            />
          ) : (
            <button type="button" class="secondary add-row" onClick={() => setAdding(true)} data-testid="add-venue-inline">
              {t('meetings.add_venue')}
            </button>
          )}
        </>
      )}
      {draft.place === 'online' && (
        <TextField
          id={fieldId('online_url')}
          type="text"
          inputMode="text"
          dir="ltr"
          label={t('meetings.field.online_url')}
          hint={t('meetings.online_url_hint')}
          placeholder="https://"
          value={draft.online_url}
          onValue={set('online_url')}
          error={err('online_url')}
          maxLength={500}
          autoComplete="off"
        />
      )}
      {draft.place === 'phone' && (
        <TextField
          id={fieldId('phone_line')}
          type="tel"
          inputMode="tel"
          dir="ltr"
          label={t('meetings.field.phone_line')}
          placeholder="+386…"
          value={draft.phone_line}
          onValue={set('phone_line')}
          error={err('phone_line')}
          maxLength={40}
          autoComplete="off"
        />
      )}
    </>
  );
}

/** A venue added without leaving the form: its name, address and how many it holds (the rest on the venue's page). */
function VenueQuickAdd({ onAdded, onCancel }: { onAdded: (v: Venue) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [capacity, setCapacity] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const save = async () => {
    const cap = capacity.trim() ? Number(capacity.trim()) : null;
    const found: Record<string, string> = {};
    if (!name.trim()) found.name = t('field_error.required');
    if (cap !== null && (!Number.isInteger(cap) || cap < 1)) found.capacity = t('field_error.range');
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      onAdded(await createVenue({ name: name.trim(), address: address.trim() || null, capacity: cap }));
    } catch (e) {
      const f = formError(e, ['name', 'address', 'capacity']);
      setErrors(Object.fromEntries(Object.entries(f.fields).map(([k, v]) => [k, t(v)])));
      setGeneral(f.general ? t(f.general) : null);
    } finally {
      setBusy(false);
    }
  };
  // Not a <form>: it sits inside the meeting's form. Enter in its fields adds the venue.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      void save();
    }
  };
  return (
    <div class="venue-quick card" role="group" aria-labelledby="venue-quick-title" onKeyDown={onKeyDown} data-testid="venue-quick">
      <h3 id="venue-quick-title">{t('meetings.add_venue')}</h3>
      <TextField id="vq-name" label={t('venues.field.name')} value={name} onValue={setName} error={errors.name} maxLength={200} dir="auto" autoComplete="off" required />
      <TextField id="vq-address" label={t('venues.field.address')} value={address} onValue={setAddress} error={errors.address} maxLength={300} dir="auto" autoComplete="off" />
      <TextField id="vq-capacity" label={t('venues.field.capacity')} inputMode="numeric" value={capacity} onValue={setCapacity} error={errors.capacity} maxLength={6} autoComplete="off" />
      <p class="hint">{t('meetings.venue_more_later')}</p>
      {general && <ErrorMessage>{general}</ErrorMessage>}
      <div class="actions">
        <button type="button" onClick={() => void save()} disabled={busy} data-testid="save-venue-inline">
          {busy ? t('common.working') : t('meetings.add_venue_save')}
        </button>
        <button type="button" class="secondary" onClick={onCancel} disabled={busy}>
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}

/** "Repeats": none, daily, weekly on chosen days, monthly on the nth weekday; until a day or N times. */
export function RepeatFields({ repeat, date, onChange, err }: { repeat: RepeatDraft; date: string; onChange: (r: RepeatDraft) => void; err: Err }) {
  const { t, lang } = useI18n();
  const names = weekdayNames(lang as Lang, 'long');
  const set = <K extends keyof RepeatDraft>(key: K) => (value: RepeatDraft[K]) => onChange({ ...repeat, [key]: value });
  const freqs: Freq[] = ['none', 'daily', 'weekly', 'monthly'];
  const unit = repeat.freq === 'daily' ? t('meetings.repeat_unit_days') : repeat.freq === 'weekly' ? t('meetings.repeat_unit_weeks') : t('meetings.repeat_unit_months');
  return (
    <>
      <SelectField id="m-repeat" label={t('meetings.repeat')} value={repeat.freq} onValue={(f) => onChange(repeatFor(f as Freq, date, repeat))}>
        {freqs.map((f) => (
          <option key={f} value={f}>
            {t(`meetings.repeat_${f}`)}
          </option>
        ))}
      </SelectField>
      {repeat.freq !== 'none' && (
        <>
          <TextField
            id={fieldId('pattern.interval')}
            label={t('meetings.repeat_every')}
            hint={unit}
            inputMode="numeric"
            value={repeat.interval}
            onValue={set('interval')}
            error={err('pattern.interval')}
            maxLength={2}
            autoComplete="off"
          />
          {repeat.freq === 'weekly' && (
            <div class="field" role="group" aria-labelledby="weekdays-label">
              <span id="weekdays-label" class="label">
                {t('meetings.repeat_on')}
              </span>
              <CheckGrid
                id={fieldId('pattern.weekdays')}
                name="weekdays"
                items={WEEKDAYS.map((d, i) => ({ value: d, label: names[i]! }))}
                chosen={repeat.weekdays}
                onToggle={(d, on) => set('weekdays')(toggled(repeat.weekdays, d, on) as Weekday[])}
              />
              {err('pattern.weekdays') && <p class="field-error">{err('pattern.weekdays')}</p>}
            </div>
          )}
          {repeat.freq === 'monthly' && (
            <div class="field-pair">
              <SelectField id="m-pattern-nth" label={t('meetings.repeat_nth')} value={repeat.nth} onValue={(v) => set('nth')(v as Nth)} error={err('pattern.weekdays')}>
                {NTHS.map((n) => (
                  <option key={n} value={n}>
                    {t(`meetings.nth_${n === '-1' ? 'last' : n}`)}
                  </option>
                ))}
              </SelectField>
              <SelectField id="m-pattern-day" label={t('meetings.repeat_weekday')} value={repeat.monthDay} onValue={(v) => set('monthDay')(v as Weekday)}>
                {WEEKDAYS.map((d, i) => (
                  <option key={d} value={d}>
                    {names[i]}
                  </option>
                ))}
              </SelectField>
            </div>
          )}
          <div class="field" role="radiogroup" aria-labelledby="ends-label">
            <span id="ends-label" class="label">
              {t('meetings.repeat_ends')}
            </span>
            <div class="choice-row">
              {(['count', 'until'] as const).map((e) => (
                <label class="check m-choice" key={e}>
                  <input type="radio" name="m-ends" id={`m-ends-${e}`} checked={repeat.ends === e} onChange={() => set('ends')(e)} />
                  <span>{t(`meetings.repeat_ends_${e}`)}</span>
                </label>
              ))}
            </div>
          </div>
          {repeat.ends === 'count' ? (
            <TextField id={fieldId('pattern.count')} label={t('meetings.repeat_count')} inputMode="numeric" value={repeat.count} onValue={set('count')} error={err('pattern.count')} maxLength={3} autoComplete="off" />
          ) : (
            <TextField id={fieldId('pattern.until')} type="date" label={t('meetings.repeat_until')} value={repeat.until} onValue={set('until')} error={err('pattern.until')} min={date || undefined} />
          )}
          {err('pattern') && <p class="field-error">{err('pattern')}</p>}
        </>
      )}
    </>
  );
}

/** Which meetings of a series a change is for: only this one, this and the following, or all. */
export function ScopeChoice({ scope, onScope, error }: { scope: EditScope | null; onScope: (s: EditScope) => void; error: string | null }) {
  const { t } = useI18n();
  return (
    <fieldset class="form-section scope" id="m-scope" tabIndex={-1} data-testid="scope">
      <legend>{t('meetings.scope_title')}</legend>
      <p class="hint">{t('meetings.scope_hint')}</p>
      <div class="section-fields" role="radiogroup">
        {(['this', 'following', 'all'] as const).map((s) => (
          <label class="check" key={s}>
            <input type="radio" name="m-scope" id={`m-scope-${s}`} checked={scope === s} onChange={() => onScope(s)} />
            <span>{t(`meetings.scope_${s}`)}</span>
          </label>
        ))}
        {error && <p class="field-error">{error}</p>}
      </div>
    </fieldset>
  );
}
