import type { SessionView } from '@circle/shared';
import { createClient } from 'redis';
import { readHash } from '../../../src/store/session-hash.js';
import { REDIS_PREFIX } from './server-process.js';

/**
 * What must survive any fault: who is in the session and how they stand, the speaking queue
 * in order, the current speaker and talking-piece mode. (Devices' connected flags are not in
 * it: they follow the connections, which a fault does change.)
 */
export function shapeOf(view: SessionView) {
  return {
    roster: view.people.map((p) => ({ id: p.id, name: p.name, role: p.role, status: p.status })),
    waiting: view.waiting.map((p) => p.id),
    queue: view.turns.queue.map((e) => e.personId),
    speaker: view.turns.current?.personId ?? null,
    talkingPiece: view.turns.talkingPiece,
  };
}

/** The session as stored in Redis by this file's server processes, read directly. */
export async function storedSession(redisUrl: string, sessionId: string): Promise<{ version: number; turns: { queue: { personId: string }[] } } | null> {
  const client = createClient({ url: redisUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    return readHash(await client.hGetAll(`${REDIS_PREFIX}:session:${sessionId}`))?.state ?? null;
  } finally {
    client.destroy();
  }
}

export async function deleteSession(redisUrl: string, sessionId: string): Promise<void> {
  const client = createClient({ url: redisUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.del(`${REDIS_PREFIX}:session:${sessionId}`);
  } finally {
    client.destroy();
  }
}
