// @vitest-environment happy-dom
// The staff's meeting screens through the whole app against a fake API: the
// registrations and invitations on a meeting's page, removing an occurrence
// from its series, the minutes with their action items, the report of
// attendance and satisfaction, and the adviser's day.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ar, en } from '../i18n/all';
import { $, $$, called, check, click, initI18n, member, serve, setLanguage, setUp, showAs, submit, tearDown, text, type, until } from '../testing/app-harness';
import { json, problem } from '../testing/fake-auth';
import { meetingAt, registration, withMeetingCodes } from '../testing/staffMeetings';
import type { Booking } from './day/model';
import type { ActionItem, Minutes } from './minutes/model';
import type { FeedbackSummary, MeetingStats } from './report/model';

beforeAll(() => initI18n('en'));

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k]));
const participant = (id: string, name: string, municipality = 'Ljubljana') => ({ id, name, municipality, status: 'active', view: 'full' });

beforeEach(async () => {
  await setUp();
  withMeetingCodes();
});
afterEach(tearDown);

describe('the staff’s part of a meeting’s page', () => {
  it('lists who registered and who waits, registers someone found by name, and cancels a place after asking', async () => {
    let list = [
      registration('r1', 'Amina Hadžić', { arrival: 1, attendance: 'attended' }),
      registration('r2', 'Bashir Noori', { arrival: 2, promoted_at: '2026-11-20T10:00:00Z' }),
      registration('r3', 'Dmytro Shevchuk', { arrival: 4, status: 'waiting', waiting_position: 1 }),
      registration('r4', 'Farid Ahmadi', { arrival: 3, status: 'cancelled' }),
    ];
    serve({
      'GET /api/v1/meetings/m-1': () => json(meetingAt('m-1', '2030-12-20T16:00:00')),
      'GET /api/v1/meetings/m-1/registrations': () => json({ items: list, next_cursor: null }),
      'GET /api/v1/participants': () => json({ items: [participant('p-r1', 'Amina Hadžić'), participant('p-olena', 'Olena Kovalenko', 'Maribor')], next_cursor: null }),
      'POST /api/v1/meetings/m-1/registrations': () => {
        const r = registration('r5', 'Olena Kovalenko', { participant_id: 'p-olena', arrival: 5, status: 'waiting', waiting_position: 2 });
        list = [...list, r];
        return json(r, 201);
      },
      'PATCH /api/v1/registrations/r1': () => {
        list = list.map((r) => (r.id === 'r1' ? { ...r, status: 'cancelled', version: 2 } : r));
        return json(list[0]);
      },
    });
    await showAs('coordinator', '/meetings/m-1');
    await until(() => $$('[data-testid="registration"]').length === 3, 'the registrations');
    expect($$('[data-testid="registration"]').map((r) => r.dataset.id)).toEqual(['r1', 'r2', 'r3']);
    const places = $$('[data-testid="registration"] [data-testid="place"]').map((c) => c.textContent);
    expect(places).toEqual([en.meeting_staff.registered, en.meeting_staff.promoted, fill(en.meeting_staff.waiting_n, { n: 1 })]);
    expect($$('[data-testid="registration"] [data-testid="attendance"]').map((c) => c.textContent)).toEqual(['Attended', '–', '–']);
    expect($('[data-testid="registration"] a')!.getAttribute('href')).toBe('/participants/p-r1');
    await check('#show-cancelled');
    expect($$('[data-testid="registration"]')).toHaveLength(4);
    // The meeting's other screens for staff.
    expect($('[data-testid="link-door"]')!.getAttribute('href')).toBe('/meetings/m-1/door');
    expect($('[data-testid="link-minutes"]')!.getAttribute('href')).toBe('/meetings/m-1/minutes');
    expect($('[data-testid="link-feedback"]')).toBeNull();
    // Not by invitation: no invitation list.
    expect($('[data-testid="invitations"]')).toBeNull();

    // Register someone: found by name; people already holding a place are not offered.
    await click($('[data-testid="register-someone"]'));
    await type('#reg-person', 'a');
    await type('#reg-person', 'Ol');
    await until(() => $('[data-testid="reg-person-results"]'), 'the people found');
    expect(called('GET', '/api/v1/participants').at(-1)!.query.get('q')).toBe('Ol');
    expect($$('[data-testid="reg-person-results"] li').map((li) => li.dataset.id)).toEqual(['p-olena']);
    expect(text('[data-testid="reg-person-results"]')).toContain('Maribor');
    await click($('[data-testid="reg-person-results"] [data-testid="pick"]'));
    await until(() => $('[data-testid="registrations-notice"]'), 'registered');
    expect(text('[data-testid="registrations-notice"]')).toBe(fill(en.meeting_staff.registered_waiting, { name: 'Olena Kovalenko', n: 2 }));
    const post = called('POST', '/api/v1/meetings/m-1/registrations')[0]!;
    expect(post.body).toEqual({ participant_id: 'p-olena' });
    expect(post.headers.get('Idempotency-Key')).toMatch(/^[0-9a-f-]{36}$/);
    await until(() => $('[data-testid="registration"][data-id="r5"]'), 'the list again');
    // The meeting's counts are loaded again too.
    expect(called('GET', '/api/v1/meetings/m-1').length).toBeGreaterThan(1);

    // Cancel Amina's place, after asking.
    await click($('[data-testid="registration"][data-id="r1"] [data-testid="cancel-place"]'));
    const dialog = await until(() => $('[data-testid="cancel-place-dialog"]'), 'the question');
    expect(dialog.textContent).toContain(fill(en.meeting_staff.cancel_place_title, { name: 'Amina Hadžić' }));
    expect(called('PATCH', '/api/v1/registrations/r1')).toHaveLength(0);
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => text('[data-testid="registrations-notice"]') === fill(en.meeting_staff.cancelled_notice, { name: 'Amina Hadžić' }), 'cancelled');
    expect(called('PATCH', '/api/v1/registrations/r1')[0]!.body).toEqual({ status: 'cancelled', version: 1 });
    await until(() => $('[data-testid="registration"][data-id="r1"][data-status="cancelled"]'), 'shown as cancelled');
  });

  it('shows the server’s reason when a registration is refused', async () => {
    serve({
      'GET /api/v1/meetings/m-1': () => json(meetingAt('m-1', '2030-12-20T16:00:00')),
      'GET /api/v1/meetings/m-1/registrations': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/participants': () => json({ items: [participant('p-olena', 'Olena Kovalenko')], next_cursor: null }),
      'POST /api/v1/meetings/m-1/registrations': () => problem(409, 'conflict', { detail: 'Olena is already registered.' }),
    });
    await showAs('adviser', '/meetings/m-1');
    await until(() => $('[data-testid="registrations-empty"]'), 'nobody yet');
    await click($('[data-testid="register-someone"]'));
    await type('#reg-person', 'Olena');
    await click(await until(() => $('[data-testid="reg-person-results"] [data-testid="pick"]'), 'Olena'));
    await until(() => $('[data-testid="registrations-error"]'), 'the refusal');
    expect(text('[data-testid="registrations-error"]')).toBe('Olena is already registered.');
  });

  it('lists who is invited to a meeting by invitation, invites someone and withdraws an invitation', async () => {
    let invited = [{ meeting_id: 'm-1', participant_id: 'p-1', participant_name: 'Hana Al-Masri', registration_status: 'registered' as const, created_at: '2026-11-01T10:00:00Z' }];
    serve({
      'GET /api/v1/meetings/m-1': () => json(meetingAt('m-1', '2030-12-20T16:00:00', { audience: 'invited' })),
      'GET /api/v1/meetings/m-1/registrations': () => json({ items: [registration('r1', 'Hana Al-Masri', { participant_id: 'p-1' })], next_cursor: null }),
      'GET /api/v1/meetings/m-1/invitations': () => json({ items: invited, next_cursor: null }),
      'GET /api/v1/participants': () => json({ items: [participant('p-1', 'Hana Al-Masri'), participant('p-2', 'Reza Karimi')], next_cursor: null }),
      'POST /api/v1/meetings/m-1/invitations': () => {
        invited = [...invited, { meeting_id: 'm-1', participant_id: 'p-2', participant_name: 'Reza Karimi', registration_status: null, created_at: '2026-11-02T10:00:00Z' } as never];
        return json(invited.slice(1));
      },
      'DELETE /api/v1/meetings/m-1/invitations/p-1': () => {
        invited = invited.filter((i) => i.participant_id !== 'p-1');
        return new Response(null, { status: 204 });
      },
    });
    await showAs('coordinator', '/meetings/m-1');
    await until(() => $$('[data-testid="invited"]').length === 1, 'the invitations');
    expect(text('[data-testid="invited"]')).toContain('Hana Al-Masri · Registered');
    await click($('[data-testid="invite-someone"]'));
    await type('#inv-person', 'Re');
    await until(() => $('[data-testid="inv-person-results"]'), 'found');
    // Hana is invited already.
    expect($$('[data-testid="inv-person-results"] li').map((li) => li.dataset.id)).toEqual(['p-2']);
    await click($('[data-testid="inv-person-results"] [data-testid="pick"]'));
    await until(() => $$('[data-testid="invited"]').length === 2, 'Reza invited');
    expect(called('POST', '/api/v1/meetings/m-1/invitations')[0]!.body).toEqual({ participant_ids: ['p-2'] });
    expect(text('[data-testid="invited"][data-id="p-2"]')).toContain(en.meeting_staff.not_registered);
    await click($('[data-testid="invited"][data-id="p-1"] [data-testid="withdraw"]'));
    await until(() => $$('[data-testid="invited"]').length === 1, 'withdrawn');
    expect(called('DELETE', '/api/v1/meetings/m-1/invitations/p-1')).toHaveLength(1);
    expect(text('[data-testid="invitations-notice"]')).toBe(fill(en.meeting_staff.withdrawn_notice, { name: 'Hana Al-Masri' }));
  });

  it('removes an occurrence from its series after asking, with the 409’s reason shown', async () => {
    let refuse = true;
    serve({
      'GET /api/v1/meetings/m-1': () => json(meetingAt('m-1', '2030-12-20T16:00:00', { series_id: 's-1', registered_count: 0, waiting_count: 0, places_left: 2 })),
      'GET /api/v1/meetings/m-1/registrations': () => json({ items: [], next_cursor: null }),
      'DELETE /api/v1/meetings/m-1': () => {
        if (refuse) {
          refuse = false;
          return problem(409, 'conflict', { detail: 'People are registered for this meeting: cancel it instead.' });
        }
        return new Response(null, { status: 204 });
      },
      'GET /api/v1/meetings': () => json({ items: [], next_cursor: null }),
    });
    await showAs('coordinator', '/meetings/m-1');
    await click(await until(() => $('[data-testid="remove-from-series"]'), 'the remove button'));
    let dialog = await until(() => $('[data-testid="remove-dialog"]'), 'the question');
    expect(dialog.textContent).toContain(fill(en.meeting_staff.remove_text, { title: 'Meeting m-1' }));
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => $('[data-testid="remove-dialog"] .alert'), 'the reason');
    expect(text('[data-testid="remove-dialog"] .alert')).toBe('People are registered for this meeting: cancel it instead.');
    expect(called('DELETE', '/api/v1/meetings/m-1')[0]!.query.get('version')).toBe('3');
    dialog = $('[data-testid="remove-dialog"]')!;
    await click(dialog.querySelector('[data-testid="confirm"]'));
    await until(() => location.pathname === '/meetings', 'the agenda');
    expect(location.search).toBe('?month=2030-12');
    await until(() => $('[data-testid="agenda-notice"]'), 'the notice');
    expect(text('[data-testid="agenda-notice"]')).toBe(fill(en.meeting_staff.removed_notice, { title: 'Meeting m-1' }));
  });

  it('gives a participant who came the feedback and minutes links, and no staff lists', async () => {
    serve({
      'GET /api/v1/meetings/m-1': () =>
        json(meetingAt('m-1', '2026-11-20T16:00:00', { status: 'done', my_place: { registration_id: 'r-1', status: 'registered', version: 2 } })),
    });
    await showAs('participant', '/meetings/m-1');
    await until(() => $('[data-testid="meeting-links"]'), 'the links');
    expect($('[data-testid="link-feedback"]')!.getAttribute('href')).toBe('/meetings/m-1/feedback');
    expect($('[data-testid="link-minutes"]')!.getAttribute('href')).toBe('/meetings/m-1/minutes');
    expect($('[data-testid="link-door"]')).toBeNull();
    expect($('[data-testid="registrations"]')).toBeNull();
    expect(called('GET', '/api/v1/meetings/m-1/registrations')).toHaveLength(0);
    expect($('[data-testid="remove-from-series"]')).toBeNull();
  });

  it('offers a slot to book at office hours, and staff the day’s bookings instead of registrations', async () => {
    const m = meetingAt('m-1', '2030-12-20T09:00:00', { kind: 'office_hours', capacity: null, places_left: null, slots: { minutes: 20, capacity: 1, modes: ['in_person', 'phone'] } });
    serve({ 'GET /api/v1/meetings/m-1': () => json(m) });
    await showAs('adviser', '/meetings/m-1');
    await until(() => $('[data-testid="meeting-links"]'), 'the links');
    expect($('[data-testid="link-book"]')!.getAttribute('href')).toBe('/meetings/m-1/book');
    expect($('[data-testid="link-day"]')!.getAttribute('href')).toBe('/meetings/day?date=2030-12-20');
    expect($('[data-testid="registrations"]')).toBeNull();
  });
});

