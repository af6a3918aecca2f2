import type { CommandPayload, CreatedSession } from '@circle/shared';
import type { CircleDeps } from '../../../src/app.js';
import { Harness, send, type ClientSocket } from '../../support/harness.js';

export type Joined = { socket: ClientSocket; id: string; personToken: string; device: string };

/** Limits far above anything these tests send, for tests that flood on purpose and are not about limits. */
export const UNLIMITED: Pick<CircleDeps, 'commandRates' | 'httpRates'> = {
  commandRates: { connection: { perSecond: 1e6, burst: 1e6 }, session: { perSecond: 1e6, burst: 1e6 } },
  httpRates: {
    createSession: { windowMs: 60_000, limit: 1e6 },
    inspectLink: { windowMs: 60_000, limit: 1e6 },
    api: { windowMs: 60_000, limit: 1e6 },
  },
};

/** Opens a link on a device and joins with a name; throws when the join is refused. */
export async function join(harness: Harness, link: string, device: string, name: string, extra: Partial<CommandPayload<'session:join'>> = {}): Promise<Joined> {
  const { socket, ack } = await harness.join(link, device, name, extra);
  return { socket, id: ack.self.personId, personToken: ack.personToken, device };
}

/**
 * A group as it is a few minutes in: Dr Rivera (facilitator) and Kim (co-therapist); Alice
 * and Bob, members, and Oscar, an observer, all admitted; Wendy, a member still waiting; and
 * Nadia, who opened the member link but has not joined.
 */
export type Scene = {
  session: CreatedSession;
  rivera: Joined;
  kim: Joined;
  alice: Joined;
  bob: Joined;
  oscar: Joined;
  wendy: Joined;
  nadia: ClientSocket;
};

let scenes = 0;

export async function groupScene(harness: Harness, title = 'Tuesday DBT skills'): Promise<Scene> {
  const n = ++scenes;
  const session = await harness.createSession({ title });
  const { links } = session;
  const [rivera, kim] = await Promise.all([
    join(harness, links.facilitator, `rivera-${n}`, 'Dr Rivera'),
    join(harness, links.cotherapist, `kim-${n}`, 'Kim'),
  ]);
  const [alice, bob, oscar] = await Promise.all([
    join(harness, links.member, `alice-${n}`, 'Alice'),
    join(harness, links.member, `bob-${n}`, 'Bob'),
    join(harness, links.observer, `oscar-${n}`, 'Oscar'),
  ]);
  const admitted = await send(rivera.socket, 'person:admitAll', {});
  if (!admitted.ok || admitted.admitted !== 3) throw new Error('the scene could not admit its members');
  const wendy = await join(harness, links.member, `wendy-${n}`, 'Wendy');
  const nadia = await harness.connect(links.member, `nadia-${n}`);
  return { session, rivera, kim, alice, bob, oscar, wendy, nadia };
}

/** Zoe, an admitted member of another session, with that session's facilitator. */
export async function otherSession(harness: Harness): Promise<{ session: CreatedSession; zoe: Joined; lee: Joined }> {
  const n = ++scenes;
  const session = await harness.createSession({ title: 'Thursday group' });
  const lee = await join(harness, session.links.facilitator, `lee-${n}`, 'Dr Lee');
  const zoe = await join(harness, session.links.member, `zoe-${n}`, 'Zoe');
  const admitted = await send(lee.socket, 'person:admit', { personId: zoe.id });
  if (!admitted.ok) throw new Error('the other session could not admit Zoe');
  return { session, zoe, lee };
}
