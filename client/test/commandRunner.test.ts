import { describe, expect, it } from 'vitest';
import type { Ack, CommandName } from '@circle/shared';
import type { Send } from '../src/net/connection';
import { commandRunner } from '../src/room/commandRunner';
import { STALE_QUEUE } from '../src/queue/words';

function setup(reply: (command: CommandName) => Ack<object>) {
  const said: string[] = [];
  const sent: CommandName[] = [];
  const pending: (() => void)[] = [];
  let hold = false;
  const send = ((command: CommandName) => {
    sent.push(command);
    if (!hold) return Promise.resolve(reply(command));
    return new Promise((resolve) => pending.push(() => resolve(reply(command))));
  }) as unknown as Send;
  const run = commandRunner(send, {
    error: (m) => said.push(`error: ${m}`),
    notice: (m) => said.push(`notice: ${m}`),
    busy: (b) => said.push(`busy: ${b}`),
  });
  return {
    run,
    said,
    sent,
    holdReplies: () => (hold = true),
    release: () => {
      hold = false;
      pending.splice(0).forEach((r) => r());
    },
  };
}

describe('the command runner', () => {
  it('says a stale queue gently, not as an error', async () => {
    const t = setup(() => ({ ok: false, error: { code: 'stale_version', message: 'The speaking queue changed' } }));
    const ack = await t.run('queue:next', { queueVersion: 3 });
    expect(ack.ok).toBe(false);
    expect(t.said).toEqual(['busy: true', 'error: null', `notice: ${STALE_QUEUE}`, 'busy: false']);
  });

  it('shows any other refusal in the server’s words, and clears it after a success', async () => {
    let ok = false;
    const t = setup(() => (ok ? { ok: true } : { ok: false, error: { code: 'conflict', message: 'No one is speaking' } }));
    await t.run('turn:end', { queueVersion: 1 });
    ok = true;
    await t.run('turn:end', { queueVersion: 2 });
    expect(t.said.filter((s) => s.startsWith('error'))).toEqual(['error: No one is speaking', 'error: null']);
  });

  it('does not send a command twice while the first is on its way', async () => {
    const t = setup(() => ({ ok: true }));
    t.holdReplies();
    const first = t.run('queue:next', { queueVersion: 3 });
    const second = await t.run('queue:next', { queueVersion: 3 });
    expect(second.ok).toBe(false);
    expect(t.sent).toEqual(['queue:next']);
    expect(t.said.some((s) => s.startsWith('error: ') && s !== 'error: null')).toBe(false);
    t.release();
    expect((await first).ok).toBe(true);
    await t.run('queue:next', { queueVersion: 4 });
    expect(t.sent).toEqual(['queue:next', 'queue:next']);
  });
});