function item(id: string, extra: Partial<ActionItem> = {}): ActionItem {
  return {
    id,
    meeting: { id: 'm-1', title: 'Meeting m-1', starts_at: '2026-11-20T15:00:00Z', start_local: '2026-11-20T16:00:00', time_zone: 'Europe/Ljubljana' },
    title: `Item ${id}`,
    mine: false,
    state: 'open',
    owner_kind: null,
    owner_name: null,
    due_on: null,
    created_at: '2026-11-20T18:00:00Z',
    updated_at: '2026-11-20T18:00:00Z',
    version: 1,
    ...extra,
  };
}

function minutesOf(extra: Partial<Minutes> = {}): Minutes {
  return { meeting_id: 'm-1', body: '', decisions: [], version: 0, action_items: [], updated_at: null, updated_by_name: null, ...extra };
}

describe('the minutes', () => {
  const past = () => json(meetingAt('m-1', '2026-11-20T16:00:00', { status: 'done', my_place: { registration_id: 'r-1', status: 'registered', version: 2 } }));

  it('shows the minutes rendered without running what was typed, the decisions and the action items; the owner ticks theirs done', async () => {
    let items = [
      item('a1', { title: 'Ask the school about the tap', mine: true, owner_kind: 'participant', owner_name: 'Amina Hadžić', due_on: '2026-11-25' }),
      item('a2', { title: 'Book the hall', owner_kind: 'member', owner_name: 'Maja Novak', state: 'done' }),
    ];
    serve({
      'GET /api/v1/meetings/m-1': past,
      'GET /api/v1/meetings/m-1/minutes': () =>
        json(
          minutesOf({
            body: '## Who came\n\nTwelve **neighbours**.\n\n<script>alert(1)</script><img src=x onerror="alert(1)">\n\n[trap](javascript:alert(1)) and https://example.org/plan',
            decisions: ['Six raised beds', 'Meet on Saturdays'],
            version: 4,
            updated_at: '2026-11-21T09:30:00Z',
            updated_by_name: 'Maja Novak',
            action_items: items,
          }),
        ),
      'PATCH /api/v1/action-items/a1': () => {
        items = items.map((i) => (i.id === 'a1' ? { ...i, state: 'done', version: 2 } : i));
        return json(items[0]);
      },
    });
    await showAs('participant', '/meetings/m-1/minutes');
    const body = await until(() => $('[data-testid="minutes-body"]'), 'the minutes');
    expect(body.querySelector('h2')!.textContent).toBe('Who came');
    expect(body.querySelector('strong')!.textContent).toBe('neighbours');
    expect(body.querySelector('script, img')).toBeNull();
    expect(body.textContent).toContain('<script>alert(1)</script>');
    expect([...body.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.getAttribute('rel')])).toEqual([['https://example.org/plan', 'noopener noreferrer']]);
    expect($$('[data-testid="decisions"] li').map((li) => li.textContent)).toEqual(['Six raised beds', 'Meet on Saturdays']);
    expect(text('[data-testid="minutes-changed"]')).toContain('Maja Novak');
    expect($('[data-testid="back-to-meeting"]')!.getAttribute('href')).toBe('/meetings/m-1');
    // Participants read; they do not write.
    expect($('[data-testid="edit-minutes"]')).toBeNull();
    expect($('[data-testid="add-item"]')).toBeNull();

    const [mine, other] = $$('[data-testid="action-item"]');
    expect(mine!.textContent).toContain('Amina Hadžić');
    expect(mine!.querySelector('[data-testid="item-due"]')!.textContent).toContain(fill(en.minutes.due, { day: 'Nov 25, 2026' }));
    // Only the owner's own item has a tick box; the other shows its state.
    expect(other!.querySelector('[data-testid="item-done"]')).toBeNull();
    await until(() => other!.querySelector('[data-testid="item-state"]')!.textContent === 'Done', 'the state’s label');
    await click(mine!.querySelector('[data-testid="item-done"]'));
    await until(() => $('[data-testid="action-item"][data-id="a1"][data-state="done"]'), 'done');
    expect(called('PATCH', '/api/v1/action-items/a1')[0]!.body).toEqual({ state: 'done', version: 1 });
  });

  it('says when there are none yet, and is not found for a meeting the person did not attend', async () => {
    serve({ 'GET /api/v1/meetings/m-2': past, 'GET /api/v1/meetings/m-2/minutes': () => problem(404, 'not_found') });
    await showAs('participant', '/meetings/m-2/minutes');
    await until(() => text('h1') === en.meetings.not_found_title, 'not found');
  });

  it('lets a coordinator write them with a preview and decisions, saved with the version; a stale one offers to load the saved', async () => {
    let saved = minutesOf();
    let stale = false;
    serve({
      'GET /api/v1/meetings/m-1': past,
      'GET /api/v1/meetings/m-1/minutes': () => json(saved),
      'PUT /api/v1/meetings/m-1/minutes': async (req) => {
        if (stale) return problem(409, 'version_conflict', { detail: 'Changed since version 1.' });
        const body = (await req.json()) as { body: string; decisions: string[] };
        saved = { ...saved, ...body, version: saved.version + 1, updated_at: '2026-11-21T09:30:00Z', updated_by_name: 'Maja Novak' };
        return json(saved, saved.version === 1 ? 201 : 200);
      },
    });
    await showAs('coordinator', '/meetings/m-1/minutes');
    await until(() => $('[data-testid="minutes-empty"]'), 'none yet');
    expect(text('[data-testid="minutes-empty"]')).toBe(en.minutes.none_yet_writer);
    expect(text('[data-testid="edit-minutes"]')).toBe(en.minutes.write);
    await click($('[data-testid="edit-minutes"]'));
    await type('#minutes-body-input', '## Notes\n\n- one <b>bold?</b>');
    await click($('[data-testid="preview-tab"]'));
    const preview = await until(() => $('[data-testid="minutes-preview"]'), 'the preview');
    expect(preview.querySelector('h2')!.textContent).toBe('Notes');
    expect(preview.querySelector('b')).toBeNull();
    expect($('#minutes-body-input')).toBeNull();
    await click($('[data-testid="write-tab"]'));
    expect($<HTMLTextAreaElement>('#minutes-body-input')!.value).toBe('## Notes\n\n- one <b>bold?</b>');
    await type('[data-testid="decision-input"]', ' Six raised beds ');
    await click($('[data-testid="add-decision"]'));
    await click($('[data-testid="add-decision"]'));
    const inputs = $$('[data-testid="decision-input"]');
    expect(inputs).toHaveLength(3);
    await type(`#${inputs[1]!.id}`, 'Meet on Saturdays');
    // The third stays empty: it is not sent.
    await click($$('[data-testid="remove-decision"]')[0]!);
    expect($$('[data-testid="decision-input"]').map((i) => (i as HTMLInputElement).value)).toEqual(['Meet on Saturdays', '']);
    await submit('[data-testid="minutes-form"]');
    await until(() => $('[data-testid="minutes-notice"]'), 'saved');
    expect(called('PUT', '/api/v1/meetings/m-1/minutes')[0]!.body).toEqual({ body: '## Notes\n\n- one <b>bold?</b>', decisions: ['Meet on Saturdays'], version: 0 });
    expect($('[data-testid="minutes-body"] h2')!.textContent).toBe('Notes');
    expect($$('[data-testid="decisions"] li').map((li) => li.textContent)).toEqual(['Meet on Saturdays']);

    // Someone else saved meanwhile: refused, and the saved version is a button away.
    stale = true;
    await click($('[data-testid="edit-minutes"]'));
    expect($('[data-testid="edit-minutes"]')).toBeNull();
    await type('#minutes-body-input', 'Mine');
    await submit('[data-testid="minutes-form"]');
    await until(() => $('[data-testid="version-conflict"]'), 'the conflict');
    expect(called('PUT', '/api/v1/meetings/m-1/minutes')[1]!.body).toMatchObject({ version: 1 });
    expect(text('[data-testid="version-conflict"]')).toContain(en.minutes.conflict);
    const gets = called('GET', '/api/v1/meetings/m-1/minutes').length;
    await click($('[data-testid="version-conflict"] button'));
    await until(() => called('GET', '/api/v1/meetings/m-1/minutes').length > gets, 'loaded again');
    await until(() => $('[data-testid="minutes-body"]'), 'the saved minutes');
  });

  it('adds action items for a participant found by name and for a member of the team', async () => {
    const items: ActionItem[] = [];
    serve({
      'GET /api/v1/meetings/m-1': past,
      'GET /api/v1/meetings/m-1/minutes': () => json(minutesOf({ body: 'Notes', version: 1, action_items: items })),
      'GET /api/v1/members': () => json({ items: [member(1, 'adviser'), member(2, 'participant'), member(3, 'mentor')], next_cursor: null }),
      'GET /api/v1/participants': () => json({ items: [participant('p-1', 'Amina Hadžić')], next_cursor: null }),
      'POST /api/v1/meetings/m-1/action-items': async (req) => {
        const body = (await req.json()) as Partial<ActionItem>;
        const created = item(`a${items.length + 1}`, { ...body, owner_name: body.owner_participant_id ? 'Amina Hadžić' : 'Person 3' });
        items.push(created);
        return json(created, 201);
      },
    });
    await showAs('coordinator', '/meetings/m-1/minutes');
    await click(await until(() => $('[data-testid="add-item"]'), 'Add an action item'));
    // A title is needed.
    await submit('[data-testid="item-form"]');
    await until(() => $('#ai-title-error'), 'the missing title');
    expect(called('POST', '/api/v1/meetings/m-1/action-items')).toHaveLength(0);
    await type('#ai-title', 'Ask the school about the tap');
    await check('[data-testid="owner-participant"]');
    await type('#ai-person', 'Ami');
    await click(await until(() => $('[data-testid="ai-person-results"] [data-testid="pick"]'), 'Amina found'));
    expect(text('[data-testid="chosen-person"]')).toContain('Amina Hadžić');
    await type('#ai-due', '2026-12-05');
    await submit('[data-testid="item-form"]');
    await until(() => $$('[data-testid="action-item"]').length === 1, 'the item');
    expect(called('POST', '/api/v1/meetings/m-1/action-items')[0]!.body).toEqual({ title: 'Ask the school about the tap', owner_participant_id: 'p-1', due_on: '2026-12-05' });
    expect(text('[data-testid="items-notice"]')).toBe(fill(en.minutes.item_added, { title: 'Ask the school about the tap' }));

    // A member of the team: the list offers the team (not participants' or partners' accounts).
    await click($('[data-testid="add-item"]'));
    await type('#ai-title', 'Book the hall');
    await check('[data-testid="owner-member"]');
    await until(() => $$('#ai-member option').length === 3, 'the team');
    expect($$('#ai-member option').map((o) => o.textContent)).toEqual([en.meetings.choose, 'Person 1', 'Person 3']);
    const select = $<HTMLSelectElement>('#ai-member')!;
    select.value = 'u-3';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await submit('[data-testid="item-form"]');
    await until(() => $$('[data-testid="action-item"]').length === 2, 'the second item');
    expect(called('POST', '/api/v1/meetings/m-1/action-items')[1]!.body).toEqual({ title: 'Book the hall', owner_user_id: 'u-3' });
  });

  it('shows the minutes right to left in Arabic', async () => {
    serve({ 'GET /api/v1/meetings/m-1': past, 'GET /api/v1/meetings/m-1/minutes': () => json(minutesOf()) });
    await setLanguage('ar');
    await showAs('participant', '/meetings/m-1/minutes');
    await until(() => $('[data-testid="minutes-empty"]'), 'none yet');
    expect(text('h1')).toBe(ar.minutes.title);
    expect(text('[data-testid="minutes-empty"]')).toBe(ar.minutes.none_yet);
    expect(document.documentElement.dir).toBe('rtl');
  });
});

