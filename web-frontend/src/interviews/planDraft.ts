// An interview's plan as its form holds it (PlanDraft): made from an interview or empty, checked
// as the server would, sent as a new interview or a merge patch, and where a server's field error shows.
import { fieldErrorKey } from '../api/errors';
import type { Lang, t as translate } from '../i18n';
import { displayName, participantRef } from '../participants/common';
import type { ParticipantView } from '../participants/model';
import {
  fromUtc,
  questionLanguageFor,
  toUtc,
  type AttendeeInput,
  type CreateInterviewRequest,
  type Interview,
  type InterviewChannel,
  type InterviewKind,
  type UpdateInterviewRequest,
} from './model';

export const CHANNELS: readonly InterviewChannel[] = ['in_person', 'phone', 'video'];
export const KINDS: readonly InterviewKind[] = ['individual', 'group'];

/** A group interview has 2 to 30 people (typically 3–5). */
const MAX_PEOPLE = 30;

export interface Person {
  id: string;
  name: string;
  /** The language the questions are shown in beside the interviewer's ('' for none). */
  language: string;
  attended: boolean;
  /** From the profile, when the role sees consents (null when not known). */
  profileConsent: boolean | null;
  recordingConsent: boolean | null;
}

export interface PlanDraft {
  template_id: string;
  kind: InterviewKind;
  day: string;
  time: string;
  duration: string;
  channel: InterviewChannel;
  location: string;
  language: string;
  interpreter_language: string;
  interpreter_name: string;
  recorded: boolean;
  notes: string;
  people: Person[];
  interviewers: string[];
}

/** The form's field (an element id) for an error of the server's request field. */
export function planFieldId(field: string): string | null {
  const row = /^participants\[(\d+)\]\.(participant_id|language)$/.exec(field);
  if (row) return row[2] === 'language' ? `iv-person-${row[1]}-language` : `iv-person-${row[1]}`;
  if (/^interviewer_ids(\[\d+\])?$/.test(field)) return 'iv-interviewers';
  const ids: Record<string, string> = {
    template_id: 'iv-template',
    kind: 'iv-kind',
    scheduled_at: 'iv-day',
    day: 'iv-day',
    time: 'iv-time',
    duration_minutes: 'iv-duration',
    channel: 'iv-channel',
    location: 'iv-location',
    language: 'iv-language',
    interpreter_language: 'iv-interpreter-language',
    interpreter_name: 'iv-interpreter-name',
    recorded: 'iv-recorded',
    notes: 'iv-notes',
    participants: 'iv-search',
  };
  return ids[field] ?? null;
}

/** The checks the server makes that the form can make before sending (field → message key). */
export function validatePlan(d: PlanDraft, editing: boolean): Record<string, PlanMessage> {
  const e: Record<string, PlanMessage> = {};
  if (!editing && !d.template_id) e['iv-template'] = 'interviews.plan_error.template';
  if (!d.day) e['iv-day'] = 'field_error.required';
  if (!d.time) e['iv-time'] = 'field_error.required';
  if (d.day && d.time && !toUtc(d.day, d.time)) e['iv-day'] = 'field_error.invalid';
  if (d.duration.trim()) {
    const n = Number(d.duration.trim());
    if (!Number.isInteger(n) || n < 5 || n > 600) e['iv-duration'] = 'interviews.plan_error.duration';
  }
  if (!d.language) e['iv-language'] = 'field_error.required';
  if (d.people.length === 0) e['iv-search'] = 'interviews.plan_error.participants_required';
  else if (d.kind === 'individual' && d.people.length > 1) e['iv-search'] = 'interviews.plan_error.individual_one';
  else if (d.kind === 'group' && d.people.length < 2) e['iv-search'] = 'interviews.plan_error.group_two';
  else if (d.people.length > MAX_PEOPLE) e['iv-search'] = 'interviews.plan_error.too_many';
  return e;
}

