import { describe, expect, it } from 'vitest';
import { addDays, dayOf, formatHours, formatTime, nearDay, todayIn, wallDate } from './when';
import { fileName, refusalOf } from './model';
import { ApiError } from '../../api/errors';

describe('wall-clock times', () => {
  it('shows the time on the meeting’s own clock, whatever the viewer’s time zone', () => {
    expect(formatTime('2026-12-03T16:00:00', 'en')).toBe('16:00');
    expect(formatHours('2026-12-03T16:00:00', '2026-12-03T18:30:00', 'sl')).toBe('16:00–18:30');
    expect(wallDate('2026-12-03T16:00:00')?.toISOString()).toBe('2026-12-03T16:00:00.000Z');
    expect(wallDate('nonsense')).toBeNull();
    expect(dayOf('2026-12-03T16:00:00')).toBe('2026-12-03');
  });

  it('knows today and tomorrow where the meeting is', () => {
    const now = new Date('2026-12-03T23:30:00Z'); // already 4 December in Ljubljana
    expect(todayIn('Europe/Ljubljana', now)).toBe('2026-12-04');
    expect(todayIn('UTC', now)).toBe('2026-12-03');
    expect(nearDay('2026-12-04T10:00:00', 'Europe/Ljubljana', now)).toBe('today');
    expect(nearDay('2026-12-05T10:00:00', 'Europe/Ljubljana', now)).toBe('tomorrow');
    expect(nearDay('2026-12-03T10:00:00', 'Europe/Ljubljana', now)).toBeNull();
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('makes a file name of a title in any script', () => {
    expect(fileName('Language café / Ljubljana')).toBe('Language-café-Ljubljana');
    expect(fileName('مقهى اللغة')).toBe('مقهى-اللغة');
    expect(fileName('???')).toBe('meeting');
  });

  it('keeps a refusal’s detail (4xx) but not a server failure’s', () => {
    const conflict = new ApiError(409, { code: 'conflict', detail: 'the meeting is over', status: 409, title: 'Conflict', type: 'x' });
    expect(refusalOf(conflict)).toEqual({ key: 'problem.conflict', detail: 'the meeting is over', status: 409 });
    expect(refusalOf(new ApiError(500, { code: 'internal_error', detail: 'boom' })).detail).toBeNull();
    expect(refusalOf(new TypeError('Failed to fetch')).key).toBe('problem.network');
  });
});
