import { z } from 'zod';
import type { EventName, EventPayload, ViewPatch } from '@circle/shared';
import { alikeForStaffAndMembers, audienceOf, fieldsTouched, selfView, selfViewChanged, viewFor, type Audience } from '../domain/project.js';
import type { Person, SessionState } from '../domain/state.js';
import { storedChange, StoredChangeSchema, type StoredChange } from '../ports/session-store.js';
import type { Effect } from '../domain/effects.js';
import type { MediaControl } from '../ports/media-control.js';
import { mediaIdentity } from '../domain/people.js';
import { mediaGrant, mediaPermission } from '../media/grants.js';
import { mediaRoomOf } from '../domain/media-rooms.js';
import { audienceRoom, deviceRoom, personRoom } from './rooms.js';
import { EmissionSchema, type CircleServer, type Emission, type Logger } from './types.js';
import { retry } from './retry.js';
import { connectionPatch } from './view-patch.js';
import { servedElsewhere } from '../scale/served-elsewhere.js';

const AUDIENCES: Audience[] = ['staff', 'participant', 'waiting'];
/** The change another process stored, or null when it stored nothing (e.g. a soft mute). */
const PEER_CHANGE = StoredChangeSchema.nullable();

/** Other processes serving the same sessions, as the publisher needs them. */
type Cluster = {
  heard: (change: StoredChange) => void;
  /** This process, as devices record it. */
  server: string;
};

/**
 * After a change is stored: tells every audience what it may now see, moves people between
 * audience rooms when their standing changed, then performs the model's effects.
 */
export class Publisher {
  /** Told of every stored change, for work that follows from the state (e.g. a turn's timer). */
  onChange: (state: SessionState) => void = () => {};

  constructor(
    private readonly io: CircleServer,
    private readonly media: MediaControl,
    private readonly log: Logger,
    /**
     * Other processes may serve the same sessions through the Redis adapter: told what they
     * stored, and what this process delivered, whenever they may hold connections of the session.
     */
    private readonly cluster: Cluster | null = null,
  ) {
    if (cluster) {
      // Socket.IO's typed listener would take the arguments on trust; they are checked instead.
      (io.on as (event: 'circle:emit', listener: (...args: unknown[]) => void) => void)('circle:emit', (...args) => this.heardFromPeer(args, cluster));
    }
  }

  /**
   * Another process's views and change, each part checked on its own: a process of another
   * version may send one this process cannot use, or more than it knows of, and the rest still
   * serves. What cannot be used is logged and left aside, never thrown (the listener runs inside
   * the Redis client's reading of its socket). Clients who miss a view catch up by version at the
   * next one, and a change not taken is learnt from the check-and-set.
   */
  private heardFromPeer([emissions, change]: unknown[], cluster: Cluster): void {
    const stored = PEER_CHANGE.safeParse(change ?? null);
    if (!stored.success) this.leftAside('change', stored.error);
    else if (stored.data) {
      try {
        cluster.heard(stored.data);
      } catch (error) {
        this.leftAside('change', error);
      }
    }
    if (!Array.isArray(emissions)) return this.leftAside('emissions', new TypeError('not a list'));
    for (const each of emissions) {
      const emission = EmissionSchema.safeParse(each);
      if (emission.success) this.emitLocally(emission.data);
      else this.leftAside('emission', emission.error);
    }
  }

  /** Says where a message from another process was wrong (the part, and the paths zod names or the error's kind), never what it held. */
  private leftAside(part: 'change' | 'emissions' | 'emission', error: unknown): void {
    const why = error instanceof z.ZodError ? { paths: error.issues.map((issue) => issue.path.join('.')) } : { err: error instanceof Error ? error.name : 'unknown' };
    this.log.warn({ part, ...why }, 'message from another server process left aside');
  }