export type PlanMessage =
  | `field_error.${'required' | 'invalid'}`
  | `interviews.plan_error.${'template' | 'duration' | 'participants_required' | 'individual_one' | 'group_two' | 'too_many' | 'archived' | 'unknown_person' | 'interviewer_role' | 'participants_count'}`;

/** The message for a field error of the server, in words that fit the plan. */
export function serverMessage(field: string, code: string): string {
  if (field === 'participants' && code === 'length') return 'interviews.plan_error.participants_count';
  if (field === 'participants' && code === 'required') return 'interviews.plan_error.participants_required';
  if (/participant_id$/.test(field) && code === 'archived') return 'interviews.plan_error.archived';
  if (/participant_id$/.test(field) && code === 'unknown') return 'interviews.plan_error.unknown_person';
  if (/^interviewer_ids/.test(field) && code === 'role') return 'interviews.plan_error.interviewer_role';
  if (field === 'duration_minutes' && code === 'range') return 'interviews.plan_error.duration';
  return fieldErrorKey(code);
}

/** The request body for a new interview. */
export function createBody(d: PlanDraft, withInterviewers: boolean): CreateInterviewRequest {
  const text = (v: string) => (v.trim() ? v.trim() : null);
  return {
    template_id: d.template_id,
    kind: d.kind,
    scheduled_at: toUtc(d.day, d.time) ?? '',
    duration_minutes: d.duration.trim() ? Number(d.duration.trim()) : null,
    channel: d.channel,
    location: text(d.location),
    language: d.language,
    interpreter_language: d.interpreter_language || null,
    interpreter_name: text(d.interpreter_name),
    recorded: d.recorded,
    notes: text(d.notes),
    participants: d.people.map((p): AttendeeInput => ({ participant_id: p.id, language: p.language || null, attended: p.attended })),
    ...(withInterviewers && d.interviewers.length ? { interviewer_ids: d.interviewers } : {}),
  };
}

/** The merge patch for a changed interview (all its fields, with the version it is based on). */
export function patchBody(d: PlanDraft, version: number, withInterviewers: boolean): UpdateInterviewRequest {
  const { template_id: _t, ...fields } = createBody(d, withInterviewers);
  void _t;
  return { ...fields, version };
}

/** A participant as a row of the plan: questions in the language they read best, present to start with. */
export function personOf(p: ParticipantView, t: typeof translate): Person {
  return {
    id: participantRef(p),
    name: displayName(p, t),
    language: questionLanguageFor(p.languages) ?? '',
    attended: true,
    profileConsent: p.consents ? p.consents.includes('profile_processing') : null,
    recordingConsent: p.consents ? p.consents.includes('interview_recording') : null,
  };
}

export function draftOf(iv: Interview | null, lang: Lang, me: string | undefined): PlanDraft {
  if (!iv) {
    return {
      template_id: '',
      kind: 'individual',
      day: '',
      time: '',
      duration: '60',
      channel: 'in_person',
      location: '',
      language: lang,
      interpreter_language: '',
      interpreter_name: '',
      recorded: false,
      notes: '',
      people: [],
      interviewers: me ? [me] : [],
    };
  }
  const { day, time } = fromUtc(iv.scheduled_at);
  return {
    template_id: iv.template.id,
    kind: iv.kind,
    day,
    time,
    duration: iv.duration_minutes != null ? String(iv.duration_minutes) : '',
    channel: iv.channel,
    location: iv.location ?? '',
    language: iv.language,
    interpreter_language: iv.interpreter_language ?? '',
    interpreter_name: iv.interpreter_name ?? '',
    recorded: iv.recorded,
    notes: iv.notes ?? '',
    people: iv.participants.map((a) => ({
      id: a.participant_id,
      name: a.name ?? '',
      language: a.language ?? '',
      attended: a.attended,
      profileConsent: null,
      recordingConsent: a.recording_consent,
    })),
    interviewers: iv.interviewers.map((i) => i.user_id),
  };
}
