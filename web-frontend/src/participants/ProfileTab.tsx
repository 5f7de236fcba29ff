// The profile's tabs that show the record itself: Profile (identity, contacts, background,
// qualifications, staff), Languages and Needs; what is shown follows the record's view.
import type { ComponentChildren } from 'preact';
import type { CodeLists } from '../api/codeLists';
import { Email, Id } from '../components/Text';
import { formatDateTime, formatDay, formatMonths } from '../format';
import { useI18n } from '../i18n';
import { FULL_VIEWS } from './common';
import type { ParticipantView } from './model';

/** A definition list of the facts that are there; nothing for the empty ones. */
function Facts({ rows, empty, testId }: { rows: [string, ComponentChildren][]; empty?: string; testId?: string }) {
  const present = rows.filter(([, v]) => v !== null && v !== undefined && v !== '' && v !== false);
  if (present.length === 0) return empty ? <p class="hint">{empty}</p> : null;
  return (
    <dl class="facts" data-testid={testId}>
      {present.map(([label, value]) => (
        <div class="fact" key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** A number for phone apps: links open the dialler, WhatsApp or Viber. */
function Phone({ value, kind }: { value: string; kind: 'tel' | 'whatsapp' | 'viber' }) {
  const digits = value.replace(/^\+/, '');
  const href = kind === 'tel' ? `tel:${value}` : kind === 'whatsapp' ? `https://wa.me/${digits}` : `viber://chat?number=%2B${digits}`;
  return (
    <a href={href} dir="ltr" class="phone" rel={kind === 'whatsapp' ? 'noopener noreferrer' : undefined}>
      {value}
    </a>
  );
}

export function ProfileTab({ p, codes, staffName }: { p: ParticipantView; codes: CodeLists; staffName: (id: string | null | undefined) => string | null }) {
  const { t, lang } = useI18n();
  const view = p.view;
  const who = (userId: string | null | undefined) => (userId ? (staffName(userId) ? <bdi>{staffName(userId)}</bdi> : <Id value={userId} />) : null);
  const gender = p.gender
    ? p.gender === 'self_described' && p.gender_self_description
      ? `${codes.label('genders', p.gender)}: ${p.gender_self_description}`
      : codes.label('genders', p.gender)
    : null;
  return (
    <div class="profile-sections" data-testid="profile-tab">
      <section aria-labelledby="s-identity">
        <h2 id="s-identity">{t('participants.section_identity')}</h2>
        <Facts
          rows={[
            [t('participants.field.name'), p.name ? <bdi>{p.name}</bdi> : null],
            [t('participants.pseudonym'), p.pseudonym ? <bdi dir="ltr">{p.pseudonym}</bdi> : null],
            [t('participants.chosen_name'), p.name_is_pseudonym ? t('participants.chosen_name_yes') : null],
            [t('participants.field.gender'), gender],
            [t('participants.field.birth_year'), p.birth_year ? String(p.birth_year) : null],
            [t('participants.age_band'), p.birth_year || !p.age_band ? null : codes.label('interview-age-bands', p.age_band)],
            [t('participants.field.country_of_origin'), p.country_of_origin ? codes.label('countries', p.country_of_origin) : null],
          ]}
          empty={t('participants.nothing')}
        />
      </section>

      {FULL_VIEWS.includes(view) && (
        <section aria-labelledby="s-contacts" data-testid="contacts">
          <h2 id="s-contacts">{t('participants.section_contacts')}</h2>
          <Facts
            rows={[
              [t('participants.field.phone'), p.phone ? <Phone value={p.phone} kind="tel" /> : null],
              [t('participants.field.whatsapp'), p.whatsapp ? <Phone value={p.whatsapp} kind="whatsapp" /> : null],
              [t('participants.field.viber'), p.viber ? <Phone value={p.viber} kind="viber" /> : null],
              [t('participants.field.email'), p.email ? <a href={`mailto:${p.email}`}><Email value={p.email} /></a> : null],
            ]}
            empty={t('participants.no_contacts')}
          />
        </section>
      )}

      {view !== 'mentee' && (
        <section aria-labelledby="s-background">
          <h2 id="s-background">{t('participants.section_background')}</h2>
          <Facts
            rows={[
              [
                t('participants.field.legal_status'),
                p.legal_status ? (
                  p.legal_status === 'other' && p.legal_status_detail ? (
                    <>
                      {codes.label('legal-statuses', p.legal_status)}: <bdi data-testid="legal-status-detail">{p.legal_status_detail}</bdi>
                    </>
                  ) : (
                    codes.label('legal-statuses', p.legal_status)
                  )
                ) : null,
              ],
              [
                t('participants.field.work_permit'),
                p.work_permit
                  ? p.work_permit_date
                    ? `${codes.label('work-permits', p.work_permit)} (${formatDay(p.work_permit_date, lang)})`
                    : codes.label('work-permits', p.work_permit)
                  : null,
              ],
              [t('participants.field.arrival_date'), p.arrival_date ? formatDay(p.arrival_date, lang) : null],
              [
                t('participants.length_of_stay'),
                p.length_of_stay_months != null
                  ? formatMonths(p.length_of_stay_months, lang)
                  : p.stay_length
                    ? codes.label('stay-lengths', p.stay_length)
                    : null,
              ],
              [t('participants.field.municipality'), p.municipality ? <bdi>{p.municipality}</bdi> : null],
              [t('participants.field.education_level'), p.education_level ? codes.label('education-levels', p.education_level) : null],
              [t('participants.field.employment_state'), p.employment_state ? codes.label('employment-states', p.employment_state) : null],
            ]}
            empty={t('participants.nothing')}
          />
        </section>
      )}

      {view !== 'mentee' && (
        <section aria-labelledby="s-qualifications">
          <h2 id="s-qualifications">{t('participants.section_qualifications')}</h2>
          {p.qualifications?.length ? (
            <ul class="card-list" data-testid="qualifications">
              {p.qualifications.map((q, i) => (
                <li class="card-item" key={i}>
                  <div class="card-main">
                    <p class="primary">
                      <bdi>{q.title}</bdi>
                    </p>
                    <p>
                      {[q.country ? codes.label('countries', q.country) : null, q.year ? String(q.year) : null, codes.label('recognition-states', q.recognition)]
                        .filter(Boolean)
                        .join(' · ')}
                    </p>
                  </div>
                </li>
              ))}
            </ul>
          ) : (
            <p class="hint">{t('participants.no_qualifications')}</p>
          )}
        </section>
      )}

      {view === 'full' && (
        <section aria-labelledby="s-staff" data-testid="staff-section">
          <h2 id="s-staff">{t('participants.section_staff')}</h2>
          <Facts
            rows={[
              [t('participants.field.adviser_id'), who(p.adviser_id)],
              [t('participants.field.mentor_id'), who(p.mentor_id)],
              [t('participants.field.user_id'), who(p.user_id)],
              [t('participants.field.notes'), p.notes ? <span class="notes" dir="auto">{p.notes}</span> : null],
            ]}
            empty={t('participants.nothing')}
          />
        </section>
      )}

      <Facts
        rows={[
          [t('participants.created'), p.created_at ? formatDateTime(p.created_at, lang) : null],
          [t('participants.updated'), formatDateTime(p.updated_at, lang)],
        ]}
      />
    </div>
  );
}

export function LanguagesTab({ p, codes }: { p: ParticipantView; codes: CodeLists }) {
  const { t } = useI18n();
  if (!p.languages?.length) return <p class="hint">{t('participants.no_languages')}</p>;
  return (
    <ul class="card-list" data-testid="languages">
      {p.languages.map((l) => (
        <li class="card-item" key={l.language} data-language={l.language}>
          <span class="primary">{codes.label('languages', l.language)}</span>
          <span class="pill pill-level">{codes.label('language-levels', l.level)}</span>
        </li>
      ))}
    </ul>
  );
}

export function NeedsTab({ p, codes }: { p: ParticipantView; codes: CodeLists }) {
  const { t } = useI18n();
  if (!p.needs?.length && !p.needs_other) return <p class="hint">{t('participants.no_needs')}</p>;
  return (
    <div data-testid="needs">
      {p.needs?.length ? (
        <ul class="tag-list">
          {p.needs.map((n) => (
            <li key={n}>{codes.label('needs', n)}</li>
          ))}
        </ul>
      ) : null}
      {p.needs_other && (
        <Facts rows={[[t('participants.field.needs_other'), <span class="notes" dir="auto">{p.needs_other}</span>]]} />
      )}
    </div>
  );
}