  /**
   * Delivers to this process's sockets at once, and tells the other processes in one message:
   * the views, and the change itself, which spares their next update of the session a lost
   * check-and-set. Not `io.to(room).emit`: the Redis adapter holds each such broadcast back from
   * this process's own sockets until Redis has confirmed it, a round trip added to every view.
   */
  private deliver(emissions: Emission[], change: StoredChange | null, othersToo: boolean): void {
    for (const emission of emissions) this.emitLocally(emission);
    if (othersToo && (emissions.length > 0 || change)) this.io.serverSideEmit('circle:emit', emissions, change);
  }

  private emitLocally({ room, except, event, payload }: Emission): void {
    // Socket.IO encodes a broadcast before it looks for the sockets: skipped when this process holds
    // none in the room (or rooms), as for every view of a session whose people are all on another process.
    const rooms = this.io.of('/').adapter.rooms;
    const held = typeof room === 'string' ? room : room.filter((r) => rooms.has(r));
    if (typeof held === 'string' ? !rooms.has(held) : held.length === 0) return;
    const target = except && except.length > 0 ? this.io.local.to(held).except(except) : this.io.local.to(held);
    // Socket.IO's typed emit cannot narrow a generic event name; every Emission is built from a typed payload.
    (target.emit as (e: string, p: unknown) => boolean)(event, payload);
  }

  async publish(before: SessionState, state: SessionState, effects: Effect[]): Promise<void> {
    const othersToo = this.othersServe(before, state);
    if (before !== state) {
      this.onChange(state);
      const emissions: Emission[] = [];
      const moved = await this.moveAudiences(before, state, emissions);
      this.emitViews(before, state, moved, emissions);
      // Serialized only when other processes are there to be told.
      this.deliver(emissions, othersToo ? storedChange(before, state) : null, othersToo);
    }
    // Connections close last, and only once this command's ack has gone out (the gateway acks
    // right after publishing): the sender may be among them, e.g. the facilitator ending the session.
    const closing = effects.filter((e) => e.kind === 'disconnect');
    for (const effect of effects) if (effect.kind !== 'disconnect') await this.perform(state, effect, before, othersToo);
    if (before.mediaKey && state.mediaKey && before.mediaKey.index !== state.mediaKey.index) this.sendRotatedKey(state, othersToo);
    if (closing.length > 0) setImmediate(() => closing.forEach((effect) => void this.perform(state, effect, state, othersToo)));
  }

  /**
   * Whether other processes are to hear of this change and what follows from it: only while one
   * of them may hold a connection of the session (see scale/served-elsewhere.ts). Before as well
   * as after, since a change may disconnect the devices still to hear of it (the session's end).
   */
  private othersServe(before: SessionState, state: SessionState): boolean {
    const { cluster } = this;
    return cluster !== null && (servedElsewhere(before, cluster.server) || servedElsewhere(state, cluster.server));
  }

  /**
   * Each connection holds its audience's view of `before`; it is sent what changed since. People
   * who changed audience (let in, sent out) held another audience's view, so they get theirs whole.
   */
  private emitViews(before: SessionState, state: SessionState, moved: Person[], emissions: Emission[]): void {
    const except = moved.map((person) => personRoom(state.id, person.id));
    const send = (room: Emission['room'], patch: ViewPatch) => emissions.push(emission(room, 'session:patched', { patch }, except));
    const touched = fieldsTouched(before, state);
    const patch = (audience: Audience, viewerBefore: string | null, viewer: string | null) =>
      connectionPatch(before, state, touched, audience, viewerBefore, viewer);
    const staff = audienceRoom(state.id, 'staff');
    const members = audienceRoom(state.id, 'participant');
    if (personal(state) || personal(before)) {
      send(staff, patch('staff', null, null));
      // While breakouts or support rooms run, each member sees their own room, partners or supporter.
      const viewerIn = (s: SessionState, id: string) => (personal(s) ? id : null);
      for (const person of Object.values(state.people)) {
        if (audienceOf(person) !== 'participant' || moved.includes(person)) continue;
        send(personRoom(state.id, person.id), patch('participant', viewerIn(before, person.id), viewerIn(state, person.id)));
      }
    } else if (touched.every(alikeForStaffAndMembers)) {
      // A raised or lowered hand touches only such fields: one patch, encoded once, for both audiences.
      send([staff, members], patch('staff', null, null));
    } else {
      send(staff, patch('staff', null, null));
      send(members, patch('participant', null, null));
    }
    for (const person of moved) {
      const audience = audienceOf(person);
      if (person.status === 'removed' || audience === 'waiting') continue;
      emissions.push(emission(personRoom(state.id, person.id), 'session:changed', { view: viewFor(state, audience, person.id) }));
    }
  }

