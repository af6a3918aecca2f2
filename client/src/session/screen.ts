import { ConnectRefusal, exhaustiveSwitchError, type SelfView, type SessionView } from '@circle/shared';
import type { ConnectionState } from '../net/connection';

/** Where the person is in the life of a link, as far as this page is concerned. */
export const Phase = {
  /** Reading the link. */
  starting: 'starting',
  /** The link cannot be used. */
  invalid: 'invalid',
  /** Showing the prejoin form. */
  prejoin: 'prejoin',
  /** The prejoin form was sent. */
  joining: 'joining',
  /** Going straight back in after a reload. */
  rejoining: 'rejoining',
  /** In the session (waiting room or group). */
  joined: 'joined',
  /** Left on purpose from this device. */
  left: 'left',
} as const;
export type Phase = (typeof Phase)[keyof typeof Phase];

/** How the person's time in the session came to an end, when it did. */
export const Outcome = { removed: 'removed', ended: 'ended' } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

export const Screen = {
  loading: 'loading',
  invalid: 'invalid',
  prejoin: 'prejoin',
  rejoining: 'rejoining',
  waiting: 'waiting',
  room: 'room',
  removed: 'removed',
  ended: 'ended',
  left: 'left',
  /** This page is older than the server: it must reload. */
  reload: 'reload',
  /** The server closed the connection for a reason the person cannot fix here. */
  closed: 'closed',
} as const;
export type Screen = (typeof Screen)[keyof typeof Screen];

export type ScreenInput = {
  phase: Phase;
  outcome: Outcome | null;
  self: SelfView | null;
  view: SessionView | null;
  connection: ConnectionState | null;
};

/** Which screen to show. Endings win over everything; a refused connection over the phase. */
export function decideScreen({ phase, outcome, self, view, connection }: ScreenInput): Screen {
  const refusal = connection?.status === 'refused' ? connection.refusal : null;
  if (outcome === Outcome.removed || self?.status === 'removed' || refusal === ConnectRefusal.removed) return Screen.removed;
  if (outcome === Outcome.ended || view?.status === 'ended' || refusal === ConnectRefusal.sessionEnded) return Screen.ended;

  switch (phase) {
    case Phase.starting:
      return Screen.loading;
    case Phase.invalid:
      return Screen.invalid;
    case Phase.left:
      return Screen.left;
    case Phase.prejoin:
    case Phase.joining:
    case Phase.rejoining:
    case Phase.joined:
      break;
    default:
      return exhaustiveSwitchError(phase);
  }

  if (connection?.status === 'refused') {
    if (refusal === ConnectRefusal.protocolMismatch) return Screen.reload;
    if (refusal === ConnectRefusal.invalidLink || refusal === ConnectRefusal.expiredLink) return Screen.invalid;
    return Screen.closed;
  }

  if (phase === Phase.prejoin || phase === Phase.joining) return Screen.prejoin;
  if (phase === Phase.rejoining || self === null) return Screen.rejoining;
  switch (self.status) {
    case 'waiting':
      return Screen.waiting;
    case 'admitted':
      return Screen.room;
    default:
      return Screen.removed;
  }
}

/** Words for a refused connection, for the "link not valid" and "closed" screens. */
export function refusalMessage(refusal: ConnectRefusal | null): string {
  switch (refusal) {
    case ConnectRefusal.invalidLink:
      return 'This link is not recognised. Please check that you copied all of it, or ask the facilitator for a new one.';
    case ConnectRefusal.expiredLink:
      return 'This link has expired. Please ask the facilitator for a new one.';
    case ConnectRefusal.removed:
      return 'You have been removed from this session.';
    case ConnectRefusal.sessionEnded:
      return 'This session has ended.';
    case ConnectRefusal.sessionLocked:
      return 'The facilitator has closed this session to new arrivals for now. Please contact them, or try again later.';
    case ConnectRefusal.protocolMismatch:
      return 'Circle has been updated since this page was opened. Please reload the page.';
    case ConnectRefusal.badOrigin:
      return 'This page is not allowed to connect to Circle. Please open the link exactly as you received it.';
    case null:
      return 'Circle closed the connection. Please try again.';
    default:
      return exhaustiveSwitchError(refusal);
  }
}
