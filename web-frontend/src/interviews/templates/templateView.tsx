// A template version as read: its texts in a language, and its content shown read-only.
import { dirOf, useI18n, type Lang } from '../../i18n';
import type { TemplateContent } from '../model';
import { hasOptions, LANGS, type Texts } from './templateModel';

/** The texts in `lang`, else the first language that has them (with its language, for `lang=`). */
export function textIn(texts: Texts | null | undefined, lang: Lang): { text: string; lang: Lang } | null {
  if (!texts) return null;
  const here = texts[lang]?.trim();
  if (here) return { text: here, lang };
  const other = LANGS.find((l) => texts[l]?.trim());
  return other ? { text: texts[other]!.trim(), lang: other } : null;
}

export function Localized({ texts, lang, as: Tag = 'span', ...rest }: { texts: Texts | null | undefined; lang: Lang; as?: 'span' | 'p' | 'strong'; class?: string; 'data-testid'?: string }) {
  const found = textIn(texts, lang);
  if (!found) return null;
  return (
    <Tag lang={found.lang} dir={dirOf(found.lang)} {...rest}>
      {found.text}
    </Tag>
  );
}

/** The way back to the list, and the questionnaire's title. */
export function ContentView({ content, lang }: { content: TemplateContent; lang: Lang }) {
  const { t } = useI18n();
  let n = 0;
  return (
    <div class="content-view" data-testid="content-view">
      <Localized texts={content.description} lang={lang} as="p" class="lead" />
      {content.sections.map((s, si) => (
        <section key={s.id} class="card view-section" aria-labelledby={`view-s-${si}`}>
          <h2 id={`view-s-${si}`}>
            <span class="muted">{t('templates.section_n', { n: si + 1 })}: </span>
            <Localized texts={s.title} lang={lang} />
          </h2>
          {s.questions.length === 0 ? (
            <p class="muted">{t('templates.no_questions')}</p>
          ) : (
            <ol class="view-questions">
              {s.questions.map((q) => {
                n += 1;
                return (
                  <li key={q.id} value={n} data-testid="view-question">
                    <Localized texts={q.text} lang={lang} as="strong" />
                    <p class="question-meta">
                      <span>{t(`templates.type.${q.type}`)}</span>
                      {q.required && <span class="pill">{t('templates.required')}</span>}
                      {q.sensitive && <span class="pill pill-sensitive">{t('templates.sensitive')}</span>}
                      {q.profile_field === 'needs' && <span class="pill">{t('templates.updates_needs_short')}</span>}
                      <code class="id" dir="ltr">
                        {q.id}
                      </code>
                    </p>
                    <Localized texts={q.help} lang={lang} as="p" class="hint" />
                    {q.type === 'number' && (q.min != null || q.max != null) && (
                      <p class="hint">{t('templates.number_range', { min: q.min ?? '–', max: q.max ?? '–' })}</p>
                    )}
                    {hasOptions(q.type) && q.options && (
                      <ul class="view-options">
                        {q.options.map((o) => (
                          <li key={o.value}>
                            <Localized texts={o.label} lang={lang} />{' '}
                            <code class="id" dir="ltr">
                              {o.value}
                            </code>
                          </li>
                        ))}
                      </ul>
                    )}
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      ))}
    </div>
  );
}