  /**
   * The media key was replaced because someone was sent out: the new one goes to each connected
   * device of the people still admitted, addressed by device (from the state, not by audience
   * room membership, which another process may not have updated yet).
   */
  private sendRotatedKey(state: SessionState, othersToo: boolean): void {
    for (const person of Object.values(state.people)) {
      if (person.status !== 'admitted') continue;
      for (const device of Object.values(person.devices)) if (device.connected) this.sendKey(state, person.id, device.id, othersToo);
    }
  }

  private sendKey(state: SessionState, personId: string, deviceId: string, othersToo: boolean): void {
    if (!state.mediaKey) return;
    this.emitTo(deviceRoom(state.id, personId, deviceId), 'media:key', { key: state.mediaKey.key, index: state.mediaKey.index }, othersToo);
  }

  /** Moves people whose standing changed between audience rooms, tells anyone whose own view changed; returns who moved. */
  private async moveAudiences(before: SessionState, state: SessionState, emissions: Emission[]): Promise<Person[]> {
    const movers: Person[] = [];
    for (const person of Object.values(state.people)) {
      const was = before.people[person.id];
      const moved = !was || was.status !== person.status;
      // Anything in a person's own view (standing, microphone, their answers, their support signal) is sent when it changes.
      if (was && !moved && !selfViewChanged(before, was, state, person)) continue;
      if (moved) {
        movers.push(person);
        const room = personRoom(state.id, person.id);
        const target = audienceOf(person);
        await this.moveRooms(
          room,
          AUDIENCES.filter((a) => a !== target).map((a) => audienceRoom(state.id, a)),
          person.status !== 'removed' ? audienceRoom(state.id, target) : null,
        );
      }
      for (const device of Object.values(person.devices)) {
        emissions.push(emission(deviceRoom(state.id, person.id, device.id), 'self:changed', { self: selfView(state, person, device.id) }));
      }
    }
    return movers;
  }

  /**
   * Moves a person's sockets between audience rooms on every process, and waits until this
   * process has applied it: the Redis adapter applies a move locally only once Redis took it,
   * and a later move from another process must not overtake it (a member admitted on one
   * process right after joining on another would otherwise stay in the waiting audience).
   */
  private async moveRooms(personRoomName: string, leave: string[], join: string | null): Promise<void> {
    const adapter = this.io.of('/').adapter;
    const opts = { rooms: new Set([personRoomName]), except: new Set<string>(), flags: {} };
    await adapter.delSockets(opts, leave);
    if (join) await adapter.addSockets(opts, [join]);
  }

  /** A token for the device's current media room, after the key it needs to decrypt; false for an unknown device. */
  private async sendGrant(state: SessionState, person: Person, deviceId: string, othersToo: boolean): Promise<boolean> {
    const device = person.devices[deviceId];
    if (!device) return false;
    const grant = await mediaGrant(this.media, state, person, device);
    // The key first: the client sets it before it connects with the token.
    this.sendKey(state, person.id, deviceId, othersToo);
    this.emitTo(deviceRoom(state.id, person.id, deviceId), 'media:granted', { grant }, othersToo);
    return true;
  }

