// @vitest-environment happy-dom
// The skill picker, the Skills tab, "add from an occupation" and the list's skill filter, against a fake API.
import { ar, en } from '../i18n/all';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, check, choose, click, initI18n, serve, setLanguage, setUp, showAs, submit, tearDown, text, type, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';
// After the harness, which stubs fetch before the API client is created.
import { filtersFrom, listPath, listQuery } from '../participants/listFilters';
import { PICKER_DELAY_MS } from './SkillPicker';

const fill = (s: string, values: Record<string, string | number>) =>
  Object.entries(values).reduce((acc, [k, v]) => acc.replaceAll(`{{${k}}}`, String(v)), s);

const SEW = 'http://data.europa.eu/esco/skill/sew';
const DRESS = 'http://data.europa.eu/esco/skill/dress';
const FORK = 'http://data.europa.eu/esco/skill/forklift';
const TAILOR = 'http://data.europa.eu/esco/occupation/tailor';
const hits = (lang: string) => ({
  language: lang,
  items: [
    { uri: DRESS, kind: 'knowledge', label: lang === 'ar' ? 'الخياطة' : 'dressmaking', status: 'released', matched_label: 'šivanje' },
    { uri: SEW, kind: 'skill', label: 'sew pieces of fabric', status: 'released', matched_label: 'sew pieces of fabric' },
  ],
});

const person = (extra: Record<string, unknown> = {}) => ({
  id: 'p-1',
  status: 'active',
  view: 'full',
  updated_at: '2026-11-24T10:00:00Z',
  version: 3,
  name: 'Farid Ahmadi',
  consents: ['profile_processing'],
  ...extra,
});
const forklift = {
  id: 's-1',
  skill: { uri: FORK, kind: 'skill', label: 'operate forklift', status: 'released' },
  level: 'advanced',
  years: 6,
  acquired: 'origin_country',
  evidence: 'certificate',
  certificate: { name: 'Forklift licence', issuer: 'ZVD', issued: '2020-01-01', expires: '2025-01-01' },
  certificate_expired: true,
  updated_at: '2026-11-24T10:00:00Z',
  version: 1,
};

const skillsGet = () => called('GET', '/api/v1/skills');
const key = async (sel: string, k: string) => {
  const el = await until(() => $<HTMLInputElement>(sel), sel);
  await act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  });
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

/** The profile of Farid on the Skills tab, with `skills` held and more routes. */
async function openSkills(view = 'full', skills: unknown[] = [forklift], extra: Parameters<typeof serve>[0] = {}) {
  let list = skills;
  serve({
    'GET /api/v1/participants/p-1': () => json(person({ view })),
    'GET /api/v1/participants/p-1/skills': () => json(list),
    'GET /api/v1/members': () => json({ items: [], next_cursor: null }),
    'GET /api/v1/skills': (_r, url) => json(hits(url.searchParams.get('lang') ?? 'en')),
    ...extra,
  });
  await showAs('adviser', '/participants/p-1?tab=skills');
  await until(() => $('[data-testid="skills-tab"]'), 'skills tab');
  return { set: (next: unknown[]) => (list = next) };
}