function stats(id: string, extra: Partial<MeetingStats> = {}): MeetingStats {
  return {
    meeting_id: id,
    title: `Meeting ${id}`,
    kind: 'workshop',
    status: 'done',
    starts_at: '2026-11-10T15:00:00Z',
    start_local: '2026-11-10T16:00:00',
    time_zone: 'Europe/Ljubljana',
    capacity: 20,
    registered: 10,
    waiting: 0,
    booked: 0,
    attended: 8,
    no_show: 2,
    guests: 1,
    ratings: 4,
    mean_rating: 8.5,
    ...extra,
  };
}

describe('the report of attendance and satisfaction', () => {
  it('lists this month’s meetings (every page) with totals, and the ratings by kind with hidden numbers marked', async () => {
    const summary: FeedbackSummary = {
      by: 'kind',
      from: '2026-11-01',
      to: '2026-11-30',
      suppression_threshold: 5,
      groups: [
        {
          key: 'workshop',
          label: 'Workshop',
          count: 12,
          mean: 8.2,
          median: 8,
          suppressed: false,
          stats_suppressed: false,
          distribution: Array.from({ length: 10 }, (_, i) => (i === 7 ? { rating: 8, count: 9, suppressed: false } : i === 4 ? { rating: 5, count: null, suppressed: true } : { rating: i + 1, count: 0, suppressed: false })),
        },
        { key: 'suppressed', label: 'suppressed', count: null, mean: null, median: null, suppressed: true, stats_suppressed: true, distribution: [] },
        { key: 'panel', label: 'Panel', count: 0, mean: null, median: null, suppressed: false, stats_suppressed: false, distribution: [] },
      ],
    };
    serve({
      'GET /api/v1/meetings/stats': (_r, url) =>
        url.searchParams.get('cursor')
          ? json({ items: [stats('m-2', { kind: 'office_hours', registered: 0, booked: 6, attended: 5, no_show: 1, guests: 0, ratings: 1, mean_rating: 6 })], next_cursor: null })
          : json({ items: [stats('m-1', { waiting: 3 }), stats('m-3', { status: 'cancelled', registered: 0, attended: 0, no_show: 0, guests: 0, ratings: 0, mean_rating: null })], next_cursor: 'next' }),
      'GET /api/v1/meetings/feedback/summary': () => json(summary),
    });
    const now = new Date();
    const month = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
    await showAs('coordinator', '/meetings/report');
    await until(() => $$('[data-testid="report-row"]').length === 3, 'every page');
    const asked = called('GET', '/api/v1/meetings/stats')[0]!.query;
    expect(asked.get('from')).toBe(`${month}-01`);
    expect(asked.get('to')!.slice(0, 7)).toBe(month);
    const first = $('[data-testid="report-row"][data-id="m-1"]')!;
    expect(first.querySelector('a')!.getAttribute('href')).toBe('/meetings/m-1');
    expect(first.querySelector('[data-testid="registered"]')!.textContent).toBe(`10 ${fill(en.meeting_report.waiting_n, { n: 3 })}`);
    expect(first.querySelector('[data-testid="mean"]')!.textContent).toBe('8.5');
    expect($('[data-testid="report-row"][data-id="m-3"] [data-testid="mean"]')!.textContent).toBe('–');
    // Cells carry their column's name for the cards on a phone.
    expect(first.querySelector('[data-testid="attended"]')!.getAttribute('data-label')).toBe(en.meeting_report.col_attended);
    // Totals: 10 registered + 6 booked; the mean weighs the meetings by their ratings: (8.5·4 + 6·1) / 5 = 8.
    expect(text('[data-testid="total-meetings"]')).toBe('3');
    expect(text('[data-testid="total-registered"]')).toBe('16');
    expect(text('[data-testid="total-attended"]')).toBe('13');
    expect(text('[data-testid="total-no_show"]')).toBe('3');
    expect(text('[data-testid="total-ratings"]')).toBe('5');
    expect(text('[data-testid="total-mean"]')).toBe('8');

    // The summary: kinds nobody rated are left out; hidden numbers are a mark with the legend.
    await until(() => $$('[data-testid="summary-row"]').length === 2, 'the summary');
    const workshop = $('[data-testid="summary-row"][data-key="workshop"]')!;
    expect(workshop.querySelector('[data-testid="mean"]')!.textContent).toBe('8.2');
    expect(workshop.querySelector('[data-rating="8"]')!.getAttribute('data-count')).toBe('9');
    expect(workshop.querySelector('[data-rating="5"]')!.classList.contains('hidden')).toBe(true);
    expect(workshop.querySelector('[data-testid="distribution"]')!.getAttribute('aria-label')).toContain('5: ✱');
    const merged = $('[data-testid="summary-row"][data-key="suppressed"]')!;
    expect(merged.textContent).toContain(en.meeting_report.smaller_groups);
    expect(merged.querySelector('[data-testid="count"] [data-suppressed="true"]')!.textContent).toBe('✱');
    expect(text('[data-testid="suppression-legend"]')).toContain(fill(en.meeting_report.suppressed_legend, { n: 5 }));

    // By month, and the month before.
    await click($('[data-testid="by-period"]'));
    await until(() => called('GET', '/api/v1/meetings/feedback/summary').some((c) => c.query.get('by') === 'period'), 'by month');
    expect(location.search).toBe('?by=period');
    await click($('[data-testid="previous-month"]'));
    await until(() => location.search.includes('month='), 'the month before');
    await until(() => called('GET', '/api/v1/meetings/stats').some((c) => c.query.get('from') !== `${month}-01`), 'asked for it');
  });

  it('shows any period chosen as dates, and a kind', async () => {
    serve({
      'GET /api/v1/meetings/stats': () => json({ items: [], next_cursor: null }),
      'GET /api/v1/meetings/feedback/summary': () => json({ by: 'kind', from: '2026-01-01', to: '2026-03-31', groups: [], suppression_threshold: null }),
    });
    await showAs('admin', '/meetings/report');
    await until(() => $('[data-testid="report-empty"]'), 'none');
    await until(() => $('[data-testid="summary-empty"]'), 'no ratings');
    await click($('[data-testid="choose-dates"]'));
    await type('#r-from', '2026-03-31');
    await type('#r-to', '2026-01-01');
    await submit('[data-testid="range-form"]');
    expect(text('#r-to-error')).toBe(en.meeting_report.to_before_from);
    await type('#r-from', '2026-01-01');
    await type('#r-to', '2026-03-31');
    await submit('[data-testid="range-form"]');
    await until(() => location.search === '?from=2026-01-01&to=2026-03-31', 'the period in the address');
    await until(() => called('GET', '/api/v1/meetings/stats').some((c) => c.query.get('from') === '2026-01-01' && c.query.get('to') === '2026-03-31'), 'asked');
    expect(text('[data-testid="report-period"]')).toBe(fill(en.meeting_report.range, { from: 'Jan 1, 2026', to: 'Mar 31, 2026' }));
    await until(() => $('#r-kind option[value="workshop"]'), 'the kinds');
    const kind = $<HTMLSelectElement>('#r-kind')!;
    kind.value = 'workshop';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    await until(() => called('GET', '/api/v1/meetings/feedback/summary').some((c) => c.query.get('kind') === 'workshop'), 'by kind');
  });

  it('is linked from the agenda for coordinators, the day for advisers', async () => {
    serve({ 'GET /api/v1/meetings': () => json({ items: [], next_cursor: null }) });
    await showAs('adviser', '/meetings?view=list');
    await until(() => $('[data-testid="day-link"]'), 'the day link');
    expect($('[data-testid="report-link"]')).toBeNull();
    expect($('[data-testid="plan-meeting"]')).toBeNull();
  });
});

