// A section in the draft editor: its title and id, its questions, and the buttons to move, remove and add.
import { dirOf, useI18n } from '../../i18n';
import { PlainField, RowActions, TransField } from './editorFields';
import { QuestionEditor, type QuestionProps } from './questionEditor';
import { setSectionTitle, updateSection, type EdSection } from './templateModel';
import { textIn } from './templateView';

export interface SectionProps extends QuestionProps {
  s: EdSection;
  count: number;
  /** How many questions the sections before this one have. */
  firstNumber: number;
  onMoveSection: (si: number, by: -1 | 1) => void;
  onRemoveSection: (si: number) => void;
  onAddQuestion: (si: number) => void;
}

export function SectionEditor(props: SectionProps) {
  const { s, si, count, firstNumber, ed, fixed, published, editLang, refLang, errors, edit } = props;
  const { t } = useI18n();
  const path = `sections[${si}]`;
  const headingId = `sec-h-${s.key}`;
  const name = textIn(s.title, editLang);
  const idFixed = fixed.sections.has(s.key);
  return (
    <section class="section-card" aria-labelledby={headingId} data-testid="section-editor">
      <div class="section-head">
        <h2 id={headingId}>
          {t('templates.section_n', { n: si + 1 })}
          {name && (
            <>
              {': '}
              <span lang={name.lang} dir={dirOf(name.lang)}>
                {name.text}
              </span>
            </>
          )}
        </h2>
        <RowActions
          idPrefix="sec"
          itemKey={s.key}
          canMove={(by) => (by < 0 ? si > 0 : si < count - 1)}
          onMove={(by) => props.onMoveSection(si, by)}
          upLabel={t('templates.move_section_up', { n: si + 1 })}
          downLabel={t('templates.move_section_down', { n: si + 1 })}
          removeLabel={t('templates.remove_section', { n: si + 1 })}
          onRemove={count === 1 ? null : () => props.onRemoveSection(si)}
        />
      </div>
      <div class="section-fields-grid">
        <TransField
          path={`${path}.title`}
          label={t('templates.f.section_title')}
          texts={s.title}
          editLang={editLang}
          refLang={refLang}
          errors={errors}
          required
          maxLength={200}
          onValue={edit(`${path}.title`, (v) => setSectionTitle(ed, si, editLang, v, published))}
          testId="section-title-input"
        />
        <PlainField
          path={`${path}.id`}
          label={t('templates.f.id')}
          hint={idFixed ? t('templates.id_fixed') : t('templates.id_hint')}
          value={s.id}
          readOnly={idFixed}
          maxLength={60}
          errors={errors}
          class="id-field"
          onValue={edit(`${path}.id`, (v) => updateSection(ed, si, (x) => ({ ...x, id: v, auto: false })))}
        />
      </div>
      {s.questions.length === 0 ? (
        <p class="muted">{t('templates.no_questions')}</p>
      ) : (
        <ol class="question-list">
          {s.questions.map((q, qi) => (
            <QuestionEditor key={q.key} {...props} q={q} qi={qi} number={firstNumber + qi + 1} />
          ))}
        </ol>
      )}
      <button type="button" class="secondary add-question" id={`add-q-${s.key}`} onClick={() => props.onAddQuestion(si)} data-testid="add-question">
        {t('templates.add_question', { n: si + 1 })}
      </button>
    </section>
  );
}