describe('skill picker', () => {
  it('waits for a pause in typing, then searches once with the last text, in the UI language', async () => {
    await openSkills();
    await type('#skill-pick', 's');
    await type('#skill-pick', 'si');
    await type('#skill-pick', 'siv');
    await sleep(PICKER_DELAY_MS - 100);
    expect(skillsGet()).toHaveLength(0);
    await until(() => $$('#skill-pick-list [role="option"]').length === 2, 'options');
    expect(skillsGet()).toHaveLength(1);
    expect(skillsGet()[0]?.query.get('q')).toBe('siv');
    expect(skillsGet()[0]?.query.get('lang')).toBe('en');
  });

  it('is a combobox: arrows move the active option, Enter chooses, Escape closes', async () => {
    await openSkills();
    const input = () => $<HTMLInputElement>('#skill-pick')!;
    expect(input().getAttribute('role')).toBe('combobox');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    await type('#skill-pick', 'sivanje');
    await until(() => input().getAttribute('aria-expanded') === 'true', 'expanded');
    expect(input().getAttribute('aria-controls')).toBe('skill-pick-list');
    expect($('#skill-pick-list')?.getAttribute('role')).toBe('listbox');
    expect(input().getAttribute('aria-activedescendant')).toBe('skill-pick-opt-0');
    // The matched alternative label is shown when it is not the label itself.
    const [first, second] = $$('#skill-pick-list [role="option"]');
    expect(first?.textContent).toContain('dressmaking');
    expect(first?.textContent).toContain(`${en.skills.also_called} šivanje`);
    expect(second?.textContent).not.toContain(en.skills.also_called);

    await key('#skill-pick', 'ArrowDown');
    expect(input().getAttribute('aria-activedescendant')).toBe('skill-pick-opt-1');
    expect(second?.getAttribute('aria-selected')).toBe('true');
    await key('#skill-pick', 'ArrowDown'); // wraps around
    expect(input().getAttribute('aria-activedescendant')).toBe('skill-pick-opt-0');
    await key('#skill-pick', 'ArrowUp');
    expect(input().getAttribute('aria-activedescendant')).toBe('skill-pick-opt-1');

    await key('#skill-pick', 'Escape');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(input().getAttribute('aria-activedescendant')).toBeNull();
    expect(input().value).toBe('sivanje');
    await key('#skill-pick', 'ArrowDown'); // opens again
    expect(input().getAttribute('aria-expanded')).toBe('true');

    await key('#skill-pick', 'Enter');
    expect(input().value).toBe('dressmaking');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    await sleep(PICKER_DELAY_MS + 50);
    expect(skillsGet()).toHaveLength(1); // choosing does not search again
  });

  it('in Arabic: labelled in Arabic, searches in Arabic, right to left', async () => {
    await setLanguage('ar');
    await openSkills();
    expect(document.documentElement.dir).toBe('rtl');
    expect(text('label[for="skill-pick"]')).toBe(ar.skills.skill);
    expect($('#skill-pick')?.getAttribute('dir')).toBe('auto');
    await type('#skill-pick', 'خياطة');
    await until(() => $$('#skill-pick-list [role="option"]').length === 2, 'options');
    expect(skillsGet()[0]?.query.get('lang')).toBe('ar');
    expect(text('#skill-pick-list [role="option"] bdi')).toBe('الخياطة');
    expect(text('#skill-pick-status')).toBe(fill(ar.skills.results, { n: 2 }));
  });
});

describe('skills tab', () => {
  it('lists skills with level, years, where learnt, evidence and the certificate, marked expired', async () => {
    await openSkills();
    const card = await until(() => $('[data-testid="skill"]'));
    expect(card.textContent).toContain('operate forklift');
    expect(card.textContent).toContain('Advanced');
    expect(card.textContent).toContain(fill(en.skills.years_n, { n: 6 }));
    expect(card.textContent).toContain('In the country of origin');
    expect(card.textContent).toContain('Certificate');
    expect(text('[data-testid="certificate"]')).toContain('Forklift licence');
    expect(text('[data-testid="expired"]')).toBe(en.skills.expired);
  });

  it('adds a skill: picked, with level and certificate', async () => {
    const tab = await openSkills('full', [], {
      'POST /api/v1/participants/p-1/skills': () => {
        tab.set([{ ...forklift, id: 's-2', skill: hits('en').items[1], certificate: null, certificate_expired: false, level: 'intermediate' }]);
        return json({}, 201);
      },
    });
    await until(() => $('[data-testid="no-skills"]'));
    await submit('[data-testid="add-skill"]');
    expect(text('#skill-pick-error')).toBe(en.field_error.required);
    expect(called('POST', '/api/v1/participants/p-1/skills')).toHaveLength(0);

    await type('#skill-pick', 'sew');
    await until(() => $$('#skill-pick-list [role="option"]').length === 2, 'options');
    await click($$('#skill-pick-list [role="option"]')[1]);
    await choose('#skill-level', 'intermediate');
    await type('#skill-years', '4');
    await check('#skill-cert');
    await type('#skill-cert-name', 'Tailoring course');
    await type('#skill-cert-issued', '2024-05-01');
    await type('#skill-cert-expires', '2024-01-01');
    await submit('[data-testid="add-skill"]');
    expect(text('#skill-cert-expires-error')).toBe(en.field_error.before_issued);
    await type('#skill-cert-expires', '2027-05-01');
    await submit('[data-testid="add-skill"]');
    await until(() => $('[data-testid="skills-notice"]'));
    expect(called('POST', '/api/v1/participants/p-1/skills')[0]?.body).toEqual({
      skill_uri: SEW,
      level: 'intermediate',
      years: 4,
      acquired: null,
      evidence: 'self_declared',
      certificate: { name: 'Tailoring course', issuer: null, issued: '2024-05-01', expires: '2027-05-01' },
    });
    expect(text('[data-testid="skills-notice"]')).toBe(fill(en.skills.added, { skill: 'sew pieces of fabric' }));
    await until(() => $('[data-testid="skill"]'));
    expect($<HTMLInputElement>('#skill-pick')?.value).toBe('');
  });

  it('says so at the skill when the person has it already (409), and translates field codes and consent', async () => {
    let answer = () => problem(409, 'conflict');
    await openSkills('full', [], { 'POST /api/v1/participants/p-1/skills': () => answer() });
    await type('#skill-pick', 'sew');
    await until(() => $$('#skill-pick-list [role="option"]').length === 2, 'options');
    await key('#skill-pick', 'Enter');
    await choose('#skill-level', 'basic');
    await submit('[data-testid="add-skill"]');
    await until(() => $('#skill-pick-error'));
    expect(text('#skill-pick-error')).toBe(en.field_error.already_has);

    answer = () => problem(422, 'validation_failed', { errors: [{ field: 'skill_uri', code: 'obsolete', message: 'x' }] });
    await submit('[data-testid="add-skill"]');
    await until(() => text('#skill-pick-error') === en.field_error.obsolete, 'obsolete');

    answer = () => problem(409, 'consent_required');
    await submit('[data-testid="add-skill"]');
    await until(() => $('[data-testid="add-skill-error"]'));
    expect(text('[data-testid="add-skill-error"]')).toBe(en.problem.consent_required);
  });

  it('removes a skill after confirming', async () => {
    const tab = await openSkills('full', [forklift], {
      'DELETE /api/v1/participants/p-1/skills/s-1': () => {
        tab.set([]);
        return new Response(null, { status: 204 });
      },
    });
    await click(await until(() => $('[data-testid="remove-skill"]')));
    const dialog = await until(() => $('[data-testid="remove-skill-dialog"]'));
    expect(dialog.textContent).toContain(fill(en.skills.remove_title, { skill: 'operate forklift', name: 'Farid Ahmadi' }));
    expect(called('DELETE', '/api/v1/participants/p-1/skills/s-1')).toHaveLength(0);
    await click($('[data-testid="confirm"]'));
    await until(() => $('[data-testid="no-skills"]'));
    expect(called('DELETE', '/api/v1/participants/p-1/skills/s-1')).toHaveLength(1);
    expect(text('[data-testid="skills-notice"]')).toBe(fill(en.skills.removed, { skill: 'operate forklift' }));
  });

  it('changes the level as a merge patch with the version; a version conflict is explained', async () => {
    let answer = () => problem(409, 'version_conflict');
    await openSkills('full', [forklift], { 'PATCH /api/v1/participants/p-1/skills/s-1': () => answer() });
    await click(await until(() => $('[data-testid="edit-skill"]')));
    await choose('#edit-s-1-level', 'expert');
    await submit('[data-testid="edit-skill-form"]');
    await until(() => $('[data-testid="edit-skill-error"]'));
    expect(text('[data-testid="edit-skill-error"]')).toBe(en.problem.version_conflict);
    expect(called('PATCH', '/api/v1/participants/p-1/skills/s-1')[0]?.body).toEqual({ version: 1, level: 'expert' });
    answer = () => json(forklift);
    await submit('[data-testid="edit-skill-form"]');
    await until(() => $('[data-testid="skills-notice"]'));
  });

  it('is read-only in the other views', async () => {
    await openSkills('mentee');
    await until(() => $('[data-testid="skill"]'));
    expect($('[data-testid="add-skill"]')).toBeNull();
    expect($('[data-testid="from-occupation"]')).toBeNull();
    expect($('[data-testid="edit-skill"]')).toBeNull();
    expect($('[data-testid="remove-skill"]')).toBeNull();
  });
});

