// Test fixtures for the interview screens: the code lists they use, a
// questionnaire with two sections, an interview of two people (Amina and
// Farid) served with its questionnaire, participants as GET /participants
// lists them, and questionnaires (as GET /interview-templates lists them).
import { CODES, serve } from './app-harness';
import { json } from './fake-auth';

export const fill = (s: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Object.assign(CODES, {
  'interview-kinds': [
    ['individual', 'Individual'],
    ['group', 'Group'],
  ],
  'interview-channels': [['in_person', 'In person']],
  'interview-statuses': [
    ['planned', 'Planned'],
    ['done', 'Done'],
  ],
});

/** The options of a single-choice question, in English and Arabic. */
export const options = [
  { value: 'city', label: { en: 'In a city', ar: 'في مدينة' } },
  { value: 'rural', label: { en: 'In the countryside', ar: 'في الريف' } },
  { value: 'no_preference', label: { en: 'No preference', ar: 'لا تفضيل' } },
];

export const AMINA = 'p-amina';
export const FARID = 'p-farid';
export const content = {
  title: { en: 'In-depth interview', ar: 'مقابلة معمقة' },
  sections: [
    {
      id: 'needs',
      title: { en: 'Needs', ar: 'الاحتياجات' },
      questions: [
        { id: 'place', type: 'single_choice', required: true, text: { en: 'Where would you prefer to work?', ar: 'أين تفضل أن تعمل؟' }, options },
        { id: 'story', type: 'text', text: { en: 'Tell us more.', ar: 'أخبرنا المزيد.' } },
      ],
    },
    {
      id: 'support',
      title: { en: 'Support', ar: 'الدعم' },
      questions: [{ id: 'mentor', type: 'yes_no', required: true, text: { en: 'Would you like a mentor?', ar: 'هل تريد مرشدًا؟' } }],
    },
  ],
};
export const interview = (extra: Record<string, unknown> = {}) => ({
  id: 'iv-1',
  template: { id: 'tpl-1', version: 1, title: 'In-depth interview' },
  kind: 'group',
  scheduled_at: '2026-11-26T09:00:00Z',
  channel: 'in_person',
  language: 'sl',
  recorded: false,
  status: 'planned',
  participants: [
    { participant_id: AMINA, name: 'Amina Hadžić', language: 'ar', attended: true, answered: 0, recording_consent: false },
    { participant_id: FARID, name: 'Farid Ahmadi', language: null, attended: true, answered: 0, recording_consent: false },
  ],
  interviewers: [{ user_id: 'user-adviser', name: 'Demo adviser' }],
  created_at: '2026-11-20T09:00:00Z',
  updated_at: '2026-11-20T09:00:00Z',
  version: 4,
  ...extra,
});


export const person = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
  id,
  status: 'active',
  view: 'limited',
  updated_at: '2026-11-24T10:00:00Z',
  version: 1,
  name,
  consents: ['profile_processing'],
  ...extra,
});
export const TEMPLATES = [
  { id: 'tpl-1', title: 'In-depth interview', builtin: true, published_version: 1, draft_version: null, versions: [], updated_at: '2026-11-01T00:00:00Z' },
  { id: 'tpl-2', title: 'A draft only', builtin: false, published_version: null, draft_version: 1, versions: [], updated_at: '2026-11-01T00:00:00Z' },
];
export const PEOPLE = [
  person(AMINA, 'Amina Hadžić', { languages: [{ language: 'sl', level: 'A2' }, { language: 'ar', level: 'native' }] }),
  person(FARID, 'Farid Ahmadi', { languages: [{ language: 'prs', level: 'native' }], consents: [] }),
];

/** Serves interview iv-1 (Amina and Farid; Farid answered "place"), its questionnaire, and saving answers. */
export function serveInterview(extra: Parameters<typeof serve>[0] = {}) {
  let iv = interview();
  serve({
    'GET /api/v1/interviews/iv-1': () => json(iv),
    'GET /api/v1/interviews/iv-1/answers': () => json([{ participant_id: FARID, question_id: 'place', value: 'city', updated_at: '2026-11-20T09:00:00Z' }]),
    'GET /api/v1/interview-templates/tpl-1/versions/1': () =>
      json({ template_id: 'tpl-1', number: 1, status: 'published', content, version: 1, created_at: '2026-11-01T00:00:00Z', updated_at: '2026-11-01T00:00:00Z' }),
    'PUT /api/v1/interviews/iv-1/answers': async (req) => json((await req.json()).answers.filter((a: { value: unknown }) => a.value !== null)),
    ...extra,
  });
  return { set: (next: ReturnType<typeof interview>) => (iv = next) };
}

/** The questionnaire Skupaj ships, published once. */
export const builtinTemplate = {
  id: 'tpl-b',
  title: 'Skupaj in-depth interview',
  builtin: true,
  published_version: 1,
  draft_version: null,
  versions: [{ number: 1, status: 'published', title: 'Skupaj in-depth interview', created_at: '2026-11-01T10:00:00Z', published_at: '2026-11-01T10:00:00Z', interviews: 7 }],
  updated_at: '2026-11-01T10:00:00Z',
};

/** A questionnaire with version 1 published and version 2 a draft. */
export const draftTemplate = {
  id: 'tpl-1',
  title: 'Intake',
  builtin: false,
  published_version: 1,
  draft_version: 2,
  versions: [
    { number: 2, status: 'draft', title: 'Intake', created_at: '2026-11-20T10:00:00Z', published_at: null, interviews: 0 },
    { number: 1, status: 'published', title: 'Intake', created_at: '2026-11-01T10:00:00Z', published_at: '2026-11-02T10:00:00Z', interviews: 3 },
  ],
  updated_at: '2026-11-20T10:00:00Z',
};
