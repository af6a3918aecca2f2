import type { AttendanceRecord, AttendanceRow } from '@circle/shared';
import type { Person, SessionState } from './state.js';
import { mergeSpans, totalMinutes } from './timeline.js';
import { roster } from './people.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const ROLE_LABEL = { facilitator: 'Facilitator', cotherapist: 'Co-therapist', member: 'Member', observer: 'Observer' } as const;

function row(state: SessionState, person: Person, until: number): AttendanceRow {
  // Time in the waiting room before being let in is not time in the group.
  const admitted = person.admittedAt ?? until;
  const timeline = mergeSpans(person.presence.map((s) => ({ ...s, from: Math.max(s.from, admitted) })), until);
  const first = timeline[0];
  const last = timeline[timeline.length - 1];
  const stillHere = person.presence.some((s) => s.to === null) && state.endedAt === null;
  return {
    name: person.name,
    role: ROLE_LABEL[person.role],
    attended: person.attendance === 'inRoom' ? 'in the room' : 'online',
    firstJoin: iso(first?.from ?? null),
    lastLeave: stillHere ? null : iso(last?.to ?? null),
    minutesPresent: totalMinutes(timeline),
    agreedToGroupAgreement: person.agreedAt !== null,
    agreedAt: iso(person.agreedAt),
    checkIn: state.feelings.checkIn[person.id] ?? null,
    checkOut: state.feelings.checkOut[person.id] ?? null,
    turnsTaken: state.shareCounts[person.id]?.turns ?? 0,
  };
}

/**
 * The attendance record a clinician files for a group psychotherapy session (CPT 90853):
 * the session's start, end and duration, and for each person who was let in, how they
 * attended and for how long, with their devices and reconnects merged into one timeline.
 * People who only ever waited are not attendees and are left out.
 */
export function attendanceRecord(state: SessionState, now: number): AttendanceRecord {
  const until = state.endedAt ?? now;
  const start = state.startedAt;
  return {
    sessionId: state.id,
    title: state.title,
    plannedMinutes: state.plannedMinutes,
    start: iso(start),
    end: iso(state.endedAt),
    durationMinutes: start === null || state.endedAt === null ? null : Math.round((state.endedAt - start) / 60_000),
    people: roster(state)
      .filter((p) => p.admittedAt !== null)
      .map((p) => row(state, p, until)),
  };
}