describe('add from an occupation', () => {
  it('lists the missing essential skills, adds the ticked ones one by one with their levels, and shows failures', async () => {
    const suggestions = [
      { uri: SEW, kind: 'skill', label: 'sew pieces of fabric', status: 'released' },
      { uri: DRESS, kind: 'knowledge', label: 'dressmaking', status: 'released' },
      { uri: 'urn:measure', kind: 'skill', label: 'take body measurements', status: 'released' },
    ];
    const order: string[] = [];
    await openSkills('full', [], {
      'GET /api/v1/occupations': () => json({ language: 'en', items: [{ uri: TAILOR, kind: 'occupation', label: 'tailor', status: 'released', matched_label: 'tailor' }] }),
      'GET /api/v1/participants/p-1/skill-suggestions': () => json(suggestions),
      'POST /api/v1/participants/p-1/skills': async (req) => {
        const body = (await req.json()) as { skill_uri: string };
        order.push(body.skill_uri);
        return body.skill_uri === DRESS ? problem(409, 'conflict') : json({}, 201);
      },
    });
    await type('#occupation-pick', 'tail');
    await until(() => $('#occupation-pick-list [role="option"]'));
    await key('#occupation-pick', 'Enter');
    await until(() => $$('[data-testid="suggestion"]').length === 3, 'suggestions');
    expect(called('GET', '/api/v1/participants/p-1/skill-suggestions')[0]?.query.get('occupation_uri')).toBe(TAILOR);
    expect(called('GET', '/api/v1/occupations')).toHaveLength(1);

    const boxes = $$('[data-testid="suggestion"] input[type="checkbox"]') as HTMLInputElement[];
    await click(boxes[2]); // cannot take measurements
    const levels = $$('[data-testid="suggestion"] select') as HTMLSelectElement[];
    await act(() => {
      levels[0]!.value = 'advanced';
      levels[0]!.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(text('[data-testid="add-suggestions"]')).toBe(fill(en.skills.add_selected, { n: 2 }));
    await click($('[data-testid="add-suggestions"]'));
    await until(() => text('[data-testid="occupation-progress"]') === fill(en.skills.progress_failed, { done: 1, failed: 1 }), 'progress');
    expect(order).toEqual([SEW, DRESS]);
    const posts = called('POST', '/api/v1/participants/p-1/skills').map((c) => c.body);
    expect(posts[0]).toEqual({ skill_uri: SEW, level: 'advanced', evidence: 'self_declared' });
    expect(posts[1]).toEqual({ skill_uri: DRESS, level: 'basic', evidence: 'self_declared' });
    expect($(`[data-testid="suggestion"][data-uri="${SEW}"]`)?.dataset.outcome).toBe('added');
    expect(text(`[data-testid="suggestion"][data-uri="${DRESS}"] [data-testid="suggestion-error"]`)).toBe(en.field_error.already_has);
  });
});

describe('participant list: has skill', () => {
  it('maps the filter to and from the address and the API query', () => {
    const f = filtersFrom({ skills: `${SEW},${DRESS}`, min_level: 'advanced', match: 'any' }, 'adviser');
    expect(listQuery(f)).toMatchObject({ skills: `${SEW},${DRESS}`, min_level: 'advanced', match: 'any' });
    expect(listPath(f, 'adviser')).toBe(`/participants?skills=${encodeURIComponent(`${SEW},${DRESS}`)}&min_level=advanced&match=any`);
    // No level or match without skills; an unknown level is dropped.
    const none = filtersFrom({ min_level: 'guru', match: 'any' }, 'adviser');
    expect(listQuery(none)).not.toHaveProperty('skills');
    expect(listQuery(none)).not.toHaveProperty('min_level');
    expect(listQuery(none)).not.toHaveProperty('match');
    expect(filtersFrom({ skills: SEW }, 'participant').skills).toBe('');
  });

  it('picks skills into the filter, with a least level and all/any, and asks the server with them', async () => {
    serve({
      'GET /api/v1/participants': () => json({ items: [person()], next_cursor: null }),
      'GET /api/v1/skills': () => json(hits('en')),
      'GET /api/v1/concepts': (_r, url) => json({ uri: url.searchParams.get('uri'), kind: 'skill', label: 'from concepts', status: 'released' }),
    });
    await showAs('adviser', '/participants');
    await until(() => $('[data-testid="participants-table"]'));
    await type('#p-skills', 'siv');
    await until(() => $$('#p-skills-list [role="option"]').length === 2, 'options');
    await key('#p-skills', 'Enter');
    await until(() => $('[data-testid="skill-chips"]'));
    expect(new URLSearchParams(location.search).get('skills')).toBe(DRESS);
    expect(text('[data-testid="skill-chips"]')).toContain('dressmaking');
    expect($<HTMLInputElement>('#p-skills')?.value).toBe('');
    await until(() => called('GET', '/api/v1/participants').some((c) => c.query.get('skills') === DRESS), 'filtered list');

    await type('#p-skills', 'sew');
    await until(() => $$('#p-skills-list [role="option"]').length === 2, 'options');
    await key('#p-skills', 'ArrowDown');
    await key('#p-skills', 'Enter');
    await choose('#p-min-level', 'intermediate');
    await choose('#p-match', 'any');
    await until(
      () => called('GET', '/api/v1/participants').some((c) => c.query.get('skills') === `${DRESS},${SEW}` && c.query.get('min_level') === 'intermediate' && c.query.get('match') === 'any'),
      'the query',
    );
    expect(called('GET', '/api/v1/concepts')).toHaveLength(0); // labels known from the picker

    const remove = $$('[data-testid="skill-chips"] button')[0]!;
    expect(remove.getAttribute('aria-label')).toBe(fill(en.participants.remove_skill_filter, { skill: 'dressmaking' }));
    await click(remove);
    await until(() => new URLSearchParams(location.search).get('skills') === SEW, 'one left');
  });

  it('labels skills from a link with the taxonomy', async () => {
    serve({
      'GET /api/v1/participants': () => json({ items: [person()], next_cursor: null }),
      'GET /api/v1/concepts': (_r, url) => json({ uri: url.searchParams.get('uri'), kind: 'skill', label: 'sew pieces of fabric', status: 'released' }),
    });
    await showAs('adviser', `/participants?skills=${encodeURIComponent(SEW)}`);
    await until(() => text('[data-testid="skill-chips"]').includes('sew pieces of fabric'), 'chip label');
    expect(called('GET', '/api/v1/participants')[0]?.query.get('skills')).toBe(SEW);
  });
});