function booking(id: string, slot: string, extra: Partial<Booking> = {}): Booking {
  return {
    id,
    meeting_id: 'oh-1',
    meeting_title: 'Job search office hours',
    meeting_status: 'planned',
    participant_id: `p-${id}`,
    participant_name: `Person ${id}`,
    slot_start: `2026-12-01T${slot}:00Z`,
    slot_start_local: `2026-12-01T${slot}:00`,
    slot_end_local: `2026-12-01T${slot.slice(0, 3)}${String(Number(slot.slice(3)) + 20).padStart(2, '0')}:00`,
    time_zone: 'Europe/Ljubljana',
    mode: 'in_person',
    topic: 'cv',
    status: 'booked',
    walk_in: false,
    created_at: '2026-11-20T10:00:00Z',
    updated_at: '2026-11-20T10:00:00Z',
    version: 1,
    ...extra,
  };
}

describe('the adviser’s day', () => {
  it('lists the day’s bookings by slot with topic, mode and note; marks who came with the version; moves day by day', async () => {
    let list = [booking('b1', '10:00', { mode: 'phone', note: 'Please read my CV first.' }), booking('b2', '10:00', { topic: 'housing' }), booking('b3', '10:20')];
    serve({
      'GET /api/v1/bookings': (_r, url) => json(url.searchParams.get('date') === '2026-12-01' ? list : []),
      'PATCH /api/v1/bookings/b1': async (req) => {
        const body = (await req.json()) as { attendance: 'attended' };
        list = list.map((b) => (b.id === 'b1' ? { ...b, attendance: body.attendance, version: 2 } : b));
        return json(list[0]);
      },
      'PATCH /api/v1/bookings/b2': () => problem(409, 'version_conflict'),
    });
    await showAs('adviser', '/meetings/day?date=2026-12-01');
    await until(() => $$('[data-testid="slot"]').length === 2, 'two slots');
    // An adviser sees their own office hours unless asked for all.
    expect(called('GET', '/api/v1/bookings')[0]!.query.get('mine')).toBe('true');
    expect($<HTMLInputElement>('#d-mine')!.checked).toBe(true);
    const [first, second] = $$('[data-testid="slot"]');
    expect(first!.querySelectorAll('[data-testid="booking"]')).toHaveLength(2);
    expect(first!.textContent).toMatch(/10:00\sAM–10:20\sAM/u);
    expect(second!.querySelectorAll('[data-testid="booking"]')).toHaveLength(1);
    const b1 = $('[data-testid="booking"][data-id="b1"]')!;
    expect(b1.querySelector('[data-testid="mode"]')!.textContent).toBe('By phone');
    expect(b1.querySelector('[data-testid="topic"]')!.textContent).toBe('CV');
    expect(b1.querySelector('[data-testid="note"]')!.textContent).toBe('Please read my CV first.');
    // No phone number in a booking: the mode says how.
    expect(b1.querySelector('a[href^="tel:"]')).toBeNull();
    expect(text('[data-testid="day-name"]')).toContain('December 1');

    await click(b1.querySelector('[data-testid="mark-attended"]'));
    await until(() => $('[data-testid="booking"][data-id="b1"][data-attendance="attended"]'), 'attended');
    expect(called('PATCH', '/api/v1/bookings/b1')[0]!.body).toEqual({ attendance: 'attended', version: 1 });
    expect($('[data-testid="booking"][data-id="b1"] [data-testid="mark-attended"]')!.getAttribute('aria-pressed')).toBe('true');
    // A stale booking: told, and the day is loaded again.
    const gets = called('GET', '/api/v1/bookings').length;
    await click($('[data-testid="booking"][data-id="b2"] [data-testid="mark-no_show"]'));
    await until(() => $('[data-testid="booking"][data-id="b2"] [data-testid="booking-error"]'), 'the conflict');
    expect(text('[data-testid="booking-error"]')).toBe(en.adviser_day.changed);
    await until(() => called('GET', '/api/v1/bookings').length > gets, 'loaded again');

    await click($('[data-testid="next-day"]'));
    await until(() => location.search === '?date=2026-12-02', 'the next day');
    await until(() => $('[data-testid="day-empty"]'), 'none that day');
    expect(text('[data-testid="day-empty"]')).toBe(en.adviser_day.none_mine);
    await check('#d-mine', false);
    await until(() => location.search === '?date=2026-12-02&mine=0', 'everyone’s');
    await until(() => called('GET', '/api/v1/bookings').some((c) => c.query.get('date') === '2026-12-02' && c.query.get('mine') === null), 'all asked');
  });
});
