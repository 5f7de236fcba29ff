// @vitest-environment happy-dom
// Booking a time at office hours through the whole app against a fake API:
// a participant in three steps, a taken time, cancelling; staff for someone else.
import { en } from '../../i18n/all';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { $, $$, called, check, click, initI18n, serve, setUp, showAs, submit, tearDown, text, type, until } from '../../testing/app-harness';
import { json, problem } from '../../testing/fake-auth';
import { meetingAt } from '../../testing/meetings';

beforeAll(() => initI18n('en'));
beforeEach(setUp);
afterEach(tearDown);

const start = new Date(Date.now() + 48 * 3600_000);
start.setUTCMinutes(0, 0, 0);
const office = meetingAt('oh', start.toISOString(), {
  kind: 'office_hours',
  display_title: 'Advice on work',
  slots: { minutes: 20, capacity: 1, modes: ['in_person', 'phone'] },
});
const slotAt = (i: number, free = 1) => {
  const s = new Date(start.getTime() + i * 20 * 60_000);
  const local = (d: Date) => `${office.start_local.slice(0, 11)}${String(Number(office.start_local.slice(11, 13)) + Math.floor((d.getTime() - start.getTime()) / 3600_000)).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}:00`;
  return { start: s.toISOString(), start_local: local(s), end_local: local(new Date(s.getTime() + 20 * 60_000)), capacity: 1, booked: 1 - free, free, modes: ['in_person', 'phone'] };
};
const slots = [slotAt(0, 0), slotAt(1), slotAt(2)];
const booked = (extra: Record<string, unknown> = {}) => ({
  id: 'b1',
  meeting_id: 'oh',
  participant_id: 'me',
  participant_name: null,
  slot_start: slots[1]!.start,
  slot_start_local: slots[1]!.start_local,
  slot_end_local: slots[1]!.end_local,
  mode: 'phone',
  topic: 'cv',
  note: 'In Arabic, please',
  status: 'booked',
  walk_in: false,
  version: 1,
  ...extra,
});

describe('booking a time (participant)', () => {
  it('books in three steps: a time, how and what about, check; then offers the calendar and cancelling', async () => {
    serve({
      'GET /api/v1/meetings/oh': () => json(office),
      'GET /api/v1/meetings/oh/slots': () => json(slots),
      'GET /api/v1/bookings': () => json([]),
      'POST /api/v1/meetings/oh/bookings': () => json(booked(), 201),
    });
    await showAs('participant', '/meetings/oh/book');
    await until(() => $('[data-testid="step-time"]'));
    expect(text('.step-count')).toBe(en.booking.step_n.replace('{{n}}', '1').replace('{{total}}', '3'));
    const buttons = $$('[data-testid="slot"]') as HTMLButtonElement[];
    expect(buttons.map((b) => b.disabled)).toEqual([true, false, false]);
    expect(buttons[0]?.textContent).toContain(en.booking.full);
    expect(buttons[1]?.textContent).toContain(en.booking.free_n.replace('{{n}}', '1'));
    await click(buttons[1]);

    await until(() => $('[data-testid="step-what"]'));
    // Without a topic, it says so.
    await submit('.booking-what');
    expect(text('#topic-error')).toBe(en.booking.choose_topic);
    await check('[data-testid="mode-phone"]');
    await check('[data-testid="topic-cv"]');
    expect($('label:has([data-testid="topic-cv"])')?.className).toContain('chosen');
    await type('#booking-note', ' In Arabic, please ');
    await submit('.booking-what');

    await until(() => $('[data-testid="booking-summary"]'));
    expect(text('[data-testid="booking-summary"]')).toContain('By phone');
    expect(text('[data-testid="booking-summary"]')).toContain('CV');
    await click($('[data-testid="book"]'));
    await until(() => $('[data-testid="booked"]'));
    expect(text('[data-testid="booked"] h2')).toContain(en.booking.booked);
    const post = called('POST', '/api/v1/meetings/oh/bookings')[0];
    expect(post?.body).toEqual({ slot_start: slots[1]!.start, mode: 'phone', topic: 'cv', note: 'In Arabic, please' });
    expect(post?.headers.get('Idempotency-Key')).toBeTruthy();
    expect($('[data-testid="booking-calendar"]')).not.toBeNull();
    expect(text('[data-testid="booked"]')).toContain(en.booking.phone_hint);
  });

  it('shows the booking the person has already, and cancels it after a confirmation', async () => {
    let cancelled = false;
    serve({
      'GET /api/v1/meetings/oh': () => json(office),
      'GET /api/v1/meetings/oh/slots': () => json(slots),
      'GET /api/v1/bookings': () => json(cancelled ? [] : [booked()]),
      'PATCH /api/v1/bookings/b1': () => {
        cancelled = true;
        return json(booked({ status: 'cancelled', version: 2 }));
      },
    });
    await showAs('participant', '/meetings/oh/book');
    await until(() => $('[data-testid="booked"]'));
    expect(text('[data-testid="booked"] h2')).toContain(en.booking.your_booking);
    expect(text('[data-testid="booked"]')).toContain('In Arabic, please');
    await click($('[data-testid="cancel-booking"]'));
    await click(await until(() => $('[data-testid="cancel-booking-dialog"] [data-testid="confirm"]')));
    await until(() => $('[data-testid="step-time"]'));
    expect(called('PATCH', '/api/v1/bookings/b1')[0]?.body).toEqual({ status: 'cancelled', version: 1 });
  });

  it('goes back to the times when someone took the chosen one first', async () => {
    serve({
      'GET /api/v1/meetings/oh': () => json(office),
      'GET /api/v1/meetings/oh/slots': () => json(slots),
      'GET /api/v1/bookings': () => json([]),
      'POST /api/v1/meetings/oh/bookings': () => problem(409, 'conflict', { detail: 'the slot is full' }),
    });
    await showAs('participant', '/meetings/oh/book');
    await click(await until(() => $$('[data-testid="slot"]')[2]));
    await check('[data-testid="topic-housing"]');
    await submit('.booking-what');
    await click(await until(() => $('[data-testid="book"]')));
    await until(() => $('[data-testid="booking-error"]'));
    expect(text('[data-testid="booking-error"]')).toContain(en.booking.taken);
    expect(text('[data-testid="booking-error"]')).toContain('the slot is full');
    expect($('[data-testid="step-time"]')).not.toBeNull();
    // The times were asked again.
    await until(() => called('GET', '/api/v1/meetings/oh/slots').length === 2);
  });

  it('says when a meeting has no times to book', async () => {
    serve({
      'GET /api/v1/meetings/ws': () => json(meetingAt('ws', start.toISOString())),
      'GET /api/v1/meetings/ws/slots': () => json([]),
      'GET /api/v1/bookings': () => json([]),
    });
    await showAs('participant', '/meetings/ws/book');
    await until(() => $('[data-testid="no-slots"]'));
  });
});

