// The draft editor's structure: adding, removing and moving sections and
// questions. Each change is announced to screen readers, and focus goes
// where the person carries on (the moved item's button, the new field).
import type { t as translate, Lang } from '../../i18n';
import { focusSoon } from './editorFields';
import {
  addQuestion,
  addSection,
  canMoveQuestion,
  domId,
  moveQuestion,
  moveSection,
  removeQuestion,
  removeSection,
  type EdContent,
  type PublishedIds,
  type QuestionPos,
} from './templateModel';
import { textIn } from './templateView';

export interface Structure {
  ed: EdContent;
  published: PublishedIds;
  /** The language being edited (new items' ids follow their text in it). */
  editLang: Lang;
  /** Changes the content; `structural` changes clear the errors, whose places may have moved. */
  change: (next: EdContent, structural: boolean) => void;
  openQuestion: (key: string) => void;
  setAnnounce: (text: string) => void;
}

/** What the section and question buttons do. */
export function structureActions({ ed, published, editLang, change, openQuestion, setAnnounce }: Structure, t: typeof translate) {
  const sectionName = (si: number) => {
    const s = ed.sections[si];
    const name = s ? textIn(s.title, editLang)?.text : null;
    return name ? `${t('templates.section_n', { n: si + 1 })} (${name})` : t('templates.section_n', { n: si + 1 });
  };

  const onAddSection = () => {
    const next = addSection(ed, published);
    change(next, false);
    setAnnounce(t('templates.section_added', { n: next.sections.length }));
    focusSoon(domId(`sections[${next.sections.length - 1}].title.${editLang}`));
  };
  const onRemoveSection = (si: number) => {
    const s = ed.sections[si];
    if (!s) return;
    if (s.questions.length > 0 && !window.confirm(t('templates.remove_section_confirm', { n: s.questions.length }))) return;
    change(removeSection(ed, si), true);
    setAnnounce(t('templates.section_removed', { n: si + 1 }));
    focusSoon(si > 0 ? `add-q-${ed.sections[si - 1]!.key}` : 'add-section');
  };
  const onMoveSection = (si: number, by: -1 | 1) => {
    const next = moveSection(ed, si, by);
    if (next === ed) return;
    change(next, true);
    const to = si + by;
    setAnnounce(t('templates.section_moved', { n: to + 1 }));
    // Focus stays on the button pressed, or on the other one once it cannot go further.
    const canAgain = by < 0 ? to > 0 : to < ed.sections.length - 1;
    const up = by < 0 ? canAgain : !canAgain;
    focusSoon(`${up ? 'sec-up' : 'sec-down'}-${ed.sections[si]!.key}`);
  };

  const onAddQuestion = (si: number) => {
    const { content, pos } = addQuestion(ed, si, published);
    const q = content.sections[si]?.questions[pos.qi];
    if (!q) return;
    change(content, false);
    openQuestion(q.key);
    setAnnounce(t('templates.question_added', { section: sectionName(si) }));
    focusSoon(domId(`sections[${si}].questions[${pos.qi}].text.${editLang}`));
  };
  const onRemoveQuestion = (pos: QuestionPos) => {
    const section = ed.sections[pos.si];
    if (!section) return;
    change(removeQuestion(ed, pos), true);
    setAnnounce(t('templates.question_removed'));
    const after = section.questions[pos.qi + 1] ?? section.questions[pos.qi - 1];
    focusSoon(after ? `toggle-${after.key}` : `add-q-${section.key}`);
  };
  const onMoveQuestion = (pos: QuestionPos, by: -1 | 1) => {
    const q = ed.sections[pos.si]?.questions[pos.qi];
    if (!q) return;
    const { content, pos: to } = moveQuestion(ed, pos, by);
    if (content === ed) return;
    change(content, true);
    setAnnounce(t('templates.question_moved', { n: to.qi + 1, section: sectionName(to.si) }));
    const canAgain = canMoveQuestion(content, to, by);
    const up = by < 0 ? canAgain : !canAgain;
    focusSoon(`${up ? 'q-up' : 'q-down'}-${q.key}`);
  };

  return { onAddSection, onRemoveSection, onMoveSection, onAddQuestion, onRemoveQuestion, onMoveQuestion };
}
