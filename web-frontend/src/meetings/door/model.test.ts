import { describe, expect, it } from 'vitest';
import { afterCheckIn, countOf, fold, matches, restorePerson, search, tickDoor, toDoor, type ApiDoorList, type DoorPerson } from './model';

const person = (name: string | null, extra: Partial<DoorPerson> = {}): DoorPerson => ({
  participantId: `p-${name ?? 'x'}`,
  registrationId: `r-${name ?? 'x'}`,
  name,
  status: 'registered',
  attended: false,
  noShow: false,
  walkIn: false,
  ...extra,
});

const people = [
  person('Amina Hadžić'),
  person('Olena Kovalenko'),
  person('Aḥmad al-Ḥalabī'),
  person('أحمد الحلبي'),
  person('Łukasz Øberg'),
  person('Đorđe Šarić'),
  person('Мирослава Ґудзь'),
  person(null),
];

describe('door search (in the browser, as one types)', () => {
  it('ignores case and accents: "hadzic" finds Hadžić, "AHMAD" finds Aḥmad', () => {
    expect(search(people, 'hadzic').map((p) => p.name)).toEqual(['Amina Hadžić']);
    expect(search(people, 'AHMAD').map((p) => p.name)).toEqual(['Aḥmad al-Ḥalabī']);
    expect(search(people, 'halabi').map((p) => p.name)).toEqual(['Aḥmad al-Ḥalabī']);
  });

  it('reads letters without a combining accent as their base letter (đ, ł, ø)', () => {
    expect(search(people, 'djo').map((p) => p.name)).toEqual([]);
    expect(search(people, 'dorde').map((p) => p.name)).toEqual(['Đorđe Šarić']);
    expect(search(people, 'lukasz oberg').map((p) => p.name)).toEqual(['Łukasz Øberg']);
  });

  it('joins Arabic letter variants and drops vowel marks: "احمد" finds "أحمد", "أَحْمَد" too', () => {
    expect(search(people, 'احمد').map((p) => p.name)).toEqual(['أحمد الحلبي']);
    expect(search(people, 'أَحْمَد').map((p) => p.name)).toEqual(['أحمد الحلبي']);
  });

  it('finds Cyrillic names, and every typed word in any order', () => {
    expect(search(people, 'гудзь').map((p) => p.name)).toEqual(['Мирослава Ґудзь']);
    expect(search(people, 'kovalenko olena').map((p) => p.name)).toEqual(['Olena Kovalenko']);
    expect(search(people, 'olena hadzic')).toEqual([]);
  });

  it('an empty or blank search shows everyone, a person without a name only then', () => {
    expect(search(people, '')).toHaveLength(people.length);
    expect(search(people, '   ')).toHaveLength(people.length);
    expect(matches(null, 'a')).toBe(false);
  });

  it('folds hyphens and apostrophes to spaces', () => {
    expect(fold("O’Brien-Smith")).toBe('o brien smith');
    expect(matches('Aḥmad al-Ḥalabī', 'al halabi')).toBe(true);
  });
});

describe('ticking at the door', () => {
  const door = toDoor({
    people: [
      { registration_id: 'r1', participant_id: 'p1', name: 'Amina', status: 'registered', attendance: null, walk_in: false },
      { registration_id: 'r2', participant_id: 'p2', name: 'Olena', status: 'registered', attendance: 'attended', walk_in: false },
      { registration_id: 'r3', participant_id: 'p3', name: 'Yusuf', status: 'waiting', attendance: null },
    ],
    guests: { total: 2, by_gender: {}, by_age_band: {} },
    counts: { registered: 2, attended: 1, no_show: 0 },
  });

  it('reads the list as the brief named it (no guest items, no versions), counts from the server', () => {
    expect(door.people.map((p) => [p.name, p.attended])).toEqual([
      ['Amina', false],
      ['Olena', true],
      ['Yusuf', false],
    ]);
    expect(door.guests).toEqual([]);
    expect(door.counts).toEqual({ registered: 2, attended: 1, guests: 2, noShow: 0 });
  });

  it('counts from the list when the server gives no counts', () => {
    const raw: ApiDoorList = { people: [{ registration_id: 'r', participant_id: 'p', status: 'registered', attendance: 'no_show' }] };
    expect(toDoor(raw).counts).toEqual({ registered: 1, attended: 0, guests: 0, noShow: 1 });
  });

  it('a tick shows at once with the counts moved; a refused one puts the person back', () => {
    const ticked = tickDoor(door, 'p1', true);
    expect(ticked.people.find((p) => p.participantId === 'p1')?.attended).toBe(true);
    expect(ticked.counts.attended).toBe(2);
    const back = restorePerson(ticked, door.people[0]!);
    expect(back.people).toEqual(door.people);
    expect(back.counts).toEqual(door.counts);
  });

  it('ticking someone waiting registers them (as the server does)', () => {
    const ticked = tickDoor(door, 'p3', true);
    expect(ticked.people.find((p) => p.participantId === 'p3')?.status).toBe('registered');
    expect(ticked.counts).toMatchObject({ registered: 3, attended: 2 });
  });

  it('the server’s answer replaces the row and the counts; a walk-in is added in name order', () => {
    const after = afterCheckIn(door, {
      entry: { registration_id: 'r9', participant_id: 'p9', name: 'Bashir', status: 'registered', attendance: 'attended', walk_in: true },
      counts: { registered: 3, attended: 2, guests: 2, no_show: 0 },
    });
    expect(after.people.map((p) => p.name)).toEqual(['Amina', 'Bashir', 'Olena', 'Yusuf']);
    expect(after.people[1]?.walkIn).toBe(true);
    expect(after.counts).toEqual({ registered: 3, attended: 2, guests: 2, noShow: 0 });
  });

  it('counts only registered people', () => {
    expect(countOf([person('a', { attended: true }), person('b', { status: 'waiting', attended: true })], 0)).toEqual({
      registered: 1,
      attended: 1,
      guests: 0,
      noShow: 0,
    });
  });
});
