import type { Ack, CommandName, Role } from '@circle/shared';
import type { Logger } from './types.js';

/**
 * Which commands leave an audit entry: `always` (joins, leaves, admissions, removals and
 * every staff-only command), `staff` (when staff do it for someone, e.g. an in-room member's
 * hand) or `never` (reads and media renewals, which would drown the trail). Keyed by command,
 * so a new command cannot be added without deciding.
 */
const AUDITED: Record<CommandName, 'always' | 'staff' | 'never'> = {
  'session:join': 'always',
  'breakouts:start': 'always',
  'breakouts:close': 'always',
  'breakouts:extend': 'always',
  'breakouts:broadcast': 'always',
  'breakouts:move': 'always',
  'breakouts:visit': 'always',
  'breakouts:help': 'always',
  'breakouts:ackHelp': 'always',
  'reflection:save': 'never',
  'support:signal': 'always',
  'support:acknowledge': 'always',
  'support:start': 'always',
  'support:end': 'always',
  'roster:addInRoom': 'always',
  'agenda:set': 'always',
  'agenda:goTo': 'always',
  'feelings:open': 'always',
  'feelings:close': 'always',
  'feelings:answer': 'staff',
  'note:add': 'always',
  'session:end': 'always',
  'attendance:export': 'always',
  'session:leave': 'always',
  'session:sync': 'never',
  'media:renew': 'never',
  'person:admit': 'always',
  'person:admitAll': 'always',
  'person:sendToWaiting': 'always',
  'person:remove': 'always',
  'hand:raise': 'staff',
  'hand:lower': 'staff',
  'queue:move': 'always',
  'queue:remove': 'always',
  'queue:next': 'always',
  'turn:end': 'always',
  'turn:pass': 'never',
  'timer:set': 'always',
  'goRound:start': 'always',
  'goRound:end': 'always',
  'mic:mute': 'always',
  'mic:muteAll': 'always',
  'talkingPiece:set': 'always',
  'session:lock': 'always',
  'links:reissue': 'always',
};

export type AuditFacts = {
  sessionId: string;
  /** The acting person's opaque id; null for someone whose join was refused. */
  actorId: string | null;
  role: Role;
  command: CommandName;
  payload: unknown;
  ack: Ack<object>;
};

/**
 * One line per audited command: opaque ids, the command and its outcome, and nothing a person
 * typed. The target is named only when the command succeeded: a refused payload may hold any
 * string a client chose to send, a name included.
 */
export function audit(log: Logger, facts: AuditFacts): void {
  const rule = AUDITED[facts.command];
  if (rule === 'never') return;
  const staff = facts.role === 'facilitator' || facts.role === 'cotherapist';
  if (rule === 'staff' && !staff) return;
  const target = facts.ack.ok ? targetOf(facts.payload) : undefined;
  log.info(
    {
      audit: true,
      sessionId: facts.sessionId,
      actorId: facts.actorId,
      role: facts.role,
      command: facts.command,
      ...(target ? { targetId: target } : {}),
      outcome: facts.ack.ok ? 'ok' : facts.ack.error.code,
    },
    'audit',
  );
}

function targetOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('personId' in payload)) return undefined;
  return typeof payload.personId === 'string' ? payload.personId : undefined;
}
