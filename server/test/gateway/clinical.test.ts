import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { AttendanceRecord, CreatedSession } from '@circle/shared';
import { ADMIN_KEY, Harness, send, waitFor, waitForDisconnect } from '../support/harness.js';
import { RecordingMedia } from '../support/recording-media.js';
import { RedisStore } from '../../src/store/redis-store.js';
import { ATTENDANCE_COLUMNS } from '../../src/app/attendance-csv.js';

const REDIS_URL = process.env.REDIS_TEST_URL ?? 'redis://127.0.0.1:6379';
let harness: Harness;

afterEach(async () => {
  await harness.stop();
  await harness.store.close();
});

async function joined(session: CreatedSession, role: 'facilitator' | 'member' | 'observer', device: string, name: string) {
  const link = role === 'facilitator' ? session.links.facilitator : role === 'observer' ? session.links.observer : session.links.member;
  const { socket, ack } = await harness.join(link, device, name);
  return { socket, id: ack.self.personId };
}

function attendance(sessionId: string, query = '', key = ADMIN_KEY) {
  return fetch(`${harness.url}/api/sessions/${sessionId}/attendance${query}`, { headers: { authorization: `Bearer ${key}` } });
}

describe('the clinical session on real sockets and the real Redis', () => {
  it('ends the session: closing card, media room closed, sockets closed, links dead', async () => {
    harness = await new Harness(await RedisStore.connect({ url: REDIS_URL, keyPrefix: `circle-test:${randomUUID()}:` })).start();
    const session = await harness.createSession();
    const rivera = await joined(session, 'facilitator', 'rivera-laptop', 'Dr Rivera');
    const alice = await joined(session, 'member', 'alice-phone', 'Alice');
    await send(rivera.socket, 'person:admit', { personId: alice.id });

    const [ack, card, closed] = await Promise.all([
      send(rivera.socket, 'session:end', {}),
      waitFor(alice.socket, 'session:changed', ({ view }) => view.status === 'ended'),
      waitForDisconnect(alice.socket),
    ]);
    expect(ack.ok).toBe(true);
    expect(card.view.clinical.closing).toMatch(/988/);
    expect(closed).toBe('io server disconnect');
    expect((harness.media as RecordingMedia).calls).toContain(`deleteRoom circle-${session.sessionId}`);
    const retry = await harness.connect(session.links.member, 'alice-phone').then(
      () => 'connected',
      (error: { data?: { code?: string } }) => error.data?.code,
    );
    expect(retry).toBe('session_ended');
  });

  it('gives session data in Redis an expiry, configurable, moved to the end plus the retention', async () => {
    const prefix = `circle-test:${randomUUID()}:`;
    const store = await RedisStore.connect({ url: REDIS_URL, keyPrefix: prefix });
    harness = await new Harness(store, new RecordingMedia(), { env: { CIRCLE_RETENTION_HOURS: '0.001', CIRCLE_IDLE_RETENTION_HOURS: '2' } }).start();
    const session = await harness.createSession();
    const { createClient } = await import('redis');
    const redis = createClient({ url: REDIS_URL });
    await redis.connect();
    try {
      const key = `${prefix}session:${session.sessionId}`;
      const idleTtl = await redis.pTTL(key);
      expect(idleTtl).toBeGreaterThan(2 * 3_600_000 - 60_000);
      expect(idleTtl).toBeLessThanOrEqual(2 * 3_600_000);

      const rivera = await joined(session, 'facilitator', 'rivera-laptop', 'Dr Rivera');
      await send(rivera.socket, 'session:end', {});
      // 0.001 hours is 3.6 seconds: after it nothing of the session remains.
      expect(await redis.pTTL(key)).toBeLessThanOrEqual(3600);
      const deadline = Date.now() + 10_000;
      while ((await redis.exists(key)) === 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await redis.exists(key)).toBe(0);
      expect(await harness.circle.sessions.load(session.sessionId)).toBeNull();
      expect((await attendance(session.sessionId)).status).toBe(404);
    } finally {
      await redis.quit();
    }
  });

  it('exports attendance as JSON and CSV, cell by cell; refuses a wrong key and an unknown session', async () => {
    harness = await new Harness().start();
    const session = await harness.createSession({ title: 'Evening =group' });
    const rivera = await joined(session, 'facilitator', 'rivera-laptop', 'Dr Rivera');
    const alice = await joined(session, 'member', 'alice-phone', '=Alice');
    await send(rivera.socket, 'person:admit', { personId: alice.id });
    const maya = await send(rivera.socket, 'roster:addInRoom', { name: 'Maya' });
    expect(maya.ok).toBe(true);
    await send(rivera.socket, 'feelings:open', { round: 'checkIn' });
    expect((await send(alice.socket, 'feelings:answer', { score: 4 })).ok).toBe(true);
    expect(await send(alice.socket, 'feelings:answer', { score: 11 })).toMatchObject({ ok: false, error: { code: 'invalid_command', message: 'Scores go from 0 to 10' } });
    await send(rivera.socket, 'session:end', {});

    expect((await attendance(session.sessionId, '', 'wrong')).status).toBe(401);
    expect((await attendance('unknown-session-id')).status).toBe(404);

    const json = (await (await attendance(session.sessionId)).json()) as AttendanceRecord;
    expect(json.people.map((p) => [p.name, p.role, p.attended, p.checkIn])).toEqual([
      ['Dr Rivera', 'Facilitator', 'online', null],
      ['=Alice', 'Member', 'online', 4],
      ['Maya', 'Member', 'in the room', null],
    ]);

    const csvResponse = await attendance(session.sessionId, '?format=csv');
    expect(csvResponse.headers.get('content-type')).toMatch(/^text\/csv/);
    const rows = parse(await csvResponse.text(), { relax_column_count: true }) as string[][];
    expect(rows[0]).toEqual(['Session', 'Evening =group']);
    expect(rows[2]?.[0]).toBe('Start');
    expect(rows[2]?.[1]).toBe(json.start);
    expect(rows[3]?.[1]).toBe(json.end);
    expect(rows[4]).toEqual(['Duration (minutes)', String(json.durationMinutes)]);
    const header = rows.findIndex((r) => r[0] === 'Name');
    expect(rows[header]).toEqual([...ATTENDANCE_COLUMNS]);
    const aliceRow = json.people[1]!;
    expect(rows[header + 2]).toEqual([
      "'=Alice",
      'Member',
      'online',
      aliceRow.firstJoin,
      aliceRow.lastLeave,
      String(aliceRow.minutesPresent),
      'yes',
      aliceRow.agreedAt,
      '4',
      '',
      '0',
    ]);
    expect(rows[header + 3]?.slice(0, 3)).toEqual(['Maya', 'Member', 'in the room']);
  });

  it('shows staff notes, feelings and locations to staff only, and observers are visible to members', async () => {
    harness = await new Harness().start();
    const session = await harness.createSession();
    const rivera = await joined(session, 'facilitator', 'rivera-laptop', 'Dr Rivera');
    const aliceSocket = await harness.connect(session.links.member, 'alice-phone');
    const aliceJoin = await send(aliceSocket, 'session:join', {
      name: 'Alice',
      agreed: true,
      deviceKind: 'media',
      location: { city: 'Portland', region: 'Oregon' },
    });
    if (!aliceJoin.ok) throw new Error(aliceJoin.error.message);
    const olu = await joined(session, 'observer', 'olu-laptop', 'Olu');
    await send(rivera.socket, 'person:admitAll', {});

    const [, staffView, memberView] = await Promise.all([
      send(rivera.socket, 'note:add', { text: 'watch Alice, seems withdrawn' }),
      waitFor(rivera.socket, 'session:changed', ({ view }) => view.clinical.notes.length === 1),
      waitFor(aliceSocket, 'session:changed'),
    ]);
    expect(staffView.view.people.find((p) => p.name === 'Alice')?.location).toEqual({ city: 'Portland', region: 'Oregon' });
    expect(memberView.view.clinical.notes).toEqual([]);
    expect(memberView.view.people.every((p) => p.location === null)).toBe(true);
    expect(memberView.view.people.find((p) => p.role === 'observer')?.name).toBe('Olu');
    const observerSync = await send(olu.socket, 'session:sync', {});
    expect(observerSync.ok && observerSync.view.clinical.notes).toEqual([]);
    expect(await send(aliceSocket, 'note:add', { text: 'x'.repeat(1001) })).toMatchObject({ ok: false, error: { code: 'invalid_command' } });
    expect(await send(rivera.socket, 'note:add', { text: 'x'.repeat(1001) })).toMatchObject({
      ok: false,
      error: { message: 'A note can be at most 1,000 characters' },
    });
    expect(await send(rivera.socket, 'agenda:set', { phases: ['Arrive', ' '] })).toMatchObject({ ok: false, error: { message: 'Phases need a name' } });
    expect(await send(rivera.socket, 'roster:addInRoom', { name: '' })).toMatchObject({ ok: false, error: { message: 'Please enter your name' } });
  });
});
