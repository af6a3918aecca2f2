import { randomBytes } from 'node:crypto';
import { ErrorCode, isStaff, type AttendanceRecord, type CommandError, type LinkInfo, type Role } from '@circle/shared';
import { decide } from '../domain/decide.js';
import { attendanceRecord } from '../domain/attendance.js';
import { createSession, type NewSession } from '../domain/create.js';
import type { Actor, Context, DomainCommand } from '../domain/commands.js';
import type { Effect } from '../domain/effects.js';
import type { SessionState } from '../domain/state.js';
import { StoreUnavailableError, type SessionStore } from '../ports/session-store.js';
import { joinUrl, type LinkClaims, type LinkSigner } from '../links.js';

const HOUR = 60 * 60 * 1000;

export type Clock = { now: () => number };
export type IdSource = () => string;

/** A media encryption key: 32 random bytes, base64 (what livekit-client's ExternalE2EEKeyProvider takes). */
export const randomMediaKey = () => randomBytes(32).toString('base64');

export type Links = Record<Role, string>;

export type Executed =
  | { ok: true; before: SessionState; state: SessionState; changed: boolean; effects: Effect[]; reply: Record<string, unknown> }
  | { ok: false; error: CommandError };

export type LinkRefusal = { code: 'invalid_link' | 'expired_link' | 'removed' | 'session_ended' | 'session_locked'; message: string };

const REFUSALS = {
  invalid: { code: 'invalid_link', message: 'This link is not valid. Ask your facilitator for a new one.' },
  expired: { code: 'expired_link', message: 'This link has expired. Ask your facilitator for a new one.' },
  removed: { code: 'removed', message: 'You were removed from this session.' },
  ended: { code: 'session_ended', message: 'This session has ended.' },
  locked: { code: 'session_locked', message: 'The facilitator has locked this session. Please contact them if you should be in it.' },
} as const satisfies Record<string, LinkRefusal>;

/**
 * The use cases behind the HTTP routes and the socket gateway: it reads and writes sessions
 * through the store, decides with the pure model, and signs links. It performs no effects.
 */
export class SessionService {
  constructor(
    private readonly store: SessionStore,
    private readonly signer: LinkSigner,
    private readonly publicUrl: string,
    private readonly clock: Clock,
    private readonly newId: IdSource,
    private readonly newKey: IdSource = randomMediaKey,
    /** Server-wide defaults (retention, closing text) that a session's own settings override. */
    private readonly defaults: Pick<NewSession, 'retention' | 'closing' | 'linkGraceMs'> = {},
  ) {}

  private context(): Context {
    return { now: this.clock.now(), newId: this.newId, newKey: this.newKey };
  }

  async create(input: NewSession): Promise<{ state: SessionState; links: Links }> {
    const state = createSession({ ...this.defaults, ...withoutUndefined(input) }, this.context());
    await this.store.create(state);
    const link = (role: Role, pid?: string) => joinUrl(this.publicUrl, this.signer.sign(this.claims(state, role, pid)));
    return {
      state,
      links: {
        facilitator: link('facilitator', state.staff.facilitator),
        cotherapist: link('cotherapist', state.staff.cotherapist),
        member: link('member'),
        observer: link('observer'),
      },
    };
  }

  /** Claims for a link of this session; links last until the planned end plus twelve hours. */
  claims(state: SessionState, role: Role, pid?: string): LinkClaims {
    const exp = state.createdAt + state.plannedMinutes * 60_000 + (state.linkGraceMs ?? 12 * HOUR);
    return { sid: state.id, role, gen: state.linkGeneration[role], exp, ...(pid ? { pid } : {}) };
  }

  /** The current link for a role (its generation as the state has it now). */
  roleLink(state: SessionState, role: 'member' | 'observer'): string {
    return joinUrl(this.publicUrl, this.signer.sign(this.claims(state, role)));
  }

  personToken(state: SessionState, personId: string): string {
    const person = state.people[personId];
    if (!person) throw new Error('personToken for an unknown person');
    return this.signer.sign(this.claims(state, person.role, personId));
  }

  /** Checks a link against its signature, its expiry and the session as it is now. */
  async authenticate(token: string): Promise<{ ok: true; claims: LinkClaims; state: SessionState } | { ok: false; refusal: LinkRefusal }> {
    const checked = this.signer.verify(token);
    if (!checked.ok) return { ok: false, refusal: REFUSALS[checked.reason] };
    const { claims } = checked;
    const state = await this.store.load(claims.sid);
    if (!state || !generationHolds(state, claims)) return { ok: false, refusal: REFUSALS.invalid };
    if (state.status === 'ended') return { ok: false, refusal: REFUSALS.ended };
    // A role link brings a new person; personal and staff links (with a pid) still get their people back in.
    if (state.locked && !claims.pid) return { ok: false, refusal: REFUSALS.locked };
    const person = claims.pid ? state.people[claims.pid] : undefined;
    if (person?.status === 'removed') return { ok: false, refusal: REFUSALS.removed };
    return { ok: true, claims, state };
  }

  async inspect(token: string): Promise<{ ok: true; info: LinkInfo } | { ok: false; refusal: LinkRefusal }> {
    const auth = await this.authenticate(token);
    if (!auth.ok) return auth;
    const { state, claims } = auth;
    const person = claims.pid ? state.people[claims.pid] : undefined;
    return {
      ok: true,
      info: { sessionId: state.id, title: state.title, role: claims.role, agreement: state.agreement, personName: person?.name ?? null },
    };
  }

  /** The attendance record as it stands now (final once the session has ended). */
  async attendance(sessionId: string): Promise<AttendanceRecord | null> {
    const state = await this.store.load(sessionId);
    return state ? attendanceRecord(state, this.clock.now()) : null;
  }

  attendanceOf(state: SessionState): AttendanceRecord {
    return attendanceRecord(state, this.clock.now());
  }

  load(sessionId: string): Promise<SessionState | null> {
    return this.store.load(sessionId);
  }

  /** Decides one command against the freshest state and stores the outcome atomically. */
  async execute(sessionId: string, command: DomainCommand, actor: Actor | 'system'): Promise<Executed> {
    try {
      const outcome = await this.store.update(sessionId, (state) => {
        const decision = decide(state, command, actor, this.context());
        return { state: decision.ok ? decision.state : state, result: { decision, before: state } };
      });
      if (!outcome.found) return { ok: false, error: { code: ErrorCode.notFound, message: 'This session no longer exists' } };
      const { decision, before } = outcome.result;
      if (!decision.ok) return decision;
      return { ok: true, before, state: outcome.state, changed: outcome.changed, effects: decision.effects, reply: decision.reply };
    } catch (error) {
      if (error instanceof StoreUnavailableError) {
        return { ok: false, error: { code: ErrorCode.unavailable, message: 'Circle is temporarily unavailable; please try again in a moment' } };
      }
      throw error;
    }
  }
}

/**
 * Role links and staff links are revoked by bumping their role's generation. A member's or
 * observer's personal link is not: reissuing the role link must not shut out people already
 * in; such a link is revoked by removing its person instead.
 */
function generationHolds(state: SessionState, claims: LinkClaims): boolean {
  if (claims.pid && !isStaff(claims.role)) return true;
  return state.linkGeneration[claims.role] === claims.gen;
}

function withoutUndefined<T extends object>(input: T): T {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as T;
}
