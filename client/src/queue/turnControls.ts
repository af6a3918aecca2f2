import { isStaff, Role, type TurnsView } from '@circle/shared';

/**
 * Which turn-taking controls a viewer gets. The server authorises every command by role; this
 * only keeps the screen to what the person can actually do.
 */

/** A member's one turn button: its name says what pressing it does. */
export const TurnButton = { raise: 'raise', lower: 'lower', pass: 'pass' } as const;
export type TurnButton = (typeof TurnButton)[keyof typeof TurnButton];

export const TURN_BUTTON_LABELS: Record<TurnButton, string> = {
  [TurnButton.raise]: 'Raise hand',
  [TurnButton.lower]: 'Lower hand',
  [TurnButton.pass]: 'Pass',
};

/**
 * Members only. Waiting in a go-round or speaking in one: Pass. Hand up: Lower hand.
 * Speaking outside a go-round: nothing (the turn is theirs). Otherwise: Raise hand — during a
 * go-round too, for afterwards.
 */
export function memberTurnButton(role: Role, turns: TurnsView, selfId: string): TurnButton | null {
  if (role !== Role.member) return null;
  // Only a go-round turn can be passed; a raised-hand turn that began before the round cannot.
  if (turns.current?.personId === selfId) return turns.goRound && turns.current.source === 'goRound' ? TurnButton.pass : null;
  const entry = turns.queue.find((e) => e.personId === selfId);
  if (!entry) return TurnButton.raise;
  return entry.source === 'goRound' && turns.goRound ? TurnButton.pass : TurnButton.lower;
}

export type StaffTurnControls = {
  /** Move up/down and Remove from queue, per waiting person. */
  manageQueue: boolean;
  nextSpeaker: boolean;
  endTurn: boolean;
  startGoRound: boolean;
  endGoRound: boolean;
  settings: boolean;
};

const NONE: StaffTurnControls = {
  manageQueue: false,
  nextSpeaker: false,
  endTurn: false,
  startGoRound: false,
  endGoRound: false,
  settings: false,
};

/** Facilitators and co-therapists, on any of their devices (a console included). */
export function staffTurnControls(role: Role, turns: TurnsView): StaffTurnControls {
  if (!isStaff(role)) return NONE;
  return {
    manageQueue: true,
    // With no one in line, Next speaker still ends a turn that is running.
    nextSpeaker: turns.queue.length > 0 || turns.current !== null,
    endTurn: turns.current !== null,
    startGoRound: turns.goRound === null,
    endGoRound: turns.goRound !== null,
    settings: true,
  };
}

/** Whether the "Time is up" word goes to this viewer: the turn's speaker and staff. */
export function seesTimeUp(role: Role, selfId: string, speakerId: string): boolean {
  return isStaff(role) || selfId === speakerId;
}
