import type { Context } from './commands.js';
import type { SessionState } from './state.js';
import { DEFAULT_AGENDA, DEFAULT_CLOSING } from '@circle/shared';
import { DEFAULT_RETENTION, retentionDeadline } from './retention.js';

export const DEFAULT_AGREEMENT = [
  'What is said here stays here: I will not share who was in the group or what they said.',
  'I will join from a private place where no one else can see or hear the group.',
  'I will not record, photograph or screenshot the session.',
  'I will listen without interrupting, and speak for myself.',
  'I can pass whenever I do not want to share.',
].join('\n');

export type NewSession = {
  title: string;
  plannedMinutes: number;
  capacity: number;
  agreement?: string;
  e2ee?: boolean;
  closing?: string;
  retention?: { afterEndMs: number; afterActivityMs: number };
  /** How long links stay valid after the planned end; 12 hours unless configured. */
  linkGraceMs?: number;
};

export function createSession(input: NewSession, ctx: Context): SessionState {
  const id = ctx.newId();
  const state: SessionState = {
    id,
    version: 1,
    title: input.title,
    agreement: input.agreement ?? DEFAULT_AGREEMENT,
    plannedMinutes: input.plannedMinutes,
    capacity: input.capacity,
    createdAt: ctx.now,
    lastActivityAt: ctx.now,
    endedAt: null,
    status: 'open',
    retainUntil: 0,
    mediaRoom: `circle-${id}`,
    linkGraceMs: input.linkGraceMs ?? 12 * 60 * 60 * 1000,
    linkGeneration: { facilitator: 0, cotherapist: 0, member: 0, observer: 0 },
    locked: false,
    mediaKey: input.e2ee === false ? null : { key: ctx.newKey(), index: 0 },
    staff: { facilitator: ctx.newId(), cotherapist: ctx.newId() },
    people: {},
    turns: { queue: [], queueVersion: 0, current: null, turnSeconds: null, autoEnd: false, goRound: null, talkingPiece: false },
    shareCounts: {},
    startedAt: null,
    retention: input.retention ?? DEFAULT_RETENTION,
    agenda: { phases: [...DEFAULT_AGENDA], current: 0 },
    feelings: { open: null, checkIn: {}, checkOut: {} },
    notes: [],
    closing: input.closing ?? DEFAULT_CLOSING,
    breakouts: null,
    breakoutRounds: 0,
    reflections: [],
    support: { signals: {}, rooms: {} },
    order: [],
  };
  return { ...state, retainUntil: retentionDeadline(state) };
}