  /** A media call that failed after its retries is told to staff, never silently lost. */
  private reportFailure(state: SessionState, kind: Effect['kind'], error: unknown, othersToo: boolean): void {
    this.log.warn({ sessionId: state.id, effect: kind, err: String(error) }, 'media effect failed');
    this.emitTo(audienceRoom(state.id, 'staff'), 'notice:shown', {
      kind: 'mediaActionFailed',
      message: 'The video service did not confirm a microphone or room change. Circle will keep the session state; please check the member’s microphone.',
    }, othersToo);
  }

  private emitTo<K extends EventName>(room: string, event: K, payload: EventPayload<K>, othersToo: boolean): void {
    this.deliver([emission(room, event, payload)], null, othersToo);
  }

  private async perform(state: SessionState, effect: Effect, before: SessionState, othersToo: boolean): Promise<void> {
    if (effect.kind === 'closeMedia') {
      for (const room of effect.rooms) {
        await retry(() => this.media.deleteRoom(room)).catch((error: unknown) => this.reportFailure(state, effect.kind, error, othersToo));
      }
      return;
    }
    const person = state.people[effect.personId];
    if (!person) return;
    switch (effect.kind) {
      case 'grantMedia':
        for (const deviceId of effect.deviceIds) await this.sendGrant(state, person, deviceId, othersToo);
        return;
      case 'moveMedia':
        for (const deviceId of effect.deviceIds) {
          // The new room's token first, so the client can switch; then out of the old room at the
          // server, so nobody is left in two rooms even if a client misbehaves.
          if (!(await this.sendGrant(state, person, deviceId, othersToo))) continue;
          await retry(() => this.media.removeParticipant(effect.from, mediaIdentity(person.id, deviceId))).catch((error: unknown) =>
            this.reportFailure(state, effect.kind, error, othersToo),
          );
        }
        return;
      case 'revokeMedia':
        for (const deviceId of effect.deviceIds) {
          this.emitTo(deviceRoom(state.id, person.id, deviceId), 'media:revoked', { reason: effect.reason }, othersToo);
          const identity = mediaIdentity(person.id, deviceId);
          const was = before.people[person.id];
          const room = was ? mediaRoomOf(before, was) : state.mediaRoom;
          // The client leaves by itself; removing it at LiveKit too means a modified client cannot stay.
          await retry(() => this.media.removeParticipant(room, identity)).catch((error: unknown) =>
            this.reportFailure(state, effect.kind, error, othersToo),
          );
        }
        return;
      case 'disconnect':
        this.io.in(personRoom(state.id, person.id)).disconnectSockets(true);
        return;
      case 'grantMic':
      case 'revokeMic':
        for (const deviceId of effect.deviceIds) {
          const device = person.devices[deviceId];
          if (!device) continue;
          // LiveKit replaces every flag, so the whole permission is sent, computed from the state as tokens are.
          const permission = mediaPermission(state, person, device);
          await retry(() => this.media.updatePermission(mediaRoomOf(state, person), mediaIdentity(person.id, deviceId), permission)).catch(
            (error: unknown) => this.reportFailure(state, effect.kind, error, othersToo),
          );
        }
        return;
      case 'softMute':
        for (const deviceId of effect.deviceIds) {
          await retry(() => this.media.muteMicrophone(mediaRoomOf(state, person), mediaIdentity(person.id, deviceId))).catch((error: unknown) =>
            this.reportFailure(state, effect.kind, error, othersToo),
          );
        }
        this.emitTo(personRoom(state.id, person.id), 'notice:shown', { kind: 'mutedByStaff', message: 'The facilitator muted you' }, othersToo);
        return;
      default:
        return effect satisfies never;
    }
  }
}

/** While breakouts or support rooms run, each member's view is their own. */
export function personal(state: SessionState): boolean {
  return state.breakouts !== null || Object.keys(state.support.rooms).length > 0;
}

/** An emission whose payload is checked against its event's schema type. */
function emission<K extends EventName>(room: Emission['room'], event: K, payload: EventPayload<K>, except?: string[]): Emission {
  return except && except.length > 0 ? { room, except, event, payload } : { room, event, payload };
}