describe('booking a time (staff)', () => {
  it('books a walk-in for a participant found by name, into a full time, and lists the meeting’s bookings', async () => {
    let made = false;
    serve({
      'GET /api/v1/meetings/oh': () => json(office),
      'GET /api/v1/meetings/oh/slots': () => json(slots),
      'GET /api/v1/meetings/oh/bookings': () => json(made ? [booked({ participant_name: 'Bashir Noori', walk_in: true, slot_start_local: slots[0]!.start_local })] : []),
      'GET /api/v1/participants': () => json({ items: [{ id: 'p9', name: 'Bashir Noori', status: 'active', view: 'full', version: 1 }], next_cursor: null }),
      'POST /api/v1/meetings/oh/bookings': () => {
        made = true;
        return json(booked({ participant_id: 'p9', participant_name: 'Bashir Noori', walk_in: true }), 201);
      },
    });
    await showAs('adviser', '/meetings/oh/book');
    await until(() => $('[data-testid="step-who"]'));
    await until(() => $('[data-testid="day-empty"]'));
    expect(called('GET', '/api/v1/bookings')).toHaveLength(0);
    await type('#booking-person', 'bash');
    await click(await until(() => $('[data-testid="pick-person"]')));
    await check('#walk-in');
    await click($('[data-testid="next"]'));
    const full = await until(() => $<HTMLButtonElement>('[data-testid="slot"]'));
    expect(full.disabled).toBe(false); // a walk-in may go beyond the places
    await click(full);
    await check('[data-testid="topic-job_search"]');
    await submit('.booking-what');
    await click(await until(() => $('[data-testid="book"]')));
    await until(() => $('[data-testid="booked"]'));
    expect(text('[data-testid="booked"] h2')).toContain(en.booking.booked_for.replace('{{name}}', 'Bashir Noori'));
    expect(called('POST', '/api/v1/meetings/oh/bookings')[0]?.body).toEqual({
      slot_start: slots[0]!.start,
      mode: 'in_person',
      topic: 'job_search',
      note: null,
      participant_id: 'p9',
      walk_in: true,
    });
    await until(() => $('[data-testid="day-bookings"]'));
    expect(text('[data-testid="day-bookings"]')).toContain('Bashir Noori');
    await click($('[data-testid="book-another"]'));
    await until(() => $('[data-testid="step-who"]'));
  });
});
